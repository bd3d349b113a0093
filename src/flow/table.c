/*
 * table.c - the per-worker flow table: hash, flow pool, memcap, emergency mode, expiry.
 *
 * Layout. Buckets are singly linked chains of flows. Flows come from chunks of FLOW_CHUNK
 * flows allocated at start (the worker's share of flow.prealloc) and on demand while the
 * memory in use (buckets + chunks) stays within the worker's share of flow.memcap; ended
 * flows go back to a spare list, chunks are freed only with the table.
 *
 * Expiry. Every flow sits on one of FLOW_PROTO_MAX x FLOW_STATE_MAX lists, one per timeout
 * class, and moves to its list's tail on every packet. All flows of a list share one
 * timeout and the capture clock never goes back, so each list is ordered by expiry: the
 * expiry pass only looks at list heads, never at the whole hash. A packet for a flow whose
 * timeout has passed (by the packet's own time) ends that flow and starts a new one, as
 * Suricata's lookup does, so expiry does not wait for the next clock tick.
 *
 * Memcap and emergency mode (Suricata's semantics). When no spare flow is left and the
 * memcap forbids another chunk, flow.memcap counts the hit, the table enters emergency
 * mode (flow.emerg_mode_entered) where the shorter emergency-* timeouts apply, and the
 * least recently used flow is ended with reason "forced" to make room (flow.get_used).
 * Emergency mode ends (flow.emerg_mode_over) once the free room is above
 * flow.emergency-recovery percent of the prealloc share.
 *
 * TCP sessions are tracked by the stream stage (stream/tcp-session.c), the authority for
 * f->state, f->tcp_state and the TCP flags of TCP flows; the table only reads them (timeout
 * class, port reuse: a new SYN on a session in closed / time_wait / last_ack state ends the
 * flow with reason "tcp_reuse" and starts a new one).
 */
#include "flow/flow.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/compiler.h"
#include "util/err.h"
#include "util/log.h"

#define FLOW_CHUNK   256
#define FLOW_LISTS   (FLOW_PROTO_MAX * FLOW_STATE_MAX)
#define USEC_PER_SEC 1000000ULL

struct flow_chunk {
    struct flow_chunk *next;
    struct flow flows[FLOW_CHUNK];
};

struct flow_list {
    struct flow *head, *tail;
};

struct flow_counters {
    uint64_t total, tcp, udp, icmpv4, icmpv6;
    uint64_t memcap, get_used, get_used_failed, tcp_reuse;
    uint64_t emerg_entered, emerg_over;
    uint64_t timeouts, checked;
    uint64_t end_state[FLOW_STATE_MAX];
    uint64_t end_tcp_state[FLOW_TCP_STATE_MAX];
};

struct flow_table {
    const struct flow_config *cfg;
    flow_end_fn end;
    void *end_ctx;
    flow_release_fn release;
    void *release_ctx;
    struct flow **buckets;
    uint32_t hash_size;
    uint32_t seed;
    struct flow_list lists[FLOW_LISTS];
    struct flow *spare;
    uint32_t spare_cnt;
    uint32_t active;
    uint32_t prealloc; /* this table's share of flow.prealloc */
    uint64_t memcap;   /* this table's share of flow.memcap */
    uint64_t memuse;
    struct flow_chunk *chunks;
    /* The flow of the last packet: later stages (the stream) may change its state after
     * flow_handle_packet() returned, so it is moved to its state's timeout list at the
     * next call into the table. It has the newest clock, so appending keeps lists ordered. */
    struct flow *pending;
    bool emergency;
    struct flow_counters cnt;
};

/* ---- configuration ---- */

void flow_config_defaults(struct flow_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->memcap = 128ULL * 1024 * 1024;
    cfg->hash_size = 65536;
    cfg->prealloc = 10000;
    cfg->emergency_recovery = 30;
    cfg->vlan_tracking = true;
    cfg->recursion_tracking = true;
    cfg->tcp_midstream = false;
    flow_timeouts_defaults(cfg);
}

