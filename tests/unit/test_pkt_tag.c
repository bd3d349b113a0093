/*
 * test_pkt_tag.c - packet-level keywords and outputs of issue 3: the tag keyword and its
 * per-worker table, SCTP decoding (vtag, chunk count and types, header length) with
 * sctp.vtag / sctp.chunk_cnt / sctp.chunk_data / sctp.hdr, IGMP version and RGMP
 * classification, ether.hdr, and the sctp{} / igmp{} / rgmp{} EVE objects.
 */
#include "decode_test_util.h"

#include <stdio.h>

#include "detect/buffer.h"
#include "detect/engine-int.h"
#include "detect/kw/kw-hdrflow.h"
#include "detect/rule-parse.h"
#include "detect/tag-state.h"
#include "flow/flow.h"
#include "output/eve-packet.h"
#include "util/json.h"

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

/* --- tag keyword --- */

static const struct tag_spec *post_tag(const struct sig *s, uint16_t i)
{
    assert_true(i < s->post.n);
    assert_string_equal(s->post.m[i].kw->name, "tag");
    return s->post.m[i].ctx;
}

static void test_tag_parse(void **state)
{
    struct sig *s = sig_ok("tag:session;");
    const struct tag_spec *ts = post_tag(s, 0);

    assert_int_equal(ts->scope, TAG_SCOPE_SESSION);
    assert_int_equal(ts->metric, TAG_METRIC_PACKETS);
    assert_int_equal(ts->count, 256);
    sig_free(s);
    s = sig_ok("tag:host;");
    ts = post_tag(s, 0);
    assert_int_equal(ts->scope, TAG_SCOPE_HOST);
    assert_false(ts->src);
    sig_free(s);
    s = sig_ok("tag:host, 3600, seconds, src; tag:session,100,bytes;");
    ts = post_tag(s, 0);
    assert_true(ts->src);
    assert_int_equal(ts->metric, TAG_METRIC_SECONDS);
    assert_int_equal(ts->count, 3600);
    ts = post_tag(s, 1);
    assert_int_equal(ts->scope, TAG_SCOPE_SESSION);
    assert_int_equal(ts->metric, TAG_METRIC_BYTES);
    assert_int_equal(ts->count, 100);
    sig_free(s);
    sig_bad("tag:flow;", "tag");
    sig_bad("tag:host,10;", "tag");                /* a count needs its metric */
    sig_bad("tag:host,x,packets;", "tag");         /* not a number */
    sig_bad("tag:host,10,minutes;", "tag");        /* unknown metric */
    sig_bad("tag:session,10,packets,src;", "tag"); /* direction only for host */
    sig_bad("tag:host,10,packets,up;", "tag");
    sig_bad("tag:host,10,packets,src,x;", "tag");
}

static void addr4(struct vg_addr *a, uint8_t last)
{
    memset(a, 0, sizeof(*a));
    a->b[0] = 10;
    a->b[3] = last;
}

static void pkt4(struct packet *p, uint8_t src, uint8_t dst, uint64_t ts)
{
    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = 6;
    addr4(&p->src, src);
    addr4(&p->dst, dst);
    p->ts_usec = ts;
    p->caplen = 100;
}

static void test_tag_host_packets(void **state)
{
    struct tag_table *tt = tag_table_new(0);
    struct tag_spec ts = { .scope = TAG_SCOPE_HOST, .metric = TAG_METRIC_PACKETS, .count = 3 };
    struct packet p;
    int tagged = 0;

    assert_non_null(tt);
    pkt4(&p, 1, 2, 1000);
    assert_false(tag_table_check(tt, &p)); /* nothing tagged yet */
    assert_true(tag_table_add(tt, &ts, &p, 1, 7));
    assert_true(tag_table_add(tt, &ts, &p, 1, 7)); /* same rule: kept, not restarted */
    /* the matching packet counts but is not tagged */
    assert_false(tag_table_check(tt, &p));
    /* the destination host, either way; another host pair is not tagged */
    pkt4(&p, 2, 9, 2000);
    tagged += tag_table_check(tt, &p);
    pkt4(&p, 5, 6, 2500);
    assert_false(tag_table_check(tt, &p));
    pkt4(&p, 9, 2, 3000);
    tagged += tag_table_check(tt, &p);
    pkt4(&p, 2, 9, 4000); /* the 4th packet of a count of 3 */
    tagged += tag_table_check(tt, &p);
    assert_int_equal(tagged, 2);
    tag_table_free(tt);
}

