/*
 * file-keywords.c - file buffers and keywords: file.data (file_data), file.name,
 * file.magic, and the legacy filename, fileext, filemagic, filesize and filestore.
 *
 * Files come from the app layer's tracker (app/file.h) through file_tx_files(); only HTTP
 * carries files so far, so every keyword here makes the rule an HTTP rule, as Suricata's
 * file keywords restrict a rule to file-carrying protocols. file.data for HTTP is the body
 * of the packet's side (response for to-client packets, request for to-server ones) after
 * dechunking and decompression, up to the body limit, once complete or full. file.name and
 * file.magic are multi-buffers, one instance per file of the transaction. The legacy
 * keywords are transaction conditions: filename:"x" holds when a file's name contains x
 * (case-insensitive; "!x": a file's name does not), fileext:"x" when a name ends in ".x"
 * (case-insensitive), filemagic:"x" when libmagic's description contains x
 * (case-insensitive), filesize when a closed file's size compares true (">"/">=" also on
 * open files), filestore marks the transaction's files for the file store and holds.
 */
#include "detect/kw/kw-file.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/file.h"
#include "app/http/http.h"
#include "detect/buffer.h"
#include "detect/kw/kw-payload.h"
#include "flow/flow-types.h"
#include "util/compiler.h"
#include "util/err.h"

#define FILE_KW_PAT_MAX 256

/* Protocol direction of the packet being inspected (0: request side). */
static int side_of(const struct packet *p)
{
    int dir;

    if (p == NULL)
        return APP_DIR_TOSERVER;
    dir = p->flow_dir;
    if (p->flow != NULL && p->flow->app != NULL)
        dir = app_flow_dir(p->flow->app, dir);
    return dir;
}

static struct file_list *files_of(const struct packet *p, void *tx)
{
    if (p == NULL || p->flow == NULL)
        return NULL;
    return file_tx_files(p->flow->app, tx);
}

static struct file *file_at(const struct packet *p, void *tx, uint32_t idx)
{
    struct file_list *l = files_of(p, tx);
    struct file *f;

    if (l == NULL)
        return NULL;
    for (f = l->head; f != NULL; f = f->next) { /* the files of p's direction */
        if (f->dir == side_of(p) && idx-- == 0)
            break;
    }
    return f;
}

/* --- buffers --- */

bool file_buf_data(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    struct http_tx *t = tx;
    int dir = side_of(p);
    const struct http_msg *m = dir == APP_DIR_TOSERVER ? &t->req : &t->resp;
    uint8_t prog = dir == APP_DIR_TOSERVER ? t->req_progress : t->resp_progress;
    bool parts = false;

    if ((prog != HTTP_PROG_DONE && !m->body_truncated) || m->body.len == 0)
        return false;
    /* multipart uploads: one instance per file part */
    for (const struct file *f = t->files.head; f != NULL; f = f->next) {
        if (!(f->flags & FILE_F_IN_BODY) || f->dir != dir)
            continue;
        parts = true;
        if (idx-- > 0)
            continue;
        if ((uint64_t)f->body_off + f->body_len > m->body.len)
            return false;
        out->p = m->body.p + f->body_off;
        out->len = f->body_len;
        return true;
    }
    if (parts || idx > 0)
        return false;
    out->p = m->body.p;
    out->len = m->body.len;
    return true;
}

bool file_buf_name(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    struct file *f = file_at(p, tx, idx);

    if (f == NULL)
        return false;
    out->p = (const uint8_t *)f->name;
    out->len = f->name_len;
    return true;
}

bool file_buf_magic(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    struct file *f = file_at(p, tx, idx);
    const char *m;

    if (f == NULL)
        return false;
    m = file_magic(f);
    out->p = (const uint8_t *)(m != NULL ? m : "");
    out->len = m != NULL ? strlen(m) : 0;
    return true;
}

/* --- sticky buffers --- */

static int fail(char *err, size_t errlen, const char *fmt, ...) VG_PRINTF(3, 4);
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return VG_EINVAL;
}

static int select_buffer(
        struct sig_builder *b, const char *kw, const char *buf, char *err, size_t errlen)
{
    int id = detect_buffer_lookup(buf);

    if (id < 0)
        return fail(err, errlen, "buffer '%s' is not registered", buf);
    if (sig_builder_set_app_proto(b, APP_PROTO_HTTP1) < 0)
        return fail(err, errlen, "%s needs a file-carrying protocol (http)", kw);
    return sig_builder_set_buffer(b, id);
}

