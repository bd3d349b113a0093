/*
 * test_eve.c - unit tests for the EVE writer: eve-log configuration, timestamps, addresses,
 * protocol names, header order, escaping of hostile bytes, oversized records, stats nesting,
 * anomaly records, whole-line output from two threads sharing one file, and write errors.
 *
 * Records are written to files in a temporary log directory and read back.
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
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "output/eve.h"
#include "util/err.h"
#include "util/log.h"
#include "util/stats.h"

/* The flow module provides flow_get_id(); this stand-in lets the test link whether or not
 * the flow objects are pulled into it. Tests only use packets without a flow. */
__attribute__((weak)) uint64_t flow_get_id(const struct flow *f)
{
    (void)f;
    return 0;
}

/* 2025-12-28T18:49:04.467604 UTC */
#define TS_SAMPLE 1766947744467604ull

static char logdir[64];

static int setup_dir(void **state)
{
    (void)state;
    snprintf(logdir, sizeof(logdir), "/tmp/vg-test-eve-XXXXXX");
    if (mkdtemp(logdir) == NULL)
        return -1;
    return 0;
}

static int teardown_dir(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", logdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Reads a whole file; the caller frees. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, r;

    if (f == NULL)
        return NULL;
    do {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

static void config_with(struct eve_config *cfg, const char *name)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->enabled = true;
    cfg->append = true;
    snprintf(cfg->filename, sizeof(cfg->filename), "%s", name);
    for (int i = 0; i < EVE_TYPE_MAX; i++)
        cfg->types[i] = true;
    cfg->anomaly_decode = cfg->anomaly_stream = cfg->anomaly_applayer = true;
    cfg->stats_totals = true;
}

/* Opens LOGDIR/name, runs nothing; returns the output and a thread. */
static void open_out(const struct eve_config *cfg, struct eve_output **out, struct eve_thread **t)
{
    assert_int_equal(eve_output_open(out, cfg, logdir), VG_OK);
    *t = eve_thread_new(*out);
    assert_non_null(*t);
}

/* Frees t and out and returns the file's content (caller frees). */
static char *close_and_read(struct eve_output *out, struct eve_thread *t, const char *name)
{
    char path[256];

    eve_thread_free(t);
    eve_output_close(out);
    snprintf(path, sizeof(path), "%s/%s", logdir, name);
    return slurp(path, NULL);
}

/* ---- formatting ---- */

static void test_timestamp(void **state)
{
    char buf[40];

    (void)state;
    eve_format_ts(buf, sizeof(buf), TS_SAMPLE);
    assert_string_equal(buf, "2025-12-28T18:49:04.467604+0000");
    eve_format_ts(buf, sizeof(buf), 0);
    assert_string_equal(buf, "1970-01-01T00:00:00.000000+0000");
    eve_format_ts(buf, sizeof(buf), 1000000ull * 951782400ull + 7); /* leap day 2000 */
    assert_string_equal(buf, "2000-02-29T00:00:00.000007+0000");
}

/* The integer civil-date formatter against gmtime_r() over many seconds, and the ends of
 * its range (year 9999; from year 10000 on it falls back to gmtime_r()). */
static void test_timestamp_vs_gmtime(void **state)
{
    uint64_t x = 88172645463325252ull;
    char buf[40], want[64];
    struct tm tm;
    time_t sec;
    int i;

    (void)state;
    for (i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        sec = (time_t)(x % 253402300800ull);
        if (i & 1)
            sec %= 4102444800; /* 1970-2099, the common case */
        assert_non_null(gmtime_r(&sec, &tm));
        snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02d.%06u+0000", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                (unsigned)(i % 1000000));
        eve_format_ts(buf, sizeof(buf), (uint64_t)sec * 1000000u + (uint64_t)(i % 1000000));
        assert_string_equal(buf, want);
    }
    eve_format_ts(buf, sizeof(buf), 1000000ull * 4107542400ull); /* 2100: not leap */
    assert_string_equal(buf, "2100-03-01T00:00:00.000000+0000");
    eve_format_ts(buf, sizeof(buf), 1000000ull * 253402300800ull - 1);
    assert_string_equal(buf, "9999-12-31T23:59:59.999999+0000");
    eve_format_ts(buf, sizeof(buf), 1000000ull * 253402300800ull);
    assert_string_equal(buf, "10000-01-01T00:00:00.000000+0000");
}

static void test_timestamp_cache(void **state)
{
    static const uint64_t ts[] = { TS_SAMPLE, TS_SAMPLE + 1, TS_SAMPLE - 467604, TS_SAMPLE + 532395,
        TS_SAMPLE + 532396, TS_SAMPLE };
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    char *text, *line, *save = NULL, want[40];
    size_t i;

    (void)state;
    config_with(&cfg, "ts.json");
    open_out(&cfg, &out, &t);
    for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
        eve_begin(t, "x", ts[i], 0, 0, NULL);
        eve_commit(t);
    }
    text = close_and_read(out, t, "ts.json");
    assert_non_null(text);
    i = 0;
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        assert_true(i < sizeof(ts) / sizeof(ts[0]));
        eve_format_ts(want, sizeof(want), ts[i]);
        assert_memory_equal(line + 14, want, strlen(want));
        i++;
    }
    assert_int_equal(i, sizeof(ts) / sizeof(ts[0]));
    free(text);
}

