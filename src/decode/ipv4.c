/*
 * ipv4.c - IPv4 header, options and checksum; the IP payload dispatch shared with IPv6.
 *
 * Checks follow Suricata's order (size, version, header length, total length vs header
 * length, total length vs captured bytes) and each failure is a typed event that makes the
 * packet invalid. Options are all walked; the common ones are validated and recorded in
 * p->ip4.opts. A fragment goes to defrag and gets no transport decoding: the reassembled
 * datagram, if any, comes back as a pseudo packet. Bytes after the total length (Ethernet
 * padding) are ignored.
 */
#include "decode/layers.h"

#include <string.h>

#include "util/err.h"

#define IPV4_HDR_LEN 20
/* First IP protocol number IANA has not assigned (145 is NSH, 2024). */
#define IPPROTO_FIRST_UNASSIGNED 146

/* Option types (RFC 791 and later). */
enum {
    OPT_EOL = 0,
    OPT_NOP = 1,
    OPT_RR = 7,
    OPT_QS = 25,
    OPT_TS = 68,
    OPT_SEC = 130,
    OPT_LSRR = 131,
    OPT_ESEC = 133,
    OPT_CIPSO = 134,
    OPT_SID = 136,
    OPT_SSRR = 137,
    OPT_RTRALT = 148,
};

/* Minimum / exact option lengths (as Suricata checks them). */
#define OPT_ROUTE_MIN  3
#define OPT_TS_MIN     5
#define OPT_QS_MIN     8
#define OPT_SEC_MIN    3
#define OPT_ESEC_MIN   3
#define OPT_CIPSO_MIN  10
#define OPT_SID_LEN    4
#define OPT_RTRALT_LEN 4

struct ip_opt {
    uint8_t type;
    uint8_t len;
    struct cursor data; /* the len - 2 bytes after type and length */
};

/* Record route, loose and strict source route: a pointer, then addresses. */
static int validate_route(struct decode_thread *dt, struct packet *p, const struct ip_opt *o)
{
    uint8_t ptr = 0;

    if (o->len < OPT_ROUTE_MIN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN);
    if (!cur_peek_u8(&o->data, 0, &ptr))
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED);
    /* 1-based, after type/len/ptr, 4-byte steps, at most one past the end */
    if (ptr < 4 || (ptr % 4) != 0 || ptr > o->len + 1)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED);
    return VG_OK;
}

static int validate_ts(struct decode_thread *dt, struct packet *p, const struct ip_opt *o)
{
    uint8_t ptr = 0, flag = 0;
    uint8_t rec;

    if (o->len < OPT_TS_MIN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN);
    if (!cur_peek_u8(&o->data, 0, &ptr) || !cur_peek_u8(&o->data, 1, &flag))
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED);
    if (ptr < 5)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED);
    flag &= 0x0f;
    /* flags 1 and 3: address + timestamp records, else timestamps only */
    rec = (flag == 1 || flag == 3) ? 8 : 4;
    if (((ptr - 5) % rec) != 0 || ptr > o->len + 1)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED);
    return VG_OK;
}

/* CIPSO (draft-ietf-cipso): DOI then tags, each tag type + length >= 2. */
static int validate_cipso(struct decode_thread *dt, struct packet *p, const struct ip_opt *o)
{
    struct cursor c = o->data;
    uint8_t type = 0, len = 0;

    if (o->len < OPT_CIPSO_MIN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN);
    if (!cur_skip(&c, 4))
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED);
    while (cur_left(&c) > 0) {
        if (!cur_u8(&c, &type) || !cur_u8(&c, &len) || len < 2 || !cur_skip(&c, len - 2u))
            return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED);
        /* tag types 1, 2, 5, 6 and 7 are defined; 0 is invalid */
        if (type == 0)
            return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_MALFORMED);
    }
    return VG_OK;
}

static int validate_len(struct decode_thread *dt, struct packet *p, const struct ip_opt *o)
{
    bool ok;

    switch (o->type) {
    case OPT_QS:
        ok = o->len >= OPT_QS_MIN;
        break;
    case OPT_SEC:
        ok = o->len >= OPT_SEC_MIN;
        break;
    case OPT_ESEC:
        ok = o->len >= OPT_ESEC_MIN;
        break;
    case OPT_SID:
        ok = o->len == OPT_SID_LEN;
        break;
    case OPT_RTRALT:
        ok = o->len == OPT_RTRALT_LEN;
        break;
    default:
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_UNKNOWN);
    }
    if (!ok)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN);
    return VG_OK;
}

