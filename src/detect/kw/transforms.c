/*
 * transforms.c - the buffer transforms: keywords that rewrite a sticky buffer before its
 * list is inspected (to_lowercase, to_uppercase, strip_whitespace, compress_whitespace,
 * dotprefix, url_decode, header_lowercase, strip_pseudo_headers, to_md5, to_sha1,
 * to_sha256, xor, pcrexform, from_base64).
 *
 * Each keyword's setup() attaches itself to the current buffer (the builder rejects a
 * transform that does not directly follow a sticky buffer); transform() writes its output
 * into the detect thread's scratch (struct xform_out, grown on demand). Values are checked
 * as Suricata does: xor takes a quoted even-length hex key of 1-255 bytes (or
 * "offset <n>, extract <len> <at>": the key is read from the buffer itself), pcrexform a
 * quoted regex with at least one capture group (the output is the first group; the buffer
 * is unchanged when the regex does not match), from_base64 "bytes <n>, offset <n>,
 * mode rfc4648|rfc2045|strict", subslice "offset[, nbytes][, truncate]" (Suricata 9: a
 * window of the buffer; negative values count from its end; a window out of the buffer
 * gives an empty buffer, or with truncate is clamped to the buffer).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <openssl/evp.h>
#include <pcre2.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

/* Ensures o can hold n bytes. */
static int reserve(struct xform_out *o, size_t n)
{
    uint8_t *p;
    size_t cap = o->cap ? o->cap : 256;

    if (n <= o->cap)
        return VG_OK;
    while (cap < n)
        cap *= 2;
    p = realloc(o->p, cap);
    if (p == NULL)
        return VG_ENOMEM;
    o->p = p;
    o->cap = cap;
    return VG_OK;
}

/* --- byte-wise transforms --- */

static int xf_lower(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    if (reserve(o, len) != VG_OK)
        return VG_ENOMEM;
    for (size_t i = 0; i < len; i++)
        o->p[i] = (uint8_t)tolower(in[i]);
    o->len = len;
    return VG_OK;
}

static int xf_upper(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    if (reserve(o, len) != VG_OK)
        return VG_ENOMEM;
    for (size_t i = 0; i < len; i++)
        o->p[i] = (uint8_t)toupper(in[i]);
    o->len = len;
    return VG_OK;
}

static int xf_strip_ws(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    size_t n = 0;

    if (reserve(o, len) != VG_OK)
        return VG_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        if (!isspace(in[i]))
            o->p[n++] = in[i];
    }
    o->len = n;
    return VG_OK;
}

/* Runs of whitespace become their first character. */
static int xf_compress_ws(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    size_t n = 0;

    if (reserve(o, len) != VG_OK)
        return VG_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        if (isspace(in[i]) && i > 0 && isspace(in[i - 1]))
            continue;
        o->p[n++] = in[i];
    }
    o->len = n;
    return VG_OK;
}

static int xf_dotprefix(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    if (reserve(o, len + 1) != VG_OK)
        return VG_ENOMEM;
    o->p[0] = '.';
    if (len)
        memcpy(o->p + 1, in, len);
    o->len = len + 1;
    return VG_OK;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* %XX decoded, '+' to space; invalid escapes kept as they are. */
static int xf_url_decode(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    size_t n = 0;

    if (reserve(o, len) != VG_OK)
        return VG_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '%' && i + 2 < len && hexval(in[i + 1]) >= 0 && hexval(in[i + 2]) >= 0) {
            o->p[n++] = (uint8_t)(hexval(in[i + 1]) << 4 | hexval(in[i + 2]));
            i += 2;
        } else {
            o->p[n++] = in[i] == '+' ? ' ' : in[i];
        }
    }
    o->len = n;
    return VG_OK;
}

/* Lowercases each line's header name (up to its first ':'). */
static int xf_header_lower(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    bool in_name = true;
    size_t line = 0;

    if (reserve(o, len) != VG_OK)
        return VG_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '\n') {
            in_name = true;
            line = i + 1;
        } else if (in[i] == ':' && i > line) { /* a leading ':' is part of a pseudo header */
            in_name = false;
        }
        o->p[i] = in_name ? (uint8_t)tolower(in[i]) : in[i];
    }
    o->len = len;
    return VG_OK;
}

/* Drops the lines starting with ':' (HTTP/2 pseudo headers). */
static int xf_strip_pseudo(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    size_t n = 0, i = 0;

    if (reserve(o, len) != VG_OK)
        return VG_ENOMEM;
    while (i < len) {
        const uint8_t *nl = memchr(in + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - in) + 1 : len;

        if (in[i] != ':') {
            memcpy(o->p + n, in + i, end - i);
            n += end - i;
        }
        i = end;
    }
    o->len = n;
    return VG_OK;
}

