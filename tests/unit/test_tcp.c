/*
 * test_tcp.c - TCP decoder: header fields, every option, each malformation event, and the
 * checksum through the full Ethernet/IPv4 and IPv6 paths.
 */
#include "decode_test_util.h"

/* SYN 1234 -> 80, seq 1, data offset 10 (40 bytes): MSS 1460, SACK-permitted, timestamps,
 * NOP, window scale 7. */
static const uint8_t syn_opts[] = {
    0x04, 0xd2, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0,
    0x00, 0x00, 0x00, 0x00,                                     /* fixed header */
    0x02, 0x04, 0x05, 0xb4,                                     /* MSS */
    0x04, 0x02,                                                 /* SACK permitted */
    0x08, 0x0a, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00, 0x22, /* TS */
    0x01,                                                       /* NOP */
    0x03, 0x03, 0x07,                                           /* WS */
};

static int direct(struct tu_ctx *t, const uint8_t *b, size_t n)
{
    tu_direct_init(&t->p, 4);
    return decode_tcp(&t->dt, &t->p, cur_make(b, n));
}

static void test_syn_options(void **state)
{
    struct tu_ctx *t = tu_new(false);

    assert_int_equal(direct(t, syn_opts, sizeof(syn_opts)), VG_OK);
    assert_int_equal(t->p.sp, 1234);
    assert_int_equal(t->p.dp, 80);
    assert_int_equal(t->p.proto, 6);
    assert_int_equal(t->p.tcp.seq, 1);
    assert_int_equal(t->p.tcp.flags, TCP_SYN);
    assert_int_equal(t->p.tcp.win, 0xfaf0);
    assert_int_equal(t->p.tcp.hlen, 40);
    assert_true(t->p.tcp.has_mss);
    assert_int_equal(t->p.tcp.mss, 1460);
    assert_true(t->p.tcp.has_sackok);
    assert_true(t->p.tcp.has_ts);
    assert_int_equal(t->p.tcp.ts_val, 0x11);
    assert_int_equal(t->p.tcp.ts_ecr, 0x22);
    assert_true(t->p.tcp.has_wscale);
    assert_int_equal(t->p.tcp.wscale, 7);
    assert_false(t->p.tcp.has_sack);
    assert_int_equal(t->p.payload_len, 0);
    assert_int_equal(t->p.l4_len, sizeof(syn_opts));
    assert_int_equal(t->p.event_cnt, 0);
    assert_int_equal(t->dt.cnt.tcp, 1);
    tu_free(t);
}

static void test_sack_and_payload(void **state)
{
    uint8_t b[] = {
        0x00,
        0x16,
        0xc0,
        0x00,
        0,
        0,
        0,
        5,
        0,
        0,
        0,
        9,
        0x80,
        0x18,
        0x01,
        0x00,
        0,
        0,
        0,
        0,
        0x01,
        0x01,
        0x05,
        0x12,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        2,
        0,
        0,
        0,
        3,
        0,
        0,
        0,
        4, /* 2 blocks */
        0x00,
        0x00,
        0x00,
        0x00, /* EOL pad */
        'h',
        'i',
        '!',
    };
    struct tu_ctx *t = tu_new(false);

    b[12] = 0xb0; /* 44 bytes of header */
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_true(t->p.tcp.has_sack);
    assert_int_equal(t->p.tcp.sack_len, 16);
    assert_int_equal(t->p.tcp.sack[3], 1);
    assert_int_equal(t->p.payload_len, 3);
    assert_memory_equal(t->p.payload, "hi!", 3);
    assert_int_equal(t->p.tcp.flags, TCP_PSH | TCP_ACK);
    assert_int_equal(t->p.event_cnt, 0);
    tu_free(t);
}

static void test_pkt_too_small(void **state)
{
    struct tu_ctx *t = tu_new(false);

    assert_true(direct(t, syn_opts, 19) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_PKT_TOO_SMALL));
    tu_free(t);
}

static void test_hlen_too_small(void **state)
{
    /* data offset says 40 bytes, only 24 present */
    struct tu_ctx *t = tu_new(false);

    assert_true(direct(t, syn_opts, 24) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_HLEN_TOO_SMALL));
    tu_free(t);
}

static void test_invalid_optlen(void **state)
{
    uint8_t b[20];
    struct tu_ctx *t = tu_new(false);

    memcpy(b, syn_opts, 20);
    b[12] = 0x40; /* data offset 4 words: less than the fixed header */
    assert_true(direct(t, b, sizeof(b)) < 0);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_INVALID_OPTLEN));
    tu_free(t);
}

