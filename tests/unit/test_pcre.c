/*
 * test_pcre.c - the pcre keyword: modifiers, negation, relative matching, compile errors,
 * buffer modifiers without their buffers, and Suricata's pcre rules of detect-pcre-03.
 */
#include "payload_test_util.h"

#include "detect/kw/kw-payload.h"

static void test_modifiers(void **state)
{
    assert_true(pt_match("pcre:\"/^get/i\";", "GET / HTTP/1.0"));
    assert_false(pt_match("pcre:\"/^get/\";", "GET / HTTP/1.0"));
    assert_true(pt_match("pcre:\"/a.b/s\";", "a\nb"));
    assert_false(pt_match("pcre:\"/a.b/\";", "a\nb"));
    assert_true(pt_match("pcre:\"/^b$/m\";", "a\nb\nc"));
    assert_true(pt_match("pcre:\"/a b c/x\";", "abc"));
    assert_false(pt_match("pcre:\"/bc/A\";", "abc"));
    assert_true(pt_match("pcre:\"/ab/A\";", "abc"));
    assert_false(pt_match("pcre:\"/c$/E\";", "abc\n"));
    assert_true(pt_match("pcre:\"/c$/\";", "abc\n"));
    assert_true(pt_match("pcre:\"/a+?$/G\";", "aaa"));
    assert_true(pt_match("pcre:\"/a\\;b/\";", "a;b"));
    assert_true(pt_match("pcre:\"/x/OB\";", "x"));
}

static void test_negated_relative(void **state)
{
    assert_true(pt_match("content:\"GET\"; pcre:!\"/two/\";", "GET /one"));
    assert_false(pt_match("content:\"GET\"; pcre:!\"/two/\";", "GET /two"));
    assert_true(pt_match("content:\"GET\"; pcre:\"/^ \\//R\";", "GET /x"));
    assert_false(pt_match("content:\"GET\"; pcre:\"/^\\//R\";", "GET /x"));
    assert_true(pt_match("pcre:\"/GET \\/two\\//\"; pcre:\"/\\s+HTTP/R\";", "GET /two/ HTTP/1.1"));
    assert_false(pt_match("pcre:\"/HTTP/\"; pcre:\"/GET/R\";", "GET /two/ HTTP/1.1"));
    assert_true(pt_match("pcre:\"/b/\"; byte_test:1,=,99,0,relative;", "abc"));
}

static void test_errors(void **state)
{
    pt_bad("pcre:\"/(ab/\";", "pcre2_compile failed");
    pt_bad("pcre:\"/ab/q\";", "unknown regex modifier");
    pt_bad("pcre:\"ab\";", "/regex/modifiers");
    pt_bad("pcre:/ab/;", "/regex/modifiers");
    pt_bad("pcre:\"/ab\";", "missing closing");
    if (detect_buffer_lookup("http.uri") < 0)
        pt_bad("pcre:\"/\\/two\\//U\";", "pcre modifier U needs the http buffers");
}

static void test_captures(void **state)
{
    /* capture lists and named captures load; the regex matches as written */
    assert_true(pt_match("pcre:\"/^([a-z]+) (\\d+)/i, flow:word, pkt:num\";", "abc 12"));
    assert_true(pt_match("pcre:\"/(?P<flow_x>b+)/\";", "abbc"));
    assert_true(pt_match("pcre:\"/^([A-Z]+).*x\\/(.*)/,alert:ua, flow:v\";", "AB x/1"));
    assert_false(pt_match("pcre:\"/^(z)/, flow:v\";", "AB"));
    pt_bad("pcre:\"/(a)/, bogus:x\";", "invalid capture");
    pt_bad("pcre:\"/(a)/, flow:\";", "invalid capture");
    pt_bad("pcre:\"/(a)/, flow:a-b\";", "invalid capture name");
}

static void test_pcre_ctx(void **state)
{
    struct sig *s = pt_parse("pcre:!\"/x/RO\";");
    const struct pcre_ctx *pc = s->bufs[0].list.m[0].ctx;

    assert_true(pc->flags & PCRE_F_NEGATED);
    assert_true(pc->flags & PCRE_F_RELATIVE);
    assert_true(pc->flags & PCRE_F_NOLIMIT);
    sig_free(s);
}

static void test_match_limit(void **state)
{
    /* catastrophic backtracking: the match limit stops it, counted as an error */
    char data[64];
    uint64_t errs = pt_sc.pcre_errors;

    memset(data, 'a', sizeof(data) - 1);
    data[sizeof(data) - 1] = '\0';
    assert_false(pt_match("pcre:\"/(a+)+[bc]/\";", data));
    assert_true(pt_sc.pcre_errors > errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modifiers),
        cmocka_unit_test(test_negated_relative),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_captures),
        cmocka_unit_test(test_pcre_ctx),
        cmocka_unit_test(test_match_limit),
    };

    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
