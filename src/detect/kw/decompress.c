/*
 * decompress.c - the decompressing transforms gunzip and zlib_deflate (Suricata 8).
 *
 * gunzip[: max-size <n>]; zlib_deflate[: max-size <n>]; the buffer (a gzip member, or a
 * zlib stream) is replaced by its decompressed bytes, at most max-size of them (default
 * 1024, as Suricata; units kb/kib/mb/mib accepted, "max-size=<n>" as well). A stream that
 * cannot be decompressed at all gives an empty buffer; a truncated or corrupt one keeps
 * what was decompressed before the error. One zlib stream per call: the transform keeps no
 * state between buffers.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

#define DECOMP_DEFAULT_MAX 1024u
#define DECOMP_LIMIT_MAX   (16u * 1024 * 1024)

struct decomp_ctx {
    uint32_t max_size;
};

/* Decompresses in into o (at most c->max_size bytes); window_bits selects the format. */
static int decompress(const struct decomp_ctx *c, int window_bits, const uint8_t *in, size_t len,
        struct xform_out *o)
{
    z_stream zs;
    int zrc;

    o->len = 0;
    if (o->cap < c->max_size) {
        uint8_t *p = realloc(o->p, c->max_size);

        if (p == NULL)
            return VG_ENOMEM;
        o->p = p;
        o->cap = c->max_size;
    }
    if (len == 0)
        return VG_OK;
    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, window_bits) != Z_OK)
        return VG_ENOMEM;
    /* zlib's next_in is not const in older headers; it is only read */
    memcpy(&zs.next_in, &in, sizeof(in));
    zs.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
    zs.next_out = o->p;
    zs.avail_out = c->max_size;
    do {
        zrc = inflate(&zs, Z_SYNC_FLUSH);
    } while (zrc == Z_OK && zs.avail_out > 0 && zs.avail_in > 0);
    o->len = c->max_size - zs.avail_out;
    inflateEnd(&zs);
    return VG_OK;
}

static int xf_gunzip(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    return decompress(ctx, 15 + 16, in, len, o);
}

static int xf_zlib_deflate(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    return decompress(ctx, 15, in, len, o);
}

/* Parses "<n>[unit]" into *out (1..DECOMP_LIMIT_MAX). */
static bool parse_size(const char *s, uint32_t *out)
{
    static const struct {
        const char *unit;
        uint32_t mul;
    } units[] = { { "", 1 }, { "b", 1 }, { "kb", 1000 }, { "kib", 1024 }, { "mb", 1000000 },
        { "mib", 1024 * 1024 } };
    unsigned long long n = 0;
    const char *p = s;

    while (isspace((unsigned char)*p))
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    for (; isdigit((unsigned char)*p); p++) {
        n = n * 10 + (unsigned)(*p - '0');
        if (n > DECOMP_LIMIT_MAX)
            return false;
    }
    while (isspace((unsigned char)*p))
        p++;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcasecmp(p, units[i].unit) != 0)
            continue;
        n *= units[i].mul;
        if (n == 0 || n > DECOMP_LIMIT_MAX)
            return false;
        *out = (uint32_t)n;
        return true;
    }
    return false;
}

/* Parses the optional value: comma-separated "max-size <n>" / "max-size=<n>", once. */
static int parse_decomp(
        struct decomp_ctx *c, const char *value, const char *kw, char *err, size_t errlen)
{
    char tmp[128], *f[4];
    int n;
    bool seen = false;

    c->max_size = DECOMP_DEFAULT_MAX;
    if (value == NULL)
        return VG_OK;
    if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp))
        goto bad;
    n = byte_split(tmp, f, 4);
    if (n <= 0)
        goto bad;
    for (int i = 0; i < n; i++) {
        const char *v;

        if (strncmp(f[i], "max-size", 8) != 0 ||
                (f[i][8] != '=' && !isspace((unsigned char)f[i][8])))
            goto bad;
        v = f[i] + 9;
        if (seen || !parse_size(v, &c->max_size))
            goto bad;
        seen = true;
    }
    return VG_OK;
bad:
    snprintf(err, errlen, "%s: invalid value '%.64s' (max-size <n>, n > 0)", kw, value);
    return VG_EINVAL;
}

static int setup_gunzip(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct decomp_ctx *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return VG_ENOMEM;
    if (parse_decomp(c, value, "gunzip", err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_transform(b, &kw_gunzip, c);
}

static int setup_zlib_deflate(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct decomp_ctx *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return VG_ENOMEM;
    if (parse_decomp(c, value, "zlib_deflate", err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_transform(b, &kw_zlib_deflate, c);
}

const struct keyword kw_gunzip = {
    .name = "gunzip",
    .flags = KW_F_TRANSFORM | KW_F_OPTIONAL_VALUE,
    .setup = setup_gunzip,
    .transform = xf_gunzip,
    .free = free,
};

const struct keyword kw_zlib_deflate = {
    .name = "zlib_deflate",
    .flags = KW_F_TRANSFORM | KW_F_OPTIONAL_VALUE,
    .setup = setup_zlib_deflate,
    .transform = xf_zlib_deflate,
    .free = free,
};