static void test_addresses(void **state)
{
    struct vg_addr a;
    char buf[64];

    (void)state;
    memset(&a, 0, sizeof(a));
    a.b[0] = 192;
    a.b[1] = 168;
    a.b[2] = 0;
    a.b[3] = 255;
    eve_format_addr(buf, sizeof(buf), 4, &a, false);
    assert_string_equal(buf, "192.168.0.255");

    memset(&a, 0, sizeof(a));
    a.b[0] = 0x20;
    a.b[1] = 0x01;
    a.b[2] = 0x0d;
    a.b[3] = 0xb8;
    a.b[15] = 0x01;
    eve_format_addr(buf, sizeof(buf), 6, &a, false);
    assert_string_equal(buf, "2001:0db8:0000:0000:0000:0000:0000:0001");
    eve_format_addr(buf, sizeof(buf), 6, &a, true);
    assert_string_equal(buf, "2001:db8::1");

    memset(&a, 0, sizeof(a));
    a.b[0] = 0xfe;
    a.b[1] = 0x80;
    a.b[8] = 0x02;
    a.b[9] = 0x0c;
    a.b[10] = 0x29;
    a.b[11] = 0xff;
    a.b[12] = 0xFA;
    a.b[13] = 0xF2;
    a.b[14] = 0xAB;
    a.b[15] = 0x42;
    eve_format_addr(buf, sizeof(buf), 6, &a, false);
    assert_string_equal(buf, "fe80:0000:0000:0000:020c:29ff:faf2:ab42");
    eve_format_addr(buf, sizeof(buf), 6, &a, true);
    assert_string_equal(buf, "fe80::20c:29ff:faf2:ab42");
}

static void test_proto_names(void **state)
{
    char buf[8];

    (void)state;
    assert_string_equal(eve_proto_name(6, buf, sizeof(buf)), "TCP");
    assert_string_equal(eve_proto_name(17, buf, sizeof(buf)), "UDP");
    assert_string_equal(eve_proto_name(1, buf, sizeof(buf)), "ICMP");
    assert_string_equal(eve_proto_name(58, buf, sizeof(buf)), "IPv6-ICMP");
    assert_string_equal(eve_proto_name(132, buf, sizeof(buf)), "SCTP");
    assert_string_equal(eve_proto_name(2, buf, sizeof(buf)), "IGMP");
    assert_string_equal(eve_proto_name(47, buf, sizeof(buf)), "GRE");
    assert_string_equal(eve_proto_name(50, buf, sizeof(buf)), "ESP");
    assert_string_equal(eve_proto_name(4, buf, sizeof(buf)), "IP-in-IP");
    assert_string_equal(eve_proto_name(143, buf, sizeof(buf)), "Ethernet");
    assert_string_equal(eve_proto_name(144, buf, sizeof(buf)), "144");
    assert_string_equal(eve_proto_name(253, buf, sizeof(buf)), "253");
    assert_string_equal(eve_proto_name(255, buf, sizeof(buf)), "255");
}

/* ---- records ---- */

