/*
 * eve-alert.c - EVE alert records (see eve-alert.h).
 *
 * An alert on a transaction carries tx_id and the protocol's object (the parser's
 * log_tx()); every alert on a flow carries app_proto once the protocol is known. With
 * payload logging, on TCP a stream or transaction match logs the reassembled bytes the
 * engine inspected (at most 4 KiB, Suricata's payload-buffer-size) with "stream": 1, else
 * the packet payload with "stream": 0. A flow-end pseudo packet's alerts say
 * "pkt_src": "stream (flow timeout)". pcre captures show as alert.context{name: value}
 * (alert: variables); with metadata on, the record's top-level metadata (flowbits,
 * flowvars, the match's pktvars, flowints: eve-metadata.c).
 */
#include "output/eve-alert.h"

#include <ctype.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "app/app-layer.h"
#include "flow/flow.h"
#include "output/eve-metadata.h"
#include "output/eve-packet.h"
#include "util/err.h"

/* Largest payload / packet encoded (Suricata's payload-buffer-size default is 4 KiB for
 * the stream; packets are logged whole). */
#define ALERT_B64_MAX 65536
/* Suricata's payload-buffer-size default: the most stream bytes an alert carries. */
#define ALERT_STREAM_MAX 4096

static int get_bool(const struct conf *c, const struct conf_node *n, const char *key, bool *out)
{
    int r = conf_get_bool(c, n, key, out);

    return r < 0 ? r : 0;
}

int eve_alert_config_load(struct eve_alert_config *cfg, const struct conf *c)
{
    const struct conf_node *outputs, *item, *types, *t;
    bool enabled;
    int r;

    memset(cfg, 0, sizeof(*cfg));
    cfg->metadata = true;
    outputs = conf_get(c, NULL, "outputs");
    if (outputs == NULL || outputs->kind != CONF_SEQ)
        return VG_OK;
    for (item = outputs->child; item != NULL; item = item->next) {
        const struct conf_node *n = item->child;

        if (item->kind != CONF_MAP || n == NULL || n->key == NULL || strcmp(n->key, "eve-log") != 0)
            continue;
        enabled = false;
        if (conf_get_bool(c, n, "enabled", &enabled) < 0 || !enabled)
            continue;
        types = conf_get(c, n, "types");
        if (types == NULL || types->kind != CONF_SEQ)
            return VG_OK;
        for (t = types->child; t != NULL; t = t->next) {
            const struct conf_node *opt = t->child;

            if (t->kind != CONF_MAP || opt == NULL || opt->key == NULL ||
                    strcmp(opt->key, "alert") != 0 || opt->kind != CONF_MAP)
                continue;
            if ((r = get_bool(c, opt, "payload", &cfg->payload)) < 0 ||
                    (r = get_bool(c, opt, "payload-printable", &cfg->payload_printable)) < 0 ||
                    (r = get_bool(c, opt, "packet", &cfg->packet)) < 0 ||
                    (r = get_bool(c, opt, "metadata", &cfg->metadata)) < 0 ||
                    (r = get_bool(c, opt, "tagged-packets", &cfg->tagged_packets)) < 0)
                return r;
        }
        return VG_OK;
    }
    return VG_OK;
}

static void kv_base64(struct json *js, const char *key, const uint8_t *p, size_t len)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t olen = (len + 2) / 3 * 4, o = 0;
    char *out;

    out = malloc(olen + 1);
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

static void kv_printable(struct json *js, const char *key, const uint8_t *p, size_t len)
{
    char *out = malloc(len + 1);

    if (out == NULL)
        return;
    for (size_t i = 0; i < len; i++)
        out[i] = (isprint(p[i]) || p[i] == '\n' || p[i] == '\r') ? (char)p[i] : '.';
    json_kv_strn(js, key, out, len);
    free(out);
}

