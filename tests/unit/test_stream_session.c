/*
 * test_stream_session.c - the TCP session tracker and the stream stage around it: the
 * three-way handshake and its anomalies, sequence wraparound, RST and FIN teardown,
 * midstream pick-up, PAWS, gaps, inline mode, memcaps, raw stream access, configuration.
 *
 * Packets are built by hand on a hand-made flow (no decoder, no flow table): the stream
 * stage only reads the decoded TCP fields, p->flow and p->flow_dir.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf/conf.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "stream/stream-types.h"
#include "stream/stream.h"
#include "util/err.h"
#include "util/stats.h"

#define T0 (1700000000ULL * 1000000ULL)

/* What the consumer saw, per direction. */
struct sink {
    uint8_t data[2][4096];
    uint32_t len[2];
    uint32_t gaps[2];
    unsigned starts[2], eofs[2];
    unsigned calls;
};

static struct sink sink;
/* the next packets carry a TCP fast open option */
static bool opt_tfo;

static void on_data(void *ctx, struct flow *f, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags)
{
    (void)ctx;
    (void)f;
    (void)p;
    assert_true(dir == 0 || dir == 1);
    sink.calls++;
    if (flags & STREAM_DATA_F_START)
        sink.starts[dir]++;
    if (flags & STREAM_DATA_F_EOF)
        sink.eofs[dir]++;
    if (flags & STREAM_DATA_F_GAP) {
        assert_null(data);
        sink.gaps[dir] += len;
        return;
    }
    if (len > 0) {
        assert_true(sink.len[dir] + len <= sizeof(sink.data[dir]));
        memcpy(sink.data[dir] + sink.len[dir], data, len);
        sink.len[dir] += len;
    }
}

struct env {
    struct stream_config cfg;
    struct stream_thread *st;
    struct flow f;
    struct packet p;
};

static void env_start(struct env *e)
{
    struct stream_consumer c = { on_data, NULL };

    memset(&sink, 0, sizeof(sink));
    e->st = stream_thread_new(&e->cfg, 1, &c);
    assert_non_null(e->st);
    memset(&e->f, 0, sizeof(e->f));
    e->f.key.proto = 6;
    e->f.key.ip_ver = 4;
    e->f.key.src.b[0] = 10;
    e->f.key.src.b[3] = 1;
    e->f.key.dst.b[0] = 10;
    e->f.key.dst.b[3] = 2;
    e->f.key.sp = 40000;
    e->f.key.dp = 80;
}

static void env_end(struct env *e)
{
    stream_flow_end(e->st, &e->f);
    assert_null(e->f.tcp_ssn);
    stream_thread_free(e->st);
    stream_config_release(&e->cfg);
}

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));

    assert_non_null(e);
    stream_config_defaults(&e->cfg);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* Sends a packet in direction dir (0: client -> server). */
static struct packet *pkt(
        struct env *e, int dir, uint8_t flags, uint32_t seq, uint32_t ack, const char *data)
{
    struct packet *p = &e->p;

    memset(p, 0, sizeof(*p));
    p->proto = 6;
    p->ip_ver = 4;
    p->src = dir == 0 ? e->f.key.src : e->f.key.dst;
    p->dst = dir == 0 ? e->f.key.dst : e->f.key.src;
    p->sp = dir == 0 ? 40000 : 80;
    p->dp = dir == 0 ? 80 : 40000;
    p->tcp.flags = flags;
    p->tcp.seq = seq;
    p->tcp.ack = ack;
    p->tcp.win = 65535;
    p->tcp.has_tfo = opt_tfo;
    p->payload = (const uint8_t *)data;
    p->payload_len = data != NULL ? (uint32_t)strlen(data) : 0;
    p->ts_usec = T0;
    p->flow = &e->f;
    p->flow_dir = (uint8_t)dir;
    stream_handle_packet(e->st, p);
    return p;
}

