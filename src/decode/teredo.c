/*
 * teredo.c - Teredo (RFC 4380, IPv6 over UDP) decoder, called by udp.c for port 3544.
 *
 * Teredo has no header that proves a packet is Teredo, so this follows Suricata's
 * heuristics. An origin indication (0x0000 + port + address, 8 bytes) may precede the IPv6
 * packet; an authentication indication (0x0001) belongs to qualification, not to tunnelled
 * traffic, and is refused like any other leading zero byte. What remains must be an IPv6
 * header with version 6, a non-zero hop limit, not a hop-by-hop header too short to be real,
 * and a payload length that accounts exactly for the rest of the UDP payload. Otherwise
 * VG_ENOENT: the packet is plain UDP. A match becomes an IPv6 tunnel packet.
 */
#include "decode/layers.h"

#include "util/err.h"

#define IPV6_HDR_LEN    40
#define TEREDO_ORIG_LEN 8

int decode_teredo(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    uint8_t b0 = 0, b1 = 0, hlim = 0, nh = 0;
    uint16_t plen = 0;

    if (!cur_has(&c, IPV6_HDR_LEN))
        return VG_ENOENT;
    cur_peek_u8(&c, 0, &b0);
    cur_peek_u8(&c, 1, &b1);
    if (b0 == 0) {
        if (b1 != 0) /* authentication indication, or not Teredo at all */
            return VG_ENOENT;
        if (!cur_has(&c, TEREDO_ORIG_LEN + IPV6_HDR_LEN))
            return VG_ENOENT;
        cur_skip(&c, TEREDO_ORIG_LEN);
        cur_peek_u8(&c, 0, &b0);
    }
    if ((b0 >> 4) != 6)
        return VG_ENOENT;
    cur_peek_be16(&c, 4, &plen);
    cur_peek_u8(&c, 6, &nh);
    cur_peek_u8(&c, 7, &hlim);
    if (hlim == 0 || (nh == 0 && plen < 8))
        return VG_ENOENT;
    if (cur_left(&c) != (size_t)IPV6_HDR_LEN + plen)
        return VG_ENOENT;
    if (decode_tunnel(dt, p, TUNNEL_INNER_IPV6, 0, 0, c) != VG_OK)
        return VG_ENOENT;
    dt->cnt.teredo++;
    return VG_OK;
}
