/*
 * engine.c - the detection engine at run time: build the evaluation order and groups once,
 * then per packet gather candidates and evaluate them.
 *
 * Evaluation order (Suricata's signature ordering): by action (pass, drop, reject, alert,
 * the default action-order), then rules that set flowbits before rules that set and read
 * them, before rules that only read them, before rules without flowbits (so a bit set by
 * one rule is visible to another rule on the same packet), then by priority (1 first),
 * then load order. rank[num] is a signature's place in that order; the alert queue is
 * filled in rank order, which is the order alerts are logged.
 *
 * Per packet: on a TCP flow with a session, the raw stream of the packet's direction is
 * fetched (stream_raw_get_blocks: contiguous blocks, holes between them never spanned by a
 * match) and marked inspected at the end (stream_raw_consumed). The packet's group
 * (sig-group.h: by protocol, direction and server port) gives the "always" candidates and
 * the prefilters; each prefilter scans its buffer (the payload's also the raw stream) and
 * adds the signatures whose fast pattern occurs. Candidates are sorted by rank and each is
 * evaluated fully: protocol and IP version, app-layer protocol, addresses and ports (both
 * ways for "<>"), the pkt list, the flow list, each buffer list (detect/inspect.c; payload
 * lists on the raw stream, then on the packet, as Suricata: see inspect_payload()), then
 * its post actions, then thresholding. Then the flow's app-layer transactions (tx.c). A matching
 * pass rule ends the packet's detection (later rules raise no alert) and, when the packet
 * has a flow, passes the rest of the flow too (Suricata's pass semantics). Alerts are
 * queued, sorted by rank and cut at packet_alert_max; more are counted as
 * detect.alert_queue_overflow. Rules with noalert do their post actions and raise nothing.
 * IP-only rules (see sig_is_iponly()) run on the first packet of each flow direction only,
 * as in Suricata. detect_flow_end() is the last pass at a TCP flow's end (pseudo packet).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "detect/buffer.h"
#include "detect/engine-int.h"
#include "detect/flow-vars.h"
#include "detect/host-vars.h"
#include "detect/inspect.h"
#include "detect/keyword.h"
#include "detect/prefilter.h"
#include "detect/sig-group.h"
#include "detect/tag-state.h"
#include "detect/threshold.h"
#include "flow/flow.h"
#include "stream/stream-types.h"
#include "stream/stream.h"
#include "util/err.h"
#include "util/log.h"

/* Key of the flow entry holding the flow's detection state bits (a: FST_*); compared by
 * address. One entry read once or twice per packet (a flow's variables are a list). */
static const char flow_state_key[] = "vigie.state";
enum {
    FST_PASS = 1u << 0,   /* a pass rule matched: the flow is not inspected any more */
    FST_IPONLY = 1u << 1, /* << dir: the IP-only rules ran on the first packet of dir */
    FST_PD = 1u << 3,     /* << dir: a packet of dir saw the app-layer protocol decided */
};
/* Key of the flow entry remembering how far the raw stream was inspected per direction
 * (a: to server, b: to client); compared by address, so it cannot clash. */
static const char raw_done_key[] = "vigie.raw";
/* Key of the flow entry counting the app-layer flow events detection has seen (a). */
static const char app_ev_key[] = "vigie.alev";

/* The FST_* bits of f. */
static uint64_t fstate(const struct flow *f)
{
    const struct flow_var *v = flow_vars_find(f, FLOW_VAR_THRESH, flow_state_key);

    return v != NULL ? v->a : 0;
}

static void fstate_set(struct flow *f, uint64_t bits)
{
    struct flow_var *v = flow_vars_get(f, FLOW_VAR_THRESH, flow_state_key);

    if (v != NULL)
        v->a |= bits;
}

static int action_rank(enum sig_action a)
{
    switch (a) {
    case SIG_ACTION_PASS:
        return 0;
    case SIG_ACTION_DROP:
        return 1;
    case SIG_ACTION_REJECT:
    case SIG_ACTION_REJECTSRC:
    case SIG_ACTION_REJECTDST:
    case SIG_ACTION_REJECTBOTH:
        return 2;
    default:
        return 3;
    }
}

static bool list_has_kw(const struct sig_list *l, const char *name)
{
    for (uint16_t i = 0; i < l->n; i++) {
        if (strcmp(l->m[i].kw->name, name) == 0)
            return true;
    }
    return false;
}

