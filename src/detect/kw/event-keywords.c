/*
 * event-keywords.c - event keywords: decode-event, stream-event, app-layer-event,
 * app-layer-protocol.
 *
 * decode-event:<name> and stream-event:<name> name a packet event of decode/pkt-events.def
 * ("ipv4.trunc_pkt" for "decoder.ipv4.trunc_pkt", "3whs_synack_in_wrong_direction" for
 * "stream.3whs_..."); a name the table does not have fails the rule (stream events appear
 * as the stream stage adds them). They match when the packet carries the event.
 *
 * app-layer-event:<proto>.<event> reads app-layer events (app/app-layer.h): "applayer.*"
 * (the framework's) on the flow, as a flow condition; a protocol's event ("dns.
 * malformed_data", "http.invalid_header") on the transaction (or the flow when no
 * transaction carried it), as a tx condition that makes the rule a transaction rule of
 * that protocol. Names are checked against the parser's table when it is registered.
 *
 * app-layer-protocol:[!]<proto>[,<mode>] compares the detected protocol as Suricata does:
 * mode direction (default: the protocol found in the packet's direction), toserver,
 * toclient, either, final / original (the flow's protocol); "failed" is the protocol of a
 * flow whose detection gave up; "http" covers http1 and http2. While nothing is known the
 * keyword does not match, negated or not. A rule with no other condition matches only on
 * the packet that completed detection (Suricata's protocol-detection-only rules).
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "app/app-layer.h"
#include "app/app-proto.h"
#include "detect/engine-int.h"
#include "flow/flow.h"
#include "util/err.h"

/* Copies value trimmed of spaces and quotes into buf; false if empty or too long. */
static bool trimmed(const char *value, char *buf, size_t len)
{
    size_t n;

    if (value == NULL)
        return false;
    while (isspace((unsigned char)*value) || *value == '"')
        value++;
    n = strlen(value);
    while (n > 0 && (isspace((unsigned char)value[n - 1]) || value[n - 1] == '"'))
        n--;
    if (n == 0 || n >= len)
        return false;
    memcpy(buf, value, n);
    buf[n] = '\0';
    return true;
}

