/*
 * content.c - the content keyword and its modifiers.
 *
 * content:[!]"text|41 42|more"; text with \" \\ \; \: escapes and |hex| blocks. The
 * modifiers (nocase, depth, offset, distance, within, startswith, endswith, fast_pattern,
 * rawbytes) change the last content of the rule, checked as Suricata does: a modifier
 * given twice, absolute (offset/depth/startswith) mixed with relative (distance/within),
 * depth or within shorter than the pattern, fast_pattern on two contents, fast_pattern:only
 * with any positional modifier or a negated content, a chop past the pattern's end: each
 * is a rule error. offset/depth/distance/within accept a byte_extract variable.
 * distance/within also flag the item before the content with CONTENT_F_RELATIVE_NEXT.
 */
#include "detect/content.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

#define CONTENT_MAX_LEN 65535

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int content_parse_pattern(
        const char *value, uint8_t **pat, uint16_t *len, bool *neg, char *err, size_t errlen)
{
    const char *s = value, *e;
    uint8_t *out;
    size_t n = 0;
    bool hex = false, escape = false;
    int hi = -1;

    *pat = NULL;
    *len = 0;
    *neg = false;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '!') {
        *neg = true;
        s++;
        while (isspace((unsigned char)*s))
            s++;
    }
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if (e - s < 2 || s[0] != '"' || e[-1] != '"') {
        snprintf(err, errlen, "content: value must be within double quotes");
        return VG_EINVAL;
    }
    s++;
    e--;
    out = malloc((size_t)(e - s) + 1);
    if (out == NULL)
        return VG_ENOMEM;
    for (; s < e; s++) {
        int c = (unsigned char)*s;

        if (hex) {
            if (c == '|') {
                if (hi >= 0)
                    goto bad_hex;
                hex = false;
            } else if (isspace(c)) {
                continue;
            } else if (hexval(c) < 0) {
                goto bad_hex;
            } else if (hi < 0) {
                hi = hexval(c);
            } else {
                out[n++] = (uint8_t)(hi << 4 | hexval(c));
                hi = -1;
            }
        } else if (escape) {
            if (c != '\\' && c != ';' && c != ':' && c != '"') {
                snprintf(err, errlen,
                        "content: '%c' has no meaning escaped (only \\\" \\\\ \\; \\:)", c);
                goto fail;
            }
            out[n++] = (uint8_t)c;
            escape = false;
        } else if (c == '\\') {
            escape = true;
        } else if (c == '|') {
            hex = true;
        } else if (c == '"') {
            snprintf(err, errlen, "content: '\"' must be escaped");
            goto fail;
        } else {
            out[n++] = (uint8_t)c;
        }
    }
    if (hex) {
        snprintf(err, errlen, "content: missing closing '|' of a hex block");
        goto fail;
    }
    if (escape) {
        snprintf(err, errlen, "content: trailing backslash");
        goto fail;
    }
    if (n == 0) {
        snprintf(err, errlen, "content: empty pattern");
        goto fail;
    }
    if (n > CONTENT_MAX_LEN) {
        snprintf(err, errlen, "content: pattern longer than %d bytes", CONTENT_MAX_LEN);
        goto fail;
    }
    *pat = out;
    *len = (uint16_t)n;
    return VG_OK;
bad_hex:
    snprintf(err, errlen, "content: invalid hex code in content");
fail:
    free(out);
    return VG_EINVAL;
}

static void content_free(void *ctx)
{
    struct content *cd = ctx;

    if (cd != NULL)
        free(cd->pat);
    free(cd);
}

/* The list and index holding m, or NULL. */
static struct sig_list *list_of(struct sig_builder *b, const struct sig_match *m, uint16_t *idx)
{
    struct sig *s = sig_builder_sig(b);

    for (uint8_t i = 0; i < s->n_bufs; i++) {
        struct sig_list *l = &s->bufs[i].list;

        if (l->n > 0 && m >= l->m && m < l->m + l->n) {
            *idx = (uint16_t)(m - l->m);
            return l;
        }
    }
    return NULL;
}

