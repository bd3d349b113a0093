/*
 * csum.c - checksum keywords: ipv4-csum, tcpv4-csum, tcpv6-csum, udpv4-csum, udpv6-csum,
 * icmpv4-csum, icmpv6-csum, igmp-csum, each taking "valid" or "invalid".
 *
 * They read what the decoder found (PKT_F_IPV4_CSUM_BAD, PKT_F_L4_CSUM_BAD: verified and
 * wrong). A packet whose checksum was not verified counts as valid. Each keyword only
 * matches packets of its own IP version and protocol.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

struct csum_ctx {
    uint8_t ip_ver; /* 4 or 6; 0 for either */
    uint8_t proto;  /* 0: the IPv4 header checksum */
    bool want_valid;
};

static int setup_csum(struct sig_builder *b, const struct keyword *kw, uint8_t ip_ver,
        uint8_t proto, const char *value, char *err, size_t errlen)
{
    char v[16];
    size_t n;
    struct csum_ctx *c;

    while (value != NULL && (isspace((unsigned char)*value) || *value == '"'))
        value++;
    n = value == NULL ? 0 : strlen(value);
    while (n > 0 && (isspace((unsigned char)value[n - 1]) || value[n - 1] == '"'))
        n--;
    if (n == 0 || n >= sizeof(v))
        goto bad;
    memcpy(v, value, n);
    v[n] = '\0';
    if (strcmp(v, "valid") != 0 && strcmp(v, "invalid") != 0)
        goto bad;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->ip_ver = ip_ver;
    c->proto = proto;
    c->want_valid = strcmp(v, "valid") == 0;
    return sig_builder_add_pkt(b, kw, c);
bad:
    snprintf(err, errlen, "%s: expected valid or invalid", kw->name);
    return VG_EINVAL;
}

static bool match_csum(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct csum_ctx *c = ctx;
    bool bad;

    if (c->ip_ver != 0 && p->ip_ver != c->ip_ver)
        return false;
    if (c->proto == 0) {
        bad = (p->flags & PKT_F_IPV4_CSUM_BAD) != 0;
    } else {
        if (p->proto != c->proto || p->l4 == NULL)
            return false;
        bad = (p->flags & PKT_F_L4_CSUM_BAD) != 0;
    }
    return bad != c->want_valid;
}

#define CSUM_KW(id, str, ver, proto)                                                               \
    static int setup_##id(struct sig_builder *b, const char *value, char *err, size_t errlen)      \
    {                                                                                              \
        return setup_csum(b, &kw_##id, ver, proto, value, err, errlen);                            \
    }                                                                                              \
    const struct keyword kw_##id = {                                                               \
        .name = str,                                                                               \
        .setup = setup_##id,                                                                       \
        .match = match_csum,                                                                       \
        .free = free,                                                                              \
    }

CSUM_KW(ipv4_csum, "ipv4-csum", 4, 0);
CSUM_KW(tcpv4_csum, "tcpv4-csum", 4, 6);
CSUM_KW(tcpv6_csum, "tcpv6-csum", 6, 6);
CSUM_KW(udpv4_csum, "udpv4-csum", 4, 17);
CSUM_KW(udpv6_csum, "udpv6-csum", 6, 17);
CSUM_KW(icmpv4_csum, "icmpv4-csum", 4, 1);
CSUM_KW(icmpv6_csum, "icmpv6-csum", 6, 58);
CSUM_KW(igmp_csum, "igmp-csum", 4, 2);
