/*
 * http-decompress.c - gzip and deflate bodies (Content-Encoding) through zlib, with caps.
 *
 * One z_stream per body. gzip uses zlib's gzip wrapper; "deflate" is tried as zlib-wrapped
 * first and, when the first bytes are not a zlib header, as raw deflate (servers send both,
 * browsers and libhtp accept both). Output goes to the body buffer up to its limit (the
 * rest is inflated only to measure it, up to 8 times the bomb size). A compression bomb is stopped
 * as Suricata does: more than http_cfg.decompress_max bytes out at an output/input ratio above
 * http_cfg.decompress_ratio; the caller raises http.compression_bomb.
 */
#include "app/http/http.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct http_decomp {
    z_stream zs;
    int enc;
    bool started, ended, raw_tried;
    uint64_t in_total, out_total;
};

static int start(struct http_decomp *d, bool raw)
{
    memset(&d->zs, 0, sizeof(d->zs));
    if (d->enc == HTTP_CE_GZIP)
        return inflateInit2(&d->zs, 15 + 16);
    return inflateInit2(&d->zs, raw ? -15 : 15);
}

static bool is_bomb(const struct http_decomp *d)
{
    return d->out_total > http_cfg.decompress_max &&
           d->out_total / (d->in_total ? d->in_total : 1) > http_cfg.decompress_ratio;
}

struct http_decomp *http_decomp_new(int enc)
{
    struct http_decomp *d = calloc(1, sizeof(*d));

    if (d == NULL)
        return NULL;
    d->enc = enc;
    if (start(d, false) != Z_OK) {
        free(d);
        return NULL;
    }
    d->started = true;
    return d;
}

void http_decomp_free(struct http_decomp *d)
{
    if (d == NULL)
        return;
    if (d->started)
        inflateEnd(&d->zs);
    free(d);
}

enum http_decomp_result http_decomp_feed(struct http_decomp *d, const uint8_t *data, size_t len,
        struct http_buf *out, size_t keep, uint64_t *total_out)
{
    uint8_t chunk[8192];

    if (d->ended || len == 0)
        return HTTP_DECOMP_OK; /* data after the end of the stream is ignored */
    if (d->enc == HTTP_CE_DEFLATE && d->in_total == 0 && !d->raw_tried) {
        /* a zlib header has CMF 0x78 (deflate, 32K window) mostly; else raw deflate */
        if ((data[0] & 0x0F) != 8 || len < 2 || ((data[0] << 8) | data[1]) % 31 != 0) {
            inflateEnd(&d->zs);
            d->started = false;
            if (start(d, true) != Z_OK)
                return HTTP_DECOMP_ERROR;
            d->started = true;
            d->raw_tried = true;
        }
    }
    d->in_total += len;
    d->zs.next_in = (Bytef *)(uintptr_t)data;
    d->zs.avail_in = (uInt)len;
    while (d->zs.avail_in > 0) {
        int rc;
        size_t got;

        d->zs.next_out = chunk;
        d->zs.avail_out = sizeof(chunk);
        rc = inflate(&d->zs, Z_NO_FLUSH);
        got = sizeof(chunk) - d->zs.avail_out;
        if (got > 0) {
            d->out_total += got;
            *total_out += got;
            http_buf_append(out, chunk, got, keep);
        }
        if (is_bomb(d))
            return HTTP_DECOMP_BOMB;
        if (out->len >= keep && d->out_total > 8ull * http_cfg.decompress_max) {
            d->ended = true; /* body long full and no bomb: stop spending time on it */
            return HTTP_DECOMP_OK;
        }
        if (rc == Z_STREAM_END) {
            d->ended = true;
            return HTTP_DECOMP_OK;
        }
        if (rc == Z_BUF_ERROR && got == 0)
            return HTTP_DECOMP_OK; /* needs more input */
        if (rc != Z_OK)
            return HTTP_DECOMP_ERROR;
    }
    /* drain what is buffered inside zlib */
    for (int guard = 0; guard < 1024; guard++) {
        int rc;
        size_t got;

        d->zs.next_out = chunk;
        d->zs.avail_out = sizeof(chunk);
        rc = inflate(&d->zs, Z_NO_FLUSH);
        got = sizeof(chunk) - d->zs.avail_out;
        if (got > 0) {
            d->out_total += got;
            *total_out += got;
            http_buf_append(out, chunk, got, keep);
            if (is_bomb(d))
                return HTTP_DECOMP_BOMB;
        }
        if (rc == Z_STREAM_END) {
            d->ended = true;
            break;
        }
        if (got == 0 || rc != Z_OK)
            break;
    }
    return HTTP_DECOMP_OK;
}
