/*
 * num-cmp.c - the numeric comparison value of bsize and dsize (and similar keywords).
 *
 * "<n>" or "=<n>" equal, "!<n>" or "!=<n>" different, "<n" ">n" "<=n" ">=n",
 * "<lo><><hi>" strictly between (lo < v < hi, lo < hi required), as Suricata's unsigned
 * integer keyword values.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

static bool parse_u(const char *s, const char *end, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;

    while (s < end && isspace((unsigned char)*s))
        s++;
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    if (s == end)
        return false;
    for (; s < end; s++) {
        if (!isdigit((unsigned char)*s))
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

int num_cmp_parse(const char *s, uint64_t max, struct num_cmp *out, char *err, size_t errlen)
{
    const char *range, *end;

    memset(out, 0, sizeof(*out));
    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s);
    range = strstr(s, "<>");
    if (range != NULL) {
        out->op = NUM_RANGE;
        if (!parse_u(s, range, max, &out->lo) || !parse_u(range + 2, end, max, &out->hi))
            goto bad;
        if (out->lo >= out->hi) {
            snprintf(
                    err, errlen, "invalid range '%.32s': the minimum must be below the maximum", s);
            return VG_EINVAL;
        }
        return VG_OK;
    }
    if (s[0] == '<' && s[1] == '=') {
        out->op = NUM_LE;
        s += 2;
    } else if (s[0] == '>' && s[1] == '=') {
        out->op = NUM_GE;
        s += 2;
    } else if (s[0] == '!' && s[1] == '=') {
        out->op = NUM_NE;
        s += 2;
    } else if (s[0] == '<') {
        out->op = NUM_LT;
        s++;
    } else if (s[0] == '>') {
        out->op = NUM_GT;
        s++;
    } else if (s[0] == '!') {
        out->op = NUM_NE;
        s++;
    } else if (s[0] == '=') {
        out->op = NUM_EQ;
        s++;
    } else {
        out->op = NUM_EQ;
    }
    if (!parse_u(s, end, max, &out->lo))
        goto bad;
    if (out->op == NUM_LT && out->lo == 0) {
        snprintf(err, errlen, "'<0' can never match");
        return VG_EINVAL;
    }
    return VG_OK;
bad:
    snprintf(err, errlen, "invalid numeric value '%.32s'", s);
    return VG_EINVAL;
}

bool num_cmp_eval(const struct num_cmp *c, uint64_t v)
{
    switch (c->op) {
    case NUM_EQ:
        return v == c->lo;
    case NUM_NE:
        return v != c->lo;
    case NUM_LT:
        return v < c->lo;
    case NUM_GT:
        return v > c->lo;
    case NUM_LE:
        return v <= c->lo;
    case NUM_GE:
        return v >= c->lo;
    case NUM_RANGE:
        return v > c->lo && v < c->hi;
    }
    return false;
}
