/*
 * test_kw_header.c - packet-header, event, flow and stream_size keywords: parsing
 * (values, errors, Suricata's conflicts) and matching on hand-built packets.
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

/* Runs the pkt and flow lists of s on p. */
static bool run(const struct sig *s, struct packet *p)
{
    for (uint16_t i = 0; i < s->pkt.n; i++) {
        if (!s->pkt.m[i].kw->match(NULL, p, s, s->pkt.m[i].ctx))
            return false;
    }
    for (uint16_t i = 0; i < s->flow.n; i++) {
        if (!s->flow.m[i].kw->match(NULL, p, s, s->flow.m[i].ctx))
            return false;
    }
    return true;
}

/* True if opts match p (parse, run, free). */
static bool m(const char *opts, struct packet *p)
{
    struct sig *s = sig_ok_proto("ip", opts);
    bool r = run(s, p);

    sig_free(s);
    return r;
}

static void ip4_pkt(struct packet *p, uint8_t proto)
{
    static const uint8_t hdr[64];

    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = proto;
    p->src.b[0] = 10;
    p->src.b[3] = 1;
    p->dst.b[0] = 10;
    p->dst.b[3] = 2;
    p->l3 = hdr;
    p->l4 = hdr + 20;
    p->ip4.ttl = 64;
    p->ip4.tos = 0x10;
    p->ip4.id = 4242;
}

static void test_ttl_tos_id(void **state)
{
    struct packet p;

    ip4_pkt(&p, 6);
    assert_true(m("ttl:64;", &p));
    assert_false(m("ttl:63;", &p));
    assert_true(m("ttl:<65;", &p));
    assert_true(m("ttl:>=64;", &p));
    assert_true(m("ttl:60<>70;", &p));
    assert_false(m("ttl:64<>70;", &p)); /* exclusive */
    assert_true(m("ttl:60-70;", &p));
    assert_true(m("ttl:!3;", &p));
    assert_true(m("tos:16;", &p));
    assert_true(m("tos:0x10;", &p));
    assert_false(m("tos:!0x10;", &p));
    assert_true(m("id:4242;", &p));
    assert_false(m("id:1;", &p));
    sig_bad("ttl:256;", NULL);
    sig_bad("ttl:abc;", NULL);
    sig_bad("tos:300;", "tos");
    p.ip_ver = 6;
    p.ip6.hlim = 5;
    assert_true(m("ttl:5;", &p));
    assert_false(m("tos:16;", &p)); /* IPv4 only */
}

static void test_ipopts_sameip_proto(void **state)
{
    struct packet p;

    ip4_pkt(&p, 17);
    p.ip4.opts = IPV4_OPT_F_RR;
    assert_true(m("ipopts:rr;", &p));
    assert_false(m("ipopts:lsrr;", &p));
    assert_true(m("ipopts:any;", &p));
    p.ip4.opts = 0;
    assert_false(m("ipopts:any;", &p));
    sig_bad("ipopts:bogus;", "ipopts");
    assert_false(m("sameip;", &p));
    p.dst = p.src;
    assert_true(m("sameip;", &p));
    assert_true(m("ip_proto:17;", &p));
    assert_true(m("ip_proto:udp;", &p));
    assert_true(m("ip_proto:!tcp;", &p));
    assert_true(m("ip_proto:>6;", &p));
    assert_false(m("ip_proto:<17;", &p));
    sig_bad("ip_proto:nope;", "ip_proto");
}

static void test_fragbits_fragoffset(void **state)
{
    struct packet p;

    ip4_pkt(&p, 17);
    p.ip4.frag = 0x2000 | 5; /* MF, offset 5 */
    assert_true(m("fragbits:M;", &p));
    assert_false(m("fragbits:D;", &p));
    assert_true(m("fragbits:*MD;", &p));
    assert_false(m("fragbits:MD;", &p));
    assert_true(m("fragbits:+M;", &p));
    assert_true(m("fragbits:!D;", &p));
    assert_false(m("fragbits:!M;", &p));
    assert_true(m("fragoffset:5;", &p));
    assert_true(m("fragoffset:>0;", &p));
    assert_false(m("fragoffset:!5;", &p));
    sig_bad("fragbits:X;", "fragbits");
}

