/*
 * test_dns.c - DNS parser, framing, pairing and EVE logging (src/app/dns).
 *
 * Messages are built byte by byte with a small writer; the parser is run on every prefix of
 * some of them (truncation), on compression loops and over-long names, on each record type;
 * TCP framing is fed split at every byte position; the logger's output is compared with the
 * expected JSON text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/dns/dns.h"
#include "util/json.h"

/* --- a message writer --- */

struct mw {
    uint8_t b[4096];
    size_t n;
};

static void put8(struct mw *w, uint8_t v)
{
    assert_true(w->n < sizeof(w->b));
    w->b[w->n++] = v;
}

static void put16(struct mw *w, uint16_t v)
{
    put8(w, (uint8_t)(v >> 8));
    put8(w, (uint8_t)v);
}

static void put32(struct mw *w, uint32_t v)
{
    put16(w, (uint16_t)(v >> 16));
    put16(w, (uint16_t)v);
}

static void putbytes(struct mw *w, const void *p, size_t n)
{
    assert_true(w->n + n <= sizeof(w->b));
    memcpy(w->b + w->n, p, n);
    w->n += n;
}

/* A dotted name as labels, with the terminating zero. */
static void putname(struct mw *w, const char *name)
{
    while (*name != '\0') {
        const char *dot = strchr(name, '.');
        size_t l = dot != NULL ? (size_t)(dot - name) : strlen(name);

        put8(w, (uint8_t)l);
        putbytes(w, name, l);
        name += l;
        if (*name == '.')
            name++;
    }
    put8(w, 0);
}

static void header(struct mw *w, uint16_t id, uint16_t flags, uint16_t qd, uint16_t an, uint16_t ns,
        uint16_t ar)
{
    w->n = 0;
    put16(w, id);
    put16(w, flags);
    put16(w, qd);
    put16(w, an);
    put16(w, ns);
    put16(w, ar);
}

static void question(struct mw *w, const char *name, uint16_t type)
{
    putname(w, name);
    put16(w, type);
    put16(w, 1);
}

/* An rr header with a pointer name (to offset 12, the first question) and rdlength. */
static void rr_ptr_head(struct mw *w, uint16_t type, uint32_t ttl, uint16_t rdlen)
{
    put16(w, 0xc00c);
    put16(w, type);
    put16(w, 1);
    put32(w, ttl);
    put16(w, rdlen);
}

static bool name_is(const struct dns_msg *m, const struct dns_name *n, const char *s)
{
    return n->len == strlen(s) && memcmp(dns_name_ptr(m, n), s, n->len) == 0;
}

static struct dns_msg *parse(const struct mw *w, uint32_t *ev)
{
    return dns_msg_parse(w->b, w->n, ev);
}

/* --- messages --- */

static void test_query(void **state)
{
    struct mw w;
    uint32_t ev;
    struct dns_msg *m;

    header(&w, 0x1234, 0x0100, 1, 0, 0, 0);
    question(&w, "www.example.com", DNS_TYPE_A);
    m = parse(&w, &ev);
    assert_non_null(m);
    assert_int_equal(ev, 0);
    assert_false(m->malformed);
    assert_int_equal(m->id, 0x1234);
    assert_int_equal(m->n_queries, 1);
    assert_true(name_is(m, &m->queries[0].name, "www.example.com"));
    assert_int_equal(m->queries[0].rrtype, DNS_TYPE_A);
    dns_msg_free(m);
}

static void test_root_name(void **state)
{
    struct mw w;
    uint32_t ev;
    struct dns_msg *m;

    header(&w, 1, 0x0100, 1, 0, 0, 0);
    question(&w, "", DNS_TYPE_NS);
    m = parse(&w, &ev);
    assert_non_null(m);
    assert_true(name_is(m, &m->queries[0].name, "<root>"));
    dns_msg_free(m);
}

