/*
 * app-layer.h - the app-layer stage: protocol detection, parsers, transactions.
 *
 * Every protocol is one struct app_parser in the registry (app-registry.c lists them, one
 * line each). The framework (app-layer.c, app-detect.c) owns the per-flow state
 * (struct app_flow, in flow->app):
 *   - detection: by content probes on the first bytes of each direction, then by the
 *     protocol's ports; both directions must agree (else an applayer event); when neither
 *     gives an answer within the probing limit, flow->app_proto becomes APP_PROTO_FAILED;
 *     bytes seen while probing are kept (bounded) and given to the parser once it is known;
 *   - parsing: TCP bytes come in order from the stream stage (stream.h consumer contract),
 *     UDP payloads one datagram at a time; the parser turns them into transactions;
 *   - transactions: each parser's tx struct starts with a struct app_tx; the parser appends
 *     it with app_tx_append() (which numbers it: tx_id 0, 1, ...) and marks each direction
 *     complete when that side is done. The framework frees a tx once it is complete in both
 *     directions (or the flow ended), logged (or logging is off) and inspected by detection.
 *
 * The detection engine reads transactions (app_tx_first / tx->next) and their buffers
 * through each protocol's own header (app/dns/dns.h ...); output logs a complete tx with
 * the parser's log_tx(). Events: a parser raises protocol events on a tx (or on the flow
 * when no tx exists) by number in its event_names table; app-layer-event rules and the
 * anomaly log read them. The framework's own events are the "applayer.*" ones.
 *
 * One app_thread per worker; no locks. Parsers keep no global mutable state except their
 * configuration, set once at startup by init().
 */
#ifndef VG_APP_APP_LAYER_H
#define VG_APP_APP_LAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app-proto.h"
#include "conf/conf.h"
#include "decode/decode-types.h"
#include "flow/flow-types.h"
#include "util/json.h"
#include "util/stats.h"

/* Directions, as FLOW_DIR_* (flow.h). */
enum {
    APP_DIR_TOSERVER = 0,
    APP_DIR_TOCLIENT = 1,
};

/* Events kept per transaction or per flow; more are counted only. */
#define APP_EVENTS_MAX 8

/* Event sources: a protocol's own table, or the framework's applayer.* table. */
enum {
    APP_EVENT_SRC_PROTO = 0,
    APP_EVENT_SRC_APPLAYER = 1,
};

struct app_event {
    uint8_t src;  /* APP_EVENT_SRC_* */
    uint8_t id;   /* index into the source's event table */
    uint8_t dirs; /* bit 1 << APP_DIR_* of the parsing that raised it; 0: not known */
};

struct app_events {
    struct app_event ev[APP_EVENTS_MAX];
    uint8_t n;
    uint8_t logged; /* ev[0 .. logged) are in the anomaly log already (output's) */
};

/* The common head of every transaction: first member of each parser's tx struct. */
struct app_tx {
    struct app_tx *next; /* next newer tx of the flow */
    uint64_t id;         /* tx_id, from 0 in order of creation */
    uint8_t complete;    /* bit 1 << dir: that direction's part is complete */
    uint8_t logged;      /* EVE record(s) written: 3 when done (bit 1 << dir for parsers
                          * with log_per_direction) */
    bool detect_done;    /* detection will not look at it again */
    uint8_t pad;
    struct app_events events;
    /* Detection state for this tx (which signatures matched), owned by the detect stage,
     * freed through app_config.detect_free. */
    void *detect;
};

/* What a probe says about the first bytes of a direction. */
enum app_probe_result {
    APP_PROBE_NO = 0,      /* not this protocol */
    APP_PROBE_MORE = 1,    /* cannot tell yet: call again with more bytes */
    APP_PROBE_YES = 2,     /* this protocol */
    APP_PROBE_YES_REV = 3, /* this protocol, but the bytes go the other way (the "client"
                            * of the flow is the protocol's server: swap the directions) */
};

