/*
 * rule-addr.c - address and port expressions of rule headers (see rule-addr.h).
 *
 * A recursive-descent parser over the text; variables are parsed from their own text with
 * a depth limit, so "$EXTERNAL_NET" -> "!$HOME_NET" -> "[...]" expands, and a variable that
 * refers to itself is an error rather than a loop.
 */
#include "detect/rule-addr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/compiler.h"
#include "util/err.h"

#define EXPR_MAX_DEPTH 16
#define V4_MAX         ((range_val_t)0xffffffffu)
#define V6_MAX         (~(range_val_t)0)
#define PORT_MAX       ((range_val_t)65535)

enum expr_kind {
    EXPR_ADDR,
    EXPR_PORT,
};

/* One evaluated expression: IPv4 and IPv6 sets for addresses; ports use only a. */
struct vset {
    struct range_set a, b;
};

struct parser {
    const char *s;
    size_t pos, len;
    enum expr_kind kind;
    const struct rule_vars *vars;
    int depth;
    char *err;
    size_t errlen;
};

static void vset_init(struct vset *v)
{
    range_set_init(&v->a);
    range_set_init(&v->b);
}

static void vset_release(struct vset *v)
{
    range_set_release(&v->a);
    range_set_release(&v->b);
}

static int vset_fill(struct vset *v, enum expr_kind kind)
{
    if (kind == EXPR_PORT)
        return range_set_add(&v->a, 0, PORT_MAX);
    if (range_set_add(&v->a, 0, V4_MAX) != VG_OK)
        return VG_ENOMEM;
    return range_set_add(&v->b, 0, V6_MAX);
}

static int vset_union(struct vset *v, const struct vset *o)
{
    if (range_set_union(&v->a, &o->a) != VG_OK)
        return VG_ENOMEM;
    return range_set_union(&v->b, &o->b);
}

static int vset_subtract(struct vset *v, const struct vset *o)
{
    if (range_set_subtract(&v->a, &o->a) != VG_OK)
        return VG_ENOMEM;
    return range_set_subtract(&v->b, &o->b);
}

static int vset_complement(struct vset *v, enum expr_kind kind)
{
    if (kind == EXPR_PORT)
        return range_set_complement(&v->a, PORT_MAX);
    if (range_set_complement(&v->a, V4_MAX) != VG_OK)
        return VG_ENOMEM;
    return range_set_complement(&v->b, V6_MAX);
}

static int fail(struct parser *ps, const char *fmt, ...) VG_PRINTF(2, 3);

static int fail(struct parser *ps, const char *fmt, ...)
{
    va_list ap;

    if (ps->err != NULL && ps->errlen > 0) {
        va_start(ap, fmt);
        vsnprintf(ps->err, ps->errlen, fmt, ap);
        va_end(ap);
    }
    return VG_EINVAL;
}

static void skip_ws(struct parser *ps)
{
    while (ps->pos < ps->len && isspace((unsigned char)ps->s[ps->pos]))
        ps->pos++;
}

static int parse_item(struct parser *ps, struct vset *out, bool *negated);

/* text of one atom: up to ',', ']', '[' or whitespace */
static size_t atom_len(const struct parser *ps)
{
    size_t i = ps->pos;

    while (i < ps->len && ps->s[i] != ',' && ps->s[i] != ']' && ps->s[i] != '[' &&
            !isspace((unsigned char)ps->s[i]))
        i++;
    return i - ps->pos;
}

static range_val_t v6_value(const uint8_t b[16])
{
    range_val_t v = 0;
    int i;

    for (i = 0; i < 16; i++)
        v = (v << 8) | b[i];
    return v;
}

/* Parses one address ("1.2.3.4", "1.2.3.0/24", "::1", "2001:db8::/32") into family/lo/hi. */
static bool parse_one_addr(const char *tok, int *family, range_val_t *lo, range_val_t *hi)
{
    char buf[64];
    char *slash;
    long bits = -1;
    uint8_t b[16];
    range_val_t mask;

    if (strlen(tok) >= sizeof(buf))
        return false;
    memcpy(buf, tok, strlen(tok) + 1);
    slash = strchr(buf, '/');
    if (slash != NULL) {
        char *end;
        *slash = '\0';
        bits = strtol(slash + 1, &end, 10);
        if (*end != '\0' || end == slash + 1)
            return false;
    }
    if (inet_pton(AF_INET, buf, b) == 1) {
        *family = 4;
        if (bits < 0)
            bits = 32;
        if (bits > 32)
            return false;
        *lo = ((range_val_t)b[0] << 24) | ((range_val_t)b[1] << 16) | ((range_val_t)b[2] << 8) |
              b[3];
        mask = bits == 0 ? 0 : (V4_MAX << (32 - bits)) & V4_MAX;
    } else if (inet_pton(AF_INET6, buf, b) == 1) {
        *family = 6;
        if (bits < 0)
            bits = 128;
        if (bits > 128)
            return false;
        *lo = v6_value(b);
        mask = bits == 0 ? 0 : V6_MAX << (128 - bits);
    } else {
        return false;
    }
    *lo &= mask;
    *hi = *lo | (~mask & (*family == 4 ? V4_MAX : V6_MAX));
    return true;
}

