/*
 * stream.c - the stream stage: configuration, per-worker context, delivery to the app layer
 * and raw stream access for detection (stream.h).
 *
 * stream_handle_packet() runs the session tracker (tcp-session.c) on the packet, then hands
 * the app layer what became deliverable in each direction, the opposite direction first
 * (the packet's ACK acknowledges it), as Suricata's stream engine does:
 *   - IDS mode: bytes the receiver acknowledged (a hole it acknowledged is a gap notice);
 *   - inline mode, and sessions seen from one side (async-oneside): bytes in order at once
 *     (a segment filling a hole releases the bytes stored behind it);
 *   - once the session is closed (RST, last ACK) or the flow ends: everything stored, then
 *     EOF for both directions; a direction whose FIN was acknowledged, or that hit the
 *     reassembly depth or the memcap, gets its EOF as soon as its data is delivered.
 *
 * Raw stream for detection. A segment is freed once both the app layer and raw inspection
 * are past it. Raw inspection is "auto" by default: until the detection engine calls
 * stream_raw_get() on this worker, raw marks follow the app layer (one packet late, so the
 * packet that delivered data may still be inspected), so nothing piles up when no rule
 * inspects the stream. stream_set_raw_inspection() forces it on or off.
 */
#include "stream/stream.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode/decode.h"
#include "flow/flow.h"
#include "stream/reassembly.h"
#include "stream/stream-types.h"
#include "stream/tcp-session.h"
#include "util/compiler.h"
#include "util/err.h"
#include "util/log.h"

enum raw_mode {
    RAW_AUTO = 0, /* on once stream_raw_get() was called */
    RAW_ON,
    RAW_OFF,
};

struct stream_thread {
    const struct stream_config *cfg;
    struct stream_consumer consumer; /* data == NULL: none */
    struct reasm_thread rt;
    struct tcp_tracker tt;
    enum raw_mode raw;
    bool raw_used;
    uint64_t cnt_pseudo;
};

/* ---- configuration ---- */

void stream_config_defaults(struct stream_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->memcap = 64ull << 20;
    cfg->reassembly_memcap = 256ull << 20;
    cfg->reassembly_depth = 1u << 20;
    cfg->toserver_chunk_size = 2560;
    cfg->toclient_chunk_size = 2560;
    cfg->checksum_validation = true;
    cfg->max_synack_queued = 5;
    cfg->default_policy = STREAM_POLICY_BSD;
}

static const char *const policy_names[STREAM_POLICY_MAX] = {
    [STREAM_POLICY_BSD] = "bsd",
    [STREAM_POLICY_BSD_RIGHT] = "bsd-right",
    [STREAM_POLICY_OLD_LINUX] = "old-linux",
    [STREAM_POLICY_LINUX] = "linux",
    [STREAM_POLICY_OLD_SOLARIS] = "old-solaris",
    [STREAM_POLICY_SOLARIS] = "solaris",
    [STREAM_POLICY_HPUX10] = "hpux10",
    [STREAM_POLICY_HPUX11] = "hpux11",
    [STREAM_POLICY_IRIX] = "irix",
    [STREAM_POLICY_MACOS] = "macos",
    [STREAM_POLICY_WINDOWS] = "windows",
    [STREAM_POLICY_VISTA] = "vista",
    [STREAM_POLICY_WINDOWS2K3] = "windows2k3",
    [STREAM_POLICY_FIRST] = "first",
    [STREAM_POLICY_LAST] = "last",
};

static int policy_by_name(const char *name)
{
    for (int i = 0; i < STREAM_POLICY_MAX; i++) {
        if (strcasecmp(name, policy_names[i]) == 0)
            return i;
    }
    return -1;
}

