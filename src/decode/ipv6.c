/*
 * ipv6.c - the IPv6 header and its extension header chain.
 *
 * The payload length bounds everything after the fixed header (bytes beyond it, e.g.
 * Ethernet padding, are ignored; fewer captured bytes is ipv6.trunc_pkt). Extension
 * headers are walked as Suricata does: hop-by-hop and destination options are parsed
 * option by option (padding-only, zero-length PadN, unknown options, bad lengths), a
 * repeated header is an event and is skipped, routing type 0 is flagged, AH and the
 * no-parse headers (MH, HIP, SHIM6) are skipped by their length. A fragment header with a
 * non-zero offset or MF ends decoding: the fragment goes to defrag, and the reassembled
 * datagram comes back as a pseudo packet. Upper-layer protocols go to decode_ip_payload().
 */
#include "decode/layers.h"

#include <string.h>

#include "util/err.h"

#define IPV6_HDR_LEN  40
#define IPV6_FRAG_LEN 8

enum {
    NH_HOPOPTS = 0,
    NH_ICMP = 1,
    NH_TCP = 6,
    NH_UDP = 17,
    NH_IPIP = 4,
    NH_IPV6 = 41,
    NH_ROUTING = 43,
    NH_FRAGMENT = 44,
    NH_GRE = 47,
    NH_ESP = 50,
    NH_AH = 51,
    NH_ICMPV6 = 58,
    NH_NONE = 59,
    NH_DSTOPTS = 60,
    NH_MH = 135,
    NH_HIP = 139,
    NH_SHIM6 = 140,
    NH_SCTP = 132,
};

/* Option types in hop-by-hop and destination options headers. */
enum {
    OPT_PAD1 = 0x00,
    OPT_PADN = 0x01,
    OPT_JUMBO = 0xc2,
    OPT_RA = 0x05,
    OPT_HAO = 0xc9,
};

/* State of one walk over the extension header chain. */
struct ext_walk {
    struct cursor c;     /* from the current header to the end of the payload */
    const uint8_t *base; /* the IPv6 header */
    size_t nh_off;       /* offset from base of the byte that named the current header */
    uint8_t nh;          /* current header type */
    uint8_t dstopts;     /* destination options headers seen (2 allowed) */
};

static bool is_upper(uint8_t nh)
{
    switch (nh) {
    case NH_TCP:
    case NH_UDP:
    case NH_ICMPV6:
    case NH_SCTP:
    case NH_IPIP:
    case NH_IPV6:
    case NH_GRE:
    case NH_ESP:
        return true;
    default:
        return false;
    }
}

/* Moves the walk past a header of len bytes whose first byte is the next header. */
static void ext_next(struct ext_walk *w, size_t len)
{
    uint8_t nh = 0;

    cur_peek_u8(&w->c, 0, &nh);
    w->nh_off = (size_t)(w->c.p - w->base);
    w->nh = nh;
    cur_skip(&w->c, len);
}

/* Walks the options of a hop-by-hop or destination options header. */
static void parse_options(struct decode_thread *dt, struct packet *p, bool hop, struct cursor o)
{
    unsigned padn = 0, other = 0;
    uint8_t type = 0, len = 0;

    while (cur_left(&o) > 0) {
        cur_u8(&o, &type);
        if (type == OPT_PAD1) {
            padn++;
            continue;
        }
        if (!cur_u8(&o, &len) || !cur_has(&o, len)) {
            decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_EXTHDR_INVALID_OPTLEN);
            return;
        }
        switch (type) {
        case OPT_PADN:
            padn++;
            if (len == 0)
                pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_ZERO_LEN_PADN);
            break;
        case OPT_RA:
        case OPT_JUMBO:
        case OPT_HAO:
            /* router alert: 2 bytes, jumbo payload: 4, home address: 16 */
            if (len < (type == OPT_RA ? 2 : type == OPT_JUMBO ? 4 : 16)) {
                decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_EXTHDR_INVALID_OPTLEN);
                return;
            }
            other++;
            break;
        default:
            pkt_set_event(dt, p,
                    hop ? PKT_EVENT_DECODER_IPV6_HOPOPTS_UNKNOWN_OPT
                        : PKT_EVENT_DECODER_IPV6_DSTOPTS_UNKNOWN_OPT);
            other++;
            break;
        }
        cur_skip(&o, len);
    }
    if (padn > 0 && other == 0)
        pkt_set_event(dt, p,
                hop ? PKT_EVENT_DECODER_IPV6_HOPOPTS_ONLY_PADDING
                    : PKT_EVENT_DECODER_IPV6_DSTOPTS_ONLY_PADDING);
}

