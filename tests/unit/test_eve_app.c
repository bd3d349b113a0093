/*
 * test_eve_app.c - unit tests for the app layer's EVE output: transaction records
 * (eve-app.c: head, orientation, per-direction records, eve-log types, logged marks),
 * applayer anomaly records (eve-anomaly.c) and app_proto and traffic{} in flow records
 * (eve-flow.c).
 *
 * A fake parser writes {"fake":{"id":N,"dir":D}}; flows and transactions are built by
 * hand. Records go to a file in a temporary log directory and are read back.
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
#include "detect/flow-vars.h"
#include "output/eve-app.h"
#include "output/eve-flow.h"
#include "output/eve.h"
#include "util/err.h"

#define TS 1766947744467604ull

static char logdir[64];

static void fake_log_tx(struct json *w, const struct app_tx *tx, int dir)
{
    json_key(w, "fake");
    json_open_object(w);
    json_kv_u64(w, "id", tx->id);
    json_kv_i64(w, "dir", dir);
    json_close_object(w);
}

static const char *const fake_events[] = { "weird_thing" };

/* APP_PROTO_HTTP, not HTTP1: the file tracker reads HTTP/1 txs as its own (app/file.c) */
static const struct app_parser fake_http = {
    .proto = APP_PROTO_HTTP,
    .transports = APP_PROTO_T_TCP,
    .log_tx = fake_log_tx,
    .event_names = fake_events,
    .n_event_names = 1,
    .eve_type = "http",
};

static bool flow_oriented(void)
{
    return true;
}

static const struct app_parser fake_dns_v2 = {
    .proto = APP_PROTO_DNS,
    .transports = APP_PROTO_T_UDP,
    .log_tx = fake_log_tx,
    .eve_type = "dns",
    .log_per_direction = true,
    .log_flow_oriented = flow_oriented,
};

static const struct app_parser fake_dns = {
    .proto = APP_PROTO_DNS,
    .transports = APP_PROTO_T_UDP,
    .log_tx = fake_log_tx,
    .event_names = fake_events,
    .n_event_names = 1,
    .eve_type = "dns",
    .log_per_direction = true,
};

struct fixture {
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct flow f;
    struct packet p;
    struct app_tx txs[3];
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));

    assert_non_null(fx);
    snprintf(logdir, sizeof(logdir), "/tmp/vg-test-eveapp-XXXXXX");
    assert_non_null(mkdtemp(logdir));
    fx->cfg.enabled = true;
    fx->cfg.append = true;
    snprintf(fx->cfg.filename, sizeof(fx->cfg.filename), "eve.json");
    for (int i = 0; i < EVE_TYPE_MAX; i++)
        fx->cfg.types[i] = true;
    fx->cfg.anomaly_applayer = true;
    fx->f.key.ip_ver = 4;
    fx->f.key.proto = 6;
    fx->f.key.src.b[0] = 10;
    fx->f.key.src.b[3] = 1;
    fx->f.key.dst.b[0] = 10;
    fx->f.key.dst.b[3] = 2;
    fx->f.key.sp = 40000;
    fx->f.key.dp = 80;
    fx->f.id = 77;
    fx->f.app = calloc(1, sizeof(*fx->f.app));
    assert_non_null(fx->f.app);
    fx->f.app->parser = &fake_http;
    fx->f.app_proto = APP_PROTO_HTTP;
    fx->p.pcap_cnt = 5;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    char cmd[128];

    free(fx->f.app);
    free(fx);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", logdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void open_out(struct fixture *fx)
{
    assert_int_equal(eve_output_open(&fx->out, &fx->cfg, logdir), VG_OK);
    fx->t = eve_thread_new(fx->out);
    assert_non_null(fx->t);
}

