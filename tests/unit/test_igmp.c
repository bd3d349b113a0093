/*
 * test_igmp.c - IGMP decoder: v1/v2 messages, v3 queries and reports, and the igmp.* events.
 */
#include "decode_test_util.h"

static int direct(struct tu_ctx *t, const uint8_t *b, size_t n)
{
    tu_direct_init(&t->p, 4);
    return decode_igmp(&t->dt, &t->p, cur_make(b, n));
}

static void test_v2_report(void **state)
{
    static const uint8_t b[] = { 0x16, 0x00, 0xfa, 0x04, 239, 1, 2, 3 };
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_int_equal(t->p.proto, 2);
    assert_int_equal(t->p.payload_len, 0);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->dt.cnt.igmp, 1);
    tu_free(t);
}

static void test_too_small(void **state)
{
    static const uint8_t b[] = { 0x11, 0x64, 0, 0, 0, 0, 0 };
    struct tu_ctx *t = tu_new(false);

    assert_true(direct(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IGMP_PKT_TOO_SMALL));
    tu_free(t);
}

static void test_v3_query(void **state)
{
    /* v3 query with 2 sources */
    uint8_t b[12 + 8] = { 0x11, 0x64, 0, 0, 224, 0, 0, 1, 0x02, 125, 0x00, 0x02, 10, 0, 0, 1, 10, 0,
        0, 2 };
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_int_equal(t->p.payload_len, 0);
    assert_int_equal(t->p.event_cnt, 0);

    b[11] = 3; /* 3 sources announced, 2 present */
    assert_true(direct(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IGMP_V3_PKT_TOO_SMALL));
    tu_free(t);
}

static void test_v3_report(void **state)
{
    /* one group record with 1 source and 1 word of aux data */
    uint8_t b[8 + 8 + 4 + 4] = { 0x22, 0, 0, 0, 0, 0, 0x00, 0x01, 0x01, 0x01, 0x00, 0x01, 239, 1, 1,
        1, 10, 0, 0, 1, 0, 0, 0, 0 };
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_int_equal(t->p.event_cnt, 0);

    b[7] = 2; /* a second record that is not there */
    assert_true(direct(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IGMP_V3_PKT_TOO_SMALL));

    b[7] = 1;
    b[11] = 2; /* 2 sources: the record overruns */
    assert_true(direct(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IGMP_MALFORMED));
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_report),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_v3_query),
        cmocka_unit_test(test_v3_report),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
