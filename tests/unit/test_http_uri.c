/*
 * test_http_uri.c - URI normalisation (src/app/http/http-uri.c) against a table of cases:
 * percent and %u decoding, backslashes, slash compression, dot segments, query and fragment,
 * absolute URIs and their authority, hostname normalisation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/http/http.h"

static const struct {
    const char *in, *out;
} cases[] = {
    { "/", "/" },
    { "/index.html", "/index.html" },
    { "/a/b/../c", "/a/c" },
    { "/a/./b/./c", "/a/b/c" },
    { "/../../etc/passwd", "/etc/passwd" },
    { "/a/b/..", "/a/" },
    { "/a/b/.", "/a/b/" },
    { "//a///b", "/a/b" },
    { "/a\\b\\..\\c", "/a/c" },
    { "/a%2fb", "/a/b" },
    { "/a%5c..%5cb", "/b" },
    { "/%2e%2e/x", "/x" },
    { "/a%20b", "/a b" },
    { "/a%zzb", "/a%zzb" },
    { "/a%", "/a%" },
    { "/a%4", "/a%4" },
    { "/%u0041%u002f", "/A/" },
    { "/%uff0e%uff0e/x", "/x" },
    { "/%c0%af", "//" },
    { "/%252e", "/%2e" },
    { "/p?q=%41&r=/../+%zz", "/p?q=A&r=/../+%zz" },
    { "/p?a#fr%41g", "/p?a#frAg" },
    { "http://Host.com:81/x/../y?z", "/y?z" },
    { "http://user@host/p", "/p" },
    { "http://host", "/" },
    { "*", "*" },
};

static void test_table(void **state)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_buf out = { 0 };
        struct http_uri_info info;
        size_t n = strlen(cases[i].out);

        http_uri_normalize(
                (const uint8_t *)cases[i].in, strlen(cases[i].in), false, &out, 4096, &info);
        if (out.len != n || (n > 0 && memcmp(out.p, cases[i].out, n) != 0))
            fail_msg("case %zu: %s -> %.*s (want %s)", i, cases[i].in, (int)out.len,
                    out.p ? (const char *)out.p : "", cases[i].out);
        http_buf_release(&out);
    }
}

static void test_authority(void **state)
{
    struct http_buf out = { 0 }, host = { 0 };
    struct http_uri_info info;
    const char *u = "http://user:pw@WWW.Host.ORG.:8080/x";
    int32_t port;

    http_uri_normalize((const uint8_t *)u, strlen(u), false, &out, 4096, &info);
    assert_true(info.absolute);
    assert_int_equal(info.host.len, strlen("WWW.Host.ORG.:8080"));
    port = http_host_normalize(info.host.p, info.host.len, &host, 256);
    assert_int_equal(port, 8080);
    assert_int_equal(host.len, strlen("www.host.org"));
    assert_memory_equal(host.p, "www.host.org", host.len);
    http_buf_release(&out);
    http_buf_release(&host);

    port = http_host_normalize((const uint8_t *)"[::1]:99", 8, &host, 256);
    assert_int_equal(port, 99);
    assert_memory_equal(host.p, "[::1]", 5);
    http_buf_release(&host);
    port = http_host_normalize((const uint8_t *)"h:99999", 7, &host, 256);
    assert_int_equal(port, -2);
    http_buf_release(&host);

    /* double encoding is flagged */
    http_uri_normalize((const uint8_t *)"/%2541", 6, false, &out, 4096, &info);
    assert_true(info.double_encoded);
    http_buf_release(&out);
}

static void test_long(void **state)
{
    size_t n = 20000;
    char *u = malloc(n + 1);
    struct http_buf out = { 0 };
    struct http_uri_info info;

    assert_non_null(u);
    for (size_t i = 0; i < n; i++)
        u[i] = (i % 3 == 0) ? '/' : (i % 3 == 1 ? '.' : '.');
    u[n] = '\0';
    http_uri_normalize((const uint8_t *)u, n, false, &out, 1 << 20, &info);
    assert_true(out.len <= n);
    http_buf_release(&out);
    free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_authority),
        cmocka_unit_test(test_long),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
