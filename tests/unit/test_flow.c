/*
 * test_flow.c - the flow table: states, counters, timeouts per state, TCP flows (with the
 * stream stage, which tracks their sessions), memcap and emergency mode, shutdown,
 * configuration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "flow/flow.h"
#include "stream/stream.h"
#include "util/err.h"

#define SEC 1000000ULL
#define T0  (1700000000ULL * SEC)

struct ended {
    struct flow f;
    enum flow_end_reason reason;
    uint64_t now;
};

static struct ended ended[4096];
static size_t n_ended;
static uint8_t l4_dummy[64];

static void on_end(void *ctx, struct flow *f, enum flow_end_reason reason, uint64_t now)
{
    (void)ctx;
    if (n_ended < sizeof(ended) / sizeof(ended[0])) {
        ended[n_ended].f = *f;
        ended[n_ended].reason = reason;
        ended[n_ended].now = now;
    }
    n_ended++;
}

static struct vg_addr v4(uint32_t a)
{
    struct vg_addr x;
    memset(&x, 0, sizeof(x));
    x.b[0] = (uint8_t)(a >> 24);
    x.b[1] = (uint8_t)(a >> 16);
    x.b[2] = (uint8_t)(a >> 8);
    x.b[3] = (uint8_t)a;
    return x;
}

#define CLI 0x0a000001u
#define SRV 0x0a000002u

static void mk(struct packet *p, uint8_t proto, uint32_t s, uint32_t d, uint16_t sp, uint16_t dp,
        uint64_t ts, uint32_t len)
{
    memset(p, 0, sizeof(*p));
    p->ip_ver = 4;
    p->proto = proto;
    p->src = v4(s);
    p->dst = v4(d);
    p->sp = sp;
    p->dp = dp;
    p->l4 = l4_dummy;
    p->l4_len = sizeof(l4_dummy);
    p->ts_usec = ts;
    p->caplen = len;
}

static struct flow *feed(struct flow_table *t, struct packet *p)
{
    return flow_handle_packet(t, p, p->ts_usec);
}

/* The stream stage tracks TCP sessions: TCP packets go through it as in the worker. */
static struct stream_config scfg;
static struct stream_thread *st;

static void on_release(void *ctx, struct flow *f)
{
    (void)ctx;
    stream_flow_free(st, f);
}

static struct flow_table *tcp_table(const struct flow_config *cfg)
{
    struct flow_table *t = flow_table_new(cfg, 1, on_end, NULL);

    stream_thread_free(st);
    stream_config_defaults(&scfg);
    scfg.midstream = cfg->tcp_midstream;
    st = stream_thread_new(&scfg, 1, NULL);
    flow_table_set_release(t, on_release, NULL);
    return t;
}

static struct flow *tcp(
        struct flow_table *t, bool from_cli, uint8_t flags, uint32_t seq, uint32_t ack, uint64_t ts)
{
    struct packet p;
    struct flow *f;

    if (from_cli)
        mk(&p, 6, CLI, SRV, 40000, 80, ts, 60);
    else
        mk(&p, 6, SRV, CLI, 80, 40000, ts, 60);
    p.tcp.flags = flags;
    p.tcp.seq = seq;
    p.tcp.ack = ack;
    p.tcp.win = 1000;
    f = feed(t, &p);
    if (f != NULL && st != NULL)
        stream_handle_packet(st, &p);
    return f;
}

static int teardown_group(void **state)
{
    (void)state;
    stream_thread_free(st);
    st = NULL;
    return 0;
}

static int setup(void **state)
{
    (void)state;
    n_ended = 0;
    stream_thread_free(st);
    st = NULL;
    return 0;
}

static void test_sizeof(void **state)
{
    (void)state;
    printf("sizeof(struct flow) = %zu\n", sizeof(struct flow));
    assert_true(sizeof(struct flow) <= 256);
}

