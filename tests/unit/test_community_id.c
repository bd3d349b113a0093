/*
 * test_community_id.c - Community ID v1 against known values (Suricata's suricata-verify
 * community-id tests with seed 7, and the spec's baseline with seed 0), both directions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "output/community-id.h"

static struct vg_addr addr(const char *s, uint8_t *ver)
{
    struct vg_addr a;

    memset(&a, 0, sizeof(a));
    if (inet_pton(AF_INET, s, a.b) == 1) {
        *ver = 4;
    } else {
        assert_int_equal(inet_pton(AF_INET6, s, a.b), 1);
        *ver = 6;
    }
    return a;
}

static void check(const char *src, const char *dst, uint8_t proto, uint16_t sp, uint16_t dp,
        uint16_t seed, const char *want)
{
    char out[COMMUNITY_ID_LEN];
    uint8_t ver;
    struct vg_addr s = addr(src, &ver), d = addr(dst, &ver);

    assert_true(community_id_v1(ver, &s, &d, proto, sp, dp, seed, out, sizeof(out)));
    assert_string_equal(out, want);
    assert_true(community_id_v1(ver, &d, &s, proto, dp, sp, seed, out, sizeof(out)));
    assert_string_equal(out, want);
}

static void test_verify_values(void **state)
{
    (void)state;
    check("172.26.0.39", "172.217.14.206", 6, 35958, 443, 7, "1:IwiTNfuO7aCaamMijl+7/X9uLx0=");
    check("2600:1f13:f8:d400:3a6:303c:e011:18eb", "2607:f8b0:400a:800::200e", 6, 60202, 443, 7,
            "1:ptJhMvufAbB5nLDNW77cB800wFM=");
    check("2600:1f13:f8:d400:3a6:303c:e011:18eb", "2001:4860:4860::8888", 6, 33892, 443, 7,
            "1:PGf+a0eBbs1OhuPtJmsF0Sm51v4=");
}

static void test_spec_baseline(void **state)
{
    (void)state;
    check("128.232.110.120", "66.35.250.204", 6, 34855, 80, 0, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
}

static void test_flow_icmp(void **state)
{
    struct flow f;
    char a[COMMUNITY_ID_LEN], b[COMMUNITY_ID_LEN];
    uint8_t ver;

    (void)state;
    memset(&f, 0, sizeof(f));
    f.key.ip_ver = 4;
    f.key.proto = 1;
    f.key.src = addr("192.168.0.89", &ver);
    f.key.dst = addr("192.168.0.1", &ver);
    f.icmp_s_type = 8;
    f.icmp_d_type = 0;
    assert_true(community_id_flow(&f, 0, a, sizeof(a)));
    /* the same exchange seen from the reply side */
    f.key.src = addr("192.168.0.1", &ver);
    f.key.dst = addr("192.168.0.89", &ver);
    f.icmp_s_type = 0;
    f.icmp_d_type = 8;
    assert_true(community_id_flow(&f, 0, b, sizeof(b)));
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), 30);
    assert_false(community_id_flow(&f, 0, a, 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_values),
        cmocka_unit_test(test_spec_baseline),
        cmocka_unit_test(test_flow_icmp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
