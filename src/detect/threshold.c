/*
 * threshold.c - thresholding state and threshold.config (see threshold.h).
 *
 * The counters live in one table shared by the workers (as Suricata's host table), split
 * in lock-striped parts: the key's hash picks a stripe, whose mutex covers lookup and
 * update. Each stripe is open addressing with linear probing, keyed on (signature, which
 * threshold, track kind, addresses). It never deletes single entries: when it is 3/4 full
 * it is rebuilt without the entries whose window has passed (they would start a new window
 * anyway), and when that frees nothing the new key is not tracked (fail-open, counted).
 * threshold.config entries are kept in file order and scanned per alert: files hold tens
 * of lines, and the scan only runs for signatures that matched.
 */
#include "detect/threshold.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/flow-vars.h"
#include "detect/rule-addr.h"
#include "util/err.h"
#include "util/log.h"

/* ---- parsing key/value lists ---- */

/* Splits s at commas outside brackets; calls fn(key, value) for each "key value" field.
 * Returns VG_OK or the first error of fn / VG_EINVAL for a field without a value. */
static int each_field(
        const char *s, int (*fn)(void *arg, const char *key, const char *val), void *arg)
{
    char buf[1024];
    size_t n = strlen(s);

    if (n >= sizeof(buf))
        return VG_EINVAL;
    memcpy(buf, s, n + 1);
    for (char *p = buf; *p != '\0';) {
        char *start, *end, *key_end, *val;
        int depth = 0, rc;

        while (isspace((unsigned char)*p))
            p++;
        start = p;
        while (*p != '\0' && (depth > 0 || *p != ',')) {
            if (*p == '[')
                depth++;
            else if (*p == ']' && depth > 0)
                depth--;
            p++;
        }
        end = p;
        if (*p == ',')
            p++;
        while (end > start && isspace((unsigned char)end[-1]))
            end--;
        *end = '\0';
        if (start == end)
            return VG_EINVAL;
        key_end = start;
        while (*key_end != '\0' && !isspace((unsigned char)*key_end))
            key_end++;
        val = key_end;
        while (isspace((unsigned char)*val))
            val++;
        *key_end = '\0';
        if (*val == '\0')
            return VG_EINVAL;
        rc = fn(arg, start, val);
        if (rc != VG_OK)
            return rc;
    }
    return VG_OK;
}

