/*
 * test_threshold.c - threshold / detection_filter keywords, threshold.config parsing,
 * and threshold_check()'s Suricata semantics (limit, threshold, both, detection_filter;
 * by_src/by_dst/by_both/by_rule/by_flow; suppress; config overrides; the table bound; one
 * table shared by several workers' contexts).
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
#include "detect/engine-int.h"
#include "detect/flow-vars.h"
#include "detect/rule-parse.h"
#include "detect/threshold.h"
#include "flow/flow-types.h"
#include "util/err.h"
#include "util/log.h"

#define RT_PROTO "icmp"
#include "rule_test_util.h"

#define SEC 1000000ull

static void pkt(struct packet *p, uint8_t src, uint8_t dst)
{
    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = 1;
    p->src.b[0] = 10;
    p->src.b[3] = src;
    p->dst.b[0] = 10;
    p->dst.b[3] = dst;
}

/* Alerts out of n matches of s on p, one per second from t0. */
static unsigned alerts(
        struct threshold_ctx *tc, const struct sig *s, struct packet *p, unsigned n, uint64_t t0)
{
    unsigned a = 0;

    for (unsigned i = 0; i < n; i++)
        a += threshold_check(tc, s, p, t0 + i * SEC);
    return a;
}

/* Alerts of a rule's options over 8 matches in one flow (the verify tests' pcap). */
static unsigned eight(const char *opts)
{
    struct threshold_ctx *tc = threshold_ctx_new(NULL, 0);
    struct sig *s = sig_ok(opts);
    struct packet p;
    struct flow f;
    unsigned a;

    pkt(&p, 1, 2);
    memset(&f, 0, sizeof(f));
    p.flow = &f;
    a = alerts(tc, s, &p, 8, 100 * SEC);
    flow_vars_free(f.detect_vars);
    sig_free(s);
    threshold_ctx_free(tc);
    return a;
}

static void test_parse(void **state)
{
    struct sig *s = sig_ok("threshold:type limit, track by_src, count 2, seconds 60;");

    assert_int_equal(s->threshold.type, SIG_THRESHOLD_LIMIT);
    assert_int_equal(s->threshold.track, SIG_TRACK_BY_SRC);
    assert_int_equal(s->threshold.count, 2);
    assert_int_equal(s->threshold.seconds, 60);
    sig_free(s);
    s = sig_ok("detection_filter:track by_dst, count 5, seconds 10;");
    assert_int_equal(s->detection_filter.type, SIG_THRESHOLD_DETECTION_FILTER);
    assert_int_equal(s->detection_filter.track, SIG_TRACK_BY_DST);
    sig_free(s);
    s = sig_ok("threshold: seconds 5,count 1 ,track by_flow,type both;");
    assert_int_equal(s->threshold.type, SIG_THRESHOLD_BOTH);
    assert_int_equal(s->threshold.track, SIG_TRACK_BY_FLOW);
    sig_free(s);
    sig_bad("threshold:type limit, track by_src, count 2;", "required");
    sig_bad("threshold:type sometimes, track by_src, count 2, seconds 1;", "invalid value");
    sig_bad("threshold:type limit, track by_host, count 2, seconds 1;", "invalid value");
    sig_bad("threshold:type limit, track by_src, count 0, seconds 1;", "count");
    sig_bad("threshold:type limit, track by_src, count 1, seconds 1; "
            "threshold:type limit, track by_src, count 2, seconds 1;",
            "only one");
    sig_bad("detection_filter:type limit, track by_src, count 1, seconds 1;", NULL);
    sig_bad("detection_filter:track by_flow, count 1, seconds 60, unique_on src_port;",
            "unique_on");
    sig_bad("detection_filter:track by_src, count 1, seconds 60, unique_on flow_id;", NULL);
}

/* The expectations of suricata-verify threshold/threshold-rule-flow and
 * threshold/detection_filter-rule-hostsrc (8 echo requests). */