/* --- hashes --- */

static int digest(const EVP_MD *md, const uint8_t *in, size_t len, struct xform_out *o)
{
    unsigned int n = 0;

    if (reserve(o, EVP_MAX_MD_SIZE) != VG_OK)
        return VG_ENOMEM;
    if (EVP_Digest(in, len, o->p, &n, md, NULL) != 1)
        return VG_EINVAL;
    o->len = n;
    return VG_OK;
}

static int xf_md5(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    return digest(EVP_md5(), in, len, o);
}

static int xf_sha1(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    return digest(EVP_sha1(), in, len, o);
}

static int xf_sha256(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    return digest(EVP_sha256(), in, len, o);
}

/* --- xor --- */

struct xor_ctx {
    uint8_t key[255];
    uint8_t key_len;
    bool from_buffer; /* key read from the buffer: extract <key_len> <key_at> */
    uint32_t offset;  /* first byte transformed (bytes before are copied) */
    uint32_t key_at;
};

static int xf_xor(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    const struct xor_ctx *x = ctx;
    const uint8_t *key = x->key;

    if (x->from_buffer) {
        if ((size_t)x->key_at + x->key_len > len)
            return VG_EINVAL;
        key = in + x->key_at;
    }
    if (reserve(o, len) != VG_OK)
        return VG_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        if (i < x->offset)
            o->p[i] = in[i];
        else
            o->p[i] = in[i] ^ key[(i - x->offset) % x->key_len];
    }
    o->len = len;
    return VG_OK;
}

static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
    int64_t v;

    if (!byte_parse_int(s, &v) || v < 0 || v > max)
        return VG_EINVAL;
    *out = (uint32_t)v;
    return VG_OK;
}

static int xor_parse_extract(struct xor_ctx *x, char *v, char *err, size_t errlen)
{
    char *f[4];
    int n = byte_split(v, f, 4);
    bool have_offset = false, have_extract = false;

    for (int i = 0; i < n; i++) {
        uint32_t a, bb;

        if (strncmp(f[i], "offset ", 7) == 0) {
            if (parse_u32(f[i] + 7, 65535, &x->offset) != VG_OK)
                goto bad;
            have_offset = true;
        } else if (strncmp(f[i], "extract ", 8) == 0 && sscanf(f[i] + 8, "%u %u", &a, &bb) == 2 &&
                   a >= 1 && a <= 255 && bb <= 65535) {
            x->key_len = (uint8_t)a;
            x->key_at = bb;
            have_extract = true;
        } else {
            goto bad;
        }
    }
    if (!have_offset || !have_extract)
        goto bad;
    x->from_buffer = true;
    return VG_OK;
bad:
    snprintf(err, errlen,
            "xor: invalid value (a quoted hex key, or \"offset <n>, extract "
            "<len> <at>\")");
    return VG_EINVAL;
}

static int setup_xor(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char tmp[600];
    struct xor_ctx *x = calloc(1, sizeof(*x));
    size_t n;

    if (x == NULL)
        return VG_ENOMEM;
    if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp)) {
        snprintf(err, errlen, "Key length too big for XOR transform");
        goto fail;
    }
    n = strlen(tmp);
    if (n >= 2 && tmp[0] == '"' && tmp[n - 1] == '"') {
        n -= 2;
        if (n == 0) {
            snprintf(err, errlen, "XOR transform key must not be empty");
            goto fail;
        }
        if (n % 2 != 0) {
            snprintf(err, errlen, "XOR transform key's length must be an even number");
            goto fail;
        }
        if (n / 2 > 255) {
            snprintf(err, errlen, "Key length too big for XOR transform");
            goto fail;
        }
        for (size_t i = 0; i < n / 2; i++) {
            int hi = hexval(tmp[1 + 2 * i]), lo = hexval(tmp[2 + 2 * i]);

            if (hi < 0 || lo < 0) {
                snprintf(err, errlen, "XOR transform key must be hexadecimal characters only");
                goto fail;
            }
            x->key[i] = (uint8_t)(hi << 4 | lo);
        }
        x->key_len = (uint8_t)(n / 2);
    } else if (xor_parse_extract(x, tmp, err, errlen) != VG_OK) {
        goto fail;
    }
    return sig_builder_add_transform(b, &kw_xor, x);
fail:
    free(x);
    return VG_EINVAL;
}

/* --- pcrexform --- */