static int get_u32(const struct conf *c, const char *key, uint32_t min, uint32_t max, uint32_t *out)
{
    int64_t v;
    int rc = conf_get_int(c, NULL, key, &v);

    if (rc <= 0)
        return rc;
    if (v < (int64_t)min || v > (int64_t)max) {
        log_error(LOG_FLOW, "%s: %s: %lld is out of range (%u..%u)", c->path ? c->path : "config",
                key, (long long)v, min, max);
        return VG_EINVAL;
    }
    *out = (uint32_t)v;
    return VG_OK;
}

int flow_config_load(struct flow_config *cfg, const struct conf *c)
{
    uint32_t v;
    bool b;
    int rc;

    flow_config_defaults(cfg);
    if ((rc = conf_get_size(c, NULL, "flow.memcap", &cfg->memcap)) < 0)
        return rc;
    if ((rc = get_u32(c, "flow.hash-size", 1, 1u << 26, &cfg->hash_size)) < 0)
        return rc;
    if ((rc = get_u32(c, "flow.prealloc", 0, 1u << 26, &cfg->prealloc)) < 0)
        return rc;
    v = cfg->emergency_recovery;
    if ((rc = get_u32(c, "flow.emergency-recovery", 1, 100, &v)) < 0)
        return rc;
    cfg->emergency_recovery = (uint8_t)v;
    if ((rc = conf_get_bool(c, NULL, "vlan.use-for-tracking", &b)) < 0)
        return rc;
    if (rc > 0)
        cfg->vlan_tracking = b;
    if ((rc = conf_get_bool(c, NULL, "decoder.recursion-level.use-for-tracking", &b)) < 0)
        return rc;
    if (rc > 0)
        cfg->recursion_tracking = b;
    if ((rc = conf_get_bool(c, NULL, "stream.midstream", &b)) < 0)
        return rc;
    if (rc > 0)
        cfg->tcp_midstream = b;
    return flow_timeouts_load(cfg, c);
}

/* ---- names ---- */

const char *flow_state_name(uint8_t state)
{
    static const char *const names[FLOW_STATE_MAX] = { "new", "established", "closed" };
    return state < FLOW_STATE_MAX ? names[state] : "new";
}

const char *flow_tcp_state_name(uint8_t s)
{
    static const char *const names[FLOW_TCP_STATE_MAX] = {
        [FLOW_TCP_NONE] = "none",
        [FLOW_TCP_SYN_SENT] = "syn_sent",
        [FLOW_TCP_SYN_RECV] = "syn_recv",
        [FLOW_TCP_ESTABLISHED] = "established",
        [FLOW_TCP_FIN_WAIT1] = "fin_wait1",
        [FLOW_TCP_FIN_WAIT2] = "fin_wait2",
        [FLOW_TCP_TIME_WAIT] = "time_wait",
        [FLOW_TCP_LAST_ACK] = "last_ack",
        [FLOW_TCP_CLOSE_WAIT] = "close_wait",
        [FLOW_TCP_CLOSING] = "closing",
        [FLOW_TCP_CLOSED] = "closed",
    };
    return s < FLOW_TCP_STATE_MAX ? names[s] : "none";
}

uint64_t flow_get_id(const struct flow *f)
{
    return f != NULL ? f->id : 0;
}

/* ---- pool ---- */

static bool add_chunk(struct flow_table *t, bool force)
{
    struct flow_chunk *ch;
    int i;

    if (!force && t->memuse + sizeof(*ch) > t->memcap)
        return false;
    ch = calloc(1, sizeof(*ch));
    if (ch == NULL)
        return false;
    ch->next = t->chunks;
    t->chunks = ch;
    t->memuse += sizeof(*ch);
    for (i = FLOW_CHUNK - 1; i >= 0; i--) {
        ch->flows[i].hnext = t->spare;
        t->spare = &ch->flows[i];
    }
    t->spare_cnt += FLOW_CHUNK;
    return true;
}

/* Flows that could still be made available without evicting: spare + unallocated room. */
static uint64_t free_room(const struct flow_table *t)
{
    uint64_t room = t->memcap > t->memuse ? (t->memcap - t->memuse) / sizeof(struct flow) : 0;
    return t->spare_cnt + room;
}

