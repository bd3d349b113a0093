/*
 * test_http_evasion.c - HTTP/1 responses malformed the way http-evader's are, read as libhtp
 * (Suricata 8+) reads them: one case per class (chunk sizes with junk, CR-only line ends,
 * deformed line ends, folding, NUL bytes in framing headers, layered or odd Content-Encoding,
 * tolerant gzip, lzma, junk before the status line, bodies on 1xx). Each response is also fed
 * split at every byte and must give the same body.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lzma.h>
#include <zlib.h>

#include "app/http/http.h"

static const char eicar[] = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

struct fx {
    struct app_flow af;
    struct http_state *st;
};

static void fx_init(struct fx *f)
{
    memset(&f->af, 0, sizeof(f->af));
    f->st = http_state_new();
    assert_non_null(f->st);
    assert_int_equal(http_parse(&f->af, f->st, 0,
                             (const uint8_t *)"GET / HTTP/1.1\r\nHost: h\r\n\r\n", 27, 0),
            0);
}

static void fx_release(struct fx *f)
{
    struct app_tx *t = f->af.txs, *n;

    for (; t != NULL; t = n) {
        n = t->next;
        http_tx_free(t);
    }
    http_state_free(f->st);
}

static struct http_tx *first_tx(struct fx *f)
{
    assert_non_null(f->af.txs);
    return (struct http_tx *)f->af.txs;
}

static bool has_event(const struct http_tx *tx, enum http_event e)
{
    for (uint8_t i = 0; i < tx->head.events.n; i++) {
        if (tx->head.events.ev[i].id == (uint8_t)e)
            return true;
    }
    return false;
}

/* Feeds resp in two parts cut at cut (whole when cut >= n), then the end of the stream. */
static void feed_resp(struct fx *f, const uint8_t *resp, size_t n, size_t cut)
{
    if (cut > n)
        cut = n;
    if (cut > 0)
        assert_int_equal(http_parse(&f->af, f->st, 1, resp, (uint32_t)cut, 0), 0);
    if (n > cut)
        assert_int_equal(http_parse(&f->af, f->st, 1, resp + cut, (uint32_t)(n - cut), 0), 0);
    http_parse(&f->af, f->st, 1, NULL, 0, APP_PARSE_F_EOF);
}

/* The response body must be want however resp is cut in two, and fed byte by byte. */
static void check_body(const void *resp, size_t n, const char *want)
{
    for (size_t cut = 0; cut <= n; cut++) {
        struct fx f;
        struct http_tx *tx;

        fx_init(&f);
        feed_resp(&f, resp, n, cut == 0 ? SIZE_MAX : cut);
        tx = first_tx(&f);
        if (tx->resp.body.len != strlen(want) ||
                memcmp(tx->resp.body.p, want, tx->resp.body.len) != 0)
            fail_msg("cut %zu: body \"%.*s\"", cut, (int)tx->resp.body.len,
                    tx->resp.body.p ? (const char *)tx->resp.body.p : "");
        fx_release(&f);
    }
    /* and one byte at a time */
    {
        struct fx f;
        struct http_tx *tx;

        fx_init(&f);
        for (size_t i = 0; i < n; i++)
            http_parse(&f.af, f.st, 1, (const uint8_t *)resp + i, 1, 0);
        http_parse(&f.af, f.st, 1, NULL, 0, APP_PARSE_F_EOF);
        tx = first_tx(&f);
        if (tx->resp.body.len != strlen(want) ||
                memcmp(tx->resp.body.p, want, tx->resp.body.len) != 0)
            fail_msg("bytewise: body \"%.*s\"", (int)tx->resp.body.len,
                    tx->resp.body.p ? (const char *)tx->resp.body.p : "");
        fx_release(&f);
    }
}

/* Feeds resp whole and returns the tx (f released by the caller). */
static struct http_tx *feed_whole(struct fx *f, const void *resp, size_t n)
{
    fx_init(f);
    feed_resp(f, resp, n, SIZE_MAX);
    return first_tx(f);
}

/* raw: -15 raw deflate, 15 zlib, 31 gzip */
static size_t zbytes(const void *in, size_t n, int bits, uint8_t *out, size_t cap)
{
    z_stream zs;

    memset(&zs, 0, sizeof(zs));
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    deflateEnd(&zs);
    return cap - zs.avail_out;
}

