/*
 * file.c - the per-transaction file tracker (see file.h): digests, size, head bytes for
 * libmagic, states, and the optional file store.
 *
 * Digests run incrementally through libcrypto's EVP interface, one context per wanted
 * digest, created at open and finished at close; a gap drops them (the digest of a file
 * with holes means nothing), as Suricata does. Magic is looked up lazily on the kept head
 * bytes, once, with one libmagic handle shared by all workers behind a mutex (a lookup
 * happens once per file at most). The store writes to <dir>/tmp/file.<pid>.<n> while the
 * file runs, then renames it to <dir>/<first two hex digits>/<sha256> at close (a file
 * already there is kept: same content); truncated files and files over max-file-size are
 * not stored.
 *
 * Memory: a tracker (struct, name, head bytes) is charged to its list's protocol memcap
 * (app_memcap_take): over the cap a file is not opened, or keeps no head bytes (no magic).
 */
#include "app/file.h"

#include <errno.h>
#include <magic.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app-layer.h"
#include "app/http/http.h"
#include "util/compiler.h"
#include "util/err.h"
#include "util/log.h"

struct file_config file_cfg;

static char store_root[1024]; /* resolved store dir, empty until set */

static atomic_uint_fast64_t n_files, n_stored, n_store_errors, n_store_bytes, n_tmp, n_store_id;

static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_handle;
static bool magic_failed;

/* --- configuration --- */

static int hash_by_name(const char *s)
{
    if (strcmp(s, "md5") == 0)
        return FILE_HASH_MD5;
    if (strcmp(s, "sha1") == 0)
        return FILE_HASH_SHA1;
    if (strcmp(s, "sha256") == 0)
        return FILE_HASH_SHA256;
    return 0;
}

static int load_files_type(struct file_config *cfg, const struct conf *c, const struct conf_node *n)
{
    const struct conf_node *fh;
    bool b = false;
    int r;

    if ((r = conf_get_bool(c, n, "force-magic", &cfg->force_magic)) < 0)
        return r;
    if ((r = conf_get_bool(c, n, "force-md5", &b)) < 0)
        return r;
    if (b)
        cfg->hashes |= FILE_HASH_MD5;
    fh = conf_get(c, n, "force-hash");
    if (fh == NULL)
        return VG_OK;
    if (fh->kind == CONF_SCALAR && fh->value != NULL) {
        cfg->hashes |= (unsigned)hash_by_name(fh->value);
        return VG_OK;
    }
    for (const struct conf_node *it = fh->child; it != NULL; it = it->next) {
        int h = it->value != NULL ? hash_by_name(it->value) : 0;

        if (h == 0) {
            log_error(LOG_APP, "%s:%d: force-hash: unknown hash '%s'",
                    c->path != NULL ? c->path : "config", it->line,
                    it->value != NULL ? it->value : "");
            return VG_EINVAL;
        }
        cfg->hashes |= (unsigned)h;
    }
    return VG_OK;
}

static int load_eve_files(struct file_config *cfg, const struct conf *c, const struct conf_node *ev)
{
    const struct conf_node *types = conf_get(c, ev, "types");

    if (types == NULL || types->kind != CONF_SEQ)
        return VG_OK;
    for (const struct conf_node *it = types->child; it != NULL; it = it->next) {
        if (it->kind == CONF_MAP && it->child != NULL && it->child->key != NULL &&
                strcmp(it->child->key, "files") == 0 && it->child->kind == CONF_MAP)
            return load_files_type(cfg, c, it->child);
    }
    return VG_OK;
}

