/*
 * mpls.c - an MPLS label stack, then the payload by label or by guess, as Suricata does.
 *
 * Labels are skipped up to the bottom-of-stack bit. The bottom label decides for the
 * reserved values (0 IPv4 explicit null, 2 IPv6 explicit null; 1, 3 and 4-15 are events);
 * otherwise the first nibble of the payload picks IPv4 (4), IPv6 (6) or an Ethernet pseudo
 * wire with its 4-byte control word (0).
 */
#include "decode/layers.h"

#include "util/err.h"

#define MPLS_HDR_LEN 4
#define MPLS_PW_LEN  4

enum {
    MPLS_LABEL_IPV4 = 0,
    MPLS_LABEL_ROUTER_ALERT = 1,
    MPLS_LABEL_IPV6 = 2,
    MPLS_LABEL_NULL = 3,
    MPLS_LABEL_MAX_RESERVED = 15,
};

int decode_mpls(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint32_t shim = 0, label;
    uint8_t first = 0;

    dt->cnt.mpls++;
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    do {
        if (!cur_be32(&c, &shim))
            return decode_invalid(dt, p, PKT_EVENT_DECODER_MPLS_HEADER_TOO_SMALL);
    } while ((shim & 0x100) == 0);
    label = shim >> 12;
    switch (label) {
    case MPLS_LABEL_IPV4:
        return decode_ipv4(dt, p, c);
    case MPLS_LABEL_IPV6:
        return decode_ipv6(dt, p, c);
    case MPLS_LABEL_ROUTER_ALERT:
        /* not valid at the bottom of the stack */
        pkt_set_event(dt, p, PKT_EVENT_DECODER_MPLS_BAD_LABEL_ROUTER_ALERT);
        return VG_OK;
    case MPLS_LABEL_NULL:
        /* implicit null is never on the wire */
        pkt_set_event(dt, p, PKT_EVENT_DECODER_MPLS_BAD_LABEL_IMPLICIT_NULL);
        return VG_OK;
    default:
        break;
    }
    if (label <= MPLS_LABEL_MAX_RESERVED) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_MPLS_BAD_LABEL_RESERVED);
        return VG_OK;
    }
    if (!cur_peek_u8(&c, 0, &first))
        return decode_invalid(dt, p, PKT_EVENT_DECODER_MPLS_PKT_TOO_SMALL);
    switch (first >> 4) {
    case 4:
        return decode_ipv4(dt, p, c);
    case 6:
        return decode_ipv6(dt, p, c);
    case 0:
        if (!cur_skip(&c, MPLS_PW_LEN))
            return decode_invalid(dt, p, PKT_EVENT_DECODER_MPLS_PKT_TOO_SMALL);
        return decode_ethernet(dt, p, c);
    default:
        return decode_invalid(dt, p, PKT_EVENT_DECODER_MPLS_UNKNOWN_PAYLOAD_TYPE);
    }
}
