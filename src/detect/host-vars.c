/*
 * host-vars.c - host / address-pair bits shared by the workers (see host-vars.h).
 *
 * One mutex covers the table: only xbits and hostbits rules reach it, once per match.
 * Open addressing over a fixed power-of-two array sized for max_entries at 50% load, so
 * probes stay short; slots are never removed: a slot whose bits all expired is reused by
 * the next insert that probes over it (the key changes in place, which is safe because a
 * lookup only stops at a never-used slot and otherwise compares keys).
 */
#include "detect/host-vars.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct host_bit {
    const char *name;
    uint64_t expire;
};

struct host_entry {
    uint8_t kind; /* 0: never used */
    struct vg_addr a, b;
    uint8_t n;
    struct host_bit bits[HOST_VARS_BITS];
};

struct host_table {
    pthread_mutex_t lock; /* covers tab and dropped */
    struct host_entry *tab;
    uint32_t cap;
    uint32_t refs; /* atomic */
    uint64_t dropped;
};

struct host_table *host_table_new(uint32_t max_entries)
{
    struct host_table *ht = calloc(1, sizeof(*ht));
    uint32_t want = max_entries == 0 ? HOST_VARS_MAX_ENTRIES_DEFAULT : max_entries;

    if (ht == NULL)
        return NULL;
    ht->cap = 16;
    while (ht->cap < want * 2 && ht->cap < (1u << 30))
        ht->cap *= 2;
    ht->tab = calloc(ht->cap, sizeof(*ht->tab));
    if (ht->tab == NULL || pthread_mutex_init(&ht->lock, NULL) != 0) {
        free(ht->tab);
        free(ht);
        return NULL;
    }
    ht->refs = 1;
    return ht;
}

struct host_table *host_table_ref(struct host_table *ht)
{
    __atomic_add_fetch(&ht->refs, 1, __ATOMIC_RELAXED);
    return ht;
}