static void test_tag_session_bytes_seconds(void **state)
{
    struct tag_table *tt = tag_table_new(0);
    struct tag_spec bytes = {
        .scope = TAG_SCOPE_SESSION, .metric = TAG_METRIC_BYTES, .count = 250
    };
    struct tag_spec secs = {
        .scope = TAG_SCOPE_HOST, .metric = TAG_METRIC_SECONDS, .count = 2, .src = true
    };
    struct flow f, g;
    struct packet p;

    memset(&f, 0, sizeof(f));
    memset(&g, 0, sizeof(g));
    f.id = 11;
    g.id = 12;
    pkt4(&p, 1, 2, 0);
    assert_false(tag_table_add(tt, &bytes, &p, 1, 1)); /* no flow */
    p.flow = &f;
    assert_true(tag_table_add(tt, &bytes, &p, 1, 1));
    assert_false(tag_table_check(tt, &p)); /* 100 bytes */
    assert_true(tag_table_check(tt, &p));  /* 200 */
    p.flow = &g;
    assert_false(tag_table_check(tt, &p)); /* another flow */
    p.flow = &f;
    assert_false(tag_table_check(tt, &p)); /* 300 > 250: done */
    assert_false(tag_table_check(tt, &p));

    pkt4(&p, 1, 2, 1000000);
    assert_true(tag_table_add(tt, &secs, &p, 1, 2)); /* host 10.0.0.1 for 2 s */
    assert_false(tag_table_check(tt, &p));
    pkt4(&p, 3, 1, 2500000);
    assert_true(tag_table_check(tt, &p));
    pkt4(&p, 1, 3, 3500000); /* 2.5 s after: done */
    assert_false(tag_table_check(tt, &p));
    tag_table_free(tt);
}

static void test_tag_bounds(void **state)
{
    struct tag_table *tt = tag_table_new(2);
    struct tag_spec ts = { .scope = TAG_SCOPE_HOST, .metric = TAG_METRIC_PACKETS, .count = 100 };
    struct stats_set st;
    struct packet p;

    pkt4(&p, 1, 2, 1000);
    assert_true(tag_table_add(tt, &ts, &p, 1, 1));
    pkt4(&p, 1, 3, 1000);
    assert_true(tag_table_add(tt, &ts, &p, 1, 1));
    pkt4(&p, 1, 4, 1000);
    assert_false(tag_table_add(tt, &ts, &p, 1, 1)); /* full: dropped, counted */
    /* entries idle for TAG_IDLE_USEC make room */
    pkt4(&p, 1, 4, 1000 + TAG_IDLE_USEC);
    assert_true(tag_table_add(tt, &ts, &p, 1, 1));
    stats_set_init(&st);
    tag_table_export_stats(tt, &st);
    assert_int_equal(stats_get(&st, "vigie.detect.tags.dropped"), 1);
    assert_int_equal(stats_get(&st, "vigie.detect.tags.active"), 1);
    stats_set_release(&st);
    /* per-key limit */
    tag_table_free(tt);
    tt = tag_table_new(0);
    pkt4(&p, 1, 2, 1000);
    for (uint32_t sid = 1; sid <= TAG_MAX_PER_KEY; sid++)
        assert_true(tag_table_add(tt, &ts, &p, 1, sid));
    assert_false(tag_table_add(tt, &ts, &p, 1, TAG_MAX_PER_KEY + 1));
    tag_table_free(tt);
    tag_table_free(NULL);
}

/* --- SCTP --- */

/* vtag 0x01020304; DATA (5 bytes of user data: "hello", padded), SACK, ABORT */
static const uint8_t sctp_pkt[] = {
    0x04, 0xd2, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0, /* common header */
    0x00, 0x03, 0x00, 0x15, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 'h', 'e', 'l', 'l', 'o', 0, 0,
    0,                                                          /* DATA */
    0x03, 0x00, 0x00, 0x10, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, /* SACK */
    0x06, 0x00, 0x00, 0x04,                                     /* ABORT */
};