/* file.data takes an optional direction (file.data:to_client;), accepted as Suricata 8
 * does; the body inspected follows the packet's side either way. */
static int setup_file_data(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    if (value != NULL && strcmp(value, "to_client") != 0 && strcmp(value, "to_server") != 0)
        return fail(err, errlen, "file.data: invalid value '%.64s'", value);
    return select_buffer(b, "file.data", "file.data", err, errlen);
}

static int setup_file_name(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "file.name", "file.name", err, errlen);
}

static int setup_file_magic(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "file.magic", "file.magic", err, errlen);
}

const struct keyword kw_file_data = {
    .name = "file.data",
    .flags = KW_F_OPTIONAL_VALUE | KW_F_STICKY,
    .setup = setup_file_data,
};

const struct keyword kw_file_data_legacy = {
    .name = "file_data",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_file_data,
};

const struct keyword kw_file_name = {
    .name = "file.name",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_file_name,
};

const struct keyword kw_file_magic = {
    .name = "file.magic",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_file_magic,
};

/* --- legacy condition keywords --- */

enum str_kind {
    STR_NAME,  /* filename: substring of the name */
    STR_EXT,   /* fileext: the name's extension */
    STR_MAGIC, /* filemagic: substring of the magic */
};

struct file_str_match {
    uint8_t *pat;
    uint16_t len;
    bool neg;
    uint8_t kind; /* enum str_kind */
};

static void free_str_match(void *ctx)
{
    struct file_str_match *m = ctx;

    if (m != NULL)
        free(m->pat);
    free(m);
}