static void handshake(struct env *e, uint32_t cisn, uint32_t sisn)
{
    pkt(e, 0, TCP_SYN, cisn, 0, NULL);
    pkt(e, 1, TCP_SYN | TCP_ACK, sisn, cisn + 1, NULL);
    pkt(e, 0, TCP_ACK, cisn + 1, sisn + 1, NULL);
}

static void test_3whs_data_fin(void **state)
{
    struct env *e = *state;

    env_start(e);
    pkt(e, 0, TCP_SYN, 1000, 0, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_SYN_SENT);
    assert_int_equal(e->f.state, FLOW_STATE_NEW);
    assert_true(e->f.flags & FLOW_F_TCP_SESSION);
    pkt(e, 1, TCP_SYN | TCP_ACK, 5000, 1001, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_SYN_RECV);
    pkt(e, 0, TCP_ACK, 1001, 5001, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_ESTABLISHED);
    assert_int_equal(e->f.state, FLOW_STATE_ESTABLISHED);

    pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "GET / HTTP/1.0\r\n\r\n");
    /* IDS mode: not handed on before the server acknowledges it */
    assert_int_equal(sink.len[0], 0);
    pkt(e, 1, TCP_ACK | TCP_PSH, 5001, 1019, "HTTP/1.0 200 OK\r\n\r\n");
    assert_int_equal(sink.len[0], 18);
    assert_memory_equal(sink.data[0], "GET / HTTP/1.0\r\n\r\n", 18);
    assert_int_equal(sink.starts[0], 1);
    assert_int_equal(sink.len[1], 0);
    /* the server closes first */
    pkt(e, 1, TCP_FIN | TCP_ACK, 5020, 1019, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_FIN_WAIT1);
    pkt(e, 0, TCP_ACK, 1019, 5021, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_FIN_WAIT2);
    assert_int_equal(sink.len[1], 19);
    assert_int_equal(sink.eofs[1], 1); /* its FIN was acknowledged */
    pkt(e, 0, TCP_FIN | TCP_ACK, 1019, 5021, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_TIME_WAIT);
    assert_int_equal(e->f.state, FLOW_STATE_CLOSED);
    pkt(e, 1, TCP_ACK, 5021, 1020, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_CLOSED);
    assert_int_equal(sink.eofs[0], 1);
    assert_int_equal(e->p.event_cnt, 0);
    env_end(e);
    assert_int_equal(sink.eofs[0], 1);
    assert_int_equal(sink.eofs[1], 1);
}

static void test_synack_wrong_ack(void **state)
{
    struct env *e = *state;
    struct packet *p;

    env_start(e);
    pkt(e, 0, TCP_SYN, 1000, 0, NULL);
    p = pkt(e, 1, TCP_SYN | TCP_ACK, 5000, 4242, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_3WHS_SYNACK_WITH_WRONG_ACK));
    assert_int_equal(e->f.tcp_state, FLOW_TCP_SYN_SENT);
    p = pkt(e, 0, TCP_SYN | TCP_ACK, 5000, 1001, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_3WHS_SYNACK_IN_WRONG_DIRECTION));
    /* the right SYN/ACK still completes it */
    pkt(e, 1, TCP_SYN | TCP_ACK, 5000, 1001, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_SYN_RECV);
    p = pkt(e, 1, TCP_SYN | TCP_ACK, 5000, 1234, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_3WHS_SYNACK_RESEND_WITH_DIFFERENT_ACK));
    p = pkt(e, 1, TCP_SYN | TCP_ACK, 6000, 1001, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_3WHS_SYNACK_RESEND_WITH_DIFF_SEQ));
    p = pkt(e, 0, TCP_SYN, 7000, 0, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_3WHS_SYN_RESEND_DIFF_SEQ_ON_SYN_RECV));
    p = pkt(e, 0, TCP_ACK, 1001, 9999, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_3WHS_RIGHT_SEQ_WRONG_ACK_EVASION));
    p = pkt(e, 0, TCP_ACK, 3, 9999, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_3WHS_WRONG_SEQ_WRONG_ACK));
    pkt(e, 0, TCP_ACK, 1001, 5001, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_ESTABLISHED);
    p = pkt(e, 0, TCP_SYN, 1000, 0, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_EST_SYN_RESEND));
    p = pkt(e, 1, TCP_SYN | TCP_ACK, 5000, 1001, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_EST_SYNACK_RESEND));
    env_end(e);
}

