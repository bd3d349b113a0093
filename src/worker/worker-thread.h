/*
 * worker-thread.h - one worker's state and its per-message steps (inside the worker module).
 *
 * A worker owns its decoder state, flow table and EVE writer; nothing in it is shared.
 * dispatch.c runs these steps in a worker thread (n > 1) or in the caller's thread (n == 1).
 */
#ifndef VG_WORKER_WORKER_THREAD_H
#define VG_WORKER_WORKER_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode.h"
#include "detect/detect.h"
#include "output/fast-log.h"
#include "flow/flow.h"
#include "output/eve.h"
#include "util/stats.h"
#include "worker/engine.h"

struct worker {
    struct engine *e;
    unsigned id;
    struct decode_thread dt;
    bool dt_ready;
    struct flow_table *ft;
    struct stream_thread *st;        /* TCP sessions and reassembly */
    struct app_thread *app;          /* app-layer detection and parsers */
    struct stream_consumer consumer; /* the app layer, as the stream's consumer */
    struct eve_thread *eve;          /* NULL without an eve-log output */
    bool log_flows;                  /* eve-log types has "flow" */
    bool track_macs;                 /* flow records log ether{} (eve-log ethernet: yes) */
    struct detect_thread *det;       /* NULL without rules */
    struct fast_log_thread *fast;    /* NULL without fast.log */
    uint64_t pkts;                   /* captured packets processed */
};

/* Sets up worker id of n. Returns VG_OK or VG_ENOMEM; release with worker_release(). */
int worker_init(struct worker *w, struct engine *e, unsigned id, unsigned n);
void worker_release(struct worker *w);
/* Decodes p, then runs flow tracking and anomaly logging on p and each pseudo packet.
 * clock_usec: the dispatcher's capture clock at p. */
void worker_process(struct worker *w, struct packet *p, uint64_t clock_usec);
/* The capture clock advanced to now_usec: expire flows and defrag state. */
void worker_tick(struct worker *w, uint64_t now_usec);
/* End of input: logs every remaining flow ("shutdown") and flushes the output. */
int worker_shutdown(struct worker *w, uint64_t now_usec);
/* Adds the worker's decoder, defrag, flow and output counters to s. */
void worker_export_stats(const struct worker *w, struct stats_set *s);

#endif
