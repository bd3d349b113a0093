/*
 * layers.h - the per-protocol decoders, internal to the decode stage.
 *
 * Each decoder reads its header through the cursor (bounded by the captured length and, for
 * IP, by the header's own length fields), fills the packet, sets events, and calls the next
 * layer's decoder. A decoder returns VG_OK, or a negative VG_E* when the packet is invalid
 * at that layer (the caller then marks it PKT_F_INVALID). Tunnel decoders queue a pseudo
 * packet with decode_tunnel() instead of recursing into the same struct packet.
 */
#ifndef VG_DECODE_LAYERS_H
#define VG_DECODE_LAYERS_H

#include "decode/decode.h"
#include "util/cursor.h"

/* Link layers (datalink entry points) */
int decode_ethernet(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_sll(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_sll2(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_null(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_raw(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_ppp(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_chdlc(struct decode_thread *dt, struct packet *p, struct cursor c);

/* Inside a link layer: dispatch on an ethertype. */
int decode_ethertype(struct decode_thread *dt, struct packet *p, uint16_t type, struct cursor c);
int decode_vlan(struct decode_thread *dt, struct packet *p, uint16_t type, struct cursor c);
int decode_mpls(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_pppoe_session(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_pppoe_discovery(struct decode_thread *dt, struct packet *p, struct cursor c);
/* Other tags carried by an ethertype (vlan.c): VNTag, E-Tag, 802.1ah. */
int decode_vntag(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_etag(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_ieee8021ah(struct decode_thread *dt, struct packet *p, struct cursor c);
/* PPP payload by PPP protocol number (ppp.c), shared by PPP and PPPoE session. */
int decode_ppp_proto(struct decode_thread *dt, struct packet *p, uint16_t proto, struct cursor c);
/* Marks p invalid with event e and returns VG_EINVAL (Suricata's ENGINE_SET_INVALID_EVENT). */
int decode_invalid(struct decode_thread *dt, struct packet *p, enum pkt_event e);

/* Network layer */
int decode_ipv4(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_ipv6(struct decode_thread *dt, struct packet *p, struct cursor c);
/* Dispatch on an IP protocol number once the IP header(s) are done. */
int decode_ip_payload(struct decode_thread *dt, struct packet *p, uint8_t proto, struct cursor c);

/* Transport layer */
int decode_tcp(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_udp(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_icmpv4(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_icmpv6(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_sctp(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_igmp(struct decode_thread *dt, struct packet *p, struct cursor c);

/* Tunnels */
int decode_gre(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_erspan(struct decode_thread *dt, struct packet *p, int version, struct cursor c);
/* UDP-encapsulated tunnels: return VG_OK if they took the payload, VG_ENOENT if it is not
 * theirs (the UDP packet is then handled as plain UDP). */
int decode_vxlan(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_geneve(struct decode_thread *dt, struct packet *p, struct cursor c);
int decode_teredo(struct decode_thread *dt, struct packet *p, struct cursor c);

/* What a tunnel carries. */
enum tunnel_inner {
    TUNNEL_INNER_ETHERNET,
    TUNNEL_INNER_IPV4,
    TUNNEL_INNER_IPV6,
    TUNNEL_INNER_ETHERTYPE, /* with an ethertype given */
};

/* Queues a pseudo packet for bytes inner (which must lie inside parent's data) and decodes
 * it. Sets PKT_F_TUNNEL_ROOT on parent. Returns VG_OK, or VG_EMEMCAP when nesting is too
 * deep or the pseudo ring is full (decoder.too_many_layers is set on parent when too deep).
 * As in Suricata, an inner packet that fails to decode is dropped (its events are counted)
 * and VG_OK is still returned: the outer packet stays valid. */
int decode_tunnel(struct decode_thread *dt, struct packet *parent, enum tunnel_inner kind,
        uint16_t ethertype, uint32_t tunnel_id, struct cursor inner);

/* Pseudo packet ring (decode.c). alloc: a zeroed packet inheriting parent's time, root,
 * datalink, VLAN ids and tunnel id, recursion + 1 and PKT_F_PSEUDO; NULL when the ring is
 * full. queue: makes an allocated packet visible to decode_take_pseudo(); a packet never
 * queued is given back with decode_put_pseudo(). */
struct packet *decode_pseudo_alloc(struct decode_thread *dt, struct packet *parent);
void decode_pseudo_queue(struct decode_thread *dt, struct packet *tp);

/* Internet checksum helpers */
uint16_t decode_csum_ipv4_hdr(const uint8_t *hdr, size_t len);
/* TCP/UDP/ICMPv6 checksum over the pseudo header + l4 bytes; 0 when correct. */
uint16_t decode_csum_l4(const struct packet *p, uint8_t proto, const uint8_t *l4, size_t len);

#endif
