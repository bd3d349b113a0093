/*
 * test_worker.c - the SPSC ring, and the worker pool end to end: hand-made Ethernet/IPv4
 * packets (UDP, TCP, ICMP) go through worker_pool with 1, 2 and 3 workers; the EVE flow
 * records (sorted) and the flow counters must be identical whatever the worker count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include "conf/conf.h"
#include "util/err.h"
#include "util/ring.h"
#include "util/stats.h"
#include "worker/worker.h"

/* ---- ring ---- */

static void test_ring_basic(void **state)
{
    struct ring r;
    uint64_t v;
    uint64_t i;

    (void)state;
    assert_int_equal(ring_init(&r, 5, sizeof(uint64_t)), VG_OK);
    assert_int_equal(r.cap, 8);
    assert_false(ring_pop(&r, &v));
    for (i = 0; i < 8; i++)
        assert_true(ring_push(&r, &i));
    assert_false(ring_push(&r, &i));
    assert_int_equal(ring_count(&r), 8);
    for (i = 0; i < 8; i++) {
        assert_true(ring_pop(&r, &v));
        assert_int_equal(v, i);
    }
    assert_false(ring_pop(&r, &v));
    /* wrap around many times */
    for (i = 0; i < 1000; i++) {
        assert_true(ring_push(&r, &i));
        assert_true(ring_pop(&r, &v));
        assert_int_equal(v, i);
    }
    ring_release(&r);
    assert_int_equal(ring_init(&r, 0, 8), VG_EINVAL);
}

#define RING_STRESS_N 100000ULL

static void *ring_producer(void *arg)
{
    struct ring *r = arg;
    uint64_t i;

    for (i = 1; i <= RING_STRESS_N; i++) {
        while (!ring_push(r, &i))
            sched_yield();
    }
    return NULL;
}

static void test_ring_threads(void **state)
{
    struct ring r;
    pthread_t th;
    uint64_t v, want = 1, sum = 0;

    (void)state;
    assert_int_equal(ring_init(&r, 64, sizeof(uint64_t)), VG_OK);
    assert_int_equal(pthread_create(&th, NULL, ring_producer, &r), 0);
    while (want <= RING_STRESS_N) {
        if (!ring_pop(&r, &v)) {
            sched_yield();
            continue;
        }
        assert_int_equal(v, want);
        sum += v;
        want++;
    }
    pthread_join(th, NULL);
    assert_int_equal(sum, RING_STRESS_N * (RING_STRESS_N + 1) / 2);
    ring_release(&r);
}

/* ---- packets ---- */

#define SEC 1000000ULL
#define T0  (1700000000ULL * SEC)

struct raw {
    uint8_t b[128];
    uint32_t len;
    uint64_t ts;
};

static struct raw trace[2048];
static size_t trace_len;

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t acc)
{
    size_t i;

    for (i = 0; i + 1 < n; i += 2)
        acc += (uint32_t)((p[i] << 8) | p[i + 1]);
    if (n & 1)
        acc += (uint32_t)(p[n - 1] << 8);
    return acc;
}

static uint16_t fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xffff) + (acc >> 16);
    return (uint16_t)~acc;
}

/* Ethernet + IPv4 + L4 (l4 bytes already laid out at b + 34, l4len long). */
static void finish_ip(struct raw *r, uint32_t src, uint32_t dst, uint8_t proto, uint32_t l4len)
{
    uint8_t *eth = r->b, *ip = r->b + 14, *l4 = r->b + 34;
    uint32_t acc;
    uint16_t csum;
    int csum_off = proto == 6 ? 16 : proto == 17 ? 6 : 2;

    memcpy(eth, "\x00\x11\x22\x33\x44\x55\x00\x66\x77\x88\x99\xaa\x08\x00", 14);
    memset(ip, 0, 20);
    ip[0] = 0x45;
    put16(ip + 2, (uint16_t)(20 + l4len));
    put16(ip + 4, 1);
    ip[8] = 64;
    ip[9] = proto;
    put32(ip + 12, src);
    put32(ip + 16, dst);
    put16(ip + 10, fold(sum16(ip, 20, 0)));
    l4[csum_off] = l4[csum_off + 1] = 0;
    if (proto == 1) {
        acc = sum16(l4, l4len, 0);
    } else {
        acc = sum16(ip + 12, 8, 0) + proto + l4len;
        acc = sum16(l4, l4len, acc);
    }
    csum = fold(acc);
    if (proto == 17 && csum == 0)
        csum = 0xffff;
    put16(l4 + csum_off, csum);
    r->len = 34 + l4len;
}

