/*
 * test_flow_key.c - flow keys: symmetry, ICMP mapping, fragments, VLAN and tunnel depth.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "flow/flow.h"

static uint8_t l4_dummy[64];

static struct vg_addr v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    struct vg_addr x;
    memset(&x, 0, sizeof(x));
    x.b[0] = a;
    x.b[1] = b;
    x.b[2] = c;
    x.b[3] = d;
    return x;
}

static struct vg_addr v6(uint8_t last)
{
    struct vg_addr x;
    memset(&x, 0, sizeof(x));
    x.b[0] = 0x20;
    x.b[1] = 0x01;
    x.b[15] = last;
    return x;
}

static void pkt4(struct packet *p, uint8_t proto, struct vg_addr s, struct vg_addr d, uint16_t sp,
        uint16_t dp)
{
    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = proto;
    p->src = s;
    p->dst = d;
    p->sp = sp;
    p->dp = dp;
    p->l4 = l4_dummy;
    p->l4_len = sizeof(l4_dummy);
}

static void test_udp_symmetry(void **state)
{
    struct flow_config cfg;
    struct packet a, b;
    struct flow_key ka, kb;

    (void)state;
    flow_config_defaults(&cfg);
    pkt4(&a, 17, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 1234, 53);
    pkt4(&b, 17, v4(10, 0, 0, 2), v4(10, 0, 0, 1), 53, 1234);
    assert_int_equal(flow_key_from_packet(&cfg, &a, &ka), FLOW_PKT_NORMAL);
    assert_int_equal(flow_key_from_packet(&cfg, &b, &kb), FLOW_PKT_NORMAL);
    assert_true(flow_key_match(&ka, &kb));
    assert_false(flow_key_same_dir(&ka, &kb));
    assert_int_equal(flow_key_hash(&ka, 7), flow_key_hash(&kb, 7));
    assert_int_equal(flow_key_id(&ka, 100), flow_key_id(&kb, 100));
    assert_true(flow_key_id(&ka, 100) < (1ULL << 53));
    assert_true(flow_key_id(&ka, 100) != 0);

    /* other port, other flow */
    b.sp = 54;
    assert_int_equal(flow_key_from_packet(&cfg, &b, &kb), FLOW_PKT_NORMAL);
    assert_false(flow_key_match(&ka, &kb));
    /* same ports reversed but wrong pairing */
    pkt4(&b, 17, v4(10, 0, 0, 2), v4(10, 0, 0, 1), 1234, 53);
    assert_int_equal(flow_key_from_packet(&cfg, &b, &kb), FLOW_PKT_NORMAL);
    assert_false(flow_key_match(&ka, &kb));
    /* other protocol */
    pkt4(&b, 6, v4(10, 0, 0, 2), v4(10, 0, 0, 1), 53, 1234);
    assert_int_equal(flow_key_from_packet(&cfg, &b, &kb), FLOW_PKT_NORMAL);
    assert_false(flow_key_match(&ka, &kb));
}

static void test_ipv6_symmetry(void **state)
{
    struct flow_config cfg;
    struct packet a, b;
    struct flow_key ka, kb;

    (void)state;
    flow_config_defaults(&cfg);
    pkt4(&a, 6, v6(1), v6(2), 40000, 443);
    a.ip_ver = 6;
    pkt4(&b, 6, v6(2), v6(1), 443, 40000);
    b.ip_ver = 6;
    flow_key_from_packet(&cfg, &a, &ka);
    flow_key_from_packet(&cfg, &b, &kb);
    assert_true(flow_key_match(&ka, &kb));
    assert_int_equal(flow_key_hash(&ka, 99), flow_key_hash(&kb, 99));
    /* same address bytes as IPv4 is another flow */
    b.ip_ver = 4;
    flow_key_from_packet(&cfg, &b, &kb);
    assert_false(flow_key_match(&ka, &kb));
}

static void test_icmp_echo(void **state)
{
    struct flow_config cfg;
    struct packet a, b;
    struct flow_key ka, kb;

    (void)state;
    flow_config_defaults(&cfg);
    pkt4(&a, 1, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 0, 0);
    a.icmp.type = 8;
    pkt4(&b, 1, v4(10, 0, 0, 2), v4(10, 0, 0, 1), 0, 0);
    b.icmp.type = 0;
    assert_int_equal(flow_key_from_packet(&cfg, &a, &ka), FLOW_PKT_NORMAL);
    assert_int_equal(flow_key_from_packet(&cfg, &b, &kb), FLOW_PKT_NORMAL);
    assert_true(flow_key_match(&ka, &kb));
    assert_int_equal(flow_key_hash(&ka, 1), flow_key_hash(&kb, 1));
    /* an echo request in the other direction is another flow */
    b.icmp.type = 8;
    flow_key_from_packet(&cfg, &b, &kb);
    assert_false(flow_key_match(&ka, &kb));

    /* ICMPv6 echo */
    pkt4(&a, 58, v6(1), v6(2), 0, 0);
    a.ip_ver = 6;
    a.icmp.type = 128;
    pkt4(&b, 58, v6(2), v6(1), 0, 0);
    b.ip_ver = 6;
    b.icmp.type = 129;
    assert_int_equal(flow_key_from_packet(&cfg, &a, &ka), FLOW_PKT_NORMAL);
    assert_int_equal(flow_key_from_packet(&cfg, &b, &kb), FLOW_PKT_NORMAL);
    assert_true(flow_key_match(&ka, &kb));
    assert_int_equal(flow_icmpv6_counterpart(135), 136);
    assert_int_equal(flow_icmpv4_counterpart(3), -1);
}

