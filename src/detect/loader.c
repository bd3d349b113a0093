/*
 * loader.c - rules files to an engine's signatures: detect_config_load(),
 * detect_engine_load(), detect_engine_free() and the accessors of detect.h.
 *
 * Loading reads the classification and reference tables and the rule variables, then each
 * rules file in order (default-rule-path joined to relative names, shell wildcards
 * expanded), parses every rule with rule_parse() and keeps the good ones. A bad rule is
 * reported once as "file:line: reason" and counted; a duplicate (gid, sid) keeps the
 * signature with the higher rev, in the place of the first one (Suricata: "Duplicate
 * signature" for the later one otherwise). The summary line is Suricata's. Duplicates are
 * found with an open-addressing hash, so loading stays linear in the number of rules.
 *
 * The engine builder (grouping, prefilter) runs where marked in load_finish(), once the
 * signature array is final.
 */
#include "detect/loader.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "detect/engine-int.h"
#include "detect/rule-parse.h"
#include "detect/rule-text.h"
#include "util/err.h"
#include "util/log.h"

/* --- configuration --- */

static int dup_opt(char **dst, const char *v)
{
    if (v == NULL)
        return VG_OK;
    *dst = strdup(v);
    return *dst != NULL ? VG_OK : VG_ENOMEM;
}

static int push_file(struct detect_config *cfg, const char *path)
{
    char **v = realloc(cfg->rule_files, (cfg->n_rule_files + 1) * sizeof(*v));

    if (v == NULL)
        return VG_ENOMEM;
    cfg->rule_files = v;
    v[cfg->n_rule_files] = strdup(path);
    if (v[cfg->n_rule_files] == NULL)
        return VG_ENOMEM;
    cfg->n_rule_files++;
    return VG_OK;
}

static int load_rule_files(struct detect_config *cfg, const struct conf *c)
{
    const struct conf_node *n = conf_get(c, NULL, "rule-files");

    if (n == NULL)
        return VG_OK;
    if (n->kind == CONF_SCALAR)
        return n->value != NULL ? push_file(cfg, n->value) : VG_OK;
    for (const struct conf_node *i = n->child; i != NULL; i = i->next) {
        int rc;

        if (i->kind != CONF_SCALAR || i->value == NULL) {
            log_error(LOG_CONF, "%s:%d: rule-files: expected a list of file names",
                    c->path != NULL ? c->path : "config", i->line);
            return VG_EINVAL;
        }
        rc = push_file(cfg, i->value);
        if (rc != VG_OK)
            return rc;
    }
    return VG_OK;
}

static int load_detect_opts(struct detect_config *cfg, const struct conf *c)
{
    bool b;
    int64_t n;
    int rc;

    rc = conf_get_bool(c, NULL, "engine.init-failure-fatal", &b);
    if (rc < 0)
        return rc;
    if (rc == 1)
        cfg->init_errors_fatal = b;
    rc = conf_get_int(c, NULL, "detect.packet-alert-max", &n);
    if (rc == 0) /* Suricata's own key is top-level */
        rc = conf_get_int(c, NULL, "packet-alert-max", &n);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        if (n < 1) {
            log_error(LOG_CONF, "detect.packet-alert-max: must be at least 1");
            return VG_EINVAL;
        }
        if (n > DETECT_ALERTS_CAP)
            log_warn(LOG_CONF, "detect.packet-alert-max: %lld capped to %d", (long long)n,
                    DETECT_ALERTS_CAP);
        cfg->packet_alert_max = (uint16_t)(n > DETECT_ALERTS_CAP ? DETECT_ALERTS_CAP : n);
    }
    rc = conf_get_bool(c, NULL, "detect.sgh-mpm-caching", &b);
    if (rc < 0)
        return rc;
    if (rc == 0 || b)
        return dup_opt(&cfg->cache_dir, conf_get_str(c, NULL, "detect.sgh-mpm-caching-path"));
    return VG_OK;
}