static bool parse_u32(const char *s, uint32_t *out)
{
    char *end;
    unsigned long long v;

    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* One threshold or config line being parsed. */
enum thr_line_kind {
    THR_LINE_THRESHOLD,
    THR_LINE_SUPPRESS,
    THR_LINE_RATE
};

enum thr_suppress_track {
    SUPP_ALL,
    SUPP_SRC,
    SUPP_DST,
    SUPP_EITHER
};

struct thr_parse {
    struct sig_threshold t;
    bool is_df, is_config;
    enum thr_line_kind kind;
    unsigned seen; /* bits: 1 type, 2 track, 4 count, 8 seconds, 16 gen_id, 32 sig_id, 64 ip */
    uint32_t gid, sid;
    enum thr_suppress_track supp;
    const char *ip; /* ip_buf once an ip option was read */
    char ip_buf[512];
    char *err;
    size_t errlen;
};

static int field_cb(void *arg, const char *key, const char *val)
{
    struct thr_parse *tp = arg;

    if (strcmp(key, "type") == 0 && !tp->is_df && tp->kind == THR_LINE_THRESHOLD) {
        if (strcmp(val, "limit") == 0)
            tp->t.type = SIG_THRESHOLD_LIMIT;
        else if (strcmp(val, "threshold") == 0)
            tp->t.type = SIG_THRESHOLD_THRESHOLD;
        else if (strcmp(val, "both") == 0)
            tp->t.type = SIG_THRESHOLD_BOTH;
        else if (strcmp(val, "backoff") == 0)
            tp->t.type = SIG_THRESHOLD_BACKOFF;
        else
            goto bad;
        tp->seen |= 1;
    } else if (strcmp(key, "track") == 0) {
        if (tp->kind == THR_LINE_SUPPRESS) {
            if (strcmp(val, "by_src") == 0)
                tp->supp = SUPP_SRC;
            else if (strcmp(val, "by_dst") == 0)
                tp->supp = SUPP_DST;
            else if (strcmp(val, "by_either") == 0)
                tp->supp = SUPP_EITHER;
            else
                goto bad;
        } else if (strcmp(val, "by_src") == 0) {
            tp->t.track = SIG_TRACK_BY_SRC;
        } else if (strcmp(val, "by_dst") == 0) {
            tp->t.track = SIG_TRACK_BY_DST;
        } else if (strcmp(val, "by_both") == 0) {
            tp->t.track = SIG_TRACK_BY_BOTH;
        } else if (strcmp(val, "by_rule") == 0) {
            tp->t.track = SIG_TRACK_BY_RULE;
        } else if (strcmp(val, "by_flow") == 0) {
            tp->t.track = SIG_TRACK_BY_FLOW;
        } else {
            goto bad;
        }
        tp->seen |= 2;
    } else if (strcmp(key, "count") == 0 && tp->kind != THR_LINE_SUPPRESS) {
        if (!parse_u32(val, &tp->t.count))
            goto bad;
        tp->seen |= 4;
    } else if (strcmp(key, "seconds") == 0 && tp->kind != THR_LINE_SUPPRESS) {
        if (!parse_u32(val, &tp->t.seconds))
            goto bad;
        tp->seen |= 8;
    } else if (strcmp(key, "multiplier") == 0 && !tp->is_df && tp->kind == THR_LINE_THRESHOLD) {
        if (!parse_u32(val, &tp->t.multiplier) || tp->t.multiplier < 2)
            goto bad;
        tp->seen |= 128;
    } else if (strcmp(key, "gen_id") == 0 && tp->is_config) {
        if (!parse_u32(val, &tp->gid))
            goto bad;
        tp->seen |= 16;
    } else if (strcmp(key, "sig_id") == 0 && tp->is_config) {
        if (!parse_u32(val, &tp->sid))
            goto bad;
        tp->seen |= 32;
    } else if (strcmp(key, "ip") == 0 && tp->kind == THR_LINE_SUPPRESS) {
        if (strlen(val) >= sizeof(tp->ip_buf))
            goto bad;
        memcpy(tp->ip_buf, val, strlen(val) + 1);
        tp->ip = tp->ip_buf;
        tp->seen |= 64;
    } else if ((strcmp(key, "new_action") == 0 || strcmp(key, "timeout") == 0) &&
               tp->kind == THR_LINE_RATE) {
        /* accepted: rate_filter changes the action, which only matters inline */
    } else if (strcmp(key, "unique_on") == 0 && tp->is_df) {
        if (strcmp(val, "src_port") == 0)
            tp->t.unique_on = 1;
        else if (strcmp(val, "dst_port") == 0)
            tp->t.unique_on = 2;
        else
            goto bad;
    } else {
        snprintf(tp->err, tp->errlen, "unknown or misplaced option '%.32s'", key);
        return VG_EINVAL;
    }
    return VG_OK;
bad:
    snprintf(tp->err, tp->errlen, "invalid value '%.32s' for '%.16s'", val, key);
    return VG_EINVAL;
}

int threshold_parse(
        const char *value, bool is_df, struct sig_threshold *out, char *err, size_t errlen)
{
    struct thr_parse tp = {
        .is_df = is_df, .kind = THR_LINE_THRESHOLD, .err = err, .errlen = errlen
    };
    const char *what = is_df ? "detection_filter" : "threshold";
    unsigned need = is_df ? (2 | 4 | 8) : (1 | 2 | 4);
    int rc;

    err[0] = '\0';
    if (value == NULL) {
        snprintf(err, errlen, "%s: a value is required", what);
        return VG_EINVAL;
    }
    rc = each_field(value, field_cb, &tp);
    if (rc != VG_OK) {
        if (err[0] == '\0')
            snprintf(err, errlen, "%s: invalid value '%.64s'", what, value);
        return VG_EINVAL;
    }
    if ((tp.seen & need) != need) {
        snprintf(err, errlen, "%s: %s track, count and seconds are required", what,
                is_df ? "" : "type,");
        return VG_EINVAL;
    }
    if (!is_df && (tp.t.type == SIG_THRESHOLD_BACKOFF) != ((tp.seen & 128) != 0)) {
        snprintf(err, errlen, "threshold: multiplier goes with type backoff (and only)");
        return VG_EINVAL;
    }
    if (!is_df && tp.t.type != SIG_THRESHOLD_BACKOFF && (tp.seen & 8) == 0) {
        snprintf(err, errlen, "threshold: seconds is required");
        return VG_EINVAL;
    }
    if (!is_df && tp.t.count == 0) {
        snprintf(err, errlen, "threshold: count must be at least 1");
        return VG_EINVAL;
    }
    if (is_df && tp.t.unique_on != 0 && tp.t.track == SIG_TRACK_BY_FLOW) {
        snprintf(err, errlen, "detection_filter: unique_on with track by_flow is not supported");
        return VG_EINVAL;
    }
    if (is_df && tp.t.unique_on != 0 && tp.t.count > 65535) {
        snprintf(err, errlen, "detection_filter: count above 65535 with unique_on");
        return VG_EINVAL;
    }
    if (is_df)
        tp.t.type = SIG_THRESHOLD_DETECTION_FILTER;
    *out = tp.t;
    return VG_OK;
}

/* ---- threshold.config ---- */

struct thr_cfg_entry {
    enum thr_line_kind kind;
    uint32_t gid, sid; /* sid 0: every rule (of gid, or of any gid when gid is 0) */
    struct sig_threshold t;
    enum thr_suppress_track supp;
    bool has_ips;
    struct addr_set ips;
};

struct threshold_config {
    struct thr_cfg_entry *e;
    size_t n, cap;
};

static int cfg_line(struct threshold_config *tc, char *line, const struct rule_vars *vars,
        char *err, size_t errlen)
{
    struct thr_parse tp = { .is_config = true, .err = err, .errlen = errlen };
    struct thr_cfg_entry *e;
    char *p = line;
    unsigned need;
    int rc;

    while (*p != '\0' && !isspace((unsigned char)*p))
        p++;
    if (*p != '\0')
        *p++ = '\0';
    if (strcmp(line, "threshold") == 0 || strcmp(line, "event_filter") == 0) {
        tp.kind = THR_LINE_THRESHOLD;
        need = 1 | 2 | 4 | 16 | 32;
    } else if (strcmp(line, "suppress") == 0) {
        tp.kind = THR_LINE_SUPPRESS;
        need = 16 | 32;
    } else if (strcmp(line, "rate_filter") == 0) {
        tp.kind = THR_LINE_RATE;
        need = 2 | 4 | 8 | 16 | 32;
    } else {
        snprintf(err, errlen, "unknown directive '%.32s'", line);
        return VG_EINVAL;
    }
    rc = each_field(p, field_cb, &tp);
    if (rc != VG_OK) {
        if (err[0] == '\0')
            snprintf(err, errlen, "invalid %.16s line", line);
        return VG_EINVAL;
    }
    if ((tp.seen & need) != need) {
        snprintf(err, errlen, "%.16s: missing options", line);
        return VG_EINVAL;
    }
    if (tp.kind == THR_LINE_SUPPRESS && ((tp.seen & 2) != 0) != ((tp.seen & 64) != 0)) {
        snprintf(err, errlen, "suppress: track and ip go together");
        return VG_EINVAL;
    }
    if (tp.kind == THR_LINE_THRESHOLD &&
            ((tp.t.type == SIG_THRESHOLD_BACKOFF) != ((tp.seen & 128) != 0) ||
                    (tp.t.type != SIG_THRESHOLD_BACKOFF && (tp.seen & 8) == 0))) {
        snprintf(err, errlen, "threshold: seconds (or multiplier with backoff) required");
        return VG_EINVAL;
    }
    if (tp.kind == THR_LINE_THRESHOLD && tp.t.count == 0) {
        snprintf(err, errlen, "threshold: count must be at least 1");
        return VG_EINVAL;
    }
    if (tp.kind == THR_LINE_RATE)
        return VG_OK; /* accepted, no effect in IDS mode (threshold.h) */
    if (tc->n == tc->cap) {
        size_t cap = tc->cap == 0 ? 8 : tc->cap * 2;
        struct thr_cfg_entry *ne = realloc(tc->e, cap * sizeof(*ne));

        if (ne == NULL)
            return VG_ENOMEM;
        tc->e = ne;
        tc->cap = cap;
    }
    e = &tc->e[tc->n];
    memset(e, 0, sizeof(*e));
    e->kind = tp.kind;
    e->gid = tp.gid;
    e->sid = tp.sid;
    e->t = tp.t;
    e->supp = tp.supp;
    if (tp.ip != NULL) {
        if (addr_set_parse(&e->ips, tp.ip, vars, err, errlen) != VG_OK)
            return VG_EINVAL;
        e->has_ips = true;
    } else {
        e->supp = SUPP_ALL;
    }
    tc->n++;
    return VG_OK;
}

int threshold_config_parse(struct threshold_config **out, const char *text, const char *name,
        const struct rule_vars *vars, unsigned *n_errors)
{
    struct threshold_config *tc = calloc(1, sizeof(*tc));
    char line[1024];
    size_t len = 0;
    int lineno = 0, start_line = 1;
    unsigned errors = 0;

    if (tc == NULL)
        return VG_ENOMEM;
    for (const char *p = text;; p++) {
        char c = *p;

        if (c != '\n' && c != '\0') {
            if (len + 1 < sizeof(line))
                line[len++] = c;
            continue;
        }
        lineno++;
        while (len > 0 && isspace((unsigned char)line[len - 1]))
            len--;
        if (len > 0 && line[len - 1] == '\\' && c != '\0') {
            len--; /* continuation: keep collecting */
            continue;
        }
        line[len] = '\0';
        {
            char *l = line, err[256] = "";
            int rc;

            while (isspace((unsigned char)*l))
                l++;
            if (*l != '\0' && *l != '#') {
                rc = cfg_line(tc, l, vars, err, sizeof(err));
                if (rc == VG_ENOMEM) {
                    threshold_config_free(tc);
                    return VG_ENOMEM;
                }
                if (rc != VG_OK) {
                    log_msg(LOG_LEVEL_ERROR, LOG_DETECT, "%s:%d: %s", name, start_line, err);
                    errors++;
                }
            }
        }
        len = 0;
        start_line = lineno + 1;
        if (c == '\0')
            break;
    }
    if (n_errors != NULL)
        *n_errors = errors;
    *out = tc;
    return VG_OK;
}

int threshold_config_load(struct threshold_config **out, const char *path,
        const struct rule_vars *vars, unsigned *n_errors)
{
    FILE *fp = fopen(path, "rb");
    char *text;
    long size;
    int rc;

    if (fp == NULL)
        return errno == ENOENT ? VG_ENOENT : VG_EIO;
    if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        fclose(fp);
        return VG_EIO;
    }
    text = malloc((size_t)size + 1);
    if (text == NULL) {
        fclose(fp);
        return VG_ENOMEM;
    }
    if (fread(text, 1, (size_t)size, fp) != (size_t)size) {
        free(text);
        fclose(fp);
        return VG_EIO;
    }
    fclose(fp);
    text[size] = '\0';
    rc = threshold_config_parse(out, text, path, vars, n_errors);
    free(text);
    return rc;
}

