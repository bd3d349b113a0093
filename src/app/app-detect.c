/*
 * app-detect.c - protocol detection: which registry entry a flow's bytes belong to.
 *
 * As Suricata does it, each direction is detected on its own first bytes:
 *   1. content probes: every usable entry's probe() on the direction's bytes so far (weak
 *      probes only when one of their ports is the flow's); the protocol already found on
 *      the other direction is asked first, so that words several protocols share (USER,
 *      QUIT ...) do not make a false mismatch. The first YES wins; while a probe says MORE
 *      the bytes are kept (up to app_config.probe_limit) and probing resumes with more;
 *   2. ports: when no probe said yes, an entry without a probe whose ports include the
 *      flow's server or client port;
 *   3. otherwise the direction failed. At the probe limit or at the end of the direction
 *      MORE counts as NO; a gap ends the direction's detection (and the flow's, when no
 *      protocol is known yet).
 * The first direction that finds a protocol sets flow->app_proto; the other one is still
 * probed: a different protocol raises applayer.mismatch_protocol_both_directions (the
 * parser keeps the protocol it has been given data with; before that, the server's side
 * wins), no protocol raises applayer.detect_protocol_only_one_direction, and its bytes go
 * to the parser either way. When both directions failed flow->app_proto becomes
 * APP_PROTO_FAILED. A probe that answers YES_REV saw the protocol's client side in the
 * responder's bytes: the app layer then swaps directions for the flow (UDP, and TCP picked
 * up midstream, as Suricata; a SYN says who the client is).
 *
 * Bytes seen while probing are kept per direction and replayed to the parser once the
 * protocol is known, the direction that spoke first first. A direction that is done but
 * waits for the other keeps holding its bytes up to APP_HOLD_MAX, past which detection is
 * given up (applayer.proto_detection_skipped). UDP flows are detected on their first
 * datagram alone, as Suricata does.
 */
#include "app/app-layer-int.h"

#include <stdlib.h>
#include <string.h>

#include "stream/stream.h"

/* Result of probing one direction. */
struct probe_out {
    uint16_t proto; /* APP_PROTO_NONE: wait for more; APP_PROTO_FAILED: nothing */
    bool rev;
};

static bool port_listed(const struct app_thread *at, const struct app_parser *e, uint16_t port)
{
    const struct app_port_set *ps = &at->cfg->ports[e->proto];

    if (ps->set) {
        for (uint8_t i = 0; i < ps->n && i < APP_PORTS_MAX; i++) {
            if (port >= ps->lo[i] && port <= ps->hi[i])
                return true;
        }
        return false;
    }
    for (uint8_t i = 0; i < e->n_ports; i++) {
        if (e->ports[i] == port)
            return true;
    }
    return false;
}

static bool port_match(
        const struct app_thread *at, const struct app_parser *e, const struct flow *f)
{
    return port_listed(at, e, f->key.dp) || port_listed(at, e, f->key.sp);
}

/* Runs e's probe when it may run on f. */
static enum app_probe_result run_probe(const struct app_thread *at, const struct flow *f,
        const struct app_parser *e, const uint8_t *data, size_t len, int dir)
{
    if (e->probe == NULL || !app_entry_usable(at, f, e))
        return APP_PROBE_NO;
    if (e->probe_ports_only && !port_match(at, e, f))
        return APP_PROBE_NO;
    return e->probe(data, len, dir);
}

/* Probes direction dir's first len bytes. final: no more bytes will come (MORE is NO). */
static struct probe_out probe_all(const struct app_thread *at, const struct flow *f, int dir,
        const uint8_t *data, size_t len, bool final)
{
    struct probe_out out = { APP_PROTO_FAILED, false };
    bool more = false;
    enum app_probe_result r;

    if (f->app_proto != APP_PROTO_NONE && f->app_proto != APP_PROTO_FAILED) {
        const struct app_parser *known = app_entry_get(at, f, f->app_proto);

        if (known != NULL) {
            r = run_probe(at, f, known, data, len, dir);
            if (r == APP_PROBE_YES || r == APP_PROBE_YES_REV) {
                out.proto = known->proto;
                return out;
            }
            more = r == APP_PROBE_MORE;
        }
    }
    for (const struct app_parser *const *ep = at->reg; *ep != NULL; ep++) {
        r = run_probe(at, f, *ep, data, len, dir);
        if (r == APP_PROBE_YES || r == APP_PROBE_YES_REV) {
            out.proto = (*ep)->proto;
            out.rev = r == APP_PROBE_YES_REV;
            return out;
        }
        if (r == APP_PROBE_MORE)
            more = true;
    }
    if (more && !final) {
        out.proto = APP_PROTO_NONE;
        return out;
    }
    for (const struct app_parser *const *ep = at->reg; *ep != NULL; ep++) {
        if ((*ep)->probe == NULL && app_entry_usable(at, f, *ep) && port_match(at, *ep, f)) {
            out.proto = (*ep)->proto;
            return out;
        }
    }
    return out;
}

