/*
 * test_ethernet.c - Ethernet II, the ethertype dispatch (ARP, unknown types, DCE, NSH),
 * datalink dispatch, event names and the exported counter names.
 */
#include "link_test_util.h"

#include "util/stats.h"

static size_t eth_udp4(uint8_t *b)
{
    size_t n = tu_eth(b, 0x0800);

    return n + tu_ipv4(b + n, 17, lt_udp, sizeof(lt_udp), true);
}

static void test_valid(void **state)
{
    struct tu_ctx *t = tu_new(true);
    uint8_t b[128];
    size_t n = eth_udp4(b);

    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_true(t->p.flags & PKT_F_HAS_ETH);
    assert_int_equal(t->p.eth_src[5], 6);
    assert_int_equal(t->p.eth_dst[5], 5);
    assert_int_equal(t->p.ip_ver, 4);
    assert_int_equal(t->p.proto, 17);
    assert_int_equal(t->p.sp, 1111);
    assert_int_equal(t->p.dp, 2222);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->dt.cnt.pkts, 1);
    assert_int_equal(t->dt.cnt.bytes, n);
    assert_int_equal(t->dt.cnt.ethernet, 1);
    assert_int_equal(t->dt.cnt.ipv4, 1);
    assert_int_equal(t->dt.cnt.udp, 1);
    assert_int_equal(t->dt.cnt.invalid, 0);
    assert_int_equal(t->dt.cnt.max_pkt_size, n);
    tu_free(t);
}

static void test_too_small(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[14] = { 0 };

    lt_run(t, 1, b, 13);
    assert_true(t->p.flags & PKT_F_INVALID);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ETHERNET_PKT_TOO_SMALL));
    assert_int_equal(t->dt.cnt.invalid, 1);
    assert_int_equal(t->dt.cnt.events[PKT_EVENT_DECODER_ETHERNET_PKT_TOO_SMALL], 1);
    tu_free(t);
}

static void test_unknown_ethertype(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[64] = { 0 };

    tu_eth(b, 0x88cc); /* LLDP */
    lt_run(t, 1, b, 60);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_ETHERNET_UNKNOWN_ETHERTYPE));
    assert_int_equal(t->dt.cnt.unknown_ethertype, 1);
    tu_free(t);
}

static void test_arp(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[60] = { 0 };

    tu_eth(b, 0x0806);
    lt_run(t, 1, b, sizeof(b));
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->dt.cnt.arp, 1);
    assert_int_equal(t->p.ip_ver, 0);
    tu_free(t);
}

static void test_dce(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[160];
    size_t n = tu_eth(b, 0x8903);

    b[n++] = 0;
    b[n++] = 0;
    n += eth_udp4(b + n);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.dp, 2222);
    assert_int_equal(t->dt.cnt.ethernet, 2);

    lt_run(t, 1, b, 14 + 15);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_DCE_PKT_TOO_SMALL));
    assert_true(t->p.flags & PKT_F_INVALID);
    tu_free(t);
}

static void test_nsh(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[160];
    size_t n = tu_eth(b, 0x894f), nsh = n;

    /* version 0, length 2 words (MD type 2, no context), next protocol IPv4 */
    b[n++] = 0x00;
    b[n++] = 0x02;
    b[n++] = 0x02;
    b[n++] = 0x01;
    memset(b + n, 0, 4);
    n += 4;
    n += tu_ipv4(b + n, 17, lt_udp, sizeof(lt_udp), false);
    lt_run(t, 1, b, n);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.dp, 2222);
    assert_int_equal(t->dt.cnt.nsh, 1);

    b[nsh] = 0x40; /* version 1 */
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_NSH_UNSUPPORTED_VERSION));
    b[nsh] = 0;
    b[nsh + 2] = 0x00; /* MD type 0: reserved */
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_NSH_RESERVED_TYPE));
    b[nsh + 2] = 0x01; /* MD type 1 needs length 6 */
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_NSH_BAD_HEADER_LENGTH));
    b[nsh + 2] = 0x02;
    b[nsh + 3] = 0x09;
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_NSH_UNKNOWN_PAYLOAD));
    lt_run(t, 1, b, nsh + 5);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_NSH_HEADER_TOO_SMALL));
    tu_free(t);
}

static void test_unknown_datalink(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[128];
    size_t n = eth_udp4(b);

    lt_run(t, 147, b, n);
    assert_true(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->dt.cnt.invalid, 1);
    tu_free(t);
}

static void test_sweep(void **state)
{
    uint8_t b[128];
    size_t n = eth_udp4(b);

    lt_sweep(1, b, n);
}

static void test_event_names(void **state)
{
    assert_string_equal(pkt_event_name(PKT_EVENT_DECODER_IPV4_TRUNC_PKT), "decoder.ipv4.trunc_pkt");
    assert_int_equal(pkt_event_lookup("decoder.ipv4.trunc_pkt"), PKT_EVENT_DECODER_IPV4_TRUNC_PKT);
    assert_int_equal(pkt_event_lookup("ipv4.trunc_pkt"), PKT_EVENT_DECODER_IPV4_TRUNC_PKT);
    assert_int_equal(pkt_event_lookup("ipv6.frag_ignored"), PKT_EVENT_DECODER_IPV6_FRAG_IGNORED);
    assert_int_equal(pkt_event_lookup("ipv4.nope"), -1);
    for (int e = 0; e < PKT_EVENT_MAX; e++) {
        assert_non_null(pkt_event_name((enum pkt_event)e));
        assert_int_equal(pkt_event_lookup(pkt_event_name((enum pkt_event)e)), e);
    }
}

static void test_export(void **state)
{
    struct tu_ctx *t = tu_new(false);
    struct stats_set s;
    uint8_t b[14] = { 0 };

    lt_run(t, 1, b, 13);
    stats_set_init(&s);
    decode_export_stats(&t->dt, &s);
    decode_export_stats(&t->dt, &s); /* a second worker sums */
    assert_int_equal(stats_get(&s, "decoder.pkts"), 2);
    assert_int_equal(stats_get(&s, "decoder.invalid"), 2);
    assert_int_equal(stats_get(&s, "decoder.max_pkt_size"), 13);
    assert_int_equal(stats_get(&s, "decoder.event.ethernet.pkt_too_small"), 2);
    assert_int_equal(s.err, 0);
    /* every event is exported, zero or not, except too_many_layers: Suricata counts it as
     * decoder.too_many_layers, outside decoder.event */
    {
        size_t events = 0, decoder_events = 0;
        for (size_t i = 0; i < s.len; i++)
            events += strncmp(s.items[i].name, "decoder.event.", 14) == 0;
        for (int e = 0; e < PKT_EVENT_MAX; e++)
            decoder_events += strncmp(pkt_event_name((enum pkt_event)e), "decoder.", 8) == 0;
        assert_int_equal(events, decoder_events - 1);
        assert_int_equal(stats_get(&s, "decoder.event.too_many_layers"), 0);
    }
    assert_true(stats_get(&s, "defrag.ipv4.fragments") == 0);
    stats_set_release(&s);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_unknown_ethertype),
        cmocka_unit_test(test_arp),
        cmocka_unit_test(test_dce),
        cmocka_unit_test(test_nsh),
        cmocka_unit_test(test_unknown_datalink),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_event_names),
        cmocka_unit_test(test_export),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
