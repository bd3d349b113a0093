/*
 * test_pppoe.c - PPPoE discovery and session frames, and the PPP protocol dispatch.
 */
#include "link_test_util.h"

static size_t session(uint8_t *b, uint16_t proto, const uint8_t *pl, size_t len)
{
    size_t n = tu_eth(b, 0x8864);

    b[n] = 0x11;
    b[n + 1] = 0;
    tu_put16(b + n + 2, 0x1234);
    tu_put16(b + n + 4, (uint16_t)(len + 2));
    tu_put16(b + n + 6, proto);
    memcpy(b + n + 8, pl, len);
    return n + 8 + len;
}

static void test_session(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t ip[128], b[256];
    size_t il = tu_ipv4(ip, 17, lt_udp, sizeof(lt_udp), false);
    size_t n = session(b, 0x0021, ip, il);

    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.dp, 2222);
    assert_int_equal(t->dt.cnt.pppoe, 1);
    lt_sweep(1, b, n);

    /* one-byte (compressed) PPP protocol field */
    n = session(b, 0x0021, ip, il);
    memmove(b + 14 + 6, b + 14 + 7, n - 21);
    lt_run(t, 1, b, n - 1);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.dp, 2222);

    il = tu_ipv6(ip, 17, 64, lt_udp, sizeof(lt_udp), true);
    n = session(b, 0x0057, ip, il);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.ip_ver, 6);
    tu_free(t);
}

static void test_session_errors(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t pl[64] = { 0 }, b[256];
    size_t n;

    n = session(b, 0xc021, pl, 10); /* LCP: normal control traffic */
    lt_run(t, 1, b, n);
    assert_int_equal(t->p.event_cnt, 0);
    assert_false(t->p.flags & PKT_F_INVALID);

    n = session(b, 0x002b, pl, 10); /* IPX */
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPP_UNSUP_PROTO));
    assert_false(t->p.flags & PKT_F_INVALID);

    n = session(b, 0x1234, pl, 10);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPP_WRONG_TYPE));
    assert_true(t->p.flags & PKT_F_INVALID);

    n = session(b, 0x0021, pl, 10);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPP_IP4_PKT_TOO_SMALL));

    n = session(b, 0x0057, pl, 30);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPP_IP6_PKT_TOO_SMALL));

    n = session(b, 0x002f, pl, 10);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPP_VJU_PKT_TOO_SMALL));

    lt_run(t, 1, b, 14 + 6);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPPOE_PKT_TOO_SMALL));
    assert_true(t->p.flags & PKT_F_INVALID);
    tu_free(t);
}

static size_t discovery(uint8_t *b, uint8_t code, const uint8_t *tags, size_t len)
{
    size_t n = tu_eth(b, 0x8863);

    b[n] = 0x11;
    b[n + 1] = code;
    tu_put16(b + n + 2, 0);
    tu_put16(b + n + 4, (uint16_t)len);
    memcpy(b + n + 6, tags, len);
    return n + 6 + len;
}

static void test_discovery(void **state)
{
    /* Service-Name (empty), Host-Uniq (4 bytes) */
    static const uint8_t tags[] = { 0x01, 0x01, 0, 0, 0x01, 0x03, 0, 4, 1, 2, 3, 4 };
    static const uint8_t bad_tags[] = { 0x01, 0x01, 0, 9, 0 };
    struct tu_ctx *t = tu_new(false);
    uint8_t b[128];
    size_t n = discovery(b, 0x09, tags, sizeof(tags));

    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->dt.cnt.pppoe, 1);
    lt_sweep(1, b, n);

    n = discovery(b, 0x42, tags, sizeof(tags));
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPPOE_WRONG_CODE));

    n = discovery(b, 0x07, bad_tags, sizeof(bad_tags));
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPPOE_MALFORMED_TAGS));

    /* the length field claims more than was captured */
    n = discovery(b, 0x07, tags, sizeof(tags));
    lt_run(t, 1, b, n - 4);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPPOE_MALFORMED_TAGS));

    lt_run(t, 1, b, 14 + 5);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_PPPOE_PKT_TOO_SMALL));
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session),
        cmocka_unit_test(test_session_errors),
        cmocka_unit_test(test_discovery),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
