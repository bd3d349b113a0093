/*
 * reassembly.c - one direction's TCP byte stream rebuilt from segments (reassembly.h).
 *
 * Storage. A direction keeps non-overlapping pieces of stream data, each one allocation:
 * a small header (tree links, list links, offset, length, shape) followed by its bytes, so
 * the cost is one header per piece and nothing per byte. Every piece is charged
 * sizeof(header) + its capacity (len, rounded up to 64 up to 2 KiB for the free-piece
 * cache) to the worker's memcap, so a flood of 1-byte segments is bounded by the cap just
 * like bulk data. Pieces form a doubly-linked list in offset order (walks
 * for delivery, raw inspection and freeing) and a treap keyed by offset (random
 * priorities) for lookups, so an insert anywhere costs O(log n) plus the pieces it
 * actually overlaps, never a walk over the whole list: a flood of tiny out-of-order
 * segments stays O(n log n). In-order data (the common case) hits the tail first.
 *
 * Overlaps. A new segment never moves stored data: where it overlaps a piece, the bytes
 * stay in that piece and the overlap policy decides whether they are overwritten in place
 * by the new copy; only the holes the new segment fills become new pieces. Each piece
 * remembers the extent of the segment it came from ("shape"), because the policies look at
 * how the new segment starts and ends relative to the old segment, as Suricata's
 * host-os-policy does (IDS mode; n = new segment, o = old segment):
 *
 *   n starts before o, ends before o's end    new: bsd hpux10 irix linux old-linux macos
 *                                                  windows windows2k3 last
 *   n starts before o, ends at/after o's end  new: the above + solaris hpux11
 *   n starts at o, ends before o's end        new: last
 *   n starts at o, ends at o's end            new: old-linux solaris hpux11 last
 *   n starts at o, ends after o's end         new: linux old-linux solaris hpux11 last
 *   n starts after o, ends at/before o's end  new: last
 *   n starts after o, ends after o's end      new: solaris hpux11 last
 *
 * first, vista, bsd-right and old-solaris always keep the old copy. Where several old
 * segments covered the same bytes, the piece keeps the shape of the first one stored
 * (Suricata compares against each; this is the one approximation). Bytes already handed
 * to the app layer are never changed; differing copies still raise the event.
 */
#include "stream/reassembly.h"

#include <stdlib.h>
#include <string.h>

#include "stream/stream.h"
#include "util/compiler.h"

struct reasm_seg {
    struct reasm_seg *prev, *next;  /* offset order */
    struct reasm_seg *left, *right; /* treap */
    uint64_t off;                   /* stream offset of data[0] */
    uint32_t len;
    uint32_t prio;
    uint32_t lead, trail; /* the original segment began lead bytes before off and ended
                           * trail bytes after off + len */
    uint8_t data[];
};

/* Pieces of up to CACHE_MAX bytes get a capacity rounded up to CACHE_GRAIN, and freed
 * ones wait in a per-worker free list of their size class (at most CACHE_BYTES in all) so
 * that the steady churn of segments rarely reaches malloc. Debug builds (ASan) bypass it. */
#define CACHE_GRAIN 64u
#define CACHE_MAX   (REASM_CACHE_CLASSES * CACHE_GRAIN)
#define CACHE_BYTES (1u << 20)

static inline uint32_t seg_cap(uint32_t len)
{
    return len <= CACHE_MAX ? (len + CACHE_GRAIN - 1) / CACHE_GRAIN * CACHE_GRAIN : len;
}

/* What a piece of len bytes costs (charged to the memcap). */
#define SEG_COST(len) ((uint64_t)sizeof(struct reasm_seg) + seg_cap((uint32_t)(len)))

static inline uint64_t seg_end(const struct reasm_seg *s)
{
    return s->off + s->len;
}

/* --- treap over the pieces, keyed by off (unique: pieces never overlap) --- */

/* Splits t into keys < key (*l) and keys >= key (*r). */
static void tr_split(struct reasm_seg *t, uint64_t key, struct reasm_seg **l, struct reasm_seg **r)
{
    if (!t) {
        *l = *r = NULL;
        return;
    }
    if (t->off < key) {
        tr_split(t->right, key, &t->right, r);
        *l = t;
    } else {
        tr_split(t->left, key, l, &t->left);
        *r = t;
    }
}

