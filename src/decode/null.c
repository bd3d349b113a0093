/*
 * null.c - BSD loopback encapsulation (DLT_NULL, DLT_LOOP): a 4-byte address family.
 *
 * DLT_NULL stores the family in the capturing host's byte order and DLT_LOOP in network
 * order, so both orders are accepted. IPv6's family differs per OS (Linux 10, NetBSD and
 * OpenBSD 24, FreeBSD 28, Darwin 30); all are recognised.
 */
#include "decode/layers.h"

#include "util/err.h"

#define NULL_HDR_LEN 4

static bool is_inet6(uint32_t af)
{
    return af == 10 || af == 24 || af == 28 || af == 30;
}

int decode_null(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint32_t af = 0;

    dt->cnt.null++;
    if (cur_left(&c) < NULL_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_LTNULL_PKT_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_le32(&c, &af);
    if (af > 0xffff)
        af = __builtin_bswap32(af);
    if (af == 2)
        return decode_ipv4(dt, p, c);
    if (is_inet6(af))
        return decode_ipv6(dt, p, c);
    return decode_invalid(dt, p, PKT_EVENT_DECODER_LTNULL_UNSUPPORTED_TYPE);
}
