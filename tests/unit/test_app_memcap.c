/*
 * test_app_memcap.c - per-protocol memcaps (app-layer.c's app_memcap_*), through the real
 * HTTP parser: a flood of flows and of pipelined transactions under a small
 * app-layer.protocols.http.memcap stays bounded, flows over the cap stop being parsed
 * with the applayer memcap_reached event, the http.memuse / http.memcap counters say so,
 * and every byte charged (HTTP buffers, transactions, file trackers) is given back when
 * the flows are freed. Also: the config keys, and take/give on their own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/app-layer.h"
#include "app/file.h"
#include "app/http/http.h"
#include "conf/conf.h"
#include "stream/stream.h"
#include "util/stats.h"

#define N_FLOWS 200

struct fixture {
    struct conf c;
    struct app_config cfg;
    struct app_thread *at;
    struct flow *flows;
};

/* Loads the config with the given http memcap ("" for none). */
static struct fixture *fixture_new(const char *memcap)
{
    char y[256];
    struct fixture *fx = calloc(1, sizeof(*fx));
    int n;

    assert_non_null(fx);
    n = snprintf(y, sizeof(y), "app-layer:\n  protocols:\n    http:\n      enabled: yes\n%s%s%s",
            memcap[0] != '\0' ? "      memcap: " : "", memcap, memcap[0] != '\0' ? "\n" : "");
    assert_true(n > 0 && (size_t)n < sizeof(y));
    assert_int_equal(conf_load_string(&fx->c, y, (size_t)n, "t"), 0);
    assert_int_equal(app_config_load(&fx->cfg, &fx->c), 0);
    fx->at = app_thread_new(&fx->cfg);
    assert_non_null(fx->at);
    fx->flows = calloc(N_FLOWS, sizeof(*fx->flows));
    assert_non_null(fx->flows);
    for (int i = 0; i < N_FLOWS; i++) {
        struct flow *f = &fx->flows[i];

        f->key.ip_ver = 4;
        f->key.proto = 6;
        f->key.sp = (uint16_t)(40000 + i);
        f->key.dp = 80;
        f->tcp_flags_ts = TCP_SYN;
    }
    return fx;
}

static void fixture_free(struct fixture *fx)
{
    for (int i = 0; i < N_FLOWS; i++)
        app_flow_free(fx->at, &fx->flows[i]);
    app_thread_free(fx->at);
    conf_release(&fx->c);
    free(fx->flows);
    free(fx);
    app_memcap_set(APP_PROTO_HTTP1, 0);
}

static void feed(struct fixture *fx, struct flow *f, int dir, const void *d, size_t len)
{
    app_on_stream_data(fx->at, f, NULL, dir, d, (uint32_t)len, STREAM_DATA_F_START);
}

static bool has_memcap_event(const struct flow *f)
{
    const struct app_events *e = &f->app->events;

    for (uint8_t i = 0; i < e->n; i++) {
        if (e->ev[i].src == APP_EVENT_SRC_APPLAYER && e->ev[i].id == APP_EV_MEMCAP)
            return true;
    }
    return false;
}

/* Each flow: an upload with an 8 KiB body kept, and a download of a file (a tracker). */
static int flood_flows(struct fixture *fx)
{
    static const char req[] = "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n";
    static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    static uint8_t body[8192];
    int stopped = 0;

    memset(body, 'A', sizeof(body));
    for (int i = 0; i < N_FLOWS; i++) {
        struct flow *f = &fx->flows[i];

        feed(fx, f, APP_DIR_TOSERVER, req, sizeof(req) - 1);
        feed(fx, f, APP_DIR_TOSERVER, body, sizeof(body));
        feed(fx, f, APP_DIR_TOCLIENT, resp, sizeof(resp) - 1);
        assert_int_equal(f->app_proto, APP_PROTO_HTTP1);
        if (f->app->flags & APP_FLOW_F_MEMCAP) {
            assert_true(has_memcap_event(f));
            stopped++;
        }
    }
    return stopped;
}

static void test_flows_bounded(void **state)
{
    struct fixture *fx = fixture_new("256kb");
    struct stats_set s;
    uint64_t hits0 = app_memcap_hits(APP_PROTO_HTTP1);
    int stopped;

    (void)state;
    assert_int_equal(fx->cfg.memcap[APP_PROTO_HTTP1], 256 * 1024);
    assert_int_equal(app_memcap_use(APP_PROTO_HTTP1), 0);
    stopped = flood_flows(fx);
    /* 200 flows x ~8 KiB do not fit in 256 KiB: most flows stopped, use bounded (a tx is
     * charged even over the cap, once per flow before it stops) */
    assert_true(stopped > N_FLOWS / 2);
    assert_true(stopped < N_FLOWS);
    assert_true(app_memcap_use(APP_PROTO_HTTP1) <= 256 * 1024 + 4 * sizeof(struct http_tx));
    assert_true(app_memcap_hits(APP_PROTO_HTTP1) > hits0);
    stats_set_init(&s);
    app_export_stats(fx->at, &s);
    app_export_stats(fx->at, &s); /* a second worker: process-wide values not doubled */
    assert_int_equal(stats_get(&s, "http.memuse"), app_memcap_use(APP_PROTO_HTTP1));
    assert_int_equal(stats_get(&s, "http.memcap"), app_memcap_hits(APP_PROTO_HTTP1));
    stats_set_release(&s);
    /* the flows that ran have their file; a stopped flow is not parsed any more */
    {
        struct flow *f = &fx->flows[0];
        struct app_tx *tx = f->app->txs;

        assert_non_null(tx);
        assert_non_null(file_tx_files(f->app, tx));
        assert_non_null(file_tx_files(f->app, tx)->head);
    }
    for (int i = 0; i < N_FLOWS; i++)
        app_flow_end(fx->at, &fx->flows[i]);
    for (int i = 0; i < N_FLOWS; i++)
        app_flow_free(fx->at, &fx->flows[i]);
    assert_int_equal(app_memcap_use(APP_PROTO_HTTP1), 0); /* every byte given back */
    fixture_free(fx);
}

