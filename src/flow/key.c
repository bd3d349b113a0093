/*
 * key.c - flow keys: which packets are tracked, how they are keyed, hashed and compared.
 *
 * The rules follow Suricata's flow hash:
 *   - TCP, UDP and SCTP are keyed on addresses and ports; ICMP on addresses and message
 *     types (echo request and echo reply are one flow); GRE, ESP and IP-in-IP on addresses.
 *     Other IP protocols are not tracked.
 *   - VLAN ids (vlan.use-for-tracking) and the tunnel depth (decoder.recursion-level.
 *     use-for-tracking) are part of the key, so a tunnel's inner flow never mixes with an
 *     outer one.
 *   - IP fragments are not tracked; the reassembled datagram is.
 *   - ICMPv4 error messages never create a flow; a destination-unreachable that embeds a
 *     TCP or UDP header is counted on the flow of the embedded packet, if it exists.
 * The hash is symmetric (a key and its reverse hash alike) and seeded per table; flow ids
 * use a fixed seed so they never depend on the process's random state.
 */
#include "flow/flow.h"

#include <string.h>

enum {
    IPPROTO_V_ICMP = 1,
    IPPROTO_V_TCP = 6,
    IPPROTO_V_UDP = 17,
    IPPROTO_V_IPV6 = 41,
    IPPROTO_V_ESP = 50,
    IPPROTO_V_ICMPV6 = 58,
    IPPROTO_V_SCTP = 132,
};

int flow_icmpv4_counterpart(uint8_t type)
{
    switch (type) {
    case 8:
        return 0; /* echo request -> echo reply */
    case 0:
        return 8;
    case 13:
        return 14; /* timestamp */
    case 14:
        return 13;
    case 15:
        return 16; /* information */
    case 16:
        return 15;
    case 17:
        return 18; /* address mask */
    case 18:
        return 17;
    default:
        return -1;
    }
}

int flow_icmpv6_counterpart(uint8_t type)
{
    static const uint8_t pairs[][2] = {
        { 128, 129 }, /* echo */
        { 135, 136 }, /* neighbor solicitation / advertisement */
        { 133, 134 }, /* router solicitation / advertisement */
        { 130, 131 }, /* MLD query / report */
        { 139, 140 }, /* node information query / reply */
        { 144, 145 }, /* home agent address discovery */
        { 146, 147 }, /* mobile prefix solicitation / advertisement */
        { 148, 149 }, /* certification path solicitation / advertisement */
        { 152, 151 }, /* multicast router solicitation / advertisement */
        { 157, 158 }, /* duplicate address request / confirmation */
    };
    size_t i;

    for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        if (pairs[i][0] == type)
            return pairs[i][1];
        if (pairs[i][1] == type)
            return pairs[i][0];
    }
    return -1;
}

static bool is_icmpv4_error(uint8_t type)
{
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static void key_common(const struct flow_config *cfg, const struct packet *p, struct flow_key *k)
{
    uint8_t i;

    memset(k, 0, sizeof(*k));
    k->ip_ver = p->ip_ver;
    k->recursion = cfg->recursion_tracking ? p->recursion : 0;
    if (cfg->vlan_tracking) {
        for (i = 0; i < p->vlan_cnt && i < FLOW_KEY_VLANS && i < PKT_VLAN_MAX; i++)
            k->vlan_id[i] = p->vlan_id[i];
    }
}

static enum flow_pkt_kind key_icmpv4(const struct packet *p, struct flow_key *k)
{
    int ct;

    if (p->l4 == NULL)
        return FLOW_PKT_NONE;
    if (is_icmpv4_error(p->icmp.type)) {
        if (p->icmp.type != 3 || !p->icmp.has_inner)
            return FLOW_PKT_NONE;
        if (p->icmp.inner_proto != IPPROTO_V_TCP && p->icmp.inner_proto != IPPROTO_V_UDP)
            return FLOW_PKT_NONE;
        k->src = p->icmp.inner_src;
        k->dst = p->icmp.inner_dst;
        k->sp = p->icmp.inner_sp;
        k->dp = p->icmp.inner_dp;
        k->proto = p->icmp.inner_proto;
        return FLOW_PKT_ICMP_ERR;
    }
    ct = flow_icmpv4_counterpart(p->icmp.type);
    k->src = p->src;
    k->dst = p->dst;
    k->proto = IPPROTO_V_ICMP;
    k->sp = p->icmp.type;
    k->dp = ct < 0 ? 0 : (uint16_t)ct;
    return FLOW_PKT_NORMAL;
}

enum flow_pkt_kind flow_key_from_packet(
        const struct flow_config *cfg, const struct packet *p, struct flow_key *k)
{
    int ct;

    if (p->flags & (PKT_F_INVALID | PKT_F_FRAGMENT))
        return FLOW_PKT_NONE;
    if (p->ip_ver != 4 && p->ip_ver != 6)
        return FLOW_PKT_NONE;
    key_common(cfg, p, k);
    switch (p->proto) {
    case IPPROTO_V_TCP:
    case IPPROTO_V_UDP:
    case IPPROTO_V_SCTP:
        if (p->l4 == NULL)
            return FLOW_PKT_NONE;
        k->sp = p->sp;
        k->dp = p->dp;
        break;
    case IPPROTO_V_ICMP:
        if (p->ip_ver != 4)
            return FLOW_PKT_NONE;
        return key_icmpv4(p, k);
    case IPPROTO_V_ICMPV6:
        if (p->l4 == NULL || p->ip_ver != 6)
            return FLOW_PKT_NONE;
        ct = flow_icmpv6_counterpart(p->icmp.type);
        k->sp = (uint16_t)(p->icmp.type | (p->icmp.code << 8));
        k->dp = ct < 0 ? 0 : (uint16_t)ct;
        break;
    case IPPROTO_V_ESP:
    case IPPROTO_V_IPV6:
        break;
    default:
        return FLOW_PKT_NONE;
    }
    k->src = p->src;
    k->dst = p->dst;
    k->proto = p->proto;
    return FLOW_PKT_NORMAL;
}

/* Orders the two endpoints so that a key and its reverse look alike. */
static bool endpoints_swapped(const struct flow_key *k)
{
    int c = memcmp(k->src.b, k->dst.b, 16);
    return c > 0 || (c == 0 && k->sp > k->dp);
}

static inline uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x9e3779b97f4a7c15ULL;
    h ^= h >> 32;
    return h;
}