struct flow_table *flow_table_new(
        const struct flow_config *cfg, unsigned share, flow_end_fn end, void *end_ctx)
{
    struct flow_table *t;
    uint32_t chunks, i;
    struct timespec ts;

    if (share == 0)
        share = 1;
    t = calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    t->cfg = cfg;
    t->end = end;
    t->end_ctx = end_ctx;
    t->hash_size = cfg->hash_size > 0 ? cfg->hash_size : 1;
    t->buckets = calloc(t->hash_size, sizeof(*t->buckets));
    if (t->buckets == NULL) {
        free(t);
        return NULL;
    }
    clock_gettime(CLOCK_MONOTONIC, &ts);
    t->seed = (uint32_t)(ts.tv_nsec ^ ts.tv_sec ^ (uintptr_t)t);
    t->memcap = cfg->memcap / share;
    t->memuse = (uint64_t)t->hash_size * sizeof(*t->buckets) + sizeof(*t);
    t->prealloc = (cfg->prealloc + share - 1) / share;
    chunks = (t->prealloc + FLOW_CHUNK - 1) / FLOW_CHUNK;
    /* Always at least one chunk, even with a memcap below the hash's own size. */
    if (!add_chunk(t, true)) {
        flow_table_free(t);
        return NULL;
    }
    for (i = 1; i < chunks; i++) {
        if (!add_chunk(t, false))
            break;
    }
    return t;
}

void flow_table_free(struct flow_table *t)
{
    struct flow_chunk *ch, *next;

    if (t == NULL)
        return;
    for (ch = t->chunks; ch != NULL; ch = next) {
        next = ch->next;
        for (size_t i = 0; i < FLOW_CHUNK; i++) {
            if (ch->flows[i].detect_vars != NULL && t->cfg->vars_free != NULL)
                t->cfg->vars_free(ch->flows[i].detect_vars);
            if (t->release != NULL && (ch->flows[i].tcp_ssn != NULL || ch->flows[i].app != NULL ||
                                              ch->flows[i].macs != NULL))
                t->release(t->release_ctx, &ch->flows[i]);
        }
        free(ch);
    }
    free(t->buckets);
    free(t);
}

void flow_table_set_release(struct flow_table *t, flow_release_fn fn, void *ctx)
{
    t->release = fn;
    t->release_ctx = ctx;
}

uint32_t flow_table_active(const struct flow_table *t)
{
    return t->active;
}

bool flow_table_is_emergency(const struct flow_table *t)
{
    return t->emergency;
}

/* ---- lists ---- */

static uint8_t list_index(const struct flow *f)
{
    return (uint8_t)(flow_proto_class(f->key.proto) * FLOW_STATE_MAX + f->state);
}

static void list_unlink(struct flow_table *t, struct flow *f)
{
    struct flow_list *l = &t->lists[f->list];

    if (f->lprev != NULL)
        f->lprev->lnext = f->lnext;
    else
        l->head = f->lnext;
    if (f->lnext != NULL)
        f->lnext->lprev = f->lprev;
    else
        l->tail = f->lprev;
    f->lprev = f->lnext = NULL;
}

static void list_append(struct flow_table *t, struct flow *f)
{
    struct flow_list *l;

    f->list = list_index(f);
    l = &t->lists[f->list];
    f->lnext = NULL;
    f->lprev = l->tail;
    if (l->tail != NULL)
        l->tail->lnext = f;
    else
        l->head = f;
    l->tail = f;
}

/* ---- ending flows ---- */

static void hash_unlink(struct flow_table *t, struct flow *f)
{
    struct flow **pp = &t->buckets[f->hash % t->hash_size];

    while (*pp != NULL && *pp != f)
        pp = &(*pp)->hnext;
    if (*pp == f)
        *pp = f->hnext;
    f->hnext = NULL;
}

static void flow_end(
        struct flow_table *t, struct flow *f, enum flow_end_reason reason, uint64_t now_usec)
{
    if (t->pending == f)
        t->pending = NULL;
    hash_unlink(t, f);
    list_unlink(t, f);
    if (t->emergency)
        f->flags |= FLOW_F_EMERGENCY;
    t->cnt.end_state[f->state < FLOW_STATE_MAX ? f->state : 0]++;
    if (f->key.proto == 6)
        t->cnt.end_tcp_state[f->tcp_state < FLOW_TCP_STATE_MAX ? f->tcp_state : 0]++;
    if (t->end != NULL)
        t->end(t->end_ctx, f, reason, now_usec);
    if (f->detect_vars != NULL && t->cfg->vars_free != NULL)
        t->cfg->vars_free(f->detect_vars);
    if (t->release != NULL)
        t->release(t->release_ctx, f);
    memset(f, 0, sizeof(*f));
    f->hnext = t->spare;
    t->spare = f;
    t->spare_cnt++;
    t->active--;
}

