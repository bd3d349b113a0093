/*
 * sig-group.c - grouping signatures and choosing fast patterns (see sig-group.h).
 */
#include "detect/sig-group.h"

#include <stdlib.h>
#include <string.h>

#include "detect/buffer.h"
#include "detect/content.h"
#include "app/app-proto.h"
#include "detect/keyword.h"
#include "detect/rule-addr.h"
#include "flow/flow.h"
#include "util/err.h"

/* prefilter: Suricata's hint to prefilter on the keyword before it (itype, stream_size
 * ...). Only speed depends on it: accepted and ignored here, the rule is then an "always"
 * candidate of its groups, which gives the same alerts. */
const struct keyword kw_prefilter = {
    .name = "prefilter",
    .flags = KW_F_NOVALUE | KW_F_NOOP,
};

/* Buffers with app-layer scope are more specific than the payload and the stream. */
static int buffer_priority(int id)
{
    return detect_buffer_get(id)->scope == DETECT_SCOPE_TX ? 2 : 1;
}

/* True if sb's transforms (if any) all take no value, so equal keyword chains transform
 * equally and can share a prefilter. */
static bool xf_plain(const struct sig_buffer *sb)
{
    for (uint8_t k = 0; k < sb->n_xf; k++) {
        if (sb->xf[k].ctx != NULL)
            return false;
    }
    return true;
}

void sig_choose_fast_pattern(struct sig *s)
{
    const struct content *best = NULL;
    int best_buf = -1, best_prio = 0;

    s->fp_buf = -1;
    s->fp = NULL;
    for (uint8_t b = 0; b < s->n_bufs; b++) {
        const struct sig_buffer *sb = &s->bufs[b];
        int prio = buffer_priority(sb->buffer_id);

        if (!xf_plain(sb))
            continue;
        for (uint16_t i = 0; i < sb->list.n; i++) {
            const struct sig_match *m = &sb->list.m[i];
            const struct content *c;

            if (m->kw->pm_kind == PM_BASE64_DECODE)
                break; /* what follows inspects the decoded data */
            if (m->kw->pm_kind != PM_CONTENT)
                continue;
            c = m->ctx;
            if (c->flags & CONTENT_F_NEGATED || c->len == 0)
                continue;
            if (c->flags & CONTENT_F_FAST_PATTERN) {
                s->fp_buf = b;
                s->fp = c;
                return;
            }
            if (best == NULL || prio > best_prio || (prio == best_prio && c->len > best->len)) {
                best = c;
                best_buf = b;
                best_prio = prio;
            }
        }
    }
    s->fp_buf = best_buf;
    s->fp = best;
}

void sig_fast_pattern_bytes(const struct sig *s, const uint8_t **p, uint16_t *len)
{
    const struct content *c = s->fp;

    *p = c->pat;
    *len = c->len;
    if ((c->flags & CONTENT_F_FP_CHOP) && c->fp_chop_len > 0 &&
            (uint32_t)c->fp_chop_offset + c->fp_chop_len <= c->len) {
        *p = c->pat + c->fp_chop_offset;
        *len = c->fp_chop_len;
    }
}

bool sig_is_tx(const struct sig *s)
{
    if (s->tx.n > 0)
        return true;
    for (uint8_t b = 0; b < s->n_bufs; b++) {
        if (detect_buffer_get(s->bufs[b].buffer_id)->scope == DETECT_SCOPE_TX)
            return true;
    }
    return false;
}

unsigned sig_tx_dir_mask(const struct sig *s)
{
    unsigned need;

    if (s->flags & SIG_F_TOSERVER)
        return 1u << FLOW_DIR_TOSERVER;
    if (s->flags & SIG_F_TOCLIENT)
        return 1u << FLOW_DIR_TOCLIENT;
    need = detect_sig_tx_need(s);
    if (need == 3) /* request and response buffers: once the response exists */
        return 1u << FLOW_DIR_TOCLIENT;
    if (need == 1)
        return 1u << FLOW_DIR_TOSERVER;
    if (need == 2)
        return 1u << FLOW_DIR_TOCLIENT;
    return 3;
}

