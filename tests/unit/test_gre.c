/*
 * test_gre.c - GRE v0/v1 decoder with every gre.* event, and ERSPAN types I, II, III with
 * the erspan.* events: outer packet fields and the inner pseudo packets.
 */
#include "decode_test_util.h"

/* Inner UDP 1111 -> 2222 with 4 bytes of payload. */
static const uint8_t udp_inner[] = { 0x04, 0x57, 0x08, 0xae, 0x00, 0x0c, 0x00, 0x00, 'g', 'r', 'e',
    '!' };

/* Builds outer Ethernet/IPv4/GRE(hdr)/payload and decodes it. */
static void run_gre(
        struct tu_ctx *t, const uint8_t *hdr, size_t hlen, const uint8_t *pl, size_t plen)
{
    uint8_t gre[512];

    memcpy(gre, hdr, hlen);
    if (plen > 0)
        memcpy(gre + hlen, pl, plen);
    tu_run4(t, 47, gre, hlen + plen, false);
}

/* Inner IPv4/UDP as a GRE payload in buf; returns its length. */
static size_t inner_ipv4(uint8_t *buf)
{
    return tu_ipv4(buf, 17, udp_inner, sizeof(udp_inner), false);
}

static void expect_inner_udp(struct tu_ctx *t)
{
    struct packet *tp;

    assert_true(t->p.flags & PKT_F_TUNNEL_ROOT);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_false(tp->flags & PKT_F_INVALID);
    assert_int_equal(tp->proto, 17);
    assert_int_equal(tp->sp, 1111);
    assert_int_equal(tp->dp, 2222);
    decode_put_pseudo(&t->dt, tp);
    assert_null(decode_take_pseudo(&t->dt));
}

static void test_v0_ipv4(void **state)
{
    static const uint8_t hdr[] = { 0x00, 0x00, 0x08, 0x00 };
    uint8_t in[64];
    size_t n = inner_ipv4(in);
    struct tu_ctx *t = tu_new(false);

    run_gre(t, hdr, sizeof(hdr), in, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.proto, 47);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->dt.cnt.gre, 1);
    expect_inner_udp(t);
    tu_free(t);
}

static void test_v0_optional_fields(void **state)
{
    /* checksum+offset, key, sequence: 16 bytes of header */
    static const uint8_t hdr[] = { 0xb0, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1 };
    uint8_t in[64];
    size_t n = inner_ipv4(in);
    struct tu_ctx *t = tu_new(false);

    run_gre(t, hdr, sizeof(hdr), in, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.event_cnt, 0);
    expect_inner_udp(t);
    tu_free(t);
}

static void test_v0_source_route(void **state)
{
    /* routing present: checksum/offset, one SRE of 4 bytes, then the NULL SRE */
    static const uint8_t hdr[] = { 0x40, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0x08, 0x00, 0x00, 0x04, 1, 2,
        3, 4, 0, 0, 0, 0 };
    uint8_t in[64];
    size_t n = inner_ipv4(in);
    struct tu_ctx *t = tu_new(false);

    run_gre(t, hdr, sizeof(hdr), in, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    expect_inner_udp(t);

    /* an SRE running past the packet */
    run_gre(t, hdr, 12, (const uint8_t[]){ 1, 2 }, 2);
    assert_true(t->p.flags & PKT_F_INVALID);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_GRE_VERSION0_MALFORMED_SRE_HDR));
    tu_free(t);
}

struct bad_case {
    uint8_t hdr[8];
    size_t len;
    enum pkt_event e;
};

static void test_events(void **state)
{
    static const struct bad_case cases[] = {
        { { 0x00, 0x00, 0x08 }, 3, PKT_EVENT_DECODER_GRE_PKT_TOO_SMALL },
        { { 0x00, 0x02, 0x08, 0x00 }, 4, PKT_EVENT_DECODER_GRE_WRONG_VERSION },
        { { 0x01, 0x00, 0x08, 0x00 }, 4, PKT_EVENT_DECODER_GRE_VERSION0_RECUR },
        { { 0x00, 0x08, 0x08, 0x00 }, 4, PKT_EVENT_DECODER_GRE_VERSION0_FLAGS },
        { { 0x30, 0x00, 0x08, 0x00, 0, 0, 0, 0 }, 8, PKT_EVENT_DECODER_GRE_VERSION0_HDR_TOO_BIG },
        { { 0xa0, 0x01, 0x88, 0x0b, 0, 0, 0, 0 }, 8, PKT_EVENT_DECODER_GRE_VERSION1_CHKSUM },
        { { 0x60, 0x01, 0x88, 0x0b, 0, 0, 0, 0 }, 8, PKT_EVENT_DECODER_GRE_VERSION1_ROUTE },
        { { 0x28, 0x01, 0x88, 0x0b, 0, 0, 0, 0 }, 8, PKT_EVENT_DECODER_GRE_VERSION1_SSR },
        { { 0x21, 0x01, 0x88, 0x0b, 0, 0, 0, 0 }, 8, PKT_EVENT_DECODER_GRE_VERSION1_RECUR },
        { { 0x20, 0x09, 0x88, 0x0b, 0, 0, 0, 0 }, 8, PKT_EVENT_DECODER_GRE_VERSION1_FLAGS },
        { { 0x20, 0x01, 0x08, 0x00, 0, 0, 0, 0 }, 8,
                PKT_EVENT_DECODER_GRE_VERSION1_WRONG_PROTOCOL },
        { { 0x00, 0x01, 0x88, 0x0b, 0, 0, 0, 0 }, 8, PKT_EVENT_DECODER_GRE_VERSION1_NO_KEY },
        { { 0x30, 0x81, 0x88, 0x0b, 0, 0, 0, 0 }, 8, PKT_EVENT_DECODER_GRE_VERSION1_HDR_TOO_BIG },
    };
    struct tu_ctx *t = tu_new(false);

    for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
        run_gre(t, cases[i].hdr, cases[i].len, NULL, 0);
        assert_true(t->p.flags & PKT_F_INVALID);
        assert_true(tu_has(&t->p, cases[i].e));
        assert_null(decode_take_pseudo(&t->dt));
    }
    tu_free(t);
}

