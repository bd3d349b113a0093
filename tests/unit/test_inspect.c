/*
 * test_inspect.c - the payload inspection engine: relative matching (distance/within,
 * negative distance, backtracking, negated relative content), byte_jump followed by
 * content, pcre /R chains, startswith/endswith, offset/depth, variables, the recursion
 * limit and base64_decode/base64_data.
 */
#include "payload_test_util.h"

static void test_absolute(void **state)
{
    assert_true(pt_match("content:\"abc\";", "xxabcxx"));
    assert_false(pt_match("content:\"abd\";", "xxabcxx"));
    assert_true(pt_match("content:\"abc\"; offset:2; depth:3;", "xxabc"));
    assert_false(pt_match("content:\"abc\"; offset:2; depth:3;", "xxxabc"));
    assert_false(pt_match("content:\"abc\"; depth:4;", "xxabc"));
    assert_true(pt_match("content:\"abc\"; depth:5;", "xxabc"));
    assert_true(pt_match("content:\"ABC\"; nocase;", "xxabc"));
    assert_false(pt_match("content:\"ABC\";", "xxabc"));
    assert_true(pt_match("content:\"|61 62|c\";", "xxabc"));
    assert_false(pt_match("content:\"abc\";", ""));
}

static void test_distance_within(void **state)
{
    /* x A B C D x: CD ends at 5 */
    assert_true(pt_match("content:\"CD\"; content:\"BC\"; distance:-3; within:2;", "xABCDx"));
    assert_false(pt_match("content:\"CD\"; content:\"BC\"; distance:-2; within:2;", "xABCDx"));
    /* a negative distance never starts before the buffer */
    assert_true(pt_match("content:\"CD\"; content:\"xA\"; distance:-100;", "xABCDx"));
    assert_true(pt_match("content:\"A\"; content:\"C\"; distance:1; within:2;", "xABCDx"));
    assert_false(pt_match("content:\"A\"; content:\"C\"; distance:2;", "xABCDx"));
    assert_false(pt_match("content:\"A\"; content:\"D\"; within:2;", "xABCDx"));
    assert_true(pt_match("content:\"A\"; content:\"D\"; within:3;", "xABCDx"));
    /* distance 0 alone: anywhere after the previous match */
    assert_true(pt_match("content:\"A\"; content:\"x\"; distance:0;", "xABCDx"));
    assert_false(pt_match("content:\"D\"; content:\"A\"; distance:0;", "xABCDx"));
}

static void test_within_shorter_than_content(void **state)
{
    pt_bad("content:\"A\"; content:\"BCD\"; within:2;", "within argument");
    pt_bad("content:\"abc\"; depth:2;", "depth 2 smaller than content length 3");
    pt_bad("content:\"a\"; offset:1; distance:1;", "relative keyword");
    pt_bad("content:\"a\"; within:5; depth:4;", "relative keyword");
    pt_bad("content:\"a\"; depth:4; depth:5;", "multiple depths");
    pt_bad("nocase;", "needs a preceding content");
    pt_bad("content:\"a\"; nocase; nocase;", "multiple nocase");
}

static void test_backtracking(void **state)
{
    assert_true(pt_match("content:\"A\"; content:\"B\"; distance:0; within:1;", "AxAB"));
    assert_true(pt_match("content:\"A\"; content:\"B\"; distance:0; within:1; "
                         "content:\"C\"; distance:0; within:1;",
            "ABxABxABC"));
    assert_false(pt_match("content:\"A\"; content:\"B\"; distance:0; within:1;", "AxAxBA"));
    /* an absolute check between the two does not stop the retry */
    assert_true(
            pt_match("content:\"A\"; isdataat:2; content:\"B\"; distance:0; within:1;", "AxAB"));
    /* a later relative match needs a later occurrence of the first content */
    assert_true(pt_match("content:\"GET\"; content:\"HTTP\"; distance:1; within:10;",
            "GET x GET /abc HTTP/1.1"));
}

static void test_negated_relative(void **state)
{
    const char *r = "content:\"GET\"; content:!\"admin\"; distance:0; within:10;";

    assert_true(pt_match(r, "GET /index.html admin"));
    assert_false(pt_match(r, "GET /admin"));
    assert_true(pt_match("content:!\"evil\";", "good"));
    assert_false(pt_match("content:!\"evil\";", "so evil"));
    /* a negated content does not move the anchor */
    assert_true(pt_match("content:\"a\"; content:!\"z\"; distance:0; content:\"b\"; distance:0; "
                         "within:1;",
            "ab"));
}

