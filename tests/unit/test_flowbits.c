/*
 * test_flowbits.c - per-flow and per-host detection state: flow-vars.c, flowbits,
 * flowint, xbits/hostbits parsing and the host table, and the flow table freeing a
 * flow's detect_vars through flow_config.vars_free.
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
#include "detect/host-vars.h"
#include "detect/keyword.h"
#include "detect/rule-parse.h"
#include "flow/flow.h"
#include "util/err.h"

#define RT_PROTO "tcp"
#include "rule_test_util.h"

/* Runs s on p like the engine: flow conditions, then post actions when they hold. */
static bool run(const struct sig *s, struct packet *p)
{
    for (uint16_t i = 0; i < s->flow.n; i++) {
        if (!s->flow.m[i].kw->match(NULL, p, s, s->flow.m[i].ctx))
            return false;
    }
    for (uint16_t i = 0; i < s->post.n; i++)
        s->post.m[i].kw->match(NULL, p, s, s->post.m[i].ctx);
    return true;
}

/* Parses, runs and frees. */
static bool m(const char *opts, struct packet *p)
{
    struct sig *s = sig_ok(opts);
    bool r = run(s, p);

    sig_free(s);
    return r;
}

static void test_flow_vars(void **state)
{
    struct flow f;
    const char *a = detect_engine_intern(de, "a"), *b = detect_engine_intern(de, "b");
    uint32_t v;

    memset(&f, 0, sizeof(f));
    assert_ptr_equal(a, detect_engine_intern(de, "a"));
    assert_false(flow_vars_bit_isset(&f, a));
    assert_true(flow_vars_bit_set(&f, a));
    assert_true(flow_vars_bit_isset(&f, a));
    assert_false(flow_vars_bit_isset(&f, b));
    assert_true(flow_vars_bit_toggle(&f, b));
    assert_true(flow_vars_bit_isset(&f, b));
    flow_vars_bit_toggle(&f, b);
    assert_false(flow_vars_bit_isset(&f, b));
    flow_vars_bit_unset(&f, a);
    assert_false(flow_vars_bit_isset(&f, a));
    assert_false(flow_vars_int_get(&f, a, &v));
    assert_true(flow_vars_int_set(&f, a, 7));
    assert_true(flow_vars_int_get(&f, a, &v));
    assert_int_equal(v, 7);
    assert_false(flow_vars_bit_isset(&f, a)); /* kinds are separate */
    /* the cap holds */
    for (unsigned i = 0; i < FLOW_VARS_MAX + 10; i++)
        flow_vars_get(&f, FLOW_VAR_THRESH, (const char *)&f + i);
    assert_int_equal(flow_vars_count(&f), FLOW_VARS_MAX);
    flow_vars_free(f.detect_vars);
    flow_vars_free(NULL);
}

static void test_flowbits_kw(void **state)
{
    struct packet p;
    struct flow f;
    struct sig *s;

    memset(&p, 0, sizeof(p));
    memset(&f, 0, sizeof(f));
    p.flow = &f;
    assert_false(m("flowbits:isset,fb1;", &p));
    assert_true(m("flowbits:isnotset,fb1;", &p));
    assert_true(m("flowbits:set,fb1;", &p));
    assert_true(m("flowbits:isset,fb1;", &p));
    assert_true(m("flowbits:isset,fb4|fb2|fb1;", &p));
    assert_false(m("flowbits:isset,fb2|fb3;", &p));
    assert_true(m("flowbits:isnotset,fb1|fb2;", &p)); /* fb2 is not set */
    assert_false(m("flowbits:isnotset,fb1;", &p));
    assert_true(m("flowbits:toggle,fb1;", &p));
    assert_false(m("flowbits:isset,fb1;", &p));
    assert_true(m("flowbits:set,fb1; flowbits:unset,fb1;", &p));
    assert_false(m("flowbits:isset,fb1;", &p));
    /* a condition that fails stops the post actions */
    assert_false(m("flowbits:isset,nope; flowbits:set,x;", &p));
    assert_false(m("flowbits:isset,x;", &p));
    /* lists and flags */
    s = sig_ok("flowbits:set,a; flowbits:isset,b; flowbits:noalert;");
    assert_int_equal(s->post.n, 1);
    assert_int_equal(s->flow.n, 1);
    assert_true(s->flags & SIG_F_NOALERT);
    sig_free(s);
    /* without a flow: conditions fail, actions are no-ops */
    p.flow = NULL;
    assert_false(m("flowbits:isset,fb1;", &p));
    assert_false(m("flowbits:isnotset,fb1;", &p));
    assert_true(m("flowbits:set,fb1;", &p));
    sig_bad("flowbits:set;", "needs a name");
    sig_bad("flowbits:bogus,a;", "unknown command");
    sig_bad("flowbits:set,a|b;", "OR'ed");
    sig_bad("flowbits:isset,a|;", "invalid name");
    sig_bad("flowbits:isset,a b;", "invalid name");
    sig_bad("flowbits:noalert,x;", "noalert");
    sig_bad("flowbits:isset,a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q;", "too many");
    flow_vars_free(f.detect_vars);
}