static int parse_addr_atom(struct parser *ps, const char *tok, struct vset *out)
{
    char first[64];
    const char *dash;
    int fam1, fam2;
    range_val_t lo1, hi1, lo2, hi2;
    struct range_set *set;

    if (strcmp(tok, "any") == 0)
        return vset_fill(out, EXPR_ADDR);
    dash = strchr(tok, '-');
    if (dash != NULL) {
        size_t n = (size_t)(dash - tok);
        if (n >= sizeof(first))
            return fail(ps, "invalid address range '%s'", tok);
        memcpy(first, tok, n);
        first[n] = '\0';
        if (!parse_one_addr(first, &fam1, &lo1, &hi1) ||
                !parse_one_addr(dash + 1, &fam2, &lo2, &hi2) || fam1 != fam2 || lo1 > hi2)
            return fail(ps, "invalid address range '%s'", tok);
        set = fam1 == 4 ? &out->a : &out->b;
        return range_set_add(set, lo1, hi2);
    }
    if (!parse_one_addr(tok, &fam1, &lo1, &hi1))
        return fail(ps, "invalid address '%s'", tok);
    set = fam1 == 4 ? &out->a : &out->b;
    return range_set_add(set, lo1, hi1);
}

static bool parse_port_num(const char *s, size_t n, range_val_t *v)
{
    unsigned long x = 0;
    size_t i;

    if (n == 0 || n > 5)
        return false;
    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        x = x * 10 + (unsigned long)(s[i] - '0');
    }
    if (x > 65535)
        return false;
    *v = x;
    return true;
}

static int parse_port_atom(struct parser *ps, const char *tok, struct vset *out)
{
    const char *colon;
    range_val_t lo, hi;

    if (strcmp(tok, "any") == 0)
        return vset_fill(out, EXPR_PORT);
    colon = strchr(tok, ':');
    if (colon == NULL) {
        if (!parse_port_num(tok, strlen(tok), &lo))
            return fail(ps, "invalid port '%s'", tok);
        return range_set_add(&out->a, lo, lo);
    }
    lo = 0;
    hi = PORT_MAX;
    if (colon != tok && !parse_port_num(tok, (size_t)(colon - tok), &lo))
        return fail(ps, "invalid port range '%s'", tok);
    if (colon[1] != '\0' && !parse_port_num(colon + 1, strlen(colon + 1), &hi))
        return fail(ps, "invalid port range '%s'", tok);
    if (lo > hi)
        return fail(ps, "invalid port range '%s'", tok);
    return range_set_add(&out->a, lo, hi);
}

static int parse_text(const struct parser *parent, const char *text, struct vset *out);

static int parse_var(struct parser *ps, const char *name, struct vset *out)
{
    const char *val =
            ps->kind == EXPR_ADDR ? rule_vars_addr(ps->vars, name) : rule_vars_port(ps->vars, name);
    if (val == NULL)
        return fail(ps, "unknown variable $%s", name);
    return parse_text(ps, val, out);
}

static int parse_list(struct parser *ps, struct vset *out)
{
    struct vset pos, neg, item;
    bool has_pos = false, negated;
    int rc = VG_OK;

    vset_init(&pos);
    vset_init(&neg);
    ps->pos++; /* '[' */
    for (;;) {
        skip_ws(ps);
        if (ps->pos < ps->len && ps->s[ps->pos] == ']')
            break;
        vset_init(&item);
        rc = parse_item(ps, &item, &negated);
        if (rc == VG_OK) {
            if (negated) {
                rc = vset_union(&neg, &item);
            } else {
                has_pos = true;
                rc = vset_union(&pos, &item);
            }
        }
        vset_release(&item);
        if (rc != VG_OK)
            goto out;
        skip_ws(ps);
        if (ps->pos < ps->len && ps->s[ps->pos] == ',') {
            ps->pos++;
            continue;
        }
        if (ps->pos < ps->len && ps->s[ps->pos] == ']')
            break;
        rc = fail(ps, "%s: expected ',' or ']'", ps->s);
        goto out;
    }
    ps->pos++; /* ']' */
    if (!has_pos)
        rc = vset_fill(&pos, ps->kind);
    if (rc == VG_OK)
        rc = vset_subtract(&pos, &neg);
    if (rc == VG_OK)
        rc = vset_union(out, &pos);
out:
    vset_release(&pos);
    vset_release(&neg);
    return rc;
}