static void test_header_order(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct eve_tuple tp = { 0 };
    struct json *js;
    char *text;

    (void)state;
    config_with(&cfg, "hdr.json");
    cfg.ethernet = true;
    open_out(&cfg, &out, &t);
    tp.ip_ver = 4;
    tp.proto = 6;
    tp.src.b[0] = 10;
    tp.src.b[3] = 1;
    tp.dst.b[0] = 10;
    tp.dst.b[3] = 2;
    tp.sp = 1234;
    tp.dp = 80;
    tp.has_ports = true;
    tp.vlan_cnt = 2;
    tp.vlan_id[0] = 10;
    tp.vlan_id[1] = 20;
    tp.has_eth = true;
    memcpy(tp.eth_src, "\x00\x08\x02\x1c\x47\xae", 6);
    memcpy(tp.eth_dst, "\x20\xe5\x2a\xb6\x93\xf1", 6);
    js = eve_begin(t, "flow", TS_SAMPLE, 12345, 7, &tp);
    json_kv_str(js, "app_proto", "failed");
    eve_commit(t);
    /* No flow id, no pcap_cnt, no tuple. */
    eve_begin(t, "stats", TS_SAMPLE, 0, 0, NULL);
    eve_commit(t);
    /* ICMP: no ports, type and code. */
    memset(&tp, 0, sizeof(tp));
    tp.ip_ver = 6;
    tp.proto = 58;
    tp.has_icmp = true;
    tp.icmp_type = 128;
    eve_begin(t, "flow", TS_SAMPLE, 0, 1, &tp);
    eve_commit(t);
    text = close_and_read(out, t, "hdr.json");
    assert_non_null(text);
    assert_string_equal(text,
            "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\",\"flow_id\":12345,"
            "\"pcap_cnt\":7,\"event_type\":\"flow\",\"vlan\":[10,20],\"src_ip\":\"10.0.0.1\","
            "\"src_port\":1234,\"dest_ip\":\"10.0.0.2\",\"dest_port\":80,\"proto\":\"TCP\","
            "\"ip_v\":4,\"ether\":{\"src_mac\":\"00:08:02:1c:47:ae\","
            "\"dest_mac\":\"20:e5:2a:b6:93:f1\"},\"app_proto\":\"failed\"}\n"
            "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\",\"event_type\":\"stats\"}\n"
            "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\",\"pcap_cnt\":1,"
            "\"event_type\":\"flow\",\"src_ip\":\"0000:0000:0000:0000:0000:0000:0000:0000\","
            "\"dest_ip\":\"0000:0000:0000:0000:0000:0000:0000:0000\",\"proto\":\"IPv6-ICMP\","
            "\"ip_v\":6,\"icmp_type\":128,\"icmp_code\":0}\n");
    free(text);
}

static void test_escaping(void **state)
{
    static const char hostile[] = "a\"b\\c\n\r\t\x01\x1f\x7f"
                                  "\xff\xfe"
                                  "\xc3\xa9"         /* valid: e acute */
                                  "\xc0\xaf"         /* overlong '/' */
                                  "\xed\xa0\x80"     /* surrogate */
                                  "\xe2\x82"         /* truncated */
                                  "\xf0\x9f\x98\x80" /* valid: emoji */
                                  "\x00z";
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct json *js;
    char *text;

    (void)state;
    config_with(&cfg, "esc.json");
    open_out(&cfg, &out, &t);
    js = eve_begin(t, "x", 0, 0, 0, NULL);
    json_kv_strn(js, "s", hostile, sizeof(hostile) - 1);
    eve_commit(t);
    text = close_and_read(out, t, "esc.json");
    assert_non_null(text);
    assert_string_equal(text,
            "{\"timestamp\":\"1970-01-01T00:00:00.000000+0000\",\"event_type\":\"x\","
            "\"s\":\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\x7f\\u00ff\\u00fe\xc3\xa9"
            "\\u00c0\\u00af\\u00ed\\u00a0\\u0080\\u00e2\\u0082\xf0\x9f\x98\x80\\u0000z\"}\n");
    free(text);
}

static void test_too_large_dropped(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct stats_set s;
    struct json *js;
    char *big, *text;
    size_t big_len = 2u * 1024u * 1024u;

    (void)state;
    config_with(&cfg, "big.json");
    open_out(&cfg, &out, &t);
    big = malloc(big_len);
    assert_non_null(big);
    memset(big, 'A', big_len);
    eve_begin(t, "first", 0, 0, 0, NULL);
    eve_commit(t);
    js = eve_begin(t, "huge", 0, 0, 0, NULL);
    json_kv_strn(js, "s", big, big_len);
    eve_commit(t);
    /* A record just under the cap is kept, and written alone (bigger than the buffer). */
    js = eve_begin(t, "large", 0, 0, 0, NULL);
    json_kv_strn(js, "s", big, 1000u * 1000u);
    eve_commit(t);
    /* A record left with an open container is malformed: dropped too. */
    js = eve_begin(t, "open", 0, 0, 0, NULL);
    json_key(js, "o");
    json_open_object(js);
    eve_commit(t);
    eve_begin(t, "last", 0, 0, 0, NULL);
    eve_commit(t);
    stats_set_init(&s);
    eve_thread_export_stats(t, &s);
    assert_int_equal(stats_get(&s, "vigie.eve.records"), 3);
    assert_int_equal(stats_get(&s, "vigie.eve.too_large"), 2);
    stats_set_release(&s);
    text = close_and_read(out, t, "big.json");
    assert_non_null(text);
    assert_null(strstr(text, "huge"));
    assert_null(strstr(text, "\"open\""));
    {
        char *first = strstr(text, "\"first\"");
        char *large = strstr(text, "\"large\"");
        char *last = strstr(text, "\"last\"");
        char *nl;
        assert_non_null(first);
        assert_non_null(large);
        assert_non_null(last);
        assert_true(first < large && large < last);
        nl = strchr(large, '\n');
        assert_non_null(nl);
        assert_true(nl - large > 1000 * 1000);
    }
    free(text);
    free(big);
}

