/*
 * decode-counters.h - per-worker decoder counters, exported as Suricata's decoder.* stats.
 *
 * X-macro list DECODE_COUNTER(field, "stats name"); the stats name is below "decoder.".
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
    X(tcp, "tcp")                                                                                  \
    X(udp, "udp")                                                                                  \
    X(icmpv4, "icmpv4")                                                                            \
    X(icmpv6, "icmpv6")

struct decode_counters {
#define DECODE_COUNTER_FIELD(f, name) uint64_t f;
    DECODE_COUNTERS(DECODE_COUNTER_FIELD)
#undef DECODE_COUNTER_FIELD
    uint64_t max_pkt_size;
    uint64_t events[PKT_EVENT_MAX];
};

#endif
