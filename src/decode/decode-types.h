/*
 * decode-types.h - the packet: what capture fills in and what decoding finds.
 *
 * Plain types only, no prototypes, so every stage can include it. The struct is
 * transparent because every stage reads it on the hot path. Ownership:
 *   - capture owns buf and sets data/caplen/wirelen/ts/pcap_cnt/datalink;
 *   - decode fills the "decoded" part and never writes outside it;
 *   - flow sets flow and flow_dir; later stages read.
 * Pseudo packets (a tunnel's inner packet, a reassembled IP datagram) are struct packet too,
 * with root pointing at the captured packet they came from; their data points into the
 * root's buffer (tunnels) or into their own buf (defrag).
 */
#ifndef VG_DECODE_DECODE_TYPES_H
#define VG_DECODE_DECODE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pkt_event {
#define PKT_EVENT(e, name) PKT_EVENT_##e,
#include "decode/pkt-events.def"
#undef PKT_EVENT
    PKT_EVENT_MAX
};

/* As in Suricata: at most this many events are kept per packet; more are counted only. */
#define PKT_EVENTS_MAX 15
#define PKT_VLAN_MAX   3

/* An IPv4 or IPv6 address. IPv4 uses the first 4 bytes (network order), the rest zero, so
 * comparisons and hashes can always use all 16 bytes. */
struct vg_addr {
    union {
        uint8_t b[16];
        uint32_t w[4];
    };
};

/* Packet flags. */
enum {
    PKT_F_INVALID = 1u << 0,         /* decoding failed: no flow, no detection */
    PKT_F_PSEUDO = 1u << 1,          /* tunnel inner or defrag result, not captured as is */
    PKT_F_TUNNEL_ROOT = 1u << 2,     /* carries a tunnel whose inner packet was queued */
    PKT_F_IPV4_CSUM_BAD = 1u << 3,   /* IPv4 header checksum verified and wrong */
    PKT_F_L4_CSUM_BAD = 1u << 4,     /* TCP/UDP/ICMP/SCTP checksum verified and wrong */
    PKT_F_FRAGMENT = 1u << 5,        /* an IP fragment (not yet reassembled) */
    PKT_F_DEFRAG = 1u << 6,          /* this packet is a reassembled datagram */
    PKT_F_HAS_ETH = 1u << 7,         /* eth_src/eth_dst are valid */
    PKT_F_EVENTS_OVERFLOW = 1u << 8, /* more events than PKT_EVENTS_MAX */
    PKT_F_STREAM_ADD = 1u << 9,      /* stream: the payload went into its direction's reassembly
                                      * (detection then inspects it as raw stream only) */
    PKT_F_FLOW_EST = 1u << 10        /* the flow was established when the packet reached it,
                                      * before the stream ran (Suricata's FLOW_PKT_ESTABLISHED) */
};

/* TCP flag bits as on the wire. */
enum {
    TCP_FIN = 0x01,
    TCP_SYN = 0x02,
    TCP_RST = 0x04,
    TCP_PSH = 0x08,
    TCP_ACK = 0x10,
    TCP_URG = 0x20,
    TCP_ECE = 0x40,
    TCP_CWR = 0x80,
};

struct pkt_ipv4 {
    uint8_t hlen; /* header bytes */
    uint8_t tos;
    uint8_t ttl;
    uint16_t total_len;
    uint16_t id;
    uint16_t frag; /* flags (3 bits) and offset (13 bits), as on the wire */
    uint16_t opts; /* bitmask of IPV4_OPT_* seen */
};

struct pkt_ipv6 {
    uint8_t hlim;
    uint8_t tclass;
    uint32_t flow_label;
    uint16_t plen;    /* payload length field */
    uint16_t exthdrs; /* bitmask of IPV6_EXT_* seen */
    bool has_frag;    /* a fragment header was present */
    uint32_t frag_id;
    uint16_t frag_off; /* offset in bytes */
    bool frag_more;
};