static int load_file_store(struct file_config *cfg, const struct conf *c, const struct conf_node *n)
{
    const char *s;
    int64_t version = 2;
    uint64_t sz = 0;
    int r;

    if ((r = conf_get_bool(c, n, "enabled", &cfg->store)) < 0)
        return r;
    if ((r = conf_get_int(c, n, "version", &version)) < 0)
        return r;
    if (cfg->store && version != 2) {
        log_warn(LOG_APP, "file-store version %lld is not supported; using version 2",
                (long long)version);
    }
    if ((r = conf_get_bool(c, n, "force-filestore", &cfg->force_store)) < 0)
        return r;
    if ((r = conf_get_size(c, n, "max-file-size", &sz)) < 0)
        return r;
    cfg->store_max_size = sz;
    s = conf_get_str(c, n, "dir");
    if (s != NULL && s[0] != '\0') {
        if (strlen(s) >= sizeof(cfg->store_dir)) {
            log_error(LOG_APP, "file-store dir is too long: %s", s);
            return VG_EINVAL;
        }
        memcpy(cfg->store_dir, s, strlen(s) + 1);
    }
    if (cfg->store)
        cfg->hashes |= FILE_HASH_SHA256; /* the store names files by it */
    return VG_OK;
}

int file_config_load(struct file_config *cfg, const struct conf *c)
{
    const struct conf_node *outputs;
    int r;

    memset(cfg, 0, sizeof(*cfg));
    memcpy(cfg->store_dir, "filestore", sizeof("filestore"));
    outputs = conf_get(c, NULL, "outputs");
    if (outputs == NULL || outputs->kind != CONF_SEQ)
        return VG_OK;
    for (const struct conf_node *it = outputs->child; it != NULL; it = it->next) {
        const struct conf_node *n = it->child;
        bool en = false;

        if (it->kind != CONF_MAP || n == NULL || n->key == NULL)
            continue;
        if (strcmp(n->key, "eve-log") == 0) {
            if ((r = conf_get_bool(c, n, "enabled", &en)) < 0)
                return r;
            if (en && (r = load_eve_files(cfg, c, n)) < 0)
                return r;
        } else if (strcmp(n->key, "file-store") == 0) {
            if ((r = load_file_store(cfg, c, n)) < 0)
                return r;
        }
    }
    return VG_OK;
}

void file_config_set_logdir(struct file_config *cfg, const char *logdir)
{
    int n;

    if (cfg->store_dir[0] == '/' || logdir == NULL)
        n = snprintf(store_root, sizeof(store_root), "%s", cfg->store_dir);
    else
        n = snprintf(store_root, sizeof(store_root), "%s/%s", logdir, cfg->store_dir);
    if (n < 0 || (size_t)n >= sizeof(store_root)) {
        log_warn(LOG_APP, "file-store dir is too long: the file store is off");
        store_root[0] = '\0';
        cfg->store = false;
    }
}

void file_config_require(unsigned hashes)
{
    file_cfg.hashes |= hashes;
}

/* --- the store --- */

struct file_store {
    FILE *fp;
    char tmp[1100];
};

static bool mkdir_p(const char *path)
{
    char buf[1100];
    size_t len = strlen(path);

    if (len >= sizeof(buf))
        return false;
    memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        buf[i] = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return false;
        if (i < len)
            buf[i] = '/';
    }
    return true;
}

static void store_begin(struct file *f)
{
    char dir[1100];
    struct file_store *st;
    int n;

    if (store_root[0] == '\0' || (f->flags & (FILE_F_NOSTORE | FILE_F_STORED)) || f->st != NULL)
        return;
    n = snprintf(dir, sizeof(dir), "%s/tmp", store_root);
    st = calloc(1, sizeof(*st));
    if (st == NULL || n < 0 || (size_t)n >= sizeof(dir) || !mkdir_p(dir))
        goto fail;
    n = snprintf(st->tmp, sizeof(st->tmp), "%s/file.%ld.%llu", dir, (long)getpid(),
            (unsigned long long)atomic_fetch_add(&n_tmp, 1));
    if (n < 0 || (size_t)n >= sizeof(st->tmp))
        goto fail;
    st->fp = fopen(st->tmp, "wb");
    if (st->fp == NULL)
        goto fail;
    f->st = st;
    return;
fail:
    free(st);
    atomic_fetch_add(&n_store_errors, 1);
    f->flags |= FILE_F_NOSTORE;
}

