/*
 * meta.c - the meta keywords: msg, sid, rev, gid, classtype, priority, reference, metadata,
 * target, noalert (tag: kw/tag-keywords.c).
 *
 * They describe the rule rather than match traffic, so their setup() writes fields of the
 * struct sig directly and adds nothing to its lists. Semantics follow Suricata: sid, rev,
 * gid, classtype and priority may appear once (target may repeat, not contradict); classtype must
 * exist in classification.config when one is loaded and sets the priority unless priority: is given
 * (in any order); numbers accept optional double quotes.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/engine-int.h"
#include "detect/keyword.h"
#include "detect/rule-parse.h"
#include "detect/rule-text.h"
#include "util/compiler.h"
#include "util/err.h"

#define META_MAX_ITEMS 256 /* metadata entries and references per rule */

static int fail(char *err, size_t errlen, const char *fmt, ...) VG_PRINTF(3, 4);

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return VG_EINVAL;
}

/* A trimmed, unquoted copy of v; NULL on allocation failure. */
static char *clean_copy(const char *v)
{
    size_t len;
    char *s, *p;

    while (isspace((unsigned char)*v))
        v++;
    s = strdup(v);
    if (s == NULL)
        return NULL;
    len = strlen(s);
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        s[--len] = '\0';
    p = rule_unquote(s);
    if (p != s)
        memmove(s, p, strlen(p) + 1);
    return s;
}

/* Parses a decimal uint32, optionally in double quotes, surrounded by white space. */
static bool parse_u32(const char *v, uint32_t *out)
{
    const char *p = v;
    bool quoted = false;
    uint64_t n = 0;
    int digits = 0;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '"') {
        quoted = true;
        p++;
    }
    while (isdigit((unsigned char)*p)) {
        n = n * 10 + (uint64_t)(*p++ - '0');
        if (n > UINT32_MAX)
            return false;
        digits++;
    }
    if (digits == 0)
        return false;
    if (quoted && *p++ != '"')
        return false;
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '\0')
        return false;
    *out = (uint32_t)n;
    return true;
}

static int once(struct sig_builder *b, unsigned what, const char *name, char *err, size_t errlen)
{
    if (!sig_builder_once(b, what))
        return fail(err, errlen, "duplicated '%s' keyword detected", name);
    return VG_OK;
}

static int setup_msg(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);
    char *m = clean_copy(v);

    if (m == NULL)
        return VG_ENOMEM;
    free(s->msg);
    s->msg = m;
    return VG_OK;
}

static int setup_sid(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);
    uint32_t n;

    if (once(b, SIG_ONCE_SID, "sid", err, errlen) != VG_OK)
        return VG_EINVAL;
    if (!parse_u32(v, &n))
        return fail(err, errlen, "invalid sid \"%.64s\"", v);
    if (n == 0)
        return fail(err, errlen, "sid value 0 is invalid");
    s->sid = n;
    return VG_OK;
}

static int setup_rev(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);

    if (once(b, SIG_ONCE_REV, "rev", err, errlen) != VG_OK)
        return VG_EINVAL;
    if (!parse_u32(v, &s->rev))
        return fail(err, errlen, "invalid rev \"%.64s\"", v);
    return VG_OK;
}

static int setup_gid(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);

    if (once(b, SIG_ONCE_GID, "gid", err, errlen) != VG_OK)
        return VG_EINVAL;
    if (!parse_u32(v, &s->gid))
        return fail(err, errlen, "invalid gid \"%.64s\"", v);
    return VG_OK;
}

static bool valid_class_name(const char *s)
{
    if (!isalpha((unsigned char)*s))
        return false;
    for (; *s != '\0'; s++) {
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return false;
    }
    return true;
}

static int setup_classtype(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);
    struct detect_engine *de = sig_builder_engine(b);
    const struct classification *c;
    char *name;
    int rc = VG_OK;

    if (once(b, SIG_ONCE_CLASSTYPE, "classtype", err, errlen) != VG_OK)
        return VG_EINVAL;
    name = clean_copy(v);
    if (name == NULL)
        return VG_ENOMEM;
    if (!valid_class_name(name)) {
        rc = fail(err, errlen, "invalid classtype \"%.64s\"", name);
        goto out_free_name;
    }
    c = classification_find(&de->classes, name);
    if (c != NULL) {
        s->class_name = c->name;
        s->class_msg = c->desc;
        if (!sig_builder_seen(b, SIG_ONCE_PRIORITY))
            s->priority = c->priority;
    } else if (de->classes.loaded) {
        rc = fail(err, errlen, "unknown classtype \"%.64s\"", name);
    } else {
        s->class_name = detect_engine_intern(de, name);
        if (s->class_name == NULL)
            rc = VG_ENOMEM;
    }
out_free_name:
    free(name);
    return rc;
}

static int setup_priority(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);
    uint32_t n;

    if (once(b, SIG_ONCE_PRIORITY, "priority", err, errlen) != VG_OK)
        return VG_EINVAL;
    if (!parse_u32(v, &n) || n < 1 || n > 255)
        return fail(err, errlen, "invalid priority \"%.64s\": expected 1..255", v);
    s->priority = (int)n;
    return VG_OK;
}

static char *trim_dup(const char *p, size_t len)
{
    while (len > 0 && isspace((unsigned char)*p)) {
        p++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)p[len - 1]))
        len--;
    return strndup(p, len);
}

static bool valid_ref_system(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
            return false;
    }
    return true;
}

