/*
 * stream-size.c - stream_size:<server|client|both|either>,<op>,<n>.
 *
 * op: > < = != >= <=. As Suricata, compares how far each side's TCP sequence numbers
 * advanced (next_seq - ISN) in the flow's TCP session (stream/stream-types.h); a flow
 * without a session falls back to its per-direction byte counts (f->bytes[], headers
 * included). "server" is what the server sent, "client" what the client sent; both: both
 * sides hold; either: one side holds. Only matches TCP packets with a flow.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "stream/stream-types.h"
#include "util/err.h"

enum ss_side {
    SS_SERVER,
    SS_CLIENT,
    SS_BOTH,
    SS_EITHER
};

struct ss_ctx {
    enum ss_side side;
    struct num_cmp cmp;
};

static int setup_stream_size(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char side[16], op[8], num[32], expr[48];
    const char *p = value;
    char *fields[3] = { side, op, num };
    size_t lens[3] = { sizeof(side), sizeof(op), sizeof(num) };
    struct ss_ctx *c;

    if (p == NULL)
        goto bad;
    for (int i = 0; i < 3; i++) {
        const char *s, *e;

        while (isspace((unsigned char)*p))
            p++;
        s = p;
        while (*p != '\0' && *p != ',')
            p++;
        e = p;
        while (e > s && isspace((unsigned char)e[-1]))
            e--;
        if (e == s || (size_t)(e - s) >= lens[i] || (i < 2 && *p != ',') || (i == 2 && *p))
            goto bad;
        memcpy(fields[i], s, (size_t)(e - s));
        fields[i][e - s] = '\0';
        if (*p == ',')
            p++;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    if (strcmp(side, "server") == 0)
        c->side = SS_SERVER;
    else if (strcmp(side, "client") == 0)
        c->side = SS_CLIENT;
    else if (strcmp(side, "both") == 0)
        c->side = SS_BOTH;
    else if (strcmp(side, "either") == 0)
        c->side = SS_EITHER;
    else
        goto bad_free;
    if (strcmp(op, ">") != 0 && strcmp(op, "<") != 0 && strcmp(op, "=") != 0 &&
            strcmp(op, "!=") != 0 && strcmp(op, ">=") != 0 && strcmp(op, "<=") != 0)
        goto bad_free;
    snprintf(expr, sizeof(expr), "%s%s", op, num);
    if (num_cmp_parse(expr, UINT32_MAX, &c->cmp, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_flow(b, &kw_stream_size, c);
bad_free:
    free(c);
bad:
    snprintf(err, errlen, "stream_size: invalid value '%.64s' (side,op,number)",
            value == NULL ? "" : value);
    return VG_EINVAL;
}

static bool match_stream_size(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct ss_ctx *c = ctx;
    const struct flow *f = p->flow;
    bool srv, cli;

    if (f == NULL || f->key.proto != 6)
        return false;
    if (f->tcp_ssn != NULL) {
        const struct tcp_session *ssn = f->tcp_ssn;
        const struct tcp_peer *cp = &ssn->peer[ssn->cdir & 1],
                              *sp = &ssn->peer[(ssn->cdir & 1) ^ 1];

        srv = num_cmp_eval(&c->cmp, (uint32_t)(sp->next_seq - sp->isn));
        cli = num_cmp_eval(&c->cmp, (uint32_t)(cp->next_seq - cp->isn));
    } else {
        srv = num_cmp_eval(&c->cmp, f->bytes[FLOW_DIR_TOCLIENT]);
        cli = num_cmp_eval(&c->cmp, f->bytes[FLOW_DIR_TOSERVER]);
    }
    switch (c->side) {
    case SS_SERVER:
        return srv;
    case SS_CLIENT:
        return cli;
    case SS_BOTH:
        return srv && cli;
    case SS_EITHER:
        return srv || cli;
    }
    return false;
}

const struct keyword kw_stream_size = {
    .name = "stream_size",
    .setup = setup_stream_size,
    .match = match_stream_size,
    .free = free,
};
