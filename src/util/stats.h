/*
 * stats.h - a set of named counters, gathered at stats time from every module and worker.
 *
 * Modules keep their own typed counter structs on the fast path (plain per-worker fields,
 * no atomics); when a stats record is due, each exports its counters into a stats_set by
 * dotted name ("decoder.pkts", "decoder.event.ipv4.trunc_pkt", "flow.tcp"). Adding a name
 * twice sums the values, which is how per-worker counters become totals. Names must be
 * string literals or otherwise outlive the set.
 */
#ifndef VG_UTIL_STATS_H
#define VG_UTIL_STATS_H

#include <stddef.h>
#include <stdint.h>

struct stats_item {
    const char *name;
    uint64_t value;
};

struct stats_set {
    struct stats_item *items; /* owned */
    size_t len, cap;
    int err; /* VG_ENOMEM if an add failed */
};

void stats_set_init(struct stats_set *s);
void stats_set_release(struct stats_set *s);
/* Adds v to the counter called name, creating it at 0 first if needed. */
void stats_add(struct stats_set *s, const char *name, uint64_t v);
/* Sets the counter to the maximum of its value and v (for max_* gauges). */
void stats_max(struct stats_set *s, const char *name, uint64_t v);
/* Value of a counter, 0 if absent. */
uint64_t stats_get(const struct stats_set *s, const char *name);
/* Sorts items by name so that a dotted hierarchy can be written in one pass. */
void stats_sort(struct stats_set *s);

#endif
