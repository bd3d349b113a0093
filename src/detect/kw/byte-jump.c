/*
 * byte-jump.c - byte_jump: read a length from the buffer and move the match position.
 *
 * byte_jump:<nbytes>, <offset> [, relative] [, multiplier <n>] [, big|little]
 *           [, string [, hex|dec|oct]] [, align] [, from_beginning|from_end]
 *           [, post_offset <n>] [, bitmask <mask>];
 * The new position is the end of the bytes read plus value * multiplier (rounded up to 4
 * with align), or counted from the buffer start (from_beginning) or end (from_end), plus
 * post_offset. A position before the buffer start is clamped to 0; one past the end fails
 * the match (the end itself is allowed, as in Suricata 7+). nbytes and offset may name a variable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

static int setup_byte_jump(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char tmp[512], *f[16];
    struct byte_jump_ctx *c;
    struct byte_opts o;
    int64_t v;
    bool var;
    int n;

    if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp))
        return VG_EINVAL;
    n = byte_split(tmp, f, 16);
    if (n < 2) {
        snprintf(err, errlen, "byte_jump: needs at least nbytes and offset");
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    if (byte_parse_opts(f + 2, n - 2,
                BYTE_OPT_MULTIPLIER | BYTE_OPT_POST_OFFSET | BYTE_OPT_ALIGN_FLAG | BYTE_OPT_FROM |
                        BYTE_OPT_BITMASK,
                &o, "byte_jump", err, errlen) != VG_OK)
        goto fail;
    c->flags = o.flags;
    c->base = o.base;
    c->bitmask = o.bitmask;
    c->multiplier = o.multiplier;
    c->post_offset = o.post_offset;
    if (c->post_offset < -65535 || c->post_offset > 65535) {
        snprintf(err, errlen, "byte_jump: post_offset out of range -65535-65535");
        goto fail;
    }
    if (byte_parse_num_or_var(b, f[0], &v, &var, err, errlen) != VG_OK)
        goto fail;
    if (var)
        c->flags |= BYTE_F_NBYTES_VAR;
    else if (byte_check_nbytes(v, c->base, true, "byte_jump", err, errlen) != VG_OK)
        goto fail;
    c->nbytes = (uint32_t)v;
    if (byte_parse_num_or_var(b, f[1], &c->offset, &var, err, errlen) != VG_OK)
        goto fail;
    if (var)
        c->flags |= BYTE_F_OFFSET_VAR;
    if (c->flags & BYTE_F_RELATIVE)
        content_mark_relative_next(b);
    if (c->flags & BYTE_F_RELATIVE)
        return sig_builder_add_payload_follow(b, &kw_byte_jump, c);
    return sig_builder_add_payload(b, &kw_byte_jump, c);
fail:
    free(c);
    return VG_EINVAL;
}

bool byte_jump_eval(const struct byte_jump_ctx *c, const uint8_t *buf, size_t len, size_t prev,
        const uint64_t *vars, size_t *newpos)
{
    uint32_t nbytes = c->flags & BYTE_F_NBYTES_VAR ? (uint32_t)vars[c->nbytes] : c->nbytes;
    int64_t off = c->flags & BYTE_F_OFFSET_VAR ? (int64_t)vars[c->offset] : c->offset;
    int64_t pos = (c->flags & BYTE_F_RELATIVE ? (int64_t)prev : 0) + off;
    uint64_t v;
    int64_t jump, np;

    if (nbytes > (c->base == BYTE_BASE_BIN ? 8u : 23u))
        return false;
    if (!byte_read_value(buf, len, pos, nbytes, c->base, c->flags & BYTE_F_LITTLE, &v))
        return false;
    if (c->flags & BYTE_F_BITMASK)
        v = byte_apply_bitmask(v, c->bitmask);
    if (v > (uint64_t)INT32_MAX)
        return false;
    jump = (int64_t)v * c->multiplier;
    if ((c->flags & BYTE_F_ALIGN) && jump % 4 != 0)
        jump += 4 - jump % 4;
    if (c->flags & BYTE_F_FROM_BEGIN)
        np = jump;
    else if (c->flags & BYTE_F_FROM_END)
        np = (int64_t)len + jump;
    else
        np = pos + nbytes + jump;
    np += c->post_offset;
    if (np < 0)
        np = 0;
    if (np > (int64_t)len)
        return false;
    *newpos = (size_t)np;
    return true;
}

const struct keyword kw_byte_jump = {
    .name = "byte_jump",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_BYTE_JUMP,
    .setup = setup_byte_jump,
    .free = free,
};
