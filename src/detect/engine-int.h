/*
 * engine-int.h - the inside of struct detect_engine, for the detect stage's own files.
 *
 * Not for other stages: they use detect.h. The loader (loader.c) fills the first block:
 * signatures in load order, the classification and reference tables, rule variables and
 * the load statistics. The engine builder (engine.c: grouping, prefilter) adds its fields
 * in the marked block below and builds them from sigs[] once loading is done.
 * Everything here is immutable once detect_engine_load() returns.
 */
#ifndef VG_DETECT_ENGINE_INT_H
#define VG_DETECT_ENGINE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/classification.h"
#include "detect/detect.h"
#include "detect/reference.h"
#include "detect/rule-vars.h"
#include "detect/sig.h"
#include "detect/sig-group.h"
#include "detect/threshold.h"

/* A parsed header address or port expression. The same text ("$HOME_NET", "any",
 * "$HTTP_PORTS") is parsed once per engine and its sets are shared by every signature that
 * uses it (rule-parse.c); they live as long as the engine. */
struct hdr_cache_entry {
    char *text; /* owned; NULL = empty slot */
    bool is_port;
    struct addr_set addr;
    struct port_set port;
};

/* One (gid, sid) -> sigs[] index slot of the duplicate check (open addressing). */
struct sig_id_slot {
    uint64_t key; /* gid << 32 | sid; 0 = empty (sid 0 is never valid) */
    uint32_t idx;
};

struct detect_engine {
    /* --- loader (rparse) --- */
    struct sig **sigs; /* owned, load order; sigs[i]->num == i */
    uint32_t n_sigs, cap_sigs;
    struct classification_table classes;
    struct reference_table refs;
    struct rule_vars vars;
    struct detect_load_stats stats;
    uint16_t packet_alert_max;
    bool init_errors_fatal;
    char **strings; /* owned interned strings: rule file names, classtypes */
    size_t n_strings, cap_strings;
    uint32_t *string_index; /* owned hash index into strings (+1; 0 = empty) */
    size_t string_index_cap;
    struct sig_id_slot *ids; /* owned duplicate-sid index */
    size_t ids_cap, ids_n;
    struct hdr_cache_entry *hdr_cache; /* owned, open addressing: header sets of all sigs */
    size_t hdr_cache_cap, hdr_cache_n;

    /* --- engine builder (dengine): add fields below --- */
    struct sig_groups groups;            /* per protocol and direction, prefilters */
    uint32_t *rank;                      /* owned: evaluation rank of each sig (by num) */
    uint32_t *order;                     /* owned: sig num of each rank */
    struct threshold_config *thresholds; /* owned, threshold.config; may be NULL */
    uint64_t built_usec;                 /* wall clock when built (last_reload) */
    bool built;
};

/* Builds the groups, prefilters, evaluation order and threshold.config of a loaded engine
 * (engine.c; called once by the loader when sigs[] is final). Returns VG_OK or VG_E*. */
int detect_engine_build(struct detect_engine *de, const struct detect_config *cfg);
/* Frees what detect_engine_build() made (called by detect_engine_free()). */
void detect_engine_build_release(struct detect_engine *de);

/* A copy of s owned by the engine, the same pointer for equal strings (hashed). NULL on
 * allocation failure. */
const char *detect_engine_intern(struct detect_engine *de, const char *s);

/* Allocates an empty engine with rule variables from c (NULL: defaults) and the tables of
 * cfg (classification, reference; a file that cannot be read is logged and left empty).
 * Returns NULL on allocation failure. Free with detect_engine_free(). */
struct detect_engine *detect_engine_new(const struct detect_config *cfg, const struct conf *c);

#endif
