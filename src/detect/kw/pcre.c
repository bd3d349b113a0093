/*
 * pcre.c - the pcre keyword: a PCRE2 regex (JIT-compiled) over the current buffer.
 *
 * pcre:[!]"/<regex>/<modifiers>"; modifiers as in Suricata: i (caseless), s (dotall),
 * m (multiline), x (extended), A (anchored), E (dollar end only), G (ungreedy),
 * R (relative to the previous match end), O (no match limits), B (accepted, no-op); the
 * buffer modifiers U I P Q H D M C S Y V W Z put the regex on an HTTP buffer, and fail the
 * rule while that buffer is not registered. Matching uses the detect thread's match data
 * and a match context carrying Suricata's default limits (match 3500, depth 1500).
 * The JIT compiler runs on a regex's first match, not at load (ET Open has ~10k regexes and
 * most never run; compiling them all was a third of a cached load): the first matching
 * thread compiles under a lock, others see the flag set with release/acquire ordering.
 * Captures into variables, as Suricata: named groups (?P<pkt_x>...), (?P<flow_x>...),
 * (?P<alert_x>...), or a list after the modifiers ("/(a)(b)/i, flow:x, pkt:y") naming
 * groups 1, 2, ... in order. A match stores the groups in the inspect scratch (cleared per
 * signature, a later match of the same variable replaces it); when the signature matches,
 * pcre_captures_commit() sets the flow variables and hands pkt/alert ones to the alert
 * (EVE metadata.pktvars, alert.context). Counts and value lengths are bounded
 * (PCRE_CAPTURES_MAX, DETECT_VARS_MAX, DETECT_VAR_LEN).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "detect/buffer.h"
#include "detect/detect.h"
#include "detect/engine-int.h"
#include "detect/flow-vars.h"
#include "detect/inspect.h"
#include "detect/kw/kw-payload.h"
#include "util/compiler.h"
#include "util/err.h"

/* Buffer modifiers and the sticky buffer each selects. */
static const struct {
    char mod;
    const char *buffer;
} pcre_buffers[] = {
    { 'U', "http.uri" },
    { 'I', "http.uri.raw" },
    { 'P', "http.request_body" },
    { 'Q', "http.response_body" },
    { 'H', "http.header" },
    { 'D', "http.header.raw" },
    { 'M', "http.method" },
    { 'C', "http.cookie" },
    { 'S', "http.stat_code" },
    { 'Y', "http.stat_msg" },
    { 'V', "http.user_agent" },
    { 'W', "http.host" },
    { 'Z', "http.host.raw" },
};

/* A pcre_ctx and its JIT flag, in one allocation. */
struct pcre_alloc {
    struct pcre_ctx pc;
    int jitted;
};

static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

