/*
 * tcp.c - TCP header and options decoder.
 *
 * Reads the fixed header, checks the data offset against the bytes left in the IP payload,
 * walks the options (MSS, window scale, SACK-permitted, SACK, timestamps, TFO, MD5, AO and
 * the experimental kinds) with Suricata's events, then fills p->tcp, the ports, l4 and
 * payload. The checksum is verified only when checksum validation is on and the segment
 * is complete in the capture.
 *
 * As in Suricata, a bad length on one option sets an event and is skipped, a malformed
 * option list stops the walk, and only a header that does not fit fails the packet. It does
 * not track state: sequence numbers are for the stream stage.
 */
#include "decode/layers.h"

#include <string.h>

#include "util/err.h"

#define TCP_HDR_LEN 20

enum {
    TCP_OPT_EOL = 0,
    TCP_OPT_NOP = 1,
    TCP_OPT_MSS = 2,
    TCP_OPT_WS = 3,
    TCP_OPT_SACKOK = 4,
    TCP_OPT_SACK = 5,
    TCP_OPT_TS = 8,
    TCP_OPT_MD5 = 19,
    TCP_OPT_AO = 29,
    TCP_OPT_TFO = 34,
    TCP_OPT_EXP1 = 0xfd,
    TCP_OPT_EXP2 = 0xfe,
};

/* Options already seen in this header, for opt_duplicate. */
enum {
    SEEN_MSS = 1u << 0,
    SEEN_WS = 1u << 1,
    SEEN_SACKOK = 1u << 2,
    SEEN_SACK = 1u << 3,
    SEEN_TS = 1u << 4,
    SEEN_TFO = 1u << 5,
};

/* Checks an option's length; sets opt_invalid_len when it is wrong. */
static bool opt_len_ok(struct decode_thread *dt, struct packet *p, uint8_t kind, uint8_t olen)
{
    bool ok;

    switch (kind) {
    case TCP_OPT_MSS:
        ok = olen == 4;
        break;
    case TCP_OPT_WS:
        ok = olen == 3;
        break;
    case TCP_OPT_SACKOK:
        ok = olen == 2;
        break;
    case TCP_OPT_TS:
        ok = olen == 10;
        break;
    case TCP_OPT_SACK:
        /* no block (Suricata accepts it) or one to four blocks of 8 bytes */
        ok = olen == 2 || (olen >= 10 && olen <= 34 && (olen - 2) % 8 == 0);
        break;
    case TCP_OPT_TFO:
        /* empty (cookie request) or a 4 to 16 byte cookie of even length */
        ok = olen == 2 || (olen >= 6 && olen <= 18 && olen % 2 == 0);
        break;
    case TCP_OPT_MD5:
        ok = olen == 18;
        break;
    case TCP_OPT_AO:
        ok = olen >= 4;
        break;
    case TCP_OPT_EXP1:
    case TCP_OPT_EXP2:
        /* RFC 6994: 16-bit ExID, plus an 8-byte TFO cookie when it is one */
        ok = olen == 4 || olen == 12;
        break;
    default:
        ok = true;
        break;
    }
    if (!ok)
        pkt_set_event(dt, p, PKT_EVENT_DECODER_TCP_OPT_INVALID_LEN);
    return ok;
}

/* Maps an option kind to its SEEN_* bit, 0 for those Suricata does not check for
 * duplicates (MD5, AO, others). RFC 6994 experimental options carrying the TFO magic
 * 0xf989 count as TFO. */
static unsigned opt_seen_bit(uint8_t kind, struct slice data)
{
    switch (kind) {
    case TCP_OPT_MSS:
        return SEEN_MSS;
    case TCP_OPT_WS:
        return SEEN_WS;
    case TCP_OPT_SACKOK:
        return SEEN_SACKOK;
    case TCP_OPT_SACK:
        return SEEN_SACK;
    case TCP_OPT_TS:
        return SEEN_TS;
    case TCP_OPT_TFO:
        return SEEN_TFO;
    case TCP_OPT_EXP1:
    case TCP_OPT_EXP2:
        if ((data.len == 2 || data.len == 10) && data.p[0] == 0xf9 && data.p[1] == 0x89)
            return SEEN_TFO;
        return 0;
    default:
        return 0;
    }
}

