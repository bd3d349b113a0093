/*
 * test_kw_header2.c - more packet keywords: tcp.flags, vlan.id, vlan.layers, flow.pkts,
 * flow.bytes (and their old per-direction names), icmpv6.mtu, igmp.type, ipopts:rtralt,
 * sctp.chunk_type and the icmpv4/icmpv6/igmp/sctp header buffers: parsing and matching on
 * hand-built packets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode/decode.h"
#include "detect/buffer.h"
#include "detect/detect.h"
#include "detect/engine-int.h"
#include "detect/keyword.h"
#include "detect/kw/kw-hdrflow.h"
#include "detect/rule-parse.h"
#include "flow/flow.h"
#include "util/err.h"

#define RT_PROTO "ip"
#include "rule_test_util.h"

/* True if opts match p (pkt and flow lists). */
static bool m(const char *opts, struct packet *p)
{
    struct sig *s = sig_ok_proto("ip", opts);
    bool r = true;

    for (uint16_t i = 0; r && i < s->pkt.n; i++)
        r = s->pkt.m[i].kw->match(NULL, p, s, s->pkt.m[i].ctx);
    for (uint16_t i = 0; r && i < s->flow.n; i++)
        r = s->flow.m[i].kw->match(NULL, p, s, s->flow.m[i].ctx);
    sig_free(s);
    return r;
}

static void ip4_pkt(struct packet *p, uint8_t proto)
{
    static const uint8_t hdr[64];

    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = proto;
    p->l3 = hdr;
    p->l3_len = sizeof(hdr);
    p->l4 = hdr + 20;
    p->l4_len = sizeof(hdr) - 20;
    p->ip4.hlen = 20;
}

static void test_tcp_flags(void **state)
{
    struct packet p;

    ip4_pkt(&p, 6);
    p.tcp.flags = TCP_RST | TCP_ACK;
    assert_true(m("tcp.flags:RA;", &p));
    assert_true(m("tcp.flags:R,A;", &p)); /* A ignored */
    assert_true(m("tcp.flags:R+;", &p));
    assert_false(m("tcp.flags:S;", &p));
    p.proto = 17;
    assert_false(m("tcp.flags:RA;", &p));
    sig_bad("tcp.flags:Q;", "flags");
    sig_bad("flags:S; tcp.flags:A;", "only one");
}

static void test_vlan(void **state)
{
    struct packet p;

    ip4_pkt(&p, 17);
    assert_false(m("vlan.id:200;", &p));
    assert_true(m("vlan.layers:0;", &p));
    assert_false(m("vlan.layers:!0;", &p));
    p.vlan_cnt = 3;
    p.vlan_id[0] = 200;
    p.vlan_id[1] = 300;
    p.vlan_id[2] = 400;
    assert_true(m("vlan.id:200,0;", &p));
    assert_false(m("vlan.id:200,1;", &p));
    assert_true(m("vlan.id:300;", &p));
    assert_true(m("vlan.id:400,-1;", &p));
    assert_true(m("vlan.id:200,-3;", &p));
    assert_true(m("vlan.id:0x12C,1;", &p));
    assert_true(m("vlan.id:!200,1;", &p));
    assert_true(m("vlan.id:!500,all;", &p));
    assert_false(m("vlan.id:!200,all;", &p));
    assert_true(m("vlan.id:100-600,2;", &p));
    assert_true(m("vlan.id:<400,1;", &p));
    assert_true(m("vlan.id:>=0xC8;", &p));
    assert_true(m("vlan.id:>100,all;", &p));
    assert_false(m("vlan.id:>200,all;", &p));
    assert_true(m("vlan.layers:3;", &p));
    assert_true(m("vlan.layers:>2;", &p));
    assert_true(m("vlan.layers:!1;", &p));
    p.vlan_cnt = 1;
    assert_false(m("vlan.id:300;", &p)); /* layer 1 absent */
    assert_false(m("vlan.id:300,1;", &p));
    sig_bad("vlan.id:5000;", NULL);
    sig_bad("vlan.id:1,3;", "layer");
    sig_bad("vlan.id:1,some;", "layer");
    sig_bad("vlan.id:0xZZ;", NULL);
    sig_bad("vlan.layers:x;", NULL);
}

