/*
 * base64.c - base64_decode and base64_data.
 *
 * base64_decode:[bytes <n>][, offset <n>][, relative]; decodes base64 from the buffer (at
 * offset, from the previous match end with relative, at most bytes input characters) into
 * the detect thread's scratch; it matches when something was decoded. base64_data (no
 * value) then makes the rest of the list inspect the decoded bytes, from offset 0: it is a
 * marker item in the list rather than a registry buffer, so the decoded bytes stay
 * per-thread and tied to the decode that produced them. Decoding skips whitespace, stops
 * at '=' or at the first character outside the alphabet, and keeps a partial final group.
 */
#include <ctype.h>
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

size_t base64_decode_buf(const uint8_t *in, size_t len, uint8_t *out, size_t outcap)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t n = 0;

    for (size_t i = 0; i < len && n < outcap; i++) {
        int v;

        if (in[i] == ' ' || in[i] == '\t' || in[i] == '\r' || in[i] == '\n')
            continue;
        v = b64_val(in[i]);
        if (v < 0)
            break;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    return n;
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