static struct reasm_seg *tr_insert(struct reasm_seg *t, struct reasm_seg *n)
{
    if (!t)
        return n;
    if (n->prio > t->prio) {
        tr_split(t, n->off, &n->left, &n->right);
        return n;
    }
    if (n->off < t->off)
        t->left = tr_insert(t->left, n);
    else
        t->right = tr_insert(t->right, n);
    return t;
}

/* Last piece starting at or before off, NULL if none. */
static struct reasm_seg *seg_floor(const struct reasm_dir *d, uint64_t off)
{
    if (d->tail && d->tail->off <= off)
        return d->tail;
    struct reasm_seg *t = d->root, *best = NULL;
    while (t) {
        if (t->off <= off) {
            best = t;
            t = t->right;
        } else {
            t = t->left;
        }
    }
    return best;
}

static uint32_t next_prio(struct reasm_thread *rt)
{
    /* xorshift64* */
    uint64_t x = rt->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rt->rng = x;
    return (uint32_t)((x * 0x2545F4914F6CDD1DULL) >> 32);
}

/* --- lifecycle --- */

void reasm_thread_init(struct reasm_thread *rt, uint64_t memcap)
{
    memset(rt, 0, sizeof(*rt));
    rt->memcap = memcap;
    rt->rng = 0x9E3779B97F4A7C15ULL ^ (uint64_t)(uintptr_t)rt;
    if (rt->rng == 0)
        rt->rng = 1;
}

void reasm_thread_release(struct reasm_thread *rt)
{
    for (unsigned c = 0; c < REASM_CACHE_CLASSES; c++) {
        while (rt->free_segs[c]) {
            struct reasm_seg *s = rt->free_segs[c];
            rt->free_segs[c] = s->next;
            free(s);
        }
    }
    rt->cached = 0;
    free(rt->scratch);
    rt->scratch = NULL;
    rt->scratch_cap = 0;
}

void reasm_dir_init(struct reasm_dir *d, uint32_t isn, uint32_t depth, uint8_t policy)
{
    memset(d, 0, sizeof(*d));
    d->isn = isn;
    d->depth = depth;
    d->policy = policy;
    d->raw_keep = REASM_RAW_KEEP_DEFAULT;
}

static void seg_release(struct reasm_thread *rt, struct reasm_dir *d, struct reasm_seg *s)
{
    d->n_segs--;
    d->stored -= s->len;
    rt->memuse -= SEG_COST(s->len);
#ifndef VG_DEBUG
    if (s->len > 0 && s->len <= CACHE_MAX && rt->cached + SEG_COST(s->len) <= CACHE_BYTES) {
        uint32_t c = (s->len - 1) / CACHE_GRAIN;
        s->next = rt->free_segs[c];
        rt->free_segs[c] = s;
        rt->cached += SEG_COST(s->len);
        return;
    }
#endif
    free(s);
}

void reasm_dir_free(struct reasm_thread *rt, struct reasm_dir *d)
{
    struct reasm_seg *s = d->segs;
    while (s) {
        struct reasm_seg *next = s->next;
        seg_release(rt, d, s);
        s = next;
    }
    d->segs = d->root = d->tail = NULL;
}

/* Frees the pieces that lie entirely before limit (all at the head of the list). */
static void free_before(struct reasm_thread *rt, struct reasm_dir *d, uint64_t limit)
{
    struct reasm_seg *keep = d->segs;
    while (keep && seg_end(keep) <= limit)
        keep = keep->next;
    if (keep == d->segs)
        return;
    /* detach the freed prefix from the tree first: the split walks those nodes */
    if (keep) {
        struct reasm_seg *gone = NULL;
        tr_split(d->root, keep->off, &gone, &d->root);
        keep->prev = NULL;
    } else {
        d->root = d->tail = NULL;
    }
    struct reasm_seg *s = d->segs;
    while (s != keep) {
        struct reasm_seg *next = s->next;
        seg_release(rt, d, s);
        s = next;
    }
    d->segs = keep;
}

/* Frees what neither the app layer nor raw inspection needs any more. */
static void prune(struct reasm_thread *rt, struct reasm_dir *d)
{
    uint64_t limit = d->app_off;
    if (!(d->flags & REASM_F_NO_RAW)) {
        /* the look-back only matters once somebody inspects raw windows */
        uint32_t keep = rt->raw_seen ? d->raw_keep : 0;
        limit = VG_MIN(limit, d->raw_off);
        limit = limit > keep ? limit - keep : 0;
    }
    free_before(rt, d, limit);
}

/* --- offsets --- */