void host_table_free(struct host_table *ht)
{
    if (ht == NULL || __atomic_sub_fetch(&ht->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    pthread_mutex_destroy(&ht->lock);
    free(ht->tab);
    free(ht);
}

static void make_key(uint8_t kind, const struct vg_addr *a, const struct vg_addr *b,
        struct vg_addr *ka, struct vg_addr *kb)
{
    memset(kb, 0, sizeof(*kb));
    *ka = *a;
    if ((kind & ~HOST_VARS_V6) == HOST_VARS_PAIR) {
        if (memcmp(a, b, sizeof(*a)) <= 0) {
            *kb = *b;
        } else {
            *ka = *b;
            *kb = *a;
        }
    }
}

static uint32_t key_hash(uint8_t kind, const struct vg_addr *a, const struct vg_addr *b)
{
    uint64_t h = 1469598103934665603ull ^ kind;

    for (int i = 0; i < 16; i++)
        h = (h ^ a->b[i]) * 1099511628211ull;
    for (int i = 0; i < 16; i++)
        h = (h ^ b->b[i]) * 1099511628211ull;
    return (uint32_t)(h ^ (h >> 32));
}

/* Drops expired bits; true if the entry holds none any more. */
static bool entry_expire(struct host_entry *e, uint64_t now)
{
    for (uint8_t i = 0; i < e->n;) {
        if (e->bits[i].expire <= now)
            e->bits[i] = e->bits[--e->n];
        else
            i++;
    }
    return e->n == 0;
}

/* The entry for the key; with create, a free or expired slot is taken when absent. */
static struct host_entry *find(struct host_table *ht, uint8_t kind, const struct vg_addr *a,
        const struct vg_addr *b, uint64_t now, bool create)
{
    struct vg_addr ka, kb;
    uint32_t i, steps;
    struct host_entry *reuse = NULL;

    make_key(kind, a, b, &ka, &kb);
    i = key_hash(kind, &ka, &kb) & (ht->cap - 1);
    for (steps = 0; steps < ht->cap; steps++, i = (i + 1) & (ht->cap - 1)) {
        struct host_entry *e = &ht->tab[i];

        if (e->kind == 0)
            break;
        if (e->kind == kind && memcmp(&e->a, &ka, sizeof(ka)) == 0 &&
                memcmp(&e->b, &kb, sizeof(kb)) == 0)
            return e;
        if (reuse == NULL && entry_expire(e, now))
            reuse = e;
        if (steps >= 64 && !create)
            return NULL;
    }
    if (!create)
        return NULL;
    if (reuse == NULL) {
        if (steps == ht->cap)
            return NULL;
        reuse = &ht->tab[i];
    }
    memset(reuse, 0, sizeof(*reuse));
    reuse->kind = kind;
    reuse->a = ka;
    reuse->b = kb;
    return reuse;
}

static bool isset_locked(struct host_table *ht, uint8_t kind, const struct vg_addr *a,
        const struct vg_addr *b, const char *name, uint64_t now)
{
    struct host_entry *e = find(ht, kind, a, b, now, false);

    if (e == NULL)
        return false;
    for (uint8_t i = 0; i < e->n; i++) {
        if (e->bits[i].name == name)
            return e->bits[i].expire > now;
    }
    return false;
}

bool host_table_isset(struct host_table *ht, uint8_t kind, const struct vg_addr *a,
        const struct vg_addr *b, const char *name, uint64_t now)
{
    bool r;

    pthread_mutex_lock(&ht->lock);
    r = isset_locked(ht, kind, a, b, name, now);
    pthread_mutex_unlock(&ht->lock);
    return r;
}

static bool set_locked(struct host_table *ht, uint8_t kind, const struct vg_addr *a,
        const struct vg_addr *b, const char *name, uint64_t now, uint64_t expire)
{
    struct host_entry *e = find(ht, kind, a, b, now, true);

    if (e == NULL) {
        ht->dropped++;
        return false;
    }
    for (uint8_t i = 0; i < e->n; i++) {
        if (e->bits[i].name == name) {
            e->bits[i].expire = expire;
            return true;
        }
    }
    if (e->n == HOST_VARS_BITS)
        entry_expire(e, now);
    if (e->n == HOST_VARS_BITS) {
        ht->dropped++;
        return false;
    }
    e->bits[e->n].name = name;
    e->bits[e->n].expire = expire;
    e->n++;
    return true;
}

bool host_table_set(struct host_table *ht, uint8_t kind, const struct vg_addr *a,
        const struct vg_addr *b, const char *name, uint64_t now, uint64_t expire)
{
    bool r;

    pthread_mutex_lock(&ht->lock);
    r = set_locked(ht, kind, a, b, name, now, expire);
    pthread_mutex_unlock(&ht->lock);
    return r;
}

void host_table_unset(struct host_table *ht, uint8_t kind, const struct vg_addr *a,
        const struct vg_addr *b, const char *name, uint64_t now)
{
    struct host_entry *e;

    pthread_mutex_lock(&ht->lock);
    e = find(ht, kind, a, b, now, false);
    for (uint8_t i = 0; e != NULL && i < e->n; i++) {
        if (e->bits[i].name == name) {
            e->bits[i] = e->bits[--e->n];
            break;
        }
    }
    pthread_mutex_unlock(&ht->lock);
}

void host_table_export_stats(struct host_table *t, struct stats_set *s)
{
    uint64_t used = 0, dropped;

    pthread_mutex_lock(&t->lock);
    for (uint32_t i = 0; i < t->cap; i++)
        used += t->tab[i].n != 0;
    dropped = t->dropped;
    pthread_mutex_unlock(&t->lock);
    /* every worker reports the shared table: the largest figure, not the sum */
    stats_max(s, "detect.hostbits.entries", used);
    stats_max(s, "detect.hostbits.dropped", dropped);
}

/* Weak default until the engine provides the worker's table (host-vars.h). */
__attribute__((weak)) struct host_table *detect_thread_host_table(struct detect_thread *dt)
{
    return NULL;
}
