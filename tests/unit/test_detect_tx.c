/*
 * test_detect_tx.c - detection on app-layer transactions: a hand-built flow whose DNS
 * transactions come from the real DNS parser, rules on dns.query (plain, transformed,
 * mixed with packet payload), app-layer packet rules, once-per-transaction alerts,
 * directions, detect_done, the flow-end pass, and app-layer-protocol's semantics; the
 * sides rules read ("=>" rules, "buffer: to_client;", tx conditions of one side) and absent.
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
#include "app/dns/dns.h"
#include "detect/buffer.h"
#include "detect/detect.h"
#include "detect/engine-int.h"
#include "detect/flow-vars.h"
#include "detect/sig-group.h"
#include "flow/flow.h"
#include "util/err.h"

static struct detect_engine *load(const char *rules)
{
    struct detect_engine *de = NULL;
    struct detect_load_stats st;

    if (detect_engine_load_string(&de, rules, "t", NULL, NULL, &st) != VG_OK)
        fail_msg("load failed");
    if (st.rules_failed != 0)
        fail_msg("%u rules failed", st.rules_failed);
    return de;
}

/* A DNS message for name (query, or response when resp), in b; returns its length. With
 * tcp the 2-byte length prefix comes first. */
static size_t dns_msg(uint8_t *b, const char *name, bool resp, bool tcp)
{
    size_t n = tcp ? 2 : 0;
    const uint8_t hdr[12] = { 0x12, 0x34, resp ? 0x81 : 0x01, resp ? 0x80 : 0x00, 0, 1, 0,
        resp ? 1 : 0, 0, 0, 0, 0 };

    memcpy(b + n, hdr, sizeof(hdr));
    n += sizeof(hdr);
    while (*name != '\0') {
        const char *dot = strchr(name, '.');
        size_t l = dot != NULL ? (size_t)(dot - name) : strlen(name);

        b[n++] = (uint8_t)l;
        memcpy(b + n, name, l);
        n += l;
        name += l + (dot != NULL);
    }
    b[n++] = 0;
    memcpy(b + n, "\x00\x01\x00\x01", 4); /* A, IN */
    n += 4;
    if (resp) {
        static const uint8_t an[] = { 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4 };

        memcpy(b + n, an, sizeof(an));
        n += sizeof(an);
    }
    if (tcp) {
        b[0] = (uint8_t)((n - 2) >> 8);
        b[1] = (uint8_t)(n - 2);
    }
    return n;
}

struct fixture {
    struct flow f;
    struct app_flow af;
    uint8_t buf[2][512];
};

static void fixture_init(struct fixture *fx, uint8_t proto)
{
    memset(fx, 0, sizeof(*fx));
    fx->f.key.ip_ver = 4;
    fx->f.key.proto = proto;
    fx->f.key.src.b[0] = 10;
    fx->f.key.src.b[3] = 1;
    fx->f.key.dst.b[0] = 10;
    fx->f.key.dst.b[3] = 2;
    fx->f.key.sp = 40000;
    fx->f.key.dp = 53;
    fx->f.app = &fx->af;
    fx->f.app_proto = APP_PROTO_DNS;
    fx->af.parser = &app_parser_dns;
    fx->af.state = app_parser_dns.state_new();
    assert_non_null(fx->af.state);
}

static void fixture_release(struct fixture *fx)
{
    struct app_tx *tx = fx->af.txs, *next;

    for (; tx != NULL; tx = next) {
        next = tx->next;
        detect_tx_state_free(tx->detect);
        app_parser_dns.tx_free(tx);
    }
    app_parser_dns.state_free(fx->af.state);
    flow_vars_free(fx->f.detect_vars);
}

/* A packet of direction dir carrying data; parsed by the DNS parser first. */
static void packet(struct fixture *fx, struct packet *p, int dir, const uint8_t *data, size_t len)
{
    static const uint8_t l4[20];
    bool tc = dir == FLOW_DIR_TOCLIENT;

    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = fx->f.key.proto;
    p->src = tc ? fx->f.key.dst : fx->f.key.src;
    p->dst = tc ? fx->f.key.src : fx->f.key.dst;
    p->sp = tc ? fx->f.key.dp : fx->f.key.sp;
    p->dp = tc ? fx->f.key.sp : fx->f.key.dp;
    p->l4 = l4;
    p->l4_len = 20;
    p->payload = data;
    p->payload_len = (uint32_t)len;
    p->ts_usec = 1700000000000000ull;
    p->flow = &fx->f;
    p->flow_dir = (uint8_t)dir;
    fx->f.flags |= tc ? FLOW_F_TOCLIENT_SEEN : FLOW_F_TOSERVER_SEEN;
    assert_int_equal(
            app_parser_dns.parse(&fx->af, fx->af.state, p, dir, data, (uint32_t)len, 0), VG_OK);
}

