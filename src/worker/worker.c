/*
 * worker.c - one worker's run-to-completion steps: decode -> flow -> log.
 *
 * For each captured packet: decode it (which may queue pseudo packets: a tunnel's inner
 * packet, a reassembled datagram), then for the packet and every pseudo packet in turn,
 * attach the flow, track the TCP session and reassemble its streams (which feeds the app
 * layer the acknowledged bytes) or hand a UDP payload to the app layer, log the packet's
 * anomalies, run detection and log the alerts (EVE, fast.log, marking the flow as
 * alerted), then log the app-layer transactions that completed and let the app layer free
 * what nobody needs any more. Flow endings (timeouts on clock ticks, evictions, shutdown)
 * come back through the flow table's callback: the stream hands over its last bytes, the
 * remaining transactions and the EVE flow record are logged by this worker's own writer,
 * so no lock is ever taken; the release callback then frees the session and app state.
 */
#include "worker/worker-thread.h"

#include <stddef.h>
#include <string.h>

#include "flow/macset.h"
#include "output/eve-alert.h"
#include "output/eve-app.h"
#include "output/eve-flow.h"
#include "output/eve-packet.h"
#include "util/err.h"

/* The flow's last detection (detect_flow_end), per direction, and its alerts: the raw
 * stream only (txs false), or the raw stream and the transactions. */
static void flow_end_detect(struct worker *w, struct flow *f, bool txs)
{
    struct detect_alerts alerts;
    struct packet pp;

    for (int d = FLOW_DIR_TOSERVER; d <= FLOW_DIR_TOCLIENT; d++) {
        alerts.n = 0;
        alerts.overflow = false;
        detect_flow_end(w->det, f, d, txs, &pp, &alerts);
        if (alerts.n > 0) {
            f->flags |= FLOW_F_ALERTED;
            eve_alert_log(w->eve, &w->e->alert_cfg, &pp, &alerts);
            fast_log_alerts(w->fast, &pp, &alerts);
        }
    }
}

static void on_flow_end(void *ctx, struct flow *f, enum flow_end_reason reason, uint64_t now_usec)
{
    struct worker *w = ctx;

    /* As Suricata's end-of-flow pseudo packets: the app layer gets the rest of the stream
     * first, then one detection pass sees the raw stream and the transactions together
     * (a rule mixing payload and app-layer buffers, or "alert http" with a payload). */
    if (f->tcp_ssn != NULL) {
        stream_flow_ending(w->st, f);
        stream_flow_deliver(w->st, f);
    }
    if (f->app != NULL)
        app_flow_end(w->app, f);
    if (w->det != NULL)
        flow_end_detect(w, f, true);
    if (f->tcp_ssn != NULL)
        stream_flow_end(w->st, f);
    if (f->app != NULL)
        eve_app_log(w->eve, f, NULL, now_usec, true);
    if (w->eve != NULL && w->log_flows)
        eve_flow_log(w->eve, eve_output_config(w->e->eve), f, reason, now_usec);
}

static void on_flow_release(void *ctx, struct flow *f)
{
    struct worker *w = ctx;

    stream_flow_free(w->st, f);
    app_flow_free(w->app, f);
    flow_macset_free(f);
}

int worker_init(struct worker *w, struct engine *e, unsigned id, unsigned n)
{
    memset(w, 0, sizeof(*w));
    w->e = e;
    w->id = id;
    if (decode_thread_init(&w->dt, &e->decode) < 0)
        return VG_ENOMEM;
    w->dt_ready = true;
    w->ft = flow_table_new(&e->flow, n, on_flow_end, w);
    if (w->ft == NULL)
        goto out_release;
    flow_table_set_release(w->ft, on_flow_release, w);
    if ((w->app = app_thread_new(&e->app)) == NULL)
        goto out_release;
    w->consumer.data = app_on_stream_data;
    w->consumer.ctx = w->app;
    if ((w->st = stream_thread_new(&e->stream, n, &w->consumer)) == NULL)
        goto out_release;
    if (e->eve != NULL) {
        w->eve = eve_thread_new(e->eve);
        if (w->eve == NULL)
            goto out_release;
        w->log_flows = eve_enabled(e->eve, EVE_TYPE_FLOW);
        w->track_macs = w->log_flows && eve_output_config(e->eve)->ethernet;
    }
    if (e->de != NULL) {
        if ((w->det = detect_thread_new(e->de)) == NULL)
            goto out_release;
        detect_thread_set_stream(w->det, w->st);
        e->app.detect_free = detect_tx_state_free; /* workers are set up before they run */
    }
    if (e->fast != NULL && (w->fast = fast_log_thread_new(e->fast)) == NULL)
        goto out_release;
    return VG_OK;

out_release:
    worker_release(w);
    return VG_ENOMEM;
}