static void test_byte_jump_then_content(void **state)
{
    assert_true(pt_match_n("byte_jump:2,0; content:\"XYZ\"; distance:0; within:3;",
            "\x00\x03"
            "abcXYZ",
            8));
    assert_false(pt_match_n("byte_jump:2,0; content:\"XYZ\"; distance:0; within:3;",
            "\x00\x02"
            "abcXYZ",
            8));
    assert_true(pt_match_n("content:\"L\"; byte_jump:1,0,relative; content:\"Z\"; within:1;",
            "xL\x02"
            "abZ",
            6));
    /* detect-bytejump-06: from_end with bitmask and post_offset */
    assert_true(pt_match("content:\"Question?\"; byte_jump:2,0,relative,string,from_end,"
                         "post_offset -26, bitmask 0xfe; content:\"ll the pandemic end\"; "
                         "distance:0;",
            "Question?13When will the pandemic end?"));
    /* byte_extract's variable as a jump size (detect-bytejump-02 shape) */
    assert_true(pt_match_n("content:\"|00 00 00|\"; byte_extract:1,0,n,relative; "
                           "byte_jump:n,0,relative; isdataat:1,relative;",
            "\x00\x00\x00\x02"
            "\x00\x01"
            "zz",
            8));
}

static void test_pcre_relative_chain(void **state)
{
    assert_true(pt_match("content:\"foo\"; pcre:\"/^bar/R\";", "foobar"));
    assert_false(pt_match("content:\"foo\"; pcre:\"/^bar/R\";", "fooxbar"));
    assert_true(pt_match("pcre:\"/a+/\"; pcre:\"/^b/R\";", "aaxaab"));
    assert_true(pt_match("pcre:\"/GET/\"; content:\"HTTP\"; distance:1;", "GET / HTTP/1.0"));
    assert_true(pt_match("content:\"GET\"; pcre:!\"/two/\";", "GET /one"));
    assert_false(pt_match("content:\"GET\"; pcre:!\"/two/\";", "GET /two"));
}

static void test_starts_ends(void **state)
{
    assert_true(pt_match("content:\"abc\"; startswith;", "abcdef"));
    assert_false(pt_match("content:\"abc\"; startswith;", "xabc"));
    assert_true(pt_match("content:\"def\"; endswith;", "abcdef"));
    assert_false(pt_match("content:\"def\"; endswith;", "defx"));
    assert_true(pt_match("content:\"abc\"; startswith; content:\"def\"; endswith;", "abcXdef"));
    assert_true(pt_match("content:\"a\"; content:\"def\"; distance:0; endswith;", "adefdef"));
    assert_true(pt_match("content:!\"def\"; endswith;", "defx"));
    assert_false(pt_match("content:!\"def\"; endswith;", "xdef"));
    pt_bad("content:\"a\"; startswith; offset:1;", "startswith");
    pt_bad("content:\"a\"; depth:3; startswith;", "startswith");
}

static void test_variables(void **state)
{
    assert_true(pt_match_n("byte_extract:1,0,off; content:\"X\"; offset:off; depth:1;",
            "\x03"
            "abX",
            4));
    assert_false(pt_match_n("byte_extract:1,0,off; content:\"X\"; offset:off; depth:1;",
            "\x02"
            "abX",
            4));
    assert_true(pt_match_n("byte_extract:1,0,d,relative; content:\"Z\"; distance:d; within:1;",
            "\x02"
            "abZ",
            4));
    pt_bad("content:\"X\"; offset:nosuchvar;", "offset");
}

static void test_isdataat(void **state)
{
    assert_true(pt_match("content:\"ab\"; isdataat:1,relative;", "abc"));
    assert_false(pt_match("content:\"ab\"; isdataat:2,relative;", "abc"));
    assert_true(pt_match("content:\"bc\"; isdataat:!1,relative;", "abc"));
    assert_true(pt_match("isdataat:2;", "abc"));
    assert_false(pt_match("isdataat:3;", "abc"));
    assert_true(pt_match("isdataat:!3;", "abc"));
}

