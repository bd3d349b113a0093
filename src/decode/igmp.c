/*
 * igmp.c - IGMP v1/v2/v3 (and RGMP) decoder.
 *
 * As Suricata 9: an 8-byte header is required (pkt_too_small). A membership query of 12
 * bytes or more is an IGMPv3 query whose source list must fit (v3_pkt_too_small); a v3
 * membership report's group records (with their auxiliary data and sources) must fit
 * (v3_pkt_too_small for a record header, malformed for its contents). Other types are
 * v1/v2 messages by type and max-response time, or 255 ("unknown", e.g. RGMP). What follows
 * the IGMP header is payload. IGMP is not flow-tracked by ports; the checksum is left to the
 * detection keywords (igmp-csum), as in Suricata. p->igmp says which version (or RGMP) the
 * message is, for EVE's igmp{version} / rgmp{type}.
 */
#include "decode/layers.h"

#include <string.h>

#include "util/err.h"

#define IGMP_HDR_LEN     8
#define IGMPV3_QUERY_LEN 12
#define IGMPV3_GREC_LEN  8
/* IP datagram size minus IP header with router alert (24) and the v3 query header (12),
 * in 4-byte source addresses: more sources than this cannot be real. */
#define IGMPV3_MAX_SOURCES ((65535 - 24 - 12) / 4)

enum {
    IGMP_MEMBERSHIP_QUERY = 0x11,
    IGMP_V1_MEMBERSHIP_REPORT = 0x12,
    IGMP_V2_MEMBERSHIP_REPORT = 0x16,
    IGMP_V2_LEAVE_GROUP = 0x17,
    IGMP_V3_MEMBERSHIP_REPORT = 0x22,
    RGMP_LEAVE = 0xfc, /* RGMP (RFC 3488): 0xfc leave .. 0xff hello */
};

/* Header length of a v3 query in c, or a negative error with the event set. */
static int v3_query_len(struct decode_thread *dt, struct packet *p, struct cursor c, size_t *hlen)
{
    uint16_t nsrc = 0;

    cur_peek_be16(&c, 10, &nsrc);
    if (nsrc > IGMPV3_MAX_SOURCES) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IGMP_MALFORMED);
        return VG_EINVAL;
    }
    *hlen = IGMPV3_QUERY_LEN + (size_t)nsrc * 4;
    if (cur_left(&c) < *hlen) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IGMP_V3_PKT_TOO_SMALL);
        return VG_EINVAL;
    }
    return VG_OK;
}

/* Header length of a v3 report (all group records) in c. */
static int v3_report_len(struct decode_thread *dt, struct packet *p, struct cursor c, size_t *hlen)
{
    uint16_t nrec = 0;
    struct cursor r = c;

    cur_peek_be16(&c, 6, &nrec);
    cur_skip(&r, IGMP_HDR_LEN);
    for (unsigned i = 0; i < nrec; i++) {
        uint8_t aux = 0;
        uint16_t nsrc = 0;

        if (!cur_has(&r, IGMPV3_GREC_LEN)) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_IGMP_V3_PKT_TOO_SMALL);
            return VG_EINVAL;
        }
        cur_peek_u8(&r, 1, &aux);
        cur_peek_be16(&r, 2, &nsrc);
        cur_skip(&r, IGMPV3_GREC_LEN);
        if (!cur_skip(&r, (size_t)aux * 4) || !cur_skip(&r, (size_t)nsrc * 4)) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_IGMP_MALFORMED);
            return VG_EINVAL;
        }
    }
    *hlen = (size_t)(r.p - c.p);
    if (*hlen >= UINT16_MAX) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IGMP_MALFORMED);
        return VG_EINVAL;
    }
    return VG_OK;
}

/* Sets p->igmp: RGMP (types 0xfc-0xff sent to 224.0.0.25) or the IGMP version: a query is
 * v3 when 12 bytes or more, v1 when its max response time is 0, else v2. */
static void igmp_classify(struct packet *p, struct cursor c, uint8_t type, size_t len)
{
    static const uint8_t rgmp_group[4] = { 224, 0, 0, 25 };
    uint8_t max_resp = 0;

    p->igmp.version = 0;
    p->igmp.rgmp = false;
    if (type >= RGMP_LEAVE && memcmp(p->dst.b, rgmp_group, 4) == 0) {
        p->igmp.rgmp = true;
        return;
    }
    switch (type) {
    case IGMP_MEMBERSHIP_QUERY:
        cur_peek_u8(&c, 1, &max_resp);
        p->igmp.version = len >= IGMPV3_QUERY_LEN ? 3 : max_resp == 0 ? 1 : 2;
        break;
    case IGMP_V1_MEMBERSHIP_REPORT:
        p->igmp.version = 1;
        break;
    case IGMP_V2_MEMBERSHIP_REPORT:
    case IGMP_V2_LEAVE_GROUP:
        p->igmp.version = 2;
        break;
    case IGMP_V3_MEMBERSHIP_REPORT:
        p->igmp.version = 3;
        break;
    default:
        break;
    }
}

int decode_igmp(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    size_t len = cur_left(&c), hlen = IGMP_HDR_LEN;
    uint8_t type = 0;
    int rc = VG_OK;

    dt->cnt.igmp++;
    if (len < IGMP_HDR_LEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IGMP_PKT_TOO_SMALL);
        return VG_EINVAL;
    }
    cur_peek_u8(&c, 0, &type);
    p->proto = 2;
    p->l4 = c.p;
    p->l4_len = (uint32_t)len;
    igmp_classify(p, c, type, len);
    if (type == IGMP_MEMBERSHIP_QUERY && len >= IGMPV3_QUERY_LEN)
        rc = v3_query_len(dt, p, c, &hlen);
    else if (type == IGMP_V3_MEMBERSHIP_REPORT)
        rc = v3_report_len(dt, p, c, &hlen);
    if (rc < 0)
        return rc;
    p->payload = c.p + hlen;
    p->payload_len = (uint32_t)(len - hlen);
    return VG_OK;
}
