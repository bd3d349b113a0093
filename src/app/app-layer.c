/*
 * app-layer.c - the app-layer framework: per-flow state, feeding parsers, transactions,
 * events, configuration and counters (see app-layer.h; detection is app-detect.c).
 *
 * A flow gets its struct app_flow with its first payload byte (or stream notice). While its
 * protocol is unknown, bytes go to detection, which keeps them and hands them back through
 * app_parse_feed() once it knows; afterwards TCP bytes and UDP datagrams go straight to the
 * parser, in the protocol's direction (app_flow_dir(): detection may have reversed the
 * flow). Detection-only entries (parse == NULL) and protocols configured "detection-only"
 * stop there: app_proto is set, nothing is parsed. A parser that returns an error is not
 * called again for the flow (app_layer.error.<proto>.parser, applayer parser_error).
 *
 * Transactions are counted as parsers append them (app_layer.tx.<proto>) and freed by
 * app_flow_gc() once complete, logged and inspected, or all at once by app_flow_free().
 * Counter names are Suricata's; protocols that run over both TCP and UDP get a _tcp/_udp
 * suffix as in Suricata, and flows whose detection failed count as failed_tcp/failed_udp.
 *
 * Memcaps: one process-wide account per protocol (atomics), charged by the parsers for
 * what they grow (HTTP buffers, file trackers) and here for each parser's tx_size and
 * state_size. A tx is charged even over the cap (its parser already made it) but marks the
 * flow; a flow is not parsed any more once marked or when its protocol is at its memcap
 * (applayer memcap_reached event), as a failed allocation stops Suricata's parsers.
 * Counters: http.memuse / http.memcap (Suricata's names), vigie.app.<proto>.memuse /
 * .memcap for the others that are charged.
 */
#include "app/app-layer.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app-layer-int.h"
#include "app/app-registry.h"
#include "app/file.h"
#include "stream/stream.h"
#include "util/compiler.h"
#include "util/err.h"
#include "util/log.h"

/* ---- configuration ---- */

void app_config_defaults(struct app_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->probe_limit = 4096;
    for (const struct app_parser *const *ep = app_registry; *ep != NULL; ep++) {
        if ((*ep)->proto < APP_PROTO_MAX && !(*ep)->disabled_by_default)
            cfg->enabled[(*ep)->proto] = true;
    }
}

/* Parses a port list ("80", "[80, 8080]", "139, 445", "1024:2048") into ps. */
static int parse_ports(struct app_port_set *ps, const char *s)
{
    const char *q = s;

    ps->n = 0;
    while (*q != '\0') {
        unsigned long lo, hi;
        char *end;

        if (*q == '[' || *q == ']' || *q == ',' || *q == ' ' || *q == '"') {
            q++;
            continue;
        }
        lo = strtoul(q, &end, 10);
        if (end == q || lo > 65535)
            return VG_EINVAL;
        hi = lo;
        q = end;
        if (*q == ':') {
            q++;
            hi = strtoul(q, &end, 10);
            if (end == q || hi > 65535 || hi < lo)
                return VG_EINVAL;
            q = end;
        }
        if (ps->n >= APP_PORTS_MAX)
            return VG_EINVAL;
        ps->lo[ps->n] = (uint16_t)lo;
        ps->hi[ps->n] = (uint16_t)hi;
        ps->n++;
    }
    ps->set = true;
    return VG_OK;
}

/* app-layer.protocols.<name>: enabled (yes / no / detection-only), detection-ports.dp. */
static int load_proto(
        struct app_config *cfg, const struct conf *c, uint16_t proto, const char *name)
{
    char path[128];
    const char *s;
    uint64_t sz = 0;
    bool b;
    int r;

