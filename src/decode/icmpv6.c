/*
 * icmpv6.c - ICMPv6 decoder.
 *
 * Reads type and code and checks them against the IANA registry the way Suricata does:
 * unknown codes of known types, unassigned and experimentation type ranges, MLD messages
 * whose IPv6 hop limit is not 1. Echo messages give the identifier and sequence; error
 * messages (unreachable, packet too big, time exceeded, parameter problem) carry the start
 * of the offending IPv6 packet, whose addresses and ports go to p->icmp.inner_*. Like
 * Suricata it looks only at the embedded fixed header (no extension header walk). The
 * checksum uses the IPv6 pseudo header and is verified when validation is on.
 */
#include "decode/layers.h"

#include <string.h>

#include "util/err.h"

#define ICMPV6_HDR_LEN 8
#define IPV6_HDR_LEN   40

enum {
    ICMP6_DST_UNREACH = 1,
    ICMP6_PACKET_TOO_BIG = 2,
    ICMP6_TIME_EXCEEDED = 3,
    ICMP6_PARAM_PROB = 4,
    ICMP6_ECHO_REQUEST = 128,
    ICMP6_ECHO_REPLY = 129,
    MLD_LISTENER_QUERY = 130,
    MLD_LISTENER_REPORT = 131,
    MLD_LISTENER_REDUCTION = 132,
    ICMP6_RR = 138,
    ICMP6_NI_QUERY = 139,
    ICMP6_NI_REPLY = 140,
    ICMP6_MOBILE_EXPERIMENTAL = 150,
    MC_ROUTER_ADVERT = 151,
    MC_ROUTER_TERMINATE = 153,
    RPL_CONTROL_MSG = 155,
    MPL_CONTROL_MSG = 159,
};

static bool csum_enabled(const struct decode_thread *dt)
{
    return dt->cfg->checksum_validation && !dt->csum_off;
}

/* Reads the embedded IPv6 header of an error message (c starts after the ICMPv6 header). */
static int decode_embedded(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t vfc = 0, nh = 0;
    struct cursor ports;

    if (cur_left(&c) < IPV6_HDR_LEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_IPV6_TRUNC_PKT);
        return VG_EINVAL;
    }
    cur_peek_u8(&c, 0, &vfc);
    if ((vfc >> 4) != 6) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_IPV6_UNKNOWN_VERSION);
        return VG_EINVAL;
    }
    cur_peek_u8(&c, 6, &nh);
    p->icmp.has_inner = true;
    p->icmp.inner_proto = nh;
    memcpy(p->icmp.inner_src.b, c.p + 8, 16);
    memcpy(p->icmp.inner_dst.b, c.p + 24, 16);
    ports = c;
    cur_skip(&ports, IPV6_HDR_LEN);
    /* Suricata wants a whole TCP (20) or UDP (8) header before taking the ports. */
    if ((nh == 6 && cur_has(&ports, 20)) || (nh == 17 && cur_has(&ports, 8)) ||
            (nh == 132 && cur_has(&ports, 12))) {
        cur_be16(&ports, &p->icmp.inner_sp);
        cur_be16(&ports, &p->icmp.inner_dp);
    }
    return VG_OK;
}

/* Events for a type outside the switch below, by IANA range. */
static void check_unlisted_type(struct decode_thread *dt, struct packet *p, uint8_t type)
{
    if ((type > 4 && type < 100) || (type >= 102 && type < 127) || (type >= 160 && type < 200) ||
            type >= 202)
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_UNASSIGNED_TYPE);
    else if ((type >= 100 && type < 102) || (type >= 200 && type < 202))
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_EXPERIMENTATION_TYPE);
    else
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_UNKNOWN_TYPE);
}

/* Informational types 133..159: is code valid for type? */
static bool info_code_ok(uint8_t type, uint8_t code)
{
    switch (type) {
    case ICMP6_RR:
        return code <= 2 || code == 255;
    case ICMP6_NI_QUERY:
    case ICMP6_NI_REPLY:
        return code <= 2;
    case RPL_CONTROL_MSG:
        return code <= 3 || (code >= 128 && code <= 132);
    default:
        if (type >= ICMP6_MOBILE_EXPERIMENTAL && type <= MC_ROUTER_TERMINATE)
            return true; /* Suricata does not check these */
        return code == 0;
    }
}

static bool is_full_error(uint8_t type, uint8_t code)
{
    static const uint8_t max_code[5] = { 0, 6, 0, 1, 2 };

    return type >= ICMP6_DST_UNREACH && type <= ICMP6_PARAM_PROB && code <= max_code[type];
}

/* Checks the code of an error type and decodes the embedded packet. */
static int check_error(struct decode_thread *dt, struct packet *p, struct cursor rest)
{
    if (!is_full_error(p->icmp.type, p->icmp.code)) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_UNKNOWN_CODE);
        return VG_OK;
    }
    return decode_embedded(dt, p, rest);
}

static int check_type(struct decode_thread *dt, struct packet *p, struct cursor rest)
{
    uint8_t type = p->icmp.type, code = p->icmp.code;

    switch (type) {
    case ICMP6_DST_UNREACH:
    case ICMP6_PACKET_TOO_BIG:
    case ICMP6_TIME_EXCEEDED:
    case ICMP6_PARAM_PROB:
        return check_error(dt, p, rest);
    case ICMP6_ECHO_REQUEST:
    case ICMP6_ECHO_REPLY:
        if (code != 0)
            pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_UNKNOWN_CODE);
        else
            p->icmp.has_id = true;
        return VG_OK;
    case MLD_LISTENER_QUERY:
    case MLD_LISTENER_REPORT:
    case MLD_LISTENER_REDUCTION:
        if (code != 0)
            pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_UNKNOWN_CODE);
        if (p->ip6.hlim != 1)
            pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_MLD_MESSAGE_WITH_INVALID_HL);
        return VG_OK;
    default:
        if (type >= 133 && type <= MPL_CONTROL_MSG) {
            if (!info_code_ok(type, code))
                pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_UNKNOWN_CODE);
            return VG_OK;
        }
        check_unlisted_type(dt, p, type);
        return VG_OK;
    }
}

int decode_icmpv6(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    const uint8_t *l4 = c.p;
    size_t len = cur_left(&c);
    int rc;

    dt->cnt.icmpv6++;
    if (len < ICMPV6_HDR_LEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV6_PKT_TOO_SMALL);
        return VG_EINVAL;
    }
    memset(&p->icmp, 0, sizeof(p->icmp));
    if (!cur_u8(&c, &p->icmp.type) || !cur_u8(&c, &p->icmp.code) || !cur_skip(&c, 2) ||
            !cur_be16(&c, &p->icmp.id) || !cur_be16(&c, &p->icmp.seq))
        return VG_EINVAL;
    p->proto = 58;
    p->l4 = l4;
    p->l4_len = (uint32_t)len;
    p->payload = l4 + ICMPV6_HDR_LEN;
    p->payload_len = (uint32_t)(len - ICMPV6_HDR_LEN);

    if (csum_enabled(dt) && decode_csum_l4(p, 58, l4, len) != 0)
        p->flags |= PKT_F_L4_CSUM_BAD;

    rc = check_type(dt, p, c);
    if (!p->icmp.has_id)
        p->icmp.id = p->icmp.seq = 0;
    /* Only echo and well-formed error messages have an 8-byte header for Suricata; the
     * others' payload starts after type, code and checksum. */
    if (!p->icmp.has_id && !is_full_error(p->icmp.type, p->icmp.code)) {
        p->payload = l4 + 4;
        p->payload_len = (uint32_t)(len - 4);
    }
    return rc;
}
