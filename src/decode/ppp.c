/*
 * ppp.c - PPP (DLT_PPP) framing and the PPP protocol dispatch shared with PPPoE.
 *
 * The HDLC-like address/control bytes (ff 03) are optional, and the protocol field may be
 * compressed to one byte (odd first byte, RFC 1661 section 6.5). IPv4, IPv6 and Van Jacobson
 * uncompressed TCP/IP are decoded; known control protocols are accepted silently, other
 * known protocols (IPX, MPLS, compressed VJ...) are the event ppp.unsup_proto, anything else
 * ppp.wrong_type, which makes the packet invalid.
 */
#include "decode/layers.h"

#include "util/err.h"

#define IPV4_HDR_LEN 20
#define IPV6_HDR_LEN 40

enum {
    PPP_IP = 0x0021,
    PPP_IPV6 = 0x0057,
    PPP_VJ_UCOMP = 0x002f,
};

/* Protocols Suricata knows but does not decode (network and control protocols). */
static bool is_unsupported(uint16_t proto)
{
    static const uint16_t known[] = {
        0x002d,
        0x002b,
        0x0023,
        0x0025,
        0x0027,
        0x0029,
        0x0031,
        0x0033,
        0x0035,
        0x0201,
        0x0231,
        0x4001,
        0x0281,
        0x0283,
        0x8021,
        0x8023,
        0x8025,
        0x8027,
        0x8029,
        0x802b,
        0x8033,
        0x8035,
        0x8057,
        0x8281,
        0xc021,
        0xc023,
        0xc025,
        0xc223,
        0x80fd,
        0x00fd,
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (known[i] == proto)
            return true;
    }
    return false;
}

int decode_ppp_proto(struct decode_thread *dt, struct packet *p, uint16_t proto, struct cursor c)
{
    uint8_t v = 0;

    switch (proto) {
    case PPP_VJ_UCOMP:
        if (cur_left(&c) < IPV4_HDR_LEN)
            return decode_invalid(dt, p, PKT_EVENT_DECODER_PPP_VJU_PKT_TOO_SMALL);
        cur_peek_u8(&c, 0, &v);
        if ((v >> 4) == 4)
            return decode_ipv4(dt, p, c);
        return VG_OK;
    case PPP_IP:
        if (cur_left(&c) < IPV4_HDR_LEN)
            return decode_invalid(dt, p, PKT_EVENT_DECODER_PPP_IP4_PKT_TOO_SMALL);
        return decode_ipv4(dt, p, c);
    case PPP_IPV6:
        if (cur_left(&c) < IPV6_HDR_LEN)
            return decode_invalid(dt, p, PKT_EVENT_DECODER_PPP_IP6_PKT_TOO_SMALL);
        return decode_ipv6(dt, p, c);
    default:
        /* Link, network and authentication control protocols (0x8000 and up: LCP, IPCP,
         * PAP, CHAP...) are normal PPP traffic: no event, as in Suricata 7.0.12 and later. */
        if (proto >= 0x8000 && is_unsupported(proto))
            return VG_OK;
        if (is_unsupported(proto)) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_PPP_UNSUP_PROTO);
            return VG_OK;
        }
        return decode_invalid(dt, p, PKT_EVENT_DECODER_PPP_WRONG_TYPE);
    }
}

int decode_ppp(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t a = 0, b = 0, lo;
    uint16_t proto;

    dt->cnt.ppp++;
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_peek_u8(&c, 0, &a);
    cur_peek_u8(&c, 1, &b);
    if (a == 0xff && b == 0x03)
        cur_skip(&c, 2);
    if (!cur_u8(&c, &a))
        return decode_invalid(dt, p, PKT_EVENT_DECODER_PPP_PKT_TOO_SMALL);
    if (a & 1) {
        proto = a;
    } else {
        if (!cur_u8(&c, &lo))
            return decode_invalid(dt, p, PKT_EVENT_DECODER_PPP_PKT_TOO_SMALL);
        proto = (uint16_t)((a << 8) | lo);
    }
    return decode_ppp_proto(dt, p, proto, c);
}
