/*
 * flow.c - flow:<option>[,<option>...]: direction and state of the packet's flow.
 *
 * Options: to_server/from_client, to_client/from_server, established, not_established,
 * stateless, only_stream, no_stream, only_frag, no_frag. Each sets its SIG_F_* flag (the
 * engine uses them to group and to pick packet or stream inspection) and the keyword also
 * adds one flow-list condition that checks what can be checked on the packet:
 *   - direction: the packet has a flow and goes that way (p->flow_dir);
 *   - established: TCP: as Suricata's FLOW_PKT_ESTABLISHED, the flow was established
 *     (flow state established, or closed after both sides were seen) when the packet reached it,
 *     before the stream handled it (PKT_F_FLOW_EST, set by the worker): the handshake's last
 *     ACK is not established unless it carries data, a FIN is; flow-timeout pseudo packets
 *     use the session's state; other protocols: the flow saw both directions;
 *     not_established: the opposite (also true for packets without a flow);
 *   - only_frag / no_frag: the packet is / is not a reassembled IP datagram.
 * stateless, only_stream and no_stream add no condition (only_stream/no_stream steer the
 * engine's choice of buffer). As Suricata, a repeated option or two opposite options
 * (to_server with to_client, established with not_established or stateless,
 * only_stream with no_stream, only_frag with no_frag) are errors.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "util/err.h"

static const struct {
    const char *name;
    uint32_t flag;
} flow_opts[] = {
    { "to_server", SIG_F_TOSERVER },
    { "from_client", SIG_F_TOSERVER },
    { "to_client", SIG_F_TOCLIENT },
    { "from_server", SIG_F_TOCLIENT },
    { "established", SIG_F_ESTABLISHED },
    { "not_established", SIG_F_NOT_ESTABLISHED },
    { "stateless", SIG_F_STATELESS },
    { "only_stream", SIG_F_ONLY_STREAM },
    { "no_stream", SIG_F_NO_STREAM },
    { "only_frag", SIG_F_ONLY_FRAG },
    { "no_frag", SIG_F_NO_FRAG },
};

/* Pairs that cannot be combined. */
static const uint32_t flow_conflicts[][2] = {
    { SIG_F_TOSERVER, SIG_F_TOCLIENT },
    { SIG_F_ESTABLISHED, SIG_F_NOT_ESTABLISHED },
    { SIG_F_ESTABLISHED, SIG_F_STATELESS },
    { SIG_F_NOT_ESTABLISHED, SIG_F_STATELESS },
    { SIG_F_ONLY_STREAM, SIG_F_NO_STREAM },
    { SIG_F_ONLY_FRAG, SIG_F_NO_FRAG },
};

#define FLOW_CHECKED                                                                               \
    (SIG_F_TOSERVER | SIG_F_TOCLIENT | SIG_F_ESTABLISHED | SIG_F_NOT_ESTABLISHED |                 \
            SIG_F_ONLY_FRAG | SIG_F_NO_FRAG)

static int setup_flow(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);
    uint32_t seen = 0, *c;
    const char *p = value;

    if (p == NULL || *p == '\0') {
        snprintf(err, errlen, "flow: an option is required");
        return VG_EINVAL;
    }
    while (*p != '\0') {
        const char *start, *end;
        size_t len, i;

        while (isspace((unsigned char)*p))
            p++;
        start = p;
        while (*p != '\0' && *p != ',')
            p++;
        end = p;
        while (end > start && isspace((unsigned char)end[-1]))
            end--;
        len = (size_t)(end - start);
        for (i = 0; i < sizeof(flow_opts) / sizeof(flow_opts[0]); i++) {
            if (strlen(flow_opts[i].name) == len && memcmp(flow_opts[i].name, start, len) == 0)
                break;
        }
        if (i == sizeof(flow_opts) / sizeof(flow_opts[0])) {
            snprintf(err, errlen, "flow: invalid option '%.*s'", (int)(len > 32 ? 32 : len), start);
            return VG_EINVAL;
        }
        if (seen & flow_opts[i].flag) {
            snprintf(err, errlen, "flow: option '%s' given twice (or with its synonym)",
                    flow_opts[i].name);
            return VG_EINVAL;
        }
        seen |= flow_opts[i].flag;
        if (*p == ',')
            p++;
    }
    for (size_t i = 0; i < sizeof(flow_conflicts) / sizeof(flow_conflicts[0]); i++) {
        uint32_t all = seen | s->flags;

        if ((all & flow_conflicts[i][0]) && (all & flow_conflicts[i][1])) {
            snprintf(err, errlen, "flow: conflicting options in '%.64s'", value);
            return VG_EINVAL;
        }
    }
    s->flags |= seen;
    if ((seen & FLOW_CHECKED) == 0)
        return VG_OK;
    c = malloc(sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    *c = seen & FLOW_CHECKED;
    return sig_builder_add_flow(b, &kw_flow, c);
}

/* True if the packet counts as part of an established flow (see the file comment). */
static bool pkt_established(const struct packet *p)
{
    const struct flow *f = p->flow;

    if (f == NULL)
        return false;
    if (f->key.proto != 6)
        return f->state != FLOW_STATE_NEW;
    if (!(f->flags & FLOW_F_TCP_SESSION))
        return false;
    /* flow-timeout pseudo packets did not pass the flow stage: the session's state */
    if ((p->flags & PKT_F_PSEUDO) && p->root == NULL)
        return f->tcp_state >= FLOW_TCP_ESTABLISHED;
    if (p->flags & PKT_F_FLOW_EST)
        return true;
    /* the packet that established the session counts only if it carries data */
    return p->payload_len > 0 && f->state == FLOW_STATE_ESTABLISHED;
}

static bool match_flow(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    uint32_t want = *(const uint32_t *)ctx;

    if (want & (SIG_F_TOSERVER | SIG_F_TOCLIENT)) {
        uint8_t dir = (want & SIG_F_TOSERVER) ? FLOW_DIR_TOSERVER : FLOW_DIR_TOCLIENT;

        if (p->flow == NULL || p->flow_dir != dir)
            return false;
    }
    if ((want & SIG_F_ESTABLISHED) && !pkt_established(p))
        return false;
    if ((want & SIG_F_NOT_ESTABLISHED) && pkt_established(p))
        return false;
    if ((want & SIG_F_ONLY_FRAG) && !(p->flags & PKT_F_DEFRAG))
        return false;
    if ((want & SIG_F_NO_FRAG) && (p->flags & PKT_F_DEFRAG))
        return false;
    return true;
}

const struct keyword kw_flow = {
    .name = "flow",
    .setup = setup_flow,
    .match = match_flow,
    .free = free,
};
