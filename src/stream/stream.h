/*
 * stream.h - the stream stage: TCP session tracking and per-direction reassembly.
 *
 * After the flow stage attached a TCP packet to its flow, stream_handle_packet() tracks the
 * session as Suricata's stream engine does (three-way handshake, sequence and window
 * validation, timestamps, FIN/RST teardown, midstream pick-up), raises stream events on the
 * packet (pkt-events.def, "stream.*"), sets f->tcp_state and f->state, and inserts the
 * packet's payload into the reassembly of its direction (stream/reassembly.h).
 *
 * Two consumers read the rebuilt byte streams:
 *   - the app layer gets each direction's bytes in order, exactly once, through the
 *     stream_consumer callback: in IDS mode once the receiver acknowledged them (so on a
 *     packet of the opposite direction), in inline mode at once; holes the receiver
 *     acknowledged (packet loss) come as a gap notice, never silently skipped; the end of a
 *     direction (FIN, RST, flow end, reassembly depth) as an EOF notice;
 *   - the detection engine inspects the raw stream (rules with content and no sticky buffer
 *     on an established session, tcp-stream rules) through stream_raw_get(): the bytes of a
 *     direction not inspected yet, preceded by a tail of already inspected bytes so that a
 *     match spanning segment boundaries is found, then marks them with stream_raw_consumed().
 *
 * Memory: sessions are charged to stream.memcap, segments to stream.reassembly.memcap, each
 * divided between the workers; when a cap is reached the session is tracked without
 * reassembly (or not set up at all) and counted, never a crash or an unbounded queue.
 * One stream_thread per worker; no locks.
 */
#ifndef VG_STREAM_STREAM_H
#define VG_STREAM_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "decode/decode-types.h"
#include "flow/flow-types.h"
#include "stream/reassembly.h"
#include "util/cursor.h"
#include "util/stats.h"

/* Overlap policies (Suricata's host-os-policy names). */
enum stream_os_policy {
    STREAM_POLICY_BSD = 0, /* Suricata's default */
    STREAM_POLICY_BSD_RIGHT,
    STREAM_POLICY_OLD_LINUX,
    STREAM_POLICY_LINUX,
    STREAM_POLICY_OLD_SOLARIS,
    STREAM_POLICY_SOLARIS,
    STREAM_POLICY_HPUX10,
    STREAM_POLICY_HPUX11,
    STREAM_POLICY_IRIX,
    STREAM_POLICY_MACOS,
    STREAM_POLICY_WINDOWS,
    STREAM_POLICY_VISTA,
    STREAM_POLICY_WINDOWS2K3,
    STREAM_POLICY_FIRST,
    STREAM_POLICY_LAST,
    STREAM_POLICY_MAX
};

/* host-os-policy: an address range with its policy (first match wins, longest prefix
 * first once sorted by the loader). */
struct stream_policy_range {
    struct vg_addr addr;
    uint8_t prefix;
    uint8_t policy; /* enum stream_os_policy */
};

struct stream_config {
    uint64_t memcap;            /* stream.memcap, default 64 MiB: sessions */
    uint64_t reassembly_memcap; /* stream.reassembly.memcap, default 256 MiB: segments */
    uint32_t reassembly_depth;  /* stream.reassembly.depth, default 1 MiB; 0 = unlimited */
    uint32_t toserver_chunk_size, toclient_chunk_size; /* stream.reassembly.*-chunk-size,
                                                        * default 2560: raw inspection */
    bool midstream;                                    /* stream.midstream, default false */
    bool async_oneside;                                /* stream.async-oneside, default false */
    bool inline_mode;                                  /* stream.inline, default false (IDS) */
    bool checksum_validation;             /* stream.checksum-validation, default true */
    uint8_t max_synack_queued;            /* stream.max-synack-queued, default 5 */
    struct stream_policy_range *policies; /* owned, host-os-policy; n_policies may be 0 */
    size_t n_policies;
    uint8_t default_policy; /* enum stream_os_policy for addresses not listed: bsd */
};

/* Flags of a stream_consumer data call. */
enum {
    STREAM_DATA_F_START = 1u << 0, /* first call for this direction */
    STREAM_DATA_F_GAP = 1u << 1,   /* len bytes are missing: data is NULL */
    STREAM_DATA_F_EOF = 1u << 2,   /* nothing follows in this direction (may come with data) */
};

