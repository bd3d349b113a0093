/*
 * host-vars.h - per-host and per-address-pair bits for xbits and hostbits.
 *
 * A small bounded table per worker: entries keyed on one address (track ip_src / ip_dst,
 * hostbits) or on an unordered address pair (track ip_pair: both directions are one key),
 * each holding up to HOST_VARS_BITS named bits with an expiry time (packet time). Names
 * are interned engine strings compared by pointer, as flowbits. Entries whose bits all
 * expired are reused; when the table is full a set is dropped and counted.
 *
 * One table is shared by the workers (Suricata keeps one locked host/ippair table): a bit
 * set by one worker is seen by the others. A mutex covers it; the table is reference
 * counted (host_table_ref / host_table_free), so each worker's detect thread holds one.
 */
#ifndef VG_DETECT_HOST_VARS_H
#define VG_DETECT_HOST_VARS_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "util/stats.h"

/* Bits one host or pair may hold. */
#define HOST_VARS_BITS 16
/* Default bound of the table. */
#define HOST_VARS_MAX_ENTRIES_DEFAULT 16384

enum host_vars_kind {
    HOST_VARS_HOST = 1,  /* key: one address */
    HOST_VARS_PAIR,      /* key: two addresses, unordered */
    HOST_VARS_V6 = 0x80, /* or'ed into the kind for IPv6 addresses, so an IPv4 address and
                          * the IPv6 address with the same first bytes are distinct keys */
};

struct host_table;
struct detect_thread;

/* A table bounded to max_entries (0: HOST_VARS_MAX_ENTRIES_DEFAULT). NULL on ENOMEM. */
struct host_table *host_table_new(uint32_t max_entries);
/* Takes a reference to ht (shared by several workers); returns ht. */
struct host_table *host_table_ref(struct host_table *ht);
/* Drops a reference; the last one frees the table. NULL is a no-op. */
void host_table_free(struct host_table *ht);

/* b is ignored for HOST_VARS_HOST. now/expire are packet-time microseconds. */
bool host_table_isset(struct host_table *ht, uint8_t kind, const struct vg_addr *a,
        const struct vg_addr *b, const char *name, uint64_t now);
/* Sets the bit until expire; false when it could not be stored (counted). */
bool host_table_set(struct host_table *ht, uint8_t kind, const struct vg_addr *a,
        const struct vg_addr *b, const char *name, uint64_t now, uint64_t expire);
void host_table_unset(struct host_table *ht, uint8_t kind, const struct vg_addr *a,
        const struct vg_addr *b, const char *name, uint64_t now);

/* detect.hostbits.* counters (entries in use, sets dropped), with stats_max: every
 * worker reports the same shared table. */
void host_table_export_stats(struct host_table *ht, struct stats_set *s);

/* The worker's host table, implemented by the engine (one host_table per detect_thread).
 * host-vars.c holds a weak default returning NULL (xbits/hostbits then never match and
 * set nothing) until the engine defines it. */
struct host_table *detect_thread_host_table(struct detect_thread *dt);

#endif
