/*
 * reference.c - reading reference.config (see reference.h).
 *
 * Line format: "config reference: SYSTEM URL" with white space between the two; the URL
 * is the rest of the line, trimmed. Linear lookup over a short table.
 */
#include "detect/reference.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect/config-lines.h"
#include "util/err.h"

#define REF_PREFIX      "config reference:"
#define REF_MAX_NAME    256
#define REF_MAX_ENTRIES 10000

void reference_table_init(struct reference_table *t)
{
    memset(t, 0, sizeof(*t));
}

void reference_table_release(struct reference_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].name);
        free(t->v[i].url);
    }
    free(t->v);
    reference_table_init(t);
}

static char *dup_range(const char *s, const char *e)
{
    char *r = malloc((size_t)(e - s) + 1);

    if (r != NULL) {
        memcpy(r, s, (size_t)(e - s));
        r[e - s] = '\0';
    }
    return r;
}

static int fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return VG_EINVAL;
}

int reference_parse_line(struct reference_table *t, const char *line, char *err, size_t errlen)
{
    const char *p = line, *name, *name_end, *url, *end;
    struct reference_system *v;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '\0' || *p == '#')
        return 0;
    if (strncasecmp(p, REF_PREFIX, strlen(REF_PREFIX)) != 0)
        return fail(err, errlen, "not a \"config reference:\" line");
    p += strlen(REF_PREFIX);
    while (isspace((unsigned char)*p))
        p++;
    name = p;
    while (*p != '\0' && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.'))
        p++;
    name_end = p;
    if (name_end == name || name_end - name > REF_MAX_NAME || !isspace((unsigned char)*p))
        return fail(err, errlen, "expected \"system url\"");
    while (isspace((unsigned char)*p))
        p++;
    url = p;
    end = p + strlen(p);
    while (end > url && isspace((unsigned char)end[-1]))
        end--;
    if (end == url)
        return fail(err, errlen, "expected \"system url\"");
    for (size_t i = 0; i < t->n; i++) {
        if (strncasecmp(t->v[i].name, name, (size_t)(name_end - name)) == 0 &&
                t->v[i].name[name_end - name] == '\0')
            return 1;
    }
    if (t->n >= REF_MAX_ENTRIES)
        return 1;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;

        v = realloc(t->v, cap * sizeof(*v));
        if (v == NULL)
            return VG_ENOMEM;
        t->v = v;
        t->cap = cap;
    }
    v = &t->v[t->n];
    v->name = dup_range(name, name_end);
    v->url = dup_range(url, end);
    if (v->name == NULL || v->url == NULL) {
        free(v->name);
        free(v->url);
        return VG_ENOMEM;
    }
    t->n++;
    return 1;
}

static int parse_line(void *ctx, const char *line, char *err, size_t errlen)
{
    return reference_parse_line(ctx, line, err, errlen);
}

int reference_load_file(struct reference_table *t, const char *path)
{
    int rc = config_lines_file(path, parse_line, t);

    if (rc == VG_OK)
        t->loaded = true;
    return rc;
}

int reference_load_string(struct reference_table *t, const char *text, const char *name)
{
    int rc = config_lines_string(text, name, parse_line, t);

    if (rc == VG_OK)
        t->loaded = true;
    return rc;
}

const struct reference_system *reference_find(const struct reference_table *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++) {
        if (strcasecmp(t->v[i].name, name) == 0)
            return &t->v[i];
    }
    return NULL;
}