/* The least recently active flow over all lists, or NULL if the table is empty. */
static struct flow *oldest_flow(struct flow_table *t)
{
    struct flow *best = NULL;
    int i;

    for (i = 0; i < FLOW_LISTS; i++) {
        struct flow *h = t->lists[i].head;
        if (h != NULL && (best == NULL || h->last_usec < best->last_usec))
            best = h;
    }
    return best;
}

static struct flow *get_spare(struct flow_table *t, uint64_t now_usec)
{
    struct flow *f;

    if (t->spare == NULL && !add_chunk(t, false)) {
        t->cnt.memcap++;
        if (!t->emergency) {
            t->emergency = true;
            t->cnt.emerg_entered++;
        }
        f = oldest_flow(t);
        if (f == NULL) {
            t->cnt.get_used_failed++;
            return NULL;
        }
        t->cnt.get_used++;
        flow_end(t, f, FLOW_END_FORCED, now_usec);
    }
    f = t->spare;
    t->spare = f->hnext;
    t->spare_cnt--;
    f->hnext = NULL;
    return f;
}

/* ---- packets ---- */

static void relist_pending(struct flow_table *t)
{
    struct flow *f = t->pending;

    t->pending = NULL;
    if (f != NULL && f->list != list_index(f)) {
        list_unlink(t, f);
        list_append(t, f);
    }
}

static uint64_t timeout_usec(const struct flow_table *t, const struct flow *f)
{
    return (uint64_t)flow_timeout_sec(
                   t->cfg, flow_proto_class(f->key.proto), f->state, t->emergency) *
           USEC_PER_SEC;
}

static struct flow *lookup(struct flow_table *t, const struct flow_key *k, uint32_t hash)
{
    struct flow *f;

    for (f = t->buckets[hash % t->hash_size]; f != NULL; f = f->hnext) {
        if (f->hash == hash && flow_key_match(&f->key, k))
            return f;
    }
    return NULL;
}

static void count_new(struct flow_table *t, uint8_t proto, uint8_t ip_ver)
{
    t->cnt.total++;
    switch (proto) {
    case 6:
        t->cnt.tcp++;
        break;
    case 17:
        t->cnt.udp++;
        break;
    case 1:
        t->cnt.icmpv4++;
        break;
    case 58:
        if (ip_ver == 6)
            t->cnt.icmpv6++;
        break;
    default:
        break;
    }
}

static struct flow *create(
        struct flow_table *t, const struct packet *p, const struct flow_key *k, uint32_t hash)
{
    struct flow *f = get_spare(t, p->ts_usec);
    int ct;

    if (f == NULL)
        return NULL;
    f->key = *k;
    /* Midstream pick-up on a SYN/ACK: its sender is the server. */
    if (k->proto == 6 && t->cfg->tcp_midstream &&
            (p->tcp.flags & (TCP_SYN | TCP_ACK | TCP_RST)) == (TCP_SYN | TCP_ACK))
        flow_key_reverse(&f->key, k);
    f->hash = hash;
    f->start_usec = f->last_usec = p->ts_usec;
    f->id = flow_key_id(k, p->ts_usec);
    if (p->proto == 1 || p->proto == 58) {
        f->flags |= FLOW_F_HAS_ICMP;
        f->icmp_s_type = p->icmp.type;
        f->icmp_s_code = p->icmp.code;
        ct = p->proto == 1 ? flow_icmpv4_counterpart(p->icmp.type)
                           : flow_icmpv6_counterpart(p->icmp.type);
        f->icmp_d_type = ct < 0 ? 0 : (uint8_t)ct;
    }
    f->vlan_cnt = p->vlan_cnt < FLOW_KEY_VLANS ? p->vlan_cnt : FLOW_KEY_VLANS;
    for (ct = 0; ct < f->vlan_cnt; ct++)
        f->vlan_id[ct] = p->vlan_id[ct];
    f->state = FLOW_STATE_NEW;
    f->hnext = t->buckets[hash % t->hash_size];
    t->buckets[hash % t->hash_size] = f;
    list_append(t, f);
    t->active++;
    count_new(t, k->proto, k->ip_ver);
    return f;
}

