/*
 * test_http.c - the HTTP/1 parser (src/app/http): transactions, bodies, malformations, EVE.
 *
 * A flow is a bare struct app_flow plus a parser state; bytes go in through http_parse()
 * exactly as the framework gives them. Exchanges are also fed split at every byte position
 * (and one byte at a time) and must give the same transactions as when fed whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "app/http/http.h"
#include "util/json.h"

struct fx {
    struct app_flow af;
    struct http_state *st;
};

static void fx_init(struct fx *f)
{
    memset(&f->af, 0, sizeof(f->af));
    f->st = http_state_new();
    assert_non_null(f->st);
}

static void fx_release(struct fx *f)
{
    struct app_tx *t = f->af.txs, *n;

    for (; t != NULL; t = n) {
        n = t->next;
        http_tx_free(t);
    }
    f->af.txs = f->af.txs_tail = NULL;
    http_state_free(f->st);
    f->st = NULL;
}

static void feed(struct fx *f, int dir, const char *s)
{
    assert_int_equal(http_parse(&f->af, f->st, dir, (const uint8_t *)s, (uint32_t)strlen(s), 0), 0);
}

static void feed_n(struct fx *f, int dir, const void *p, size_t n)
{
    assert_int_equal(http_parse(&f->af, f->st, dir, p, (uint32_t)n, 0), 0);
}

static void eof(struct fx *f, int dir)
{
    http_parse(&f->af, f->st, dir, NULL, 0, APP_PARSE_F_EOF);
}

static struct http_tx *tx_at(struct fx *f, unsigned idx)
{
    struct app_tx *t = f->af.txs;

    while (t != NULL && idx-- > 0)
        t = t->next;
    if (t == NULL) {
        fail_msg("no such transaction");
        abort();
    }
    return (struct http_tx *)t;
}

static unsigned tx_count(struct fx *f)
{
    unsigned n = 0;

    for (struct app_tx *t = f->af.txs; t != NULL; t = t->next)
        n++;
    return n;
}

static void assert_buf(const struct http_buf *b, const char *s)
{
    size_t n = strlen(s);

    assert_int_equal(b->len, n);
    if (n > 0)
        assert_memory_equal(b->p, s, n);
}

static bool has_event(const struct http_tx *tx, enum http_event e)
{
    for (uint8_t i = 0; i < tx->head.events.n; i++) {
        if (tx->head.events.ev[i].id == (uint8_t)e)
            return true;
    }
    return false;
}

static const char req1[] = "GET /a/../b/./c%20d?x=%41 HTTP/1.1\r\n"
                           "Host: WWW.Example.COM:8080\r\n"
                           "User-Agent: test/1.0\r\n"
                           "Cookie: k=v\r\n"
                           "\r\n";
static const char resp1[] = "HTTP/1.1 200 OK\r\n"
                            "Content-Type: text/html; charset=utf-8\r\n"
                            "Content-Length: 5\r\n"
                            "\r\n"
                            "hello";

static void test_simple(void **state)
{
    struct fx f;
    struct http_tx *tx;

    fx_init(&f);
    feed(&f, 0, req1);
    tx = tx_at(&f, 0);
    assert_non_null(tx);
    assert_int_equal(tx->head.complete, 1);
    assert_buf(&tx->method, "GET");
    assert_buf(&tx->uri_raw, "/a/../b/./c%20d?x=%41");
    assert_buf(&tx->uri_norm, "/b/c d?x=A");
    assert_buf(&tx->protocol, "HTTP/1.1");
    assert_buf(&tx->host, "www.example.com");
    assert_buf(&tx->host_raw, "WWW.Example.COM:8080");
    assert_int_equal(tx->port, 8080);
    assert_buf(&tx->req.hdr_norm, "Host: WWW.Example.COM:8080\r\nUser-Agent: test/1.0\r\n");
    assert_buf(&tx->req.hdr_names, "\r\nHost\r\nUser-Agent\r\nCookie\r\n\r\n");
    assert_int_equal(
            tx->req.hdr_raw.len, strlen(req1) - strlen("GET /a/../b/./c%20d?x=%41 HTTP/1.1\r\n"));
    feed(&f, 1, resp1);
    assert_int_equal(tx->head.complete, 3);
    assert_int_equal(tx->status, 200);
    assert_buf(&tx->status_msg, "OK");
    assert_buf(&tx->resp.body, "hello");
    assert_int_equal(tx->resp.body_len, 5);
    assert_int_equal(tx_count(&f), 1);
    fx_release(&f);
}

/* A summary of all transactions, to compare whole and split feeding. */
static void summary(struct fx *f, char *out, size_t cap)
{
    size_t o = 0;

    out[0] = '\0';
    for (struct app_tx *t = f->af.txs; t != NULL; t = t->next) {
        const struct http_tx *tx = (const struct http_tx *)t;
        int n = snprintf(out + o, cap - o, "[%u %.*s %.*s %d %.*s|%.*s|%u]", t->complete,
                (int)tx->method.len, tx->method.p ? (const char *)tx->method.p : "",
                (int)tx->uri_norm.len, tx->uri_norm.p ? (const char *)tx->uri_norm.p : "",
                tx->status, (int)tx->resp.body.len,
                tx->resp.body.p ? (const char *)tx->resp.body.p : "", (int)tx->req.body.len,
                tx->req.body.p ? (const char *)tx->req.body.p : "", t->events.n);

        assert_true(n > 0 && (size_t)n < cap - o);
        o += (size_t)n;
    }
}