/* "10.0.0.0/8", "192.168.1.1", "::1", "2001:db8::/32" (quotes and spaces trimmed). */
static bool parse_range(const char *text, struct stream_policy_range *r)
{
    char buf[80];
    size_t n;
    char *slash;
    long prefix;
    uint8_t b[16];

    while (*text == ' ' || *text == '"' || *text == '\'' || *text == '[')
        text++;
    n = strlen(text);
    while (n > 0 &&
            (text[n - 1] == ' ' || text[n - 1] == '"' || text[n - 1] == '\'' || text[n - 1] == ']'))
        n--;
    if (n == 0 || n >= sizeof(buf))
        return false;
    memcpy(buf, text, n);
    buf[n] = '\0';
    slash = strchr(buf, '/');
    if (slash != NULL)
        *slash++ = '\0';
    memset(r, 0, sizeof(*r));
    if (inet_pton(AF_INET, buf, b) == 1) {
        memcpy(r->addr.b, b, 4);
        prefix = 32;
    } else if (inet_pton(AF_INET6, buf, b) == 1) {
        memcpy(r->addr.b, b, 16);
        prefix = 128;
    } else {
        return false;
    }
    if (slash != NULL) {
        char *end;
        long v = strtol(slash, &end, 10);
        if (*slash == '\0' || *end != '\0' || v < 0 || v > prefix)
            return false;
        prefix = v;
    }
    r->prefix = (uint8_t)prefix;
    return true;
}

static int add_range(struct stream_config *cfg, const char *text, int policy)
{
    struct stream_policy_range r, *nr;

    if (!parse_range(text, &r)) {
        log_error(LOG_STREAM, "host-os-policy.%s: invalid address \"%s\"", policy_names[policy],
                text);
        return VG_EINVAL;
    }
    r.policy = (uint8_t)policy;
    nr = realloc(cfg->policies, (cfg->n_policies + 1) * sizeof(*nr));
    if (nr == NULL)
        return VG_ENOMEM;
    cfg->policies = nr;
    cfg->policies[cfg->n_policies++] = r;
    return VG_OK;
}

/* A scalar may hold a flow list as text: "[a, b]". */
static int add_ranges_text(struct stream_config *cfg, const char *text, int policy)
{
    char buf[1024];
    size_t n = strlen(text);
    char *p, *comma;
    int rc;

    if (n >= sizeof(buf))
        return VG_EINVAL;
    memcpy(buf, text, n + 1);
    for (p = buf; p != NULL && *p != '\0'; p = comma) {
        comma = strchr(p, ',');
        if (comma != NULL)
            *comma++ = '\0';
        while (*p == ' ' || *p == '[')
            p++;
        if (*p == '\0' || *p == ']')
            continue;
        if ((rc = add_range(cfg, p, policy)) < 0)
            return rc;
    }
    return VG_OK;
}

static int cmp_prefix(const void *a, const void *b)
{
    const struct stream_policy_range *x = a, *y = b;
    return (int)y->prefix - (int)x->prefix;
}

static int load_policies(struct stream_config *cfg, const struct conf *c)
{
    const struct conf_node *hp = conf_get(c, NULL, "host-os-policy");
    const struct conf_node *n, *item;
    int policy, rc;

    if (hp == NULL || hp->kind != CONF_MAP)
        return VG_OK;
    for (n = hp->child; n != NULL; n = n->next) {
        if (n->key == NULL)
            continue;
        policy = policy_by_name(n->key);
        if (policy < 0) {
            log_error(LOG_STREAM, "%s:%d: host-os-policy: unknown policy \"%s\"",
                    c->path ? c->path : "config", n->line, n->key);
            return VG_EINVAL;
        }
        if (n->kind == CONF_SCALAR && n->value != NULL) {
            if ((rc = add_ranges_text(cfg, n->value, policy)) < 0)
                return rc;
            continue;
        }
        for (item = n->child; item != NULL; item = item->next) {
            if (item->kind == CONF_SCALAR && item->value != NULL &&
                    (rc = add_range(cfg, item->value, policy)) < 0)
                return rc;
        }
    }
    /* Longest prefix first, so the first match is the most specific. */
    if (cfg->n_policies > 1)
        qsort(cfg->policies, cfg->n_policies, sizeof(*cfg->policies), cmp_prefix);
    return VG_OK;
}

static int get_bool(const struct conf *c, const char *key, bool *out)
{
    bool b;
    int rc = conf_get_bool(c, NULL, key, &b);

    if (rc > 0)
        *out = b;
    return rc < 0 ? rc : VG_OK;
}

