/*
 * test_classification.c - classification.config and reference.config parsing.
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

#include "detect/classification.h"
#include "detect/reference.h"
#include "util/err.h"

static void test_classification_lines(void **state)
{
    struct classification_table t;
    const struct classification *c;
    char err[128];

    classification_table_init(&t);
    assert_int_equal(classification_parse_line(&t, "# comment", err, sizeof(err)), 0);
    assert_int_equal(classification_parse_line(&t, "   ", err, sizeof(err)), 0);
    assert_int_equal(classification_parse_line(&t,
                             "config classification: bad-unknown,Potentially Bad Traffic, 2", err,
                             sizeof(err)),
            1);
    assert_int_equal(
            classification_parse_line(
                    &t, "config classification:web-app, Web, with, commas ,1 ", err, sizeof(err)),
            1);
    c = classification_find(&t, "bad-unknown");
    assert_non_null(c);
    assert_string_equal(c->desc, "Potentially Bad Traffic");
    assert_int_equal(c->priority, 2);
    c = classification_find(&t, "WEB-APP");
    assert_non_null(c);
    assert_string_equal(c->desc, "Web, with, commas");
    assert_int_equal(c->priority, 1);
    /* the first definition wins */
    assert_int_equal(classification_parse_line(
                             &t, "config classification: bad-unknown,Other,4", err, sizeof(err)),
            1);
    assert_string_equal(classification_find(&t, "bad-unknown")->desc, "Potentially Bad Traffic");
    assert_int_equal(t.n, 2);
    /* malformed lines */
    assert_int_equal(
            classification_parse_line(&t, "config reference: x y", err, sizeof(err)), VG_EINVAL);
    assert_int_equal(classification_parse_line(&t, "config classification: a,b", err, sizeof(err)),
            VG_EINVAL);
    assert_int_equal(
            classification_parse_line(&t, "config classification: a,b,x", err, sizeof(err)),
            VG_EINVAL);
    assert_int_equal(
            classification_parse_line(&t, "config classification: a,b,999", err, sizeof(err)),
            VG_EINVAL);
    assert_int_equal(
            classification_parse_line(&t, "config classification: 1a,b,1", err, sizeof(err)),
            VG_EINVAL);
    assert_int_equal(
            classification_parse_line(&t, "config classification: a b,c,1", err, sizeof(err)),
            VG_EINVAL);
    assert_null(classification_find(&t, "nope"));
    classification_table_release(&t);
}

static void test_classification_string(void **state)
{
    struct classification_table t;

    classification_table_init(&t);
    assert_false(t.loaded);
    assert_int_equal(classification_load_string(&t,
                             "config classification: a,A,1\r\nbogus line\n"
                             "config classification: b,B,2",
                             "mem"),
            VG_OK);
    assert_true(t.loaded);
    assert_int_equal(t.n, 2);
    assert_string_equal(classification_find(&t, "b")->desc, "B");
    classification_table_release(&t);
    assert_int_equal(classification_load_file(&t, "/nonexistent/classification.config"), VG_ENOENT);
    assert_false(t.loaded);
}

static void test_classification_shared(void **state)
{
    static const char path[] = "../../shared/rules/et-open/classification.config";
    struct classification_table t;
    const char *p = path;

    if (access(p, R_OK) != 0)
        p = "/work/shared/rules/et-open/classification.config";
    if (access(p, R_OK) != 0)
        skip();
    classification_table_init(&t);
    assert_int_equal(classification_load_file(&t, p), VG_OK);
    assert_true(t.n >= 30);
    assert_int_equal(classification_find(&t, "trojan-activity")->priority, 1);
    assert_string_equal(
            classification_find(&t, "trojan-activity")->desc, "A Network Trojan was detected");
    classification_table_release(&t);
}

static void test_reference(void **state)
{
    struct reference_table t;
    char err[128];

    reference_table_init(&t);
    assert_int_equal(reference_parse_line(&t, "# c", err, sizeof(err)), 0);
    assert_int_equal(
            reference_parse_line(&t,
                    "config reference: cve       https://cve.mitre.org/?name=  ", err, sizeof(err)),
            1);
    assert_int_equal(
            reference_parse_line(&t, "config reference: bid\thttps://x/bid/", err, sizeof(err)), 1);
    assert_string_equal(reference_find(&t, "CVE")->url, "https://cve.mitre.org/?name=");
    assert_string_equal(reference_find(&t, "bid")->url, "https://x/bid/");
    assert_int_equal(
            reference_parse_line(&t, "config reference: nourl", err, sizeof(err)), VG_EINVAL);
    assert_int_equal(reference_parse_line(&t, "config reference:   ", err, sizeof(err)), VG_EINVAL);
    assert_int_equal(reference_parse_line(&t, "reference: a b", err, sizeof(err)), VG_EINVAL);
    assert_null(reference_find(&t, "url"));
    assert_int_equal(reference_load_string(&t, "config reference: url https://\n", "m"), VG_OK);
    assert_string_equal(reference_find(&t, "url")->url, "https://");
    assert_true(t.loaded);
    reference_table_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classification_lines),
        cmocka_unit_test(test_classification_string),
        cmocka_unit_test(test_classification_shared),
        cmocka_unit_test(test_reference),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
