/*
 * flowint.c - flowint:<name>,<op>[,<value>]: unsigned 32-bit counters kept on the flow.
 *
 * Actions (post list): "=" sets, "+" adds, "-" subtracts; a variable that is not set yet
 * counts as 0 (subtraction stops at 0). Conditions (flow list): == != < > <= >= compare a
 * set variable (an unset one never compares true), isset / notset (isnotset) test
 * presence. The value is a decimal number or the name of another flowint, read at match
 * time (an unset one makes the condition false and the action a no-op). Names are interned
 * in the engine like flowbits.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/engine-int.h"
#include "detect/flow-vars.h"
#include "util/err.h"

enum fi_op {
    FI_SET,
    FI_ADD,
    FI_SUB,
    FI_EQ,
    FI_NE,
    FI_LT,
    FI_GT,
    FI_LE,
    FI_GE,
    FI_ISSET,
    FI_NOTSET
};

static const struct {
    const char *s;
    enum fi_op op;
} fi_ops[] = {
    { "=", FI_SET },
    { "+", FI_ADD },
    { "-", FI_SUB },
    { "==", FI_EQ },
    { "!=", FI_NE },
    { "<", FI_LT },
    { ">", FI_GT },
    { "<=", FI_LE },
    { ">=", FI_GE },
    { "isset", FI_ISSET },
    { "notset", FI_NOTSET },
    { "isnotset", FI_NOTSET },
};

struct fi_ctx {
    const char *name; /* interned */
    enum fi_op op;
    const char *var; /* value from this flowint (interned), or NULL */
    uint32_t val;
};

/* Copies the next comma-separated field of *pp, trimmed, into buf; false if too long. */
static bool next_field(const char **pp, char *buf, size_t len)
{
    const char *p = *pp, *start, *end;
    size_t n;

    while (isspace((unsigned char)*p))
        p++;
    start = p;
    while (*p != '\0' && *p != ',')
        p++;
    end = p;
    while (end > start && isspace((unsigned char)end[-1]))
        end--;
    n = (size_t)(end - start);
    if (n >= len)
        return false;
    memcpy(buf, start, n);
    buf[n] = '\0';
    *pp = *p == ',' ? p + 1 : p;
    return true;
}

static int setup_flowint(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct detect_engine *de = sig_builder_engine(b);
    char name[256], op[16], val[256];
    const char *p = value;
    struct fi_ctx *c;
    size_t i;

    if (p == NULL || !next_field(&p, name, sizeof(name)) || name[0] == '\0' ||
            !next_field(&p, op, sizeof(op)) || !next_field(&p, val, sizeof(val)) || *p != '\0')
        goto bad;
    for (i = 0; i < sizeof(fi_ops) / sizeof(fi_ops[0]); i++) {
        if (strcmp(op, fi_ops[i].s) == 0)
            break;
    }
    if (i == sizeof(fi_ops) / sizeof(fi_ops[0])) {
        snprintf(err, errlen, "flowint: unknown operator '%s'", op);
        return VG_EINVAL;
    }
    if ((fi_ops[i].op == FI_ISSET || fi_ops[i].op == FI_NOTSET) != (val[0] == '\0'))
        goto bad;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->op = fi_ops[i].op;
    c->name = de != NULL ? detect_engine_intern(de, name) : NULL;
    if (c->name == NULL) {
        free(c);
        return VG_ENOMEM;
    }
    if (val[0] != '\0') {
        uint64_t v;

        if (isdigit((unsigned char)val[0])) {
            if (!hdr_parse_uint(val, UINT32_MAX, false, &v)) {
                free(c);
                goto bad;
            }
            c->val = (uint32_t)v;
        } else {
            c->var = detect_engine_intern(de, val);
            if (c->var == NULL) {
                free(c);
                return VG_ENOMEM;
            }
        }
    }
    if (c->op == FI_SET || c->op == FI_ADD || c->op == FI_SUB)
        return sig_builder_add_post(b, &kw_flowint, c);
    return sig_builder_add_flow(b, &kw_flowint, c);
bad:
    snprintf(err, errlen, "flowint: invalid value '%.64s' (name, operator[, value])",
            value == NULL ? "" : value);
    return VG_EINVAL;
}

static bool match_flowint(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct fi_ctx *c = ctx;
    struct flow *f = p->flow;
    uint32_t cur = 0, val = c->val;
    bool set;

    if (f == NULL)
        return c->op == FI_SET || c->op == FI_ADD || c->op == FI_SUB;
    set = flow_vars_int_get(f, c->name, &cur);
    if (c->op == FI_ISSET)
        return set;
    if (c->op == FI_NOTSET)
        return !set;
    if (c->var != NULL && !flow_vars_int_get(f, c->var, &val))
        return c->op == FI_SET || c->op == FI_ADD || c->op == FI_SUB;
    switch (c->op) {
    case FI_SET:
        flow_vars_int_set(f, c->name, val);
        return true;
    case FI_ADD:
        flow_vars_int_set(f, c->name, cur + val);
        return true;
    case FI_SUB:
        flow_vars_int_set(f, c->name, cur > val ? cur - val : 0);
        return true;
    case FI_EQ:
        return set && cur == val;
    case FI_NE:
        return set && cur != val;
    case FI_LT:
        return set && cur < val;
    case FI_GT:
        return set && cur > val;
    case FI_LE:
        return set && cur <= val;
    case FI_GE:
        return set && cur >= val;
    case FI_ISSET:
    case FI_NOTSET:
        break;
    }
    return false;
}

const struct keyword kw_flowint = {
    .name = "flowint",
    .setup = setup_flowint,
    .match = match_flowint,
    .free = free,
};
