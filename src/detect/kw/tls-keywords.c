/*
 * tls-keywords.c - TLS keywords: sticky buffers over the TLS transaction (tls.sni, tls.cert_*,
 * tls.certs, tls.subjectaltname, ja3.*, ja3s.*, ja4.hash, with Suricata's older names)
 * and the transaction conditions tls.subject, tls.issuerdn, tls.fingerprint, tls.version,
 * ssl_version, ssl_state, tls.cert_notbefore, tls.cert_notafter, tls.cert_expired,
 * tls.cert_valid, tls.cert_chain_len, plus tls.store (accepted; certificates are not
 * written to disk).
 *
 * Every keyword implies protocol tls. Semantics as Suricata's:
 *   - tls.subject / tls.issuerdn:[!]"text": the certificate's subject/issuer contains the
 *     text (case-sensitive); with '!' it does not;
 *   - tls.fingerprint:[!]"aa:bb:..": the SHA-1 fingerprint equals it (case-insensitive);
 *   - tls.version:1.0|1.1|1.2|1.3|ssl3|0x0303: the version of the side that sent the
 *     packet (the client hello's to server, the server's choice to client);
 *   - ssl_version:[!]v[,[!]v...] with sslv2, sslv3, tls1.0, tls1.1, tls1.2, tls1.3: that
 *     version is one of the list (negated when any item carries '!');
 *   - ssl_state:s[|s...] with client_hello, server_hello, client_keyx, server_keyx, unknown,
 *     each optionally '!': the last handshake message is one of the plain states, or not
 *     one of the negated ones;
 *   - tls.cert_notbefore / tls.cert_notafter:[<|>]date or date<>date, dates as
 *     YYYY[-MM[-DD[THH[:MM[:SS]]]]] UTC or epoch seconds: compares the certificate's date;
 *   - tls.cert_expired / tls.cert_valid: the packet's time against the validity period;
 *   - tls.cert_chain_len: the number of certificates of the server's chain (num_cmp).
 */
#include "detect/kw/kw-tls.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/app-proto.h"
#include "app/tls/tls.h"
#include "detect/buffer.h"
#include "detect/kw/kw-payload.h"
#include "util/compiler.h"
#include "util/err.h"

#define TLS_KW_VALUE_MAX 1024

static int fail(char *err, size_t errlen, const char *fmt, ...) VG_PRINTF(3, 4);

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return VG_EINVAL;
}

static bool bytes_out(const void *p, size_t len, struct slice *out)
{
    if (p == NULL || len == 0)
        return false;
    out->p = p;
    out->len = len;
    return true;
}

static const struct tls_cert_info *cert0(void *tx)
{
    const struct tls_tx *t = tx;

    return t != NULL && t->cert0.valid ? &t->cert0 : NULL;
}

/* --- buffers --- */

bool tls_buf_sni(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_tx *t = tx;

    return t != NULL && bytes_out(t->sni, t->sni_len, out);
}

bool tls_buf_subject(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_cert_info *c = cert0(tx);

    return c != NULL && bytes_out(c->subject, c->subject_len, out);
}

bool tls_buf_issuer(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_cert_info *c = cert0(tx);

    return c != NULL && bytes_out(c->issuer, c->issuer_len, out);
}

bool tls_buf_serial(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_cert_info *c = cert0(tx);

    return c != NULL && c->serial != NULL && bytes_out(c->serial, strlen(c->serial), out);
}

bool tls_buf_fingerprint(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_cert_info *c = cert0(tx);

    return c != NULL && bytes_out(c->fingerprint, strlen(c->fingerprint), out);
}

bool tls_buf_ja3_hash(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_tx *t = tx;

    return t != NULL && bytes_out(t->ja3_hash, strlen(t->ja3_hash), out);
}

bool tls_buf_ja3_string(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_tx *t = tx;

    return t != NULL && t->ja3 != NULL && bytes_out(t->ja3, strlen(t->ja3), out);
}

bool tls_buf_ja3s_hash(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_tx *t = tx;

    return t != NULL && bytes_out(t->ja3s_hash, strlen(t->ja3s_hash), out);
}

bool tls_buf_ja3s_string(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_tx *t = tx;

    return t != NULL && t->ja3s != NULL && bytes_out(t->ja3s, strlen(t->ja3s), out);
}

bool tls_buf_ja4_hash(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct tls_tx *t = tx;

    return t != NULL && bytes_out(t->ja4, strlen(t->ja4), out);
}

