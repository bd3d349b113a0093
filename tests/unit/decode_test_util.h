/*
 * decode_test_util.h - helpers for the decoder unit tests: a decode thread with Suricata's
 * default config, and builders for Ethernet/IPv4/IPv6 frames around a crafted L4 payload
 * (lengths and checksums filled in), so a test states only the bytes it is about.
 *
 * Header-only (static functions) so each test executable stays one file plus this.
 */
#ifndef VG_TESTS_DECODE_TEST_UTIL_H
#define VG_TESTS_DECODE_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode/decode.h"
#include "decode/layers.h"
#include "util/compiler.h"
#include "util/err.h"

#define TU_BUF_MAX 4096

struct tu_ctx {
    struct decode_config cfg;
    struct decode_thread dt;
    struct packet p;
    uint8_t buf[TU_BUF_MAX];
    size_t len;
};

static inline struct tu_ctx *tu_new(bool checksums)
{
    struct tu_ctx *t = calloc(1, sizeof(*t));

    assert_non_null(t);
    assert_int_equal(decode_config_load(&t->cfg, NULL), VG_OK);
    t->cfg.checksum_validation = checksums;
    t->cfg.csum_mode = checksums ? DECODE_CSUM_ON : DECODE_CSUM_OFF;
    assert_int_equal(decode_thread_init(&t->dt, &t->cfg), VG_OK);
    return t;
}

static inline void tu_free(struct tu_ctx *t)
{
    struct packet *tp;

    while ((tp = decode_take_pseudo(&t->dt)) != NULL)
        decode_put_pseudo(&t->dt, tp);
    decode_thread_release(&t->dt);
    free(t);
}

static inline uint32_t tu_sum(uint32_t sum, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(b[i] << 8 | b[i + 1]);
    if (n & 1)
        sum += (uint32_t)(b[n - 1] << 8);
    return sum;
}

static inline uint16_t tu_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static inline void tu_put16(uint8_t *b, uint16_t v)
{
    b[0] = (uint8_t)(v >> 8);
    b[1] = (uint8_t)v;
}

/* Offset of the checksum field inside an L4 header, or -1. */
static inline int tu_csum_off(uint8_t proto)
{
    switch (proto) {
    case 6:
        return 16;
    case 17:
        return 6;
    case 1:
    case 58:
    case 2:
        return 2;
    default:
        return -1;
    }
}

/* Fills the L4 checksum of l4 (len bytes) given the addresses (4 or 16 bytes). */
static inline void tu_l4_csum(
        uint8_t proto, const uint8_t *src, const uint8_t *dst, size_t alen, uint8_t *l4, size_t len)
{
    int off = tu_csum_off(proto);
    uint32_t sum = 0;
    uint8_t ph[4];

    if (off < 0 || (size_t)off + 2 > len)
        return;
    l4[off] = l4[off + 1] = 0;
    if (proto != 1 && proto != 2) {
        sum = tu_sum(sum, src, alen);
        sum = tu_sum(sum, dst, alen);
        ph[0] = 0;
        ph[1] = proto;
        tu_put16(ph + 2, (uint16_t)len);
        sum = tu_sum(sum, ph, 4);
    }
    sum = tu_sum(sum, l4, len);
    tu_put16(l4 + off, tu_fold(sum));
}

static const uint8_t tu_src4[4] = { 10, 0, 0, 1 };
static const uint8_t tu_dst4[4] = { 10, 0, 0, 2 };
static const uint8_t tu_src6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t tu_dst6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

/* Writes an Ethernet header with type at b; returns 14. */
static inline size_t tu_eth(uint8_t *b, uint16_t type)
{
    static const uint8_t macs[12] = { 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6 };

    memcpy(b, macs, 12);
    tu_put16(b + 12, type);
    return 14;
}

/* Writes IPv4 header + l4 (len bytes) at b with a correct header checksum; optionally
 * fills the L4 checksum. Returns the bytes written. */
static inline size_t tu_ipv4(uint8_t *b, uint8_t proto, const uint8_t *l4, size_t len, bool l4csum)
{
    uint8_t *h = b;

    memset(h, 0, 20);
    h[0] = 0x45;
    tu_put16(h + 2, (uint16_t)(20 + len));
    h[8] = 64;
    h[9] = proto;
    memcpy(h + 12, tu_src4, 4);
    memcpy(h + 16, tu_dst4, 4);
    tu_put16(h + 10, tu_fold(tu_sum(0, h, 20)));
    memcpy(b + 20, l4, len);
    if (l4csum)
        tu_l4_csum(proto, tu_src4, tu_dst4, 4, b + 20, len);
    return 20 + len;
}

static inline size_t tu_ipv6(
        uint8_t *b, uint8_t nh, uint8_t hlim, const uint8_t *l4, size_t len, bool l4csum)
{
    memset(b, 0, 40);
    b[0] = 0x60;
    tu_put16(b + 4, (uint16_t)len);
    b[6] = nh;
    b[7] = hlim;
    memcpy(b + 8, tu_src6, 16);
    memcpy(b + 24, tu_dst6, 16);
    memcpy(b + 40, l4, len);
    if (l4csum)
        tu_l4_csum(nh, tu_src6, tu_dst6, 16, b + 40, len);
    return 40 + len;
}

/* Decodes the frame in t->buf (t->len bytes) as Ethernet. */
static inline void tu_run(struct tu_ctx *t)
{
    memset(&t->p, 0, sizeof(t->p));
    t->p.data = t->buf;
    t->p.caplen = (uint32_t)t->len;
    t->p.wirelen = (uint32_t)t->len;
    t->p.datalink = 1;
    t->p.pcap_cnt = 1;
    decode_packet(&t->dt, &t->p);
}

/* Builds Ethernet/IPv4/l4 and decodes it. */
static inline void tu_run4(
        struct tu_ctx *t, uint8_t proto, const uint8_t *l4, size_t len, bool csum)
{
    t->len = tu_eth(t->buf, 0x0800);
    t->len += tu_ipv4(t->buf + t->len, proto, l4, len, csum);
    tu_run(t);
}

static inline void tu_run6(
        struct tu_ctx *t, uint8_t nh, uint8_t hlim, const uint8_t *l4, size_t len, bool csum)
{
    t->len = tu_eth(t->buf, 0x86dd);
    t->len += tu_ipv6(t->buf + t->len, nh, hlim, l4, len, csum);
    tu_run(t);
}

/* A packet directly fed to one decoder, with IPv4 addresses set (no link or IP layer). */
static inline void tu_direct_init(struct packet *p, uint8_t ip_ver)
{
    memset(p, 0, sizeof(*p));
    p->ip_ver = ip_ver;
    if (ip_ver == 4) {
        memcpy(p->src.b, tu_src4, 4);
        memcpy(p->dst.b, tu_dst4, 4);
    } else {
        memcpy(p->src.b, tu_src6, 16);
        memcpy(p->dst.b, tu_dst6, 16);
        p->ip6.hlim = 255;
    }
}

static inline bool tu_has(const struct packet *p, enum pkt_event e)
{
    return pkt_has_event(p, e);
}

#endif
