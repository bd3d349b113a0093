/*
 * defrag.c - IPv4 and IPv6 reassembly: trackers, memcap, timeouts, overlap policies.
 *
 * Each datagram in progress has a tracker in a per-worker hash table keyed on addresses,
 * IP id, IPv4 protocol, VLAN ids, tunnel id and tunnel depth. A tracker keeps a copy of
 * every fragment in arrival order; all memory (trackers, copies, reassembled buffers) is
 * charged to defrag.memcap, and a refusal is counted, never fatal. Once the last fragment
 * and every byte before it are present, the datagram is built by "painting" the fragments
 * in arrival order: a byte already written is overwritten by a later fragment only when
 * the overlap policy says the later one wins (first, last, bsd, bsd-right, linux, windows,
 * solaris, as in Suricata's and Novak's target-based model). The result is a pseudo packet
 * (PKT_F_PSEUDO | PKT_F_DEFRAG) decoded right away and queued on the worker's pseudo ring;
 * the fragment itself gets no transport decoding.
 *
 * Not done: per-host policies (host-os-policy), and Suricata's "tracker reuse" counters.
 */
#include "decode/defrag.h"

#include <stdlib.h>
#include <string.h>

#include "decode/layers.h"
#include "util/compiler.h"
#include "util/err.h"

#define DEFRAG_BUCKETS   4096 /* power of two */
#define IP_MAXPACKET     65535
#define USEC_PER_SEC     1000000ull
#define SCAN_INTERVAL_US USEC_PER_SEC

struct frag_key {
    struct vg_addr src, dst;
    uint32_t id;
    uint32_t tunnel_id;
    uint16_t vlan_id[PKT_VLAN_MAX];
    uint8_t af; /* 4 or 6 */
    uint8_t proto;
    uint8_t recursion;
};

struct frag {
    uint32_t off, len;
    uint8_t *data;
};

struct tracker {
    struct tracker *next;
    struct frag_key key;
    uint64_t timeout_usec;
    struct frag *frags; /* arrival order */
    uint32_t nfrags, cap;
    uint8_t *hdr;      /* link layer + IPv4 header or IPv6 unfragmentable part, taken from
                        * the offset 0 fragment */
    uint32_t hdr_len;  /* bytes in hdr */
    uint32_t link_len; /* link-layer bytes at the start of hdr */
    uint32_t nh_off;   /* IPv6: offset in hdr of the next header byte to patch */
    uint8_t next_nh;   /* IPv6: the fragment header's next header */
    bool seen_last;
    uint32_t data_end; /* end of the fragment without MF */
    size_t mem;
};

struct defrag_table {
    const struct defrag_config *cfg;
    struct tracker *buckets[DEFRAG_BUCKETS];
    uint32_t ntrackers;
    uint64_t next_scan_usec;
    struct defrag_counters cnt;
};

/* One fragment as handed over by the IP decoders. */
struct frag_in {
    struct frag_key key;
    uint32_t off, len;
    bool more;
    struct cursor data;
    struct cursor link; /* link-layer bytes before the IP header */
    struct cursor hdr;  /* header bytes to keep if off == 0 */
    uint32_t nh_off;
    uint8_t next;
};

static bool mem_take(struct defrag_table *t, size_t n)
{
    if (t->cnt.memuse + n > t->cfg->memcap)
        return false;
    t->cnt.memuse += n;
    return true;
}

static void mem_give(struct defrag_table *t, size_t n)
{
    t->cnt.memuse = n > t->cnt.memuse ? 0 : t->cnt.memuse - n;
}

struct defrag_table *defrag_table_new(const struct defrag_config *cfg)
{
    struct defrag_table *t = calloc(1, sizeof(*t));

    if (t != NULL)
        t->cfg = cfg;
    return t;
}

static void tracker_free(struct defrag_table *t, struct tracker *tr)
{
    for (uint32_t i = 0; i < tr->nfrags; i++)
        free(tr->frags[i].data);
    free(tr->frags);
    free(tr->hdr);
    mem_give(t, tr->mem);
    t->ntrackers--;
    free(tr);
}

