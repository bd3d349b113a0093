/*
 * link_test_util.h - extra helpers for the link-layer, IP and defrag unit tests, on top of
 * decode_test_util.h: decoding bytes with any datalink, and a truncation sweep that feeds
 * every prefix of a frame from an exact-size heap copy, so that ASan reports any read past
 * the captured length.
 */
#ifndef VG_TESTS_LINK_TEST_UTIL_H
#define VG_TESTS_LINK_TEST_UTIL_H

#include "decode_test_util.h"

/* Decodes b (len bytes, copied into t->buf) as datalink dlt. */
static inline void lt_run(struct tu_ctx *t, int dlt, const uint8_t *b, size_t len)
{
    assert_true(len <= TU_BUF_MAX);
    memcpy(t->buf, b, len);
    t->len = len;
    memset(&t->p, 0, sizeof(t->p));
    t->p.data = t->buf;
    t->p.caplen = (uint32_t)len;
    t->p.wirelen = (uint32_t)len;
    t->p.datalink = dlt;
    t->p.pcap_cnt = 1;
    t->p.ts_usec = 1000000;
    decode_packet(&t->dt, &t->p);
}

/* Gives back every queued pseudo packet; returns how many there were. */
static inline int lt_drain(struct tu_ctx *t)
{
    struct packet *tp;
    int n = 0;

    while ((tp = decode_take_pseudo(&t->dt)) != NULL) {
        decode_put_pseudo(&t->dt, tp);
        n++;
    }
    return n;
}

/* Decodes every prefix of b from an exact-size heap copy. */
static inline void lt_sweep(int dlt, const uint8_t *b, size_t len)
{
    struct tu_ctx *t = tu_new(true);

    for (size_t n = 0; n <= len; n++) {
        uint8_t *copy = malloc(n ? n : 1);

        assert_non_null(copy);
        memcpy(copy, b, n);
        memset(&t->p, 0, sizeof(t->p));
        t->p.data = copy;
        t->p.caplen = (uint32_t)n;
        t->p.wirelen = (uint32_t)len;
        t->p.datalink = dlt;
        decode_packet(&t->dt, &t->p);
        lt_drain(t);
        free(copy);
    }
    tu_free(t);
}

/* A small UDP datagram 1111 -> 2222 with 4 payload bytes (checksum left 0). */
static const uint8_t lt_udp[] = { 0x04, 0x57, 0x08, 0xae, 0x00, 0x0c, 0x00, 0x00, 'a', 'b', 'c',
    'd' };

#endif
