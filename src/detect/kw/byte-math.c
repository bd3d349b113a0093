/*
 * byte-math.c - byte_math: read a number, combine it with a value, store the result.
 *
 * byte_math:bytes <n>, offset <n>, oper <+|-|*|/|<<|>>>, rvalue <n|var>, result <name>
 *           [, relative] [, endian big|little] [, string hex|dec|oct] [, bitmask <mask>];
 * bytes is 1-4 (1-10 with string). The result is a rule variable like byte_extract's; the
 * previous match end does not move. Division by zero at run time is a non-match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

static bool starts(const char *f, const char *name, const char **v)
{
    size_t n = strlen(name);

    if (strncmp(f, name, n) != 0 || (f[n] != ' ' && f[n] != '\t'))
        return false;
    *v = f + n;
    while (**v == ' ' || **v == '\t')
        (*v)++;
    return true;
}

static int parse_oper(const char *v, enum byte_math_op *op)
{
    static const char *const ops[] = { "+", "-", "*", "/", "<<", ">>" };

    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        if (strcmp(v, ops[i]) == 0) {
            *op = (enum byte_math_op)i;
            return VG_OK;
        }
    }
    return VG_EINVAL;
}

enum {
    HAVE_BYTES = 1,
    HAVE_OFFSET = 2,
    HAVE_OPER = 4,
    HAVE_RVALUE = 8,
    HAVE_RESULT = 16
};

static int setup_byte_math(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char tmp[512], *f[16], *rest[16], result[64] = "";
    struct byte_math_ctx *c;
    struct byte_opts o;
    unsigned have = 0;
    int n, nrest = 0;
    bool little = false, endian = false;

    if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp))
        return VG_EINVAL;
    n = byte_split(tmp, f, 16);
    if (n < 0) {
        snprintf(err, errlen, "byte_math: too many options");
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    for (int i = 0; i < n; i++) {
        const char *v;
        int64_t num;
        bool var;

        if (starts(f[i], "bytes", &v)) {
            if (byte_parse_num_or_var(b, v, &num, &var, err, errlen) != VG_OK)
                goto fail;
            c->nbytes = (uint32_t)num;
            c->flags |= var ? BYTE_F_NBYTES_VAR : 0;
            if (!var && (num < 1 || num > 10)) {
                snprintf(err, errlen, "byte_math: bytes %lld out of range", (long long)num);
                goto fail;
            }
            have |= HAVE_BYTES;
        } else if (starts(f[i], "offset", &v)) {
            if (!byte_parse_int(v, &c->offset) || c->offset < -65535 || c->offset > 65535) {
                snprintf(err, errlen, "byte_math: invalid offset '%.32s'", v);
                goto fail;
            }
            have |= HAVE_OFFSET;
        } else if (starts(f[i], "oper", &v)) {
            if (parse_oper(v, &c->op) != VG_OK) {
                snprintf(err, errlen, "byte_math: invalid operator '%.16s'", v);
                goto fail;
            }
            have |= HAVE_OPER;
        } else if (starts(f[i], "rvalue", &v)) {
            if (byte_parse_num_or_var(b, v, &c->rvalue, &var, err, errlen) != VG_OK)
                goto fail;
            if (var)
                c->flags |= BYTE_F_VALUE_VAR;
            else if (c->rvalue < 0 || c->rvalue > UINT32_MAX) {
                snprintf(err, errlen, "byte_math: rvalue out of range");
                goto fail;
            }
            have |= HAVE_RVALUE;
        } else if (starts(f[i], "result", &v)) {
            snprintf(result, sizeof(result), "%s", v);
            have |= HAVE_RESULT;
        } else if (starts(f[i], "endian", &v)) {
            if (endian || (strcmp(v, "big") != 0 && strcmp(v, "little") != 0)) {
                snprintf(err, errlen, "byte_math: invalid endian '%.16s'%s", v,
                        strcmp(v, "dce") == 0 ? " (dce not supported)" : "");
                goto fail;
            }
            endian = true;
            little = strcmp(v, "little") == 0;
        } else {
            rest[nrest++] = f[i];
        }
    }
    if (have != (HAVE_BYTES | HAVE_OFFSET | HAVE_OPER | HAVE_RVALUE | HAVE_RESULT)) {
        snprintf(err, errlen, "byte_math: bytes, offset, oper, rvalue and result are required");
        goto fail;
    }
    if (byte_parse_opts(rest, nrest, BYTE_OPT_BITMASK, &o, "byte_math", err, errlen) != VG_OK)
        goto fail;
    c->flags |= o.flags | (little ? BYTE_F_LITTLE : 0);
    c->base = o.base;
    c->bitmask = o.bitmask;
    if (!(c->flags & BYTE_F_NBYTES_VAR) && c->base == BYTE_BASE_BIN && c->nbytes > 4) {
        snprintf(err, errlen, "byte_math: bytes must be 1-4 without string");
        goto fail;
    }
    if (c->op == BM_OP_DIV && !(c->flags & BYTE_F_VALUE_VAR) && c->rvalue == 0) {
        snprintf(err, errlen, "byte_math: rvalue 0 with the / operator");
        goto fail;
    }
    c->var = sig_builder_var_declare(b, result);
    if (c->var < 0) {
        int rc = c->var;

        free(c);
        return rc;
    }
    if (c->flags & BYTE_F_RELATIVE)
        content_mark_relative_next(b);
    if (c->flags & BYTE_F_RELATIVE)
        return sig_builder_add_payload_follow(b, &kw_byte_math, c);
    return sig_builder_add_payload(b, &kw_byte_math, c);
fail:
    free(c);
    return VG_EINVAL;
}

bool byte_math_eval(
        const struct byte_math_ctx *c, const uint8_t *buf, size_t len, size_t prev, uint64_t *vars)
{
    uint32_t nbytes = c->flags & BYTE_F_NBYTES_VAR ? (uint32_t)vars[c->nbytes] : c->nbytes;
    int64_t pos = (c->flags & BYTE_F_RELATIVE ? (int64_t)prev : 0) + c->offset;
    uint64_t v, rv = c->flags & BYTE_F_VALUE_VAR ? vars[c->rvalue] : (uint64_t)c->rvalue;

    if (nbytes > (c->base == BYTE_BASE_BIN ? 4u : 10u))
        return false;
    if (!byte_read_value(buf, len, pos, nbytes, c->base, c->flags & BYTE_F_LITTLE, &v))
        return false;
    if (c->flags & BYTE_F_BITMASK)
        v = byte_apply_bitmask(v, c->bitmask);
    switch (c->op) {
    case BM_OP_ADD:
        v += rv;
        break;
    case BM_OP_SUB:
        v -= rv;
        break;
    case BM_OP_MUL:
        v *= rv;
        break;
    case BM_OP_DIV:
        if (rv == 0)
            return false;
        v /= rv;
        break;
    case BM_OP_SHL:
        v = rv >= 64 ? 0 : v << rv;
        break;
    case BM_OP_SHR:
        v = rv >= 64 ? 0 : v >> rv;
        break;
    }
    vars[c->var] = v;
    return true;
}

const struct keyword kw_byte_math = {
    .name = "byte_math",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_BYTE_MATH,
    .setup = setup_byte_math,
    .free = free,
};