bool sig_app_proto_match(uint16_t sig_proto, uint16_t flow_proto)
{
    if (sig_proto == flow_proto)
        return true;
    if (sig_proto == APP_PROTO_HTTP)
        return flow_proto == APP_PROTO_HTTP1 || flow_proto == APP_PROTO_HTTP2;
    if (flow_proto == APP_PROTO_HTTP)
        return sig_proto == APP_PROTO_HTTP1;
    return false;
}

/* Which protocol groups s belongs to, as a bit mask of 1 << enum sig_group_proto. */
static unsigned proto_mask(const struct sig *s)
{
    const unsigned ip_all = (1u << SG_TCP) | (1u << SG_UDP) | (1u << SG_ICMP4) | (1u << SG_ICMP6) |
                            (1u << SG_OTHER_IP);

    if (s->flags & SIG_F_PROTO_PKTHDR)
        return ip_all | (1u << SG_NOT_IP);
    if (s->app_proto != 0 && s->ip_proto == 0) {
        unsigned t = app_proto_transports(s->app_proto), m = 0;

        if ((t & APP_PROTO_T_TCP) || (s->flags & SIG_F_PROTO_TCP_UDP) || t == 0)
            m |= 1u << SG_TCP;
        if ((t & APP_PROTO_T_UDP) || (s->flags & SIG_F_PROTO_TCP_UDP) || t == 0)
            m |= 1u << SG_UDP;
        return m;
    }
    if (s->flags & SIG_F_PROTO_ANY_IP)
        return s->app_proto != 0 ? (1u << SG_TCP) | (1u << SG_UDP) : ip_all;
    if (s->flags & SIG_F_PROTO_TCP_UDP)
        return (1u << SG_TCP) | (1u << SG_UDP);
    if (s->flags & SIG_F_PROTO_ICMP_BOTH)
        return (1u << SG_ICMP4) | (1u << SG_ICMP6);
    switch (s->ip_proto) {
    case 6:
        return 1u << SG_TCP;
    case 17:
        return 1u << SG_UDP;
    case 1:
        return 1u << SG_ICMP4;
    case 58:
        return 1u << SG_ICMP6;
    default:
        return 1u << SG_OTHER_IP;
    }
}

static unsigned dir_mask(const struct sig *s)
{
    if (sig_is_tx(s))
        return sig_tx_dir_mask(s);
    if (s->flags & SIG_F_TOSERVER)
        return 1u << FLOW_DIR_TOSERVER;
    if (s->flags & SIG_F_TOCLIENT)
        return 1u << FLOW_DIR_TOCLIENT;
    return 3;
}

/* The buffer a pattern is scanned in, or -1 (an "always" candidate). The stream and the
 * payload share one database (both scanned); a transaction rule only prefilters on its
 * TX buffers. */