/* The alerts of out as "sid[/tx_id],..." (tx_id for transaction alerts). */
static const char *fmt(const struct detect_alerts *out)
{
    static char buf[256];
    size_t off = 0;

    buf[0] = '\0';
    for (uint8_t i = 0; i < out->n; i++) {
        const struct detect_alert *a = &out->a[i];

        off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%u", i ? "," : "", a->s->sid);
        if (a->flags & DETECT_ALERT_F_TX)
            off += (size_t)snprintf(
                    buf + off, sizeof(buf) - off, "/%llu", (unsigned long long)a->tx_id);
    }
    return buf;
}

static const char *run(struct detect_thread *dt, struct packet *p)
{
    static struct detect_alerts out;

    memset(&out, 0, sizeof(out));
    detect_packet(dt, p, &out);
    return fmt(&out);
}

static void test_dns_query(void **state)
{
    struct detect_engine *de =
            load("alert dns any any -> any any (dns.query; content:\"example\"; sid:1;)\n"
                 "alert dns any any -> any any (dns.query; dotprefix; content:\".example.com\"; "
                 "endswith; sid:2;)\n"
                 "alert udp any any -> any any (dns.query; content:\"other\"; sid:3;)\n"
                 "alert dns any any -> any any (content:\"|00 01 00 01|\"; dns.query; "
                 "content:\"www\"; startswith; sid:4;)\n"
                 "alert dns any any -> any any (content:\"example\"; sid:5;)\n"
                 "alert udp any any -> any any (app-layer-protocol:dns; sid:6;)\n"
                 "alert dns any any -> any any (dns.queries.rrname; content:\"www.\"; sid:7;)\n");
    struct detect_thread *dt = detect_thread_new(de);
    struct fixture fx;
    struct packet p;
    size_t n;

    assert_non_null(dt);
    fixture_init(&fx, 17);
    n = dns_msg(fx.buf[0], "www.example.com", false, false);
    packet(&fx, &p, FLOW_DIR_TOSERVER, fx.buf[0], n);
    /* the packet rule with an app-layer protocol carries the UDP transaction too */
    assert_string_equal(run(dt, &p), "1/0,2/0,4/0,5/0,6,7/0");
    assert_non_null(fx.af.txs);
    assert_false(fx.af.txs->detect_done);
    /* the same transaction does not alert twice; packet rules see the packet again */
    assert_string_equal(run(dt, &p), "5");

    n = dns_msg(fx.buf[1], "www.example.com", true, false);
    packet(&fx, &p, FLOW_DIR_TOCLIENT, fx.buf[1], n);
    /* dns.query is a request buffer: not on responses; dns.queries.rrname is both; the
     * packet rule refers to the oldest transaction not inspected to the client; the
     * protocol-detection-only rule fires once per direction */
    assert_string_equal(run(dt, &p), "5/0,6,7/1");
    assert_true(fx.af.txs->detect_done);
    detect_thread_free(dt);
    fixture_release(&fx);
    detect_engine_free(de);
}

static void test_flow_end_pass(void **state)
{
    struct detect_engine *de =
            load("alert dns any any -> any any (msg:\"q\"; dns.query; content:\"evil\"; sid:1;)\n");
    struct detect_thread *dt = detect_thread_new(de);
    struct detect_alerts out;
    struct fixture fx;
    struct packet p, pp;
    size_t n;

    fixture_init(&fx, 6);
    memset(&p, 0, sizeof(p));
    p.flow = &fx.f;
    n = dns_msg(fx.buf[0], "evil.example", false, true);
    /* parsed, but detection only runs at the flow's end */
    assert_int_equal(app_parser_dns.parse(
                             &fx.af, fx.af.state, &p, FLOW_DIR_TOSERVER, fx.buf[0], (uint32_t)n, 0),
            VG_OK);
    assert_non_null(fx.af.txs);
    memset(&out, 0, sizeof(out));
    detect_flow_end(dt, &fx.f, FLOW_DIR_TOSERVER, true, &pp, &out);
    assert_string_equal(fmt(&out), "1/0");
    assert_true(pp.flags & PKT_F_PSEUDO);
    assert_int_equal(pp.flow_dir, FLOW_DIR_TOSERVER);
    assert_int_equal(pp.dp, 53);
    memset(&out, 0, sizeof(out));
    detect_flow_end(dt, &fx.f, FLOW_DIR_TOCLIENT, true, &pp, &out);
    assert_int_equal(out.n, 0);
    assert_int_equal(pp.sp, 53);
    assert_true(fx.af.txs->detect_done);
    detect_thread_free(dt);
    fixture_release(&fx);
    detect_engine_free(de);
}

