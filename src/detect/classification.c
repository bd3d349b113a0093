/*
 * classification.c - reading classification.config (see classification.h).
 *
 * Line format (Suricata's): "config classification: NAME,DESCRIPTION,PRIORITY". The name is
 * the text up to the first comma, the priority the digits after the last one, and the
 * description everything between (so a description may hold commas). Small table, linear
 * lookup: ET Open's config has about 40 entries.
 */
#include "detect/classification.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect/config-lines.h"
#include "util/err.h"

#define CLASS_PREFIX      "config classification:"
#define CLASS_MAX_NAME    256
#define CLASS_MAX_ENTRIES 10000

void classification_table_init(struct classification_table *t)
{
    memset(t, 0, sizeof(*t));
}

void classification_table_release(struct classification_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].name);
        free(t->v[i].desc);
    }
    free(t->v);
    classification_table_init(t);
}

static int fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return VG_EINVAL;
}

/* Copies [s, e) trimmed of white space into a new string; NULL on allocation failure. */
static char *dup_trim(const char *s, const char *e)
{
    char *r;

    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    r = malloc((size_t)(e - s) + 1);
    if (r != NULL) {
        memcpy(r, s, (size_t)(e - s));
        r[e - s] = '\0';
    }
    return r;
}

static bool valid_name(const char *s)
{
    if (!isalpha((unsigned char)*s))
        return false;
    for (; *s != '\0'; s++) {
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return false;
    }
    return true;
}

static int parse_priority(const char *s, const char *e, int *out)
{
    long v = 0;

    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if (s == e)
        return VG_EINVAL;
    for (; s < e; s++) {
        if (!isdigit((unsigned char)*s))
            return VG_EINVAL;
        v = v * 10 + (*s - '0');
        if (v > 255)
            return VG_EINVAL;
    }
    *out = (int)v;
    return VG_OK;
}

static int add_entry(struct classification_table *t, char *name, char *desc, int prio)
{
    if (classification_find(t, name) != NULL || t->n >= CLASS_MAX_ENTRIES) {
        free(name);
        free(desc);
        return VG_OK;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        struct classification *v = realloc(t->v, cap * sizeof(*v));

        if (v == NULL) {
            free(name);
            free(desc);
            return VG_ENOMEM;
        }
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n].name = name;
    t->v[t->n].desc = desc;
    t->v[t->n].priority = prio;
    t->n++;
    return VG_OK;
}

int classification_parse_line(
        struct classification_table *t, const char *line, char *err, size_t errlen)
{
    const char *p = line, *end, *c1, *c2;
    char *name, *desc;
    int prio, rc;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '\0' || *p == '#')
        return 0;
    if (strncasecmp(p, CLASS_PREFIX, strlen(CLASS_PREFIX)) != 0)
        return fail(err, errlen, "not a \"config classification:\" line");
    p += strlen(CLASS_PREFIX);
    end = p + strlen(p);
    c1 = strchr(p, ',');
    c2 = memrchr(p, ',', (size_t)(end - p));
    if (c1 == NULL || c2 == c1)
        return fail(err, errlen, "expected \"name,description,priority\"");
    if (parse_priority(c2 + 1, end, &prio) != VG_OK)
        return fail(err, errlen, "invalid classification priority");
    if (c1 - p > CLASS_MAX_NAME)
        return fail(err, errlen, "classification name too long");
    name = dup_trim(p, c1);
    desc = dup_trim(c1 + 1, c2);
    if (name == NULL || desc == NULL) {
        free(name);
        free(desc);
        return VG_ENOMEM;
    }
    if (!valid_name(name)) {
        free(name);
        free(desc);
        return fail(err, errlen, "invalid classification name");
    }
    rc = add_entry(t, name, desc, prio);
    return rc < 0 ? rc : 1;
}

static int parse_line(void *ctx, const char *line, char *err, size_t errlen)
{
    return classification_parse_line(ctx, line, err, errlen);
}

int classification_load_file(struct classification_table *t, const char *path)
{
    int rc = config_lines_file(path, parse_line, t);

    if (rc == VG_OK)
        t->loaded = true;
    return rc;
}

int classification_load_string(struct classification_table *t, const char *text, const char *name)
{
    int rc = config_lines_string(text, name, parse_line, t);

    if (rc == VG_OK)
        t->loaded = true;
    return rc;
}

const struct classification *classification_find(
        const struct classification_table *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++) {
        if (strcasecmp(t->v[i].name, name) == 0)
            return &t->v[i];
    }
    return NULL;
}
