/*
 * test_ipv6.c - the IPv6 header and extension headers, with each of Suricata's events.
 */
#include "link_test_util.h"

enum {
    HOP = 0,
    RH = 43,
    FH = 44,
    AH = 51,
    NONE = 59,
    DST = 60,
    UDP = 17,
};

/* Ethernet + IPv6 (next header nh) + ext (elen bytes) + UDP. */
static size_t build(uint8_t *b, uint8_t nh, const uint8_t *ext, size_t elen)
{
    uint8_t pl[512];
    size_t n = tu_eth(b, 0x86dd);

    if (elen > 0)
        memcpy(pl, ext, elen);
    memcpy(pl + elen, lt_udp, sizeof(lt_udp));
    return n + tu_ipv6(b + n, nh, 64, pl, elen + sizeof(lt_udp), false);
}

static void test_valid(void **state)
{
    struct tu_ctx *t = tu_new(true);
    uint8_t b[256];
    size_t n = tu_eth(b, 0x86dd);

    n += tu_ipv6(b + n, UDP, 33, lt_udp, sizeof(lt_udp), true);
    b[14 + 1] = 0x12; /* traffic class low nibble, flow label */
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.ip_ver, 6);
    assert_int_equal(t->p.ip6.hlim, 33);
    assert_int_equal(t->p.ip6.plen, sizeof(lt_udp));
    assert_int_equal(t->p.ip6.flow_label, 0x20000);
    assert_int_equal(t->p.l3_len, 40 + sizeof(lt_udp));
    assert_memory_equal(t->p.src.b, tu_src6, 16);
    assert_int_equal(t->p.dp, 2222);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->dt.cnt.ipv6, 1);
    lt_sweep(1, b, n);
    tu_free(t);
}

static void test_header_errors(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256];
    size_t n = build(b, UDP, NULL, 0);

    lt_run(t, 1, b, 14 + 39);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_PKT_TOO_SMALL));
    assert_true(t->p.flags & PKT_F_INVALID);
    lt_run(t, 1, b, n - 1);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_TRUNC_PKT));
    assert_true(t->p.flags & PKT_F_INVALID);
    b[14] = 0x40;
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_WRONG_IP_VERSION));
    tu_free(t);
}

struct ext_case {
    uint8_t nh;
    uint8_t ext[24];
    size_t len;
    bool invalid;
    enum pkt_event e;
};

static void test_ext_events(void **state)
{
    static const struct ext_case cases[] = {
        /* hop-by-hop with a PadN of 4: padding only */
        { HOP, { UDP, 0, 1, 4, 0, 0, 0, 0 }, 8, false,
                PKT_EVENT_DECODER_IPV6_HOPOPTS_ONLY_PADDING },
        /* hop-by-hop: unknown option 0x3e */
        { HOP, { UDP, 0, 0x3e, 4, 0, 0, 0, 0 }, 8, false,
                PKT_EVENT_DECODER_IPV6_HOPOPTS_UNKNOWN_OPT },
        /* destination options: unknown option */
        { DST, { UDP, 0, 0x3e, 4, 0, 0, 0, 0 }, 8, false,
                PKT_EVENT_DECODER_IPV6_DSTOPTS_UNKNOWN_OPT },
        { DST, { UDP, 0, 1, 0, 1, 2, 0, 0 }, 8, false, PKT_EVENT_DECODER_IPV6_ZERO_LEN_PADN },
        { DST, { UDP, 0, 1, 4, 0, 0, 0, 0 }, 8, false,
                PKT_EVENT_DECODER_IPV6_DSTOPTS_ONLY_PADDING },
        /* option length past the header */
        { HOP, { UDP, 0, 0x3e, 9, 0, 0, 0, 0 }, 8, true,
                PKT_EVENT_DECODER_IPV6_EXTHDR_INVALID_OPTLEN },
        /* router alert too short */
        { HOP, { UDP, 0, 0x05, 1, 0, 1, 0, 0 }, 8, true,
                PKT_EVENT_DECODER_IPV6_EXTHDR_INVALID_OPTLEN },
        /* two hop-by-hop headers */
        { HOP, { HOP, 0, 0x05, 2, 0, 0, 1, 0, UDP, 0, 0x05, 2, 0, 0, 1, 0 }, 16, false,
                PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_HH },
        /* three destination options headers */
        { DST,
                { DST, 0, 0x05, 2, 0, 0, 1, 0, DST, 0, 0x05, 2, 0, 0, 1, 0, UDP, 0, 0x05, 2, 0, 0,
                        1, 0 },
                24, false, PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_DH },
        /* routing type 0 */
        { RH, { UDP, 0, 0, 0, 0, 0, 0, 0 }, 8, false, PKT_EVENT_DECODER_IPV6_RH_TYPE_0 },
        { RH, { RH, 0, 2, 0, 0, 0, 0, 0, UDP, 0, 2, 0, 0, 0, 0, 0 }, 16, false,
                PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_RH },
        /* AH with a non-zero reserved field (length 1: 12 bytes) */
        { AH, { UDP, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 }, 12, false,
                PKT_EVENT_DECODER_IPV6_EXTHDR_AH_RES_NOT_NULL },
        { AH, { AH, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, UDP, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1 }, 24,
                false, PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_AH },
        /* no next header, but bytes follow */
        { NONE, { 0 }, 0, false, PKT_EVENT_DECODER_IPV6_DATA_AFTER_NONE_HEADER },
        /* 253: experimental, not decoded */
        { 253, { 0 }, 0, false, PKT_EVENT_DECODER_IPV6_UNKNOWN_NEXT_HEADER },
        /* ICMPv4 inside IPv6 */
        { 1, { 0 }, 0, false, PKT_EVENT_DECODER_IPV6_ICMPV4 },
        /* header longer than the payload */
        { HOP, { UDP, 8, 0, 0 }, 0, true, PKT_EVENT_DECODER_IPV6_TRUNC_EXTHDR },
        /* fragment header offset 0, no MF */
        { FH, { UDP, 0, 0, 0, 0, 0, 0, 9 }, 8, false, PKT_EVENT_DECODER_IPV6_EXTHDR_USELESS_FH },
        { FH, { UDP, 1, 0, 0, 0, 0, 0, 9 }, 8, false,
                PKT_EVENT_DECODER_IPV6_FH_NON_ZERO_RESERVED_FIELD },
        { FH, { FH, 0, 0, 0, 0, 0, 0, 9, UDP, 0, 0, 0, 0, 0, 0, 9 }, 16, false,
                PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_FH },
    };
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256];

    for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
        size_t n = build(b, cases[i].nh, cases[i].ext, cases[i].len);
        if (cases[i].e == PKT_EVENT_DECODER_IPV6_TRUNC_EXTHDR)
            n = build(b, HOP, cases[i].ext, 4) - sizeof(lt_udp);
        if (cases[i].e == PKT_EVENT_DECODER_IPV6_TRUNC_EXTHDR)
            tu_put16(b + 14 + 4, 4);
        lt_run(t, 1, b, n);
        assert_true(tu_has(&t->p, cases[i].e));
        assert_int_equal(!!(t->p.flags & PKT_F_INVALID), cases[i].invalid);
        lt_sweep(1, b, n);
    }
    tu_free(t);
}