static void add_udp(
        uint32_t src, uint32_t dst, uint16_t sp, uint16_t dp, uint64_t ts, uint32_t payload)
{
    struct raw *r = &trace[trace_len++];
    uint8_t *u = r->b + 34;

    memset(r, 0, sizeof(*r));
    put16(u, sp);
    put16(u + 2, dp);
    put16(u + 4, (uint16_t)(8 + payload));
    memset(u + 8, 'a', payload);
    finish_ip(r, src, dst, 17, 8 + payload);
    r->ts = ts;
}

static void add_tcp(uint32_t src, uint32_t dst, uint16_t sp, uint16_t dp, uint8_t flags,
        uint32_t seq, uint32_t ack, uint64_t ts, uint32_t payload)
{
    struct raw *r = &trace[trace_len++];
    uint8_t *t = r->b + 34;

    memset(r, 0, sizeof(*r));
    put16(t, sp);
    put16(t + 2, dp);
    put32(t + 4, seq);
    put32(t + 8, ack);
    t[12] = 5 << 4;
    t[13] = flags;
    put16(t + 14, 65535);
    memset(t + 20, 'b', payload);
    finish_ip(r, src, dst, 6, 20 + payload);
    r->ts = ts;
}

static void add_icmp(uint32_t src, uint32_t dst, uint8_t type, uint16_t seq, uint64_t ts)
{
    struct raw *r = &trace[trace_len++];
    uint8_t *c = r->b + 34;

    memset(r, 0, sizeof(*r));
    c[0] = type;
    put16(c + 4, 0x4242);
    put16(c + 6, seq);
    memset(c + 8, 'c', 32);
    finish_ip(r, src, dst, 1, 40);
    r->ts = ts;
}

#define SRV 0xc0a80001u /* 192.168.0.1 */

static void build_trace(void)
{
    uint32_t i, cli;
    uint64_t ts = T0;

    trace_len = 0;
    for (i = 0; i < 40; i++) {
        cli = 0x0a000000u + i * 37 + 1;
        add_udp(cli, SRV, (uint16_t)(20000 + i), 53, ts, 30);
        ts += 50000;
        if (i % 4 != 0) /* every fourth query gets no answer: stays "new" */
            add_udp(SRV, cli, 53, (uint16_t)(20000 + i), ts, 60);
        ts += 50000;
    }
    for (i = 0; i < 12; i++) {
        uint16_t sp = (uint16_t)(30000 + i);
        cli = 0x0a010000u + i * 11 + 1;
        add_tcp(cli, SRV, sp, 80, 0x02, 1000, 0, ts, 0);
        add_tcp(SRV, cli, 80, sp, 0x12, 5000, 1001, ts + 1000, 0);
        add_tcp(cli, SRV, sp, 80, 0x10, 1001, 5001, ts + 2000, 0);
        add_tcp(cli, SRV, sp, 80, 0x18, 1001, 5001, ts + 3000, 10);
        if (i % 3 != 0) {
            add_tcp(cli, SRV, sp, 80, 0x11, 1011, 5001, ts + 4000, 0);
            add_tcp(SRV, cli, 80, sp, 0x11, 5001, 1012, ts + 5000, 0);
            add_tcp(cli, SRV, sp, 80, 0x10, 1012, 5002, ts + 6000, 0);
        }
        ts += 700000;
    }
    for (i = 0; i < 4; i++) {
        add_icmp(0x0a020001u, SRV, 8, (uint16_t)i, ts);
        add_icmp(SRV, 0x0a020001u, 0, (uint16_t)i, ts + 500);
        ts += SEC;
    }
    /* 100 s later: the unanswered UDP queries and the TCP flows in "new" time out */
    ts += 100 * SEC;
    for (i = 0; i < 5; i++) {
        add_udp(0x0a030001u + i, SRV, 40000, 123, ts, 48);
        add_udp(SRV, 0x0a030001u + i, 123, 40000, ts + 100, 48);
        ts += SEC / 3;
    }
}

/* ---- one run ---- */