static const char pipe_req[] = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                               "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody"
                               "POST /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "3\r\nabc\r\n2;ext\r\nde\r\n0\r\nTrailer: x\r\n\r\n"
                               "HEAD /4 HTTP/1.1\r\nHost: a\r\n\r\n";
static const char pipe_resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nr1"
                                "HTTP/1.1 100 Continue\r\n\r\n"
                                "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "a\r\n0123456789\r\n0\r\n\r\n"
                                "HTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nx"
                                "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";

static void run_split(size_t cut, char *out, size_t cap)
{
    struct fx f;
    size_t rl = strlen(pipe_req), sl = strlen(pipe_resp);

    fx_init(&f);
    feed_n(&f, 0, pipe_req, cut < rl ? cut : rl);
    if (cut < rl)
        feed_n(&f, 0, pipe_req + cut, rl - cut);
    feed_n(&f, 1, pipe_resp, cut < sl ? cut : sl);
    if (cut < sl)
        feed_n(&f, 1, pipe_resp + cut, sl - cut);
    summary(&f, out, cap);
    fx_release(&f);
}

static void test_pipeline_split(void **state)
{
    char whole[1024], part[1024];
    struct fx f;
    size_t sl = strlen(pipe_resp), rl = strlen(pipe_req);

    run_split(SIZE_MAX, whole, sizeof(whole));
    assert_string_equal(whole, "[3 GET /1 200 r1||0][3 POST /2 201 0123456789|body|0]"
                               "[3 POST /3 404 x|abcde|1][3 HEAD /4 200 ||0]");
    for (size_t cut = 0; cut <= (sl > rl ? sl : rl); cut++) {
        run_split(cut, part, sizeof(part));
        assert_string_equal(whole, part);
    }
    /* one byte at a time */
    fx_init(&f);
    for (size_t i = 0; i < rl; i++)
        feed_n(&f, 0, pipe_req + i, 1);
    for (size_t i = 0; i < sl; i++)
        feed_n(&f, 1, pipe_resp + i, 1);
    summary(&f, part, sizeof(part));
    assert_string_equal(whole, part);
    fx_release(&f);
}

