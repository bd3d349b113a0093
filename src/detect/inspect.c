/*
 * inspect.c - the payload inspection engine (see inspect.h).
 *
 * run_from() evaluates item i of the list with prev = end of the previous match and
 * recurses into item i + 1 on success; a content or pcre whose next item is relative loops
 * over its further occurrences when the rest of the list fails (backtracking). Checks
 * (byte_test, isdataat, bsize) never move prev; byte_jump and byte_extract do. A
 * base64_data item switches the rest of the list to the bytes base64_decode produced.
 * Every call counts one step against the recursion limit; hitting it ends the inspection
 * as a non-match. With sc->min_end set (raw stream re-inspecting a tail of old bytes), the
 * end of the last moving item must lie past min_end, so a match seen before is not seen
 * again; earlier occurrences are skipped by the same backtracking.
 */
#include "detect/inspect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "detect/buffer.h"
#include "detect/content.h"
#include "util/err.h"

#define INSPECT_OVECTOR_PAIRS 32

int inspect_scratch_init(struct inspect_scratch *sc)
{
    pcre2_match_context *mctx;

    memset(sc, 0, sizeof(*sc));
    sc->limit = INSPECT_RECURSION_LIMIT;
    sc->b64 = malloc(INSPECT_B64_MAX);
    sc->pcre_md = pcre2_match_data_create(INSPECT_OVECTOR_PAIRS, NULL);
    mctx = pcre2_match_context_create(NULL);
    sc->pcre_mctx = mctx;
    if (sc->b64 == NULL || sc->pcre_md == NULL || mctx == NULL)
        return VG_ENOMEM;
    pcre2_set_match_limit(mctx, INSPECT_PCRE_MATCH_LIMIT);
    pcre2_set_depth_limit(mctx, INSPECT_PCRE_DEPTH_LIMIT);
    return VG_OK;
}

void inspect_scratch_release(struct inspect_scratch *sc)
{
    free(sc->xf[0].p);
    free(sc->xf[1].p);
    free(sc->b64);
    pcre2_match_data_free(sc->pcre_md);
    pcre2_match_context_free(sc->pcre_mctx);
    memset(sc, 0, sizeof(*sc));
}

void inspect_sig_begin(struct inspect_scratch *sc)
{
    memset(sc->vars, 0, sizeof(sc->vars));
    sc->caps.n = 0;
}

int inspect_transform(struct inspect_scratch *sc, const struct sig_buffer *sb, const uint8_t *buf,
        size_t len, const uint8_t **out, size_t *outlen)
{
    const uint8_t *in = buf;
    size_t in_len = len;

    for (uint8_t k = 0; k < sb->n_xf; k++) {
        struct xform_out *o = &sc->xf[k & 1];
        int rc;

        o->len = 0;
        rc = sb->xf[k].kw->transform(sb->xf[k].ctx, in, in_len, o);
        if (rc < 0)
            return rc;
        in = o->p;
        in_len = o->len;
    }
    *out = in;
    *outlen = in_len;
    return VG_OK;
}

struct run {
    struct inspect_scratch *sc;
    const struct sig_list *l;
    const uint8_t *buf;
    size_t len;
};

/* True if m is positioned from the previous match end. */
static bool item_relative(const struct sig_match *m)
{
    switch (m->kw->pm_kind) {
    case PM_CONTENT:
        return ((const struct content *)m->ctx)->flags & (CONTENT_F_DISTANCE | CONTENT_F_WITHIN);
    case PM_PCRE:
        return ((const struct pcre_ctx *)m->ctx)->flags & PCRE_F_RELATIVE;
    case PM_BYTE_TEST:
        return ((const struct byte_test_ctx *)m->ctx)->flags & BYTE_F_RELATIVE;
    case PM_BYTE_JUMP:
        return ((const struct byte_jump_ctx *)m->ctx)->flags & BYTE_F_RELATIVE;
    case PM_BYTE_EXTRACT:
        return ((const struct byte_extract_ctx *)m->ctx)->flags & BYTE_F_RELATIVE;
    case PM_BYTE_MATH:
        return ((const struct byte_math_ctx *)m->ctx)->flags & BYTE_F_RELATIVE;
    case PM_ISDATAAT:
        return ((const struct isdataat_ctx *)m->ctx)->flags & ISDATAAT_F_RELATIVE;
    case PM_BASE64_DECODE:
        return ((const struct base64_ctx *)m->ctx)->flags & B64_F_RELATIVE;
    default:
        return false;
    }
}

/* True if a later item depends on where item i matched: a relative item before the next
 * content or pcre (checks such as isdataat in between do not move the anchor). Then a
 * failure of the rest is worth retrying item i at its next occurrence. */
