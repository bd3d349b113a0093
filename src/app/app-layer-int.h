/*
 * app-layer-int.h - what the app stage's own files share (app-layer.c, app-detect.c): the
 * per-worker context and the steps detection hands over to parsing. Not for other stages.
 */
#ifndef VG_APP_APP_LAYER_INT_H
#define VG_APP_APP_LAYER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app-layer.h"

/* Bytes one direction may hold while the other direction's detection is pending; past it
 * detection is skipped (applayer.proto_detection_skipped), as Suricata's 100000. */
#define APP_HOLD_MAX 100000u

/* Transport index of counters: 0 TCP, 1 UDP. */
enum {
    APP_T_TCP = 0,
    APP_T_UDP = 1,
};

struct app_thread {
    const struct app_config *cfg;
    const struct app_parser *const *reg; /* NULL-terminated */
    uint64_t flows[APP_PROTO_MAX][2];    /* app_layer.flow.<proto>, failed included */
    uint64_t txs[APP_PROTO_MAX][2];
    uint64_t err_gap[APP_PROTO_MAX][2];
    uint64_t err_alloc[APP_PROTO_MAX][2];
    uint64_t err_parser[APP_PROTO_MAX][2];
};

static inline int app_tidx(const struct flow *f)
{
    return f->key.proto == 17 ? APP_T_UDP : APP_T_TCP;
}

/* The first enabled entry of at's registry for proto on f's transport, or NULL. */
const struct app_parser *app_entry_get(
        const struct app_thread *at, const struct flow *f, uint16_t proto);
/* Whether entry e is enabled in at's config and runs over f's transport. */
bool app_entry_usable(
        const struct app_thread *at, const struct flow *f, const struct app_parser *e);
/* Counts f in app_layer.flow.<proto> (or failed) once. */
void app_count_flow(struct app_thread *at, struct flow *f);
/* Gives flow direction dir's bytes (or gap / EOF) to the flow's parser, once detection is
 * done with that direction. */
void app_parse_feed(struct app_thread *at, struct flow *f, struct packet *p, int dir,
        const uint8_t *data, uint32_t len, unsigned flags);

/* Detection (app-detect.c). A TCP chunk of direction dir while that direction is probing or
 * holding data (f->app_proto unknown). flags are STREAM_DATA_F_*. */
void app_detect_stream(struct app_thread *at, struct flow *f, struct packet *p, int dir,
        const uint8_t *data, uint32_t len, unsigned flags);
/* A UDP datagram while f->app_proto is unknown: detects on it alone, then parses it. */
void app_detect_datagram(struct app_thread *at, struct flow *f, struct packet *p, int dir,
        const uint8_t *data, uint32_t len);
/* The flow ends: decides with what the probing directions hold. */
void app_detect_finish(struct app_thread *at, struct flow *f, struct packet *p);

#endif
