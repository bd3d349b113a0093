/*
 * http-decompress.c - Content-Encoding layers (gzip, deflate, zlib, lzma) with caps.
 *
 * A body may carry several encodings ("Content-Encoding: gzip, deflate", or the same header
 * twice); each one is a layer and the layers form a chain: the wire bytes enter the layer of
 * the last encoding listed, whose output feeds the one before it, and so on; the output of
 * the first listed goes to the body. This is how libhtp (Suricata 8+) decodes, and it is as
 * tolerant as browsers are (http-evader):
 *
 * - gzip: the 10-byte header and its optional parts are skipped by hand (reserved flag bits
 *   and a wrong header CRC are ignored), then the data is raw deflate; the trailer (CRC32,
 *   size) is not checked.
 * - deflate is raw deflate (RFC 1951); zlib is the RFC 1950 wrapper; lzma is the .lzma
 *   ("alone") format, dictionary capped at the lzma memory limit.
 * - When a layer fails without having produced output, it restarts on the same chunk as the
 *   next type in the cycle gzip -> deflate -> zlib -> gzip (lzma -> deflate); after three
 *   restarts it passes its input through unchanged. A layer that fails after producing output
 *   stops (what follows is dropped), as does anything after the end of its stream.
 *
 * The output is kept in the body buffer up to its limit (the rest is decoded only to count
 * it, up to 8 times the bomb size). A compression bomb is stopped as Suricata does: more than
 * http_cfg.decompress_max bytes out at an output/input ratio above http_cfg.decompress_ratio.
 */
#include "app/http/http.h"

#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_LAYERS 8
#define OUT_CHUNK  4096
#define HIST_MAX   256

/* gzip header parsing states */
enum {
    GZ_MAGIC = 0,
    GZ_XLEN,
    GZ_EXTRA,
    GZ_NAME,
    GZ_COMMENT,
    GZ_CRC,
    GZ_DATA
};

struct layer {
    uint8_t type;     /* enum http_encoding currently tried */
    uint8_t restarts; /* restarts done */
    bool passthrough; /* input goes to the next layer unchanged */
    bool dead;        /* stream ended or failed after output: input is dropped */
    bool produced;    /* output seen since the last (re)start */
    bool z_on, lz_on; /* zs / ls initialised */
    z_stream zs;
    lzma_stream ls;
    /* gzip header */
    uint8_t gz_state, gz_flags, gz_have;
    uint8_t gz_buf[13]; /* fixed header bytes gathered (10 for gzip, 13 for lzma) */
    uint32_t gz_skip;   /* bytes of FEXTRA still to skip */
    uint64_t lz_left;   /* lzma: bytes of output still expected (UINT64_MAX: unknown) */
    /* input before any output, replayed on a restart (the first bytes may have come in an
     * earlier chunk) */
    uint8_t hist[HIST_MAX];
    uint16_t hist_len;
    bool hist_over; /* more came than hist holds: a restart replays the current chunk only */
};

struct http_decomp {
    struct layer l[MAX_LAYERS];
    size_t n;
    bool bomb, full;
    uint64_t in_total, out_total;
    /* the sink of the current feed */
    struct http_buf *out;
    size_t keep;
    uint64_t *total_out;
};

static void layer_end(struct layer *l)
{
    if (l->z_on)
        inflateEnd(&l->zs);
    if (l->lz_on)
        lzma_end(&l->ls);
    l->z_on = l->lz_on = false;
}

static int layer_start(struct layer *l, int type)
{
    layer_end(l);
    l->type = (uint8_t)type;
    l->produced = false;
    l->gz_state = GZ_MAGIC;
    l->gz_have = 0;
    l->gz_flags = 0;
    l->gz_skip = 0;
    memset(&l->zs, 0, sizeof(l->zs));
    if (type == HTTP_CE_LZMA) {
        if (!http_cfg.lzma_enabled)
            l->passthrough = true; /* lzma off: the data is kept as it is */
        return 0;                  /* the decoder starts once the header is read */
    }
    if (inflateInit2(&l->zs, type == HTTP_CE_ZLIB ? 15 : -15) != Z_OK)
        return -1;
    l->z_on = true;
    return 0;
}

static int layer_write(struct http_decomp *d, size_t i, const uint8_t *p, size_t n);

/* The end of the chain: the body. */
static int sink(struct http_decomp *d, const uint8_t *p, size_t n)
{
    d->out_total += n;
    *d->total_out += n;
    http_buf_append(d->out, p, n, d->keep);
    if (d->out_total > http_cfg.decompress_max &&
            d->out_total / (d->in_total ? d->in_total : 1) > http_cfg.decompress_ratio) {
        d->bomb = true;
        return -1;
    }
    if (d->out->len >= d->keep && d->out_total > 8ull * http_cfg.decompress_max)
        d->full = true;
    return 0;
}

static int emit(struct http_decomp *d, size_t i, const uint8_t *p, size_t n)
{
    if (n == 0)
        return 0;
    d->l[i].produced = true;
    return layer_write(d, i + 1, p, n);
}