/* Response: CNAME (compressed owner, compressed target suffix), then A and AAAA. */
static void build_response(struct mw *w)
{
    static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

    header(w, 0x1234, 0x8180, 1, 3, 0, 0);
    question(w, "www.example.com", DNS_TYPE_A);
    /* CNAME www.example.com -> cdn.example.com (cdn + pointer to "example.com" at 16) */
    rr_ptr_head(w, DNS_TYPE_CNAME, 300, 6);
    put8(w, 3);
    putbytes(w, "cdn", 3);
    put16(w, 0xc010);
    /* A cdn.example.com (pointer to the CNAME target at 45) */
    put16(w, 0xc000 | 45);
    put16(w, DNS_TYPE_A);
    put16(w, 1);
    put32(w, 60);
    put16(w, 4);
    put32(w, 0xc0000201);
    rr_ptr_head(w, DNS_TYPE_AAAA, 60, 16);
    putbytes(w, v6, 16);
}

static void test_response_compression(void **state)
{
    struct mw w;
    uint32_t ev;
    struct dns_msg *m;

    build_response(&w);
    m = parse(&w, &ev);
    assert_non_null(m);
    assert_int_equal(ev, 0);
    assert_int_equal(m->n_answers, 3);
    assert_true(name_is(m, &m->answers[0].name, "www.example.com"));
    assert_int_equal(m->answers[0].kind, DNS_RD_NAME);
    assert_true(name_is(m, &m->answers[0].u.n.target, "cdn.example.com"));
    assert_true(name_is(m, &m->answers[1].name, "cdn.example.com"));
    assert_int_equal(m->answers[1].kind, DNS_RD_ADDR);
    assert_int_equal(m->answers[1].u.a.addr[0], 192);
    assert_int_equal(m->answers[2].u.a.addr_len, 16);
    dns_msg_free(m);
}

static void test_truncation(void **state)
{
    struct mw w;

    build_response(&w);
    for (size_t n = 0; n < w.n; n++) {
        uint8_t *copy = malloc(n > 0 ? n : 1);
        uint32_t ev = 0;
        struct dns_msg *m;

        assert_non_null(copy);
        memcpy(copy, w.b, n);
        m = dns_msg_parse(copy, n, &ev);
        assert_true(ev & (1u << DNS_EV_MALFORMED_DATA));
        if (m != NULL)
            assert_true(m->malformed);
        dns_msg_free(m);
        free(copy);
    }
}

static void test_compression_loop(void **state)
{
    struct mw w;
    uint32_t ev;
    struct dns_msg *m;

    /* the question's name is a pointer to itself */
    header(&w, 1, 0x0100, 1, 0, 0, 0);
    put16(&w, 0xc00c);
    put16(&w, 1);
    put16(&w, 1);
    m = parse(&w, &ev);
    assert_non_null(m);
    assert_true(ev & (1u << DNS_EV_INFINITE_LOOP));
    assert_false(m->malformed);
    assert_true(m->queries[0].name.truncated);
    dns_msg_free(m);

    /* two labels pointing at each other: a -> b -> a ... */
    header(&w, 1, 0x0100, 1, 0, 0, 0);
    put8(&w, 1);
    put8(&w, 'a');
    put16(&w, 0xc000 | 16);
    put8(&w, 1);
    put8(&w, 'b');
    put16(&w, 0xc00c);
    put16(&w, 1);
    put16(&w, 1);
    m = parse(&w, &ev);
    assert_non_null(m);
    assert_true(ev & ((1u << DNS_EV_INFINITE_LOOP) | (1u << DNS_EV_NAME_TOO_LONG) |
                             (1u << DNS_EV_TOO_MANY_LABELS)));
    assert_true(m->queries[0].name.len <= DNS_NAME_MAX);
    dns_msg_free(m);

    /* a pointer past the end */
    header(&w, 1, 0x0100, 1, 0, 0, 0);
    put16(&w, 0xc0ff);
    put16(&w, 1);
    put16(&w, 1);
    m = parse(&w, &ev);
    assert_true(ev & (1u << DNS_EV_MALFORMED_DATA));
    dns_msg_free(m);
}

static void test_name_too_long(void **state)
{
    struct mw w;
    uint32_t ev;
    struct dns_msg *m;

    header(&w, 1, 0x0100, 1, 0, 0, 0);
    for (int i = 0; i < 20; i++) {
        put8(&w, 63);
        for (int j = 0; j < 63; j++)
            put8(&w, 'x');
    }
    put8(&w, 0);
    put16(&w, 1);
    put16(&w, 1);
    m = parse(&w, &ev);
    assert_non_null(m);
    assert_true(ev & (1u << DNS_EV_NAME_TOO_LONG));
    assert_int_equal(m->queries[0].name.len, DNS_NAME_MAX);
    assert_true(m->queries[0].name.truncated);
    dns_msg_free(m);
}

