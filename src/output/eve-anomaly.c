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
 * by the decoder but, as in Suricata, not logged. With eve-log "metadata" (default yes) a
 * packet anomaly on a flow carries the flow's variables (eve-metadata.c).
 *
 * App-layer events (eve_log_app_anomalies(), called by eve-app.c) are written as Suricata's
 * anomaly logger does: {"anomaly":{"app_proto":"http","type":"applayer",
 * "event":"APPLAYER_MISMATCH_PROTOCOL_BOTH_DIRECTIONS","layer":"proto_detect"}}, with
 * layer "parser" for a protocol's flow-level events and "proto_parser" (plus tx_id in the
 * header) for events on a transaction. Event names are those of Suricata's tables: the
 * framework's upper-case with the APPLAYER_ prefix, the protocols' as their tables spell
 * them (upper-case for the protocols Suricata parses in C: HTTP, TLS, SMTP).
 */
#include "output/eve.h"

#include <string.h>

#include "app/app-layer.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "output/eve-app.h"
#include "output/eve-flow.h"
#include "output/eve-metadata.h"

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
        if (cfg->metadata)
            eve_metadata_write(js, p->flow, NULL);
        json_key(js, "anomaly");
        json_open_object(js);
        json_kv_str(js, "type", type);
        json_kv_str(js, "event", name);
        json_close_object(js);
        eve_commit(t);
    }
}

/* Event name as Suricata's anomaly log writes it, into buf; NULL when not logged. */
static const char *app_event_log_name(
        const struct app_flow *af, const struct app_event *ev, char *buf, size_t cap)
{
    const char *name;
    bool upper;
    size_t off = 0, i;

    if (ev->src == APP_EVENT_SRC_APPLAYER) {
        if (ev->id == APP_EV_PARSER_ERROR)
            return NULL; /* Vigie's own, no Suricata name */
        name = app_layer_event_name(ev->id);
        upper = true;
        if (name != NULL && cap > 9) {
            memcpy(buf, "APPLAYER_", 9);
            off = 9;
        }
    } else {
        uint16_t proto;

        if (af->parser == NULL || af->parser->event_names == NULL ||
                ev->id >= af->parser->n_event_names)
            return NULL;
        name = af->parser->event_names[ev->id];
        proto = af->parser->proto;
        upper = proto == APP_PROTO_HTTP || proto == APP_PROTO_HTTP1 || proto == APP_PROTO_TLS ||
                proto == APP_PROTO_SMTP;
    }
    if (name == NULL)
        return NULL;
    for (i = 0; name[i] != '\0' && off + 1 < cap; i++) {
        char c = name[i];
        buf[off++] = upper && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
    }
    buf[off] = '\0';
    return buf;
}

/* One applayer anomaly record. tx_id < 0: none. dirs: the event's app_event.dirs. */
static void app_anomaly_record(struct eve_thread *t, const struct flow *f, const struct packet *p,
        uint64_t ts_usec, const char *event, const char *layer, int64_t tx_id, uint8_t dirs)
{
    struct eve_tuple tuple;
    struct json *js;
    const char *src = p != NULL ? packet_source(p) : "stream (flow timeout)";
    const char *proto = app_proto_eve_name(f->app_proto);
    uint64_t pcap_cnt = 0;

    if (p != NULL) {
        eve_tuple_from_packet(&tuple, p);
        pcap_cnt = p->pcap_cnt;
        if (pcap_cnt == 0 && p->root != NULL)
            pcap_cnt = p->root->pcap_cnt;
    } else {
        eve_tuple_from_flow(&tuple, f);
        /* raised parsing the server's data at flow end: Suricata logs it on its to-client
         * flow timeout pseudo packet, so from the server's side */
        if (dirs == (1u << APP_DIR_TOCLIENT) && f->app != NULL &&
                !(f->app->flags & APP_FLOW_F_REVERSED))
            eve_tuple_swap(&tuple);
    }
    js = eve_begin(t, "anomaly", ts_usec, f->id, pcap_cnt, &tuple);
    if (src != NULL)
        json_kv_str(js, "pkt_src", src);
    if (tx_id >= 0)
        json_kv_u64(js, "tx_id", (uint64_t)tx_id);
    json_key(js, "anomaly");
    json_open_object(js);
    json_kv_str(js, "app_proto", proto != NULL ? proto : "unknown");
    json_kv_str(js, "type", "applayer");
    json_kv_str(js, "event", event);
    json_kv_str(js, "layer", layer);
    json_close_object(js);
    eve_commit(t);
}

/* Logs (when on) and marks the events of e not logged yet. */
static void app_events_log(struct eve_thread *t, bool on, const struct flow *f,
        const struct packet *p, uint64_t ts_usec, struct app_events *e, int64_t tx_id)
{
    char name[96];

    for (; e->logged < e->n && e->logged < APP_EVENTS_MAX; e->logged++) {
        const struct app_event *ev = &e->ev[e->logged];
        const char *layer;

        if (!on || app_event_log_name(f->app, ev, name, sizeof(name)) == NULL)
            continue;
        if (tx_id >= 0)
            layer = "proto_parser";
        else
            layer = ev->src == APP_EVENT_SRC_APPLAYER ? "proto_detect" : "parser";
        app_anomaly_record(t, f, p, ts_usec, name, layer, tx_id, ev->dirs);
    }
}

void eve_log_app_anomalies(
        struct eve_thread *t, const struct flow *f, const struct packet *p, uint64_t ts_usec)
{
    struct app_flow *af = f->app;
    const struct eve_output *out;
    bool on;

    if (t == NULL || af == NULL)
        return;
    out = eve_thread_output(t);
    on = eve_enabled(out, EVE_TYPE_ANOMALY) && eve_output_config(out)->anomaly_applayer;
    app_events_log(t, on, f, p, ts_usec, &af->events, -1);
    for (struct app_tx *tx = af->txs; tx != NULL; tx = tx->next)
        app_events_log(t, on, f, p, ts_usec, &tx->events, (int64_t)tx->id);
}