static int xf_pcrexform(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    const pcre2_code *code = ctx;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    static const uint8_t empty[1];
    int rc;

    if (md == NULL)
        return VG_ENOMEM;
    rc = pcre2_match(code, in ? in : empty, len, 0, 0, md, NULL);
    if (rc >= 2) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t s = ov[2], e = ov[3];

        if (s == PCRE2_UNSET || e < s)
            s = e = 0;
        if (reserve(o, e - s) != VG_OK) {
            pcre2_match_data_free(md);
            return VG_ENOMEM;
        }
        if (e > s)
            memcpy(o->p, in + s, e - s);
        o->len = e - s;
    } else {
        if (reserve(o, len) != VG_OK) {
            pcre2_match_data_free(md);
            return VG_ENOMEM;
        }
        if (len)
            memcpy(o->p, in, len);
        o->len = len;
    }
    pcre2_match_data_free(md);
    return VG_OK;
}

static void free_pcrexform(void *ctx)
{
    pcre2_code_free(ctx);
}

static int setup_pcrexform(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    size_t n = strlen(value);
    pcre2_code *code;
    uint32_t caps = 0;
    int errcode;
    PCRE2_SIZE erroff;

    if (n < 2 || value[0] != '"' || value[n - 1] != '"') {
        snprintf(err, errlen, "pcrexform: the regex must be quoted");
        return VG_EINVAL;
    }
    code = pcre2_compile((PCRE2_SPTR)value + 1, n - 2, 0, &errcode, &erroff, NULL);
    if (code == NULL) {
        PCRE2_UCHAR msg[128];

        pcre2_get_error_message(errcode, msg, sizeof(msg));
        snprintf(err, errlen, "pcrexform: pcre2_compile failed: %s at offset %zu",
                (const char *)msg, (size_t)erroff);
        return VG_EINVAL;
    }
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &caps);
    if (caps < 1) {
        pcre2_code_free(code);
        snprintf(err, errlen, "pcrexform: the regex needs a capture group");
        return VG_EINVAL;
    }
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return sig_builder_add_transform(b, &kw_pcrexform, code);
}

/* --- from_base64 --- */

struct from_b64_ctx {
    uint32_t bytes, offset;
    enum b64_mode mode;
};

/* As Suricata: an offset past the buffer, or a byte count reaching its end, leaves the
 * buffer as it is; a decode that yields nothing fails the buffer (not inspected). */
static int xf_from_b64(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    const struct from_b64_ctx *c = ctx;
    size_t n, from = c->offset;

    if (from >= len || (c->bytes > 0 && c->bytes >= len - from)) {
        if (reserve(o, len) != VG_OK)
            return VG_ENOMEM;
        if (len > 0)
            memcpy(o->p, in, len);
        o->len = len;
        return VG_OK;
    }
    len -= from;
    if (c->bytes > 0)
        len = c->bytes;
    if (reserve(o, len) != VG_OK)
        return VG_ENOMEM;
    n = base64_decode_mode(in + from, len, o->p, o->cap, c->mode);
    if (n == 0)
        return VG_EINVAL;
    o->len = n;
    return VG_OK;
}

static int setup_from_b64(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct from_b64_ctx *c = calloc(1, sizeof(*c));
    char tmp[256], *f[4];
    int n = 0;

    if (c == NULL)
        return VG_ENOMEM;
    if (value != NULL) {
        if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp))
            goto bad;
        n = byte_split(tmp, f, 4);
        if (n < 0)
            goto bad;
    }
    for (int i = 0; i < n; i++) {
        if (strncmp(f[i], "bytes ", 6) == 0) {
            if (parse_u32(f[i] + 6, 65535, &c->bytes) != VG_OK || c->bytes == 0)
                goto bad;
        } else if (strncmp(f[i], "offset ", 7) == 0) {
            if (parse_u32(f[i] + 7, 65535, &c->offset) != VG_OK)
                goto bad;
        } else if (strcmp(f[i], "mode rfc2045") == 0) {
            c->mode = B64_MODE_RFC2045;
        } else if (strcmp(f[i], "mode strict") == 0) {
            c->mode = B64_MODE_STRICT;
        } else if (strcmp(f[i], "mode rfc4648") != 0) {
            goto bad;
        }
    }
    return sig_builder_add_transform(b, &kw_from_base64, c);
bad:
    free(c);
    snprintf(err, errlen,
            "from_base64: invalid value (bytes <n>, offset <n>, mode "
            "rfc4648|rfc2045|strict)");
    return VG_EINVAL;
}

/* --- subslice --- */

struct subslice_ctx {
    int64_t offset;
    int64_t nbytes; /* 0: to the end of the buffer (0 is not a valid value) */
    bool truncate;
};

