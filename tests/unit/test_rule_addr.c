/*
 * test_rule_addr.c - rule header address and port expressions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "detect/rule-addr.h"
#include "detect/rule-vars.h"
#include "util/err.h"

static struct vg_addr a4(const char *s)
{
    struct vg_addr a = { 0 };
    inet_pton(AF_INET, s, a.b);
    return a;
}

static struct vg_addr a6(const char *s)
{
    struct vg_addr a = { 0 };
    inet_pton(AF_INET6, s, a.b);
    return a;
}

static bool m4(const struct addr_set *s, const char *ip)
{
    struct vg_addr a = a4(ip);
    return addr_set_match(s, 4, &a);
}

static bool m6(const struct addr_set *s, const char *ip)
{
    struct vg_addr a = a6(ip);
    return addr_set_match(s, 6, &a);
}

static void test_home_external(void **state)
{
    struct rule_vars v;
    struct addr_set home, ext;
    char err[128];

    (void)state;
    assert_int_equal(rule_vars_load(&v, NULL), VG_OK);
    assert_int_equal(addr_set_parse(&home, "$HOME_NET", &v, err, sizeof(err)), VG_OK);
    assert_int_equal(addr_set_parse(&ext, "$EXTERNAL_NET", &v, err, sizeof(err)), VG_OK);
    assert_true(m4(&home, "10.1.2.3"));
    assert_true(m4(&home, "192.168.255.255"));
    assert_true(m4(&home, "172.31.0.1"));
    assert_false(m4(&home, "172.32.0.1"));
    assert_false(m4(&home, "8.8.8.8"));
    assert_false(m6(&home, "2001:db8::1"));
    assert_true(m4(&ext, "8.8.8.8"));
    assert_false(m4(&ext, "10.0.0.1"));
    assert_true(m6(&ext, "2001:db8::1"));
    addr_set_release(&home);
    addr_set_release(&ext);
    rule_vars_release(&v);
}

static void test_lists_negation(void **state)
{
    struct rule_vars v;
    struct addr_set s;
    char err[128];

    (void)state;
    assert_int_equal(rule_vars_load(&v, NULL), VG_OK);
    assert_int_equal(
            addr_set_parse(&s, "[10.0.0.0/8, !10.1.0.0/16, 2001:db8::/32]", &v, err, sizeof(err)),
            VG_OK);
    assert_true(m4(&s, "10.2.0.1"));
    assert_false(m4(&s, "10.1.0.1"));
    assert_true(m6(&s, "2001:db8:ffff::1"));
    assert_false(m6(&s, "2001:db9::1"));
    addr_set_release(&s);

    /* only negations: anything but */
    assert_int_equal(addr_set_parse(&s, "[!1.2.3.4,!5.6.7.8]", &v, err, sizeof(err)), VG_OK);
    assert_false(m4(&s, "1.2.3.4"));
    assert_true(m4(&s, "1.2.3.5"));
    addr_set_release(&s);

    assert_int_equal(
            addr_set_parse(&s, "[$HOME_NET,![10.0.0.1,10.0.0.2]]", &v, err, sizeof(err)), VG_OK);
    assert_false(m4(&s, "10.0.0.2"));
    assert_true(m4(&s, "10.0.0.3"));
    addr_set_release(&s);

    assert_int_equal(addr_set_parse(&s, "10.0.0.1-10.0.0.9", &v, err, sizeof(err)), VG_OK);
    assert_true(m4(&s, "10.0.0.5"));
    assert_false(m4(&s, "10.0.0.10"));
    addr_set_release(&s);

    assert_int_equal(addr_set_parse(&s, "any", &v, err, sizeof(err)), VG_OK);
    assert_true(addr_set_is_any(&s));
    addr_set_release(&s);
    rule_vars_release(&v);
}