static int64_t seq_to_soff(const struct reasm_dir *d, uint32_t seq)
{
    uint32_t ref_seq = d->isn + 1 + (uint32_t)d->app_off;
    int32_t diff = (int32_t)(seq - ref_seq);
    return (int64_t)d->app_off + diff;
}

uint64_t reasm_seq_to_off(const struct reasm_dir *d, uint32_t seq)
{
    int64_t o = seq_to_soff(d, seq);
    return o < 0 ? 0 : (uint64_t)o;
}

uint64_t reasm_stored_end(const struct reasm_dir *d)
{
    if (d->tail && seg_end(d->tail) > d->app_off)
        return seg_end(d->tail);
    return d->app_off;
}

/* --- insertion --- */

/* Does the new copy of an overlapped byte win? n: new segment [ns, ne); o: old [os, oe). */
static bool new_wins(uint8_t policy, int64_t ns, int64_t ne, int64_t os, int64_t oe)
{
    if (policy == STREAM_POLICY_LAST)
        return true;
    bool solaris = policy == STREAM_POLICY_SOLARIS || policy == STREAM_POLICY_HPUX11;
    if (ns == os) {
        if (ne < oe)
            return false;
        if (ne > oe && policy == STREAM_POLICY_LINUX)
            return true;
        return solaris || policy == STREAM_POLICY_OLD_LINUX;
    }
    if (ns < os) {
        switch (policy) {
        case STREAM_POLICY_BSD:
        case STREAM_POLICY_HPUX10:
        case STREAM_POLICY_IRIX:
        case STREAM_POLICY_WINDOWS:
        case STREAM_POLICY_WINDOWS2K3:
        case STREAM_POLICY_OLD_LINUX:
        case STREAM_POLICY_LINUX:
        case STREAM_POLICY_MACOS:
            return true;
        default:
            return solaris && ne >= oe;
        }
    }
    return solaris && ne > oe;
}

/* The new segment being inserted. */
struct newseg {
    int64_t ns, ne;     /* its full extent (offsets, may start below 0) */
    uint64_t s, e;      /* the part considered: clipped to offset 0 and the depth */
    const uint8_t *src; /* byte at offset s */
};

static struct reasm_seg *seg_new(
        struct reasm_thread *rt, const struct newseg *n, uint64_t off, uint64_t end)
{
    uint32_t len = (uint32_t)(end - off);
    struct reasm_seg *s = NULL;
    uint32_t c = len > 0 ? (len - 1) / CACHE_GRAIN : 0;
    if (len > 0 && len <= CACHE_MAX && rt->free_segs[c] != NULL) {
        s = rt->free_segs[c];
        rt->free_segs[c] = s->next;
        rt->cached -= SEG_COST(len);
    } else {
        s = malloc(sizeof(*s) + seg_cap(len));
        if (!s)
            return NULL;
    }
    s->prev = s->next = s->left = s->right = NULL;
    s->off = off;
    s->len = len;
    s->prio = next_prio(rt);
    s->lead = (uint32_t)((int64_t)off - n->ns);
    s->trail = (uint32_t)(n->ne - (int64_t)end);
    memcpy(s->data, n->src + (off - n->s), len);
    return s;
}

/* Links s into d after prev (NULL: at the head). */
static void seg_link(struct reasm_dir *d, struct reasm_seg *prev, struct reasm_seg *s)
{
    struct reasm_seg *next = prev ? prev->next : d->segs;
    s->prev = prev;
    s->next = next;
    if (prev)
        prev->next = s;
    else
        d->segs = s;
    if (next)
        next->prev = s;
    else
        d->tail = s;
    d->root = tr_insert(d->root, s);
    d->n_segs++;
    d->stored += s->len;
}

/* First pass: what the new segment overlaps, whether bytes differ and the memory its
 * holes need (app_off and beyond only). Changes nothing. */
static unsigned scan(
        const struct reasm_dir *d, const struct newseg *n, struct reasm_seg *first, uint64_t *need)
{
    unsigned ev = 0;
    uint64_t pos = n->s;
    *need = 0;
    for (struct reasm_seg *p = first; p && p->off < n->e; p = p->next) {
        uint64_t a = VG_MAX(pos, p->off), b = VG_MIN(n->e, seg_end(p));
        if (b <= a)
            continue;
        if (p->off > pos && p->off > d->app_off)
            *need += SEG_COST(p->off - VG_MAX(pos, d->app_off));
        ev |= REASM_EV_OVERLAP;
        if (memcmp(p->data + (a - p->off), n->src + (a - n->s), b - a) != 0)
            ev |= REASM_EV_OVERLAP_DIFFERENT_DATA;
        pos = b;
    }
    if (pos < n->e && n->e > d->app_off)
        *need += SEG_COST(n->e - VG_MAX(pos, d->app_off));
    return ev;
}

