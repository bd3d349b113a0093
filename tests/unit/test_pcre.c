/*
 * test_pcre.c - the pcre keyword: modifiers, negation, relative matching, compile errors,
 * buffer modifiers without their buffers, captures into variables (detect-pcre-06), and
 * Suricata's pcre rules of detect-pcre-03.
 */
#include "payload_test_util.h"

#include "detect/flow-vars.h"
#include "detect/kw/kw-payload.h"
#include "flow/flow-types.h"

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

/* The capture of type and name in pt_sc; fails the test when absent. */
static const struct detect_var *cap(uint8_t type, const char *name)
{
    static const struct detect_var none = { .name = "" };

    for (uint8_t i = 0; i < pt_sc.caps.n; i++) {
        if (pt_sc.caps.v[i].type == type && strcmp(pt_sc.caps.v[i].name, name) == 0)
            return &pt_sc.caps.v[i];
    }
    fail_msg("no capture %s", name);
    return &none;
}

static void assert_cap(uint8_t type, const char *name, const char *want)
{
    const struct detect_var *v = cap(type, name);

    assert_int_equal(v->len, strlen(want));
    assert_memory_equal(v->val, want, v->len);
}

static void test_capture_values(void **state)
{
    struct detect_vars out;
    struct flow f;
    const uint8_t *val = NULL;
    size_t len = 0;
    char big[600];

    /* detect-pcre-06: a list names groups 1, 2, 3 */
    assert_true(pt_match("pcre:\"/^([a-zA-Z]+).*Ubuntu\\/(\\d+\\.\\d).*Firefox\\/(.*)/,"
                         "alert:user_agent, flow:ubuntu, pkt:firefox\";",
            "Mozilla/5.0 (X11) Ubuntu/8.10 (intrepid) Firefox/3.0.13"));
    assert_int_equal(pt_sc.caps.n, 3);
    assert_cap(DETECT_VAR_ALERT, "user_agent", "Mozilla");
    assert_cap(DETECT_VAR_FLOW, "ubuntu", "8.1");
    assert_cap(DETECT_VAR_PKT, "firefox", "3.0.13");

    /* commit: flow vars into the flow, the others to the alert */
    memset(&f, 0, sizeof(f));
    pcre_captures_commit(&pt_sc, &f, &out);
    assert_int_equal(out.n, 2);
    assert_true(flow_vars_str_get(&f, cap(DETECT_VAR_FLOW, "ubuntu")->name, &val, &len));
    assert_int_equal(len, 3);
    assert_memory_equal(val, "8.1", 3);
    /* a second value replaces the first */
    assert_true(flow_vars_str_set(
            &f, cap(DETECT_VAR_FLOW, "ubuntu")->name, (const uint8_t *)"10.04", 5));
    assert_true(flow_vars_str_get(&f, cap(DETECT_VAR_FLOW, "ubuntu")->name, &val, &len));
    assert_int_equal(len, 5);
    assert_int_equal(flow_vars_count(&f), 1);
    flow_vars_free(f.detect_vars);

    /* named groups; unprefixed names are plain groups */
    assert_true(pt_match("pcre:\"/(?P<pkt_a>x+)(?P<other>y)(?P<alert_b>z*)/\";", "axxyzz"));
    assert_int_equal(pt_sc.caps.n, 2);
    assert_cap(DETECT_VAR_PKT, "a", "xx");
    assert_cap(DETECT_VAR_ALERT, "b", "zz");

    /* an unset group stores nothing; a new signature clears the captures */
    assert_true(pt_match("pcre:\"/a(x)?b/, pkt:never\";", "ab"));
    assert_int_equal(pt_sc.caps.n, 0);

    /* values are cut at DETECT_VAR_LEN */
    memset(big, 'q', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_true(pt_match("pcre:\"/(q+)/, flow:long\";", big));
    assert_int_equal(cap(DETECT_VAR_FLOW, "long")->len, DETECT_VAR_LEN);

    /* a negated pcre captures nothing; too many variables are refused */
    assert_true(pt_match("pcre:!\"/(z)/, pkt:z\";", "abc"));
    assert_int_equal(pt_sc.caps.n, 0);
    pt_bad("pcre:\"/(a)(b)(c)(d)(e)(f)(g)(h)(i)/, pkt:a, pkt:b, pkt:c, pkt:d, pkt:e, pkt:f, "
           "pkt:g, pkt:h, pkt:i\";",
            "capture variables");
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
        cmocka_unit_test(test_capture_values),
        cmocka_unit_test(test_pcre_ctx),
        cmocka_unit_test(test_match_limit),
    };

    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