static void store_abort(struct file *f)
{
    if (f->st == NULL)
        return;
    fclose(f->st->fp);
    unlink(f->st->tmp);
    free(f->st);
    f->st = NULL;
}

static void store_finish(struct file *f)
{
    char hex[65], dir[1100], path[1200];
    struct stat sb;
    int n1, n2;

    if (f->st == NULL)
        return;
    if (f->state != FILE_STATE_CLOSED || !(f->hashes_done & FILE_HASH_SHA256)) {
        store_abort(f);
        f->flags |= FILE_F_NOSTORE;
        return;
    }
    if (fclose(f->st->fp) != 0) {
        f->st->fp = NULL;
        goto fail;
    }
    f->st->fp = NULL;
    file_hex(hex, f->sha256, 32);
    n1 = snprintf(dir, sizeof(dir), "%s/%.2s", store_root, hex);
    n2 = snprintf(path, sizeof(path), "%s/%.2s/%s", store_root, hex, hex);
    if (n1 < 0 || (size_t)n1 >= sizeof(dir) || n2 < 0 || (size_t)n2 >= sizeof(path) ||
            !mkdir_p(dir))
        goto fail;
    if (stat(path, &sb) == 0) {
        unlink(f->st->tmp); /* same content stored already */
    } else if (rename(f->st->tmp, path) != 0) {
        goto fail;
    } else {
        atomic_fetch_add(&n_store_bytes, f->size);
    }
    atomic_fetch_add(&n_stored, 1);
    f->id = (uint32_t)atomic_fetch_add(&n_store_id, 1) + 1;
    f->flags |= FILE_F_STORED;
    free(f->st);
    f->st = NULL;
    return;
fail:
    unlink(f->st->tmp);
    free(f->st);
    f->st = NULL;
    atomic_fetch_add(&n_store_errors, 1);
    f->flags |= FILE_F_NOSTORE;
}

static void store_write(struct file *f, const uint8_t *data, size_t len)
{
    if (f->st == NULL)
        return;
    if (file_cfg.store_max_size != 0 && f->size > file_cfg.store_max_size) {
        store_abort(f);
        f->flags |= FILE_F_NOSTORE;
        return;
    }
    if (fwrite(data, 1, len, f->st->fp) != len) {
        store_abort(f);
        atomic_fetch_add(&n_store_errors, 1);
        f->flags |= FILE_F_NOSTORE;
    }
}

void file_mark_store(struct file *f)
{
    if (f == NULL || !file_cfg.store || (f->flags & (FILE_F_STORE | FILE_F_NOSTORE)))
        return;
    f->flags |= FILE_F_STORE;
    /* only a file whose bytes are all still to come (or all in the head) can be stored */
    if (f->state == FILE_STATE_OPEN && f->size == f->head_len && !(f->flags & FILE_F_GAPS)) {
        store_begin(f);
        if (f->st != NULL && f->head_len > 0 &&
                fwrite(f->head, 1, f->head_len, f->st->fp) != f->head_len) {
            store_abort(f);
            f->flags |= FILE_F_NOSTORE;
        }
    } else if (f->state == FILE_STATE_OPEN) {
        f->flags |= FILE_F_NOSTORE;
    }
}

/* --- files --- */

static const EVP_MD *digest_md(int i)
{
    return i == 0 ? EVP_md5() : i == 1 ? EVP_sha1() : EVP_sha256();
}

static uint8_t *digest_out(struct file *f, int i)
{
    return i == 0 ? f->md5 : i == 1 ? f->sha1 : f->sha256;
}

struct file *file_open(struct file_list *l, int dir, const uint8_t *name, size_t len)
{
    struct file *f;
    uint32_t mem;

