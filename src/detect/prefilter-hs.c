/*
 * prefilter-hs.c - the prefilter on Hyperscan (see prefilter.h).
 *
 * Patterns are sorted by (nocase, bytes) so that equal patterns become one Hyperscan id;
 * ids map to runs of signature numbers in sigs[]. Literal patterns are compiled with
 * hs_compile_lit_multi() (no regex escaping needed), flags HS_FLAG_SINGLEMATCH and, for
 * nocase contents, HS_FLAG_CASELESS. The on-disk cache stores hs_serialize_database()
 * output as DIR/vigie-hs-<hash>.db, written to a temporary name and renamed so a reader
 * never sees half a file.
 */
#include "detect/prefilter.h"

#include <errno.h>
#include <fcntl.h>
#include <hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"
#include "util/log.h"

struct prefilter {
    hs_database_t *db;
    uint32_t *sigs;  /* owned: signature numbers, grouped by pattern id */
    uint32_t *first; /* owned: n_ids + 1 offsets into sigs */
    size_t n_ids;
};

static int cmp_pat(const void *a, const void *b)
{
    const struct prefilter_pattern *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c;

    if (x->nocase != y->nocase)
        return x->nocase ? 1 : -1;
    c = memcmp(x->p, y->p, n);
    if (c != 0)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->sig < y->sig ? -1 : x->sig > y->sig;
}

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
    const uint8_t *p = data;

    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* Hash of the Hyperscan version, the host's platform (a database compiled for another CPU,
 * e.g. under valgrind or on another machine sharing the cache, is not this host's best and
 * may not run at all) and the distinct patterns in id order. */
static uint64_t db_hash(const struct prefilter_pattern *pats, const uint32_t *first, size_t n_ids)
{
    const char *ver = hs_version();
    uint64_t h = 0xcbf29ce484222325ull;
    hs_platform_info_t plt;

    h = fnv(h, ver, strlen(ver));
    memset(&plt, 0, sizeof(plt));
    if (hs_populate_platform(&plt) == HS_SUCCESS) {
        h = fnv(h, &plt.tune, sizeof(plt.tune));
        h = fnv(h, &plt.cpu_features, sizeof(plt.cpu_features));
    }
    for (size_t i = 0; i < n_ids; i++) {
        const struct prefilter_pattern *p = &pats[first[i]];
        uint8_t nc = p->nocase;

        h = fnv(h, &p->len, sizeof(p->len));
        h = fnv(h, &nc, 1);
        h = fnv(h, p->p, p->len);
    }
    return h;
}

/* Maps the cached file (no copy into a heap buffer: Hyperscan copies it once, into the
 * database it allocates) and deserializes it; NULL when absent or unusable. */
static hs_database_t *cache_read(const char *path)
{
    hs_database_t *db = NULL;
    struct stat st;
    void *map;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        close(fd);
        return NULL;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return NULL;
    if (hs_deserialize_database(map, (size_t)st.st_size, &db) != HS_SUCCESS)
        db = NULL;
    munmap(map, (size_t)st.st_size);
    return db;
}

/* mkdir -p dir (mode 0755). */
static bool make_dirs(const char *dir)
{
    char buf[4096];
    size_t len = strlen(dir);

    if (len == 0 || len >= sizeof(buf))
        return false;
    memcpy(buf, dir, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        buf[i] = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return false;
        if (i < len)
            buf[i] = '/';
    }
    return true;
}

static bool cache_write(const char *dir, const char *path, const hs_database_t *db)
{
    char tmp[4096];
    char *bytes = NULL;
    size_t len = 0;
    bool ok = false;
    FILE *f;

    if (!make_dirs(dir))
        return false;
    if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
        return false;
    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
    f = fopen(tmp, "wb");
    if (f != NULL) {
        ok = fwrite(bytes, 1, len, f) == len;
        ok = fclose(f) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok)
            unlink(tmp);
    }
    free(bytes);
    return ok;
}

static int compile(struct prefilter *pf, const struct prefilter_pattern *pats)
{
    const char **exprs = calloc(pf->n_ids, sizeof(*exprs));
    unsigned *flags = calloc(pf->n_ids, sizeof(*flags));
    unsigned *ids = calloc(pf->n_ids, sizeof(*ids));
    size_t *lens = calloc(pf->n_ids, sizeof(*lens));
    hs_compile_error_t *cerr = NULL;
    int rc = VG_ENOMEM;

    if (exprs == NULL || flags == NULL || ids == NULL || lens == NULL)
        goto out;
    for (size_t i = 0; i < pf->n_ids; i++) {
        const struct prefilter_pattern *p = &pats[pf->first[i]];

        exprs[i] = (const char *)p->p;
        lens[i] = p->len;
        flags[i] = HS_FLAG_SINGLEMATCH | (p->nocase ? HS_FLAG_CASELESS : 0);
        ids[i] = (unsigned)i;
    }
    if (hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)pf->n_ids, HS_MODE_BLOCK, NULL,
                &pf->db, &cerr) != HS_SUCCESS) {
        log_error(LOG_DETECT, "prefilter: Hyperscan compile failed: %s",
                cerr != NULL ? cerr->message : "?");
        hs_free_compile_error(cerr);
        rc = VG_EINVAL;
        goto out;
    }
    rc = VG_OK;
