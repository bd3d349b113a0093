/*
 * tag-state.c - the per-worker tag table (see tag-state.h).
 *
 * Entries sit in one array allocated at creation; free ones are on a free list, used ones
 * on the chain of their key's bucket. Keys: a flow id for sessions, an address (with its
 * IP version) for hosts. A packet is checked against its flow's bucket and its two
 * addresses' buckets; with no live entry the check is one counter test.
 */
#include "detect/tag-state.h"

#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"

#define TAG_BUCKETS 1024u /* power of two */
#define TAG_NONE    UINT32_MAX

struct tag_entry {
    uint32_t next; /* bucket chain or free list, TAG_NONE at the end */
    uint8_t scope; /* 0: free */
    uint8_t metric;
    uint8_t ip_ver;  /* host scope */
    bool skip_first; /* the packet that matched is accounted, not tagged */
    uint32_t gid, sid, count;
    uint64_t flow_id;    /* session scope */
    struct vg_addr addr; /* host scope */
    uint64_t first_usec, last_usec;
    uint64_t packets, bytes;
};

struct tag_table {
    struct tag_entry *e;
    uint32_t cap, used, free_head;
    uint32_t bucket[TAG_BUCKETS];
    uint64_t dropped;
};

struct tag_table *tag_table_new(uint32_t max_entries)
{
    struct tag_table *tt = calloc(1, sizeof(*tt));

    if (tt == NULL)
        return NULL;
    tt->cap = max_entries != 0 ? max_entries : TAG_MAX_ENTRIES_DEFAULT;
    tt->e = calloc(tt->cap, sizeof(*tt->e));
    if (tt->e == NULL) {
        free(tt);
        return NULL;
    }
    for (uint32_t i = 0; i < tt->cap; i++)
        tt->e[i].next = i + 1 < tt->cap ? i + 1 : TAG_NONE;
    for (uint32_t i = 0; i < TAG_BUCKETS; i++)
        tt->bucket[i] = TAG_NONE;
    tt->free_head = 0;
    return tt;
}

void tag_table_free(struct tag_table *tt)
{
    if (tt == NULL)
        return;
    free(tt->e);
    free(tt);
}

static uint32_t hash64(uint64_t v)
{
    v ^= v >> 33;
    v *= 0xff51afd7ed558ccdull;
    v ^= v >> 33;
    return (uint32_t)v & (TAG_BUCKETS - 1);
}

static uint32_t flow_bucket(uint64_t flow_id)
{
    return hash64(flow_id ^ 0x5e55104ull);
}

static uint32_t host_bucket(uint8_t ip_ver, const struct vg_addr *a)
{
    uint64_t lo, hi;

    memcpy(&lo, a->b, 8);
    memcpy(&hi, a->b + 8, 8);
    return hash64(lo ^ (hi * 31) ^ ip_ver);
}

static bool entry_is_key(const struct tag_entry *e, uint8_t scope, uint64_t flow_id, uint8_t ip_ver,
        const struct vg_addr *a)
{
    if (e->scope != scope)
        return false;
    if (scope == TAG_SCOPE_SESSION)
        return e->flow_id == flow_id;
    return e->ip_ver == ip_ver && memcmp(&e->addr, a, sizeof(*a)) == 0;
}

/* Unlinks entry idx (whose predecessor in bucket b is prev, or TAG_NONE) and frees it. */
static void entry_release(struct tag_table *tt, uint32_t b, uint32_t prev, uint32_t idx)
{
    struct tag_entry *e = &tt->e[idx];

    if (prev == TAG_NONE)
        tt->bucket[b] = e->next;
    else
        tt->e[prev].next = e->next;
    memset(e, 0, sizeof(*e));
    e->next = tt->free_head;
    tt->free_head = idx;
    tt->used--;
}

/* Frees the entries idle for TAG_IDLE_USEC at now. */
static void sweep_idle(struct tag_table *tt, uint64_t now)
{
    for (uint32_t b = 0; b < TAG_BUCKETS; b++) {
        uint32_t prev = TAG_NONE, i = tt->bucket[b];

        while (i != TAG_NONE) {
            uint32_t next = tt->e[i].next;

            if (now > tt->e[i].last_usec && now - tt->e[i].last_usec >= TAG_IDLE_USEC)
                entry_release(tt, b, prev, i);
            else
                prev = i;
            i = next;
        }
    }
}

