/*
 * dispatch.c - the worker pool: packet pool, rings, threads, dispatch by flow hash, time.
 *
 * Packets come from a fixed pool (WORKER_POOL_PKTS per worker); the capture thread takes
 * one with worker_pool_packet(), and waits when every packet is in flight, so memory stays
 * bounded whatever the input. worker_pool_dispatch() picks a worker from a symmetric hash
 * of the packet's outermost IP addresses, found by a light pre-parse of the link layer
 * (Ethernet, VLAN, MPLS, PPPoE, SLL, SLL2, BSD null/loop, raw IP): both directions of a
 * flow, all its fragments and everything tunnelled inside it land on one worker. Non-IP
 * packets go to worker 0.
 *
 * Each worker has two SPSC rings (util/ring.h): "in" (capture -> worker: packets and clock
 * ticks) and "ret" (worker -> capture: processed packets). A side that finds its ring
 * empty (or full) spins briefly, then sleeps on a condition variable with a short timeout;
 * the other side signals only when a sleeper is flagged, so the per-packet path takes no
 * lock.
 *
 * Time: the capture clock is the largest packet time seen. Whenever it has advanced by a
 * second or more since the last tick, a tick carrying it is queued to every worker before
 * the packet; workers expire flows on ticks only (and on their own packets' times), and
 * each packet carries the clock, so flow records are the same for any number of workers.
 * With one worker there are no threads: every step runs in the caller's thread.
 */
#include "worker/worker.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/cursor.h"
#include "util/err.h"
#include "util/log.h"
#include "util/ring.h"
#include "worker/worker-thread.h"

#define WORKER_POOL_PKTS 256  /* packets per worker */
#define WORKER_IN_RING   1024 /* in-ring slots per worker (packets + ticks) */
#define TICK_USEC        1000000ULL
#define WAIT_SPINS       200
#define WAIT_NSEC        2000000L /* sleeps are bounded: no wake-up can be lost for long */

enum msg_kind {
    MSG_PACKET,
    MSG_TICK,
    MSG_STOP,
};

struct msg {
    struct packet *p;
    uint64_t clock;
    uint32_t kind;
};

struct waiter {
    pthread_mutex_t m;
    pthread_cond_t c;
    atomic_int sleeping;
    atomic_int order; /* both sides do a seq_cst RMW on it: a full barrier between
                       * "publish" and "check the other side" (Dekker), and one that
                       * thread sanitizers understand, unlike a standalone fence */
};

struct worker_slot {
    struct worker w;
    struct worker_pool *wp;
    struct ring in;
    struct ring ret;
    struct waiter wake; /* the worker sleeps here when "in" is empty */
    pthread_t th;
    bool wake_ready;
    bool started;
    int rc;
};

struct worker_pool {
    struct engine *e;
    unsigned n;
    struct worker_slot *slots;
    struct packet *pkts;
    size_t npkts;
    struct packet **free_stack;
    size_t free_len;
    struct waiter cap_wake; /* the capture thread sleeps here */
    bool cap_wake_ready;
    uint64_t clock;
    uint64_t last_tick;
    bool have_clock;
    bool finished;
};

/* ---- waiting ---- */

static int waiter_init(struct waiter *w)
{
    if (pthread_mutex_init(&w->m, NULL) != 0)
        return VG_ENOMEM;
    if (pthread_cond_init(&w->c, NULL) != 0) {
        pthread_mutex_destroy(&w->m);
        return VG_ENOMEM;
    }
    atomic_init(&w->sleeping, 0);
    atomic_init(&w->order, 0);
    return VG_OK;
}

static void waiter_release(struct waiter *w)
{
    pthread_cond_destroy(&w->c);
    pthread_mutex_destroy(&w->m);
}

typedef bool (*ready_fn)(void *arg);

static void waiter_wait(struct waiter *w, ready_fn ready, void *arg)
{
    struct timespec ts;
    int i;

    for (i = 0; i < WAIT_SPINS; i++) {
        if (ready(arg))
            return;
        sched_yield();
    }
    pthread_mutex_lock(&w->m);
    atomic_store(&w->sleeping, 1);
    atomic_fetch_add(&w->order, 1);
    while (!ready(arg)) {
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += WAIT_NSEC;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&w->c, &w->m, &ts);
    }
    atomic_store(&w->sleeping, 0);
    pthread_mutex_unlock(&w->m);
}