/* Hop-by-hop and destination options. Returns false when the walk must stop. */
static bool ext_options(struct decode_thread *dt, struct packet *p, struct ext_walk *w)
{
    bool hop = w->nh == NH_HOPOPTS;
    uint8_t hl = 0;
    size_t len;
    struct cursor o;

    cur_peek_u8(&w->c, 1, &hl);
    len = ((size_t)hl + 1) * 8;
    if (!cur_has(&w->c, len)) {
        decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_TRUNC_EXTHDR);
        return false;
    }
    if (hop && (p->ip6.exthdrs & IPV6_EXT_F_HOP)) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_HH);
        ext_next(w, len);
        return true;
    }
    if (!hop && w->dstopts >= 2) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_DH);
        ext_next(w, len);
        return true;
    }
    if (hop)
        p->ip6.exthdrs |= IPV6_EXT_F_HOP;
    else {
        p->ip6.exthdrs |= IPV6_EXT_F_DSTOPTS;
        w->dstopts++;
    }
    cur_sub(&w->c, len, &o);
    cur_skip(&o, 2);
    parse_options(dt, p, hop, o);
    ext_next(w, len);
    return true;
}

static bool ext_routing(struct decode_thread *dt, struct packet *p, struct ext_walk *w)
{
    uint8_t hl = 0, type = 0;
    size_t len;

    cur_peek_u8(&w->c, 1, &hl);
    len = 8 + (size_t)hl * 8;
    if (!cur_has(&w->c, len)) {
        decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_TRUNC_EXTHDR);
        return false;
    }
    if (p->ip6.exthdrs & IPV6_EXT_F_ROUTING) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_RH);
    } else {
        p->ip6.exthdrs |= IPV6_EXT_F_ROUTING;
        cur_peek_u8(&w->c, 2, &type);
        if (type == 0)
            pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_RH_TYPE_0);
    }
    ext_next(w, len);
    return true;
}

static bool ext_ah(struct decode_thread *dt, struct packet *p, struct ext_walk *w)
{
    uint8_t plen = 0;
    uint16_t reserved = 0;
    size_t len = 12;

    cur_peek_u8(&w->c, 1, &plen);
    /* the length counts 4-byte words beyond the first two... less the 12-byte minimum */
    if (plen > 0)
        len += ((size_t)plen - 1) * 4;
    if (!cur_has(&w->c, len)) {
        decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_TRUNC_EXTHDR);
        return false;
    }
    cur_peek_be16(&w->c, 2, &reserved);
    if (reserved != 0)
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_EXTHDR_AH_RES_NOT_NULL);
    if (p->ip6.exthdrs & IPV6_EXT_F_AH)
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_AH);
    p->ip6.exthdrs |= IPV6_EXT_F_AH;
    ext_next(w, len);
    return true;
}

/* Mobility, HIP, SHIM6: skipped by their length. */
static bool ext_skip(struct decode_thread *dt, struct packet *p, struct ext_walk *w)
{
    uint8_t hl = 0;
    size_t len;

    cur_peek_u8(&w->c, 1, &hl);
    len = 8 + (size_t)hl * 8;
    if (!cur_has(&w->c, len)) {
        decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_TRUNC_EXTHDR);
        return false;
    }
    p->ip6.exthdrs |= w->nh == NH_MH    ? IPV6_EXT_F_MH
                      : w->nh == NH_HIP ? IPV6_EXT_F_HIP
                                        : IPV6_EXT_F_SHIM6;
    ext_next(w, len);
    return true;
}

/* The fragment header. Returns false when the walk stops (fragment handed to defrag, or
 * truncated); true to continue (duplicate or useless header). */
static bool ext_fragment(struct decode_thread *dt, struct packet *p, struct ext_walk *w)
{
    struct cursor c = w->c, unfrag;
    uint8_t next = 0, reserved = 0;
    uint16_t off = 0;
    uint32_t id = 0;

    if (!cur_has(&c, IPV6_FRAG_LEN)) {
        decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_TRUNC_EXTHDR);
        return false;
    }
    cur_u8(&c, &next);
    cur_u8(&c, &reserved);
    cur_be16(&c, &off);
    cur_be32(&c, &id);
    if (reserved != 0)
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_FH_NON_ZERO_RESERVED_FIELD);
    if (p->ip6.has_frag) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_EXTHDR_DUPL_FH);
        ext_next(w, IPV6_FRAG_LEN);
        return true;
    }
    p->ip6.has_frag = true;
    p->ip6.exthdrs |= IPV6_EXT_F_FRAG;
    p->ip6.frag_id = id;
    p->ip6.frag_off = off & 0xfff8;
    p->ip6.frag_more = (off & 1) != 0;
    if (p->ip6.frag_off == 0 && !p->ip6.frag_more) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_EXTHDR_USELESS_FH);
        ext_next(w, IPV6_FRAG_LEN);
        return true;
    }
    p->flags |= PKT_F_FRAGMENT;
    p->proto = NH_FRAGMENT;
    if (dt->cfg->defrag.enabled) {
        unfrag = cur_make(w->base, (size_t)(w->c.p - w->base));
        defrag_ipv6(dt, p, unfrag, w->nh_off, next, c);
    }
    return false;
}

