/*
 * range-set.h - sets of integers kept as sorted, disjoint, closed ranges.
 *
 * The building block of rule addresses (IPv4 and IPv6 sets) and ports: rule headers say
 * things like "[$HOME_NET,!10.1.0.0/16]" or "[1024:,!8080]", which become unions and
 * differences of ranges. Values are 128-bit so one type serves ports, IPv4 and IPv6.
 * Built at rule load; matching is a binary search over a few ranges.
 */
#ifndef VG_DETECT_RANGE_SET_H
#define VG_DETECT_RANGE_SET_H

#include <stdbool.h>
#include <stddef.h>

typedef unsigned __int128 range_val_t;

struct range {
    range_val_t lo, hi; /* inclusive */
};

struct range_set {
    struct range *r; /* owned, sorted by lo, disjoint and non-adjacent */
    size_t n, cap;
};

void range_set_init(struct range_set *s);
void range_set_release(struct range_set *s);
/* Adds [lo, hi] (merging as needed). Returns VG_OK or VG_ENOMEM. */
int range_set_add(struct range_set *s, range_val_t lo, range_val_t hi);
/* s = s U other. */
int range_set_union(struct range_set *s, const struct range_set *other);
/* s = s minus other. */
int range_set_subtract(struct range_set *s, const struct range_set *other);
/* s = [0, max] minus s. */
int range_set_complement(struct range_set *s, range_val_t max);
bool range_set_contains(const struct range_set *s, range_val_t v);
bool range_set_is_empty(const struct range_set *s);
/* True if s is exactly [0, max]. */
bool range_set_is_full(const struct range_set *s, range_val_t max);
/* Deep copy into dst (initialised by the call). */
int range_set_copy(struct range_set *dst, const struct range_set *src);

#endif
