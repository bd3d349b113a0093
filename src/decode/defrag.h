/*
 * defrag.h - IPv4 and IPv6 fragment reassembly with a memcap and overlap policies.
 *
 * One defrag_table per worker (inside its decode_thread), keyed on (src, dst, id, proto,
 * vlan ids, tunnel id). Fragments are copied into per-datagram trackers whose memory is
 * charged to defrag.memcap; a completed datagram is rebuilt into a pseudo packet
 * (PKT_F_PSEUDO | PKT_F_DEFRAG) with its own buffer, also charged to the memcap until the
 * pseudo packet is given back. Time is packet time. The overlap policy decides which bytes
 * win when fragments overlap, as Suricata's defrag policies do.
 */
#ifndef VG_DECODE_DEFRAG_H
#define VG_DECODE_DEFRAG_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cursor.h"

enum defrag_policy {
    DEFRAG_POLICY_BSD = 0, /* default */
    DEFRAG_POLICY_BSD_RIGHT,
    DEFRAG_POLICY_LINUX,
    DEFRAG_POLICY_WINDOWS,
    DEFRAG_POLICY_SOLARIS,
    DEFRAG_POLICY_FIRST,
    DEFRAG_POLICY_LAST,
};

struct defrag_config {
    bool enabled;              /* defrag.enabled (default yes) */
    uint64_t memcap;           /* defrag.memcap, default 32 MiB */
    uint32_t timeout_sec;      /* defrag.timeout, default 60 */
    uint32_t max_frags;        /* defrag.max-frags, fragments per datagram (default 65535) */
    uint32_t trackers;         /* defrag.trackers: most datagrams in progress (default 65535) */
    enum defrag_policy policy; /* defrag.policy (Vigie key; Suricata maps hosts), "bsd" */
};

/* Counters exported as Suricata's defrag.* stats. */
struct defrag_counters {
    uint64_t ipv4_fragments;
    uint64_t ipv4_reassembled;
    uint64_t ipv6_fragments;
    uint64_t ipv6_reassembled;
    uint64_t max_trackers_reached; /* no tracker: trackers limit or memcap hit */
    uint64_t max_frags_reached;    /* fragment not stored: max-frags or memcap hit */
    uint64_t tracker_timeout;      /* trackers expired unfinished (defrag.mgr.tracker_timeout) */
    uint64_t memuse;               /* bytes in use now */
};

struct defrag_table;
struct decode_thread;
struct packet;

/* Allocates an empty table. The caller owns it (defrag_table_free). NULL on ENOMEM. */
struct defrag_table *defrag_table_new(const struct defrag_config *cfg);
/* Frees the table and every tracker; NULL is a no-op. */
void defrag_table_free(struct defrag_table *t);
const struct defrag_counters *defrag_counters(const struct defrag_table *t);

/* Handles an IPv4 fragment p (ip4 fields, src/dst set; hdr = its IP header of hlen bytes,
 * payload = the fragment's data). May queue a reassembled, decoded pseudo packet on dt. */
void defrag_ipv4(
        struct decode_thread *dt, struct packet *p, struct cursor hdr, struct cursor payload);
/* Same for IPv6: unfrag = the bytes before the fragment header (IPv6 header and earlier
 * extension headers), next = the fragment header's next header, payload = fragment data. */
void defrag_ipv6(struct decode_thread *dt, struct packet *p, struct cursor unfrag, size_t nh_off,
        uint8_t next, struct cursor payload);
/* Expires trackers older than the timeout at time now (packet time). */
void defrag_timeout(struct defrag_table *t, uint64_t now_usec);
/* Returns the memcap charge of a reassembled packet's buffer when it is released. */
void defrag_release_buf(struct defrag_table *t, struct packet *p);

/* Parses a policy name ("bsd", "linux", ...); false if unknown. */
bool defrag_policy_parse(const char *s, enum defrag_policy *out);

#endif
