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
 * Per packet: the packet's group (sig-group.h) gives the "always" candidates and the
 * prefilters; each prefilter scans its buffer and adds the signatures whose fast pattern
 * occurs. Candidates are sorted by rank and each is evaluated fully: protocol and IP
 * version, addresses and ports (both ways for "<>"), the pkt list, the flow list, each
 * buffer list (detect/inspect.c), then its post actions, then thresholding. A matching
 * pass rule ends the packet's detection (later rules raise no alert) and, when the packet
 * has a flow, passes the rest of the flow too (Suricata's pass semantics). At most
 * packet_alert_max alerts are kept; more are counted as detect.alert_queue_overflow.
 * Rules with noalert do their post actions and raise nothing. IP-only rules (see
 * sig_is_iponly()) run on the first packet of each flow direction only, as in Suricata. The raw
 * stream is not reassembled yet: stream buffers are inspected on the packet payload.
 */
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
#include "detect/threshold.h"
#include "flow/flow.h"
#include "util/err.h"
#include "util/log.h"

/* Flow variable keys (compared by address): the flow was passed by a pass rule; the
 * IP-only rules already ran on the flow's first packet to the server / to the client. */
static const char flow_pass_key[] = "vigie.pass";
static const char flow_iponly_key[2][16] = { "vigie.iponly.ts", "vigie.iponly.tc" };

struct detect_thread {
    const struct detect_engine *de;
    struct inspect_scratch sc;
    void *hs_scratch;
    struct threshold_ctx *tc;
    struct host_table *ht;
    uint32_t *seen; /* per sig num: generation when last made a candidate */
    uint32_t gen;
    uint32_t *cand; /* ranks of the current candidates */
    uint32_t n_cand;
    /* counters */
    uint64_t alerts, overflow, suppressed, pkts;
};

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
 * or flow condition, no app layer; post actions limited to flowbits). On packets with a
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
        if (strcmp(s->post.m[i].kw->name, "flowbits") != 0)
            return false;
    }
    return true;
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
    for (uint32_t i = 0; i < n; i++) {
        if (sig_is_iponly(de->sigs[i]))
            de->sigs[i]->flags |= SIG_F_IPONLY;
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
    threshold_config_free(de->thresholds);
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
    dt->tc = threshold_ctx_new(de->thresholds, 0);
    dt->ht = host_table_new(0);
    if (dt->seen == NULL || dt->cand == NULL || dt->tc == NULL || dt->ht == NULL)
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
    free(dt->seen);
    free(dt->cand);
    free(dt);
}

struct host_table *detect_thread_host_table(struct detect_thread *dt)
{
    return dt != NULL ? dt->ht : NULL;
}

static void add_candidate(struct detect_thread *dt, uint32_t num)
{
    if (dt->seen[num] == dt->gen)
        return;
    dt->seen[num] = dt->gen;
    dt->cand[dt->n_cand++] = dt->de->rank[num];
}

