/*
 * buffer.c - the registry of inspectable buffers (see buffer.h).
 *
 * One const table; a buffer's id is its index. pkt_data (0) and stream (1) are fixed; app
 * layers append their buffers (http.uri, dns.query, ...) in a section of their own below,
 * one line each, plus aliases (Suricata's legacy names such as "http_uri" for sticky use)
 * in buffer_aliases. The stream buffer has no getter here: the stream engine supplies the
 * reassembled bytes to the inspector directly.
 */
#include "detect/buffer.h"

#include <stddef.h>
#include <string.h>

#include "detect/kw/kw-hdrflow.h"
#include "util/compiler.h"

static bool get_pkt_data(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    if (p->payload == NULL || p->payload_len == 0)
        return false;
    out->p = p->payload;
    out->len = p->payload_len;
    return true;
}

static const struct detect_buffer buffers[] = {
    /* --- core (rparse) --- */
    [DETECT_BUF_PKT_DATA] = { "pkt_data", DETECT_SCOPE_PACKET, 0, 3, get_pkt_data },
    [DETECT_BUF_STREAM] = { "stream", DETECT_SCOPE_STREAM, 0, 3, NULL },
    /* --- packet header buffers (hdrflow: kw/hdr-buffers.c) --- */
    { "ipv4.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_ipv4 },
    { "ipv6.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_ipv6 },
    { "tcp.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_tcp },
    { "udp.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_udp },
    /* --- more header buffers (kw2: kw/hdr-buffers.c) --- */
    { "icmpv4.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_icmpv4 },
    { "icmpv6.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_icmpv6 },
    { "igmp.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_igmp },
    { "sctp.hdr", DETECT_SCOPE_PACKET, 0, 3, hdr_buffer_sctp },
    /* --- app-layer buffers: append below, one line each --- */
};

struct buffer_alias {
    const char *alias;
    const char *name;
};

/* Other names of the buffers above. */
static const struct buffer_alias buffer_aliases[] = {
    { "payload", "pkt_data" },
};

int detect_buffer_lookup(const char *name)
{
    for (size_t i = 0; i < VG_ARRAY_LEN(buffers); i++) {
        if (buffers[i].name != NULL && strcmp(buffers[i].name, name) == 0)
            return (int)i;
    }
    for (size_t i = 0; i < VG_ARRAY_LEN(buffer_aliases); i++) {
        if (strcmp(buffer_aliases[i].alias, name) == 0)
            return detect_buffer_lookup(buffer_aliases[i].name);
    }
    return -1;
}

const struct detect_buffer *detect_buffer_get(int id)
{
    return &buffers[id];
}

int detect_buffer_count(void)
{
    return (int)VG_ARRAY_LEN(buffers);
}