void threshold_config_free(struct threshold_config *tc)
{
    if (tc == NULL)
        return;
    for (size_t i = 0; i < tc->n; i++) {
        if (tc->e[i].has_ips)
            addr_set_release(&tc->e[i].ips);
    }
    free(tc->e);
    free(tc);
}

size_t threshold_config_count(const struct threshold_config *tc)
{
    return tc == NULL ? 0 : tc->n;
}

/* ---- the counters: one table shared by the workers ---- */

/* Stripes of a shared table: a key's hash picks its stripe, whose lock covers the lookup
 * and the counter update. 16 stripes keep two to eight workers from meeting often. */
#define THR_STRIPES 16

struct thr_entry {
    const struct sig *s; /* NULL: empty slot */
    uint8_t which;       /* 0 threshold, 1 detection_filter */
    uint8_t track;
    uint8_t ipv; /* address family of a/b */
    struct vg_addr a, b;
    uint32_t count;
    uint64_t tv1;    /* window start, usec */
    uint64_t expire; /* end of the window, usec */
    uint16_t *ports; /* unique_on: distinct ports of the window (owned), at most count + 1 */
    uint32_t nports, cap_ports;
};

/* One stripe: open addressing, linear probing, rebuilt without expired entries when 3/4
 * full. All fields under lock. */
