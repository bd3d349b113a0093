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
 * A capture list may follow the modifiers ("/(a)(b)/i, flow:x, pkt:y"): it is checked and
 * ignored, as are named captures (?P<flow_x>...): variables are not stored yet.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "detect/buffer.h"
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

/* Checks the capture list after the modifiers ("/re/i, flow:name, pkt:name, alert:name",
 * Suricata 7): each entry a known type and a name. The captured values are not stored
 * (flowvar/pktvar/alert context are not implemented): the regex still matches as given. */
static int check_captures(const char *p, const char *e, char *err, size_t errlen)
{
    static const char *const types[] = { "flow:", "pkt:", "alert:" };

    while (p < e) {
        const char *end = memchr(p, ',', (size_t)(e - p)), *name = NULL;

        if (end == NULL)
            end = e;
        while (p < end && isspace((unsigned char)*p))
            p++;
        for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
            size_t n = strlen(types[i]);

            if ((size_t)(end - p) > n && memcmp(p, types[i], n) == 0)
                name = p + n;
        }
        if (name == NULL || !(isalpha((unsigned char)*name) || *name == '_')) {
            snprintf(err, errlen, "pcre: invalid capture \"%.*s\" (flow:, pkt: or alert: name)",
                    (int)VG_MIN(end - p, 64), p);
            return VG_EINVAL;
        }
        for (; name < end && !isspace((unsigned char)*name); name++) {
            if (!isalnum((unsigned char)*name) && *name != '_' && *name != '.') {
                snprintf(err, errlen, "pcre: invalid capture name \"%.*s\"",
                        (int)VG_MIN(end - p, 64), p);
                return VG_EINVAL;
            }
        }
        p = end + 1;
    }
    return VG_OK;
}

static int setup_pcre(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    const char *s = value, *e, *slash, *mods_end;
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
    else if (check_captures(mods_end + 1, e, err, errlen) != VG_OK)
        goto fail;
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
    return 1;
}

const struct keyword kw_pcre = {
    .name = "pcre",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_PCRE,
    .setup = setup_pcre,
    .free = pcre_free_ctx,
};