out:
    free(exprs);
    free(flags);
    free(ids);
    free(lens);
    return rc;
}

int prefilter_build(struct prefilter **out, const struct prefilter_pattern *pats, size_t n,
        const char *cache_dir, struct prefilter_build_stats *st)
{
    struct prefilter_pattern *sorted = NULL;
    struct prefilter *pf;
    char path[4096];
    int rc = VG_ENOMEM;

    *out = NULL;
    if (n == 0)
        return VG_EINVAL;
    pf = calloc(1, sizeof(*pf));
    sorted = malloc(n * sizeof(*sorted));
    if (pf == NULL || sorted == NULL)
        goto fail;
    memcpy(sorted, pats, n * sizeof(*sorted));
    if (n > 1)
        qsort(sorted, n, sizeof(*sorted), cmp_pat);
    pf->sigs = malloc(n * sizeof(*pf->sigs));
    pf->first = malloc((n + 1) * sizeof(*pf->first));
    if (pf->sigs == NULL || pf->first == NULL)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const struct prefilter_pattern *a = &sorted[i], *b = i ? &sorted[i - 1] : NULL;

        if (b == NULL || a->nocase != b->nocase || a->len != b->len ||
                memcmp(a->p, b->p, a->len) != 0)
            pf->first[pf->n_ids++] = (uint32_t)i;
        pf->sigs[i] = a->sig;
    }
    pf->first[pf->n_ids] = (uint32_t)n;
    path[0] = '\0';
    if (cache_dir != NULL && cache_dir[0] != '\0') {
        snprintf(path, sizeof(path), "%s/vigie-hs-%016llx.db", cache_dir,
                (unsigned long long)db_hash(sorted, pf->first, pf->n_ids));
        pf->db = cache_read(path);
        if (pf->db != NULL && st != NULL)
            st->cache_hits++;
    }
    if (pf->db == NULL) {
        rc = compile(pf, sorted);
        if (rc != VG_OK)
            goto fail;
        if (st != NULL)
            st->compiled++;
        if (path[0] != '\0' && cache_write(cache_dir, path, pf->db) && st != NULL)
            st->cache_writes++;
    }
    free(sorted);
    *out = pf;
    return VG_OK;
fail:
    free(sorted);
    prefilter_free(pf);
    return rc;
}

void prefilter_free(struct prefilter *pf)
{
    if (pf == NULL)
        return;
    hs_free_database(pf->db);
    free(pf->sigs);
    free(pf->first);
    free(pf);
}

size_t prefilter_pattern_count(const struct prefilter *pf)
{
    return pf->n_ids;
}

int prefilter_scratch_fit(const struct prefilter *pf, void **scratch)
{
    hs_scratch_t *s = *scratch;

    if (hs_alloc_scratch(pf->db, &s) != HS_SUCCESS)
        return VG_ENOMEM;
    *scratch = s;
    return VG_OK;
}

void *prefilter_scratch_clone(void *proto)
{
    hs_scratch_t *s = NULL;

    if (proto == NULL || hs_clone_scratch(proto, &s) != HS_SUCCESS)
        return NULL;
    return s;
}

void prefilter_scratch_free(void *scratch)
{
    if (scratch != NULL)
        hs_free_scratch(scratch);
}

struct scan_ctx {
    const struct prefilter *pf;
    prefilter_hit_fn fn;
    void *ctx;
};

static int on_match(
        unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    const struct scan_ctx *sc = ctx;

    (void)from;
    (void)to;
    (void)flags;
    for (uint32_t i = sc->pf->first[id]; i < sc->pf->first[id + 1]; i++)
        sc->fn(sc->ctx, sc->pf->sigs[i]);
    return 0;
}

int prefilter_scan(const struct prefilter *pf, void *scratch, const uint8_t *buf, size_t len,
        prefilter_hit_fn fn, void *ctx)
{
    struct scan_ctx sc = { pf, fn, ctx };

    if (len == 0)
        return VG_OK;
    if (hs_scan(pf->db, (const char *)buf, (unsigned)len, 0, scratch, on_match, &sc) != HS_SUCCESS)
        return VG_EINVAL;
    return VG_OK;
}