static size_t gzip_bytes(const char *s, uint8_t *out, size_t cap)
{
    z_stream zs;

    memset(&zs, 0, sizeof(zs));
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)s;
    zs.avail_in = (uInt)strlen(s);
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    deflateEnd(&zs);
    return cap - zs.avail_out;
}

static void test_gzip_chunked(void **state)
{
    struct fx f;
    uint8_t gz[256];
    size_t n = gzip_bytes("hello compressed world", gz, sizeof(gz));
    char hdr[160];
    struct http_tx *tx;

    fx_init(&f);
    feed(&f, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    snprintf(hdr, sizeof(hdr),
            "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
            "%zx\r\n",
            n - 5);
    feed(&f, 1, hdr);
    feed_n(&f, 1, gz, n - 5);
    snprintf(hdr, sizeof(hdr), "\r\n5\r\n");
    feed(&f, 1, hdr);
    feed_n(&f, 1, gz + n - 5, 5);
    feed(&f, 1, "\r\n0\r\n\r\n");
    tx = tx_at(&f, 0);
    assert_int_equal(tx->head.complete, 3);
    assert_buf(&tx->resp.body, "hello compressed world");
    assert_int_equal(tx->resp.body_len, n);
    fx_release(&f);
}

static void test_bomb(void **state)
{
    struct fx f;
    size_t big = 8u << 20, cap = 64 * 1024;
    char *plain = malloc(big + 1);
    uint8_t *gz = malloc(cap);
    size_t n;
    char hdr[128];
    struct http_tx *tx;

    assert_non_null(plain);
    assert_non_null(gz);
    memset(plain, 'A', big);
    plain[big] = '\0';
    n = gzip_bytes(plain, gz, cap);
    /* deflate tops out near 1000:1, below Suricata's 2048: test the mechanism lower */
    http_cfg.decompress_ratio = 200;
    fx_init(&f);
    feed(&f, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    snprintf(hdr, sizeof(hdr),
            "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %zu\r\n\r\n", n);
    feed(&f, 1, hdr);
    feed_n(&f, 1, gz, n);
    tx = tx_at(&f, 0);
    assert_true(has_event(tx, HTTP_EV_COMPRESSION_BOMB));
    assert_true(tx->resp.body.len <= http_cfg.response_body_limit);
    assert_int_equal(tx->head.complete, 3);
    fx_release(&f);
    http_config_defaults(&http_cfg);
    free(plain);
    free(gz);
}

static void test_malformed(void **state)
{
    struct fx f;
    struct http_tx *tx;
    struct slice v;

    fx_init(&f);
    feed(&f, 0,
            "  GET  /x HTTP/1.1\n"
            "Host : a\n"
            "NoColonHere\n"
            "X-Fold: one\n"
            "\ttwo\n"
            "Content-Length: 3\n"
            "Content-Length: 4\n");
    feed_n(&f, 0, "X-Nul: a\0b\n\nabc", 15);
    tx = tx_at(&f, 0);
    assert_non_null(tx);
    assert_true(has_event(tx, HTTP_EV_REQUEST_LINE_LEADING_WHITESPACE));
    assert_true(has_event(tx, HTTP_EV_METHOD_DELIM_NON_COMPLIANT));
    assert_true(has_event(tx, HTTP_EV_REQUEST_HEADER_INVALID));
    assert_true(has_event(tx, HTTP_EV_REQUEST_FIELD_MISSING_COLON));
    assert_true(has_event(tx, HTTP_EV_DUPLICATE_CL_IN_REQUEST));
    assert_true(http_msg_header_value(&tx->req, "Host", &v));
    assert_int_equal(v.len, 1);
    assert_true(http_msg_header_value(&tx->req, "X-Fold", &v));
    assert_int_equal(v.len, 7);
    assert_memory_equal(v.p, "one\ttwo", 7);
    assert_true(http_msg_header_value(&tx->req, "X-Nul", &v));
    assert_int_equal(v.len, 3);
    assert_buf(&tx->req.body, "abc");
    assert_int_equal(tx->head.complete & 1, 1);
    fx_release(&f);

    /* invalid chunk length: the response continues as a body until close */
    fx_init(&f);
    feed(&f, 0, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    feed(&f, 1, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nrest");
    tx = tx_at(&f, 0);
    assert_true(has_event(tx, HTTP_EV_INVALID_RESPONSE_CHUNK_LEN));
    eof(&f, 1);
    assert_int_equal(tx->head.complete, 3);
    fx_release(&f);

    /* missing Host on 1.1, response without request, invalid status */
    fx_init(&f);
    feed(&f, 1, "HTTP/1.1 2x0 Weird\r\nContent-Length: 0\r\n\r\n");
    tx = tx_at(&f, 0);
    assert_true(has_event(tx, HTTP_EV_UNABLE_TO_MATCH_RESPONSE));
    assert_true(has_event(tx, HTTP_EV_RESPONSE_INVALID_STATUS));
    feed(&f, 0, "GET / HTTP/1.1\r\n\r\n");
    tx = tx_at(&f, 1);
    assert_true(has_event(tx, HTTP_EV_MISSING_HOST_HEADER));
    fx_release(&f);
}

static void test_connect_and_close(void **state)
{
    struct fx f;
    struct http_tx *tx;

    fx_init(&f);
    feed(&f, 0, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    feed(&f, 1, "HTTP/1.1 200 Connection established\r\n\r\n");
    feed(&f, 0, "\x16\x03\x01 tls bytes GET / HTTP/1.1\r\n\r\n");
    feed(&f, 1, "\x16\x03\x03 more");
    assert_int_equal(tx_count(&f), 1);
    tx = tx_at(&f, 0);
    assert_int_equal(tx->head.complete, 3);
    assert_buf(&tx->host, "example.com");
    assert_int_equal(tx->port, 443);
    fx_release(&f);

    /* HTTP/1.0 body until close */
    fx_init(&f);
    feed(&f, 0, "GET /old HTTP/1.0\r\n\r\n");
    feed(&f, 1, "HTTP/1.0 200 OK\r\n\r\nall of this");
    tx = tx_at(&f, 0);
    assert_int_equal(tx->head.complete, 1);
    feed(&f, 1, " and more");
    eof(&f, 1);
    assert_int_equal(tx->head.complete, 3);
    assert_buf(&tx->resp.body, "all of this and more");
    fx_release(&f);

    /* HTTP/0.9 */
    fx_init(&f);
    feed(&f, 0, "GET /nine\r\n");
    feed(&f, 1, "<html>");
    eof(&f, 1);
    tx = tx_at(&f, 0);
    assert_int_equal(tx->req_proto_num, 9);
    assert_buf(&tx->resp.body, "<html>");
    fx_release(&f);
}

static void test_limits(void **state)
{
    struct fx f;
    struct http_tx *tx;
    char *line = malloc(40000);

    assert_non_null(line);
    memset(line, 'a', 40000);
    fx_init(&f);
    feed(&f, 0, "GET / HTTP/1.1\r\nX-Long: ");
    feed_n(&f, 0, line, 40000);
    feed(&f, 0, "\r\nHost: h\r\n\r\n");
    tx = tx_at(&f, 0);
    assert_true(has_event(tx, HTTP_EV_REQUEST_FIELD_TOO_LONG));
    assert_int_equal(tx->head.complete & 1, 1);
    fx_release(&f);
    free(line);

    /* body limit */
    fx_init(&f);
    {
        size_t n = 300 * 1024;
        char hdr[128];
        char *body = calloc(1, n);

        assert_non_null(body);
        feed(&f, 0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        snprintf(hdr, sizeof(hdr), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", n);
        feed(&f, 1, hdr);
        feed_n(&f, 1, body, n);
        tx = tx_at(&f, 0);
        assert_int_equal(tx->resp.body.len, http_cfg.response_body_limit);
        assert_true(tx->resp.body_truncated);
        assert_int_equal(tx->resp.body_len, n);
        free(body);
    }
    fx_release(&f);

    /* gap inside a Content-Length body keeps the framing */
    fx_init(&f);
    feed(&f, 0, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nab");
    http_parse(&f.af, f.st, 0, NULL, 5, APP_PARSE_F_GAP);
    feed(&f, 0, "cde");
    feed(&f, 0, "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
    assert_int_equal(tx_count(&f), 2);
    assert_buf(&tx_at(&f, 1)->uri_raw, "/next");
    fx_release(&f);
}

static void assert_json(const struct json *j, const char *want)
{
    if (j->len != strlen(want) || memcmp(j->buf, want, j->len) != 0)
        fail_msg("got %.*s", (int)j->len, j->buf);
}

static void test_log(void **state)
{
    struct fx f;
    struct json j;

    fx_init(&f);
    feed(&f, 0,
            "GET /p?q=1 HTTP/1.1\r\nHost: Ex.com\r\nUser-Agent: UA\r\nReferer: r\r\n"
            "X-Forwarded-For: 1.2.3.4\r\n\r\n");
    feed(&f, 1,
            "HTTP/1.1 301 Moved\r\nLocation: /new\r\nContent-Type: text/plain;x=y\r\n"
            "Content-Length: 3\r\n\r\nabc");
    json_init(&j, 65536);
    http_cfg.log_xff = true;
    json_open_object(&j);
    http_log_tx(&j, f.af.txs, -1);
    http_cfg.log_xff = false;
    json_close_object(&j);
    assert_true(json_ok(&j));
    assert_json(&j,
            "{\"http\":{\"hostname\":\"ex.com\",\"url\":\"/p?q=1\",\"http_user_agent\":\"UA\","
            "\"xff\":\"1.2.3.4\",\"http_content_type\":\"text/plain\",\"http_refer\":\"r\","
            "\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":301,"
            "\"redirect\":\"/new\",\"length\":3}}");
    json_release(&j);
    fx_release(&f);
}

/* The http record without "extended: yes" (bug-28): Suricata's basic fields only; alert
 * and fileinfo objects (http_log_tx) keep the extended ones. */
static void test_log_basic(void **state)
{
    struct fx f;
    struct json j;

    (void)state;
    fx_init(&f);
    feed(&f, 0, "GET /a HTTP/1.1\r\nHost: h\r\nUser-Agent: UA\r\nReferer: r\r\n\r\n");
    feed(&f, 1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    json_init(&j, 65536);
    http_cfg.log_extended = false;
    json_open_object(&j);
    http_log_record(&j, f.af.txs, -1);
    json_close_object(&j);
    assert_true(json_ok(&j));
    assert_json(&j, "{\"http\":{\"hostname\":\"h\",\"url\":\"/a\",\"http_user_agent\":\"UA\"}}");
    json_release(&j);
    json_init(&j, 65536);
    json_open_object(&j);
    http_log_tx(&j, f.af.txs, 0);
    json_close_object(&j);
    assert_json(&j, "{\"http\":{\"hostname\":\"h\",\"url\":\"/a\",\"http_user_agent\":\"UA\","
                    "\"http_refer\":\"r\",\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\","
                    "\"status\":200,\"length\":2}}");
    json_release(&j);
    http_cfg.log_extended = true;
    json_init(&j, 65536);
    json_open_object(&j);
    http_log_record(&j, f.af.txs, -1);
    json_close_object(&j);
    assert_non_null(memmem(j.buf, j.len, "\"http_method\":\"GET\"", 19));
    json_release(&j);
    fx_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_pipeline_split),
        cmocka_unit_test(test_gzip_chunked),
        cmocka_unit_test(test_bomb),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_connect_and_close),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_log),
        cmocka_unit_test(test_log_basic),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