/* Reads the gzip header from *p; returns 1 when the data starts, 0 when more input is needed,
 * -1 when this is not gzip. */
static int gzip_header(struct layer *l, const uint8_t **p, size_t *n)
{
    while (*n > 0) {
        uint8_t c = **p;

        switch (l->gz_state) {
        case GZ_MAGIC:
            l->gz_buf[l->gz_have++] = c;
            if ((l->gz_have == 1 && c != 0x1f) || (l->gz_have == 2 && c != 0x8b) ||
                    (l->gz_have == 3 && c != 8))
                return -1;
            if (l->gz_have == 10) {
                l->gz_flags = l->gz_buf[3];
                l->gz_have = 0;
                l->gz_state = GZ_XLEN;
            }
            break;
        case GZ_XLEN:
            if (!(l->gz_flags & 4)) {
                l->gz_state = GZ_NAME;
                continue;
            }
            l->gz_buf[l->gz_have++] = c;
            if (l->gz_have == 2) {
                l->gz_skip = (uint32_t)l->gz_buf[0] | ((uint32_t)l->gz_buf[1] << 8);
                l->gz_have = 0;
                l->gz_state = GZ_EXTRA;
            }
            break;
        case GZ_EXTRA:
            if (l->gz_skip == 0) {
                l->gz_state = GZ_NAME;
                continue;
            }
            l->gz_skip--;
            break;
        case GZ_NAME:
            if (!(l->gz_flags & 8)) {
                l->gz_state = GZ_COMMENT;
                continue;
            }
            if (c == 0)
                l->gz_state = GZ_COMMENT;
            break;
        case GZ_COMMENT:
            if (!(l->gz_flags & 16)) {
                l->gz_state = GZ_CRC;
                continue;
            }
            if (c == 0)
                l->gz_state = GZ_CRC;
            break;
        case GZ_CRC:
            if (!(l->gz_flags & 2)) {
                l->gz_state = GZ_DATA;
                return 1;
            }
            if (++l->gz_have == 2) {
                l->gz_state = GZ_DATA;
                (*p)++;
                (*n)--;
                return 1;
            }
            break;
        default:
            return 1;
        }
        (*p)++;
        (*n)--;
    }
    if (l->gz_state == GZ_CRC && !(l->gz_flags & 2)) {
        l->gz_state = GZ_DATA;
        return 1;
    }
    return l->gz_state == GZ_DATA ? 1 : 0;
}

/* Reads the 13-byte .lzma header and starts the raw LZMA1 decoder; as gzip_header. */
static int lzma_header(struct layer *l, const uint8_t **p, size_t *n)
{
    lzma_options_lzma opt;
    lzma_filter filters[2];
    uint32_t dict = 0, props;

    while (*n > 0 && l->gz_have < 13) {
        l->gz_buf[l->gz_have++] = **p;
        (*p)++;
        (*n)--;
    }
    if (l->gz_have < 13)
        return 0;
    props = l->gz_buf[0];
    if (props >= 9 * 5 * 5)
        return -1;
    memset(&opt, 0, sizeof(opt));
    opt.lc = props % 9;
    props /= 9;
    opt.lp = props % 5;
    opt.pb = props / 5;
    for (int k = 4; k >= 1; k--)
        dict = (dict << 8) | l->gz_buf[k];
    if (dict > http_cfg.lzma_memlimit)
        dict = http_cfg.lzma_memlimit;
    if (dict < LZMA_DICT_SIZE_MIN)
        dict = LZMA_DICT_SIZE_MIN;
    opt.dict_size = dict;
    l->lz_left = 0;
    for (int k = 12; k >= 5; k--)
        l->lz_left = (l->lz_left << 8) | l->gz_buf[k];
    filters[0].id = LZMA_FILTER_LZMA1;
    filters[0].options = &opt;
    filters[1].id = LZMA_VLI_UNKNOWN;
    filters[1].options = NULL;
    memset(&l->ls, 0, sizeof(l->ls));
    if (lzma_raw_decoder(&l->ls, filters) != LZMA_OK)
        return -1;
    l->lz_on = true;
    l->gz_state = GZ_DATA;
    return 1;
}

