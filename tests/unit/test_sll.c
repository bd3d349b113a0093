/*
 * test_sll.c - the link layers other than Ethernet: Linux cooked v1 and v2, BSD null and
 * loopback, raw IP (and DLT_IPV4/IPV6), PPP and Cisco HDLC.
 */
#include "link_test_util.h"

enum {
    DLT_NULL_ = 0,
    DLT_PPP_ = 9,
    DLT_RAW_ = 12,
    DLT_RAW101_ = 101,
    DLT_C_HDLC_ = 104,
    DLT_LOOP_ = 108,
    DLT_SLL_ = 113,
    DLT_IPV4_ = 228,
    DLT_IPV6_ = 229,
    DLT_SLL2_ = 276,
};

static size_t ip4(uint8_t *b)
{
    return tu_ipv4(b, 17, lt_udp, sizeof(lt_udp), false);
}

static size_t ip6(uint8_t *b)
{
    return tu_ipv6(b, 17, 64, lt_udp, sizeof(lt_udp), true);
}

static void check_udp(struct tu_ctx *t, int ver)
{
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.ip_ver, ver);
    assert_int_equal(t->p.dp, 2222);
}

static void test_sll(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256] = { 0 };
    size_t n;

    tu_put16(b + 14, 0x0800);
    n = 16 + ip4(b + 16);
    lt_run(t, DLT_SLL_, b, n);
    check_udp(t, 4);
    assert_int_equal(t->dt.cnt.sll, 1);
    lt_sweep(DLT_SLL_, b, n);
    lt_run(t, DLT_SLL_, b, 15);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SLL_PKT_TOO_SMALL));
    assert_true(t->p.flags & PKT_F_INVALID);

    memset(b, 0, 20);
    tu_put16(b, 0x86dd);
    n = 20 + ip6(b + 20);
    lt_run(t, DLT_SLL2_, b, n);
    check_udp(t, 6);
    assert_int_equal(t->dt.cnt.sll2, 1);
    lt_sweep(DLT_SLL2_, b, n);
    lt_run(t, DLT_SLL2_, b, 19);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SLL2_PKT_TOO_SMALL));
    tu_free(t);
}

static void test_null(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256] = { 0 };
    size_t n;

    b[0] = 2; /* AF_INET, little endian */
    n = 4 + ip4(b + 4);
    lt_run(t, DLT_NULL_, b, n);
    check_udp(t, 4);
    lt_sweep(DLT_NULL_, b, n);

    memset(b, 0, 4);
    b[3] = 30; /* AF_INET6 (Darwin), network order as DLT_LOOP has it */
    n = 4 + ip6(b + 4);
    lt_run(t, DLT_LOOP_, b, n);
    check_udp(t, 6);
    b[3] = 24;
    lt_run(t, DLT_NULL_, b, n);
    check_udp(t, 6);
    assert_int_equal(t->dt.cnt.null, 3);

    b[3] = 99;
    lt_run(t, DLT_NULL_, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_LTNULL_UNSUPPORTED_TYPE));
    assert_true(t->p.flags & PKT_F_INVALID);
    lt_run(t, DLT_NULL_, b, 3);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_LTNULL_PKT_TOO_SMALL));
    tu_free(t);
}

static void test_raw(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256] = { 0 };
    size_t n = ip4(b);

    lt_run(t, DLT_RAW_, b, n);
    check_udp(t, 4);
    lt_run(t, DLT_IPV4_, b, n);
    check_udp(t, 4);
    lt_sweep(DLT_RAW_, b, n);
    n = ip6(b);
    lt_run(t, DLT_RAW101_, b, n);
    check_udp(t, 6);
    lt_run(t, DLT_IPV6_, b, n);
    check_udp(t, 6);
    assert_int_equal(t->dt.cnt.raw, 2);
    lt_run(t, DLT_RAW_, b, 30);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_PKT_TOO_SMALL));
    b[0] = 0x50;
    lt_run(t, DLT_RAW_, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPRAW_INVALID_IP_VERSION));
    assert_true(t->p.flags & PKT_F_INVALID);
    lt_run(t, DLT_RAW_, b, 19);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_PKT_TOO_SMALL));
    tu_free(t);
}

static void test_ppp(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256] = { 0xff, 0x03, 0x00, 0x21 };
    size_t n = 4 + ip4(b + 4);

    lt_run(t, DLT_PPP_, b, n);
    check_udp(t, 4);
    lt_sweep(DLT_PPP_, b, n);
    /* compressed: no address/control, one-byte protocol */
    b[3] = 0x21;
    lt_run(t, DLT_PPP_, b + 3, n - 3);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.ppp, 2);
    b[2] = 0x80;
    b[3] = 0x21; /* IPCP: control traffic, no event */
    lt_run(t, DLT_PPP_, b, n);
    assert_int_equal(t->p.event_cnt, 0);
    b[2] = 0x00;
    b[3] = 0x2b; /* IPX */
    lt_run(t, DLT_PPP_, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPP_UNSUP_PROTO));
    lt_run(t, DLT_PPP_, b, 2);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPP_PKT_TOO_SMALL));
    tu_free(t);
}

static void test_chdlc(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256] = { 0x0f, 0x00, 0x08, 0x00 };
    size_t n = 4 + ip4(b + 4);

    lt_run(t, DLT_C_HDLC_, b, n);
    check_udp(t, 4);
    assert_int_equal(t->dt.cnt.chdlc, 1);
    lt_sweep(DLT_C_HDLC_, b, n);
    lt_run(t, DLT_C_HDLC_, b, 3);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_CHDLC_PKT_TOO_SMALL));
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sll),
        cmocka_unit_test(test_null),
        cmocka_unit_test(test_raw),
        cmocka_unit_test(test_ppp),
        cmocka_unit_test(test_chdlc),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
