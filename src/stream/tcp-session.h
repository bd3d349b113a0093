/*
 * tcp-session.h - the TCP session state machine (inside the stream stage).
 *
 * tcp_track_packet() runs Suricata's per-state logic on one packet of a flow: session
 * set-up (SYN, or midstream / async-oneside pick-up), the three-way handshake and its
 * anomalies (including the split "4WHS" handshake and TCP fast open), sequence, ack and
 * window checks, PAWS timestamps, FIN and RST teardown. Every violation sets a stream.*
 * event on the packet and the packet is then not used (its data is not reassembled). An
 * accepted packet's payload is inserted into the reassembly of its sender. It writes
 * f->tcp_state, f->state, the FLOW_F_TCP_* flags and the flow's TCP flag summaries.
 *
 * Delivery to the app layer and raw inspection are stream.c's business; this module only
 * says what the packet did (enum tcp_track_result).
 */
#ifndef VG_STREAM_TCP_SESSION_H
#define VG_STREAM_TCP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "flow/flow-types.h"
#include "stream/reassembly.h"
#include "stream/stream-types.h"
#include "stream/stream.h"

/* Wraparound-safe sequence comparisons (RFC 1982 style, as every TCP stack does). */
#define SEQ_EQ(a, b)  ((int32_t)((uint32_t)(a) - (uint32_t)(b)) == 0)
#define SEQ_LT(a, b)  ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b)  ((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)
#define SEQ_GEQ(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) >= 0)

/* Counters of the session tracker (Suricata's tcp.* names in stream.c). */
struct tcp_track_counters {
    uint64_t sessions, ssn_memcap_drop, midstream_pickups, invalid_checksum;
    uint64_t syn, synack, rst, active;
    uint64_t events[PKT_EVENT_MAX]; /* stream.* events set */
};

/* Per-worker tracker context. */
struct tcp_tracker {
    const struct stream_config *cfg;
    struct reasm_thread *rt;
    uint64_t ssn_memcap; /* this worker's share of stream.memcap */
    uint64_t ssn_memuse;
    struct tcp_track_counters cnt;
};

/* What tcp_track_packet() did with the packet. */
enum tcp_track_result {
    TCP_TRACK_NONE = 0, /* no session (not a session start, or no memory) */
    TCP_TRACK_OK,       /* the session accepted the packet */
    TCP_TRACK_INVALID,  /* the session rejected it (an event says why) */
};

/* Tracks p (TCP, p->flow set, checksum already checked) on its flow's session, creating
 * the session when p may start one. */
enum tcp_track_result tcp_track_packet(struct tcp_tracker *tt, struct flow *f, struct packet *p);

/* Frees f's session (segments included) and returns its memory to tt. NULL-safe. */
void tcp_session_free(struct tcp_tracker *tt, struct flow *f);

/* Records stream event e on p and counts it (at most PKT_EVENTS_MAX events per packet). */
void tcp_set_event(struct tcp_tracker *tt, struct packet *p, enum pkt_event e);

/* Stream offset just past the last data byte of peer's direction that its FIN closes;
 * UINT64_MAX when no FIN was seen. */
uint64_t tcp_peer_fin_off(const struct tcp_peer *peer);

#endif