struct thr_stripe {
    pthread_mutex_t lock;
    struct thr_entry *tab;
    uint32_t cap, n, max;
    uint64_t next_sweep; /* packet time before which a full stripe is not swept again */
};

struct threshold_table {
    struct thr_stripe *stripes;
    uint32_t n_stripes;
    uint32_t refs; /* atomic: the creator and each context using the table */
};

struct threshold_ctx {
    const struct threshold_config *cfg;
    struct threshold_table *table; /* a reference */
    uint64_t memcap_hits, suppressed;
};

static struct threshold_table *table_new(uint32_t max_entries, uint32_t n_stripes)
{
    struct threshold_table *t = calloc(1, sizeof(*t));
    uint32_t max = max_entries == 0 ? THRESHOLD_MAX_ENTRIES_DEFAULT : max_entries;

    if (t == NULL)
        return NULL;
    t->stripes = calloc(n_stripes, sizeof(*t->stripes));
    if (t->stripes == NULL) {
        free(t);
        return NULL;
    }
    t->refs = 1;
    for (uint32_t i = 0; i < n_stripes; i++) {
        struct thr_stripe *st = &t->stripes[i];

        st->max = max / n_stripes > 0 ? max / n_stripes : 1;
        st->cap = 64;
        st->tab = calloc(st->cap, sizeof(*st->tab));
        if (st->tab == NULL || pthread_mutex_init(&st->lock, NULL) != 0) {
            free(st->tab);
            st->tab = NULL;
            t->n_stripes = i;
            threshold_table_free(t);
            return NULL;
        }
        t->n_stripes = i + 1;
    }
    return t;
}