void content_mark_relative_next(struct sig_builder *b)
{
    struct sig_match *m = sig_builder_last_any(b);

    if (m != NULL && m->kw != NULL && m->kw->pm_kind == PM_CONTENT)
        ((struct content *)m->ctx)->flags |= CONTENT_F_RELATIVE_NEXT;
}

static int setup_content(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct content *cd = calloc(1, sizeof(*cd));
    bool neg;
    int rc;

    if (cd == NULL)
        return VG_ENOMEM;
    rc = content_parse_pattern(value, &cd->pat, &cd->len, &neg, err, errlen);
    if (rc != VG_OK) {
        free(cd);
        return rc;
    }
    if (neg)
        cd->flags |= CONTENT_F_NEGATED;
    return sig_builder_add_payload(b, &kw_content, cd);
}

/* The content a modifier applies to, or NULL with err set. */
static struct content *last_content(struct sig_builder *b, const char *kw, char *err, size_t errlen)
{
    struct sig_match *m = sig_builder_last_payload(b, PM_CONTENT);

    if (m == NULL) {
        snprintf(err, errlen, "%s needs a preceding content option", kw);
        return NULL;
    }
    return m->ctx;
}

/* Checks the combination of modifiers now set on cd. */
static int check_content(const struct content *cd, char *err, size_t errlen)
{
    uint32_t f = cd->flags;
    bool rel = f & (CONTENT_F_DISTANCE | CONTENT_F_WITHIN);
    bool abs = f & (CONTENT_F_OFFSET | CONTENT_F_DEPTH);

    if (rel && abs) {
        snprintf(err, errlen,
                "can't use a relative keyword like within/distance with an "
                "absolute keyword like depth/offset for the same content");
        return VG_EINVAL;
    }
    if ((f & CONTENT_F_FP_ONLY) &&
            (rel || abs || (f & (CONTENT_F_NEGATED | CONTENT_F_STARTSWITH | CONTENT_F_ENDSWITH)))) {
        snprintf(err, errlen,
                "fast_pattern:only cannot be used with negated content or with "
                "distance, within, offset, depth, startswith or endswith");
        return VG_EINVAL;
    }
    if ((f & CONTENT_F_FP_CHOP) && (f & CONTENT_F_NEGATED)) {
        snprintf(err, errlen, "fast_pattern:offset,length cannot be used with negated content");
        return VG_EINVAL;
    }
    if ((f & CONTENT_F_FAST_PATTERN) && (f & CONTENT_F_NEGATED) && rel) {
        snprintf(err, errlen,
                "fast_pattern cannot be used on a negated content with relative "
                "modifiers");
        return VG_EINVAL;
    }
    return VG_OK;
}

/* Parses a modifier's number (or variable when var_flag != 0) into *out. */
static int mod_value(struct sig_builder *b, struct content *cd, const char *kw, const char *v,
        uint32_t var_flag, bool allow_neg, int32_t *out, char *err, size_t errlen)
{
    int64_t n;
    bool is_var;

    if (byte_parse_num_or_var(b, v, &n, &is_var, err, errlen) != VG_OK) {
        snprintf(err, errlen, "%s: invalid value '%.64s'", kw, v);
        return VG_EINVAL;
    }
    if (is_var) {
        cd->flags |= var_flag;
    } else if (n > 65535 * 16 || n < (allow_neg ? -65535 : 0)) {
        snprintf(err, errlen, "%s: value %lld out of range", kw, (long long)n);
        return VG_EINVAL;
    }
    *out = (int32_t)n;
    return VG_OK;
}

static int setup_nocase(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct content *cd = last_content(b, "nocase", err, errlen);

    if (cd == NULL)
        return VG_EINVAL;
    if (cd->flags & CONTENT_F_NOCASE) {
        snprintf(err, errlen, "can't use multiple nocase modifiers with the same content");
        return VG_EINVAL;
    }
    cd->flags |= CONTENT_F_NOCASE;
    return VG_OK;
}

static int setup_rawbytes(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct content *cd = last_content(b, "rawbytes", err, errlen);

    if (cd == NULL)
        return VG_EINVAL;
    cd->flags |= CONTENT_F_RAWBYTES; /* no-op in Suricata: payloads are never normalized */
    return VG_OK;
}

