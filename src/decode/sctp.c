/*
 * sctp.c - SCTP common header and chunk walk.
 *
 * Reads the 12-byte common header (ports, verification tag), then walks the chunks as
 * Suricata 9 does: each chunk header must fit (chunk_too_small) and its length must be at
 * least 4 and stay inside the packet (chunk_len_invalid); both make the packet invalid.
 * Protocol oddities are plain events: INIT with a non-zero tag, DATA with a zero tag, INIT
 * or INIT ACK bundled with other chunks, more chunks (or DATA chunks) than Suricata tracks
 * per packet. The CRC32c checksum is not verified (Suricata does not either).
 *
 * What the walk finds is kept in p->sctp for detection (sctp.vtag, sctp.chunk_cnt,
 * sctp.chunk_type, sctp.hdr, sctp.chunk_data) and the EVE "sctp" object: the tag, the chunk
 * count, the first PKT_SCTP_TYPES_MAX chunk types, has_init/init_ack/data/abort and the
 * length of the header plus the chunks walked.
 */
#include "decode/layers.h"

#include <string.h>

#include "util/err.h"

#define SCTP_HDR_LEN       12
#define SCTP_CHUNK_HDR_LEN 4
/* Suricata tracks this many chunk types per packet and flags packets with more. */
#define SCTP_MAX_TRACKED_CHUNKS 16
#define SCTP_MAX_DATA_CHUNKS    16

enum {
    SCTP_CHUNK_DATA = 0,
    SCTP_CHUNK_INIT = 1,
    SCTP_CHUNK_INIT_ACK = 2,
    SCTP_CHUNK_ABORT = 6,
};

/* Walks the chunks in c; returns VG_EINVAL when a chunk header is broken. */
static int walk_chunks(struct decode_thread *dt, struct packet *p, uint32_t vtag, struct cursor c)
{
    struct pkt_sctp *sc = &p->sctp;
    const uint8_t *start = c.p;
    unsigned chunks = 0, data_chunks = 0;
    bool has_init = false;
    int rc = VG_OK;

    while (cur_left(&c) > 0) {
        uint8_t type = 0;
        uint16_t clen = 0;
        size_t padded;

        if (!cur_has(&c, SCTP_CHUNK_HDR_LEN)) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_SCTP_CHUNK_TOO_SMALL);
            rc = VG_EINVAL;
            break;
        }
        cur_peek_u8(&c, 0, &type);
        cur_peek_be16(&c, 2, &clen);
        if (clen < SCTP_CHUNK_HDR_LEN || clen > cur_left(&c)) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_SCTP_CHUNK_LEN_INVALID);
            rc = VG_EINVAL;
            break;
        }
        if (chunks < PKT_SCTP_TYPES_MAX)
            sc->types[chunks] = type;
        chunks++;
        if (chunks == SCTP_MAX_TRACKED_CHUNKS + 1)
            pkt_set_event(dt, p, PKT_EVENT_DECODER_SCTP_TOO_MANY_CHUNKS);
        switch (type) {
        case SCTP_CHUNK_INIT:
            has_init = true;
            sc->has_init = true;
            if (vtag != 0)
                pkt_set_event(dt, p, PKT_EVENT_DECODER_SCTP_INIT_WITH_NON_ZERO_VTAG);
            break;
        case SCTP_CHUNK_INIT_ACK:
            has_init = true;
            sc->has_init_ack = true;
            break;
        case SCTP_CHUNK_ABORT:
            sc->has_abort = true;
            break;
        case SCTP_CHUNK_DATA:
            sc->has_data = true;
            if (vtag == 0 && data_chunks == 0)
                pkt_set_event(dt, p, PKT_EVENT_DECODER_SCTP_DATA_WITH_ZERO_VTAG);
            data_chunks++;
            if (data_chunks == SCTP_MAX_DATA_CHUNKS + 1)
                pkt_set_event(dt, p, PKT_EVENT_DECODER_SCTP_TOO_MANY_DATA_CHUNKS);
            break;
        default:
            break;
        }
        /* chunks are padded to 4 bytes; the last one's padding may be missing */
        padded = ((size_t)clen + 3) & ~(size_t)3;
        if (!cur_skip(&c, padded)) {
            cur_skip(&c, cur_left(&c));
            break;
        }
    }
    if (has_init && chunks > 1)
        pkt_set_event(dt, p, PKT_EVENT_DECODER_SCTP_INIT_CHUNK_BUNDLED);
    sc->chunk_cnt = chunks > UINT16_MAX ? UINT16_MAX : (uint16_t)chunks;
    sc->hlen = (uint16_t)(SCTP_HDR_LEN + (size_t)(c.p - start));
    return rc;
}

int decode_sctp(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    const uint8_t *l4 = c.p;
    size_t len = cur_left(&c);
    uint32_t vtag;

    dt->cnt.sctp++;
    if (len < SCTP_HDR_LEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_SCTP_PKT_TOO_SMALL);
        return VG_EINVAL;
    }
    if (!cur_be16(&c, &p->sp) || !cur_be16(&c, &p->dp) || !cur_be32(&c, &vtag) || !cur_skip(&c, 4))
        return VG_EINVAL;
    memset(&p->sctp, 0, sizeof(p->sctp));
    p->sctp.vtag = vtag;
    p->proto = 132;
    p->l4 = l4;
    p->l4_len = (uint32_t)len;
    p->payload = l4 + SCTP_HDR_LEN;
    p->payload_len = (uint32_t)(len - SCTP_HDR_LEN);
    if (walk_chunks(dt, p, vtag, c) < 0) {
        p->payload_len = 0;
        return VG_EINVAL;
    }
    return VG_OK;
}