struct run_result {
    char **lines;
    size_t n;
    uint64_t total, tcp, udp, icmp, timeouts;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_lines(const char *path, struct run_result *res)
{
    FILE *f = fopen(path, "r");
    char line[4096];

    res->lines = NULL;
    res->n = 0;
    assert_non_null(f);
    while (fgets(line, sizeof(line), f) != NULL) {
        res->lines = realloc(res->lines, (res->n + 1) * sizeof(char *));
        assert_non_null(res->lines);
        res->lines[res->n++] = strdup(line);
    }
    fclose(f);
    qsort(res->lines, res->n, sizeof(char *), cmp_str);
}

static void run(unsigned n, struct run_result *res)
{
    static const char yaml[] = "outputs:\n"
                               "  - eve-log:\n"
                               "      enabled: yes\n"
                               "      filename: eve.json\n"
                               "      community-id: yes\n"
                               "      types:\n"
                               "        - flow\n";
    char dir[64], path[128];
    struct engine e;
    struct worker_pool *wp;
    struct stats_set s;
    size_t i;

    snprintf(dir, sizeof(dir), "/tmp/vg-test-worker-XXXXXX");
    assert_non_null(mkdtemp(dir));
    memset(&e, 0, sizeof(e));
    assert_int_equal(conf_load_string(&e.conf, yaml, sizeof(yaml) - 1, "test"), VG_OK);
    assert_int_equal(decode_config_load(&e.decode, &e.conf), VG_OK);
    assert_int_equal(flow_config_load(&e.flow, &e.conf), VG_OK);
    assert_int_equal(stream_config_load(&e.stream, &e.conf), VG_OK);
    assert_int_equal(eve_config_load(&e.eve_cfg, &e.conf), VG_OK);
    assert_int_equal(eve_output_open(&e.eve, &e.eve_cfg, dir), VG_OK);
    e.threads = n;
    e.logdir = dir;

    assert_int_equal(worker_pool_new(&wp, &e, n), VG_OK);
    for (i = 0; i < trace_len; i++) {
        struct packet *p = worker_pool_packet(wp);
        if (p->buf == NULL) {
            p->buf = malloc(256);
            assert_non_null(p->buf);
            p->buf_size = 256;
        }
        memcpy(p->buf, trace[i].b, trace[i].len);
        p->data = p->buf;
        p->caplen = p->wirelen = trace[i].len;
        p->ts_usec = trace[i].ts;
        p->pcap_cnt = i + 1;
        p->datalink = 1;
        worker_pool_dispatch(wp, p);
    }
    assert_int_equal(worker_pool_finish(wp), VG_OK);
    assert_int_equal(worker_pool_last_ts(wp), trace[trace_len - 1].ts);
    stats_set_init(&s);
    worker_pool_export_stats(wp, &s);
    res->total = stats_get(&s, "flow.total");
    res->tcp = stats_get(&s, "flow.tcp");
    res->udp = stats_get(&s, "flow.udp");
    res->icmp = stats_get(&s, "flow.icmpv4");
    res->timeouts = stats_get(&s, "flow.mgr.flows_timeout");
    stats_set_release(&s);
    worker_pool_free(wp);
    eve_output_close(e.eve);
    conf_release(&e.conf);

    snprintf(path, sizeof(path), "%s/eve.json", dir);
    read_lines(path, res);
    if (getenv("VG_TEST_KEEP") == NULL) {
        unlink(path);
        rmdir(dir);
    }
}

static void free_result(struct run_result *r)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        free(r->lines[i]);
    free(r->lines);
}

static void test_pool_same_output(void **state)
{
    struct run_result one, two, three;
    size_t i;

    (void)state;
    build_trace();
    run(1, &one);
    assert_int_equal(one.total, 40 + 12 + 1 + 5);
    assert_int_equal(one.udp, 45);
    assert_int_equal(one.tcp, 12);
    assert_int_equal(one.icmp, 1);
    assert_int_equal(one.n, one.total);
    /* After the 100 s gap: the 10 unanswered queries ("new", 30 s) and the 8 closed TCP
     * sessions ("closed", 10 s) time out; established flows (300 s) end at shutdown. */
    assert_int_equal(one.timeouts, 18);

    run(2, &two);
    run(3, &three);
    assert_int_equal(two.n, one.n);
    assert_int_equal(three.n, one.n);
    assert_int_equal(two.total, one.total);
    assert_int_equal(three.timeouts, one.timeouts);
    for (i = 0; i < one.n; i++) {
        assert_string_equal(two.lines[i], one.lines[i]);
        assert_string_equal(three.lines[i], one.lines[i]);
    }
    free_result(&one);
    free_result(&two);
    free_result(&three);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring_basic),
        cmocka_unit_test(test_ring_threads),
        cmocka_unit_test(test_pool_same_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
