/*
 * test_sctp.c - SCTP decoder: common header, chunk walk and every sctp.* event.
 */
#include "decode_test_util.h"

/* 1234 -> 80, vtag 0, INIT chunk of 20 bytes. */
static const uint8_t init[] = {
    0x04,
    0xd2,
    0x00,
    0x50,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x01,
    0x00,
    0x00,
    0x14,
    0,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    1,
};

static int direct(struct tu_ctx *t, const uint8_t *b, size_t n)
{
    tu_direct_init(&t->p, 4);
    return decode_sctp(&t->dt, &t->p, cur_make(b, n));
}

static void test_init(void **state)
{
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(direct(t, init, sizeof(init)), VG_OK);
    assert_int_equal(t->p.proto, 132);
    assert_int_equal(t->p.sp, 1234);
    assert_int_equal(t->p.dp, 80);
    assert_int_equal(t->p.payload_len, 20);
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->dt.cnt.sctp, 1);
    tu_free(t);
}

static void test_pkt_too_small(void **state)
{
    struct tu_ctx *t = tu_new(false);

    assert_true(direct(t, init, 11) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_PKT_TOO_SMALL));
    /* the common header alone is fine */
    assert_int_equal(direct(t, init, 12), VG_OK);
    assert_int_equal(t->p.event_cnt, 0);
    tu_free(t);
}

static void test_chunk_errors(void **state)
{
    uint8_t b[sizeof(init)];
    struct tu_ctx *t = tu_new(false);

    assert_true(direct(t, init, 14) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_CHUNK_TOO_SMALL));

    memcpy(b, init, sizeof(b));
    b[15] = 2; /* chunk length below its header */
    assert_true(direct(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_CHUNK_LEN_INVALID));
    b[15] = 40; /* past the end */
    assert_true(direct(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_CHUNK_LEN_INVALID));
    tu_free(t);
}

static void test_vtag_events(void **state)
{
    uint8_t b[sizeof(init) + 16];
    struct tu_ctx *t = tu_new(false);

    memcpy(b, init, sizeof(init));
    b[7] = 0x42; /* INIT with a verification tag */
    assert_int_equal(direct(t, b, sizeof(init)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_INIT_WITH_NON_ZERO_VTAG));

    /* INIT followed by a DATA chunk: bundled, and DATA with vtag 0 */
    b[7] = 0;
    memcpy(b + sizeof(init), (const uint8_t[]){ 0, 3, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 },
            16);
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_INIT_CHUNK_BUNDLED));
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_DATA_WITH_ZERO_VTAG));
    tu_free(t);
}

static void test_too_many_chunks(void **state)
{
    /* 20 DATA chunks with a tag, the last one without padding bytes */
    uint8_t b[12 + 20 * 8 - 3];
    struct tu_ctx *t = tu_new(false);

    memset(b, 0, sizeof(b));
    b[7] = 1;
    for (int i = 0; i < 20; i++) {
        b[12 + i * 8 + 3] = 5; /* 5 bytes, padded to 8 */
    }
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_TOO_MANY_CHUNKS));
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_TOO_MANY_DATA_CHUNKS));
    assert_false(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_DATA_WITH_ZERO_VTAG));
    tu_free(t);
}

static void test_full_path(void **state)
{
    struct tu_ctx *t = tu_new(false);

    tu_run4(t, 132, init, sizeof(init), false);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.proto, 132);
    assert_int_equal(t->p.dp, 80);
    tu_run4(t, 132, init, 6, false);
    assert_true(t->p.flags & PKT_F_INVALID);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_SCTP_PKT_TOO_SMALL));
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_pkt_too_small),
        cmocka_unit_test(test_chunk_errors),
        cmocka_unit_test(test_vtag_events),
        cmocka_unit_test(test_too_many_chunks),
        cmocka_unit_test(test_full_path),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
