/*
 * eve-metadata.c - the top-level "metadata" object of EVE records (see eve-metadata.h).
 *
 * One pass counts what there is (so an empty object is never written), one writes each
 * list; the flow's variables are few (bounded by flow-vars.c), so walking them per list is
 * cheaper than sorting them.
 */
#include "output/eve-metadata.h"

#include <stdint.h>
#include <string.h>

#include "detect/flow-vars.h"

/* True for flowbits that belong in metadata.flowbits. */
static bool rule_flowbit(const struct flow_var *v)
{
    return v->kind == FLOW_VAR_BIT && strncmp(v->key, "vigie.", 6) != 0 &&
           strncmp(v->key, "traffic/", 8) != 0;
}

static bool shown(const struct flow_var *v, enum flow_var_kind kind)
{
    return kind == FLOW_VAR_BIT ? rule_flowbit(v) : v->kind == kind;
}

static unsigned count_flow(const struct flow *f, unsigned n, enum flow_var_kind kind)
{
    unsigned c = 0;

    for (unsigned i = 0; i < n; i++)
        c += shown(flow_vars_at(f, i), kind);
    return c;
}

static unsigned count_pkt(const struct detect_vars *pkt)
{
    unsigned c = 0;

    for (uint8_t i = 0; pkt != NULL && i < pkt->n; i++)
        c += pkt->v[i].type == DETECT_VAR_PKT;
    return c;
}

void eve_metadata_write(struct json *js, const struct flow *f, const struct detect_vars *pkt)
{
    unsigned n = f != NULL ? flow_vars_count(f) : 0;
    unsigned bits = count_flow(f, n, FLOW_VAR_BIT), ints = count_flow(f, n, FLOW_VAR_INT);
    unsigned strs = count_flow(f, n, FLOW_VAR_STR), pvars = count_pkt(pkt);

    if (bits == 0 && ints == 0 && strs == 0 && pvars == 0)
        return;
    json_key(js, "metadata");
    json_open_object(js);
    if (bits > 0) {
        json_key(js, "flowbits");
        json_open_array(js);
        for (unsigned i = 0; i < n; i++) {
            const struct flow_var *v = flow_vars_at(f, i);

            if (rule_flowbit(v))
                json_str(js, v->key);
        }
        json_close_array(js);
    }
    if (strs > 0) {
        json_key(js, "flowvars");
        json_open_array(js);
        for (unsigned i = 0; i < n; i++) {
            const struct flow_var *v = flow_vars_at(f, i);

            if (v->kind != FLOW_VAR_STR)
                continue;
            json_open_object(js);
            json_kv_strn(js, v->key, (const void *)(uintptr_t)v->a, (size_t)v->b);
            json_close_object(js);
        }
        json_close_array(js);
    }
    if (pvars > 0) {
        json_key(js, "pktvars");
        json_open_array(js);
        for (uint8_t i = 0; i < pkt->n; i++) {
            const struct detect_var *v = &pkt->v[i];

            if (v->type != DETECT_VAR_PKT)
                continue;
            json_open_object(js);
            json_kv_strn(js, v->name, v->val, v->len);
            json_close_object(js);
        }
        json_close_array(js);
    }
    if (ints > 0) {
        json_key(js, "flowints");
        json_open_object(js);
        for (unsigned i = 0; i < n; i++) {
            const struct flow_var *v = flow_vars_at(f, i);

            if (v->kind == FLOW_VAR_INT)
                json_kv_u64(js, v->key, v->a);
        }
        json_close_object(js);
    }
    json_close_object(js);
}