/* One member: ['!'] ( '[' list ']' | '$VAR' | atom ). The negation is reported, not
 * applied, so lists can subtract it. */
static int parse_item(struct parser *ps, struct vset *out, bool *negated)
{
    char tok[128];
    size_t n;

    *negated = false;
    skip_ws(ps);
    while (ps->pos < ps->len && ps->s[ps->pos] == '!') {
        *negated = !*negated;
        ps->pos++;
        skip_ws(ps);
    }
    if (ps->pos >= ps->len)
        return fail(ps, "%s: unexpected end", ps->s);
    if (ps->s[ps->pos] == '[') {
        int rc;
        if (ps->depth + 1 > EXPR_MAX_DEPTH)
            return fail(ps, "%s: nested too deep", ps->s);
        ps->depth++;
        rc = parse_list(ps, out);
        ps->depth--;
        return rc;
    }
    n = atom_len(ps);
    if (n == 0 || n >= sizeof(tok))
        return fail(ps, "%s: invalid value", ps->s);
    memcpy(tok, ps->s + ps->pos, n);
    tok[n] = '\0';
    ps->pos += n;
    if (tok[0] == '$')
        return parse_var(ps, tok + 1, out);
    if (ps->kind == EXPR_ADDR)
        return parse_addr_atom(ps, tok, out);
    return parse_port_atom(ps, tok, out);
}

static int parse_top(struct parser *ps, struct vset *out)
{
    bool negated;
    int rc = parse_item(ps, out, &negated);

    if (rc != VG_OK)
        return rc;
    skip_ws(ps);
    if (ps->pos != ps->len)
        return fail(ps, "%s: trailing characters", ps->s);
    if (negated)
        return vset_complement(out, ps->kind);
    return VG_OK;
}

static int parse_text(const struct parser *parent, const char *text, struct vset *out)
{
    struct parser ps = *parent;

    ps.s = text;
    ps.pos = 0;
    ps.len = strlen(text);
    if (++ps.depth > EXPR_MAX_DEPTH)
        return fail(&ps, "%s: variables nested too deep (a loop?)", text);
    return parse_top(&ps, out);
}

static int parse_expr(enum expr_kind kind, const char *text, const struct rule_vars *vars,
        struct vset *out, char *err, size_t errlen)
{
    struct parser ps = { 0 };
    int rc;

    ps.kind = kind;
    ps.vars = vars;
    ps.err = err;
    ps.errlen = errlen;
    vset_init(out);
    rc = parse_text(&ps, text, out);
    if (rc == VG_OK && range_set_is_empty(&out->a) && range_set_is_empty(&out->b))
        rc = fail(&ps, "%s: matches nothing", text);
    if (rc != VG_OK) {
        vset_release(out);
        vset_init(out);
    }
    if (rc == VG_ENOMEM)
        fail(&ps, "%s", "out of memory");
    return rc;
}

int addr_set_parse(struct addr_set *out, const char *text, const struct rule_vars *vars, char *err,
        size_t errlen)
{
    struct vset v;
    int rc = parse_expr(EXPR_ADDR, text, vars, &v, err, errlen);

    out->v4 = v.a;
    out->v6 = v.b;
    return rc;
}

void addr_set_release(struct addr_set *s)
{
    range_set_release(&s->v4);
    range_set_release(&s->v6);
}

bool addr_set_is_any(const struct addr_set *s)
{
    return range_set_is_full(&s->v4, V4_MAX) && range_set_is_full(&s->v6, V6_MAX);
}

bool addr_set_match(const struct addr_set *s, uint8_t ip_ver, const struct vg_addr *a)
{
    if (ip_ver == 4) {
        range_val_t v = ((range_val_t)a->b[0] << 24) | ((range_val_t)a->b[1] << 16) |
                        ((range_val_t)a->b[2] << 8) | a->b[3];
        return range_set_contains(&s->v4, v);
    }
    if (ip_ver == 6)
        return range_set_contains(&s->v6, v6_value(a->b));
    return false;
}

int port_set_parse(struct port_set *out, const char *text, const struct rule_vars *vars, char *err,
        size_t errlen)
{
    struct vset v;
    int rc = parse_expr(EXPR_PORT, text, vars, &v, err, errlen);

    out->ports = v.a;
    range_set_release(&v.b);
    return rc;
}

void port_set_release(struct port_set *s)
{
    range_set_release(&s->ports);
}

bool port_set_is_any(const struct port_set *s)
{
    return range_set_is_full(&s->ports, PORT_MAX);
}

bool port_set_match(const struct port_set *s, uint16_t port)
{
    return range_set_contains(&s->ports, port);
}