/* JIT-compiles pc's regex once; the interpreter runs it if the JIT fails. */
static void jit_once(const struct pcre_ctx *pc)
{
    if (__atomic_load_n(pc->jitted, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&jit_lock);
    if (!__atomic_load_n(pc->jitted, __ATOMIC_RELAXED)) {
        (void)pcre2_jit_compile(pc->code, PCRE2_JIT_COMPLETE);
        __atomic_store_n(pc->jitted, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&jit_lock);
}

static void pcre_free_ctx(void *ctx)
{
    struct pcre_ctx *pc = ctx;

    if (pc != NULL)
        pcre2_code_free(pc->code);
    free(pc);
}

/* Parses one modifier letter; *buffer_id is set for buffer modifiers. */
static int parse_mod(
        char m, uint32_t *opts, struct pcre_ctx *pc, int *buffer_id, char *err, size_t errlen)
{
    switch (m) {
    case 'i':
        *opts |= PCRE2_CASELESS;
        return VG_OK;
    case 's':
        *opts |= PCRE2_DOTALL;
        return VG_OK;
    case 'm':
        *opts |= PCRE2_MULTILINE;
        return VG_OK;
    case 'x':
        *opts |= PCRE2_EXTENDED;
        return VG_OK;
    case 'A':
        *opts |= PCRE2_ANCHORED;
        return VG_OK;
    case 'E':
        *opts |= PCRE2_DOLLAR_ENDONLY;
        return VG_OK;
    case 'G':
        *opts |= PCRE2_UNGREEDY;
        return VG_OK;
    case 'R':
        pc->flags |= PCRE_F_RELATIVE;
        return VG_OK;
    case 'O':
        pc->flags |= PCRE_F_NOLIMIT;
        return VG_OK;
    case 'B':
        return VG_OK;
    default:
        break;
    }
    for (size_t i = 0; i < sizeof(pcre_buffers) / sizeof(pcre_buffers[0]); i++) {
        if (pcre_buffers[i].mod != m)
            continue;
        if (*buffer_id >= 0) {
            snprintf(err, errlen, "pcre: only one buffer modifier allowed");
            return VG_EINVAL;
        }
        *buffer_id = detect_buffer_lookup(pcre_buffers[i].buffer);
        if (*buffer_id < 0) {
            snprintf(err, errlen, "pcre modifier %c needs the http buffers (not yet supported)", m);
            return VG_EINVAL;
        }
        return VG_OK;
    }
    snprintf(err, errlen, "pcre: unknown regex modifier '%c'", m);
    return VG_EINVAL;
}

/* Adds capture group to pc as variable (type, name[0..n)), the name interned in the
 * engine. */
static int add_capture(struct sig_builder *b, struct pcre_ctx *pc, uint8_t type, uint32_t group,
        const char *name, size_t n, char *err, size_t errlen)
{
    struct detect_engine *de = sig_builder_engine(b);
    char buf[64];
    const char *in;

    if (pc->n_caps >= PCRE_CAPTURES_MAX) {
        snprintf(err, errlen, "pcre: more than %d capture variables", PCRE_CAPTURES_MAX);
        return VG_EINVAL;
    }
    if (n == 0 || n >= sizeof(buf)) {
        snprintf(err, errlen, "pcre: invalid capture variable name length %zu", n);
        return VG_EINVAL;
    }
    memcpy(buf, name, n);
    buf[n] = '\0';
    in = de != NULL ? detect_engine_intern(de, buf) : NULL;
    if (in == NULL) {
        snprintf(err, errlen, "pcre: cannot store capture name");
        return VG_ENOMEM;
    }
    pc->caps[pc->n_caps].name = in;
    pc->caps[pc->n_caps].type = type;
    pc->caps[pc->n_caps].group = (uint16_t)group;
    pc->n_caps++;
    return VG_OK;
}

/* The variable type of prefix p[0..n) ("pkt", "flow", "alert"), or 0. */
static uint8_t capture_type(const char *p, size_t n)
{
    if (n == 3 && memcmp(p, "pkt", 3) == 0)
        return DETECT_VAR_PKT;
    if (n == 4 && memcmp(p, "flow", 4) == 0)
        return DETECT_VAR_FLOW;
    if (n == 5 && memcmp(p, "alert", 5) == 0)
        return DETECT_VAR_ALERT;
    return 0;
}

/* Parses the capture list after the modifiers ("/re/i, flow:name, pkt:name, alert:name",
 * Suricata 7): entry i names capture group i + 1. */
static int parse_capture_list(struct sig_builder *b, struct pcre_ctx *pc, const char *p,
        const char *e, char *err, size_t errlen)
{
    uint32_t group = 1;

    while (p < e) {
        const char *end = memchr(p, ',', (size_t)(e - p)), *colon, *name, *ne;
        uint8_t type;
        int rc;

        if (end == NULL)
            end = e;
        while (p < end && isspace((unsigned char)*p))
            p++;
        colon = memchr(p, ':', (size_t)(end - p));
        type = colon != NULL ? capture_type(p, (size_t)(colon - p)) : 0;
        name = colon != NULL ? colon + 1 : end;
        ne = end;
        while (ne > name && isspace((unsigned char)ne[-1]))
            ne--;
        if (type == 0 || name == ne || !(isalpha((unsigned char)*name) || *name == '_')) {
            snprintf(err, errlen, "pcre: invalid capture \"%.*s\" (flow:, pkt: or alert: name)",
                    (int)VG_MIN(end - p, 64), p);
            return VG_EINVAL;
        }
        for (const char *c = name; c < ne; c++) {
            if (!isalnum((unsigned char)*c) && *c != '_' && *c != '.') {
                snprintf(err, errlen, "pcre: invalid capture name \"%.*s\"",
                        (int)VG_MIN(end - p, 64), p);
                return VG_EINVAL;
            }
        }
        rc = add_capture(b, pc, type, group++, name, (size_t)(ne - name), err, errlen);
        if (rc != VG_OK)
            return rc;
        p = end + 1;
    }
    return VG_OK;
}

/* Adds the named groups (?P<pkt_x>), (?P<flow_x>), (?P<alert_x>) of the compiled regex;
 * other names are plain groups. */
static int parse_named_groups(struct sig_builder *b, struct pcre_ctx *pc, char *err, size_t errlen)
{
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table = NULL;

    if (pcre2_pattern_info(pc->code, PCRE2_INFO_NAMECOUNT, &count) != 0 || count == 0)
        return VG_OK;
    if (pcre2_pattern_info(pc->code, PCRE2_INFO_NAMEENTRYSIZE, &size) != 0 ||
            pcre2_pattern_info(pc->code, PCRE2_INFO_NAMETABLE, &table) != 0 || size < 3 ||
            table == NULL)
        return VG_OK;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *ent = table + (size_t)i * size;
        const char *name = (const char *)ent + 2, *us;
        size_t n = strnlen(name, size - 2);
        uint32_t group = ((uint32_t)ent[0] << 8) | ent[1];
        uint8_t type;
        int rc;

        us = memchr(name, '_', n);
        type = us != NULL ? capture_type(name, (size_t)(us - name)) : 0;
        if (type == 0)
            continue;
        rc = add_capture(b, pc, type, group, us + 1, n - (size_t)(us + 1 - name), err, errlen);
        if (rc != VG_OK)
            return rc;
    }
    return VG_OK;
}

static int setup_pcre(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    const char *s = value, *e, *slash, *mods_end, *caps = NULL;
    struct pcre_ctx *pc;
    uint32_t opts = 0;
    int buffer_id = -1, errcode, rc;
    PCRE2_SIZE erroff;

    {
        struct pcre_alloc *a = calloc(1, sizeof(*a));

        if (a == NULL)
            return VG_ENOMEM;
        pc = &a->pc;
        pc->jitted = &a->jitted;
    }
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '!') {
        pc->flags |= PCRE_F_NEGATED;
        s++;
    }
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if (e - s < 4 || s[0] != '"' || e[-1] != '"' || s[1] != '/') {
        snprintf(err, errlen, "pcre: value must be \"/regex/modifiers\"");
        goto fail;
    }
    s += 2;
    e--;
    slash = e;
    while (slash > s && slash[-1] != '/')
        slash--;
    if (slash == s) {
        snprintf(err, errlen, "pcre: missing closing '/'");
        goto fail;
    }
    mods_end = memchr(slash, ',', (size_t)(e - slash));
    if (mods_end == NULL)
        mods_end = e;
    else
        caps = mods_end + 1;
    for (const char *m = slash; m < mods_end; m++) {
        if (isspace((unsigned char)*m))
            continue;
        if (parse_mod(*m, &opts, pc, &buffer_id, err, errlen) != VG_OK)
            goto fail;
    }
    pc->code = pcre2_compile(
            (PCRE2_SPTR)s, (PCRE2_SIZE)(slash - 1 - s), opts, &errcode, &erroff, NULL);
    if (pc->code == NULL) {
        PCRE2_UCHAR msg[128];

        pcre2_get_error_message(errcode, msg, sizeof(msg));
        snprintf(err, errlen, "pcre2_compile failed for \"%.*s\": %s at offset %zu",
                (int)VG_MIN(slash - 1 - s, 128), s, (const char *)msg, (size_t)erroff);
        goto fail;
    }
    rc = caps != NULL ? parse_capture_list(b, pc, caps, e, err, errlen) : VG_OK;
    if (rc == VG_OK)
        rc = parse_named_groups(b, pc, err, errlen);
    if (rc != VG_OK) {
        pcre_free_ctx(pc);
        return rc;
    }
    if (buffer_id >= 0) {
        uint16_t ap = detect_buffer_get(buffer_id)->app_proto;

        /* an HTTP buffer modifier makes the rule an HTTP rule, as the sticky buffer does */
        rc = ap != 0 ? sig_builder_set_app_proto(b, ap) : VG_OK;
        if (rc != VG_OK) {
            pcre_free_ctx(pc);
            return rc;
        }
        return sig_builder_add_payload_legacy(b, buffer_id, &kw_pcre, pc);
    }
    if (pc->flags & PCRE_F_RELATIVE)
        content_mark_relative_next(b);
    return sig_builder_add_payload(b, &kw_pcre, pc);
fail:
    pcre_free_ctx(pc);
    return VG_EINVAL;
}