static void test_opt_invalid_len(void **state)
{
    uint8_t b[28];
    struct tu_ctx *t = tu_new(false);

    /* MSS option with length 3 (must be 4): event, option ignored, packet fine */
    memcpy(b, syn_opts, 20);
    b[12] = 0x70;
    memcpy(b + 20, (const uint8_t[]){ 0x02, 0x03, 0x05, 0x01, 0x01, 0x01, 0x01, 0x00 }, 8);
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_OPT_INVALID_LEN));
    assert_false(t->p.tcp.has_mss);

    /* an option length running past the option space stops the walk */
    memcpy(b + 20, (const uint8_t[]){ 0x08, 0x0a, 0, 0, 0, 0, 0, 0 }, 8);
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_OPT_INVALID_LEN));
    assert_false(t->p.tcp.has_ts);

    /* length 0 and 1 are invalid too */
    memcpy(b + 20, (const uint8_t[]){ 0x22, 0x00, 0, 0, 0, 0, 0, 0 }, 8);
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_OPT_INVALID_LEN));

    /* bad SACK (not a multiple of 8) and bad TFO lengths */
    memcpy(b + 20, (const uint8_t[]){ 0x05, 0x06, 0, 0, 0, 0, 0x22, 0x03 }, 8);
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_OPT_INVALID_LEN));
    assert_false(t->p.tcp.has_sack);

    /* experimental option of 3 bytes (must be 4 or 12); empty SACK is accepted */
    memcpy(b + 20, (const uint8_t[]){ 0x05, 0x02, 0xfd, 0x03, 0xf9, 0x01, 0x01, 0x00 }, 8);
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_int_equal(t->p.event_cnt, 1);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_OPT_INVALID_LEN));
    tu_free(t);
}

static void test_tfo_ok(void **state)
{
    uint8_t b[32];
    struct tu_ctx *t = tu_new(false);

    memcpy(b, syn_opts, 20);
    b[12] = 0x80;
    /* TFO cookie of 8 bytes, NOP, NOP */
    memcpy(b + 20, (const uint8_t[]){ 0x22, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8, 0x01, 0x01 }, 12);
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_int_equal(t->p.event_cnt, 0);
    tu_free(t);
}

static void test_opt_duplicate(void **state)
{
    uint8_t b[28];
    struct tu_ctx *t = tu_new(false);

    memcpy(b, syn_opts, 20);
    b[12] = 0x70;
    memcpy(b + 20, (const uint8_t[]){ 0x02, 0x04, 0x05, 0xb4, 0x02, 0x04, 0x01, 0x00 }, 8);
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_OPT_DUPLICATE));
    assert_int_equal(t->p.tcp.mss, 1460); /* the first one wins */

    /* TFO as kind 34 and as the experimental kind with magic 0xf989 */
    memcpy(b + 20, (const uint8_t[]){ 0x22, 0x02, 0xfe, 0x04, 0xf9, 0x89, 0x01, 0x00 }, 8);
    assert_int_equal(direct(t, b, sizeof(b)), VG_OK);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_OPT_DUPLICATE));
    tu_free(t);
}

static void test_checksum_v4(void **state)
{
    struct tu_ctx *t = tu_new(true);
    uint8_t seg[sizeof(syn_opts) + 4];

    memcpy(seg, syn_opts, sizeof(syn_opts));
    memcpy(seg + sizeof(syn_opts), "data", 4);
    tu_run4(t, 6, seg, sizeof(seg), true);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.proto, 6);
    assert_int_equal(t->p.payload_len, 4);
    assert_false(t->p.flags & PKT_F_L4_CSUM_BAD);

    tu_run4(t, 6, seg, sizeof(seg), false); /* checksum field left 0 */
    assert_true(t->p.flags & PKT_F_L4_CSUM_BAD);
    tu_free(t);
}

static void test_checksum_v6(void **state)
{
    struct tu_ctx *t = tu_new(true);

    tu_run6(t, 6, 64, syn_opts, sizeof(syn_opts), true);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.sp, 1234);
    assert_false(t->p.flags & PKT_F_L4_CSUM_BAD);
    tu_run6(t, 6, 64, syn_opts, sizeof(syn_opts), false);
    assert_true(t->p.flags & PKT_F_L4_CSUM_BAD);
    tu_free(t);
}

static void test_full_path_too_small(void **state)
{
    struct tu_ctx *t = tu_new(false);

    tu_run4(t, 6, syn_opts, 12, false);
    assert_true(t->p.flags & PKT_F_INVALID);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_TCP_PKT_TOO_SMALL));
    tu_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syn_options),
        cmocka_unit_test(test_sack_and_payload),
        cmocka_unit_test(test_pkt_too_small),
        cmocka_unit_test(test_hlen_too_small),
        cmocka_unit_test(test_invalid_optlen),
        cmocka_unit_test(test_opt_invalid_len),
        cmocka_unit_test(test_tfo_ok),
        cmocka_unit_test(test_opt_duplicate),
        cmocka_unit_test(test_checksum_v4),
        cmocka_unit_test(test_checksum_v6),
        cmocka_unit_test(test_full_path_too_small),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
