/*
 * test_ipv4.c - the IPv4 header checks, options, header checksum, IP-in-IP and the
 * protocol dispatch.
 */
#include "link_test_util.h"

/* Ethernet + IPv4 with options (olen bytes, a multiple of 4) + UDP; fixes the checksum. */
static size_t build(uint8_t *b, const uint8_t *opts, size_t olen, uint8_t proto)
{
    size_t n = tu_eth(b, 0x0800);
    uint8_t *h = b + n;
    size_t hl = 20 + olen;

    memset(h, 0, hl);
    h[0] = (uint8_t)(0x40 | (hl / 4));
    tu_put16(h + 2, (uint16_t)(hl + sizeof(lt_udp)));
    tu_put16(h + 4, 0x1234);
    h[8] = 64;
    h[9] = proto;
    memcpy(h + 12, tu_src4, 4);
    memcpy(h + 16, tu_dst4, 4);
    if (olen)
        memcpy(h + 20, opts, olen);
    tu_put16(h + 10, tu_fold(tu_sum(0, h, hl)));
    memcpy(h + hl, lt_udp, sizeof(lt_udp));
    return n + hl + sizeof(lt_udp);
}

static void test_valid(void **state)
{
    struct tu_ctx *t = tu_new(true);
    uint8_t b[256];
    size_t n = build(b, NULL, 0, 17);

    /* Ethernet padding after the datagram is not part of it */
    memset(b + n, 0xee, 10);
    lt_run(t, 1, b, n + 10);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_false(t->p.flags & PKT_F_IPV4_CSUM_BAD);
    assert_int_equal(t->p.ip_ver, 4);
    assert_int_equal(t->p.ip4.hlen, 20);
    assert_int_equal(t->p.ip4.ttl, 64);
    assert_int_equal(t->p.ip4.id, 0x1234);
    assert_int_equal(t->p.ip4.total_len, 20 + sizeof(lt_udp));
    assert_int_equal(t->p.l3_len, 20 + sizeof(lt_udp));
    assert_memory_equal(t->p.src.b, tu_src4, 4);
    assert_memory_equal(t->p.dst.b, tu_dst4, 4);
    assert_int_equal(t->p.src.w[1], 0);
    assert_int_equal(t->p.payload_len, 4);
    assert_int_equal(t->p.event_cnt, 0);
    lt_sweep(1, b, n);
    tu_free(t);
}

static void test_header_errors(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256];
    size_t n = build(b, NULL, 0, 17);

    lt_run(t, 1, b, 14 + 19);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_PKT_TOO_SMALL));
    assert_true(t->p.flags & PKT_F_INVALID);

    b[14] = 0x65;
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_WRONG_IP_VERSION));

    b[14] = 0x44;
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_HLEN_TOO_SMALL));

    b[14] = 0x45;
    tu_put16(b + 16, 19);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_IPLEN_SMALLER_THAN_HLEN));

    tu_put16(b + 16, 20 + sizeof(lt_udp));
    lt_run(t, 1, b, n - 1);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_TRUNC_PKT));
    assert_true(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.events[PKT_EVENT_DECODER_IPV4_TRUNC_PKT], 1);

    /* ICMPv6 carried by IPv4 */
    n = build(b, NULL, 0, 58);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_ICMPV6));
    assert_true(t->p.flags & PKT_F_INVALID);
    tu_free(t);
}

static void test_checksum(void **state)
{
    struct tu_ctx *on = tu_new(true), *off = tu_new(false);
    uint8_t b[256];
    size_t n = build(b, NULL, 0, 17);

    b[14 + 10] ^= 0x55;
    lt_run(on, 1, b, n);
    assert_true(on->p.flags & PKT_F_IPV4_CSUM_BAD);
    assert_false(on->p.flags & PKT_F_INVALID);
    lt_run(off, 1, b, n);
    assert_false(off->p.flags & PKT_F_IPV4_CSUM_BAD);
    tu_free(on);
    tu_free(off);
}

static void test_options_valid(void **state)
{
    /* NOP, record route (2 slots, pointer 4), router alert, timestamp (flag 0, ptr 5),
     * EOL, padding */
    static const uint8_t opts[] = { 0x01, 0x07, 0x0b, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0x94, 0x04,
        0x00, 0x00, 0x44, 0x0c, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0, 0, 0 };
    struct tu_ctx *t = tu_new(true);
    uint8_t b[256];
    size_t n = build(b, opts, sizeof(opts), 17);

    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_false(t->p.flags & PKT_F_IPV4_CSUM_BAD);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->p.ip4.opts,
            IPV4_OPT_F_NOP | IPV4_OPT_F_RR | IPV4_OPT_F_RTRALT | IPV4_OPT_F_TS | IPV4_OPT_F_EOL);
    assert_int_equal(t->p.dp, 2222);
    lt_sweep(1, b, n);
    tu_free(t);
}

struct opt_case {
    uint8_t opts[12];
    bool invalid;
    enum pkt_event e;
};