static void test_v1_pptp(void **state)
{
    /* key present (payload length, call id), sequence and ack, PPP carrying IPv4 */
    static const uint8_t hdr[] = { 0x30, 0x81, 0x88, 0x0b, 0x00, 0x22, 0x00, 0x01, 0, 0, 0, 1, 0, 0,
        0, 1, 0xff, 0x03, 0x00, 0x21 };
    uint8_t in[64];
    size_t n = inner_ipv4(in);
    struct tu_ctx *t = tu_new(false);

    run_gre(t, hdr, sizeof(hdr), in, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.event_cnt, 0);
    assert_true(t->p.flags & PKT_F_TUNNEL_ROOT);
    {
        struct packet *tp = decode_take_pseudo(&t->dt);

        assert_non_null(tp);
        assert_int_equal(tp->proto, 17);
        decode_put_pseudo(&t->dt, tp);
    }
    tu_free(t);
}

static void test_eth_over_gre(void **state)
{
    static const uint8_t hdr[] = { 0x00, 0x00, 0x65, 0x58 };
    uint8_t in[128];
    size_t n = tu_eth(in, 0x0800);
    struct tu_ctx *t = tu_new(false);

    n += inner_ipv4(in + n);
    run_gre(t, hdr, sizeof(hdr), in, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    expect_inner_udp(t);
    tu_free(t);
}

/* ERSPAN frames: GRE, ERSPAN header, Ethernet, IPv4/UDP. */
static size_t erspan_payload(uint8_t *b, const uint8_t *ehdr, size_t elen)
{
    size_t n = elen;

    if (elen > 0)
        memcpy(b, ehdr, elen);
    n += tu_eth(b + n, 0x0800);
    n += inner_ipv4(b + n);
    return n;
}

static void test_erspan_type2(void **state)
{
    static const uint8_t gre[] = { 0x10, 0x00, 0x88, 0xbe, 0, 0, 0, 1 };
    static const uint8_t ers[] = { 0x10, 0x64, 0x00, 0x01, 0, 0, 0, 0 }; /* v1, VLAN 100 */
    uint8_t b[256];
    size_t n = erspan_payload(b, ers, sizeof(ers));
    struct tu_ctx *t = tu_new(false);
    struct packet *tp;

    run_gre(t, gre, sizeof(gre), b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.erspan, 1);
    assert_true(t->p.flags & PKT_F_TUNNEL_ROOT);
    tp = decode_take_pseudo(&t->dt);
    assert_non_null(tp);
    assert_int_equal(tp->proto, 17);
    assert_int_equal(tp->vlan_cnt, 1);
    assert_int_equal(tp->vlan_id[0], 100);
    decode_put_pseudo(&t->dt, tp);

    /* wrong version, short header */
    b[0] = 0x20;
    run_gre(t, gre, sizeof(gre), b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ERSPAN_UNSUPPORTED_VERSION));
    assert_null(decode_take_pseudo(&t->dt));
    run_gre(t, gre, sizeof(gre), b, 7);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ERSPAN_HEADER_TOO_SMALL));
    assert_null(decode_take_pseudo(&t->dt));
    tu_free(t);
}

static void test_erspan_type3(void **state)
{
    static const uint8_t gre[] = { 0x10, 0x00, 0x22, 0xeb, 0, 0, 0, 1 };
    /* v2, no VLAN, O bit set: 8 more bytes of platform subheader */
    static const uint8_t ers[] = { 0x20, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x01, 1, 2, 3, 4, 5,
        6, 7, 8 };
    uint8_t b[256];
    size_t n = erspan_payload(b, ers, sizeof(ers));
    struct tu_ctx *t = tu_new(false);

    run_gre(t, gre, sizeof(gre), b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    expect_inner_udp(t);
    run_gre(t, gre, sizeof(gre), b, 14);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ERSPAN_HEADER_TOO_SMALL));
    tu_free(t);
}

static void test_erspan_type1(void **state)
{
    static const uint8_t gre[] = { 0x00, 0x00, 0x88, 0xbe };
    uint8_t b[256];
    size_t n = erspan_payload(b, NULL, 0);
    struct tu_ctx *t = tu_new(false);

    /* disabled: the GRE packet is fine but nothing is decoded inside */
    t->cfg.erspan_typeI_enabled = false;
    run_gre(t, gre, sizeof(gre), b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_null(decode_take_pseudo(&t->dt));
    assert_int_equal(t->dt.cnt.erspan, 0);

    t->cfg.erspan_typeI_enabled = true;
    run_gre(t, gre, sizeof(gre), b, n);
    assert_int_equal(t->dt.cnt.erspan, 1);
    expect_inner_udp(t);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v0_ipv4),
        cmocka_unit_test(test_v0_optional_fields),
        cmocka_unit_test(test_v0_source_route),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_v1_pptp),
        cmocka_unit_test(test_eth_over_gre),
        cmocka_unit_test(test_erspan_type2),
        cmocka_unit_test(test_erspan_type3),
        cmocka_unit_test(test_erspan_type1),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