/* One step of the walk; false when decoding of this packet is over. */
static bool ext_step(struct decode_thread *dt, struct packet *p, struct ext_walk *w)
{
    switch (w->nh) {
    case NH_HOPOPTS:
    case NH_DSTOPTS:
        return ext_options(dt, p, w);
    case NH_ROUTING:
        return ext_routing(dt, p, w);
    case NH_FRAGMENT:
        return ext_fragment(dt, p, w);
    case NH_AH:
        return ext_ah(dt, p, w);
    case NH_MH:
    case NH_HIP:
    case NH_SHIM6:
        return ext_skip(dt, p, w);
    default:
        return false;
    }
}

static bool is_ext(uint8_t nh)
{
    switch (nh) {
    case NH_HOPOPTS:
    case NH_DSTOPTS:
    case NH_ROUTING:
    case NH_FRAGMENT:
    case NH_AH:
    case NH_MH:
    case NH_HIP:
    case NH_SHIM6:
        return true;
    default:
        return false;
    }
}

/* Walks from the IPv6 header's next header. As in Suricata, once inside the extension
 * header chain, fewer than 2 bytes left is ipv6.trunc_exthdr whatever comes next. */
static int decode_ext_headers(struct decode_thread *dt, struct packet *p, struct ext_walk *w)
{
    bool in_chain = false;

    for (;;) {
        if (w->nh == NH_NONE) {
            p->ip6.exthdrs |= IPV6_EXT_F_NONE;
            p->proto = NH_NONE;
            if (cur_left(&w->c) > 0)
                pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_DATA_AFTER_NONE_HEADER);
            return VG_OK;
        }
        if ((in_chain || is_ext(w->nh)) && !cur_has(&w->c, 2)) {
            p->proto = w->nh;
            return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_TRUNC_EXTHDR);
        }
        if (is_upper(w->nh)) {
            if (w->nh == NH_ESP)
                p->ip6.exthdrs |= IPV6_EXT_F_ESP;
            return decode_ip_payload(dt, p, w->nh, w->c);
        }
        p->proto = w->nh;
        if (w->nh == NH_ICMP) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_ICMPV4);
            return VG_OK;
        }
        if (!is_ext(w->nh)) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_UNKNOWN_NEXT_HEADER);
            return VG_OK;
        }
        in_chain = true;
        if (!ext_step(dt, p, w))
            return (p->flags & PKT_F_INVALID) ? VG_EINVAL : VG_OK;
    }
}

int decode_ipv6(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    struct ext_walk w;
    uint32_t vtf = 0;
    uint16_t plen = 0;
    uint8_t nh = 0;

    dt->cnt.ipv6++;
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    if (cur_left(&c) < IPV6_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_PKT_TOO_SMALL);
    w.base = c.p;
    cur_be32(&c, &vtf);
    if ((vtf >> 28) != 6)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_WRONG_IP_VERSION);
    cur_be16(&c, &plen);
    cur_u8(&c, &nh);
    if (cur_left(&c) < 33u + plen)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV6_TRUNC_PKT);
    memset(&p->ip6, 0, sizeof(p->ip6));
    p->ip6.tclass = (uint8_t)(vtf >> 20);
    p->ip6.flow_label = vtf & 0xfffff;
    p->ip6.plen = plen;
    cur_u8(&c, &p->ip6.hlim);
    cur_copy(&c, p->src.b, 16);
    cur_copy(&c, p->dst.b, 16);
    p->ip_ver = 6;
    p->proto = nh;
    p->l3 = w.base;
    p->l3_len = IPV6_HDR_LEN + (uint32_t)plen;
    cur_limit(&c, plen);
    w.c = c;
    w.nh = nh;
    w.nh_off = 6;
    w.dstopts = 0;
    return decode_ext_headers(dt, p, &w);
}