static void test_record_types(void **state)
{
    struct mw w;
    uint32_t ev;
    struct dns_msg *m;
    size_t mark;

    header(&w, 7, 0x8180, 1, 9, 1, 1);
    question(&w, "example.com", 255);
    /* MX 10 mail.example.com */
    rr_ptr_head(&w, DNS_TYPE_MX, 1, 2 + 7);
    put16(&w, 10);
    put8(&w, 4);
    putbytes(&w, "mail", 4);
    put16(&w, 0xc00c);
    /* NS ns1.example.com */
    rr_ptr_head(&w, DNS_TYPE_NS, 1, 6);
    put8(&w, 3);
    putbytes(&w, "ns1", 3);
    put16(&w, 0xc00c);
    /* PTR host.example.com */
    rr_ptr_head(&w, DNS_TYPE_PTR, 1, 7);
    put8(&w, 4);
    putbytes(&w, "host", 4);
    put16(&w, 0xc00c);
    /* TXT "v=spf1" "" */
    rr_ptr_head(&w, DNS_TYPE_TXT, 1, 8);
    put8(&w, 6);
    putbytes(&w, "v=spf1", 6);
    put8(&w, 0);
    /* SRV 1 2 5060 sip.example.com */
    rr_ptr_head(&w, DNS_TYPE_SRV, 1, 6 + 6);
    put16(&w, 1);
    put16(&w, 2);
    put16(&w, 5060);
    put8(&w, 3);
    putbytes(&w, "sip", 3);
    put16(&w, 0xc00c);
    /* SSHFP 1 1 de:ad */
    rr_ptr_head(&w, DNS_TYPE_SSHFP, 1, 4);
    put8(&w, 1);
    put8(&w, 1);
    put8(&w, 0xde);
    put8(&w, 0xad);
    /* HTTPS 1 . (alpn params kept raw) */
    rr_ptr_head(&w, DNS_TYPE_HTTPS, 1, 3 + 4);
    put16(&w, 1);
    put8(&w, 0);
    put16(&w, 1);
    put16(&w, 0);
    /* an unknown type, raw */
    rr_ptr_head(&w, 4242, 1, 3);
    putbytes(&w, "abc", 3);
    /* A with an empty rdata: kept raw, not malformed */
    rr_ptr_head(&w, DNS_TYPE_A, 1, 0);
    /* authority: SOA */
    mark = w.n;
    rr_ptr_head(&w, DNS_TYPE_SOA, 1, 0);
    put8(&w, 2);
    putbytes(&w, "ns", 2);
    put16(&w, 0xc00c);
    put8(&w, 4);
    putbytes(&w, "root", 4);
    put16(&w, 0xc00c);
    put32(&w, 2024);
    put32(&w, 3600);
    put32(&w, 600);
    put32(&w, 86400);
    put32(&w, 60);
    w.b[mark + 10] = 0;
    w.b[mark + 11] = (uint8_t)(w.n - mark - 12);
    /* additional: OPT with one option */
    put8(&w, 0);
    put16(&w, DNS_TYPE_OPT);
    put16(&w, 1232);
    put32(&w, 0);
    put16(&w, 6);
    put16(&w, 10);
    put16(&w, 2);
    put16(&w, 0xabcd);

    m = parse(&w, &ev);
    assert_non_null(m);
    assert_false(m->malformed);
    assert_int_equal(m->n_answers, 9);
    assert_int_equal(m->answers[0].u.n.pref, 10);
    assert_true(name_is(m, &m->answers[0].u.n.target, "mail.example.com"));
    assert_true(name_is(m, &m->answers[1].u.n.target, "ns1.example.com"));
    assert_true(name_is(m, &m->answers[2].u.n.target, "host.example.com"));
    assert_int_equal(m->answers[3].kind, DNS_RD_TXT);
    assert_true(name_is(m, &m->answers[3].u.n.target, "v=spf1"));
    assert_int_equal(m->answers[4].kind, DNS_RD_SRV);
    assert_int_equal(m->answers[4].u.n.port, 5060);
    assert_true(name_is(m, &m->answers[4].u.n.target, "sip.example.com"));
    assert_int_equal(m->answers[5].kind, DNS_RD_SSHFP);
    assert_int_equal(m->answers[6].kind, DNS_RD_SVCB);
    assert_true(name_is(m, &m->answers[6].u.n.target, "<root>"));
    assert_int_equal(m->answers[7].kind, DNS_RD_RAW);
    assert_int_equal(m->answers[7].raw.len, 3);
    assert_int_equal(m->answers[8].kind, DNS_RD_RAW);
    assert_int_equal(m->n_authorities, 1);
    assert_int_equal(m->authorities[0].kind, DNS_RD_SOA);
    assert_true(name_is(m, &m->authorities[0].u.soa.rname, "root.example.com"));
    assert_int_equal(m->authorities[0].u.soa.minimum, 60);
    assert_int_equal(m->n_additionals, 1);
    assert_int_equal(m->additionals[0].kind, DNS_RD_OPT);
    dns_msg_free(m);
}

