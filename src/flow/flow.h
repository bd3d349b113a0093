/*
 * flow.h - the flow stage: a per-worker table of bidirectional flows.
 *
 * Each worker owns one flow_table: a hash of flows keyed symmetrically on addresses, ports,
 * protocol, VLAN ids and tunnel depth (as Suricata keys them), with flows taken from a
 * per-worker pool whose size is bounded by the worker's share of flow.memcap. A packet is
 * attached to its flow with flow_handle_packet(), which also keeps per-direction counters and
 * the flow state of non-TCP flows (new / established); for TCP the stream stage sets the
 * flow and session states (the table moves the flow to the right timeout list). Flows end on
 * timeout (per protocol and per state, Suricata's flow-timeouts), when evicted under memory
 * pressure, on TCP port reuse, or at shutdown; each ending is handed to the table's end
 * callback (the worker logs the EVE flow record there) before the flow is recycled.
 *
 * Time is packet time. Timeouts are checked by flow_table_timeout() with the capture clock
 * the dispatcher forwards to every worker, so results do not depend on the worker count.
 * Not thread-safe: one table per worker, no locks.
 */
#ifndef VG_FLOW_FLOW_H
#define VG_FLOW_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "decode/decode-types.h"
#include "flow/flow-types.h"
#include "util/stats.h"

enum {
    FLOW_DIR_TOSERVER = 0,
    FLOW_DIR_TOCLIENT = 1,
};

/* Timeout classes, as Suricata's flow-timeouts sections (ICMPv6 and others: default). */
enum flow_proto_class {
    FLOW_PROTO_DEFAULT = 0,
    FLOW_PROTO_TCP,
    FLOW_PROTO_UDP,
    FLOW_PROTO_ICMP,
    FLOW_PROTO_MAX
};

/* Seconds of inactivity before a flow in a given state times out. */
struct flow_timeouts {
    uint32_t new_sec;
    uint32_t est_sec;
    uint32_t closed_sec;
    uint32_t bypassed_sec;
};

struct flow_config {
    uint64_t memcap;            /* flow.memcap, default 128 MiB */
    uint32_t hash_size;         /* flow.hash-size, default 65536 */
    uint32_t prealloc;          /* flow.prealloc, default 10000 */
    uint8_t emergency_recovery; /* flow.emergency-recovery, percent, default 30 */
    struct flow_timeouts timeouts[FLOW_PROTO_MAX];       /* flow-timeouts.<proto>.* */
    struct flow_timeouts emerg_timeouts[FLOW_PROTO_MAX]; /* flow-timeouts.<proto>.emergency-* */
    bool vlan_tracking;                                  /* vlan.use-for-tracking, default true */
    bool recursion_tracking; /* decoder.recursion-level.use-for-tracking, default true */
    bool tcp_midstream;      /* stream.midstream, default false */
    /* Frees a flow's detect_vars (set by the worker to flow_vars_free from
     * detect/flow-vars.h; NULL: nothing to free). Not from the config file. */
    void (*vars_free)(void *vars);
};

struct flow;
struct flow_table;

/* Why a flow ended, as written in the EVE flow record's flow.reason. */
enum flow_end_reason {
    FLOW_END_TIMEOUT,
    FLOW_END_SHUTDOWN,
    FLOW_END_FORCED,    /* evicted to make room when the memcap was reached */
    FLOW_END_TCP_REUSE, /* a new SYN on a closed TCP session */
};

/* Called once for every flow that ends, before it is recycled. now_usec is the clock at
 * the time it ended (the record's timestamp). The flow must not be kept. */
typedef void (*flow_end_fn)(
        void *ctx, struct flow *f, enum flow_end_reason reason, uint64_t now_usec);

/* Fills cfg from the config tree with Suricata's built-in defaults for absent keys (see
 * doc in table.c). Returns VG_OK or VG_EINVAL (after logging file:line: reason). */
int flow_config_load(struct flow_config *cfg, const struct conf *c);
/* Suricata's built-in defaults, without a config tree. */
void flow_config_defaults(struct flow_config *cfg);

/* A table for one of `share` workers: it gets 1/share of the memcap and of the prealloc.
 * cfg must outlive the table. end is called for every flow that ends (may be NULL).
 * Returns NULL on ENOMEM. The caller owns the table (flow_table_free()). */
