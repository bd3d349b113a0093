/*
 * test_tunnel.c - tunnels seen from the outside: nested tunnels (VXLAN in GRE), the outer
 * packet staying a normal flow-tracked packet with PKT_F_TUNNEL_ROOT, and decoder.max-layers
 * stopping deep nesting with decoder.too_many_layers.
 */
#include "decode_test_util.h"

static const uint8_t udp_inner[] = { 0x04, 0x57, 0x08, 0xae, 0x00, 0x0c, 0x00, 0x00, 'n', 'e', 's',
    't' };

/* GRE(IPv4) carrying IPv4/UDP 4789/VXLAN/Ethernet/IPv4/UDP 1111->2222. */
static size_t build_nested(uint8_t *b)
{
    static const uint8_t vx[8] = { 0x08, 0, 0, 0, 0, 0, 9, 0 };
    uint8_t udp[256], inner[128], ip[300];
    size_t n = 8, in_len, ip_len;

    in_len = tu_eth(inner, 0x0800);
    in_len += tu_ipv4(inner + in_len, 17, udp_inner, sizeof(udp_inner), false);
    tu_put16(udp, 50000);
    tu_put16(udp + 2, 4789);
    memcpy(udp + n, vx, 8);
    n += 8;
    memcpy(udp + n, inner, in_len);
    n += in_len;
    tu_put16(udp + 4, (uint16_t)n);
    udp[6] = udp[7] = 0;
    ip_len = tu_ipv4(ip, 17, udp, n, false);
    b[0] = b[1] = 0;
    tu_put16(b + 2, 0x0800);
    memcpy(b + 4, ip, ip_len);
    return 4 + ip_len;
}

static void test_nested(void **state)
{
    uint8_t gre[512];
    size_t n = build_nested(gre);
    struct tu_ctx *t = tu_new(false);
    struct packet *mid, *in;

    tu_run4(t, 47, gre, n, false);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_true(t->p.flags & PKT_F_TUNNEL_ROOT);
    /* the innermost packet is queued first: it is decoded before its carrier is queued */
    in = decode_take_pseudo(&t->dt);
    mid = decode_take_pseudo(&t->dt);
    assert_non_null(in);
    assert_non_null(mid);
    if (in->dp == 4789) {
        struct packet *x = in;

        in = mid;
        mid = x;
    }
    assert_int_equal(mid->proto, 17);
    assert_int_equal(mid->dp, 4789);
    assert_true(mid->flags & PKT_F_TUNNEL_ROOT);
    assert_int_equal(in->proto, 17);
    assert_int_equal(in->sp, 1111);
    assert_int_equal(in->tunnel_id, 9);
    assert_true(in->recursion > mid->recursion);
    decode_put_pseudo(&t->dt, in);
    decode_put_pseudo(&t->dt, mid);
    assert_int_equal(t->dt.cnt.gre, 1);
    assert_int_equal(t->dt.cnt.vxlan, 1);
    tu_free(t);
}

static void test_max_layers(void **state)
{
    uint8_t gre[512];
    size_t n = build_nested(gre);
    struct tu_ctx *t = tu_new(false);
    struct packet *tp;
    bool too_many = false;

    t->cfg.max_layers = 3;
    tu_run4(t, 47, gre, n, false);
    too_many = tu_has(&t->p, PKT_EVENT_DECODER_TOO_MANY_LAYERS);
    while ((tp = decode_take_pseudo(&t->dt)) != NULL) {
        too_many |= tu_has(tp, PKT_EVENT_DECODER_TOO_MANY_LAYERS);
        assert_false(tp->sp == 1111 && !(tp->flags & PKT_F_INVALID));
        decode_put_pseudo(&t->dt, tp);
    }
    assert_true(too_many || t->dt.cnt.too_many_layers > 0);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested),
        cmocka_unit_test(test_max_layers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