static void test_stats_nesting(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct stats_set s;
    char *text;

    (void)state;
    config_with(&cfg, "stats.json");
    open_out(&cfg, &out, &t);
    stats_set_init(&s);
    stats_add(&s, "flow.tcp", 3);
    stats_add(&s, "decoder.pkts", 4);
    stats_add(&s, "decoder.bytes", 1000);
    stats_add(&s, "decoder.event.ipv4.trunc_pkt", 1);
    stats_add(&s, "decoder.event.ipv4.opt_invalid", 0);
    stats_add(&s, "decoder.event.tcp.pkt_too_small", 2);
    stats_add(&s, "decoder.invalid", 0);
    stats_add(&s, "defrag.ipv4.fragments", 5);
    stats_add(&s, "vigie.eve.records", 9);
    stats_add(&s, "flow.end.state.new", 1);
    stats_add(&s, "flow.end.tcp_liberal", 0);
    stats_add(&s, "flow.memuse", 64);
    stats_add(&s, "bad..name", 1);
    eve_log_stats(t, TS_SAMPLE, 12, &s);
    /* avg_pkt_size is recomputed, not accumulated, on a second call. */
    stats_add(&s, "decoder.pkts", 4);
    eve_log_stats(t, TS_SAMPLE, 13, &s);
    stats_set_release(&s);
    text = close_and_read(out, t, "stats.json");
    assert_non_null(text);
    assert_string_equal(text,
            "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\",\"event_type\":\"stats\","
            "\"stats\":{\"uptime\":12,\"decoder\":{\"avg_pkt_size\":250,\"bytes\":1000,"
            "\"event\":{\"ipv4\":{\"opt_invalid\":0,\"trunc_pkt\":1},"
            "\"tcp\":{\"pkt_too_small\":2}},\"invalid\":0,\"pkts\":4},"
            "\"defrag\":{\"ipv4\":{\"fragments\":5}},"
            "\"flow\":{\"end\":{\"state\":{\"new\":1},\"tcp_liberal\":0},\"memuse\":64,"
            "\"tcp\":3}}}\n"
            "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\",\"event_type\":\"stats\","
            "\"stats\":{\"uptime\":13,\"decoder\":{\"avg_pkt_size\":125,\"bytes\":1000,"
            "\"event\":{\"ipv4\":{\"opt_invalid\":0,\"trunc_pkt\":1},"
            "\"tcp\":{\"pkt_too_small\":2}},\"invalid\":0,\"pkts\":8},"
            "\"defrag\":{\"ipv4\":{\"fragments\":5}},"
            "\"flow\":{\"end\":{\"state\":{\"new\":1},\"tcp_liberal\":0},\"memuse\":64,"
            "\"tcp\":3}}}\n");
    free(text);
}

static void test_stats_disabled(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct stats_set s;
    char *text;

    (void)state;
    config_with(&cfg, "nostats.json");
    cfg.types[EVE_TYPE_STATS] = false;
    open_out(&cfg, &out, &t);
    stats_set_init(&s);
    stats_add(&s, "decoder.pkts", 1);
    eve_log_stats(t, TS_SAMPLE, 1, &s);
    stats_set_release(&s);
    text = close_and_read(out, t, "nostats.json");
    assert_non_null(text); /* the file exists, empty */
    assert_string_equal(text, "");
    free(text);
}

static void make_packet(struct packet *p)
{
    memset(p, 0, sizeof(*p));
    p->ts_usec = TS_SAMPLE;
    p->pcap_cnt = 3;
    p->ip_ver = 4;
    p->proto = 17;
    p->src.b[0] = 1;
    p->src.b[1] = 2;
    p->src.b[2] = 3;
    p->src.b[3] = 4;
    p->dst.b[0] = 5;
    p->dst.b[1] = 6;
    p->dst.b[2] = 7;
    p->dst.b[3] = 8;
    p->sp = 53;
    p->dp = 4000;
    p->event_cnt = 2;
    p->events[0] = PKT_EVENT_DECODER_IPV4_OPT_INVALID;
    p->events[1] = PKT_EVENT_DECODER_UDP_LEN_INVALID;
}