/* metadata as Suricata's object of arrays, keys in first-seen order. */
static void write_metadata(struct json *js, const struct sig *s)
{
    bool *done;

    if (s->n_metadata == 0)
        return;
    done = calloc(s->n_metadata, sizeof(*done));
    if (done == NULL)
        return;
    json_key(js, "metadata");
    json_open_object(js);
    for (size_t i = 0; i < s->n_metadata; i++) {
        const char *k = s->metadata[i];
        size_t klen = strcspn(k, " \t");

        if (done[i])
            continue;
        {
            char key[128];
            size_t kl = klen < sizeof(key) - 1 ? klen : sizeof(key) - 1;

            memcpy(key, k, kl);
            key[kl] = '\0';
            json_key(js, key);
        }
        json_open_array(js);
        for (size_t j = i; j < s->n_metadata; j++) {
            const char *m = s->metadata[j];
            const char *v;

            if (done[j] || strcspn(m, " \t") != klen || memcmp(m, k, klen) != 0)
                continue;
            done[j] = true;
            v = m + klen;
            while (*v == ' ' || *v == '\t')
                v++;
            json_str(js, v);
        }
        json_close_array(js);
    }
    json_close_object(js);
    free(done);
}

static const char *action_name(const struct sig *s)
{
    switch (s->action) {
    case SIG_ACTION_REJECT:
    case SIG_ACTION_REJECTSRC:
    case SIG_ACTION_REJECTDST:
    case SIG_ACTION_REJECTBOTH:
        return "blocked";
    default:
        return "allowed";
    }
}

static void write_endpoint(
        struct json *js, const char *key, const struct packet *p, bool src, bool compress)
{
    char a[64];

    eve_format_addr(a, sizeof(a), p->ip_ver, src ? &p->src : &p->dst, compress);
    json_key(js, key);
    json_open_object(js);
    json_kv_str(js, "ip", a);
    if (p->proto == 6 || p->proto == 17 || p->proto == 132)
        json_kv_u64(js, "port", src ? p->sp : p->dp);
    json_close_object(js);
}

/* Number of a's pcre captures of type (DETECT_VAR_*). */
static unsigned count_vars(const struct detect_alert *a, uint8_t type)
{
    unsigned n = 0;

    for (uint8_t i = 0; a->vars != NULL && i < a->vars->n; i++)
        n += a->vars->v[i].type == type;
    return n;
}

/* alert.context{name: value}: the alert: captures. */
static void write_context(struct json *js, const struct detect_alert *a)
{
    if (count_vars(a, DETECT_VAR_ALERT) == 0)
        return;
    json_key(js, "context");
    json_open_object(js);
    for (uint8_t i = 0; i < a->vars->n; i++) {
        const struct detect_var *v = &a->vars->v[i];

        if (v->type == DETECT_VAR_ALERT)
            json_kv_strn(js, v->name, v->val, v->len);
    }
    json_close_object(js);
}

static void write_alert_obj(struct json *js, const struct eve_alert_config *cfg,
        const struct packet *p, const struct detect_alert *a, bool compress)
{
    const struct sig *s = a->s;

    json_key(js, "alert");
    json_open_object(js);
    json_kv_str(js, "action", action_name(s));
    json_kv_u64(js, "gid", s->gid);
    json_kv_u64(js, "signature_id", s->sid);
    json_kv_u64(js, "rev", s->rev);
    json_kv_str(js, "signature", s->msg != NULL ? s->msg : "");
    json_kv_str(js, "category", s->class_msg != NULL ? s->class_msg : ""); /* as Suricata */
    json_kv_i64(js, "severity", s->priority);
    if (p->ip_ver != 0 && (s->flags & (SIG_F_TARGET_SRC | SIG_F_TARGET_DST))) {
        bool src_is_target = (s->flags & SIG_F_TARGET_SRC) != 0;

        write_endpoint(js, "source", p, !src_is_target, compress);
        write_endpoint(js, "target", p, src_is_target, compress);
    }
    write_context(js, a);
    if (cfg->metadata)
        write_metadata(js, s);
    json_close_object(js);
}