static void test_4whs(void **state)
{
    struct env *e = *state;
    struct packet *p;

    env_start(e);
    pkt(e, 0, TCP_SYN, 1000, 0, NULL);
    pkt(e, 1, TCP_SYN, 5000, 0, NULL);
    assert_true(e->f.tcp_ssn->flags & TCP_SSN_F_4WHS);
    p = pkt(e, 0, TCP_SYN | TCP_ACK, 1000, 77, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_4WHS_SYNACK_WITH_WRONG_ACK));
    pkt(e, 0, TCP_SYN | TCP_ACK, 1000, 5001, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_SYN_RECV);
    pkt(e, 1, TCP_ACK, 5001, 1001, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_ESTABLISHED);
    env_end(e);
}

static void test_wraparound(void **state)
{
    struct env *e = *state;

    env_start(e);
    /* the client's data crosses 2^32 */
    handshake(e, 0xfffffff0u, 100);
    pkt(e, 0, TCP_ACK, 0xfffffff1u, 101, "0123456789");
    pkt(e, 0, TCP_ACK, 0xfffffffbu, 101, "abcdefghij");
    pkt(e, 0, TCP_ACK, 0x00000005u, 101, "KLMNO");
    pkt(e, 1, TCP_ACK, 101, 0x0000000au, NULL);
    assert_int_equal(sink.len[0], 25);
    assert_memory_equal(sink.data[0], "0123456789abcdefghijKLMNO", 25);
    assert_int_equal(e->p.event_cnt, 0);
    env_end(e);
}

static void test_out_of_order_and_gap(void **state)
{
    struct env *e = *state;

    env_start(e);
    handshake(e, 1000, 5000);
    pkt(e, 0, TCP_ACK, 1011, 5001, "second");
    pkt(e, 0, TCP_ACK, 1001, 5001, "first12345");
    pkt(e, 1, TCP_ACK, 5001, 1017, NULL);
    assert_int_equal(sink.len[0], 16);
    assert_memory_equal(sink.data[0], "first12345second", 16);
    /* 10 bytes never captured, then 4 more; the server acknowledges all of it */
    pkt(e, 0, TCP_ACK, 1027, 5001, "tail");
    pkt(e, 1, TCP_ACK, 5001, 1031, NULL);
    assert_int_equal(sink.gaps[0], 10);
    assert_int_equal(sink.len[0], 20);
    assert_true(pkt_has_event(&e->p, PKT_EVENT_STREAM_REASSEMBLY_SEQ_GAP));
    env_end(e);
}

/* An ACK beyond the data seen is a gap only once data after the hole is handed on too (as
 * Suricata: ACKs are accepted liberally, e.g. for a FIN the capture missed). */
static void test_ack_beyond_data(void **state)
{
    struct env *e = *state;

    env_start(e);
    handshake(e, 1000, 5000);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "abc");
    pkt(e, 1, TCP_ACK, 5001, 1010, NULL);
    assert_int_equal(sink.len[0], 3);
    assert_int_equal(sink.gaps[0], 0);
    assert_false(pkt_has_event(&e->p, PKT_EVENT_STREAM_REASSEMBLY_SEQ_GAP));
    pkt(e, 0, TCP_ACK | TCP_PSH, 1010, 5001, "xyz");
    pkt(e, 1, TCP_ACK, 5001, 1013, NULL);
    assert_int_equal(sink.gaps[0], 6);
    assert_int_equal(sink.len[0], 6);
    assert_memory_equal(sink.data[0], "abcxyz", 6);
    env_end(e);
}