static void test_udp_established_and_counters(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct packet p;
    struct flow *f;
    struct stats_set s;

    (void)state;
    flow_config_defaults(&cfg);
    t = flow_table_new(&cfg, 1, on_end, NULL);
    assert_non_null(t);
    mk(&p, 17, CLI, SRV, 1234, 53, T0, 100);
    f = feed(t, &p);
    assert_non_null(f);
    assert_ptr_equal(p.flow, f);
    assert_int_equal(p.flow_dir, FLOW_DIR_TOSERVER);
    assert_int_equal(f->state, FLOW_STATE_NEW);
    mk(&p, 17, SRV, CLI, 53, 1234, T0 + SEC / 2, 200);
    assert_ptr_equal(feed(t, &p), f);
    assert_int_equal(p.flow_dir, FLOW_DIR_TOCLIENT);
    assert_int_equal(f->state, FLOW_STATE_ESTABLISHED);
    mk(&p, 17, CLI, SRV, 1234, 53, T0 + 3 * SEC, 50);
    assert_ptr_equal(feed(t, &p), f);
    assert_int_equal(f->pkts[0], 2);
    assert_int_equal(f->pkts[1], 1);
    assert_int_equal(f->bytes[0], 150);
    assert_int_equal(f->bytes[1], 200);
    assert_int_equal(f->start_usec, T0);
    assert_int_equal(f->last_usec, T0 + 3 * SEC);
    assert_memory_equal(f->key.src.b, v4(CLI).b, 4);

    flow_table_shutdown(t, T0 + 4 * SEC);
    assert_int_equal(n_ended, 1);
    assert_int_equal(ended[0].reason, FLOW_END_SHUTDOWN);
    assert_int_equal(ended[0].f.state, FLOW_STATE_ESTABLISHED);
    assert_int_equal(flow_table_active(t), 0);

    stats_set_init(&s);
    flow_table_export_stats(t, &s);
    assert_int_equal(stats_get(&s, "flow.total"), 1);
    assert_int_equal(stats_get(&s, "flow.udp"), 1);
    assert_int_equal(stats_get(&s, "flow.tcp"), 0);
    assert_int_equal(stats_get(&s, "flow.end.state.established"), 1);
    stats_set_release(&s);
    flow_table_free(t);
}

static void test_timeouts_per_state(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct packet p;

    (void)state;
    flow_config_defaults(&cfg);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_UDP, FLOW_STATE_NEW, false), 30);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_TCP, FLOW_STATE_ESTABLISHED, false), 300);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_TCP, FLOW_STATE_CLOSED, false), 10);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_TCP, FLOW_STATE_NEW, true), 10);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_TCP, FLOW_STATE_CLOSED, true), 5);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_ICMP, FLOW_STATE_ESTABLISHED, true), 100);
    t = flow_table_new(&cfg, 1, on_end, NULL);

    /* A: one-way UDP (new, 30 s). B: two-way UDP (established, 300 s). */
    mk(&p, 17, CLI, SRV, 1000, 53, T0, 80);
    feed(t, &p);
    mk(&p, 17, CLI, SRV, 2000, 53, T0, 80);
    feed(t, &p);
    mk(&p, 17, SRV, CLI, 53, 2000, T0, 80);
    feed(t, &p);

    flow_table_timeout(t, T0 + 30 * SEC);
    assert_int_equal(n_ended, 0);
    flow_table_timeout(t, T0 + 31 * SEC);
    assert_int_equal(n_ended, 1);
    assert_int_equal(ended[0].reason, FLOW_END_TIMEOUT);
    assert_int_equal(ended[0].f.key.sp, 1000);
    assert_int_equal(ended[0].now, T0 + 31 * SEC);
    flow_table_timeout(t, T0 + 300 * SEC);
    assert_int_equal(n_ended, 1);
    flow_table_timeout(t, T0 + 301 * SEC);
    assert_int_equal(n_ended, 2);
    assert_int_equal(ended[1].f.key.sp, 2000);
    assert_int_equal(ended[1].f.state, FLOW_STATE_ESTABLISHED);

    /* A packet after the timeout, before any tick: old flow ends, a new one starts. */
    mk(&p, 17, CLI, SRV, 3000, 53, T0 + 400 * SEC, 80);
    feed(t, &p);
    mk(&p, 17, CLI, SRV, 3000, 53, T0 + 440 * SEC, 80);
    assert_non_null(feed(t, &p));
    assert_int_equal(n_ended, 3);
    assert_int_equal(ended[2].reason, FLOW_END_TIMEOUT);
    assert_int_equal(ended[2].now, T0 + 440 * SEC);
    assert_int_equal(flow_table_active(t), 1);
    flow_table_free(t);
}

/* A packet stamped in the past (bug-1450's pcap has one from 1994 amid 2015) is counted but
 * does not move the flow's last-seen time back: the next packet finds the flow alive. */