static void test_options_bad(void **state)
{
    static const struct opt_case cases[] = {
        /* unknown option type 0x55, len 4 */
        { { 0x55, 0x04, 0, 0, 0, 0, 0, 0 }, false, PKT_EVENT_DECODER_IPV4_OPT_INVALID },
        /* length 1 */
        { { 0x07, 0x01, 0, 0, 0, 0, 0, 0 }, true, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN },
        /* length past the options */
        { { 0x07, 0x20, 0, 0, 0, 0, 0, 0 }, true, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN },
        /* record route, pointer not on a 4-byte boundary */
        { { 0x07, 0x07, 0x05, 0, 0, 0, 0, 0 }, true, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED },
        /* timestamp, pointer 3 */
        { { 0x44, 0x08, 0x03, 0, 0, 0, 0, 0 }, true, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED },
        /* timestamp too short */
        { { 0x44, 0x04, 0x05, 0, 0, 0, 0, 0 }, true, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN },
        /* router alert with length 6 */
        { { 0x94, 0x06, 0, 0, 0, 0, 0, 0 }, true, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN },
        /* stream id with length 3 */
        { { 0x88, 0x03, 0, 0, 0, 0, 0, 0 }, true, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN },
        /* two router alerts */
        { { 0x94, 0x04, 0, 0, 0x94, 0x04, 0, 0 }, false, PKT_EVENT_DECODER_IPV4_OPT_DUPLICATE },
        /* seven NOPs and a lone byte of a multi-byte option */
        { { 1, 1, 1, 1, 1, 1, 1, 0x07 }, false, PKT_EVENT_DECODER_IPV4_OPT_EOL_REQUIRED },
        /* CIPSO too short */
        { { 0x86, 0x06, 0, 0, 0, 1, 0, 0 }, true, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN },
        /* quick start too short */
        { { 0x19, 0x04, 0, 0, 0, 0, 0, 0 }, true, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN },
    };
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256];

    for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
        size_t n = build(b, cases[i].opts, 8, 17);
        lt_run(t, 1, b, n);
        assert_true(tu_has(&t->p, cases[i].e));
        assert_int_equal(!!(t->p.flags & PKT_F_INVALID), cases[i].invalid);
        lt_sweep(1, b, n);
    }
    tu_free(t);
}

static void test_ip_in_ip(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t inner[128], b[256];
    size_t il = tu_ipv4(inner, 17, lt_udp, sizeof(lt_udp), false);
    size_t n = tu_eth(b, 0x0800);
    struct packet *tp;

    n += tu_ipv4(b + n, 4, inner, il, false);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_true(t->p.flags & PKT_F_TUNNEL_ROOT);
    assert_int_equal(t->p.proto, 4);
    assert_int_equal(t->dt.cnt.ipv4_in_ipv4, 1);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_true(tp->flags & PKT_F_PSEUDO);
    assert_ptr_equal(tp->root, &t->p);
    assert_int_equal(tp->recursion, 1);
    assert_int_equal(tp->dp, 2222);
    assert_int_equal(tp->ts_usec, t->p.ts_usec);
    decode_put_pseudo(&t->dt, tp);
    assert_null(decode_take_pseudo(&t->dt));

    il = tu_ipv6(inner, 17, 64, lt_udp, sizeof(lt_udp), false);
    n = tu_eth(b, 0x0800);
    n += tu_ipv4(b + n, 41, inner, il, false);
    lt_run(t, 1, b, n);
    assert_int_equal(t->dt.cnt.ipv6_in_ipv4, 1);
    assert_int_equal(lt_drain(t), 1);

    /* an inner packet that does not decode is dropped, the outer stays valid */
    n = tu_eth(b, 0x0800);
    n += tu_ipv4(b + n, 4, inner, 10, false);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(lt_drain(t), 0);
    tu_free(t);
}

static void test_other_protocols(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256];
    size_t n = build(b, NULL, 0, 50);

    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.proto, 50);
    assert_int_equal(t->dt.cnt.esp, 1);
    lt_run(t, 1, b, n - 5);
    /* truncated datagram: caught by the IP length first */
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_TRUNC_PKT));
    n = build(b, NULL, 0, 103); /* PIM */
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.proto, 103);
    assert_int_equal(t->p.l4_len, sizeof(lt_udp));
    assert_int_equal(t->p.event_cnt, 0);
    n = build(b, NULL, 0, 253); /* experimental */
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_UNKNOWN_PROTOCOL));
    tu_free(t);
}

static void test_esp_too_small(void **state)
{
    static const uint8_t esp[4] = { 0, 0, 1, 0 };
    struct tu_ctx *t = tu_new(false);
    uint8_t b[128];
    size_t n = tu_eth(b, 0x0800);

    n += tu_ipv4(b + n, 50, esp, sizeof(esp), false);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ESP_PKT_TOO_SMALL));
    assert_true(t->p.flags & PKT_F_INVALID);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_checksum),
        cmocka_unit_test(test_options_valid),
        cmocka_unit_test(test_options_bad),
        cmocka_unit_test(test_ip_in_ip),
        cmocka_unit_test(test_other_protocols),
        cmocka_unit_test(test_esp_too_small),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