struct flow_table *flow_table_new(
        const struct flow_config *cfg, unsigned share, flow_end_fn end, void *end_ctx);
/* Called for every flow the table recycles or frees, after the end callback (if any), so
 * the later stages free their per-flow state (f->tcp_ssn, f->app). */
typedef void (*flow_release_fn)(void *ctx, struct flow *f);
/* Sets t's release callback (NULL: none). */
void flow_table_set_release(struct flow_table *t, flow_release_fn fn, void *ctx);
/* Frees every flow without calling the end callback (the release callback is called);
 * NULL is a no-op. */
void flow_table_free(struct flow_table *t);

/* Finds or creates p's flow, updates it and sets p->flow and p->flow_dir. Packets that get
 * no flow (invalid, not IP, IP fragments, ICMP errors without a matching flow, no memory)
 * get p->flow = NULL. clock_usec is the dispatcher's capture clock (monotonic) at p. */
struct flow *flow_handle_packet(struct flow_table *t, struct packet *p, uint64_t clock_usec);
/* Ends the flows whose timeout has passed at now_usec (the capture clock). */
void flow_table_timeout(struct flow_table *t, uint64_t now_usec);
/* Ends every remaining flow with reason "shutdown". */
void flow_table_shutdown(struct flow_table *t, uint64_t now_usec);
/* Exports Suricata's flow.* counters (summed over tables by the stats set). */
void flow_table_export_stats(const struct flow_table *t, struct stats_set *s);
/* Flows in the table now. */
uint32_t flow_table_active(const struct flow_table *t);
/* True while the table is in emergency mode (memcap reached, emergency timeouts). */
bool flow_table_is_emergency(const struct flow_table *t);

/* The flow's EVE flow_id: non-zero, stable for the flow's whole life, the same in every
 * record about it (used by output/eve-anomaly.c, implemented by the flow module). */
uint64_t flow_get_id(const struct flow *f);

/* Names of the flow and TCP states as Suricata writes them ("new", "syn_sent", ...). */
const char *flow_state_name(uint8_t state);
const char *flow_tcp_state_name(uint8_t tcp_state);

/* ---- Inside the flow module (key.c, timeout.c), exposed for unit tests. ---- */

/* How a packet takes part in flow tracking. */
enum flow_pkt_kind {
    FLOW_PKT_NONE = 0, /* no flow: invalid, not IP, fragment, ICMPv4 error without a match */
    FLOW_PKT_NORMAL,   /* looked up, and a flow created if none exists */
    FLOW_PKT_ICMP_ERR, /* ICMPv4 destination unreachable: the embedded packet's flow, never
                        * created */
};

/* Builds p's key (packet orientation) and says how p is tracked. */
enum flow_pkt_kind flow_key_from_packet(
        const struct flow_config *cfg, const struct packet *p, struct flow_key *k);
/* Symmetric hash: the same for a key and its reverse. */
uint32_t flow_key_hash(const struct flow_key *k, uint32_t seed);
/* True if a and b name the same flow, in either orientation. */
bool flow_key_match(const struct flow_key *a, const struct flow_key *b);
/* a with src/dst and sp/dp swapped. */
void flow_key_reverse(struct flow_key *out, const struct flow_key *a);
/* True if a and b are equal in this orientation. */
bool flow_key_same_dir(const struct flow_key *a, const struct flow_key *b);
/* The counterpart of an ICMP message type (echo request <-> reply ...), or -1. */
int flow_icmpv4_counterpart(uint8_t type);
int flow_icmpv6_counterpart(uint8_t type);
/* A flow_id from the key and start time: non-zero, below 2^53, independent of any seed. */
uint64_t flow_key_id(const struct flow_key *k, uint64_t start_usec);

/* Timeout class of an IP protocol. */
enum flow_proto_class flow_proto_class(uint8_t proto);
/* Seconds a flow of class cls in state st may stay idle (emergency values if emerg). */
uint32_t flow_timeout_sec(
        const struct flow_config *cfg, enum flow_proto_class cls, uint8_t st, bool emerg);
/* Fills the timeouts with Suricata's built-in defaults. */
void flow_timeouts_defaults(struct flow_config *cfg);
/* Reads flow-timeouts.* over the defaults. Returns VG_OK or a negative VG_E*. */
int flow_timeouts_load(struct flow_config *cfg, const struct conf *c);

#endif