static uint16_t opt_flag(uint8_t type)
{
    switch (type) {
    case OPT_RR:
        return IPV4_OPT_F_RR;
    case OPT_TS:
        return IPV4_OPT_F_TS;
    case OPT_QS:
        return IPV4_OPT_F_QS;
    case OPT_SEC:
        return IPV4_OPT_F_SEC;
    case OPT_LSRR:
        return IPV4_OPT_F_LSRR;
    case OPT_ESEC:
        return IPV4_OPT_F_ESEC;
    case OPT_CIPSO:
        return IPV4_OPT_F_CIPSO;
    case OPT_SID:
        return IPV4_OPT_F_SID;
    case OPT_SSRR:
        return IPV4_OPT_F_SSRR;
    case OPT_RTRALT:
        return IPV4_OPT_F_RTRALT;
    default:
        return 0;
    }
}

/* Validates one multi-byte option and records it; a repeated option is an event only. */
static int handle_opt(struct decode_thread *dt, struct packet *p, const struct ip_opt *o)
{
    uint16_t flag = opt_flag(o->type);
    int rc;

    if (flag == 0) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV4_OPT_INVALID);
        return VG_OK;
    }
    if (p->ip4.opts & flag) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV4_OPT_DUPLICATE);
        return VG_OK;
    }
    switch (o->type) {
    case OPT_RR:
    case OPT_LSRR:
    case OPT_SSRR:
        rc = validate_route(dt, p, o);
        break;
    case OPT_TS:
        rc = validate_ts(dt, p, o);
        break;
    case OPT_CIPSO:
        rc = validate_cipso(dt, p, o);
        break;
    default:
        rc = validate_len(dt, p, o);
        break;
    }
    if (rc == VG_OK)
        p->ip4.opts |= flag;
    return rc;
}

static int decode_options(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t type = 0, len = 0;

    while (cur_left(&c) > 0) {
        cur_u8(&c, &type);
        if (type == OPT_EOL) {
            p->ip4.opts |= IPV4_OPT_F_EOL;
            break;
        }
        if (type == OPT_NOP) {
            p->ip4.opts |= IPV4_OPT_F_NOP;
            continue;
        }
        if (!cur_u8(&c, &len)) {
            /* one byte left: padding without an EOL */
            pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV4_OPT_EOL_REQUIRED);
            break;
        }
        struct ip_opt o = { .type = type, .len = len };
        if (len < 2 || !cur_sub(&c, len - 2u, &o.data))
            return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_OPT_INVALID_LEN);
        cur_skip(&c, len - 2u);
        if (handle_opt(dt, p, &o) < 0)
            return VG_EINVAL;
    }
    return VG_OK;
}

/* Reads the fixed header; the cursor c covers the captured bytes from the IP header on. */
static int decode_header(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    size_t caplen = cur_left(&c);
    uint8_t vihl = 0, proto = 0;
    uint16_t csum = 0;

    if (caplen < IPV4_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_PKT_TOO_SMALL);
    cur_u8(&c, &vihl);
    if ((vihl >> 4) != 4)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_WRONG_IP_VERSION);
    p->ip4.hlen = (uint8_t)((vihl & 0x0f) * 4);
    if (p->ip4.hlen < IPV4_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_HLEN_TOO_SMALL);
    cur_u8(&c, &p->ip4.tos);
    cur_be16(&c, &p->ip4.total_len);
    cur_be16(&c, &p->ip4.id);
    cur_be16(&c, &p->ip4.frag);
    cur_u8(&c, &p->ip4.ttl);
    cur_u8(&c, &proto);
    cur_be16(&c, &csum);
    if (p->ip4.total_len < p->ip4.hlen)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_IPLEN_SMALLER_THAN_HLEN);
    if (caplen < p->ip4.total_len)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_TRUNC_PKT);
    memset(&p->src, 0, sizeof(p->src));
    memset(&p->dst, 0, sizeof(p->dst));
    cur_copy(&c, p->src.b, 4);
    cur_copy(&c, p->dst.b, 4);
    p->ip_ver = 4;
    p->proto = proto;
    return VG_OK;
}