static void test_chunk_len_junk(void **state)
{
    static const char *const sizes[] = { "fx", "f,", "f x", "f;name=v", "  f  " };
    uint8_t resp[512];
    struct fx f;
    struct http_tx *tx;

    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        int n = snprintf((char *)resp, sizeof(resp),
                "HTTP/1.1 200 ok\r\nTransfer-Encoding: chunked\r\n\r\n"
                "%s\r\nX5O!P%%@AP[4\\PZX\r\n%s\r\n54(P^)7CC)7}$EI\r\n0\r\n\r\n",
                sizes[k], sizes[k]);

        check_body(resp, (size_t)n, "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EI");
    }
    /* a NUL after the digits */
    memcpy(resp, "HTTP/1.1 200 ok\r\nTransfer-Encoding: chunked\r\n\r\n3\0\r\nabc\r\n0\r\n\r\n",
            59);
    check_body(resp, 59, "abc");
    /* no hex digit at all: the rest of the response is the body, as it is */
    tx = feed_whole(&f, "HTTP/1.1 200 ok\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc",
            strlen("HTTP/1.1 200 ok\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc"));
    assert_true(has_event(tx, HTTP_EV_INVALID_RESPONSE_CHUNK_LEN));
    assert_int_equal(tx->resp.body.len, 7);
    assert_memory_equal(tx->resp.body.p, "zz\r\nabc", 7);
    fx_release(&f);
}

static void test_cr_line_ends(void **state)
{
    static const char r1[] = "HTTP/1.1 200 ok\rContent-type: x\rTransfer-Encoding: chunked\r\n\r\n"
                             "3\r\nabc\r\n0\r\n\r\n";
    static const char r2[] = "HTTP/1.1\rTransfer-Encoding:chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    static const char r3[] = "HTTP/1.1 200 ok\rContent-length: 3\r\n\nabc";
    struct fx f;
    struct http_tx *tx;

    check_body(r1, strlen(r1), "abc");
    check_body(r2, strlen(r2), "abc");
    check_body(r3, strlen(r3), "abc");
    tx = feed_whole(&f, r1, strlen(r1));
    assert_int_equal(tx->status, 200);
    assert_int_equal(tx->resp.n_hdrs, 2);
    fx_release(&f);
}

static void test_deformed_eol(void **state)
{
    /* CR LF CR CR: one line end, not an empty line */
    static const char r1[] = "HTTP/1.1 200 ok\r\nConnection: close\r\n\r\rTransfer-Encoding: "
                             "chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    /* LF CR CR LF before an empty line */
    static const char r2[] = "HTTP/1.1 200 ok\r\nContent-Length: 3\n\r\r\n\r\nabc";

    check_body(r1, strlen(r1), "abc");
    check_body(r2, strlen(r2), "abc");
}

static void test_folding(void **state)
{
    /* a folded line that looks like a header is one */
    static const char r1[] = "HTTP/1.1 200 ok\r\nX-Foo: bar\r\n\tTransfer-Encoding: chunked\r\n"
                             "\r\n3\r\nabc\r\n0\r\n\r\n";
    /* a bare CR then a space folds; NUL folds too */
    static const char r2[] = "HTTP/1.1 200 ok\r\nTransfer-Encoding:\r chunked\r\n\r\n"
                             "3\r\nabc\r\n0\r\n\r\n";
    static const char r3[] = "HTTP/1.1 200 ok\r\nTransfer-Encoding:\n\0chunked\r\n\r\n"
                             "3\r\nabc\r\n0\r\n\r\n";
    /* a lone space on an LF-ended line ends the headers, with one more LF if there is one */
    static const char r4[] = "HTTP/1.1 200 ok\r\nContent-Length: 3\n \nabc";
    static const char r5[] = "HTTP/1.1 200 ok\r\nContent-Length: 3\n\t\n\nabc";
    struct fx f;
    struct http_tx *tx;

    check_body(r1, strlen(r1), "abc");
    check_body(r2, strlen(r2), "abc");
    check_body(r3, sizeof(r3) - 1, "abc");
    check_body(r4, strlen(r4), "abc");
    check_body(r5, strlen(r5), "abc");
    tx = feed_whole(&f, r1, strlen(r1));
    assert_int_equal(tx->resp.n_hdrs, 2);
    fx_release(&f);
}

