/*
 * test_icmp.c - ICMPv4 and ICMPv6 decoders: echo id/seq, type/code events, embedded packets
 * of error messages, truncated/bad embedded headers, MLD hop limit, checksums.
 */
#include "decode_test_util.h"

static const uint8_t echo4[] = { 0x08, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x07, 'p', 'i', 'n',
    'g' };

/* Time exceeded carrying IPv4 192.168.1.13 -> 209.85.227.147 UDP 35602 -> 33450. */
static const uint8_t ttl_exceeded[] = {
    0x0b,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x45,
    0x00,
    0x00,
    0x3c,
    0x64,
    0x15,
    0x00,
    0x00,
    0x01,
    0x11,
    0xde,
    0xfd,
    0xc0,
    0xa8,
    0x01,
    0x0d,
    0xd1,
    0x55,
    0xe3,
    0x93,
    0x8b,
    0x12,
    0x82,
    0xaa,
    0x00,
    0x28,
    0x7c,
    0xdd,
};

static int direct4(struct tu_ctx *t, const uint8_t *b, size_t n)
{
    tu_direct_init(&t->p, 4);
    return decode_icmpv4(&t->dt, &t->p, cur_make(b, n));
}

static int direct6(struct tu_ctx *t, const uint8_t *b, size_t n, uint8_t hlim)
{
    tu_direct_init(&t->p, 6);
    t->p.ip6.hlim = hlim;
    return decode_icmpv6(&t->dt, &t->p, cur_make(b, n));
}

static void test_v4_echo(void **state)
{
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(direct4(t, echo4, sizeof(echo4)), VG_OK);
    assert_int_equal(t->p.proto, 1);
    assert_int_equal(t->p.icmp.type, 8);
    assert_int_equal(t->p.icmp.code, 0);
    assert_true(t->p.icmp.has_id);
    assert_int_equal(t->p.icmp.id, 0x1234);
    assert_int_equal(t->p.icmp.seq, 7);
    assert_int_equal(t->p.payload_len, 4);
    assert_int_equal(t->p.sp, 0);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->dt.cnt.icmpv4, 1);
    tu_free(t);
}

static void test_v4_events(void **state)
{
    uint8_t b[sizeof(echo4)];
    struct tu_ctx *t = tu_new(false);

    assert_true(direct4(t, echo4, 7) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV4_PKT_TOO_SMALL));

    memcpy(b, echo4, sizeof(b));
    b[1] = 3;
    assert_int_equal(direct4(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV4_UNKNOWN_CODE));

    b[0] = 42;
    b[1] = 0;
    assert_int_equal(direct4(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV4_UNKNOWN_TYPE));
    assert_false(t->p.icmp.has_id);

    b[0] = 3; /* unreachable with code 16: unknown code, embedded not read */
    b[1] = 16;
    assert_int_equal(direct4(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV4_UNKNOWN_CODE));
    assert_false(t->p.icmp.has_inner);
    tu_free(t);
}

static void test_v4_embedded(void **state)
{
    static const uint8_t src[4] = { 192, 168, 1, 13 }, dst[4] = { 209, 85, 227, 147 };
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(direct4(t, ttl_exceeded, sizeof(ttl_exceeded)), VG_OK);
    assert_true(t->p.icmp.has_inner);
    assert_int_equal(t->p.icmp.inner_proto, 17);
    assert_memory_equal(t->p.icmp.inner_src.b, src, 4);
    assert_memory_equal(t->p.icmp.inner_dst.b, dst, 4);
    assert_int_equal(t->p.icmp.inner_sp, 35602);
    assert_int_equal(t->p.icmp.inner_dp, 33450);
    assert_false(t->p.icmp.has_id);
    assert_int_equal(t->p.event_cnt, 0);
    tu_free(t);
}

static void test_v4_embedded_bad(void **state)
{
    uint8_t b[sizeof(ttl_exceeded)];
    struct tu_ctx *t = tu_new(false);

    assert_true(direct4(t, ttl_exceeded, 8 + 19) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV4_IPV4_TRUNC_PKT));

    memcpy(b, ttl_exceeded, sizeof(b));
    b[8] = 0x65;
    assert_true(direct4(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV4_IPV4_UNKNOWN_VER));

    /* an embedded TCP header cut after the ports still gives the ports */
    memcpy(b, ttl_exceeded, sizeof(b));
    b[8 + 9] = 6;
    assert_int_equal(direct4(t, b, 8 + 20 + 4), VG_OK);
    assert_int_equal(t->p.icmp.inner_proto, 6);
    assert_int_equal(t->p.icmp.inner_sp, 35602);
    tu_free(t);
}