    if (len > FILE_NAME_MAX)
        len = FILE_NAME_MAX;
    mem = (uint32_t)(sizeof(*f) + len);
    if (!app_memcap_take(l->proto, mem))
        return NULL;
    f = calloc(1, sizeof(*f));
    if (f == NULL) {
        app_memcap_give(l->proto, mem);
        return NULL;
    }
    f->mem = mem;
    if (len > 0) {
        f->name = malloc(len);
        if (f->name == NULL) {
            app_memcap_give(l->proto, mem);
            free(f);
            return NULL;
        }
        memcpy(f->name, name, len);
        f->name_len = (uint32_t)len;
    }
    if (app_memcap_take(l->proto, FILE_HEAD_MAX))
        f->mem += FILE_HEAD_MAX;
    else
        f->flags |= FILE_F_NO_HEAD;
    f->dir = (uint8_t)dir;
    f->state = FILE_STATE_OPEN;
    for (int i = 0; i < 3; i++) {
        EVP_MD_CTX *ctx;

        if (!(file_cfg.hashes & (1u << i)))
            continue;
        ctx = EVP_MD_CTX_new();
        if (ctx == NULL || EVP_DigestInit_ex(ctx, digest_md(i), NULL) != 1) {
            EVP_MD_CTX_free(ctx);
            continue;
        }
        f->md[i] = ctx;
        f->hashes |= (uint8_t)(1u << i);
    }
    if (l->tail != NULL)
        l->tail->next = f;
    else
        l->head = f;
    l->tail = f;
    l->n++;
    atomic_fetch_add(&n_files, 1);
    if (file_cfg.store && file_cfg.force_store) {
        f->flags |= FILE_F_STORE;
        store_begin(f);
    }
    return f;
}

static void drop_digests(struct file *f)
{
    for (int i = 0; i < 3; i++) {
        EVP_MD_CTX_free(f->md[i]);
        f->md[i] = NULL;
    }
    f->hashes = 0;
}

void file_append(struct file *f, const uint8_t *data, size_t len)
{
    if (f == NULL || f->state != FILE_STATE_OPEN || len == 0 || data == NULL)
        return;
    if (f->head_len < FILE_HEAD_MAX && !(f->flags & FILE_F_NO_HEAD)) {
        size_t take = VG_MIN(len, (size_t)(FILE_HEAD_MAX - f->head_len));

        if (f->head == NULL)
            f->head = malloc(FILE_HEAD_MAX);
        if (f->head != NULL) {
            memcpy(f->head + f->head_len, data, take);
            f->head_len += (uint32_t)take;
        }
    }
    for (int i = 0; i < 3; i++) {
        if (f->md[i] != NULL && EVP_DigestUpdate(f->md[i], data, len) != 1) {
            EVP_MD_CTX_free(f->md[i]);
            f->md[i] = NULL;
            f->hashes &= (uint8_t) ~(1u << i);
        }
    }
    f->size += len;
    store_write(f, data, len);
}

void file_gap(struct file *f, uint64_t len)
{
    if (f == NULL || f->state != FILE_STATE_OPEN)
        return;
    f->flags |= FILE_F_GAPS;
    f->size += len;
    drop_digests(f);
    if (f->st != NULL) {
        store_abort(f);
        f->flags |= FILE_F_NOSTORE;
    }
}

void file_close(struct file *f, bool truncated)
{
    if (f == NULL || f->state != FILE_STATE_OPEN)
        return;
    f->state = (truncated || (f->flags & FILE_F_GAPS)) ? FILE_STATE_TRUNCATED : FILE_STATE_CLOSED;
    for (int i = 0; i < 3; i++) {
        unsigned int n = 0;

        if (f->md[i] == NULL)
            continue;
        if (EVP_DigestFinal_ex(f->md[i], digest_out(f, i), &n) == 1)
            f->hashes_done |= (uint8_t)(1u << i);
        EVP_MD_CTX_free(f->md[i]);
        f->md[i] = NULL;
    }
    if (file_cfg.force_magic)
        (void)file_magic(f);
    store_finish(f);
}

