/*
 * eve-flow.c - the EVE "flow" record, as Suricata's eve-log flow logger writes it.
 *
 * Fields, in Suricata's order: the header (timestamp = when the flow ended, flow_id,
 * event_type, vlan, src/dest ip and port with the client as source, proto, ip_v,
 * icmp_type/icmp_code of the first packet and response_icmp_type/code once the other side
 * answered), then flow{pkts/bytes per direction (bytes count whole captured packets), start,
 * end (last packet), age (whole seconds end - start), emergency, state, reason, alerted},
 * community_id when configured, and for TCP tcp{tcp_flags, tcp_flags_ts, tcp_flags_tc as two
 * hex digits, one boolean per flag seen, and if a session was set up its state and
 * ts/tc_max_regions}. Flow
 * records carry no pcap_cnt (Suricata's do not). Before "flow", as Suricata: app_proto once
 * known ("failed" when detection gave up) and app_proto_ts / app_proto_tc when a
 * direction's detection found something else (another protocol, or "failed"). A flow the
 * app layer reversed (its first sender is the protocol's server) is written the other way
 * round: addresses, ports, per-direction counters and flags, as after Suricata's flow swap.
 * Flowbits named traffic/id/<id> and traffic/label/<label> (Suricata's traffic-id rules)
 * are written as traffic{id[], label[]} after "flow".
 */
#include "output/eve-flow.h"

#include <stdio.h>
#include <string.h>

#include "flow/macset.h"
#include "app/app-layer.h"
#include "detect/flow-vars.h"
#include "output/community-id.h"

static const char *reason_name(enum flow_end_reason r)
{
    switch (r) {
    case FLOW_END_TIMEOUT:
        return "timeout";
    case FLOW_END_SHUTDOWN:
        return "shutdown";
    case FLOW_END_FORCED:
        return "forced";
    case FLOW_END_TCP_REUSE:
        return "tcp_reuse";
    }
    return "unknown";
}

void eve_tuple_from_flow(struct eve_tuple *tp, const struct flow *f)
{
    uint8_t i;

    *tp = (struct eve_tuple){ 0 };
    tp->ip_ver = f->key.ip_ver;
    tp->proto = f->key.proto;
    tp->src = f->key.src;
    tp->dst = f->key.dst;
    if (f->key.proto == 6 || f->key.proto == 17 || f->key.proto == 132) {
        tp->has_ports = true;
        tp->sp = f->key.sp;
        tp->dp = f->key.dp;
    }
    tp->vlan_cnt = f->vlan_cnt;
    for (i = 0; i < f->vlan_cnt && i < PKT_VLAN_MAX && i < FLOW_KEY_VLANS; i++)
        tp->vlan_id[i] = f->vlan_id[i];
    if (f->flags & FLOW_F_HAS_ICMP) {
        tp->has_icmp = true;
        tp->icmp_type = f->icmp_s_type;
        tp->icmp_code = f->icmp_s_code;
    }
}

static void put_hex(struct json *js, const char *key, uint8_t v)
{
    static const char hex[] = "0123456789abcdef";
    char buf[3] = { hex[v >> 4], hex[v & 0xf], '\0' };

    json_kv_str(js, key, buf);
}

static void put_tcp(struct json *js, const struct flow *f, bool rev)
{
    static const struct {
        uint8_t bit;
        const char *name;
    } bits[] = {
        { TCP_SYN, "syn" },
        { TCP_FIN, "fin" },
        { TCP_RST, "rst" },
        { TCP_PSH, "psh" },
        { TCP_ACK, "ack" },
        { TCP_URG, "urg" },
        { TCP_ECE, "ecn" },
        { TCP_CWR, "cwr" },
    };
    size_t i;

    json_key(js, "tcp");
    json_open_object(js);
    put_hex(js, "tcp_flags", f->tcp_flags);
    put_hex(js, "tcp_flags_ts", rev ? f->tcp_flags_tc : f->tcp_flags_ts);
    put_hex(js, "tcp_flags_tc", rev ? f->tcp_flags_ts : f->tcp_flags_tc);
    for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
        if (f->tcp_flags & bits[i].bit)
            json_kv_bool(js, bits[i].name, true);
    }
    if (f->flags & FLOW_F_TCP_SESSION) {
        json_kv_str(js, "state", flow_tcp_state_name(f->tcp_state));
        /* Suricata's stream buffers start with one region; reassembly (a later stage)
         * is what would grow them. */
        json_kv_u64(js, "ts_max_regions", 1);
        json_kv_u64(js, "tc_max_regions", 1);
    }
    json_close_object(js);
}

/* ether{src_macs, dest_macs}: every MAC seen on each side of the flow (flow/macset.h). */
static void put_mac_list(struct json *js, const char *key, const uint8_t (*macs)[6], uint8_t n)
{
    static const char hex[] = "0123456789abcdef";
    char buf[18];

    json_key(js, key);
    json_open_array(js);
    for (uint8_t i = 0; i < n; i++) {
        for (int b = 0; b < 6; b++) {
            buf[b * 3] = hex[macs[i][b] >> 4];
            buf[b * 3 + 1] = hex[macs[i][b] & 0xf];
            buf[b * 3 + 2] = b < 5 ? ':' : '\0';
        }
        json_str(js, buf);
    }
    json_close_array(js);
}

