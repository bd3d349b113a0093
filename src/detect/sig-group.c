/*
 * sig-group.c - grouping signatures and choosing fast patterns (see sig-group.h).
 */
#include "detect/sig-group.h"

#include <stdlib.h>
#include <string.h>

#include "detect/buffer.h"
#include "detect/content.h"
#include "detect/keyword.h"
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

void sig_choose_fast_pattern(struct sig *s)
{
    const struct content *best = NULL;
    int best_buf = -1, best_prio = 0;

    s->fp_buf = -1;
    s->fp = NULL;
    for (uint8_t b = 0; b < s->n_bufs; b++) {
        const struct sig_buffer *sb = &s->bufs[b];
        int prio = buffer_priority(sb->buffer_id);

        if (sb->n_xf > 0)
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

/* Which protocol groups s belongs to, as a bit mask of 1 << enum sig_group_proto. */
static unsigned proto_mask(const struct sig *s)
{
    const unsigned ip_all = (1u << SG_TCP) | (1u << SG_UDP) | (1u << SG_ICMP4) | (1u << SG_ICMP6) |
                            (1u << SG_OTHER_IP);

    if (s->app_proto != 0)
        return 0;
    if (s->flags & SIG_F_PROTO_PKTHDR)
        return ip_all | (1u << SG_NOT_IP);
    if (s->flags & SIG_F_PROTO_ANY_IP)
        return ip_all;
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
    if (s->flags & SIG_F_TOSERVER)
        return 1u << FLOW_DIR_TOSERVER;
    if (s->flags & SIG_F_TOCLIENT)
        return 1u << FLOW_DIR_TOCLIENT;
    return 3;
}

/* The buffer a pattern is scanned in: the stream is read as the packet payload here. */
static int prefilter_buffer(const struct sig *s)
{
    int id;

    if (s->fp == NULL)
        return -1;
    id = s->bufs[s->fp_buf].buffer_id;
    if (id == DETECT_BUF_STREAM)
        return DETECT_BUF_PKT_DATA;
    return id;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

static int build_group(struct sig_group *g, struct sig **sigs, uint32_t n, const uint32_t *rank,
        unsigned pbit, unsigned dbit, const char *cache_dir, struct sig_groups *sg)
{
    struct prefilter_pattern *pats = NULL;
    int bufs[64];
    uint32_t nb = 0, np;
    int rc = VG_ENOMEM;

    g->always = malloc((n ? n : 1) * sizeof(*g->always));
    pats = malloc((n ? n : 1) * sizeof(*pats));
    if (g->always == NULL || pats == NULL)
        goto out;
    for (uint32_t i = 0; i < n; i++) {
        const struct sig *s = sigs[i];
        int b;

        if (!(proto_mask(s) & pbit) || !(dir_mask(s) & dbit))
            continue;
        g->n_sigs++;
        b = prefilter_buffer(s);
        if (b < 0) {
            g->always[g->n_always++] = rank[i];
            continue;
        }
        if (detect_buffer_get(b)->scope == DETECT_SCOPE_TX)
            continue; /* app-layer buffers: not inspected on packets (yet) */
        uint32_t k;
        for (k = 0; k < nb && bufs[k] != b; k++)
            ;
        if (k == nb && nb < 64)
            bufs[nb++] = b;
        else if (k == nb)
            g->always[g->n_always++] = rank[i];
    }
    if (g->n_always > 1)
        qsort(g->always, g->n_always, sizeof(*g->always), cmp_u32);
    g->pfs = calloc(nb ? nb : 1, sizeof(*g->pfs));
    if (g->pfs == NULL)
        goto out;
    for (uint32_t k = 0; k < nb; k++) {
        np = 0;
        for (uint32_t i = 0; i < n; i++) {
            const struct sig *s = sigs[i];

            if (!(proto_mask(s) & pbit) || !(dir_mask(s) & dbit) || prefilter_buffer(s) != bufs[k])
                continue;
            sig_fast_pattern_bytes(s, &pats[np].p, &pats[np].len);
            pats[np].nocase = (s->fp->flags & CONTENT_F_NOCASE) != 0;
            pats[np].sig = s->num;
            np++;
        }
        g->pfs[g->n_pfs].buffer_id = bufs[k];
        rc = prefilter_build(&g->pfs[g->n_pfs].pf, pats, np, cache_dir, &sg->pf_stats);
        if (rc != VG_OK)
            goto out;
        g->n_pfs++;
        rc = prefilter_scratch_fit(g->pfs[k].pf, &sg->scratch_proto);
        if (rc != VG_OK)
            goto out;
    }
    rc = VG_OK;
out:
    free(pats);
    return rc;
}

int sig_groups_build(struct sig_groups *sg, struct sig **sigs, uint32_t n, const uint32_t *rank,
        const char *cache_dir)
{
    int rc;

    memset(sg, 0, sizeof(*sg));
    for (uint32_t i = 0; i < n; i++)
        sig_choose_fast_pattern(sigs[i]);
    for (unsigned p = 0; p < SG_PROTO_MAX; p++) {
        for (unsigned d = 0; d < 2; d++) {
            rc = build_group(&sg->g[p][d], sigs, n, rank, 1u << p, 1u << d, cache_dir, sg);
            if (rc != VG_OK) {
                sig_groups_release(sg);
                return rc;
            }
        }
    }
    return VG_OK;
}

void sig_groups_release(struct sig_groups *sg)
{
    for (unsigned p = 0; p < SG_PROTO_MAX; p++) {
        for (unsigned d = 0; d < 2; d++) {
            struct sig_group *g = &sg->g[p][d];

            for (uint32_t k = 0; k < g->n_pfs; k++)
                prefilter_free(g->pfs[k].pf);
            free(g->pfs);
            free(g->always);
        }
    }
    prefilter_scratch_free(sg->scratch_proto);
    memset(sg, 0, sizeof(*sg));
}

const struct sig_group *sig_groups_lookup(const struct sig_groups *sg, const struct packet *p)
{
    unsigned d = (p->flow != NULL && p->flow_dir == FLOW_DIR_TOCLIENT) ? 1 : 0;
    unsigned g;

    if (p->ip_ver == 0)
        g = SG_NOT_IP;
    else if (p->proto == 6)
        g = SG_TCP;
    else if (p->proto == 17)
        g = SG_UDP;
    else if (p->proto == 1)
        g = SG_ICMP4;
    else if (p->proto == 58)
        g = SG_ICMP6;
    else
        g = SG_OTHER_IP;
    return &sg->g[g][d];
}