static void test_bad_additionals(void **state)
{
    struct mw w;
    uint32_t ev;
    struct dns_msg *m;

    build_response(&w);
    w.b[11] = 2; /* two additionals that are not there */
    m = parse(&w, &ev);
    assert_non_null(m);
    assert_false(m->malformed);
    assert_true(ev & (1u << DNS_EV_INVALID_ADDITIONALS));
    assert_int_equal(m->n_answers, 3);
    assert_int_equal(m->n_additionals, 0);
    dns_msg_free(m);
}

/* --- framing, pairing, events through the parser entry --- */

static void flow_free_txs(struct app_flow *af)
{
    struct app_tx *t = af->txs;

    while (t != NULL) {
        struct app_tx *next = t->next;

        dns_tx_free(t);
        t = next;
    }
    af->txs = af->txs_tail = NULL;
}

static size_t count_txs(const struct app_flow *af)
{
    size_t n = 0;

    for (const struct app_tx *t = af->txs; t != NULL; t = t->next)
        n++;
    return n;
}

static void test_tcp_split(void **state)
{
    struct mw q, r;
    uint8_t stream[2048];
    size_t n = 0;

    header(&q, 0x42, 0x0100, 1, 0, 0, 0);
    question(&q, "split.example.org", DNS_TYPE_AAAA);
    /* three framed messages back to back */
    for (int i = 0; i < 3; i++) {
        stream[n++] = (uint8_t)(q.n >> 8);
        stream[n++] = (uint8_t)q.n;
        memcpy(stream + n, q.b, q.n);
        n += q.n;
    }
    build_response(&r);
    for (size_t cut = 0; cut <= n; cut++) {
        struct app_flow af;
        void *st = dns_state_new();

        memset(&af, 0, sizeof(af));
        assert_non_null(st);
        assert_int_equal(dns_parse(&af, st, NULL, APP_DIR_TOSERVER, stream, (uint32_t)cut, 0), 0);
        assert_int_equal(
                dns_parse(&af, st, NULL, APP_DIR_TOSERVER, stream + cut, (uint32_t)(n - cut), 0),
                0);
        assert_int_equal(count_txs(&af), 3);
        for (struct app_tx *t = af.txs; t != NULL; t = t->next) {
            const struct dns_tx *d = (const struct dns_tx *)t;

            assert_non_null(d->req);
            assert_true(name_is(d->req, &d->req->queries[0].name, "split.example.org"));
            assert_int_equal(t->events.n, 0);
        }
        flow_free_txs(&af);
        dns_state_free(st);
    }
    /* one byte at a time */
    {
        struct app_flow af;
        void *st = dns_state_new();

        memset(&af, 0, sizeof(af));
        for (size_t i = 0; i < n; i++)
            assert_int_equal(dns_parse(&af, st, NULL, APP_DIR_TOSERVER, stream + i, 1, 0), 0);
        assert_int_equal(count_txs(&af), 3);
        flow_free_txs(&af);
        dns_state_free(st);
    }
}

