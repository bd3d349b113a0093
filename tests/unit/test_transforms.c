/*
 * test_transforms.c - each transform's output, their value checks (xor keys as Suricata's
 * detect-xor-key tests, pcrexform, from_base64, gunzip/zlib_deflate) and transforms applied before
 * inspection.
 */
#include "payload_test_util.h"

#include <zlib.h>

#include "detect/keyword.h"
#include "detect/kw/kw-payload.h"

/* Runs the transform kw (ctx from a rule when needed) on in and compares with want. */
static void expect_xf(const struct keyword *kw, const void *ctx, const char *in, size_t inlen,
        const void *want, size_t wlen)
{
    struct xform_out o = { 0 };

    assert_int_equal(kw->transform(ctx, (const uint8_t *)in, inlen, &o), VG_OK);
    assert_int_equal(o.len, wlen);
    if (wlen)
        assert_memory_equal(o.p, want, wlen);
    free(o.p);
}

#define XF(kw, in, want) expect_xf(&(kw), NULL, in, strlen(in), want, strlen(want))

static void test_simple(void **state)
{
    XF(kw_to_lowercase, "AbC1", "abc1");
    XF(kw_to_uppercase, "AbC1", "ABC1");
    XF(kw_strip_whitespace, " a b\t\r\nc ", "abc");
    XF(kw_compress_whitespace, "a  b\t\t c", "a b\tc");
    XF(kw_dotprefix, "example.com", ".example.com");
    XF(kw_dotprefix, "", ".");
    XF(kw_url_decode, "a%41+b%2", "aA b%2");
    XF(kw_url_decode, "%zz%4a", "%zzJ");
    XF(kw_header_lowercase, "Host: ExAmple\r\nUser-Agent: X\r\n",
            "host: ExAmple\r\nuser-agent: X\r\n");
    XF(kw_strip_pseudo_headers, ":method: GET\r\nhost: a\r\n:path: /\r\nx: y\r\n",
            "host: a\r\nx: y\r\n");
}

static void test_hashes(void **state)
{
    /* md5("abc"), sha1("abc"), sha256("abc") */
    expect_xf(&kw_to_md5, NULL, "abc", 3,
            "\x90\x01\x50\x98\x3c\xd2\x4f\xb0\xd6\x96\x3f\x7d\x28\xe1\x7f\x72", 16);
    expect_xf(&kw_to_sha1, NULL, "abc", 3,
            "\xa9\x99\x3e\x36\x47\x06\x81\x6a\xba\x3e\x25\x71\x78\x50\xc2\x6c\x9c\xd0\xd8\x9d", 20);
    expect_xf(&kw_to_sha256, NULL, "abc", 3,
            "\xba\x78\x16\xbf\x8f\x01\xcf\xea\x41\x41\x40\xde\x5d\xae\x22\x23\xb0\x03\x61\xa3"
            "\x96\x17\x7a\x9c\xb4\x10\xff\x61\xf2\x00\x15\xad",
            32);
    assert_true(pt_match("pkt_data; to_md5; content:\"|90 01 50 98 3c d2 4f b0 d6 96 3f 7d 28 "
                         "e1 7f 72|\"; bsize:16;",
            "abc"));
}

static void test_xor(void **state)
{
    /* "password" xor 0x42 */
    const char enc[] = "\x32\x23\x31\x31\x35\x2d\x30\x26";
    char var[16];

    assert_true(pt_match_n("pkt_data; xor:\"42\"; content:\"password\";", enc, 8));
    assert_false(pt_match_n("pkt_data; xor:\"43\"; content:\"password\";", enc, 8));
    assert_true(pt_match_n("pkt_data; xor:\"4242\"; content:\"password\";", enc, 8));
    /* key read from the buffer: offset 1, extract 1 byte at 0 */
    var[0] = 0x42;
    memcpy(var + 1, enc, 8);
    assert_true(pt_match_n("pkt_data; xor:offset 1,extract 1 0; content:\"password\";", var, 9));
    assert_false(pt_match_n("pkt_data; xor:offset 1,extract 1 0; content:\"NOTPRESENT\";", var, 9));
    pt_bad("pkt_data; xor:\"\"; content:\"test\";", "must not be empty");
    pt_bad("pkt_data; xor:\"123\"; content:\"test\";", "even number");
    pt_bad("pkt_data; xor:\"zz\"; content:\"test\";", "hexadecimal");
    pt_bad("pkt_data; xor:extract 1; content:\"test\";", "xor: invalid value");
    pt_bad("pkt_data; xor:offset abc,\"xor_key\"; content:\"test\";", "xor: invalid value");
    pt_bad("xor:\"42\"; content:\"test\";", "sticky");
}

