/*
 * app-layer.c - placeholder: the app-layer framework is being written (helper "app-core").
 * Detects and parses nothing yet; keeps the pipeline compiling.
 */
#include "app/app-layer.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

struct app_thread {
    const struct app_config *cfg;
};

void app_config_defaults(struct app_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->probe_limit = 4096;
}

int app_config_load(struct app_config *cfg, const struct conf *c)
{
    (void)c;
    app_config_defaults(cfg);
    return VG_OK;
}

const struct app_parser *app_parser_get(uint16_t proto)
{
    (void)proto;
    return NULL;
}

struct app_thread *app_thread_new(const struct app_config *cfg)
{
    struct app_thread *at = calloc(1, sizeof(*at));

    if (at != NULL)
        at->cfg = cfg;
    return at;
}

void app_thread_free(struct app_thread *at)
{
    free(at);
}

void app_on_stream_data(void *at, struct flow *f, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags)
{
    (void)at;
    (void)f;
    (void)p;
    (void)dir;
    (void)data;
    (void)len;
    (void)flags;
}

void app_handle_udp(struct app_thread *at, struct packet *p)
{
    (void)at;
    (void)p;
}

void app_flow_end(struct app_thread *at, struct flow *f)
{
    (void)at;
    (void)f;
}

void app_flow_free(struct app_thread *at, struct flow *f)
{
    (void)at;
    (void)f;
}

void app_flow_gc(struct app_thread *at, struct flow *f, bool detect_active)
{
    (void)at;
    (void)f;
    (void)detect_active;
}

void app_tx_append(struct app_flow *af, struct app_tx *tx)
{
    tx->next = NULL;
    tx->id = af->tx_next_id++;
    if (af->txs_tail != NULL)
        af->txs_tail->next = tx;
    else
        af->txs = tx;
    af->txs_tail = tx;
}

void app_event_raise(struct app_flow *af, struct app_tx *tx, uint8_t id)
{
    struct app_events *e = tx != NULL ? &tx->events : &af->events;

    if (e->n < APP_EVENTS_MAX)
        e->ev[e->n++] = (struct app_event){ APP_EVENT_SRC_PROTO, id };
}

void app_layer_event_raise(struct app_flow *af, uint8_t id)
{
    if (af->events.n < APP_EVENTS_MAX)
        af->events.ev[af->events.n++] = (struct app_event){ APP_EVENT_SRC_APPLAYER, id };
}

const char *app_layer_event_name(uint8_t id)
{
    (void)id;
    return NULL;
}

const char *app_event_full_name(
        const struct app_flow *af, const struct app_event *ev, char *buf, size_t cap)
{
    (void)af;
    (void)ev;
    (void)buf;
    (void)cap;
    return NULL;
}

void app_export_stats(const struct app_thread *at, struct stats_set *s)
{
    (void)at;
    (void)s;
}
