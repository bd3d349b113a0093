/*
 * flow-vars.h - per-flow detection state: flowbits, flowints and by_flow threshold
 * counters, hung on struct flow's detect_vars pointer.
 *
 * A flow's variables are a small unsorted array of entries keyed on (kind, key). Names of
 * flowbits and flowints are interned in the detect engine (detect_engine_intern), so a key
 * is compared by pointer: equal names share one pointer for the engine's whole life (a rule
 * reload that keeps flows would need to re-intern; noted for the reload issue). Threshold
 * entries use the signature's address as key. The array grows on demand up to
 * FLOW_VARS_MAX entries; a set beyond that is refused and counted by the caller.
 *
 * Only the worker owning the flow touches it (no locks). The flow module frees the state
 * through flow_config.vars_free: the worker sets it to flow_vars_free.
 */
#ifndef VG_DETECT_FLOW_VARS_H
#define VG_DETECT_FLOW_VARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow/flow-types.h"

/* Most entries one flow may hold (bits + ints + threshold counters). */
#define FLOW_VARS_MAX 256

enum flow_var_kind {
    FLOW_VAR_BIT = 1,
    FLOW_VAR_INT,
    FLOW_VAR_THRESH, /* by_flow threshold: key = sig, a = count, b = window start (usec) */
    FLOW_VAR_STR,    /* flowvar (pcre flow: capture): a = malloc'd bytes (uintptr_t), b = length */
};

/* Longest flowvar string value kept (longer values are cut). */
#define FLOW_VAR_STR_MAX 256

struct flow_var {
    const void *key;
    uint8_t kind; /* enum flow_var_kind */
    uint64_t a, b;
};

/* The entry (kind, key) of f, or NULL. */
struct flow_var *flow_vars_find(const struct flow *f, uint8_t kind, const void *key);
/* The entry (kind, key) of f, created zeroed when absent; NULL when the flow already holds
 * FLOW_VARS_MAX entries or on allocation failure. */
struct flow_var *flow_vars_get(struct flow *f, uint8_t kind, const void *key);
/* Removes the entry (kind, key) if present. */
void flow_vars_del(struct flow *f, uint8_t kind, const void *key);

/* Flowbits by interned name. set/toggle return false when the bit could not be stored. */
bool flow_vars_bit_isset(const struct flow *f, const char *name);
bool flow_vars_bit_set(struct flow *f, const char *name);
void flow_vars_bit_unset(struct flow *f, const char *name);
bool flow_vars_bit_toggle(struct flow *f, const char *name);

/* Flowints by interned name: get returns false when the variable is not set. */
bool flow_vars_int_get(const struct flow *f, const char *name, uint32_t *val);
bool flow_vars_int_set(struct flow *f, const char *name, uint32_t val);

/* Flowvar strings by interned name. set copies val (cut at FLOW_VAR_STR_MAX bytes),
 * replacing any previous value; false when it could not be stored. get returns false when
 * the variable is not set, else its bytes (owned by the flow) in *val / *len. */
bool flow_vars_str_set(struct flow *f, const char *name, const uint8_t *val, size_t len);
bool flow_vars_str_get(const struct flow *f, const char *name, const uint8_t **val, size_t *len);

/* Number of entries f holds (tests). */
unsigned flow_vars_count(const struct flow *f);
/* Entry i (< flow_vars_count()) of f, in insertion order unless entries were removed; for
 * outputs that list a flow's variables (EVE metadata, traffic.id / traffic.label). Bits
 * named "vigie.*" are the detect engine's own per-flow markers (engine.c), not rule
 * flowbits: outputs skip them. */
const struct flow_var *flow_vars_at(const struct flow *f, unsigned i);

/* Frees a flow's detect_vars (the flow_config.vars_free callback). NULL is a no-op. */
void flow_vars_free(void *vars);

#endif
