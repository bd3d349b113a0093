/*
 * rule-parse.c - a rule's text to a struct sig (see rule-parse.h), and the sig_builder.
 *
 * The header is read field by field with fixed tables (actions, protocols); addresses and
 * ports go through rule-addr.c with the engine's variables. Options are handed to their
 * keyword's setup() in rule order through the builder, which tracks the current buffer:
 * none until a payload keyword or a sticky buffer appears (payload keywords then go to
 * pkt_data), the sticky buffer's afterwards. A buffer named again reuses its list without
 * transforms, so matches on the same plain buffer stay in one list; a transform arriving
 * when the current list already has matches starts a new list of that buffer. Legacy content
 * modifiers (http_uri...) move the last pkt_data content to their buffer; later modifiers then
 * apply to it ("last" below). Empty buffer lists are dropped when the rule is complete.
 *
 * Not done here: duplicate sids (loader.c), grouping and fast pattern choice (engine).
 */
#include "detect/rule-parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app-proto.h"
#include "detect/buffer.h"
#include "detect/engine-int.h"
#include "detect/rule-addr.h"
#include "detect/rule-text.h"
#include "util/compiler.h"
#include "util/err.h"

#define SIG_MAX_VARS       16
#define SIG_MAX_TRANSFORMS 16
#define SIG_MAX_LIST       4096
#define SIG_MAX_BUFS       64
#define SIG_DEFAULT_PRIO   3

struct sig_builder {
    struct detect_engine *de;
    struct sig *s;
    int cur;          /* index in s->bufs of the current buffer, -1 when none yet */
    int last;         /* buffer that received the last payload match, -1 when none */
    bool cur_sticky;  /* cur was chosen by a sticky buffer keyword */
    unsigned once;    /* SIG_ONCE_* seen */
    uint8_t next_dir; /* side given to the sticky buffer being set up (sig_buffer.dir) */
    const char *why;  /* reason of the last builder failure */
    char *vars[SIG_MAX_VARS];
    int n_vars;
};

/* --- freeing --- */

static void list_release(struct sig_list *l)
{
    for (uint16_t i = 0; i < l->n; i++) {
        if (l->m[i].kw != NULL && l->m[i].kw->free != NULL && l->m[i].ctx != NULL)
            l->m[i].kw->free(l->m[i].ctx);
    }
    free(l->m);
    memset(l, 0, sizeof(*l));
}

static void buffer_release(struct sig_buffer *sb)
{
    for (uint8_t i = 0; i < sb->n_xf; i++) {
        if (sb->xf[i].kw != NULL && sb->xf[i].kw->free != NULL && sb->xf[i].ctx != NULL)
            sb->xf[i].kw->free(sb->xf[i].ctx);
    }
    free(sb->xf);
    list_release(&sb->list);
}

void sig_free(struct sig *s)
{
    if (s == NULL)
        return;
    free(s->msg);
    free(s->metadata); /* the array: its strings are the engine's */
    free(s->refs);     /* the array: its strings are the engine's */
    list_release(&s->pkt);
    list_release(&s->flow);
    list_release(&s->tx);
    list_release(&s->post);
    for (uint8_t i = 0; i < s->n_bufs; i++)
        buffer_release(&s->bufs[i]);
    free(s->bufs);
    free(s);
}

/* --- the builder --- */

static void free_ctx(const struct keyword *kw, void *ctx)
{
    if (kw != NULL && kw->free != NULL && ctx != NULL)
        kw->free(ctx);
}

static int list_push(struct sig_builder *b, struct sig_list *l, const struct keyword *kw, void *ctx)
{
    if (l->n >= SIG_MAX_LIST) {
        free_ctx(kw, ctx);
        b->why = "too many keywords in one list";
        return VG_EINVAL;
    }
    if (l->n == l->cap) {
        uint16_t cap = l->cap ? (uint16_t)(l->cap * 2) : 4;
        struct sig_match *m = realloc(l->m, cap * sizeof(*m));

        if (m == NULL) {
            free_ctx(kw, ctx);
            return VG_ENOMEM;
        }
        l->m = m;
        l->cap = cap;
    }
    l->m[l->n].kw = kw;
    l->m[l->n].ctx = ctx;
    l->n++;
    return VG_OK;
}

struct sig *sig_builder_sig(struct sig_builder *b)
{
    return b->s;
}

struct detect_engine *sig_builder_engine(struct sig_builder *b)
{
    return b->de;
}

