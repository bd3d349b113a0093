/*
 * base64.c - base64_decode and base64_data.
 *
 * base64_decode:[bytes <n>][, offset <n>][, relative]; decodes base64 from the buffer (at
 * offset, from the previous match end with relative, at most bytes input characters) into
 * the detect thread's scratch; it matches when something was decoded. base64_data (no
 * value) then makes the rest of the list inspect the decoded bytes, from offset 0: it is a
 * marker item in the list rather than a registry buffer, so the decoded bytes stay
 * per-thread and tied to the decode that produced them. Decoding follows Suricata's RFC 4648
 * mode (kw-payload.h: stops at the first byte outside the alphabet, whitespace included, and
 * completes a partial final group); base64_decode_mode() also serves from_base64.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

static int b64_val(uint8_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decodes one group q[0..4) ('=' padding in places 2 and 3) into out; returns the bytes
 * written (cut at outcap), or -1 when '=' is in place 0 or 1 or a place after '=' is not
 * '=' (strict). */
static int decode_group(const uint8_t *q, uint8_t *out, size_t outcap, bool strict)
{
    int v[4], n;
    uint8_t b[3];

    for (int i = 0; i < 4; i++)
        v[i] = q[i] == '=' ? -1 : b64_val(q[i]);
    if (v[0] < 0 || v[1] < 0)
        return -1;
    if (strict && v[2] < 0 && v[3] >= 0)
        return -1;
    b[0] = (uint8_t)(v[0] << 2 | v[1] >> 4);
    n = 1;
    if (v[2] >= 0) {
        b[1] = (uint8_t)((v[1] & 0xf) << 4 | v[2] >> 2);
        n = 2;
        if (v[3] >= 0) {
            b[2] = (uint8_t)((v[2] & 0x3) << 6 | v[3]);
            n = 3;
        }
    }
    if ((size_t)n > outcap)
        n = (int)outcap;
    memcpy(out, b, (size_t)n);
    return n;
}

static size_t decode_strict(const uint8_t *in, size_t len, uint8_t *out, size_t outcap)
{
    size_t n = 0;

    if (len == 0 || len % 4 != 0)
        return 0;
    for (size_t i = 0; i < len; i += 4) {
        int k;

        for (int j = 0; j < 4; j++) {
            uint8_t c = in[i + (size_t)j];

            /* '=' only in the last group, in its last two places */
            if (c == '=' ? (i + 4 < len || j < 2) : b64_val(c) < 0)
                return 0;
        }
        k = decode_group(in + i, out + n, outcap - n, true);
        if (k < 0)
            return 0;
        n += (size_t)k;
    }
    return n;
}

size_t base64_decode_mode(
        const uint8_t *in, size_t len, uint8_t *out, size_t outcap, enum b64_mode mode)
{
    uint8_t q[4];
    size_t n = 0, i = 0;
    int nq = 0;

    if (mode == B64_MODE_STRICT)
        return decode_strict(in, len, out, outcap);
    while (n < outcap) {
        bool stop = false;
        int k;

        while (nq < 4 && i < len) {
            uint8_t c = in[i++];

            if (c == '=' || b64_val(c) >= 0)
                q[nq++] = c;
            else if (mode == B64_MODE_RFC4648) {
                stop = true;
                break;
            }
        }
        if (nq < 4) {
            if (nq == 0 || mode == B64_MODE_RFC2045)
                break; /* RFC 2045: a partial final group is not decoded */
            while (nq < 4)
                q[nq++] = '=';
            stop = true;
        }
        k = decode_group(q, out + n, outcap - n, false);
        if (k < 0)
            return 0;
        n += (size_t)k;
        nq = 0;
        if (stop)
            break;
    }
    return n;
}

size_t base64_decode_buf(const uint8_t *in, size_t len, uint8_t *out, size_t outcap)
{
    return base64_decode_mode(in, len, out, outcap, B64_MODE_RFC4648);
}

static int setup_base64_decode(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char tmp[256], *f[4];
    struct base64_ctx *c;
    int n = 0;

    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    if (value != NULL) {
        if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp))
            goto fail;
        n = byte_split(tmp, f, 4);
        if (n < 0)
            goto fail;
    }
    for (int i = 0; i < n; i++) {
        int64_t v;

        if (strcmp(f[i], "relative") == 0) {
            c->flags |= B64_F_RELATIVE;
        } else if (strncmp(f[i], "bytes ", 6) == 0 && byte_parse_int(f[i] + 6, &v) && v > 0 &&
                   v <= UINT16_MAX) {
            c->bytes = (uint32_t)v;
        } else if (strncmp(f[i], "offset ", 7) == 0 && byte_parse_int(f[i] + 7, &v) && v >= 0 &&
                   v <= UINT16_MAX) {
            c->offset = (uint32_t)v;
        } else if (f[i][0] != '\0' || n > 1) {
            goto fail;
        }
    }
    if (c->flags & B64_F_RELATIVE)
        content_mark_relative_next(b);
    return sig_builder_add_payload_follow(b, &kw_base64_decode, c);
fail:
    snprintf(err, errlen,
            "base64_decode: invalid value '%.64s' (bytes <n>, offset <n>, "
            "relative)",
            value ? value : "");
    free(c);
    return VG_EINVAL;
}

static int setup_base64_data(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct base64_ctx *c;

    if (sig_builder_last_payload(b, PM_BASE64_DECODE) == NULL) {
        snprintf(err, errlen, "base64_data must be used with base64_decode");
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->flags = B64_F_DATA;
    /* what follows inspects the decoded bytes: the list of the base64_decode */
    if (sig_builder_select_last(b) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_payload(b, &kw_base64_data, c);
}

const struct keyword kw_base64_decode = {
    .name = "base64_decode",
    .flags = KW_F_PAYLOAD | KW_F_OPTIONAL_VALUE,
    .pm_kind = PM_BASE64_DECODE,
    .setup = setup_base64_decode,
    .free = free,
};

const struct keyword kw_base64_data = {
    .name = "base64_data",
    .flags = KW_F_PAYLOAD | KW_F_NOVALUE,
    .pm_kind = PM_BASE64_DECODE,
    .setup = setup_base64_data,
    .free = free,
};
