/*
 * flow-types.h - the flow and its key, as plain types (no prototypes).
 *
 * struct flow is transparent so the EVE flow logger and later stages (stream, app-layer,
 * detect) can read it without calls; only the flow module writes it. Readers may use every
 * field below the "--- readable ---" line; the links above it belong to the table.
 *
 * Layout is kept small on purpose (see flow_table's memcap accounting): about 160 bytes.
 */
#ifndef VG_FLOW_FLOW_TYPES_H
#define VG_FLOW_FLOW_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode-types.h"

struct tcp_session;
struct app_flow;
struct flow_macset;

/* Number of VLAN ids that are part of the key (Suricata keys on three). */
#define FLOW_KEY_VLANS 3

/*
 * A flow key in packet orientation: src/sp sent the packet. Two keys name the same flow
 * when they are equal or equal once src and dst (and sp and dp) are swapped; the hash is
 * symmetric. For ICMPv4 sp/dp hold the message type and its counterpart's type (echo 8 <-> 0),
 * for ICMPv6 (type | code << 8) and the counterpart's type, as Suricata compares them.
 */
struct flow_key {
    struct vg_addr src, dst;
    uint16_t sp, dp;
    uint16_t vlan_id[FLOW_KEY_VLANS]; /* 0 when VLAN tracking is off */
    uint8_t proto;
    uint8_t recursion; /* tunnel depth; 0 when recursion tracking is off */
    uint8_t ip_ver;    /* 4 or 6 */
    uint8_t pad;
};

/* enum flow_state: Suricata's flow states as written in flow.state. */
enum flow_state {
    FLOW_STATE_NEW = 0,
    FLOW_STATE_ESTABLISHED,
    FLOW_STATE_CLOSED,
    FLOW_STATE_MAX
};

/* TCP session states (Suricata's stream engine names, written as tcp.state). NONE: no
 * session was set up (no SYN seen and midstream pickup off). */
enum flow_tcp_state {
    FLOW_TCP_NONE = 0,
    FLOW_TCP_SYN_SENT,
    FLOW_TCP_SYN_RECV,
    FLOW_TCP_ESTABLISHED,
    FLOW_TCP_FIN_WAIT1,
    FLOW_TCP_FIN_WAIT2,
    FLOW_TCP_TIME_WAIT,
    FLOW_TCP_LAST_ACK,
    FLOW_TCP_CLOSE_WAIT,
    FLOW_TCP_CLOSING,
    FLOW_TCP_CLOSED,
    FLOW_TCP_STATE_MAX
};

/* flow flags */
enum {
    FLOW_F_TOSERVER_SEEN = 1u << 0, /* a packet counting as "seen" went client -> server */
    FLOW_F_TOCLIENT_SEEN = 1u << 1,
    FLOW_F_TCP_SESSION = 1u << 2,       /* the TCP tracker set up a session */
    FLOW_F_EMERGENCY = 1u << 3,         /* ended while the table was in emergency mode */
    FLOW_F_HAS_ICMP = 1u << 4,          /* icmp_* fields are valid */
    FLOW_F_TCP_SYNACK_PICKUP = 1u << 5, /* session picked up midstream from a SYN/ACK */
    FLOW_F_ALERTED = 1u << 6,           /* an alert was raised on the flow (set by the worker) */
};

struct flow {
    /* --- owned by the table --- */
    struct flow *hnext;         /* hash chain */
    struct flow *lprev, *lnext; /* timeout list of the flow's (class, state) */
    uint32_t last_sec;          /* capture clock (seconds) at the last packet */
    uint8_t list;               /* timeout list index */
    uint8_t pad0[3];

    /* --- readable --- */
    struct flow_key key; /* src/sp = client (sender of the first packet) */
    uint64_t id;         /* EVE flow_id */
    uint64_t start_usec, last_usec;
    uint64_t bytes[2]; /* per FLOW_DIR_*: whole captured packet lengths */
    uint32_t pkts[2];
    uint32_t hash;
    uint8_t state;     /* enum flow_state */
    uint8_t flags;     /* FLOW_F_* */
    uint8_t tcp_state; /* enum flow_tcp_state */
    uint8_t tcp_flags; /* TCP flags seen in the session, both directions */
    uint8_t tcp_flags_ts, tcp_flags_tc;
    uint8_t icmp_s_type, icmp_s_code; /* first packet's ICMP type and code */
    uint8_t icmp_d_type, icmp_d_code; /* counterpart type (echo reply for echo ...) */
    uint8_t vlan_cnt;                 /* VLAN ids of the first packet, as logged (even when */
    uint8_t pad1;                     /* vlan.use-for-tracking is off) */
    uint16_t vlan_id[FLOW_KEY_VLANS];
    uint32_t tcp_fin_seq[2]; /* per direction: sequence number after its FIN */
    /* Detection state (flowbits, flowints, by_flow thresholds: detect/flow-vars.h), owned
     * and written by the detect stage; freed through flow_config.vars_free when the flow
     * ends or the table is freed. NULL when the flow has none. */
    void *detect_vars;
    /* The TCP session (stream/stream-types.h), owned by the stream stage; NULL for other
     * protocols and before a session is set up. */
    struct tcp_session *tcp_ssn;
    /* The app-layer state (app/app-layer.h), owned by the app stage; NULL until the flow
     * carries payload. app_proto is the detected protocol (app/app-proto.h numbers):
     * APP_PROTO_NONE while unknown, APP_PROTO_FAILED when detection gave up. */
    struct app_flow *app;
    uint16_t app_proto;
    /* MACs seen (flow/macset.h), only when EVE flow records log them; NULL otherwise. */
    struct flow_macset *macs;
};

#endif