static int get_u32(const struct conf *c, const char *key, uint32_t *out)
{
    uint64_t v;
    int rc = conf_get_size(c, NULL, key, &v);

    if (rc < 0)
        return rc;
    if (rc > 0) {
        if (v > UINT32_MAX) {
            log_error(LOG_STREAM, "%s: %s: value too large", c->path ? c->path : "config", key);
            return VG_EINVAL;
        }
        *out = (uint32_t)v;
    }
    return VG_OK;
}

int stream_config_load(struct stream_config *cfg, const struct conf *c)
{
    const char *s;
    int64_t v;
    int rc;

    stream_config_defaults(cfg);
    if (c == NULL || c->root == NULL)
        return VG_OK;
    if ((rc = conf_get_size(c, NULL, "stream.memcap", &cfg->memcap)) < 0)
        return rc;
    if ((rc = conf_get_size(c, NULL, "stream.reassembly.memcap", &cfg->reassembly_memcap)) < 0)
        return rc;
    if ((rc = get_u32(c, "stream.reassembly.depth", &cfg->reassembly_depth)) < 0)
        return rc;
    if ((rc = get_u32(c, "stream.reassembly.toserver-chunk-size", &cfg->toserver_chunk_size)) < 0)
        return rc;
    if ((rc = get_u32(c, "stream.reassembly.toclient-chunk-size", &cfg->toclient_chunk_size)) < 0)
        return rc;
    if ((rc = get_bool(c, "stream.midstream", &cfg->midstream)) < 0)
        return rc;
    if ((rc = get_bool(c, "stream.async-oneside", &cfg->async_oneside)) < 0)
        return rc;
    if ((rc = get_bool(c, "stream.checksum-validation", &cfg->checksum_validation)) < 0)
        return rc;
    /* stream.inline: yes / no / auto (auto = inline only in IPS capture modes: IDS here). */
    s = conf_get_str(c, NULL, "stream.inline");
    if (s != NULL && strcasecmp(s, "auto") != 0 &&
            (rc = get_bool(c, "stream.inline", &cfg->inline_mode)) < 0)
        return rc;
    if ((rc = conf_get_int(c, NULL, "stream.max-synack-queued", &v)) < 0)
        return rc;
    if (rc > 0) {
        if (v < 0 || v > 255) {
            log_error(LOG_STREAM, "%s: stream.max-synack-queued: %lld is out of range (0..255)",
                    c->path ? c->path : "config", (long long)v);
            return VG_EINVAL;
        }
        cfg->max_synack_queued = (uint8_t)v;
    }
    if ((rc = load_policies(cfg, c)) < 0) {
        stream_config_release(cfg);
        return rc;
    }
    return VG_OK;
}

void stream_config_release(struct stream_config *cfg)
{
    free(cfg->policies);
    cfg->policies = NULL;
    cfg->n_policies = 0;
}

/* ---- thread ---- */

struct stream_thread *stream_thread_new(
        const struct stream_config *cfg, unsigned share, const struct stream_consumer *consumer)
{
    struct stream_thread *st = calloc(1, sizeof(*st));

    if (st == NULL)
        return NULL;
    if (share == 0)
        share = 1;
    st->cfg = cfg;
    if (consumer != NULL)
        st->consumer = *consumer;
    reasm_thread_init(&st->rt, cfg->reassembly_memcap / share);
    st->tt.cfg = cfg;
    st->tt.rt = &st->rt;
    st->tt.ssn_memcap = cfg->memcap / share;
    return st;
}

void stream_thread_free(struct stream_thread *st)
{
    if (st == NULL)
        return;
    reasm_thread_release(&st->rt);
    free(st);
}

void stream_set_raw_inspection(struct stream_thread *st, bool enabled)
{
    st->raw = enabled ? RAW_ON : RAW_OFF;
}

/* ---- delivery ---- */

struct deliver_ctx {
    struct stream_thread *st;
    struct flow *f;
    struct packet *p;
    struct tcp_peer *peer;
    int dir;
};