static void test_addr_errors(void **state)
{
    struct rule_vars v;
    struct addr_set s;
    char err[128];

    (void)state;
    assert_int_equal(rule_vars_load(&v, NULL), VG_OK);
    assert_int_equal(addr_set_parse(&s, "$NOPE", &v, err, sizeof(err)), VG_EINVAL);
    assert_non_null(strstr(err, "unknown variable"));
    assert_int_equal(addr_set_parse(&s, "[1.2.3.4", &v, err, sizeof(err)), VG_EINVAL);
    assert_int_equal(addr_set_parse(&s, "1.2.3.4/33", &v, err, sizeof(err)), VG_EINVAL);
    assert_int_equal(addr_set_parse(&s, "300.1.1.1", &v, err, sizeof(err)), VG_EINVAL);
    assert_int_equal(addr_set_parse(&s, "!any", &v, err, sizeof(err)), VG_EINVAL);
    assert_int_equal(addr_set_parse(&s, "", &v, err, sizeof(err)), VG_EINVAL);
    /* a variable that refers to itself must not loop */
    assert_int_equal(rule_vars_set(&v, 0, "LOOP", "[$LOOP,1.1.1.1]"), VG_OK);
    assert_int_equal(addr_set_parse(&s, "$LOOP", &v, err, sizeof(err)), VG_EINVAL);
    rule_vars_release(&v);
}

static void test_ports(void **state)
{
    struct rule_vars v;
    struct port_set p;
    char err[128];

    (void)state;
    assert_int_equal(rule_vars_load(&v, NULL), VG_OK);
    assert_int_equal(port_set_parse(&p, "[1024:,!8080]", &v, err, sizeof(err)), VG_OK);
    assert_false(port_set_match(&p, 80));
    assert_true(port_set_match(&p, 1024));
    assert_false(port_set_match(&p, 8080));
    assert_true(port_set_match(&p, 65535));
    port_set_release(&p);

    assert_int_equal(port_set_parse(&p, "$SHELLCODE_PORTS", &v, err, sizeof(err)), VG_OK);
    assert_false(port_set_match(&p, 80));
    assert_true(port_set_match(&p, 81));
    port_set_release(&p);

    assert_int_equal(port_set_parse(&p, "$FILE_DATA_PORTS", &v, err, sizeof(err)), VG_OK);
    assert_true(port_set_match(&p, 110));
    assert_true(port_set_match(&p, 80));
    assert_false(port_set_match(&p, 443));
    port_set_release(&p);

    assert_int_equal(port_set_parse(&p, ":1023", &v, err, sizeof(err)), VG_OK);
    assert_true(port_set_match(&p, 0));
    assert_false(port_set_match(&p, 1024));
    port_set_release(&p);

    assert_int_equal(port_set_parse(&p, "any", &v, err, sizeof(err)), VG_OK);
    assert_true(port_set_is_any(&p));
    port_set_release(&p);

    assert_int_equal(port_set_parse(&p, "70000", &v, err, sizeof(err)), VG_EINVAL);
    assert_int_equal(port_set_parse(&p, "90:80", &v, err, sizeof(err)), VG_EINVAL);
    assert_int_equal(port_set_parse(&p, "[80,", &v, err, sizeof(err)), VG_EINVAL);
    rule_vars_release(&v);
}

static void test_range_set_ops(void **state)
{
    struct range_set a, b;

    (void)state;
    range_set_init(&a);
    range_set_init(&b);
    assert_int_equal(range_set_add(&a, 10, 20), VG_OK);
    assert_int_equal(range_set_add(&a, 30, 40), VG_OK);
    assert_int_equal(range_set_add(&a, 21, 29), VG_OK); /* touching: merges all */
    assert_int_equal(a.n, 1);
    assert_true(a.r[0].lo == 10 && a.r[0].hi == 40);
    assert_int_equal(range_set_add(&b, 15, 16), VG_OK);
    assert_int_equal(range_set_add(&b, 40, 50), VG_OK);
    assert_int_equal(range_set_subtract(&a, &b), VG_OK);
    assert_int_equal(a.n, 2);
    assert_true(range_set_contains(&a, 14));
    assert_false(range_set_contains(&a, 15));
    assert_true(range_set_contains(&a, 39));
    assert_false(range_set_contains(&a, 40));
    assert_int_equal(range_set_complement(&a, 100), VG_OK);
    assert_true(range_set_contains(&a, 0));
    assert_true(range_set_contains(&a, 15));
    assert_false(range_set_contains(&a, 20));
    assert_true(range_set_contains(&a, 100));
    range_set_release(&a);
    range_set_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_home_external),
        cmocka_unit_test(test_lists_negation),
        cmocka_unit_test(test_addr_errors),
        cmocka_unit_test(test_ports),
        cmocka_unit_test(test_range_set_ops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