static void test_rst(void **state)
{
    struct env *e = *state;
    struct packet *p;

    env_start(e);
    handshake(e, 1000, 5000);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "unacked");
    /* a RST with a wrong sequence number is not accepted */
    p = pkt(e, 1, TCP_RST | TCP_ACK, 9999, 1008, NULL);
    (void)p;
    assert_int_equal(e->f.tcp_state, FLOW_TCP_ESTABLISHED);
    pkt(e, 1, TCP_RST | TCP_ACK, 5001, 1001, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_CLOSED);
    assert_int_equal(e->f.state, FLOW_STATE_CLOSED);
    /* closed: what was stored is handed on, then EOF */
    assert_int_equal(sink.len[0], 7);
    assert_int_equal(sink.eofs[0], 1);
    assert_int_equal(sink.eofs[1], 1);
    env_end(e);
}

static void test_no_session(void **state)
{
    struct env *e = *state;
    struct packet *p;

    env_start(e);
    p = pkt(e, 0, TCP_RST, 1, 0, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_RST_BUT_NO_SESSION));
    p = pkt(e, 0, TCP_FIN | TCP_ACK, 1, 1, NULL);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_FIN_BUT_NO_SESSION));
    pkt(e, 0, TCP_ACK, 100, 500, "data");
    assert_null(e->f.tcp_ssn);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_NONE);
    assert_int_equal(e->f.tcp_flags, 0);
    env_end(e);
}

static void test_midstream(void **state)
{
    struct env *e = *state;

    e->cfg.midstream = true;
    env_start(e);
    pkt(e, 0, TCP_ACK | TCP_PSH, 100, 500, "hello");
    assert_non_null(e->f.tcp_ssn);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_ESTABLISHED);
    assert_true(e->f.tcp_ssn->flags & TCP_SSN_F_MIDSTREAM);
    pkt(e, 1, TCP_ACK | TCP_PSH, 500, 105, "world!");
    assert_int_equal(sink.len[0], 5);
    pkt(e, 0, TCP_ACK, 105, 506, NULL);
    assert_int_equal(sink.len[1], 6);
    assert_int_equal(e->p.event_cnt, 0);
    env_end(e);
}

static void test_paws(void **state)
{
    struct env *e = *state;
    struct packet *p;

    env_start(e);
    /* both sides use timestamps */
    memset(&e->p, 0, sizeof(e->p));
    pkt(e, 0, TCP_SYN, 1000, 0, NULL); /* no TS: replaced below */
    e->f.tcp_ssn->peer[0].flags |= TCP_PEER_F_TS;
    e->f.tcp_ssn->peer[0].last_ts = 1000;
    e->f.tcp_ssn->peer[0].last_pkt_usec = T0;
    pkt(e, 1, TCP_SYN | TCP_ACK, 5000, 1001, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_SYN_RECV);
    e->f.tcp_ssn->flags |= TCP_SSN_F_TIMESTAMP;
    pkt(e, 0, TCP_ACK, 1001, 5001, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_ESTABLISHED);
    /* an older timestamp than the last one: rejected */
    memset(&e->p, 0, sizeof(e->p));
    p = &e->p;
    p->proto = 6;
    p->tcp.flags = TCP_ACK;
    p->tcp.seq = 1001;
    p->tcp.ack = 5001;
    p->tcp.win = 100;
    p->tcp.has_ts = true;
    p->tcp.ts_val = 500;
    p->payload = (const uint8_t *)"xx";
    p->payload_len = 2;
    p->ts_usec = T0;
    p->flow = &e->f;
    p->flow_dir = 0;
    stream_handle_packet(e->st, p);
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_PKT_INVALID_TIMESTAMP));
    assert_int_equal(e->f.tcp_ssn->peer[0].next_seq, 1001);
    env_end(e);
}