int sig_builder_add_pkt(struct sig_builder *b, const struct keyword *kw, void *ctx)
{
    return list_push(b, &b->s->pkt, kw, ctx);
}

int sig_builder_add_flow(struct sig_builder *b, const struct keyword *kw, void *ctx)
{
    return list_push(b, &b->s->flow, kw, ctx);
}

int sig_builder_set_app_proto(struct sig_builder *b, uint16_t app_proto)
{
    uint16_t cur = b->s->app_proto;

    /* "http" covers http1 and http2; a keyword of either fits a rule of the other */
    if (cur == APP_PROTO_NONE || cur == app_proto)
        b->s->app_proto = app_proto;
    else if (cur == APP_PROTO_HTTP &&
             (app_proto == APP_PROTO_HTTP1 || app_proto == APP_PROTO_HTTP2))
        b->s->app_proto = app_proto;
    else if (app_proto == APP_PROTO_HTTP && (cur == APP_PROTO_HTTP1 || cur == APP_PROTO_HTTP2))
        return VG_OK;
    else {
        b->why = "keyword for another app-layer protocol than the rule's";
        return VG_EINVAL;
    }
    return VG_OK;
}

int sig_builder_add_tx(
        struct sig_builder *b, const struct keyword *kw, void *ctx, uint16_t app_proto)
{
    int rc = sig_builder_set_app_proto(b, app_proto);

    if (rc < 0) {
        free_ctx(kw, ctx);
        return rc;
    }
    return list_push(b, &b->s->tx, kw, ctx);
}

int sig_builder_add_post(struct sig_builder *b, const struct keyword *kw, void *ctx)
{
    return list_push(b, &b->s->post, kw, ctx);
}

/* Appends an empty list for buffer_id; returns its index or a negative VG_E*. */
static int buf_new(struct sig_builder *b, int buffer_id)
{
    struct sig *s = b->s;
    struct sig_buffer *v;

    if (s->n_bufs >= SIG_MAX_BUFS) {
        b->why = "too many buffers in one rule";
        return VG_EINVAL;
    }
    v = realloc(s->bufs, (s->n_bufs + 1u) * sizeof(*v));
    if (v == NULL)
        return VG_ENOMEM;
    s->bufs = v;
    memset(&v[s->n_bufs], 0, sizeof(v[0]));
    v[s->n_bufs].buffer_id = buffer_id;
    v[s->n_bufs].dir = b->next_dir;
    return s->n_bufs++;
}

/* Index of the list for buffer_id without transforms, created if needed. */
static int buf_plain(struct sig_builder *b, int buffer_id)
{
    for (uint8_t i = 0; i < b->s->n_bufs; i++) {
        if (b->s->bufs[i].buffer_id == buffer_id && b->s->bufs[i].n_xf == 0 &&
                b->s->bufs[i].dir == b->next_dir)
            return i;
    }
    return buf_new(b, buffer_id);
}

int sig_builder_set_buffer(struct sig_builder *b, int buffer_id)
{
    int idx;

    if (buffer_id < 0 || buffer_id >= detect_buffer_count()) {
        b->why = "unknown buffer";
        return VG_EINVAL;
    }
    idx = buf_plain(b, buffer_id);
    /* a multi-buffer named again starts a list of its own, matched on any instance
     * (Suricata 7: file.data; content:"a"; file.data; content:"b"; may match two files) */
    if (idx >= 0 && b->s->bufs[idx].list.n > 0 && detect_buffer_get(buffer_id)->get_multi != NULL)
        idx = buf_new(b, buffer_id);
    if (idx < 0)
        return idx;
    b->cur = idx;
    b->last = idx;
    b->cur_sticky = true;
    return VG_OK;
}

int sig_builder_add_payload(struct sig_builder *b, const struct keyword *kw, void *ctx)
{
    int rc;

    if (b->cur < 0) {
        rc = buf_plain(b, DETECT_BUF_PKT_DATA);
        if (rc < 0) {
            free_ctx(kw, ctx);
            return rc;
        }
        b->cur = rc;
    }
    rc = list_push(b, &b->s->bufs[b->cur].list, kw, ctx);
    if (rc == VG_OK) {
        b->last = b->cur;
    }
    return rc;
}