struct threshold_table *threshold_table_new(uint32_t max_entries)
{
    return table_new(max_entries, THR_STRIPES);
}

void threshold_table_free(struct threshold_table *t)
{
    if (t == NULL || __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    for (uint32_t i = 0; i < t->n_stripes; i++) {
        struct thr_stripe *st = &t->stripes[i];

        for (uint32_t j = 0; j < st->cap; j++)
            free(st->tab[j].ports);
        free(st->tab);
        pthread_mutex_destroy(&st->lock);
    }
    free(t->stripes);
    free(t);
}

struct threshold_ctx *threshold_ctx_new_shared(
        const struct threshold_config *cfg, struct threshold_table *table)
{
    struct threshold_ctx *tc = calloc(1, sizeof(*tc));

    if (tc == NULL)
        return NULL;
    tc->cfg = cfg;
    tc->table = table;
    __atomic_add_fetch(&table->refs, 1, __ATOMIC_RELAXED);
    return tc;
}

struct threshold_ctx *threshold_ctx_new(const struct threshold_config *cfg, uint32_t max_entries)
{
    struct threshold_table *t = table_new(max_entries, 1);
    struct threshold_ctx *tc;

    if (t == NULL)
        return NULL;
    tc = threshold_ctx_new_shared(cfg, t);
    threshold_table_free(t); /* the context holds the only reference now */
    return tc;
}

void threshold_ctx_free(struct threshold_ctx *tc)
{
    if (tc == NULL)
        return;
    threshold_table_free(tc->table);
    free(tc);
}

static uint32_t entry_hash(const struct sig *s, uint8_t which, uint8_t track, uint8_t ipv,
        const struct vg_addr *a, const struct vg_addr *b)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)s;
    const uint8_t *bytes[2] = { a->b, b->b };

    h = (h ^ which) * 1099511628211ull;
    h = (h ^ track) * 1099511628211ull;
    h = (h ^ ipv) * 1099511628211ull;
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 16; i++)
            h = (h ^ bytes[k][i]) * 1099511628211ull;
    }
    return (uint32_t)(h ^ (h >> 32));
}

