/*
 * test_prefilter.c - the Hyperscan prefilter: literal matching, nocase, merged duplicate
 * patterns, chopped fast patterns and the on-disk database cache.
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

#include "detect/prefilter.h"
#include "util/err.h"

struct hits {
    uint32_t sig[16];
    unsigned n;
};

static void on_hit(void *ctx, uint32_t sig)
{
    struct hits *h = ctx;

    if (h->n < 16)
        h->sig[h->n++] = sig;
}

static bool has(const struct hits *h, uint32_t sig)
{
    for (unsigned i = 0; i < h->n; i++) {
        if (h->sig[i] == sig)
            return true;
    }
    return false;
}

static struct prefilter_pattern pat(const char *s, bool nocase, uint32_t sig)
{
    struct prefilter_pattern p = { (const uint8_t *)s, (uint16_t)strlen(s), nocase, sig };

    return p;
}

static void scan(struct prefilter *pf, void *scratch, const char *buf, struct hits *h)
{
    memset(h, 0, sizeof(*h));
    assert_int_equal(
            prefilter_scan(pf, scratch, (const uint8_t *)buf, strlen(buf), on_hit, h), VG_OK);
}

static void test_literal_and_nocase(void **state)
{
    struct prefilter_pattern p[] = {
        pat("GET /", false, 1), pat("evil", true, 2),
        pat("a.b*c", false, 3), /* regex characters are literal */
        pat("GET /", false, 4), /* duplicate: merged, reports both sigs */
    };
    struct prefilter *pf = NULL;
    void *scratch = NULL;
    struct hits h;

    assert_int_equal(prefilter_build(&pf, p, 4, NULL, NULL), VG_OK);
    assert_int_equal(prefilter_pattern_count(pf), 3);
    assert_int_equal(prefilter_scratch_fit(pf, &scratch), VG_OK);
    scan(pf, scratch, "GET /index EVIL", &h);
    assert_true(has(&h, 1) && has(&h, 2) && has(&h, 4) && !has(&h, 3));
    scan(pf, scratch, "get / aXb*c a.b*c", &h);
    assert_int_equal(h.n, 1);
    assert_true(has(&h, 3));
    /* single match: a pattern seen twice is reported once */
    scan(pf, scratch, "evil evil evil", &h);
    assert_int_equal(h.n, 1);
    prefilter_scratch_free(scratch);
    prefilter_free(pf);
}

static void test_binary(void **state)
{
    static const uint8_t bin[] = { 0x00, 0xff, 0x00, 0x41 };
    struct prefilter_pattern p = { bin, sizeof(bin), false, 7 };
    static const uint8_t buf[] = { 1, 2, 0x00, 0xff, 0x00, 0x41, 9 };
    struct prefilter *pf = NULL;
    void *scratch = NULL;
    struct hits h = { { 0 }, 0 };

    assert_int_equal(prefilter_build(&pf, &p, 1, NULL, NULL), VG_OK);
    assert_int_equal(prefilter_scratch_fit(pf, &scratch), VG_OK);
    assert_int_equal(prefilter_scan(pf, scratch, buf, sizeof(buf), on_hit, &h), VG_OK);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.sig[0], 7);
    prefilter_scratch_free(scratch);
    prefilter_free(pf);
}

static void test_cache(void **state)
{
    char dir[] = "/tmp/vigie-pf-test-XXXXXX";
    struct prefilter_pattern p[] = { pat("cached", false, 1), pat("other", true, 2) };
    struct prefilter_build_stats st = { 0 };
    struct prefilter *a = NULL, *b = NULL;
    void *scratch = NULL, *clone;
    struct hits h;
    char cmd[128];

    assert_non_null(mkdtemp(dir));
    assert_int_equal(prefilter_build(&a, p, 2, dir, &st), VG_OK);
    assert_int_equal(st.compiled, 1);
    assert_int_equal(st.cache_writes, 1);
    assert_int_equal(prefilter_build(&b, p, 2, dir, &st), VG_OK);
    assert_int_equal(st.cache_hits, 1);
    assert_int_equal(st.compiled, 1);
    assert_int_equal(prefilter_scratch_fit(b, &scratch), VG_OK);
    clone = prefilter_scratch_clone(scratch);
    assert_non_null(clone);
    scan(b, clone, "xx OTHER cached", &h);
    assert_true(has(&h, 1) && has(&h, 2));
    prefilter_scratch_free(clone);
    prefilter_scratch_free(scratch);
    prefilter_free(a);
    prefilter_free(b);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal_and_nocase),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_cache),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
