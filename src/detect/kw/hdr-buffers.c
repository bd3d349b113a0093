/*
 * hdr-buffers.c - the header sticky buffers ipv4.hdr, ipv6.hdr, tcp.hdr, udp.hdr.
 *
 * Each selects the raw bytes of one header of the packet for content/pcre/byte_* (e.g.
 * "ipv4.hdr; content:"|06|"; offset:9; depth:1;"): IPv4 with its options (IHL bytes),
 * the fixed 40-byte IPv6 header, TCP with its options (data offset bytes), the 8-byte UDP
 * header. Absent when the packet has no such header; always bounded by what was captured.
 * The getters are listed in detect/buffer.c's table.
 */
#include "detect/kw/kw-hdrflow.h"

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
    return p->ip_ver == 6 && hdr_slice(p->l3, p->l3_len, 40, out);
}

bool hdr_buffer_tcp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return p->proto == 6 && hdr_slice(p->l4, p->l4_len, p->tcp.hlen, out);
}

bool hdr_buffer_udp(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return p->proto == 17 && hdr_slice(p->l4, p->l4_len, 8, out);
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