static struct thr_entry *probe(
        struct thr_entry *tab, uint32_t cap, const struct thr_entry *k, uint32_t hash)
{
    uint32_t i = hash & (cap - 1);

    for (;;) {
        struct thr_entry *e = &tab[i];

        if (e->s == NULL || (e->s == k->s && e->which == k->which && e->track == k->track &&
                                    e->ipv == k->ipv && memcmp(&e->a, &k->a, sizeof(e->a)) == 0 &&
                                    memcmp(&e->b, &k->b, sizeof(e->b)) == 0))
            return e;
        i = (i + 1) & (cap - 1);
    }
}

/* Rebuilds the stripe into new_cap slots, dropping entries expired at now. */
static bool rebuild(struct thr_stripe *tc, uint32_t new_cap, uint64_t now)
{
    struct thr_entry *nt = calloc(new_cap, sizeof(*nt));
    uint32_t n = 0;

    if (nt == NULL)
        return false;
    for (uint32_t i = 0; i < tc->cap; i++) {
        struct thr_entry *e = &tc->tab[i];

        if (e->s == NULL)
            continue;
        if (e->expire <= now) {
            free(e->ports);
            continue;
        }
        *probe(nt, new_cap, e, entry_hash(e->s, e->which, e->track, e->ipv, &e->a, &e->b)) = *e;
        n++;
    }
    free(tc->tab);
    tc->tab = nt;
    tc->cap = new_cap;
    tc->n = n;
    return true;
}

/* The entry for key k (hash given), created (count 0) if absent; NULL when the stripe is
 * full. Called with the stripe locked. */
static struct thr_entry *lookup(
        struct thr_stripe *tc, const struct thr_entry *k, uint32_t hash, uint64_t now)
{
    struct thr_entry *e = probe(tc->tab, tc->cap, k, hash);

    if (e->s != NULL)
        return e;
    if (tc->n + 1 > tc->max || tc->n + 1 > (tc->cap / 4) * 3) {
        uint32_t want = tc->cap;
        bool grow = tc->n + 1 <= tc->max && tc->cap < 0x40000000u;

        /* full of live entries: sweep at most once a second of packet time */
        if (!grow && now < tc->next_sweep)
            return NULL;
        if (grow)
            want = tc->cap * 2;
        if (!rebuild(tc, want, now))
            return NULL;
        tc->next_sweep = now + 1000000u;
        if (tc->n + 1 > tc->max || tc->n + 1 > (tc->cap / 4) * 3)
            return NULL;
        e = probe(tc->tab, tc->cap, k, hash);
    }
    *e = *k;
    e->count = 0;
    e->ports = NULL;
    e->nports = e->cap_ports = 0;
    tc->n++;
    return e;
}

/* detection_filter with unique_on: alerts once more than count distinct ports were seen
 * in the window (on every match from then on, like detection_filter). */
