/*
 * test_rule_text.c - splitting rule lines into header and options; reading rules files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "detect/rule-text.h"
#include "util/err.h"

static void test_split(void **state)
{
    struct rule_text rt;
    char err[128];

    (void)state;
    assert_int_equal(rule_text_parse(&rt,
                             "alert tcp [1.1.1.1, 2.2.2.2] any -> $HOME_NET [80, 443] "
                             "(msg:\"a;b\\;c\"; content:\"x\\;y\"; nocase; sid:1;)",
                             err, sizeof(err)),
            VG_OK);
    assert_string_equal(rt.action, "alert");
    assert_string_equal(rt.proto, "tcp");
    assert_string_equal(rt.src, "[1.1.1.1, 2.2.2.2]");
    assert_string_equal(rt.sp, "any");
    assert_string_equal(rt.dir, "->");
    assert_string_equal(rt.dst, "$HOME_NET");
    assert_string_equal(rt.dp, "[80, 443]");
    /* Suricata does not track quotes: "a;b" splits at its ';' */
    assert_int_equal(rt.n_opts, 5);
    assert_string_equal(rt.opts[0].name, "msg");
    assert_string_equal(rt.opts[0].value, "\"a");
    assert_string_equal(rt.opts[1].name, "b\\;c\"");
    assert_string_equal(rt.opts[2].name, "content");
    assert_string_equal(rt.opts[2].value, "\"x\\;y\"");
    assert_string_equal(rt.opts[3].name, "nocase");
    assert_null(rt.opts[3].value);
    assert_string_equal(rt.opts[4].value, "1");
    rule_text_release(&rt);
}

static void test_no_space_before_paren(void **state)
{
    struct rule_text rt;
    char err[128];

    (void)state;
    assert_int_equal(
            rule_text_parse(&rt, "alert ip any any <> any any(sid:2;)", err, sizeof(err)), VG_OK);
    assert_string_equal(rt.dp, "any");
    assert_string_equal(rt.dst, "any");
    assert_string_equal(rt.dir, "<>");
    assert_int_equal(rt.n_opts, 1);
    rule_text_release(&rt);
}

static void test_errors(void **state)
{
    struct rule_text rt;
    char err[128];

    (void)state;
    assert_int_equal(rule_text_parse(&rt, "alert tcp any any -> any", err, sizeof(err)), VG_EINVAL);
    assert_int_equal(rule_text_parse(&rt, "alert tcp any any -> any any (sid:1;", err, sizeof(err)),
            VG_EINVAL);
    assert_non_null(strstr(err, "')'"));
    assert_int_equal(rule_text_parse(&rt, "alert tcp any any => any any (sid:1; msg:\"x\")", err,
                             sizeof(err)),
            VG_EINVAL);
    assert_int_equal(
            rule_text_parse(&rt, "alert tcp any any <- any any (sid:1;)", err, sizeof(err)),
            VG_EINVAL);
    assert_non_null(strstr(err, "direction"));
    assert_int_equal(
            rule_text_parse(&rt, "alert tcp any any -> any any ()", err, sizeof(err)), VG_EINVAL);
    assert_int_equal(rule_text_parse(&rt, "", err, sizeof(err)), VG_EINVAL);
}

static void test_unquote(void **state)
{
    char s[] = "\"say \\\"hi\\\"\\; ok\"";

    (void)state;
    assert_string_equal(rule_unquote(s), "say \"hi\"; ok");
}

struct seen {
    int n;
    int lines[8];
    char text[8][256];
};

static int collect(void *ctx, const char *text, const char *file, int line)
{
    struct seen *s = ctx;

    (void)file;
    if (s->n < 8) {
        s->lines[s->n] = line;
        snprintf(s->text[s->n], sizeof(s->text[0]), "%s", text);
    }
    s->n++;
    return 0;
}

static void test_file_continuation(void **state)
{
    char path[] = "/tmp/vigie-rules-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    struct seen s = { 0 };

    (void)state;
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs("# comment\n\nalert tcp any any -> any any (msg:\"one\"; \\\n  sid:1;)\r\n"
          "   # alert disabled\n"
          "alert udp any any -> any any (sid:2;)",
            f);
    fclose(f);
    assert_int_equal(rule_file_each(path, collect, &s), VG_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.lines[0], 3);
    assert_string_equal(s.text[0], "alert tcp any any -> any any (msg:\"one\";   sid:1;)");
    assert_int_equal(s.lines[1], 6);
    unlink(path);
    assert_int_equal(rule_file_each("/nonexistent/x.rules", collect, &s), VG_ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_no_space_before_paren),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_unquote),
        cmocka_unit_test(test_file_continuation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
