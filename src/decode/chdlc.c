/*
 * chdlc.c - Cisco HDLC (DLT_C_HDLC): address, control, then an ethertype.
 */
#include "decode/layers.h"

#include "util/err.h"

#define CHDLC_HDR_LEN 4

int decode_chdlc(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint16_t proto = 0;
    int rc;

    dt->cnt.chdlc++;
    if (cur_left(&c) < CHDLC_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_CHDLC_PKT_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_skip(&c, 2);
    cur_be16(&c, &proto);
    rc = decode_ethertype(dt, p, proto, c);
    return rc == VG_ENOENT ? VG_OK : rc;
}