int sig_builder_add_payload_follow(struct sig_builder *b, const struct keyword *kw, void *ctx)
{
    /* Suricata: without a sticky buffer, relative byte_*, isdataat and base64_decode join the
     * list of the last payload match, which a legacy modifier may have moved (content:"x";
     * http_uri; isdataat:1,relative; inspects the URI). */
    if (!b->cur_sticky && b->last >= 0)
        return list_push(b, &b->s->bufs[b->last].list, kw, ctx);
    return sig_builder_add_payload(b, kw, ctx);
}

int sig_builder_select_last(struct sig_builder *b)
{
    if (b->last < 0) {
        b->why = "no preceding payload match";
        return VG_EINVAL;
    }
    b->cur = b->last;
    b->cur_sticky = true;
    return VG_OK;
}

int sig_builder_add_payload_legacy(
        struct sig_builder *b, int buffer_id, const struct keyword *kw, void *ctx)
{
    int idx;

    if (buffer_id < 0 || buffer_id >= detect_buffer_count()) {
        free_ctx(kw, ctx);
        b->why = "unknown buffer";
        return VG_EINVAL;
    }
    /* With a sticky buffer active (other than pkt_data) the match stays in it, as older
     * Suricata did: ET has "file.data; ... pcre:"/../QR";" (Q is file_data in Suricata 7). */
    if (b->cur_sticky && b->s->bufs[b->cur].buffer_id != DETECT_BUF_PKT_DATA)
        return sig_builder_add_payload(b, kw, ctx);
    idx = buf_plain(b, buffer_id);
    if (idx < 0) {
        free_ctx(kw, ctx);
        return idx;
    }
    if (list_push(b, &b->s->bufs[idx].list, kw, ctx) != VG_OK)
        return VG_ENOMEM;
    b->last = idx;
    return VG_OK;
}

int sig_builder_add_payload_to(
        struct sig_builder *b, int buffer_id, const struct keyword *kw, void *ctx)
{
    int idx;

    if (buffer_id < 0 || buffer_id >= detect_buffer_count()) {
        free_ctx(kw, ctx);
        b->why = "unknown buffer";
        return VG_EINVAL;
    }
    idx = buf_plain(b, buffer_id);
    if (idx < 0) {
        free_ctx(kw, ctx);
        return idx;
    }
    return list_push(b, &b->s->bufs[idx].list, kw, ctx);
}

int sig_builder_add_transform(struct sig_builder *b, const struct keyword *kw, void *ctx)
{
    struct sig_buffer *sb;
    struct sig_transform *xf;

    if (!b->cur_sticky || b->cur < 0) {
        free_ctx(kw, ctx);
        b->why = "transforms must directly follow stickybuffers";
        return VG_EINVAL;
    }
    sb = &b->s->bufs[b->cur];
    if (sb->list.n > 0) {
        /* Matches already use this buffer as it is (named before, or matches came before
         * the transform, as in ET's "dns.query; content:...; dotprefix; content:..."):
         * the transform starts a new list, as Suricata does. Stacking onto a list that has
         * transforms and matches would need its transforms copied: refused. */
        int idx;

        if (sb->n_xf > 0) {
            free_ctx(kw, ctx);
            b->why = "transform after matches on an already transformed buffer";
            return VG_EINVAL;
        }
        idx = buf_new(b, sb->buffer_id);
        if (idx < 0) {
            free_ctx(kw, ctx);
            return idx;
        }
        b->cur = idx;
        b->last = idx;
        sb = &b->s->bufs[idx];
    }
    if (sb->n_xf >= SIG_MAX_TRANSFORMS) {
        free_ctx(kw, ctx);
        b->why = "too many transforms on one buffer";
        return VG_EINVAL;
    }
    xf = realloc(sb->xf, (sb->n_xf + 1u) * sizeof(*xf));
    if (xf == NULL) {
        free_ctx(kw, ctx);
        return VG_ENOMEM;
    }
    sb->xf = xf;
    xf[sb->n_xf].kw = kw;
    xf[sb->n_xf].ctx = ctx;
    sb->n_xf++;
    return VG_OK;
}

struct sig_match *sig_builder_last_payload(struct sig_builder *b, enum pm_kind k)
{
    struct sig_list *l;

    if (b->last < 0)
        return NULL;
    l = &b->s->bufs[b->last].list;
    for (uint16_t i = l->n; i > 0; i--) {
        if (l->m[i - 1].kw != NULL && l->m[i - 1].kw->pm_kind == k)
            return &l->m[i - 1];
    }
    return NULL;
}

struct sig_match *sig_builder_last_any(struct sig_builder *b)
{
    struct sig_list *l;