    /* memcap; DNS also takes Suricata 6's global-memcap */
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "app-layer.protocols.%s.%s", name,
                i == 0 ? "memcap" : "global-memcap");
        if ((r = conf_get_size(c, NULL, path, &sz)) < 0)
            return r;
        if (r > 0) {
            cfg->memcap[proto] = sz;
            break;
        }
    }
    snprintf(path, sizeof(path), "app-layer.protocols.%s.enabled", name);
    s = conf_get_str(c, NULL, path);
    if (s != NULL) {
        if (strcasecmp(s, "detection-only") == 0) {
            cfg->enabled[proto] = true;
            cfg->detect_only[proto] = true;
        } else if ((r = conf_get_bool(c, NULL, path, &b)) < 0) {
            return r;
        } else if (r > 0) {
            cfg->enabled[proto] = b;
        }
    }
    /* "<name>.detection-ports" or, for protocols of both transports, "<name>.tcp." and
     * "<name>.udp." ones (the first one found applies to both transports) */
    for (int i = 0; i < 3; i++) {
        static const char *const mid[] = { "", "tcp.", "udp." };

        snprintf(path, sizeof(path), "app-layer.protocols.%s.%sdetection-ports.dp", name, mid[i]);
        s = conf_get_str(c, NULL, path);
        if (s == NULL)
            continue;
        if (parse_ports(&cfg->ports[proto], s) < 0) {
            log_error(LOG_APP, "%s: invalid port list: %s", path, s);
            return VG_EINVAL;
        }
        break;
    }
    return VG_OK;
}

int app_config_load(struct app_config *cfg, const struct conf *c)
{
    bool seen[APP_PROTO_MAX] = { false };
    int r;

    app_config_defaults(cfg);
    if (c == NULL)
        return VG_OK;
    for (const struct app_parser *const *ep = app_registry; *ep != NULL; ep++) {
        uint16_t proto = (*ep)->proto;
        const char *name = app_proto_name(proto);

        if (proto >= APP_PROTO_MAX || seen[proto] || name == NULL)
            continue;
        seen[proto] = true;
        if (proto == APP_PROTO_HTTP1 && (r = load_proto(cfg, c, proto, "http")) < 0)
            return r;
        if ((r = load_proto(cfg, c, proto, name)) < 0)
            return r;
    }
    for (const struct app_parser *const *ep = app_registry; *ep != NULL; ep++) {
        if ((*ep)->init != NULL && cfg->enabled[(*ep)->proto] && (r = (*ep)->init(c)) < 0)
            return r;
    }
    for (uint16_t p = 0; p < APP_PROTO_MAX; p++)
        app_memcap_set(p, cfg->memcap[p]);
    return VG_OK;
}

const struct app_parser *app_parser_get(uint16_t proto)
{
    for (const struct app_parser *const *ep = app_registry; *ep != NULL; ep++) {
        if ((*ep)->proto == proto)
            return *ep;
    }
    return NULL;
}

const char *app_proto_eve_name(uint16_t proto)
{
    if (proto == APP_PROTO_NONE)
        return NULL;
    if (proto == APP_PROTO_HTTP1)
        return "http";
    return app_proto_name(proto);
}

/* ---- per-worker context ---- */

struct app_thread *app_thread_new_registry(
        const struct app_config *cfg, const struct app_parser *const *registry)
{
    struct app_thread *at = calloc(1, sizeof(*at));

    if (at == NULL)
        return NULL;
    at->cfg = cfg;
    at->reg = registry;
    return at;
}

struct app_thread *app_thread_new(const struct app_config *cfg)
{
    return app_thread_new_registry(cfg, app_registry);
}

void app_thread_free(struct app_thread *at)
{
    free(at);
}

bool app_entry_usable(const struct app_thread *at, const struct flow *f, const struct app_parser *e)
{
    unsigned t = f->key.proto == 17 ? APP_PROTO_T_UDP : APP_PROTO_T_TCP;

    return e->proto < APP_PROTO_MAX && at->cfg->enabled[e->proto] && (e->transports & t);
}

const struct app_parser *app_entry_get(
        const struct app_thread *at, const struct flow *f, uint16_t proto)
{
    for (const struct app_parser *const *ep = at->reg; *ep != NULL; ep++) {
        if ((*ep)->proto == proto && app_entry_usable(at, f, *ep))
            return *ep;
    }
    return NULL;
}

void app_count_flow(struct app_thread *at, struct flow *f)
{
    struct app_flow *af = f->app;

    if (af == NULL || (af->flags & APP_FLOW_F_COUNTED) || f->app_proto >= APP_PROTO_MAX)
        return;
    af->flags |= APP_FLOW_F_COUNTED;
    at->flows[f->app_proto][app_tidx(f)]++;
}

