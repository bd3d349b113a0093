/*
 * ip.c - IP header keywords: ttl, tos, ipopts, sameip, ip_proto, id, fragbits, fragoffset.
 *
 * All go to the pkt list. ttl compares the IPv4 TTL or the IPv6 hop limit; tos, id,
 * ipopts and fragbits look at IPv4 only (no match on IPv6, as Suricata). fragoffset
 * compares the 13-bit offset field (units of 8 bytes); for IPv6 the fragment header's
 * offset in the same unit. ip_proto compares the innermost L4 protocol number. Also holds
 * the number/bit helpers shared with tcp.c and icmp.c (kw-hdrflow.h).
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode/decode.h"
#include "util/err.h"

/* ---- shared helpers ---- */

/* Copies value without surrounding spaces and double quotes into buf. */
static const char *trim_value(const char *value, char *buf, size_t len)
{
    size_t n;

    while (isspace((unsigned char)*value) || *value == '"')
        value++;
    n = strlen(value);
    while (n > 0 && (isspace((unsigned char)value[n - 1]) || value[n - 1] == '"'))
        n--;
    if (n >= len)
        n = len - 1;
    memcpy(buf, value, n);
    buf[n] = '\0';
    return buf;
}

bool hdr_parse_uint(const char *s, uint64_t max, bool hex_ok, uint64_t *out)
{
    char buf[64];
    uint64_t v = 0;
    const char *p = trim_value(s, buf, sizeof(buf));
    int base = 10;

    if (hex_ok && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (*p == '\0')
        return false;
    for (; *p != '\0'; p++) {
        int d;

        if (isdigit((unsigned char)*p))
            d = *p - '0';
        else if (base == 16 && isxdigit((unsigned char)*p))
            d = tolower((unsigned char)*p) - 'a' + 10;
        else
            return false;
        v = v * (uint64_t)base + (uint64_t)d;
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

int hdr_num_parse(const char *value, uint64_t max, struct num_cmp *out, char *err, size_t errlen)
{
    char buf[64];
    const char *v;
    char *dash;

    if (value == NULL) {
        snprintf(err, errlen, "a value is required");
        return VG_EINVAL;
    }
    v = trim_value(value, buf, sizeof(buf));
    dash = strchr(buf, '-');
    if (dash != NULL && strstr(buf, "<>") == NULL && dash != buf) {
        char rng[80];

        *dash = '\0';
        snprintf(rng, sizeof(rng), "%s<>%s", buf, dash + 1);
        return num_cmp_parse(rng, max, out, err, errlen);
    }
    return num_cmp_parse(v, max, out, err, errlen);
}

bool hdr_bits_eval(const struct hdr_bits *b, uint16_t v)
{
    v &= (uint16_t)~b->ignore;
    switch (b->mode) {
    case HDR_BITS_EXACT:
        return v == b->bits;
    case HDR_BITS_PLUS:
        return (v & b->bits) == b->bits;
    case HDR_BITS_ANY:
        return (v & b->bits) != 0;
    case HDR_BITS_NOT:
        return (v & b->bits) != b->bits;
    }
    return false;
}

/* Adds a parsed num_cmp to the pkt list under kw. */
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

/* ---- ttl ---- */

static int setup_ttl(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_num(b, &kw_ttl, value, 255, err, errlen);
}

static bool match_ttl(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    if (p->ip_ver == 4)
        return num_cmp_eval(ctx, p->ip4.ttl);
    if (p->ip_ver == 6)
        return num_cmp_eval(ctx, p->ip6.hlim);
    return false;
}

const struct keyword kw_ttl = {
    .name = "ttl",
    .setup = setup_ttl,
    .match = match_ttl,
    .free = free,
};

/* ---- tos: [!]<decimal | 0x hex> ---- */

struct tos_ctx {
    uint8_t tos;
    bool neg;
};

static int setup_tos(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct tos_ctx *c;
    uint64_t v;
    bool neg = false;

    if (value == NULL)
        goto bad;
    while (isspace((unsigned char)*value))
        value++;
    if (*value == '!') {
        neg = true;
        value++;
    }
    if (!hdr_parse_uint(value, 255, true, &v))
        goto bad;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->tos = (uint8_t)v;
    c->neg = neg;
    return sig_builder_add_pkt(b, &kw_tos, c);
bad:
    snprintf(err, errlen, "invalid tos value '%.32s'", value == NULL ? "" : value);
    return VG_EINVAL;
}

static bool match_tos(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct tos_ctx *c = ctx;

    if (p->ip_ver != 4)
        return false;
    return (p->ip4.tos == c->tos) != c->neg;
}

const struct keyword kw_tos = {
    .name = "tos",
    .setup = setup_tos,
    .match = match_tos,
    .free = free,
};

/* ---- ipopts: one option name ---- */

static const struct {
    const char *name;
    uint16_t flag;
} ipopt_names[] = {
    { "rr", IPV4_OPT_F_RR },
    { "eol", IPV4_OPT_F_EOL },
    { "nop", IPV4_OPT_F_NOP },
    { "ts", IPV4_OPT_F_TS },
    { "sec", IPV4_OPT_F_SEC },
    { "esec", IPV4_OPT_F_ESEC },
    { "lsrr", IPV4_OPT_F_LSRR },
    { "ssrr", IPV4_OPT_F_SSRR },
    { "satid", IPV4_OPT_F_SID },
    { "rtralt", IPV4_OPT_F_RTRALT }, /* router alert (Suricata 8+; igmp tests) */
    { "any", 0xffff },
};

static int setup_ipopts(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char buf[32];
    const char *v = trim_value(value == NULL ? "" : value, buf, sizeof(buf));

    for (size_t i = 0; i < sizeof(ipopt_names) / sizeof(ipopt_names[0]); i++) {
        if (strcmp(v, ipopt_names[i].name) == 0) {
            uint16_t *c = malloc(sizeof(*c));

            if (c == NULL)
                return VG_ENOMEM;
            *c = ipopt_names[i].flag;
            return sig_builder_add_pkt(b, &kw_ipopts, c);
        }
    }
    snprintf(err, errlen, "ipopts: unknown option '%.32s'", v);
    return VG_EINVAL;
}

static bool match_ipopts(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const uint16_t *flag = ctx;

    if (p->ip_ver != 4)
        return false;
    return (p->ip4.opts & *flag) != 0;
}

const struct keyword kw_ipopts = {
    .name = "ipopts",
    .setup = setup_ipopts,
    .match = match_ipopts,
    .free = free,
};

/* ---- sameip ---- */

static int setup_sameip(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return sig_builder_add_pkt(b, &kw_sameip, NULL);
}

static bool match_sameip(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return p->ip_ver != 0 && memcmp(&p->src, &p->dst, sizeof(p->src)) == 0;
}

const struct keyword kw_sameip = {
    .name = "sameip",
    .flags = KW_F_NOVALUE,
    .setup = setup_sameip,
    .match = match_sameip,
};

/* ---- ip_proto: [!<>]<number | name> ---- */

static const struct {
    const char *name;
    uint8_t num;
} proto_names[] = {
    { "ip", 0 },
    { "hopopt", 0 },
    { "icmp", 1 },
    { "igmp", 2 },
    { "ggp", 3 },
    { "ipencap", 4 },
    { "ipip", 4 },
    { "st", 5 },
    { "tcp", 6 },
    { "egp", 8 },
    { "igp", 9 },
    { "pup", 12 },
    { "udp", 17 },
    { "hmp", 20 },
    { "xns-idp", 22 },
    { "rdp", 27 },
    { "iso-tp4", 29 },
    { "dccp", 33 },
    { "xtp", 36 },
    { "ddp", 37 },
    { "idpr-cmtp", 38 },
    { "ipv6", 41 },
    { "ipv6-route", 43 },
    { "ipv6-frag", 44 },
    { "idrp", 45 },
    { "rsvp", 46 },
    { "gre", 47 },
    { "esp", 50 },
    { "ah", 51 },
    { "skip", 57 },
    { "ipv6-icmp", 58 },
    { "icmpv6", 58 },
    { "ipv6-nonxt", 59 },
    { "ipv6-opts", 60 },
    { "rspf", 73 },
    { "vmtp", 81 },
    { "eigrp", 88 },
    { "ospf", 89 },
    { "ax.25", 93 },
    { "etherip", 97 },
    { "encap", 98 },
    { "pim", 103 },
    { "ipcomp", 108 },
    { "vrrp", 112 },
    { "l2tp", 115 },
    { "isis", 124 },
    { "sctp", 132 },
    { "fc", 133 },
    { "mobility-header", 135 },
    { "udplite", 136 },
    { "mpls-in-ip", 137 },
    { "manet", 138 },
    { "hip", 139 },
    { "shim6", 140 },
    { "wesp", 141 },
    { "rohc", 142 },
};

static int setup_ip_proto(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char buf[48], num[48];
    const char *v = trim_value(value == NULL ? "" : value, buf, sizeof(buf));
    size_t op = 0;
    struct num_cmp *c;

    if (v[0] == '!' || v[0] == '<' || v[0] == '>')
        op = 1;
    /* a name becomes its number, keeping the operator */
    if (v[op] != '\0' && !isdigit((unsigned char)v[op])) {
        size_t i;

        for (i = 0; i < sizeof(proto_names) / sizeof(proto_names[0]); i++) {
            if (strcasecmp(v + op, proto_names[i].name) == 0)
                break;
        }
        if (i == sizeof(proto_names) / sizeof(proto_names[0])) {
            snprintf(err, errlen, "ip_proto: unknown protocol '%.32s'", v + op);
            return VG_EINVAL;
        }
        snprintf(num, sizeof(num), "%.*s%u", (int)op, v, proto_names[i].num);
        v = num;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    if (num_cmp_parse(v, 255, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_pkt(b, &kw_ip_proto, c);
}

static bool match_ip_proto(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    if (p->ip_ver == 0)
        return false;
    return num_cmp_eval(ctx, p->proto);
}

const struct keyword kw_ip_proto = {
    .name = "ip_proto",
    .setup = setup_ip_proto,
    .match = match_ip_proto,
    .free = free,
};

/* ---- id: IPv4 identification ---- */

static int setup_id(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_num(b, &kw_id, value, 65535, err, errlen);
}

static bool match_id(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return p->ip_ver == 4 && num_cmp_eval(ctx, p->ip4.id);
}

const struct keyword kw_id = {
    .name = "id",
    .setup = setup_id,
    .match = match_id,
    .free = free,
};

/* ---- fragbits: [*+!]<MDR...>[,<MDR...> ignored] ---- */

static int parse_fragbit_chars(const char *s, const char *end, uint16_t *out)
{
    *out = 0;
    for (; s < end; s++) {
        switch (*s) {
        case 'M':
        case 'm':
            *out |= 0x2000;
            break;
        case 'D':
        case 'd':
            *out |= 0x4000;
            break;
        case 'R':
        case 'r':
            *out |= 0x8000;
            break;
        case ' ':
            break;
        default:
            return VG_EINVAL;
        }
    }
    return VG_OK;
}

static int setup_fragbits(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char buf[32];
    const char *v = trim_value(value == NULL ? "" : value, buf, sizeof(buf));
    const char *comma = strchr(v, ',');
    struct hdr_bits *c = calloc(1, sizeof(*c));
    const char *end = comma != NULL ? comma : v + strlen(v);

    if (c == NULL)
        return VG_ENOMEM;
    c->mode = HDR_BITS_EXACT;
    if (*v == '+' || *v == '*' || *v == '!') {
        c->mode = *v == '+' ? HDR_BITS_PLUS : *v == '*' ? HDR_BITS_ANY : HDR_BITS_NOT;
        v++;
    }
    if (v == end || parse_fragbit_chars(v, end, &c->bits) != VG_OK ||
            (comma != NULL &&
                    parse_fragbit_chars(comma + 1, comma + strlen(comma), &c->ignore) != VG_OK)) {
        free(c);
        snprintf(err, errlen, "invalid fragbits '%.32s'", value == NULL ? "" : value);
        return VG_EINVAL;
    }
    return sig_builder_add_pkt(b, &kw_fragbits, c);
}

static bool match_fragbits(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    if (p->ip_ver != 4)
        return false;
    return hdr_bits_eval(ctx, p->ip4.frag & 0xe000);
}

const struct keyword kw_fragbits = {
    .name = "fragbits",
    .setup = setup_fragbits,
    .match = match_fragbits,
    .free = free,
};

/* ---- fragoffset: [!<>]<n> ---- */

static int setup_fragoffset(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_num(b, &kw_fragoffset, value, 8191, err, errlen);
}

static bool match_fragoffset(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    if (p->ip_ver == 4)
        return num_cmp_eval(ctx, p->ip4.frag & 0x1fff);
    if (p->ip_ver == 6 && p->ip6.has_frag)
        return num_cmp_eval(ctx, p->ip6.frag_off / 8);
    return false;
}

const struct keyword kw_fragoffset = {
    .name = "fragoffset",
    .setup = setup_fragoffset,
    .match = match_fragoffset,
    .free = free,
};
