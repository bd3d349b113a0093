/*
 * test_udp.c - UDP decoder: fields, length events, checksum (IPv4 zero checksum, IPv6), and
 * that a payload on a tunnel port that is not the tunnel's stays plain UDP.
 */
#include "decode_test_util.h"

static const uint8_t dns_q[] = {
    0xc3,
    0x50,
    0x00,
    0x35,
    0x00,
    0x0c,
    0x00,
    0x00,
    'a',
    'b',
    'c',
    'd',
};

static int direct(struct tu_ctx *t, const uint8_t *b, size_t n)
{
    tu_direct_init(&t->p, 4);
    return decode_udp(&t->dt, &t->p, cur_make(b, n));
}

static void test_fields(void **state)
{
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(direct(t, dns_q, sizeof(dns_q)), VG_OK);
    assert_int_equal(t->p.sp, 50000);
    assert_int_equal(t->p.dp, 53);
    assert_int_equal(t->p.proto, 17);
    assert_int_equal(t->p.udp_len, 12);
    assert_int_equal(t->p.payload_len, 4);
    assert_memory_equal(t->p.payload, "abcd", 4);
    assert_int_equal(t->p.event_cnt, 0);
    assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_int_equal(t->dt.cnt.udp, 1);
    tu_free(t);
}

static void test_trailing_bytes_not_payload(void **state)
{
    uint8_t b[sizeof(dns_q) + 6] = { 0 };
    struct tu_ctx *t = tu_new(false);

    memcpy(b, dns_q, sizeof(dns_q));
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_int_equal(t->p.payload_len, 4);
    assert_int_equal(t->p.event_cnt, 0);
    tu_free(t);
}

static void test_hlen_too_small(void **state)
{
    struct tu_ctx *t = tu_new(false);

    assert_true(direct(t, dns_q, 7) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_UDP_HLEN_TOO_SMALL));
    tu_free(t);
}

static void test_pkt_too_small(void **state)
{
    uint8_t b[sizeof(dns_q)];
    struct tu_ctx *t = tu_new(false);

    memcpy(b, dns_q, sizeof(b));
    b[5] = 0x40; /* claims 64 bytes */
    assert_true(direct(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_UDP_PKT_TOO_SMALL));
    tu_free(t);
}

static void test_len_invalid(void **state)
{
    uint8_t b[sizeof(dns_q)];
    struct tu_ctx *t = tu_new(false);

    memcpy(b, dns_q, sizeof(b));
    b[5] = 4; /* below the header size (suricata-verify udp-5379) */
    assert_true(direct(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_UDP_LEN_INVALID));
    tu_free(t);
}

static void test_checksum(void **state)
{
    uint8_t b[sizeof(dns_q)];
    struct tu_ctx *t = tu_new(true);

    memcpy(b, dns_q, sizeof(b));
    tu_run4(t, 17, b, sizeof(b), true);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.dp, 53);
    assert_false(t->p.flags & PKT_F_L4_CSUM_BAD);

    /* IPv4: checksum 0 means "none" */
    tu_run4(t, 17, b, sizeof(b), false);
    assert_false(t->p.flags & PKT_F_L4_CSUM_BAD);

    b[6] = 0x12;
    b[7] = 0x34;
    tu_run4(t, 17, b, sizeof(b), false);
    assert_true(t->p.flags & PKT_F_L4_CSUM_BAD);

    /* IPv6: zero is not allowed */
    b[6] = b[7] = 0;
    tu_run6(t, 17, 64, b, sizeof(b), false);
    assert_true(t->p.flags & PKT_F_L4_CSUM_BAD);
    tu_run6(t, 17, 64, b, sizeof(b), true);
    assert_false(t->p.flags & PKT_F_L4_CSUM_BAD);
    tu_free(t);
}

static void test_not_a_tunnel(void **state)
{
    /* UDP to 4789, 6081 and 3544 with a payload that is none of them */
    static const uint16_t ports[] = { 4789, 6081, 3544 };
    uint8_t b[8 + 48];
    struct tu_ctx *t = tu_new(false);

    for (size_t i = 0; i < VG_ARRAY_LEN(ports); i++) {
        memset(b, 0xff, sizeof(b));
        tu_put16(b, 40000);
        tu_put16(b + 2, ports[i]);
        tu_put16(b + 4, sizeof(b));
        tu_run4(t, 17, b, sizeof(b), false);
        assert_false(t->p.flags & PKT_F_INVALID);
        assert_false(t->p.flags & PKT_F_TUNNEL_ROOT);
        assert_int_equal(t->p.proto, 17);
        assert_null(decode_take_pseudo(&t->dt));
    }
    assert_int_equal(t->dt.cnt.vxlan + t->dt.cnt.geneve + t->dt.cnt.teredo, 0);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_trailing_bytes_not_payload),
        cmocka_unit_test(test_hlen_too_small),
        cmocka_unit_test(test_pkt_too_small),
        cmocka_unit_test(test_len_invalid),
        cmocka_unit_test(test_checksum),
        cmocka_unit_test(test_not_a_tunnel),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