int detect_config_load(struct detect_config *cfg, const struct conf *c)
{
    int rc;

    memset(cfg, 0, sizeof(*cfg));
    cfg->packet_alert_max = DETECT_ALERTS_MAX;
    if (c == NULL)
        return VG_OK;
    rc = dup_opt(&cfg->default_rule_path, conf_get_str(c, NULL, "default-rule-path"));
    if (rc == VG_OK)
        rc = dup_opt(&cfg->classification_file, conf_get_str(c, NULL, "classification-file"));
    if (rc == VG_OK)
        rc = dup_opt(&cfg->reference_file, conf_get_str(c, NULL, "reference-config-file"));
    if (rc == VG_OK)
        rc = dup_opt(&cfg->threshold_file, conf_get_str(c, NULL, "threshold-file"));
    if (rc == VG_OK)
        rc = load_rule_files(cfg, c);
    if (rc == VG_OK)
        rc = load_detect_opts(cfg, c);
    if (rc != VG_OK)
        detect_config_release(cfg);
    return rc;
}

void detect_config_release(struct detect_config *cfg)
{
    for (size_t i = 0; i < cfg->n_rule_files; i++)
        free(cfg->rule_files[i]);
    free(cfg->rule_files);
    free(cfg->default_rule_path);
    free(cfg->classification_file);
    free(cfg->reference_file);
    free(cfg->threshold_file);
    free(cfg->cache_dir);
    memset(cfg, 0, sizeof(*cfg));
}

int detect_config_add_rule_file(struct detect_config *cfg, const char *path, bool exclusive)
{
    char cwd[4096], *abs = NULL;
    int rc;

    if (exclusive) {
        for (size_t i = 0; i < cfg->n_rule_files; i++)
            free(cfg->rule_files[i]);
        cfg->n_rule_files = 0;
    }
    if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL) {
        size_t len = strlen(cwd) + strlen(path) + 2;

        abs = malloc(len);
        if (abs == NULL)
            return VG_ENOMEM;
        snprintf(abs, len, "%s/%s", cwd, path);
    }
    rc = push_file(cfg, abs != NULL ? abs : path);
    free(abs);
    return rc;
}

/* --- the engine --- */

static uint32_t str_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (; *s != '\0'; s++)
        h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    return (uint32_t)(h ^ (h >> 29));
}

/* Slot of s (hash h) in the index: its entry, or the empty slot where it goes. The hash is
 * kept in the slot, so a probe reads a string only when the hashes are equal. */
static uint64_t *intern_slot(uint64_t *index, size_t cap, char **strings, const char *s, uint32_t h)
{
    size_t i = h & (cap - 1);

    while (index[i] != 0 &&
            ((uint32_t)(index[i] >> 32) != h || strcmp(strings[(uint32_t)index[i] - 1], s) != 0))
        i = (i + 1) & (cap - 1);
    return &index[i];
}

static int intern_grow(struct detect_engine *de)
{
    size_t cap = de->string_index_cap ? de->string_index_cap * 2 : 64;
    uint64_t *index;
    char **v;

    if ((de->n_strings + 1) * 2 <= de->string_index_cap)
        return VG_OK;
    index = calloc(cap, sizeof(*index));
    v = realloc(de->strings, (cap / 2) * sizeof(*v));
    if (index == NULL || v == NULL) {
        free(index);
        if (v != NULL)
            de->strings = v;
        return VG_ENOMEM;
    }
    de->strings = v;
    de->cap_strings = cap / 2;
    for (size_t i = 0; i < de->n_strings; i++) {
        uint32_t h = str_hash(de->strings[i]);

        *intern_slot(index, cap, de->strings, de->strings[i], h) = (uint64_t)h << 32 | (i + 1);
    }
    free(de->string_index);
    de->string_index = index;
    de->string_index_cap = cap;
    return VG_OK;
}

const char *detect_engine_intern(struct detect_engine *de, const char *s)
{
    uint32_t h = str_hash(s);
    uint64_t *slot;

    if (intern_grow(de) != VG_OK)
        return NULL;
    slot = intern_slot(de->string_index, de->string_index_cap, de->strings, s, h);
    if (*slot != 0)
        return de->strings[(uint32_t)*slot - 1];
    de->strings[de->n_strings] = strdup(s);
    if (de->strings[de->n_strings] == NULL)
        return NULL;
    *slot = (uint64_t)h << 32 | ++de->n_strings;
    return de->strings[de->n_strings - 1];
}

struct detect_engine *detect_engine_new(const struct detect_config *cfg, const struct conf *c)
{
    struct detect_engine *de = calloc(1, sizeof(*de));