static void write_flow(struct json *js, const struct flow *f, bool compress)
{
    char buf[64];

    json_key(js, "flow");
    json_open_object(js);
    json_kv_u64(js, "pkts_toserver", f->pkts[FLOW_DIR_TOSERVER]);
    json_kv_u64(js, "pkts_toclient", f->pkts[FLOW_DIR_TOCLIENT]);
    json_kv_u64(js, "bytes_toserver", f->bytes[FLOW_DIR_TOSERVER]);
    json_kv_u64(js, "bytes_toclient", f->bytes[FLOW_DIR_TOCLIENT]);
    eve_format_ts(buf, sizeof(buf), f->start_usec);
    json_kv_str(js, "start", buf);
    eve_format_addr(buf, sizeof(buf), f->key.ip_ver, &f->key.src, compress);
    json_kv_str(js, "src_ip", buf);
    eve_format_addr(buf, sizeof(buf), f->key.ip_ver, &f->key.dst, compress);
    json_kv_str(js, "dest_ip", buf);
    if (f->key.proto == 6 || f->key.proto == 17 || f->key.proto == 132) {
        json_kv_u64(js, "src_port", f->key.sp);
        json_kv_u64(js, "dest_port", f->key.dp);
    }
    json_close_object(js);
}

/* libpcap's name of the link type, spelled as Suricata writes it (IPv4, IPv6). */
static void write_linktype_name(struct json *js, int dlt)
{
    const char *name = pcap_datalink_val_to_name(dlt);

    if (name == NULL)
        return;
    if (strcmp(name, "IPV4") == 0)
        name = "IPv4";
    else if (strcmp(name, "IPV6") == 0)
        name = "IPv6";
    json_kv_str(js, "linktype_name", name);
}

/* tunnel{src_ip, dest_ip, src_port, dest_port, proto, depth, pcap_cnt, pkt_src}: the
 * outermost packet that carried a tunnel's inner packet. */
static void write_tunnel(struct json *js, const struct packet *p, bool compress)
{
    const struct packet *r = p->root;
    char buf[64];

    json_key(js, "tunnel");
    json_open_object(js);
    eve_format_addr(buf, sizeof(buf), r->ip_ver, &r->src, compress);
    json_kv_str(js, "src_ip", buf);
    eve_format_addr(buf, sizeof(buf), r->ip_ver, &r->dst, compress);
    json_kv_str(js, "dest_ip", buf);
    if (r->proto == 6 || r->proto == 17 || r->proto == 132) {
        json_kv_u64(js, "src_port", r->sp);
        json_kv_u64(js, "dest_port", r->dp);
    }
    json_kv_str(js, "proto", eve_proto_name(r->proto, buf, sizeof(buf)));
    json_kv_u64(js, "depth", p->recursion);
    if (r->pcap_cnt != 0)
        json_kv_u64(js, "pcap_cnt", r->pcap_cnt);
    json_kv_str(js, "pkt_src", "wire/pcap");
    json_close_object(js);
}

/* app_proto, and app_proto_ts / app_proto_tc when a direction found something else. */
static void write_app_proto(struct json *js, const struct flow *f)
{
    const struct app_flow *af = f->app;
    const char *n;

    if (f->app_proto == APP_PROTO_NONE || (n = app_proto_eve_name(f->app_proto)) == NULL)
        return;
    json_kv_str(js, "app_proto", n);
    if (af == NULL)
        return;
    if (af->proto_ts != APP_PROTO_NONE && af->proto_ts != f->app_proto &&
            (n = app_proto_eve_name(af->proto_ts)) != NULL)
        json_kv_str(js, "app_proto_ts", n);
    if (af->proto_tc != APP_PROTO_NONE && af->proto_tc != f->app_proto &&
            (n = app_proto_eve_name(af->proto_tc)) != NULL)
        json_kv_str(js, "app_proto_tc", n);
}

/* The protocol's object of the transaction an alert matched on ("dns": {...}). */
static void write_app_tx(struct json *js, const struct packet *p, const struct detect_alert *a)
{
    const struct app_parser *ap;

    if (!(a->flags & DETECT_ALERT_F_TX) || a->tx == NULL || p->flow->app == NULL)
        return;
    ap = p->flow->app->parser;
    if (ap == NULL || ap->log_tx == NULL)
        return;
    ap->log_tx(js, a->tx, p->flow_dir);
}

