/*
 * test_detect_stream.c - raw stream inspection: a TCP session tracked by the real stream
 * stage, payload rules matching across segment boundaries on the reassembled stream
 * (alert flagged DETECT_ALERT_F_STREAM, once), tcp-pkt / no_stream rules on packets only,
 * tcp-stream rules on the stream only; the flow-end pass on acknowledged bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "detect/detect.h"
#include "detect/flow-vars.h"
#include "flow/flow.h"
#include "stream/stream.h"
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

struct sess {
    struct flow f;
    struct stream_config cfg;
    struct stream_thread *st;
    struct detect_thread *dt;
    uint32_t seq[2]; /* next sequence number per direction */
};

static const uint8_t l4[20];

/* Sends one segment of direction dir (TCP flags fl, payload s) through the stream stage
 * and detection; returns the alerts as "sid[s],..." (s: stream match). */
static const char *seg(struct sess *ss, int dir, uint8_t fl, const char *s)
{
    static char buf[128];
    struct detect_alerts out;
    struct packet p;
    bool tc = dir == FLOW_DIR_TOCLIENT;
    size_t off = 0, len = s != NULL ? strlen(s) : 0;

    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 6;
    p.src = tc ? ss->f.key.dst : ss->f.key.src;
    p.dst = tc ? ss->f.key.src : ss->f.key.dst;
    p.sp = tc ? ss->f.key.dp : ss->f.key.sp;
    p.dp = tc ? ss->f.key.sp : ss->f.key.dp;
    p.l4 = l4;
    p.l4_len = (uint32_t)(20 + len);
    p.payload = (const uint8_t *)s;
    p.payload_len = (uint32_t)len;
    p.tcp.hlen = 20;
    p.tcp.flags = fl;
    p.tcp.seq = ss->seq[dir];
    p.tcp.ack = (fl & TCP_ACK) ? ss->seq[!dir] : 0;
    p.tcp.win = 65535;
    p.ts_usec = 1700000000000000ull + ss->seq[0] + ss->seq[1];
    p.flow = &ss->f;
    p.flow_dir = (uint8_t)dir;
    ss->f.pkts[dir]++;
    ss->f.flags |= tc ? FLOW_F_TOCLIENT_SEEN : FLOW_F_TOSERVER_SEEN;
    ss->seq[dir] += (uint32_t)len + ((fl & (TCP_SYN | TCP_FIN)) ? 1 : 0);
    stream_handle_packet(ss->st, &p);
    memset(&out, 0, sizeof(out));
    detect_packet(ss->dt, &p, &out);
    buf[0] = '\0';
    for (uint8_t i = 0; i < out.n; i++)
        off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%u%s", i ? "," : "",
                out.a[i].s->sid, (out.a[i].flags & DETECT_ALERT_F_STREAM) ? "s" : "");
    return buf;
}

static void sess_init(struct sess *ss, const struct detect_engine *de)
{
    memset(ss, 0, sizeof(*ss));
    ss->f.key.ip_ver = 4;
    ss->f.key.proto = 6;
    ss->f.key.src.b[0] = 10;
    ss->f.key.src.b[3] = 1;
    ss->f.key.dst.b[0] = 10;
    ss->f.key.dst.b[3] = 2;
    ss->f.key.sp = 40000;
    ss->f.key.dp = 80;
    stream_config_defaults(&ss->cfg);
    ss->st = stream_thread_new(&ss->cfg, 1, NULL);
    ss->dt = detect_thread_new(de);
    assert_non_null(ss->st);
    assert_non_null(ss->dt);
    detect_thread_set_stream(ss->dt, ss->st);
    ss->seq[0] = 1000;
    ss->seq[1] = 5000;
    assert_string_equal(seg(ss, 0, TCP_SYN, NULL), "");
    assert_string_equal(seg(ss, 1, TCP_SYN | TCP_ACK, NULL), "");
    assert_string_equal(seg(ss, 0, TCP_ACK, NULL), "");
}