void defrag_table_free(struct defrag_table *t)
{
    if (t == NULL)
        return;
    for (size_t b = 0; b < DEFRAG_BUCKETS; b++) {
        while (t->buckets[b] != NULL) {
            struct tracker *tr = t->buckets[b];
            t->buckets[b] = tr->next;
            tracker_free(t, tr);
        }
    }
    free(t);
}

const struct defrag_counters *defrag_counters(const struct defrag_table *t)
{
    return &t->cnt;
}

bool defrag_policy_parse(const char *s, enum defrag_policy *out)
{
    static const struct {
        const char *name;
        enum defrag_policy policy;
    } names[] = {
        { "bsd", DEFRAG_POLICY_BSD },
        { "bsd-right", DEFRAG_POLICY_BSD_RIGHT },
        { "linux", DEFRAG_POLICY_LINUX },
        { "windows", DEFRAG_POLICY_WINDOWS },
        { "solaris", DEFRAG_POLICY_SOLARIS },
        { "first", DEFRAG_POLICY_FIRST },
        { "last", DEFRAG_POLICY_LAST },
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].policy;
            return true;
        }
    }
    return false;
}

static uint32_t key_hash(const struct frag_key *k)
{
    const uint8_t *b = (const uint8_t *)k;
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < sizeof(*k); i++)
        h = (h ^ b[i]) * 16777619u;
    return h & (DEFRAG_BUCKETS - 1);
}

/* Drops trackers whose timeout passed (all of them when now is UINT64_MAX). */
static void expire(struct defrag_table *t, uint64_t now_usec)
{
    for (size_t b = 0; b < DEFRAG_BUCKETS; b++) {
        struct tracker **pp = &t->buckets[b];
        while (*pp != NULL) {
            struct tracker *tr = *pp;
            if (tr->timeout_usec < now_usec) {
                *pp = tr->next;
                t->cnt.tracker_timeout++;
                tracker_free(t, tr);
            } else {
                pp = &tr->next;
            }
        }
    }
}

void defrag_timeout(struct defrag_table *t, uint64_t now_usec)
{
    if (t == NULL || now_usec < t->next_scan_usec)
        return;
    t->next_scan_usec = now_usec + SCAN_INTERVAL_US;
    expire(t, now_usec);
}

static void unlink_tracker(struct defrag_table *t, struct tracker *tr)
{
    struct tracker **pp = &t->buckets[key_hash(&tr->key)];

    while (*pp != NULL && *pp != tr)
        pp = &(*pp)->next;
    if (*pp == tr)
        *pp = tr->next;
}

/* Finds or creates the tracker for k; NULL when the tracker limit or memcap is hit. */
static struct tracker *get_tracker(
        struct defrag_table *t, const struct frag_key *k, uint64_t now_usec)
{
    uint32_t h = key_hash(k);
    struct tracker *tr;

    for (tr = t->buckets[h]; tr != NULL; tr = tr->next) {
        if (memcmp(&tr->key, k, sizeof(*k)) != 0)
            continue;
        if (tr->timeout_usec >= now_usec)
            return tr;
        /* a stale datagram with the same id: start over */
        unlink_tracker(t, tr);
        t->cnt.tracker_timeout++;
        tracker_free(t, tr);
        break;
    }
    if (t->ntrackers >= t->cfg->trackers || t->cnt.memuse + sizeof(*tr) > t->cfg->memcap)
        expire(t, now_usec);
    if (t->ntrackers >= t->cfg->trackers || !mem_take(t, sizeof(*tr)))
        return NULL;
    tr = calloc(1, sizeof(*tr));
    if (tr == NULL) {
        mem_give(t, sizeof(*tr));
        return NULL;
    }
    tr->key = *k;
    tr->mem = sizeof(*tr);
    tr->next = t->buckets[h];
    t->buckets[h] = tr;
    t->ntrackers++;
    return tr;
}

/* Whether a later fragment n wins over an earlier one o on the bytes they share. */
static bool later_wins(enum defrag_policy policy, const struct frag *n, const struct frag *o)
{
    uint32_t n_end = n->off + n->len, o_end = o->off + o->len;

    switch (policy) {
    case DEFRAG_POLICY_FIRST:
        return false;
    case DEFRAG_POLICY_LAST:
        return true;
    case DEFRAG_POLICY_BSD:
        return n->off < o->off;
    case DEFRAG_POLICY_BSD_RIGHT:
        return n->off <= o->off;
    case DEFRAG_POLICY_LINUX:
        return n->off < o->off || (n->off == o->off && n_end >= o_end);
    case DEFRAG_POLICY_WINDOWS:
        return n->off < o->off && n_end > o_end;
    case DEFRAG_POLICY_SOLARIS:
        return n->off < o->off && n_end >= o_end;
    }
    return false;
}

