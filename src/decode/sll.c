/*
 * sll.c - Linux cooked capture, v1 (DLT_LINUX_SLL, 16 bytes) and v2 (DLT_LINUX_SLL2, 20).
 *
 * Only the protocol field matters: it is an ethertype, dispatched as Ethernet's is.
 */
#include "decode/layers.h"

#include "util/err.h"

#define SLL_HDR_LEN  16
#define SLL2_HDR_LEN 20

int decode_sll(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint16_t proto = 0;
    int rc;

    dt->cnt.sll++;
    if (cur_left(&c) < SLL_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_SLL_PKT_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    /* packet type, ARPHRD type, address length, 8 address bytes, protocol */
    cur_skip(&c, 14);
    cur_be16(&c, &proto);
    rc = decode_ethertype(dt, p, proto, c);
    return rc == VG_ENOENT ? VG_OK : rc;
}

int decode_sll2(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint16_t proto = 0;
    int rc;

    dt->cnt.sll2++;
    if (cur_left(&c) < SLL2_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_SLL2_PKT_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    /* protocol, reserved, interface index, ARPHRD type, packet type, address length and
     * 8 address bytes */
    cur_be16(&c, &proto);
    cur_skip(&c, SLL2_HDR_LEN - 2);
    rc = decode_ethertype(dt, p, proto, c);
    return rc == VG_ENOENT ? VG_OK : rc;
}