static int setup_event(struct sig_builder *b, const struct keyword *kw, const char *prefix,
        const char *value, char *err, size_t errlen)
{
    char name[128], full[160];
    uint16_t *c;
    int e;

    if (!trimmed(value, name, sizeof(name))) {
        snprintf(err, errlen, "%s: an event name is required", kw->name);
        return VG_EINVAL;
    }
    if (strncmp(name, prefix, strlen(prefix)) == 0)
        snprintf(full, sizeof(full), "%s", name);
    else
        snprintf(full, sizeof(full), "%s%s", prefix, name);
    e = pkt_event_lookup(full);
    if (e < 0 || strcmp(pkt_event_name((enum pkt_event)e), full) != 0) {
        snprintf(err, errlen, "%s: unknown event '%.64s'", kw->name, name);
        return VG_EINVAL;
    }
    c = malloc(sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    *c = (uint16_t)e;
    return sig_builder_add_pkt(b, kw, c);
}

static bool match_event(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const uint16_t *e = ctx;

    return pkt_has_event(p, (enum pkt_event) * e);
}

static int setup_decode_event(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_event(b, &kw_decode_event, "decoder.", value, err, errlen);
}

const struct keyword kw_decode_event = {
    .name = "decode-event",
    .setup = setup_decode_event,
    .match = match_event,
    .free = free,
};

static int setup_stream_event(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_event(b, &kw_stream_event, "stream.", value, err, errlen);
}

const struct keyword kw_stream_event = {
    .name = "stream-event",
    .setup = setup_stream_event,
    .match = match_event,
    .free = free,
};

/* ---- app-layer-event ---- */

struct ale_ctx {
    uint16_t proto; /* APP_PROTO_*, or APP_PROTO_NONE for the framework's "applayer" */
    char name[96];  /* event name without the protocol prefix */
};

static bool event_is(const struct app_flow *af, const struct app_event *ev, const struct ale_ctx *c)
{
    const char *n = NULL;

    if (ev->src == APP_EVENT_SRC_APPLAYER) {
        if (c->proto != APP_PROTO_NONE)
            return false;
        n = app_layer_event_name(ev->id);
    } else {
        const struct app_parser *ap = af != NULL ? af->parser : NULL;

        if (c->proto == APP_PROTO_NONE || ap == NULL || ev->id >= ap->n_event_names)
            return false;
        n = ap->event_names[ev->id];
    }
    return n != NULL && strcmp(n, c->name) == 0;
}

static bool events_have(const struct app_flow *af, const struct app_events *e, uint8_t from,
        const struct ale_ctx *c, uint8_t side)
{
    for (uint8_t i = from; i < e->n && i < APP_EVENTS_MAX; i++) {
        if (side != 0 && e->ev[i].dirs != 0 && !(e->ev[i].dirs & side))
            continue; /* raised by the other direction's parsing */
        if (event_is(af, &e->ev[i], c))
            return true;
    }
    return false;
}

/* applayer.*: the framework's events, kept on the flow; as in Suricata (packet events)
 * only those raised while processing this packet count. */
static bool match_applayer_event(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct flow *f = p->flow;

    return f != NULL && f->app != NULL &&
           events_have(
                   f->app, &f->app->events, dt != NULL ? detect_thread_app_ev_from(dt) : 0, ctx, 0);
}

/* <proto>.<event>: the protocol's events on the transaction, or on the flow when the
 * parser had no transaction to carry them; only those raised while parsing p's direction
 * (Suricata inspects a transaction's events per direction). */
static bool tx_match_app_event(
        struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct app_tx *t = tx;
    const struct app_flow *af = p->flow != NULL ? p->flow->app : NULL;
    uint8_t side = (uint8_t)(1u << (af != NULL ? app_flow_dir(af, p->flow_dir) : p->flow_dir));

    if (events_have(af, &t->events, 0, ctx, side))
        return true;
    return af != NULL && events_have(af, &af->events, 0, ctx, side);
}

static int setup_app_layer_event(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char name[128], *dot;
    struct ale_ctx *c;
    uint16_t proto = APP_PROTO_NONE;
    bool ok = trimmed(value, name, sizeof(name));

    /* Suricata's older spelling of the framework's events: applayer_<event> */
    if (ok && strchr(name, '.') == NULL && strncmp(name, "applayer_", 9) == 0)
        name[8] = '.';
    if (!ok || (dot = strchr(name, '.')) == NULL || dot[1] == '\0' ||
            strlen(dot + 1) >= sizeof(c->name)) {
        snprintf(err, errlen, "app-layer-event: '<proto>.<event>' is required, got '%.64s'",
                value == NULL ? "" : value);
        return VG_EINVAL;
    }
    *dot = '\0';
    if (strcmp(name, "applayer") != 0) {
        const struct app_parser *ap;

        proto = app_proto_by_name(name);
        if (proto == APP_PROTO_NONE || proto == APP_PROTO_FAILED) {
            snprintf(err, errlen, "app-layer-event: unknown protocol '%.32s'", name);
            return VG_EINVAL;
        }
        ap = app_parser_get(proto);
        if (ap != NULL && ap->event_names != NULL) {
            uint8_t i;

            for (i = 0; i < ap->n_event_names; i++) {
                if (ap->event_names[i] != NULL && strcmp(ap->event_names[i], dot + 1) == 0)
                    break;
            }
            if (i == ap->n_event_names) {
                snprintf(
                        err, errlen, "app-layer-event: unknown event '%.32s.%.64s'", name, dot + 1);
                return VG_EINVAL;
            }
        }
    } else {
        uint8_t i;

        for (i = 0; i < APP_EV_MAX; i++) {
            const char *n = app_layer_event_name(i);

            if (n != NULL && strcmp(n, dot + 1) == 0)
                break;
        }
        if (i == APP_EV_MAX && app_layer_event_name(0) != NULL) {
            snprintf(err, errlen, "app-layer-event: unknown event 'applayer.%.64s'", dot + 1);
            return VG_EINVAL;
        }
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->proto = proto;
    snprintf(c->name, sizeof(c->name), "%s", dot + 1);
    if (proto == APP_PROTO_NONE)
        return sig_builder_add_flow(b, &kw_app_layer_event, c);
    return sig_builder_add_tx(b, &kw_app_layer_event, c, proto);
}

const struct keyword kw_app_layer_event = {
    .name = "app-layer-event",
    .setup = setup_app_layer_event,
    .match = match_applayer_event,
    .tx_match = tx_match_app_event,
    .free = free,
};

/* ---- app-layer-protocol ---- */

enum alp_mode {
    ALP_DIRECTION, /* the protocol detected in the packet's direction (default) */
    ALP_TOSERVER,
    ALP_TOCLIENT,
    ALP_EITHER,
    ALP_FINAL,    /* the flow's protocol */
    ALP_ORIGINAL, /* the flow's protocol before a change (no change tracked: final) */
};

struct alp_ctx {
    uint16_t proto;
    bool neg;
    uint8_t mode; /* enum alp_mode */
};

static const char *const alp_modes[] = {
    [ALP_DIRECTION] = "direction",
    [ALP_TOSERVER] = "toserver",
    [ALP_TOCLIENT] = "toclient",
    [ALP_EITHER] = "either",
    [ALP_FINAL] = "final",
    [ALP_ORIGINAL] = "original",
};

static int setup_app_layer_protocol(
        struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char name[64];
    char *comma, *p = name;
    struct alp_ctx *c;
    bool neg = false;
    uint8_t mode = ALP_DIRECTION;
    uint16_t proto;

    if (!trimmed(value, name, sizeof(name)))
        goto bad;
    comma = strchr(name, ',');
    if (comma != NULL) {
        const char *m = comma + 1;

        *comma = '\0';
        while (isspace((unsigned char)*m))
            m++;
        for (mode = 0; mode < sizeof(alp_modes) / sizeof(alp_modes[0]); mode++) {
            if (strcmp(m, alp_modes[mode]) == 0)
                break;
        }
        if (mode == sizeof(alp_modes) / sizeof(alp_modes[0])) {
            snprintf(err, errlen, "app-layer-protocol: unknown mode '%.32s'", m);
            return VG_EINVAL;
        }
    }
    if (*p == '!') {
        neg = true;
        p++;
    }
    while (isspace((unsigned char)*p))
        p++;
    proto = strcmp(p, "failed") == 0 ? APP_PROTO_FAILED : app_proto_by_name(p);
    if (proto == APP_PROTO_NONE)
        goto bad;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->proto = proto;
    c->neg = neg;
    c->mode = mode;
    return sig_builder_add_flow(b, &kw_app_layer_protocol, c);
bad:
    snprintf(err, errlen, "app-layer-protocol: unknown protocol '%.32s'",
            value == NULL ? "" : value);
    return VG_EINVAL;
}

/* Suricata's protocol equality: "http" covers http1 and http2. */
static bool alp_equal(uint16_t want, uint16_t have)
{
    if (want == have)
        return true;
    if (want == APP_PROTO_HTTP)
        return have == APP_PROTO_HTTP1 || have == APP_PROTO_HTTP2;
    return have == APP_PROTO_HTTP && want == APP_PROTO_HTTP1;
}

/* What detection found in direction dir (0 while unknown). A direction the framework has
 * no answer for yet takes the flow's protocol once that is final. */
static uint16_t alp_dir(const struct flow *f, int dir)
{
    const struct app_flow *af = f->app;
    uint16_t v = APP_PROTO_NONE;

    if (af != NULL)
        v = dir == FLOW_DIR_TOCLIENT ? af->proto_tc : af->proto_ts;
    if (v == APP_PROTO_NONE && (af == NULL || (af->proto_ts == 0 && af->proto_tc == 0)))
        v = f->app_proto;
    return v;
}

/* A rule whose only condition is app-layer-protocol (Suricata's "PD-only" rules) matches
 * on the packet where protocol detection completed, not on every later packet. */
static bool pd_only(const struct sig *s)
{
    if (s->pkt.n > 0 || s->n_bufs > 0 || s->tx.n > 0)
        return false;
    for (uint16_t i = 0; i < s->flow.n; i++) {
        if (s->flow.m[i].kw != &kw_app_layer_protocol && s->flow.m[i].kw != &kw_flow)
            return false;
    }
    return true;
}

static bool match_app_layer_protocol(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct alp_ctx *c = ctx;
    const struct flow *f = p->flow;
    uint16_t a, b;
    bool r;

    if (f == NULL)
        return false;
    if (pd_only(s) && (dt == NULL || !detect_thread_pd_done(dt)))
        return false;
    switch (c->mode) {
    case ALP_TOSERVER:
    case ALP_TOCLIENT:
    case ALP_DIRECTION: {
        int dir = c->mode == ALP_TOSERVER   ? FLOW_DIR_TOSERVER
                  : c->mode == ALP_TOCLIENT ? FLOW_DIR_TOCLIENT
                                            : p->flow_dir;

        a = alp_dir(f, dir);
        if (a == APP_PROTO_NONE)
            return false;
        r = alp_equal(c->proto, a);
        break;
    }
    case ALP_EITHER:
        a = alp_dir(f, FLOW_DIR_TOSERVER);
        b = alp_dir(f, FLOW_DIR_TOCLIENT);
        if (a == APP_PROTO_NONE && b == APP_PROTO_NONE)
            return false;
        r = alp_equal(c->proto, a) || alp_equal(c->proto, b);
        break;
    default:
        if (f->app_proto == APP_PROTO_NONE)
            return false;
        r = alp_equal(c->proto, f->app_proto);
        break;
    }
    return r != c->neg;
}

const struct keyword kw_app_layer_protocol = {
    .name = "app-layer-protocol",
    .setup = setup_app_layer_protocol,
    .match = match_app_layer_protocol,
    .free = free,
};
