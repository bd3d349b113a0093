/*
 * test_detect.c - the detection engine end to end on hand-built packets: rules in,
 * alerts out. Header matching (protocol, addresses, ports, "<>"), prefilter candidates,
 * grouping, fast_pattern choice, alert ordering, pass, noalert, packet-alert-max, and the
 * fast.log line format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "detect/content.h"
#include "detect/detect.h"
#include "detect/engine-int.h"
#include "detect/sig-group.h"
#include "output/fast-log.h"
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

static void v4(struct vg_addr *a, uint8_t x, uint8_t y, uint8_t z, uint8_t w)
{
    memset(a, 0, sizeof(*a));
    a->b[0] = x;
    a->b[1] = y;
    a->b[2] = z;
    a->b[3] = w;
}

/* A TCP/UDP/ICMP packet 10.0.0.1:sp -> 10.0.0.2:dp with payload s. */
static void mkpkt(struct packet *p, uint8_t proto, uint16_t sp, uint16_t dp, const char *s)
{
    static uint8_t l4[64];

    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = proto;
    v4(&p->src, 10, 0, 0, 1);
    v4(&p->dst, 10, 0, 0, 2);
    p->sp = sp;
    p->dp = dp;
    p->l4 = l4;
    p->l4_len = 20;
    p->payload = (const uint8_t *)s;
    p->payload_len = (uint32_t)strlen(s);
    p->ts_usec = 1700000000123456ull;
}

/* Runs the engine on p and returns the alerts as "sid,sid,..." in order. */
static const char *run(struct detect_engine *de, struct packet *p, struct detect_alerts *out)
{
    static char buf[256];
    struct detect_thread *dt = detect_thread_new(de);
    size_t off = 0;

    assert_non_null(dt);
    memset(out, 0, sizeof(*out));
    detect_packet(dt, p, out);
    buf[0] = '\0';
    for (uint8_t i = 0; i < out->n; i++)
        off += (size_t)snprintf(
                buf + off, sizeof(buf) - off, "%s%u", i ? "," : "", out->a[i].s->sid);
    detect_thread_free(dt);
    return buf;
}

static void test_content_and_header(void **state)
{
    struct detect_engine *de =
            load("alert tcp any any -> any 80 (msg:\"a\"; content:\"evil\"; sid:1;)\n"
                 "alert udp any any -> any any (msg:\"b\"; content:\"evil\"; sid:2;)\n"
                 "alert tcp 10.0.0.2 any <> any any (msg:\"c\"; content:\"EVIL\"; nocase; sid:3;)\n"
                 "alert tcp !10.0.0.1 any -> any any (msg:\"d\"; sid:4;)\n"
                 "alert ip any any -> any any (msg:\"e\"; sid:5;)\n");
    struct detect_alerts a;
    struct packet p;

    mkpkt(&p, 6, 1234, 80, "xx evil xx");
    assert_string_equal(run(de, &p, &a), "1,3,5");
    mkpkt(&p, 6, 1234, 81, "xx evil xx");
    assert_string_equal(run(de, &p, &a), "3,5");
    mkpkt(&p, 6, 1234, 80, "nothing");
    assert_string_equal(run(de, &p, &a), "5");
    mkpkt(&p, 17, 1, 2, "evil");
    assert_string_equal(run(de, &p, &a), "2,5");
    detect_engine_free(de);
}

static void test_order_pass_noalert(void **state)
{
    struct detect_engine *de =
            load("alert tcp any any -> any any (content:\"x\"; priority:3; sid:10;)\n"
                 "alert tcp any any -> any any (content:\"x\"; priority:1; sid:11;)\n"
                 "alert tcp any any -> any any (content:\"x\"; noalert; sid:12;)\n"
                 "pass tcp any any -> any 22 (content:\"x\"; sid:13;)\n");
    struct detect_alerts a;
    struct packet p;

    mkpkt(&p, 6, 1, 80, "x");
    assert_string_equal(run(de, &p, &a), "11,10");
    mkpkt(&p, 6, 1, 22, "x"); /* the pass rule goes first and stops the rest */
    assert_string_equal(run(de, &p, &a), "");
    detect_engine_free(de);
}

