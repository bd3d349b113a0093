/*
 * flow-vars.c - per-flow detection variables (see flow-vars.h).
 *
 * Lookups are linear: a flow rarely holds more than a handful of variables and a scan of
 * a few 32-byte entries beats a hash. Removal swaps the last entry in.
 */
#include "detect/flow-vars.h"

#include <stdlib.h>
#include <string.h>

struct flow_vars {
    struct flow_var *v;
    uint16_t n, cap;
};

struct flow_var *flow_vars_find(const struct flow *f, uint8_t kind, const void *key)
{
    const struct flow_vars *fv = f->detect_vars;

    if (fv == NULL)
        return NULL;
    for (uint16_t i = 0; i < fv->n; i++) {
        if (fv->v[i].key == key && fv->v[i].kind == kind)
            return &fv->v[i];
    }
    return NULL;
}

struct flow_var *flow_vars_get(struct flow *f, uint8_t kind, const void *key)
{
    struct flow_vars *fv = f->detect_vars;
    struct flow_var *e = flow_vars_find(f, kind, key);

    if (e != NULL)
        return e;
    if (fv == NULL) {
        fv = calloc(1, sizeof(*fv));
        if (fv == NULL)
            return NULL;
        f->detect_vars = fv;
    }
    if (fv->n == fv->cap) {
        uint16_t cap = fv->cap == 0 ? 4 : (uint16_t)(fv->cap * 2);
        struct flow_var *nv;

        if (fv->cap >= FLOW_VARS_MAX)
            return NULL;
        if (cap > FLOW_VARS_MAX)
            cap = FLOW_VARS_MAX;
        nv = realloc(fv->v, (size_t)cap * sizeof(*nv));
        if (nv == NULL)
            return NULL;
        fv->v = nv;
        fv->cap = cap;
    }
    e = &fv->v[fv->n++];
    e->key = key;
    e->kind = kind;
    e->a = 0;
    e->b = 0;
    return e;
}

void flow_vars_del(struct flow *f, uint8_t kind, const void *key)
{
    struct flow_vars *fv = f->detect_vars;
    struct flow_var *e = flow_vars_find(f, kind, key);

    if (e == NULL)
        return;
    if (e->kind == FLOW_VAR_STR)
        free((void *)(uintptr_t)e->a);
    *e = fv->v[fv->n - 1];
    fv->n--;
}

bool flow_vars_bit_isset(const struct flow *f, const char *name)
{
    return flow_vars_find(f, FLOW_VAR_BIT, name) != NULL;
}

bool flow_vars_bit_set(struct flow *f, const char *name)
{
    return flow_vars_get(f, FLOW_VAR_BIT, name) != NULL;
}

void flow_vars_bit_unset(struct flow *f, const char *name)
{
    flow_vars_del(f, FLOW_VAR_BIT, name);
}

bool flow_vars_bit_toggle(struct flow *f, const char *name)
{
    if (flow_vars_bit_isset(f, name)) {
        flow_vars_bit_unset(f, name);
        return true;
    }
    return flow_vars_bit_set(f, name);
}

bool flow_vars_int_get(const struct flow *f, const char *name, uint32_t *val)
{
    const struct flow_var *e = flow_vars_find(f, FLOW_VAR_INT, name);

    if (e == NULL)
        return false;
    *val = (uint32_t)e->a;
    return true;
}

bool flow_vars_int_set(struct flow *f, const char *name, uint32_t val)
{
    struct flow_var *e = flow_vars_get(f, FLOW_VAR_INT, name);

    if (e == NULL)
        return false;
    e->a = val;
    return true;
}

bool flow_vars_str_set(struct flow *f, const char *name, const uint8_t *val, size_t len)
{
    struct flow_var *e;
    uint8_t *copy;

    if (len > FLOW_VAR_STR_MAX)
        len = FLOW_VAR_STR_MAX;
    copy = malloc(len > 0 ? len : 1);
    if (copy == NULL)
        return false;
    if (len > 0)
        memcpy(copy, val, len);
    e = flow_vars_get(f, FLOW_VAR_STR, name);
    if (e == NULL) {
        free(copy);
        return false;
    }
    free((void *)(uintptr_t)e->a);
    e->a = (uintptr_t)copy;
    e->b = len;
    return true;
}

bool flow_vars_str_get(const struct flow *f, const char *name, const uint8_t **val, size_t *len)
{
    const struct flow_var *e = flow_vars_find(f, FLOW_VAR_STR, name);

    if (e == NULL)
        return false;
    *val = (const uint8_t *)(uintptr_t)e->a;
    *len = (size_t)e->b;
    return true;
}

unsigned flow_vars_count(const struct flow *f)
{
    const struct flow_vars *fv = f->detect_vars;

    return fv == NULL ? 0 : fv->n;
}

const struct flow_var *flow_vars_at(const struct flow *f, unsigned i)
{
    const struct flow_vars *fv = f->detect_vars;

    return fv == NULL || i >= fv->n ? NULL : &fv->v[i];
}

void flow_vars_free(void *vars)
{
    struct flow_vars *fv = vars;

    if (fv == NULL)
        return;
    for (uint16_t i = 0; i < fv->n; i++) {
        if (fv->v[i].kind == FLOW_VAR_STR)
            free((void *)(uintptr_t)fv->v[i].a);
    }
    free(fv->v);
    free(fv);
}
