/*
 * byte-test.c - byte_test: read a number from the buffer and compare it.
 *
 * byte_test:<nbytes>, [!]<op>, <value>, <offset> [, relative] [, big|little]
 *           [, string [, hex|dec|oct]] [, bitmask <mask>];
 * op is one of < > = <= >= & ^ ("!=" is "!" + "="); nbytes, value and offset may name a
 * byte_extract/byte_math variable. A check only: the previous match end does not move.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

static int parse_op(const char *s, struct byte_test_ctx *c, char *err, size_t errlen)
{
    static const struct {
        const char *s;
        enum byte_test_op op;
    } ops[] = {
        { "<=", BT_OP_LE },
        { ">=", BT_OP_GE },
        { "<", BT_OP_LT },
        { ">", BT_OP_GT },
        { "=", BT_OP_EQ },
        { "&", BT_OP_AND },
        { "^", BT_OP_OR },
    };

    if (*s == '!') {
        c->flags |= BYTE_F_NEGATE;
        s++;
        while (isspace((unsigned char)*s))
            s++;
    }
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        if (strcmp(s, ops[i].s) == 0) {
            c->op = ops[i].op;
            return VG_OK;
        }
    }
    if (*s == '\0' && (c->flags & BYTE_F_NEGATE)) { /* "!" alone: not equal */
        c->op = BT_OP_EQ;
        return VG_OK;
    }
    snprintf(err, errlen, "byte_test: invalid operator '%.16s'", s);
    return VG_EINVAL;
}

static int setup_byte_test(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char tmp[512], *f[16];
    struct byte_test_ctx *c;
    struct byte_opts o;
    int64_t v;
    bool var;
    int n;

    if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp))
        return VG_EINVAL;
    n = byte_split(tmp, f, 16);
    if (n < 4) {
        snprintf(err, errlen, "byte_test: needs at least nbytes, operator, value and offset");
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    if (parse_op(f[1], c, err, errlen) != VG_OK ||
            byte_parse_opts(f + 4, n - 4, BYTE_OPT_BITMASK, &o, "byte_test", err, errlen) != VG_OK)
        goto fail;
    c->flags |= o.flags;
    c->base = o.base;
    c->bitmask = o.bitmask;
    if (byte_parse_num_or_var(b, f[0], &v, &var, err, errlen) != VG_OK)
        goto fail;
    if (var)
        c->flags |= BYTE_F_NBYTES_VAR;
    else if (byte_check_nbytes(v, c->base, false, "byte_test", err, errlen) != VG_OK)
        goto fail;
    c->nbytes = (uint32_t)v;
    if (byte_parse_num_or_var(b, f[2], &c->value, &var, err, errlen) != VG_OK)
        goto fail;
    if (var)
        c->flags |= BYTE_F_VALUE_VAR;
    if (byte_parse_num_or_var(b, f[3], &c->offset, &var, err, errlen) != VG_OK)
        goto fail;
    if (var)
        c->flags |= BYTE_F_OFFSET_VAR;
    if (!var && (c->offset < -65535 || c->offset > 65535 * 65536LL)) {
        snprintf(err, errlen, "byte_test: offset %lld out of range", (long long)c->offset);
        goto fail;
    }
    if (c->flags & BYTE_F_RELATIVE)
        content_mark_relative_next(b);
    if (c->flags & BYTE_F_RELATIVE)
        return sig_builder_add_payload_follow(b, &kw_byte_test, c);
    return sig_builder_add_payload(b, &kw_byte_test, c);
fail:
    free(c);
    return VG_EINVAL;
}

bool byte_test_eval(const struct byte_test_ctx *c, const uint8_t *buf, size_t len, size_t prev,
        const uint64_t *vars)
{
    uint32_t nbytes = c->flags & BYTE_F_NBYTES_VAR ? (uint32_t)vars[c->nbytes] : c->nbytes;
    int64_t off = c->flags & BYTE_F_OFFSET_VAR ? (int64_t)vars[c->offset] : c->offset;
    uint64_t want = c->flags & BYTE_F_VALUE_VAR ? vars[c->value] : (uint64_t)c->value;
    int64_t pos = (c->flags & BYTE_F_RELATIVE ? (int64_t)prev : 0) + off;
    uint64_t v;
    bool r;

    if (nbytes > (c->base == BYTE_BASE_BIN ? 8u : 23u))
        return false;
    if (!byte_read_value(buf, len, pos, nbytes, c->base, c->flags & BYTE_F_LITTLE, &v))
        return false;
    if (c->flags & BYTE_F_BITMASK)
        v = byte_apply_bitmask(v, c->bitmask);
    switch (c->op) {
    case BT_OP_LT:
        r = v < want;
        break;
    case BT_OP_GT:
        r = v > want;
        break;
    case BT_OP_EQ:
        r = v == want;
        break;
    case BT_OP_LE:
        r = v <= want;
        break;
    case BT_OP_GE:
        r = v >= want;
        break;
    case BT_OP_AND:
        r = (v & want) != 0;
        break;
    case BT_OP_OR:
        r = (v ^ want) != 0;
        break;
    default:
        r = false;
        break;
    }
    return (c->flags & BYTE_F_NEGATE) ? !r : r;
}

const struct keyword kw_byte_test = {
    .name = "byte_test",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_BYTE_TEST,
    .setup = setup_byte_test,
    .free = free,
};