static void sess_release(struct sess *ss)
{
    stream_flow_free(ss->st, &ss->f);
    flow_vars_free(ss->f.detect_vars);
    detect_thread_free(ss->dt);
    stream_thread_free(ss->st);
}

static void test_across_segments(void **state)
{
    struct detect_engine *de =
            load("alert tcp any any -> any 80 (msg:\"split\"; content:\"evil\"; sid:1;)\n"
                 "alert tcp any any -> any 80 (content:\"GET\"; content:\"HTTP\"; distance:0; "
                 "sid:2;)\n"
                 "alert tcp-pkt any any -> any 80 (content:\"evil\"; sid:3;)\n"
                 "alert tcp-stream any any -> any 80 (content:\"/ev\"; sid:4;)\n"
                 "alert tcp any any -> any 80 (flow:no_stream; content:\"il HTTP\"; sid:5;)\n");
    struct sess ss;

    sess_init(&ss, de);
    /* "evil" is cut in two: no packet sees it, the stream does once acknowledged */
    assert_string_equal(seg(&ss, 0, TCP_ACK | TCP_PSH, "GET /ev"), "");
    assert_string_equal(seg(&ss, 0, TCP_ACK | TCP_PSH, "il HTTP/1.0\r\n\r\n"), "5");
    assert_string_equal(seg(&ss, 1, TCP_ACK, NULL), "");
    /* the client's next packet carries the acknowledged bytes to raw inspection */
    assert_string_equal(seg(&ss, 0, TCP_ACK, NULL), "1s,2s,4s");
    /* more data: the old bytes come again as context, without a second alert */
    assert_string_equal(seg(&ss, 0, TCP_ACK | TCP_PSH, "xyz"), "");
    assert_string_equal(seg(&ss, 1, TCP_ACK, NULL), "");
    assert_string_equal(seg(&ss, 0, TCP_ACK, NULL), "");
    /* a new occurrence alerts again */
    assert_string_equal(seg(&ss, 0, TCP_ACK | TCP_PSH, "e"), "");
    assert_string_equal(seg(&ss, 0, TCP_ACK | TCP_PSH, "vil"), "");
    assert_string_equal(seg(&ss, 1, TCP_ACK, NULL), "");
    assert_string_equal(seg(&ss, 0, TCP_ACK, NULL), "1s");
    sess_release(&ss);
    detect_engine_free(de);
}

static void test_flow_end_raw(void **state)
{
    struct detect_engine *de =
            load("alert tcp any any -> any 80 (msg:\"split\"; content:\"evil\"; sid:1;)\n");
    struct detect_alerts out;
    struct packet pp;
    struct sess ss;

    sess_init(&ss, de);
    assert_string_equal(seg(&ss, 0, TCP_ACK | TCP_PSH, "GET /ev"), "");
    assert_string_equal(seg(&ss, 0, TCP_ACK | TCP_PSH, "il HTTP/1.0\r\n\r\n"), "");
    assert_string_equal(seg(&ss, 1, TCP_ACK, NULL), "");
    /* no client packet follows: the flow's end inspects the acknowledged bytes */
    memset(&out, 0, sizeof(out));
    detect_flow_end(ss.dt, &ss.f, FLOW_DIR_TOSERVER, false, &pp, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.a[0].s->sid, 1);
    assert_true(out.a[0].flags & DETECT_ALERT_F_STREAM);
    assert_true(out.a[0].stream_len > 0);
    assert_true(pp.flags & PKT_F_PSEUDO);
    memset(&out, 0, sizeof(out));
    detect_flow_end(ss.dt, &ss.f, FLOW_DIR_TOSERVER, true, &pp, &out);
    assert_int_equal(out.n, 0);
    sess_release(&ss);
    detect_engine_free(de);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_across_segments),
        cmocka_unit_test(test_flow_end_raw),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