bool subslice_window(const struct subslice_ctx *c, size_t len, size_t *start, size_t *end)
{
    int64_t n = (int64_t)len, s, e;

    if (!c->truncate && (c->offset > n || c->offset < -n))
        return false;
    if (c->offset >= 0)
        s = c->offset < n ? c->offset : n;
    else
        s = c->offset < -n ? 0 : n + c->offset;
    if (c->nbytes == 0) {
        e = n;
    } else if (c->nbytes < 0) {
        e = n + c->nbytes;
        if (e < 0) {
            if (!c->truncate)
                return false;
            e = 0;
        }
    } else {
        e = s + c->nbytes;
        if (e > n) {
            if (!c->truncate)
                return false;
            e = n;
        }
    }
    if (e < s) { /* a negative nbytes ending before the start: the bytes between */
        int64_t t = s;

        s = e;
        e = t;
    }
    *start = (size_t)s;
    *end = (size_t)e;
    return true;
}

static int xf_subslice(const void *ctx, const uint8_t *in, size_t len, struct xform_out *o)
{
    size_t s = 0, e = 0;

    if (!subslice_window(ctx, len, &s, &e))
        s = e = 0; /* out of the buffer: an empty buffer (bsize:0 matches it) */
    if (reserve(o, e - s) != VG_OK)
        return VG_ENOMEM;
    if (e > s)
        memcpy(o->p, in + s, e - s);
    o->len = e - s;
    return VG_OK;
}

static bool parse_i64(const char *s, int64_t lim, int64_t *out)
{
    return byte_parse_int(s, out) && *out >= -lim && *out <= lim;
}

static int setup_subslice(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct subslice_ctx *c = calloc(1, sizeof(*c));
    char tmp[128], *f[4];
    int n;

    if (c == NULL)
        return VG_ENOMEM;
    if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp))
        goto bad;
    n = byte_split(tmp, f, 4);
    if (n < 1 || n > 3 || !parse_i64(f[0], INT32_MAX, &c->offset))
        goto bad;
    if (n >= 2) {
        if (n == 2 && strcasecmp(f[1], "truncate") == 0)
            c->truncate = true;
        else if (!parse_i64(f[1], INT32_MAX, &c->nbytes) || c->nbytes == 0)
            goto bad;
    }
    if (n == 3) {
        if (strcasecmp(f[2], "truncate") != 0)
            goto bad;
        c->truncate = true;
    }
    return sig_builder_add_transform(b, &kw_subslice, c);
bad:
    free(c);
    snprintf(err, errlen,
            "subslice: invalid value (offset, or offset, nbytes (not 0), optionally "
            "followed by truncate)");
    return VG_EINVAL;
}

/* --- keywords --- */

#define SIMPLE_XFORM(ident, kwname, fn)                                                            \
    static int setup_##fn(struct sig_builder *b, const char *v, char *err, size_t errlen)          \
    {                                                                                              \
        return sig_builder_add_transform(b, &ident, NULL);                                         \
    }                                                                                              \
    const struct keyword ident = { .name = kwname,                                                 \
        .flags = KW_F_TRANSFORM | KW_F_NOVALUE,                                                    \
        .setup = setup_##fn,                                                                       \
        .transform = fn }

SIMPLE_XFORM(kw_to_lowercase, "to_lowercase", xf_lower);
SIMPLE_XFORM(kw_to_uppercase, "to_uppercase", xf_upper);
SIMPLE_XFORM(kw_strip_whitespace, "strip_whitespace", xf_strip_ws);
SIMPLE_XFORM(kw_compress_whitespace, "compress_whitespace", xf_compress_ws);
SIMPLE_XFORM(kw_dotprefix, "dotprefix", xf_dotprefix);
SIMPLE_XFORM(kw_url_decode, "url_decode", xf_url_decode);
SIMPLE_XFORM(kw_header_lowercase, "header_lowercase", xf_header_lower);
SIMPLE_XFORM(kw_strip_pseudo_headers, "strip_pseudo_headers", xf_strip_pseudo);
SIMPLE_XFORM(kw_to_md5, "to_md5", xf_md5);
SIMPLE_XFORM(kw_to_sha1, "to_sha1", xf_sha1);
SIMPLE_XFORM(kw_to_sha256, "to_sha256", xf_sha256);

const struct keyword kw_xor = {
    .name = "xor",
    .flags = KW_F_TRANSFORM,
    .setup = setup_xor,
    .transform = xf_xor,
    .free = free,
};

const struct keyword kw_pcrexform = {
    .name = "pcrexform",
    .flags = KW_F_TRANSFORM,
    .setup = setup_pcrexform,
    .transform = xf_pcrexform,
    .free = free_pcrexform,
};

const struct keyword kw_from_base64 = {
    .name = "from_base64",
    .flags = KW_F_TRANSFORM | KW_F_OPTIONAL_VALUE,
    .setup = setup_from_b64,
    .transform = xf_from_b64,
    .free = free,
};

const struct keyword kw_subslice = {
    .name = "subslice",
    .flags = KW_F_TRANSFORM,
    .setup = setup_subslice,
    .transform = xf_subslice,
    .free = free,
};