static void test_inline_mode(void **state)
{
    struct env *e = *state;

    e->cfg.inline_mode = true;
    env_start(e);
    handshake(e, 1000, 5000);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "now");
    assert_int_equal(sink.len[0], 3);
    env_end(e);
}

/* Inline: a segment filling a hole makes the data stored after it in order at once (no
 * wait for the next in-order packet or an ACK), for the app layer and raw inspection. */
static void test_inline_hole_filled(void **state)
{
    struct env *e = *state;
    struct reasm_raw r;

    e->cfg.inline_mode = true;
    env_start(e);
    stream_set_raw_inspection(e->st, true);
    handshake(e, 1000, 5000);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1011, 5001, "third");
    pkt(e, 0, TCP_ACK | TCP_PSH, 1006, 5001, "secnd");
    assert_int_equal(sink.len[0], 0);
    assert_int_equal(stream_raw_get_blocks(e->st, &e->f, 0, &r), 0);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "first");
    assert_int_equal(sink.len[0], 15);
    assert_memory_equal(sink.data[0], "firstsecndthird", 15);
    assert_int_equal(sink.gaps[0], 0);
    assert_int_equal(stream_raw_get_blocks(e->st, &e->f, 0, &r), 1);
    assert_int_equal(r.end, 15);
    assert_memory_equal(r.data.p, "firstsecndthird", 15);
    stream_raw_consumed(e->st, &e->f, 0, r.end);
    /* in order again afterwards */
    pkt(e, 0, TCP_ACK | TCP_PSH, 1016, 5001, "4");
    assert_int_equal(sink.len[0], 16);
    env_end(e);
}

/* A RST before the data after a hole was acknowledged: raw inspection still sees that
 * data (a block after the hole), the app layer gets the in-order bytes, and no gap is
 * reported (Suricata's tcp-rst-unacked-stream tests). */
static void test_raw_after_rst_with_hole(void **state)
{
    struct env *e = *state;
    struct reasm_raw r;
    struct stats_set s;

    env_start(e);
    stream_set_raw_inspection(e->st, true);
    handshake(e, 1000, 5000);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "Please ");
    pkt(e, 0, TCP_ACK | TCP_PSH, 1012, 5001, "Me ");
    pkt(e, 0, TCP_ACK | TCP_PSH, 1015, 5001, "In!");
    /* not acknowledged, not ended: nothing to inspect yet */
    assert_int_equal(stream_raw_get_blocks(e->st, &e->f, 0, &r), 0);
    pkt(e, 1, TCP_RST | TCP_ACK, 5001, 1008, NULL);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_CLOSED);
    assert_int_equal(sink.len[0], 7);
    assert_int_equal(sink.gaps[0], 0);
    assert_int_equal(stream_raw_get_blocks(e->st, &e->f, 0, &r), 2);
    assert_int_equal(r.b[0].off, 0);
    assert_int_equal(r.b[0].len, 7);
    assert_int_equal(r.b[1].off, 11);
    assert_int_equal(r.b[1].len, 6);
    assert_memory_equal(r.data.p, "Please Me In!", 13);
    assert_int_equal(r.end, 17);
    stream_raw_consumed(e->st, &e->f, 0, r.end);
    assert_int_equal(stream_raw_get_blocks(e->st, &e->f, 0, &r), 0);
    stats_set_init(&s);
    stream_export_stats(e->st, &s);
    assert_int_equal(stats_get(&s, "tcp.reassembly_gap"), 0);
    stats_set_release(&s);
    env_end(e);
}

static void test_ssn_memcap(void **state)
{
    struct env *e = *state;
    struct stats_set s;

    e->cfg.memcap = 16; /* smaller than one session */
    env_start(e);
    pkt(e, 0, TCP_SYN, 1000, 0, NULL);
    assert_null(e->f.tcp_ssn);
    stats_set_init(&s);
    stream_export_stats(e->st, &s);
    assert_int_equal(stats_get(&s, "tcp.ssn_memcap_drop"), 1);
    assert_int_equal(stats_get(&s, "tcp.sessions"), 0);
    assert_int_equal(stats_get(&s, "tcp.syn"), 1);
    stats_set_release(&s);
    env_end(e);
}