/* Suricata's flowbits order: set only (0), set and read (1), read only (2), none (3). */
static int flowbits_rank(const struct sig *s)
{
    bool set = list_has_kw(&s->post, "flowbits");
    bool read = list_has_kw(&s->flow, "flowbits");

    if (set && !read)
        return 0;
    if (set)
        return 1;
    if (read)
        return 2;
    return 3;
}

static int cmp_order(const void *a, const void *b)
{
    const struct sig *x = *(struct sig *const *)a, *y = *(struct sig *const *)b;
    int d;

    if ((d = action_rank(x->action) - action_rank(y->action)) != 0)
        return d;
    if ((d = flowbits_rank(x) - flowbits_rank(y)) != 0)
        return d;
    if (x->priority != y->priority)
        return x->priority < y->priority ? -1 : 1;
    return x->num < y->num ? -1 : x->num > y->num;
}

/* Suricata's IP-only rules: addresses and protocol only (any ports, no payload, no packet
 * or flow condition, no app layer; post actions limited to flowbits and tag). On packets with a
 * flow they run once per flow direction, on its first packet; without a flow, on every
 * packet. */
static bool sig_is_iponly(const struct sig *s)
{
    if (s->app_proto != 0 || s->n_bufs > 0 || s->pkt.n > 0 || s->flow.n > 0)
        return false;
    if (!s->sp_any || !s->dp_any || (s->flags & (SIG_F_TOSERVER | SIG_F_TOCLIENT)))
        return false;
    if (s->flags & SIG_F_PROTO_PKTHDR)
        return false;
    for (uint16_t i = 0; i < s->post.n; i++) {
        if (strcmp(s->post.m[i].kw->name, "flowbits") != 0 &&
                strcmp(s->post.m[i].kw->name, "tag") != 0)
            return false;
    }
    return true;
}

/* Fills sig_rt[s->num]; a rule using an app layer's buffers without naming the protocol
 * gets the buffers' protocol (what Suricata's sticky buffers imply). */
static void set_runtime(struct detect_engine *de, struct sig *s)
{
    uint8_t rt = 0;

    /* Suricata: dsize and flags make a rule inspect the packet, not the stream */
    if ((s->flags & SIG_F_NO_STREAM) || list_has_kw(&s->pkt, "dsize") ||
            list_has_kw(&s->pkt, "flags"))
        rt |= DETECT_RT_PACKET;
    else if (inspect_sig_wants_packet(s))
        rt |= DETECT_RT_PKT_TOO;
    if (sig_is_tx(s)) {
        unsigned need = detect_sig_tx_need(s);

        rt |= DETECT_RT_TX;
        for (uint8_t b = 0; b < s->n_bufs; b++) {
            const struct detect_buffer *bd = detect_buffer_get(s->bufs[b].buffer_id);

            if (bd->scope == DETECT_SCOPE_TX && s->app_proto == APP_PROTO_NONE)
                s->app_proto = bd->app_proto;
        }
        if (need == 3 && !(s->flags & (SIG_F_TOSERVER | SIG_F_TOCLIENT)))
            rt |= DETECT_RT_BOTHDIR;
    }
    de->sig_rt[s->num] = rt;
}