static void waiter_wake(struct waiter *w)
{
    atomic_fetch_add(&w->order, 1);
    if (atomic_load(&w->sleeping)) {
        pthread_mutex_lock(&w->m);
        pthread_cond_signal(&w->c);
        pthread_mutex_unlock(&w->m);
    }
}

/* ---- worker threads ---- */

static bool in_ready(void *arg)
{
    struct worker_slot *s = arg;
    return ring_count(&s->in) > 0;
}

static void *worker_main(void *arg)
{
    struct worker_slot *s = arg;
    struct msg m;

    for (;;) {
        if (!ring_pop(&s->in, &m)) {
            waiter_wait(&s->wake, in_ready, s);
            continue;
        }
        switch (m.kind) {
        case MSG_PACKET:
            worker_process(&s->w, m.p, m.clock);
            /* Never full: it holds every packet of the pool. */
            ring_push(&s->ret, &m.p);
            waiter_wake(&s->wp->cap_wake);
            break;
        case MSG_TICK:
            worker_tick(&s->w, m.clock);
            break;
        case MSG_STOP:
            s->rc = worker_shutdown(&s->w, m.clock);
            return NULL;
        default:
            break;
        }
    }
}

/* ---- pool set-up ---- */

static int slot_init(struct worker_pool *wp, unsigned i)
{
    struct worker_slot *s = &wp->slots[i];
    int rc;

    s->wp = wp;
    rc = worker_init(&s->w, wp->e, i, wp->n);
    if (rc < 0)
        return rc;
    if (wp->n == 1)
        return VG_OK;
    if ((rc = ring_init(&s->in, WORKER_IN_RING, sizeof(struct msg))) < 0)
        return rc;
    if ((rc = ring_init(&s->ret, (uint32_t)wp->npkts, sizeof(struct packet *))) < 0)
        return rc;
    if ((rc = waiter_init(&s->wake)) < 0)
        return rc;
    s->wake_ready = true;
    return VG_OK;
}

static void slot_release(struct worker_pool *wp, struct worker_slot *s)
{
    worker_release(&s->w);
    if (wp->n > 1) {
        ring_release(&s->in);
        ring_release(&s->ret);
        if (s->wake_ready)
            waiter_release(&s->wake);
    }
}

int worker_pool_new(struct worker_pool **out, struct engine *e, unsigned n)
{
    struct worker_pool *wp;
    unsigned i;
    size_t k;
    int rc = VG_ENOMEM;

    *out = NULL;
    if (n == 0)
        n = 1;
    wp = calloc(1, sizeof(*wp));
    if (wp == NULL)
        return VG_ENOMEM;
    wp->e = e;
    wp->n = n;
    wp->npkts = n == 1 ? 4 : (size_t)n * WORKER_POOL_PKTS;
    wp->slots = calloc(n, sizeof(*wp->slots));
    wp->pkts = calloc(wp->npkts, sizeof(*wp->pkts));
    wp->free_stack = calloc(wp->npkts, sizeof(*wp->free_stack));
    if (wp->slots == NULL || wp->pkts == NULL || wp->free_stack == NULL)
        goto out_free;
    for (k = 0; k < wp->npkts; k++)
        wp->free_stack[wp->free_len++] = &wp->pkts[k];
    if (waiter_init(&wp->cap_wake) < 0)
        goto out_free;
    wp->cap_wake_ready = true;
    for (i = 0; i < n; i++) {
        rc = slot_init(wp, i);
        if (rc < 0) {
            log_error(LOG_WORKER, "cannot set up worker %u: %s", i, vg_strerror(rc));
            goto out_free;
        }
    }
    for (i = 0; n > 1 && i < n; i++) {
        if (pthread_create(&wp->slots[i].th, NULL, worker_main, &wp->slots[i]) != 0) {
            log_error(LOG_WORKER, "cannot start worker thread %u", i);
            rc = VG_ENOMEM;
            goto out_free;
        }
        wp->slots[i].started = true;
    }
    *out = wp;
    return VG_OK;

out_free:
    worker_pool_finish(wp);
    worker_pool_free(wp);
    return rc;
}