static uint64_t key_hash64(const struct flow_key *k, uint64_t seed)
{
    const struct vg_addr *a = &k->src, *b = &k->dst;
    uint16_t pa = k->sp, pb = k->dp;
    uint64_t h = seed ^ 0x243f6a8885a308d3ULL;
    int i;

    if (endpoints_swapped(k)) {
        a = &k->dst;
        b = &k->src;
        pa = k->dp;
        pb = k->sp;
    }
    for (i = 0; i < 4; i++)
        h = mix(h, a->w[i]);
    for (i = 0; i < 4; i++)
        h = mix(h, b->w[i]);
    h = mix(h, ((uint64_t)pa << 16) | pb);
    h = mix(h, ((uint64_t)k->proto << 16) | ((uint64_t)k->recursion << 8) | k->ip_ver);
    h = mix(h, ((uint64_t)k->vlan_id[0] << 32) | ((uint64_t)k->vlan_id[1] << 16) | k->vlan_id[2]);
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
    return h;
}

uint32_t flow_key_hash(const struct flow_key *k, uint32_t seed)
{
    return (uint32_t)key_hash64(k, seed);
}

static bool same_meta(const struct flow_key *a, const struct flow_key *b)
{
    return a->proto == b->proto && a->recursion == b->recursion && a->ip_ver == b->ip_ver &&
           a->vlan_id[0] == b->vlan_id[0] && a->vlan_id[1] == b->vlan_id[1] &&
           a->vlan_id[2] == b->vlan_id[2];
}

bool flow_key_same_dir(const struct flow_key *a, const struct flow_key *b)
{
    return same_meta(a, b) && a->sp == b->sp && a->dp == b->dp &&
           memcmp(a->src.b, b->src.b, 16) == 0 && memcmp(a->dst.b, b->dst.b, 16) == 0;
}

bool flow_key_match(const struct flow_key *a, const struct flow_key *b)
{
    if (!same_meta(a, b))
        return false;
    if (a->sp == b->sp && a->dp == b->dp && memcmp(a->src.b, b->src.b, 16) == 0 &&
            memcmp(a->dst.b, b->dst.b, 16) == 0)
        return true;
    return a->sp == b->dp && a->dp == b->sp && memcmp(a->src.b, b->dst.b, 16) == 0 &&
           memcmp(a->dst.b, b->src.b, 16) == 0;
}

void flow_key_reverse(struct flow_key *out, const struct flow_key *a)
{
    struct flow_key r = *a;

    r.src = a->dst;
    r.dst = a->src;
    r.sp = a->dp;
    r.dp = a->sp;
    *out = r;
}

uint64_t flow_key_id(const struct flow_key *k, uint64_t start_usec)
{
    uint64_t h = mix(key_hash64(k, 0x5eed5eed5eedULL), start_usec);

    h ^= h >> 31;
    h &= (1ULL << 51) - 1;
    return h != 0 ? h : 1;
}