int detect_engine_build(struct detect_engine *de, const struct detect_config *cfg)
{
    uint32_t n = de->n_sigs;
    struct sig **tmp;
    struct timeval tv;
    int rc;

    de->rank = malloc((n ? n : 1) * sizeof(*de->rank));
    de->order = malloc((n ? n : 1) * sizeof(*de->order));
    tmp = malloc((n ? n : 1) * sizeof(*tmp));
    if (de->rank == NULL || de->order == NULL || tmp == NULL) {
        free(tmp);
        return VG_ENOMEM;
    }
    de->sig_rt = calloc(n ? n : 1, sizeof(*de->sig_rt));
    if (de->sig_rt == NULL) {
        free(tmp);
        return VG_ENOMEM;
    }
    for (uint32_t i = 0; i < n; i++) {
        struct sig *s = de->sigs[i];

        if (sig_is_iponly(s))
            s->flags |= SIG_F_IPONLY;
        set_runtime(de, s);
    }
    if (n > 0)
        memcpy(tmp, de->sigs, n * sizeof(*tmp));
    if (n > 1)
        qsort(tmp, n, sizeof(*tmp), cmp_order);
    for (uint32_t r = 0; r < n; r++) {
        de->order[r] = tmp[r]->num;
        de->rank[tmp[r]->num] = r;
    }
    free(tmp);
    rc = sig_groups_build(&de->groups, de->sigs, n, de->rank, cfg->cache_dir);
    if (rc != VG_OK)
        return rc;
    if (de->groups.pf_stats.compiled + de->groups.pf_stats.cache_hits > 0)
        log_info(LOG_DETECT, "prefilter: %u databases compiled, %u from the cache (%s)",
                de->groups.pf_stats.compiled, de->groups.pf_stats.cache_hits,
                cfg->cache_dir != NULL ? cfg->cache_dir : "no cache");
    if (cfg->threshold_file != NULL && cfg->threshold_file[0] != '\0') {
        unsigned errs = 0;

        rc = threshold_config_load(&de->thresholds, cfg->threshold_file, &de->vars, &errs);
        if (rc == VG_ENOMEM)
            return rc;
        if (rc != VG_OK)
            log_warn(LOG_DETECT, "threshold-file %s: %s", cfg->threshold_file, vg_strerror(rc));
    }
    de->thr_table = threshold_table_new(0); /* shared by the workers (threshold.h) */
    de->hosts = host_table_new(0);
    if (de->thr_table == NULL || de->hosts == NULL)
        return VG_ENOMEM;
    gettimeofday(&tv, NULL);
    de->built_usec = (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
    de->built = true;
    return VG_OK;
}

void detect_engine_build_release(struct detect_engine *de)
{
    if (!de->built && de->rank == NULL)
        return;
    sig_groups_release(&de->groups);
    free(de->rank);
    free(de->order);
    free(de->sig_rt);
    de->sig_rt = NULL;
    threshold_config_free(de->thresholds);
    threshold_table_free(de->thr_table);
    host_table_free(de->hosts);
    de->thr_table = NULL;
    de->hosts = NULL;
    de->rank = de->order = NULL;
    de->thresholds = NULL;
    de->built = false;
}

struct detect_thread *detect_thread_new(const struct detect_engine *de)
{
    struct detect_thread *dt = calloc(1, sizeof(*dt));
    uint32_t n = de->n_sigs ? de->n_sigs : 1;

    if (dt == NULL)
        return NULL;
    dt->de = de;
    if (inspect_scratch_init(&dt->sc) != VG_OK)
        goto fail;
    dt->seen = calloc(n, sizeof(*dt->seen));
    dt->cand = malloc(n * sizeof(*dt->cand));
    dt->tc = de->thr_table != NULL ? threshold_ctx_new_shared(de->thresholds, de->thr_table)
                                   : threshold_ctx_new(de->thresholds, 0);
    dt->ht = de->hosts != NULL ? host_table_ref(de->hosts) : host_table_new(0);
    dt->tags = tag_table_new(0);
    if (dt->seen == NULL || dt->cand == NULL || dt->tc == NULL || dt->ht == NULL ||
            dt->tags == NULL)
        goto fail;
    if (de->groups.scratch_proto != NULL) {
        dt->hs_scratch = prefilter_scratch_clone(de->groups.scratch_proto);
        if (dt->hs_scratch == NULL)
            goto fail;
    }
    return dt;
fail:
    detect_thread_free(dt);
    return NULL;
}

void detect_thread_free(struct detect_thread *dt)
{
    if (dt == NULL)
        return;
    inspect_scratch_release(&dt->sc);
    prefilter_scratch_free(dt->hs_scratch);
    threshold_ctx_free(dt->tc);
    host_table_free(dt->ht);
    tag_table_free(dt->tags);
    free(dt->seen);
    free(dt->cand);
    free(dt);
}

void detect_thread_set_stream(struct detect_thread *dt, struct stream_thread *st)
{
    if (dt != NULL)
        dt->st = st;
}

struct host_table *detect_thread_host_table(struct detect_thread *dt)
{
    return dt != NULL ? dt->ht : NULL;
}

void detect_cand_reset(struct detect_thread *dt)
{
    if (++dt->gen == 0) {
        memset(dt->seen, 0, dt->de->n_sigs * sizeof(*dt->seen));
        dt->gen = 1;
    }
    dt->n_cand = 0;
}

void detect_cand_add(struct detect_thread *dt, uint32_t num)
{
    if (dt->seen[num] == dt->gen)
        return;
    dt->seen[num] = dt->gen;
    dt->cand[dt->n_cand++] = dt->de->rank[num];
}

void detect_cand_on_hit(void *ctx, uint32_t num)
{
    detect_cand_add(ctx, num);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

void detect_pf_scan(
        struct detect_thread *dt, const struct sig_group_pf *pf, const uint8_t *data, size_t len)
{
    if (pf->xf != NULL && pf->xf->n_xf > 0 &&
            inspect_transform(&dt->sc, pf->xf, data, len, &data, &len) != VG_OK)
        return;
    prefilter_scan(pf->pf, dt->hs_scratch, data, len, detect_cand_on_hit, dt);
}

void detect_cand_sort(struct detect_thread *dt)
{
    if (dt->n_cand > 1)
        qsort(dt->cand, dt->n_cand, sizeof(*dt->cand), cmp_u32);
}

/* The bytes of packet-scope buffer id for p; false when p has none (the stream is read
 * separately, see detect_inspect_pkt_list()). */
static bool get_buffer(struct detect_thread *dt, struct packet *p, int id, struct slice *out)
{
    const struct detect_buffer *b;

    if (id == DETECT_BUF_STREAM)
        id = DETECT_BUF_PKT_DATA;
    b = detect_buffer_get(id);
    if (b->scope != DETECT_SCOPE_PACKET || b->get == NULL)
        return false;
    return b->get(dt, p, NULL, out);
}

static bool proto_ok(const struct sig *s, const struct packet *p)
{
    if (s->flags & SIG_F_PROTO_PKTHDR)
        return true;
    if (p->ip_ver == 0)
        return false;
    if (s->ip_ver != 0 && s->ip_ver != p->ip_ver)
        return false;
    if (s->flags & SIG_F_PROTO_ANY_IP)
        return true;
    if (s->flags & SIG_F_PROTO_TCP_UDP)
        return p->proto == 6 || p->proto == 17;
    if (s->flags & SIG_F_PROTO_ICMP_BOTH)
        return p->proto == 1 || p->proto == 58;
    if (s->ip_proto == 0 && s->app_proto != 0)
        return p->proto == 6 || p->proto == 17;
    return s->ip_proto == p->proto;
}

static bool has_ports(const struct packet *p)
{
    return (p->proto == 6 || p->proto == 17 || p->proto == 132) && !(p->flags & PKT_F_FRAGMENT) &&
           p->l4 != NULL;
}

static bool hdr_dir_ok(const struct sig *s, const struct packet *p, bool swap)
{
    const struct vg_addr *src = swap ? &p->dst : &p->src, *dst = swap ? &p->src : &p->dst;
    uint16_t sp = swap ? p->dp : p->sp, dp = swap ? p->sp : p->dp;

    if (!s->src_any && !addr_set_match(&s->src, p->ip_ver, src))
        return false;
    if (!s->dst_any && !addr_set_match(&s->dst, p->ip_ver, dst))
        return false;
    if (s->sp_any && s->dp_any)
        return true;
    if (!has_ports(p))
        return false;
    if (!s->sp_any && !port_set_match(&s->sp, sp))
        return false;
    return s->dp_any || port_set_match(&s->dp, dp);
}

/* A transaction rule that needs the request and is evaluated on a to-client packet
 * (request and response buffers) is written in the request's orientation. */
static bool header_swap_ok(
        const struct detect_thread *dt, const struct sig *s, const struct packet *p)
{
    return (dt->de->sig_rt[s->num] & (DETECT_RT_TX | DETECT_RT_BOTHDIR)) ==
                   (DETECT_RT_TX | DETECT_RT_BOTHDIR) &&
           p->flow_dir == FLOW_DIR_TOCLIENT;
}

static bool header_ok(const struct detect_thread *dt, const struct sig *s, const struct packet *p)
{
    if (!proto_ok(s, p))
        return false;
    if (p->ip_ver == 0)
        return true; /* pkthdr without IP: no addresses to check */
    if (hdr_dir_ok(s, p, false))
        return true;
    return ((s->flags & SIG_F_BIDIR) || header_swap_ok(dt, s, p)) && hdr_dir_ok(s, p, true);
}

static bool list_ok(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const struct sig_list *l)
{
    for (uint16_t i = 0; i < l->n; i++) {
        if (!l->m[i].kw->match(dt, p, s, l->m[i].ctx))
            return false;
    }
    return true;
}

bool detect_sig_packet_ok(struct detect_thread *dt, struct packet *p, const struct sig *s)
{
    if (!header_ok(dt, s, p))
        return false;
    if ((s->flags & SIG_F_ONLY_STREAM) && p->proto != 6)
        return false;
    if (s->app_proto != 0 &&
            (p->flow == NULL || !sig_app_proto_match(s->app_proto, p->flow->app_proto)))
        return false;
    return list_ok(dt, p, s, &s->pkt) && list_ok(dt, p, s, &s->flow);
}

/* True if p's payload went into its direction's reassembly (it is then inspected as raw
 * stream). Until the stream stage is seen setting PKT_F_STREAM_ADD: payload of an
 * established session, and SYN data the stream keeps (TCP fast open); not RST data. */
static bool pkt_in_stream(struct detect_thread *dt, const struct packet *p)
{
    const struct flow *f = p->flow;

    if (p->flags & PKT_F_STREAM_ADD) {
        dt->stream_add_seen = true;
        return true;
    }
    if (dt->stream_add_seen || dt->st == NULL || f == NULL || f->tcp_ssn == NULL ||
            p->payload_len == 0 || (p->tcp.flags & TCP_RST))
        return false;
    if (p->tcp.flags & TCP_SYN) /* SYN data is kept by the stream for TCP fast open */
        return (f->tcp_ssn->flags &
                       (TCP_SSN_F_FAST_OPEN | TCP_SSN_F_SYN_DATA | TCP_SSN_F_TFO_PENDING)) != 0;
    return f->tcp_state >= FLOW_TCP_ESTABLISHED;
}

/* The payload list (content without a sticky buffer) as Suricata inspects it on TCP: the
 * raw stream first; when it does not match, the packet unless the rule is stream-only or
 * the packet's payload went into the stream (it is inspected there, so once). Rules that
 * need the packet (no_stream, tcp-pkt, dsize) and other protocols: the packet only. */
static bool inspect_payload(struct detect_thread *dt, struct packet *p, const struct sig *s,
        const struct sig_buffer *sb, bool *stream_match)
{
    bool stream_ok = p->proto == 6 && !(dt->de->sig_rt[s->num] & DETECT_RT_PACKET);
    struct slice sl;

    if (stream_ok && dt->has_raw) {
        /* each block alone: a match never spans a hole */
        for (uint32_t i = 0; i < dt->rawb.n; i++) {
            const struct reasm_raw_block *b = &dt->rawb.b[i];
            bool m;

            dt->sc.min_end = i == 0 ? dt->raw_old : 0;
            m = inspect_buffer(&dt->sc, sb, dt->raw.p + b->pos, b->len);
            dt->sc.min_end = 0;
            if (m) {
                *stream_match = true;
                return true;
            }
        }
    }
    if (dt->flow_end)
        return false;
    if (stream_ok && ((s->flags & SIG_F_ONLY_STREAM) || sb->buffer_id == DETECT_BUF_STREAM))
        return false;
    /* the packet's bytes are in the stream: inspected there, unless the rule wants both */
    if (stream_ok && !(dt->de->sig_rt[s->num] & DETECT_RT_PKT_TOO) && pkt_in_stream(dt, p))
        return false;
    if (!get_buffer(dt, p, DETECT_BUF_PKT_DATA, &sl))
        return false;
    return inspect_buffer(&dt->sc, sb, sl.p, sl.len);
}

bool detect_inspect_pkt_list(struct detect_thread *dt, struct packet *p, const struct sig *s,
        const struct sig_buffer *sb, bool *stream_match)
{
    struct slice sl;

    if (sb->buffer_id == DETECT_BUF_PKT_DATA || sb->buffer_id == DETECT_BUF_STREAM)
        return inspect_payload(dt, p, s, sb, stream_match);
    if (!get_buffer(dt, p, sb->buffer_id, &sl))
        return false;
    return inspect_buffer(&dt->sc, sb, sl.p, sl.len);
}

static bool sig_matches(
        struct detect_thread *dt, struct packet *p, const struct sig *s, bool *stream_match)
{
    if (!detect_sig_packet_ok(dt, p, s))
        return false;
    if (s->n_bufs > 0) {
        inspect_sig_begin(&dt->sc);
        for (uint8_t b = 0; b < s->n_bufs; b++) {
            if (!detect_inspect_pkt_list(dt, p, s, &s->bufs[b], stream_match))
                return false;
        }
    }
    return true;
}

static void run_post(struct detect_thread *dt, struct packet *p, const struct sig *s)
{
    for (uint16_t i = 0; i < s->post.n; i++)
        s->post.m[i].kw->match(dt, p, s, s->post.m[i].ctx);
}

/* Copies the raw stream stream alerts of this packet log (payload): its blocks, each hole
 * between them written as "[N bytes missing]" as Suricata does, cut at the copy's size. */
static void stream_copy_fill(struct detect_thread *dt)
{
    size_t cap = sizeof(dt->stream_copy), w = 0;

    for (uint32_t i = 0; i < dt->rawb.n && w < cap; i++) {
        const struct reasm_raw_block *b = &dt->rawb.b[i];
        size_t n = b->len < cap - w ? b->len : cap - w;

        if (i > 0) {
            const struct reasm_raw_block *a = &dt->rawb.b[i - 1];
            int k = snprintf((char *)dt->stream_copy + w, cap - w, "[%llu bytes missing]",
                    (unsigned long long)(b->off - (a->off + a->len)));

            if (k < 0 || (size_t)k >= cap - w)
                break;
            w += (size_t)k;
            n = b->len < cap - w ? b->len : cap - w;
        }
        memcpy(dt->stream_copy + w, dt->raw.p + b->pos, n);
        w += n;
    }
    dt->stream_copy_len = (uint32_t)w;
    dt->stream_copied = true;
}

void detect_sig_matched(struct detect_thread *dt, struct packet *p, const struct sig *s,
        uint32_t flags, const void *tx, uint64_t tx_id)
{
    struct detect_queued *q;

    /* pcre captures of s (a rule without buffers did not clear the scratch's) */
    bool caps = s->n_bufs > 0 && dt->sc.caps.n > 0;

    run_post(dt, p, s);
    if (caps && p->flow != NULL)
        pcre_captures_commit(&dt->sc, p->flow, NULL);
    if (!threshold_check(dt->tc, s, p, p->ts_usec)) {
        dt->suppressed++;
        return;
    }
    if (s->action == SIG_ACTION_PASS) {
        if (p->flow != NULL)
            fstate_set(p->flow, FST_PASS);
        dt->passed = true;
        return;
    }
    if (s->flags & SIG_F_NOALERT) {
        dt->suppressed++;
        return;
    }
    if (dt->nq >= DETECT_QUEUE_MAX) {
        dt->q_overflow = true;
        return;
    }
    q = &dt->q[dt->nq++];
    memset(q, 0, sizeof(*q));
    q->rank = dt->de->rank[s->num];
    q->a.s = s;
    q->a.flags = flags;
    q->a.tx = tx;
    q->a.tx_id = tx != NULL ? tx_id : 0;
    if (caps) {
        struct detect_vars *qv = &dt->qvars[q - dt->q];

        pcre_captures_commit(&dt->sc, NULL, qv);
        q->a.vars = qv->n > 0 ? qv : NULL;
    }
    if ((flags & DETECT_ALERT_F_STREAM) && dt->has_raw) {
        if (!dt->stream_copied)
            stream_copy_fill(dt);
        q->a.stream = dt->stream_copy;
        q->a.stream_len = dt->stream_copy_len;
    }
}

/* The raw stream of p's direction not inspected yet (with a tail of inspected bytes), in
 * blocks when it has holes. */
static void raw_fetch(struct detect_thread *dt, struct packet *p)
{
    const struct flow_var *fv;
    struct flow *f = p->flow;
    uint64_t done;

    dt->has_raw = false;
    dt->raw_old = 0;
    dt->stream_copied = false;
    dt->rawb.n = 0;
    if (dt->st == NULL || f == NULL || p->proto != 6 || f->tcp_ssn == NULL)
        return;
    if (stream_raw_get_blocks(dt->st, f, p->flow_dir, &dt->rawb) == 0 || dt->rawb.data.len == 0)
        return;
    dt->raw = dt->rawb.data;
    dt->raw_off = dt->rawb.b[0].off;
    dt->has_raw = true;
    fv = flow_vars_find(f, FLOW_VAR_THRESH, raw_done_key);
    done = fv == NULL ? 0 : (p->flow_dir == FLOW_DIR_TOCLIENT ? fv->b : fv->a);
    if (done > dt->raw_off)
        dt->raw_old = done - dt->raw_off < dt->rawb.b[0].len ? (size_t)(done - dt->raw_off)
                                                             : dt->rawb.b[0].len;
}

/* Marks the raw stream inspected and remembers how far (for the next tail). */
static void raw_consume(struct detect_thread *dt, struct packet *p)
{
    struct flow_var *fv;
    uint64_t end;

    if (!dt->has_raw)
        return;
    end = dt->rawb.end;
    stream_raw_consumed(dt->st, p->flow, p->flow_dir, end);
    fv = flow_vars_get(p->flow, FLOW_VAR_THRESH, raw_done_key);
    if (fv != NULL) {
        if (p->flow_dir == FLOW_DIR_TOCLIENT)
            fv->b = end;
        else
            fv->a = end;
    }
    dt->has_raw = false;
}

/* Scans one packet group's prefilters: packet buffers, and the raw stream with the
 * payload's database. */
static void packet_prefilter(struct detect_thread *dt, struct packet *p, const struct sig_group *g)
{
    for (uint32_t k = 0; k < g->n_pfs; k++) {
        struct slice sl;

        if (g->pfs[k].buffer_id == DETECT_BUF_PKT_DATA && dt->has_raw) {
            for (uint32_t i = 0; i < dt->rawb.n; i++)
                detect_pf_scan(dt, &g->pfs[k], dt->raw.p + dt->rawb.b[i].pos, dt->rawb.b[i].len);
        }
        if (dt->flow_end)
            continue;
        if (get_buffer(dt, p, g->pfs[k].buffer_id, &sl))
            detect_pf_scan(dt, &g->pfs[k], sl.p, sl.len);
    }
}

static void packet_rules(struct detect_thread *dt, struct packet *p)
{
    const struct detect_engine *de = dt->de;
    const struct sig_group *g = sig_groups_lookup_pkt(&de->groups, p);
    uint64_t iponly_bit = 0;
    bool iponly_done = false;

    if (p->flow != NULL) {
        iponly_bit = (uint64_t)FST_IPONLY << (p->flow_dir == FLOW_DIR_TOCLIENT ? 1 : 0);
        iponly_done = dt->flow_end || (fstate(p->flow) & iponly_bit);
    }
    detect_cand_reset(dt);
    if (g->n_always > 0)
        memcpy(dt->cand, g->always, g->n_always * sizeof(*dt->cand));
    dt->n_cand = g->n_always;
    for (uint32_t i = 0; i < g->n_always; i++)
        dt->seen[de->order[g->always[i]]] = dt->gen;
    packet_prefilter(dt, p, g);
    if (dt->n_cand > g->n_always)
        detect_cand_sort(dt);
    for (uint32_t i = 0; i < dt->n_cand && !dt->passed; i++) {
        const struct sig *s = de->sigs[de->order[dt->cand[i]]];
        uint32_t flags = 0;
        const struct app_tx *tx = NULL;
        bool sm = false;

        if ((s->flags & SIG_F_IPONLY) && iponly_done)
            continue;
        if (dt->flow_end && !(s->flags & (SIG_F_HAS_PKT_DATA | SIG_F_HAS_STREAM)))
            continue; /* flow end: only the rest of the raw stream is new */
        if (!sig_matches(dt, p, s, &sm))
            continue;
        if (sm)
            flags |= DETECT_ALERT_F_STREAM;
        /* Suricata ties a UDP app-layer packet rule's alert to the current transaction */
        if (s->app_proto != 0 && p->proto == 17 && p->flow != NULL &&
                (tx = detect_tx_current(p->flow, p->flow_dir)) != NULL)
            flags |= DETECT_ALERT_F_TX;
        detect_sig_matched(dt, p, s, flags, tx, tx != NULL ? tx->id : 0);
    }
    if (iponly_bit != 0 && !iponly_done)
        fstate_set(p->flow, iponly_bit);
}

static int cmp_queued(const void *a, const void *b)
{
    const struct detect_queued *x = a, *y = b;

    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->a.tx_id < y->a.tx_id ? -1 : x->a.tx_id > y->a.tx_id;
}

/* Moves the queued alerts to out in rank order, at most max of them. */
static void flush_queue(struct detect_thread *dt, struct detect_alerts *out)
{
    uint16_t max = dt->de->packet_alert_max ? dt->de->packet_alert_max : DETECT_ALERTS_MAX;

    if (max > DETECT_ALERTS_CAP)
        max = DETECT_ALERTS_CAP;
    if (dt->nq > 1)
        qsort(dt->q, dt->nq, sizeof(dt->q[0]), cmp_queued);
    for (uint32_t i = 0; i < dt->nq; i++) {
        if (out->n >= max) {
            out->overflow = true;
            dt->overflow++;
            continue;
        }
        out->a[out->n++] = dt->q[i].a;
        dt->alerts++;
    }
    if (dt->q_overflow) {
        out->overflow = true;
        dt->overflow++;
    }
    dt->nq = 0;
    dt->q_overflow = false;
}

static bool app_known(const struct flow *f)
{
    return f != NULL && f->app != NULL && f->app_proto != APP_PROTO_NONE &&
           f->app_proto != APP_PROTO_FAILED;
}

/* Remembers how many flow-level app-layer events earlier packets saw, so that
 * app-layer-event:applayer.* matches on the packet that raised the event only. */
static void app_events_mark(struct detect_thread *dt, struct flow *f)
{
    struct flow_var *fv;

    dt->app_ev_from = 0;
    if (f == NULL || f->app == NULL || f->app->events.n == 0)
        return;
    fv = flow_vars_get(f, FLOW_VAR_THRESH, app_ev_key);
    if (fv == NULL)
        return;
    dt->app_ev_from = (uint8_t)fv->a;
    fv->a = f->app->events.n;
}

/* A passed flow is not inspected any more: its transactions need no detection. */
static void txs_done(struct flow *f)
{
    for (struct app_tx *tx = app_tx_first(f); tx != NULL; tx = tx->next)
        tx->detect_done = true;
}

/* True the first time a packet of its direction sees the flow's protocol decided. */
static bool pd_first(struct packet *p)
{
    uint64_t bit = (uint64_t)FST_PD << (p->flow_dir == FLOW_DIR_TOCLIENT ? 1 : 0);

    if (p->flow == NULL || p->flow->app_proto == APP_PROTO_NONE || (fstate(p->flow) & bit))
        return false;
    fstate_set(p->flow, bit);
    return true;
}

void detect_packet(struct detect_thread *dt, struct packet *p, struct detect_alerts *out)
{
    const struct detect_engine *de = dt->de;

    if (de->n_sigs == 0)
        return;
    dt->nq = 0;
    dt->q_overflow = false;
    dt->passed = false;
    dt->flow_end = false;
    raw_fetch(dt, p);
    if (p->flow != NULL && (fstate(p->flow) & FST_PASS)) {
        raw_consume(dt, p);
        txs_done(p->flow);
        return;
    }
    dt->pkts++;
    dt->pd_done = pd_first(p);
    app_events_mark(dt, p->flow);
    packet_rules(dt, p);
    if (!dt->passed && app_known(p->flow))
        detect_tx_run(dt, p);
    raw_consume(dt, p);
    flush_queue(dt, out);
}

/* Suricata's flow-end pseudo packet of direction dir: the flow's addresses and ports in
 * that orientation, no payload. */
static void pseudo_packet(struct packet *p, struct flow *f, int dir)
{
    static const uint8_t no_l4[64];
    bool tc = dir == FLOW_DIR_TOCLIENT;

    memset(p, 0, sizeof(*p));
    p->flags = PKT_F_PSEUDO;
    p->ip_ver = f->key.ip_ver;
    p->proto = f->key.proto;
    p->src = tc ? f->key.dst : f->key.src;
    p->dst = tc ? f->key.src : f->key.dst;
    p->sp = tc ? f->key.dp : f->key.sp;
    p->dp = tc ? f->key.sp : f->key.dp;
    p->l4 = no_l4;
    p->ts_usec = f->last_usec;
    p->flow = f;
    p->flow_dir = (uint8_t)dir;
}

/* True if some transaction of f still waits for detection in direction dir. */
static bool tx_pending(const struct flow *f, int dir)
{
    for (const struct app_tx *tx = app_tx_first(f); tx != NULL; tx = tx->next) {
        if (!tx->detect_done && (tx->detect == NULL || !(detect_tx_final_dirs(tx) & (1u << dir))))
            return true;
    }
    return false;
}

void detect_flow_end(struct detect_thread *dt, struct flow *f, int dir, bool txs, struct packet *p,
        struct detect_alerts *out)
{
    const struct detect_engine *de = dt->de;

    pseudo_packet(p, f, dir);
    if (de->n_sigs == 0 || f->key.proto != 6)
        return;
    dt->nq = 0;
    dt->q_overflow = false;
    dt->passed = false;
    dt->flow_end = true;
    dt->pd_done = false;
    dt->app_ev_from = APP_EVENTS_MAX;
    raw_fetch(dt, p);
    if (fstate(f) & FST_PASS) {
        raw_consume(dt, p);
        txs_done(f);
        dt->flow_end = false;
        return;
    }
    if (dt->has_raw)
        packet_rules(dt, p);
    if (txs && !dt->passed && app_known(f) && tx_pending(f, dir))
        detect_tx_run(dt, p);
    raw_consume(dt, p);
    dt->flow_end = false;
    flush_queue(dt, out);
}

void detect_export_stats(const struct detect_thread *dt, struct stats_set *s)
{
    stats_add(s, "detect.alert", dt->alerts);
    stats_add(s, "detect.alert_queue_overflow", dt->overflow);
    stats_add(s, "detect.alerts_suppressed", dt->suppressed);
    tag_table_export_stats(dt->tags, s);
}