void worker_release(struct worker *w)
{
    flow_table_free(w->ft);
    w->ft = NULL;
    stream_thread_free(w->st);
    w->st = NULL;
    app_thread_free(w->app);
    w->app = NULL;
    detect_thread_free(w->det);
    w->det = NULL;
    fast_log_thread_free(w->fast);
    w->fast = NULL;
    if (w->eve != NULL) {
        eve_thread_free(w->eve);
        w->eve = NULL;
    }
    if (w->dt_ready) {
        decode_thread_release(&w->dt);
        w->dt_ready = false;
    }
}

static void handle(struct worker *w, struct packet *p, uint64_t clock_usec)
{
    struct detect_alerts alerts;

    struct flow *f = flow_handle_packet(w->ft, p, clock_usec);

    if (f != NULL) {
        /* Suricata's FLOW_PKT_ESTABLISHED: established, or closed with both sides seen */
        if (f->state == FLOW_STATE_ESTABLISHED ||
                (f->state == FLOW_STATE_CLOSED &&
                        (f->flags & (FLOW_F_TOSERVER_SEEN | FLOW_F_TOCLIENT_SEEN)) ==
                                (FLOW_F_TOSERVER_SEEN | FLOW_F_TOCLIENT_SEEN)))
            p->flags |= PKT_F_FLOW_EST;
        if (w->track_macs && (p->flags & PKT_F_HAS_ETH))
            flow_macset_add(f, p);
        if (p->proto == 6)
            stream_handle_packet(w->st, p);
        else if (p->proto == 17)
            app_handle_udp(w->app, p);
    }
    if (w->eve != NULL)
        eve_log_anomalies(w->eve, p);
    if (w->det != NULL) {
        alerts.n = 0;
        alerts.overflow = false;
        detect_packet(w->det, p, &alerts);
        if (alerts.n > 0) {
            if (f != NULL)
                f->flags |= FLOW_F_ALERTED;
            eve_alert_log(w->eve, &w->e->alert_cfg, p, &alerts);
            fast_log_alerts(w->fast, p, &alerts);
        }
        if (detect_packet_tagged(w->det, p) && w->e->alert_cfg.tagged_packets)
            eve_packet_log(w->eve, p);
    }
    if (f != NULL && f->app != NULL) {
        eve_app_log(w->eve, f, p, p->ts_usec, false);
        app_flow_gc(w->app, f, w->det != NULL);
    }
}

void worker_process(struct worker *w, struct packet *p, uint64_t clock_usec)
{
    struct packet *q;
    size_t off = offsetof(struct packet, flags);

    /* Everything decode and flow fill in starts clean: packets are reused. */
    memset((uint8_t *)p + off, 0, sizeof(*p) - off);
    w->pkts++;
    decode_packet(&w->dt, p);
    handle(w, p, clock_usec);
    while ((q = decode_take_pseudo(&w->dt)) != NULL) {
        handle(w, q, clock_usec);
        q->flow = NULL;
        decode_put_pseudo(&w->dt, q);
    }
    p->flow = NULL;
}

void worker_tick(struct worker *w, uint64_t now_usec)
{
    flow_table_timeout(w->ft, now_usec);
    decode_timeout(&w->dt, now_usec);
}

int worker_shutdown(struct worker *w, uint64_t now_usec)
{
    flow_table_shutdown(w->ft, now_usec);
    if (w->eve != NULL && eve_thread_flush(w->eve) < 0)
        return VG_EIO;
    if (w->fast != NULL && fast_log_thread_flush(w->fast) < 0)
        return VG_EIO;
    return VG_OK;
}

void worker_export_stats(const struct worker *w, struct stats_set *s)
{
    decode_export_stats(&w->dt, s);
    flow_table_export_stats(w->ft, s);
    stream_export_stats(w->st, s);
    app_export_stats(w->app, s);
    if (w->eve != NULL)
        eve_thread_export_stats(w->eve, s);
    if (w->det != NULL)
        detect_export_stats(w->det, s);
}
