/*
 * tx.c - detection on app-layer transactions (see engine-int.h: detect_tx_run()).
 *
 * A transaction rule (a TX-scope buffer such as dns.query or http.uri, or a tx list
 * condition such as dns.opcode) is evaluated per transaction of its protocol, on packets
 * of the direction its buffers need (sig-group.h), as Suricata's transaction inspection:
 *   - candidates: the group's transaction rules of the flow's protocol without a usable
 *     pattern, plus those whose fast pattern occurs in the transaction's buffer (each
 *     instance of a multi-buffer is scanned);
 *   - each candidate not yet matched on this transaction is evaluated in full: header and
 *     packet/flow conditions on the current packet, payload lists on the packet or raw
 *     stream, each TX buffer list on the transaction (transforms applied; a multi-buffer
 *     list matches when one instance matches), then the tx list;
 *   - a buffer its getter does not give yet (the transaction has not got that far) is a
 *     non-match for now: the rule is evaluated again on the next packet of that direction
 *     until that direction of the transaction is complete. The pass that runs once it is
 *     complete (or at flow end) is the last one for that direction;
 *   - a rule alerts at most once per transaction and direction, as Suricata keeps its
 *     detection state per direction (the matched rules are kept in the transaction's
 *     detection state, app_tx.detect): a rule whose conditions read either side (a buffer
 *     of both sides such as http.header, ssl_version, app-layer-event) may alert for the
 *     request and for the response; a rule reading one side is only evaluated in that
 *     direction (buffer.h: detect_sig_tx_need()). When both directions had their last
 *     pass, tx->detect_done tells the app layer it may free the transaction;
 *   - a list reading one side of a buffer of both ("http.connection: to_client;", or any
 *     such buffer in a "=>" rule, which reads the request) is read as a packet of that
 *     side would read it; "=>" rules are evaluated on to-client packets, once;
 *   - absent (kw/absent-keywords.c): a list opening with it matches when the buffer is
 *     absent and its side of the transaction is complete (or the flow ended);
 *     absent:or_else also when the rest of the list matches the buffer.
 *   - a transaction nothing changed in since its last pass in the packet's direction is
 *     not inspected again (as Suricata skips transactions the parser did not update):
 *     the pass keeps a fingerprint of the transaction's completion bits and of the size of
 *     every buffer of its protocol, so a long download whose body reached the body limit
 *     is not rescanned on every packet.
 * Not done: partial matching of buffers that grow while the transaction is open (bodies):
 * such a buffer is inspected again, whole, each time it grew, until its direction
 * completes.
 */
#include <stdlib.h>
#include <string.h>

#include "detect/buffer.h"
#include "detect/engine-int.h"
#include "detect/keyword.h"
#include "detect/sig-group.h"
#include "flow/flow.h"

/* Instances of a multi-buffer inspected at most (a bound against hostile counts). */
#define TX_MULTI_MAX 1024

/* app_tx.detect: what detection did on one transaction. */
struct tx_state {
    uint8_t final_dirs; /* bit 1 << dir: the last pass of that direction ran */
    uint64_t seen[2];   /* per direction: fingerprint at the last pass (0: none yet) */
    uint32_t n, cap;
    uint32_t *matched; /* num << 1 | dir of the rules that matched (each alerts once per
                        * transaction and direction) */
};

void detect_tx_state_free(void *state)
{
    struct tx_state *ts = state;

    if (ts == NULL)
        return;
    free(ts->matched);
    free(ts);
}

unsigned detect_tx_final_dirs(const struct app_tx *tx)
{
    const struct tx_state *ts = tx->detect;

    return ts != NULL ? ts->final_dirs : 0;
}

const struct app_tx *detect_tx_current(const struct flow *f, int dir)
{
    for (const struct app_tx *tx = app_tx_first(f); tx != NULL; tx = tx->next) {
        if (!tx->detect_done && !(detect_tx_final_dirs(tx) & (1u << dir)))
            return tx;
    }
    return NULL;
}

static bool tx_has_matched(const struct tx_state *ts, uint32_t key)
{
    for (uint32_t i = 0; i < ts->n; i++) {
        if (ts->matched[i] == key)
            return true;
    }
    return false;
}

/* Remembers that key matched; false on allocation failure (then it may alert again). */
static bool tx_set_matched(struct tx_state *ts, uint32_t key)
{
    if (ts->n == ts->cap) {
        uint32_t cap = ts->cap ? ts->cap * 2 : 4;
        uint32_t *m = realloc(ts->matched, cap * sizeof(*m));

        if (m == NULL)
            return false;
        ts->matched = m;
        ts->cap = cap;
    }
    ts->matched[ts->n++] = key;
    return true;
}