static void test_pcrexform(void **state)
{
    assert_true(pt_match(
            "pkt_data; pcrexform:\"id=([0-9]+)\"; content:\"123\"; bsize:3;", "x id=123&y"));
    /* no match: the buffer is left as it was */
    assert_true(pt_match("pkt_data; pcrexform:\"id=([0-9]+)\"; content:\"abc\";", "abc"));
    pt_bad("pkt_data; pcrexform:\"id=[0-9]+\"; content:\"1\";", "capture group");
    pt_bad("pkt_data; pcrexform:\"(\"; content:\"1\";", "pcre2_compile failed");
}

static void test_from_base64(void **state)
{
    assert_true(pt_match(
            "pkt_data; from_base64; content:\"hello world\"; bsize:11;", "aGVsbG8gd29ybGQ="));
    assert_true(pt_match("pkt_data; from_base64:offset 2; content:\"hello\"; startswith;",
            "xxaGVsbG8gd29ybGQ="));
    assert_true(pt_match(
            "pkt_data; from_base64:bytes 8; content:\"hello\"; bsize:6;", "aGVsbG8gd29ybGQ="));
    assert_true(pt_match(
            "pkt_data; from_base64:mode rfc2045; content:\"hello world\";", "aGVs*bG8gd2$9ybGQ="));
    pt_bad("pkt_data; from_base64:mode bogus; content:\"a\";", "from_base64");
}

/* from_base64 modes as Suricata's from_base64-02: "Zm 9v Ym Fy" is "foobar" in RFC 2045
 * (bytes outside the alphabet skipped), "f" in RFC 4648 (stops at the space), and fails
 * in strict mode (the buffer is then not inspected at all). */
static void test_from_base64_modes(void **state)
{
    const char *v = "/?arg=Zm 9v Ym Fy";

    assert_true(pt_match("pkt_data; from_base64:offset 6, mode rfc2045; content:\"foobar\"; "
                         "bsize:6;",
            v));
    assert_true(pt_match("pkt_data; from_base64:offset 6; content:\"f\"; bsize:1;", v));
    assert_true(pt_match("pkt_data; from_base64:offset 6, mode rfc4648; bsize:1;", v));
    assert_false(pt_match("pkt_data; from_base64:offset 6, mode strict; bsize:>0;", v));
    assert_true(pt_match("pkt_data; from_base64:mode strict; content:\"foobar\";", "Zm9vYmFy"));
    assert_true(pt_match("pkt_data; from_base64:mode strict; bsize:4;", "Zm9vYg=="));
    /* strict: unpadded, or '=' before the end, is not base64 */
    assert_false(pt_match("pkt_data; from_base64:mode strict; bsize:>0;", "Zm9vYg"));
    assert_false(pt_match("pkt_data; from_base64:mode strict; bsize:>0;", "Zg==Zm9v"));
    /* RFC 4648 decodes on past padding; RFC 2045 drops a partial final group */
    assert_true(pt_match("pkt_data; from_base64; content:\"ffoo\"; bsize:4;", "Zg==Zm9v"));
    assert_true(pt_match("pkt_data; from_base64:mode rfc2045; bsize:3;", "Zm9vYm"));
    assert_true(pt_match("pkt_data; from_base64; content:\"foob\"; bsize:4;", "Zm9vYm"));
    /* an offset past the end, or bytes reaching it, leave the buffer as it is */
    assert_true(
            pt_match("pkt_data; from_base64:offset 8; content:\"Zm9vYmFy\"; bsize:8;", "Zm9vYmFy"));
    assert_true(
            pt_match("pkt_data; from_base64:bytes 8; content:\"Zm9vYmFy\"; bsize:8;", "Zm9vYmFy"));
    /* nothing decoded: not inspected */
    assert_false(pt_match("pkt_data; from_base64; bsize:0;", "*abc"));
}