static bool needs_retry(const struct sig_list *l, uint16_t i)
{
    for (uint16_t j = (uint16_t)(i + 1); j < l->n; j++) {
        enum pm_kind k = l->m[j].kw->pm_kind;

        if (item_relative(&l->m[j]))
            return true;
        if (k == PM_CONTENT || k == PM_PCRE || k == PM_BYTE_JUMP || k == PM_BYTE_EXTRACT ||
                k == PM_BASE64_DECODE)
            return false;
    }
    return false;
}

/* First position >= from where pat occurs ending at or before end; -1 if none. */
static int64_t find(
        const uint8_t *buf, size_t from, size_t end, const uint8_t *pat, size_t plen, bool nocase)
{
    if (end < plen || from > end - plen)
        return -1;
    if (!nocase) {
        const uint8_t *p = memmem(buf + from, end - from, pat, plen);

        return p == NULL ? -1 : (int64_t)(p - buf);
    }
    for (size_t i = from; i + plen <= end; i++) {
        size_t j = 0;

        while (j < plen && tolower(buf[i + j]) == tolower(pat[j]))
            j++;
        if (j == plen)
            return (int64_t)i;
    }
    return -1;
}

static int run_from(struct run *r, uint16_t i, size_t prev);

static int64_t content_val(const struct run *r, int32_t v, bool is_var)
{
    return is_var ? (int64_t)r->sc->vars[v & (PAYLOAD_MAX_VARS - 1)] : v;
}

static int run_content(struct run *r, uint16_t i, size_t prev, bool retry)
{
    const struct content *cd = r->l->m[i].ctx;
    bool nocase = cd->flags & CONTENT_F_NOCASE;
    int64_t start, end;

    if (cd->flags & (CONTENT_F_DISTANCE | CONTENT_F_WITHIN)) {
        int64_t dist = 0;

        if (cd->flags & CONTENT_F_DISTANCE)
            dist = content_val(r, cd->distance, cd->flags & CONTENT_F_DISTANCE_VAR);
        start = (int64_t)prev + dist;
        end = (int64_t)r->len;
        if (cd->flags & CONTENT_F_WITHIN)
            end = start + content_val(r, cd->within, cd->flags & CONTENT_F_WITHIN_VAR);
        if (start < 0)
            start = 0;
    } else {
        start = 0;
        if (cd->flags & CONTENT_F_OFFSET)
            start = content_val(r, cd->offset, cd->flags & CONTENT_F_OFFSET_VAR);
        end = (int64_t)r->len;
        if (cd->flags & CONTENT_F_DEPTH)
            end = start + content_val(r, cd->depth, cd->flags & CONTENT_F_DEPTH_VAR);
    }
    if (end > (int64_t)r->len)
        end = (int64_t)r->len;
    if (cd->flags & CONTENT_F_ENDSWITH) {
        /* the one candidate: the pattern ending at the buffer end, inside the window */
        if (end == (int64_t)r->len && (int64_t)r->len - cd->len >= start)
            start = (int64_t)r->len - cd->len;
        else
            end = -1;
    }
    for (;;) {
        int64_t pos = -1;
        int rc;

        if (end >= 0 && start <= end)
            pos = find(r->buf, (size_t)start, (size_t)end, cd->pat, cd->len, nocase);
        if (cd->flags & CONTENT_F_NEGATED)
            return pos < 0 ? run_from(r, (uint16_t)(i + 1), prev) : 0;
        if (pos < 0)
            return 0;
        rc = run_from(r, (uint16_t)(i + 1), (size_t)pos + cd->len);
        if (rc != 0 || !retry || (cd->flags & CONTENT_F_ENDSWITH))
            return rc;
        start = pos + 1;
    }
}

static int run_pcre(struct run *r, uint16_t i, size_t prev, bool retry)
{
    const struct pcre_ctx *pc = r->l->m[i].ctx;
    size_t base = (pc->flags & PCRE_F_RELATIVE) ? prev : 0, off = 0;

    for (;;) {
        size_t ms = 0, me = 0;
        int rc = 0;

        if (base <= r->len && off <= r->len - base)
            rc = pcre_inspect(r->sc, pc, r->buf + base, r->len - base, off, &ms, &me);
        if (rc < 0)
            r->sc->pcre_errors++;
        if (pc->flags & PCRE_F_NEGATED)
            return rc == 0 ? run_from(r, (uint16_t)(i + 1), prev) : 0;
        if (rc <= 0)
            return 0;
        rc = run_from(r, (uint16_t)(i + 1), base + me);
        if (rc != 0 || !retry)
            return rc;
        off = ms + 1;
    }
}