static bool apply_unique(const struct sig_threshold *t, struct thr_entry *e, const struct packet *p,
        uint64_t now, uint64_t *memcap_hits)
{
    uint64_t win = (uint64_t)t->seconds * 1000000u;
    uint16_t port = t->unique_on == 1 ? p->sp : p->dp;
    bool seen = false;

    if (e->count == 0 || (t->seconds != 0 && now >= e->tv1 && now - e->tv1 >= win)) {
        e->tv1 = now;
        e->nports = 0;
        e->count = 1;
    }
    for (uint32_t i = 0; i < e->nports && !seen; i++)
        seen = e->ports[i] == port;
    if (!seen && e->nports <= t->count) {
        if (e->nports == e->cap_ports) {
            uint32_t cap = e->cap_ports == 0 ? 4 : e->cap_ports * 2;
            uint16_t *np;

            if (cap > t->count + 1)
                cap = t->count + 1;
            np = realloc(e->ports, cap * sizeof(*np));
            if (np == NULL) {
                (*memcap_hits)++;
                return true;
            }
            e->ports = np;
            e->cap_ports = cap;
        }
        e->ports[e->nports++] = port;
    }
    return e->nports > t->count;
}

/* Applies threshold t to a counter (count, tv1); count 0 = first match of the key. */
static bool apply(const struct sig_threshold *t, uint32_t *count, uint64_t *tv1, uint64_t now)
{
    uint64_t win = (uint64_t)t->seconds * 1000000u;
    /* A packet older than the window start (another worker got ahead in packet time) is
     * in the window, as Suricata's signed time difference has it. */
    bool in_window = *count != 0 && (t->seconds == 0 || now < *tv1 || now - *tv1 < win);

    if (t->type == SIG_THRESHOLD_BACKOFF) {
        /* tv1 holds the match number of the next alert */
        if (*count == 0)
            *tv1 = t->count;
        if (*count < UINT32_MAX)
            (*count)++;
        if (*count != *tv1)
            return false;
        *tv1 = *tv1 > UINT32_MAX / t->multiplier ? UINT64_MAX : *tv1 * t->multiplier;
        return true;
    }

    if (!in_window) {
        *tv1 = now;
        *count = 0;
    }
    if (t->type == SIG_THRESHOLD_THRESHOLD && *count == UINT32_MAX)
        *count = 0;
    (*count)++;
    switch (t->type) {
    case SIG_THRESHOLD_LIMIT:
        if (*count > t->count)
            *count = t->count + 1; /* stop counting, keep the window */
        return *count <= t->count;
    case SIG_THRESHOLD_THRESHOLD:
        if (*count >= t->count) {
            /* alert and count again; the window keeps its start */
            *count = UINT32_MAX;
            return true;
        }
        return false;
    case SIG_THRESHOLD_BOTH:
        if (*count > t->count + 1)
            *count = t->count + 1;
        return *count == t->count;
    case SIG_THRESHOLD_DETECTION_FILTER:
        if (*count > t->count + 1)
            *count = t->count + 1;
        return *count > t->count;
    case SIG_THRESHOLD_BACKOFF:
    case SIG_THRESHOLD_NONE:
        break;
    }
    return true;
}