void worker_pool_free(struct worker_pool *wp)
{
    unsigned i;
    size_t k;

    if (wp == NULL)
        return;
    if (!wp->finished)
        worker_pool_finish(wp);
    for (i = 0; wp->slots != NULL && i < wp->n; i++)
        slot_release(wp, &wp->slots[i]);
    for (k = 0; wp->pkts != NULL && k < wp->npkts; k++)
        free(wp->pkts[k].buf);
    if (wp->cap_wake_ready)
        waiter_release(&wp->cap_wake);
    free(wp->slots);
    free(wp->pkts);
    free(wp->free_stack);
    free(wp);
}

/* ---- capture side ---- */

static void reclaim(struct worker_pool *wp)
{
    struct packet *p;
    unsigned i;

    for (i = 0; i < wp->n; i++) {
        while (wp->free_len < wp->npkts && ring_pop(&wp->slots[i].ret, &p))
            wp->free_stack[wp->free_len++] = p;
    }
}

static bool any_returned(void *arg)
{
    struct worker_pool *wp = arg;
    unsigned i;

    for (i = 0; i < wp->n; i++) {
        if (ring_count(&wp->slots[i].ret) > 0)
            return true;
    }
    return false;
}

struct packet *worker_pool_packet(struct worker_pool *wp)
{
    if (wp->free_len == 0 && wp->n > 1) {
        reclaim(wp);
        while (wp->free_len == 0) {
            waiter_wait(&wp->cap_wake, any_returned, wp);
            reclaim(wp);
        }
    }
    /* With one worker, packets are processed before dispatch returns: never empty. */
    return wp->free_stack[--wp->free_len];
}

void worker_pool_unused(struct worker_pool *wp, struct packet *p)
{
    if (wp->free_len < wp->npkts)
        wp->free_stack[wp->free_len++] = p;
}

struct space_arg {
    struct ring *r;
};

static bool has_space(void *arg)
{
    struct space_arg *a = arg;
    return ring_count(a->r) < a->r->cap;
}

static void send_msg(struct worker_pool *wp, unsigned i, const struct msg *m)
{
    struct worker_slot *s = &wp->slots[i];
    struct space_arg a = { &s->in };

    while (!ring_push(&s->in, m)) {
        waiter_wake(&s->wake);
        waiter_wait(&wp->cap_wake, has_space, &a);
    }
    waiter_wake(&s->wake);
}

/* ---- flow hash pre-parse ---- */

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static uint64_t addr_hash(const uint8_t *a, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    size_t i;

    for (i = 0; i < len; i++)
        h = (h ^ a[i]) * 0x100000001b3ULL;
    return mix64(h);
}

/* Symmetric hash of an IP header's addresses; false if c does not hold one. */
static bool ip_hash(struct cursor c, uint64_t *h)
{
    uint8_t v;

    if (!cur_peek_u8(&c, 0, &v))
        return false;
    if ((v >> 4) == 4 && cur_has(&c, 20)) {
        *h = addr_hash(c.p + 12, 4) + addr_hash(c.p + 16, 4);
        return true;
    }
    if ((v >> 4) == 6 && cur_has(&c, 40)) {
        *h = addr_hash(c.p + 8, 16) + addr_hash(c.p + 24, 16);
        return true;
    }
    return false;
}

static bool mpls_hash(struct cursor c, uint64_t *h)
{
    uint32_t label;
    int i;

    for (i = 0; i < 16; i++) {
        if (!cur_be32(&c, &label))
            return false;
        if (label & 0x100) /* bottom of stack */
            return ip_hash(c, h);
    }
    return false;
}

static bool ethertype_hash(uint16_t type, struct cursor c, uint64_t *h)
{
    uint16_t ppp;
    int i;

    for (i = 0; i < 8; i++) {
        switch (type) {
        case 0x0800:
        case 0x86dd:
            return ip_hash(c, h);
        case 0x8100:
        case 0x88a8:
        case 0x9100:
            if (!cur_skip(&c, 2) || !cur_be16(&c, &type))
                return false;
            continue;
        case 0x8847:
        case 0x8848:
            return mpls_hash(c, h);
        case 0x8864:
            if (!cur_skip(&c, 6) || !cur_be16(&c, &ppp))
                return false;
            if (ppp != 0x0021 && ppp != 0x0057)
                return false;
            return ip_hash(c, h);
        default:
            return false;
        }
    }
    return false;
}