bool tls_buf_certs(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    const struct tls_tx *t = tx;

    return t != NULL && idx < t->n_certs && bytes_out(t->certs[idx].der, t->certs[idx].len, out);
}

bool tls_buf_san(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    const struct tls_cert_info *c = cert0(tx);

    return c != NULL && idx < c->n_sans && bytes_out(c->sans[idx], strlen(c->sans[idx]), out);
}

/* --- sticky buffer keywords --- */

static int select_buffer(struct sig_builder *b, const char *name, char *err, size_t errlen)
{
    int id = detect_buffer_lookup(name);

    if (id < 0)
        return fail(err, errlen, "buffer '%s' is not registered", name);
    if (sig_builder_set_app_proto(b, APP_PROTO_TLS) < 0)
        return fail(err, errlen, "'%s' needs a tls rule", name);
    return sig_builder_set_buffer(b, id);
}

#define TLS_STICKY(sym, kwname, bufname)                                                           \
    static int setup_##sym(struct sig_builder *b, const char *value, char *err, size_t errlen)     \
    {                                                                                              \
        return select_buffer(b, bufname, err, errlen);                                             \
    }                                                                                              \
    const struct keyword kw_##sym = {                                                              \
        .name = kwname, .flags = KW_F_NOVALUE | KW_F_STICKY, .setup = setup_##sym                  \
    }

TLS_STICKY(tls_sni, "tls.sni", "tls.sni");
TLS_STICKY(tls_cert_subject, "tls.cert_subject", "tls.cert_subject");
TLS_STICKY(tls_cert_issuer, "tls.cert_issuer", "tls.cert_issuer");
TLS_STICKY(tls_cert_serial, "tls.cert_serial", "tls.cert_serial");
TLS_STICKY(tls_cert_fingerprint, "tls.cert_fingerprint", "tls.cert_fingerprint");
TLS_STICKY(tls_certs, "tls.certs", "tls.certs");
TLS_STICKY(tls_subjectaltname, "tls.subjectaltname", "tls.subjectaltname");

/* ja3/ja3s/ja4 buffers: the rule fails when the fingerprint is off, as in Suricata. */
#define TLS_FP_STICKY(sym, kwname, bufname, flag, what)                                            \
    static int setup_##sym(struct sig_builder *b, const char *value, char *err, size_t errlen)     \
    {                                                                                              \
        if (!tls_config.flag)                                                                      \
            return fail(err, errlen, "%s: " what " support is not enabled", kwname);               \
        return select_buffer(b, bufname, err, errlen);                                             \
    }                                                                                              \
    const struct keyword kw_##sym = {                                                              \
        .name = kwname, .flags = KW_F_NOVALUE | KW_F_STICKY, .setup = setup_##sym                  \
    }

TLS_FP_STICKY(ja3_hash, "ja3.hash", "ja3.hash", ja3, "JA3");
TLS_FP_STICKY(ja3_string, "ja3.string", "ja3.string", ja3, "JA3");
TLS_FP_STICKY(ja3s_hash, "ja3s.hash", "ja3s.hash", ja3, "JA3");
TLS_FP_STICKY(ja3s_string, "ja3s.string", "ja3s.string", ja3, "JA3");
TLS_FP_STICKY(ja4_hash, "ja4.hash", "ja4.hash", ja4, "JA4");
TLS_STICKY(tls_sni_legacy, "tls_sni", "tls.sni");
TLS_STICKY(tls_cert_subject_legacy, "tls_cert_subject", "tls.cert_subject");
TLS_STICKY(tls_cert_issuer_legacy, "tls_cert_issuer", "tls.cert_issuer");
TLS_STICKY(tls_cert_serial_legacy, "tls_cert_serial", "tls.cert_serial");
TLS_STICKY(tls_cert_fp_legacy, "tls_cert_fingerprint", "tls.cert_fingerprint");
TLS_FP_STICKY(ja3_hash_legacy, "ja3_hash", "ja3.hash", ja3, "JA3");
TLS_FP_STICKY(ja3_string_legacy, "ja3_string", "ja3.string", ja3, "JA3");
TLS_FP_STICKY(ja3s_hash_legacy, "ja3s_hash", "ja3s.hash", ja3, "JA3");
TLS_FP_STICKY(ja3s_string_legacy, "ja3s_string", "ja3s.string", ja3, "JA3");

/* --- string conditions: tls.subject, tls.issuerdn, tls.fingerprint --- */

struct str_match {
    bool negated;
    size_t len;
    char s[TLS_KW_VALUE_MAX];
};

