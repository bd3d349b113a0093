/*
 * eve-app.c - EVE records of app-layer transactions, and the hand-off of their events to
 * the anomaly log.
 *
 * Called by the worker after detection on every packet of a flow with app-layer state, and
 * once more when the flow ends. First the applayer anomaly records of the events raised
 * since the last call (eve-anomaly.c), then one record per transaction that became
 * loggable:
 *   - parsers with log_per_direction (DNS): one record per side as it completes, written in
 *     that side's direction (the response's source is the server), as Suricata 8 does,
 *     unless the parser's log_flow_oriented() says the flow's orientation (DNS v2);
 *   - others: one record once both sides completed (or the flow ended), in the flow's
 *     orientation (source = the protocol's client).
 * The head is the other records': timestamp, flow_id, pcap_cnt of the packet being
 * processed (none at flow end), event_type = the parser's eve_type, tuple, pkt_src
 * ("stream (flow timeout)" at flow end, as Suricata's flow timeout pseudo packets), tx_id;
 * then the parser's object (log_tx). A transaction is marked logged even when its type is
 * off in eve-log "types" or no eve-log is configured, so the app layer can free it.
 * Suricata writes no app_proto in transaction records, and neither does this.
 */
#include "output/eve-app.h"

#include <stddef.h>
#include <string.h>

#include "app/app-layer.h"
#include "output/community-id.h"
#include "output/eve-file.h"
#include "output/eve-flow.h"

/* eve-log types of the parsers' eve_type names (Suricata's); NULL: not configurable. */
static bool type_enabled(const struct eve_output *out, const char *eve_type)
{
    static const struct {
        const char *name;
        enum eve_type type;
    } map[] = {
        { "http", EVE_TYPE_HTTP },
        { "dns", EVE_TYPE_DNS },
        { "tls", EVE_TYPE_TLS },
        { "ssh", EVE_TYPE_SSH },
        { "smb", EVE_TYPE_SMB },
        { "mdns", EVE_TYPE_MDNS },
        { "llmnr", EVE_TYPE_LLMNR },
        { "fileinfo", EVE_TYPE_FILES },
    };

    if (eve_type == NULL)
        return false;
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (strcmp(map[i].name, eve_type) == 0)
            return eve_enabled(out, map[i].type);
    }
    return false;
}

void eve_tuple_swap(struct eve_tuple *tp)
{
    struct vg_addr a = tp->src;
    uint16_t port = tp->sp;

    tp->src = tp->dst;
    tp->dst = a;
    tp->sp = tp->dp;
    tp->dp = port;
    tp->has_icmp = false;
}

const char *eve_app_pkt_src(const struct packet *p)
{
    if (p == NULL)
        return "stream (flow timeout)";
    if (p->flags & PKT_F_DEFRAG)
        return "defrag";
    if (!(p->flags & PKT_F_PSEUDO))
        return "wire/pcap";
    return NULL;
}

uint64_t eve_app_pcap_cnt(const struct packet *p)
{
    if (p == NULL)
        return 0;
    if (p->pcap_cnt == 0 && p->root != NULL)
        return p->root->pcap_cnt;
    return p->pcap_cnt;
}

/* One record for tx; dir is the protocol direction it is about, or -1 (the whole tx). */
static void write_record(struct eve_thread *t, const struct flow *f, const struct app_tx *tx,
        const struct packet *p, uint64_t ts_usec, int dir)
{
    const struct app_flow *af = f->app;
    const struct app_parser *ps = af->parser;
    struct eve_tuple tp;
    struct json *js;
    const char *src = eve_app_pkt_src(p);
    const struct eve_config *cfg = eve_output_config(eve_thread_output(t));
    char cid[COMMUNITY_ID_LEN];
    size_t before;
    bool swap;

    eve_tuple_from_flow(&tp, f);
    swap = (af->flags & APP_FLOW_F_REVERSED) != 0;
    if (dir == APP_DIR_TOCLIENT && (ps->log_flow_oriented == NULL || !ps->log_flow_oriented()))
        swap = !swap;
    if (dir >= 0 && ps->log_flow_oriented != NULL && ps->log_flow_oriented())
        swap = (af->flags & APP_FLOW_F_REVERSED) != 0;
    if (swap)
        eve_tuple_swap(&tp);
    /* MACs as on the packet the record is written for (Suricata's ether{} of app records) */
    if (p != NULL && (p->flags & PKT_F_HAS_ETH)) {
        tp.has_eth = true;
        memcpy(tp.eth_src, p->eth_src, sizeof(tp.eth_src));
        memcpy(tp.eth_dst, p->eth_dst, sizeof(tp.eth_dst));
    }
    js = eve_begin(t, ps->eve_type, ts_usec, f->id, eve_app_pcap_cnt(p), &tp);
    if (src != NULL)
        json_kv_str(js, "pkt_src", src);
    if (cfg->community_id && community_id_flow(f, cfg->community_id_seed, cid, sizeof(cid)))
        json_kv_str(js, "community_id", cid);
    json_kv_u64(js, "tx_id", tx->id);
    before = js->len;
    if (ps->log_record != NULL)
        ps->log_record(js, tx, dir);
    else
        ps->log_tx(js, tx, dir);
    /* a parser that has nothing to say for this tx (an SSH session without banners)
     * writes nothing: Suricata writes no record then */
    if (js->len == before)
        eve_abort(t);
    else
        eve_commit(t);
}

void eve_app_log(struct eve_thread *t, struct flow *f, const struct packet *p, uint64_t ts_usec,
        bool flow_end)
{
    const struct app_flow *af = f->app;
    const struct app_parser *ps;
    bool on;

    if (af == NULL)
        return;
    if (t != NULL)
        eve_log_app_anomalies(t, f, p, ts_usec);
    ps = af->parser;
    on = t != NULL && ps != NULL && ps->log_tx != NULL && ps->eve_type != NULL &&
         type_enabled(eve_thread_output(t), ps->eve_type);
    for (struct app_tx *tx = af->txs; tx != NULL; tx = tx->next) {
        eve_file_log_tx(t, f, tx, p, ts_usec, flow_end); /* files (eve-file.c) */
        if (tx->logged == 3)
            continue;
        if (ps != NULL && ps->log_per_direction) {
            for (int d = 0; d < 2; d++) {
                uint8_t bit = (uint8_t)(1u << d);

                if (tx->logged & bit)
                    continue;
                if (tx->complete & bit) {
                    if (on)
                        write_record(t, f, tx, p, ts_usec, d);
                    tx->logged |= bit;
                } else if (flow_end) {
                    tx->logged |= bit; /* that side never came */
                }
            }
        } else if (tx->complete == 3 || flow_end) {
            if (on)
                write_record(t, f, tx, p, ts_usec, -1);
            tx->logged = 3;
        }
    }
}
