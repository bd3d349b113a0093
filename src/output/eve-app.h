/*
 * eve-app.h - EVE records of app-layer transactions (http, dns, tls, ssh, ...).
 *
 * The common record head (timestamp, flow_id, event_type = the parser's eve_type,
 * addresses, ports, proto, pkt_src, tx_id, ...) followed by the parser's own object
 * (app_parser.log_tx). Records are written in the flow's orientation (src = client).
 */
#ifndef VG_OUTPUT_EVE_APP_H
#define VG_OUTPUT_EVE_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "flow/flow-types.h"
#include "output/eve.h"

/* Logs every transaction of f that is complete (or every one when flow_end) and not yet
 * logged, when its record type is enabled, and marks each as logged either way, so the app
 * layer can free it. t may be NULL (no eve-log output: only marks). p is the packet being
 * processed (NULL at flow end); ts_usec the record timestamp. */
void eve_app_log(struct eve_thread *t, struct flow *f, const struct packet *p, uint64_t ts_usec,
        bool flow_end);

/* anomaly records (eve-anomaly.c) for the app-layer events of f not logged yet, when the
 * anomaly type and its applayer kind are on: framework events (layer "proto_detect") and
 * protocol events on the flow ("parser") or on a transaction ("proto_parser", with tx_id).
 * Marks them logged either way. p may be NULL (flow end: the flow's tuple is used). */
void eve_log_app_anomalies(
        struct eve_thread *t, const struct flow *f, const struct packet *p, uint64_t ts_usec);

/* Swaps source and destination (addresses, ports) of a record tuple; drops ICMP fields. */
void eve_tuple_swap(struct eve_tuple *tp);
/* pkt_src of an app-layer or file record about p: "wire/pcap", "defrag", NULL for other
 * pseudo packets, "stream (flow timeout)" when p is NULL (flow end). */
const char *eve_app_pkt_src(const struct packet *p);
/* pcap_cnt of a record about p: its own, or its root packet's for a pseudo packet; 0 when
 * p is NULL. */
uint64_t eve_app_pcap_cnt(const struct packet *p);

#endif