/* [!]"text" or [!]text into m; lower-cases it when lower. */
static int parse_str(
        const char *value, bool lower, struct str_match **out, char *err, size_t errlen)
{
    struct str_match *m;
    const char *s = value, *e;

    if (value == NULL)
        return fail(err, errlen, "a value is needed");
    while (isspace((unsigned char)*s))
        s++;
    m = calloc(1, sizeof(*m));
    if (m == NULL)
        return VG_ENOMEM;
    if (*s == '!') {
        m->negated = true;
        s++;
        while (isspace((unsigned char)*s))
            s++;
    }
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if (e - s >= 2 && *s == '"' && e[-1] == '"') {
        s++;
        e--;
    }
    if (e - s <= 0 || (size_t)(e - s) >= sizeof(m->s)) {
        free(m);
        return fail(err, errlen, "bad value '%s'", value);
    }
    m->len = (size_t)(e - s);
    memcpy(m->s, s, m->len);
    for (size_t i = 0; lower && i < m->len; i++)
        m->s[i] = (char)tolower((unsigned char)m->s[i]);
    *out = m;
    return VG_OK;
}

static bool contains(const uint8_t *hay, size_t hlen, const char *needle, size_t nlen)
{
    if (hay == NULL || nlen > hlen)
        return false;
    for (size_t i = 0; i + nlen <= hlen; i++) {
        if (memcmp(hay + i, needle, nlen) == 0)
            return true;
    }
    return false;
}

static bool match_subject(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct str_match *m = ctx;
    const struct tls_cert_info *c = cert0(tx);

    if (c == NULL)
        return false;
    return contains(c->subject, c->subject_len, m->s, m->len) != m->negated;
}

static bool match_issuerdn(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct str_match *m = ctx;
    const struct tls_cert_info *c = cert0(tx);

    if (c == NULL)
        return false;
    return contains(c->issuer, c->issuer_len, m->s, m->len) != m->negated;
}

static bool match_fingerprint(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct str_match *m = ctx;
    const struct tls_cert_info *c = cert0(tx);

    if (c == NULL || c->fingerprint[0] == 0)
        return false;
    return (strlen(c->fingerprint) == m->len && memcmp(c->fingerprint, m->s, m->len) == 0) !=
           m->negated;
}

static int setup_str(struct sig_builder *b, const struct keyword *kw, const char *value, bool lower,
        char *err, size_t errlen)
{
    struct str_match *m = NULL;
    int rc = parse_str(value, lower, &m, err, errlen);

    if (rc != VG_OK)
        return rc;
    rc = sig_builder_add_tx(b, kw, m, APP_PROTO_TLS);
    if (rc != VG_OK) {
        free(m);
        return fail(err, errlen, "'%s' needs a tls rule", kw->name);
    }
    return VG_OK;
}

static int setup_subject(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_str(b, &kw_tls_subject, value, false, err, errlen);
}

static int setup_issuerdn(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_str(b, &kw_tls_issuerdn, value, false, err, errlen);
}

static int setup_fingerprint(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_str(b, &kw_tls_fingerprint, value, true, err, errlen);
}

const struct keyword kw_tls_subject = { .name = "tls.subject",
    .setup = setup_subject,
    .tx_match = match_subject,
    .tx_dirs = 2,
    .free = free };
const struct keyword kw_tls_issuerdn = { .name = "tls.issuerdn",
    .setup = setup_issuerdn,
    .tx_match = match_issuerdn,
    .tx_dirs = 2,
    .free = free };
const struct keyword kw_tls_fingerprint = { .name = "tls.fingerprint",
    .setup = setup_fingerprint,
    .tx_match = match_fingerprint,
    .tx_dirs = 2,
    .free = free };

/* --- versions --- */

/* The version of the side that sent p. */
static uint16_t pkt_version(const struct packet *p, const struct tls_tx *t)
{
    if (p != NULL && p->flow_dir == APP_DIR_TOCLIENT)
        return t->server_version;
    return t->client_version;
}

struct version_match {
    uint16_t v;
};

static bool match_tls_version(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct version_match *m = ctx;

    return tx != NULL && pkt_version(p, tx) == m->v;
}