void file_list_close(struct file_list *l, bool truncated)
{
    for (struct file *f = l->head; f != NULL; f = f->next)
        file_close(f, truncated);
}

struct file *file_list_open_file(const struct file_list *l, int dir)
{
    struct file *last = NULL;

    for (struct file *f = l->head; f != NULL; f = f->next) {
        if (f->dir == dir)
            last = f;
    }
    return last != NULL && last->state == FILE_STATE_OPEN ? last : NULL;
}

void file_list_free(struct file_list *l)
{
    struct file *f = l->head, *next;

    for (; f != NULL; f = next) {
        next = f->next;
        drop_digests(f);
        store_abort(f);
        app_memcap_give(l->proto, f->mem);
        free(f->name);
        free(f->head);
        free(f->magic);
        free(f);
    }
    l->head = l->tail = NULL;
    l->n = 0;
}

static void magic_cleanup(void)
{
    if (magic_handle != NULL)
        magic_close(magic_handle);
    magic_handle = NULL;
}

const char *file_magic(struct file *f)
{
    const char *m = NULL;

    if (f == NULL)
        return NULL;
    if (f->flags & FILE_F_MAGIC_DONE)
        return f->magic;
    if (f->state == FILE_STATE_OPEN && f->head_len < FILE_HEAD_MAX)
        return NULL; /* not enough to look at yet */
    f->flags |= FILE_F_MAGIC_DONE;
    if (f->head_len == 0)
        return NULL;
    pthread_mutex_lock(&magic_lock);
    if (magic_handle == NULL && !magic_failed) {
        magic_handle = magic_open(MAGIC_NONE);
        if (magic_handle == NULL || magic_load(magic_handle, NULL) != 0) {
            log_warn(LOG_APP, "libmagic: cannot load its database: no file magic");
            if (magic_handle != NULL)
                magic_close(magic_handle);
            magic_handle = NULL;
            magic_failed = true;
        } else {
            atexit(magic_cleanup);
        }
    }
    if (magic_handle != NULL)
        m = magic_buffer(magic_handle, f->head, f->head_len);
    if (m != NULL)
        f->magic = strdup(m);
    pthread_mutex_unlock(&magic_lock);
    return f->magic;
}

const char *file_state_name(uint8_t state)
{
    switch (state) {
    case FILE_STATE_OPEN:
        return "OPEN";
    case FILE_STATE_CLOSED:
        return "CLOSED";
    case FILE_STATE_TRUNCATED:
        return "TRUNCATED";
    case FILE_STATE_ERROR:
        return "ERROR";
    default:
        return "UNKNOWN";
    }
}

void file_hex(char *buf, const uint8_t *d, size_t n)
{
    static const char hx[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        buf[2 * i] = hx[d[i] >> 4];
        buf[2 * i + 1] = hx[d[i] & 15];
    }
    buf[2 * n] = '\0';
}

void file_export_stats(struct stats_set *s)
{
    /* process-wide values, exported by every worker: stats_max keeps one */
    stats_max(s, "vigie.file.files", atomic_load(&n_files));
    stats_max(s, "vigie.file.stored", atomic_load(&n_stored));
    stats_max(s, "vigie.file.store_bytes", atomic_load(&n_store_bytes));
    if (file_cfg.store)
        stats_max(s, "file_store.fs_errors", atomic_load(&n_store_errors));
}

struct file_list *file_tx_files(const struct app_flow *af, struct app_tx *tx)
{
    if (af == NULL || af->parser == NULL || tx == NULL)
        return NULL;
    if (af->parser->proto == APP_PROTO_HTTP1)
        return &((struct http_tx *)tx)->files;
    return NULL;
}
