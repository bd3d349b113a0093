/*
 * test_app_layer.c - unit tests for the app-layer framework (app-layer.c, app-detect.c):
 * detection in both directions with buffering and replay, MORE, probe limit, ports,
 * reversal, failure, gaps, mismatch and one-direction events, transactions and their
 * garbage collection, flow end, parser errors, events' names, counters and configuration;
 * and a few of the detection-only probes through the real registry.
 *
 * A fake protocol ("telnet" numbers, so no real parser is involved) is defined here:
 * toserver "HELLO" (or "HEL": MORE), toclient "OLLEH"; "OLLEH" sent to the server is the
 * protocol's reply seen first (YES_REV); "WAIT..." always asks for more. Its parser makes
 * one tx per toserver line, completes the oldest open tx's toclient side per toclient line,
 * raises event 0 on "EVT" and fails on "BAD". A second fake ("irc") answers "BBBB" both
 * ways, a third ("mqtt") has no probe and port 7777.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/app-layer.h"
#include "conf/conf.h"
#include "output/eve-app.h"
#include "stream/stream.h"
#include "util/err.h"
#include "util/log.h"
#include "util/stats.h"

#define PROTO_A APP_PROTO_TELNET
#define PROTO_B APP_PROTO_IRC
#define PROTO_C APP_PROTO_MQTT

struct fake_tx {
    struct app_tx head;
    int n;
};

struct fake_state {
    uint32_t bytes[2];
    int calls[2];
    int gaps, eofs[2];
    char first[2][16]; /* first bytes seen per direction */
};

static int fake_tx_frees;
static int fake_state_frees;

static enum app_probe_result probe_a(const uint8_t *d, size_t len, int dir)
{
    const char *w = dir == APP_DIR_TOSERVER ? "HELLO" : "OLLEH";
    size_t m = len < 5 ? len : 5;

    if (len >= 4 && memcmp(d, "WAIT", 4) == 0)
        return APP_PROBE_MORE;
    if (dir == APP_DIR_TOSERVER && len >= 5 && memcmp(d, "OLLEH", 5) == 0)
        return APP_PROBE_YES_REV;
    if (memcmp(d, w, m) != 0)
        return APP_PROBE_NO;
    return len < 5 ? APP_PROBE_MORE : APP_PROBE_YES;
}

static enum app_probe_result probe_b(const uint8_t *d, size_t len, int dir)
{
    (void)dir;
    return len >= 4 && memcmp(d, "BBBB", 4) == 0 ? APP_PROBE_YES : APP_PROBE_NO;
}

static void *fake_state_new(void)
{
    return calloc(1, sizeof(struct fake_state));
}

static void fake_state_free(void *s)
{
    fake_state_frees++;
    free(s);
}

static void fake_tx_free(struct app_tx *tx)
{
    fake_tx_frees++;
    free(tx);
}

static bool has(const uint8_t *d, uint32_t len, const char *w)
{
    size_t n = strlen(w);

    for (uint32_t i = 0; d != NULL && i + n <= len; i++) {
        if (memcmp(d + i, w, n) == 0)
            return true;
    }
    return false;
}

static int fake_parse(struct app_flow *af, void *state, struct packet *p, int dir,
        const uint8_t *data, uint32_t len, unsigned flags)
{
    struct fake_state *st = state;

    (void)p;
    st->calls[dir]++;
    if (flags & APP_PARSE_F_GAP) {
        st->gaps++;
        return VG_OK;
    }
    if (flags & APP_PARSE_F_EOF)
        st->eofs[dir]++;
    if (data != NULL && st->bytes[dir] == 0 && len > 0)
        memcpy(st->first[dir], data, len < 15 ? len : 15);
    st->bytes[dir] += len;
    if (has(data, len, "BAD"))
        return VG_EINVAL;
    for (uint32_t i = 0; data != NULL && i < len; i++) {
        if (data[i] != '\n')
            continue;
        if (dir == APP_DIR_TOSERVER) {
            struct fake_tx *tx = calloc(1, sizeof(*tx));
            assert_non_null(tx);
            app_tx_append(af, &tx->head);
            tx->head.complete = 1;
            if (has(data, len, "EVT"))
                app_event_raise(af, &tx->head, 0);
        } else {
            for (struct app_tx *t = af->txs; t != NULL; t = t->next) {
                if (!(t->complete & 2)) {
                    t->complete |= 2;
                    break;
                }
            }
        }
    }
    if (has(data, len, "FLOWEVT"))
        app_event_raise(af, NULL, 1);
    return VG_OK;
}