static int setup_tls_version(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct version_match *m;
    char v[32];
    size_t n = 0;

    if (value == NULL)
        return fail(err, errlen, "tls.version needs a value");
    for (const char *s = value; *s != 0 && n + 1 < sizeof(v); s++) {
        if (!isspace((unsigned char)*s) && *s != '"')
            v[n++] = (char)tolower((unsigned char)*s);
    }
    v[n] = 0;
    m = calloc(1, sizeof(*m));
    if (m == NULL)
        return VG_ENOMEM;
    if (strcmp(v, "1.0") == 0)
        m->v = TLS_VER_TLS10;
    else if (strcmp(v, "1.1") == 0)
        m->v = TLS_VER_TLS11;
    else if (strcmp(v, "1.2") == 0)
        m->v = TLS_VER_TLS12;
    else if (strcmp(v, "1.3") == 0)
        m->v = TLS_VER_TLS13;
    else if (strcmp(v, "ssl3") == 0 || strcmp(v, "3.0") == 0)
        m->v = TLS_VER_SSL3;
    else if (strncmp(v, "0x", 2) == 0 && n > 2 && n <= 6 &&
             strspn(v + 2, "0123456789abcdef") == n - 2)
        m->v = (uint16_t)strtoul(v + 2, NULL, 16);
    else {
        free(m);
        return fail(err, errlen, "tls.version: unknown version '%s'", value);
    }
    if (sig_builder_add_tx(b, &kw_tls_version, m, APP_PROTO_TLS) != VG_OK) {
        free(m);
        return fail(err, errlen, "tls.version needs a tls rule");
    }
    return VG_OK;
}

const struct keyword kw_tls_version = {
    .name = "tls.version", .setup = setup_tls_version, .tx_match = match_tls_version, .free = free
};

struct ssl_version_match {
    uint8_t set; /* bit per version below */
    bool negated;
};

static const struct {
    const char *name;
    uint16_t v;
} ssl_versions[] = {
    { "sslv2", TLS_VER_SSL2 },
    { "sslv3", TLS_VER_SSL3 },
    { "tls1.0", TLS_VER_TLS10 },
    { "tls1.1", TLS_VER_TLS11 },
    { "tls1.2", TLS_VER_TLS12 },
    { "tls1.3", TLS_VER_TLS13 },
};

static bool match_ssl_version(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct ssl_version_match *m = ctx;
    uint16_t v;
    bool in = false;

    if (tx == NULL)
        return false;
    v = pkt_version(p, tx);
    if (v == 0)
        return false;
    for (size_t i = 0; i < sizeof(ssl_versions) / sizeof(ssl_versions[0]); i++) {
        if ((m->set & (1u << i)) != 0 && ssl_versions[i].v == v)
            in = true;
    }
    return in != m->negated;
}

static int setup_ssl_version(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct ssl_version_match *m;
    const char *s = value;

    if (value == NULL)
        return fail(err, errlen, "ssl_version needs a value");
    m = calloc(1, sizeof(*m));
    if (m == NULL)
        return VG_ENOMEM;
    while (*s != 0) {
        char item[16];
        size_t n = 0;
        bool found = false;

        while (isspace((unsigned char)*s) || *s == '"')
            s++;
        if (*s == '!') {
            m->negated = true;
            s++;
        }
        while (*s != 0 && *s != ',' && n + 1 < sizeof(item)) {
            if (!isspace((unsigned char)*s) && *s != '"')
                item[n++] = (char)tolower((unsigned char)*s);
            s++;
        }
        item[n] = 0;
        if (*s == ',')
            s++;
        for (size_t i = 0; i < sizeof(ssl_versions) / sizeof(ssl_versions[0]); i++) {
            if (strcmp(item, ssl_versions[i].name) == 0) {
                m->set |= (uint8_t)(1u << i);
                found = true;
            }
        }
        if (!found) {
            free(m);
            return fail(err, errlen, "ssl_version: unknown version '%s'", item);
        }
    }
    if (sig_builder_add_tx(b, &kw_ssl_version, m, APP_PROTO_TLS) != VG_OK) {
        free(m);
        return fail(err, errlen, "ssl_version needs a tls rule");
    }
    return VG_OK;
}

const struct keyword kw_ssl_version = {
    .name = "ssl_version", .setup = setup_ssl_version, .tx_match = match_ssl_version, .free = free
};

/* --- ssl_state --- */

struct ssl_state_match {
    uint32_t flags, negated;
};

static bool match_ssl_state(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct ssl_state_match *m = ctx;
    const struct tls_tx *t = tx;

    if (t == NULL)
        return false;
    return ((m->flags & t->current_flags) ^ m->negated) != 0;
}

