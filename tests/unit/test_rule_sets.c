/*
 * test_rule_sets.c - loads the shared rule sets (ET Open, Suricata's event rules) and
 * reports how many rules load, which fail and why, and how long loading takes.
 *
 * Both a test and the load report: each set is parsed rule by rule to count failures by
 * reason (printed, most frequent first), then loaded once through detect_engine_load() (its
 * per-rule error lines sent to /dev/null) to time it and check that loaded + failed covers
 * every active rule. The shared directory is argv[1] (meson passes ../shared); the tests
 * skip when it is absent. Acceptance thresholds rise as keywords land.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "detect/detect.h"
#include "detect/engine-int.h"
#include "detect/keyword.h"
#include "detect/loader.h"
#include "detect/rule-parse.h"
#include "detect/rule-text.h"
#include "util/err.h"

static const char *shared_dir = "../shared";

struct reason {
    char *text;
    unsigned count;
};

struct tally {
    struct detect_engine *de;
    struct reason *r; /* first failure reason of each failed rule */
    size_t n, cap;
    struct reason *need; /* not-yet-supported keywords, once per rule using them */
    size_t n_need, cap_need;
    unsigned ok, failed, blocked_only, other;
};

static void add_need(struct tally *t, const char *name)
{
    for (size_t i = 0; i < t->n_need; i++) {
        if (strcmp(t->need[i].text, name) == 0) {
            t->need[i].count++;
            return;
        }
    }
    if (t->n_need == t->cap_need) {
        t->cap_need = t->cap_need ? t->cap_need * 2 : 64;
        t->need = realloc(t->need, t->cap_need * sizeof(*t->need));
        assert_non_null(t->need);
    }
    t->need[t->n_need].text = strdup(name);
    t->need[t->n_need].count = 1;
    t->n_need++;
}

/* Reasons are grouped by their text with quoted values cut ("unknown classtype" ...). */
static void add_reason(struct tally *t, const char *err)
{
    char key[160];
    const char *q = strstr(err, "keyword '") != NULL ? NULL : strchr(err, '"');
    size_t len = q != NULL ? (size_t)(q - err) : strlen(err);

    snprintf(key, sizeof(key), "%.*s", (int)(len < sizeof(key) - 1 ? len : sizeof(key) - 1), err);
    for (size_t i = 0; i < t->n; i++) {
        if (strcmp(t->r[i].text, key) == 0) {
            t->r[i].count++;
            return;
        }
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->r = realloc(t->r, t->cap * sizeof(*t->r));
        assert_non_null(t->r);
    }
    t->r[t->n].text = strdup(key);
    t->r[t->n].count = 1;
    t->n++;
}

/* The rule without its not-yet-supported options, or NULL if it has none (or does not
 * split). Counts each such keyword once per rule in t->needs. */
static char *strip_unsupported(struct tally *t, const char *text)
{
    struct rule_text rt;
    char err[128], *out;
    size_t cap = 2 * strlen(text) + 64, len;
    bool any = false;

    if (rule_text_parse(&rt, text, err, sizeof(err)) != VG_OK)
        return NULL;
    out = malloc(cap);
    assert_non_null(out);
    len = (size_t)snprintf(out, cap, "%s %s %s %s %s %s %s (", rt.action, rt.proto, rt.src, rt.sp,
            rt.dir, rt.dst, rt.dp);
    for (size_t i = 0; i < rt.n_opts; i++) {
        const struct keyword *kw = keyword_lookup(rt.opts[i].name);
        bool dup = false;

        if (kw != NULL && (kw->flags & KW_F_UNSUPPORTED)) {
            for (size_t j = 0; j < i; j++)
                dup |= strcmp(rt.opts[j].name, rt.opts[i].name) == 0;
            if (!dup)
                add_need(t, rt.opts[i].name);
            any = true;
            /* A missing sticky buffer (no value) stands in as pkt_data, so the transforms
             * and matches after it still have a buffer. */
            if (rt.opts[i].value == NULL)
                len += (size_t)snprintf(out + len, cap - len, "pkt_data; ");
            continue;
        }
        len += (size_t)snprintf(out + len, cap - len, "%s%s%s; ", rt.opts[i].name,
                rt.opts[i].value != NULL ? ":" : "",
                rt.opts[i].value != NULL ? rt.opts[i].value : "");
    }
    snprintf(out + len, cap - len, ")");
    rule_text_release(&rt);
    if (!any) {
        free(out);
        return NULL;
    }
    return out;
}

static int tally_rule(void *ctx, const char *text, const char *file, int line)
{
    struct tally *t = ctx;
    char err[RULE_PARSE_ERR_MAX], *stripped;
    struct sig *s = NULL;

    if (rule_parse(t->de, text, &s, err, sizeof(err)) == VG_OK) {
        t->ok++;
        sig_free(s);
        return VG_OK;
    }
    t->failed++;
    add_reason(t, err);
    /* Would it load once its missing keywords exist? Otherwise print why not. */
    stripped = strip_unsupported(t, text);
    if (stripped != NULL && rule_parse(t->de, stripped, &s, err, sizeof(err)) == VG_OK) {
        t->blocked_only++;
        sig_free(s);
    } else if (stripped != NULL || strstr(err, "not supported yet") == NULL) {
        t->other++;
        printf("  other failure: %s:%d: %s\n", file, line, err);
    }
    free(stripped);
    return VG_OK;
}

static int by_count(const void *a, const void *b)
{
    const struct reason *x = a, *y = b;

    return x->count < y->count ? 1 : x->count > y->count ? -1 : strcmp(x->text, y->text);
}