static int setup_depth(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct content *cd = last_content(b, "depth", err, errlen);

    if (cd == NULL)
        return VG_EINVAL;
    if (cd->flags & (CONTENT_F_DEPTH | CONTENT_F_STARTSWITH)) {
        snprintf(err, errlen,
                "can't use multiple depths (or depth with startswith) for the "
                "same content");
        return VG_EINVAL;
    }
    if (mod_value(b, cd, "depth", v, CONTENT_F_DEPTH_VAR, false, &cd->depth, err, errlen))
        return VG_EINVAL;
    if (!(cd->flags & CONTENT_F_DEPTH_VAR) && cd->depth < cd->len) {
        snprintf(err, errlen, "depth %d smaller than content length %u", cd->depth, cd->len);
        return VG_EINVAL;
    }
    cd->flags |= CONTENT_F_DEPTH;
    return check_content(cd, err, errlen);
}

static int setup_offset(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct content *cd = last_content(b, "offset", err, errlen);

    if (cd == NULL)
        return VG_EINVAL;
    if (cd->flags & (CONTENT_F_OFFSET | CONTENT_F_STARTSWITH)) {
        snprintf(err, errlen,
                "can't use multiple offsets (or offset with startswith) for the "
                "same content");
        return VG_EINVAL;
    }
    if (mod_value(b, cd, "offset", v, CONTENT_F_OFFSET_VAR, false, &cd->offset, err, errlen))
        return VG_EINVAL;
    cd->flags |= CONTENT_F_OFFSET;
    return check_content(cd, err, errlen);
}

/* Flags the payload item before cd's (in the same list) as followed by a relative one. */
static void mark_prev(struct sig_builder *b)
{
    struct sig_match *m = sig_builder_last_payload(b, PM_CONTENT);
    struct sig_list *l;
    uint16_t idx = 0;

    if (m == NULL || (l = list_of(b, m, &idx)) == NULL || idx == 0)
        return;
    if (l->m[idx - 1].kw->pm_kind == PM_CONTENT)
        ((struct content *)l->m[idx - 1].ctx)->flags |= CONTENT_F_RELATIVE_NEXT;
}

static int setup_distance(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct content *cd = last_content(b, "distance", err, errlen);

    if (cd == NULL)
        return VG_EINVAL;
    if (cd->flags & (CONTENT_F_DISTANCE | CONTENT_F_STARTSWITH)) {
        snprintf(err, errlen,
                "can't use multiple distances (or distance with startswith) "
                "for the same content");
        return VG_EINVAL;
    }
    if (mod_value(b, cd, "distance", v, CONTENT_F_DISTANCE_VAR, true, &cd->distance, err, errlen))
        return VG_EINVAL;
    cd->flags |= CONTENT_F_DISTANCE;
    mark_prev(b);
    return check_content(cd, err, errlen);
}

static int setup_within(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct content *cd = last_content(b, "within", err, errlen);

    if (cd == NULL)
        return VG_EINVAL;
    if (cd->flags & (CONTENT_F_WITHIN | CONTENT_F_STARTSWITH)) {
        snprintf(err, errlen,
                "can't use multiple withins (or within with startswith) for the "
                "same content");
        return VG_EINVAL;
    }
    if (mod_value(b, cd, "within", v, CONTENT_F_WITHIN_VAR, false, &cd->within, err, errlen))
        return VG_EINVAL;
    if (!(cd->flags & CONTENT_F_WITHIN_VAR) && cd->within < cd->len) {
        snprintf(err, errlen, "within argument %d is less than the content length %u", cd->within,
                cd->len);
        return VG_EINVAL;
    }
    cd->flags |= CONTENT_F_WITHIN;
    mark_prev(b);
    return check_content(cd, err, errlen);
}

static int setup_startswith(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct content *cd = last_content(b, "startswith", err, errlen);

    if (cd == NULL)
        return VG_EINVAL;
    if (cd->flags & (CONTENT_F_STARTSWITH | CONTENT_F_DEPTH | CONTENT_F_OFFSET |
                            CONTENT_F_DISTANCE | CONTENT_F_WITHIN)) {
        snprintf(err, errlen,
                "startswith cannot be mixed with depth, offset, distance, "
                "within or another startswith");
        return VG_EINVAL;
    }
    cd->flags |= CONTENT_F_STARTSWITH | CONTENT_F_DEPTH;
    cd->depth = cd->len;
    cd->offset = 0;
    return check_content(cd, err, errlen);
}