/* Second pass: applies the policy to overlapped pieces and stores the holes. Returns
 * false if an allocation failed (what was done so far stays consistent). */
static bool apply(struct reasm_thread *rt, struct reasm_dir *d, const struct newseg *n)
{
    uint64_t pos = VG_MAX(n->s, d->app_off);
    struct reasm_seg *prev = seg_floor(d, pos), *p;
    if (prev && seg_end(prev) > pos) {
        p = prev; /* overlaps our start */
        prev = prev->prev;
    } else {
        p = prev ? prev->next : d->segs;
    }
    while (pos < n->e) {
        if (p && p->off <= pos) {
            uint64_t b = VG_MIN(n->e, seg_end(p));
            int64_t os = (int64_t)p->off - p->lead, oe = (int64_t)seg_end(p) + p->trail;
            if (new_wins(d->policy, n->ns, n->ne, os, oe)) /* a no-op when equal */
                memcpy(p->data + (pos - p->off), n->src + (pos - n->s), b - pos);
            pos = b;
            prev = p;
            p = p->next;
            continue;
        }
        uint64_t hole_end = p ? VG_MIN(n->e, p->off) : n->e;
        struct reasm_seg *s = seg_new(rt, n, pos, hole_end);
        if (!s)
            return false;
        seg_link(d, prev, s);
        rt->memuse += SEG_COST(s->len);
        prev = s;
        pos = hole_end;
    }
    return true;
}

unsigned reasm_insert(struct reasm_thread *rt, struct reasm_dir *d, uint32_t seq,
        const uint8_t *data, uint32_t len)
{
    unsigned ev = 0;
    if (len == 0 || (d->flags & REASM_F_DISABLED))
        return 0;
    struct newseg n;
    n.ns = seq_to_soff(d, seq);
    n.ne = n.ns + len;
    if (n.ne <= 0)
        return 0; /* entirely before the stream's first byte */
    n.s = n.ns < 0 ? 0 : (uint64_t)n.ns;
    n.e = (uint64_t)n.ne;
    n.src = data + (n.s - n.ns);
    if (d->depth && n.e > d->depth) {
        n.e = VG_MAX(n.s, (uint64_t)d->depth);
        ev |= REASM_EV_DEPTH;
        if (!(d->flags & REASM_F_DEPTH_REACHED)) {
            d->flags |= REASM_F_DEPTH_REACHED;
            rt->cnt_depth++;
        }
        if (n.e == n.s)
            return ev;
    }

    uint64_t stored_end = reasm_stored_end(d);
    if (n.s > stored_end)
        ev |= REASM_EV_SEQ_GAP;

    /* fast path: in order or beyond everything stored */
    struct reasm_seg *prev = seg_floor(d, n.s);
    bool fast = n.s >= stored_end;
    if (fast) {
        if (rt->memuse + SEG_COST(n.e - n.s) > rt->memcap) {
            rt->cnt_memcap_drop++;
            return ev | REASM_EV_MEMCAP;
        }
        struct reasm_seg *s = seg_new(rt, &n, n.s, n.e);
        if (!s) {
            rt->cnt_memcap_drop++;
            return ev | REASM_EV_MEMCAP;
        }
        seg_link(d, d->tail, s);
        rt->memuse += SEG_COST(s->len);
        return ev;
    }

    struct reasm_seg *first = prev && seg_end(prev) > n.s ? prev : (prev ? prev->next : d->segs);
    uint64_t need;
    unsigned ov = scan(d, &n, first, &need);
    if (need && rt->memuse + need > rt->memcap) {
        rt->cnt_memcap_drop++;
        return ev | ov | REASM_EV_MEMCAP;
    }
    if (ov & REASM_EV_OVERLAP)
        rt->cnt_overlap++;
    if (ov & REASM_EV_OVERLAP_DIFFERENT_DATA)
        rt->cnt_overlap_diff++;
    ev |= ov;
    if (n.e <= d->app_off)
        return ev; /* all delivered already: only compared */
    if (!apply(rt, d, &n)) {
        rt->cnt_memcap_drop++;
        ev |= REASM_EV_MEMCAP;
    }
    return ev;
}