/* Flags of a parse call. */
enum {
    APP_PARSE_F_GAP = 1u << 0, /* len bytes are missing (data is NULL) */
    APP_PARSE_F_EOF = 1u << 1, /* the direction ended (after these bytes, if any) */
};

struct app_flow;

struct app_parser {
    uint16_t proto;        /* APP_PROTO_* */
    uint8_t transports;    /* APP_PROTO_T_TCP | APP_PROTO_T_UDP */
    const uint16_t *ports; /* default ports for port-based detection (either side) */
    uint8_t n_ports;
    /* Content probe on the first len bytes of direction dir (NULL: ports only). */
    enum app_probe_result (*probe)(const uint8_t *data, size_t len, int dir);
    /* Reads app-layer.protocols.<name>.* once at startup (NULL: nothing to read).
     * Returns VG_OK or VG_EINVAL after logging the reason. */
    int (*init)(const struct conf *c);
    void *(*state_new)(void);
    void (*state_free)(void *state);
    /* Parses len bytes of direction dir, in order (TCP) or one datagram (UDP). Creates
     * and completes transactions on af. Returns VG_OK, or a negative VG_E* when the input
     * is not this protocol any more: the framework then stops parsing the flow (an
     * applayer event is raised). */
    int (*parse)(struct app_flow *af, void *state, struct packet *p, int dir, const uint8_t *data,
            uint32_t len, unsigned flags);
    void (*tx_free)(struct app_tx *tx);
    /* Writes the protocol's object of the EVE record for tx, key included
     * (e.g. "dns": {...}); w is inside the record's top-level object. dir is the direction
     * of the packet the record is about (alerts) or -1 (the protocol's own record). */
    void (*log_tx)(struct json *w, const struct app_tx *tx, int dir);
    /* Writes the object of the protocol's own record when it differs from log_tx's (HTTP
     * without "extended: yes"); NULL: log_tx is used for that record too. */
    void (*log_record)(struct json *w, const struct app_tx *tx, int dir);
    /* Event names without the protocol prefix ("malformed_data" for dns.malformed_data),
     * indexed by event id. */
    const char *const *event_names;
    uint8_t n_event_names;
    const char *eve_type; /* EVE event_type of its records ("dns", "http", "tls", ...) */
    /* One record per direction (DNS: request and response), log_tx called with dir 0 then
     * 1 as each side completes; otherwise one record per tx once both sides completed
     * (or the flow ended), log_tx called with dir -1. */
    bool log_per_direction;
    /* With log_per_direction: when it returns true, both sides' records are written in the
     * flow's orientation (source = the protocol's client), as DNS's v2 records are; NULL or
     * false: each side in its own direction. */
    bool (*log_flow_oriented)(void);
    /* The probe is weak (e.g. DNS over UDP): run it only when one of ports is the flow's
     * server or client port. */
    bool probe_ports_only;
    /* Off unless app-layer.protocols.<name>.enabled says yes (Suricata's default for
     * dnp3, modbus, enip ...). */
    bool disabled_by_default;
    /* Bytes charged to the protocol's memcap per transaction and per parser state (the
     * parser's struct sizes; 0: not charged). Buffers a parser grows are charged by the
     * parser itself with app_memcap_take() / app_memcap_give(). */
    uint32_t tx_size;
    uint32_t state_size;
};

/* Per-flow app-layer state (flow->app); the framework's, readable by detect and output. */
struct app_flow {
    const struct app_parser *parser; /* NULL while unknown or failed */
    void *state;                     /* the parser's */
    struct app_tx *txs, *txs_tail;   /* open transactions, oldest first */
    uint64_t tx_next_id;
    struct app_events events; /* flow-level events (no tx to carry them) */
    uint32_t flags;           /* framework's */
    /* detection: bytes kept while probing, per direction (bounded) */
    uint8_t *probe_buf[2];
    uint32_t probe_len[2];
    uint8_t probe_done[2];
    uint16_t proto_ts, proto_tc; /* what each direction's probing found */
    uint8_t first_dir;           /* direction of the first data (detection replays it first) */
    uint8_t parse_dirs;          /* 1 << APP_DIR_* while the parser runs on it, else 0 */
    uint8_t pad[2];
};