static void test_unlimited(void **state)
{
    struct fixture *fx = fixture_new("");

    (void)state;
    assert_int_equal(fx->cfg.memcap[APP_PROTO_HTTP1], 0);
    assert_int_equal(flood_flows(fx), 0);
    assert_true(app_memcap_use(APP_PROTO_HTTP1) > N_FLOWS * 8192u);
    for (int i = 0; i < N_FLOWS; i++)
        app_flow_free(fx->at, &fx->flows[i]);
    assert_int_equal(app_memcap_use(APP_PROTO_HTTP1), 0);
    fixture_free(fx);
}

/* One flow, thousands of pipelined requests that get no response. */
static void test_pipelined_flood(void **state)
{
    static const char req[] = "GET /a HTTP/1.1\r\nHost: example.com\r\nUser-Agent: flood\r\n\r\n";
    struct fixture *fx = fixture_new("64kb");
    struct flow *f = &fx->flows[0];
    uint64_t peak = 0;
    int i;

    (void)state;
    for (i = 0; i < 5000 && !(f->app != NULL && (f->app->flags & APP_FLOW_F_MEMCAP)); i++) {
        feed(fx, f, APP_DIR_TOSERVER, req, sizeof(req) - 1);
        if (app_memcap_use(APP_PROTO_HTTP1) > peak)
            peak = app_memcap_use(APP_PROTO_HTTP1);
    }
    assert_non_null(f->app);
    assert_true(peak <= 64 * 1024 + 4096 + sizeof(struct http_tx));
    assert_true(f->app->flags & APP_FLOW_F_MEMCAP); /* reached long before 5000 txs */
    assert_true(i < 5000);
    {
        uint64_t txs = f->app->tx_next_id;

        assert_true(has_memcap_event(f));
        feed(fx, f, APP_DIR_TOSERVER, req, sizeof(req) - 1); /* not parsed any more */
        assert_int_equal(f->app->tx_next_id, txs);
    }
    app_flow_free(fx->at, f);
    assert_int_equal(app_memcap_use(APP_PROTO_HTTP1), 0);
    fixture_free(fx);
}

static void test_take_give(void **state)
{
    uint64_t hits;

    (void)state;
    app_memcap_set(APP_PROTO_DNS, 100);
    hits = app_memcap_hits(APP_PROTO_DNS);
    assert_true(app_memcap_take(APP_PROTO_DNS, 60));
    assert_true(app_memcap_take(APP_PROTO_DNS, 40));
    assert_false(app_memcap_take(APP_PROTO_DNS, 1));
    assert_false(app_memcap_take(APP_PROTO_DNS, UINT64_MAX));
    assert_int_equal(app_memcap_hits(APP_PROTO_DNS), hits + 2);
    assert_int_equal(app_memcap_use(APP_PROTO_DNS), 100);
    app_memcap_give(APP_PROTO_DNS, 100);
    assert_int_equal(app_memcap_use(APP_PROTO_DNS), 0);
    app_memcap_set(APP_PROTO_DNS, 0);
    assert_true(app_memcap_take(APP_PROTO_DNS, 1u << 30)); /* unlimited */
    app_memcap_give(APP_PROTO_DNS, 1u << 30);
    /* out of range protocols are not accounted */
    assert_true(app_memcap_take(APP_PROTO_MAX, 10));
    assert_int_equal(app_memcap_use(APP_PROTO_MAX), 0);
}

static void test_config(void **state)
{
    static const char y[] = "app-layer:\n"
                            "  protocols:\n"
                            "    dns:\n"
                            "      global-memcap: 2mb\n"
                            "    tls:\n"
                            "      memcap: 1 MiB\n";
    static const char bad[] = "app-layer:\n  protocols:\n    http:\n      memcap: lots\n";
    struct conf c;
    struct app_config cfg;

    (void)state;
    assert_int_equal(conf_load_string(&c, y, sizeof(y) - 1, "t"), 0);
    assert_int_equal(app_config_load(&cfg, &c), 0);
    assert_int_equal(cfg.memcap[APP_PROTO_DNS], 2 * 1024 * 1024);
    assert_int_equal(cfg.memcap[APP_PROTO_TLS], 1024 * 1024);
    assert_int_equal(cfg.memcap[APP_PROTO_HTTP1], 0);
    conf_release(&c);
    assert_int_equal(conf_load_string(&c, bad, sizeof(bad) - 1, "t"), 0);
    assert_true(app_config_load(&cfg, &c) < 0);
    conf_release(&c);
    app_memcap_set(APP_PROTO_DNS, 0);
    app_memcap_set(APP_PROTO_TLS, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_take_give),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_flows_bounded),
        cmocka_unit_test(test_unlimited),
        cmocka_unit_test(test_pipelined_flood),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
