/*
 * test_content.c - the content keyword: pattern parsing (hex, escapes, negation, errors),
 * modifier checks, fast_pattern (only, offset,length chop, once per rule) and rawbytes.
 */
#include "payload_test_util.h"

#include "detect/content.h"
#include "detect/kw/kw-payload.h"

static void expect_pat(const char *v, const char *want, size_t wlen, bool wneg)
{
    char err[256] = "";
    uint8_t *pat = NULL;
    uint16_t len = 0;
    bool neg = false;

    if (content_parse_pattern(v, &pat, &len, &neg, err, sizeof(err)) != VG_OK)
        fail_msg("%s: %s", v, err);
    assert_int_equal(len, wlen);
    assert_memory_equal(pat, want, wlen);
    assert_int_equal(neg, wneg);
    free(pat);
}

static void expect_bad(const char *v, const char *want)
{
    char err[256] = "";
    uint8_t *pat = NULL;
    uint16_t len = 0;
    bool neg = false;

    assert_int_equal(content_parse_pattern(v, &pat, &len, &neg, err, sizeof(err)), VG_EINVAL);
    assert_null(pat);
    if (strstr(err, want) == NULL)
        fail_msg("reason \"%s\" lacks \"%s\"", err, want);
}

static void test_pattern(void **state)
{
    expect_pat("\"abc\"", "abc", 3, false);
    expect_pat("!\"abc\"", "abc", 3, true);
    expect_pat("! \"abc\"", "abc", 3, true);
    expect_pat("\"|41 42|C\"", "ABC", 3, false);
    expect_pat("\"|4142|\"", "AB", 2, false);
    expect_pat("\"a|00|b\"", "a\0b", 3, false);
    expect_pat("\"|0d 0a|Host|3a 20|\"", "\r\nHost: ", 8, false);
    expect_pat("\"a\\;b\\\"c\\\\d\\:\"", "a;b\"c\\d:", 8, false);
    expect_pat("\"|ff|\"", "\xff", 1, false);
}

static void test_pattern_errors(void **state)
{
    expect_bad("abc", "double quotes");
    expect_bad("\"\"", "empty");
    expect_bad("\"|4|\"", "invalid hex");
    expect_bad("\"|41 4g|\"", "invalid hex");
    expect_bad("\"|41 42\"", "missing closing");
    expect_bad("\"a\\x\"", "escaped");
    expect_bad("\"a\"b\"", "escaped");
}

static const struct content *first_content(const struct sig *s)
{
    assert_true(s->n_bufs >= 1);
    assert_true(s->bufs[0].list.n >= 1);
    assert_int_equal(s->bufs[0].list.m[0].kw->pm_kind, PM_CONTENT);
    return s->bufs[0].list.m[0].ctx;
}

static void test_modifiers(void **state)
{
    struct sig *s = pt_parse("content:\"abcd\"; nocase; offset:1; depth:6; rawbytes;");
    const struct content *cd = first_content(s);

    assert_true(cd->flags & CONTENT_F_NOCASE);
    assert_true(cd->flags & CONTENT_F_RAWBYTES);
    assert_int_equal(cd->offset, 1);
    assert_int_equal(cd->depth, 6);
    assert_true(s->flags & SIG_F_HAS_PKT_DATA);
    sig_free(s);

    s = pt_parse("content:\"a\"; content:\"bc\"; distance:-1; within:4;");
    cd = first_content(s);
    assert_true(cd->flags & CONTENT_F_RELATIVE_NEXT);
    cd = s->bufs[0].list.m[1].ctx;
    assert_int_equal(cd->distance, -1);
    assert_int_equal(cd->within, 4);
    assert_false(cd->flags & CONTENT_F_RELATIVE_NEXT);
    sig_free(s);

    s = pt_parse("content:\"a\"; isdataat:1,relative;");
    cd = first_content(s);
    assert_true(cd->flags & CONTENT_F_RELATIVE_NEXT);
    sig_free(s);

    s = pt_parse("content:\"abc\"; startswith;");
    cd = first_content(s);
    assert_true(cd->flags & CONTENT_F_STARTSWITH);
    assert_int_equal(cd->depth, 3);
    sig_free(s);
}

static void test_fast_pattern(void **state)
{
    struct sig *s = pt_parse("content:\"abcdef\"; fast_pattern:2,3;");
    const struct content *cd = first_content(s);

    assert_true(cd->flags & CONTENT_F_FAST_PATTERN);
    assert_true(cd->flags & CONTENT_F_FP_CHOP);
    assert_int_equal(cd->fp_chop_offset, 2);
    assert_int_equal(cd->fp_chop_len, 3);
    sig_free(s);

    s = pt_parse("content:\"abc\"; fast_pattern:only;");
    cd = first_content(s);
    assert_true(cd->flags & CONTENT_F_FP_ONLY);
    sig_free(s);

    s = pt_parse("content:\"abc\"; fast_pattern; content:\"d\";");
    cd = first_content(s);
    assert_true(cd->flags & CONTENT_F_FAST_PATTERN);
    assert_false(
            ((const struct content *)s->bufs[0].list.m[1].ctx)->flags & CONTENT_F_FAST_PATTERN);
    sig_free(s);

    pt_bad("content:\"abc\"; fast_pattern:2,5;", "exceeds the content length");
    pt_bad("content:\"abc\"; fast_pattern:x;", "invalid value");
    pt_bad("content:\"abc\"; fast_pattern; content:\"d\"; fast_pattern;", "only one content");
    pt_bad("content:\"a\"; content:\"abc\"; fast_pattern:only; distance:1;", "fast_pattern:only");
    pt_bad("content:!\"abc\"; fast_pattern:only;", "fast_pattern:only");
    pt_bad("fast_pattern;", "needs a preceding content");
}

static void test_rule_errors(void **state)
{
    pt_bad("content:\"|41 4|\";", "invalid hex");
    pt_bad("content:abc;", "double quotes");
    pt_bad("content:\"a\"; within:0;", "within argument");
    pt_bad("content:\"a\"; offset:-1;", "out of range");
    pt_bad("content:\"a\"; distance:1; distance:2;", "multiple distances");
    pt_bad("content:\"a\"; endswith; endswith;", "multiple endswith");
    pt_bad("content:\"a\"; rawbytes:1;", "takes no value");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pattern),
        cmocka_unit_test(test_pattern_errors),
        cmocka_unit_test(test_modifiers),
        cmocka_unit_test(test_fast_pattern),
        cmocka_unit_test(test_rule_errors),
    };

    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