    if (de == NULL)
        return NULL;
    classification_table_init(&de->classes);
    reference_table_init(&de->refs);
    de->packet_alert_max = cfg != NULL ? cfg->packet_alert_max : DETECT_ALERTS_MAX;
    de->init_errors_fatal = cfg != NULL && cfg->init_errors_fatal;
    if (rule_vars_load(&de->vars, c) != VG_OK) {
        free(de);
        return NULL;
    }
    /* A table that cannot be read was logged; rules then load without it. */
    if (cfg != NULL && cfg->classification_file != NULL &&
            classification_load_file(&de->classes, cfg->classification_file) == VG_ENOMEM)
        goto out_free;
    if (cfg != NULL && cfg->reference_file != NULL &&
            reference_load_file(&de->refs, cfg->reference_file) == VG_ENOMEM)
        goto out_free;
    return de;
out_free:
    detect_engine_free(de);
    return NULL;
}

void detect_engine_free(struct detect_engine *de)
{
    if (de == NULL)
        return;
    /* --- engine builder (dengine): free its fields here --- */
    detect_engine_build_release(de);
    for (uint32_t i = 0; i < de->n_sigs; i++)
        sig_free(de->sigs[i]);
    free(de->sigs);
    rule_parse_cache_release(de); /* after the sigs: they share its header sets */
    classification_table_release(&de->classes);
    reference_table_release(&de->refs);
    rule_vars_release(&de->vars);
    for (size_t i = 0; i < de->n_strings; i++)
        free(de->strings[i]);
    free(de->strings);
    free(de->string_index);
    free(de->ids);
    free(de);
}

uint32_t detect_engine_sig_count(const struct detect_engine *de)
{
    return de->n_sigs;
}

const struct sig *detect_engine_sig(const struct detect_engine *de, uint32_t i)
{
    return de->sigs[i];
}

/* --- duplicate index --- */

static size_t id_hash(uint64_t key, size_t cap)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

static struct sig_id_slot *id_find(struct detect_engine *de, uint64_t key)
{
    size_t i;

    if (de->ids_cap == 0)
        return NULL;
    for (i = id_hash(key, de->ids_cap);; i = (i + 1) & (de->ids_cap - 1)) {
        if (de->ids[i].key == key)
            return &de->ids[i];
        if (de->ids[i].key == 0)
            return NULL;
    }
}

static void id_put(struct sig_id_slot *v, size_t cap, uint64_t key, uint32_t idx)
{
    size_t i = id_hash(key, cap);

    while (v[i].key != 0)
        i = (i + 1) & (cap - 1);
    v[i].key = key;
    v[i].idx = idx;
}

static int id_add(struct detect_engine *de, uint64_t key, uint32_t idx)
{
    if ((de->ids_n + 1) * 2 > de->ids_cap) {
        size_t cap = de->ids_cap ? de->ids_cap * 2 : 1024;
        struct sig_id_slot *v = calloc(cap, sizeof(*v));

        if (v == NULL)
            return VG_ENOMEM;
        for (size_t i = 0; i < de->ids_cap; i++) {
            if (de->ids[i].key != 0)
                id_put(v, cap, de->ids[i].key, de->ids[i].idx);
        }
        free(de->ids);
        de->ids = v;
        de->ids_cap = cap;
    }
    id_put(de->ids, de->ids_cap, key, idx);
    de->ids_n++;
    return VG_OK;
}

/* --- loading --- */

struct load_ctx {
    struct detect_engine *de;
    uint32_t failed, skipped;
    const char *file, *ifile; /* last file name seen and its interned copy */
};

static int push_sig(struct detect_engine *de, struct sig *s)
{
    if (de->n_sigs == de->cap_sigs) {
        uint32_t cap = de->cap_sigs ? de->cap_sigs * 2 : 256;
        struct sig **v = realloc(de->sigs, cap * sizeof(*v));

        if (v == NULL)
            return VG_ENOMEM;
        de->sigs = v;
        de->cap_sigs = cap;
    }
    s->num = de->n_sigs;
    de->sigs[de->n_sigs++] = s;
    return VG_OK;
}