static uint16_t *dir_proto(struct app_flow *af, int dir)
{
    return dir == APP_DIR_TOSERVER ? &af->proto_ts : &af->proto_tc;
}

static void drop_buf(struct app_flow *af, int dir)
{
    free(af->probe_buf[dir]);
    af->probe_buf[dir] = NULL;
    af->probe_len[dir] = 0;
}

/* Keeps len more bytes of dir. False when the hold limit is passed or memory is short. */
static bool keep(struct app_flow *af, int dir, const uint8_t *data, uint32_t len)
{
    uint8_t *nb;

    if (len == 0)
        return true;
    if (af->probe_len[dir] + (uint64_t)len > APP_HOLD_MAX)
        return false;
    nb = realloc(af->probe_buf[dir], af->probe_len[dir] + len);
    if (nb == NULL)
        return false;
    memcpy(nb + af->probe_len[dir], data, len);
    af->probe_buf[dir] = nb;
    af->probe_len[dir] += len;
    return true;
}

/* Detection gave up on the flow. */
static void flow_failed(struct app_thread *at, struct flow *f)
{
    struct app_flow *af = f->app;

    f->app_proto = APP_PROTO_FAILED;
    af->parser = NULL;
    af->probe_done[0] = af->probe_done[1] = 1;
    drop_buf(af, 0);
    drop_buf(af, 1);
    app_count_flow(at, f);
}

static unsigned eof_seen_flag(int dir)
{
    return dir == APP_DIR_TOSERVER ? APP_FLOW_F_EOF_SEEN_TS : APP_FLOW_F_EOF_SEEN_TC;
}

/* The protocol is known: gives each finished direction's kept bytes to the parser, the
 * direction that spoke first first, with the EOF it may have seen. */
static void replay(struct app_thread *at, struct flow *f, struct packet *p)
{
    struct app_flow *af = f->app;
    int first = af->first_dir & 1;

    for (int i = 0; i < 2; i++) {
        int d = i == 0 ? first : first ^ 1;
        uint8_t *buf;
        uint32_t len;

        if (!af->probe_done[d])
            continue;
        buf = af->probe_buf[d];
        len = af->probe_len[d];
        af->probe_buf[d] = NULL;
        af->probe_len[d] = 0;
        if (len > 0)
            app_parse_feed(at, f, p, d, buf, len, 0);
        free(buf);
        if (af->flags & eof_seen_flag(d))
            app_parse_feed(at, f, p, d, NULL, 0, STREAM_DATA_F_EOF);
    }
}

/* Whether a YES_REV may swap f's directions. */
static bool may_reverse(const struct flow *f)
{
    if (f->key.proto == 17)
        return true;
    return !(f->tcp_flags_ts & TCP_SYN) && !(f->flags & FLOW_F_TCP_SYNACK_PICKUP);
}

/* Direction dir is done with detection, having found out (a protocol or FAILED). */
static void dir_decided(
        struct app_thread *at, struct flow *f, struct packet *p, int dir, struct probe_out out)
{
    struct app_flow *af = f->app;
    int other = dir ^ 1;
    uint16_t po = *dir_proto(af, other);

    af->probe_done[dir] = 1;
    *dir_proto(af, dir) = out.proto;
    if (out.proto != APP_PROTO_FAILED) {
        if (f->app_proto == APP_PROTO_NONE) {
            f->app_proto = out.proto;
            af->parser = app_entry_get(at, f, out.proto);
            if (out.rev && po == APP_PROTO_NONE && may_reverse(f))
                af->flags |= APP_FLOW_F_REVERSED;
            app_count_flow(at, f);
        } else if (f->app_proto != out.proto) {
            app_layer_event_raise(af, APP_EV_MISMATCH_BOTH_DIRECTIONS);
            if (!(af->flags & APP_FLOW_F_FED) && dir == APP_DIR_TOCLIENT) {
                /* nothing parsed yet: trust the server */
                if (af->state != NULL && af->parser != NULL && af->parser->state_free != NULL)
                    af->parser->state_free(af->state);
                af->state = NULL;
                f->app_proto = out.proto;
                af->parser = app_entry_get(at, f, out.proto);
                af->flags &= ~(uint32_t)APP_FLOW_F_REVERSED;
            }
        }
    } else if (f->app_proto != APP_PROTO_NONE) {
        app_layer_event_raise(af, APP_EV_DETECT_ONLY_ONE_DIRECTION);
    } else {
        if (af->probe_done[other] && po != APP_PROTO_NONE)
            flow_failed(at, f);
        return; /* wait for the other direction, holding the bytes */
    }
    replay(at, f, p);
}