struct pkt_tcp {
    uint8_t hlen;
    uint8_t flags;
    uint32_t seq;
    uint32_t ack;
    uint16_t win;
    uint16_t urg;
    /* options */
    bool has_mss, has_wscale, has_sackok, has_ts, has_sack;
    bool has_tfo; /* a TCP fast open option (34, or 254/253 with the TFO magic) */
    uint16_t mss;
    uint8_t wscale;
    uint32_t ts_val, ts_ecr;
    const uint8_t *sack; /* SACK blocks as on the wire, sack_len bytes */
    uint8_t sack_len;
};

struct pkt_icmp {
    uint8_t type;
    uint8_t code;
    uint16_t id; /* echo/timestamp types only */
    uint16_t seq;
    bool has_id;
    /* For error messages: the embedded packet's addresses and ports, if decodable. */
    bool has_inner;
    uint8_t inner_proto;
    struct vg_addr inner_src, inner_dst;
    uint16_t inner_sp, inner_dp;
};

/* SCTP (decode/sctp.c): what the chunk walk found. */
#define PKT_SCTP_TYPES_MAX 16 /* chunk types kept per packet, as Suricata */
struct pkt_sctp {
    uint32_t vtag;
    uint16_t chunk_cnt; /* chunks walked (may exceed PKT_SCTP_TYPES_MAX) */
    uint16_t hlen;      /* common header + the chunks walked, bounded by the capture */
    uint8_t types[PKT_SCTP_TYPES_MAX];
    bool has_init, has_init_ack, has_data, has_abort;
};

/* IGMP (decode/igmp.c): version 1-3 by type and size; 0 when not IGMP v1-v3 (RGMP...). */
struct pkt_igmp {
    uint8_t version;
    bool rgmp; /* RGMP (types 0xfc-0xff to 224.0.0.25) */
};

struct flow;

struct packet {
    /* --- set by capture --- */
    uint8_t *buf; /* owned buffer holding the captured bytes, or NULL */
    size_t buf_size;
    const uint8_t *data; /* first byte of the link layer */
    uint32_t caplen;     /* bytes captured */
    uint32_t wirelen;    /* bytes on the wire */
    uint64_t ts_usec;    /* capture time, microseconds since the epoch */
    uint64_t pcap_cnt;   /* 1-based packet number in the input; 0 for pseudo packets */
    int datalink;        /* DLT_* of the capture */

    /* --- set by decode --- */
    uint32_t flags;
    uint8_t ip_ver; /* 4, 6 or 0 (no IP layer) */
    uint8_t proto;  /* IP protocol of the innermost L4 header */
    uint8_t vlan_cnt;
    uint8_t recursion; /* tunnel depth: 0 for captured packets */
    uint16_t vlan_id[PKT_VLAN_MAX];
    uint8_t eth_src[6], eth_dst[6];
    struct vg_addr src, dst;
    uint16_t sp, dp;        /* TCP/UDP/SCTP ports; 0 otherwise */
    const uint8_t *l3;      /* IP header */
    uint32_t l3_len;        /* IP header + payload bytes (bounded by caplen) */
    const uint8_t *l4;      /* transport header */
    uint32_t l4_len;        /* transport header + payload */
    const uint8_t *payload; /* application payload */
    uint32_t payload_len;
    struct pkt_ipv4 ip4;
    struct pkt_ipv6 ip6;
    struct pkt_tcp tcp;
    struct pkt_icmp icmp;
    uint16_t udp_len; /* UDP length field */
    struct pkt_sctp sctp;
    struct pkt_igmp igmp;

    uint8_t event_cnt;
    uint16_t events[PKT_EVENTS_MAX];

    struct packet *root; /* the captured packet a pseudo packet came from, else NULL */
    uint32_t tunnel_id;  /* e.g. VXLAN VNI / GENEVE VNI, part of the flow key */

    /* --- set by flow --- */
    struct flow *flow;
    uint8_t flow_dir; /* FLOW_DIR_TOSERVER or FLOW_DIR_TOCLIENT */
};

#endif