static void test_ext_chain(void **state)
{
    /* hop-by-hop (router alert), routing type 2, destination options (padding + HAO) */
    static const uint8_t ext[] = { RH, 0, 0x05, 2, 0, 0, 0, 0, DST, 0, 2, 0, 0, 0, 0, 0, UDP, 2,
        0xc9, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 0, 0 };
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256];
    size_t n = build(b, HOP, ext, sizeof(ext));

    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->p.proto, UDP);
    assert_int_equal(t->p.dp, 2222);
    assert_int_equal(t->p.ip6.exthdrs, IPV6_EXT_F_HOP | IPV6_EXT_F_ROUTING | IPV6_EXT_F_DSTOPTS);
    lt_sweep(1, b, n);
    tu_free(t);
}

static void test_ip_in_ipv6(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t inner[128], b[256];
    size_t il = tu_ipv4(inner, 17, lt_udp, sizeof(lt_udp), false);
    size_t n = tu_eth(b, 0x86dd);

    n += tu_ipv6(b + n, 4, 64, inner, il, false);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.ipv4_in_ipv6, 1);
    assert_int_equal(lt_drain(t), 1);

    n = tu_eth(b, 0x86dd);
    n += tu_ipv6(b + n, 4, 64, inner, 12, false);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_IPV4_IN_IPV6_TOO_SMALL));
    inner[0] = 0x65;
    n = tu_eth(b, 0x86dd);
    n += tu_ipv6(b + n, 4, 64, inner, il, false);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_IPV4_IN_IPV6_WRONG_VERSION));
    assert_true(t->p.flags & PKT_F_INVALID);

    il = tu_ipv6(inner, 17, 64, lt_udp, sizeof(lt_udp), false);
    n = tu_eth(b, 0x86dd);
    n += tu_ipv6(b + n, 41, 64, inner, il, false);
    lt_run(t, 1, b, n);
    assert_int_equal(t->dt.cnt.ipv6_in_ipv6, 1);
    assert_int_equal(lt_drain(t), 1);
    n = tu_eth(b, 0x86dd);
    n += tu_ipv6(b + n, 41, 64, inner, 30, false);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_IPV6_IN_IPV6_TOO_SMALL));
    inner[0] = 0x45;
    n = tu_eth(b, 0x86dd);
    n += tu_ipv6(b + n, 41, 64, inner, il, false);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_IPV6_IN_IPV6_WRONG_VERSION));
    assert_int_equal(lt_drain(t), 0);
    tu_free(t);
}

static void test_fragment(void **state)
{
    /* first fragment of a datagram: no transport decoding */
    static const uint8_t fh[] = { UDP, 0, 0, 1, 0, 0, 0, 7 };
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256];
    size_t n = build(b, FH, fh, sizeof(fh));

    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_true(t->p.flags & PKT_F_FRAGMENT);
    assert_true(t->p.ip6.has_frag);
    assert_true(t->p.ip6.frag_more);
    assert_int_equal(t->p.ip6.frag_id, 7);
    assert_int_equal(t->p.ip6.frag_off, 0);
    assert_int_equal(t->p.dp, 0);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_ext_events),
        cmocka_unit_test(test_ext_chain),
        cmocka_unit_test(test_ip_in_ipv6),
        cmocka_unit_test(test_fragment),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