/* --- app-layer delivery --- */

static void emit_gap(struct reasm_thread *rt, reasm_deliver_fn fn, void *ctx, uint64_t len)
{
    rt->cnt_gaps++;
    while (len) {
        uint32_t n = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
        if (fn)
            fn(ctx, NULL, n);
        len -= n;
    }
}

void reasm_deliver(
        struct reasm_thread *rt, struct reasm_dir *d, uint64_t upto, reasm_deliver_fn fn, void *ctx)
{
    if (upto <= d->app_off)
        return;
    uint64_t lim = d->depth ? VG_MIN(upto, (uint64_t)d->depth) : upto;
    uint64_t pos = d->app_off;
    if (pos < lim) {
        struct reasm_seg *s = seg_floor(d, pos);
        if (!s || seg_end(s) <= pos)
            s = s ? s->next : d->segs;
        for (; s && pos < lim && s->off < lim; s = s->next) {
            if (s->off > pos) {
                emit_gap(rt, fn, ctx, s->off - pos);
                pos = s->off;
            }
            uint64_t e = VG_MIN(seg_end(s), lim);
            if (fn)
                fn(ctx, s->data + (pos - s->off), (uint32_t)(e - pos));
            pos = e;
        }
        if (pos < lim)
            emit_gap(rt, fn, ctx, lim - pos);
    }
    d->app_off = upto;
    prune(rt, d);
}

/* --- raw inspection --- */

/* Makes rt->scratch hold at least n bytes. */
static bool scratch_reserve(struct reasm_thread *rt, uint64_t n)
{
    if (n > UINT32_MAX)
        return false;
    if (n <= rt->scratch_cap)
        return true;
    uint64_t cap = rt->scratch_cap ? rt->scratch_cap : 4096;
    while (cap < n)
        cap *= 2;
    if (cap > UINT32_MAX)
        cap = n;
    uint8_t *p = realloc(rt->scratch, (size_t)cap);
    if (!p)
        return false;
    rt->scratch = p;
    rt->scratch_cap = (uint32_t)cap;
    return true;
}

/* One block of a raw pass before it is copied: pieces first..last, bytes [ws, end). */
struct blk {
    const struct reasm_seg *first, *last;
    uint64_t ws, end;
};

/* The piece holding offset start, or the next piece when a hole at start may be skipped
 * (below app_off: reported as a gap, nothing will fill it; or skip_holes). NULL: wait. */
static const struct reasm_seg *blk_start(
        const struct reasm_dir *d, uint64_t start, uint64_t upto, bool skip_holes, bool *hole)
{
    const struct reasm_seg *p = seg_floor(d, start);

    *hole = false;
    if (p && seg_end(p) > start)
        return p;
    p = p ? p->next : d->segs;
    if (!p || p->off >= upto || (p->off > d->app_off && !skip_holes))
        return NULL;
    *hole = true;
    return p;
}

/* Fills b with the contiguous bytes from start (p holds them) to upto, with up to `back`
 * bytes of look-back over contiguous pieces before start. */
static void blk_span(
        const struct reasm_seg *p, uint64_t start, uint64_t upto, uint32_t back, struct blk *b)
{
    const struct reasm_seg *last = p, *first = p;

    while (seg_end(last) < upto && last->next && last->next->off == seg_end(last))
        last = last->next;
    b->end = VG_MIN(seg_end(last), upto);
    uint64_t lo = start - VG_MIN((uint64_t)back, start);
    uint64_t ws = VG_MAX(first->off, lo);
    while (ws > lo && first->prev && seg_end(first->prev) == first->off) {
        first = first->prev;
        ws = VG_MAX(first->off, lo);
    }
    b->first = first;
    b->last = last;
    b->ws = ws;
}

static void blk_copy(uint8_t *w, const struct blk *b)
{
    for (const struct reasm_seg *s = b->first;; s = s->next) {
        uint64_t a = VG_MAX(s->off, b->ws), e = VG_MIN(seg_end(s), b->end);
        memcpy(w, s->data + (a - s->off), (size_t)(e - a));
        w += e - a;
        if (s == b->last)
            break;
    }
}

