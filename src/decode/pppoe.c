/*
 * pppoe.c - PPPoE discovery (RFC 2516 PADI/PADO/PADR/PADS/PADT with tags) and session.
 *
 * Discovery frames are checked and their tags walked, nothing more. A session frame's PPP
 * protocol (2 bytes, or 1 when compressed) selects the payload through decode_ppp_proto().
 */
#include "decode/layers.h"

#include "util/err.h"

#define PPPOE_DISC_HDR_LEN 6
#define PPPOE_SESS_HDR_MIN 7 /* with a one-byte PPP protocol */

enum {
    PPPOE_CODE_PADI = 0x09,
    PPPOE_CODE_PADO = 0x07,
    PPPOE_CODE_PADR = 0x19,
    PPPOE_CODE_PADS = 0x65,
    PPPOE_CODE_PADT = 0xa7,
};

int decode_pppoe_discovery(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t vt = 0, code = 0;
    uint16_t session = 0, len = 0, tag_type = 0, tag_len = 0;

    dt->cnt.pppoe++;
    if (cur_left(&c) < PPPOE_DISC_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_PPPOE_PKT_TOO_SMALL);
    cur_u8(&c, &vt);
    cur_u8(&c, &code);
    cur_be16(&c, &session);
    cur_be16(&c, &len);
    switch (code) {
    case PPPOE_CODE_PADI:
    case PPPOE_CODE_PADO:
    case PPPOE_CODE_PADR:
    case PPPOE_CODE_PADS:
    case PPPOE_CODE_PADT:
        break;
    default:
        pkt_set_event(dt, p, PKT_EVENT_DECODER_PPPOE_WRONG_CODE);
        return VG_OK;
    }
    if (!cur_limit(&c, len))
        return decode_invalid(dt, p, PKT_EVENT_DECODER_PPPOE_MALFORMED_TAGS);
    while (cur_left(&c) > 0) {
        if (!cur_be16(&c, &tag_type) || !cur_be16(&c, &tag_len) || !cur_skip(&c, tag_len)) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_PPPOE_MALFORMED_TAGS);
            break;
        }
    }
    return VG_OK;
}

int decode_pppoe_session(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t vt = 0, code = 0, b0 = 0, b1 = 0;
    uint16_t session = 0, len = 0, proto = 0;

    dt->cnt.pppoe++;
    if (cur_left(&c) < PPPOE_SESS_HDR_MIN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_PPPOE_PKT_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_u8(&c, &vt);
    cur_u8(&c, &code);
    cur_be16(&c, &session);
    cur_be16(&c, &len);
    if (len == 0)
        return VG_OK;
    /* the PPP protocol field, possibly compressed to one (odd) byte */
    cur_u8(&c, &b0);
    if (b0 & 1) {
        proto = b0;
    } else {
        if (!cur_u8(&c, &b1))
            return decode_invalid(dt, p, PKT_EVENT_DECODER_PPPOE_PKT_TOO_SMALL);
        proto = (uint16_t)((b0 << 8) | b1);
    }
    return decode_ppp_proto(dt, p, proto, c);
}