/* Keeps s unless it duplicates a kept signature with a rev at least as high. */
static int add_sig(struct load_ctx *lc, struct sig *s, const char *file, int line)
{
    struct detect_engine *de = lc->de;
    uint64_t key = (uint64_t)s->gid << 32 | s->sid;
    struct sig_id_slot *slot = id_find(de, key);
    int rc;

    if (slot != NULL) {
        struct sig *old = de->sigs[slot->idx];

        if (s->rev <= old->rev) {
            log_error(LOG_DETECT, "%s:%d: duplicate signature (gid %u, sid %u, rev %u; %s:%d)",
                    file, line, s->gid, s->sid, s->rev, old->file, old->line);
            lc->failed++;
            sig_free(s);
            return VG_OK;
        }
        log_warn(LOG_DETECT,
                "%s:%d: signature with newer revision, so the older sig replaced by this new "
                "signature (gid %u, sid %u, rev %u; %s:%d)",
                file, line, s->gid, s->sid, s->rev, old->file, old->line);
        s->num = old->num;
        de->sigs[slot->idx] = s;
        sig_free(old);
        lc->skipped++;
        return VG_OK;
    }
    rc = push_sig(de, s);
    if (rc != VG_OK) {
        sig_free(s);
        return rc;
    }
    return id_add(de, key, s->num); /* s is in sigs[]: freed with the engine */
}

static int load_rule(void *ctx, const char *text, const char *file, int line)
{
    struct load_ctx *lc = ctx;
    char err[RULE_PARSE_ERR_MAX];
    const char *ifile = lc->ifile;
    struct sig *s;
    int rc;

    if (file != lc->file || ifile == NULL || strcmp(ifile, file) != 0) {
        ifile = detect_engine_intern(lc->de, file);
        if (ifile == NULL)
            return VG_ENOMEM;
        lc->file = file;
        lc->ifile = ifile;
    }
    rc = rule_parse(lc->de, text, &s, err, sizeof(err));
    if (rc == VG_ENOMEM)
        return rc;
    if (rc == VG_EUNSUPPORTED) { /* requires: not met: skipped, not an error */
        log_info(LOG_DETECT, "%s:%d: %s", file, line, err);
        lc->skipped++;
        return VG_OK;
    }
    if (rc != VG_OK) {
        log_error(LOG_DETECT, "%s:%d: %s", file, line, err);
        lc->failed++;
        return VG_OK;
    }
    s->file = ifile;
    s->line = line;
    return add_sig(lc, s, ifile, line);
}

/* Feeds fn the rules of text as rule_file_each() does for a file. */
static int each_rule_mem(const char *text, const char *name, rule_line_fn fn, void *ctx)
{
    char *rule = NULL;
    size_t rule_len = 0;
    int lineno = 0, first = 0, rc = VG_OK;

    while (*text != '\0' && rc == VG_OK) {
        size_t len = strcspn(text, "\n"), start = 0;
        bool cont;

        lineno++;
        while (len > 0 && text[len - 1] == '\r')
            len--;
        if (rule_len == 0) {
            while (start < len && (text[start] == ' ' || text[start] == '\t'))
                start++;
            if (start == len || text[start] == '#')
                goto next;
            first = lineno;
        }
        cont = len > start && text[len - 1] == '\\';
        {
            size_t add = len - start - (cont ? 1 : 0);
            char *r = realloc(rule, rule_len + add + 1);

            if (r == NULL) {
                rc = VG_ENOMEM;
                break;
            }
            rule = r;
            memcpy(rule + rule_len, text + start, add);
            rule_len += add;
            rule[rule_len] = '\0';
        }
        if (!cont) {
            rc = fn(ctx, rule, name, first);
            rule_len = 0;
        }
next:
        text += strcspn(text, "\n");
        if (*text == '\n')
            text++;
    }
    if (rc == VG_OK && rule_len > 0)
        rc = fn(ctx, rule, name, first);
    free(rule);
    return rc < 0 ? rc : VG_OK;
}

static bool has_wildcard(const char *p)
{
    return strpbrk(p, "*?[") != NULL;
}