static void test_recursion_limit(void **state)
{
    char opts[2048];
    char data[400];
    uint64_t hits = pt_sc.limit_hits;
    size_t n = 0;

    for (int i = 0; i < 12; i++)
        n += (size_t)snprintf(opts + n, sizeof(opts) - n, "%s",
                i ? "content:\"a\"; distance:0; " : "content:\"a\"; ");
    snprintf(opts + n, sizeof(opts) - n, "content:\"b\"; distance:0; within:1;");
    memset(data, 'a', sizeof(data) - 1);
    data[sizeof(data) - 1] = '\0';
    assert_false(pt_match(opts, data));
    assert_true(pt_sc.limit_hits > hits);
}

static void test_base64(void **state)
{
    /* "aGVsbG8gd29ybGQ=" is "hello world" */
    assert_true(pt_match("content:\"b64=\"; base64_decode:relative; base64_data; "
                         "content:\"world\";",
            "x b64=aGVsbG8gd29ybGQ="));
    assert_false(pt_match("content:\"b64=\"; base64_decode:relative; base64_data; "
                          "content:\"earth\";",
            "x b64=aGVsbG8gd29ybGQ="));
    assert_true(pt_match("base64_decode:bytes 8, offset 2; base64_data; content:\"hello\"; "
                         "startswith;",
            "xxaGVsbG8gd29ybGQ="));
    pt_bad("base64_data; content:\"a\";", "base64_decode");
    /* RFC 4648 decoding as Suricata's base64_decode (issue 5223): the decode stops at the
     * first byte outside the alphabet ('%', or a space) and completes the partial group */
    assert_true(pt_match("content:\"foobar=\"; base64_decode:relative; base64_data; "
                         "content:\"|9e|\"; startswith; bsize:1;",
            "foobar=np%2BA%2BbSdU3SD33"));
    assert_true(pt_match("base64_decode; base64_data; content:\"f\"; bsize:1;", "Zm 9v"));
    assert_false(pt_match("base64_decode; base64_data; content:\"foo\";", "Zm 9v"));
}

/* Suricata's SIG_FLAG_REQUIRE_PACKET: a TCP payload rule with a content anchored by depth
 * or offset is inspected on packets as well as on the stream. */
static void test_wants_packet(void **state)
{
    static const struct {
        const char *opts;
        bool want;
    } cases[] = {
        { "content:\"GET \"; depth:4; content:\"HTTP/1.\";", true },
        { "content:\"abc\"; offset:2;", true },
        { "content:\"abc\"; stream_size:client,>,1;", false },
        { "content:\"abc\";", false },
        { "pcre:\"/abc/\"; byte_test:1,=,1,0,relative;", false },
        { "content:\"abc\"; depth:3; flow:only_stream;", false },
        { "content:\"abc\"; depth:3; flow:no_stream;", false },
        { "stream_size:client,>,1;", false },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sig *s = pt_parse(cases[i].opts);

        if (inspect_sig_wants_packet(s) != cases[i].want)
            fail_msg("inspect_sig_wants_packet(%s) != %d", cases[i].opts, cases[i].want);
        sig_free(s);
    }
}

static void test_bsize(void **state)
{
    assert_true(pt_match("content:\"a\"; bsize:3;", "abc"));
    assert_false(pt_match("content:\"a\"; bsize:4;", "abc"));
    assert_true(pt_match("content:\"a\"; bsize:2<>4;", "abc"));
    assert_true(pt_match("content:\"a\"; bsize:>=3;", "abc"));
    assert_false(pt_match("content:\"a\"; bsize:<3;", "abc"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_absolute),
        cmocka_unit_test(test_distance_within),
        cmocka_unit_test(test_within_shorter_than_content),
        cmocka_unit_test(test_backtracking),
        cmocka_unit_test(test_negated_relative),
        cmocka_unit_test(test_byte_jump_then_content),
        cmocka_unit_test(test_pcre_relative_chain),
        cmocka_unit_test(test_starts_ends),
        cmocka_unit_test(test_variables),
        cmocka_unit_test(test_isdataat),
        cmocka_unit_test(test_recursion_limit),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_bsize),
        cmocka_unit_test(test_wants_packet),
    };

    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