static void test_v4_header_extras(void **state)
{
    /* timestamp request: 12 bytes of timestamps are header */
    uint8_t ts[20] = { 13, 0, 0, 0, 0, 1, 0, 2 };
    /* router advertisement, 2 entries of 2 words */
    uint8_t ra[8 + 16 + 2] = { 9, 0, 0, 0, 2, 2, 0, 30 };
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(direct4(t, ts, sizeof(ts)), VG_OK);
    assert_true(t->p.icmp.has_id);
    assert_int_equal(t->p.payload_len, 0);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(direct4(t, ts, 19), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV4_IPV4_TRUNC_PKT));

    assert_int_equal(direct4(t, ra, sizeof(ra)), VG_OK);
    assert_int_equal(t->p.event_cnt, 0);
    assert_false(t->p.icmp.has_id);
    assert_int_equal(t->p.payload_len, 2);
    assert_int_equal(direct4(t, ra, 8 + 15), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV4_IPV4_TRUNC_PKT));

    ra[0] = 10; /* router solicitation: not a type Suricata knows */
    assert_int_equal(direct4(t, ra, 8), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV4_UNKNOWN_TYPE));
    tu_free(t);
}

static void test_v4_checksum(void **state)
{
    struct tu_ctx *t = tu_new(true);

    tu_run4(t, 1, echo4, sizeof(echo4), true);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.icmp.type, 8);
    assert_false(t->p.flags & PKT_F_L4_CSUM_BAD);
    tu_run4(t, 1, echo4, sizeof(echo4), false);
    assert_true(t->p.flags & PKT_F_L4_CSUM_BAD);
    tu_free(t);
}

static const uint8_t echo6[] = { 0x80, 0x00, 0x00, 0x00, 0xab, 0xcd, 0x00, 0x01, 'x' };

static void test_v6_echo_and_csum(void **state)
{
    struct tu_ctx *t = tu_new(true);

    assert_int_equal(direct6(t, echo6, sizeof(echo6), 64), VG_OK);
    assert_int_equal(t->p.proto, 58);
    assert_true(t->p.icmp.has_id);
    assert_int_equal(t->p.icmp.id, 0xabcd);
    assert_int_equal(t->p.icmp.seq, 1);
    assert_int_equal(t->p.payload_len, 1);

    tu_run6(t, 58, 64, echo6, sizeof(echo6), true);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.icmp.type, 128);
    assert_false(t->p.flags & PKT_F_L4_CSUM_BAD);
    tu_run6(t, 58, 64, echo6, sizeof(echo6), false);
    assert_true(t->p.flags & PKT_F_L4_CSUM_BAD);
    tu_free(t);
}

static void test_v6_type_events(void **state)
{
    uint8_t b[8] = { 0 };
    struct tu_ctx *t = tu_new(false);

    assert_true(direct6(t, b, 7, 64) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_PKT_TOO_SMALL));

    b[0] = 50;
    direct6(t, b, sizeof(b), 64);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_UNASSIGNED_TYPE));
    b[0] = 200;
    direct6(t, b, sizeof(b), 64);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_EXPERIMENTATION_TYPE));
    b[0] = 0;
    direct6(t, b, sizeof(b), 64);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_UNKNOWN_TYPE));
    b[0] = 135; /* neighbour solicitation, code must be 0 */
    b[1] = 1;
    direct6(t, b, sizeof(b), 255);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_UNKNOWN_CODE));
    b[0] = 128;
    direct6(t, b, sizeof(b), 64);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_UNKNOWN_CODE));
    assert_false(t->p.icmp.has_id);

    b[0] = 130; /* MLD query: hop limit must be 1 */
    b[1] = 0;
    direct6(t, b, sizeof(b), 1);
    assert_int_equal(t->p.event_cnt, 0);
    direct6(t, b, sizeof(b), 64);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_MLD_MESSAGE_WITH_INVALID_HL));
    tu_free(t);
}

static void test_v6_embedded(void **state)
{
    uint8_t b[8 + 40 + 8] = { 1, 4 }; /* unreachable, port unreachable */
    struct tu_ctx *t = tu_new(false);

    b[8] = 0x60;
    b[8 + 6] = 17;
    b[8 + 7] = 64;
    memcpy(b + 16, tu_dst6, 16);
    memcpy(b + 32, tu_src6, 16);
    tu_put16(b + 48, 5353);
    tu_put16(b + 50, 53);
    assert_int_equal(direct6(t, b, sizeof(b), 64), VG_OK);
    assert_true(t->p.icmp.has_inner);
    assert_int_equal(t->p.icmp.inner_proto, 17);
    assert_memory_equal(t->p.icmp.inner_src.b, tu_dst6, 16);
    assert_int_equal(t->p.icmp.inner_sp, 5353);
    assert_int_equal(t->p.icmp.inner_dp, 53);

    assert_true(direct6(t, b, 8 + 39, 64) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_IPV6_TRUNC_PKT));
    b[8] = 0x40;
    assert_true(direct6(t, b, sizeof(b), 64) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_IPV6_UNKNOWN_VERSION));
    b[1] = 7; /* unknown unreachable code: embedded not read */
    assert_int_equal(direct6(t, b, sizeof(b), 64), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ICMPV6_UNKNOWN_CODE));
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v4_echo),
        cmocka_unit_test(test_v4_events),
        cmocka_unit_test(test_v4_embedded),
        cmocka_unit_test(test_v4_embedded_bad),
        cmocka_unit_test(test_v4_header_extras),
        cmocka_unit_test(test_v4_checksum),
        cmocka_unit_test(test_v6_echo_and_csum),
        cmocka_unit_test(test_v6_type_events),
        cmocka_unit_test(test_v6_embedded),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