static void test_sctp_decode(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t many[12 + 20 * 4] = { 0 };

    tu_direct_init(&t->p, 4);
    assert_int_equal(decode_sctp(&t->dt, &t->p, cur_make(sctp_pkt, sizeof(sctp_pkt))), VG_OK);
    assert_int_equal(t->p.sctp.vtag, 0x01020304);
    assert_int_equal(t->p.sctp.chunk_cnt, 3);
    assert_int_equal(t->p.sctp.types[0], 0);
    assert_int_equal(t->p.sctp.types[1], 3);
    assert_int_equal(t->p.sctp.types[2], 6);
    assert_true(t->p.sctp.has_data);
    assert_true(t->p.sctp.has_abort);
    assert_false(t->p.sctp.has_init);
    assert_false(t->p.sctp.has_init_ack);
    assert_int_equal(t->p.sctp.hlen, sizeof(sctp_pkt));
    /* 20 HEARTBEAT chunks: all counted, 16 types kept, too_many_chunks */
    many[4] = 1;
    for (int i = 0; i < 20; i++) {
        many[12 + i * 4] = 4;
        many[12 + i * 4 + 3] = 4;
    }
    tu_direct_init(&t->p, 4);
    assert_int_equal(decode_sctp(&t->dt, &t->p, cur_make(many, sizeof(many))), VG_OK);
    assert_int_equal(t->p.sctp.chunk_cnt, 20);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_TOO_MANY_CHUNKS));
    /* a broken chunk: the header length stops there */
    many[12 + 5 * 4 + 3] = 2;
    tu_direct_init(&t->p, 4);
    assert_true(decode_sctp(&t->dt, &t->p, cur_make(many, sizeof(many))) < 0);
    assert_int_equal(t->p.sctp.hlen, 12 + 5 * 4);
    assert_int_equal(t->p.sctp.chunk_cnt, 5);
    tu_free(t);
}

static void test_sctp_keywords(void **state)
{
    struct tu_ctx *t = tu_new(false);
    struct packet *p = &t->p;
    struct slice sl;

    tu_direct_init(p, 4);
    assert_int_equal(decode_sctp(&t->dt, p, cur_make(sctp_pkt, sizeof(sctp_pkt))), VG_OK);
    assert_true(m("sctp.vtag:16909060;", p));
    assert_true(m("sctp.vtag:>16909059;", p));
    assert_false(m("sctp.vtag:0;", p));
    assert_true(m("sctp.chunk_cnt:3;", p));
    assert_true(m("sctp.chunk_cnt:2-4;", p));
    assert_false(m("sctp.chunk_cnt:1;", p));
    sig_bad("sctp.vtag:4294967296;", NULL);
    sig_bad("sctp.chunk_cnt:x;", NULL);
    assert_true(sctp_buffer_chunk_data(NULL, p, NULL, &sl));
    assert_int_equal(sl.len, 5);
    assert_memory_equal(sl.p, "hello", 5);
    assert_true(hdr_buffer_sctp(NULL, p, NULL, &sl));
    assert_int_equal(sl.len, sizeof(sctp_pkt)); /* header and every chunk */
    assert_true(detect_buffer_lookup("sctp.chunk_data") >= 0);
    sig_free(sig_ok_proto("sctp", "sctp.chunk_data; content:\"hello\";"));
    p->proto = 17;
    assert_false(m("sctp.chunk_cnt:3;", p));
    assert_false(sctp_buffer_chunk_data(NULL, p, NULL, &sl));
    tu_free(t);
}

/* --- IGMP, ether.hdr --- */

static uint8_t igmp_ver(struct tu_ctx *t, const uint8_t *b, size_t n, uint8_t dst_last)
{
    tu_direct_init(&t->p, 4);
    t->p.dst.b[0] = 224;
    t->p.dst.b[1] = 0;
    t->p.dst.b[2] = 0;
    t->p.dst.b[3] = dst_last;
    decode_igmp(&t->dt, &t->p, cur_make(b, n));
    return t->p.igmp.rgmp ? 0xff : t->p.igmp.version;
}

