/*
 * flow-counters.c - flow.pkts and flow.bytes (Suricata 8) and their older per-direction
 * names flow.pkts_toserver, flow.pkts_toclient, flow.bytes_toserver, flow.bytes_toclient.
 *
 * flow.pkts:<dir>,<cmp> with dir toserver, toclient or either (both also accepted: both
 * directions hold); the old names take only <cmp>. <cmp> is a header number comparison
 * (kw-hdrflow.h). Counts are the flow's per-direction packets (f->pkts[]) and captured
 * bytes (f->bytes[], whole packet lengths as Suricata counts them), the current packet
 * included. Packets without a flow do not match.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "util/compiler.h"
#include "util/err.h"

enum fc_dir {
    FC_TOSERVER,
    FC_TOCLIENT,
    FC_EITHER,
    FC_BOTH
};

struct fc_ctx {
    bool bytes; /* else packets */
    enum fc_dir dir;
    struct num_cmp cmp;
};

/* Parses "[dir,]cmp" (dir only when dir < 0) into a new ctx added to the flow list. */
static int fc_setup(struct sig_builder *b, const struct keyword *kw, const char *value, bool bytes,
        int dir, char *err, size_t errlen)
{
    struct fc_ctx *c;
    const char *v = value;

    if (v == NULL) {
        snprintf(err, errlen, "%s: a value is required", kw->name);
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->bytes = bytes;
    if (dir >= 0) {
        c->dir = (enum fc_dir)dir;
    } else {
        static const struct {
            const char *name;
            enum fc_dir dir;
        } dirs[] = { { "toserver", FC_TOSERVER }, { "toclient", FC_TOCLIENT },
            { "either", FC_EITHER }, { "both", FC_BOTH } };
        const char *comma;
        size_t len, i;

        while (isspace((unsigned char)*v))
            v++;
        comma = strchr(v, ',');
        len = comma != NULL ? (size_t)(comma - v) : 0;
        while (len > 0 && isspace((unsigned char)v[len - 1]))
            len--;
        for (i = 0; i < VG_ARRAY_LEN(dirs); i++) {
            if (strlen(dirs[i].name) == len && strncmp(dirs[i].name, v, len) == 0)
                break;
        }
        if (comma == NULL || i == VG_ARRAY_LEN(dirs)) {
            snprintf(err, errlen, "%s: invalid value '%.32s' (direction,comparison)", kw->name,
                    value);
            free(c);
            return VG_EINVAL;
        }
        c->dir = dirs[i].dir;
        v = comma + 1;
    }
    if (hdr_num_parse(v, bytes ? UINT64_MAX : UINT32_MAX, &c->cmp, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_flow(b, kw, c);
}

static bool match_fc(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct fc_ctx *c = ctx;
    const struct flow *f = p->flow;
    bool ts, tc;

    if (f == NULL)
        return false;
    ts = num_cmp_eval(&c->cmp, c->bytes ? f->bytes[FLOW_DIR_TOSERVER] : f->pkts[FLOW_DIR_TOSERVER]);
    tc = num_cmp_eval(&c->cmp, c->bytes ? f->bytes[FLOW_DIR_TOCLIENT] : f->pkts[FLOW_DIR_TOCLIENT]);
    switch (c->dir) {
    case FC_TOSERVER:
        return ts;
    case FC_TOCLIENT:
        return tc;
    case FC_EITHER:
        return ts || tc;
    case FC_BOTH:
        return ts && tc;
    }
    return false;
}

#define FC_KEYWORD(sym, kwname, isbytes, d)                                                        \
    static int setup_##sym(struct sig_builder *b, const char *value, char *err, size_t errlen)     \
    {                                                                                              \
        return fc_setup(b, &kw_##sym, value, isbytes, d, err, errlen);                             \
    }                                                                                              \
    const struct keyword kw_##sym = {                                                              \
        .name = kwname,                                                                            \
        .setup = setup_##sym,                                                                      \
        .match = match_fc,                                                                         \
        .free = free,                                                                              \
    }

FC_KEYWORD(flow_pkts, "flow.pkts", false, -1);
FC_KEYWORD(flow_bytes, "flow.bytes", true, -1);
FC_KEYWORD(flow_pkts_toserver, "flow.pkts_toserver", false, FC_TOSERVER);
FC_KEYWORD(flow_pkts_toclient, "flow.pkts_toclient", false, FC_TOCLIENT);
FC_KEYWORD(flow_bytes_toserver, "flow.bytes_toserver", true, FC_TOSERVER);
FC_KEYWORD(flow_bytes_toclient, "flow.bytes_toclient", true, FC_TOCLIENT);