    if (b->last < 0)
        return NULL;
    l = &b->s->bufs[b->last].list;
    return l->n > 0 ? &l->m[l->n - 1] : NULL;
}

int sig_builder_move_last_content(struct sig_builder *b, int buffer_id)
{
    struct sig_list *l;
    struct sig_match m;
    int src = b->last, dst;
    uint16_t i;

    if (buffer_id < 0 || buffer_id >= detect_buffer_count()) {
        b->why = "unknown buffer";
        return VG_EINVAL;
    }
    if (src < 0 || b->s->bufs[src].buffer_id != DETECT_BUF_PKT_DATA || b->s->bufs[src].n_xf) {
        b->why = "content modifier without a preceding payload content (or after a sticky "
                 "buffer)";
        return VG_EINVAL;
    }
    l = &b->s->bufs[src].list;
    for (i = l->n; i > 0; i--) {
        if (l->m[i - 1].kw != NULL && l->m[i - 1].kw->pm_kind == PM_CONTENT)
            break;
    }
    if (i == 0) {
        b->why = "content modifier without a preceding content";
        return VG_EINVAL;
    }
    m = l->m[i - 1];
    memmove(&l->m[i - 1], &l->m[i], (size_t)(l->n - i) * sizeof(*l->m));
    l->n--;
    dst = buf_plain(b, buffer_id); /* may move s->bufs: l is not used below */
    if (dst < 0) {
        free_ctx(m.kw, m.ctx);
        return dst;
    }
    if (list_push(b, &b->s->bufs[dst].list, m.kw, m.ctx) != VG_OK)
        return VG_ENOMEM;
    b->last = dst;
    return VG_OK;
}

int sig_builder_var_declare(struct sig_builder *b, const char *name)
{
    if (sig_builder_var_lookup(b, name) >= 0) {
        b->why = "variable already declared";
        return VG_EINVAL;
    }
    if (b->n_vars >= SIG_MAX_VARS) {
        b->why = "too many variables in one rule";
        return VG_EINVAL;
    }
    b->vars[b->n_vars] = strdup(name);
    if (b->vars[b->n_vars] == NULL)
        return VG_ENOMEM;
    return b->n_vars++;
}

int sig_builder_var_lookup(struct sig_builder *b, const char *name)
{
    for (int i = 0; i < b->n_vars; i++) {
        if (strcmp(b->vars[i], name) == 0)
            return i;
    }
    return -1;
}

static void builder_init(struct sig_builder *b, struct detect_engine *de, struct sig *s)
{
    memset(b, 0, sizeof(*b));
    b->de = de;
    b->s = s;
    b->cur = -1;
    b->last = -1;
    s->gid = 1;
    s->fp_buf = -1;
}

static void builder_release_vars(struct sig_builder *b)
{
    for (int i = 0; i < b->n_vars; i++)
        free(b->vars[i]);
    b->n_vars = 0;
}

struct sig_builder *sig_builder_new(struct detect_engine *de)
{
    struct sig_builder *b = malloc(sizeof(*b));
    struct sig *s = calloc(1, sizeof(*s));

    if (b == NULL || s == NULL) {
        free(b);
        free(s);
        return NULL;
    }
    builder_init(b, de, s);
    return b;
}

void sig_builder_free(struct sig_builder *b)
{
    if (b == NULL)
        return;
    builder_release_vars(b);
    sig_free(b->s);
    free(b);
}

bool sig_builder_once(struct sig_builder *b, unsigned what)
{
    if (b->once & what)
        return false;
    b->once |= what;
    return true;
}

bool sig_builder_seen(const struct sig_builder *b, unsigned what)
{
    return (b->once & what) != 0;
}

void sig_builder_set_error(struct sig_builder *b, const char *reason)
{
    b->why = reason;
}

/* --- the header --- */

struct action_name {
    const char *name;
    enum sig_action action;
};

static const struct action_name actions[] = {
    { "alert", SIG_ACTION_ALERT },
    { "pass", SIG_ACTION_PASS },
    { "drop", SIG_ACTION_DROP },
    { "reject", SIG_ACTION_REJECT },
    { "rejectsrc", SIG_ACTION_REJECTSRC },
    { "rejectdst", SIG_ACTION_REJECTDST },
    { "rejectboth", SIG_ACTION_REJECTBOTH },
};

struct proto_name {
    const char *name;
    uint8_t ip_proto;
    uint8_t ip_ver;
    uint32_t flags;
};

