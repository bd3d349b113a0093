/*
 * stream-types.h - the TCP session as plain types (no prototypes).
 *
 * A tcp_session hangs off f->tcp_ssn. It holds one tcp_peer per direction, indexed by
 * FLOW_DIR_* of the packets that peer sends: peer[FLOW_DIR_TOSERVER] is the client. A
 * peer's fields describe what that host sent (isn, next_seq, its advertised window, its
 * timestamps) plus what the other host acknowledged of it (last_ack) and how far it may
 * send (next_win), which is Suricata's TcpStream bookkeeping. Sequence numbers wrap:
 * compare them only with the SEQ_* helpers of tcp-session.h.
 *
 * Readers outside the stream stage (detect: stream_size, flow keywords) may read every
 * field; only the stream stage writes.
 */
#ifndef VG_STREAM_STREAM_TYPES_H
#define VG_STREAM_STREAM_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "stream/reassembly.h"

/* tcp_peer flags */
enum {
    TCP_PEER_F_TS = 1u << 0,        /* sent the timestamp option in its SYN (or SYN/ACK) */
    TCP_PEER_F_WSCALE = 1u << 1,    /* sent the window scale option in its SYN */
    TCP_PEER_F_SACKOK = 1u << 2,    /* sent SACK-permitted */
    TCP_PEER_F_FIN = 1u << 3,       /* sent a FIN (fin_seq is valid) */
    TCP_PEER_F_RST = 1u << 4,       /* sent an accepted RST */
    TCP_PEER_F_STARTED = 1u << 5,   /* data delivery to the app layer started */
    TCP_PEER_F_EOF = 1u << 6,       /* EOF handed to the app layer */
    TCP_PEER_F_NOREASM = 1u << 7,   /* no more reassembly (memcap, depth) */
    TCP_PEER_F_ZERO_TS = 1u << 8,   /* its last timestamp value was 0 */
    TCP_PEER_F_ISN_KNOWN = 1u << 9, /* isn came from a SYN (not guessed midstream) */
    TCP_PEER_F_DEPTH_EV = 1u << 10, /* stream.reassembly_depth_reached was raised */
    TCP_PEER_F_RAW_DONE = 1u << 11, /* raw inspection reached the end of the direction */
};

struct tcp_peer {
    uint32_t isn;           /* initial sequence number (the SYN's, or guessed midstream) */
    uint32_t next_seq;      /* next sequence number expected from this peer */
    uint32_t last_ack;      /* highest acknowledgement the other peer sent for our data */
    uint32_t next_win;      /* highest sequence we may send: last_ack + the other's window */
    uint32_t window;        /* window this peer advertised, scaled */
    uint32_t fin_seq;       /* sequence number after our FIN (TCP_PEER_F_FIN) */
    uint32_t last_ts;       /* last timestamp value sent (TCP_PEER_F_TS) */
    uint64_t last_pkt_usec; /* packet time of last_ts */
    uint16_t flags;         /* TCP_PEER_F_* */
    uint8_t wscale;         /* window scale shift this peer applies to its windows */
    uint8_t tcp_flags;      /* TCP flags this peer sent */
    struct reasm_dir rd;    /* reassembly of the bytes this peer sends */
};

/* tcp_session flags (Suricata's STREAMTCP_FLAG_* subset) */
enum {
    TCP_SSN_F_MIDSTREAM = 1u << 0,        /* picked up without a SYN */
    TCP_SSN_F_MIDSTREAM_SYNACK = 1u << 1, /* picked up on a SYN/ACK */
    TCP_SSN_F_TIMESTAMP = 1u << 2,        /* both peers use timestamps */
    TCP_SSN_F_WSCALE = 1u << 3,           /* both peers use window scaling */
    TCP_SSN_F_SACKOK = 1u << 4,
    TCP_SSN_F_ASYNC = 1u << 5,          /* only one direction is seen (async-oneside) */
    TCP_SSN_F_4WHS = 1u << 6,           /* split handshake: the server sent a SYN */
    TCP_SSN_F_FAST_OPEN = 1u << 7,      /* SYN carried data, the server answered (TFO) */
    TCP_SSN_F_NOREASM = 1u << 8,        /* reassembly off for the session (memcap) */
    TCP_SSN_F_EVASION = 1u << 9,        /* 3WHS evasion attempt was seen */
    TCP_SSN_F_CLOSED_BY_RST = 1u << 10, /* ended by a RST */
    TCP_SSN_F_SYN_DATA = 1u << 11,      /* (internal) SYN payload stored for TFO */
    TCP_SSN_F_ENDING = 1u << 12,        /* the flow ends: nothing more to wait for */
    TCP_SSN_F_TFO_PENDING = 1u << 13,   /* SYN data not answered yet (FAST_OPEN once it is) */
};

struct tcp_session {
    uint8_t state;         /* enum flow_tcp_state (mirrored in f->tcp_state) */
    uint8_t prev_state;    /* state before the last change */
    uint8_t synack_queued; /* SYN/ACKs seen in SYN_RECV (stream.max-synack-queued) */
    uint8_t cdir;          /* FLOW_DIR_* of the client's packets (the SYN's sender) */
    uint16_t flags;        /* TCP_SSN_F_* */
    uint16_t pad2;
    struct tcp_peer peer[2]; /* by FLOW_DIR_* of the sender */
};

#endif