/* Stores the value of a first, well-formed option in p->tcp. */
static void opt_store(struct packet *p, uint8_t kind, struct slice data)
{
    struct cursor v = cur_make(data.p, data.len);

    switch (kind) {
    case TCP_OPT_MSS:
        p->tcp.has_mss = cur_be16(&v, &p->tcp.mss);
        break;
    case TCP_OPT_WS:
        p->tcp.has_wscale = cur_u8(&v, &p->tcp.wscale);
        break;
    case TCP_OPT_SACKOK:
        p->tcp.has_sackok = true;
        break;
    case TCP_OPT_TS:
        p->tcp.has_ts = cur_be32(&v, &p->tcp.ts_val) && cur_be32(&v, &p->tcp.ts_ecr);
        break;
    case TCP_OPT_SACK:
        p->tcp.has_sack = true;
        p->tcp.sack = data.p;
        p->tcp.sack_len = (uint8_t)data.len;
        break;
    default:
        break;
    }
}

/* Walks the option bytes o (at most 40). */
static void decode_options(struct decode_thread *dt, struct packet *p, struct cursor o)
{
    unsigned seen = 0;
    uint8_t kind, olen;

    while (cur_u8(&o, &kind)) {
        struct slice data;
        unsigned bit;

        if (kind == TCP_OPT_EOL)
            break;
        if (kind == TCP_OPT_NOP)
            continue;
        if (!cur_u8(&o, &olen))
            break; /* a kind byte alone at the end: Suricata ignores it */
        if (olen < 2 || !cur_take(&o, (size_t)olen - 2, &data)) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_TCP_OPT_INVALID_LEN);
            return;
        }
        if (!opt_len_ok(dt, p, kind, olen))
            continue;
        bit = opt_seen_bit(kind, data);
        if (bit != 0 && (seen & bit)) {
            pkt_set_event(dt, p, PKT_EVENT_DECODER_TCP_OPT_DUPLICATE);
            continue;
        }
        seen |= bit;
        if (bit == SEEN_TFO)
            p->tcp.has_tfo = true;
        opt_store(p, kind, data);
    }
}

static bool csum_enabled(const struct decode_thread *dt)
{
    return dt->cfg->checksum_validation && !dt->csum_off;
}

int decode_tcp(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    const uint8_t *l4 = c.p;
    size_t len = cur_left(&c);
    uint8_t off_byte, hlen;
    struct cursor opts;

    dt->cnt.tcp++;
    if (len < TCP_HDR_LEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_TCP_PKT_TOO_SMALL);
        return VG_EINVAL;
    }
    if (!cur_peek_u8(&c, 12, &off_byte))
        return VG_EINVAL;
    hlen = (uint8_t)((off_byte >> 4) * 4);
    if (len < hlen) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_TCP_HLEN_TOO_SMALL);
        return VG_EINVAL;
    }
    /* A data offset below 5 words leaves a negative option length. */
    if (hlen < TCP_HDR_LEN) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_TCP_INVALID_OPTLEN);
        return VG_EINVAL;
    }

    memset(&p->tcp, 0, sizeof(p->tcp));
    if (!cur_be16(&c, &p->sp) || !cur_be16(&c, &p->dp) || !cur_be32(&c, &p->tcp.seq) ||
            !cur_be32(&c, &p->tcp.ack) || !cur_skip(&c, 1) || !cur_u8(&c, &p->tcp.flags) ||
            !cur_be16(&c, &p->tcp.win) || !cur_skip(&c, 2) || !cur_be16(&c, &p->tcp.urg))
        return VG_EINVAL;
    p->tcp.hlen = hlen;
    p->proto = 6;
    p->l4 = l4;
    p->l4_len = (uint32_t)len;
    p->payload = l4 + hlen;
    p->payload_len = (uint32_t)(len - hlen);

    if (hlen > TCP_HDR_LEN && cur_sub(&c, (size_t)hlen - TCP_HDR_LEN, &opts))
        decode_options(dt, p, opts);

    if (csum_enabled(dt) && decode_csum_l4(p, 6, l4, len) != 0)
        p->flags |= PKT_F_L4_CSUM_BAD;
    return VG_OK;
}