static int packet_dir(const struct flow *f, const struct packet *p, enum flow_pkt_kind kind)
{
    switch (p->proto) {
    case 6:
    case 17:
    case 132:
        if (kind == FLOW_PKT_NORMAL && p->sp != p->dp)
            return p->sp == f->key.sp ? FLOW_DIR_TOSERVER : FLOW_DIR_TOCLIENT;
        VG_FALLTHROUGH;
    case 1:
    case 58:
        return memcmp(f->key.src.b, p->src.b, 16) == 0 ? FLOW_DIR_TOSERVER : FLOW_DIR_TOCLIENT;
    default:
        return FLOW_DIR_TOSERVER; /* as Suricata, for address-only protocols */
    }
}

static void update(struct flow_table *t, struct flow *f, struct packet *p, enum flow_pkt_kind kind,
        uint64_t clock_usec)
{
    int dir = packet_dir(f, p, kind);

    f->pkts[dir]++;
    f->bytes[dir] += p->caplen;
    if (p->ts_usec > f->last_usec) /* a packet from the past does not age the flow */
        f->last_usec = p->ts_usec;
    f->last_sec = (uint32_t)(clock_usec / USEC_PER_SEC);
    /* ICMP errors do not make a flow established (Suricata's "seen" flags). */
    if (kind == FLOW_PKT_NORMAL)
        f->flags |= dir == FLOW_DIR_TOSERVER ? FLOW_F_TOSERVER_SEEN : FLOW_F_TOCLIENT_SEEN;
    /* TCP flows: the stream stage owns f->state and f->tcp_state (see relist_pending). */
    if (f->key.proto != 6 && f->state == FLOW_STATE_NEW &&
            (f->flags & (FLOW_F_TOSERVER_SEEN | FLOW_F_TOCLIENT_SEEN)) ==
                    (FLOW_F_TOSERVER_SEEN | FLOW_F_TOCLIENT_SEEN)) {
        f->state = FLOW_STATE_ESTABLISHED;
    }
    list_unlink(t, f);
    list_append(t, f);
    t->pending = f;
    p->flow = f;
    p->flow_dir = (uint8_t)dir;
}

