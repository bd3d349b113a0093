/*
 * erspan.c - ERSPAN (Cisco Encapsulated Remote SPAN) header decoder.
 *
 * Called by gre.c with the GRE packet and the bytes after the GRE header. Type I has no
 * header of its own (Ethernet follows the GRE header; decoded only when
 * decoder.erspan.typeI.enabled is set). Type II has an 8-byte header with version 1;
 * type III (GRE protocol 0x22eb) a 12-byte header with version 2, followed by an 8-byte
 * platform-specific subheader when its O bit is set. A short header is
 * erspan.header_too_small, a wrong version erspan.unsupported_version. The mirrored
 * Ethernet frame becomes a tunnel pseudo packet; a VLAN id carried in the ERSPAN header is
 * added to that packet's VLAN list, as Suricata does, so the mirrored traffic keeps it in
 * its flow key (erspan.too_many_vlan_layers when the list is full).
 */
#include "decode/layers.h"

#include "util/err.h"

#define ERSPAN_II_HDR_LEN  8
#define ERSPAN_III_HDR_LEN 12
#define ERSPAN_III_SUBHDR  8
#define ERSPAN_III_O_BIT   0x01
#define ERSPAN_II_VERSION  1
#define ERSPAN_III_VERSION 2

/* The queued pseudo packet decode_tunnel() just made for the frame at inner, or NULL (it
 * drops inner packets that do not decode). */
static struct packet *find_queued(struct decode_thread *dt, const uint8_t *inner)
{
    for (int i = dt->q_len - 1; i >= 0; i--) {
        struct packet *tp = &dt->pseudo[dt->queue[(dt->q_head + i) % DECODE_PSEUDO_MAX]];

        if (tp->data == inner && tp->root != NULL)
            return tp;
    }
    return NULL;
}

/* Adds the ERSPAN header's VLAN id to the inner packet's VLAN list, where Suricata has it. */
static void add_vlan(
        struct decode_thread *dt, struct packet *parent, const uint8_t *inner, uint16_t vlan)
{
    struct packet *tp = find_queued(dt, inner);

    if (tp == NULL)
        return;
    if (tp->vlan_cnt >= PKT_VLAN_MAX) {
        pkt_set_event(dt, parent, PKT_EVENT_DECODER_ERSPAN_TOO_MANY_VLAN_LAYERS);
        return;
    }
    /* after the VLANs copied from the outer packet, before the mirrored frame's own */
    int at = parent->vlan_cnt < tp->vlan_cnt ? parent->vlan_cnt : tp->vlan_cnt;

    for (int i = tp->vlan_cnt; i > at; i--)
        tp->vlan_id[i] = tp->vlan_id[i - 1];
    tp->vlan_id[at] = vlan;
    tp->vlan_cnt++;
}

/* Reads a type II or III header; returns the header length or a negative error. */
static int header_len(
        struct decode_thread *dt, struct packet *p, int type, struct cursor c, uint16_t *vlan)
{
    uint16_t ver_vlan = 0;
    uint8_t last = 0;
    size_t need = type == 2 ? ERSPAN_II_HDR_LEN : ERSPAN_III_HDR_LEN;
    unsigned want = type == 2 ? ERSPAN_II_VERSION : ERSPAN_III_VERSION;

    if (!cur_has(&c, need)) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ERSPAN_HEADER_TOO_SMALL);
        return VG_EINVAL;
    }
    cur_peek_be16(&c, 0, &ver_vlan);
    if ((unsigned)(ver_vlan >> 12) != want) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ERSPAN_UNSUPPORTED_VERSION);
        return VG_EINVAL;
    }
    *vlan = ver_vlan & 0x0fff;
    if (type == 3) {
        cur_peek_u8(&c, 11, &last);
        if (last & ERSPAN_III_O_BIT) {
            need += ERSPAN_III_SUBHDR;
            if (!cur_has(&c, need)) {
                pkt_set_event(dt, p, PKT_EVENT_DECODER_ERSPAN_HEADER_TOO_SMALL);
                return VG_EINVAL;
            }
        }
    }
    return (int)need;
}

int decode_erspan(struct decode_thread *dt, struct packet *p, int version, struct cursor c)
{
    uint16_t vlan = 0;
    int hlen = 0, rc;

    dt->cnt.erspan++;
    if (!decode_layer_enter(dt, p))
        return VG_EINVAL;
    if (version == 2 || version == 3) {
        hlen = header_len(dt, p, version, c, &vlan);
        if (hlen < 0)
            return hlen;
        cur_skip(&c, (size_t)hlen);
    } else if (version != 1) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_ERSPAN_UNSUPPORTED_VERSION);
        return VG_EINVAL;
    }
    rc = decode_tunnel(dt, p, TUNNEL_INNER_ETHERNET, 0, 0, c);
    if (rc == VG_OK && vlan != 0)
        add_vlan(dt, p, c.p, vlan);
    return rc;
}