/* app_flow.flags */
enum {
    APP_FLOW_F_REVERSED = 1u << 0,    /* the flow's client is the protocol's server: parsers
                                       * and records see dir ^ 1 (app_flow_dir()) */
    APP_FLOW_F_PARSE_ERROR = 1u << 1, /* the parser gave up: no more parsing */
    APP_FLOW_F_FED = 1u << 2,         /* the parser has been given data */
    APP_FLOW_F_COUNTED = 1u << 3,     /* app_layer.flow.* counted */
    APP_FLOW_F_ENDED = 1u << 4,       /* app_flow_end() ran */
    APP_FLOW_F_EOF_TS = 1u << 5,      /* parser told EOF, per protocol direction */
    APP_FLOW_F_EOF_TC = 1u << 6,
    APP_FLOW_F_HAS_DATA_TS = 1u << 7, /* payload seen, per flow direction */
    APP_FLOW_F_HAS_DATA_TC = 1u << 8,
    APP_FLOW_F_EOF_SEEN_TS = 1u << 9, /* the stream ended while probing, per flow direction */
    APP_FLOW_F_EOF_SEEN_TC = 1u << 10,
    APP_FLOW_F_MEMCAP = 1u << 11, /* the protocol's memcap was reached: no more parsing */
};

/* The protocol direction of flow direction dir (they differ once detection reversed the
 * flow). */
static inline int app_flow_dir(const struct app_flow *af, int dir)
{
    return (af->flags & APP_FLOW_F_REVERSED) ? dir ^ 1 : dir;
}

/* Ports of app-layer.protocols.<name>.detection-ports (replace the parser's own). */
#define APP_PORTS_MAX 16
struct app_port_set {
    uint16_t lo[APP_PORTS_MAX], hi[APP_PORTS_MAX];
    uint8_t n;
    bool set; /* configured: used instead of app_parser.ports */
};

struct app_config {
    bool enabled[APP_PROTO_MAX];       /* app-layer.protocols.<name>.enabled */
    uint32_t probe_limit;              /* bytes per direction before detection fails: 4096 */
    void (*detect_free)(void *detect); /* frees app_tx.detect (set by the worker) */
    bool detect_only[APP_PROTO_MAX];   /* enabled: detection-only (no parsing, no txs) */
    struct app_port_set ports[APP_PROTO_MAX];
    uint64_t memcap[APP_PROTO_MAX]; /* app-layer.protocols.<name>.memcap; 0: unlimited */
};

struct app_thread;

/* Loads the app-layer config and initialises every enabled parser. */
int app_config_load(struct app_config *cfg, const struct conf *c);
void app_config_defaults(struct app_config *cfg);

/* The registered parser of proto, or NULL. */
const struct app_parser *app_parser_get(uint16_t proto);
/* Name EVE writes as app_proto ("http" for HTTP/1, "failed", ...), or NULL for NONE. */
const char *app_proto_eve_name(uint16_t proto);

/* Per-worker context; cfg must outlive it. NULL on ENOMEM. */
struct app_thread *app_thread_new(const struct app_config *cfg);
/* The same with another registry than app-registry.c's (a NULL-terminated array that must
 * outlive the thread): tests and fuzzers. */
struct app_thread *app_thread_new_registry(
        const struct app_config *cfg, const struct app_parser *const *registry);
void app_thread_free(struct app_thread *at);