static void deliver_chunk(void *arg, const uint8_t *data, uint32_t len)
{
    struct deliver_ctx *dc = arg;
    unsigned flags = 0;

    if (len == 0)
        return;
    if (!(dc->peer->flags & TCP_PEER_F_STARTED)) {
        dc->peer->flags |= TCP_PEER_F_STARTED;
        flags |= STREAM_DATA_F_START;
    }
    if (data == NULL) {
        flags |= STREAM_DATA_F_GAP;
        if (dc->p != NULL)
            tcp_set_event(&dc->st->tt, dc->p, PKT_EVENT_STREAM_REASSEMBLY_SEQ_GAP);
    }
    if (dc->st->consumer.data != NULL)
        dc->st->consumer.data(dc->st->consumer.ctx, dc->f, dc->p, dc->dir, data, len, flags);
}

static void send_eof(struct stream_thread *st, struct flow *f, struct packet *p, int dir)
{
    struct tcp_peer *peer = &f->tcp_ssn->peer[dir];
    unsigned flags = STREAM_DATA_F_EOF;

    if (peer->flags & TCP_PEER_F_EOF)
        return;
    peer->flags |= TCP_PEER_F_EOF;
    if (!(peer->flags & TCP_PEER_F_STARTED)) {
        peer->flags |= TCP_PEER_F_STARTED;
        flags |= STREAM_DATA_F_START;
    }
    if (st->consumer.data != NULL)
        st->consumer.data(st->consumer.ctx, f, p, dir, NULL, 0, flags);
}

/* End of what this direction will ever deliver: its FIN, or everything stored. */
static uint64_t dir_end(const struct tcp_peer *peer)
{
    uint64_t fin = tcp_peer_fin_off(peer);
    uint64_t end = reasm_seq_to_off(&peer->rd, peer->next_seq);
    uint64_t stored = reasm_stored_end(&peer->rd);

    if (stored > end)
        end = stored;
    return end < fin ? end : fin;
}

/* How far direction dir of ssn may be handed on now (stream offset, exclusive). */
static uint64_t deliverable(const struct stream_thread *st, const struct tcp_session *ssn, int dir,
        bool closing, bool raw)
{
    const struct tcp_peer *peer = &ssn->peer[dir];
    uint64_t upto, fin, nxt;
    bool ended = closing || ssn->state == FLOW_TCP_CLOSED || (ssn->flags & TCP_SSN_F_ENDING);

    /* Data on a SYN nobody answered (TCP fast open without a SYN/ACK) is not handed on. */
    if (dir == ssn->cdir && !(ssn->flags & (TCP_SSN_F_MIDSTREAM | TCP_SSN_F_ASYNC)) &&
            !(ssn->peer[!dir].flags & TCP_PEER_F_ISN_KNOWN))
        return raw ? peer->rd.raw_off : peer->rd.app_off;
    /* At the end raw inspection sees everything stored; the app layer gets the in-order
     * bytes (and holes the receiver acknowledged), never a gap for a hole nobody
     * acknowledged (Suricata: no stream.reassembly_seq_gap for unacked data on RST). */
    if (ended && raw)
        return dir_end(peer);
    /* next_seq only moves with in-order segments: data stored beyond it that a segment
     * filling the hole made contiguous is in order too (inline: handed on at once). */
    nxt = reasm_contig_end(&peer->rd, reasm_seq_to_off(&peer->rd, peer->next_seq));
    if (ended || st->cfg->inline_mode || (ssn->flags & TCP_SSN_F_ASYNC))
        upto = nxt;
    else
        upto = reasm_seq_to_off(&peer->rd, peer->last_ack);
    /* The sequence number of the FIN is not data. */
    fin = tcp_peer_fin_off(peer);
    if (upto > fin)
        upto = fin;
    if (upto > nxt)
        upto = nxt;
    return upto;
}

