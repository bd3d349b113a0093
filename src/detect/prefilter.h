/*
 * prefilter.h - multi-pattern prefilter: one Hyperscan block-mode database per signature
 * group and buffer, holding the fast patterns of the group's signatures.
 *
 * A scan reports each signature whose fast pattern occurs in the buffer, at most once per
 * pattern (HS_FLAG_SINGLEMATCH); equal patterns are merged into one id that maps to several
 * signatures. Databases are immutable and shared by the workers; each worker owns one
 * Hyperscan scratch cloned from the engine's prototype (prefilter_scratch_*). Compiled
 * databases may be cached on disk: the file name is a 64-bit FNV-1a hash of the Hyperscan
 * version and the exact pattern list (bytes, case flag, order), so any change of ruleset
 * that changes a group's patterns misses the cache and a stale file is never used.
 */
#ifndef VG_DETECT_PREFILTER_H
#define VG_DETECT_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One fast pattern of one signature. */
struct prefilter_pattern {
    const uint8_t *p; /* not owned; must stay valid during prefilter_build() */
    uint16_t len;     /* >= 1 */
    bool nocase;
    uint32_t sig; /* signature number reported on a match */
};

struct prefilter;

/* Build statistics (cache use), summed over the databases of an engine. */
struct prefilter_build_stats {
    uint32_t compiled, cache_hits, cache_writes;
};

/* Compiles pats (n >= 1) into a database. cache_dir may be NULL (no cache); a cache that
 * cannot be read or written is ignored. Returns VG_OK, VG_ENOMEM or VG_EINVAL (compile
 * error, logged). st may be NULL. */
int prefilter_build(struct prefilter **out, const struct prefilter_pattern *pats, size_t n,
        const char *cache_dir, struct prefilter_build_stats *st);
void prefilter_free(struct prefilter *pf);
/* Number of distinct patterns (tests). */
size_t prefilter_pattern_count(const struct prefilter *pf);

/* Grows the scratch *scratch (NULL: allocates one) so it fits pf. Returns VG_OK or
 * VG_ENOMEM. */
int prefilter_scratch_fit(const struct prefilter *pf, void **scratch);
/* A copy of proto for one worker (NULL when proto is NULL or on ENOMEM). */
void *prefilter_scratch_clone(void *proto);
void prefilter_scratch_free(void *scratch);

/* Called once per signature whose pattern matched (maybe twice when two merged patterns
 * of one signature both match: callers deduplicate). */
typedef void (*prefilter_hit_fn)(void *ctx, uint32_t sig);

/* Scans buf; returns VG_OK or VG_EINVAL on a Hyperscan error. */
int prefilter_scan(const struct prefilter *pf, void *scratch, const uint8_t *buf, size_t len,
        prefilter_hit_fn fn, void *ctx);

#endif
