/*
 * sctp-keywords.c - sctp.chunk_type:<type>: matches SCTP packets carrying at least one chunk of
 * that type. <type> is a number 0-255 or an RFC 4960 name (data, init, init_ack, sack,
 * heartbeat, heartbeat_ack, abort, shutdown, shutdown_ack, error, cookie_echo, cookie_ack,
 * ecne, cwr, shutdown_complete) or auth (RFC 4895). The chunks are walked from the end of
 * the 12-byte common header, each (type, flags, 16-bit length, padded to 4 bytes), within
 * what was captured; a chunk length below 4 ends the walk.
 *
 * Also here: sctp.chunk_cnt and sctp.vtag (number comparisons on what the decoder found:
 * the count of chunks walked, the common header's verification tag) and the sticky buffer
 * sctp.chunk_data, the user data of a DATA chunk (after its 16-byte header). Suricata
 * inspects every DATA chunk of the packet; packet-scope buffers here have one instance,
 * so only the packet's first DATA chunk is inspected.
 */
#include "detect/kw/kw-hdrflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/buffer.h"
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

/* --- sctp.chunk_cnt, sctp.vtag --- */

static int add_num(struct sig_builder *b, const struct keyword *kw, const char *value, uint64_t max,
        char *err, size_t errlen)
{
    struct num_cmp *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return VG_ENOMEM;
    if (hdr_num_parse(value, max, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_pkt(b, kw, c);
}

static int setup_chunk_cnt(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_num(b, &kw_sctp_chunk_cnt, value, UINT16_MAX, err, errlen);
}

static bool match_chunk_cnt(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return p->proto == 132 && p->l4 != NULL && num_cmp_eval(ctx, p->sctp.chunk_cnt);
}

const struct keyword kw_sctp_chunk_cnt = {
    .name = "sctp.chunk_cnt",
    .setup = setup_chunk_cnt,
    .match = match_chunk_cnt,
    .free = free,
};

static int setup_vtag(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_num(b, &kw_sctp_vtag, value, UINT32_MAX, err, errlen);
}

static bool match_vtag(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return p->proto == 132 && p->l4 != NULL && num_cmp_eval(ctx, p->sctp.vtag);
}

const struct keyword kw_sctp_vtag = {
    .name = "sctp.vtag",
    .setup = setup_vtag,
    .match = match_vtag,
    .free = free,
};

/* --- sctp.chunk_data --- */

#define SCTP_DATA_HDR_LEN 16

bool sctp_buffer_chunk_data(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    struct cursor c;

    if (p->proto != 132 || p->l4 == NULL || !p->sctp.has_data || p->sctp.hlen > p->l4_len)
        return false;
    c = cur_make(p->l4, p->sctp.hlen);
    if (!cur_skip(&c, 12))
        return false;
    while (cur_has(&c, 4)) {
        uint8_t type = 0;
        uint16_t clen = 0;

        cur_peek_u8(&c, 0, &type);
        cur_peek_be16(&c, 2, &clen);
        if (clen < 4 || clen > cur_left(&c))
            return false;
        if (type == 0) {
            if (clen <= SCTP_DATA_HDR_LEN)
                return false;
            out->p = c.p + SCTP_DATA_HDR_LEN;
            out->len = (size_t)clen - SCTP_DATA_HDR_LEN;
            return true;
        }
        if (!cur_skip(&c, ((size_t)clen + 3) & ~(size_t)3))
            return false;
    }
    return false;
}

static int setup_chunk_data(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    int id = detect_buffer_lookup("sctp.chunk_data");

    if (id < 0) {
        snprintf(err, errlen, "buffer 'sctp.chunk_data' is not registered");
        return VG_EINVAL;
    }
    return sig_builder_set_buffer(b, id);
}

const struct keyword kw_sctp_chunk_data = {
    .name = "sctp.chunk_data",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_chunk_data,
};