/* Loads one configured name; returns the number of files read or a negative VG_E*. */
static int load_path(struct load_ctx *lc, const struct detect_config *cfg, const char *name)
{
    char *path = NULL;
    glob_t g;
    int rc, n = 0;

    if (name[0] != '/' && cfg->default_rule_path != NULL && cfg->default_rule_path[0] != '\0') {
        size_t len = strlen(cfg->default_rule_path) + strlen(name) + 2;

        path = malloc(len);
        if (path == NULL)
            return VG_ENOMEM;
        snprintf(path, len, "%s/%s", cfg->default_rule_path, name);
    }
    if (!has_wildcard(path != NULL ? path : name)) {
        rc = rule_file_each(path != NULL ? path : name, load_rule, lc);
        free(path);
        return rc == VG_OK ? 1 : rc;
    }
    rc = glob(path != NULL ? path : name, 0, NULL, &g);
    if (rc != 0) {
        log_error(LOG_DETECT, "no rule files match the pattern %s", path != NULL ? path : name);
        free(path);
        return rc == GLOB_NOSPACE ? VG_ENOMEM : VG_ENOENT;
    }
    free(path);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        rc = rule_file_each(g.gl_pathv[i], load_rule, lc);
        if (rc == VG_ENOMEM) {
            globfree(&g);
            return rc;
        }
        if (rc == VG_OK)
            n++;
    }
    globfree(&g);
    return n;
}

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int load_finish(struct detect_engine *de, const struct detect_config *cfg,
        struct load_ctx *lc, uint32_t files, bool file_error, double t0,
        struct detect_load_stats *st)
{
    int rc;

    de->stats.rules_loaded = de->n_sigs;
    de->stats.rules_failed = lc->failed;
    de->stats.rules_skipped = lc->skipped;
    de->stats.files_loaded = files;
    log_notice(LOG_DETECT, "%u rule files processed. %u rules successfully loaded, %u rules failed",
            files, de->n_sigs, lc->failed);
    /* The duplicate index is only needed while loading. */
    free(de->ids);
    de->ids = NULL;
    de->ids_cap = de->ids_n = 0;
    /* --- engine builder (dengine): build groups and prefilters from de->sigs here --- */
    rc = detect_engine_build(de, cfg);
    if (rc != VG_OK)
        return rc;
    de->stats.load_seconds = now_seconds() - t0;
    if (st != NULL)
        *st = de->stats;
    if (de->init_errors_fatal && (lc->failed > 0 || file_error))
        return VG_EINVAL;
    return VG_OK;
}

static int load(struct detect_engine **out, const struct detect_config *cfg, const struct conf *c,
        struct detect_load_stats *st, const char *text, const char *name)
{
    struct detect_config none;
    struct load_ctx lc = { 0 };
    double t0 = now_seconds();
    uint32_t files = 0;
    bool file_error = false;
    int rc = VG_OK;

    *out = NULL;
    if (st != NULL)
        memset(st, 0, sizeof(*st));
    if (cfg == NULL) {
        memset(&none, 0, sizeof(none));
        none.packet_alert_max = DETECT_ALERTS_MAX;
        cfg = &none;
    }
    lc.de = detect_engine_new(cfg, c);
    if (lc.de == NULL)
        return VG_ENOMEM;
    if (text != NULL) {
        rc = each_rule_mem(text, name != NULL ? name : "<string>", load_rule, &lc);
        files = 1;
    } else {
        for (size_t i = 0; rc == VG_OK && i < cfg->n_rule_files; i++) {
            int n = load_path(&lc, cfg, cfg->rule_files[i]);

            if (n == VG_ENOMEM)
                rc = n;
            else if (n < 0)
                file_error = true;
            else
                files += (uint32_t)n;
        }
    }
    if (rc == VG_OK)
        rc = load_finish(lc.de, cfg, &lc, files, file_error, t0, st);
    if (rc != VG_OK) {
        detect_engine_free(lc.de);
        return rc;
    }
    *out = lc.de;
    return VG_OK;
}

int detect_engine_load(struct detect_engine **out, const struct detect_config *cfg,
        const struct conf *c, struct detect_load_stats *st)
{
    return load(out, cfg, c, st, NULL, NULL);
}

int detect_engine_load_string(struct detect_engine **out, const char *rules, const char *name,
        const struct detect_config *cfg, const struct conf *c, struct detect_load_stats *st)
{
    return load(out, cfg, c, st, rules != NULL ? rules : "", name);
}