static const struct proto_name protos[] = {
    { "ip", 0, 0, SIG_F_PROTO_ANY_IP },
    { "ipv4", 0, 4, SIG_F_PROTO_ANY_IP },
    { "ip4", 0, 4, SIG_F_PROTO_ANY_IP },
    { "ipv6", 0, 6, SIG_F_PROTO_ANY_IP },
    { "ip6", 0, 6, SIG_F_PROTO_ANY_IP },
    { "tcp", 6, 0, 0 },
    { "tcp-pkt", 6, 0, SIG_F_NO_STREAM },
    { "tcp-stream", 6, 0, SIG_F_ONLY_STREAM },
    { "udp", 17, 0, 0 },
    { "icmp", 1, 0, SIG_F_PROTO_ICMP_BOTH },
    { "icmpv4", 1, 4, 0 },
    { "icmpv6", 58, 6, 0 },
    { "sctp", 132, 0, 0 },
    { "igmp", 2, 4, 0 },
    { "pkthdr", 0, 0, SIG_F_PROTO_ANY_IP | SIG_F_PROTO_PKTHDR },
    { "ether", 0, 0, SIG_F_PROTO_ANY_IP | SIG_F_PROTO_PKTHDR },
};

static int parse_action(struct sig *s, const char *a, char *err, size_t errlen)
{
    for (size_t i = 0; i < VG_ARRAY_LEN(actions); i++) {
        if (strcmp(actions[i].name, a) == 0) {
            s->action = actions[i].action;
            return VG_OK;
        }
    }
    snprintf(err, errlen, "an invalid action \"%.64s\" was given", a);
    return VG_EINVAL;
}

static int parse_proto(struct sig *s, const char *p, char *err, size_t errlen)
{
    uint16_t app;
    unsigned t;

    for (size_t i = 0; i < VG_ARRAY_LEN(protos); i++) {
        if (strcasecmp(protos[i].name, p) == 0) {
            s->ip_proto = protos[i].ip_proto;
            s->ip_ver = protos[i].ip_ver;
            s->flags |= protos[i].flags;
            return VG_OK;
        }
    }
    app = app_proto_by_name(p);
    if (app == APP_PROTO_NONE || app == APP_PROTO_FAILED) {
        snprintf(err, errlen, "protocol \"%.64s\" cannot be used in a signature", p);
        return VG_EINVAL;
    }
    s->app_proto = app;
    t = app_proto_transports(app);
    if (t == (APP_PROTO_T_TCP | APP_PROTO_T_UDP))
        s->flags |= SIG_F_PROTO_TCP_UDP;
    else
        s->ip_proto = t == APP_PROTO_T_UDP ? 17 : 6;
    return VG_OK;
}

/* --- header cache: address and port texts parsed once per load --- */

static uint64_t text_hash(const char *s, bool is_port)
{
    uint64_t h = is_port ? 0x84222325cbf29ce4ull : 0xcbf29ce484222325ull;

    for (; *s != '\0'; s++)
        h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    return h;
}

void rule_parse_cache_release(struct detect_engine *de)
{
    for (size_t i = 0; i < de->hdr_cache_cap; i++) {
        struct hdr_cache_entry *e = &de->hdr_cache[i];

        if (e->text == NULL)
            continue;
        free(e->text);
        if (e->is_port)
            port_set_release(&e->port);
        else
            addr_set_release(&e->addr);
    }
    free(de->hdr_cache);
    de->hdr_cache = NULL;
    de->hdr_cache_cap = de->hdr_cache_n = 0;
}

static struct hdr_cache_entry *cache_slot(
        struct hdr_cache_entry *v, size_t cap, const char *text, bool is_port)
{
    size_t mask = cap - 1, i = (size_t)text_hash(text, is_port) & mask;

    while (v[i].text != NULL) {
        if (v[i].is_port == is_port && strcmp(v[i].text, text) == 0)
            break;
        i = (i + 1) & mask;
    }
    return &v[i];
}

/* Keeps the table at most half full; entries move, the sets they own do not. */
static int cache_grow(struct detect_engine *de)
{
    size_t cap = de->hdr_cache_cap ? de->hdr_cache_cap * 2 : 256;
    struct hdr_cache_entry *v;

    if ((de->hdr_cache_n + 1) * 2 <= de->hdr_cache_cap)
        return VG_OK;
    v = calloc(cap, sizeof(*v));
    if (v == NULL)
        return VG_ENOMEM;
    for (size_t i = 0; i < de->hdr_cache_cap; i++) {
        struct hdr_cache_entry *e = &de->hdr_cache[i];

        if (e->text != NULL)
            *cache_slot(v, cap, e->text, e->is_port) = *e;
    }
    free(de->hdr_cache);
    de->hdr_cache = v;
    de->hdr_cache_cap = cap;
    return VG_OK;
}