static void test_segment_memcap(void **state)
{
    struct env *e = *state;
    struct stats_set s;

    e->cfg.reassembly_memcap = 8; /* no segment fits */
    env_start(e);
    handshake(e, 1000, 5000);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "dropped");
    pkt(e, 1, TCP_ACK, 5001, 1008, NULL);
    /* tracking goes on, reassembly stops: EOF, no bytes, no gap */
    assert_int_equal(e->f.tcp_state, FLOW_TCP_ESTABLISHED);
    assert_true(e->f.tcp_ssn->flags & TCP_SSN_F_NOREASM);
    assert_int_equal(sink.len[0], 0);
    assert_int_equal(sink.gaps[0], 0);
    assert_int_equal(sink.eofs[0], 1);
    stats_set_init(&s);
    stream_export_stats(e->st, &s);
    assert_true(stats_get(&s, "tcp.segment_memcap_drop") >= 1);
    stats_set_release(&s);
    env_end(e);
}

static void test_depth(void **state)
{
    struct env *e = *state;
    struct packet *p;

    e->cfg.reassembly_depth = 4;
    env_start(e);
    handshake(e, 1000, 5000);
    p = pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "abcdefgh");
    assert_true(pkt_has_event(p, PKT_EVENT_STREAM_REASSEMBLY_DEPTH_REACHED));
    p = pkt(e, 0, TCP_ACK | TCP_PSH, 1009, 5001, "ijkl");
    assert_false(pkt_has_event(p, PKT_EVENT_STREAM_REASSEMBLY_DEPTH_REACHED));
    pkt(e, 1, TCP_ACK, 5001, 1013, NULL);
    assert_int_equal(sink.len[0], 4);
    assert_memory_equal(sink.data[0], "abcd", 4);
    assert_int_equal(sink.eofs[0], 1);
    env_end(e);
}

static void test_fast_open(void **state)
{
    struct env *e = *state;

    env_start(e);
    /* the SYN carries 4 bytes with the TFO option: they start at ISN + 1 */
    opt_tfo = true;
    pkt(e, 0, TCP_SYN, 1000, 0, "GET ");
    opt_tfo = false;
    assert_true(e->f.tcp_ssn->flags & TCP_SSN_F_TFO_PENDING);
    pkt(e, 1, TCP_SYN | TCP_ACK, 5000, 1005, NULL);
    assert_true(e->f.tcp_ssn->flags & TCP_SSN_F_FAST_OPEN);
    assert_int_equal(e->f.tcp_state, FLOW_TCP_SYN_RECV);
    assert_int_equal(sink.len[0], 4);
    assert_memory_equal(sink.data[0], "GET ", 4);
    assert_int_equal(sink.gaps[0], 0);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1005, 5001, "/x");
    assert_int_equal(e->f.tcp_state, FLOW_TCP_ESTABLISHED);
    pkt(e, 1, TCP_ACK, 5001, 1007, NULL);
    assert_int_equal(sink.len[0], 6);
    assert_memory_equal(sink.data[0], "GET /x", 6);
    env_end(e);
}

/* SYN data without the TFO option is not stream data (Suricata): not stored, the
 * detection engine inspects it on the packet. */
static void test_syn_data_no_tfo(void **state)
{
    struct env *e = *state;

    env_start(e);
    pkt(e, 0, TCP_SYN, 1000, 0, "junk");
    assert_false(e->f.tcp_ssn->flags & TCP_SSN_F_TFO_PENDING);
    assert_int_equal(e->f.tcp_ssn->peer[0].next_seq, 1001);
    pkt(e, 1, TCP_SYN | TCP_ACK, 5000, 1001, NULL);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "data");
    pkt(e, 1, TCP_ACK, 5001, 1005, NULL);
    assert_int_equal(sink.len[0], 4);
    assert_memory_equal(sink.data[0], "data", 4);
    env_end(e);
}

