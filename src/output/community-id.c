/*
 * community-id.c - Community ID v1: SHA1 over seed, ordered endpoints, protocol and ports.
 *
 * Hashed bytes: seed (2, network order), source address, destination address (4 or 16
 * each), protocol (1), a zero byte, source port, destination port (2 each, network order).
 * The endpoints are ordered so that both directions give one id: the smaller address goes
 * first, and with equal addresses the smaller port. For ICMP the "ports" are the message
 * type and its counterpart's type (echo request / reply ...), as Suricata fills them from
 * the flow. The digest is written in standard base64 with padding, after "1:".
 */
#include "output/community-id.h"

#include <string.h>

#include <openssl/sha.h>

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static size_t base64(const uint8_t *in, size_t n, char *out, size_t len)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0;

    if (len < ((n + 2) / 3) * 4 + 1)
        return 0;
    for (i = 0; i + 2 < n; i += 3) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1] << 8) | in[i + 2];
        out[o++] = tbl[(v >> 18) & 63];
        out[o++] = tbl[(v >> 12) & 63];
        out[o++] = tbl[(v >> 6) & 63];
        out[o++] = tbl[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        out[o++] = tbl[(v >> 18) & 63];
        out[o++] = tbl[(v >> 12) & 63];
        out[o++] = i + 1 < n ? tbl[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}

bool community_id_v1(uint8_t ip_ver, const struct vg_addr *src, const struct vg_addr *dst,
        uint8_t proto, uint16_t sp, uint16_t dp, uint16_t seed, char *out, size_t len)
{
    uint8_t buf[2 + 16 + 16 + 2 + 4];
    uint8_t digest[SHA_DIGEST_LENGTH];
    size_t alen, o = 0;
    int c;

    if ((ip_ver != 4 && ip_ver != 6) || len < COMMUNITY_ID_LEN)
        return false;
    alen = ip_ver == 4 ? 4 : 16;
    c = memcmp(src->b, dst->b, alen);
    if (c > 0 || (c == 0 && sp > dp)) {
        const struct vg_addr *ta = src;
        uint16_t tp = sp;
        src = dst;
        dst = ta;
        sp = dp;
        dp = tp;
    }
    put_be16(buf, seed);
    o = 2;
    memcpy(buf + o, src->b, alen);
    o += alen;
    memcpy(buf + o, dst->b, alen);
    o += alen;
    buf[o++] = proto;
    buf[o++] = 0;
    put_be16(buf + o, sp);
    o += 2;
    put_be16(buf + o, dp);
    o += 2;
    SHA1(buf, o, digest);
    memcpy(out, "1:", 2);
    return base64(digest, sizeof(digest), out + 2, len - 2) > 0;
}

bool community_id_flow(const struct flow *f, uint16_t seed, char *out, size_t len)
{
    uint16_t sp = f->key.sp, dp = f->key.dp;

    if (f->key.proto == 1 || f->key.proto == 58) {
        sp = f->icmp_s_type;
        dp = f->icmp_d_type;
    }
    return community_id_v1(
            f->key.ip_ver, &f->key.src, &f->key.dst, f->key.proto, sp, dp, seed, out, len);
}