static int setup_reference(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);
    char *copy, *comma, *system = NULL, *value = NULL;
    struct sig_ref *refs;
    int rc = VG_EINVAL;

    if (s->n_refs >= META_MAX_ITEMS)
        return fail(err, errlen, "too many references");
    copy = clean_copy(v);
    if (copy == NULL)
        return VG_ENOMEM;
    comma = strchr(copy, ',');
    if (comma == NULL) {
        rc = fail(err, errlen, "invalid reference \"%.64s\": expected \"system,id\"", copy);
        goto out_free;
    }
    system = trim_dup(copy, (size_t)(comma - copy));
    value = clean_copy(comma + 1);
    if (system == NULL || value == NULL) {
        rc = VG_ENOMEM;
        goto out_free;
    }
    if (!valid_ref_system(system) || value[0] == '\0') {
        rc = fail(err, errlen, "invalid reference \"%.64s\": expected \"system,id\"", copy);
        goto out_free;
    }
    /* An unknown system is accepted, as Suricata does outside its strict mode. */
    refs = realloc(s->refs, (s->n_refs + 1) * sizeof(*refs));
    if (refs == NULL) {
        rc = VG_ENOMEM;
        goto out_free;
    }
    s->refs = refs;
    /* interned: ET Open's 42k references name few systems and repeat many ids */
    refs[s->n_refs].system = detect_engine_intern(sig_builder_engine(b), system);
    refs[s->n_refs].value = detect_engine_intern(sig_builder_engine(b), value);
    if (refs[s->n_refs].system == NULL || refs[s->n_refs].value == NULL) {
        rc = VG_ENOMEM;
        goto out_free;
    }
    s->n_refs++;
    rc = VG_OK;
out_free:
    free(system);
    free(value);
    free(copy);
    return rc;
}

/* Rebuilds s->metadata: the old entries, then the n new ones, interned in the engine (ET
 * Open repeats 5,448 distinct entries 195,079 times): only the pointer array is the sig's. */
static int append_metadata(
        struct detect_engine *de, struct sig *s, const char *const *item, size_t n)
{
    const char **v = realloc(s->metadata, (s->n_metadata + n) * sizeof(*v));

    if (v == NULL)
        return VG_ENOMEM;
    s->metadata = v;
    for (size_t i = 0; i < n; i++) {
        v[s->n_metadata] = detect_engine_intern(de, item[i]);
        if (v[s->n_metadata] == NULL)
            return VG_ENOMEM;
        s->n_metadata++;
    }
    return VG_OK;
}

static int setup_metadata(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);
    const char *item[META_MAX_ITEMS];
    size_t n = 0;
    char *copy = clean_copy(v), *p;
    int rc = VG_OK;

    if (copy == NULL)
        return VG_ENOMEM;
    for (p = copy;;) {
        char *end = p + strcspn(p, ","), *a = p, *z = end;
        bool last = *end == '\0';

        while (a < z && isspace((unsigned char)*a))
            a++;
        while (z > a && isspace((unsigned char)z[-1]))
            z--;
        if (z > a) {
            if (s->n_metadata + n >= META_MAX_ITEMS) {
                rc = fail(err, errlen, "too many metadata entries");
                break;
            }
            *z = '\0';
            item[n++] = a;
        }
        if (last)
            break;
        p = end + 1;
    }
    if (rc == VG_OK && n > 0)
        rc = append_metadata(sig_builder_engine(b), s, item, n);
    free(copy);
    return rc;
}

static int setup_target(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);
    char *t = clean_copy(v);
    uint32_t flag = 0;
    int rc = VG_OK;

    if (t == NULL)
        return VG_ENOMEM;
    /* ET Open repeats target:src_ip in one rule (Suricata accepts it): a repeat is fine,
     * a contradiction is not. */
    if (strcmp(t, "src_ip") == 0)
        flag = SIG_F_TARGET_SRC;
    else if (strcmp(t, "dest_ip") == 0)
        flag = SIG_F_TARGET_DST;
    else
        rc = fail(err, errlen, "invalid target \"%.64s\": expected src_ip or dest_ip", t);
    if (rc == VG_OK && (s->flags & (SIG_F_TARGET_SRC | SIG_F_TARGET_DST) & ~flag))
        rc = fail(err, errlen, "conflicting 'target' keywords");
    if (rc == VG_OK)
        s->flags |= flag;
    free(t);
    return rc;
}

static int setup_noalert(struct sig_builder *b, const char *v, char *err, size_t errlen)
{
    sig_builder_sig(b)->flags |= SIG_F_NOALERT;
    return VG_OK;
}

const struct keyword kw_msg = { .name = "msg", .setup = setup_msg };
const struct keyword kw_sid = { .name = "sid", .setup = setup_sid };
const struct keyword kw_rev = { .name = "rev", .setup = setup_rev };
const struct keyword kw_gid = { .name = "gid", .setup = setup_gid };
const struct keyword kw_classtype = { .name = "classtype", .setup = setup_classtype };
const struct keyword kw_priority = { .name = "priority", .setup = setup_priority };
const struct keyword kw_reference = { .name = "reference", .setup = setup_reference };
const struct keyword kw_metadata = { .name = "metadata", .setup = setup_metadata };
const struct keyword kw_target = { .name = "target", .setup = setup_target };
const struct keyword kw_noalert = {
    .name = "noalert", .flags = KW_F_NOVALUE, .setup = setup_noalert
};
/* requires: evaluated by rule_parse() before anything else (an unmet requirement skips the
 * rule, even one with keywords this engine does not know); met, it is a no-op here. */
const struct keyword kw_requires = { .name = "requires", .flags = KW_F_NOOP };