static void test_anomaly(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct packet p, inner;
    char *text;

    (void)state;
    config_with(&cfg, "anomaly.json");
    open_out(&cfg, &out, &t);
    make_packet(&p);
    eve_log_anomalies(t, &p);
    /* Not IP: no tuple. */
    memset(&p, 0, sizeof(p));
    p.ts_usec = TS_SAMPLE;
    p.pcap_cnt = 4;
    p.event_cnt = 1;
    p.events[0] = PKT_EVENT_DECODER_ETHERNET_PKT_TOO_SMALL;
    eve_log_anomalies(t, &p);
    /* A tunnel's inner packet reports the captured packet's number. */
    make_packet(&inner);
    inner.pcap_cnt = 0;
    inner.ts_usec = 0;
    inner.root = &p;
    inner.flags = PKT_F_PSEUDO;
    inner.event_cnt = 1;
    eve_log_anomalies(t, &inner);
    text = close_and_read(out, t, "anomaly.json");
    assert_non_null(text);
    assert_string_equal(text,
            "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\",\"pcap_cnt\":3,"
            "\"event_type\":\"anomaly\",\"src_ip\":\"1.2.3.4\",\"src_port\":53,"
            "\"dest_ip\":\"5.6.7.8\",\"dest_port\":4000,\"proto\":\"UDP\",\"ip_v\":4,"
            "\"pkt_src\":\"wire/"
            "pcap\",\"anomaly\":{\"type\":\"decode\",\"event\":\"decoder.ipv4.opt_invalid\"}}\n"
            "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\",\"pcap_cnt\":3,"
            "\"event_type\":\"anomaly\",\"src_ip\":\"1.2.3.4\",\"src_port\":53,"
            "\"dest_ip\":\"5.6.7.8\",\"dest_port\":4000,\"proto\":\"UDP\",\"ip_v\":4,"
            "\"pkt_src\":\"wire/"
            "pcap\",\"anomaly\":{\"type\":\"decode\",\"event\":\"decoder.udp.len_invalid\"}}\n"
            "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\",\"pcap_cnt\":4,"
            "\"event_type\":\"anomaly\","
            "\"pkt_src\":\"wire/"
            "pcap\",\"anomaly\":{\"type\":\"decode\",\"event\":\"decoder.ethernet.pkt_too_small\"}}"
            "\n"
            "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\",\"pcap_cnt\":4,"
            "\"event_type\":\"anomaly\",\"src_ip\":\"1.2.3.4\",\"src_port\":53,"
            "\"dest_ip\":\"5.6.7.8\",\"dest_port\":4000,\"proto\":\"UDP\",\"ip_v\":4,"
            "\"anomaly\":{\"type\":\"decode\",\"event\":\"decoder.ipv4.opt_invalid\"}}\n");
    free(text);
}

static void test_anomaly_switches(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct packet p;
    char *text;

    (void)state;
    /* Suricata's default: applayer only, so no decode anomaly. */
    config_with(&cfg, "anomaly-off.json");
    cfg.anomaly_decode = false;
    cfg.anomaly_stream = false;
    open_out(&cfg, &out, &t);
    make_packet(&p);
    eve_log_anomalies(t, &p);
    text = close_and_read(out, t, "anomaly-off.json");
    assert_string_equal(text, "");
    free(text);
    /* decoder.too_many_layers is a "stream" anomaly in Suricata. */
    config_with(&cfg, "anomaly-layers.json");
    cfg.anomaly_stream = false;
    open_out(&cfg, &out, &t);
    p.event_cnt = 1;
    p.events[0] = PKT_EVENT_DECODER_TOO_MANY_LAYERS;
    eve_log_anomalies(t, &p);
    text = close_and_read(out, t, "anomaly-layers.json");
    assert_string_equal(text, "");
    free(text);
    config_with(&cfg, "anomaly-layers2.json");
    cfg.anomaly_decode = false;
    open_out(&cfg, &out, &t);
    eve_log_anomalies(t, &p);
    text = close_and_read(out, t, "anomaly-layers2.json");
    assert_non_null(strstr(text, "\"anomaly\":{\"type\":\"stream\","
                                 "\"event\":\"decoder.too_many_layers\"}}\n"));
    free(text);
    make_packet(&p);
    /* anomaly not listed at all */
    config_with(&cfg, "anomaly-off2.json");
    cfg.types[EVE_TYPE_ANOMALY] = false;
    open_out(&cfg, &out, &t);
    eve_log_anomalies(t, &p);
    text = close_and_read(out, t, "anomaly-off2.json");
    assert_string_equal(text, "");
    free(text);
}