static void test_tcp(void **state)
{
    struct packet p;
    struct sig *s;

    ip4_pkt(&p, 6);
    p.tcp.flags = TCP_SYN | TCP_ACK;
    p.tcp.seq = 1000;
    p.tcp.ack = 2000;
    p.tcp.win = 512;
    assert_true(m("flags:SA;", &p));
    assert_false(m("flags:S;", &p));
    assert_true(m("flags:S+;", &p));
    assert_true(m("flags:+S;", &p));
    assert_true(m("flags:*SF;", &p));
    assert_false(m("flags:!S;", &p));
    assert_true(m("flags:!R;", &p));
    p.tcp.flags = TCP_SYN | TCP_ECE | TCP_CWR;
    assert_true(m("flags:S,12;", &p));
    assert_true(m("flags:S,CE;", &p));
    assert_false(m("flags:S;", &p));
    p.tcp.flags = 0;
    assert_true(m("flags:0;", &p));
    sig_bad("flags:S; flags:A;", "flags");
    sig_bad("flags:Z;", "flags");
    assert_true(m("seq:1000;", &p));
    assert_false(m("seq:1001;", &p));
    assert_true(m("ack:2000;", &p));
    assert_true(m("window:512;", &p));
    assert_true(m("window:!513;", &p));
    assert_false(m("tcp.mss:1460;", &p));
    p.tcp.has_mss = true;
    p.tcp.mss = 1460;
    assert_true(m("tcp.mss:1460;", &p));
    assert_true(m("tcp.mss:<1461;", &p));
    /* not TCP: no match */
    s = sig_ok_proto("ip", "flags:0;");
    p.proto = 17;
    assert_false(run(s, &p));
    sig_free(s);
}

static void test_icmp(void **state)
{
    struct packet p;

    ip4_pkt(&p, 1);
    p.icmp.type = 8;
    p.icmp.code = 0;
    p.icmp.has_id = true;
    p.icmp.id = 77;
    p.icmp.seq = 3;
    assert_true(m("itype:8;", &p));
    assert_true(m("itype:>7;", &p));
    assert_true(m("itype:7<>9;", &p));
    assert_false(m("itype:8<>9;", &p));
    assert_true(m("icode:0;", &p));
    assert_true(m("icmp_id:77;", &p));
    assert_true(m("icmp_id:!78;", &p));
    assert_true(m("icmp_seq:3;", &p));
    assert_false(m("icmp_seq:4;", &p));
    p.icmp.has_id = false;
    assert_false(m("icmp_id:77;", &p));
    p.proto = 58;
    assert_true(m("itype:8;", &p));
    p.proto = 6;
    assert_false(m("itype:8;", &p));
    sig_bad("itype:300;", NULL);
}

static void test_events(void **state)
{
    struct packet p;
    struct sig *s;

    ip4_pkt(&p, 6);
    assert_false(m("decode-event:ipv4.trunc_pkt;", &p));
    p.events[0] = PKT_EVENT_DECODER_IPV4_TRUNC_PKT;
    p.event_cnt = 1;
    assert_true(m("decode-event:ipv4.trunc_pkt;", &p));
    assert_true(m("decode-event:decoder.ipv4.trunc_pkt;", &p));
    sig_bad("decode-event:ipv4.nonexistent;", "unknown event");
    sig_bad("stream-event:ipv4.trunc_pkt;", "unknown event");
    /* app-layer keywords parse, and never match without an app layer */
    s = sig_ok_proto("tcp", "app-layer-protocol:http;");
    assert_false(run(s, &p));
    sig_free(s);
    s = sig_ok_proto("tcp", "app-layer-protocol:!tls,final;");
    sig_free(s);
    s = sig_ok_proto("tcp", "app-layer-protocol:failed;");
    sig_free(s);
    sig_bad("app-layer-protocol:nosuch;", "app-layer-protocol");
    /* a protocol's event is a transaction condition of that protocol */
    s = sig_ok_proto("tcp", "app-layer-event:http.gzip_decompression_failed;");
    assert_int_equal(s->tx.n, 1);
    sig_free(s);
}

static void test_flow_kw(void **state)
{
    struct packet p;
    struct flow f;
    struct sig *s;

    ip4_pkt(&p, 6);
    memset(&f, 0, sizeof(f));
    f.key.proto = 6;
    p.flow = &f;
    p.flow_dir = FLOW_DIR_TOSERVER;
    s = sig_ok_proto("tcp", "flow:established,to_server;");
    assert_true(s->flags & SIG_F_ESTABLISHED);
    assert_true(s->flags & SIG_F_TOSERVER);
    assert_false(run(s, &p));
    f.flags = FLOW_F_TCP_SESSION;
    f.tcp_state = FLOW_TCP_ESTABLISHED;
    f.state = FLOW_STATE_ESTABLISHED;
    /* the handshake's last ACK (the flow was not established when it arrived): only with
     * data, as Suricata's FLOW_PKT_ESTABLISHED */
    assert_false(run(s, &p));
    p.payload_len = 1;
    assert_true(run(s, &p));
    p.payload_len = 0;
    p.flags |= PKT_F_FLOW_EST;
    assert_true(run(s, &p));
    f.tcp_state = FLOW_TCP_CLOSED; /* closed by this packet: it still counts */
    assert_true(run(s, &p));
    p.flow_dir = FLOW_DIR_TOCLIENT;
    assert_false(run(s, &p));
    sig_free(s);
    assert_true(m("flow:from_server;", &p));
    assert_false(m("flow:not_established;", &p));
    assert_true(m("flow:stateless;", &p));
    /* UDP: established once both directions were seen */
    f.key.proto = 17;
    f.state = FLOW_STATE_NEW;
    assert_true(m("flow:not_established;", &p));
    f.state = FLOW_STATE_ESTABLISHED;
    assert_true(m("flow:established;", &p));
    /* no flow: direction never matches, not_established does */
    p.flow = NULL;
    assert_false(m("flow:to_server;", &p));
    assert_true(m("flow:not_established;", &p));
    assert_true(m("flow:no_frag;", &p));
    assert_false(m("flow:only_frag;", &p));
    p.flags |= PKT_F_DEFRAG;
    assert_true(m("flow:only_frag;", &p));
    s = sig_ok_proto("tcp", "flow:only_stream;");
    assert_true(s->flags & SIG_F_ONLY_STREAM);
    sig_free(s);
    sig_bad("flow:to_server,to_client;", "conflicting");
    sig_bad("flow:established,not_established;", "conflicting");
    sig_bad("flow:established,stateless;", "conflicting");
    sig_bad("flow:only_stream,no_stream;", "conflicting");
    sig_bad("flow:only_frag,no_frag;", "conflicting");
    sig_bad("flow:to_server,from_client;", "twice");
    sig_bad("flow:sideways;", "invalid option");
    sig_bad("flow:to_server; flow:to_client;", "conflicting");
}

