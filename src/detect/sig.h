/*
 * sig.h - a compiled signature: what one rule line becomes after parsing.
 *
 * A signature is a header (action, protocol, addresses, ports, direction) plus lists of
 * matches. Keywords are sorted into lists by when and where they are evaluated:
 *   - pkt:     packet header keywords (ttl, flags, dsize, itype, ...), evaluated first;
 *   - flow:    flow/flowbits/flowint/xbits conditions, evaluated against the flow;
 *   - buffers: one list per inspected buffer (payload, raw stream, http.uri, dns.query ...)
 *              holding payload matches (content, pcre, byte_*, isdataat, bsize ...), each
 *              list inspected by detect/inspect.c with Suricata's relative-match semantics;
 *   - tx:      app-layer transaction conditions that are not buffers (dns.opcode,
 *              tls.version, ssh.protoversion ...), evaluated on each transaction of the
 *              signature's app_proto, together with the signature's TX-scope buffers;
 *   - post:    actions once the signature matched (flowbits:set, flowint:+, xbits:set ...).
 * Signatures are immutable once the engine is built and shared by all workers.
 */
#ifndef VG_DETECT_SIG_H
#define VG_DETECT_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/rule-addr.h"

enum sig_action {
    SIG_ACTION_ALERT,
    SIG_ACTION_PASS,
    SIG_ACTION_DROP,
    SIG_ACTION_REJECT,
    SIG_ACTION_REJECTSRC,
    SIG_ACTION_REJECTDST,
    SIG_ACTION_REJECTBOTH,
};

/* Signature flags. */
enum {
    SIG_F_BIDIR = 1u << 0,       /* "<>" */
    SIG_F_NOALERT = 1u << 1,     /* noalert: run post actions, log nothing */
    SIG_F_IPONLY = 1u << 2,      /* only addresses: evaluated once per flow direction */
    SIG_F_TOSERVER = 1u << 3,    /* flow:to_server / from_client */
    SIG_F_TOCLIENT = 1u << 4,    /* flow:to_client / from_server */
    SIG_F_ESTABLISHED = 1u << 5, /* flow:established */
    SIG_F_NOT_ESTABLISHED = 1u << 6,
    SIG_F_STATELESS = 1u << 7,        /* flow:stateless */
    SIG_F_ONLY_STREAM = 1u << 8,      /* flow:only_stream / tcp-stream */
    SIG_F_NO_STREAM = 1u << 9,        /* flow:no_stream / tcp-pkt */
    SIG_F_PROTO_ANY_IP = 1u << 10,    /* "ip": any IP protocol */
    SIG_F_TARGET_SRC = 1u << 11,      /* target:src_ip */
    SIG_F_TARGET_DST = 1u << 12,      /* target:dest_ip */
    SIG_F_HAS_PKT_DATA = 1u << 13,    /* inspects the packet payload */
    SIG_F_HAS_STREAM = 1u << 14,      /* inspects the reassembled stream */
    SIG_F_ONLY_FRAG = 1u << 15,       /* flow:only_frag */
    SIG_F_NO_FRAG = 1u << 16,         /* flow:no_frag */
    SIG_F_PROTO_ICMP_BOTH = 1u << 17, /* "icmp": ip_proto 1 and also 58 (ICMPv6) */
    SIG_F_PROTO_PKTHDR = 1u << 18,    /* "pkthdr": any packet, even one without IP */
    SIG_F_PROTO_TCP_UDP = 1u << 19,   /* app-layer proto over TCP and UDP: ip_proto is 0 */
    SIG_F_TXBOTHDIR = 1u << 20,       /* "=>": request and response conditions on one
                                       * transaction (Suricata 8 transactional rule) */
};

struct keyword;

/* One keyword instance in a list. ctx is the keyword's parsed value (owned by the sig,
 * freed with the keyword's free function). */
struct sig_match {
    const struct keyword *kw;
    void *ctx;
};

