/*
 * vlan.c - 802.1Q / 802.1ad / QinQ tags, Cisco VNTag, 802.1BR E-Tag and 802.1ah I-Tag.
 *
 * Up to PKT_VLAN_MAX (3) VLAN ids are kept in p->vlan_id, outermost first; a fourth tag is
 * the event vlan.too_many_layers and decoding stops there (the packet stays valid, as in
 * Suricata). decoder.vlan / vlan_qinq / vlan_qinqinq count the first, second and third tag.
 */
#include "decode/layers.h"

#include "util/err.h"

#define VLAN_HDR_LEN       4
#define VNTAG_HDR_LEN      6
#define ETAG_HDR_LEN       8
#define IEEE8021AH_HDR_LEN 18 /* I-TAG (4), customer destination and source, type */

int decode_vlan(struct decode_thread *dt, struct packet *p, uint16_t type, struct cursor c)
{
    uint16_t tci = 0, next = 0;
    int rc;

    (void)type;
    if (p->vlan_cnt == 0)
        dt->cnt.vlan++;
    else if (p->vlan_cnt == 1)
        dt->cnt.vlan_qinq++;
    else if (p->vlan_cnt == 2)
        dt->cnt.vlan_qinqinq++;
    if (cur_left(&c) < VLAN_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_VLAN_HEADER_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    if (p->vlan_cnt >= PKT_VLAN_MAX) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_VLAN_TOO_MANY_LAYERS);
        return VG_OK;
    }
    cur_be16(&c, &tci);
    cur_be16(&c, &next);
    p->vlan_id[p->vlan_cnt++] = tci & 0x0fff;
    rc = decode_ethertype(dt, p, next, c);
    if (rc == VG_ENOENT)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_VLAN_UNKNOWN_TYPE);
    return rc;
}

int decode_vntag(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint16_t next = 0;
    int rc;

    dt->cnt.vntag++;
    if (cur_left(&c) < VNTAG_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_VNTAG_HEADER_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_skip(&c, 4);
    cur_be16(&c, &next);
    rc = decode_ethertype(dt, p, next, c);
    if (rc == VG_ENOENT)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_VNTAG_UNKNOWN_TYPE);
    return rc;
}

int decode_etag(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint16_t next = 0;
    int rc;

    dt->cnt.etag++;
    if (cur_left(&c) < ETAG_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_ETAG_HEADER_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_skip(&c, 6);
    cur_be16(&c, &next);
    rc = decode_ethertype(dt, p, next, c);
    if (rc == VG_ENOENT)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_ETAG_UNKNOWN_TYPE);
    return rc;
}

int decode_ieee8021ah(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint16_t next = 0;
    int rc;

    dt->cnt.ieee8021ah++;
    if (cur_left(&c) < IEEE8021AH_HDR_LEN)
        return decode_invalid(dt, p, PKT_EVENT_DECODER_IEEE8021AH_HEADER_TOO_SMALL);
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    cur_skip(&c, 16);
    cur_be16(&c, &next);
    rc = decode_ethertype(dt, p, next, c);
    return rc == VG_ENOENT ? VG_OK : rc;
}
