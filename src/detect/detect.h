/*
 * detect.h - the detection stage: load rules into an engine, run it on packets.
 *
 * detect_engine_load() reads rules files, parses every rule (reporting each bad rule once
 * as "file:line: reason" and skipping it), groups signatures by protocol, direction and
 * ports, and compiles one prefilter database per group and buffer. The engine is then
 * immutable and shared by all workers; each worker has a detect_thread holding its scratch
 * (Hyperscan scratch, candidate lists, transform buffers, byte_extract variables).
 * detect_packet() runs the rules that apply to one packet and appends alerts to the
 * caller's queue, in Suricata's order (by action priority then signature order).
 */
#ifndef VG_DETECT_DETECT_H
#define VG_DETECT_DETECT_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "decode/decode-types.h"
#include "detect/sig.h"
#include "flow/flow-types.h"
#include "util/stats.h"

/* Suricata's default packet-alert-max. */
#define DETECT_ALERTS_MAX 15
/* The largest packet-alert-max accepted (the alert array's size). */
#define DETECT_ALERTS_CAP 64

struct detect_config {
    char **rule_files; /* owned; absolute or relative to default_rule_path */
    size_t n_rule_files;
    char *default_rule_path;   /* owned, may be NULL */
    char *classification_file; /* owned, may be NULL: no classifications */
    char *reference_file;      /* owned, may be NULL */
    char *threshold_file;      /* owned, may be NULL */
    char *cache_dir;           /* owned, may be NULL: no compiled-database cache */
    bool init_errors_fatal;    /* any rule error fails the load */
    uint16_t packet_alert_max; /* packet-alert-max, default 15 */
};

/* What loading found, for the summary line and the stats record. */
struct detect_load_stats {
    uint32_t rules_loaded;
    uint32_t rules_failed;
    uint32_t rules_skipped; /* e.g. duplicates replaced */
    uint32_t files_loaded;
    double load_seconds;
};

struct detect_engine;
struct detect_thread;

/* pcre captures (kw/pcre.c): at most DETECT_VARS_MAX per signature match, each value cut
 * at DETECT_VAR_LEN bytes. */
#define DETECT_VARS_MAX 8
#define DETECT_VAR_LEN  256

enum detect_var_type {
    DETECT_VAR_PKT = 1, /* pkt:name / (?P<pkt_name>): EVE metadata.pktvars */
    DETECT_VAR_FLOW,    /* flow:name: a flow string variable (flow-vars.h) */
    DETECT_VAR_ALERT,   /* alert:name: EVE alert.context */
};

struct detect_var {
    const char *name; /* engine-owned (interned) */
    uint8_t type;     /* enum detect_var_type */
    uint16_t len;
    uint8_t val[DETECT_VAR_LEN];
};

struct detect_vars {
    struct detect_var v[DETECT_VARS_MAX];
    uint8_t n;
};

struct detect_alert {
    const struct sig *s;
    uint32_t flags; /* DETECT_ALERT_F_* */
    uint64_t tx_id; /* with DETECT_ALERT_F_TX */
    /* with DETECT_ALERT_F_TX: the transaction (a struct app_tx), valid until the app
     * layer's gc after logging; NULL otherwise */
    const void *tx;
    /* with DETECT_ALERT_F_STREAM: the reassembled bytes inspected (at most 4 KiB, a copy
     * owned by the detect thread), valid until its next detection call (for the payload
     * of the alert record) */
    const uint8_t *stream;
    uint32_t stream_len;
    /* the pkt: and alert: captures of the match (owned by the detect thread, valid until
     * its next detection call); NULL when none */
    const struct detect_vars *vars;
};

enum {
    DETECT_ALERT_F_STREAM = 1u << 0,  /* matched on the reassembled stream */
    DETECT_ALERT_F_TX = 1u << 1,      /* matched on an app-layer transaction */
    DETECT_ALERT_F_NOALERT = 1u << 2, /* matched but noalert: do not log */
};

struct detect_alerts {
    struct detect_alert a[DETECT_ALERTS_CAP];
    uint8_t n;
    bool overflow; /* more alerts than fit; lower-priority ones dropped */
};

/* Fills cfg from the config (rule-files, default-rule-path, classification-file,
 * reference-config-file, threshold-file, detect.*) with Suricata's defaults. */
int detect_config_load(struct detect_config *cfg, const struct conf *c);
void detect_config_release(struct detect_config *cfg);

/* Builds an engine. Returns VG_OK (even if some rules failed, unless init_errors_fatal),
 * VG_EINVAL when a rule failed under init_errors_fatal, VG_ENOENT/VG_EIO for unreadable
 * files. *out is owned by the caller. c gives vars (address/port groups). */
int detect_engine_load(struct detect_engine **out, const struct detect_config *cfg,
        const struct conf *c, struct detect_load_stats *st);
/* Builds an engine from rule text in memory (tests, fuzzers); name labels messages. */
int detect_engine_load_string(struct detect_engine **out, const char *rules, const char *name,
        const struct detect_config *cfg, const struct conf *c, struct detect_load_stats *st);
void detect_engine_free(struct detect_engine *de);
/* Number of signatures, and each by index. */
uint32_t detect_engine_sig_count(const struct detect_engine *de);
const struct sig *detect_engine_sig(const struct detect_engine *de, uint32_t i);

/* Per-worker context; owned by the caller. NULL on allocation failure. */
struct detect_thread *detect_thread_new(const struct detect_engine *de);
void detect_thread_free(struct detect_thread *dt);

/* Runs the engine on p (after decode and flow). Alerts are appended to out. On a TCP
 * flow with a session the raw stream of p's direction is inspected too (and marked
 * inspected), and on a flow whose app-layer protocol is known its transactions. */
void detect_packet(struct detect_thread *dt, struct packet *p, struct detect_alerts *out);

struct stream_thread;
/* Gives dt the worker's stream context, the source of the raw stream (stream.h). Without
 * one (NULL, the default) payload rules inspect packets only. */
void detect_thread_set_stream(struct detect_thread *dt, struct stream_thread *st);

/* The last detection on a flow that ends, for direction dir (FLOW_DIR_*), as Suricata's
 * flow-end pseudo packets: the raw stream not inspected yet and, with txs, every
 * transaction not done, now treated as final, so a transaction completed by the flow's
 * end still alerts. The worker calls it without txs before stream_flow_end() (the session
 * is still there: acknowledged bytes not inspected yet), then with txs once the app layer
 * completed the transactions and before they are logged. p is filled with the pseudo
 * packet the alerts refer to (flow addresses in dir's orientation, no payload,
 * PKT_F_PSEUDO, root NULL); log out's alerts with it. */
void detect_flow_end(struct detect_thread *dt, struct flow *f, int dir, bool txs, struct packet *p,
        struct detect_alerts *out);

/* Frees a transaction's detection state (app_tx.detect): the app_config.detect_free
 * callback. NULL is a no-op. */
void detect_tx_state_free(void *state);

/* detect.* counters (alerts, alert queue overflow, ...). */
void detect_export_stats(const struct detect_thread *dt, struct stats_set *s);
/* True if p is tagged by an earlier match of a rule with the tag keyword (its flow or one
 * of its hosts is tagged, detect/tag-state.h); accounts p against those tags. Call once
 * per packet after detect_packet(). Implemented in kw/tag-keywords.c. */
bool detect_packet_tagged(struct detect_thread *dt, const struct packet *p);

#endif