/* Probes dir's kept bytes. */
static void probe_dir(struct app_thread *at, struct flow *f, struct packet *p, int dir, bool final)
{
    struct app_flow *af = f->app;
    uint32_t limit = at->cfg->probe_limit > 0 ? at->cfg->probe_limit : 4096;
    uint32_t n = af->probe_len[dir] < limit ? af->probe_len[dir] : limit;
    struct probe_out out;

    if (n == 0) {
        /* no bytes to probe (probes never see an empty buffer) */
        if (final) {
            out.proto = APP_PROTO_FAILED;
            out.rev = false;
            dir_decided(at, f, p, dir, out);
        }
        return;
    }
    out = probe_all(at, f, dir, af->probe_buf[dir], n, final || af->probe_len[dir] >= limit);
    if (out.proto == APP_PROTO_NONE)
        return;
    dir_decided(at, f, p, dir, out);
}

void app_detect_stream(struct app_thread *at, struct flow *f, struct packet *p, int dir,
        const uint8_t *data, uint32_t len, unsigned flags)
{
    struct app_flow *af = f->app;
    bool eof = (flags & STREAM_DATA_F_EOF) != 0;

    if (flags & STREAM_DATA_F_GAP) {
        /* A gap ends detection in this direction. */
        if (f->app_proto == APP_PROTO_NONE) {
            flow_failed(at, f);
            return;
        }
        if (!af->probe_done[dir]) {
            af->probe_done[dir] = 1;
            *dir_proto(af, dir) = APP_PROTO_FAILED;
            replay(at, f, p);
        }
        app_parse_feed(at, f, p, dir, NULL, len, flags);
        return;
    }
    if (data != NULL && len > 0) {
        if (!keep(af, dir, data, len)) {
            app_layer_event_raise(af, APP_EV_PROTO_DETECTION_SKIPPED);
            if (f->app_proto == APP_PROTO_NONE) {
                flow_failed(at, f);
                return;
            }
            /* the protocol is known: this direction goes to the parser as it is */
            af->probe_done[dir] = 1;
            *dir_proto(af, dir) = APP_PROTO_FAILED;
            replay(at, f, p);
            app_parse_feed(at, f, p, dir, data, len, flags);
            return;
        }
    }
    if (eof)
        af->flags |= eof_seen_flag(dir);
    if (!af->probe_done[dir])
        probe_dir(at, f, p, dir, eof);
}

void app_detect_datagram(struct app_thread *at, struct flow *f, struct packet *p, int dir,
        const uint8_t *data, uint32_t len)
{
    struct app_flow *af = f->app;
    struct probe_out out = { APP_PROTO_FAILED, false };

    if (len > 0)
        out = probe_all(at, f, dir, data, len, true);
    af->probe_done[0] = af->probe_done[1] = 1;
    if (out.proto == APP_PROTO_NONE || out.proto == APP_PROTO_FAILED) {
        flow_failed(at, f);
        return;
    }
    *dir_proto(af, dir) = out.proto;
    f->app_proto = out.proto;
    af->parser = app_entry_get(at, f, out.proto);
    if (out.rev && may_reverse(f))
        af->flags |= APP_FLOW_F_REVERSED;
    app_count_flow(at, f);
    app_parse_feed(at, f, p, dir, data, len, 0);
}

void app_detect_finish(struct app_thread *at, struct flow *f, struct packet *p)
{
    struct app_flow *af = f->app;

    for (int d = 0; d < 2; d++) {
        if (f->app_proto == APP_PROTO_FAILED)
            return;
        if (!af->probe_done[d] && af->probe_len[d] > 0)
            probe_dir(at, f, p, d, true);
    }
    if (f->app_proto == APP_PROTO_NONE &&
            (af->flags & (APP_FLOW_F_HAS_DATA_TS | APP_FLOW_F_HAS_DATA_TC)))
        flow_failed(at, f);
}