static void test_app_layer_protocol(void **state)
{
    struct detect_engine *de = load(
            "alert udp any any -> any any (app-layer-protocol:failed; content:\"x\"; sid:10;)\n"
            "alert udp any any -> any any (app-layer-protocol:!dns; content:\"x\"; sid:11;)\n"
            "alert udp any any -> any any (app-layer-protocol:dns,final; content:\"x\"; sid:12;)\n"
            "alert udp any any -> any any (app-layer-protocol:http; content:\"x\"; sid:13;)\n"
            "alert dns any any -> any any (content:\"x\"; sid:14;)\n");
    struct detect_thread *dt = detect_thread_new(de);
    struct fixture fx;
    struct packet p;
    static const uint8_t x[] = "x";

    fixture_init(&fx, 17);
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 17;
    p.src = fx.f.key.src;
    p.dst = fx.f.key.dst;
    p.payload = x;
    p.payload_len = 1;
    p.flow = &fx.f;
    fx.f.app_proto = APP_PROTO_NONE;
    assert_string_equal(run(dt, &p), ""); /* unknown: neither form matches */
    fx.f.app_proto = APP_PROTO_FAILED;
    assert_string_equal(run(dt, &p), "10,11");
    fx.f.app_proto = APP_PROTO_DNS;
    assert_string_equal(run(dt, &p), "12,14");
    detect_thread_free(dt);
    fixture_release(&fx);
    detect_engine_free(de);
}

/* The list of buffer name in s (the first one), or NULL. */
static const struct sig_buffer *list_of(const struct sig *s, const char *name, uint8_t dir)
{
    int id = detect_buffer_lookup(name);

    for (uint8_t i = 0; i < s->n_bufs; i++) {
        if (s->bufs[i].buffer_id == id && s->bufs[i].dir == dir)
            return &s->bufs[i];
    }
    return NULL;
}

static void test_rule_sides(void **state)
{
    struct detect_engine *de = load(
            "alert http any any => any any (http.uri; content:\"/a\"; http.stat_code; "
            "content:\"200\"; sid:1;)\n"
            "alert http any any => any any (http.connection: to_client; content:\"x\"; "
            "http.connection: to_server; content:\"y\"; sid:2;)\n"
            "alert http any any => any any (http.header; content:\"z\"; sid:3;)\n"
            "alert http any any -> any any (http.header; content:\"z\"; sid:4;)\n"
            "alert tls any any -> any any (tls.subject:\"CN=x\"; sid:5;)\n"
            "alert tls any any -> any any (tls.sni; content:\"a\"; tls.subject:\"CN=x\"; sid:6;)\n"
            "alert http any any -> any any (http.request_body; absent; sid:7;)\n"
            "alert http any any -> any any (file.data: to_client; absent: or_else; "
            "content:!\"abc\"; sid:8;)\n");
    struct sig *const *s = de->sigs;
    const struct sig_buffer *sb;

    assert_int_equal(de->n_sigs, 8);
    assert_true(s[0]->flags & SIG_F_TXBOTHDIR);
    assert_int_equal(detect_sig_tx_need(s[0]), 3);
    assert_int_equal(sig_tx_dir_mask(s[0]), 1u << FLOW_DIR_TOCLIENT);
    /* the same buffer twice, one list per side */
    sb = list_of(s[1], "http.connection", 2);
    assert_non_null(sb);
    assert_int_equal(detect_list_dirs(s[1], sb), 2);
    sb = list_of(s[1], "http.connection", 1);
    assert_non_null(sb);
    assert_int_equal(detect_list_dirs(s[1], sb), 1);
    /* a buffer of both sides reads the request in a "=>" rule, either side otherwise */
    assert_int_equal(detect_list_dirs(s[2], list_of(s[2], "http.header", 0)), 1);
    assert_int_equal(detect_list_dirs(s[3], list_of(s[3], "http.header", 0)), 3);
    assert_int_equal(sig_tx_dir_mask(s[3]), 3);
    /* certificate conditions are on the response side */
    assert_int_equal(sig_tx_dir_mask(s[4]), 1u << FLOW_DIR_TOCLIENT);
    assert_int_equal(detect_sig_tx_need(s[5]), 3);
    /* absent opens the list; or_else keeps what follows */
    sb = list_of(s[6], "http.request_body", 0);
    assert_non_null(sb);
    assert_int_equal(detect_list_absent(sb), 1);
    sb = list_of(s[7], "file.data", 2);
    assert_non_null(sb);
    assert_int_equal(detect_list_absent(sb), 2);
    assert_int_equal(sb != NULL ? sb->list.n : 0, 2);
    assert_int_equal(sig_tx_dir_mask(s[7]), 1u << FLOW_DIR_TOCLIENT);
    detect_engine_free(de);
}

static void test_rule_sides_bad(void **state)
{
    struct detect_engine *de = NULL;
    struct detect_load_stats st;

    assert_int_equal(detect_engine_load_string(&de,
                             "alert http any any -> any any (http.request_body; absent: x; "
                             "sid:1;)\n"
                             "alert http any any >> any any (http.uri; content:\"a\"; sid:2;)\n",
                             "t", NULL, NULL, &st),
            VG_OK);
    assert_int_equal(st.rules_failed, 2);
    detect_engine_free(de);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dns_query),
        cmocka_unit_test(test_flow_end_pass),
        cmocka_unit_test(test_app_layer_protocol),
        cmocka_unit_test(test_rule_sides),
        cmocka_unit_test(test_rule_sides_bad),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
