/*
 * test_vlan.c - 802.1Q, 802.1ad/QinQ and their limits; VNTag, E-Tag, 802.1ah.
 */
#include "link_test_util.h"

/* Ethernet with the given tag TPIDs and VLAN ids, then IPv4/UDP. */
static size_t build(uint8_t *b, const uint16_t *tpid, const uint16_t *vid, int ntags)
{
    size_t n = tu_eth(b, ntags > 0 ? tpid[0] : 0x0800);

    for (int i = 0; i < ntags; i++) {
        tu_put16(b + n, vid[i]);
        tu_put16(b + n + 2, i + 1 < ntags ? tpid[i + 1] : 0x0800);
        n += 4;
    }
    return n + tu_ipv4(b + n, 17, lt_udp, sizeof(lt_udp), false);
}

static void test_single(void **state)
{
    static const uint16_t tpid[] = { 0x8100 };
    static const uint16_t vid[] = { 0x2064 }; /* priority bits set, id 100 */
    struct tu_ctx *t = tu_new(false);
    uint8_t b[128];
    size_t n = build(b, tpid, vid, 1);

    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.vlan_cnt, 1);
    assert_int_equal(t->p.vlan_id[0], 100);
    assert_int_equal(t->p.dp, 2222);
    assert_int_equal(t->dt.cnt.vlan, 1);
    assert_int_equal(t->dt.cnt.vlan_qinq, 0);
    lt_sweep(1, b, n);
    tu_free(t);
}

static void test_qinq(void **state)
{
    static const uint16_t tpid[] = { 0x88a8, 0x8100, 0x9100 };
    static const uint16_t vid[] = { 10, 20, 30 };
    struct tu_ctx *t = tu_new(false);
    uint8_t b[128];
    size_t n = build(b, tpid, vid, 2);

    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.vlan_cnt, 2);
    assert_int_equal(t->p.vlan_id[0], 10);
    assert_int_equal(t->p.vlan_id[1], 20);
    assert_int_equal(t->dt.cnt.vlan, 1);
    assert_int_equal(t->dt.cnt.vlan_qinq, 1);

    n = build(b, tpid, vid, 3);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.vlan_cnt, 3);
    assert_int_equal(t->p.vlan_id[2], 30);
    assert_int_equal(t->dt.cnt.vlan_qinqinq, 1);
    assert_int_equal(t->p.dp, 2222);
    tu_free(t);
}

static void test_too_many(void **state)
{
    static const uint16_t tpid[] = { 0x8100, 0x8100, 0x8100, 0x8100 };
    static const uint16_t vid[] = { 1, 2, 3, 4 };
    struct tu_ctx *t = tu_new(false);
    uint8_t b[128];
    size_t n = build(b, tpid, vid, 4);

    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_VLAN_TOO_MANY_LAYERS));
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.vlan_cnt, 3);
    assert_int_equal(t->p.ip_ver, 0);
    tu_free(t);
}

static void test_malformed(void **state)
{
    static const uint16_t tpid[] = { 0x8100 };
    static const uint16_t vid[] = { 7 };
    struct tu_ctx *t = tu_new(false);
    uint8_t b[128];
    size_t n = build(b, tpid, vid, 1);

    lt_run(t, 1, b, 14 + 3);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_VLAN_HEADER_TOO_SMALL));
    assert_true(t->p.flags & PKT_F_INVALID);

    tu_put16(b + 16, 0x88cc);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_VLAN_UNKNOWN_TYPE));
    assert_true(t->p.flags & PKT_F_INVALID);
    tu_free(t);
}

static void test_vntag_etag(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[128];
    size_t n = tu_eth(b, 0x8926);

    memset(b + n, 0, 4);
    tu_put16(b + n + 4, 0x0800);
    n += 6;
    n += tu_ipv4(b + n, 17, lt_udp, sizeof(lt_udp), false);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.vntag, 1);
    assert_int_equal(t->p.dp, 2222);
    lt_run(t, 1, b, 14 + 5);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_VNTAG_HEADER_TOO_SMALL));
    tu_put16(b + 18, 0x1234);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_VNTAG_UNKNOWN_TYPE));

    n = tu_eth(b, 0x893f);
    memset(b + n, 0, 6);
    tu_put16(b + n + 6, 0x0800);
    n += 8;
    n += tu_ipv4(b + n, 17, lt_udp, sizeof(lt_udp), false);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.etag, 1);
    lt_run(t, 1, b, 14 + 7);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ETAG_HEADER_TOO_SMALL));
    tu_put16(b + 20, 0x1234);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ETAG_UNKNOWN_TYPE));
    tu_free(t);
}

static void test_8021ah(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[128];
    size_t n = tu_eth(b, 0x88e7);

    memset(b + n, 0, 16);
    tu_put16(b + n + 16, 0x0800);
    n += 18;
    n += tu_ipv4(b + n, 17, lt_udp, sizeof(lt_udp), false);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.ieee8021ah, 1);
    assert_int_equal(t->p.dp, 2222);
    lt_run(t, 1, b, 14 + 17);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IEEE8021AH_HEADER_TOO_SMALL));
    assert_true(t->p.flags & PKT_F_INVALID);
    lt_sweep(1, b, n);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single),
        cmocka_unit_test(test_qinq),
        cmocka_unit_test(test_too_many),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_vntag_etag),
        cmocka_unit_test(test_8021ah),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