/* ---- concurrency and errors ---- */

#define CONC_RECORDS 20000

struct writer_arg {
    struct eve_output *out;
    int id;
};

static void *writer(void *arg)
{
    struct writer_arg *wa = arg;
    struct eve_thread *t = eve_thread_new(wa->out);
    char pad[300];
    int i;

    memset(pad, 'a' + wa->id, sizeof(pad));
    for (i = 0; i < CONC_RECORDS; i++) {
        struct json *js = eve_begin(t, "conc", TS_SAMPLE, 0, 0, NULL);
        json_kv_u64(js, "writer", (uint64_t)wa->id);
        json_kv_u64(js, "seq", (uint64_t)i);
        /* Varying sizes so buffer boundaries fall anywhere. */
        json_kv_strn(js, "pad", pad, (size_t)(i * 7 % (int)sizeof(pad)));
        eve_commit(t);
    }
    eve_thread_free(t);
    return NULL;
}

static void test_two_threads_whole_lines(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct writer_arg args[2];
    pthread_t th[2];
    char path[256], *text, *line, *save = NULL;
    int next[2] = { 0, 0 };
    int i, lines = 0;

    (void)state;
    config_with(&cfg, "conc.json");
    assert_int_equal(eve_output_open(&out, &cfg, logdir), VG_OK);
    for (i = 0; i < 2; i++) {
        args[i].out = out;
        args[i].id = i;
        assert_int_equal(pthread_create(&th[i], NULL, writer, &args[i]), 0);
    }
    for (i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    eve_output_close(out);
    snprintf(path, sizeof(path), "%s/conc.json", logdir);
    text = slurp(path, NULL);
    assert_non_null(text);
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        int w, seq, n = 0;
        size_t len = strlen(line), plen;
        char expect;

        assert_int_equal(sscanf(line,
                                 "{\"timestamp\":\"2025-12-28T18:49:04.467604+0000\","
                                 "\"event_type\":\"conc\",\"writer\":%d,\"seq\":%d,\"pad\":\"%n",
                                 &w, &seq, &n),
                2);
        assert_true(n > 0);
        assert_true(w == 0 || w == 1);
        /* Each writer's lines arrive whole and in order. */
        assert_int_equal(seq, next[w]);
        next[w]++;
        plen = (size_t)(seq * 7 % 300);
        assert_int_equal(len, (size_t)n + plen + 2);
        expect = (char)('a' + w);
        for (size_t k = 0; k < plen; k++)
            assert_int_equal(line[n + (int)k], expect);
        assert_string_equal(line + n + plen, "\"}");
        lines++;
    }
    assert_int_equal(lines, 2 * CONC_RECORDS);
    assert_int_equal(next[0], CONC_RECORDS);
    assert_int_equal(next[1], CONC_RECORDS);
    free(text);
}

static void test_write_error(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct stats_set s;
    int i;

    (void)state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    config_with(&cfg, "/dev/full");
    assert_int_equal(eve_output_open(&out, &cfg, logdir), VG_OK);
    t = eve_thread_new(out);
    assert_non_null(t);
    for (i = 0; i < 1000; i++) {
        struct json *js = eve_begin(t, "full", TS_SAMPLE, 0, 0, NULL);
        json_kv_u64(js, "i", (uint64_t)i);
        eve_commit(t);
    }
    assert_int_equal(eve_thread_flush(t), VG_EIO);
    /* Nothing left: flushing again is a no-op. */
    assert_int_equal(eve_thread_flush(t), VG_OK);
    stats_set_init(&s);
    eve_thread_export_stats(t, &s);
    assert_int_equal(stats_get(&s, "vigie.eve.records"), 1000);
    assert_int_equal(stats_get(&s, "vigie.eve.write_dropped"), 1000);
    assert_true(stats_get(&s, "vigie.eve.write_errors") >= 1);
    assert_true(stats_get(&s, "vigie.eve.dropped_bytes") > 1000 * 50);
    stats_set_release(&s);
    eve_thread_free(t);
    eve_output_close(out);
}

/* A file size limit makes write() stop short, then fail with EFBIG: everything queued is
 * either in the file or counted as dropped, and whole lines before the limit are intact. */
