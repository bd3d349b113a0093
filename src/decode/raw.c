/*
 * raw.c - raw IP captures (DLT_RAW and its aliases): the version nibble picks IPv4 or IPv6.
 */
#include "decode/layers.h"

#include "util/err.h"

#define IPV4_HDR_LEN 20
#define IPV6_HDR_LEN 40

int decode_raw(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t v = 0;

    dt->cnt.raw++;
    if (cur_left(&c) < IPV4_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_PKT_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_peek_u8(&c, 0, &v);
    switch (v >> 4) {
    case 4:
        return decode_ipv4(dt, p, c);
    case 6:
        if (cur_left(&c) < IPV6_HDR_LEN)
            return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_PKT_TOO_SMALL);
        return decode_ipv6(dt, p, c);
    default:
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPRAW_INVALID_IP_VERSION);
    }
}
