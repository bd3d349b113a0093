/*
 * geneve.c - GENEVE (RFC 8926) decoder, called by udp.c for the configured port (6081).
 *
 * The 8-byte fixed header gives the version (must be 0), the options length in 4-byte words,
 * the protocol type and the VNI; reserved flag bits and the reserved byte must be zero and
 * the options must add up exactly to the announced length. When any of this fails the
 * payload is not GENEVE (VG_ENOENT) and stays plain UDP. The inner packet is a tunnel
 * packet by protocol type: Ethernet (0x6558), IPv4, IPv6; ARP is accepted without one and
 * other types are geneve.unknown_payload_type. The VNI becomes the inner tunnel_id.
 */
#include "decode/layers.h"

#include "util/err.h"

#define GENEVE_HDR_LEN     8
#define GENEVE_OPT_HDR_LEN 4

/* Do the options in o (exactly the announced length) add up? */
static bool options_consistent(struct cursor o)
{
    while (cur_left(&o) > 0) {
        uint8_t len_byte = 0;

        if (!cur_peek_u8(&o, 3, &len_byte))
            return false;
        if (!cur_skip(&o, GENEVE_OPT_HDR_LEN + (size_t)(len_byte & 0x1f) * 4))
            return false;
    }
    return true;
}

int decode_geneve(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t ver_len = 0, flags = 0, res = 0;
    uint16_t type = 0;
    uint32_t vni = 0;
    size_t opt_len;
    struct cursor h = c, opts;

    if (!cur_has(&c, GENEVE_HDR_LEN))
        return VG_ENOENT;
    cur_peek_u8(&c, 0, &ver_len);
    cur_peek_u8(&c, 1, &flags);
    cur_peek_be16(&c, 2, &type);
    cur_peek_u8(&c, 7, &res);
    opt_len = (size_t)(ver_len & 0x3f) * 4;
    if ((ver_len >> 6) != 0 || (flags & 0x3f) != 0 || res != 0)
        return VG_ENOENT;
    if (!cur_skip(&h, 4) || !cur_be24(&h, &vni) || !cur_skip(&h, 1) ||
            !cur_sub(&h, opt_len, &opts) || !options_consistent(opts))
        return VG_ENOENT;
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    dt->cnt.geneve++;
    cur_skip(&h, opt_len);

    switch (type) {
    case 0x6558:
        decode_tunnel(dt, p, TUNNEL_INNER_ETHERNET, 0, vni, h);
        break;
    case 0x0800:
        decode_tunnel(dt, p, TUNNEL_INNER_IPV4, 0, vni, h);
        break;
    case 0x86dd:
        decode_tunnel(dt, p, TUNNEL_INNER_IPV6, 0, vni, h);
        break;
    case 0x0806:
        break;
    default:
        pkt_set_event(dt, p, PKT_EVENT_DECODER_GENEVE_UNKNOWN_PAYLOAD_TYPE);
        break;
    }
    return VG_OK;
}