struct sig_list {
    struct sig_match *m; /* owned */
    uint16_t n, cap;
};

/* A transform applied to a buffer before inspection (to_lowercase, dotprefix, ...). */
struct sig_transform {
    const struct keyword *kw;
    void *ctx;
};

/* The matches on one buffer, with the transforms that apply to it in this rule. */
struct sig_buffer {
    int buffer_id;            /* detect/buffer.h registry id */
    struct sig_transform *xf; /* owned, in order */
    /* the side the list reads: 0 the buffer's own (detect_list_dirs()), 1 to server, 2 to
     * client ("http.connection: to_client;") */
    uint8_t dir;
    uint8_t n_xf;
    struct sig_list list;
};

struct sig_ref {
    const char *system; /* "url", "cve", ... (interned in the engine) */
    const char *value;  /* interned in the engine */
};

/* Thresholding as given by threshold:, detection_filter: or threshold.config. */
enum sig_threshold_type {
    SIG_THRESHOLD_NONE,
    SIG_THRESHOLD_LIMIT,
    SIG_THRESHOLD_THRESHOLD,
    SIG_THRESHOLD_BOTH,
    SIG_THRESHOLD_DETECTION_FILTER,
    SIG_THRESHOLD_BACKOFF, /* Suricata 8: alerts at count, count*multiplier, ... */
};

enum sig_track {
    SIG_TRACK_BY_SRC,
    SIG_TRACK_BY_DST,
    SIG_TRACK_BY_BOTH,
    SIG_TRACK_BY_RULE,
    SIG_TRACK_BY_FLOW,
};

struct sig_threshold {
    enum sig_threshold_type type;
    enum sig_track track;
    uint32_t count;
    uint32_t seconds;    /* 0: no time window (the counts never restart) */
    uint32_t multiplier; /* backoff only */
    uint8_t unique_on;   /* detection_filter unique_on: 0 none, 1 src_port, 2 dst_port */
};

struct sig {
    uint32_t num; /* index in the engine, 0-based, load order */
    uint32_t sid, gid, rev;
    enum sig_action action;
    int priority;           /* from priority: or the classtype, default 3 */
    char *msg;              /* owned, unescaped */
    const char *class_name; /* classtype name (engine-owned string) or NULL */
    const char *class_msg;  /* classification description -> alert.category */
    const char **metadata;  /* owned array of "key value" strings as written; the strings
                             * are interned in the engine (detect_engine_intern) */
    size_t n_metadata;
    struct sig_ref *refs; /* owned array (its strings are the engine's) */
    size_t n_refs;

    uint32_t flags;           /* SIG_F_* */
    uint8_t ip_proto;         /* IP protocol number, or 0 with SIG_F_PROTO_ANY_IP */
    uint8_t ip_ver;           /* 4 or 6 when the header says ipv4/ipv6, else 0 */
    uint16_t app_proto;       /* app-layer protocol from the header (app/app-proto.h), 0 for none */
    struct addr_set src, dst; /* header sets: owned by the engine, shared between the */
    struct port_set sp, dp;   /* signatures that wrote the same text (never freed here) */
    bool src_any, dst_any, sp_any, dp_any;

    struct sig_list pkt;     /* header keywords */
    struct sig_list flow;    /* flow-state conditions */
    struct sig_buffer *bufs; /* owned */
    uint8_t n_bufs;
    struct sig_list tx;   /* transaction conditions (keyword tx_match) */
    struct sig_list post; /* actions on match */

    struct sig_threshold threshold;
    struct sig_threshold detection_filter;

    /* prefilter: the chosen fast pattern */
    int fp_buf;               /* index into bufs, -1 when the sig has no pattern */
    const struct content *fp; /* the content used as fast pattern (in bufs[fp_buf]) */

    const char *file; /* rule file (engine-owned) and line, for messages */
    int line;
};

#endif