static void test_short_write(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct stats_set s;
    struct rlimit old, lim;
    struct sigaction sa, old_sa;
    struct stat st;
    uint64_t queued = 0;
    char path[256], *text;
    int i;

    (void)state;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    if (old.rlim_max != RLIM_INFINITY && old.rlim_max < 100000)
        skip();
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    assert_int_equal(sigaction(SIGXFSZ, &sa, &old_sa), 0);
    config_with(&cfg, "short.json");
    open_out(&cfg, &out, &t);
    lim = old;
    lim.rlim_cur = 100000;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    for (i = 0; i < 3000; i++) {
        struct json *js = eve_begin(t, "short", TS_SAMPLE, 0, 0, NULL);
        size_t before = 0;

        json_kv_u64(js, "i", (uint64_t)i);
        before = js->len;
        eve_commit(t);
        queued += before + 2; /* the closing brace and the newline */
    }
    (void)eve_thread_flush(t);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    assert_int_equal(sigaction(SIGXFSZ, &old_sa, NULL), 0);
    stats_set_init(&s);
    eve_thread_export_stats(t, &s);
    assert_true(stats_get(&s, "vigie.eve.write_errors") >= 1);
    snprintf(path, sizeof(path), "%s/short.json", logdir);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal((uint64_t)st.st_size, 100000);
    assert_int_equal(stats_get(&s, "vigie.eve.dropped_bytes") + 100000, queued);
    stats_set_release(&s);
    eve_thread_free(t);
    eve_output_close(out);
    text = slurp(path, NULL);
    assert_non_null(text);
    assert_memory_equal(text, "{\"timestamp\":", 13);
    free(text);
}

static void test_open_error(void **state)
{
    struct eve_config cfg;
    struct eve_output *out = (struct eve_output *)&cfg;

    (void)state;
    config_with(&cfg, "eve.json");
    assert_true(eve_output_open(&out, &cfg, "/nonexistent-vigie-dir") < 0);
    assert_null(out);
}

static void test_disabled_output(void **state)
{
    struct eve_config cfg;
    struct eve_output *out;
    struct eve_thread *t;
    struct packet p;
    char path[256];

    (void)state;
    memset(&cfg, 0, sizeof(cfg));
    assert_int_equal(eve_output_open(&out, &cfg, logdir), VG_OK);
    assert_non_null(out);
    assert_false(eve_enabled(out, EVE_TYPE_FLOW));
    t = eve_thread_new(out);
    assert_non_null(t);
    make_packet(&p);
    eve_log_anomalies(t, &p);
    eve_begin(t, "flow", 0, 0, 0, NULL);
    eve_commit(t);
    eve_thread_free(t);
    eve_output_close(out);
    snprintf(path, sizeof(path), "%s/eve.json", logdir);
    assert_int_not_equal(access(path, F_OK), 0);
}

/* ---- configuration ---- */

static int load(struct eve_config *cfg, const char *yaml)
{
    struct conf c;
    int r;

    r = conf_load_string(&c, yaml, strlen(yaml), "test.yaml");
    assert_int_equal(r, VG_OK);
    r = eve_config_load(cfg, &c);
    conf_release(&c);
    return r;
}

static void test_config_absent(void **state)
{
    struct eve_config cfg;
    struct conf c;

    (void)state;
    conf_init_empty(&c);
    assert_int_equal(eve_config_load(&cfg, &c), VG_OK);
    conf_release(&c);
    assert_false(cfg.enabled);
    assert_string_equal(cfg.filename, "eve.json");

    /* Outputs without eve-log, or eve-log without enabled: yes. */
    assert_int_equal(load(&cfg, "outputs:\n  - fast:\n      enabled: yes\n"), VG_OK);
    assert_false(cfg.enabled);
    assert_int_equal(load(&cfg, "outputs:\n  - eve-log:\n      types:\n        - flow\n"), VG_OK);
    assert_false(cfg.enabled);
    assert_int_equal(load(&cfg, "outputs:\n  - eve-log:\n      enabled: no\n"), VG_OK);
    assert_false(cfg.enabled);
}