static bool dir_exists(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Parses every file of the set and prints the failure reasons. */
static void report_reasons(const char *title, struct detect_config *cfg)
{
    struct detect_engine *de;
    struct tally t = { 0 };

    assert_int_equal(detect_engine_load_string(&de, "", "empty", cfg, NULL, NULL), VG_OK);
    t.de = de;
    for (size_t i = 0; i < cfg->n_rule_files; i++)
        assert_int_equal(rule_file_each(cfg->rule_files[i], tally_rule, &t), VG_OK);
    if (t.n > 0)
        qsort(t.r, t.n, sizeof(*t.r), by_count);
    if (t.n_need > 0)
        qsort(t.need, t.n_need, sizeof(*t.need), by_count);
    printf("%s: %u rules parse, %u fail (%.2f%% accepted); %u fail only for keywords not "
           "written yet, %u for other reasons\nfirst failure reason:\n",
            title, t.ok, t.failed, t.ok + t.failed ? 100.0 * t.ok / (t.ok + t.failed) : 0.0,
            t.blocked_only, t.other);
    for (size_t i = 0; i < t.n; i++) {
        if (i < 40)
            printf("  %6u  %s\n", t.r[i].count, t.r[i].text);
        free(t.r[i].text);
    }
    printf("keywords not written yet, by rules using them:\n");
    for (size_t i = 0; i < t.n_need; i++) {
        printf("  %6u  %s\n", t.need[i].count, t.need[i].text);
        free(t.need[i].text);
    }
    free(t.r);
    free(t.need);
    detect_engine_free(de);
}

/* Loads the set through detect_engine_load() with stderr silenced; returns the stats. */
static struct detect_load_stats timed_load(struct detect_config *cfg)
{
    struct detect_load_stats st;
    struct detect_engine *de;
    int saved = dup(2), devnull = open("/dev/null", O_WRONLY);

    fflush(stderr);
    dup2(devnull, 2);
    clock_t c0 = clock();

    assert_int_equal(detect_engine_load(&de, cfg, NULL, &st), VG_OK);
    printf("load CPU time: %.3f s (wall %.3f s)\n", (double)(clock() - c0) / CLOCKS_PER_SEC,
            st.load_seconds);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(devnull);
    assert_int_equal(detect_engine_sig_count(de), st.rules_loaded);
    detect_engine_free(de);
    return st;
}

/* Adds every file matching dir/pattern, in glob order. */
static void add_files(struct detect_config *cfg, const char *dir, const char *pattern)
{
    char path[1024];
    glob_t g;

    snprintf(path, sizeof(path), "%s/%s", dir, pattern);
    assert_int_equal(glob(path, 0, NULL, &g), 0);
    for (size_t i = 0; i < g.gl_pathc; i++)
        assert_int_equal(detect_config_add_rule_file(cfg, g.gl_pathv[i], false), VG_OK);
    globfree(&g);
}

static void test_et_open(void **state)
{
    struct detect_config cfg;
    struct detect_load_stats st;
    char dir[1024], cls[1100];

    snprintf(dir, sizeof(dir), "%s/rules/et-open", shared_dir);
    if (!dir_exists(dir))
        skip();
    snprintf(cls, sizeof(cls), "%s/classification.config", dir);
    assert_int_equal(detect_config_load(&cfg, NULL), VG_OK);
    cfg.classification_file = strdup(cls);
    add_files(&cfg, dir, "emerging-*.rules");
    st = timed_load(&cfg);
    printf("ET Open: %u files, %u rules loaded, %u failed, %u replaced, %.3f s\n", st.files_loaded,
            st.rules_loaded, st.rules_failed, st.rules_skipped, st.load_seconds);
    /* SOURCE.md: 21,203 active rules in 44 files. */
    assert_int_equal(st.files_loaded, 44);
    assert_int_equal(st.rules_loaded + st.rules_failed + st.rules_skipped, 21203);
    detect_config_release(&cfg);

    /* Per-reason report, file by file. */
    assert_int_equal(detect_config_load(&cfg, NULL), VG_OK);
    cfg.classification_file = strdup(cls);
    add_files(&cfg, dir, "emerging-*.rules");
    report_reasons("ET Open", &cfg);
    detect_config_release(&cfg);
}

static void test_suricata_events(void **state)
{
    struct detect_config cfg;
    struct detect_load_stats st;
    char dir[1024], cls[1100], ref[1100];

    snprintf(dir, sizeof(dir), "%s/rules/suricata-events", shared_dir);
    if (!dir_exists(dir))
        skip();
    snprintf(cls, sizeof(cls), "%s/classification.config", dir);
    snprintf(ref, sizeof(ref), "%s/reference.config", dir);
    assert_int_equal(detect_config_load(&cfg, NULL), VG_OK);
    cfg.classification_file = strdup(cls);
    cfg.reference_file = strdup(ref);
    add_files(&cfg, dir, "*.rules");
    st = timed_load(&cfg);
    printf("Suricata events: %u files, %u rules loaded, %u failed, %.3f s\n", st.files_loaded,
            st.rules_loaded, st.rules_failed, st.load_seconds);
    assert_true(st.rules_loaded + st.rules_failed >= 443);
    detect_config_release(&cfg);

    assert_int_equal(detect_config_load(&cfg, NULL), VG_OK);
    cfg.classification_file = strdup(cls);
    add_files(&cfg, dir, "*.rules");
    report_reasons("Suricata events", &cfg);
    detect_config_release(&cfg);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_et_open),
        cmocka_unit_test(test_suricata_events),
    };

    if (argc > 1)
        shared_dir = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