static void test_subslice(void **state)
{
    /* Suricata's subslice-01 / subslice-05 cases on "curl/7.64.1" (11 bytes) */
    const char *ua = "curl/7.64.1";

    assert_true(pt_match("pkt_data; subslice: -6; content:\"7.64.1\"; bsize:6;", ua));
    assert_true(pt_match("pkt_data; subslice: -10,3; content:\"url\"; startswith; endswith; "
                         "bsize:3;",
            ua));
    assert_true(pt_match("pkt_data; subslice: 0, 13; bsize:0;", ua));
    assert_true(pt_match("pkt_data; subslice: 1,-3; content:\"url/7.6\"; bsize:7;", ua));
    assert_true(pt_match("pkt_data; subslice: 12; bsize:0;", ua));
    assert_true(pt_match("pkt_data; subslice: 0, -30, truncate; bsize:0;", ua));
    assert_true(pt_match("pkt_data; subslice: 0, -8, truncate; content:\"cur\"; bsize:3;", ua));
    assert_true(pt_match("pkt_data; subslice: -20, -30, truncate; bsize:0;", ua));
    assert_true(pt_match("pkt_data; subslice: -11, -6, truncate; content:\"curl/\"; bsize:5;", ua));
    assert_true(pt_match("pkt_data; subslice: 0, -30; bsize:0;", ua));
    assert_true(
            pt_match("pkt_data; subslice: 2, 30, truncate; content:\"rl/7.64.1\"; bsize:9;", ua));
    assert_true(pt_match("pkt_data; subslice: -20, truncate; bsize:11;", ua));
    assert_true(pt_match("pkt_data; subslice: -20; bsize:0;", ua));
    /* a negative nbytes ending before the start: the bytes in between */
    assert_true(pt_match("pkt_data; subslice: 8,-6; content:\"7.6\"; bsize:3;", ua));
    /* after a match, a second list on the same buffer */
    assert_true(pt_match("pkt_data; content:\"*/*\"; subslice: 2; content:\"*\"; bsize:1;", "*/*"));
    pt_bad("pkt_data; subslice: 1,0; content:\"a\";", "subslice");
    pt_bad("pkt_data; subslice: f, y; content:\"a\";", "subslice");
    pt_bad("pkt_data; subslice: 1, 2, nottruncate; content:\"a\";", "subslice");
    pt_bad("pkt_data; subslice: 1, 2, truncate, extra; content:\"a\";", "subslice");
    pt_bad("pkt_data; subslice: 1 1; content:\"a\";", "subslice");
    pt_bad("subslice: 1; content:\"a\";", "sticky");
}

/* Compresses in with zlib (window_bits 15: zlib stream, 31: gzip member) into out. */
static size_t zpack(const char *in, int window_bits, uint8_t *out, size_t cap)
{
    z_stream zs;
    size_t n;

    memset(&zs, 0, sizeof(zs));
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)strlen(in);
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    n = cap - zs.avail_out;
    deflateEnd(&zs);
    return n;
}