static uint8_t tolower_ascii(uint8_t c)
{
    return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

static bool contains_nocase(const uint8_t *hay, size_t hlen, const uint8_t *pat, size_t plen)
{
    if (plen == 0)
        return true;
    if (hay == NULL || plen > hlen)
        return false;
    for (size_t i = 0; i + plen <= hlen; i++) {
        size_t j = 0;

        while (j < plen && tolower_ascii(hay[i + j]) == tolower_ascii(pat[j]))
            j++;
        if (j == plen)
            return true;
    }
    return false;
}

static bool ext_matches(const struct file *f, const struct file_str_match *m)
{
    size_t n = f->name_len;

    if (f->name == NULL || n < (size_t)m->len + 1)
        return false;
    if (f->name[n - m->len - 1] != '.')
        return false;
    return contains_nocase((const uint8_t *)f->name + n - m->len, m->len, m->pat, m->len);
}

static bool str_match(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct file_str_match *m = ctx;
    struct file_list *l = files_of(p, tx);

    if (l == NULL)
        return false;
    for (struct file *f = l->head; f != NULL; f = f->next) {
        bool hit;

        if (f->dir != side_of(p))
            continue; /* the other direction's file */

        if (m->kind == STR_NAME) {
            hit = contains_nocase((const uint8_t *)f->name, f->name_len, m->pat, m->len);
        } else if (m->kind == STR_EXT) {
            hit = ext_matches(f, m);
        } else {
            const char *mg = file_magic(f);

            if (mg == NULL)
                continue; /* not known yet */
            hit = contains_nocase((const uint8_t *)mg, strlen(mg), m->pat, m->len);
        }
        if (hit != m->neg)
            return true;
    }
    return false;
}

static int add_str(struct sig_builder *b, const struct keyword *kw, const char *value,
        enum str_kind kind, char *err, size_t errlen)
{
    struct file_str_match *m;
    uint8_t *pat = NULL;
    uint16_t len = 0;
    bool neg = false;
    int rc;

    if (value == NULL)
        return fail(err, errlen, "%s needs a value", kw->name);
    if (value[0] != '"' && value[0] != '!') {
        /* unquoted values are accepted as Suricata does (fileext:pdf) */
        len = (uint16_t)strnlen(value, FILE_KW_PAT_MAX);
        pat = malloc(len + 1u);
        if (pat == NULL)
            return VG_ENOMEM;
        memcpy(pat, value, len);
    } else if ((rc = content_parse_pattern(value, &pat, &len, &neg, err, errlen)) < 0) {
        return rc;
    }
    m = calloc(1, sizeof(*m));
    if (m == NULL) {
        free(pat);
        return VG_ENOMEM;
    }
    m->pat = pat;
    m->len = len;
    m->neg = neg;
    m->kind = (uint8_t)kind;
    if (sig_builder_add_tx(b, kw, m, APP_PROTO_HTTP1) < 0)
        return fail(err, errlen, "'%s' needs a file-carrying protocol (http)", kw->name);
    return VG_OK;
}

static int setup_filename(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_str(b, &kw_filename, value, STR_NAME, err, errlen);
}

static int setup_fileext(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_str(b, &kw_fileext, value, STR_EXT, err, errlen);
}

static int setup_filemagic(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_str(b, &kw_filemagic, value, STR_MAGIC, err, errlen);
}

const struct keyword kw_filename = {
    .name = "filename",
    .setup = setup_filename,
    .tx_match = str_match,
    .free = free_str_match,
};

const struct keyword kw_fileext = {
    .name = "fileext",
    .setup = setup_fileext,
    .tx_match = str_match,
    .free = free_str_match,
};

const struct keyword kw_filemagic = {
    .name = "filemagic",
    .setup = setup_filemagic,
    .tx_match = str_match,
    .free = free_str_match,
};

/* filesize */

/* filesize's value: the comparison, and the side whose files it reads (Suricata 8
 * "filesize: to_client, <100"; -1: the packet's side). */
struct filesize_ctx {
    struct num_cmp c;
    int dir;
};

static bool size_match(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct filesize_ctx *fc = ctx;
    const struct num_cmp *c = &fc->c;
    int side = fc->dir >= 0 ? fc->dir : side_of(p);
    struct file_list *l = files_of(p, tx);

    if (l == NULL)
        return false;
    for (struct file *f = l->head; f != NULL; f = f->next) {
        bool early = c->op == NUM_GT || c->op == NUM_GE;

        if (f->dir != side)
            continue;
        if (f->state == FILE_STATE_OPEN && !early)
            continue;
        if (num_cmp_eval(c, f->size))
            return true;
    }
    return false;
}

static int setup_filesize(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct filesize_ctx *c = calloc(1, sizeof(*c));
    int rc;

    if (c == NULL)
        return VG_ENOMEM;
    if (value == NULL) {
        free(c);
        return fail(err, errlen, "%s needs a value", "filesize");
    }
    c->dir = -1;
    if (strncmp(value, "to_server,", 10) == 0 || strncmp(value, "to_client,", 10) == 0) {
        c->dir = value[3] == 's' ? APP_DIR_TOSERVER : APP_DIR_TOCLIENT;
        value += 10;
        while (*value == ' ')
            value++;
    }
    rc = num_cmp_parse(value, UINT64_MAX, &c->c, err, errlen);
    if (rc < 0) {
        free(c);
        return rc;
    }
    if (sig_builder_add_tx(b, &kw_filesize, c, APP_PROTO_HTTP1) < 0)
        return fail(err, errlen, "'%s' needs a file-carrying protocol (http)", "filesize");
    return VG_OK;
}

const struct keyword kw_filesize = {
    .name = "filesize",
    .setup = setup_filesize,
    .tx_match = size_match,
    .free = free,
};

/* filestore: marks the files of the transaction (all directions) for the store. */

static bool store_match(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    struct file_list *l = files_of(p, tx);

    if (l != NULL) {
        for (struct file *f = l->head; f != NULL; f = f->next)
            file_mark_store(f);
    }
    return true;
}

static int setup_filestore(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    if (sig_builder_add_tx(b, &kw_filestore, NULL, APP_PROTO_HTTP1) < 0)
        return fail(err, errlen, "'%s' needs a file-carrying protocol (http)", "filestore");
    return VG_OK;
}

const struct keyword kw_filestore = {
    .name = "filestore",
    .flags = KW_F_OPTIONAL_VALUE,
    .setup = setup_filestore,
    .tx_match = store_match,
};

/* filemd5 / filesha1 / filesha256: a list of digests, one per line (hex, anything after
 * the digest ignored, '#' comments), read from a file named relative to the working
 * directory (absolute names as they are). Holds when a closed file's digest is in the list
 * (with '!': when it is not). */

struct hash_list {
    uint8_t *v; /* n sorted digests of len bytes */
    size_t n, len;
    uint8_t which; /* FILE_HASH_* */
    bool neg;
};

static void free_hash_list(void *ctx)
{
    struct hash_list *h = ctx;

    if (h != NULL)
        free(h->v);
    free(h);
}

static size_t hash_cmp_len;

static int cmp_hash(const void *a, const void *b)
{
    return memcmp(a, b, hash_cmp_len);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool parse_hash_line(const char *line, uint8_t *out, size_t len)
{
    while (*line == ' ' || *line == '\t')
        line++;
    for (size_t i = 0; i < len; i++) {
        int hi = hexval((unsigned char)line[2 * i]), lo;

        if (hi < 0)
            return false;
        lo = hexval((unsigned char)line[2 * i + 1]);
        if (lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return hexval((unsigned char)line[2 * len]) < 0;
}

static int load_hashes(struct hash_list *h, const char *path, char *err, size_t errlen)
{
    char line[512];
    FILE *fp = fopen(path, "r");
    size_t cap = 0;

    if (fp == NULL)
        return fail(err, errlen, "cannot open hash list '%.200s'", path);
    while (fgets(line, sizeof(line), fp) != NULL) {
        uint8_t d[32];

        if (line[0] == '#' || !parse_hash_line(line, d, h->len))
            continue;
        if (h->n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            uint8_t *nv = realloc(h->v, ncap * h->len);

            if (nv == NULL) {
                fclose(fp);
                return VG_ENOMEM;
            }
            h->v = nv;
            cap = ncap;
        }
        memcpy(h->v + h->n * h->len, d, h->len);
        h->n++;
    }
    fclose(fp);
    if (h->n == 0)
        return fail(err, errlen, "no valid hash in '%.200s'", path);
    hash_cmp_len = h->len; /* setup runs single-threaded at startup */
    qsort(h->v, h->n, h->len, cmp_hash);
    return VG_OK;
}

static bool hash_match(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct hash_list *h = ctx;
    struct file_list *l = files_of(p, tx);

    if (l == NULL)
        return false;
    for (struct file *f = l->head; f != NULL; f = f->next) {
        const uint8_t *d = h->which == FILE_HASH_MD5    ? f->md5
                           : h->which == FILE_HASH_SHA1 ? f->sha1
                                                        : f->sha256;
        size_t lo = 0, hi = h->n;
        bool found = false;

        if (f->dir != side_of(p))
            continue;
        if (!(f->hashes_done & h->which))
            continue;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = memcmp(h->v + mid * h->len, d, h->len);

            if (c == 0) {
                found = true;
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (found != h->neg)
            return true;
    }
    return false;
}

static int add_hash(struct sig_builder *b, const struct keyword *kw, const char *value,
        uint8_t which, size_t len, char *err, size_t errlen)
{
    struct hash_list *h;
    char path[1024];
    size_t n;
    int rc;

    if (value == NULL)
        return fail(err, errlen, "%s needs a file name", kw->name);
    h = calloc(1, sizeof(*h));
    if (h == NULL)
        return VG_ENOMEM;
    while (*value == ' ')
        value++;
    if (*value == '!') {
        h->neg = true;
        value++;
    }
    n = strlen(value);
    if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
        value++;
        n -= 2;
    }
    if (n == 0 || n >= sizeof(path)) {
        free(h);
        return fail(err, errlen, "%s: invalid file name", kw->name);
    }
    memcpy(path, value, n);
    path[n] = '\0';
    h->which = which;
    h->len = len;
    rc = load_hashes(h, path, err, errlen);
    if (rc < 0) {
        free_hash_list(h);
        return rc;
    }
    file_config_require(which);
    if (sig_builder_add_tx(b, kw, h, APP_PROTO_HTTP1) < 0)
        return fail(err, errlen, "'%s' needs a file-carrying protocol (http)", kw->name);
    return VG_OK;
}

static int setup_filemd5(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_hash(b, &kw_filemd5, value, FILE_HASH_MD5, 16, err, errlen);
}

static int setup_filesha1(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_hash(b, &kw_filesha1, value, FILE_HASH_SHA1, 20, err, errlen);
}

static int setup_filesha256(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_hash(b, &kw_filesha256, value, FILE_HASH_SHA256, 32, err, errlen);
}

const struct keyword kw_filemd5 = {
    .name = "filemd5",
    .setup = setup_filemd5,
    .tx_match = hash_match,
    .free = free_hash_list,
};

const struct keyword kw_filesha1 = {
    .name = "filesha1",
    .setup = setup_filesha1,
    .tx_match = hash_match,
    .free = free_hash_list,
};

const struct keyword kw_filesha256 = {
    .name = "filesha256",
    .setup = setup_filesha256,
    .tx_match = hash_match,
    .free = free_hash_list,
};