static int run_base64(struct run *r, uint16_t i, size_t prev)
{
    const struct base64_ctx *bc = r->l->m[i].ctx;
    struct run sub;
    size_t from, n;

    if (bc->flags & B64_F_DATA) {
        sub = *r;
        sub.buf = r->sc->b64;
        sub.len = r->sc->b64_len;
        return run_from(&sub, (uint16_t)(i + 1), 0);
    }
    from = ((bc->flags & B64_F_RELATIVE) ? prev : 0) + bc->offset;
    r->sc->b64_len = 0;
    if (from >= r->len)
        return 0;
    n = r->len - from;
    if (bc->bytes && bc->bytes < n)
        n = bc->bytes;
    r->sc->b64_len = base64_decode_buf(r->buf + from, n, r->sc->b64, INSPECT_B64_MAX);
    if (r->sc->b64_len == 0)
        return 0;
    return run_from(r, (uint16_t)(i + 1), prev);
}

static int run_from(struct run *r, uint16_t i, size_t prev)
{
    const struct sig_match *m;
    bool retry;
    size_t np = 0;

    if (++r->sc->steps > r->sc->limit)
        return -1;
    if (i >= r->l->n)
        return prev > r->sc->min_end || r->sc->min_end == 0 ? 1 : 0;
    m = &r->l->m[i];
    /* with a minimum end, a match ending too early is retried further on */
    retry = needs_retry(r->l, i) || r->sc->min_end > 0;
    switch (m->kw->pm_kind) {
    case PM_CONTENT:
        return run_content(r, i, prev, retry);
    case PM_PCRE:
        return run_pcre(r, i, prev, retry);
    case PM_BYTE_TEST:
        if (!byte_test_eval(m->ctx, r->buf, r->len, prev, r->sc->vars))
            return 0;
        return run_from(r, (uint16_t)(i + 1), prev);
    case PM_BYTE_JUMP:
        if (!byte_jump_eval(m->ctx, r->buf, r->len, prev, r->sc->vars, &np))
            return 0;
        return run_from(r, (uint16_t)(i + 1), np);
    case PM_BYTE_EXTRACT:
        if (!byte_extract_eval(m->ctx, r->buf, r->len, prev, r->sc->vars, &np))
            return 0;
        return run_from(r, (uint16_t)(i + 1), np);
    case PM_BYTE_MATH:
        if (!byte_math_eval(m->ctx, r->buf, r->len, prev, r->sc->vars))
            return 0;
        return run_from(r, (uint16_t)(i + 1), prev);
    case PM_ISDATAAT:
        if (!isdataat_eval(m->ctx, r->len, prev, r->sc->vars))
            return 0;
        return run_from(r, (uint16_t)(i + 1), prev);
    case PM_BSIZE:
    case PM_DATASIZE:
        if (!num_cmp_eval(m->ctx, r->len))
            return 0;
        return run_from(r, (uint16_t)(i + 1), prev);
    case PM_BASE64_DECODE:
        return run_base64(r, i, prev);
    default:
        return 0;
    }
}

bool inspect_list(
        struct inspect_scratch *sc, const struct sig_list *l, const uint8_t *buf, size_t len)
{
    struct run r = { sc, l, buf, len };
    int rc;

    sc->steps = 0;
    rc = run_from(&r, 0, 0);
    if (rc < 0)
        sc->limit_hits++;
    return rc > 0;
}

bool inspect_buffer(
        struct inspect_scratch *sc, const struct sig_buffer *sb, const uint8_t *buf, size_t len)
{
    const uint8_t *p;
    size_t n;

    if (inspect_transform(sc, sb, buf, len, &p, &n) != VG_OK)
        return false;
    return inspect_list(sc, &sb->list, p, n);
}

/* True if list l holds a content positioned with depth or offset. */
static bool list_has_anchored_content(const struct sig_list *l)
{
    for (uint16_t i = 0; i < l->n; i++) {
        if (l->m[i].kw->pm_kind == PM_CONTENT && (((const struct content *)l->m[i].ctx)->flags &
                                                         (CONTENT_F_DEPTH | CONTENT_F_OFFSET)))
            return true;
    }
    return false;
}

bool inspect_sig_wants_packet(const struct sig *s)
{
    bool payload = false, anchored = false;

    if ((s->ip_proto != 6 && s->ip_proto != 0) ||
            (s->flags & (SIG_F_ONLY_STREAM | SIG_F_NO_STREAM)))
        return false;
    for (uint8_t b = 0; b < s->n_bufs; b++) {
        if (s->bufs[b].buffer_id != DETECT_BUF_PKT_DATA)
            continue;
        payload = true;
        anchored = anchored || list_has_anchored_content(&s->bufs[b].list);
    }
    /* Suricata also inspects packets of stream_size rules; not here: Vigie's raw stream is
     * inspected as soon as it is acknowledged (no chunk-size batching), so such a rule would
     * see the same bytes twice where Suricata's stream pass comes too late to match. */
    return payload && anchored;
}