uint32_t reasm_raw_blocks(struct reasm_thread *rt, const struct reasm_dir *d, uint64_t upto,
        uint32_t back, bool skip_holes, struct reasm_raw *out)
{
    struct blk b[REASM_RAW_BLOCKS_MAX];
    uint32_t n = 0;
    uint64_t pos = d->raw_off, total = 0;
    bool hole;

    /* not memset: the block array is only read up to n (hot path) */
    out->data.p = NULL;
    out->data.len = 0;
    out->n = 0;
    out->end = d->raw_off;
    rt->raw_seen = true;
    if ((d->flags & REASM_F_NO_RAW) || d->raw_off >= upto)
        return 0;
    while (n < REASM_RAW_BLOCKS_MAX && pos < upto) {
        const struct reasm_seg *p = blk_start(d, pos, upto, skip_holes, &hole);

        if (p == NULL)
            break;
        if (hole)
            pos = p->off;
        /* only the first block looks back: after a hole there is nothing to join */
        blk_span(p, pos, upto, (n == 0 && !hole) ? back : 0, &b[n]);
        total += b[n].end - b[n].ws;
        pos = b[n].end;
        n++;
    }
    if (n == 0)
        return 0;
    out->end = pos;
    if (n == 1 && b[0].first == b[0].last) {
        out->data.p = b[0].first->data + (b[0].ws - b[0].first->off);
        out->data.len = (size_t)(b[0].end - b[0].ws);
        out->b[0].pos = 0;
        out->b[0].off = b[0].ws;
        out->b[0].len = (uint32_t)out->data.len;
        out->n = 1;
        return 1;
    }
    if (!scratch_reserve(rt, total)) {
        /* no memory for the copy: the new bytes of the first piece alone */
        const struct reasm_seg *p = blk_start(d, d->raw_off, upto, skip_holes, &hole);
        uint64_t s0 = hole ? p->off : d->raw_off, e = VG_MIN(seg_end(p), upto);

        out->data.p = p->data + (s0 - p->off);
        out->data.len = (size_t)(e - s0);
        out->b[0].pos = 0;
        out->b[0].off = s0;
        out->b[0].len = (uint32_t)out->data.len;
        out->n = 1;
        out->end = e;
        return 1;
    }
    uint32_t w = 0;
    for (uint32_t i = 0; i < n; i++) {
        blk_copy(rt->scratch + w, &b[i]);
        out->b[i].off = b[i].ws;
        out->b[i].pos = w;
        out->b[i].len = (uint32_t)(b[i].end - b[i].ws);
        w += out->b[i].len;
    }
    out->data.p = rt->scratch;
    out->data.len = w;
    out->n = n;
    return n;
}

bool reasm_raw_window(struct reasm_thread *rt, const struct reasm_dir *d, uint64_t upto,
        uint32_t back, struct slice *out, uint64_t *offset)
{
    struct reasm_raw r;

    /* the first block only: a second one would come after a hole */
    if (reasm_raw_blocks(rt, d, upto, back, false, &r) == 0) {
        out->p = NULL;
        out->len = 0;
        *offset = d->raw_off;
        return false;
    }
    out->p = r.data.p;
    out->len = r.b[0].len;
    *offset = r.b[0].off;
    return true;
}

uint64_t reasm_data_end_below(const struct reasm_dir *d, uint64_t limit)
{
    const struct reasm_seg *p;

    if (limit <= d->app_off)
        return d->app_off;
    p = seg_floor(d, limit - 1);
    if (!p || seg_end(p) <= d->app_off)
        return d->app_off;
    return VG_MIN(seg_end(p), limit);
}

uint64_t reasm_contig_end(const struct reasm_dir *d, uint64_t from)
{
    const struct reasm_seg *p;

    if (from >= reasm_stored_end(d))
        return from;
    p = seg_floor(d, from);
    if (!p || seg_end(p) <= from)
        return from;
    while (p->next && p->next->off == seg_end(p))
        p = p->next;
    return seg_end(p);
}

void reasm_raw_advance(struct reasm_thread *rt, struct reasm_dir *d, uint64_t end)
{
    if (end > d->raw_off)
        d->raw_off = end;
    prune(rt, d);
}

void reasm_export_stats(const struct reasm_thread *rt, struct stats_set *s)
{
    stats_add(s, "tcp.segment_memcap_drop", rt->cnt_memcap_drop);
    stats_add(s, "tcp.reassembly_gap", rt->cnt_gaps);
    stats_add(s, "tcp.stream_depth_reached", rt->cnt_depth);
    stats_add(s, "tcp.overlap", rt->cnt_overlap);
    stats_add(s, "tcp.overlap_diff_data", rt->cnt_overlap_diff);
    stats_add(s, "tcp.reassembly_memuse", rt->memuse);
}