static void write_payload(struct json *js, const struct eve_alert_config *cfg,
        const struct packet *p, const struct detect_alert *a)
{
    /* Suricata: on TCP, stream and transaction matches log the reassembled stream */
    bool stream = p->proto == 6 && (a->flags & (DETECT_ALERT_F_STREAM | DETECT_ALERT_F_TX));
    const uint8_t *data = p->payload;
    size_t len = p->payload_len;

    if (!cfg->payload && !cfg->payload_printable)
        return;
    if (stream && a->stream != NULL && a->stream_len > 0) {
        data = a->stream;
        len = a->stream_len < ALERT_STREAM_MAX ? a->stream_len : ALERT_STREAM_MAX;
    }
    if (len > ALERT_B64_MAX)
        len = ALERT_B64_MAX;
    if (cfg->payload && data != NULL)
        kv_base64(js, "payload", data, len);
    if (cfg->payload_printable && data != NULL)
        kv_printable(js, "payload_printable", data, len);
    json_kv_u64(js, "stream", stream ? 1 : 0);
}

static void log_one(struct eve_thread *t, const struct eve_alert_config *cfg,
        const struct eve_config *ecfg, const struct packet *p, const struct detect_alert *a)
{
    struct eve_tuple tuple;
    struct json *js;
    bool compress = ecfg->ipv6_compress;
    bool tunnel = (p->flags & PKT_F_PSEUDO) && !(p->flags & PKT_F_DEFRAG) && p->root != NULL;

    if (p->ip_ver != 0)
        eve_tuple_from_packet(&tuple, p);
    js = eve_begin(t, "alert", p->ts_usec, p->flow != NULL ? flow_get_id(p->flow) : 0,
            p->pcap_cnt != 0 ? p->pcap_cnt : (p->root != NULL ? p->root->pcap_cnt : 0),
            p->ip_ver != 0 ? &tuple : NULL);
    if (p->flags & PKT_F_DEFRAG)
        json_kv_str(js, "pkt_src", "defrag");
    else if (!(p->flags & PKT_F_PSEUDO))
        json_kv_str(js, "pkt_src", "wire/pcap");
    else if (p->root == NULL && p->flow != NULL)
        json_kv_str(js, "pkt_src", "stream (flow timeout)");
    if (a->flags & DETECT_ALERT_F_TX)
        json_kv_u64(js, "tx_id", a->tx_id);
    write_alert_obj(js, cfg, p, a, compress);
    eve_packet_write_proto(js, p);
    if (p->flow != NULL) {
        write_app_tx(js, p, a);
        write_app_proto(js, p->flow);
        json_kv_str(js, "direction", p->flow_dir == FLOW_DIR_TOSERVER ? "to_server" : "to_client");
        write_flow(js, p->flow, compress);
    }
    if (cfg->metadata)
        eve_metadata_write(js, p->flow, a->vars);
    write_payload(js, cfg, p, a);
    if (tunnel)
        write_tunnel(js, p, compress);
    if (cfg->packet && tunnel && p->l3 != NULL) {
        /* a tunnel's inner packet is logged from its IP header, as raw IP */
        kv_base64(js, "packet", p->l3, p->l3_len < ALERT_B64_MAX ? p->l3_len : ALERT_B64_MAX);
        json_key(js, "packet_info");
        json_open_object(js);
        json_kv_i64(js, "linktype", DLT_RAW);
        write_linktype_name(js, DLT_RAW);
        json_close_object(js);
    } else if (cfg->packet && p->data != NULL) {
        kv_base64(js, "packet", p->data, p->caplen < ALERT_B64_MAX ? p->caplen : ALERT_B64_MAX);
        json_key(js, "packet_info");
        json_open_object(js);
        json_kv_i64(js, "linktype", p->datalink);
        write_linktype_name(js, p->datalink);
        json_close_object(js);
    }
    eve_commit(t);
}

void eve_alert_log(struct eve_thread *t, const struct eve_alert_config *cfg, const struct packet *p,
        const struct detect_alerts *a)
{
    const struct eve_output *out;

    if (t == NULL || a->n == 0)
        return;
    out = eve_thread_output(t);
    if (!eve_enabled(out, EVE_TYPE_ALERT))
        return;
    for (uint8_t i = 0; i < a->n; i++) {
        if (a->a[i].flags & DETECT_ALERT_F_NOALERT)
            continue;
        log_one(t, cfg, eve_output_config(out), p, &a->a[i]);
    }
}
