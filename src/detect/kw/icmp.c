/*
 * icmp.c - ICMP header keywords: itype, icode, icmp_id, icmp_seq.
 *
 * itype and icode take Suricata's numeric forms (n, <n, >n, lo<>hi exclusive, and the
 * older lo-hi) and apply to ICMPv4 and ICMPv6 packets. icmp_id and icmp_seq take [!]<n>
 * and only match messages that carry an identifier (echo, timestamp, ... as decoded).
 * icmpv6.mtu (Suricata 7+) compares the MTU field (bytes 4-7) of ICMPv6 Packet Too Big
 * messages (type 2); other packets do not match.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/err.h"

static bool is_icmp(const struct packet *p)
{
    return (p->proto == 1 || p->proto == 58) && p->l4 != NULL;
}

static int add_u8(struct sig_builder *b, const struct keyword *kw, const char *value, char *err,
        size_t errlen)
{
    struct num_cmp *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return VG_ENOMEM;
    if (hdr_num_parse(value, 255, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_pkt(b, kw, c);
}

static int setup_itype(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_u8(b, &kw_itype, value, err, errlen);
}

static bool match_itype(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return is_icmp(p) && num_cmp_eval(ctx, p->icmp.type);
}

const struct keyword kw_itype = {
    .name = "itype",
    .setup = setup_itype,
    .match = match_itype,
    .free = free,
};

static int setup_icode(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_u8(b, &kw_icode, value, err, errlen);
}

static bool match_icode(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return is_icmp(p) && num_cmp_eval(ctx, p->icmp.code);
}

const struct keyword kw_icode = {
    .name = "icode",
    .setup = setup_icode,
    .match = match_icode,
    .free = free,
};

struct icmp_num {
    uint16_t v;
    bool neg;
};

static int parse_icmp_num(const char *value, struct icmp_num **out, char *err, size_t errlen)
{
    uint64_t v;
    bool neg = false;

    if (value == NULL)
        goto bad;
    while (isspace((unsigned char)*value) || *value == '"')
        value++;
    if (*value == '!') {
        neg = true;
        value++;
    }
    if (!hdr_parse_uint(value, 65535, false, &v))
        goto bad;
    *out = calloc(1, sizeof(**out));
    if (*out == NULL)
        return VG_ENOMEM;
    (*out)->v = (uint16_t)v;
    (*out)->neg = neg;
    return VG_OK;
bad:
    snprintf(err, errlen, "invalid value '%.32s'", value == NULL ? "" : value);
    return VG_EINVAL;
}

static int setup_icmp_id(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct icmp_num *c;
    int rc = parse_icmp_num(value, &c, err, errlen);

    return rc != VG_OK ? rc : sig_builder_add_pkt(b, &kw_icmp_id, c);
}

static bool match_icmp_id(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct icmp_num *c = ctx;

    return is_icmp(p) && p->icmp.has_id && (p->icmp.id == c->v) != c->neg;
}

const struct keyword kw_icmp_id = {
    .name = "icmp_id",
    .setup = setup_icmp_id,
    .match = match_icmp_id,
    .free = free,
};

static int setup_icmp_seq(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct icmp_num *c;
    int rc = parse_icmp_num(value, &c, err, errlen);

    return rc != VG_OK ? rc : sig_builder_add_pkt(b, &kw_icmp_seq, c);
}

static bool match_icmp_seq(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct icmp_num *c = ctx;

    return is_icmp(p) && p->icmp.has_id && (p->icmp.seq == c->v) != c->neg;
}

const struct keyword kw_icmp_seq = {
    .name = "icmp_seq",
    .setup = setup_icmp_seq,
    .match = match_icmp_seq,
    .free = free,
};

static int setup_icmpv6_mtu(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct num_cmp *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return VG_ENOMEM;
    if (hdr_num_parse(value, UINT32_MAX, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_pkt(b, &kw_icmpv6_mtu, c);
}

static bool match_icmpv6_mtu(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const uint8_t *h = p->l4;
    uint32_t mtu;

    if (p->proto != 58 || p->ip_ver != 6 || h == NULL || p->l4_len < 8 || h[0] != 2)
        return false;
    mtu = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 | (uint32_t)h[6] << 8 | h[7];
    return num_cmp_eval(ctx, mtu);
}

const struct keyword kw_icmpv6_mtu = {
    .name = "icmpv6.mtu",
    .setup = setup_icmpv6_mtu,
    .match = match_icmpv6_mtu,
    .free = free,
};