static int cmp_frag_off(const void *a, const void *b)
{
    const struct frag *x = *(const struct frag *const *)a;
    const struct frag *y = *(const struct frag *const *)b;

    return x->off < y->off ? -1 : x->off > y->off ? 1 : 0;
}

/* True when offset 0 through data_end is covered. */
static bool is_complete(const struct tracker *tr)
{
    const struct frag **v;
    uint32_t covered = 0;
    bool ok = true;

    if (!tr->seen_last || tr->hdr == NULL)
        return false;
    v = malloc(tr->nfrags * sizeof(*v));
    if (v == NULL)
        return false;
    for (uint32_t i = 0; i < tr->nfrags; i++)
        v[i] = &tr->frags[i];
    qsort(v, tr->nfrags, sizeof(*v), cmp_frag_off);
    for (uint32_t i = 0; i < tr->nfrags && covered < tr->data_end; i++) {
        if (v[i]->off > covered) {
            ok = false;
            break;
        }
        if (v[i]->off + v[i]->len > covered)
            covered = v[i]->off + v[i]->len;
    }
    free(v);
    return ok && covered >= tr->data_end;
}

/* Writes the datagram's data into out (data_end bytes) following the policy. */
static int paint(const struct tracker *tr, enum defrag_policy policy, uint8_t *out)
{
    uint16_t *owner = malloc((size_t)tr->data_end * sizeof(*owner) + 1);

    if (owner == NULL)
        return VG_ENOMEM;
    memset(owner, 0xff, (size_t)tr->data_end * sizeof(*owner));
    for (uint32_t i = 0; i < tr->nfrags; i++) {
        const struct frag *f = &tr->frags[i];
        uint32_t end = VG_MIN(f->off + f->len, tr->data_end);
        for (uint32_t b = f->off; b < end; b++) {
            if (owner[b] != 0xffff && !later_wins(policy, f, &tr->frags[owner[b]]))
                continue;
            owner[b] = (uint16_t)i;
            out[b] = f->data[b - f->off];
        }
    }
    free(owner);
    return VG_OK;
}

/* Builds the reassembled IP datagram into a buffer charged to the memcap. */
static uint8_t *build(struct defrag_table *t, const struct tracker *tr, size_t *len)
{
    size_t total = tr->hdr_len + tr->data_end;
    size_t ip_len = total - tr->link_len;
    uint8_t *buf, *ip;

    if (ip_len > IP_MAXPACKET + (tr->key.af == 6 ? 40u : 0u) || !mem_take(t, total))
        return NULL;
    buf = malloc(total);
    if (buf == NULL || paint(tr, t->cfg->policy, buf + tr->hdr_len) < 0) {
        free(buf);
        mem_give(t, total);
        return NULL;
    }
    memcpy(buf, tr->hdr, tr->hdr_len);
    ip = buf + tr->link_len;
    if (tr->key.af == 4) {
        uint16_t csum;
        ip[2] = (uint8_t)(ip_len >> 8);
        ip[3] = (uint8_t)ip_len;
        ip[6] = ip[7] = 0; /* no more fragments, offset 0 */
        ip[10] = ip[11] = 0;
        csum = decode_csum_ipv4_hdr(ip, tr->hdr_len - tr->link_len);
        ip[10] = (uint8_t)(csum >> 8);
        ip[11] = (uint8_t)csum;
    } else {
        size_t plen = ip_len - 40;
        ip[4] = (uint8_t)(plen >> 8);
        ip[5] = (uint8_t)plen;
        ip[tr->nh_off] = tr->next_nh;
    }
    *len = total;
    return buf;
}