static void deliver_dir(
        struct stream_thread *st, struct flow *f, struct packet *p, int dir, bool closing)
{
    struct tcp_session *ssn = f->tcp_ssn;
    struct tcp_peer *peer = &ssn->peer[dir];
    struct deliver_ctx dc = { st, f, p, peer, dir };
    uint64_t upto, fin;
    bool eof = closing || ssn->state == FLOW_TCP_CLOSED;

    if (peer->flags & TCP_PEER_F_EOF)
        return;
    upto = deliverable(st, ssn, dir, closing, false);
    if (peer->rd.depth != 0 && upto > peer->rd.depth)
        upto = peer->rd.depth;
    /* Acknowledged bytes never seen become a gap only once data after them is handed on
     * too (Suricata: ACKs are accepted liberally, e.g. one for a FIN the capture missed;
     * a hole at the end waits). Without reassembly (memcap) this means: never a gap. */
    upto = reasm_data_end_below(&peer->rd, upto);
    if (upto > peer->rd.app_off)
        reasm_deliver(&st->rt, &peer->rd, upto, deliver_chunk, &dc);
    fin = tcp_peer_fin_off(peer);
    if (fin != UINT64_MAX && peer->rd.app_off >= fin && SEQ_GEQ(peer->last_ack, peer->fin_seq + 1))
        eof = true;
    if (peer->rd.depth != 0 && peer->rd.app_off >= peer->rd.depth)
        eof = true;
    if (peer->flags & TCP_PEER_F_NOREASM)
        eof = true;
    if (eof)
        send_eof(st, f, p, dir);
}

/* Raw marks follow the app layer when nobody inspects raw data. */
static void raw_follow_app(struct stream_thread *st, struct tcp_session *ssn)
{
    for (int d = 0; d < 2; d++) {
        struct reasm_dir *rd = &ssn->peer[d].rd;
        if (rd->raw_off < rd->app_off)
            reasm_raw_advance(&st->rt, rd, rd->app_off);
    }
}

static bool raw_active(const struct stream_thread *st)
{
    return st->raw == RAW_ON || (st->raw == RAW_AUTO && st->raw_used);
}

void stream_handle_packet(struct stream_thread *st, struct packet *p)
{
    struct flow *f = p->flow;
    uint8_t fl;
    int dir;

    if (f == NULL || p->proto != 6 || f->key.proto != 6)
        return;
    /* As Suricata: packets with a bad checksum are not tracked at all. */
    if (st->cfg->checksum_validation && (p->flags & PKT_F_L4_CSUM_BAD)) {
        st->tt.cnt.invalid_checksum++;
        return;
    }
    fl = p->tcp.flags;
    if ((fl & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK))
        st->tt.cnt.synack++;
    else if (fl & TCP_SYN)
        st->tt.cnt.syn++;
    if (fl & TCP_RST)
        st->tt.cnt.rst++;
    if (f->tcp_ssn != NULL && !raw_active(st))
        raw_follow_app(st, f->tcp_ssn);
    tcp_track_packet(&st->tt, f, p);
    if (f->tcp_ssn == NULL)
        return;
    dir = p->flow_dir;
    deliver_dir(st, f, p, !dir, false);
    deliver_dir(st, f, p, dir, false);
    if (st->raw == RAW_OFF)
        raw_follow_app(st, f->tcp_ssn);
}

void stream_flow_ending(struct stream_thread *st, struct flow *f)
{
    (void)st;
    if (f->tcp_ssn != NULL)
        f->tcp_ssn->flags |= TCP_SSN_F_ENDING;
}

void stream_flow_deliver(struct stream_thread *st, struct flow *f)
{
    struct tcp_session *ssn = f->tcp_ssn;

    if (ssn == NULL)
        return;
    for (int d = 0; d < 2; d++) {
        const struct tcp_peer *peer = &ssn->peer[d];
        if (!(peer->flags & TCP_PEER_F_EOF) && reasm_stored_end(&peer->rd) > peer->rd.app_off)
            st->cnt_pseudo++;
    }
    deliver_dir(st, f, NULL, FLOW_DIR_TOSERVER, true);
    deliver_dir(st, f, NULL, FLOW_DIR_TOCLIENT, true);
}