int decode_ipv4(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    struct cursor hdr, opts, payload;
    int rc;

    dt->cnt.ipv4++;
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    p->ip4.opts = 0;
    rc = decode_header(dt, p, c);
    if (rc < 0)
        return rc;
    p->l3 = c.p;
    p->l3_len = p->ip4.total_len;
    /* decode_header() checked that total_len >= hlen and total_len <= captured */
    cur_sub(&c, p->ip4.hlen, &hdr);
    opts = hdr;
    cur_skip(&opts, IPV4_HDR_LEN);
    if (cur_left(&opts) > 0 && decode_options(dt, p, opts) < 0)
        return VG_EINVAL;
    if (dt->cfg->checksum_validation && !dt->csum_off &&
            decode_csum_ipv4_hdr(hdr.p, p->ip4.hlen) != 0)
        p->flags |= PKT_F_IPV4_CSUM_BAD;
    payload = c;
    cur_limit(&payload, p->ip4.total_len);
    cur_skip(&payload, p->ip4.hlen);
    if ((p->ip4.frag & 0x3fff) != 0) {
        /* MF set or a non-zero offset */
        p->flags |= PKT_F_FRAGMENT;
        if (dt->cfg->defrag.enabled)
            defrag_ipv4(dt, p, hdr, payload);
        return VG_OK;
    }
    return decode_ip_payload(dt, p, p->proto, payload);
}

/* IP-in-IP: sanity checks on the inner header as Suricata does for IPv6 outers (a failed
 * check makes the outer packet invalid). */
static int ip_in_ip(struct decode_thread *dt, struct packet *p, uint8_t proto, struct cursor c)
{
    uint8_t v = 0;
    bool inner4 = proto == 4;

    if (p->ip_ver == 6) {
        size_t min = inner4 ? 20 : 40;
        if (cur_left(&c) < min)
            return decode_invalid(dt, p,
                    inner4 ? PKT_EVENT_DECODER_IPV6_IPV4_IN_IPV6_TOO_SMALL
                           : PKT_EVENT_DECODER_IPV6_IPV6_IN_IPV6_TOO_SMALL);
        cur_peek_u8(&c, 0, &v);
        if ((v >> 4) != (inner4 ? 4 : 6))
            return decode_invalid(dt, p,
                    inner4 ? PKT_EVENT_DECODER_IPV6_IPV4_IN_IPV6_WRONG_VERSION
                           : PKT_EVENT_DECODER_IPV6_IPV6_IN_IPV6_WRONG_VERSION);
        if (inner4)
            dt->cnt.ipv4_in_ipv6++;
        else
            dt->cnt.ipv6_in_ipv6++;
    } else if (inner4) {
        dt->cnt.ipv4_in_ipv4++;
    } else {
        dt->cnt.ipv6_in_ipv4++;
    }
    decode_tunnel(dt, p, inner4 ? TUNNEL_INNER_IPV4 : TUNNEL_INNER_IPV6, 0, 0, c);
    return VG_OK;
}

/* ESP: the SPI and sequence number, the rest is opaque. */
static int decode_esp(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    dt->cnt.esp++;
    if (cur_left(&c) < 8)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_ESP_PKT_TOO_SMALL);
    p->payload = c.p + 8;
    p->payload_len = (uint32_t)(cur_left(&c) - 8);
    return VG_OK;
}

int decode_ip_payload(struct decode_thread *dt, struct packet *p, uint8_t proto, struct cursor c)
{
    p->proto = proto;
    p->l4 = c.p;
    p->l4_len = (uint32_t)cur_left(&c);
    switch (proto) {
    case 6:
        return decode_tcp(dt, p, c);
    case 17:
        return decode_udp(dt, p, c);
    case 1:
        if (p->ip_ver == 6) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_ICMPV4);
            return VG_OK;
        }
        return decode_icmpv4(dt, p, c);
    case 58:
        if (p->ip_ver == 4)
            return decode_invalid(dt, p, PKT_EVENT_DECODER_IPV4_ICMPV6);
        return decode_icmpv6(dt, p, c);
    case 132:
        return decode_sctp(dt, p, c);
    case 2:
        if (p->ip_ver == 4)
            return decode_igmp(dt, p, c);
        return VG_OK;
    case 47:
        return decode_gre(dt, p, c);
    case 4:
    case 41:
        return ip_in_ip(dt, p, proto, c);
    case 50:
        return decode_esp(dt, p, c);
    default:
        /* Numbers IANA has not assigned (146-252), the experimental ones (253, 254) and
         * 255 are the event ipv4.unknown_protocol (Suricata 9); assigned protocols that
         * are not decoded (OSPF, PIM, VRRP...) are not. The packet stays valid. */
        if (p->ip_ver == 4 && proto >= IPPROTO_FIRST_UNASSIGNED)
            pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV4_UNKNOWN_PROTOCOL);
        return VG_OK;
    }
}