static void test_verify_cases(void **state)
{
    assert_int_equal(eight(""), 8);
    assert_int_equal(eight("threshold:type limit, track by_flow, count 1, seconds 3600;"), 1);
    assert_int_equal(eight("threshold:type limit, track by_flow, count 2, seconds 3600;"), 2);
    assert_int_equal(eight("threshold:type both, track by_flow, count 3, seconds 3600;"), 1);
    assert_int_equal(eight("detection_filter:track by_src, count 1, seconds 3600;"), 7);
    assert_int_equal(eight("detection_filter:track by_src, count 2, seconds 3600;"), 6);
    assert_int_equal(eight("detection_filter:track by_src, count 4, seconds 3600;"), 4);
    assert_int_equal(eight("detection_filter:track by_src, count 7, seconds 3600;"), 1);
    assert_int_equal(eight("detection_filter:track by_src, count 8, seconds 3600;"), 0);
    assert_int_equal(eight("threshold:type threshold, track by_rule, count 3, seconds 60;"), 2);
    assert_int_equal(eight("threshold:type threshold, track by_src, count 1, seconds 60;"), 8);
    /* backoff: matches 1, 2 (count 1, x2: 1 2 4 8) and (count 2, x3: 2 6) */
    assert_int_equal(eight("threshold:type backoff, track by_flow, count 1, multiplier 2;"), 4);
    assert_int_equal(eight("threshold:type backoff, track by_src, count 2, multiplier 3;"), 2);
}

/* suricata-verify detection_filter-distinct-srcport and -dstport-no-dups */
static void test_unique_on(void **state)
{
    struct threshold_ctx *tc = threshold_ctx_new(NULL, 0);
    struct sig *s = sig_ok("detection_filter: track by_src, count 1, seconds 60, unique_on "
                           "src_port;");
    struct sig *d = sig_ok("detection_filter: track by_dst, count 3, seconds 60, unique_on "
                           "dst_port;");
    struct packet p;
    unsigned a = 0;

    assert_int_equal(s->detection_filter.unique_on, 1);
    pkt(&p, 1, 2);
    p.sp = 2000;
    p.dp = 80;
    a += threshold_check(tc, s, &p, 0);
    a += threshold_check(tc, s, &p, 1); /* same port again: still one distinct */
    p.sp = 2001;
    a += threshold_check(tc, s, &p, 2);
    assert_int_equal(a, 1);
    assert_true(threshold_check(tc, s, &p, 3));         /* past the count: every match alerts */
    assert_false(threshold_check(tc, s, &p, 61 * SEC)); /* new window */
    a = 0;
    p.dp = 80;
    a += threshold_check(tc, d, &p, 0);
    a += threshold_check(tc, d, &p, 1);
    p.dp = 81;
    a += threshold_check(tc, d, &p, 2);
    assert_int_equal(a, 0);
    sig_free(s);
    sig_free(d);
    threshold_ctx_free(tc);
}

static void test_backoff_parse(void **state)
{
    struct sig *s = sig_ok("threshold:type backoff, track by_flow, count 1, multiplier 10;");

    assert_int_equal(s->threshold.type, SIG_THRESHOLD_BACKOFF);
    assert_int_equal(s->threshold.multiplier, 10);
    sig_free(s);
    /* ET Open repeats identical thresholds */
    s = sig_ok("threshold:type limit, seconds 180, count 1, track by_src; "
               "threshold:type limit, seconds 180, count 1, track by_src;");
    sig_free(s);
    sig_bad("threshold:type backoff, track by_flow, count 1, seconds 10;", "multiplier");
    sig_bad("threshold:type limit, track by_flow, count 1, multiplier 10;", "multiplier");
    sig_bad("threshold:type backoff, track by_flow, count 1, multiplier 1;", "invalid value");
}