static void test_pairing(void **state)
{
    struct mw q, r;
    struct app_flow af;
    void *st = dns_state_new();
    struct packet pkt;
    const struct dns_tx *t;

    memset(&af, 0, sizeof(af));
    memset(&pkt, 0, sizeof(pkt));
    pkt.proto = 17;
    header(&q, 0x1234, 0x0100, 1, 0, 0, 0);
    question(&q, "www.example.com", DNS_TYPE_A);
    build_response(&r);
    dns_parse(&af, st, &pkt, APP_DIR_TOSERVER, q.b, (uint32_t)q.n, 0);
    /* an unsolicited response (other id), then the real one */
    r.b[0] = 0x99;
    dns_parse(&af, st, &pkt, APP_DIR_TOCLIENT, r.b, (uint32_t)r.n, 0);
    r.b[0] = 0x12;
    dns_parse(&af, st, &pkt, APP_DIR_TOCLIENT, r.b, (uint32_t)r.n, 0);
    assert_int_equal(count_txs(&af), 3);
    t = (const struct dns_tx *)af.txs;
    assert_non_null(t->req);
    assert_int_equal(t->head.complete, 3);
    assert_int_equal(t->head.logged, 2); /* the response side has nothing to log */
    t = (const struct dns_tx *)t->head.next;
    assert_non_null(t->resp);
    assert_false(t->resp->paired);
    assert_int_equal(t->resp->seq, 1);
    assert_int_equal(t->head.logged, 1);
    t = (const struct dns_tx *)t->head.next;
    assert_true(t->resp->paired);
    assert_int_equal(t->resp->req_seq, 0);
    flow_free_txs(&af);

    /* a request with the QR bit set and the Z flag: events on its tx */
    q.b[2] = 0x81;
    q.b[3] = 0x40;
    dns_parse(&af, st, &pkt, APP_DIR_TOSERVER, q.b, (uint32_t)q.n, 0);
    assert_non_null(af.txs);
    {
        bool z = false, nr = false;

        for (uint8_t i = 0; i < af.txs->events.n; i++) {
            z |= af.txs->events.ev[i].id == DNS_EV_Z_FLAG_SET;
            nr |= af.txs->events.ev[i].id == DNS_EV_NOT_A_REQUEST;
        }
        assert_true(z);
        assert_true(nr);
    }
    flow_free_txs(&af);
    dns_state_free(st);
}