static void test_flowint_kw(void **state)
{
    struct packet p;
    struct flow f;

    memset(&p, 0, sizeof(p));
    memset(&f, 0, sizeof(f));
    p.flow = &f;
    assert_true(m("flowint:cnt,notset;", &p));
    assert_false(m("flowint:cnt,isset;", &p));
    assert_false(m("flowint:cnt,==,0;", &p));
    assert_true(m("flowint:cnt,+,1;", &p));
    assert_true(m("flowint:cnt,==,1;", &p));
    assert_true(m("flowint:cnt,+,4;", &p));
    assert_true(m("flowint:cnt,>,4;", &p));
    assert_true(m("flowint:cnt,<=,5;", &p));
    assert_true(m("flowint:cnt,!=,4;", &p));
    assert_true(m("flowint:cnt,-,10;", &p));
    assert_true(m("flowint:cnt,==,0;", &p));
    assert_true(m("flowint:cnt,=,9;", &p));
    assert_true(m("flowint:other,=,9;", &p));
    assert_true(m("flowint:cnt,==,other;", &p));
    assert_false(m("flowint:cnt,==,unsetvar;", &p));
    assert_true(m("flowint:cnt,isset;", &p));
    sig_bad("flowint:cnt,+;", "flowint");
    sig_bad("flowint:cnt,isset,3;", "flowint");
    sig_bad("flowint:cnt,**,3;", "unknown operator");
    flow_vars_free(f.detect_vars);
}

static void test_host_table(void **state)
{
    struct host_table *ht = host_table_new(4);
    struct vg_addr a = { .b = { 1, 2, 3, 4 } }, b = { .b = { 5, 6, 7, 8 } };
    const char *x = detect_engine_intern(de, "x");
    const uint64_t s = 1000000;

    assert_non_null(ht);
    assert_false(host_table_isset(ht, HOST_VARS_HOST, &a, NULL, x, 0));
    assert_true(host_table_set(ht, HOST_VARS_HOST, &a, NULL, x, 0, 30 * s));
    assert_true(host_table_isset(ht, HOST_VARS_HOST, &a, NULL, x, 10 * s));
    assert_false(host_table_isset(ht, HOST_VARS_HOST, &b, NULL, x, 10 * s));
    assert_false(host_table_isset(ht, HOST_VARS_HOST, &a, NULL, x, 30 * s)); /* expired */
    /* pairs are unordered */
    assert_true(host_table_set(ht, HOST_VARS_PAIR, &a, &b, x, 0, 30 * s));
    assert_true(host_table_isset(ht, HOST_VARS_PAIR, &b, &a, x, 1));
    host_table_unset(ht, HOST_VARS_PAIR, &b, &a, x, 1);
    assert_false(host_table_isset(ht, HOST_VARS_PAIR, &a, &b, x, 1));
    /* an IPv6 address with the same bytes as an IPv4 one is another key */
    assert_true(host_table_set(ht, HOST_VARS_PAIR, &a, &b, x, 0, 30 * s));
    assert_false(host_table_isset(ht, HOST_VARS_PAIR | HOST_VARS_V6, &a, &b, x, 1));
    assert_true(host_table_isset(ht, HOST_VARS_PAIR, &a, &b, x, 1));
    /* bounded: many hosts, the table never grows past its slots */
    for (uint32_t i = 0; i < 100; i++) {
        struct vg_addr h = { .w = { i + 100 } };

        host_table_set(ht, HOST_VARS_HOST, &h, NULL, x, 0, 30 * s);
    }
    host_table_free(ht);
}

static void test_xbits_kw(void **state)
{
    struct packet p;
    struct sig *s;

    s = sig_ok("xbits:set,abc,track ip_pair,expire 60;");
    assert_int_equal(s->post.n, 1);
    sig_free(s);
    s = sig_ok("xbits:isset,abc,track ip_src;");
    assert_int_equal(s->flow.n, 1);
    /* without a host table (no engine thread) conditions fail */
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    assert_false(run(s, &p));
    sig_free(s);
    s = sig_ok("hostbits:set,abc,dst; hostbits:isnotset,def;");
    sig_free(s);
    s = sig_ok("xbits:noalert;");
    assert_true(s->flags & SIG_F_NOALERT);
    sig_free(s);
    sig_bad("xbits:set,abc;", "track");
    sig_bad("xbits:set,abc,track tx;", "tx");
    sig_bad("xbits:set,abc,track ip_foo;", "xbits");
    sig_bad("xbits:set,abc,track ip_src,expire 0;", "xbits");
    sig_bad("hostbits:set,abc,sideways;", "hostbits");
}

static unsigned freed;

static void count_free(void *vars)
{
    freed++;
    flow_vars_free(vars);
}

/* The flow table frees detect_vars when a flow ends and when the table is freed. */
static void test_flow_table_frees(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct packet p;
    struct flow *f;
    static const uint8_t l4[20];
    const char *n = detect_engine_intern(de, "n");

    flow_config_defaults(&cfg);
    cfg.prealloc = 10;
    cfg.vars_free = count_free;
    t = flow_table_new(&cfg, 1, NULL, NULL);
    assert_non_null(t);
    memset(&p, 0, sizeof(p));
    p.ip_ver = 4;
    p.proto = 17;
    p.src.b[0] = 1;
    p.dst.b[0] = 2;
    p.sp = 1000;
    p.dp = 53;
    p.l4 = l4;
    p.l4_len = 8;
    p.ts_usec = 1000000;
    f = flow_handle_packet(t, &p, p.ts_usec);
    assert_non_null(f);
    assert_true(flow_vars_bit_set(f, n));
    flow_table_timeout(t, p.ts_usec + 3600ull * 1000000);
    assert_int_equal(freed, 1);
    p.ts_usec += 7200ull * 1000000;
    f = flow_handle_packet(t, &p, p.ts_usec);
    assert_non_null(f);
    assert_null(f->detect_vars);
    assert_true(flow_vars_bit_set(f, n));
    flow_table_free(t);
    assert_int_equal(freed, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow_vars),
        cmocka_unit_test(test_flowbits_kw),
        cmocka_unit_test(test_flowint_kw),
        cmocka_unit_test(test_host_table),
        cmocka_unit_test(test_xbits_kw),
        cmocka_unit_test(test_flow_table_frees),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