static int logged_records;

static void fake_log_tx(struct json *w, const struct app_tx *tx, int dir)
{
    (void)dir;
    logged_records++;
    json_key(w, "fake");
    json_open_object(w);
    json_kv_u64(w, "id", tx->id);
    json_close_object(w);
}

static const char *const fake_events[] = { "bad_thing", "flow_thing" };

static const struct app_parser parser_a = {
    .proto = PROTO_A,
    .transports = APP_PROTO_T_TCP | APP_PROTO_T_UDP,
    .probe = probe_a,
    .state_new = fake_state_new,
    .state_free = fake_state_free,
    .parse = fake_parse,
    .tx_free = fake_tx_free,
    .log_tx = fake_log_tx,
    .event_names = fake_events,
    .n_event_names = 2,
    .eve_type = "fake",
};

static const struct app_parser parser_b = {
    .proto = PROTO_B,
    .transports = APP_PROTO_T_TCP,
    .probe = probe_b,
};

static const uint16_t c_ports[] = { 7777 };
static const struct app_parser parser_c = {
    .proto = PROTO_C,
    .transports = APP_PROTO_T_TCP,
    .ports = c_ports,
    .n_ports = 1,
};

static const struct app_parser *const fake_registry[] = { &parser_a, &parser_b, &parser_c, NULL };

struct fixture {
    struct app_config cfg;
    struct app_thread *at;
    struct flow f;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));

    assert_non_null(fx);
    app_config_defaults(&fx->cfg);
    fx->cfg.enabled[PROTO_A] = fx->cfg.enabled[PROTO_B] = fx->cfg.enabled[PROTO_C] = true;
    fx->at = app_thread_new_registry(&fx->cfg, fake_registry);
    assert_non_null(fx->at);
    fx->f.key.ip_ver = 4;
    fx->f.key.proto = 6;
    fx->f.key.sp = 40000;
    fx->f.key.dp = 5555;
    fx->f.tcp_flags_ts = TCP_SYN;
    fake_tx_frees = fake_state_frees = logged_records = 0;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;

    app_flow_free(fx->at, &fx->f);
    app_thread_free(fx->at);
    free(fx);
    return 0;
}

static void feed(struct fixture *fx, int dir, const char *s, unsigned flags)
{
    app_on_stream_data(fx->at, &fx->f, NULL, dir, (const uint8_t *)s, (uint32_t)strlen(s), flags);
}

static struct fake_state *fstate(struct fixture *fx)
{
    assert_non_null(fx->f.app);
    return fx->f.app->state;
}

static bool has_event(const struct app_events *e, uint8_t src, uint8_t id)
{
    for (uint8_t i = 0; i < e->n; i++) {
        if (e->ev[i].src == src && e->ev[i].id == id)
            return true;
    }
    return false;
}

static void test_detect_toserver(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "HELLO\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_ptr_equal(fx->f.app->parser, &parser_a);
    assert_int_equal(fstate(fx)->bytes[0], 6);
    assert_non_null(fx->f.app->txs);
    assert_int_equal(fx->f.app->txs->id, 0);
    /* the reply direction is probed too and agrees */
    feed(fx, APP_DIR_TOCLIENT, "OLLEH\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app->proto_tc, PROTO_A);
    assert_int_equal(fx->f.app->txs->complete, 3);
    assert_int_equal(fx->f.app->events.n, 0);
}

static void test_buffering_more(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "HE", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, APP_PROTO_NONE);
    assert_int_equal(fx->f.app->probe_len[0], 2);
    feed(fx, APP_DIR_TOSERVER, "LLO\nX", 0);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_int_equal(fstate(fx)->bytes[0], 7);
    assert_string_equal(fstate(fx)->first[0], "HELLO\nX");
    assert_null(fx->f.app->probe_buf[0]);
    feed(fx, APP_DIR_TOSERVER, "more\n", 0);
    assert_int_equal(fstate(fx)->bytes[0], 12);
}