static void test_nul_in_framing(void **state)
{
    static const char r1[] = "HTTP/1.1 200 ok\r\nTransfer\0-encoding:chun\0ked\r\n\r\n"
                             "3\r\nabc\r\n0\r\n\r\n";
    static const char r2[] = "HTTP/1.1 200 ok\r\nContent-Length\v: 3\r\n\r\nabc";
    struct fx f;
    struct http_tx *tx;

    check_body(r1, sizeof(r1) - 1, "abc");
    check_body(r2, strlen(r2), "abc");
    tx = feed_whole(&f, r1, sizeof(r1) - 1);
    assert_true(has_event(tx, HTTP_EV_RESPONSE_ABNORMAL_TRANSFER_ENCODING));
    fx_release(&f);
}

/* A response with Content-Length and the given Content-Encoding header lines (which may hold
 * NUL bytes: given with their length by CE()). */
static size_t ce_resp_n(
        uint8_t *out, size_t cap, const char *ce_lines, size_t ce_len, const void *body, size_t n)
{
    char head[128];
    int hn = snprintf(head, sizeof(head), "HTTP/1.1 200 ok\r\nContent-Length: %zu\r\n", n);

    assert_true(hn > 0 && (size_t)hn + ce_len + 2 + n <= cap);
    memcpy(out, head, (size_t)hn);
    memcpy(out + hn, ce_lines, ce_len);
    memcpy(out + hn + ce_len, "\r\n", 2);
    memcpy(out + hn + ce_len + 2, body, n);
    return (size_t)hn + ce_len + 2 + n;
}

#define ce_resp(out, cap, lines, body, n) ce_resp_n(out, cap, lines, sizeof(lines) - 1, body, n)

static void test_encodings(void **state)
{
    uint8_t raw[256], zl[256], gz[256], twice[512], resp[1024];
    size_t nraw = zbytes(eicar, strlen(eicar), -15, raw, sizeof(raw));
    size_t nzl = zbytes(eicar, strlen(eicar), 15, zl, sizeof(zl));
    size_t ngz = zbytes(eicar, strlen(eicar), 31, gz, sizeof(gz));
    size_t ntw, n;
    struct fx f;
    struct http_tx *tx;

    /* deflate is raw deflate; zlib-wrapped data is found by restarting */
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: deflate\r\n", raw, nraw);
    check_body(resp, n, eicar);
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: deflate\r\n", zl, nzl);
    check_body(resp, n, eicar);
    /* junk around a known name, NUL inside it, folded list, leading colon */
    n = ce_resp(resp, sizeof(resp), "Content-Encoding:\xa0gzip\r\n", gz, ngz);
    check_body(resp, n, eicar);
    n = ce_resp(resp, sizeof(resp), "Content-Encoding:def\0late\r\n", raw, nraw);
    check_body(resp, n, eicar);
    n = ce_resp(resp, sizeof(resp), "Content-Encoding:deflate\r\n ,\r\n", raw, nraw);
    check_body(resp, n, eicar);
    n = ce_resp(resp, sizeof(resp), "Content-Encoding:: deflate\r\n", raw, nraw);
    check_body(resp, n, eicar);
    /* identity is no layer */
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: identity\r\nContent-Encoding: gzip\r\n", gz,
            ngz);
    check_body(resp, n, eicar);
    tx = feed_whole(&f, resp, n);
    assert_true(has_event(tx, HTTP_EV_ABNORMAL_CE_HEADER));
    fx_release(&f);
    /* two layers: gzip of raw deflate, in one header or two */
    ntw = zbytes(raw, nraw, 31, twice, sizeof(twice));
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: deflate, gzip\r\n", twice, ntw);
    check_body(resp, n, eicar);
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: deflate\r\nContent-Encoding: gzip\r\n",
            twice, ntw);
    check_body(resp, n, eicar);
    /* a layer that cannot decode passes its input through */
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: deflate, deflate\r\n", raw, nraw);
    check_body(resp, n, eicar);
    /* over the layer limit (2): the first two are kept, an event is raised */
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: deflate, gzip, gzip\r\n", twice, ntw);
    tx = feed_whole(&f, resp, n);
    assert_true(has_event(tx, HTTP_EV_TOO_MANY_ENCODING_LAYERS));
    assert_int_equal(tx->resp.body.len, strlen(eicar));
    fx_release(&f);
}

