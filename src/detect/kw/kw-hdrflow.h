/*
 * kw-hdrflow.h - packet-header, flow-state and thresholding keywords (helper hdrflow):
 * kw/ip.c, kw/tcp-keywords.c, kw/icmp.c, kw/event-keywords.c, kw/flow.c, kw/stream-size.c,
 * kw/flowbits.c, kw/flowint.c, kw/xbits.c, kw/threshold-keywords.c, kw/hdr-buffers.c, kw/csum.c.
 *
 * The keyword objects for the registry (keywords.c) and the few parse helpers the files
 * share. Numeric header values use num-cmp.c (kw-payload.h) with one addition: "a-b" is
 * accepted as Suricata's older spelling of the exclusive range "a<>b".
 */
#ifndef VG_DETECT_KW_KW_HDRFLOW_H
#define VG_DETECT_KW_KW_HDRFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/keyword.h"
#include "detect/kw/kw-payload.h"

/* ip.c */
extern const struct keyword kw_ttl;
extern const struct keyword kw_tos;
extern const struct keyword kw_ipopts;
extern const struct keyword kw_sameip;
extern const struct keyword kw_ip_proto;
extern const struct keyword kw_id;
extern const struct keyword kw_fragbits;
extern const struct keyword kw_fragoffset;
/* tcp.c */
extern const struct keyword kw_flags;
extern const struct keyword kw_tcp_flags;
extern const struct keyword kw_seq;
extern const struct keyword kw_ack;
extern const struct keyword kw_window;
extern const struct keyword kw_tcp_mss;
/* icmp.c */
extern const struct keyword kw_itype;
extern const struct keyword kw_icode;
extern const struct keyword kw_icmp_id;
extern const struct keyword kw_icmp_seq;
extern const struct keyword kw_icmpv6_mtu;
/* events.c */
extern const struct keyword kw_decode_event;
extern const struct keyword kw_stream_event;
extern const struct keyword kw_app_layer_event;
extern const struct keyword kw_app_layer_protocol;
/* flow.c, stream-size.c */
extern const struct keyword kw_flow;
extern const struct keyword kw_stream_size;
/* flowbits.c, flowint.c, xbits.c */
extern const struct keyword kw_flowbits;
extern const struct keyword kw_flowint;
extern const struct keyword kw_xbits;
extern const struct keyword kw_hostbits;
/* igmp.c */
extern const struct keyword kw_igmp_type;
/* sctp.c */
extern const struct keyword kw_sctp_chunk_type;
extern const struct keyword kw_sctp_chunk_cnt;
extern const struct keyword kw_sctp_vtag;
extern const struct keyword kw_sctp_chunk_data;
/* vlan.c */
extern const struct keyword kw_vlan_id;
extern const struct keyword kw_vlan_layers;
/* flow-counters.c */
extern const struct keyword kw_flow_pkts;
extern const struct keyword kw_flow_bytes;
extern const struct keyword kw_flow_pkts_toserver;
extern const struct keyword kw_flow_pkts_toclient;
extern const struct keyword kw_flow_bytes_toserver;
extern const struct keyword kw_flow_bytes_toclient;
/* threshold.c */
extern const struct keyword kw_threshold;
extern const struct keyword kw_detection_filter;

/* hdr-buffers.c: header sticky buffers and their getters (listed in detect/buffer.c) */
extern const struct keyword kw_ipv4_hdr;
extern const struct keyword kw_ipv6_hdr;
extern const struct keyword kw_tcp_hdr;
extern const struct keyword kw_udp_hdr;
extern const struct keyword kw_icmpv4_hdr;
extern const struct keyword kw_icmpv6_hdr;
extern const struct keyword kw_igmp_hdr;
extern const struct keyword kw_sctp_hdr;
extern const struct keyword kw_ether_hdr;
struct slice;
bool hdr_buffer_ipv4(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool hdr_buffer_ipv6(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool hdr_buffer_tcp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool hdr_buffer_udp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool hdr_buffer_icmpv4(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool hdr_buffer_icmpv6(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool hdr_buffer_igmp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool hdr_buffer_sctp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool hdr_buffer_ether(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
/* sctp-keywords.c: sctp.chunk_data, the user data of the packet's first DATA chunk */
bool sctp_buffer_chunk_data(
        struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);

/* csum.c */
extern const struct keyword kw_ipv4_csum;
extern const struct keyword kw_tcpv4_csum;
extern const struct keyword kw_tcpv6_csum;
extern const struct keyword kw_udpv4_csum;
extern const struct keyword kw_udpv6_csum;
extern const struct keyword kw_icmpv4_csum;
extern const struct keyword kw_icmpv6_csum;
extern const struct keyword kw_igmp_csum;

/* Parses a header number comparison: num-cmp.c's forms plus "a-b" (= "a<>b") and
 * surrounding spaces/quotes. Returns VG_OK or VG_EINVAL with a reason in err. */
int hdr_num_parse(const char *value, uint64_t max, struct num_cmp *out, char *err, size_t errlen);

/* Parses an unsigned decimal (or 0x hex when hex_ok) up to max, with optional spaces and
 * quotes around it; false when invalid. */
bool hdr_parse_uint(const char *s, uint64_t max, bool hex_ok, uint64_t *out);

/* A bit-set test with Suricata's flags/fragbits modifiers. */
enum hdr_bits_mode {
    HDR_BITS_EXACT, /* no modifier: exactly these bits (outside the ignore mask) */
    HDR_BITS_PLUS,  /* '+': these bits, others may be set too */
    HDR_BITS_ANY,   /* '*': any of these bits */
    HDR_BITS_NOT,   /* '!': not all of these bits */
};

struct hdr_bits {
    enum hdr_bits_mode mode;
    uint16_t bits;
    uint16_t ignore; /* bits masked off before comparing (flags:S,CE) */
};

/* Evaluates b against the value v. */
bool hdr_bits_eval(const struct hdr_bits *b, uint16_t v);

#endif