/* f->app, created on first use; NULL when out of memory. */
static struct app_flow *flow_get(struct flow *f)
{
    if (f->app == NULL)
        f->app = calloc(1, sizeof(*f->app));
    return f->app;
}

/* ---- parsing ---- */

static unsigned eof_flag(int pdir)
{
    return pdir == APP_DIR_TOSERVER ? APP_FLOW_F_EOF_TS : APP_FLOW_F_EOF_TC;
}

/* ---- memcaps ---- */

struct memcap_account {
    atomic_uint_fast64_t use;  /* bytes charged now */
    atomic_uint_fast64_t hits; /* refusals */
    atomic_uint_fast64_t cap;  /* 0: unlimited */
};

static struct memcap_account memcaps[APP_PROTO_MAX];
/* counter names (stats keep the pointers), made at startup by app_memcap_set() */
static char memcap_names[APP_PROTO_MAX][2][48];

void app_memcap_set(uint16_t proto, uint64_t cap)
{
    const char *pn = app_proto_name(proto);

    if (proto >= APP_PROTO_MAX)
        return;
    atomic_store(&memcaps[proto].cap, cap);
    if (pn != NULL && memcap_names[proto][0][0] == '\0') {
        snprintf(memcap_names[proto][0], sizeof(memcap_names[proto][0]), "vigie.app.%s.memuse", pn);
        snprintf(memcap_names[proto][1], sizeof(memcap_names[proto][1]), "vigie.app.%s.memcap", pn);
    }
}

bool app_memcap_take(uint16_t proto, uint64_t n)
{
    struct memcap_account *m;
    uint_fast64_t cur, cap;

    if (proto >= APP_PROTO_MAX)
        return true;
    m = &memcaps[proto];
    cap = atomic_load(&m->cap);
    cur = atomic_load(&m->use);
    do {
        if (cap != 0 && (n > cap || cur > cap - n)) {
            atomic_fetch_add(&m->hits, 1);
            return false;
        }
    } while (!atomic_compare_exchange_weak(&m->use, &cur, cur + n));
    return true;
}

void app_memcap_give(uint16_t proto, uint64_t n)
{
    if (proto < APP_PROTO_MAX && n > 0)
        atomic_fetch_sub(&memcaps[proto].use, n);
}

uint64_t app_memcap_use(uint16_t proto)
{
    return proto < APP_PROTO_MAX ? atomic_load(&memcaps[proto].use) : 0;
}

uint64_t app_memcap_hits(uint16_t proto)
{
    return proto < APP_PROTO_MAX ? atomic_load(&memcaps[proto].hits) : 0;
}

/* Charges n bytes even over the cap; false (a hit counted) when over it. */
static bool memcap_charge(uint16_t proto, uint64_t n)
{
    uint64_t cap, use;

    if (proto >= APP_PROTO_MAX)
        return true;
    cap = atomic_load(&memcaps[proto].cap);
    use = atomic_fetch_add(&memcaps[proto].use, n) + n;
    if (cap != 0 && use > cap) {
        atomic_fetch_add(&memcaps[proto].hits, 1);
        return false;
    }
    return true;
}

/* proto's use is at its memcap: nothing more can be charged. */
static bool memcap_full(uint16_t proto)
{
    uint64_t cap = proto < APP_PROTO_MAX ? atomic_load(&memcaps[proto].cap) : 0;

    return cap != 0 && atomic_load(&memcaps[proto].use) >= cap;
}

/* The protocol's memcap stops the flow: no more parsing, one event. */
static void memcap_stop(struct app_flow *af)
{
    af->flags |= APP_FLOW_F_MEMCAP | APP_FLOW_F_PARSE_ERROR;
    app_layer_event_raise(af, APP_EV_MEMCAP);
}