static void test_gzip_tolerance(void **state)
{
    uint8_t gz[256], odd[300], resp[1024];
    size_t ngz = zbytes(eicar, strlen(eicar), 31, gz, sizeof(gz)), n;

    /* reserved flag bits */
    memcpy(odd, gz, ngz);
    odd[3] = 0x20;
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: gzip\r\n", odd, ngz);
    check_body(resp, n, eicar);
    odd[3] = 0x80;
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: gzip\r\n", odd, ngz);
    check_body(resp, n, eicar);
    /* FHCRC with a wrong header CRC, and FEXTRA + FNAME */
    memcpy(odd, gz, 10);
    odd[3] = 0x02;
    odd[10] = odd[11] = 0;
    memcpy(odd + 12, gz + 10, ngz - 10);
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: gzip\r\n", odd, ngz + 2);
    check_body(resp, n, eicar);
    memcpy(odd, gz, 10);
    odd[3] = 0x0c;
    memcpy(odd + 10, "\x03\x00xyzname\0", 10);
    memcpy(odd + 20, gz + 10, ngz - 10);
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: gzip\r\n", odd, ngz + 10);
    check_body(resp, n, eicar);
}

static void test_lzma(void **state)
{
    uint8_t lz[512], resp[1024];
    lzma_stream ls = LZMA_STREAM_INIT;
    lzma_options_lzma opt;
    size_t nlz, n;

    assert_false(lzma_lzma_preset(&opt, 6));
    assert_int_equal(lzma_alone_encoder(&ls, &opt), LZMA_OK);
    ls.next_in = (const uint8_t *)eicar;
    ls.avail_in = strlen(eicar);
    ls.next_out = lz;
    ls.avail_out = sizeof(lz);
    assert_int_equal(lzma_code(&ls, LZMA_FINISH), LZMA_STREAM_END);
    nlz = sizeof(lz) - ls.avail_out;
    lzma_end(&ls);
    n = ce_resp(resp, sizeof(resp), "Content-Encoding: lzma\r\n", lz, nlz);
    /* off by default: the data is kept as it is */
    {
        struct fx f;
        struct http_tx *tx = feed_whole(&f, resp, n);

        assert_int_equal(tx->resp.body.len, nlz);
        fx_release(&f);
    }
    http_cfg.lzma_enabled = true;
    check_body(resp, n, eicar);
    http_config_defaults(&http_cfg);
}

static void test_status_line_junk(void **state)
{
    static const char r1[] = "foobar\r\nHTTP/1.1 200 ok\r\nContent-Length: 3\r\n\r\nabc";
    static const char r2[] = " SIP/2.0 200 ok\r\nHTTP/1.1 200 ok\r\nContent-Length: 3\r\n\r\nabc";
    static const char r3[] = "HTTP/1.1 101 ok\r\nContent-Length: 3\r\n\r\nabc";
    static const char r4[] = "HTTP/1.1 204 ok\r\nContent-Length: 3\r\n\r\nabc";
    static const char r5[] = "HTTP/1.1 100 Continue\r\nContent-Length: 3\r\n\r\nabc";
    static const char r6[] = "HTTP/1.1 100 Continue\r\nContent-Length: 0\r\n\r\n"
                             "HTTP/1.1 200 ok\r\nContent-Length: 3\r\n\r\nabc";
    struct fx f;
    struct http_tx *tx;

    tx = feed_whole(&f, r1, strlen(r1));
    assert_int_equal(tx->status, 200);
    assert_int_equal(tx->resp.body.len, 3);
    fx_release(&f);
    tx = feed_whole(&f, r2, strlen(r2));
    assert_int_equal(tx->status, 200);
    assert_int_equal(tx->resp.body.len, 3);
    fx_release(&f);
    check_body(r3, strlen(r3), "abc");
    check_body(r4, strlen(r4), "abc");
    /* a 100 with a body is a response; without, an interim one */
    check_body(r5, strlen(r5), "abc");
    tx = feed_whole(&f, r6, strlen(r6));
    assert_int_equal(tx->status, 200);
    assert_int_equal(tx->resp.body.len, 3);
    fx_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunk_len_junk),
        cmocka_unit_test(test_cr_line_ends),
        cmocka_unit_test(test_deformed_eol),
        cmocka_unit_test(test_folding),
        cmocka_unit_test(test_nul_in_framing),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_gzip_tolerance),
        cmocka_unit_test(test_lzma),
        cmocka_unit_test(test_status_line_junk),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