/* Decodes n bytes with layer i's current type; 0 ok, -1 data error, -2 stop (bomb). */
static int decode(struct http_decomp *d, size_t i, const uint8_t *p, size_t n)
{
    struct layer *l = &d->l[i];
    uint8_t chunk[OUT_CHUNK];

    if (l->type == HTTP_CE_GZIP && l->gz_state != GZ_DATA) {
        int r = gzip_header(l, &p, &n);

        if (r <= 0)
            return r;
    }
    if (l->type == HTTP_CE_LZMA) {
        if (l->gz_state != GZ_DATA) {
            int r = lzma_header(l, &p, &n);

            if (r <= 0)
                return r;
        }
        l->ls.next_in = p;
        l->ls.avail_in = n;
        for (;;) {
            lzma_ret rc;
            size_t got;

            l->ls.next_out = chunk;
            l->ls.avail_out = sizeof(chunk);
            rc = lzma_code(&l->ls, LZMA_RUN);
            got = sizeof(chunk) - l->ls.avail_out;
            if (got > l->lz_left)
                got = (size_t)l->lz_left;
            l->lz_left -= got;
            if (got > 0 && emit(d, i, chunk, got) < 0)
                return -2;
            if (rc == LZMA_STREAM_END || l->lz_left == 0 || d->full) {
                l->dead = true;
                return 0;
            }
            if (rc != LZMA_OK)
                return rc == LZMA_BUF_ERROR ? 0 : -1;
            if (l->ls.avail_in == 0 && l->ls.avail_out > 0)
                return 0;
        }
    }
    l->zs.next_in = (Bytef *)(uintptr_t)p;
    l->zs.avail_in = (uInt)n;
    for (;;) {
        int rc;
        size_t got;

        l->zs.next_out = chunk;
        l->zs.avail_out = sizeof(chunk);
        rc = inflate(&l->zs, Z_NO_FLUSH);
        got = sizeof(chunk) - l->zs.avail_out;
        if (got > 0 && emit(d, i, chunk, got) < 0)
            return -2;
        if (rc == Z_STREAM_END || d->full) {
            l->dead = true; /* what follows the stream is ignored */
            return 0;
        }
        if (rc == Z_BUF_ERROR)
            return 0; /* needs more input */
        if (rc != Z_OK)
            return -1;
        if (l->zs.avail_in == 0 && l->zs.avail_out > 0)
            return 0;
    }
}

/* Feeds layer i (the sink when i == n); 0 ok, -1 stop everything (bomb). */
static int layer_write(struct http_decomp *d, size_t i, const uint8_t *p, size_t n)
{
    struct layer *l;

    if (i == d->n)
        return sink(d, p, n);
    l = &d->l[i];
    if (!l->passthrough && !l->dead && !l->produced && !l->hist_over) {
        if (n <= (size_t)(HIST_MAX - l->hist_len)) {
            memcpy(l->hist + l->hist_len, p, n);
            l->hist_len = (uint16_t)(l->hist_len + n);
        } else {
            l->hist_over = true;
        }
    }
    for (;;) {
        int r;

        if (l->dead)
            return 0;
        if (l->passthrough)
            return layer_write(d, i + 1, p, n);
        r = decode(d, i, p, n);
        if (r == 0)
            return 0;
        if (r == -2)
            return -1;
        if (l->produced) {
            /* failed after giving output: keep what came, drop the rest */
            layer_end(l);
            l->dead = true;
            return 0;
        }
        if (l->restarts >= 3) {
            layer_end(l);
            l->passthrough = true;
            continue;
        }
        l->restarts++;
        switch (l->type) {
        case HTTP_CE_GZIP:
            r = layer_start(l, HTTP_CE_DEFLATE);
            break;
        case HTTP_CE_DEFLATE:
            r = layer_start(l, HTTP_CE_ZLIB);
            break;
        case HTTP_CE_ZLIB:
            r = layer_start(l, HTTP_CE_GZIP);
            break;
        default:
            r = layer_start(l, HTTP_CE_DEFLATE);
            break;
        }
        if (r < 0) {
            layer_end(l);
            l->passthrough = true;
        }
        if (!l->hist_over) {
            /* start again from the first byte this layer was given */
            p = l->hist;
            n = l->hist_len;
        }
    }
}

struct http_decomp *http_decomp_new(const uint8_t *encs, size_t n)
{
    struct http_decomp *d;

    if (n == 0)
        return NULL;
    d = calloc(1, sizeof(*d));
    if (d == NULL)
        return NULL;
    if (n > MAX_LAYERS)
        n = MAX_LAYERS;
    d->n = n;
    /* the last encoding listed was applied last: it is decoded first */
    for (size_t k = 0; k < n; k++) {
        if (layer_start(&d->l[k], encs[n - 1 - k]) < 0) {
            http_decomp_free(d);
            return NULL;
        }
    }
    return d;
}

void http_decomp_free(struct http_decomp *d)
{
    if (d == NULL)
        return;
    for (size_t k = 0; k < d->n; k++)
        layer_end(&d->l[k]);
    free(d);
}

enum http_decomp_result http_decomp_feed(struct http_decomp *d, const uint8_t *data, size_t len,
        struct http_buf *out, size_t keep, uint64_t *total_out)
{
    if (len == 0 || d->full)
        return HTTP_DECOMP_OK;
    if (d->bomb)
        return HTTP_DECOMP_BOMB;
    d->in_total += len;
    d->out = out;
    d->keep = keep;
    d->total_out = total_out;
    layer_write(d, 0, data, len);
    d->out = NULL;
    d->total_out = NULL;
    return d->bomb ? HTTP_DECOMP_BOMB : HTTP_DECOMP_OK;
}
