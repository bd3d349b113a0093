/*
 * test_sig_group.c - signature grouping by server port: which port group a packet meets,
 * what each group holds (own or shared prefilters, always list), more port classes than
 * groups, "<>" and "any" rules in every group, and the same alerts whatever the group.
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

/* A TCP or UDP packet 10.0.0.1:sp -> 10.0.0.2:dp with payload s (no flow). */
static void mkpkt(struct packet *p, uint8_t proto, uint16_t sp, uint16_t dp, const char *s)
{
    static uint8_t l4[64];

    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = proto;
    p->src.b[0] = 10;
    p->src.b[3] = 1;
    p->dst.b[0] = 10;
    p->dst.b[3] = 2;
    p->sp = sp;
    p->dp = dp;
    p->l4 = l4;
    p->l4_len = 20;
    p->payload = (const uint8_t *)s;
    p->payload_len = (uint32_t)strlen(s);
    p->ts_usec = 1700000000123456ull;
}

/* Runs the engine on p; returns the alerts' sids as "sid,sid,..." in order. */
static const char *run(struct detect_engine *de, struct packet *p)
{
    static char buf[512];
    struct detect_thread *dt = detect_thread_new(de);
    struct detect_alerts out;
    size_t off = 0;

    assert_non_null(dt);
    memset(&out, 0, sizeof(out));
    detect_packet(dt, p, &out);
    buf[0] = '\0';
    for (uint8_t i = 0; i < out.n; i++)
        off += (size_t)snprintf(
                buf + off, sizeof(buf) - off, "%s%u", i ? "," : "", out.a[i].s->sid);
    detect_thread_free(dt);
    return buf;
}

static const char port_rules[] =
        "alert tcp any any -> any 80 (content:\"GET\"; sid:1;)\n"
        "alert tcp any any -> any [80,8080] (content:\"GET\"; sid:2;)\n"
        "alert tcp any any -> any 445 (content:\"GET\"; sid:3;)\n"
        "alert tcp any any -> any 1024: (content:\"GET\"; sid:4;)\n"
        "alert tcp any any -> any any (content:\"GET\"; sid:5;)\n"
        "alert tcp any 80 <> any 9999 (content:\"GET\"; sid:6;)\n"
        "alert tcp any any -> any !80 (sid:7;)\n"
        "alert tcp any 80 -> any any (content:\"GET\"; flow:to_client; sid:8;)\n";

static void test_port_groups_lookup(void **state)
{
    struct detect_engine *de = load(port_rules);
    const struct sig_groups *sg = &de->groups;
    const struct sig_port_groups *pg = &sg->ports[SG_TCP][0];
    struct packet p;

    assert_non_null(pg->map);
    assert_true(pg->n >= 4 && pg->n <= SG_PORT_GROUPS_MAX);
    assert_int_equal(sg->g[SG_TCP][0].n_sigs, 7);
    mkpkt(&p, 6, 40000, 80, "GET /");
    assert_int_equal(sig_groups_lookup_pkt(sg, &p)->n_sigs, 4); /* 1 2 5 6 */
    /* 4 of the 6 patterns: shares the protocol group's prefilters */
    assert_true(sig_groups_lookup_pkt(sg, &p)->pfs_shared);
    assert_ptr_equal(sig_groups_lookup_pkt(sg, &p)->pfs, sg->g[SG_TCP][0].pfs);
    mkpkt(&p, 6, 40000, 8080, "GET /");
    assert_int_equal(sig_groups_lookup_pkt(sg, &p)->n_sigs, 5); /* 2 4 5 6 7 */
    mkpkt(&p, 6, 40000, 22, "GET /");
    assert_int_equal(sig_groups_lookup_pkt(sg, &p)->n_sigs, 3); /* 5 6 7 */
    /* 2 of the 6 patterns: prefilters of its own, "always" sid 7 */
    assert_false(sig_groups_lookup_pkt(sg, &p)->pfs_shared);
    assert_int_equal(sig_groups_lookup_pkt(sg, &p)->n_always, 1);
    assert_ptr_equal(sig_groups_lookup(sg, &p), &sg->g[SG_TCP][0]);
    /* UDP has no rule: not split */
    mkpkt(&p, 17, 40000, 80, "GET /");
    assert_null(sg->ports[SG_UDP][0].map);
    assert_ptr_equal(sig_groups_lookup_pkt(sg, &p), &sg->g[SG_UDP][0]);
    detect_engine_free(de);
}

static void test_port_groups_alerts(void **state)
{
    struct detect_engine *de = load(port_rules);
    struct packet p;

    mkpkt(&p, 6, 40000, 80, "GET /");
    assert_string_equal(run(de, &p), "1,2,5");
    mkpkt(&p, 6, 40000, 8080, "GET /");
    assert_string_equal(run(de, &p), "2,4,5,7");
    mkpkt(&p, 6, 40000, 445, "GET /");
    assert_string_equal(run(de, &p), "3,5,7");
    mkpkt(&p, 6, 40000, 23, "GET /");
    assert_string_equal(run(de, &p), "5,7");
    /* "<>": the rule's source port 80 on the packet's destination */
    mkpkt(&p, 6, 9999, 80, "GET /");
    assert_string_equal(run(de, &p), "1,2,5,6");
    detect_engine_free(de);
}

/* To the client, the group is chosen by the source (server) port. */
static void test_port_groups_to_client(void **state)
{
    struct detect_engine *de = load(port_rules);
    const struct sig_groups *sg = &de->groups;
    struct flow f;
    struct packet p;

    memset(&f, 0, sizeof(f));
    mkpkt(&p, 6, 80, 40000, "GET /");
    p.flow = &f;
    p.flow_dir = FLOW_DIR_TOCLIENT;
    assert_non_null(sg->ports[SG_TCP][1].map);
    assert_int_equal(sig_groups_lookup_pkt(sg, &p)->n_sigs, 8); /* only sid 8 names port 80 */
    assert_string_equal(run(de, &p), "4,5,7,8");
    p.sp = 81;
    assert_int_equal(sig_groups_lookup_pkt(sg, &p)->n_sigs, 7);
    assert_string_equal(run(de, &p), "4,5,7");
    flow_vars_free(f.detect_vars);
    detect_engine_free(de);
}

/* More port classes than groups: the last group holds the remaining classes' rules. */
static void test_port_groups_many(void **state)
{
    char rules[8192];
    size_t off = 0;
    struct detect_engine *de;
    struct packet p;
    char want[16];

    for (unsigned i = 0; i < 40; i++)
        off += (size_t)snprintf(rules + off, sizeof(rules) - off,
                "alert udp any any -> any %u (content:\"x\"; sid:%u;)\n", 1000 + i, 100 + i);
    de = load(rules);
    assert_int_equal(de->groups.ports[SG_UDP][0].n, SG_PORT_GROUPS_MAX);
    for (unsigned i = 0; i < 40; i++) {
        mkpkt(&p, 17, 5353, (uint16_t)(1000 + i), "xyz");
        snprintf(want, sizeof(want), "%u", 100 + i);
        assert_string_equal(run(de, &p), want);
    }
    mkpkt(&p, 17, 5353, 53, "xyz");
    assert_string_equal(run(de, &p), "");
    assert_int_equal(sig_groups_lookup_pkt(&de->groups, &p)->n_sigs, 0);
    detect_engine_free(de);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_port_groups_lookup),
        cmocka_unit_test(test_port_groups_alerts),
        cmocka_unit_test(test_port_groups_to_client),
        cmocka_unit_test(test_port_groups_many),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