static void test_windows_and_keys(void **state)
{
    struct threshold_ctx *tc = threshold_ctx_new(NULL, 0);
    struct sig *s = sig_ok("threshold:type limit, track by_src, count 1, seconds 10;");
    struct sig *b = sig_ok("threshold:type limit, track by_both, count 1, seconds 10;");
    struct sig *t = sig_ok("threshold:type threshold, track by_dst, count 2, seconds 10;");
    struct packet p, q, r;

    pkt(&p, 1, 2);
    pkt(&q, 3, 2);
    pkt(&r, 2, 1); /* p reversed */
    assert_true(threshold_check(tc, s, &p, 0));
    assert_false(threshold_check(tc, s, &p, 5 * SEC));
    assert_true(threshold_check(tc, s, &q, 5 * SEC));  /* another source */
    assert_true(threshold_check(tc, s, &p, 10 * SEC)); /* new window */
    assert_false(threshold_check(tc, s, &p, 11 * SEC));
    /* by_both: the pair in either direction */
    assert_true(threshold_check(tc, b, &p, 0));
    assert_false(threshold_check(tc, b, &r, 1 * SEC));
    assert_true(threshold_check(tc, b, &q, 1 * SEC));
    /* threshold by_dst: every second match to the same destination */
    assert_false(threshold_check(tc, t, &p, 0));
    assert_true(threshold_check(tc, t, &q, 1 * SEC));
    assert_false(threshold_check(tc, t, &p, 2 * SEC));
    assert_true(threshold_check(tc, t, &p, 3 * SEC));
    assert_false(threshold_check(tc, t, &p, 20 * SEC)); /* window passed: count restarts */
    sig_free(s);
    sig_free(b);
    sig_free(t);
    threshold_ctx_free(tc);
}

static void test_bound(void **state)
{
    struct threshold_ctx *tc = threshold_ctx_new(NULL, 8);
    struct sig *s = sig_ok("threshold:type limit, track by_src, count 1, seconds 10;");
    struct packet p;
    struct stats_set st;

    /* 100 sources, 8 tracked: the untracked ones alert (fail-open) every time */
    for (unsigned i = 0; i < 100; i++) {
        pkt(&p, (uint8_t)i, 200);
        assert_true(threshold_check(tc, s, &p, 0));
    }
    pkt(&p, 0, 200);
    assert_false(threshold_check(tc, s, &p, 1)); /* tracked */
    /* after the window the table is swept and new keys are tracked again */
    pkt(&p, 150, 200);
    assert_true(threshold_check(tc, s, &p, 20 * SEC));
    assert_false(threshold_check(tc, s, &p, 21 * SEC));
    stats_set_init(&st);
    threshold_export_stats(tc, &st);
    stats_set_release(&st);
    sig_free(s);
    threshold_ctx_free(tc);
}

static const char config[] =
        "# comment\n"
        "threshold gen_id 1, sig_id 10, type limit, track by_src, count 1, seconds 60\n"
        "event_filter gen_id 1, sig_id 0, type limit, track by_rule, count 2, seconds 60\n"
        "suppress gen_id 1, sig_id 20\n"
        "suppress gen_id 1, sig_id 21, track by_src, ip [10.0.0.1,192.168.0.0/16]\n"
        "suppress gen_id 1, sig_id 22, track by_either, \\\n"
        "    ip 10.0.0.2\n"
        "rate_filter gen_id 1, sig_id 30, track by_rule, count 10, seconds 1, "
        "new_action drop, timeout 10\n"
        "threshold gen_id 1, sig_id 11, type bogus, track by_src, count 1, seconds 60\n"
        "suppress gen_id 1, sig_id 23, track by_src\n"
        "frobnicate gen_id 1\n";

static struct sig *sig_sid(const char *opts, uint32_t sid)
{
    struct sig *s = sig_ok(opts);

    s->sid = sid;
    return s;
}