static void test_packet_from_the_past(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct packet p;
    struct flow *f;

    (void)state;
    flow_config_defaults(&cfg);
    t = flow_table_new(&cfg, 1, on_end, NULL);
    mk(&p, 17, CLI, SRV, 1234, 53, T0, 100);
    f = feed(t, &p);
    assert_non_null(f);
    mk(&p, 17, SRV, CLI, 53, 1234, T0 - 1000 * SEC, 100);
    assert_ptr_equal(feed(t, &p), f);
    assert_int_equal(f->last_usec, T0);
    mk(&p, 17, CLI, SRV, 1234, 53, T0 + SEC, 100);
    assert_ptr_equal(feed(t, &p), f);
    assert_int_equal(n_ended, 0);
    assert_int_equal(f->pkts[0] + f->pkts[1], 3);
    flow_table_free(t);
}

static void test_timeouts_config(void **state)
{
    static const char yaml[] = "flow:\n"
                               "  memcap: 1mb\n"
                               "  hash-size: 1024\n"
                               "  prealloc: 100\n"
                               "flow-timeouts:\n"
                               "  udp:\n"
                               "    new: 5\n"
                               "    emergency-established: 7\n"
                               "vlan:\n"
                               "  use-for-tracking: false\n";
    struct flow_config cfg;
    struct conf c;

    (void)state;
    assert_int_equal(conf_load_string(&c, yaml, sizeof(yaml) - 1, "test"), VG_OK);
    assert_int_equal(flow_config_load(&cfg, &c), VG_OK);
    assert_int_equal(cfg.memcap, 1024 * 1024);
    assert_int_equal(cfg.hash_size, 1024);
    assert_int_equal(cfg.prealloc, 100);
    assert_false(cfg.vlan_tracking);
    assert_true(cfg.recursion_tracking);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_UDP, FLOW_STATE_NEW, false), 5);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_UDP, FLOW_STATE_ESTABLISHED, false), 300);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_UDP, FLOW_STATE_ESTABLISHED, true), 7);
    assert_int_equal(flow_timeout_sec(&cfg, FLOW_PROTO_TCP, FLOW_STATE_NEW, false), 30);
    conf_release(&c);
}

static void test_tcp_handshake_and_close(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct flow *f;

    (void)state;
    flow_config_defaults(&cfg);
    t = tcp_table(&cfg);
    f = tcp(t, true, TCP_SYN, 100, 0, T0);
    assert_int_equal(f->tcp_state, FLOW_TCP_SYN_SENT);
    assert_int_equal(f->state, FLOW_STATE_NEW);
    tcp(t, false, TCP_SYN | TCP_ACK, 500, 101, T0 + 1);
    assert_int_equal(f->tcp_state, FLOW_TCP_SYN_RECV);
    tcp(t, true, TCP_ACK, 101, 501, T0 + 2);
    assert_int_equal(f->tcp_state, FLOW_TCP_ESTABLISHED);
    assert_int_equal(f->state, FLOW_STATE_ESTABLISHED);
    tcp(t, true, TCP_ACK | TCP_PSH, 101, 501, T0 + 3);
    /* client closes first */
    tcp(t, true, TCP_FIN | TCP_ACK, 101, 501, T0 + 4);
    assert_int_equal(f->tcp_state, FLOW_TCP_CLOSE_WAIT);
    assert_int_equal(f->state, FLOW_STATE_ESTABLISHED);
    tcp(t, false, TCP_FIN | TCP_ACK, 501, 102, T0 + 5);
    assert_int_equal(f->tcp_state, FLOW_TCP_LAST_ACK);
    assert_int_equal(f->state, FLOW_STATE_CLOSED);
    tcp(t, true, TCP_ACK, 102, 502, T0 + 6);
    assert_int_equal(f->tcp_state, FLOW_TCP_CLOSED);
    assert_int_equal(f->tcp_flags, 0x1b);
    assert_int_equal(f->tcp_flags_ts, 0x1b);
    assert_int_equal(f->tcp_flags_tc, 0x13);

    /* closed: 10 s */
    flow_table_timeout(t, T0 + 10 * SEC);
    assert_int_equal(n_ended, 0);
    flow_table_timeout(t, T0 + 11 * SEC);
    assert_int_equal(n_ended, 1);
    assert_int_equal(ended[0].f.state, FLOW_STATE_CLOSED);
    flow_table_free(t);
}