static bool is_tcp_reuse(const struct flow *f, const struct packet *p)
{
    return f->key.proto == 6 && (f->flags & FLOW_F_TCP_SESSION) &&
           (f->tcp_state == FLOW_TCP_CLOSED || f->tcp_state == FLOW_TCP_TIME_WAIT ||
                   f->tcp_state == FLOW_TCP_LAST_ACK) &&
           (p->tcp.flags & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN;
}

struct flow *flow_handle_packet(struct flow_table *t, struct packet *p, uint64_t clock_usec)
{
    struct flow_key k;
    enum flow_pkt_kind kind;
    struct flow *f;
    uint32_t hash;

    p->flow = NULL;
    p->flow_dir = FLOW_DIR_TOSERVER;
    relist_pending(t);
    kind = flow_key_from_packet(t->cfg, p, &k);
    if (kind == FLOW_PKT_NONE)
        return NULL;
    hash = flow_key_hash(&k, t->seed);
    f = lookup(t, &k, hash);
    if (f != NULL && kind == FLOW_PKT_NORMAL) {
        if (p->ts_usec >= f->last_usec + timeout_usec(t, f)) {
            flow_end(t, f, FLOW_END_TIMEOUT, p->ts_usec);
            f = NULL;
        } else if (is_tcp_reuse(f, p)) {
            t->cnt.tcp_reuse++;
            flow_end(t, f, FLOW_END_TCP_REUSE, p->ts_usec);
            f = NULL;
        }
    }
    if (f == NULL) {
        if (kind != FLOW_PKT_NORMAL)
            return NULL;
        f = create(t, p, &k, hash);
        if (f == NULL)
            return NULL;
    }
    update(t, f, p, kind, clock_usec);
    return f;
}

/* ---- expiry ---- */

static void leave_emergency_if_recovered(struct flow_table *t)
{
    uint64_t want = (uint64_t)t->prealloc * t->cfg->emergency_recovery / 100;

    if (!t->emergency)
        return;
    if (free_room(t) > want) {
        t->emergency = false;
        t->cnt.emerg_over++;
    }
}

void flow_table_timeout(struct flow_table *t, uint64_t now_usec)
{
    uint64_t now_sec = now_usec / USEC_PER_SEC;
    int i;

    relist_pending(t);
    for (i = 0; i < FLOW_LISTS; i++) {
        struct flow *f;
        while ((f = t->lists[i].head) != NULL) {
            uint32_t to = flow_timeout_sec(t->cfg, (enum flow_proto_class)(i / FLOW_STATE_MAX),
                    (uint8_t)(i % FLOW_STATE_MAX), t->emergency);
            t->cnt.checked++;
            if (now_sec <= (uint64_t)f->last_sec + to)
                break;
            t->cnt.timeouts++;
            flow_end(t, f, FLOW_END_TIMEOUT, now_usec);
        }
    }
    leave_emergency_if_recovered(t);
}

void flow_table_shutdown(struct flow_table *t, uint64_t now_usec)
{
    int i;

    relist_pending(t);
    for (i = 0; i < FLOW_LISTS; i++) {
        while (t->lists[i].head != NULL)
            flow_end(t, t->lists[i].head, FLOW_END_SHUTDOWN, now_usec);
    }
}

/* ---- stats ---- */

void flow_table_export_stats(const struct flow_table *t, struct stats_set *s)
{
    static const char *const tcp_names[FLOW_TCP_STATE_MAX] = {
        [FLOW_TCP_NONE] = "flow.end.tcp_state.none",
        [FLOW_TCP_SYN_SENT] = "flow.end.tcp_state.syn_sent",
        [FLOW_TCP_SYN_RECV] = "flow.end.tcp_state.syn_recv",
        [FLOW_TCP_ESTABLISHED] = "flow.end.tcp_state.established",
        [FLOW_TCP_FIN_WAIT1] = "flow.end.tcp_state.fin_wait1",
        [FLOW_TCP_FIN_WAIT2] = "flow.end.tcp_state.fin_wait2",
        [FLOW_TCP_TIME_WAIT] = "flow.end.tcp_state.time_wait",
        [FLOW_TCP_LAST_ACK] = "flow.end.tcp_state.last_ack",
        [FLOW_TCP_CLOSE_WAIT] = "flow.end.tcp_state.close_wait",
        [FLOW_TCP_CLOSING] = "flow.end.tcp_state.closing",
        [FLOW_TCP_CLOSED] = "flow.end.tcp_state.closed",
    };
    const struct flow_counters *c = &t->cnt;
    int i;

    stats_add(s, "flow.total", c->total);
    stats_add(s, "flow.active", t->active);
    stats_add(s, "flow.tcp", c->tcp);
    stats_add(s, "flow.udp", c->udp);
    stats_add(s, "flow.icmpv4", c->icmpv4);
    stats_add(s, "flow.icmpv6", c->icmpv6);
    stats_add(s, "flow.memcap", c->memcap);
    stats_add(s, "flow.memuse", t->memuse);
    stats_add(s, "flow.spare", t->spare_cnt);
    stats_add(s, "flow.tcp_reuse", c->tcp_reuse);
    stats_add(s, "flow.get_used", c->get_used);
    stats_add(s, "flow.get_used_failed", c->get_used_failed);
    stats_add(s, "flow.emerg_mode_entered", c->emerg_entered);
    stats_add(s, "flow.emerg_mode_over", c->emerg_over);
    stats_add(s, "flow.mgr.flows_checked", c->checked);
    stats_add(s, "flow.mgr.flows_timeout", c->timeouts);
    stats_add(s, "flow.end.state.new", c->end_state[FLOW_STATE_NEW]);
    stats_add(s, "flow.end.state.established", c->end_state[FLOW_STATE_ESTABLISHED]);
    stats_add(s, "flow.end.state.closed", c->end_state[FLOW_STATE_CLOSED]);
    for (i = 0; i < FLOW_TCP_STATE_MAX; i++)
        stats_add(s, tcp_names[i], c->end_tcp_state[i]);
}