/* Reassembles a complete tracker into a pseudo packet, decodes and queues it. */
static void reassemble(struct decode_thread *dt, struct packet *p, struct tracker *tr)
{
    struct defrag_table *t = dt->defrag;
    struct packet *rp;
    uint8_t layers = dt->layers;
    size_t len = 0;
    uint8_t *buf;
    int rc;

    buf = build(t, tr, &len);
    if (buf == NULL) {
        t->cnt.max_frags_reached++;
        return;
    }
    rp = decode_pseudo_alloc(dt, p);
    if (rp == NULL) {
        free(buf);
        mem_give(t, len);
        return;
    }
    if (tr->key.af == 4)
        t->cnt.ipv4_reassembled++;
    else
        t->cnt.ipv6_reassembled++;
    rp->recursion = p->recursion;
    rp->flags |= PKT_F_DEFRAG;
    rp->buf = buf;
    rp->buf_size = len;
    rp->data = buf;
    rp->caplen = rp->wirelen = (uint32_t)len;
    /* As in Suricata, the datagram keeps the first fragment's link layer (for logging the
     * packet) and is decoded from its IP header on. */
    rp->datalink = p->datalink;
    if (p->flags & PKT_F_HAS_ETH) {
        rp->flags |= PKT_F_HAS_ETH;
        memcpy(rp->eth_src, p->eth_src, sizeof(rp->eth_src));
        memcpy(rp->eth_dst, p->eth_dst, sizeof(rp->eth_dst));
    }
    if (tr->key.af == 4)
        rc = decode_ipv4(dt, rp, cur_make(buf + tr->link_len, len - tr->link_len));
    else
        rc = decode_ipv6(dt, rp, cur_make(buf + tr->link_len, len - tr->link_len));
    dt->layers = layers;
    if (rc < 0 || (rp->flags & PKT_F_INVALID)) {
        decode_put_pseudo(dt, rp);
        return;
    }
    p->flags |= PKT_F_TUNNEL_ROOT;
    decode_pseudo_queue(dt, rp);
}

void defrag_release_buf(struct defrag_table *t, struct packet *p)
{
    if (t != NULL)
        mem_give(t, p->buf_size);
    free(p->buf);
    p->buf = NULL;
    p->buf_size = 0;
}

static bool overlaps(const struct tracker *tr, uint32_t off, uint32_t len)
{
    for (uint32_t i = 0; i < tr->nfrags; i++) {
        const struct frag *f = &tr->frags[i];
        if (off < f->off + f->len && f->off < off + len)
            return true;
    }
    return false;
}

/* Copies the fragment into the tracker; false (counted) when a limit is hit. */
static bool store(struct defrag_table *t, struct tracker *tr, const struct frag_in *in)
{
    struct frag *f;
    size_t len = cur_left(&in->data);

    /* paint() indexes fragments with 16 bits, 0xffff meaning none */
    if (tr->nfrags >= t->cfg->max_frags || tr->nfrags >= 0xfffe)
        return false;
    if (tr->nfrags == tr->cap) {
        uint32_t cap = tr->cap ? tr->cap * 2 : 4;
        size_t grow = (size_t)(cap - tr->cap) * sizeof(*f);
        struct frag *nf;
        if (!mem_take(t, grow))
            return false;
        nf = realloc(tr->frags, (size_t)cap * sizeof(*f));
        if (nf == NULL) {
            mem_give(t, grow);
            return false;
        }
        tr->frags = nf;
        tr->cap = cap;
        tr->mem += grow;
    }
    if (!mem_take(t, len + 1))
        return false;
    f = &tr->frags[tr->nfrags];
    f->data = malloc(len + 1);
    if (f->data == NULL) {
        mem_give(t, len + 1);
        return false;
    }
    memcpy(f->data, in->data.p, len);
    f->off = in->off;
    f->len = (uint32_t)len;
    tr->mem += len + 1;
    tr->nfrags++;
    return true;
}

/* Keeps the header of the offset 0 fragment (the first one to arrive). */
static bool store_header(struct defrag_table *t, struct tracker *tr, const struct frag_in *in)
{
    size_t link = cur_left(&in->link), len = link + cur_left(&in->hdr);

    if (tr->hdr != NULL)
        return true;
    if (!mem_take(t, len))
        return false;
    tr->hdr = malloc(len);
    if (tr->hdr == NULL) {
        mem_give(t, len);
        return false;
    }
    if (link > 0)
        memcpy(tr->hdr, in->link.p, link);
    memcpy(tr->hdr + link, in->hdr.p, len - link);
    tr->hdr_len = (uint32_t)len;
    tr->link_len = (uint32_t)link;
    tr->nh_off = in->nh_off;
    tr->next_nh = in->next;
    tr->mem += len;
    return true;
}