void app_parse_feed(struct app_thread *at, struct flow *f, struct packet *p, int dir,
        const uint8_t *data, uint32_t len, unsigned flags)
{
    struct app_flow *af = f->app;
    const struct app_parser *ps = af->parser;
    unsigned pflags = 0;
    uint64_t before;
    int pdir, t, r;
    uint16_t proto = f->app_proto;

    if (ps == NULL || ps->parse == NULL || proto >= APP_PROTO_MAX || at->cfg->detect_only[proto] ||
            (af->flags & APP_FLOW_F_PARSE_ERROR))
        return;
    pdir = app_flow_dir(af, dir);
    if (af->flags & eof_flag(pdir))
        return;
    if (flags & STREAM_DATA_F_GAP) {
        pflags |= APP_PARSE_F_GAP;
        data = NULL;
    }
    if (flags & STREAM_DATA_F_EOF)
        pflags |= APP_PARSE_F_EOF;
    if (len == 0 && pflags == 0)
        return;
    t = app_tidx(f);
    if (data != NULL && len > 0 && memcap_full(proto)) { /* (gaps and EOF still go through) */
        memcap_stop(af);
        return;
    }
    if (af->state == NULL && ps->state_new != NULL) {
        if (ps->state_size > 0 && !app_memcap_take(proto, ps->state_size)) {
            memcap_stop(af);
            return;
        }
        af->state = ps->state_new();
        if (af->state == NULL) {
            app_memcap_give(proto, ps->state_size);
            at->err_alloc[proto][t]++;
            af->flags |= APP_FLOW_F_PARSE_ERROR;
            return;
        }
    }
    before = af->tx_next_id;
    af->parse_dirs = (uint8_t)(1u << pdir);
    r = ps->parse(af, af->state, p, pdir, data, len, pflags);
    af->parse_dirs = 0;
    at->txs[proto][t] += af->tx_next_id - before;
    if (af->flags & APP_FLOW_F_MEMCAP)
        memcap_stop(af);
    af->flags |= APP_FLOW_F_FED;
    if (pflags & APP_PARSE_F_EOF)
        af->flags |= eof_flag(pdir);
    if (r < 0) {
        if (pflags & APP_PARSE_F_GAP)
            at->err_gap[proto][t]++;
        else
            at->err_parser[proto][t]++;
        af->flags |= APP_FLOW_F_PARSE_ERROR;
        app_layer_event_raise(af, APP_EV_PARSER_ERROR);
    }
}

void app_on_stream_data(void *ctx, struct flow *f, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags)
{
    struct app_thread *at = ctx;
    struct app_flow *af;

    if (at == NULL || f == NULL || (dir != APP_DIR_TOSERVER && dir != APP_DIR_TOCLIENT))
        return;
    if (f->app_proto == APP_PROTO_FAILED)
        return;
    if ((af = flow_get(f)) == NULL)
        return;
    if (data == NULL && !(flags & STREAM_DATA_F_GAP))
        len = 0;
    if (len > 0 && !(flags & STREAM_DATA_F_GAP)) {
        if (!(af->flags & (APP_FLOW_F_HAS_DATA_TS | APP_FLOW_F_HAS_DATA_TC)))
            af->first_dir = (uint8_t)dir;
        af->flags |= dir == APP_DIR_TOSERVER ? APP_FLOW_F_HAS_DATA_TS : APP_FLOW_F_HAS_DATA_TC;
    }
    if (!af->probe_done[dir] || f->app_proto == APP_PROTO_NONE)
        app_detect_stream(at, f, p, dir, data, len, flags);
    else
        app_parse_feed(at, f, p, dir, data, len, flags);
}

void app_handle_udp(struct app_thread *at, struct packet *p)
{
    struct flow *f = p->flow;
    struct app_flow *af;
    int dir = p->flow_dir;

    if (at == NULL || f == NULL || p->payload == NULL || p->payload_len == 0)
        return;
    if (f->app_proto == APP_PROTO_FAILED || (af = flow_get(f)) == NULL)
        return;
    if (!(af->flags & (APP_FLOW_F_HAS_DATA_TS | APP_FLOW_F_HAS_DATA_TC)))
        af->first_dir = (uint8_t)dir;
    af->flags |= dir == APP_DIR_TOSERVER ? APP_FLOW_F_HAS_DATA_TS : APP_FLOW_F_HAS_DATA_TC;
    if (f->app_proto == APP_PROTO_NONE)
        app_detect_datagram(at, f, p, dir, p->payload, p->payload_len);
    else
        app_parse_feed(at, f, p, dir, p->payload, p->payload_len, 0);
}

