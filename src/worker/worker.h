/*
 * worker.h - run-to-completion workers and the dispatcher that feeds them.
 *
 * The capture thread takes a free packet with worker_pool_packet(), fills it, and hands it
 * to worker_pool_dispatch(), which picks the worker from a symmetric hash of the packet's
 * outermost IP addresses (both directions, every fragment and every tunnel inside land on
 * the same worker) and pushes it onto that worker's bounded SPSC ring. Each worker decodes,
 * tracks flows and logs, with no lock on the per-packet path, then returns the packet to
 * the free list. With one worker there are no threads: packets are processed in the
 * caller's thread. Time in offline mode is packet time: the dispatcher forwards the
 * capture clock to every worker so flow timeouts do not depend on the number of workers.
 */
#ifndef VG_WORKER_WORKER_H
#define VG_WORKER_WORKER_H

#include "decode/decode-types.h"
#include "util/stats.h"
#include "worker/engine.h"

struct worker_pool;

/* Creates n >= 1 workers for engine e (which must outlive the pool). Returns VG_OK or a
 * negative VG_E*; *out is owned by the caller (worker_pool_free()). */
int worker_pool_new(struct worker_pool **out, struct engine *e, unsigned n);
/* A free packet for capture to fill (blocks until a worker returns one); never NULL. */
struct packet *worker_pool_packet(struct worker_pool *wp);
/* Hands a filled packet to its worker. Ownership passes to the pool. */
void worker_pool_dispatch(struct worker_pool *wp, struct packet *p);
/* Gives back a packet taken with worker_pool_packet() but not filled (end of input). */
void worker_pool_unused(struct worker_pool *wp, struct packet *p);
/* End of input: each worker processes what is queued, logs every remaining flow with
 * reason "shutdown", flushes its output; threads are joined. Returns VG_OK or VG_E*. */
int worker_pool_finish(struct worker_pool *wp);
/* Sums every worker's counters (decoder, defrag, flow, output) into s. After finish. */
void worker_pool_export_stats(const struct worker_pool *wp, struct stats_set *s);
/* Last packet time seen (microseconds), for the final stats record. */
uint64_t worker_pool_last_ts(const struct worker_pool *wp);
void worker_pool_free(struct worker_pool *wp);

#endif