static void test_alert_max(void **state)
{
    char rules[4096];
    size_t off = 0;
    struct detect_engine *de;
    struct detect_alerts a;
    struct packet p;

    for (int i = 1; i <= 20; i++)
        off += (size_t)snprintf(rules + off, sizeof(rules) - off,
                "alert tcp any any -> any any (content:\"abc\"; sid:%d;)\n", i);
    de = load(rules);
    mkpkt(&p, 6, 1, 2, "abc");
    run(de, &p, &a);
    assert_int_equal(a.n, DETECT_ALERTS_MAX);
    assert_true(a.overflow);
    assert_int_equal(a.a[0].s->sid, 1);
    detect_engine_free(de);
}

static void test_fast_pattern_choice(void **state)
{
    struct detect_engine *de =
            load("alert tcp any any -> any any (content:\"ab\"; content:\"abcdef\"; sid:1;)\n"
                 "alert tcp any any -> any any (content:\"abcdef\"; content:\"ab\"; fast_pattern; "
                 "sid:2;)\n"
                 "alert tcp any any -> any any (content:!\"abcdefgh\"; content:\"xy\"; sid:3;)\n"
                 "alert tcp any any -> any any (content:!\"abcdefgh\"; sid:4;)\n"
                 "alert tcp any any -> any any (content:\"abcdefgh\"; fast_pattern:2,3; sid:5;)\n");
    const uint8_t *fp;
    uint16_t len;

    assert_int_equal(de->sigs[0]->fp->len, 6);
    assert_int_equal(de->sigs[1]->fp->len, 2);
    assert_memory_equal(de->sigs[2]->fp->pat, "xy", 2);
    assert_null(de->sigs[3]->fp);
    sig_fast_pattern_bytes(de->sigs[4], &fp, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(fp, "cde", 3);
    detect_engine_free(de);
}

static void test_groups(void **state)
{
    struct detect_engine *de = load("alert tcp any any -> any any (content:\"a\"; sid:1;)\n"
                                    "alert udp any any -> any any (sid:2;)\n"
                                    "alert icmp any any -> any any (sid:3;)\n"
                                    "alert ip any any -> any any (sid:4;)\n"
                                    "alert tcp any any -> any any (flow:to_client; sid:5;)\n");
    const struct sig_groups *g = &de->groups;

    assert_int_equal(g->g[SG_TCP][0].n_sigs, 2); /* 1, 4 */
    assert_int_equal(g->g[SG_TCP][1].n_sigs, 3); /* 1, 4, 5 */
    assert_int_equal(g->g[SG_TCP][0].n_pfs, 1);
    assert_int_equal(g->g[SG_UDP][0].n_sigs, 2); /* 2, 4 */
    assert_int_equal(g->g[SG_ICMP4][0].n_sigs, 2);
    assert_int_equal(g->g[SG_ICMP6][0].n_sigs, 2);
    assert_int_equal(g->g[SG_NOT_IP][0].n_sigs, 0);
    detect_engine_free(de);
}

static void test_fast_log_format(void **state)
{
    struct detect_engine *de =
            load("alert tcp any any -> any any (msg:\"hello world\"; sid:7; rev:3;)\n");
    struct packet p;
    char line[512];

    mkpkt(&p, 6, 1234, 80, "");
    fast_log_format(line, sizeof(line), &p, de->sigs[0]);
    assert_string_equal(line, "11/14/2023-22:13:20.123456  [**] [1:7:3] hello world [**] "
                              "[Classification: (null)] [Priority: 3] {TCP} 10.0.0.1:1234 -> "
                              "10.0.0.2:80\n");
    detect_engine_free(de);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_and_header),
        cmocka_unit_test(test_order_pass_noalert),
        cmocka_unit_test(test_alert_max),
        cmocka_unit_test(test_fast_pattern_choice),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_fast_log_format),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