static int setup_endswith(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct content *cd = last_content(b, "endswith", err, errlen);

    if (cd == NULL)
        return VG_EINVAL;
    if (cd->flags & CONTENT_F_ENDSWITH) {
        snprintf(err, errlen, "can't use multiple endswith for the same content");
        return VG_EINVAL;
    }
    cd->flags |= CONTENT_F_ENDSWITH;
    return check_content(cd, err, errlen);
}

/* True if a content of the rule already has fast_pattern. */
static bool rule_has_fp(struct sig_builder *b)
{
    struct sig *s = sig_builder_sig(b);

    for (uint8_t i = 0; i < s->n_bufs; i++) {
        const struct sig_list *l = &s->bufs[i].list;

        for (uint16_t j = 0; j < l->n; j++) {
            if (l->m[j].kw->pm_kind == PM_CONTENT &&
                    (((const struct content *)l->m[j].ctx)->flags & CONTENT_F_FAST_PATTERN))
                return true;
        }
    }
    return false;
}

static int setup_fast_pattern(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct content *cd = last_content(b, "fast_pattern", err, errlen);

    if (cd == NULL)
        return VG_EINVAL;
    if (rule_has_fp(b)) {
        snprintf(err, errlen, "fast_pattern can be used on only one content in a rule");
        return VG_EINVAL;
    }
    if (v != NULL && strcmp(v, "only") == 0) {
        cd->flags |= CONTENT_F_FP_ONLY;
    } else if (v != NULL) {
        char tmp[64], *f[3];
        int64_t off, len;

        snprintf(tmp, sizeof(tmp), "%s", v);
        if (byte_split(tmp, f, 3) != 2 || !byte_parse_int(f[0], &off) ||
                !byte_parse_int(f[1], &len) || off < 0 || len <= 0 || off > 65535 || len > 65535) {
            snprintf(
                    err, errlen, "fast_pattern: invalid value '%.32s' (only, or offset,length)", v);
            return VG_EINVAL;
        }
        if (off + len > cd->len) {
            snprintf(err, errlen,
                    "fast_pattern (length + offset) (%lld + %lld) exceeds the "
                    "content length %u",
                    (long long)len, (long long)off, cd->len);
            return VG_EINVAL;
        }
        cd->flags |= CONTENT_F_FP_CHOP;
        cd->fp_chop_offset = (uint16_t)off;
        cd->fp_chop_len = (uint16_t)len;
    }
    cd->flags |= CONTENT_F_FAST_PATTERN;
    return check_content(cd, err, errlen);
}

const struct keyword kw_content = {
    .name = "content",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_CONTENT,
    .setup = setup_content,
    .free = content_free,
};

#define CONTENT_MODIFIER(ident, kwname, fl, fn)                                                    \
    const struct keyword ident = { .name = kwname, .flags = KW_F_MODIFIER | (fl), .setup = fn }

CONTENT_MODIFIER(kw_nocase, "nocase", KW_F_NOVALUE, setup_nocase);
CONTENT_MODIFIER(kw_rawbytes, "rawbytes", KW_F_NOVALUE, setup_rawbytes);
CONTENT_MODIFIER(kw_depth, "depth", 0, setup_depth);
CONTENT_MODIFIER(kw_offset, "offset", 0, setup_offset);
CONTENT_MODIFIER(kw_distance, "distance", 0, setup_distance);
CONTENT_MODIFIER(kw_within, "within", 0, setup_within);
CONTENT_MODIFIER(kw_startswith, "startswith", KW_F_NOVALUE, setup_startswith);
CONTENT_MODIFIER(kw_endswith, "endswith", KW_F_NOVALUE, setup_endswith);
CONTENT_MODIFIER(kw_fast_pattern, "fast_pattern", KW_F_OPTIONAL_VALUE, setup_fast_pattern);
