/*
 * hdr-buffers.c - the header sticky buffers ipv4.hdr, ipv6.hdr, tcp.hdr, udp.hdr,
 * icmpv4.hdr, icmpv6.hdr, igmp.hdr, sctp.hdr, ether.hdr.
 *
 * Each selects the raw bytes of one header of the packet for content/pcre/byte_* (e.g.
 * "ipv4.hdr; content:"|06|"; offset:9; depth:1;"): IPv4 with its options (IHL bytes),
 * the IPv6 header, TCP with its options (data offset bytes), the 8-byte UDP
 * header, the first 8 bytes of ICMPv6 and IGMP (type, code, checksum and the type's 4-byte
 * field), the ICMPv4 header as long as its type makes it (8 bytes; 20 for timestamps, 12 for
 * address masks, 8 + the address entries for router advertisements), the 12-byte SCTP
 * common header. ipv6.hdr includes the extension headers (up to the transport header). Absent when
 * the packet has no such header; always bounded by what was captured. The getters are listed in
 * detect/buffer.c's table.
 */
#include "detect/kw/kw-hdrflow.h"

#include <stddef.h>
#include <stdio.h>

#include "detect/buffer.h"
#include "util/err.h"

static bool hdr_slice(const uint8_t *p, uint32_t avail, uint32_t want, struct slice *out)
{
    if (p == NULL || want == 0)
        return false;
    out->p = p;
    out->len = want < avail ? want : avail;
    return true;
}

bool hdr_buffer_ipv4(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return p->ip_ver == 4 && hdr_slice(p->l3, p->l3_len, p->ip4.hlen, out);
}

bool hdr_buffer_ipv6(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    uint32_t len = 40;

    /* with its extension headers, as Suricata: up to the transport header when known */
    if (p->l3 != NULL && p->l4 != NULL && p->l4 > p->l3 && p->l4 - p->l3 <= (ptrdiff_t)p->l3_len)
        len = (uint32_t)(p->l4 - p->l3);
    return p->ip_ver == 6 && hdr_slice(p->l3, p->l3_len, len, out);
}

bool hdr_buffer_tcp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return p->proto == 6 && hdr_slice(p->l4, p->l4_len, p->tcp.hlen, out);
}

bool hdr_buffer_udp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return p->proto == 17 && hdr_slice(p->l4, p->l4_len, 8, out);
}

bool hdr_buffer_icmpv4(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    uint32_t len = 8;

    if (p->ip_ver != 4 || p->proto != 1 || p->l4 == NULL)
        return false;
    switch (p->l4_len > 0 ? p->l4[0] : 0) {
    case 9: /* router advertisement: the address entries follow */
        if (p->l4_len >= 6)
            len += (uint32_t)p->l4[4] * p->l4[5] * 4;
        break;
    case 13: /* timestamp, timestamp reply */
    case 14:
        len = 20;
        break;
    case 17: /* address mask request, reply */
    case 18:
        len = 12;
        break;
    default:
        break;
    }
    return hdr_slice(p->l4, p->l4_len, len, out);
}

bool hdr_buffer_icmpv6(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return p->ip_ver == 6 && p->proto == 58 && hdr_slice(p->l4, p->l4_len, 8, out);
}

bool hdr_buffer_igmp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return p->ip_ver == 4 && p->proto == 2 && hdr_slice(p->l4, p->l4_len, 8, out);
}

bool hdr_buffer_sctp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    /* hlen is 0 only for packets no decoder filled: the common header then */
    return p->proto == 132 &&
           hdr_slice(p->l4, p->l4_len, p->sctp.hlen != 0 ? p->sctp.hlen : 12, out);
}

bool hdr_buffer_ether(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    /* the captured frame's Ethernet header (no VLAN tags: those follow it) */
    return p->datalink == 1 && (p->flags & PKT_F_HAS_ETH) && !(p->flags & PKT_F_PSEUDO) &&
           p->caplen >= 14 && hdr_slice(p->data, p->caplen, 14, out);
}

/* Makes the named buffer current. */
static int select_buffer(struct sig_builder *b, const char *name, char *err, size_t errlen)
{
    int id = detect_buffer_lookup(name);

    if (id < 0) {
        snprintf(err, errlen, "buffer '%s' is not registered", name);
        return VG_EINVAL;
    }
    return sig_builder_set_buffer(b, id);
}

static int setup_ipv4_hdr(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "ipv4.hdr", err, errlen);
}

static int setup_ipv6_hdr(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "ipv6.hdr", err, errlen);
}

static int setup_tcp_hdr(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "tcp.hdr", err, errlen);
}

static int setup_udp_hdr(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "udp.hdr", err, errlen);
}

static int setup_icmpv4_hdr(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "icmpv4.hdr", err, errlen);
}

static int setup_icmpv6_hdr(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "icmpv6.hdr", err, errlen);
}

static int setup_igmp_hdr(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "igmp.hdr", err, errlen);
}

static int setup_ether_hdr(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "ether.hdr", err, errlen);
}

static int setup_sctp_hdr(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "sctp.hdr", err, errlen);
}

const struct keyword kw_ipv4_hdr = {
    .name = "ipv4.hdr",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_ipv4_hdr,
};

const struct keyword kw_ipv6_hdr = {
    .name = "ipv6.hdr",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_ipv6_hdr,
};

const struct keyword kw_tcp_hdr = {
    .name = "tcp.hdr",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_tcp_hdr,
};

const struct keyword kw_udp_hdr = {
    .name = "udp.hdr",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_udp_hdr,
};

const struct keyword kw_icmpv4_hdr = {
    .name = "icmpv4.hdr",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_icmpv4_hdr,
};

const struct keyword kw_icmpv6_hdr = {
    .name = "icmpv6.hdr",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_icmpv6_hdr,
};

const struct keyword kw_igmp_hdr = {
    .name = "igmp.hdr",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_igmp_hdr,
};

const struct keyword kw_sctp_hdr = {
    .name = "sctp.hdr",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_sctp_hdr,
};

const struct keyword kw_ether_hdr = {
    .name = "ether.hdr",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_ether_hdr,
};
