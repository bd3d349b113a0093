/*
 * file-http.c - HTTP/1 bodies as files (see file-http.h).
 *
 * A response body (or a PUT body, or a POST body that is not multipart) becomes one file when its
 * first decoded byte arrives, named by the filename parameter of Content-Disposition when there is
 * one, else by the request's normalised URI path (query left out), as Suricata names HTTP files. It
 * closes when the body ends: TRUNCATED when the body was cut or bytes were lost.
 *
 * multipart/form-data request bodies are split when the request ends, from the body the
 * parser kept (bounded by the request body limit): each part whose Content-Disposition
 * has a filename is one file; a part without its closing delimiter (body cut or over the
 * limit) is TRUNCATED. Every read is bounded by the kept body's length.
 */
#include "app/file-http.h"

#include <string.h>

#include "app/file.h"
#include "app/http/http.h"

static bool eq_nocase(const uint8_t *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t x = a[i], y = (uint8_t)b[i];

        if (x >= 'A' && x <= 'Z')
            x = (uint8_t)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (uint8_t)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

/* Offset of needle in hay (case-insensitive when nocase), or -1. */
static long find(const uint8_t *hay, size_t hlen, const char *needle, size_t nlen, bool nocase)
{
    if (nlen == 0 || hay == NULL || nlen > hlen)
        return -1;
    for (size_t i = 0; i + nlen <= hlen; i++) {
        if (nocase ? eq_nocase(hay + i, needle, nlen) : memcmp(hay + i, needle, nlen) == 0)
            return (long)i;
    }
    return -1;
}

/* The value of parameter name ("filename", "boundary") in a header value: quoted or up to
 * ';' / white space. */
static bool param_value(struct slice v, const char *name, struct slice *out)
{
    size_t nlen = strlen(name);
    size_t i = 0;

    while (i < v.len) {
        long at = find(v.p + i, v.len - i, name, nlen, true);
        size_t pos, end;

        if (at < 0)
            return false;
        pos = i + (size_t)at;
        i = pos + nlen;
        /* a whole parameter name: preceded by start, ';' or space, followed by '=' */
        if (pos > 0 && v.p[pos - 1] != ';' && v.p[pos - 1] != ' ' && v.p[pos - 1] != '\t')
            continue;
        while (i < v.len && (v.p[i] == ' ' || v.p[i] == '\t'))
            i++;
        if (i >= v.len || v.p[i] != '=')
            continue;
        i++;
        while (i < v.len && (v.p[i] == ' ' || v.p[i] == '\t'))
            i++;
        if (i < v.len && v.p[i] == '"') {
            i++;
            end = i;
            while (end < v.len && v.p[end] != '"')
                end++;
        } else {
            end = i;
            while (end < v.len && v.p[end] != ';' && v.p[end] != ' ' && v.p[end] != '\t' &&
                    v.p[end] != '\r' && v.p[end] != '\n')
                end++;
        }
        out->p = v.p + i;
        out->len = end - i;
        return true;
    }
    return false;
}

/* The last file of dir in l, open or not. */
static struct file *last_of(const struct file_list *l, int dir)
{
    struct file *last = NULL;

    for (struct file *f = l->head; f != NULL; f = f->next) {
        if (f->dir == dir)
            last = f;
    }
    return last;
}

static bool is_multipart(const struct http_tx *tx)
{
    struct slice ct;

    return http_msg_header_value(&tx->req, "Content-Type", &ct) && ct.len >= 19 &&
           eq_nocase(ct.p, "multipart/form-data", 19);
}

/* Suricata: every response body; a PUT body; a POST body that is not multipart (those
 * are split into parts). */
static bool body_is_file(const struct http_tx *tx, int dir)
{
    if (dir == APP_DIR_TOCLIENT)
        return true;
    if (tx->method.len == 3 && memcmp(tx->method.p, "PUT", 3) == 0)
        return true;
    return tx->method.len == 4 && memcmp(tx->method.p, "POST", 4) == 0 && !is_multipart(tx);
}

static struct file *open_body_file(struct http_tx *tx, int dir)
{
    const struct http_msg *m = dir == APP_DIR_TOSERVER ? &tx->req : &tx->resp;
    struct slice cd, name = { NULL, 0 };

    tx->files.proto = APP_PROTO_HTTP1; /* trackers charged to the HTTP memcap */
    if (http_msg_header_value(m, "Content-Disposition", &cd) &&
            param_value(cd, "filename", &name) && name.len > 0) {
        return file_open(&tx->files, dir, name.p, name.len);
    }
    name.p = tx->uri_norm.p;
    name.len = tx->uri_norm.len;
    if (name.p != NULL) {
        const uint8_t *q = memchr(name.p, '?', name.len);

        if (q != NULL)
            name.len = (size_t)(q - name.p);
    }
    return file_open(&tx->files, dir, name.p, name.len);
}

void file_http_body(struct http_tx *tx, int dir, const uint8_t *data, size_t len)
{
    struct file *f;

    if (tx == NULL || data == NULL || len == 0 || !body_is_file(tx, dir))
        return;
    f = last_of(&tx->files, dir);
    if (f == NULL)
        f = open_body_file(tx, dir);
    file_append(f, data, len);
}

void file_http_gap(struct http_tx *tx, int dir, uint64_t len)
{
    struct file *f;

    if (tx == NULL || !body_is_file(tx, dir))
        return;
    f = last_of(&tx->files, dir);
    if (f != NULL)
        file_gap(f, len);
}

/* One part: headers up to the empty line, then the content [c, c + clen). */
static void multipart_part(struct http_tx *tx, const uint8_t *p, size_t len, bool closed)
{
    long hend = find(p, len, "\r\n\r\n", 4, false);
    size_t skip = 4;
    struct slice hdrs, cd, name;
    struct file *f;
    long at;

    if (hend < 0) {
        hend = find(p, len, "\n\n", 2, false);
        skip = 2;
    }
    if (hend < 0)
        return;
    hdrs.p = p;
    hdrs.len = (size_t)hend;
    at = find(hdrs.p, hdrs.len, "content-disposition:", 20, true);
    if (at < 0)
        return;
    cd.p = hdrs.p + at + 20;
    cd.len = hdrs.len - (size_t)at - 20;
    {
        const uint8_t *eol = memchr(cd.p, '\n', cd.len);

        if (eol != NULL)
            cd.len = (size_t)(eol - cd.p);
    }
    if (!param_value(cd, "filename", &name) || name.len == 0)
        return;
    tx->files.proto = APP_PROTO_HTTP1;
    f = file_open(&tx->files, APP_DIR_TOSERVER, name.p, name.len);
    if (f == NULL)
        return;
    file_append(f, p + hend + skip, len - (size_t)hend - skip);
    file_close(f, !closed);
    f->flags |= FILE_F_IN_BODY;
    f->body_off = (uint32_t)(p + hend + skip - tx->req.body.p);
    f->body_len = (uint32_t)(len - (size_t)hend - skip);
}

static void multipart_split(struct http_tx *tx)
{
    struct slice ct, bnd;
    char delim[80];
    size_t dlen, pos;
    const uint8_t *b = tx->req.body.p;
    size_t blen = tx->req.body.len;
    long at;

    if (!is_multipart(tx) || !http_msg_header_value(&tx->req, "Content-Type", &ct))
        return;
    if (!param_value(ct, "boundary", &bnd) || bnd.len == 0 || bnd.len + 4 > sizeof(delim))
        return;
    delim[0] = '\r';
    delim[1] = '\n';
    delim[2] = '-';
    delim[3] = '-';
    memcpy(delim + 4, bnd.p, bnd.len);
    dlen = bnd.len + 4;
    /* the first delimiter may open the body (no CRLF before it) */
    at = find(b, blen, delim + 2, dlen - 2, false);
    if (at < 0)
        return;
    pos = (size_t)at + dlen - 2;
    while (pos + 2 <= blen) {
        const uint8_t *eol;
        size_t start;
        long next;

        if (b[pos] == '-' && b[pos + 1] == '-')
            return; /* closing delimiter */
        eol = memchr(b + pos, '\n', blen - pos);
        if (eol == NULL)
            return;
        start = (size_t)(eol - b) + 1;
        next = find(b + start, blen - start, delim, dlen, false);
        if (next < 0) {
            multipart_part(tx, b + start, blen - start, false);
            return;
        }
        multipart_part(tx, b + start, (size_t)next, true);
        pos = start + (size_t)next + dlen;
    }
}

void file_http_end(struct http_tx *tx, int dir, bool cut)
{
    struct file *f;

    if (tx == NULL)
        return;
    f = last_of(&tx->files, dir);
    if (f != NULL && f->state == FILE_STATE_OPEN)
        file_close(f, cut);
    if (dir == APP_DIR_TOSERVER && !body_is_file(tx, dir) && tx->req.body.len > 0)
        multipart_split(tx);
}