void stream_flow_end(struct stream_thread *st, struct flow *f)
{
    if (f->tcp_ssn == NULL)
        return;
    stream_flow_deliver(st, f);
    tcp_session_free(&st->tt, f);
}

void stream_flow_free(struct stream_thread *st, struct flow *f)
{
    tcp_session_free(&st->tt, f);
}

/* ---- raw stream ---- */

bool stream_raw_get(struct stream_thread *st, const struct flow *f, int dir, struct slice *out,
        uint64_t *offset)
{
    const struct tcp_session *ssn;
    const struct tcp_peer *peer;
    uint64_t upto;
    uint32_t back;

    out->p = NULL;
    out->len = 0;
    *offset = 0;
    st->raw_used = true;
    if (f == NULL || (ssn = f->tcp_ssn) == NULL || dir < 0 || dir > 1)
        return false;
    peer = &ssn->peer[dir];
    upto = deliverable(st, ssn, dir, false, true);
    if (peer->rd.depth != 0 && upto > peer->rd.depth)
        upto = peer->rd.depth;
    back = dir == FLOW_DIR_TOSERVER ? st->cfg->toserver_chunk_size : st->cfg->toclient_chunk_size;
    return reasm_raw_window(&st->rt, &peer->rd, upto, back, out, offset);
}

uint32_t stream_raw_get_blocks(
        struct stream_thread *st, const struct flow *f, int dir, struct reasm_raw *out)
{
    const struct tcp_session *ssn;
    const struct tcp_peer *peer;
    uint64_t upto;
    uint32_t back;
    bool ended;

    out->data.p = NULL;
    out->data.len = 0;
    out->n = 0;
    out->end = 0;
    st->raw_used = true;
    if (f == NULL || (ssn = f->tcp_ssn) == NULL || dir < 0 || dir > 1)
        return 0;
    peer = &ssn->peer[dir];
    upto = deliverable(st, ssn, dir, false, true);
    if (peer->rd.depth != 0 && upto > peer->rd.depth)
        upto = peer->rd.depth;
    back = dir == FLOW_DIR_TOSERVER ? st->cfg->toserver_chunk_size : st->cfg->toclient_chunk_size;
    /* At the end nothing will fill a hole: what follows it is inspected too (Suricata
     * inspects unacknowledged data after a RST or at flow timeout, gaps included). */
    ended = ssn->state == FLOW_TCP_CLOSED || (ssn->flags & TCP_SSN_F_ENDING);
    return reasm_raw_blocks(&st->rt, &peer->rd, upto, back, ended, out);
}

void stream_raw_consumed(struct stream_thread *st, struct flow *f, int dir, uint64_t end)
{
    if (f == NULL || f->tcp_ssn == NULL || dir < 0 || dir > 1)
        return;
    reasm_raw_advance(&st->rt, &f->tcp_ssn->peer[dir].rd, end);
}

/* ---- stats ---- */

void stream_export_stats(const struct stream_thread *st, struct stats_set *s)
{
    const struct tcp_track_counters *c = &st->tt.cnt;

    stats_add(s, "tcp.sessions", c->sessions);
    stats_add(s, "tcp.active_sessions", c->active);
    stats_add(s, "tcp.ssn_memcap_drop", c->ssn_memcap_drop);
    stats_add(s, "tcp.pseudo", st->cnt_pseudo);
    stats_add(s, "tcp.invalid_checksum", c->invalid_checksum);
    stats_add(s, "tcp.midstream_pickups", c->midstream_pickups);
    stats_add(s, "tcp.pkt_on_wrong_thread", 0);
    stats_add(s, "tcp.syn", c->syn);
    stats_add(s, "tcp.synack", c->synack);
    stats_add(s, "tcp.rst", c->rst);
    stats_add(s, "tcp.memuse", st->tt.ssn_memuse);
    reasm_export_stats(&st->rt, s);
    /* stream.* event counters (the decoder exports the same names at 0). */
    for (int e = 0; e < PKT_EVENT_MAX; e++) {
        if (c->events[e] != 0)
            stats_add(s, pkt_event_name((enum pkt_event)e), c->events[e]);
    }
}