static void test_config(void **state)
{
    struct threshold_config *cfg = NULL;
    struct threshold_ctx *tc;
    struct sig *s10, *s12, *s13, *s20, *s21, *s22;
    struct packet p, q;
    unsigned errors = 0;

    assert_int_equal(threshold_config_parse(&cfg, config, "thr", NULL, &errors), VG_OK);
    assert_int_equal(errors, 3);
    assert_int_equal(threshold_config_count(cfg), 5);
    tc = threshold_ctx_new(cfg, 0);
    /* sid 10: the config's limit 1 replaces the rule's own threshold */
    s10 = sig_sid("threshold:type limit, track by_src, count 5, seconds 60;", 10);
    /* sid 12: no threshold of its own: the global event_filter (limit 2 by_rule) */
    s12 = sig_sid("", 12);
    /* sid 13: its own threshold wins over the global one */
    s13 = sig_sid("threshold:type limit, track by_src, count 3, seconds 60;", 13);
    s20 = sig_sid("", 20);
    s21 = sig_sid("", 21);
    s22 = sig_sid("", 22);
    pkt(&p, 1, 9); /* 10.0.0.1 -> 10.0.0.9 */
    pkt(&q, 2, 9);
    assert_int_equal(alerts(tc, s10, &p, 5, 0), 1);
    assert_int_equal(alerts(tc, s12, &p, 5, 0), 2);
    assert_int_equal(alerts(tc, s13, &p, 5, 0), 3);
    assert_int_equal(alerts(tc, s20, &p, 5, 0), 0);
    assert_int_equal(alerts(tc, s21, &p, 2, 0), 0); /* 10.0.0.1 listed */
    assert_int_equal(alerts(tc, s21, &q, 2, 0), 2);
    assert_int_equal(alerts(tc, s22, &q, 2, 0), 0); /* by_either: source 10.0.0.2 */
    q.dst = q.src;
    q.src = p.src;
    assert_int_equal(alerts(tc, s22, &q, 2, 0), 0); /* by_either: destination 10.0.0.2 */
    assert_int_equal(alerts(tc, s22, &p, 2, 0), 2);
    sig_free(s10);
    sig_free(s12);
    sig_free(s13);
    sig_free(s20);
    sig_free(s21);
    sig_free(s22);
    threshold_ctx_free(tc);
    threshold_config_free(cfg);
    assert_int_equal(
            threshold_config_load(&cfg, "/nonexistent/threshold.config", NULL, NULL), VG_ENOENT);
}

/* Two workers' contexts on one shared table count together; a packet older than the
 * window start (the other worker got ahead in packet time) is in the window. */
static void test_shared(void **state)
{
    struct threshold_table *t = threshold_table_new(0);
    struct threshold_ctx *w1, *w2;
    struct sig *s = sig_ok("threshold:type limit, track by_src, count 2, seconds 10;");
    struct sig *d = sig_ok("detection_filter:track by_dst, count 2, seconds 10;");
    struct stats_set st;
    struct packet p;

    assert_non_null(t);
    w1 = threshold_ctx_new_shared(NULL, t);
    w2 = threshold_ctx_new_shared(NULL, t);
    threshold_table_free(t); /* the contexts keep it */
    assert_non_null(w1);
    assert_non_null(w2);
    pkt(&p, 1, 2);
    assert_true(threshold_check(w1, s, &p, 5 * SEC));
    assert_true(threshold_check(w2, s, &p, 4 * SEC)); /* earlier packet: same window */
    assert_false(threshold_check(w1, s, &p, 6 * SEC));
    assert_false(threshold_check(w2, s, &p, 6 * SEC));
    assert_true(threshold_check(w2, s, &p, 16 * SEC)); /* new window */
    assert_false(threshold_check(w1, d, &p, 0));
    assert_false(threshold_check(w2, d, &p, 0));
    assert_true(threshold_check(w1, d, &p, 1 * SEC));
    assert_true(threshold_check(w2, d, &p, 1 * SEC));
    /* entries are the shared table's: reported once, not once per worker */
    stats_set_init(&st);
    threshold_export_stats(w1, &st);
    threshold_export_stats(w2, &st);
    assert_int_equal(stats_get(&st, "detect.thresholds.entries"), 2);
    stats_set_release(&st);
    sig_free(s);
    sig_free(d);
    threshold_ctx_free(w1);
    threshold_ctx_free(w2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_verify_cases),
        cmocka_unit_test(test_backoff_parse),
        cmocka_unit_test(test_unique_on),
        cmocka_unit_test(test_windows_and_keys),
        cmocka_unit_test(test_bound),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_shared),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