static void test_tcp_server_closes_and_rst(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct flow *f;

    (void)state;
    flow_config_defaults(&cfg);
    t = tcp_table(&cfg);
    f = tcp(t, true, TCP_SYN, 100, 0, T0);
    tcp(t, false, TCP_SYN | TCP_ACK, 500, 101, T0 + 1);
    tcp(t, true, TCP_ACK, 101, 501, T0 + 2);
    tcp(t, false, TCP_FIN | TCP_ACK, 501, 101, T0 + 3);
    assert_int_equal(f->tcp_state, FLOW_TCP_FIN_WAIT1);
    tcp(t, true, TCP_ACK, 101, 502, T0 + 4);
    assert_int_equal(f->tcp_state, FLOW_TCP_FIN_WAIT2);
    tcp(t, true, TCP_FIN | TCP_ACK, 101, 502, T0 + 5);
    assert_int_equal(f->tcp_state, FLOW_TCP_TIME_WAIT);
    tcp(t, false, TCP_ACK, 502, 102, T0 + 6);
    assert_int_equal(f->tcp_state, FLOW_TCP_CLOSED);

    /* a new SYN on the closed session: tcp reuse, a new flow */
    f = tcp(t, true, TCP_SYN, 9000, 0, T0 + 7);
    assert_int_equal(n_ended, 1);
    assert_int_equal(ended[0].reason, FLOW_END_TCP_REUSE);
    assert_int_equal(f->tcp_state, FLOW_TCP_SYN_SENT);
    tcp(t, false, TCP_RST | TCP_ACK, 0, 9001, T0 + 8);
    assert_int_equal(f->tcp_state, FLOW_TCP_CLOSED);
    assert_int_equal(f->state, FLOW_STATE_CLOSED);
    flow_table_free(t);
}

static void test_tcp_midstream(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct flow *f;

    (void)state;
    flow_config_defaults(&cfg);
    t = tcp_table(&cfg);
    /* no SYN seen, midstream off: no session, flags stay 0, state stays new */
    f = tcp(t, true, TCP_ACK | TCP_PSH, 100, 500, T0);
    tcp(t, false, TCP_ACK, 500, 110, T0 + 1);
    assert_false(f->flags & FLOW_F_TCP_SESSION);
    assert_int_equal(f->tcp_flags, 0);
    assert_int_equal(f->state, FLOW_STATE_NEW);
    flow_table_free(t);

    cfg.tcp_midstream = true;
    t = tcp_table(&cfg);
    f = tcp(t, true, TCP_ACK | TCP_PSH, 100, 500, T0);
    assert_true(f->flags & FLOW_F_TCP_SESSION);
    assert_int_equal(f->tcp_state, FLOW_TCP_ESTABLISHED);
    assert_int_equal(f->state, FLOW_STATE_ESTABLISHED);
    /* a SYN/ACK first: its sender is the server */
    f = tcp(t, false, TCP_SYN | TCP_ACK, 7000, 1, T0 + 1);
    assert_non_null(f);
    assert_int_equal(f->key.sp, 40000);
    assert_int_equal(f->key.dp, 80);
    flow_table_free(t);
}

static void test_icmp_flow(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct packet p;
    struct flow *f;

    (void)state;
    flow_config_defaults(&cfg);
    t = flow_table_new(&cfg, 1, on_end, NULL);
    mk(&p, 1, CLI, SRV, 0, 0, T0, 98);
    p.icmp.type = 8;
    f = feed(t, &p);
    assert_non_null(f);
    mk(&p, 1, SRV, CLI, 0, 0, T0 + 1, 98);
    p.icmp.type = 0;
    assert_ptr_equal(feed(t, &p), f);
    assert_int_equal(p.flow_dir, FLOW_DIR_TOCLIENT);
    assert_int_equal(f->state, FLOW_STATE_ESTABLISHED);
    assert_int_equal(f->icmp_s_type, 8);
    assert_int_equal(f->icmp_d_type, 0);

    /* port unreachable about a UDP flow goes to that flow, without establishing it */
    mk(&p, 17, CLI, SRV, 5000, 69, T0 + 2, 60);
    f = feed(t, &p);
    mk(&p, 1, SRV, CLI, 0, 0, T0 + 3, 90);
    p.icmp.type = 3;
    p.icmp.code = 3;
    p.icmp.has_inner = true;
    p.icmp.inner_proto = 17;
    p.icmp.inner_src = v4(CLI);
    p.icmp.inner_dst = v4(SRV);
    p.icmp.inner_sp = 5000;
    p.icmp.inner_dp = 69;
    assert_ptr_equal(feed(t, &p), f);
    assert_int_equal(f->pkts[FLOW_DIR_TOCLIENT], 1);
    assert_int_equal(f->state, FLOW_STATE_NEW);
    /* ... and never creates one */
    p.icmp.inner_sp = 5001;
    assert_null(feed(t, &p));
    assert_int_equal(flow_table_active(t), 2);
    flow_table_free(t);
}