void app_flow_end(struct app_thread *at, struct flow *f)
{
    struct app_flow *af = f->app;

    if (at == NULL || af == NULL || (af->flags & APP_FLOW_F_ENDED))
        return;
    if (f->app_proto != APP_PROTO_FAILED)
        app_detect_finish(at, f, NULL);
    if (af->state != NULL) {
        for (int d = 0; d < 2; d++)
            app_parse_feed(at, f, NULL, d, NULL, 0, STREAM_DATA_F_EOF);
    }
    /* Per-direction records are written for the sides that completed only. */
    if (af->parser == NULL || !af->parser->log_per_direction) {
        for (struct app_tx *tx = af->txs; tx != NULL; tx = tx->next)
            tx->complete = 3;
    }
    af->flags |= APP_FLOW_F_ENDED;
}

/* ---- transactions ---- */

static void tx_free(struct app_thread *at, const struct app_parser *ps, struct app_tx *tx)
{
    if (tx->detect != NULL && at != NULL && at->cfg->detect_free != NULL)
        at->cfg->detect_free(tx->detect);
    tx->detect = NULL;
    if (ps != NULL && ps->tx_size > 0)
        app_memcap_give(ps->proto, ps->tx_size);
    if (ps != NULL && ps->tx_free != NULL)
        ps->tx_free(tx);
    else
        free(tx);
}

void app_flow_free(struct app_thread *at, struct flow *f)
{
    struct app_flow *af = f->app;
    struct app_tx *tx, *next;

    if (af == NULL)
        return;
    for (tx = af->txs; tx != NULL; tx = next) {
        next = tx->next;
        tx_free(at, af->parser, tx);
    }
    if (af->state != NULL && af->parser != NULL && af->parser->state_free != NULL)
        af->parser->state_free(af->state);
    if (af->state != NULL && af->parser != NULL && af->parser->state_size > 0)
        app_memcap_give(af->parser->proto, af->parser->state_size);
    free(af->probe_buf[0]);
    free(af->probe_buf[1]);
    free(af);
    f->app = NULL;
}

void app_flow_gc(struct app_thread *at, struct flow *f, bool detect_active)
{
    struct app_flow *af = f->app;
    struct app_tx *tx, *prev = NULL, *next;
    bool ended;

    if (af == NULL)
        return;
    ended = (af->flags & APP_FLOW_F_ENDED) != 0;
    for (tx = af->txs; tx != NULL; tx = next) {
        next = tx->next;
        if ((tx->complete == 3 || ended) && tx->logged == 3 &&
                (!detect_active || tx->detect_done)) {
            if (prev != NULL)
                prev->next = next;
            else
                af->txs = next;
            if (af->txs_tail == tx)
                af->txs_tail = prev;
            tx_free(at, af->parser, tx);
            continue;
        }
        prev = tx;
    }
}

void app_tx_append(struct app_flow *af, struct app_tx *tx)
{
    tx->next = NULL;
    tx->id = af->tx_next_id++;
    tx->complete = 0;
    tx->logged = 0;
    tx->detect_done = false;
    tx->pad = 0;
    memset(&tx->events, 0, sizeof(tx->events));
    tx->detect = NULL;
    /* charged even over the cap (the tx exists), but the flow stops after this parse */
    if (af->parser != NULL && af->parser->tx_size > 0 &&
            !memcap_charge(af->parser->proto, af->parser->tx_size))
        af->flags |= APP_FLOW_F_MEMCAP;
    if (af->txs_tail != NULL)
        af->txs_tail->next = tx;
    else
        af->txs = tx;
    af->txs_tail = tx;
}

/* ---- events ---- */

static void events_add(struct app_events *e, uint8_t src, uint8_t id, uint8_t dirs)
{
    for (uint8_t i = 0; i < e->n && i < APP_EVENTS_MAX; i++) {
        if (e->ev[i].src == src && e->ev[i].id == id) {
            e->ev[i].dirs |= dirs; /* each event once per tx / flow */
            return;
        }
    }
    if (e->n < APP_EVENTS_MAX)
        e->ev[e->n++] = (struct app_event){ src, id, dirs };
}

void app_event_raise(struct app_flow *af, struct app_tx *tx, uint8_t id)
{
    events_add(tx != NULL ? &tx->events : &af->events, APP_EVENT_SRC_PROTO, id, af->parse_dirs);
}