/* The stream consumer (stream.h): in-order TCP bytes of direction dir of f. */
void app_on_stream_data(void *at, struct flow *f, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags);
/* A UDP packet with payload on its flow. */
void app_handle_udp(struct app_thread *at, struct packet *p);
/* The flow ends: every open tx is completed (parser EOF) so it can be logged. */
void app_flow_end(struct app_thread *at, struct flow *f);
/* Frees f->app (and every tx). Safe when NULL. */
void app_flow_free(struct app_thread *at, struct flow *f);
/* Frees the txs of f that are complete in both directions and logged, and inspected by
 * detection when detect_active (called by the worker after detection and logging). */
void app_flow_gc(struct app_thread *at, struct flow *f, bool detect_active);

/* Appends a parser's new tx to af (sets tx->id, clears the head's other fields). */
void app_tx_append(struct app_flow *af, struct app_tx *tx);
/* Oldest open tx of f, or NULL; follow tx->next. */
static inline struct app_tx *app_tx_first(const struct flow *f)
{
    return f->app != NULL ? f->app->txs : NULL;
}
/* Raises event id of the flow's parser on tx (NULL: on the flow). */
void app_event_raise(struct app_flow *af, struct app_tx *tx, uint8_t id);
/* Raises framework event id (enum app_layer_event) on the flow. */
void app_layer_event_raise(struct app_flow *af, uint8_t id);

/* The framework's events, named "applayer.<name>". */
enum app_layer_event {
    APP_EV_MISMATCH_BOTH_DIRECTIONS = 0, /* mismatch_protocol_both_directions */
    APP_EV_WRONG_DIRECTION_FIRST_DATA,   /* wrong_direction_first_data */
    APP_EV_DETECT_ONLY_ONE_DIRECTION,    /* detect_protocol_only_one_direction */
    APP_EV_PROTO_DETECTION_SKIPPED,      /* proto_detection_skipped */
    APP_EV_NO_TLS_AFTER_STARTTLS,        /* no_tls_after_starttls */
    APP_EV_UNEXPECTED_PROTOCOL,          /* unexpected_protocol */
    APP_EV_PARSER_ERROR,                 /* parser gave up (counted, not a Suricata name) */
    APP_EV_MEMCAP,                       /* memcap_reached: parsing stopped (Vigie's) */
    APP_EV_MAX
};
/* Name of a framework event ("mismatch_protocol_both_directions"), or NULL. */
const char *app_layer_event_name(uint8_t id);
/* Full name of an event ("dns.malformed_data", "applayer.unexpected_protocol"). Writes
 * into buf; returns buf or NULL if unknown. */
const char *app_event_full_name(
        const struct app_flow *af, const struct app_event *ev, char *buf, size_t cap);

/* Per-protocol memcaps (app-layer.protocols.<name>.memcap, process-wide as Suricata's
 * http memcap). Parsers charge what they allocate per flow; the framework charges each
 * parser's tx_size / state_size. When a protocol's use reaches its memcap, a flow of that
 * protocol that is parsed next stops being parsed (APP_FLOW_F_MEMCAP, applayer event
 * memcap_reached); its open files end TRUNCATED. Thread-safe (atomics). */

/* Sets proto's memcap (0: unlimited); app_config_load() does it from the config. */
void app_memcap_set(uint16_t proto, uint64_t cap);
/* Charges n bytes to proto: false (nothing charged, a memcap hit counted) when that would
 * go over its memcap; the caller then does without the memory. */
bool app_memcap_take(uint16_t proto, uint64_t n);
/* Gives back n bytes charged to proto. */
void app_memcap_give(uint16_t proto, uint64_t n);
/* Bytes charged to proto now. */
uint64_t app_memcap_use(uint16_t proto);
/* Times proto's memcap refused memory. */
uint64_t app_memcap_hits(uint16_t proto);

/* app_layer.* counters (Suricata's: app_layer.flow.<proto>, app_layer.tx.<proto>,
 * app_layer.error.<proto>.parser ...). */
void app_export_stats(const struct app_thread *at, struct stats_set *s);

#endif