static void test_config_types(void **state)
{
    struct eve_config cfg;
    static const char yaml[] = "%YAML 1.1\n"
                               "---\n"
                               "outputs:\n"
                               "  - fast:\n"
                               "      enabled: yes\n"
                               "  - eve-log:\n"
                               "      enabled: yes\n"
                               "      filetype: regular\n"
                               "      filename: out.json\n"
                               "      community-id: true\n"
                               "      community-id-seed: 7\n"
                               "      ethernet: yes\n"
                               "      ipv6-compress: yes\n"
                               "      types:\n"
                               "        - alert:\n"
                               "            tagged-packets: yes\n"
                               "        - frame:\n"
                               "            enabled: no\n"
                               "        - anomaly:\n"
                               "            enabled: yes\n"
                               "            types:\n"
                               "        - mdns:\n"
                               "        - http:\n"
                               "            enabled: no\n"
                               "        - stats:\n"
                               "            totals: yes\n"
                               "            threads: no\n"
                               "            deltas: no\n"
                               "        - flow\n";

    (void)state;
    assert_int_equal(load(&cfg, yaml), VG_OK);
    assert_true(cfg.enabled);
    assert_string_equal(cfg.filename, "out.json");
    assert_true(cfg.community_id);
    assert_int_equal(cfg.community_id_seed, 7);
    assert_true(cfg.ethernet);
    assert_true(cfg.ipv6_compress);
    assert_true(cfg.append);
    assert_true(cfg.types[EVE_TYPE_ALERT]);
    assert_true(cfg.types[EVE_TYPE_ANOMALY]);
    assert_true(cfg.types[EVE_TYPE_STATS]);
    assert_true(cfg.types[EVE_TYPE_FLOW]);
    assert_false(cfg.types[EVE_TYPE_HTTP]);
    assert_false(cfg.types[EVE_TYPE_DNS]);
    /* anomaly with an empty types: Suricata's defaults. */
    assert_false(cfg.anomaly_decode);
    assert_false(cfg.anomaly_stream);
    assert_true(cfg.anomaly_applayer);
    assert_true(cfg.stats_totals);
}

static void test_config_anomaly(void **state)
{
    struct eve_config cfg;

    (void)state;
    /* output-eve-anomaly-02: "- anomaly:" alone. */
    assert_int_equal(load(&cfg, "outputs:\n"
                                "  - eve-log:\n"
                                "      enabled: yes\n"
                                "      filetype: regular\n"
                                "      types:\n"
                                "        - anomaly:\n"),
            VG_OK);
    assert_true(cfg.types[EVE_TYPE_ANOMALY]);
    assert_false(cfg.types[EVE_TYPE_FLOW]);
    assert_false(cfg.types[EVE_TYPE_STATS]);
    assert_false(cfg.anomaly_decode);
    assert_false(cfg.anomaly_stream);
    assert_true(cfg.anomaly_applayer);
    /* output-eve-anomaly-03 */
    assert_int_equal(load(&cfg, "outputs:\n"
                                "  - eve-log:\n"
                                "      enabled: yes\n"
                                "      types:\n"
                                "        - anomaly:\n"
                                "            types:\n"
                                "                stream: yes\n"
                                "                applayer: no\n"),
            VG_OK);
    assert_false(cfg.anomaly_decode);
    assert_true(cfg.anomaly_stream);
    assert_false(cfg.anomaly_applayer);
    assert_int_equal(load(&cfg, "outputs:\n"
                                "  - eve-log:\n"
                                "      enabled: yes\n"
                                "      types:\n"
                                "        - anomaly:\n"
                                "            enabled: no\n"
                                "            types:\n"
                                "              decode: yes\n"),
            VG_OK);
    assert_false(cfg.types[EVE_TYPE_ANOMALY]);
    assert_int_equal(load(&cfg, "outputs:\n"
                                "  - eve-log:\n"
                                "      enabled: yes\n"
                                "      types:\n"
                                "        - anomaly:\n"
                                "            types:\n"
                                "              decode: yes\n"),
            VG_OK);
    assert_true(cfg.anomaly_decode);
    assert_false(cfg.anomaly_stream);
    assert_true(cfg.anomaly_applayer);
}

static void test_config_errors(void **state)
{
    struct eve_config cfg;

    (void)state;
    assert_true(load(&cfg, "outputs:\n  - eve-log:\n      enabled: maybe\n") < 0);
    assert_true(load(&cfg, "outputs:\n  - eve-log:\n      enabled: yes\n"
                           "      community-id-seed: 70000\n") < 0);
    assert_true(load(&cfg, "outputs:\n  - eve-log:\n      enabled: yes\n"
                           "      types:\n        - anomaly:\n            types:\n"
                           "              decode: perhaps\n") < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timestamp),
        cmocka_unit_test(test_timestamp_vs_gmtime),
        cmocka_unit_test(test_timestamp_cache),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_proto_names),
        cmocka_unit_test(test_header_order),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_too_large_dropped),
        cmocka_unit_test(test_stats_nesting),
        cmocka_unit_test(test_stats_disabled),
        cmocka_unit_test(test_anomaly),
        cmocka_unit_test(test_anomaly_switches),
        cmocka_unit_test(test_two_threads_whole_lines),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_short_write),
        cmocka_unit_test(test_open_error),
        cmocka_unit_test(test_disabled_output),
        cmocka_unit_test(test_config_absent),
        cmocka_unit_test(test_config_types),
        cmocka_unit_test(test_config_anomaly),
        cmocka_unit_test(test_config_errors),
    };

    log_set_level(LOG_LEVEL_ERROR);
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