/* Closes the output and returns the file's content (caller frees). */
static char *close_and_read(struct fixture *fx)
{
    char path[128];
    FILE *fp;
    char *buf = calloc(1, 1 << 16);
    size_t n;

    assert_non_null(buf);
    eve_thread_free(fx->t);
    eve_output_close(fx->out);
    snprintf(path, sizeof(path), "%s/eve.json", logdir);
    fp = fopen(path, "rb");
    assert_non_null(fp);
    n = fread(buf, 1, (1 << 16) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static size_t count(const char *s, const char *w)
{
    size_t n = 0;

    for (const char *q = s; (q = strstr(q, w)) != NULL; q++)
        n++;
    return n;
}

static void add_tx(struct fixture *fx, int i, uint8_t complete)
{
    app_tx_append(fx->f.app, &fx->txs[i]);
    fx->txs[i].complete = complete;
}

static void test_tx_record(void **state)
{
    struct fixture *fx = *state;
    char *s;

    open_out(fx);
    add_tx(fx, 0, 3);
    add_tx(fx, 1, 1); /* response pending */
    eve_app_log(fx->t, &fx->f, &fx->p, TS, false);
    assert_int_equal(fx->txs[0].logged, 3);
    assert_int_equal(fx->txs[1].logged, 0);
    eve_app_log(fx->t, &fx->f, &fx->p, TS, false); /* nothing new */
    s = close_and_read(fx);
    assert_int_equal(count(s, "\n"), 1);
    assert_non_null(strstr(s, "\"flow_id\":77,\"pcap_cnt\":5,\"event_type\":\"http\","
                              "\"src_ip\":\"10.0.0.1\",\"src_port\":40000,\"dest_ip\":\"10.0.0.2\","
                              "\"dest_port\":80,\"proto\":\"TCP\",\"ip_v\":4,\"pkt_src\":"
                              "\"wire/pcap\",\"tx_id\":0,\"fake\":{\"id\":0,\"dir\":-1}}\n"));
    free(s);
}

static void test_flow_end_logs_rest(void **state)
{
    struct fixture *fx = *state;
    char *s;

    open_out(fx);
    add_tx(fx, 0, 1);
    eve_app_log(fx->t, &fx->f, NULL, TS, true);
    assert_int_equal(fx->txs[0].logged, 3);
    s = close_and_read(fx);
    assert_non_null(strstr(s, "\"pkt_src\":\"stream (flow timeout)\",\"tx_id\":0"));
    assert_null(strstr(s, "pcap_cnt"));
    free(s);
}

static void test_type_off(void **state)
{
    struct fixture *fx = *state;
    char *s;

    fx->cfg.types[EVE_TYPE_HTTP] = false;
    open_out(fx);
    add_tx(fx, 0, 3);
    eve_app_log(fx->t, &fx->f, &fx->p, TS, false);
    assert_int_equal(fx->txs[0].logged, 3); /* marked so it can be freed */
    s = close_and_read(fx);
    assert_string_equal(s, "");
    free(s);
}

static void test_no_output_marks(void **state)
{
    struct fixture *fx = *state;

    add_tx(fx, 0, 3);
    eve_app_log(NULL, &fx->f, &fx->p, TS, false);
    assert_int_equal(fx->txs[0].logged, 3);
}

static void test_per_direction(void **state)
{
    struct fixture *fx = *state;
    char *s, *resp;

    fx->f.key.proto = 17;
    fx->f.key.dp = 53;
    fx->f.app->parser = &fake_dns;
    fx->f.app_proto = APP_PROTO_DNS;
    open_out(fx);
    add_tx(fx, 0, 1);
    eve_app_log(fx->t, &fx->f, &fx->p, TS, false);
    assert_int_equal(fx->txs[0].logged, 1);
    fx->txs[0].complete = 3;
    eve_app_log(fx->t, &fx->f, &fx->p, TS, false);
    assert_int_equal(fx->txs[0].logged, 3);
    s = close_and_read(fx);
    assert_int_equal(count(s, "\n"), 2);
    assert_non_null(strstr(s, "\"src_ip\":\"10.0.0.1\",\"src_port\":40000,\"dest_ip\":\"10.0.0.2\","
                              "\"dest_port\":53"));
    resp = strstr(s, "\"dir\":1");
    assert_non_null(resp);
    /* the response is written from the server */
    assert_non_null(strstr(s, "\"src_ip\":\"10.0.0.2\",\"src_port\":53,\"dest_ip\":\"10.0.0.1\","
                              "\"dest_port\":40000"));
    free(s);
}

static void test_per_direction_flow_oriented(void **state)
{
    struct fixture *fx = *state;
    char *s;

    fx->f.app->parser = &fake_dns_v2;
    open_out(fx);
    add_tx(fx, 0, 3);
    eve_app_log(fx->t, &fx->f, &fx->p, TS, false);
    s = close_and_read(fx);
    assert_int_equal(count(s, "\n"), 2);
    assert_int_equal(count(s, "\"src_ip\":\"10.0.0.1\",\"src_port\":40000"), 2);
    free(s);
}

static void test_per_direction_flow_end(void **state)
{
    struct fixture *fx = *state;
    char *s;

    fx->f.app->parser = &fake_dns;
    open_out(fx);
    add_tx(fx, 0, 1);
    eve_app_log(fx->t, &fx->f, NULL, TS, true);
    assert_int_equal(fx->txs[0].logged, 3);
    s = close_and_read(fx);
    assert_int_equal(count(s, "\n"), 1); /* no response record without a response */
    free(s);
}

static void test_reversed(void **state)
{
    struct fixture *fx = *state;
    char *s;

    fx->f.app->flags |= APP_FLOW_F_REVERSED;
    open_out(fx);
    add_tx(fx, 0, 3);
    eve_app_log(fx->t, &fx->f, &fx->p, TS, false);
    s = close_and_read(fx);
    assert_non_null(strstr(s, "\"src_ip\":\"10.0.0.2\",\"src_port\":80,\"dest_ip\":\"10.0.0.1\","
                              "\"dest_port\":40000"));
    free(s);
}

static void test_anomalies(void **state)
{
    struct fixture *fx = *state;
    char *s;

    open_out(fx);
    add_tx(fx, 0, 1);
    app_layer_event_raise(fx->f.app, APP_EV_MISMATCH_BOTH_DIRECTIONS);
    app_layer_event_raise(fx->f.app, APP_EV_PARSER_ERROR); /* not a Suricata name: not logged */
    app_event_raise(fx->f.app, &fx->txs[0], 0);
    app_event_raise(fx->f.app, NULL, 0);
    eve_app_log(fx->t, &fx->f, NULL, TS, false);
    eve_app_log(fx->t, &fx->f, NULL, TS, false); /* each once */
    s = close_and_read(fx);
    assert_int_equal(count(s, "\"event_type\":\"anomaly\""), 3);
    assert_non_null(strstr(s, "\"anomaly\":{\"app_proto\":\"http\",\"type\":\"applayer\","
                              "\"event\":\"APPLAYER_MISMATCH_PROTOCOL_BOTH_DIRECTIONS\","
                              "\"layer\":\"proto_detect\"}"));
    assert_non_null(
            strstr(s, "\"tx_id\":0,\"anomaly\":{\"app_proto\":\"http\",\"type\":"
                      "\"applayer\",\"event\":\"WEIRD_THING\",\"layer\":\"proto_parser\"}"));
    assert_non_null(strstr(s, "\"event\":\"WEIRD_THING\",\"layer\":\"parser\""));
    free(s);
}

/* An event raised parsing the server's data at flow end (no packet) is written from the
 * server's side, as Suricata's to-client flow timeout pseudo packet (stream-async-6063-
 * srv-03); one from the client's data keeps the flow's orientation. */
static void test_anomalies_flow_end_toclient(void **state)
{
    struct fixture *fx = *state;
    char *s;

    open_out(fx);
    add_tx(fx, 0, 2);
    add_tx(fx, 1, 1);
    fx->f.app->parse_dirs = 1u << APP_DIR_TOCLIENT;
    app_event_raise(fx->f.app, &fx->txs[0], 0);
    fx->f.app->parse_dirs = 1u << APP_DIR_TOSERVER;
    app_event_raise(fx->f.app, &fx->txs[1], 0);
    eve_app_log(fx->t, &fx->f, NULL, TS, true);
    s = close_and_read(fx);
    assert_non_null(strstr(s, "\"src_port\":80,\"dest_ip\":\"10.0.0.1\",\"dest_port\":40000,"
                              "\"proto\":\"TCP\",\"ip_v\":4,\"pkt_src\":\"stream (flow "
                              "timeout)\",\"tx_id\":0,\"anomaly\""));
    assert_non_null(strstr(s, "\"src_port\":40000,\"dest_ip\":\"10.0.0.2\",\"dest_port\":80,"
                              "\"proto\":\"TCP\",\"ip_v\":4,\"pkt_src\":\"stream (flow "
                              "timeout)\",\"tx_id\":1,\"anomaly\""));
    free(s);
}

static void test_anomalies_off(void **state)
{
    struct fixture *fx = *state;
    char *s;

    fx->cfg.anomaly_applayer = false;
    open_out(fx);
    app_layer_event_raise(fx->f.app, APP_EV_MISMATCH_BOTH_DIRECTIONS);
    eve_app_log(fx->t, &fx->f, NULL, TS, false);
    assert_int_equal(fx->f.app->events.logged, 1);
    s = close_and_read(fx);
    assert_null(strstr(s, "anomaly"));
    free(s);
}

static void test_flow_record_app_proto(void **state)
{
    struct fixture *fx = *state;
    char *s;

    fx->f.app->proto_ts = APP_PROTO_HTTP;
    fx->f.app->proto_tc = APP_PROTO_FAILED;
    open_out(fx);
    eve_flow_log(fx->t, &fx->cfg, &fx->f, FLOW_END_SHUTDOWN, TS);
    fx->f.app_proto = APP_PROTO_FAILED;
    fx->f.app->proto_tc = APP_PROTO_NONE;
    fx->f.app->proto_ts = APP_PROTO_FAILED;
    eve_flow_log(fx->t, &fx->cfg, &fx->f, FLOW_END_SHUTDOWN, TS);
    fx->f.app_proto = APP_PROTO_NONE;
    eve_flow_log(fx->t, &fx->cfg, &fx->f, FLOW_END_SHUTDOWN, TS);
    s = close_and_read(fx);
    assert_non_null(strstr(s, "\"ip_v\":4,\"app_proto\":\"http\",\"app_proto_tc\":\"failed\","
                              "\"flow\":{"));
    assert_non_null(strstr(s, "\"ip_v\":4,\"app_proto\":\"failed\",\"flow\":{"));
    assert_non_null(strstr(s, "\"ip_v\":4,\"flow\":{"));
    free(s);
}

static void test_flow_record_reversed(void **state)
{
    struct fixture *fx = *state;
    char *s;

    fx->f.app->flags |= APP_FLOW_F_REVERSED;
    fx->f.app->proto_ts = APP_PROTO_FAILED;
    fx->f.pkts[0] = 2;
    fx->f.pkts[1] = 3;
    fx->f.tcp_flags_ts = 0x18;
    fx->f.tcp_flags_tc = 0x10;
    open_out(fx);
    eve_flow_log(fx->t, &fx->cfg, &fx->f, FLOW_END_SHUTDOWN, TS);
    s = close_and_read(fx);
    assert_non_null(strstr(s, "\"src_ip\":\"10.0.0.2\",\"src_port\":80,\"dest_ip\":\"10.0.0.1\","
                              "\"dest_port\":40000"));
    assert_non_null(strstr(s, "\"app_proto\":\"http\",\"app_proto_tc\":\"failed\","
                              "\"flow\":{\"pkts_toserver\":3,\"pkts_toclient\":2"));
    assert_non_null(strstr(s, "\"tcp_flags_ts\":\"10\",\"tcp_flags_tc\":\"18\""));
    free(s);
}

/* Suricata's traffic-id rules: flowbits traffic/id/<x> and traffic/label/<y> show as
 * traffic{id[], label[]} in the flow record; other bits do not. */
static void test_flow_record_traffic(void **state)
{
    struct fixture *fx = *state;
    char *s;

    assert_true(flow_vars_bit_set(&fx->f, "traffic/label/browser"));
    assert_true(flow_vars_bit_set(&fx->f, "other.bit"));
    assert_true(flow_vars_bit_set(&fx->f, "traffic/id/mozilla"));
    assert_true(flow_vars_bit_set(&fx->f, "traffic/id/"));
    open_out(fx);
    eve_flow_log(fx->t, &fx->cfg, &fx->f, FLOW_END_SHUTDOWN, TS);
    s = close_and_read(fx);
    assert_non_null(strstr(s, "\"traffic\":{\"id\":[\"mozilla\"],\"label\":[\"browser\"]}"));
    assert_null(strstr(s, "other.bit"));
    free(s);
    flow_vars_free(fx->f.detect_vars);
    fx->f.detect_vars = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tx_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flow_end_logs_rest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_type_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_output_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_per_direction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_per_direction_flow_oriented, setup, teardown),
        cmocka_unit_test_setup_teardown(test_per_direction_flow_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reversed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_anomalies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_anomalies_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_anomalies_flow_end_toclient, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flow_record_app_proto, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flow_record_reversed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flow_record_traffic, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