void app_layer_event_raise(struct app_flow *af, uint8_t id)
{
    events_add(&af->events, APP_EVENT_SRC_APPLAYER, id, af->parse_dirs);
}

static const char *const layer_event_names[APP_EV_MAX] = {
    [APP_EV_MISMATCH_BOTH_DIRECTIONS] = "mismatch_protocol_both_directions",
    [APP_EV_WRONG_DIRECTION_FIRST_DATA] = "wrong_direction_first_data",
    [APP_EV_DETECT_ONLY_ONE_DIRECTION] = "detect_protocol_only_one_direction",
    [APP_EV_PROTO_DETECTION_SKIPPED] = "proto_detection_skipped",
    [APP_EV_NO_TLS_AFTER_STARTTLS] = "no_tls_after_starttls",
    [APP_EV_UNEXPECTED_PROTOCOL] = "unexpected_protocol",
    [APP_EV_PARSER_ERROR] = "parser_error",
    [APP_EV_MEMCAP] = "memcap_reached",
};

const char *app_layer_event_name(uint8_t id)
{
    return id < APP_EV_MAX ? layer_event_names[id] : NULL;
}

const char *app_event_full_name(
        const struct app_flow *af, const struct app_event *ev, char *buf, size_t cap)
{
    const char *proto, *name;
    int n;

    if (ev->src == APP_EVENT_SRC_APPLAYER) {
        proto = "applayer";
        name = app_layer_event_name(ev->id);
    } else {
        if (af == NULL || af->parser == NULL || af->parser->event_names == NULL ||
                ev->id >= af->parser->n_event_names)
            return NULL;
        proto = app_proto_eve_name(af->parser->proto);
        name = af->parser->event_names[ev->id];
    }
    if (proto == NULL || name == NULL || cap == 0)
        return NULL;
    n = snprintf(buf, cap, "%s.%s", proto, name);
    return n > 0 && (size_t)n < cap ? buf : NULL;
}

/* ---- counters ---- */

struct stat_names {
    const char *flow, *tx, *gap, *alloc, *parser, *internal;
};

#define SN(n)                                                                                      \
    {                                                                                              \
        "app_layer.flow." n, "app_layer.tx." n, "app_layer.error." n ".gap",                       \
                "app_layer.error." n ".alloc", "app_layer.error." n ".parser",                     \
                "app_layer.error." n ".internal"                                                   \
    }

/* Suricata's names per transport; protocols of both transports carry a suffix. */
static const struct stat_names stat_names[2][APP_PROTO_MAX] = {
    [APP_T_TCP] = {
            [APP_PROTO_HTTP] = SN("http"),
            [APP_PROTO_HTTP1] = SN("http"),
            [APP_PROTO_HTTP2] = SN("http2"),
            [APP_PROTO_FTP] = SN("ftp"),
            [APP_PROTO_FTPDATA] = SN("ftp_data"),
            [APP_PROTO_SMTP] = SN("smtp"),
            [APP_PROTO_TLS] = SN("tls"),
            [APP_PROTO_SSH] = SN("ssh"),
            [APP_PROTO_IMAP] = SN("imap"),
            [APP_PROTO_POP3] = SN("pop3"),
            [APP_PROTO_SMB] = SN("smb"),
            [APP_PROTO_DCERPC] = SN("dcerpc_tcp"),
            [APP_PROTO_DNS] = SN("dns_tcp"),
            [APP_PROTO_MODBUS] = SN("modbus"),
            [APP_PROTO_ENIP] = SN("enip_tcp"),
            [APP_PROTO_DNP3] = SN("dnp3"),
            [APP_PROTO_NFS] = SN("nfs_tcp"),
            [APP_PROTO_KRB5] = SN("krb5_tcp"),
            [APP_PROTO_SIP] = SN("sip_tcp"),
            [APP_PROTO_RFB] = SN("rfb"),
            [APP_PROTO_MQTT] = SN("mqtt"),
            [APP_PROTO_RDP] = SN("rdp"),
            [APP_PROTO_PGSQL] = SN("pgsql"),
            [APP_PROTO_TELNET] = SN("telnet"),
            [APP_PROTO_WEBSOCKET] = SN("websocket"),
            [APP_PROTO_LDAP] = SN("ldap_tcp"),
            [APP_PROTO_IRC] = SN("irc"),
            [APP_PROTO_DOH2] = SN("doh2"),
            [APP_PROTO_LLMNR] = SN("llmnr_tcp"),
            [APP_PROTO_FAILED] = SN("failed_tcp"),
    },
    [APP_T_UDP] = {
            [APP_PROTO_DCERPC] = SN("dcerpc_udp"),
            [APP_PROTO_DNS] = SN("dns_udp"),
            [APP_PROTO_MDNS] = SN("mdns"),
            [APP_PROTO_ENIP] = SN("enip_udp"),
            [APP_PROTO_NFS] = SN("nfs_udp"),
            [APP_PROTO_NTP] = SN("ntp"),
            [APP_PROTO_TFTP] = SN("tftp"),
            [APP_PROTO_IKE] = SN("ike"),
            [APP_PROTO_KRB5] = SN("krb5_udp"),
            [APP_PROTO_DHCP] = SN("dhcp"),
            [APP_PROTO_SNMP] = SN("snmp"),
            [APP_PROTO_SIP] = SN("sip_udp"),
            [APP_PROTO_QUIC] = SN("quic"),
            [APP_PROTO_BITTORRENT_DHT] = SN("bittorrent_dht"),
            [APP_PROTO_LDAP] = SN("ldap_udp"),
            [APP_PROTO_LLMNR] = SN("llmnr_udp"),
            [APP_PROTO_FAILED] = SN("failed_udp"),
    },
};

