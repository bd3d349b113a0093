/*
 * tunnel.c - pseudo packets for the inner packet of a tunnel.
 *
 * decode_tunnel() takes a pseudo packet from the worker's ring, points it at the inner
 * bytes (inside the captured buffer, no copy), decodes it right away with the decoder for
 * what the tunnel carries, and queues it so the worker processes it after the packet that
 * carried it. As in Suricata, an inner packet that does not decode is dropped, and the
 * layer count (decoder.max-layers) continues from the outer packet's.
 */
#include "decode/layers.h"

#include "util/err.h"

static int decode_inner(struct decode_thread *dt, struct packet *tp, enum tunnel_inner kind,
        uint16_t ethertype, struct cursor c)
{
    switch (kind) {
    case TUNNEL_INNER_ETHERNET:
        return decode_ethernet(dt, tp, c);
    case TUNNEL_INNER_IPV4:
        return decode_ipv4(dt, tp, c);
    case TUNNEL_INNER_IPV6:
        return decode_ipv6(dt, tp, c);
    case TUNNEL_INNER_ETHERTYPE:
        return decode_ethertype(dt, tp, ethertype, c);
    }
    return VG_EINVAL;
}

int decode_tunnel(struct decode_thread *dt, struct packet *parent, enum tunnel_inner kind,
        uint16_t ethertype, uint32_t tunnel_id, struct cursor inner)
{
    struct packet *tp;
    uint8_t layers = dt->layers;
    int rc;

    if (parent->recursion + 1 >= dt->cfg->max_layers) {
        pkt_set_event(dt, parent, PKT_EVENT_DECODER_TOO_MANY_LAYERS);
        return VG_EMEMCAP;
    }
    tp = decode_pseudo_alloc(dt, parent);
    if (tp == NULL)
        return VG_EMEMCAP;
    tp->data = inner.p;
    tp->caplen = (uint32_t)cur_left(&inner);
    tp->wirelen = tp->caplen;
    if (tunnel_id != 0)
        tp->tunnel_id = tunnel_id;
    /* data now starts at the inner header: say which, for later readers */
    if (kind == TUNNEL_INNER_ETHERNET)
        tp->datalink = 1;
    else if (kind == TUNNEL_INNER_IPV4)
        tp->datalink = 228;
    else if (kind == TUNNEL_INNER_IPV6)
        tp->datalink = 229;
    rc = decode_inner(dt, tp, kind, ethertype, inner);
    dt->layers = layers;
    if (rc < 0 || (tp->flags & PKT_F_INVALID)) {
        /* Dropped. Nesting too deep is worth seeing on the packet that carried it: the
         * event is listed there too (already counted once). */
        if (pkt_has_event(tp, PKT_EVENT_DECODER_TOO_MANY_LAYERS) &&
                !pkt_has_event(parent, PKT_EVENT_DECODER_TOO_MANY_LAYERS) &&
                parent->event_cnt < PKT_EVENTS_MAX)
            parent->events[parent->event_cnt++] = PKT_EVENT_DECODER_TOO_MANY_LAYERS;
        decode_put_pseudo(dt, tp);
        return VG_OK;
    }
    parent->flags |= PKT_F_TUNNEL_ROOT;
    decode_pseudo_queue(dt, tp);
    return VG_OK;
}