static bool outer_hash(const struct packet *p, uint64_t *h)
{
    struct cursor c = cur_make(p->data, p->caplen);
    uint16_t type;
    uint32_t fam;

    if (p->data == NULL)
        return false;
    switch (p->datalink) {
    case 1: /* DLT_EN10MB */
        if (!cur_skip(&c, 12) || !cur_be16(&c, &type))
            return false;
        return ethertype_hash(type, c, h);
    case 113: /* DLT_LINUX_SLL */
        if (!cur_skip(&c, 14) || !cur_be16(&c, &type))
            return false;
        return ethertype_hash(type, c, h);
    case 276: /* DLT_LINUX_SLL2 */
        if (!cur_be16(&c, &type) || !cur_skip(&c, 18))
            return false;
        return ethertype_hash(type, c, h);
    case 0:   /* DLT_NULL */
    case 108: /* DLT_LOOP */
        if (!cur_le32(&c, &fam))
            return false;
        return ip_hash(c, h);
    case 12:  /* DLT_RAW */
    case 14:  /* DLT_RAW (BSD) */
    case 101: /* LINKTYPE_RAW */
    case 228: /* DLT_IPV4 */
    case 229: /* DLT_IPV6 */
        return ip_hash(c, h);
    default:
        return false;
    }
}

static unsigned pick_worker(const struct worker_pool *wp, const struct packet *p)
{
    uint64_t h;

    if (!outer_hash(p, &h))
        return 0;
    return (unsigned)(mix64(h) % wp->n);
}

/* ---- dispatch ---- */

static void advance_clock(struct worker_pool *wp, uint64_t ts)
{
    unsigned i;
    struct msg m;

    if (!wp->have_clock) {
        wp->have_clock = true;
        wp->clock = wp->last_tick = ts;
        return;
    }
    if (ts > wp->clock)
        wp->clock = ts;
    if (wp->clock < wp->last_tick + TICK_USEC)
        return;
    wp->last_tick = wp->clock;
    if (wp->n == 1) {
        worker_tick(&wp->slots[0].w, wp->clock);
        return;
    }
    m.p = NULL;
    m.clock = wp->clock;
    m.kind = MSG_TICK;
    for (i = 0; i < wp->n; i++)
        send_msg(wp, i, &m);
}

void worker_pool_dispatch(struct worker_pool *wp, struct packet *p)
{
    struct msg m;

    advance_clock(wp, p->ts_usec);
    if (wp->n == 1) {
        worker_process(&wp->slots[0].w, p, wp->clock);
        worker_pool_unused(wp, p);
        return;
    }
    m.p = p;
    m.clock = wp->clock;
    m.kind = MSG_PACKET;
    send_msg(wp, pick_worker(wp, p), &m);
}

int worker_pool_finish(struct worker_pool *wp)
{
    struct msg m;
    unsigned i;
    int rc = VG_OK;

    if (wp->finished)
        return VG_OK;
    wp->finished = true;
    if (wp->n == 1) {
        if (wp->slots != NULL && wp->slots[0].w.ft != NULL)
            rc = worker_shutdown(&wp->slots[0].w, wp->clock);
        return rc;
    }
    m.p = NULL;
    m.clock = wp->clock;
    m.kind = MSG_STOP;
    for (i = 0; wp->slots != NULL && i < wp->n; i++) {
        if (!wp->slots[i].started)
            continue;
        send_msg(wp, i, &m);
    }
    for (i = 0; wp->slots != NULL && i < wp->n; i++) {
        if (!wp->slots[i].started)
            continue;
        pthread_join(wp->slots[i].th, NULL);
        wp->slots[i].started = false;
        if (wp->slots[i].rc < 0)
            rc = wp->slots[i].rc;
    }
    reclaim(wp);
    return rc;
}

void worker_pool_export_stats(const struct worker_pool *wp, struct stats_set *s)
{
    unsigned i;

    for (i = 0; i < wp->n; i++)
        worker_export_stats(&wp->slots[i].w, s);
}

uint64_t worker_pool_last_ts(const struct worker_pool *wp)
{
    return wp->clock;
}
