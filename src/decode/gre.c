/*
 * gre.c - GRE decoder (RFC 1701/2784 version 0, RFC 2637 PPTP version 1).
 *
 * Validates the flags of each version as Suricata does (version0_recur, version0_flags,
 * version1_chksum, _route, _ssr, _recur, _flags, _no_key, _wrong_protocol, wrong_version),
 * sizes the optional fields (checksum+offset, key, sequence, acknowledgment, version 0
 * source routes) and checks they fit (*_hdr_too_big, version0_malformed_sre_hdr). A
 * malformed header makes the packet invalid. The payload is then handed to a tunnel by
 * protocol type: IPv4, IPv6, transparent Ethernet bridging (0x6558), PPP (0x880b), VLAN,
 * ARP, or ERSPAN (0x88be: type I without a sequence number, type II with one; 0x22eb: type
 * III) through erspan.c. Other protocol types are left alone. GRE packets themselves are
 * not flow-tracked by ports.
 */
#include "decode/layers.h"

#include "util/err.h"

#define GRE_HDR_LEN 4

/* flag bits of the first header byte */
#define GRE_F_CSUM  0x80
#define GRE_F_ROUTE 0x40
#define GRE_F_KEY   0x20
#define GRE_F_SEQ   0x10
#define GRE_F_SSR   0x08
#define GRE_RECUR   0x07
/* second byte: version 1 acknowledgment flag, reserved flags, version */
#define GRE_F_ACK     0x80
#define GRE_RES_FLAGS 0x78
#define GRE_VERSION   0x07

#define GRE_PROTO_PPP        0x880b
#define ETHERTYPE_IPV4       0x0800
#define ETHERTYPE_IPV6       0x86dd
#define ETHERTYPE_ARP        0x0806
#define ETHERTYPE_VLAN       0x8100
#define ETHERTYPE_BRIDGE     0x6558
#define ETHERTYPE_ERSPAN     0x88be
#define ETHERTYPE_ERSPAN_III 0x22eb

/* Walks version 0 source route entries from *hlen; false when one does not fit. */
static bool walk_sre(struct cursor c, size_t *hlen)
{
    for (;;) {
        uint16_t af = 0;
        uint8_t sre_len = 0;

        if (*hlen + 4 > cur_left(&c))
            return false;
        cur_peek_be16(&c, *hlen, &af);
        cur_peek_u8(&c, *hlen + 3, &sre_len);
        *hlen += 4;
        if (af == 0 && sre_len == 0)
            return true;
        *hlen += sre_len;
        if (*hlen > cur_left(&c))
            return false;
    }
}

/* Header length of a version 0 header, or an event. */
static int v0_hlen(struct decode_thread *dt, struct packet *p, uint8_t f0, uint8_t f1,
        struct cursor c, size_t *hlen)
{
    if (f0 & GRE_RECUR) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_GRE_VERSION0_RECUR);
        return VG_EINVAL;
    }
    if (f1 & GRE_RES_FLAGS) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_GRE_VERSION0_FLAGS);
        return VG_EINVAL;
    }
    if (f0 & GRE_F_KEY)
        *hlen += 4;
    if (f0 & GRE_F_SEQ)
        *hlen += 4;
    if (f0 & (GRE_F_CSUM | GRE_F_ROUTE))
        *hlen += 4;
    if (*hlen > cur_left(&c)) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_GRE_VERSION0_HDR_TOO_BIG);
        return VG_EINVAL;
    }
    if ((f0 & GRE_F_ROUTE) && !walk_sre(c, hlen)) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_GRE_VERSION0_MALFORMED_SRE_HDR);
        return VG_EINVAL;
    }
    return VG_OK;
}