static void export_proto(const struct app_thread *at, struct stats_set *s, uint16_t proto, int t)
{
    const struct stat_names *n = &stat_names[t][proto];

    if (n->flow == NULL)
        return;
    stats_add(s, n->flow, at->flows[proto][t]);
    if (proto == APP_PROTO_FAILED)
        return;
    stats_add(s, n->tx, at->txs[proto][t]);
    stats_add(s, n->gap, at->err_gap[proto][t]);
    stats_add(s, n->alloc, at->err_alloc[proto][t]);
    stats_add(s, n->parser, at->err_parser[proto][t]);
    stats_add(s, n->internal, 0);
}

/* Process-wide values: every worker exports the same, stats_max keeps one. */
static void export_memcaps(struct stats_set *s)
{
    stats_max(s, "http.memuse", app_memcap_use(APP_PROTO_HTTP1) + app_memcap_use(APP_PROTO_HTTP));
    stats_max(s, "http.memcap", app_memcap_hits(APP_PROTO_HTTP1) + app_memcap_hits(APP_PROTO_HTTP));
    for (uint16_t p = 0; p < APP_PROTO_MAX; p++) {
        if (p == APP_PROTO_HTTP1 || p == APP_PROTO_HTTP || memcap_names[p][0][0] == '\0' ||
                (app_memcap_use(p) == 0 && app_memcap_hits(p) == 0 &&
                        atomic_load(&memcaps[p].cap) == 0))
            continue;
        stats_max(s, memcap_names[p][0], app_memcap_use(p));
        stats_max(s, memcap_names[p][1], app_memcap_hits(p));
    }
}

void app_export_stats(const struct app_thread *at, struct stats_set *s)
{
    bool done[APP_PROTO_MAX][2] = { { false } };

    if (at == NULL)
        return;
    for (const struct app_parser *const *ep = at->reg; *ep != NULL; ep++) {
        uint16_t proto = (*ep)->proto;

        if (proto >= APP_PROTO_MAX || !at->cfg->enabled[proto])
            continue;
        for (int t = 0; t < 2; t++) {
            unsigned tbit = t == APP_T_TCP ? APP_PROTO_T_TCP : APP_PROTO_T_UDP;

            if (!((*ep)->transports & tbit) || done[proto][t])
                continue;
            done[proto][t] = true;
            export_proto(at, s, proto, t);
        }
    }
    export_proto(at, s, APP_PROTO_FAILED, APP_T_TCP);
    export_proto(at, s, APP_PROTO_FAILED, APP_T_UDP);
    export_memcaps(s);
    file_export_stats(s);
}