static void insert(struct decode_thread *dt, struct packet *p, const struct frag_in *in,
        enum pkt_event overlap_event)
{
    struct defrag_table *t = dt->defrag;
    struct tracker *tr;
    uint64_t now = p->ts_usec;

    tr = get_tracker(t, &in->key, now);
    if (tr == NULL) {
        t->cnt.max_trackers_reached++;
        return;
    }
    tr->timeout_usec = now + (uint64_t)t->cfg->timeout_sec * USEC_PER_SEC;
    if (overlaps(tr, in->off, in->len))
        pkt_set_event(dt, p, overlap_event);
    if (!store(t, tr, in) || (in->off == 0 && !store_header(t, tr, in))) {
        t->cnt.max_frags_reached++;
        return;
    }
    if (!in->more && !tr->seen_last) {
        tr->seen_last = true;
        tr->data_end = in->off + in->len;
    }
    if (is_complete(tr)) {
        reassemble(dt, p, tr);
        unlink_tracker(t, tr);
        tracker_free(t, tr);
    }
}

/* The bytes before the IP header (link layer, tags), when they precede it in p's data. */
static struct cursor link_prefix(const struct packet *p)
{
    if (p->l3 != NULL && p->l3 >= p->data && (size_t)(p->l3 - p->data) <= p->caplen)
        return cur_make(p->data, (size_t)(p->l3 - p->data));
    return cur_make(p->data, 0);
}

static void key_init(
        struct frag_key *k, const struct packet *p, uint8_t af, uint32_t id, uint8_t proto)
{
    memset(k, 0, sizeof(*k));
    k->src = p->src;
    k->dst = p->dst;
    k->id = id;
    k->tunnel_id = p->tunnel_id;
    memcpy(k->vlan_id, p->vlan_id, sizeof(k->vlan_id));
    k->af = af;
    k->proto = proto;
    k->recursion = p->recursion;
}

void defrag_ipv4(
        struct decode_thread *dt, struct packet *p, struct cursor hdr, struct cursor payload)
{
    struct frag_in in;

    dt->defrag->cnt.ipv4_fragments++;
    memset(&in, 0, sizeof(in));
    key_init(&in.key, p, 4, p->ip4.id, p->proto);
    in.off = (uint32_t)(p->ip4.frag & 0x1fff) * 8;
    in.len = (uint32_t)cur_left(&payload);
    in.more = (p->ip4.frag & 0x2000) != 0;
    in.data = payload;
    in.link = link_prefix(p);
    in.hdr = hdr;
    if (p->ip4.hlen + in.off + in.len > IP_MAXPACKET) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV4_FRAG_PKT_TOO_LARGE);
        return;
    }
    insert(dt, p, &in, PKT_EVENT_DECODER_IPV4_FRAG_OVERLAP);
}

void defrag_ipv6(struct decode_thread *dt, struct packet *p, struct cursor unfrag, size_t nh_off,
        uint8_t next, struct cursor payload)
{
    struct frag_in in;

    dt->defrag->cnt.ipv6_fragments++;
    memset(&in, 0, sizeof(in));
    key_init(&in.key, p, 6, p->ip6.frag_id, 0);
    in.off = p->ip6.frag_off;
    in.len = (uint32_t)cur_left(&payload);
    in.more = p->ip6.frag_more;
    in.data = payload;
    in.link = link_prefix(p);
    in.hdr = unfrag;
    in.nh_off = (uint32_t)nh_off;
    in.next = next;
    if (in.more && (in.len % 8) != 0) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_FRAG_INVALID_LENGTH);
        return;
    }
    if (in.off + in.len > IP_MAXPACKET) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_IPV6_FRAG_PKT_TOO_LARGE);
        return;
    }
    insert(dt, p, &in, PKT_EVENT_DECODER_IPV6_FRAG_OVERLAP);
}
