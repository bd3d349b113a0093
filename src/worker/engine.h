/*
 * engine.h - everything one running instance owns: typed configs, outputs, workers.
 *
 * Built by main() (or a test, or a fuzzer) and passed down explicitly; there is no global
 * engine. Fields are set before workers start and are read-only afterwards.
 */
#ifndef VG_WORKER_ENGINE_H
#define VG_WORKER_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "stream/stream.h"
#include "app/app-layer.h"
#include "detect/detect.h"
#include "output/eve-alert.h"
#include "output/eve.h"
#include "output/fast-log.h"

struct engine {
    struct conf conf; /* the config tree, read at startup only */
    struct decode_config decode;
    struct flow_config flow;
    struct stream_config stream;
    struct app_config app;
    struct eve_config eve_cfg;
    struct eve_output *eve; /* NULL when no eve-log output is configured */
    struct detect_config detect_cfg;
    struct detect_engine *de;              /* NULL when no rules are loaded */
    struct detect_load_stats detect_stats; /* for the stats record's detect.engines */
    struct eve_alert_config alert_cfg;
    struct fast_log *fast; /* NULL without an enabled fast output */
    unsigned threads;      /* workers */
    const char *logdir;
};

#endif