static void test_probe(void **state)
{
    struct mw q;
    uint8_t framed[600];

    header(&q, 0x1234, 0x0100, 1, 0, 0, 0);
    question(&q, "www.example.com", DNS_TYPE_A);
    assert_int_equal(dns_probe(q.b, q.n, APP_DIR_TOSERVER), APP_PROBE_YES);
    assert_int_equal(dns_probe(q.b, q.n, APP_DIR_TOCLIENT), APP_PROBE_YES_REV);
    framed[0] = 0;
    framed[1] = (uint8_t)q.n;
    memcpy(framed + 2, q.b, q.n);
    assert_int_equal(dns_probe(framed, q.n + 2, APP_DIR_TOSERVER), APP_PROBE_YES);
    assert_int_equal(dns_probe(framed, 10, APP_DIR_TOSERVER), APP_PROBE_MORE);
    assert_int_equal(
            dns_probe((const uint8_t *)"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 27, APP_DIR_TOSERVER),
            APP_PROBE_NO);
}

/* --- logging --- */

static void expect_log(const struct dns_tx *tx, const char *want)
{
    struct json j;

    json_init(&j, 1 << 16);
    json_open_object(&j);
    dns_log_tx(&j, &tx->head, -1);
    json_close_object(&j);
    assert_true(json_ok(&j));
    {
        char *got = calloc(1, j.len + 1);

        assert_non_null(got);
        memcpy(got, j.buf, j.len);
        assert_string_equal(got, want);
        free(got);
    }
    json_release(&j);
}

static void test_log_v3(void **state)
{
    struct mw q, r;
    struct dns_tx tx;
    uint32_t ev;

    assert_int_equal(dns_log_init(NULL), 0);
    header(&q, 0x1234, 0x0100, 1, 0, 0, 0);
    question(&q, "www.example.com", DNS_TYPE_A);
    memset(&tx, 0, sizeof(tx));
    tx.req = dns_msg_parse(q.b, q.n, &ev);
    expect_log(&tx, "{\"dns\":{\"version\":3,\"type\":\"request\",\"tx_id\":0,\"id\":4660,"
                    "\"flags\":\"100\",\"rd\":true,\"opcode\":0,\"rcode\":\"NOERROR\","
                    "\"queries\":[{\"rrname\":\"www.example.com\",\"rrtype\":\"A\"}]}}");
    dns_msg_free(tx.req);

    build_response(&r);
    memset(&tx, 0, sizeof(tx));
    tx.resp = dns_msg_parse(r.b, r.n, &ev);
    tx.resp->seq = 1;
    expect_log(&tx, "{\"dns\":{\"version\":3,\"type\":\"response\",\"tx_id\":1,\"id\":4660,"
                    "\"flags\":\"8180\",\"qr\":true,\"rd\":true,\"ra\":true,\"opcode\":0,"
                    "\"rcode\":\"NOERROR\","
                    "\"queries\":[{\"rrname\":\"www.example.com\",\"rrtype\":\"A\"}],"
                    "\"answers\":[{\"rrname\":\"www.example.com\",\"rrtype\":\"CNAME\",\"ttl\":300,"
                    "\"rdata\":\"cdn.example.com\"},"
                    "{\"rrname\":\"cdn.example.com\",\"rrtype\":\"A\",\"ttl\":60,"
                    "\"rdata\":\"192.0.2.1\"},"
                    "{\"rrname\":\"www.example.com\",\"rrtype\":\"AAAA\",\"ttl\":60,"
                    "\"rdata\":\"2001:0db8:0000:0000:0000:0000:0000:0001\"}],"
                    "\"grouped\":{\"CNAME\":[\"cdn.example.com\"],\"A\":[\"192.0.2.1\"],"
                    "\"AAAA\":[\"2001:0db8:0000:0000:0000:0000:0000:0001\"]}}}");
    dns_msg_free(tx.resp);
}

static void test_log_v2(void **state)
{
    struct conf c;
    static const char yaml[] = "outputs:\n"
                               "  - eve-log:\n"
                               "      enabled: yes\n"
                               "      types:\n"
                               "        - dns:\n"
                               "            version: 2\n"
                               "            formats: [detailed]\n";
    struct mw q, r;
    struct dns_tx tx;
    uint32_t ev;

    assert_int_equal(conf_load_string(&c, yaml, sizeof(yaml) - 1, "test"), 0);
    assert_int_equal(dns_log_init(&c), 0);
    conf_release(&c);
    assert_int_equal(dns_log_config_get()->version, 2);
    header(&q, 0x1234, 0x0100, 1, 0, 0, 0);
    question(&q, "www.example.com", DNS_TYPE_A);
    memset(&tx, 0, sizeof(tx));
    tx.req = dns_msg_parse(q.b, q.n, &ev);
    expect_log(&tx, "{\"dns\":{\"type\":\"query\",\"id\":4660,\"rrname\":\"www.example.com\","
                    "\"rrtype\":\"A\",\"tx_id\":0,\"opcode\":0}}");
    dns_msg_free(tx.req);

    header(&r, 0x1234, 0x8183, 1, 0, 0, 0);
    question(&r, "nx.example.com", DNS_TYPE_A);
    memset(&tx, 0, sizeof(tx));
    tx.resp = dns_msg_parse(r.b, r.n, &ev);
    expect_log(&tx, "{\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":4660,\"flags\":\"8183\","
                    "\"qr\":true,\"rd\":true,\"ra\":true,\"opcode\":0,"
                    "\"rrname\":\"nx.example.com\",\"rrtype\":\"A\",\"rcode\":\"NXDOMAIN\"}}");
    dns_msg_free(tx.resp);
    assert_int_equal(dns_log_init(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_root_name),
        cmocka_unit_test(test_response_compression),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_compression_loop),
        cmocka_unit_test(test_name_too_long),
        cmocka_unit_test(test_record_types),
        cmocka_unit_test(test_bad_additionals),
        cmocka_unit_test(test_tcp_split),
        cmocka_unit_test(test_pairing),
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_log_v3),
        cmocka_unit_test(test_log_v2),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