static void test_flow_counters(void **state)
{
    struct packet p;
    struct flow f;

    ip4_pkt(&p, 6);
    assert_false(m("flow.pkts:toserver,>0;", &p)); /* no flow */
    memset(&f, 0, sizeof(f));
    f.pkts[FLOW_DIR_TOSERVER] = 10;
    f.pkts[FLOW_DIR_TOCLIENT] = 12;
    f.bytes[FLOW_DIR_TOSERVER] = 2500;
    f.bytes[FLOW_DIR_TOCLIENT] = 9000;
    p.flow = &f;
    assert_true(m("flow.pkts:toserver,=10;", &p));
    assert_true(m("flow.pkts:toserver,10;", &p));
    assert_false(m("flow.pkts:toclient,=10;", &p));
    assert_true(m("flow.pkts:either,12;", &p));
    assert_false(m("flow.pkts:both,12;", &p));
    assert_true(m("flow.bytes:toserver,<3000; flow.bytes:toclient,>8000;", &p));
    assert_true(m("flow.pkts_toserver:10; flow.pkts_toclient:>11;", &p));
    assert_true(m("flow.bytes_toserver:<3000; flow.bytes_toclient:>8000;", &p));
    assert_false(m("flow.bytes_toclient:<8000;", &p));
    sig_bad("flow.pkts:10;", "flow.pkts");
    sig_bad("flow.pkts:sideways,10;", "flow.pkts");
    sig_bad("flow.bytes:toserver,abc;", NULL);
    sig_bad("flow.pkts_toserver;", NULL);
}

static void test_hdr_buffers2(void **state)
{
    struct packet p;
    struct slice sl;
    struct sig *s;

    ip4_pkt(&p, 1);
    assert_true(hdr_buffer_icmpv4(NULL, &p, NULL, &sl));
    assert_int_equal(sl.len, 8);
    assert_false(hdr_buffer_icmpv6(NULL, &p, NULL, &sl));
    assert_false(hdr_buffer_igmp(NULL, &p, NULL, &sl));
    assert_false(hdr_buffer_sctp(NULL, &p, NULL, &sl));
    p.proto = 2;
    assert_true(hdr_buffer_igmp(NULL, &p, NULL, &sl));
    p.proto = 132;
    p.l4_len = 10;
    assert_true(hdr_buffer_sctp(NULL, &p, NULL, &sl));
    assert_int_equal(sl.len, 10); /* bounded by what was captured */
    p.ip_ver = 6;
    p.proto = 58;
    assert_true(hdr_buffer_icmpv6(NULL, &p, NULL, &sl));
    p.l4 = NULL;
    assert_false(hdr_buffer_icmpv6(NULL, &p, NULL, &sl));
    /* ICMPv4 length by type: router advertisement with 1 entry of 2 words = 16 */
    {
        static const uint8_t ra[24] = { 9, 0, 0, 0, 1, 2 };
        static const uint8_t v6[64];

        ip4_pkt(&p, 1);
        p.l4 = ra;
        p.l4_len = sizeof(ra);
        assert_true(hdr_buffer_icmpv4(NULL, &p, NULL, &sl));
        assert_int_equal(sl.len, 16);
        /* IPv6 header with an 8-byte extension header */
        memset(&p, 0, sizeof(p));
        p.ip_ver = 6;
        p.proto = 17;
        p.l3 = v6;
        p.l3_len = sizeof(v6);
        p.l4 = v6 + 48;
        assert_true(hdr_buffer_ipv6(NULL, &p, NULL, &sl));
        assert_int_equal(sl.len, 48);
        p.l4 = NULL;
        assert_true(hdr_buffer_ipv6(NULL, &p, NULL, &sl));
        assert_int_equal(sl.len, 40);
    }
    s = sig_ok_proto("icmp", "icmpv4.hdr; content:\"|08|\"; depth:1;");
    assert_int_equal(s->bufs[0].buffer_id, detect_buffer_lookup("icmpv4.hdr"));
    sig_free(s);
    s = sig_ok_proto("icmpv6", "icmpv6.hdr; content:\"|80|\"; depth:1;");
    assert_int_equal(s->bufs[0].buffer_id, detect_buffer_lookup("icmpv6.hdr"));
    sig_free(s);
    s = sig_ok_proto("igmp", "igmp.hdr; content:\"|11|\"; depth:1;");
    sig_free(s);
    s = sig_ok_proto("sctp", "sctp.hdr; content:\"|00 50|\"; depth:2;");
    assert_int_equal(s->bufs[0].buffer_id, detect_buffer_lookup("sctp.hdr"));
    sig_free(s);
}

