/*
 * decode-counters.h - per-worker decoder counters, exported as Suricata's decoder.* stats.
 *
 * X-macro list DECODE_COUNTER(field, "stats name"); the stats name is below "decoder.".
 * The names are Suricata 7/8's (see its EVE schema, stats.decoder). avg_pkt_size and
 * max_pkt_size are not in the list: decode_export_stats() derives them.
 */
#ifndef VG_DECODE_DECODE_COUNTERS_H
#define VG_DECODE_DECODE_COUNTERS_H

#include <stdint.h>

#include "decode/decode-types.h"

#define DECODE_COUNTERS(X)                                                                         \
    X(pkts, "pkts")                                                                                \
    X(bytes, "bytes")                                                                              \
    X(invalid, "invalid")                                                                          \
    X(ipv4, "ipv4")                                                                                \
    X(ipv6, "ipv6")                                                                                \
    X(ethernet, "ethernet")                                                                        \
    X(arp, "arp")                                                                                  \
    X(unknown_ethertype, "unknown_ethertype")                                                      \
    X(chdlc, "chdlc")                                                                              \
    X(raw, "raw")                                                                                  \
    X(null, "null")                                                                                \
    X(sll, "sll")                                                                                  \
    X(sll2, "sll2")                                                                                \
    X(tcp, "tcp")                                                                                  \
    X(udp, "udp")                                                                                  \
    X(sctp, "sctp")                                                                                \
    X(esp, "esp")                                                                                  \
    X(icmpv4, "icmpv4")                                                                            \
    X(icmpv6, "icmpv6")                                                                            \
    X(igmp, "igmp")                                                                                \
    X(ppp, "ppp")                                                                                  \
    X(pppoe, "pppoe")                                                                              \
    X(geneve, "geneve")                                                                            \
    X(gre, "gre")                                                                                  \
    X(vlan, "vlan")                                                                                \
    X(vlan_qinq, "vlan_qinq")                                                                      \
    X(vlan_qinqinq, "vlan_qinqinq")                                                                \
    X(vxlan, "vxlan")                                                                              \
    X(vntag, "vntag")                                                                              \
    X(ieee8021ah, "ieee8021ah")                                                                    \
    X(etag, "etag")                                                                                \
    X(teredo, "teredo")                                                                            \
    X(ipv4_in_ipv4, "ipv4_in_ipv4")                                                                \
    X(ipv6_in_ipv4, "ipv6_in_ipv4")                                                                \
    X(ipv4_in_ipv6, "ipv4_in_ipv6")                                                                \
    X(ipv6_in_ipv6, "ipv6_in_ipv6")                                                                \
    X(mpls, "mpls")                                                                                \
    X(erspan, "erspan")                                                                            \
    X(nsh, "nsh")                                                                                  \
    X(too_many_layers, "too_many_layers")

struct decode_counters {
#define DECODE_COUNTER_FIELD(f, name) uint64_t f;
    DECODE_COUNTERS(DECODE_COUNTER_FIELD)
#undef DECODE_COUNTER_FIELD
    uint64_t max_pkt_size;
    uint64_t events[PKT_EVENT_MAX];
};

#endif