static bool eval(struct threshold_ctx *tc, const struct sig *s, uint8_t which,
        const struct sig_threshold *t, const struct packet *p, uint64_t now)
{
    struct thr_entry k;
    struct thr_entry *e;
    struct thr_stripe *st;
    uint32_t hash;
    bool ok;

    if (t->track == SIG_TRACK_BY_FLOW) {
        struct flow_var *fv;
        uint32_t count;

        if (p->flow == NULL)
            return true;
        fv = flow_vars_get(p->flow, FLOW_VAR_THRESH,
                which == 0 ? (const void *)&s->threshold : (const void *)&s->detection_filter);
        if (fv == NULL) {
            tc->memcap_hits++;
            return true;
        }
        count = (uint32_t)fv->a;
        ok = apply(t, &count, &fv->b, now);
        fv->a = count;
        return ok;
    }
    memset(&k, 0, sizeof(k));
    k.s = s;
    k.which = which;
    k.track = (uint8_t)t->track;
    k.ipv = p->ip_ver; /* IPv4 and IPv6 addresses with equal bytes are different keys */
    switch (t->track) {
    case SIG_TRACK_BY_SRC:
        k.a = p->src;
        break;
    case SIG_TRACK_BY_DST:
        k.a = p->dst;
        break;
    case SIG_TRACK_BY_BOTH:
        /* the pair in either direction is one key */
        if (memcmp(&p->src, &p->dst, sizeof(p->src)) <= 0) {
            k.a = p->src;
            k.b = p->dst;
        } else {
            k.a = p->dst;
            k.b = p->src;
        }
        break;
    case SIG_TRACK_BY_RULE:
    case SIG_TRACK_BY_FLOW:
        break;
    }
    hash = entry_hash(k.s, k.which, k.track, k.ipv, &k.a, &k.b);
    st = &tc->table->stripes[(hash >> 16) % tc->table->n_stripes];
    pthread_mutex_lock(&st->lock);
    e = lookup(st, &k, hash, now);
    if (e == NULL) {
        pthread_mutex_unlock(&st->lock);
        tc->memcap_hits++;
        return true;
    }
    ok = t->unique_on != 0 ? apply_unique(t, e, p, now, &tc->memcap_hits)
                           : apply(t, &e->count, &e->tv1, now);
    e->expire = t->seconds == 0 || t->type == SIG_THRESHOLD_BACKOFF
                        ? UINT64_MAX
                        : e->tv1 + (uint64_t)t->seconds * 1000000u;
    pthread_mutex_unlock(&st->lock);
    return ok;
}

static bool cfg_applies(const struct thr_cfg_entry *e, const struct sig *s)
{
    if (e->sid == 0)
        return e->gid == 0 || e->gid == s->gid;
    return e->sid == s->sid && e->gid == s->gid;
}

static bool suppressed(const struct thr_cfg_entry *e, const struct packet *p)
{
    switch (e->supp) {
    case SUPP_ALL:
        return true;
    case SUPP_SRC:
        return addr_set_match(&e->ips, p->ip_ver, &p->src);
    case SUPP_DST:
        return addr_set_match(&e->ips, p->ip_ver, &p->dst);
    case SUPP_EITHER:
        return addr_set_match(&e->ips, p->ip_ver, &p->src) ||
               addr_set_match(&e->ips, p->ip_ver, &p->dst);
    }
    return false;
}

bool threshold_check(
        struct threshold_ctx *tc, const struct sig *s, const struct packet *p, uint64_t now_usec)
{
    const struct sig_threshold *t = NULL, *global = NULL;

    if (tc->cfg != NULL) {
        for (size_t i = 0; i < tc->cfg->n; i++) {
            const struct thr_cfg_entry *e = &tc->cfg->e[i];

            if (!cfg_applies(e, s))
                continue;
            if (e->kind == THR_LINE_SUPPRESS) {
                if (suppressed(e, p)) {
                    tc->suppressed++;
                    return false;
                }
            } else if (e->sid != 0) {
                t = &e->t;
            } else if (global == NULL) {
                global = &e->t;
            }
        }
    }
    if (s->detection_filter.type != SIG_THRESHOLD_NONE &&
            !eval(tc, s, 1, &s->detection_filter, p, now_usec))
        return false;
    if (t == NULL)
        t = s->threshold.type != SIG_THRESHOLD_NONE ? &s->threshold : global;
    if (t == NULL)
        return true;
    return eval(tc, s, 0, t, p, now_usec);
}

void threshold_export_stats(const struct threshold_ctx *tc, struct stats_set *s)
{
    uint64_t n = 0;

    for (uint32_t i = 0; i < tc->table->n_stripes; i++) {
        struct thr_stripe *st = &tc->table->stripes[i];

        pthread_mutex_lock(&st->lock);
        n += st->n;
        pthread_mutex_unlock(&st->lock);
    }
    /* every worker reports the shared table: the largest figure, not the sum */
    stats_max(s, "detect.thresholds.entries", n);
    stats_add(s, "detect.thresholds.memcap", tc->memcap_hits);
    stats_add(s, "detect.thresholds.suppressed", tc->suppressed);
}