static void test_memcap_emergency(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct packet p;
    struct stats_set s;
    uint32_t i;
    uint64_t forced = 0, emerg = 0;

    (void)state;
    flow_config_defaults(&cfg);
    cfg.hash_size = 64;
    cfg.prealloc = 256;
    /* room for the hash and about two chunks of flows */
    cfg.memcap = 64 * sizeof(void *) + 600 * sizeof(struct flow);
    t = flow_table_new(&cfg, 1, on_end, NULL);
    assert_non_null(t);
    for (i = 0; i < 2000; i++) {
        mk(&p, 17, CLI, SRV, (uint16_t)(1024 + i), 53, T0 + i * 1000, 80);
        assert_non_null(feed(t, &p));
    }
    assert_true(flow_table_is_emergency(t));
    assert_true(flow_table_active(t) <= 600);
    for (i = 0; i < n_ended && i < 4096; i++) {
        forced += ended[i].reason == FLOW_END_FORCED;
        emerg += (ended[i].f.flags & FLOW_F_EMERGENCY) != 0;
    }
    assert_int_equal(forced, n_ended);
    assert_int_equal(emerg, n_ended);
    assert_int_equal(n_ended + flow_table_active(t), 2000);
    /* the evicted ones are the oldest */
    assert_int_equal(ended[0].f.key.sp, 1024);

    /* emergency timeouts (udp new: 10 s) free everything, then recovery */
    flow_table_timeout(t, T0 + 20 * SEC);
    assert_int_equal(flow_table_active(t), 0);
    assert_false(flow_table_is_emergency(t));

    stats_set_init(&s);
    flow_table_export_stats(t, &s);
    assert_true(stats_get(&s, "flow.memcap") > 0);
    assert_int_equal(stats_get(&s, "flow.emerg_mode_entered"), 1);
    assert_int_equal(stats_get(&s, "flow.emerg_mode_over"), 1);
    assert_int_equal(stats_get(&s, "flow.get_used"), forced);
    assert_int_equal(stats_get(&s, "flow.total"), 2000);
    assert_true(stats_get(&s, "flow.memuse") <= cfg.memcap + sizeof(struct flow) * 256 + 4096);
    stats_set_release(&s);
    flow_table_free(t);
}

static void test_tiny_memcap_never_fails(void **state)
{
    struct flow_config cfg;
    struct flow_table *t;
    struct packet p;
    uint32_t i;

    (void)state;
    flow_config_defaults(&cfg);
    cfg.memcap = 1;
    cfg.hash_size = 16;
    t = flow_table_new(&cfg, 4, on_end, NULL);
    assert_non_null(t);
    for (i = 0; i < 1000; i++) {
        mk(&p, 6, CLI + i, SRV, 1, 2, T0, 60);
        p.tcp.flags = TCP_SYN;
        assert_non_null(feed(t, &p));
    }
    flow_table_shutdown(t, T0);
    assert_int_equal(n_ended, 1000);
    flow_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_sizeof, setup),
        cmocka_unit_test_setup(test_udp_established_and_counters, setup),
        cmocka_unit_test_setup(test_timeouts_per_state, setup),
        cmocka_unit_test_setup(test_timeouts_config, setup),
        cmocka_unit_test_setup(test_packet_from_the_past, setup),
        cmocka_unit_test_setup(test_tcp_handshake_and_close, setup),
        cmocka_unit_test_setup(test_tcp_server_closes_and_rst, setup),
        cmocka_unit_test_setup(test_tcp_midstream, setup),
        cmocka_unit_test_setup(test_icmp_flow, setup),
        cmocka_unit_test_setup(test_memcap_emergency, setup),
        cmocka_unit_test_setup(test_tiny_memcap_never_fails, setup),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_group);
}
