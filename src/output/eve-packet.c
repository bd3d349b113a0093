/*
 * eve-packet.c - EVE parts about one packet (see eve-packet.h).
 *
 * The protocol objects read what the decoders left on the packet (p->sctp, p->igmp); no
 * wire byte is parsed here except the IGMP type, the first byte of the IGMP header.
 * Chunk types past the first PKT_SCTP_TYPES_MAX are counted in chunk_cnt but not named,
 * as in Suricata; a type without an RFC name is written as its number in text.
 *
 * Packet records are written as Suricata's alert logger writes them for tagged packets:
 * {"timestamp":...,"flow_id":...,"pcap_cnt":...,"event_type":"packet", tuple...,
 *  "pkt_src":"wire/pcap","packet":"<base64>","packet_info":{"linktype":1,
 *  "linktype_name":"EN10MB"}}. A tunnel's inner packet is logged from its IP header with
 * linktype raw (DLT_RAW), as alert records do.
 */
#include "output/eve-packet.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "util/compiler.h"

/* Most packet bytes one record carries (before base64). */
#define PACKET_B64_MAX 65536

static const char *const sctp_chunk_names[] = {
    "data",
    "init",
    "init_ack",
    "sack",
    "heartbeat",
    "heartbeat_ack",
    "abort",
    "shutdown",
    "shutdown_ack",
    "error",
    "cookie_echo",
    "cookie_ack",
    "ecne",
    "cwr",
    "shutdown_complete",
    "auth",
};

static void write_sctp(struct json *js, const struct pkt_sctp *sc)
{
    unsigned n = sc->chunk_cnt < PKT_SCTP_TYPES_MAX ? sc->chunk_cnt : PKT_SCTP_TYPES_MAX;
    char num[8];

    json_key(js, "sctp");
    json_open_object(js);
    json_kv_u64(js, "vtag", sc->vtag);
    json_key(js, "chunk_types");
    json_open_array(js);
    for (unsigned i = 0; i < n; i++) {
        if (sc->types[i] < VG_ARRAY_LEN(sctp_chunk_names)) {
            json_str(js, sctp_chunk_names[sc->types[i]]);
        } else {
            snprintf(num, sizeof(num), "%u", (unsigned)sc->types[i]);
            json_str(js, num);
        }
    }
    json_close_array(js);
    json_kv_u64(js, "chunk_cnt", sc->chunk_cnt);
    json_kv_bool(js, "has_init", sc->has_init);
    json_kv_bool(js, "has_init_ack", sc->has_init_ack);
    json_kv_bool(js, "has_data", sc->has_data);
    json_kv_bool(js, "has_abort", sc->has_abort);
    json_close_object(js);
}

void eve_packet_write_proto(struct json *js, const struct packet *p)
{
    if (p->l4 == NULL)
        return;
    if (p->proto == 132) {
        write_sctp(js, &p->sctp);
        return;
    }
    if (p->proto != 2 || p->ip_ver != 4 || p->l4_len < 1)
        return;
    if (p->igmp.rgmp) {
        json_key(js, "rgmp");
        json_open_object(js);
        json_kv_u64(js, "type", p->l4[0]);
        json_close_object(js);
    } else if (p->igmp.version != 0) {
        json_key(js, "igmp");
        json_open_object(js);
        json_kv_u64(js, "type", p->l4[0]);
        json_kv_u64(js, "version", p->igmp.version);
        json_close_object(js);
    }
}

static void kv_base64(struct json *js, const char *key, const uint8_t *p, size_t len)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    char *out = malloc((len + 2) / 3 * 4 + 1);

    if (out == NULL)
        return;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;

        if (i + 1 < len)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        out[o++] = tab[(v >> 18) & 63];
        out[o++] = tab[(v >> 12) & 63];
        out[o++] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? tab[v & 63] : '=';
    }
    json_kv_strn(js, key, out, o);
    free(out);
}

static void write_packet_info(struct json *js, int dlt)
{
    const char *name = pcap_datalink_val_to_name(dlt);

    json_key(js, "packet_info");
    json_open_object(js);
    json_kv_i64(js, "linktype", dlt);
    if (name != NULL) {
        if (strcmp(name, "IPV4") == 0)
            name = "IPv4";
        else if (strcmp(name, "IPV6") == 0)
            name = "IPv6";
        json_kv_str(js, "linktype_name", name);
    }
    json_close_object(js);
}

void eve_packet_log(struct eve_thread *t, const struct packet *p)
{
    bool tunnel = (p->flags & PKT_F_PSEUDO) && !(p->flags & PKT_F_DEFRAG) && p->root != NULL;
    struct eve_tuple tuple = { 0 };
    uint64_t pcap_cnt = p->pcap_cnt;
    struct json *js;

    if (t == NULL || !eve_enabled(eve_thread_output(t), EVE_TYPE_ALERT))
        return;
    if (pcap_cnt == 0 && p->root != NULL)
        pcap_cnt = p->root->pcap_cnt;
    if (p->ip_ver != 0)
        eve_tuple_from_packet(&tuple, p);
    js = eve_begin(t, "packet", p->ts_usec, p->flow != NULL ? flow_get_id(p->flow) : 0, pcap_cnt,
            p->ip_ver != 0 ? &tuple : NULL);
    if (p->flags & PKT_F_DEFRAG)
        json_kv_str(js, "pkt_src", "defrag");
    else if (!(p->flags & PKT_F_PSEUDO))
        json_kv_str(js, "pkt_src", "wire/pcap");
    if (tunnel && p->l3 != NULL) {
        kv_base64(js, "packet", p->l3, p->l3_len < PACKET_B64_MAX ? p->l3_len : PACKET_B64_MAX);
        write_packet_info(js, DLT_RAW);
    } else if (p->data != NULL) {
        kv_base64(js, "packet", p->data, p->caplen < PACKET_B64_MAX ? p->caplen : PACKET_B64_MAX);
        write_packet_info(js, p->datalink);
    }
    eve_commit(t);
}
