/*
 * sctp-keywords.c - sctp.chunk_type:<type>: matches SCTP packets carrying at least one chunk of
 * that type. <type> is a number 0-255 or an RFC 4960 name (data, init, init_ack, sack,
 * heartbeat, heartbeat_ack, abort, shutdown, shutdown_ack, error, cookie_echo, cookie_ack,
 * ecne, cwr, shutdown_complete) or auth (RFC 4895). The chunks are walked from the end of
 * the 12-byte common header, each (type, flags, 16-bit length, padded to 4 bytes), within
 * what was captured; a chunk length below 4 ends the walk.
 */
#include "detect/kw/kw-hdrflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/compiler.h"
#include "util/err.h"

static const struct {
    const char *name;
    uint8_t type;
} chunk_names[] = {
    { "data", 0 },
    { "init", 1 },
    { "init_ack", 2 },
    { "sack", 3 },
    { "heartbeat", 4 },
    { "heartbeat_ack", 5 },
    { "abort", 6 },
    { "shutdown", 7 },
    { "shutdown_ack", 8 },
    { "error", 9 },
    { "cookie_echo", 10 },
    { "cookie_ack", 11 },
    { "ecne", 12 },
    { "cwr", 13 },
    { "shutdown_complete", 14 },
    { "auth", 15 },
};

static int setup_chunk_type(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    uint8_t *c;
    uint64_t v = 256;

    if (value != NULL && !hdr_parse_uint(value, 255, true, &v)) {
        for (size_t i = 0; i < VG_ARRAY_LEN(chunk_names); i++) {
            if (strcmp(chunk_names[i].name, value) == 0)
                v = chunk_names[i].type;
        }
    }
    if (v > 255) {
        snprintf(err, errlen, "sctp.chunk_type: invalid type '%.32s'", value == NULL ? "" : value);
        return VG_EINVAL;
    }
    c = malloc(sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    *c = (uint8_t)v;
    return sig_builder_add_pkt(b, &kw_sctp_chunk_type, c);
}

static bool match_chunk_type(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const uint8_t want = *(const uint8_t *)ctx;
    uint32_t off = 12;

    if (p->proto != 132 || p->l4 == NULL)
        return false;
    while (off + 4 <= p->l4_len) {
        uint32_t len = (uint32_t)p->l4[off + 2] << 8 | p->l4[off + 3];

        if (p->l4[off] == want)
            return true;
        if (len < 4)
            break;
        off += (len + 3) & ~3u;
    }
    return false;
}

const struct keyword kw_sctp_chunk_type = {
    .name = "sctp.chunk_type",
    .setup = setup_chunk_type,
    .match = match_chunk_type,
    .free = free,
};
