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

#include "app/app-layer.h"
#include "detect/classification.h"
#include "detect/host-vars.h"
#include "detect/detect.h"
#include "detect/inspect.h"
#include "detect/reference.h"
#include "detect/rule-vars.h"
#include "detect/sig.h"
#include "detect/sig-group.h"
#include "detect/threshold.h"
#include "stream/reassembly.h"
#include "util/cursor.h"

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
    uint64_t *string_index; /* owned hash index: hash << 32 | (index in strings + 1); 0 empty */
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
    struct threshold_table *thr_table;   /* owned reference: threshold counters of all workers */
    struct host_table *hosts;            /* owned reference: xbits/hostbits of all workers */
    uint64_t built_usec;                 /* wall clock when built (last_reload) */
    bool built;
    uint8_t *sig_rt; /* owned: per sig num, DETECT_RT_* (how it is evaluated) */
};

/* How a signature is evaluated at run time (detect_engine.sig_rt). */
enum {
    DETECT_RT_PACKET = 1u << 0,  /* payload on the packet only (no_stream, tcp-pkt, dsize, flags) */
    DETECT_RT_TX = 1u << 1,      /* per transaction (sig_is_tx()) */
    DETECT_RT_BOTHDIR = 1u << 2, /* transaction rule with request and response buffers */
    DETECT_RT_PKT_TOO = 1u << 3, /* payload on the stream and also on every packet
                                  * (inspect_sig_wants_packet()) */
};

/* --- run time: one worker's detection context (engine.c, tx.c) --- */

/* Stream bytes an alert carries for logging (Suricata's payload-buffer-size default). */
#define DETECT_STREAM_LOG_MAX 4096

/* Alerts of one packet before sorting and the packet-alert-max cut. */
#define DETECT_QUEUE_MAX 64

struct detect_queued {
    uint32_t rank;
    struct detect_alert a;
};

struct detect_thread {
    const struct detect_engine *de;
    struct inspect_scratch sc;
    void *hs_scratch;
    struct threshold_ctx *tc;
    struct host_table *ht;
    struct tag_table *tags;   /* tag keyword state (tag-state.h) */
    struct stream_thread *st; /* raw stream source; NULL: packets only */
    uint32_t *seen;           /* per sig num: generation when last made a candidate */
    uint32_t gen;
    uint32_t *cand; /* ranks of the current candidates */
    uint32_t n_cand;
    /* the raw stream of the packet being inspected (stream_raw_get) */
    struct slice raw;
    uint64_t raw_off; /* stream offset of raw.p[0] */
    size_t raw_old;   /* leading bytes of raw inspected before (a match must end later) */
    bool has_raw;
    struct reasm_raw rawb; /* raw's blocks (holes between them); raw spans them all */
    /* the raw bytes stream alerts of this packet refer to (raw.p may be freed by
     * stream_raw_consumed() before the alerts are logged): the first
     * DETECT_STREAM_LOG_MAX bytes, copied on the first stream alert */
    uint8_t stream_copy[DETECT_STREAM_LOG_MAX];
    uint32_t stream_copy_len;
    bool stream_copied;
    bool flow_end;        /* detect_flow_end(): transactions are final, no packet payload */
    bool passed;          /* a pass rule matched: the rest of the packet's detection stops */
    bool pd_done;         /* this packet is the first of its direction with the protocol known */
    bool stream_add_seen; /* the stream stage sets PKT_F_STREAM_ADD: trust it alone */
    uint8_t app_ev_from;  /* flow events before this index were raised on earlier packets */
    struct detect_queued q[DETECT_QUEUE_MAX];
    struct detect_vars qvars[DETECT_QUEUE_MAX]; /* q[i]'s pcre captures (a.vars) */
    uint32_t nq;
    bool q_overflow;
    /* counters */
    uint64_t alerts, overflow, suppressed, pkts;
};

/* True if p (being inspected) is the first packet of its direction that sees the flow's
 * app-layer protocol decided (Suricata's protocol-detection-done packet flags). */
static inline bool detect_thread_pd_done(const struct detect_thread *dt)
{
    return dt->pd_done;
}

/* Index of the first app-layer flow event raised while processing this packet (the
 * framework's applayer.* events are packet events in Suricata). */
static inline uint8_t detect_thread_app_ev_from(const struct detect_thread *dt)
{
    return dt->app_ev_from;
}

/* Starts a new candidate set (dedup generation). */
void detect_cand_reset(struct detect_thread *dt);
/* Adds signature num to the candidates unless already there. */
void detect_cand_add(struct detect_thread *dt, uint32_t num);
/* Prefilter callback adding candidates (ctx is the detect_thread). */
void detect_cand_on_hit(void *ctx, uint32_t num);
/* Scans data with prefilter pf (its transforms applied first), adding candidates. */
void detect_pf_scan(
        struct detect_thread *dt, const struct sig_group_pf *pf, const uint8_t *data, size_t len);
/* Sorts the candidates by rank. */
void detect_cand_sort(struct detect_thread *dt);

/* Header (protocol, addresses, ports), the pkt list and the flow list of s on p. */
bool detect_sig_packet_ok(struct detect_thread *dt, struct packet *p, const struct sig *s);
/* Inspects a packet-scope buffer list of s (payload: raw stream and/or packet, as
 * Suricata's payload inspection; header buffers) on p. *stream_match is set when the raw
 * stream matched. False when the list does not match. */
bool detect_inspect_pkt_list(struct detect_thread *dt, struct packet *p, const struct sig *s,
        const struct sig_buffer *sb, bool *stream_match);
/* s matched: runs its post actions, thresholding, pass and noalert, and queues the alert
 * (flags DETECT_ALERT_F_*, tx/tx_id for transaction matches). */
void detect_sig_matched(struct detect_thread *dt, struct packet *p, const struct sig *s,
        uint32_t flags, const void *tx, uint64_t tx_id);

/* Evaluates the transaction rules of p's group on every transaction of p's flow that is
 * not done in p's direction (tx.c). */
void detect_tx_run(struct detect_thread *dt, struct packet *p);
/* Directions (bit 1 << FLOW_DIR_*) in which tx was inspected for the last time. */
unsigned detect_tx_final_dirs(const struct app_tx *tx);
/* The oldest transaction of f not yet fully inspected in direction dir, or NULL (the
 * transaction a UDP app-layer packet rule's alert refers to). */
const struct app_tx *detect_tx_current(const struct flow *f, int dir);

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