/* Stores the capture groups of pc's match (ovector ov, rc groups set) of subj into sc's
 * variables, replacing a variable of the same type and name. */
static void store_captures(struct inspect_scratch *sc, const struct pcre_ctx *pc,
        const uint8_t *subj, size_t len, const PCRE2_SIZE *ov, uint32_t rc)
{
    for (uint8_t i = 0; i < pc->n_caps; i++) {
        const struct pcre_capture *c = &pc->caps[i];
        PCRE2_SIZE a, z;
        struct detect_var *v = NULL;
        size_t n;

        if (c->group >= rc)
            continue;
        a = ov[2 * c->group];
        z = ov[2 * c->group + 1];
        if (a == PCRE2_UNSET || z == PCRE2_UNSET || z < a || z > len)
            continue;
        for (uint8_t j = 0; j < sc->caps.n; j++) {
            if (sc->caps.v[j].name == c->name && sc->caps.v[j].type == c->type)
                v = &sc->caps.v[j];
        }
        if (v == NULL) {
            if (sc->caps.n >= DETECT_VARS_MAX)
                continue;
            v = &sc->caps.v[sc->caps.n++];
            v->name = c->name;
            v->type = c->type;
        }
        n = VG_MIN((size_t)(z - a), (size_t)DETECT_VAR_LEN);
        if (n > 0)
            memcpy(v->val, subj + a, n);
        v->len = (uint16_t)n;
    }
}