/* The app layer's side of the contract. data() gets direction dir's (FLOW_DIR_*) bytes of
 * f in order, each byte once; p is the packet being processed (its direction may differ
 * from dir: data is handed on when acknowledged; NULL when the flow ends, from
 * stream_flow_end()). The bytes are valid during the call only. An EOF notice may come
 * alone (data NULL, len 0). */
struct stream_consumer {
    void (*data)(void *ctx, struct flow *f, struct packet *p, int dir, const uint8_t *data,
            uint32_t len, unsigned flags);
    void *ctx;
};

struct stream_thread;

/* Fills cfg from the config tree (stream.*, host-os-policy) with Suricata's defaults for
 * absent keys. Returns VG_OK or VG_EINVAL after logging the reason. */
int stream_config_load(struct stream_config *cfg, const struct conf *c);
/* Suricata's built-in defaults, without a config tree. */
void stream_config_defaults(struct stream_config *cfg);
void stream_config_release(struct stream_config *cfg);

/* A stream context for one of `share` workers (gets 1/share of both memcaps). cfg must
 * outlive it; consumer may be NULL (no app layer). Returns NULL on ENOMEM. */
struct stream_thread *stream_thread_new(
        const struct stream_config *cfg, unsigned share, const struct stream_consumer *consumer);
void stream_thread_free(struct stream_thread *st);

/* Raw stream inspection on this worker: on (segments are kept until stream_raw_consumed()
 * passed them) or off (raw marks follow the app layer). Default "auto": off until the
 * first stream_raw_get() call, on after it. */
void stream_set_raw_inspection(struct stream_thread *st, bool enabled);

/* Tracks TCP packet p on its flow (p->flow != NULL, p->proto TCP); may call the consumer.
 * Sets p's stream events and the STREAM packet flags the detection engine reads. */
void stream_handle_packet(struct stream_thread *st, struct packet *p);
/* The flow is about to end (call before the last raw inspection): stream_raw_get() then
 * returns everything stored, acknowledged or not, as Suricata's end-of-stream pseudo
 * packets see it. stream_flow_end() implies it. */
void stream_flow_ending(struct stream_thread *st, struct flow *f);
/* The flow ends: hands the remaining data of both directions to the consumer (with EOF),
 * as Suricata's end-of-flow pseudo packets do before their detection; the session (and
 * its raw stream) stays until stream_flow_end(). Idempotent; safe when f->tcp_ssn is NULL. */
void stream_flow_deliver(struct stream_thread *st, struct flow *f);
/* The flow ends: stream_flow_deliver(), then frees f->tcp_ssn. Safe when f->tcp_ssn is
 * NULL. */
void stream_flow_end(struct stream_thread *st, struct flow *f);
/* Frees f->tcp_ssn without calling the consumer (flow table release path). */
void stream_flow_free(struct stream_thread *st, struct flow *f);

/* Raw stream for detection: the bytes of direction dir that p should be inspected against
 * (new bytes since the last stream_raw_consumed(), preceded by up to the chunk size of bytes
 * already inspected), contiguous in out (copied into st's scratch when needed). *offset is
 * the stream offset of out's first byte. False when there is nothing new to inspect. */
bool stream_raw_get(struct stream_thread *st, const struct flow *f, int dir, struct slice *out,
        uint64_t *offset);
/* Raw stream for detection, past holes: the blocks of direction dir not inspected yet
 * (struct reasm_raw, stream/reassembly.h), the first one preceded by up to the chunk size
 * of bytes already inspected. Holes are skipped when the app layer got them as gaps, and
 * all of them once the session is closed or the flow ends. out->data is valid until the
 * next stream call on st; out->end goes to stream_raw_consumed(). Returns out->n, 0 when
 * there is nothing new. */
uint32_t stream_raw_get_blocks(
        struct stream_thread *st, const struct flow *f, int dir, struct reasm_raw *out);
/* Detection inspected direction dir up to stream offset end (exclusive). */
void stream_raw_consumed(struct stream_thread *st, struct flow *f, int dir, uint64_t end);

/* stream.* and tcp.* counters (Suricata's names: tcp.sessions, tcp.ssn_memcap_drop,
 * tcp.segment_memcap_drop, tcp.reassembly_gap, tcp.stream_depth_reached, ...). */
void stream_export_stats(const struct stream_thread *st, struct stats_set *s);

#endif