static void put_macs(struct json *js, const struct flow_macset *m)
{
    json_key(js, "ether");
    json_open_object(js);
    put_mac_list(js, "dest_macs", m->dst, m->n_dst);
    put_mac_list(js, "src_macs", m->src, m->n_src);
    json_close_object(js);
}

static void put_app_proto(struct json *js, const struct flow *f, bool rev)
{
    const char *name = app_proto_eve_name(f->app_proto);
    uint16_t ts, tc;

    if (name == NULL)
        return;
    json_kv_str(js, "app_proto", name);
    if (f->app == NULL)
        return;
    ts = rev ? f->app->proto_tc : f->app->proto_ts;
    tc = rev ? f->app->proto_ts : f->app->proto_tc;
    if (ts != APP_PROTO_NONE && ts != f->app_proto && (name = app_proto_eve_name(ts)) != NULL)
        json_kv_str(js, "app_proto_ts", name);
    if (tc != APP_PROTO_NONE && tc != f->app_proto && (name = app_proto_eve_name(tc)) != NULL)
        json_kv_str(js, "app_proto_tc", name);
}

/* Writes the names of f's flowbits that start with prefix (prefix removed) as an array
 * under key; nothing when there are none. */
static void put_traffic_list(
        struct json *js, const struct flow *f, const char *key, const char *prefix, bool *opened)
{
    size_t plen = strlen(prefix);
    unsigned n = flow_vars_count(f);
    bool any = false;

    for (unsigned i = 0; i < n; i++) {
        const struct flow_var *v = flow_vars_at(f, i);
        const char *name = v->key;

        if (v->kind != FLOW_VAR_BIT || strncmp(name, prefix, plen) != 0 || name[plen] == '\0')
            continue;
        if (!*opened) {
            json_key(js, "traffic");
            json_open_object(js);
            *opened = true;
        }
        if (!any) {
            json_key(js, key);
            json_open_array(js);
            any = true;
        }
        json_str(js, name + plen);
    }
    if (any)
        json_close_array(js);
}

/* traffic{id, label} from the traffic/id/... and traffic/label/... flowbits. */
static void put_traffic(struct json *js, const struct flow *f)
{
    bool opened = false;

    if (f->detect_vars == NULL)
        return;
    put_traffic_list(js, f, "id", "traffic/id/", &opened);
    put_traffic_list(js, f, "label", "traffic/label/", &opened);
    if (opened)
        json_close_object(js);
}

void eve_flow_log(struct eve_thread *t, const struct eve_config *cfg, const struct flow *f,
        enum flow_end_reason reason, uint64_t now_usec)
{
    struct eve_tuple tp;
    struct json *js;
    char ts[40];
    char cid[COMMUNITY_ID_LEN];
    /* The app layer found the flow's first sender to be the protocol's server: written
     * the other way round, as Suricata's flow swap does. */
    bool rev = f->app != NULL && (f->app->flags & APP_FLOW_F_REVERSED) &&
               !(f->flags & FLOW_F_HAS_ICMP);
    int ts_dir = rev ? FLOW_DIR_TOCLIENT : FLOW_DIR_TOSERVER;

    eve_tuple_from_flow(&tp, f);
    if (rev) {
        struct vg_addr a = tp.src;
        uint16_t port = tp.sp;

        tp.src = tp.dst;
        tp.dst = a;
        tp.sp = tp.dp;
        tp.dp = port;
    }
    js = eve_begin(t, "flow", now_usec, f->id, 0, &tp);
    if ((f->flags & FLOW_F_HAS_ICMP) && f->pkts[FLOW_DIR_TOCLIENT] > 0) {
        json_kv_u64(js, "response_icmp_type", f->icmp_d_type);
        json_kv_u64(js, "response_icmp_code", f->icmp_d_code);
    }
    put_app_proto(js, f, rev);
    json_key(js, "flow");
    json_open_object(js);
    json_kv_u64(js, "pkts_toserver", f->pkts[ts_dir]);
    json_kv_u64(js, "pkts_toclient", f->pkts[ts_dir ^ 1]);
    json_kv_u64(js, "bytes_toserver", f->bytes[ts_dir]);
    json_kv_u64(js, "bytes_toclient", f->bytes[ts_dir ^ 1]);
    eve_format_ts(ts, sizeof(ts), f->start_usec);
    json_kv_str(js, "start", ts);
    eve_format_ts(ts, sizeof(ts), f->last_usec);
    json_kv_str(js, "end", ts);
    json_kv_u64(js, "age",
            f->last_usec / 1000000 >= f->start_usec / 1000000
                    ? f->last_usec / 1000000 - f->start_usec / 1000000
                    : 0);
    if (f->flags & FLOW_F_EMERGENCY)
        json_kv_bool(js, "emergency", true);
    json_kv_str(js, "state", flow_state_name(f->state));
    json_kv_str(js, "reason", reason_name(reason));
    json_kv_bool(js, "alerted", (f->flags & FLOW_F_ALERTED) != 0);
    json_close_object(js);
    put_traffic(js, f);
    if (cfg != NULL && cfg->community_id &&
            community_id_flow(f, cfg->community_id_seed, cid, sizeof(cid)))
        json_kv_str(js, "community_id", cid);
    if (f->key.proto == 6)
        put_tcp(js, f, rev);
    if (cfg != NULL && cfg->ethernet && f->macs != NULL)
        put_macs(js, f->macs);
    eve_commit(t);
}