bool tag_table_add(struct tag_table *tt, const struct tag_spec *ts, const struct packet *p,
        uint32_t gid, uint32_t sid)
{
    const struct vg_addr *a = ts->src ? &p->src : &p->dst;
    uint64_t flow_id = 0;
    uint32_t b, n = 0, idx;
    struct tag_entry *e;

    if (tt == NULL)
        return false;
    if (ts->scope == TAG_SCOPE_SESSION) {
        if (p->flow == NULL)
            return false;
        flow_id = flow_get_id(p->flow);
        b = flow_bucket(flow_id);
    } else {
        if (p->ip_ver != 4 && p->ip_ver != 6)
            return false;
        b = host_bucket(p->ip_ver, a);
    }
    for (uint32_t i = tt->bucket[b]; i != TAG_NONE; i = tt->e[i].next) {
        e = &tt->e[i];
        if (!entry_is_key(e, ts->scope, flow_id, p->ip_ver, a))
            continue;
        if (e->gid == gid && e->sid == sid)
            return true;
        n++;
    }
    if (n >= TAG_MAX_PER_KEY) {
        tt->dropped++;
        return false;
    }
    if (tt->free_head == TAG_NONE)
        sweep_idle(tt, p->ts_usec);
    if (tt->free_head == TAG_NONE) {
        tt->dropped++;
        return false;
    }
    idx = tt->free_head;
    e = &tt->e[idx];
    tt->free_head = e->next;
    memset(e, 0, sizeof(*e));
    e->scope = ts->scope;
    e->metric = ts->metric;
    e->count = ts->count;
    e->gid = gid;
    e->sid = sid;
    e->flow_id = flow_id;
    if (ts->scope == TAG_SCOPE_HOST) {
        e->ip_ver = p->ip_ver;
        e->addr = *a;
    }
    e->first_usec = e->last_usec = p->ts_usec;
    e->skip_first = true;
    e->next = tt->bucket[b];
    tt->bucket[b] = idx;
    tt->used++;
    return true;
}

/* Accounts p against entry e; sets *tagged when p is tagged by it. True when e is used up
 * and must be freed. */
static bool entry_account(struct tag_entry *e, const struct packet *p, bool *tagged)
{
    e->last_usec = p->ts_usec;
    e->packets++;
    e->bytes += p->caplen != 0 ? p->caplen : (p->root != NULL ? p->root->caplen : 0);
    switch (e->metric) {
    case TAG_METRIC_PACKETS:
        if (e->packets > e->count)
            return true;
        break;
    case TAG_METRIC_BYTES:
        if (e->bytes > e->count)
            return true;
        break;
    default:
        if (p->ts_usec > e->first_usec &&
                p->ts_usec - e->first_usec > (uint64_t)e->count * 1000000u)
            return true;
        break;
    }
    if (e->skip_first)
        e->skip_first = false;
    else
        *tagged = true;
    return false;
}

/* Accounts p against the entries of bucket b with the given key. */
static void check_bucket(struct tag_table *tt, uint32_t b, uint8_t scope, uint64_t flow_id,
        uint8_t ip_ver, const struct vg_addr *a, const struct packet *p, bool *tagged)
{
    uint32_t prev = TAG_NONE, i = tt->bucket[b];

    while (i != TAG_NONE) {
        uint32_t next = tt->e[i].next;

        if (entry_is_key(&tt->e[i], scope, flow_id, ip_ver, a) &&
                entry_account(&tt->e[i], p, tagged)) {
            entry_release(tt, b, prev, i);
        } else {
            prev = i;
        }
        i = next;
    }
}

bool tag_table_check(struct tag_table *tt, const struct packet *p)
{
    bool tagged = false;

    if (tt == NULL || tt->used == 0)
        return false;
    if (p->flow != NULL) {
        uint64_t id = flow_get_id(p->flow);

        check_bucket(tt, flow_bucket(id), TAG_SCOPE_SESSION, id, 0, NULL, p, &tagged);
    }
    if (p->ip_ver == 4 || p->ip_ver == 6) {
        check_bucket(tt, host_bucket(p->ip_ver, &p->src), TAG_SCOPE_HOST, 0, p->ip_ver, &p->src, p,
                &tagged);
        if (memcmp(&p->src, &p->dst, sizeof(p->dst)) != 0)
            check_bucket(tt, host_bucket(p->ip_ver, &p->dst), TAG_SCOPE_HOST, 0, p->ip_ver, &p->dst,
                    p, &tagged);
    }
    return tagged;
}

void tag_table_export_stats(const struct tag_table *tt, struct stats_set *s)
{
    if (tt == NULL)
        return;
    stats_add(s, "vigie.detect.tags.active", tt->used);
    stats_add(s, "vigie.detect.tags.dropped", tt->dropped);
}
