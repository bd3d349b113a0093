/*
 * range-set.c - sorted disjoint range sets. Sets are small (a handful of ranges per rule
 * variable), so operations rebuild arrays rather than use trees.
 */
#include "detect/range-set.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

void range_set_init(struct range_set *s)
{
    memset(s, 0, sizeof(*s));
}

void range_set_release(struct range_set *s)
{
    free(s->r);
    memset(s, 0, sizeof(*s));
}

static int reserve(struct range_set *s, size_t n)
{
    struct range *nr;
    size_t ncap;

    if (n <= s->cap)
        return VG_OK;
    ncap = s->cap ? s->cap * 2 : 4;
    while (ncap < n)
        ncap *= 2;
    nr = realloc(s->r, ncap * sizeof(*nr));
    if (nr == NULL)
        return VG_ENOMEM;
    s->r = nr;
    s->cap = ncap;
    return VG_OK;
}

int range_set_add(struct range_set *s, range_val_t lo, range_val_t hi)
{
    size_t i, j, k;

    if (lo > hi)
        return VG_EINVAL;
    /* first range that ends at or after lo - 1 (touching ranges merge) */
    for (i = 0; i < s->n; i++) {
        if (s->r[i].hi >= lo || (lo > 0 && s->r[i].hi == lo - 1))
            break;
    }
    /* ranges i..j-1 overlap or touch [lo, hi] */
    for (j = i; j < s->n; j++) {
        if (hi != (range_val_t)-1 && s->r[j].lo > hi + 1)
            break;
    }
    if (i == j) {
        if (reserve(s, s->n + 1) != VG_OK)
            return VG_ENOMEM;
        memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(s->r[0]));
        s->r[i].lo = lo;
        s->r[i].hi = hi;
        s->n++;
        return VG_OK;
    }
    if (s->r[i].lo < lo)
        lo = s->r[i].lo;
    if (s->r[j - 1].hi > hi)
        hi = s->r[j - 1].hi;
    s->r[i].lo = lo;
    s->r[i].hi = hi;
    k = j - i - 1; /* ranges swallowed */
    if (k > 0) {
        memmove(&s->r[i + 1], &s->r[j], (s->n - j) * sizeof(s->r[0]));
        s->n -= k;
    }
    return VG_OK;
}

int range_set_union(struct range_set *s, const struct range_set *other)
{
    size_t i;

    for (i = 0; i < other->n; i++) {
        int rc = range_set_add(s, other->r[i].lo, other->r[i].hi);
        if (rc != VG_OK)
            return rc;
    }
    return VG_OK;
}

int range_set_complement(struct range_set *s, range_val_t max)
{
    struct range_set out;
    range_val_t next = 0;
    bool done = false;
    size_t i;
    int rc = VG_OK;

    range_set_init(&out);
    for (i = 0; i < s->n && !done; i++) {
        if (s->r[i].lo > max)
            break;
        if (s->r[i].lo > next)
            rc = range_set_add(&out, next, s->r[i].lo - 1);
        if (rc != VG_OK)
            goto out_free;
        if (s->r[i].hi >= max)
            done = true;
        else
            next = s->r[i].hi + 1;
    }
    if (!done)
        rc = range_set_add(&out, next, max);
    if (rc != VG_OK)
        goto out_free;
    range_set_release(s);
    *s = out;
    return VG_OK;
out_free:
    range_set_release(&out);
    return rc;
}

int range_set_subtract(struct range_set *s, const struct range_set *other)
{
    struct range_set out;
    size_t i, j = 0;
    int rc;

    range_set_init(&out);
    for (i = 0; i < s->n; i++) {
        range_val_t lo = s->r[i].lo, hi = s->r[i].hi;
        bool empty = false;

        while (j < other->n && other->r[j].hi < lo)
            j++;
        for (size_t k = j; k < other->n && other->r[k].lo <= hi && !empty; k++) {
            if (other->r[k].lo > lo) {
                rc = range_set_add(&out, lo, other->r[k].lo - 1);
                if (rc != VG_OK)
                    goto out_free;
            }
            if (other->r[k].hi >= hi)
                empty = true;
            else
                lo = other->r[k].hi + 1;
        }
        if (!empty) {
            rc = range_set_add(&out, lo, hi);
            if (rc != VG_OK)
                goto out_free;
        }
    }
    range_set_release(s);
    *s = out;
    return VG_OK;
out_free:
    range_set_release(&out);
    return rc;
}

bool range_set_contains(const struct range_set *s, range_val_t v)
{
    size_t lo = 0, hi = s->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->r[mid].hi < v)
            lo = mid + 1;
        else if (s->r[mid].lo > v)
            hi = mid;
        else
            return true;
    }
    return false;
}

bool range_set_is_empty(const struct range_set *s)
{
    return s->n == 0;
}

bool range_set_is_full(const struct range_set *s, range_val_t max)
{
    return s->n == 1 && s->r[0].lo == 0 && s->r[0].hi >= max;
}

int range_set_copy(struct range_set *dst, const struct range_set *src)
{
    range_set_init(dst);
    if (src->n == 0)
        return VG_OK;
    if (reserve(dst, src->n) != VG_OK)
        return VG_ENOMEM;
    memcpy(dst->r, src->r, src->n * sizeof(src->r[0]));
    dst->n = src->n;
    return VG_OK;
}
