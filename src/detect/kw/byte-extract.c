/*
 * byte-extract.c - byte_extract: read a number from the buffer into a rule variable.
 *
 * byte_extract:<nbytes>, <offset>, <name> [, relative] [, multiplier <n>] [, big|little]
 *              [, string [, hex|dec|oct]] [, align 2|4] [, bitmask <mask>];
 * The variable can then be used by content offset/depth/distance/within, byte_test,
 * byte_jump, byte_math and isdataat. The previous match end moves to just after the bytes
 * read, so relative items that follow start there.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

static int setup_byte_extract(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char tmp[512], *f[16];
    struct byte_extract_ctx *c;
    struct byte_opts o;
    int64_t v;
    int n;

    if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp))
        return VG_EINVAL;
    n = byte_split(tmp, f, 16);
    if (n < 3) {
        snprintf(err, errlen, "byte_extract: needs at least nbytes, offset and a variable name");
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    if (byte_parse_opts(f + 3, n - 3, BYTE_OPT_MULTIPLIER | BYTE_OPT_ALIGN_N | BYTE_OPT_BITMASK, &o,
                "byte_extract", err, errlen) != VG_OK)
        goto fail;
    c->flags = o.flags;
    c->base = o.base;
    c->bitmask = o.bitmask;
    c->multiplier = o.multiplier;
    c->align = o.align;
    if (!byte_parse_int(f[0], &v)) {
        snprintf(err, errlen, "byte_extract: invalid number of bytes '%.32s'", f[0]);
        goto fail;
    }
    if (byte_check_nbytes(v, c->base, false, "byte_extract", err, errlen) != VG_OK)
        goto fail;
    c->nbytes = (uint32_t)v;
    if (!byte_parse_int(f[1], &c->offset) || c->offset < -65535 || c->offset > 65535) {
        snprintf(err, errlen, "byte_extract: invalid offset '%.32s'", f[1]);
        goto fail;
    }
    if (!isalpha((unsigned char)f[2][0]) && f[2][0] != '_') {
        snprintf(err, errlen, "byte_extract: invalid variable name '%.32s'", f[2]);
        goto fail;
    }
    c->var = sig_builder_var_declare(b, f[2]);
    if (c->var < 0) {
        int rc = c->var;

        free(c);
        return rc;
    }
    if (c->flags & BYTE_F_RELATIVE)
        content_mark_relative_next(b);
    if (c->flags & BYTE_F_RELATIVE)
        return sig_builder_add_payload_follow(b, &kw_byte_extract, c);
    return sig_builder_add_payload(b, &kw_byte_extract, c);
fail:
    free(c);
    return VG_EINVAL;
}

bool byte_extract_eval(const struct byte_extract_ctx *c, const uint8_t *buf, size_t len,
        size_t prev, uint64_t *vars, size_t *newpos)
{
    int64_t pos = (c->flags & BYTE_F_RELATIVE ? (int64_t)prev : 0) + c->offset;
    uint64_t v;

    if (!byte_read_value(buf, len, pos, c->nbytes, c->base, c->flags & BYTE_F_LITTLE, &v))
        return false;
    if (c->flags & BYTE_F_BITMASK)
        v = byte_apply_bitmask(v, c->bitmask);
    v *= (uint64_t)c->multiplier;
    if (c->align && v % c->align != 0)
        v += c->align - v % c->align;
    vars[c->var] = v;
    *newpos = (size_t)pos + c->nbytes;
    return true;
}

const struct keyword kw_byte_extract = {
    .name = "byte_extract",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_BYTE_EXTRACT,
    .setup = setup_byte_extract,
    .free = free,
};
