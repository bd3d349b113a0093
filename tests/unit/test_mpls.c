/*
 * test_mpls.c - MPLS label stacks, the payload chosen by label or guessed, and events.
 */
#include "link_test_util.h"

static size_t shim(uint8_t *b, uint32_t label, bool bottom)
{
    uint32_t v = (label << 12) | (bottom ? 0x100u : 0) | 64;

    b[0] = (uint8_t)(v >> 24);
    b[1] = (uint8_t)(v >> 16);
    b[2] = (uint8_t)(v >> 8);
    b[3] = (uint8_t)v;
    return 4;
}

static void run_labels(struct tu_ctx *t, const uint32_t *labels, int n, bool v6)
{
    uint8_t b[256];
    size_t len = tu_eth(b, 0x8847);

    for (int i = 0; i < n; i++)
        len += shim(b + len, labels[i], i == n - 1);
    if (v6)
        len += tu_ipv6(b + len, 17, 64, lt_udp, sizeof(lt_udp), true);
    else
        len += tu_ipv4(b + len, 17, lt_udp, sizeof(lt_udp), false);
    lt_run(t, 1, b, len);
}

static void test_stack(void **state)
{
    static const uint32_t l4[] = { 100, 200, 0 };
    static const uint32_t l6[] = { 100, 2 };
    static const uint32_t guess[] = { 1000, 2000 };
    struct tu_ctx *t = tu_new(false);

    run_labels(t, l4, 3, false);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.ip_ver, 4);
    assert_int_equal(t->p.dp, 2222);
    run_labels(t, l6, 2, true);
    assert_int_equal(t->p.ip_ver, 6);
    assert_int_equal(t->p.dp, 2222);
    run_labels(t, guess, 2, false);
    assert_int_equal(t->p.ip_ver, 4);
    run_labels(t, guess, 2, true);
    assert_int_equal(t->p.ip_ver, 6);
    assert_int_equal(t->dt.cnt.mpls, 4);
    tu_free(t);
}

static void test_bad_labels(void **state)
{
    static const struct {
        uint32_t label;
        enum pkt_event e;
    } cases[] = {
        { 1, PKT_EVENT_DECODER_MPLS_BAD_LABEL_ROUTER_ALERT },
        { 3, PKT_EVENT_DECODER_MPLS_BAD_LABEL_IMPLICIT_NULL },
        { 7, PKT_EVENT_DECODER_MPLS_BAD_LABEL_RESERVED },
    };
    struct tu_ctx *t = tu_new(false);

    for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
        run_labels(t, &cases[i].label, 1, false);
        assert_true(tu_has(&t->p, cases[i].e));
        assert_int_equal(t->p.ip_ver, 0);
    }
    tu_free(t);
}

static void test_malformed(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[64];
    size_t n = tu_eth(b, 0x8847);

    /* no bottom-of-stack label before the end */
    n += shim(b + n, 100, false);
    n += shim(b + n, 200, false);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_MPLS_HEADER_TOO_SMALL));
    assert_true(t->p.flags & PKT_F_INVALID);

    /* bottom label and nothing after it */
    n = tu_eth(b, 0x8848);
    n += shim(b + n, 100, true);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_MPLS_PKT_TOO_SMALL));

    /* a payload that is neither IP nor a pseudo wire */
    b[n++] = 0x90;
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_MPLS_UNKNOWN_PAYLOAD_TYPE));
    assert_true(t->p.flags & PKT_F_INVALID);
    tu_free(t);
}

static void test_pseudowire(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256];
    size_t n = tu_eth(b, 0x8847);

    n += shim(b + n, 5000, true);
    memset(b + n, 0, 4); /* control word */
    n += 4;
    n += tu_eth(b + n, 0x0800);
    n += tu_ipv4(b + n, 17, lt_udp, sizeof(lt_udp), false);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.ethernet, 2);
    assert_int_equal(t->p.dp, 2222);
    lt_sweep(1, b, n);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stack),
        cmocka_unit_test(test_bad_labels),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_pseudowire),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
