/*
 * stats.c - named counter set. Linear lookup: a few hundred names, used once per stats
 * interval off the fast path.
 */
#include "util/stats.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

void stats_set_init(struct stats_set *s)
{
    memset(s, 0, sizeof(*s));
}

void stats_set_release(struct stats_set *s)
{
    free(s->items);
    memset(s, 0, sizeof(*s));
}

static struct stats_item *find_or_add(struct stats_set *s, const char *name)
{
    size_t i;

    for (i = 0; i < s->len; i++) {
        if (strcmp(s->items[i].name, name) == 0)
            return &s->items[i];
    }
    if (s->len == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        struct stats_item *n = realloc(s->items, ncap * sizeof(*n));
        if (n == NULL) {
            s->err = VG_ENOMEM;
            return NULL;
        }
        s->items = n;
        s->cap = ncap;
    }
    s->items[s->len].name = name;
    s->items[s->len].value = 0;
    return &s->items[s->len++];
}

void stats_add(struct stats_set *s, const char *name, uint64_t v)
{
    struct stats_item *it = find_or_add(s, name);
    if (it != NULL)
        it->value += v;
}

void stats_max(struct stats_set *s, const char *name, uint64_t v)
{
    struct stats_item *it = find_or_add(s, name);
    if (it != NULL && v > it->value)
        it->value = v;
}

uint64_t stats_get(const struct stats_set *s, const char *name)
{
    size_t i;

    for (i = 0; i < s->len; i++) {
        if (strcmp(s->items[i].name, name) == 0)
            return s->items[i].value;
    }
    return 0;
}

static int cmp_item(const void *a, const void *b)
{
    const struct stats_item *x = a, *y = b;
    return strcmp(x->name, y->name);
}

void stats_sort(struct stats_set *s)
{
    if (s->len > 1)
        qsort(s->items, s->len, sizeof(s->items[0]), cmp_item);
}