/* Inspects one TX-scope buffer list of a rule on tx. */
static bool inspect_tx_list(
        struct detect_thread *dt, struct packet *p, struct app_tx *tx, const struct sig_buffer *sb)
{
    const struct detect_buffer *bd = detect_buffer_get(sb->buffer_id);
    struct slice sl;

    if (bd->get_multi != NULL) {
        for (uint32_t i = 0; i < TX_MULTI_MAX && bd->get_multi(dt, p, tx, i, &sl); i++) {
            if (inspect_buffer(&dt->sc, sb, sl.p, sl.len))
                return true;
        }
        return false;
    }
    if (bd->get == NULL || !bd->get(dt, p, tx, &sl))
        return false;
    return inspect_buffer(&dt->sc, sb, sl.p, sl.len);
}

/* True if tx has buffer sb at all (an instance, for a multi-buffer). */
static bool tx_has_buffer(
        struct detect_thread *dt, struct packet *p, struct app_tx *tx, const struct sig_buffer *sb)
{
    const struct detect_buffer *bd = detect_buffer_get(sb->buffer_id);
    struct slice sl;

    if (bd->get_multi != NULL)
        return bd->get_multi(dt, p, tx, 0, &sl);
    return bd->get != NULL && bd->get(dt, p, tx, &sl);
}

/* A list opening with absent (kw/absent-keywords.c): matches when the buffer is absent and
 * the side carrying it is complete; absent:or_else also when the rest of the list matches
 * the buffer. side: the protocol direction (APP_DIR_*) the list reads. */
static bool inspect_tx_absent(struct detect_thread *dt, struct packet *p, struct app_tx *tx,
        const struct sig_buffer *sb, unsigned mode, int side)
{
    struct sig_buffer rest = *sb;

    if (!tx_has_buffer(dt, p, tx, sb))
        return dt->flow_end || (tx->complete & (1u << side));
    if (mode != 2)
        return false;
    rest.list.m++;
    rest.list.n--;
    return inspect_tx_list(dt, p, tx, &rest);
}

/* Inspects list sb on the side of tx it reads: a list of one side (a buffer of both sides
 * the rule gave a side, "http.connection: to_client;", or read by a "=>" rule) is read as a
 * packet of that side would read it, whatever p's direction. */
static bool inspect_tx_side(struct detect_thread *dt, struct packet *p, struct app_tx *tx,
        const struct sig *s, const struct sig_buffer *sb)
{
    uint8_t d = detect_list_dirs(s, sb), saved = p->flow_dir;
    const struct app_flow *af = p->flow != NULL ? p->flow->app : NULL;
    unsigned absent = detect_list_absent(sb);
    int side;
    bool ok;

    if ((d == 1 || d == 2) && af != NULL)
        p->flow_dir = (uint8_t)app_flow_dir(af, d == 1 ? APP_DIR_TOSERVER : APP_DIR_TOCLIENT);
    side = af != NULL ? app_flow_dir(af, p->flow_dir) : p->flow_dir;
    if (absent != 0)
        ok = inspect_tx_absent(dt, p, tx, sb, absent, side);
    else
        ok = inspect_tx_list(dt, p, tx, sb);
    p->flow_dir = saved;
    return ok;
}

static bool tx_sig_matches(struct detect_thread *dt, struct packet *p, struct app_tx *tx,
        const struct sig *s, bool *stream_match)
{
    if (!detect_sig_packet_ok(dt, p, s))
        return false;
    inspect_sig_begin(&dt->sc);
    for (uint8_t b = 0; b < s->n_bufs; b++) {
        const struct sig_buffer *sb = &s->bufs[b];
        bool ok;

        if (detect_buffer_get(sb->buffer_id)->scope == DETECT_SCOPE_TX)
            ok = inspect_tx_side(dt, p, tx, s, sb);
        else
            ok = detect_inspect_pkt_list(dt, p, s, sb, stream_match);
        if (!ok)
            return false;
    }
    for (uint16_t i = 0; i < s->tx.n; i++) {
        const struct sig_match *m = &s->tx.m[i];

        if (m->kw->tx_match == NULL || !m->kw->tx_match(dt, p, tx, m->ctx))
            return false;
    }
    return true;
}