static void test_raw_window(void **state)
{
    struct env *e = *state;
    struct slice out;
    uint64_t off;

    env_start(e);
    handshake(e, 1000, 5000);
    pkt(e, 0, TCP_ACK | TCP_PSH, 1001, 5001, "abcdef");
    assert_false(stream_raw_get(e->st, &e->f, 0, &out, &off)); /* not acknowledged yet */
    pkt(e, 1, TCP_ACK, 5001, 1007, NULL);
    assert_true(stream_raw_get(e->st, &e->f, 0, &out, &off));
    assert_int_equal(off, 0);
    assert_int_equal(out.len, 6);
    assert_memory_equal(out.p, "abcdef", 6);
    stream_raw_consumed(e->st, &e->f, 0, off + out.len);
    assert_false(stream_raw_get(e->st, &e->f, 0, &out, &off));
    env_end(e);
}

static void test_events_and_counters(void **state)
{
    struct env *e = *state;
    struct stats_set s;

    env_start(e);
    pkt(e, 0, TCP_SYN, 1000, 0, NULL);
    pkt(e, 1, TCP_SYN | TCP_ACK, 5000, 4242, NULL);
    stats_set_init(&s);
    stream_export_stats(e->st, &s);
    assert_int_equal(stats_get(&s, "tcp.sessions"), 1);
    assert_int_equal(stats_get(&s, "tcp.synack"), 1);
    assert_int_equal(stats_get(&s, "stream.3whs_synack_with_wrong_ack"), 1);
    stats_set_release(&s);
    /* names as stream-event: rules and anomaly records use them */
    assert_string_equal(
            pkt_event_name(PKT_EVENT_STREAM_PKT_INVALID_TIMESTAMP), "stream.pkt_invalid_timestamp");
    assert_int_equal(pkt_event_lookup("3whs_synack_with_wrong_ack"),
            PKT_EVENT_STREAM_3WHS_SYNACK_WITH_WRONG_ACK);
    env_end(e);
}

static void test_config(void **state)
{
    static const char yaml[] = "stream:\n"
                               "  memcap: 32mb\n"
                               "  midstream: true\n"
                               "  inline: auto\n"
                               "  reassembly:\n"
                               "    depth: 4kb\n"
                               "host-os-policy:\n"
                               "  windows: [0.0.0.0/0]\n"
                               "  linux: [10.0.0.0/8, \"10.1.2.3\"]\n"
                               "  solaris: [\"::1\"]\n";
    struct stream_config cfg;
    struct conf c;

    (void)state;
    assert_int_equal(conf_load_string(&c, yaml, sizeof(yaml) - 1, "test"), VG_OK);
    assert_int_equal(stream_config_load(&cfg, &c), VG_OK);
    assert_int_equal(cfg.memcap, 32u << 20);
    assert_int_equal(cfg.reassembly_depth, 4096);
    assert_true(cfg.midstream);
    assert_false(cfg.inline_mode);
    assert_int_equal(cfg.n_policies, 4);
    /* longest prefix first */
    assert_int_equal(cfg.policies[0].prefix, 128);
    assert_int_equal(cfg.policies[1].prefix, 32);
    assert_int_equal(cfg.policies[1].policy, STREAM_POLICY_LINUX);
    assert_int_equal(cfg.policies[3].policy, STREAM_POLICY_WINDOWS);
    stream_config_release(&cfg);
    conf_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_3whs_data_fin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_synack_wrong_ack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_4whs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wraparound, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_order_and_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ack_beyond_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rst, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_midstream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paws, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inline_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inline_hole_filled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raw_after_rst_with_hole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ssn_memcap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_segment_memcap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fast_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syn_data_no_tfo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raw_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_and_counters, setup, teardown),
        cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