static void test_decompress(void **state)
{
    uint8_t gz[256], zl[256];
    size_t ngz = zpack("This is compressed", 31, gz, sizeof(gz));
    size_t nzl = zpack("This is compressed", 15, zl, sizeof(zl));

    assert_true(pt_match_n("pkt_data; gunzip; content:\"This is compressed\"; bsize:18;", gz, ngz));
    assert_true(pt_match_n("pkt_data; zlib_deflate; content:\"This is compressed\"; "
                           "bsize:18;",
            zl, nzl));
    /* max-size cuts the output; both spellings, with a unit */
    assert_true(
            pt_match_n("pkt_data; gunzip: max-size 8; content:\"This is \"; bsize:8;", gz, ngz));
    assert_true(pt_match_n("pkt_data; zlib_deflate:max-size=1kib; bsize:18;", zl, nzl));
    /* the wrong format (or plain data) decompresses to nothing */
    assert_true(pt_match_n("pkt_data; gunzip; bsize:0;", zl, nzl));
    assert_true(pt_match_n("pkt_data; zlib_deflate; bsize:0;", "plain", 5));
    /* a truncated stream keeps what came out before the end */
    assert_true(pt_match_n("pkt_data; gunzip; content:\"This\"; startswith;", gz, ngz - 8));
    pt_bad("pkt_data; gunzip: max-size 0; content:\"a\";", "gunzip: invalid value");
    pt_bad("pkt_data; gunzip: max-size 1, max-size 2; content:\"a\";", "gunzip");
    pt_bad("pkt_data; zlib_deflate: size 2; content:\"a\";", "zlib_deflate");
    pt_bad("gunzip; content:\"a\";", "sticky");
}

static void test_chain(void **state)
{
    assert_true(pt_match("pkt_data; strip_whitespace; to_lowercase; content:\"getindex\"; "
                         "bsize:8;",
            "GET  Index"));
    assert_true(
            pt_match("content:\"Index\"; pkt_data; to_lowercase; content:\"index\";", "GET Index"));
    assert_false(pt_match("pkt_data; to_uppercase; content:\"index\";", "GET Index"));
    /* a transform after matches starts a second list on the same buffer */
    assert_true(pt_match("pkt_data; content:\"GET\"; to_lowercase; content:\"get\";", "GET"));
    pt_bad("pkt_data; to_lowercase; content:\"a\"; to_uppercase;", "transform");
}

/* domain / tld: libpsl's built-in public suffix list */
static void test_domain_tld(void **state)
{
    XF(kw_domain, "www.suricata.io", "suricata.io");
    XF(kw_domain, "news.bbc.co.uk", "bbc.co.uk");
    XF(kw_domain, "bbc.co.uk", "bbc.co.uk");
    XF(kw_domain, "WWW.BBC.Co.Uk", "BBC.Co.Uk"); /* matched without case, bytes kept */
    XF(kw_domain, "www.example.com.", "example.com.");
    XF(kw_domain, "a.b.unknowntld", "b.unknowntld");
    XF(kw_domain, "co.uk", "");
    XF(kw_domain, "localhost", "");
    XF(kw_domain, "", "");
    expect_xf(&kw_domain, NULL, "a.b\0.com", 9, "", 0);
    XF(kw_tld, "www.suricata.io", "io");
    XF(kw_tld, "news.bbc.co.uk", "co.uk");
    XF(kw_tld, "co.uk", "co.uk");
    XF(kw_tld, "A.B.CO.UK", "CO.UK");
    XF(kw_tld, "", "");
    assert_true(pt_match("pkt_data; domain; content:\"bbc.co.uk\"; startswith; endswith;",
            "www.news.bbc.co.uk"));
    assert_true(pt_match("pkt_data; tld; content:\"co.uk\"; bsize:5;", "www.news.bbc.co.uk"));
    assert_false(pt_match("pkt_data; domain; content:\"news\";", "www.news.bbc.co.uk"));
    pt_bad("domain; content:\"a\";", "sticky");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_hashes),
        cmocka_unit_test(test_xor),
        cmocka_unit_test(test_pcrexform),
        cmocka_unit_test(test_from_base64),
        cmocka_unit_test(test_from_base64_modes),
        cmocka_unit_test(test_subslice),
        cmocka_unit_test(test_decompress),
        cmocka_unit_test(test_chain),
        cmocka_unit_test(test_domain_tld),
    };

    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