static int setup_ssl_state(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    static const struct {
        const char *name;
        uint32_t bit;
    } states[] = {
        { "client_hello", TLS_ST_CLIENT_HELLO },
        { "server_hello", TLS_ST_SERVER_HELLO },
        { "client_keyx", TLS_ST_CLIENT_KEYX },
        { "server_keyx", TLS_ST_SERVER_KEYX },
        { "unknown", TLS_ST_UNKNOWN },
    };
    struct ssl_state_match *m;
    const char *s = value;

    if (value == NULL)
        return fail(err, errlen, "ssl_state needs a value");
    m = calloc(1, sizeof(*m));
    if (m == NULL)
        return VG_ENOMEM;
    while (*s != 0) {
        char item[32];
        size_t n = 0;
        bool neg = false, found = false;

        while (isspace((unsigned char)*s))
            s++;
        if (*s == '!') {
            neg = true;
            s++;
        }
        while (*s != 0 && *s != '|' && *s != ',' && n + 1 < sizeof(item)) {
            if (!isspace((unsigned char)*s))
                item[n++] = *s;
            s++;
        }
        item[n] = 0;
        if (*s == '|' || *s == ',')
            s++;
        for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
            if (strcmp(item, states[i].name) == 0) {
                m->flags |= states[i].bit;
                if (neg)
                    m->negated |= states[i].bit;
                found = true;
            }
        }
        if (!found) {
            free(m);
            return fail(err, errlen, "ssl_state: unknown state '%s'", item);
        }
    }
    if (sig_builder_add_tx(b, &kw_ssl_state, m, APP_PROTO_TLS) != VG_OK) {
        free(m);
        return fail(err, errlen, "ssl_state needs a tls rule");
    }
    return VG_OK;
}

const struct keyword kw_ssl_state = {
    .name = "ssl_state", .setup = setup_ssl_state, .tx_match = match_ssl_state, .free = free
};

/* --- validity dates --- */

enum date_op {
    DATE_EQ,
    DATE_LT,
    DATE_GT,
    DATE_RANGE,
};

struct date_match {
    enum date_op op;
    int64_t a, b;
};

/* YYYY[-MM[-DD[THH[:MM[:SS]]]]] (UTC) or epoch seconds. */
static bool parse_date(const char *s, const char *e, int64_t *out)
{
    char buf[40];
    size_t n = 0;
    int f[6] = { 0, 1, 1, 0, 0, 0 }, nf = 0;
    const char *p;
    struct tm tm;

    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if (e - s <= 0 || (size_t)(e - s) >= sizeof(buf))
        return false;
    memcpy(buf, s, (size_t)(e - s));
    buf[e - s] = 0;
    n = (size_t)(e - s);
    if (strspn(buf, "0123456789") == n && n > 4) {
        *out = (int64_t)strtoll(buf, NULL, 10);
        return true;
    }
    p = buf;
    while (*p != 0 && nf < 6) {
        char *end;
        long v = strtol(p, &end, 10);

        if (end == p)
            return false;
        f[nf++] = (int)v;
        p = end;
        if (*p == '-' || *p == 'T' || *p == ':' || *p == ' ')
            p++;
        else if (*p != 0)
            return false;
    }
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = f[0] - 1900;
    tm.tm_mon = f[1] - 1;
    tm.tm_mday = f[2];
    tm.tm_hour = f[3];
    tm.tm_min = f[4];
    tm.tm_sec = f[5];
    *out = (int64_t)timegm(&tm);
    return true;
}

static int parse_dates(const char *value, struct date_match *m, char *err, size_t errlen)
{
    const char *s = value, *range;

    if (value == NULL)
        return fail(err, errlen, "a date is needed");
    while (isspace((unsigned char)*s))
        s++;
    range = strstr(s, "<>");
    if (range != NULL) {
        m->op = DATE_RANGE;
        if (!parse_date(s, range, &m->a) || !parse_date(range + 2, s + strlen(s), &m->b))
            return fail(err, errlen, "bad date range '%s'", value);
        return VG_OK;
    }
    m->op = DATE_EQ;
    if (*s == '<' || *s == '>') {
        m->op = *s == '<' ? DATE_LT : DATE_GT;
        s++;
    }
    if (!parse_date(s, s + strlen(s), &m->a))
        return fail(err, errlen, "bad date '%s'", value);
    return VG_OK;
}

static bool date_eval(const struct date_match *m, int64_t v)
{
    switch (m->op) {
    case DATE_EQ:
        return v == m->a;
    case DATE_LT:
        return v < m->a;
    case DATE_GT:
        return v > m->a;
    case DATE_RANGE:
        return v > m->a && v < m->b;
    }
    return false;
}