/* Gives the engine's parsed set for an address (port == NULL) or port text, parsing it the
 * first time. The set is shared: *addr / *port become shallow copies. */
static int parse_cached(struct detect_engine *de, const char *text, struct addr_set *addr,
        struct port_set *port, char *why, size_t whylen)
{
    struct hdr_cache_entry *e, tmp = { 0 };
    int rc;

    if (cache_grow(de) != VG_OK)
        return VG_ENOMEM;
    e = cache_slot(de->hdr_cache, de->hdr_cache_cap, text, port != NULL);
    if (e->text == NULL) {
        tmp.is_port = port != NULL;
        rc = port != NULL ? port_set_parse(&tmp.port, text, &de->vars, why, whylen)
                          : addr_set_parse(&tmp.addr, text, &de->vars, why, whylen);
        if (rc != VG_OK)
            return rc;
        tmp.text = strdup(text);
        if (tmp.text == NULL) {
            port_set_release(&tmp.port);
            addr_set_release(&tmp.addr);
            return VG_ENOMEM;
        }
        *e = tmp;
        de->hdr_cache_n++;
    }
    if (port != NULL)
        *port = e->port;
    else
        *addr = e->addr;
    return VG_OK;
}

static int header_fail(
        int rc, char *err, size_t errlen, const char *what, const char *text, const char *why)
{
    if (rc == VG_ENOMEM)
        return rc;
    snprintf(err, errlen, "failed to parse %s \"%.128s\": %s", what, text, why);
    return VG_EINVAL;
}

static int parse_header(struct detect_engine *de, struct sig *s, const struct rule_text *rt,
        char *err, size_t errlen)
{
    char why[200] = "";
    int rc;

    if (parse_action(s, rt->action, err, errlen) != VG_OK ||
            parse_proto(s, rt->proto, err, errlen) != VG_OK)
        return VG_EINVAL;
    rc = parse_cached(de, rt->src, &s->src, NULL, why, sizeof(why));
    if (rc != VG_OK)
        return header_fail(rc, err, errlen, "source address", rt->src, why);
    rc = parse_cached(de, rt->sp, NULL, &s->sp, why, sizeof(why));
    if (rc != VG_OK)
        return header_fail(rc, err, errlen, "source port", rt->sp, why);
    if (strcmp(rt->dir, "<>") == 0) {
        s->flags |= SIG_F_BIDIR;
    } else if (strcmp(rt->dir, "=>") == 0) {
        s->flags |= SIG_F_TXBOTHDIR;
    } else if (strcmp(rt->dir, "->") != 0) {
        snprintf(err, errlen,
                "\"%.32s\" is not a valid direction modifier, \"->\" and \"<>\" are supported",
                rt->dir);
        return VG_EINVAL;
    }
    rc = parse_cached(de, rt->dst, &s->dst, NULL, why, sizeof(why));
    if (rc != VG_OK)
        return header_fail(rc, err, errlen, "destination address", rt->dst, why);
    rc = parse_cached(de, rt->dp, NULL, &s->dp, why, sizeof(why));
    if (rc != VG_OK)
        return header_fail(rc, err, errlen, "destination port", rt->dp, why);
    s->src_any = addr_set_is_any(&s->src);
    s->dst_any = addr_set_is_any(&s->dst);
    s->sp_any = port_set_is_any(&s->sp);
    s->dp_any = port_set_is_any(&s->dp);
    return VG_OK;
}

/* --- requires --- */

/* The Suricata version whose rule language this engine follows (requires: version). */
static const int engine_version[3] = { 9, 0, 0 };

/* Parses "9", "8.0", "7.0.3" into v (missing parts 0); returns the text after it or NULL. */
static const char *parse_version(const char *p, int v[3])
{
    v[0] = v[1] = v[2] = 0;
    for (int i = 0; i < 3; i++) {
        char *end;
        long n;

        if (!isdigit((unsigned char)*p))
            return NULL;
        n = strtol(p, &end, 10);
        if (n > 100000)
            return NULL;
        v[i] = (int)n;
        p = end;
        if (*p != '.' || i == 2)
            break;
        p++;
    }
    return p;
}