static void test_stream_size(void **state)
{
    struct packet p;
    struct flow f;

    ip4_pkt(&p, 6);
    memset(&f, 0, sizeof(f));
    f.key.proto = 6;
    f.bytes[FLOW_DIR_TOSERVER] = 500;
    f.bytes[FLOW_DIR_TOCLIENT] = 2000;
    p.flow = &f;
    assert_true(m("stream_size:server,>,1000;", &p));
    assert_false(m("stream_size:client,>,1000;", &p));
    assert_true(m("stream_size:either,>,1000;", &p));
    assert_false(m("stream_size:both,>,1000;", &p));
    assert_true(m("stream_size:both,<=,2000;", &p));
    assert_true(m("stream_size:client,!=,1;", &p));
    sig_bad("stream_size:server,<>,1;", "stream_size");
    sig_bad("stream_size:up,<,1;", "stream_size");
    sig_bad("stream_size:server,<;", "stream_size");
}

static void test_csum(void **state)
{
    struct packet p;

    ip4_pkt(&p, 6);
    assert_true(m("ipv4-csum:valid;", &p));
    assert_false(m("ipv4-csum:invalid;", &p));
    assert_true(m("tcpv4-csum:valid;", &p));
    assert_false(m("udpv4-csum:valid;", &p)); /* not UDP */
    assert_false(m("tcpv6-csum:valid;", &p)); /* not IPv6 */
    p.flags |= PKT_F_IPV4_CSUM_BAD | PKT_F_L4_CSUM_BAD;
    assert_true(m("ipv4-csum:invalid;", &p));
    assert_true(m("tcpv4-csum:invalid;", &p));
    assert_false(m("tcpv4-csum:valid;", &p));
    sig_bad("ipv4-csum:maybe;", "valid or invalid");
}

static void test_hdr_buffers(void **state)
{
    struct packet p;
    struct slice sl;
    struct sig *s;

    ip4_pkt(&p, 6);
    p.l3_len = 30;
    p.l4_len = 10;
    p.ip4.hlen = 24;
    p.tcp.hlen = 20;
    assert_true(hdr_buffer_ipv4(NULL, &p, NULL, &sl));
    assert_int_equal(sl.len, 24);
    assert_true(hdr_buffer_tcp(NULL, &p, NULL, &sl));
    assert_int_equal(sl.len, 10); /* bounded by what was captured */
    assert_false(hdr_buffer_udp(NULL, &p, NULL, &sl));
    assert_false(hdr_buffer_ipv6(NULL, &p, NULL, &sl));
    p.proto = 17;
    assert_true(hdr_buffer_udp(NULL, &p, NULL, &sl));
    assert_int_equal(sl.len, 8);
    s = sig_ok_proto("ip", "ipv4.hdr; content:\"|45|\"; depth:1;");
    assert_int_equal(s->n_bufs, 1);
    assert_int_equal(s->bufs[0].buffer_id, detect_buffer_lookup("ipv4.hdr"));
    sig_free(s);
    s = sig_ok_proto("tcp", "tcp.hdr; content:\"|50|\"; offset:12; depth:1;");
    sig_free(s);
    s = sig_ok_proto("ip", "ipv6.hdr; content:\"|60|\"; depth:1;");
    sig_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ttl_tos_id),
        cmocka_unit_test(test_ipopts_sameip_proto),
        cmocka_unit_test(test_fragbits_fragoffset),
        cmocka_unit_test(test_tcp),
        cmocka_unit_test(test_icmp),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_flow_kw),
        cmocka_unit_test(test_stream_size),
        cmocka_unit_test(test_hdr_buffers),
        cmocka_unit_test(test_csum),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
