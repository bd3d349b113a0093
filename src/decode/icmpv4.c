/*
 * icmpv4.c - ICMPv4 decoder.
 *
 * Reads type and code, the echo-style identifier and sequence, and checks each type's known
 * codes as Suricata does (unknown_type, unknown_code). For the error messages (destination
 * unreachable, source quench, redirect, time exceeded, parameter problem) it reads the
 * embedded IPv4 header and the first bytes of its transport header into p->icmp.inner_*,
 * so the flow stage can tie the error to the flow it reports on; a truncated or non-IPv4
 * embedded header is an event and makes the packet invalid. Timestamps and router
 * advertisement entries count as header (ipv4_trunc_pkt when cut). The checksum covers the
 * whole message and is verified when validation is on.
 */
#include "decode/layers.h"

#include <string.h>

#include "util/err.h"

#define ICMPV4_HDR_LEN 8
#define IPV4_MIN_HLEN  20

enum {
    ICMP_ECHOREPLY = 0,
    ICMP_DEST_UNREACH = 3,
    ICMP_SOURCE_QUENCH = 4,
    ICMP_REDIRECT = 5,
    ICMP_ECHO = 8,
    ICMP_ROUTERADVERT = 9,
    ICMP_TIME_EXCEEDED = 11,
    ICMP_PARAMETERPROB = 12,
    ICMP_TIMESTAMP = 13,
    ICMP_TIMESTAMPREPLY = 14,
    ICMP_INFO_REQUEST = 15,
    ICMP_INFO_REPLY = 16,
    ICMP_ADDRESS = 17,
    ICMP_ADDRESSREPLY = 18,
};

/* Highest known code per error type (RFC 792, 1122, 1812). */
#define ICMP_UNREACH_CODE_MAX  15
#define ICMP_REDIRECT_CODE_MAX 3
#define ICMP_TIMEEXC_CODE_MAX  1
/* originate, receive and transmit timestamps */
#define ICMP_TIMESTAMP_LEN 12

static bool csum_enabled(const struct decode_thread *dt)
{
    return dt->cfg->checksum_validation && !dt->csum_off;
}

/* Reads the embedded IPv4 header of an error message (c starts after the ICMP header). */
static int decode_embedded(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t vihl = 0, proto = 0;
    size_t hlen, left = cur_left(&c);
    struct cursor ports;

    if (left < IPV4_MIN_HLEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV4_IPV4_TRUNC_PKT);
        return VG_EINVAL;
    }
    cur_peek_u8(&c, 0, &vihl);
    if ((vihl >> 4) != 4) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV4_IPV4_UNKNOWN_VER);
        return VG_EINVAL;
    }
    cur_peek_u8(&c, 9, &proto);
    p->icmp.has_inner = true;
    p->icmp.inner_proto = proto;
    memset(&p->icmp.inner_src, 0, sizeof(p->icmp.inner_src));
    memset(&p->icmp.inner_dst, 0, sizeof(p->icmp.inner_dst));
    memcpy(p->icmp.inner_src.b, c.p + 12, 4);
    memcpy(p->icmp.inner_dst.b, c.p + 16, 4);

    hlen = (size_t)(vihl & 0x0f) * 4;
    if (hlen < IPV4_MIN_HLEN)
        hlen = IPV4_MIN_HLEN;
    ports = c;
    if (!cur_skip(&ports, hlen))
        return VG_OK;
    /* A TCP or SCTP port pair is the first 4 bytes; Suricata wants a whole UDP header. */
    if ((proto == 6 || proto == 132 || (proto == 17 && cur_has(&ports, 8))) &&
            cur_be16(&ports, &p->icmp.inner_sp))
        cur_be16(&ports, &p->icmp.inner_dp);
    return VG_OK;
}

/* Extra header bytes of timestamp messages and router advertisements (Suricata counts them
 * as header, not payload); ipv4_trunc_pkt when they do not fit. */
