/*
 * eve-stats.c - the EVE "stats" record: Suricata's counters as nested objects.
 *
 * Counters arrive as a flat set of dotted names ("decoder.event.ipv4.trunc_pkt"). Sorted by
 * name, every group of names sharing a prefix is contiguous, so one pass over the sorted set
 * writes the hierarchy: close the objects the previous name opened that this one does not
 * share, open the ones it adds, write the leaf. The record is
 *   {"timestamp":...,"event_type":"stats","stats":{"uptime":N,"decoder":{"pkts":...}}}
 * like Suricata's with "totals: yes". Derived values Suricata shows are computed here
 * (decoder.avg_pkt_size). Names under "vigie." are Vigie's own and are left out, since
 * Suricata's schema allows no other keys. Per-thread and delta output are not supported.
 */
#include "output/eve.h"

#include <string.h>

/* Deepest name written ("a.b.c.d.e.f.g.h"); deeper names are skipped. */
#define STATS_MAX_LEVELS 8
/* Longest single component of a name. */
#define STATS_MAX_COMPONENT 96

struct component {
    const char *s;
    size_t len;
};

static bool has_item(const struct stats_set *s, const char *name)
{
    size_t i;

    for (i = 0; i < s->len; i++) {
        if (strcmp(s->items[i].name, name) == 0)
            return true;
    }
    return false;
}

/* Sets name to exactly v (stats_add() adds, so add the difference, modulo 2^64). */
static void set_value(struct stats_set *s, const char *name, uint64_t v)
{
    stats_add(s, name, v - stats_get(s, name));
}

static void add_derived(struct stats_set *s)
{
    uint64_t pkts;

    if (!has_item(s, "decoder.pkts"))
        return;
    pkts = stats_get(s, "decoder.pkts");
    set_value(s, "decoder.avg_pkt_size", pkts != 0 ? stats_get(s, "decoder.bytes") / pkts : 0);
}

/* Splits name at dots; returns the number of components, 0 if the name is unusable. */
static size_t split_name(const char *name, struct component *c)
{
    size_t n = 0;
    const char *p = name;

    for (;;) {
        const char *dot = strchr(p, '.');
        size_t len = dot != NULL ? (size_t)(dot - p) : strlen(p);

        if (len == 0 || len >= STATS_MAX_COMPONENT || n == STATS_MAX_LEVELS)
            return 0;
        c[n].s = p;
        c[n].len = len;
        n++;
        if (dot == NULL)
            return n;
        p = dot + 1;
    }
}

/* A component "name[0]" stands for a one-object array: "name":[{...}] (Suricata's
 * detect.engines[0].rules_loaded ...). */
static bool is_array(const struct component *c)
{
    return c->len > 3 && memcmp(c->s + c->len - 3, "[0]", 3) == 0;
}

static void put_key(struct json *js, const struct component *c)
{
    char key[STATS_MAX_COMPONENT];
    size_t len = is_array(c) ? c->len - 3 : c->len;

    memcpy(key, c->s, len);
    key[len] = '\0';
    json_key(js, key);
}

static void open_level(struct json *js, const struct component *c)
{
    if (is_array(c))
        json_open_array(js);
    json_open_object(js);
}

static void close_level(struct json *js, const struct component *c)
{
    json_close_object(js);
    if (is_array(c))
        json_close_array(js);
}

static bool same(const struct component *a, const struct component *b)
{
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void put_counters(struct json *js, const struct stats_set *s, bool skip_zero)
{
    struct component open[STATS_MAX_LEVELS], c[STATS_MAX_LEVELS];
    size_t depth = 0, i;

    for (i = 0; i < s->len; i++) {
        const char *name = s->items[i].name;
        size_t n, common = 0;

        if (strncmp(name, "vigie.", 6) == 0 || strcmp(name, "uptime") == 0)
            continue;
        if (skip_zero && s->items[i].value == 0)
            continue;
        n = split_name(name, c);
        if (n == 0)
            continue;
        while (common < depth && common < n - 1 && same(&open[common], &c[common]))
            common++;
        for (; depth > common; depth--)
            close_level(js, &open[depth - 1]);
        for (; depth < n - 1; depth++) {
            put_key(js, &c[depth]);
            open_level(js, &c[depth]);
            open[depth] = c[depth];
        }
        put_key(js, &c[n - 1]);
        json_u64(js, s->items[i].value);
    }
    for (; depth > 0; depth--)
        close_level(js, &open[depth - 1]);
}

void eve_log_stats(
        struct eve_thread *t, uint64_t ts_usec, uint64_t uptime, struct stats_set *totals)
{
    struct json *js;

    if (t == NULL || !eve_enabled(eve_thread_output(t), EVE_TYPE_STATS))
        return;
    add_derived(totals);
    stats_sort(totals);
    js = eve_begin(t, "stats", ts_usec, 0, 0, NULL);
    json_key(js, "stats");
    json_open_object(js);
    json_kv_u64(js, "uptime", uptime);
    put_counters(js, totals, eve_output_config(eve_thread_output(t))->stats_skip_zero);
    json_close_object(js);
    eve_commit(t);
}