static int version_cmp(const int a[3], const int b[3])
{
    for (int i = 0; i < 3; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    return 0;
}

/* One alternative of a version requirement: "op ver [op ver ...]", all must hold.
 * Returns 1 (met), 0 (unmet) or -1 (malformed). */
static int version_alt(const char *p, const char *e)
{
    int n = 0;

    for (;;) {
        char op[3] = "";
        int v[3], c;
        size_t k = 0;

        while (p < e && isspace((unsigned char)*p))
            p++;
        if (p == e)
            return n > 0 ? 1 : -1;
        while (p < e && k < 2 && (*p == '<' || *p == '>' || *p == '='))
            op[k++] = *p++;
        while (p < e && isspace((unsigned char)*p))
            p++;
        if (k == 0 || p == e || (p = parse_version(p, v)) == NULL || p > e)
            return -1;
        c = version_cmp(engine_version, v);
        if ((strcmp(op, ">=") == 0 && c < 0) || (strcmp(op, ">") == 0 && c <= 0) ||
                (strcmp(op, "<=") == 0 && c > 0) || (strcmp(op, "<") == 0 && c >= 0) ||
                (strcmp(op, "=") == 0 && c != 0))
            return 0;
        if (strcmp(op, ">=") && strcmp(op, ">") && strcmp(op, "<=") && strcmp(op, "<") &&
                strcmp(op, "="))
            return -1;
        n++;
    }
}

/* Evaluates a requires: value ("feature x, version >= 7.0.3 < 8 | >= 8.0.2"). Returns VG_OK
 * when met, VG_EUNSUPPORTED with the reason when not (the rule is skipped), VG_EINVAL when
 * malformed. No feature is claimed: a rule requiring one is skipped. */
static int requires_check(const char *value, char *err, size_t errlen)
{
    const char *p = value;

    if (value == NULL || *value == '\0') {
        snprintf(err, errlen, "requires: needs a value");
        return VG_EINVAL;
    }
    while (*p != '\0') {
        const char *e = strchr(p, ','), *q;

        if (e == NULL)
            e = p + strlen(p);
        while (p < e && isspace((unsigned char)*p))
            p++;
        if ((size_t)(e - p) > 8 && strncmp(p, "feature", 7) == 0 && isspace((unsigned char)p[7])) {
            q = p + 8;
            while (q < e && isspace((unsigned char)*q))
                q++;
            snprintf(err, errlen, "rule skipped, missing a required feature: feature %.*s",
                    (int)VG_MIN(e - q, 64), q);
            return VG_EUNSUPPORTED;
        } else if ((size_t)(e - p) > 8 && strncmp(p, "version", 7) == 0 &&
                   isspace((unsigned char)p[7])) {
            bool met = false;

            q = p + 8;
            while (q < e) {
                const char *bar = memchr(q, '|', (size_t)(e - q));
                const char *ae = bar != NULL ? bar : e;
                int r = version_alt(q, ae);

                if (r < 0) {
                    snprintf(err, errlen, "requires: invalid version \"%.*s\"",
                            (int)VG_MIN(e - p, 64), p);
                    return VG_EINVAL;
                }
                met = met || r == 1;
                q = bar != NULL ? bar + 1 : e;
            }
            if (!met) {
                snprintf(err, errlen, "rule skipped, version requirement not met: %.*s",
                        (int)VG_MIN(e - p, 64), p);
                return VG_EUNSUPPORTED;
            }
        } else {
            /* Suricata 8 skips a rule with an unknown requirement */
            snprintf(err, errlen, "rule skipped, unknown requirement: %.*s", (int)VG_MIN(e - p, 64),
                    p);
            return VG_EUNSUPPORTED;
        }
        p = *e == ',' ? e + 1 : e;
    }
    return VG_OK;
}

/* --- options --- */

static int run_option(struct sig_builder *b, const struct rule_opt *o, char *err, size_t errlen)
{
    const struct keyword *kw = keyword_lookup(o->name);
    struct rule_opt side = { 0 };
    int rc;

    if (kw == NULL) {
        snprintf(err, errlen, "unknown rule keyword '%.64s'", o->name);
        return VG_EINVAL;
    }
    if (kw->flags & KW_F_UNSUPPORTED) {
        snprintf(err, errlen, "keyword '%s' not supported yet", kw->name);
        return VG_EINVAL;
    }
    /* Suricata 8: a sticky buffer may name the side it reads ("http.connection: to_client;") */
    b->next_dir = 0;
    if ((kw->flags & KW_F_STICKY) && o->value != NULL &&
            (strcmp(o->value, "to_server") == 0 || strcmp(o->value, "to_client") == 0)) {
        b->next_dir = o->value[3] == 's' ? 1 : 2;
        if (kw->flags & KW_F_NOVALUE) {
            side = *o;
            side.value = NULL;
            o = &side;
        }
    }
    if ((kw->flags & KW_F_NOVALUE) && o->value != NULL) {
        snprintf(err, errlen, "keyword '%s' takes no value", kw->name);
        return VG_EINVAL;
    }
    if (!(kw->flags & (KW_F_NOVALUE | KW_F_OPTIONAL_VALUE)) && o->value == NULL) {
        snprintf(err, errlen, "keyword '%s' needs a value", kw->name);
        return VG_EINVAL;
    }
    if ((kw->flags & KW_F_NOOP) || kw->setup == NULL)
        return VG_OK;
    err[0] = '\0';
    b->why = NULL;
    rc = kw->setup(b, o->value, err, errlen);
    b->next_dir = 0;
    if (rc == VG_ENOMEM)
        return rc;
    if (rc < 0 && err[0] == '\0') {
        if (b->why != NULL)
            snprintf(err, errlen, "%s: %s", kw->name, b->why);
        else
            snprintf(err, errlen, "invalid value for keyword '%s'", kw->name);
    }
    return rc < 0 ? VG_EINVAL : VG_OK;
}

/* Drops empty buffer lists (a legacy modifier may have emptied pkt_data) and sets the
 * buffer flags. */
static void finish_buffers(struct sig *s)
{
    uint8_t n = 0;

    s->flags &= ~(uint32_t)(SIG_F_HAS_PKT_DATA | SIG_F_HAS_STREAM);
    for (uint8_t i = 0; i < s->n_bufs; i++) {
        if (s->bufs[i].list.n == 0) {
            buffer_release(&s->bufs[i]);
            continue;
        }
        if (s->bufs[i].buffer_id == DETECT_BUF_PKT_DATA)
            s->flags |= SIG_F_HAS_PKT_DATA;
        else if (s->bufs[i].buffer_id == DETECT_BUF_STREAM)
            s->flags |= SIG_F_HAS_STREAM;
        s->bufs[n++] = s->bufs[i];
    }
    s->n_bufs = n;
    if (n == 0) {
        free(s->bufs);
        s->bufs = NULL;
    }
}

static int finish(struct sig_builder *b, char *err, size_t errlen)
{
    struct sig *s = b->s;

    if (!sig_builder_seen(b, SIG_ONCE_SID)) {
        snprintf(err, errlen, "signature missing required value \"sid\"");
        return VG_EINVAL;
    }
    if (s->priority == 0)
        s->priority = SIG_DEFAULT_PRIO;
    finish_buffers(s);
    return VG_OK;
}

int rule_parse(
        struct detect_engine *de, const char *text, struct sig **out, char *err, size_t errlen)
{
    struct rule_text rt;
    struct sig_builder b;
    struct sig *s;
    int rc;

    *out = NULL;
    if (rule_text_parse(&rt, text, err, errlen) != VG_OK)
        return VG_EINVAL;
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        rule_text_release(&rt);
        return VG_ENOMEM;
    }
    builder_init(&b, de, s);
    rc = VG_OK;
    for (size_t i = 0; rc == VG_OK && i < rt.n_opts; i++) {
        if (strcmp(rt.opts[i].name, "requires") == 0)
            rc = requires_check(rt.opts[i].value, err, errlen);
    }
    if (rc != VG_OK) {
        builder_release_vars(&b);
        rule_text_release(&rt);
        sig_free(s);
        return rc;
    }
    rc = parse_header(de, s, &rt, err, errlen);
    for (size_t i = 0; rc == VG_OK && i < rt.n_opts; i++)
        rc = run_option(&b, &rt.opts[i], err, errlen);
    if (rc == VG_OK)
        rc = finish(&b, err, errlen);
    builder_release_vars(&b);
    rule_text_release(&rt);
    if (rc != VG_OK) {
        if (rc == VG_ENOMEM)
            snprintf(err, errlen, "out of memory");
        sig_free(s);
        return rc;
    }
    *out = s;
    return VG_OK;
}