static bool match_notbefore(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct tls_cert_info *c = cert0(tx);

    return c != NULL && date_eval(ctx, c->not_before);
}

static bool match_notafter(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct tls_cert_info *c = cert0(tx);

    return c != NULL && date_eval(ctx, c->not_after);
}

static int setup_date(struct sig_builder *b, const struct keyword *kw, const char *value, char *err,
        size_t errlen)
{
    struct date_match *m = calloc(1, sizeof(*m));
    int rc;

    if (m == NULL)
        return VG_ENOMEM;
    rc = parse_dates(value, m, err, errlen);
    if (rc == VG_OK && sig_builder_add_tx(b, kw, m, APP_PROTO_TLS) != VG_OK)
        rc = fail(err, errlen, "'%s' needs a tls rule", kw->name);
    if (rc != VG_OK)
        free(m);
    return rc;
}

static int setup_notbefore(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_date(b, &kw_tls_cert_notbefore, value, err, errlen);
}

static int setup_notafter(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_date(b, &kw_tls_cert_notafter, value, err, errlen);
}

const struct keyword kw_tls_cert_notbefore = { .name = "tls.cert_notbefore",
    .setup = setup_notbefore,
    .tx_match = match_notbefore,
    .tx_dirs = 2,
    .free = free };
const struct keyword kw_tls_cert_notafter = { .name = "tls.cert_notafter",
    .setup = setup_notafter,
    .tx_match = match_notafter,
    .tx_dirs = 2,
    .free = free };

static int64_t pkt_seconds(const struct packet *p)
{
    return p != NULL ? (int64_t)(p->ts_usec / 1000000) : (int64_t)time(NULL);
}

static bool match_expired(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct tls_cert_info *c = cert0(tx);

    return c != NULL && c->not_after < pkt_seconds(p);
}

static bool match_valid(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct tls_cert_info *c = cert0(tx);
    int64_t now = pkt_seconds(p);

    return c != NULL && c->not_before <= now && now <= c->not_after;
}

static int setup_expired(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    if (sig_builder_add_tx(b, &kw_tls_cert_expired, NULL, APP_PROTO_TLS) != VG_OK)
        return fail(err, errlen, "tls.cert_expired needs a tls rule");
    return VG_OK;
}

static int setup_valid(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    if (sig_builder_add_tx(b, &kw_tls_cert_valid, NULL, APP_PROTO_TLS) != VG_OK)
        return fail(err, errlen, "tls.cert_valid needs a tls rule");
    return VG_OK;
}

const struct keyword kw_tls_cert_expired = { .name = "tls.cert_expired",
    .flags = KW_F_NOVALUE,
    .setup = setup_expired,
    .tx_match = match_expired,
    .tx_dirs = 2 };
const struct keyword kw_tls_cert_valid = { .name = "tls.cert_valid",
    .flags = KW_F_NOVALUE,
    .setup = setup_valid,
    .tx_match = match_valid,
    .tx_dirs = 2 };

/* --- tls.cert_chain_len, tls.store --- */

static bool match_chain_len(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct tls_tx *t = tx;

    return t != NULL && (t->state_flags & TLS_ST_SERVER_HELLO) != 0 &&
           num_cmp_eval(ctx, t->n_certs);
}

static int setup_chain_len(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct num_cmp *m = calloc(1, sizeof(*m));
    int rc;

    if (m == NULL)
        return VG_ENOMEM;
    rc = value != NULL ? num_cmp_parse(value, UINT32_MAX, m, err, errlen)
                       : fail(err, errlen, "tls.cert_chain_len needs a value");
    if (rc == VG_OK && sig_builder_add_tx(b, &kw_tls_cert_chain_len, m, APP_PROTO_TLS) != VG_OK)
        rc = fail(err, errlen, "tls.cert_chain_len needs a tls rule");
    if (rc != VG_OK)
        free(m);
    return rc;
}

const struct keyword kw_tls_cert_chain_len = { .name = "tls.cert_chain_len",
    .setup = setup_chain_len,
    .tx_match = match_chain_len,
    .tx_dirs = 2,
    .free = free };

static int setup_store(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    if (sig_builder_set_app_proto(b, APP_PROTO_TLS) < 0)
        return fail(err, errlen, "tls.store needs a tls rule");
    return VG_OK;
}

/* Accepted: the rule matches as without it; certificates are not stored to disk. */
const struct keyword kw_tls_store = {
    .name = "tls.store", .flags = KW_F_NOVALUE, .setup = setup_store
};