static void test_icmp_errors(void **state)
{
    struct flow_config cfg;
    struct packet a, e;
    struct flow_key ka, ke;

    (void)state;
    flow_config_defaults(&cfg);
    pkt4(&a, 17, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 1234, 53);
    flow_key_from_packet(&cfg, &a, &ka);
    /* a router answers "port unreachable" with the original datagram embedded */
    pkt4(&e, 1, v4(10, 0, 0, 254), v4(10, 0, 0, 1), 0, 0);
    e.icmp.type = 3;
    e.icmp.code = 3;
    e.icmp.has_inner = true;
    e.icmp.inner_proto = 17;
    e.icmp.inner_src = v4(10, 0, 0, 1);
    e.icmp.inner_dst = v4(10, 0, 0, 2);
    e.icmp.inner_sp = 1234;
    e.icmp.inner_dp = 53;
    assert_int_equal(flow_key_from_packet(&cfg, &e, &ke), FLOW_PKT_ICMP_ERR);
    assert_true(flow_key_match(&ka, &ke));
    assert_int_equal(flow_key_hash(&ka, 3), flow_key_hash(&ke, 3));
    /* without a decodable embedded packet: no flow */
    e.icmp.has_inner = false;
    assert_int_equal(flow_key_from_packet(&cfg, &e, &ke), FLOW_PKT_NONE);
    /* time exceeded never maps (Suricata maps destination unreachable only) */
    e.icmp.has_inner = true;
    e.icmp.type = 11;
    assert_int_equal(flow_key_from_packet(&cfg, &e, &ke), FLOW_PKT_NONE);
}

static void test_untracked(void **state)
{
    struct flow_config cfg;
    struct packet a;
    struct flow_key k;

    (void)state;
    flow_config_defaults(&cfg);
    pkt4(&a, 17, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 1, 2);
    a.flags = PKT_F_FRAGMENT;
    assert_int_equal(flow_key_from_packet(&cfg, &a, &k), FLOW_PKT_NONE);
    a.flags = PKT_F_INVALID;
    assert_int_equal(flow_key_from_packet(&cfg, &a, &k), FLOW_PKT_NONE);
    a.flags = 0;
    a.ip_ver = 0;
    assert_int_equal(flow_key_from_packet(&cfg, &a, &k), FLOW_PKT_NONE);
    pkt4(&a, 2, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 0, 0); /* IGMP */
    assert_int_equal(flow_key_from_packet(&cfg, &a, &k), FLOW_PKT_NONE);
    pkt4(&a, 47, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 0, 0); /* GRE: only its payload */
    assert_int_equal(flow_key_from_packet(&cfg, &a, &k), FLOW_PKT_NONE);
    pkt4(&a, 50, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 0, 0); /* ESP: address-only flow */
    assert_int_equal(flow_key_from_packet(&cfg, &a, &k), FLOW_PKT_NORMAL);
    pkt4(&a, 6, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 1, 2);
    a.l4 = NULL; /* no transport header */
    assert_int_equal(flow_key_from_packet(&cfg, &a, &k), FLOW_PKT_NONE);
}

static void test_vlan_and_recursion(void **state)
{
    struct flow_config cfg;
    struct packet a, b;
    struct flow_key ka, kb;

    (void)state;
    flow_config_defaults(&cfg);
    pkt4(&a, 17, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 1, 2);
    pkt4(&b, 17, v4(10, 0, 0, 2), v4(10, 0, 0, 1), 2, 1);
    a.vlan_cnt = 1;
    a.vlan_id[0] = 10;
    b.vlan_cnt = 1;
    b.vlan_id[0] = 20;
    flow_key_from_packet(&cfg, &a, &ka);
    flow_key_from_packet(&cfg, &b, &kb);
    assert_false(flow_key_match(&ka, &kb));
    cfg.vlan_tracking = false;
    flow_key_from_packet(&cfg, &a, &ka);
    flow_key_from_packet(&cfg, &b, &kb);
    assert_true(flow_key_match(&ka, &kb));

    flow_config_defaults(&cfg);
    b.vlan_id[0] = 10;
    b.recursion = 1;
    flow_key_from_packet(&cfg, &a, &ka);
    flow_key_from_packet(&cfg, &b, &kb);
    assert_false(flow_key_match(&ka, &kb));
    cfg.recursion_tracking = false;
    flow_key_from_packet(&cfg, &a, &ka);
    flow_key_from_packet(&cfg, &b, &kb);
    assert_true(flow_key_match(&ka, &kb));
    assert_int_equal(flow_key_hash(&ka, 5), flow_key_hash(&kb, 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_udp_symmetry),
        cmocka_unit_test(test_ipv6_symmetry),
        cmocka_unit_test(test_icmp_echo),
        cmocka_unit_test(test_icmp_errors),
        cmocka_unit_test(test_untracked),
        cmocka_unit_test(test_vlan_and_recursion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