/* Scans tx's buffer of one prefilter (every instance of a multi-buffer). */
static void tx_prefilter(struct detect_thread *dt, struct packet *p, struct app_tx *tx,
        const struct sig_group_pf *pf)
{
    const struct detect_buffer *bd = detect_buffer_get(pf->buffer_id);
    struct slice sl;

    if (bd->get_multi != NULL) {
        for (uint32_t i = 0; i < TX_MULTI_MAX && bd->get_multi(dt, p, tx, i, &sl); i++)
            detect_pf_scan(dt, pf, sl.p, sl.len);
        return;
    }
    if (bd->get != NULL && bd->get(dt, p, tx, &sl))
        detect_pf_scan(dt, pf, sl.p, sl.len);
}

/* Gathers the candidates of tx from the group's parts for the flow's protocol. */
static void tx_candidates(
        struct detect_thread *dt, struct packet *p, struct app_tx *tx, const struct sig_group *g)
{
    const struct detect_engine *de = dt->de;

    detect_cand_reset(dt);
    for (uint32_t t = 0; t < g->n_tx; t++) {
        const struct sig_group_tx *gt = &g->tx[t];

        if (!sig_app_proto_match(gt->app_proto, p->flow->app_proto))
            continue;
        for (uint32_t i = 0; i < gt->n_always; i++)
            detect_cand_add(dt, de->order[gt->always[i]]);
        for (uint32_t k = 0; k < gt->n_pfs; k++)
            tx_prefilter(dt, p, tx, &gt->pfs[k]);
    }
    detect_cand_sort(dt);
}

/* One pass of the candidates over tx. */
static void tx_inspect(struct detect_thread *dt, struct packet *p, struct app_tx *tx,
        struct tx_state *ts, const struct sig_group *g)
{
    const struct detect_engine *de = dt->de;

    tx_candidates(dt, p, tx, g);
    for (uint32_t i = 0; i < dt->n_cand && !dt->passed; i++) {
        const struct sig *s = de->sigs[de->order[dt->cand[i]]];
        uint32_t flags = DETECT_ALERT_F_TX;
        uint32_t key = s->num << 1 | (p->flow_dir == FLOW_DIR_TOCLIENT ? 1u : 0u);
        bool sm = false;

        if (tx_has_matched(ts, key))
            continue;
        if (!tx_sig_matches(dt, p, tx, s, &sm))
            continue;
        tx_set_matched(ts, key);
        if (sm)
            flags |= DETECT_ALERT_F_STREAM;
        detect_sig_matched(dt, p, s, flags, tx, tx->id);
    }
}

/* What the transaction looks like to detection: its completion bits and the size of every
 * buffer of its protocol (instances of multi-buffers counted), hashed; never 0. */
static uint64_t tx_fingerprint(struct detect_thread *dt, struct packet *p, struct app_tx *tx)
{
    uint64_t h = 0xcbf29ce484222325ull ^ tx->complete;
    int n = detect_buffer_count();

    for (int id = 0; id < n; id++) {
        const struct detect_buffer *bd = detect_buffer_get(id);
        struct slice sl;
        uint64_t v = 0;

        if (bd->scope != DETECT_SCOPE_TX || !sig_app_proto_match(bd->app_proto, p->flow->app_proto))
            continue;
        if (bd->get_multi != NULL) {
            uint32_t i;

            for (i = 0; i < TX_MULTI_MAX && bd->get_multi(dt, p, tx, i, &sl); i++)
                v += sl.len + 1;
            v = v << 16 | i;
        } else if (bd->get != NULL && bd->get(dt, p, tx, &sl)) {
            v = (uint64_t)sl.len + 1;
        }
        h = (h ^ v) * 0x100000001b3ull;
    }
    return h != 0 ? h : 1;
}

void detect_tx_run(struct detect_thread *dt, struct packet *p)
{
    const struct sig_group *g = sig_groups_lookup(&dt->de->groups, p);
    unsigned bit = 1u << (p->flow_dir == FLOW_DIR_TOCLIENT ? 1 : 0);

    for (struct app_tx *tx = app_tx_first(p->flow); tx != NULL && !dt->passed; tx = tx->next) {
        struct tx_state *ts = tx->detect;

        if (tx->detect_done || (ts != NULL && (ts->final_dirs & bit)))
            continue;
        if (ts == NULL) {
            ts = calloc(1, sizeof(*ts));
            if (ts == NULL)
                continue;
            tx->detect = ts;
        }
        if (g->n_tx > 0) {
            unsigned d = bit >> 1;
            uint64_t fp = tx_fingerprint(dt, p, tx);

            if (dt->flow_end || fp != ts->seen[d])
                tx_inspect(dt, p, tx, ts, g);
            ts->seen[d] = fp;
        }
        if (dt->flow_end || (tx->complete & bit))
            ts->final_dirs |= (uint8_t)bit;
        if (ts->final_dirs == 3)
            tx->detect_done = true;
    }
}