int pcre_inspect(struct inspect_scratch *sc, const struct pcre_ctx *pc, const uint8_t *subj,
        size_t len, size_t startoff, size_t *mstart, size_t *mend)
{
    static const uint8_t empty[1];
    PCRE2_SIZE *ov;
    int rc;

    if (subj == NULL)
        subj = empty;
    jit_once(pc);
    rc = pcre2_match(pc->code, subj, len, startoff, 0, sc->pcre_md,
            (pc->flags & PCRE_F_NOLIMIT) ? NULL : sc->pcre_mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0)
        return -1;
    ov = pcre2_get_ovector_pointer(sc->pcre_md);
    *mstart = ov[0];
    *mend = ov[1] < ov[0] ? ov[0] : ov[1];
    if (pc->n_caps > 0 && !(pc->flags & PCRE_F_NEGATED))
        store_captures(sc, pc, subj, len, ov, (uint32_t)rc);
    return 1;
}

/* Hands the captures of the matched signature on: flow: ones into f, others to out. */
void pcre_captures_commit(const struct inspect_scratch *sc, struct flow *f, struct detect_vars *out)
{
    if (out != NULL)
        out->n = 0;
    for (uint8_t i = 0; i < sc->caps.n && i < DETECT_VARS_MAX; i++) {
        const struct detect_var *v = &sc->caps.v[i];

        if (v->type == DETECT_VAR_FLOW) {
            if (f != NULL)
                (void)flow_vars_str_set(f, v->name, v->val, v->len);
        } else if (out != NULL) {
            out->v[out->n++] = *v;
        }
    }
}

const struct keyword kw_pcre = {
    .name = "pcre",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_PCRE,
    .setup = setup_pcre,
    .free = pcre_free_ctx,
};