/* Header length of a version 1 (enhanced GRE, PPTP) header, or an event. */
static int v1_hlen(struct decode_thread *dt, struct packet *p, uint8_t f0, uint8_t f1,
        uint16_t proto, struct cursor c, size_t *hlen)
{
    enum pkt_event e = PKT_EVENT_MAX;

    if (f0 & GRE_F_CSUM)
        e = PKT_EVENT_DECODER_GRE_VERSION1_CHKSUM;
    else if (f0 & GRE_F_ROUTE)
        e = PKT_EVENT_DECODER_GRE_VERSION1_ROUTE;
    else if (f0 & GRE_F_SSR)
        e = PKT_EVENT_DECODER_GRE_VERSION1_SSR;
    else if (f0 & GRE_RECUR)
        e = PKT_EVENT_DECODER_GRE_VERSION1_RECUR;
    else if (f1 & GRE_RES_FLAGS)
        e = PKT_EVENT_DECODER_GRE_VERSION1_FLAGS;
    else if (proto != GRE_PROTO_PPP)
        e = PKT_EVENT_DECODER_GRE_VERSION1_WRONG_PROTOCOL;
    else if (!(f0 & GRE_F_KEY))
        e = PKT_EVENT_DECODER_GRE_VERSION1_NO_KEY;
    if (e != PKT_EVENT_MAX) {
        pkt_set_event(dt, p, e);
        return VG_EINVAL;
    }
    *hlen += 4; /* key: payload length and call id */
    if (f0 & GRE_F_SEQ)
        *hlen += 4;
    if (f1 & GRE_F_ACK)
        *hlen += 4;
    if (*hlen > cur_left(&c)) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_GRE_VERSION1_HDR_TOO_BIG);
        return VG_EINVAL;
    }
    return VG_OK;
}

/* Hands the GRE payload to the decoder of its protocol type. */
static int dispatch(struct decode_thread *dt, struct packet *p, uint16_t proto, bool has_seq,
        struct cursor inner)
{
    switch (proto) {
    case ETHERTYPE_IPV4:
        return decode_tunnel(dt, p, TUNNEL_INNER_IPV4, 0, 0, inner);
    case ETHERTYPE_IPV6:
        return decode_tunnel(dt, p, TUNNEL_INNER_IPV6, 0, 0, inner);
    case ETHERTYPE_BRIDGE:
        return decode_tunnel(dt, p, TUNNEL_INNER_ETHERNET, 0, 0, inner);
    case GRE_PROTO_PPP:
    case ETHERTYPE_VLAN:
    case ETHERTYPE_ARP:
        return decode_tunnel(dt, p, TUNNEL_INNER_ETHERTYPE, proto, 0, inner);
    case ETHERTYPE_ERSPAN:
        /* Type I has no header and no sequence number; type II always has one. */
        if (!has_seq) {
            if (!dt->cfg->erspan_typeI_enabled)
                return VG_OK;
            return decode_erspan(dt, p, 1, inner);
        }
        return decode_erspan(dt, p, 2, inner);
    case ETHERTYPE_ERSPAN_III:
        return decode_erspan(dt, p, 3, inner);
    default:
        return VG_OK;
    }
}

int decode_gre(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t f0 = 0, f1 = 0;
    uint16_t proto = 0;
    size_t hlen = GRE_HDR_LEN;
    struct cursor inner;
    int rc;

    dt->cnt.gre++;
    if (!cur_has(&c, GRE_HDR_LEN)) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_GRE_PKT_TOO_SMALL);
        return VG_EINVAL;
    }
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_peek_u8(&c, 0, &f0);
    cur_peek_u8(&c, 1, &f1);
    cur_peek_be16(&c, 2, &proto);
    p->proto = 47;
    p->l4 = c.p;
    p->l4_len = (uint32_t)cur_left(&c);

    switch (f1 & GRE_VERSION) {
    case 0:
        rc = v0_hlen(dt, p, f0, f1, c, &hlen);
        break;
    case 1:
        rc = v1_hlen(dt, p, f0, f1, proto, c, &hlen);
        break;
    default:
        pkt_set_event(dt, p, PKT_EVENT_DECODER_GRE_WRONG_VERSION);
        rc = VG_EINVAL;
        break;
    }
    if (rc < 0)
        return rc;
    inner = c;
    cur_skip(&inner, hlen);
    p->payload = inner.p;
    p->payload_len = (uint32_t)cur_left(&inner);
    /* A tunnel that cannot be queued has its own event; the GRE packet itself is fine. */
    dispatch(dt, p, proto, (f0 & GRE_F_SEQ) != 0, inner);
    return VG_OK;
}
