/*
 * udp.c - UDP header decoder and the UDP tunnel dispatch.
 *
 * Checks the header and its length field against the IP payload the way Suricata does
 * (hlen_too_small, pkt_too_small, len_invalid), fills the ports, l4 and payload (bounded by
 * the length field, so trailing padding is not payload) and verifies the checksum when
 * validation is on. Then, as Suricata's DecodeUDP, it offers the payload to Teredo (port
 * 3544), GENEVE and VXLAN (configured ports, either direction) in that order; the first that
 * takes it queues the inner packet, and the outer packet stays a normal UDP packet with a
 * flow and PKT_F_TUNNEL_ROOT set. A payload no tunnel decoder recognises is plain UDP.
 */
#include "decode/layers.h"

#include "util/err.h"

#define UDP_HDR_LEN     8
#define TEREDO_UDP_PORT 3544

static bool csum_enabled(const struct decode_thread *dt)
{
    return dt->cfg->checksum_validation && !dt->csum_off;
}

static bool port_match(const struct packet *p, uint16_t port)
{
    return p->sp == port || p->dp == port;
}

/* Offers the UDP payload to the tunnel decoders; true when one of them took it. */
static bool decode_udp_tunnels(struct decode_thread *dt, struct packet *p, struct cursor pl)
{
    const struct decode_config *cfg = dt->cfg;

    if (cfg->teredo_enabled && port_match(p, TEREDO_UDP_PORT) && decode_teredo(dt, p, pl) == VG_OK)
        return true;
    if (cfg->geneve_enabled && port_match(p, cfg->geneve_port) && decode_geneve(dt, p, pl) == VG_OK)
        return true;
    if (cfg->vxlan_enabled && port_match(p, cfg->vxlan_port) && decode_vxlan(dt, p, pl) == VG_OK)
        return true;
    return false;
}

int decode_udp(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    const uint8_t *l4 = c.p;
    size_t len = cur_left(&c);
    uint16_t ulen, csum;
    struct cursor pl;

    dt->cnt.udp++;
    if (len < UDP_HDR_LEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_UDP_HLEN_TOO_SMALL);
        return VG_EINVAL;
    }
    if (!cur_be16(&c, &p->sp) || !cur_be16(&c, &p->dp) || !cur_be16(&c, &ulen) ||
            !cur_be16(&c, &csum))
        return VG_EINVAL;
    if (len < ulen) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_UDP_PKT_TOO_SMALL);
        return VG_EINVAL;
    }
    if (ulen < UDP_HDR_LEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_UDP_LEN_INVALID);
        return VG_EINVAL;
    }

    p->proto = 17;
    p->udp_len = ulen;
    p->l4 = l4;
    p->l4_len = ulen;
    p->payload = l4 + UDP_HDR_LEN;
    p->payload_len = (uint32_t)ulen - UDP_HDR_LEN;

    /* IPv4 lets a sender skip the checksum (0); IPv6 does not. */
    if (csum_enabled(dt) && (csum != 0 || p->ip_ver == 6) && decode_csum_l4(p, 17, l4, ulen) != 0)
        p->flags |= PKT_F_L4_CSUM_BAD;

    pl = cur_make(p->payload, p->payload_len);
    decode_udp_tunnels(dt, p, pl);
    return VG_OK;
}
