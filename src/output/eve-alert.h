/*
 * eve-alert.h - EVE "alert" records, as Suricata's alert logger writes them.
 *
 * One record per alert of a packet, in queue order:
 *   header (timestamp, flow_id, pcap_cnt, event_type, tuple), pkt_src ("stream (flow
 *   timeout)" for the flow-end pseudo packet), tx_id (alerts on a transaction),
 *   alert{action, gid, signature_id, rev, signature, category (only with a classtype),
 *         severity, source/target (with target:), metadata {"key":["value",...]}},
 *   the transaction's protocol object ("dns": {...}, the parser's log_tx()),
 *   app_proto (+ app_proto_ts / app_proto_tc when a direction differs), once known,
 *   direction (to_server/to_client, packets with a flow),
 *   flow{pkts_toserver, pkts_toclient, bytes_toserver, bytes_toclient, start, src_ip,
 *        dest_ip, src_port, dest_port} (flow orientation),
 *   payload (base64), payload_printable, stream (1 for a TCP stream or transaction match,
 *   whose payload is the reassembled bytes inspected, else 0), packet (base64),
 *   packet_info{linktype}
 *   when configured. action is "allowed", or "blocked" for reject rules (Suricata in IDS
 *   mode: drop rules only block inline, so their alerts say "allowed").
 * Options come from eve-log's "types: - alert: {payload, payload-printable, packet,
 * metadata}" (defaults: metadata yes, the rest no).
 */
#ifndef VG_OUTPUT_EVE_ALERT_H
#define VG_OUTPUT_EVE_ALERT_H

#include <stdbool.h>

#include "conf/conf.h"
#include "decode/decode-types.h"
#include "detect/detect.h"
#include "output/eve.h"

struct eve_alert_config {
    bool payload, payload_printable, packet, metadata;
    bool tagged_packets; /* "tagged-packets": packet records for tagged packets (eve-packet.h) */
};

/* Reads the alert options of the first enabled eve-log output (defaults when absent).
 * Returns VG_OK or a negative VG_E* after logging the bad value. */
int eve_alert_config_load(struct eve_alert_config *cfg, const struct conf *c);

/* Writes one alert record per entry of a (entries flagged NOALERT are skipped), if the
 * alert type is on. */
void eve_alert_log(struct eve_thread *t, const struct eve_alert_config *cfg, const struct packet *p,
        const struct detect_alerts *a);

#endif