static void on_hit(void *ctx, uint32_t num)
{
    add_candidate(ctx, num);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

/* The bytes of buffer id for p; false when p has none. */
static bool get_buffer(struct detect_thread *dt, struct packet *p, int id, struct slice *out)
{
    const struct detect_buffer *b = detect_buffer_get(id);

    if (id == DETECT_BUF_STREAM) {
        if (p->proto != 6)
            return false;
        id = DETECT_BUF_PKT_DATA;
        b = detect_buffer_get(id);
    }
    if (b->scope == DETECT_SCOPE_TX || b->get == NULL)
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

static bool header_ok(const struct sig *s, const struct packet *p)
{
    if (!proto_ok(s, p))
        return false;
    if (p->ip_ver == 0)
        return true; /* pkthdr without IP: no addresses to check */
    if (hdr_dir_ok(s, p, false))
        return true;
    return (s->flags & SIG_F_BIDIR) && hdr_dir_ok(s, p, true);
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

static bool sig_matches(struct detect_thread *dt, struct packet *p, const struct sig *s)
{
    if (!header_ok(s, p))
        return false;
    if ((s->flags & SIG_F_ONLY_STREAM) && p->proto != 6)
        return false;
    if (!list_ok(dt, p, s, &s->pkt) || !list_ok(dt, p, s, &s->flow))
        return false;
    if (s->n_bufs > 0) {
        inspect_sig_begin(&dt->sc);
        for (uint8_t b = 0; b < s->n_bufs; b++) {
            struct slice sl;

            if (!get_buffer(dt, p, s->bufs[b].buffer_id, &sl))
                return false;
            if (!inspect_buffer(&dt->sc, &s->bufs[b], sl.p, sl.len))
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

void detect_packet(struct detect_thread *dt, struct packet *p, struct detect_alerts *out)
{
    const struct detect_engine *de = dt->de;
    const struct sig_group *g;
    uint16_t max = de->packet_alert_max ? de->packet_alert_max : DETECT_ALERTS_MAX;
    const char *iponly_key = NULL;
    bool iponly_done = false;

    if (max > DETECT_ALERTS_MAX)
        max = DETECT_ALERTS_MAX;
    if (de->n_sigs == 0)
        return;
    if (p->flow != NULL && flow_vars_bit_isset(p->flow, flow_pass_key))
        return;
    dt->pkts++;
    if (p->flow != NULL) {
        iponly_key = flow_iponly_key[p->flow_dir == FLOW_DIR_TOCLIENT ? 1 : 0];
        iponly_done = flow_vars_bit_isset(p->flow, iponly_key);
    }
    g = sig_groups_lookup(&de->groups, p);
    if (++dt->gen == 0) {
        memset(dt->seen, 0, de->n_sigs * sizeof(*dt->seen));
        dt->gen = 1;
    }
    dt->n_cand = 0;
    if (g->n_always > 0)
        memcpy(dt->cand, g->always, g->n_always * sizeof(*dt->cand));
    dt->n_cand = g->n_always;
    for (uint32_t i = 0; i < g->n_always; i++)
        dt->seen[de->order[g->always[i]]] = dt->gen;
    for (uint32_t k = 0; k < g->n_pfs; k++) {
        struct slice sl;

        if (get_buffer(dt, p, g->pfs[k].buffer_id, &sl))
            prefilter_scan(g->pfs[k].pf, dt->hs_scratch, sl.p, sl.len, on_hit, dt);
    }
    if (dt->n_cand > g->n_always)
        qsort(dt->cand, dt->n_cand, sizeof(*dt->cand), cmp_u32);
    for (uint32_t i = 0; i < dt->n_cand; i++) {
        const struct sig *s = de->sigs[de->order[dt->cand[i]]];

        if ((s->flags & SIG_F_IPONLY) && iponly_done)
            continue;
        if (!sig_matches(dt, p, s))
            continue;
        run_post(dt, p, s);
        if (!threshold_check(dt->tc, s, p, p->ts_usec)) {
            dt->suppressed++;
            continue;
        }
        if (s->action == SIG_ACTION_PASS) {
            if (p->flow != NULL)
                flow_vars_bit_set(p->flow, flow_pass_key);
            break;
        }
        if (s->flags & SIG_F_NOALERT) {
            dt->suppressed++;
            continue;
        }
        if (out->n >= max) {
            out->overflow = true;
            dt->overflow++;
            continue;
        }
        out->a[out->n].s = s;
        out->a[out->n].flags = 0;
        out->a[out->n].tx_id = 0;
        out->n++;
        dt->alerts++;
    }
    if (iponly_key != NULL && !iponly_done)
        flow_vars_bit_set(p->flow, iponly_key);
}

void detect_export_stats(const struct detect_thread *dt, struct stats_set *s)
{
    stats_add(s, "detect.alert", dt->alerts);
    stats_add(s, "detect.alert_queue_overflow", dt->overflow);
    stats_add(s, "detect.alerts_suppressed", dt->suppressed);
}
