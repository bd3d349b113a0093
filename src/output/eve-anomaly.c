/*
 * eve-anomaly.c - EVE "anomaly" records for packet events (decoder and stream events).
 *
 * One record per event kept on the packet, in the order they were set, with the packet's
 * header, as Suricata's anomaly logger writes them:
 *   {"timestamp":..., "flow_id":..., "pcap_cnt":..., "event_type":"anomaly", tuple...,
 *    "pkt_src":"wire/pcap", "anomaly":{"type":"decode","event":"decoder.ipv4.trunc_pkt"}}
 * "type" is "decode" for decoder.* events and "stream" for stream.* events; each kind is
 * logged only if switched on in eve-log's anomaly "types" (both off by default, as in
 * Suricata, where only applayer anomalies are on by default). App-layer anomalies belong
 * to the app layer and are not written here. Events past the per-packet limit are counted
 * by the decoder but, as in Suricata, not logged.
 */
#include "output/eve.h"

#include <string.h>

#include "decode/decode.h"
#include "flow/flow.h"

/* "decode" or "stream", as Suricata classes its packet events: by position in its event
 * list, where decoder.too_many_layers sits past the last "decode" event, so Suricata writes
 * it as type "stream" (and logs it only when stream anomalies are on). Kept for fidelity. */
static const char *packet_event_type(const char *name)
{
    if (strcmp(name, "decoder.too_many_layers") == 0)
        return "stream";
    if (strncmp(name, "decoder.", 8) == 0)
        return "decode";
    if (strncmp(name, "stream.", 7) == 0)
        return "stream";
    return NULL;
}

/* Suricata's "pkt_src" for the packets Vigie can name; NULL (not written) otherwise. */
static const char *packet_source(const struct packet *p)
{
    if (p->flags & PKT_F_DEFRAG)
        return "defrag";
    if (!(p->flags & PKT_F_PSEUDO))
        return "wire/pcap";
    return NULL;
}

void eve_log_anomalies(struct eve_thread *t, const struct packet *p)
{
    const struct eve_output *out;
    const struct eve_config *cfg;
    struct eve_tuple tuple;
    uint64_t flow_id, pcap_cnt, ts;
    const char *src = packet_source(p);
    bool have_tuple = false;
    uint8_t i;

    if (t == NULL || p->event_cnt == 0)
        return;
    out = eve_thread_output(t);
    if (!eve_enabled(out, EVE_TYPE_ANOMALY))
        return;
    cfg = eve_output_config(out);
    if (!cfg->anomaly_decode && !cfg->anomaly_stream)
        return;
    flow_id = p->flow != NULL ? flow_get_id(p->flow) : 0;
    /* An event found inside a tunnel is reported with the captured packet's number. */
    pcap_cnt = p->pcap_cnt;
    ts = p->ts_usec;
    if (p->root != NULL) {
        if (pcap_cnt == 0)
            pcap_cnt = p->root->pcap_cnt;
        if (ts == 0)
            ts = p->root->ts_usec;
    }

    for (i = 0; i < p->event_cnt && i < PKT_EVENTS_MAX; i++) {
        const char *name, *type;
        struct json *js;

        if (p->events[i] >= PKT_EVENT_MAX)
            continue;
        name = pkt_event_name((enum pkt_event)p->events[i]);
        type = name != NULL ? packet_event_type(name) : NULL;
        if (type == NULL)
            continue;
        if ((type[0] == 'd' && !cfg->anomaly_decode) || (type[0] == 's' && !cfg->anomaly_stream))
            continue;
        if (!have_tuple) {
            eve_tuple_from_packet(&tuple, p);
            have_tuple = true;
        }
        js = eve_begin(t, "anomaly", ts, flow_id, pcap_cnt, &tuple);
        if (src != NULL)
            json_kv_str(js, "pkt_src", src);
        json_key(js, "anomaly");
        json_open_object(js);
        json_kv_str(js, "type", type);
        json_kv_str(js, "event", name);
        json_close_object(js);
        eve_commit(t);
    }
}