static int prefilter_buffer(const struct sig *s)
{
    int id;

    if (s->fp == NULL)
        return -1;
    id = s->bufs[s->fp_buf].buffer_id;
    if (sig_is_tx(s) != (detect_buffer_get(id)->scope == DETECT_SCOPE_TX))
        return -1;
    /* a list reading one side of a buffer of both ("http.header: to_server;", "=>" rules):
     * the scan of the packet's side would miss it */
    if (detect_list_dirs(s, &s->bufs[s->fp_buf]) != detect_buffer_get(id)->dirs)
        return -1;
    if (id == DETECT_BUF_STREAM)
        return DETECT_BUF_PKT_DATA;
    return id;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

/* A prefilter's identity: buffer and transform chain. */
struct pf_key {
    int buffer_id;
    const struct sig_buffer *xf;
};

/* What grouping needs of one signature, computed once per build. */
struct sig_info {
    uint8_t pmask, dmask; /* proto_mask(), dir_mask() */
    bool tx;              /* sig_is_tx() */
    int pf_buf;           /* prefilter_buffer() */
};

/* The signatures of one (group, part) being built: packet rules (tx == false), maybe of
 * one port group (member), or the transaction rules of app_proto. */
struct part {
    struct sig **sigs;
    const struct sig_info *info; /* per index of sigs */
    uint32_t n;
    const uint32_t *rank;
    unsigned pbit, dbit;
    bool tx;
    uint16_t app_proto;
    const uint8_t *member; /* per index of sigs: in this port group; NULL: no port split */
};

static struct pf_key pf_key_of(const struct sig *s, int b)
{
    struct pf_key k = { b, NULL };

    if (b >= 0 && s->bufs[s->fp_buf].n_xf > 0)
        k.xf = &s->bufs[s->fp_buf];
    return k;
}

static bool pf_key_eq(struct pf_key a, struct pf_key b)
{
    uint8_t na = a.xf != NULL ? a.xf->n_xf : 0, nb = b.xf != NULL ? b.xf->n_xf : 0;

    if (a.buffer_id != b.buffer_id || na != nb)
        return false;
    for (uint8_t k = 0; k < na; k++) {
        if (a.xf->xf[k].kw != b.xf->xf[k].kw)
            return false;
    }
    return true;
}

static bool in_part(const struct part *pt, uint32_t i)
{
    const struct sig_info *si = &pt->info[i];

    if (!(si->pmask & pt->pbit) || !(si->dmask & pt->dbit) || si->tx != pt->tx)
        return false;
    if (pt->member != NULL && !pt->member[i])
        return false;
    return !pt->tx || pt->sigs[i]->app_proto == pt->app_proto;
}

/* Builds the always list and the prefilters of one part. */
static int build_part(const struct part *pt, uint32_t **always_out, uint32_t *n_always_out,
        struct sig_group_pf **pfs_out, uint32_t *n_pfs_out, uint32_t *n_sigs, const char *cache_dir,
        struct sig_groups *sg)
{
    struct prefilter_pattern *pats = NULL;
    uint32_t *always;
    uint32_t n_always = 0, nb = 0, np;
    struct sig_group_pf *pfs;
    struct pf_key bufs[64];
    uint32_t m = 0;
    int rc = VG_ENOMEM;

    for (uint32_t i = 0; i < pt->n; i++)
        m += in_part(pt, i);
    always = malloc((m ? m : 1) * sizeof(*always));
    pats = malloc((m ? m : 1) * sizeof(*pats));
    *always_out = always;
    if (always == NULL || pats == NULL)
        goto out;
    for (uint32_t i = 0; i < pt->n; i++) {
        uint32_t k;
        int b;

        if (!in_part(pt, i))
            continue;
        (*n_sigs)++;
        b = pt->info[i].pf_buf;
        for (k = 0; b >= 0 && k < nb && !pf_key_eq(bufs[k], pf_key_of(pt->sigs[i], b)); k++)
            ;
        if (b >= 0 && k == nb && nb < 64)
            bufs[nb++] = pf_key_of(pt->sigs[i], b);
        else if (b < 0 || k == nb)
            always[n_always++] = pt->rank[i];
    }
    if (n_always > 1)
        qsort(always, n_always, sizeof(*always), cmp_u32);
    *n_always_out = n_always;
    pfs = calloc(nb ? nb : 1, sizeof(*pfs));
    *pfs_out = pfs;
    if (pfs == NULL)
        goto out;
    for (uint32_t k = 0; k < nb; k++) {
        np = 0;
        for (uint32_t i = 0; i < pt->n; i++) {
            const struct sig *s = pt->sigs[i];
            int b = in_part(pt, i) ? pt->info[i].pf_buf : -1;

            if (b < 0 || !pf_key_eq(bufs[k], pf_key_of(s, b)))
                continue;
            sig_fast_pattern_bytes(s, &pats[np].p, &pats[np].len);
            pats[np].nocase = (s->fp->flags & CONTENT_F_NOCASE) != 0;
            pats[np].sig = s->num;
            np++;
        }
        pfs[*n_pfs_out].buffer_id = bufs[k].buffer_id;
        pfs[*n_pfs_out].xf = bufs[k].xf;
        rc = prefilter_build(&pfs[*n_pfs_out].pf, pats, np, cache_dir, &sg->pf_stats);
        if (rc != VG_OK)
            goto out;
        (*n_pfs_out)++;
        rc = prefilter_scratch_fit(pfs[k].pf, &sg->scratch_proto);
        if (rc != VG_OK)
            goto out;
    }
    rc = VG_OK;
out:
    free(pats);
    return rc;
}

/* The server ports s names in direction d (to server: destination, to client: source), or
 * NULL when every port can match ("any", a full range, "<>"). */
static const struct range_set *server_ports(const struct sig *s, unsigned d)
{
    const struct port_set *ps;

    if (s->flags & SIG_F_BIDIR)
        return NULL;
    if (d == FLOW_DIR_TOSERVER) {
        if (s->dp_any)
            return NULL;
        ps = &s->dp;
    } else {
        if (s->sp_any)
            return NULL;
        ps = &s->sp;
    }
    return range_set_is_full(&ps->ports, 65535) ? NULL : &ps->ports;
}

/* A port group gets prefilters of its own only when it holds at most 1/SG_PORT_OWN_PF_RATIO
 * of its protocol group's patterns; otherwise it shares the protocol group's (a database
 * per port group multiplies compile time and memory for little less scanning). */
#define SG_PORT_OWN_PF_RATIO 2

/* One elementary port segment [bounds[idx], bounds[idx + 1]): the rules naming it, as a
 * count and an order-independent hash of their indexes. */
struct port_seg {
    uint64_t hash;
    uint32_t cnt, idx;
};

static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* The port class no rule names first, then by rules naming it, most first. */
static int cmp_seg(const void *a, const void *b)
{
    const struct port_seg *x = a, *y = b;

    if ((x->cnt == 0) != (y->cnt == 0))
        return x->cnt == 0 ? -1 : 1;
    if (x->cnt != y->cnt)
        return x->cnt > y->cnt ? -1 : 1;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Index of value v in bounds[0..nb) (v is one of them). */
static uint32_t bound_index(const uint32_t *bounds, uint32_t nb, uint32_t v)
{
    uint32_t lo = 0, hi = nb;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;

        if (bounds[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Calls mark(ctx, j) for each segment of the ranges of rs. */
static void each_segment(const struct range_set *rs, const uint32_t *bounds, uint32_t nb,
        void (*mark)(void *ctx, uint32_t j, uint32_t i), void *ctx, uint32_t i)
{
    for (size_t r = 0; r < rs->n; r++) {
        uint32_t lo = (uint32_t)rs->r[r].lo, hi = (uint32_t)rs->r[r].hi + 1;
        uint32_t j0 = bound_index(bounds, nb, lo), j1 = bound_index(bounds, nb, hi);

        for (uint32_t j = j0; j < j1; j++)
            mark(ctx, j, i);
    }
}

struct seg_mark_ctx {
    struct port_seg *segs;
    const uint8_t *seg_group;
    uint8_t *mem;
    uint32_t n;
};

static void mark_count(void *ctx, uint32_t j, uint32_t i)
{
    struct seg_mark_ctx *c = ctx;

    c->segs[j].hash += mix64(i + 1);
    c->segs[j].cnt++;
}

static void mark_member(void *ctx, uint32_t j, uint32_t i)
{
    struct seg_mark_ctx *c = ctx;

    c->mem[(size_t)c->seg_group[j] * c->n + i] = 1;
}

/* Fills port group g (the members of pt) sharing the prefilters of whole, the protocol
 * group: its always list is whole's always rules that are members. */
static int shared_always(const struct part *pt, const struct sig_group *whole, struct sig_group *g)
{
    g->always = malloc((whole->n_always ? whole->n_always : 1) * sizeof(*g->always));
    if (g->always == NULL)
        return VG_ENOMEM;
    for (uint32_t i = 0; i < pt->n; i++) {
        uint32_t lo = 0, hi = whole->n_always;

        if (!in_part(pt, i))
            continue;
        g->n_sigs++;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;

            if (whole->always[mid] < pt->rank[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < whole->n_always && whole->always[lo] == pt->rank[i])
            g->always[g->n_always++] = pt->rank[i];
    }
    if (g->n_always > 1)
        qsort(g->always, g->n_always, sizeof(*g->always), cmp_u32);
    g->pfs = whole->pfs;
    g->n_pfs = whole->n_pfs;
    g->pfs_shared = true;
    return VG_OK;
}

/* Rules of pt with a prefilter pattern. */
static uint32_t count_patterns(const struct part *pt)
{
    uint32_t c = 0;

    for (uint32_t i = 0; i < pt->n; i++)
        c += in_part(pt, i) && pt->info[i].pf_buf >= 0;
    return c;
}

/* Splits the packet rules of pt (protocol group whole, built) by server port into pg when
 * some rule names ports; else leaves pg empty. */
static int build_ports(struct sig_port_groups *pg, const struct part *pt, unsigned d,
        const struct sig_group *whole, const char *cache_dir, struct sig_groups *sg)
{
    const struct range_set **kp;
    uint32_t *bounds = NULL, nb = 0, nr = 0, nseg, ncls = 0, ng, main_pats;
    struct port_seg *segs = NULL;
    uint8_t *seg_group = NULL, *mem = NULL;
    struct seg_mark_ctx mc;
    int rc = VG_ENOMEM;

    kp = calloc(pt->n ? pt->n : 1, sizeof(*kp));
    if (kp == NULL)
        return VG_ENOMEM;
    for (uint32_t i = 0; i < pt->n; i++) {
        if (in_part(pt, i) && (kp[i] = server_ports(pt->sigs[i], d)) != NULL)
            nr += (uint32_t)kp[i]->n;
    }
    if (nr == 0) {
        rc = VG_OK;
        goto out;
    }
    bounds = malloc((2 * (size_t)nr + 2) * sizeof(*bounds));
    if (bounds == NULL)
        goto out;
    bounds[nb++] = 0;
    bounds[nb++] = 65536;
    for (uint32_t i = 0; i < pt->n; i++) {
        for (size_t r = 0; kp[i] != NULL && r < kp[i]->n; r++) {
            bounds[nb++] = (uint32_t)kp[i]->r[r].lo;
            bounds[nb++] = (uint32_t)kp[i]->r[r].hi + 1;
        }
    }
    qsort(bounds, nb, sizeof(*bounds), cmp_u32);
    nseg = 0;
    for (uint32_t k = 0; k < nb; k++) {
        if (nseg == 0 || bounds[k] != bounds[nseg - 1])
            bounds[nseg++] = bounds[k];
    }
    nb = nseg;
    nseg = nb - 1;
    segs = calloc(nseg, sizeof(*segs));
    seg_group = malloc(nseg);
    pg->map = malloc(65536);
    if (segs == NULL || seg_group == NULL || pg->map == NULL)
        goto out;
    mc.segs = segs;
    mc.n = pt->n;
    for (uint32_t i = 0; i < pt->n; i++) {
        if (kp[i] != NULL)
            each_segment(kp[i], bounds, nb, mark_count, &mc, i);
    }
    for (uint32_t j = 0; j < nseg; j++)
        segs[j].idx = j;
    qsort(segs, nseg, sizeof(*segs), cmp_seg);
    for (uint32_t k = 0; k < nseg; k++) {
        if (k > 0 && (segs[k].hash != segs[k - 1].hash || segs[k].cnt != segs[k - 1].cnt))
            ncls++;
        seg_group[segs[k].idx] =
                (uint8_t)(ncls < SG_PORT_GROUPS_MAX - 1 ? ncls : SG_PORT_GROUPS_MAX - 1);
    }
    ncls++;
    ng = ncls < SG_PORT_GROUPS_MAX ? ncls : SG_PORT_GROUPS_MAX;
    mem = calloc((size_t)ng * pt->n, 1);
    pg->g = calloc(ng, sizeof(*pg->g));
    if (mem == NULL || pg->g == NULL)
        goto out;
    pg->n = ng;
    mc.seg_group = seg_group;
    mc.mem = mem;
    main_pats = count_patterns(pt);
    for (uint32_t i = 0; i < pt->n; i++) {
        if (kp[i] != NULL) {
            each_segment(kp[i], bounds, nb, mark_member, &mc, i);
        } else if (in_part(pt, i)) {
            for (uint32_t k = 0; k < ng; k++)
                mem[(size_t)k * pt->n + i] = 1;
        }
    }
    for (uint32_t j = 0; j < nseg; j++)
        memset(pg->map + bounds[j], seg_group[j], bounds[j + 1] - bounds[j]);
    for (uint32_t k = 0; k < ng; k++) {
        struct sig_group *g = &pg->g[k];
        struct part q = *pt;

        q.member = mem + (size_t)k * pt->n;
        if (count_patterns(&q) * SG_PORT_OWN_PF_RATIO <= main_pats)
            rc = build_part(
                    &q, &g->always, &g->n_always, &g->pfs, &g->n_pfs, &g->n_sigs, cache_dir, sg);
        else
            rc = shared_always(&q, whole, g);
        if (rc != VG_OK)
            goto out;
    }
    rc = VG_OK;
out:
    free(mem);
    free(seg_group);
    free(segs);
    free(bounds);
    free(kp);
    return rc;
}

static int build_group(struct sig_group *g, struct sig_port_groups *pg, struct sig **sigs,
        const struct sig_info *info, uint32_t n, const uint32_t *rank, unsigned pbit, unsigned d,
        const char *cache_dir, struct sig_groups *sg)
{
    unsigned dbit = 1u << d;
    struct part pt = { sigs, info, n, rank, pbit, dbit, false, 0, NULL };
    uint16_t protos[APP_PROTO_MAX];
    uint32_t np = 0;
    int rc;

    rc = build_part(&pt, &g->always, &g->n_always, &g->pfs, &g->n_pfs, &g->n_sigs, cache_dir, sg);
    if (rc != VG_OK)
        return rc;
    if (pbit == (1u << SG_TCP) || pbit == (1u << SG_UDP)) {
        rc = build_ports(pg, &pt, d, g, cache_dir, sg);
        if (rc != VG_OK)
            return rc;
    }
    for (uint32_t i = 0; i < n; i++) {
        const struct sig *s = sigs[i];
        uint32_t k;

        if (!info[i].tx || !(info[i].pmask & pbit) || !(info[i].dmask & dbit))
            continue;
        for (k = 0; k < np && protos[k] != s->app_proto; k++)
            ;
        if (k == np && np < APP_PROTO_MAX)
            protos[np++] = s->app_proto;
    }
    if (np == 0)
        return VG_OK;
    g->tx = calloc(np, sizeof(*g->tx));
    if (g->tx == NULL)
        return VG_ENOMEM;
    for (uint32_t k = 0; k < np; k++) {
        struct sig_group_tx *t = &g->tx[k];

        pt.tx = true;
        pt.app_proto = protos[k];
        t->app_proto = protos[k];
        g->n_tx++;
        rc = build_part(
                &pt, &t->always, &t->n_always, &t->pfs, &t->n_pfs, &g->n_sigs, cache_dir, sg);
        if (rc != VG_OK)
            return rc;
    }
    return VG_OK;
}

int sig_groups_build(struct sig_groups *sg, struct sig **sigs, uint32_t n, const uint32_t *rank,
        const char *cache_dir)
{
    struct sig_info *info;
    int rc = VG_OK;

    memset(sg, 0, sizeof(*sg));
    info = calloc(n ? n : 1, sizeof(*info));
    if (info == NULL)
        return VG_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        sig_choose_fast_pattern(sigs[i]);
        info[i].pmask = (uint8_t)proto_mask(sigs[i]);
        info[i].dmask = (uint8_t)dir_mask(sigs[i]);
        info[i].tx = sig_is_tx(sigs[i]);
        info[i].pf_buf = prefilter_buffer(sigs[i]);
    }
    for (unsigned p = 0; p < SG_PROTO_MAX && rc == VG_OK; p++) {
        for (unsigned d = 0; d < 2 && rc == VG_OK; d++)
            rc = build_group(
                    &sg->g[p][d], &sg->ports[p][d], sigs, info, n, rank, 1u << p, d, cache_dir, sg);
    }
    free(info);
    if (rc != VG_OK)
        sig_groups_release(sg);
    return rc;
}

/* Frees a group's packet part. */
static void group_packet_release(struct sig_group *g)
{
    if (!g->pfs_shared) {
        for (uint32_t k = 0; k < g->n_pfs; k++)
            prefilter_free(g->pfs[k].pf);
        free(g->pfs);
    }
    free(g->always);
}

void sig_groups_release(struct sig_groups *sg)
{
    for (unsigned p = 0; p < SG_PROTO_MAX; p++) {
        for (unsigned d = 0; d < 2; d++) {
            struct sig_group *g = &sg->g[p][d];
            struct sig_port_groups *pg = &sg->ports[p][d];

            if (pg->g != NULL) {
                for (uint32_t k = 0; k < pg->n; k++)
                    group_packet_release(&pg->g[k]);
            }
            free(pg->g);
            free(pg->map);
            group_packet_release(g);
            for (uint32_t t = 0; t < g->n_tx; t++) {
                for (uint32_t k = 0; k < g->tx[t].n_pfs; k++)
                    prefilter_free(g->tx[t].pfs[k].pf);
                free(g->tx[t].pfs);
                free(g->tx[t].always);
            }
            free(g->tx);
        }
    }
    prefilter_scratch_free(sg->scratch_proto);
    memset(sg, 0, sizeof(*sg));
}

/* p's protocol group index; *d its direction. */
static unsigned group_of(const struct packet *p, unsigned *d)
{
    *d = (p->flow != NULL && p->flow_dir == FLOW_DIR_TOCLIENT) ? 1 : 0;
    if (p->ip_ver == 0)
        return SG_NOT_IP;
    if (p->proto == 6)
        return SG_TCP;
    if (p->proto == 17)
        return SG_UDP;
    if (p->proto == 1)
        return SG_ICMP4;
    if (p->proto == 58)
        return SG_ICMP6;
    return SG_OTHER_IP;
}

const struct sig_group *sig_groups_lookup_pkt(const struct sig_groups *sg, const struct packet *p)
{
    unsigned d, g = group_of(p, &d);
    const struct sig_port_groups *pg = &sg->ports[g][d];

    /* a packet without ports (fragment) meets a group with every "any" port rule: the
     * rules naming ports cannot match it */
    if (pg->map == NULL)
        return &sg->g[g][d];
    return &pg->g[pg->map[d == FLOW_DIR_TOSERVER ? p->dp : p->sp]];
}

const struct sig_group *sig_groups_lookup(const struct sig_groups *sg, const struct packet *p)
{
    unsigned d, g = group_of(p, &d);

    return &sg->g[g][d];
}
