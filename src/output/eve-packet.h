/*
 * eve-packet.h - EVE parts about one packet: the per-protocol objects of the packet
 * (sctp{}, igmp{}, rgmp{}) that alert records carry, and the "packet" records Suricata
 * writes for packets a rule's tag keyword tagged (eve-log alert "tagged-packets: yes").
 */
#ifndef VG_OUTPUT_EVE_PACKET_H
#define VG_OUTPUT_EVE_PACKET_H

#include "decode/decode-types.h"
#include "output/eve.h"
#include "util/json.h"

/* Writes the packet's protocol object into the open record js, as Suricata 9 does in
 * alerts: "sctp":{vtag, chunk_types[], chunk_cnt, has_init, has_init_ack, has_data,
 * has_abort} for SCTP, "igmp":{type, version} for IGMP v1-v3, "rgmp":{type} for RGMP.
 * Nothing for other protocols. */
void eve_packet_write_proto(struct json *js, const struct packet *p);

/* Writes one "packet" record for p (a tagged packet): the usual header (timestamp,
 * flow_id, pcap_cnt, tuple), pkt_src, "packet" (the captured bytes in base64, at most
 * 64 KiB) and "packet_info":{linktype, linktype_name}. Written only when alert records
 * are on (Suricata's alert logger writes them); no-op when t is NULL. */
void eve_packet_log(struct eve_thread *t, const struct packet *p);

#endif
