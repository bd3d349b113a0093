/*
 * stream.c - placeholder: the stream stage is being written (helper "stream-track").
 * Tracks nothing yet; keeps the pipeline compiling.
 */
#include "stream/stream.h"

#include <stdlib.h>
#include <string.h>

#include "util/compiler.h"
#include "util/err.h"

struct stream_thread {
    const struct stream_config *cfg;
};

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
}

int stream_config_load(struct stream_config *cfg, const struct conf *c)
{
    (void)c;
    stream_config_defaults(cfg);
    return VG_OK;
}

void stream_config_release(struct stream_config *cfg)
{
    free(cfg->policies);
    cfg->policies = NULL;
    cfg->n_policies = 0;
}

struct stream_thread *stream_thread_new(
        const struct stream_config *cfg, unsigned share, const struct stream_consumer *consumer)
{
    struct stream_thread *st = calloc(1, sizeof(*st));

    (void)share;
    (void)consumer;
    if (st != NULL)
        st->cfg = cfg;
    return st;
}

void stream_thread_free(struct stream_thread *st)
{
    free(st);
}

void stream_handle_packet(struct stream_thread *st, struct packet *p)
{
    (void)st;
    (void)p;
}

void stream_flow_end(struct stream_thread *st, struct flow *f)
{
    (void)st;
    (void)f;
}

void stream_flow_free(struct stream_thread *st, struct flow *f)
{
    (void)st;
    (void)f;
}

bool stream_raw_get(struct stream_thread *st, const struct flow *f, int dir, struct slice *out,
        uint64_t *offset)
{
    (void)st;
    (void)f;
    (void)dir;
    (void)out;
    (void)offset;
    return false;
}

void stream_raw_consumed(struct stream_thread *st, struct flow *f, int dir, uint64_t end)
{
    (void)st;
    (void)f;
    (void)dir;
    (void)end;
}

void stream_export_stats(const struct stream_thread *st, struct stats_set *s)
{
    (void)st;
    (void)s;
}
