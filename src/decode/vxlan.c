/*
 * vxlan.c - VXLAN (RFC 7348) decoder, called by udp.c for the configured port.
 *
 * The 8-byte header must have the I flag (VNI valid) and a zero last reserved byte, and an
 * Ethernet header must follow; otherwise the payload is not VXLAN (VG_ENOENT) and stays
 * plain UDP. Like Suricata, the inner Ethernet header is read for its type only: IPv4 and
 * IPv6 become tunnel packets from the IP header on, 802.1Q/802.1ad/QinQ tags from the tag
 * on, ARP is accepted without a tunnel packet, anything else is
 * vxlan.unknown_payload_type. The VNI becomes the inner packet's tunnel_id.
 */
#include "decode/layers.h"

#include "util/err.h"

#define VXLAN_HDR_LEN 8
#define ETH_HDR_LEN   14
#define VXLAN_FLAG_I  0x08

int decode_vxlan(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t flags = 0, res = 0;
    uint32_t vni = 0;
    uint16_t type = 0;
    struct cursor h = c;

    if (!cur_has(&c, VXLAN_HDR_LEN + ETH_HDR_LEN))
        return VG_ENOENT;
    cur_peek_u8(&c, 0, &flags);
    cur_peek_u8(&c, 7, &res);
    if (!(flags & VXLAN_FLAG_I) || res != 0)
        return VG_ENOENT;
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_skip(&h, 4);
    cur_be24(&h, &vni);
    dt->cnt.vxlan++;

    cur_peek_be16(&c, VXLAN_HDR_LEN + 12, &type);
    cur_skip(&c, VXLAN_HDR_LEN + ETH_HDR_LEN);
    switch (type) {
    case 0x0800:
        decode_tunnel(dt, p, TUNNEL_INNER_IPV4, 0, vni, c);
        break;
    case 0x86dd:
        decode_tunnel(dt, p, TUNNEL_INNER_IPV6, 0, vni, c);
        break;
    case 0x8100:
    case 0x88a8:
    case 0x9100:
        decode_tunnel(dt, p, TUNNEL_INNER_ETHERTYPE, type, vni, c);
        break;
    case 0x0806:
        break;
    default:
        pkt_set_event(dt, p, PKT_EVENT_DECODER_VXLAN_UNKNOWN_PAYLOAD_TYPE);
        break;
    }
    return VG_OK;
}
