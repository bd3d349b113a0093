/*
 * checksum.c - the Internet checksum (RFC 1071) for IPv4 headers and L4 pseudo headers.
 *
 * Sums 16-bit big-endian words in a 64-bit accumulator and folds at the end. The callers
 * pass bytes already bounded by the captured length; these helpers never look further.
 */
#include "decode/layers.h"

static uint64_t sum_bytes(uint64_t sum, const uint8_t *b, size_t len)
{
    size_t i = 0;

    for (; i + 1 < len; i += 2)
        sum += (uint32_t)((b[i] << 8) | b[i + 1]);
    if (i < len)
        sum += (uint32_t)(b[i] << 8);
    return sum;
}

static uint16_t fold(uint64_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

uint16_t decode_csum_ipv4_hdr(const uint8_t *hdr, size_t len)
{
    return fold(sum_bytes(0, hdr, len));
}

uint16_t decode_csum_l4(const struct packet *p, uint8_t proto, const uint8_t *l4, size_t len)
{
    uint64_t sum = 0;

    if (p->ip_ver == 4) {
        sum = sum_bytes(sum, p->src.b, 4);
        sum = sum_bytes(sum, p->dst.b, 4);
        sum += proto;
        sum += (uint64_t)len;
    } else {
        sum = sum_bytes(sum, p->src.b, 16);
        sum = sum_bytes(sum, p->dst.b, 16);
        sum += (uint64_t)(len >> 16);
        sum += (uint64_t)(len & 0xffff);
        sum += proto;
    }
    return fold(sum_bytes(sum, l4, len));
}
