/*
 * test_geneve.c - GENEVE decoder: Ethernet/IPv4/IPv6 inner packets, options, VNI, and the
 * header checks that make a payload plain UDP.
 */
#include "decode_test_util.h"

static const uint8_t udp_inner[] = { 0x04, 0x57, 0x08, 0xae, 0x00, 0x0c, 0x00, 0x00, 'g', 'e', 'n',
    'v' };

/* Outer UDP to 6081 with GENEVE header gh (glen bytes) + body. */
static void run_geneve(
        struct tu_ctx *t, const uint8_t *gh, size_t glen, const uint8_t *body, size_t blen)
{
    uint8_t u[512];
    size_t n = 8;

    tu_put16(u, 50000);
    tu_put16(u + 2, 6081);
    memcpy(u + n, gh, glen);
    n += glen;
    memcpy(u + n, body, blen);
    n += blen;
    tu_put16(u + 4, (uint16_t)n);
    u[6] = u[7] = 0;
    tu_run4(t, 17, u, n, false);
}

/* 16 bytes of options: two options of 4 bytes of data each */
static const uint8_t gh_eth[24] = { 0x04, 0x00, 0x65, 0x58, 0x00, 0x00, 0x25, 0x00, 0x01, 0x08,
    0x00, 0x01, 0x11, 0x11, 0x11, 0x11, 0x01, 0x08, 0x00, 0x01, 0x11, 0x11, 0x11, 0x11 };

static void test_ethernet_inner(void **state)
{
    uint8_t in[128];
    size_t n = tu_eth(in, 0x0800);
    struct tu_ctx *t = tu_new(false);
    struct packet *tp;

    n += tu_ipv4(in + n, 17, udp_inner, sizeof(udp_inner), false);
    run_geneve(t, gh_eth, sizeof(gh_eth), in, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_true(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_int_equal(t->p.dp, 6081);
    assert_int_equal(t->dt.cnt.geneve, 1);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_int_equal(tp->sp, 1111);
    assert_int_equal(tp->tunnel_id, 0x25);
    decode_put_pseudo(&t->dt, tp);
    tu_free(t);
}

static void test_ip_inner(void **state)
{
    uint8_t gh[8] = { 0x00, 0x00, 0x08, 0x00, 0, 0, 7, 0 };
    uint8_t in[128];
    size_t n = tu_ipv4(in, 17, udp_inner, sizeof(udp_inner), false);
    struct tu_ctx *t = tu_new(false);
    struct packet *tp;

    run_geneve(t, gh, sizeof(gh), in, n);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_int_equal(tp->ip_ver, 4);
    assert_int_equal(tp->tunnel_id, 7);
    decode_put_pseudo(&t->dt, tp);

    tu_put16(gh + 2, 0x86dd);
    n = tu_ipv6(in, 17, 64, udp_inner, sizeof(udp_inner), false);
    run_geneve(t, gh, sizeof(gh), in, n);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_int_equal(tp->ip_ver, 6);
    assert_int_equal(tp->dp, 2222);
    decode_put_pseudo(&t->dt, tp);

    tu_put16(gh + 2, 0x9999);
    run_geneve(t, gh, sizeof(gh), in, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_GENEVE_UNKNOWN_PAYLOAD_TYPE));
    assert_null(decode_take_pseudo(&t->dt));
    tu_free(t);
}

static void test_not_geneve(void **state)
{
    uint8_t gh[24];
    uint8_t in[128];
    size_t n = tu_eth(in, 0x0800);
    struct tu_ctx *t = tu_new(false);

    n += tu_ipv4(in + n, 17, udp_inner, sizeof(udp_inner), false);
    memcpy(gh, gh_eth, sizeof(gh));
    gh[0] = 0x44; /* version 1 */
    run_geneve(t, gh, sizeof(gh), in, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);

    memcpy(gh, gh_eth, sizeof(gh));
    gh[1] = 0x01; /* reserved flag */
    run_geneve(t, gh, sizeof(gh), in, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);

    memcpy(gh, gh_eth, sizeof(gh));
    gh[11] = 0x02; /* first option claims 8 bytes: options no longer add up */
    run_geneve(t, gh, sizeof(gh), in, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);

    memcpy(gh, gh_eth, sizeof(gh));
    gh[0] = 0x3f; /* 252 bytes of options, more than the packet */
    run_geneve(t, gh, sizeof(gh), in, 4);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_null(decode_take_pseudo(&t->dt));
    assert_int_equal(t->dt.cnt.geneve, 0);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ethernet_inner),
        cmocka_unit_test(test_ip_inner),
        cmocka_unit_test(test_not_geneve),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