static void test_replay_first_direction_first(void **state)
{
    struct fixture *fx = *state;

    /* toclient garbage first (kept: the toserver side is still unknown) */
    feed(fx, APP_DIR_TOCLIENT, "xyz", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, APP_PROTO_NONE);
    assert_int_equal(fx->f.app->proto_tc, APP_PROTO_FAILED);
    feed(fx, APP_DIR_TOSERVER, "HELLO\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    /* both kept directions were replayed */
    assert_int_equal(fstate(fx)->bytes[1], 3);
    assert_int_equal(fstate(fx)->bytes[0], 6);
    /* the toclient side had failed before anything was known: no event */
    assert_false(has_event(
            &fx->f.app->events, APP_EVENT_SRC_APPLAYER, APP_EV_DETECT_ONLY_ONE_DIRECTION));
}

static void test_only_one_direction(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "HELLO\n", STREAM_DATA_F_START);
    feed(fx, APP_DIR_TOCLIENT, "zzzzzz\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_int_equal(fx->f.app->proto_tc, APP_PROTO_FAILED);
    assert_true(has_event(
            &fx->f.app->events, APP_EVENT_SRC_APPLAYER, APP_EV_DETECT_ONLY_ONE_DIRECTION));
    assert_int_equal(fstate(fx)->bytes[1], 7);
}

static void test_mismatch(void **state)
{
    struct fixture *fx = *state;
    char buf[96];

    feed(fx, APP_DIR_TOSERVER, "HELLO\n", STREAM_DATA_F_START);
    feed(fx, APP_DIR_TOCLIENT, "BBBB\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_A); /* the parser has data: it stays */
    assert_int_equal(fx->f.app->proto_tc, PROTO_B);
    assert_true(
            has_event(&fx->f.app->events, APP_EVENT_SRC_APPLAYER, APP_EV_MISMATCH_BOTH_DIRECTIONS));
    assert_string_equal(app_event_full_name(fx->f.app, &fx->f.app->events.ev[0], buf, sizeof(buf)),
            "applayer.mismatch_protocol_both_directions");
}

static void test_mismatch_server_wins_before_parsing(void **state)
{
    struct fixture *fx = *state;

    /* B has no parser: nothing was parsed, so the server side decides */
    feed(fx, APP_DIR_TOSERVER, "BBBB\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_B);
    feed(fx, APP_DIR_TOCLIENT, "OLLEH\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_int_equal(fx->f.app->proto_ts, PROTO_B);
    assert_true(
            has_event(&fx->f.app->events, APP_EVENT_SRC_APPLAYER, APP_EV_MISMATCH_BOTH_DIRECTIONS));
}

static void test_failed_both(void **state)
{
    struct fixture *fx = *state;
    struct stats_set s;

    feed(fx, APP_DIR_TOSERVER, "garbage", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, APP_PROTO_NONE);
    feed(fx, APP_DIR_TOCLIENT, "more garbage", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, APP_PROTO_FAILED);
    assert_null(fx->f.app->probe_buf[0]);
    assert_null(fx->f.app->probe_buf[1]);
    feed(fx, APP_DIR_TOSERVER, "HELLO\n", 0); /* too late */
    assert_int_equal(fx->f.app_proto, APP_PROTO_FAILED);
    stats_set_init(&s);
    app_export_stats(fx->at, &s);
    assert_int_equal(stats_get(&s, "app_layer.flow.failed_tcp"), 1);
    assert_int_equal(stats_get(&s, "app_layer.flow.telnet"), 0);
    stats_set_release(&s);
}

static void test_probe_limit(void **state)
{
    struct fixture *fx = *state;
    char *big = malloc(5001);

    assert_non_null(big);
    memset(big, 'a', 5000);
    big[5000] = '\0';
    memcpy(big, "WAIT", 4);
    feed(fx, APP_DIR_TOSERVER, "WAIT", STREAM_DATA_F_START);
    assert_false(fx->f.app->probe_done[0]);
    feed(fx, APP_DIR_TOSERVER, big, 0);
    assert_true(fx->f.app->probe_done[0]);
    assert_int_equal(fx->f.app->proto_ts, APP_PROTO_FAILED);
    assert_int_equal(fx->f.app_proto, APP_PROTO_NONE); /* the other side may still tell */
    feed(fx, APP_DIR_TOCLIENT, "OLLEH\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_int_equal(fstate(fx)->bytes[0], 5004); /* held bytes replayed */
    free(big);
}

static void test_hold_limit(void **state)
{
    struct fixture *fx = *state;
    char *big = malloc(60001);

    assert_non_null(big);
    memset(big, 'z', 60000);
    big[60000] = '\0';
    feed(fx, APP_DIR_TOSERVER, big, STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, APP_PROTO_NONE);
    feed(fx, APP_DIR_TOSERVER, big, 0);
    assert_int_equal(fx->f.app_proto, APP_PROTO_FAILED);
    assert_true(
            has_event(&fx->f.app->events, APP_EVENT_SRC_APPLAYER, APP_EV_PROTO_DETECTION_SKIPPED));
    free(big);
}

static void test_gap_during_detection(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "HE", STREAM_DATA_F_START);
    app_on_stream_data(fx->at, &fx->f, NULL, APP_DIR_TOSERVER, NULL, 100, STREAM_DATA_F_GAP);
    assert_int_equal(fx->f.app_proto, APP_PROTO_FAILED);
}

static void test_gap_after_detection(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "HELLO\n", STREAM_DATA_F_START);
    feed(fx, APP_DIR_TOCLIENT, "OL", STREAM_DATA_F_START);
    app_on_stream_data(fx->at, &fx->f, NULL, APP_DIR_TOCLIENT, NULL, 100, STREAM_DATA_F_GAP);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_int_equal(fx->f.app->proto_tc, APP_PROTO_FAILED);
    assert_int_equal(fstate(fx)->bytes[1], 2);
    assert_int_equal(fstate(fx)->gaps, 1);
}

static void test_ports(void **state)
{
    struct fixture *fx = *state;

    fx->f.key.dp = 7777;
    feed(fx, APP_DIR_TOSERVER, "whatever", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_C);
    assert_null(fx->f.app->state); /* detection only */
}

static void test_ports_configured(void **state)
{
    struct fixture *fx = *state;

    fx->cfg.ports[PROTO_C].set = true;
    fx->cfg.ports[PROTO_C].n = 1;
    fx->cfg.ports[PROTO_C].lo[0] = 5000;
    fx->cfg.ports[PROTO_C].hi[0] = 6000;
    feed(fx, APP_DIR_TOSERVER, "whatever", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_C);
}

static void test_reverse_midstream(void **state)
{
    struct fixture *fx = *state;

    fx->f.tcp_flags_ts = TCP_ACK; /* picked up midstream: no SYN from the "client" */
    feed(fx, APP_DIR_TOSERVER, "OLLEH\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_true(fx->f.app->flags & APP_FLOW_F_REVERSED);
    assert_int_equal(app_flow_dir(fx->f.app, APP_DIR_TOSERVER), APP_DIR_TOCLIENT);
    assert_int_equal(fstate(fx)->bytes[APP_DIR_TOCLIENT], 6);
    assert_int_equal(fstate(fx)->bytes[APP_DIR_TOSERVER], 0);
}

static void test_no_reverse_after_syn(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "OLLEH\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_false(fx->f.app->flags & APP_FLOW_F_REVERSED);
}

static void test_udp(void **state)
{
    struct fixture *fx = *state;
    struct packet p;
    static const uint8_t d1[] = "OLLEH\n";
    static const uint8_t d2[] = "HELLO\n";

    fx->f.key.proto = 17;
    memset(&p, 0, sizeof(p));
    p.flow = &fx->f;
    p.flow_dir = APP_DIR_TOSERVER;
    p.payload = d1;
    p.payload_len = 6;
    app_handle_udp(fx->at, &p);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_true(fx->f.app->flags & APP_FLOW_F_REVERSED);
    assert_int_equal(fstate(fx)->bytes[APP_DIR_TOCLIENT], 6);
    p.flow_dir = APP_DIR_TOCLIENT;
    p.payload = d2;
    app_handle_udp(fx->at, &p);
    assert_int_equal(fstate(fx)->bytes[APP_DIR_TOSERVER], 6);
    assert_non_null(fx->f.app->txs);
}

static void test_udp_failed(void **state)
{
    struct fixture *fx = *state;
    struct packet p;
    static const uint8_t d1[] = "nothing";

    fx->f.key.proto = 17;
    memset(&p, 0, sizeof(p));
    p.flow = &fx->f;
    p.payload = d1;
    p.payload_len = 7;
    app_handle_udp(fx->at, &p);
    assert_int_equal(fx->f.app_proto, APP_PROTO_FAILED);
}

static void test_tx_gc(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "HELLO\nsecond\nthird\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app->tx_next_id, 3);
    feed(fx, APP_DIR_TOCLIENT, "OLLEH\n", STREAM_DATA_F_START); /* completes tx 0 */
    eve_app_log(NULL, &fx->f, NULL, 0, false);
    assert_int_equal(fx->f.app->txs->logged, 3);
    assert_int_equal(fx->f.app->txs->next->logged, 0);
    /* detection has not looked at it yet */
    app_flow_gc(fx->at, &fx->f, true);
    assert_int_equal(fake_tx_frees, 0);
    fx->f.app->txs->detect_done = true;
    app_flow_gc(fx->at, &fx->f, true);
    assert_int_equal(fake_tx_frees, 1);
    assert_int_equal(fx->f.app->txs->id, 1);
    /* tx 2 completes before tx 1 is logged: freed out of order */
    fx->f.app->txs->next->complete = 3;
    eve_app_log(NULL, &fx->f, NULL, 0, false);
    app_flow_gc(fx->at, &fx->f, false);
    assert_int_equal(fake_tx_frees, 2);
    assert_int_equal(fx->f.app->txs->id, 1);
    assert_ptr_equal(fx->f.app->txs_tail, fx->f.app->txs);
    /* a new tx still appends after the tail */
    feed(fx, APP_DIR_TOSERVER, "fourth\n", 0);
    assert_int_equal(fx->f.app->txs->next->id, 3);
}

static void test_flow_end(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "HELLO\n", STREAM_DATA_F_START);
    app_flow_end(fx->at, &fx->f);
    assert_int_equal(fstate(fx)->eofs[0], 1);
    assert_int_equal(fstate(fx)->eofs[1], 1);
    assert_int_equal(fx->f.app->txs->complete, 3);
    eve_app_log(NULL, &fx->f, NULL, 0, true);
    app_flow_gc(fx->at, &fx->f, false);
    assert_null(fx->f.app->txs);
    app_flow_free(fx->at, &fx->f);
    assert_null(fx->f.app);
    assert_int_equal(fake_state_frees, 1);
}

static void test_flow_end_undecided(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "HEL", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, APP_PROTO_NONE);
    app_flow_end(fx->at, &fx->f);
    assert_int_equal(fx->f.app_proto, APP_PROTO_FAILED);
}

static void test_eof_while_probing(void **state)
{
    struct fixture *fx = *state;

    feed(fx, APP_DIR_TOSERVER, "HELLO", STREAM_DATA_F_START | STREAM_DATA_F_EOF);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_int_equal(fstate(fx)->eofs[0], 1);
}

static void test_parse_error(void **state)
{
    struct fixture *fx = *state;
    struct stats_set s;

    feed(fx, APP_DIR_TOSERVER, "HELLO BAD\n", STREAM_DATA_F_START);
    assert_true(fx->f.app->flags & APP_FLOW_F_PARSE_ERROR);
    feed(fx, APP_DIR_TOSERVER, "more\n", 0);
    assert_int_equal(fstate(fx)->calls[0], 1);
    stats_set_init(&s);
    app_export_stats(fx->at, &s);
    assert_int_equal(stats_get(&s, "app_layer.error.telnet.parser"), 1);
    assert_int_equal(stats_get(&s, "app_layer.flow.telnet"), 1);
    stats_set_release(&s);
}

static void test_events(void **state)
{
    struct fixture *fx = *state;
    char buf[96];
    struct stats_set s;

    feed(fx, APP_DIR_TOSERVER, "HELLO EVT\nFLOWEVT\n", STREAM_DATA_F_START);
    assert_true(has_event(&fx->f.app->txs->events, APP_EVENT_SRC_PROTO, 0));
    assert_true(has_event(&fx->f.app->events, APP_EVENT_SRC_PROTO, 1));
    assert_string_equal(
            app_event_full_name(fx->f.app, &fx->f.app->txs->events.ev[0], buf, sizeof(buf)),
            "telnet.bad_thing");
    /* raising the same event twice keeps one */
    app_event_raise(fx->f.app, fx->f.app->txs, 0);
    assert_int_equal(fx->f.app->txs->events.n, 1);
    assert_string_equal(app_layer_event_name(APP_EV_UNEXPECTED_PROTOCOL), "unexpected_protocol");
    assert_null(app_layer_event_name(APP_EV_MAX));
    assert_string_equal(app_proto_eve_name(APP_PROTO_HTTP1), "http");
    assert_string_equal(app_proto_eve_name(APP_PROTO_FAILED), "failed");
    assert_null(app_proto_eve_name(APP_PROTO_NONE));
    stats_set_init(&s);
    app_export_stats(fx->at, &s);
    assert_int_equal(stats_get(&s, "app_layer.tx.telnet"), 2);
    stats_set_release(&s);
}

static void test_detection_only_config(void **state)
{
    struct fixture *fx = *state;

    fx->cfg.detect_only[PROTO_A] = true;
    feed(fx, APP_DIR_TOSERVER, "HELLO\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, PROTO_A);
    assert_null(fx->f.app->state);
    assert_null(fx->f.app->txs);
}

static void test_disabled(void **state)
{
    struct fixture *fx = *state;

    fx->cfg.enabled[PROTO_A] = false;
    feed(fx, APP_DIR_TOSERVER, "HELLO\n", STREAM_DATA_F_START);
    feed(fx, APP_DIR_TOCLIENT, "OLLEH\n", STREAM_DATA_F_START);
    assert_int_equal(fx->f.app_proto, APP_PROTO_FAILED);
}

static void test_config_load(void **state)
{
    static const char yaml[] = "app-layer:\n"
                               "  protocols:\n"
                               "    ftp:\n"
                               "      enabled: no\n"
                               "    smb:\n"
                               "      enabled: detection-only\n"
                               "      detection-ports:\n"
                               "        dp: 139, 445\n"
                               "    rdp:\n"
                               "      detection-ports:\n"
                               "        dp: \"[3389, 4000:4010]\"\n";
    struct app_config cfg;
    struct conf c;

    (void)state;
    assert_int_equal(conf_load_string(&c, yaml, sizeof(yaml) - 1, "test"), VG_OK);
    assert_int_equal(app_config_load(&cfg, &c), VG_OK);
    assert_false(cfg.enabled[APP_PROTO_FTP]);
    assert_true(cfg.enabled[APP_PROTO_SMB]);
    assert_true(cfg.detect_only[APP_PROTO_SMB]);
    assert_true(cfg.ports[APP_PROTO_SMB].set);
    assert_int_equal(cfg.ports[APP_PROTO_SMB].n, 2);
    assert_int_equal(cfg.ports[APP_PROTO_SMB].lo[1], 445);
    assert_int_equal(cfg.ports[APP_PROTO_RDP].n, 2);
    assert_int_equal(cfg.ports[APP_PROTO_RDP].lo[1], 4000);
    assert_int_equal(cfg.ports[APP_PROTO_RDP].hi[1], 4010);
    assert_true(cfg.enabled[APP_PROTO_POP3]);
    conf_release(&c);
}

static void test_config_bad_ports(void **state)
{
    static const char yaml[] = "app-layer:\n"
                               "  protocols:\n"
                               "    smb:\n"
                               "      detection-ports:\n"
                               "        dp: 70000\n";
    struct app_config cfg;
    struct conf c;

    (void)state;
    assert_int_equal(conf_load_string(&c, yaml, sizeof(yaml) - 1, "test"), VG_OK);
    assert_int_equal(app_config_load(&cfg, &c), VG_EINVAL);
    conf_release(&c);
}

/* ---- detection-only probes through the real registry ---- */

static uint16_t real_detect(uint8_t l4, uint16_t sp, uint16_t dp, const char *ts, size_t ts_len,
        const char *tc, size_t tc_len)
{
    struct app_config cfg;
    struct app_thread *at;
    struct flow f;
    uint16_t r;

    app_config_defaults(&cfg);
    at = app_thread_new(&cfg);
    assert_non_null(at);
    memset(&f, 0, sizeof(f));
    f.key.ip_ver = 4;
    f.key.proto = l4;
    f.key.sp = sp;
    f.key.dp = dp;
    f.tcp_flags_ts = TCP_SYN;
    if (l4 == 17) {
        struct packet p;

        memset(&p, 0, sizeof(p));
        p.flow = &f;
        p.payload = (const uint8_t *)ts;
        p.payload_len = (uint32_t)ts_len;
        app_handle_udp(at, &p);
    } else {
        if (tc != NULL)
            app_on_stream_data(at, &f, NULL, 1, (const uint8_t *)tc, (uint32_t)tc_len, 1);
        if (ts != NULL)
            app_on_stream_data(at, &f, NULL, 0, (const uint8_t *)ts, (uint32_t)ts_len, 1);
    }
    app_flow_end(at, &f);
    r = f.app_proto;
    app_flow_free(at, &f);
    app_thread_free(at);
    return r;
}

#define S(x) x, sizeof(x) - 1

static void test_real_probes(void **state)
{
    (void)state;
    assert_int_equal(
            real_detect(6, 40000, 21, S("USER anonymous\r\n"), S("220 (vsFTPd 3.0.3)\r\n")),
            APP_PROTO_FTP);
    assert_int_equal(real_detect(6, 40000, 25, S("EHLO client\r\n"), S("220 mx ESMTP ready\r\n")),
            APP_PROTO_SMTP);
    assert_int_equal(
            real_detect(6, 40000, 110, S("USER bob\r\n"), S("+OK POP3 ready\r\n")), APP_PROTO_POP3);
    assert_int_equal(real_detect(6, 40000, 143, S("a001 CAPABILITY\r\n"), S("* OK IMAP4rev1\r\n")),
            APP_PROTO_IMAP);
    assert_int_equal(
            real_detect(6, 40000, 445, S("\x00\x00\x00\x2f\xfeSMB@\x00"), NULL, 0), APP_PROTO_SMB);
    assert_int_equal(
            real_detect(6, 40000, 5900, S("RFB 003.008\n"), S("RFB 003.008\n")), APP_PROTO_RFB);
    assert_int_equal(real_detect(6, 40000, 5432, S("\x00\x00\x00\x08\x04\xd2\x16\x2f"), S("N")),
            APP_PROTO_PGSQL);
    assert_int_equal(real_detect(6, 40000, 80, S("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), NULL, 0),
            APP_PROTO_HTTP2);
    assert_int_equal(
            real_detect(17, 40000, 5060, S("OPTIONS sip:bob@example.com SIP/2.0\r\n"), NULL, 0),
            APP_PROTO_SIP);
    assert_int_equal(real_detect(6, 40000, 8080,
                             S("\x05\x00\x0b\x03\x10\x00\x00\x00\x48\x00\x00"
                               "\x00\x01\x00\x00\x00"),
                             NULL, 0),
            APP_PROTO_DCERPC);
    /* RDP is probed on its port only */
    assert_int_equal(
            real_detect(6, 40000, 3389, S("\x03\x00\x00\x13\x0e\xe0\x00\x00\x00\x00\x00"), NULL, 0),
            APP_PROTO_RDP);
    assert_int_not_equal(
            real_detect(6, 40000, 102, S("\x03\x00\x00\x13\x0e\xe0\x00\x00\x00\x00\x00"), NULL, 0),
            APP_PROTO_RDP);
    assert_int_equal(real_detect(6, 40000, 12345, S("hello there\r\n"), S("who are you\r\n")),
            APP_PROTO_FAILED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_detect_toserver, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buffering_more, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replay_first_direction_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_one_direction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mismatch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mismatch_server_wins_before_parsing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_both, setup, teardown),
        cmocka_unit_test_setup_teardown(test_probe_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hold_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gap_during_detection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gap_after_detection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ports_configured, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reverse_midstream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_reverse_after_syn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_udp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_udp_failed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_gc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flow_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flow_end_undecided, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eof_while_probing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_detection_only_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disabled, setup, teardown),
        cmocka_unit_test(test_config_load),
        cmocka_unit_test(test_config_bad_ports),
        cmocka_unit_test(test_real_probes),
    };

    log_set_level(LOG_LEVEL_ERROR);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