static void test_icmpv6_mtu(void **state)
{
    static const uint8_t ptb[8] = { 2, 0, 0, 0, 0, 0, 0x04, 0x00 }; /* MTU 1024 */
    static const uint8_t echo[8] = { 128, 0, 0, 0, 0, 0, 0x04, 0x00 };
    struct packet p;

    memset(&p, 0, sizeof(p));
    p.ip_ver = 6;
    p.proto = 58;
    p.l4 = ptb;
    p.l4_len = sizeof(ptb);
    assert_true(m("icmpv6.mtu:<1280;", &p));
    assert_true(m("icmpv6.mtu:1024;", &p));
    assert_false(m("icmpv6.mtu:>1024;", &p));
    p.l4_len = 7; /* truncated */
    assert_false(m("icmpv6.mtu:<1280;", &p));
    p.l4_len = sizeof(echo);
    p.l4 = echo;
    assert_false(m("icmpv6.mtu:<1280;", &p)); /* not Packet Too Big */
    sig_bad("icmpv6.mtu:abc;", NULL);
}

static void test_igmp(void **state)
{
    static const uint8_t rgmp[8] = { 0xff, 0, 0, 0 };
    struct packet p;

    ip4_pkt(&p, 2);
    p.l4 = rgmp;
    p.l4_len = sizeof(rgmp);
    assert_true(m("igmp.type:0xff;", &p));
    assert_true(m("igmp.type:255;", &p));
    assert_true(m("igmp.type:>17;", &p));
    assert_false(m("igmp.type:0x11;", &p));
    p.proto = 1;
    assert_false(m("igmp.type:255;", &p));
    sig_bad("igmp.type:256;", NULL);
    sig_bad("igmp.type:x;", NULL);
    ip4_pkt(&p, 2);
    assert_false(m("ipopts:rtralt;", &p));
    p.ip4.opts = IPV4_OPT_F_RTRALT;
    assert_true(m("ipopts:rtralt;", &p));
}

static void test_sctp_chunk_type(void **state)
{
    /* common header, then a 5-byte DATA chunk (padded to 8) and an INIT ACK chunk */
    static const uint8_t sctp[28] = { [12] = 0, [14] = 0, [15] = 5, [20] = 2, [23] = 8 };
    struct packet p;

    ip4_pkt(&p, 132);
    p.l4 = sctp;
    p.l4_len = sizeof(sctp);
    assert_true(m("sctp.chunk_type:data;", &p));
    assert_true(m("sctp.chunk_type:init_ack;", &p));
    assert_true(m("sctp.chunk_type:2;", &p));
    assert_false(m("sctp.chunk_type:init;", &p));
    p.l4_len = 23; /* INIT ACK not captured */
    assert_false(m("sctp.chunk_type:init_ack;", &p));
    p.proto = 17;
    assert_false(m("sctp.chunk_type:data;", &p));
    sig_bad("sctp.chunk_type:bogus;", "sctp.chunk_type");
    sig_bad("sctp.chunk_type:256;", "sctp.chunk_type");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcp_flags),
        cmocka_unit_test(test_vlan),
        cmocka_unit_test(test_flow_counters),
        cmocka_unit_test(test_hdr_buffers2),
        cmocka_unit_test(test_icmpv6_mtu),
        cmocka_unit_test(test_igmp),
        cmocka_unit_test(test_sctp_chunk_type),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