static void test_igmp_version(void **state)
{
    static const uint8_t v1_query[8] = { 0x11, 0 }, v2_query[8] = { 0x11, 100 };
    static const uint8_t v1_report[8] = { 0x12 }, v2_leave[8] = { 0x17 };
    static const uint8_t v3_query[12] = { 0x11, 100 }, v3_report[8] = { 0x22 };
    static const uint8_t hello[8] = { 0xff }, other[8] = { 0x13 };
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(igmp_ver(t, v1_query, 8, 1), 1);
    assert_int_equal(igmp_ver(t, v2_query, 8, 1), 2);
    assert_int_equal(igmp_ver(t, v1_report, 8, 1), 1);
    assert_int_equal(igmp_ver(t, v2_leave, 8, 2), 2);
    assert_int_equal(igmp_ver(t, v3_query, 12, 1), 3);
    assert_int_equal(igmp_ver(t, v3_report, 8, 22), 3);
    assert_int_equal(igmp_ver(t, hello, 8, 25), 0xff);
    assert_int_equal(igmp_ver(t, hello, 8, 1), 0); /* RGMP only to 224.0.0.25 */
    assert_int_equal(igmp_ver(t, other, 8, 1), 0);
    tu_free(t);
}

static void test_ether_hdr(void **state)
{
    static const uint8_t frame[20] = { [12] = 0x08, [13] = 0x06 };
    struct packet p;
    struct slice sl;

    memset(&p, 0, sizeof(p));
    p.data = frame;
    p.caplen = sizeof(frame);
    p.datalink = 1;
    assert_false(hdr_buffer_ether(NULL, &p, NULL, &sl)); /* not decoded as Ethernet */
    p.flags = PKT_F_HAS_ETH;
    assert_true(hdr_buffer_ether(NULL, &p, NULL, &sl));
    assert_int_equal(sl.len, 14);
    assert_int_equal(sl.p[12], 0x08);
    p.flags |= PKT_F_PSEUDO;
    assert_false(hdr_buffer_ether(NULL, &p, NULL, &sl));
    sig_free(sig_ok_proto("ether", "ether.hdr; content:\"|08 06|\"; offset:12; depth:2;"));
}

/* --- EVE objects --- */

static const char *proto_json(struct json *js, const struct packet *p)
{
    json_reset(js);
    json_open_object(js);
    eve_packet_write_proto(js, p);
    json_close_object(js);
    assert_true(json_ok(js));
    js->buf[js->len] = '\0';
    return js->buf;
}

static void test_eve_proto(void **state)
{
    struct tu_ctx *t = tu_new(false);
    static const uint8_t hello[8] = { 0xff }, v2_report[8] = { 0x16 };
    struct json js;

    json_init(&js, 4096);
    tu_direct_init(&t->p, 4);
    assert_int_equal(decode_sctp(&t->dt, &t->p, cur_make(sctp_pkt, sizeof(sctp_pkt))), VG_OK);
    assert_string_equal(proto_json(&js, &t->p),
            "{\"sctp\":{\"vtag\":16909060,\"chunk_types\":[\"data\",\"sack\",\"abort\"],"
            "\"chunk_cnt\":3,\"has_init\":false,\"has_init_ack\":false,\"has_data\":true,"
            "\"has_abort\":true}}");
    igmp_ver(t, hello, 8, 25);
    assert_string_equal(proto_json(&js, &t->p), "{\"rgmp\":{\"type\":255}}");
    igmp_ver(t, v2_report, 8, 9);
    assert_string_equal(proto_json(&js, &t->p), "{\"igmp\":{\"type\":22,\"version\":2}}");
    t->p.proto = 17;
    assert_string_equal(proto_json(&js, &t->p), "{}");
    json_release(&js);
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tag_parse),
        cmocka_unit_test(test_tag_host_packets),
        cmocka_unit_test(test_tag_session_bytes_seconds),
        cmocka_unit_test(test_tag_bounds),
        cmocka_unit_test(test_sctp_decode),
        cmocka_unit_test(test_sctp_keywords),
        cmocka_unit_test(test_igmp_version),
        cmocka_unit_test(test_ether_hdr),
        cmocka_unit_test(test_eve_proto),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
