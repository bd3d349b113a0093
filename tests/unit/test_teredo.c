/*
 * test_teredo.c - Teredo heuristics: plain IPv6 in UDP 3544, with an origin indication, and
 * the payloads that must stay plain UDP (authentication, bad version, hop limit 0, length
 * mismatch, short hop-by-hop).
 */
#include "decode_test_util.h"

static const uint8_t echo6[] = { 0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };

/* Outer UDP sport -> dport with body. */
static void run_udp(struct tu_ctx *t, uint16_t sp, uint16_t dp, const uint8_t *body, size_t blen)
{
    uint8_t u[512];

    tu_put16(u, sp);
    tu_put16(u + 2, dp);
    tu_put16(u + 4, (uint16_t)(8 + blen));
    u[6] = u[7] = 0;
    memcpy(u + 8, body, blen);
    tu_run4(t, 17, u, 8 + blen, false);
}

static void expect_icmpv6(struct tu_ctx *t)
{
    struct packet *tp;

    assert_true(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_int_equal(t->p.proto, 17);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_int_equal(tp->ip_ver, 6);
    assert_int_equal(tp->proto, 58);
    assert_int_equal(tp->icmp.type, 128);
    decode_put_pseudo(&t->dt, tp);
}

static void test_plain(void **state)
{
    uint8_t b[128];
    size_t n = tu_ipv6(b, 58, 64, echo6, sizeof(echo6), false);
    struct tu_ctx *t = tu_new(false);

    run_udp(t, 3544, 40000, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.teredo, 1);
    expect_icmpv6(t);
    /* either direction */
    run_udp(t, 40000, 3544, b, n);
    expect_icmpv6(t);
    /* not on another port */
    run_udp(t, 40000, 3545, b, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_null(decode_take_pseudo(&t->dt));
    tu_free(t);
}

static void test_origin_indication(void **state)
{
    uint8_t b[128] = { 0x00, 0x00, 0xf2, 0x27, 0x3f, 0x57, 0xfe, 0xfe };
    size_t n = 8 + tu_ipv6(b + 8, 58, 64, echo6, sizeof(echo6), false);
    struct tu_ctx *t = tu_new(false);

    run_udp(t, 3544, 40000, b, n);
    expect_icmpv6(t);
    tu_free(t);
}

static void test_rejected(void **state)
{
    uint8_t b[128];
    size_t n;
    struct tu_ctx *t = tu_new(false);

    /* authentication indication */
    memset(b, 0, sizeof(b));
    b[1] = 0x01;
    n = 8 + tu_ipv6(b + 8, 58, 64, echo6, sizeof(echo6), false);
    b[1] = 0x01;
    run_udp(t, 3544, 40000, b, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);

    n = tu_ipv6(b, 58, 0, echo6, sizeof(echo6), false); /* hop limit 0 */
    run_udp(t, 3544, 40000, b, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);

    n = tu_ipv6(b, 58, 64, echo6, sizeof(echo6), false);
    run_udp(t, 3544, 40000, b, n - 1); /* length mismatch */
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);

    b[0] = 0x40; /* not version 6 */
    run_udp(t, 3544, 40000, b, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);

    n = tu_ipv6(b, 0, 64, echo6, 4, false); /* hop-by-hop with 4 bytes */
    run_udp(t, 3544, 40000, b, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);

    /* disabled */
    t->cfg.teredo_enabled = false;
    n = tu_ipv6(b, 58, 64, echo6, sizeof(echo6), false);
    run_udp(t, 3544, 40000, b, n);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_null(decode_take_pseudo(&t->dt));
    assert_int_equal(t->dt.cnt.teredo, 0);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_origin_indication),
        cmocka_unit_test(test_rejected),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
