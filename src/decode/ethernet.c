/*
 * ethernet.c - Ethernet II and the ethertype dispatch every link layer shares.
 *
 * decode_ethertype() is Suricata's DecodeNetworkLayer: IPv4, IPv6, VLAN tags, MPLS, PPPoE,
 * VNTag, E-Tag, 802.1ah, Cisco DCE, NSH, ARP (counted only) and transparent Ethernet
 * bridging. An unknown ethertype is counted (decoder.unknown_ethertype) and is an event,
 * not an invalid packet, and returns VG_ENOENT so that tag decoders can add their own
 * "unknown type" event. 802.3 length-field frames (LLC) fall in the unknown case too.
 */
#include "decode/layers.h"

#include "util/err.h"

#define ETH_HDR_LEN 14
#define DCE_HDR_LEN 16 /* Ethernet header + 2 bytes, then another Ethernet header */
#define NSH_HDR_MIN 8

int decode_ethernet(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint16_t type = 0;
    int rc;

    dt->cnt.ethernet++;
    if (cur_left(&c) < ETH_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_ETHERNET_PKT_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_copy(&c, p->eth_dst, 6);
    cur_copy(&c, p->eth_src, 6);
    cur_be16(&c, &type);
    p->flags |= PKT_F_HAS_ETH;
    rc = decode_ethertype(dt, p, type, c);
    return rc == VG_ENOENT ? VG_OK : rc;
}

/* Network Service Header (RFC 8300). */
static int decode_nsh(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t b0 = 0, b1 = 0, mdtype = 0, next = 0;
    unsigned len;

    dt->cnt.nsh++;
    if (cur_left(&c) < NSH_HDR_MIN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_NSH_HEADER_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_u8(&c, &b0);
    cur_u8(&c, &b1);
    cur_u8(&c, &mdtype);
    cur_u8(&c, &next);
    if ((b0 >> 6) != 0)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_NSH_UNSUPPORTED_VERSION);
    len = (unsigned)(b1 & 0x3f) * 4; /* whole NSH header, in 4-byte words */
    mdtype &= 0x0f;
    if (mdtype == 0 || mdtype == 0x0f)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_NSH_RESERVED_TYPE);
    if (mdtype != 1 && mdtype != 2)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_NSH_UNSUPPORTED_TYPE);
    if ((mdtype == 1 && len != 24) || (mdtype == 2 && len < 8))
        return decode_invalid(dt, p, PKT_EVENT_DECODER_NSH_BAD_HEADER_LENGTH);
    if (!cur_skip(&c, len - 4))
        return decode_invalid(dt, p, PKT_EVENT_DECODER_NSH_BAD_HEADER_LENGTH);
    switch (next) {
    case 1:
        return decode_ipv4(dt, p, c);
    case 2:
        return decode_ipv6(dt, p, c);
    case 3:
        return decode_ethernet(dt, p, c);
    case 4:
        return decode_nsh(dt, p, c);
    case 5:
        return decode_mpls(dt, p, c);
    default:
        return decode_invalid(dt, p, PKT_EVENT_DECODER_NSH_UNKNOWN_PAYLOAD);
    }
}

int decode_ethertype(struct decode_thread *dt, struct packet *p, uint16_t type, struct cursor c)
{
    switch (type) {
    case 0x0800:
        return decode_ipv4(dt, p, c);
    case 0x86dd:
        return decode_ipv6(dt, p, c);
    case 0x8864:
        return decode_pppoe_session(dt, p, c);
    case 0x8863:
        return decode_pppoe_discovery(dt, p, c);
    case 0x8100:
    case 0x88a8:
    case 0x9100:
        return decode_vlan(dt, p, type, c);
    case 0x88e7:
        return decode_ieee8021ah(dt, p, c);
    case 0x8847:
    case 0x8848:
        return decode_mpls(dt, p, c);
    case 0x8926:
        return decode_vntag(dt, p, c);
    case 0x893f:
        return decode_etag(dt, p, c);
    case 0x0806:
        dt->cnt.arp++;
        return VG_OK;
    case 0x8903:
        if (cur_left(&c) < DCE_HDR_LEN)
            return decode_invalid(dt, p, PKT_EVENT_DECODER_DCE_PKT_TOO_SMALL);
        cur_skip(&c, 2);
        return decode_ethernet(dt, p, c);
    case 0x894f:
        return decode_nsh(dt, p, c);
    case 0x6558:
        /* transparent Ethernet bridging (GRE) */
        return decode_ethernet(dt, p, c);
    case 0x880b: /* PPP, as GRE version 1 (PPTP) carries it */
        return decode_ppp(dt, p, c);
    default:
        dt->cnt.unknown_ethertype++;
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ETHERNET_UNKNOWN_ETHERTYPE);
        return VG_ENOENT;
    }
}
