/*
 * test_vxlan.c - VXLAN decoder: inner IPv4/IPv6/VLAN tunnels with the VNI as tunnel_id, ARP,
 * unknown inner types, and headers that are not VXLAN (left as plain UDP).
 */
#include "decode_test_util.h"

static const uint8_t udp_inner[] = { 0x04, 0x57, 0x08, 0xae, 0x00, 0x0c, 0x00, 0x00, 'v', 'x', 'l',
    'n' };

/* Outer UDP to 4789 carrying VXLAN header vx (8 bytes) + Ethernet(type) + body. */
static void run_vxlan(
        struct tu_ctx *t, const uint8_t *vx, uint16_t type, const uint8_t *body, size_t blen)
{
    uint8_t u[512];
    size_t n = 8;

    tu_put16(u, 50000);
    tu_put16(u + 2, 4789);
    memcpy(u + n, vx, 8);
    n += 8;
    n += tu_eth(u + n, type);
    memcpy(u + n, body, blen);
    n += blen;
    tu_put16(u + 4, (uint16_t)n);
    u[6] = u[7] = 0;
    tu_run4(t, 17, u, n, false);
}

static const uint8_t vx_ok[8] = { 0x08, 0, 0, 0, 0x00, 0x12, 0x34, 0x00 };

static void test_ipv4_inner(void **state)
{
    uint8_t in[64];
    size_t n = tu_ipv4(in, 17, udp_inner, sizeof(udp_inner), false);
    struct tu_ctx *t = tu_new(false);
    struct packet *tp;

    run_vxlan(t, vx_ok, 0x0800, in, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.proto, 17);
    assert_int_equal(t->p.dp, 4789);
    assert_true(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_int_equal(t->dt.cnt.vxlan, 1);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_int_equal(tp->proto, 17);
    assert_int_equal(tp->sp, 1111);
    assert_int_equal(tp->tunnel_id, 0x1234);
    assert_true(tp->flags & PKT_F_PSEUDO);
    decode_put_pseudo(&t->dt, tp);
    tu_free(t);
}

static void test_ipv6_and_vlan_inner(void **state)
{
    uint8_t in[128];
    size_t n = tu_ipv6(in, 17, 64, udp_inner, sizeof(udp_inner), false);
    struct tu_ctx *t = tu_new(false);
    struct packet *tp;

    run_vxlan(t, vx_ok, 0x86dd, in, n);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_int_equal(tp->ip_ver, 6);
    assert_int_equal(tp->dp, 2222);
    decode_put_pseudo(&t->dt, tp);

    /* 802.1Q tag 42 then IPv4 */
    in[0] = 0x00;
    in[1] = 42;
    tu_put16(in + 2, 0x0800);
    n = 4 + tu_ipv4(in + 4, 17, udp_inner, sizeof(udp_inner), false);
    run_vxlan(t, vx_ok, 0x8100, in, n);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_int_equal(tp->proto, 17);
    assert_int_equal(tp->vlan_cnt, 1);
    assert_int_equal(tp->vlan_id[0], 42);
    decode_put_pseudo(&t->dt, tp);
    tu_free(t);
}

static void test_arp_and_unknown(void **state)
{
    uint8_t in[28] = { 0 };
    struct tu_ctx *t = tu_new(false);

    run_vxlan(t, vx_ok, 0x0806, in, sizeof(in));
    assert_int_equal(t->dt.cnt.vxlan, 1);
    assert_int_equal(t->p.event_cnt, 0);
    assert_null(decode_take_pseudo(&t->dt));

    run_vxlan(t, vx_ok, 0x1234, in, sizeof(in));
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_VXLAN_UNKNOWN_PAYLOAD_TYPE));
    assert_null(decode_take_pseudo(&t->dt));
    tu_free(t);
}

static void test_not_vxlan(void **state)
{
    static const uint8_t no_i[8] = { 0x00, 0, 0, 0, 0, 0, 1, 0 };
    static const uint8_t res[8] = { 0x08, 0, 0, 0, 0, 0, 1, 0x01 };
    uint8_t in[64];
    size_t n = tu_ipv4(in, 17, udp_inner, sizeof(udp_inner), false);
    struct tu_ctx *t = tu_new(false);

    run_vxlan(t, no_i, 0x0800, in, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_null(decode_take_pseudo(&t->dt));
    run_vxlan(t, res, 0x0800, in, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_null(decode_take_pseudo(&t->dt));
    assert_int_equal(t->dt.cnt.vxlan, 0);

    /* disabled in the config */
    t->cfg.vxlan_enabled = false;
    run_vxlan(t, vx_ok, 0x0800, in, n);
    assert_null(decode_take_pseudo(&t->dt));
    tu_free(t);
}

static void test_direct_short(void **state)
{
    struct tu_ctx *t = tu_new(false);

    tu_direct_init(&t->p, 4);
    assert_int_equal(decode_vxlan(&t->dt, &t->p, cur_make(vx_ok, 8)), VG_ENOENT);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_inner),
        cmocka_unit_test(test_ipv6_and_vlan_inner),
        cmocka_unit_test(test_arp_and_unknown),
        cmocka_unit_test(test_not_vxlan),
        cmocka_unit_test(test_direct_short),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