static size_t extra_hdr_len(struct decode_thread *dt, struct packet *p, struct cursor rest)
{
    uint8_t naddr = 0, addr_sz = 0;
    size_t need;

    if (p->icmp.type == ICMP_TIMESTAMP || p->icmp.type == ICMP_TIMESTAMPREPLY) {
        need = ICMP_TIMESTAMP_LEN;
    } else if (p->icmp.type == ICMP_ROUTERADVERT) {
        /* number of addresses and 32-bit words per entry are in the ICMP header */
        naddr = (uint8_t)(p->icmp.id >> 8);
        addr_sz = (uint8_t)p->icmp.id;
        need = (size_t)naddr * addr_sz * 4;
    } else {
        return 0;
    }
    if (cur_left(&rest) < need) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV4_IPV4_TRUNC_PKT);
        return 0;
    }
    return need;
}

/* Checks the code of a type and, for error types, decodes the embedded packet. */
static int check_type(struct decode_thread *dt, struct packet *p, struct cursor rest)
{
    uint8_t type = p->icmp.type, code = p->icmp.code;
    int max_code;

    switch (type) {
    case ICMP_ECHOREPLY:
    case ICMP_ECHO:
    case ICMP_TIMESTAMP:
    case ICMP_TIMESTAMPREPLY:
    case ICMP_INFO_REQUEST:
    case ICMP_INFO_REPLY:
    case ICMP_ADDRESS:
    case ICMP_ADDRESSREPLY:
        p->icmp.has_id = true;
        if (code != 0)
            pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV4_UNKNOWN_CODE);
        return VG_OK;
    case ICMP_ROUTERADVERT:
        return VG_OK;
    case ICMP_DEST_UNREACH:
        max_code = ICMP_UNREACH_CODE_MAX;
        break;
    case ICMP_REDIRECT:
        max_code = ICMP_REDIRECT_CODE_MAX;
        break;
    case ICMP_TIME_EXCEEDED:
        max_code = ICMP_TIMEEXC_CODE_MAX;
        break;
    case ICMP_SOURCE_QUENCH:
    case ICMP_PARAMETERPROB:
        max_code = 0;
        break;
    default:
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV4_UNKNOWN_TYPE);
        return VG_OK;
    }
    if (code > max_code) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV4_UNKNOWN_CODE);
        return VG_OK;
    }
    /* Suricata reads an empty embedded packet for source quench only */
    if (cur_left(&rest) == 0 && type != ICMP_SOURCE_QUENCH)
        return VG_OK;
    return decode_embedded(dt, p, rest);
}

int decode_icmpv4(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    const uint8_t *l4 = c.p;
    size_t len = cur_left(&c), extra;
    int rc;

    dt->cnt.icmpv4++;
    if (len < ICMPV4_HDR_LEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ICMPV4_PKT_TOO_SMALL);
        return VG_EINVAL;
    }
    memset(&p->icmp, 0, sizeof(p->icmp));
    if (!cur_u8(&c, &p->icmp.type) || !cur_u8(&c, &p->icmp.code) || !cur_skip(&c, 2) ||
            !cur_be16(&c, &p->icmp.id) || !cur_be16(&c, &p->icmp.seq))
        return VG_EINVAL;
    p->proto = 1;
    p->l4 = l4;
    p->l4_len = (uint32_t)len;
    p->payload = l4 + ICMPV4_HDR_LEN;
    p->payload_len = (uint32_t)(len - ICMPV4_HDR_LEN);

    /* no pseudo header for ICMPv4: the plain Internet checksum over the message */
    if (csum_enabled(dt) && decode_csum_ipv4_hdr(l4, len) != 0)
        p->flags |= PKT_F_L4_CSUM_BAD;

    rc = check_type(dt, p, c);
    extra = extra_hdr_len(dt, p, c);

    p->payload += extra;
    p->payload_len -= (uint32_t)extra;
    if (!p->icmp.has_id)
        p->icmp.id = p->icmp.seq = 0;
    return rc;
}
