/*
 * dns-keywords.c - DNS rule keywords: the name buffers and the header/record conditions.
 *
 * Sticky multi-buffers (one instance per name, transaction scope; app/dns/dns.h):
 *   dns.query (legacy dns_query)  query names of a request (to server only);
 *   dns.queries.rrname, dns.query.name  query names of a request or a response;
 *   dns.answers.rrname, dns.answer.name  answer names, either direction;
 *   dns.authorities.rrname, dns.additionals.rrname  those sections' names;
 *   dns.response.rrname  every name of a response: queries, then each answer, authority and
 *                        additional record's name followed by the names in its rdata
 *                        (CNAME, NS, PTR, DNAME, MX, SRV targets; SOA mname and rname).
 * Transaction conditions (tx list, Suricata's unsigned integer syntax: "n", "!n", "<n",
 * ">=n", "n-m" (exclusive), "!n-m", "n<>m"):
 *   dns.opcode  the header opcode;   dns.rcode  the header rcode (also by name, "NXDOMAIN");
 *   dns.rrtype  the record types: a request's queries, a response's answers (also by name,
 *               "AAAA"); an optional index after a comma picks which ("0" the first, "-1"
 *               the last, "all" every one, "any" the default).
 * The same five name buffers exist for mDNS and LLMNR (mdns.queries.rrname ...
 * llmnr.response.rrname), on their protocols' transactions.
 * A transaction is one DNS message (dns.h), so each getter reads the one message it holds.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect/kw/kw-dns.h"

#include "app/dns/dns.h"
#include "detect/buffer.h"
#include "detect/keyword.h"
#include "detect/kw/kw-hdrflow.h"
#include "detect/kw/kw-payload.h"
#include "util/err.h"

/* The message of tx a packet of p's direction inspects: a transaction is one message, a
 * request seen by to-server packets, a response by to-client ones (the engine may offer a
 * packet the transactions of the other direction too). NULL when there is none. */
static const struct dns_msg *tx_msg(struct packet *p, void *tx)
{
    const struct dns_tx *t = tx;
    int dir;

    if (t == NULL)
        return NULL;
    /* mDNS requests and responses travel the same way: no direction to check */
    if (p == NULL || p->flow == NULL || t->variant == DNS_VARIANT_MDNS)
        return t->req != NULL ? t->req : t->resp;
    dir = p->flow_dir;
    if (p->flow->app != NULL)
        dir = app_flow_dir(p->flow->app, dir);
    return dir == APP_DIR_TOSERVER ? t->req : t->resp;
}

static bool name_out(const struct dns_msg *m, const struct dns_name *n, struct slice *out)
{
    out->p = dns_name_ptr(m, n);
    out->len = n->len;
    return true;
}

static bool queries_at(const struct dns_msg *m, uint32_t idx, struct slice *out)
{
    if (m == NULL || idx >= m->n_queries)
        return false;
    return name_out(m, &m->queries[idx].name, out);
}

static bool rrs_at(const struct dns_msg *m, const struct dns_rr *rrs, uint16_t n, uint32_t idx,
        struct slice *out)
{
    if (m == NULL || idx >= n)
        return false;
    return name_out(m, &rrs[idx].name, out);
}

bool dns_buffer_query(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    const struct dns_tx *t = tx;
    const struct dns_msg *m = tx_msg(p, tx);

    return m != NULL && m == t->req && queries_at(m, idx, out);
}

bool dns_buffer_queries_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    return queries_at(tx_msg(p, tx), idx, out);
}

bool dns_buffer_answers_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    const struct dns_msg *m = tx_msg(p, tx);

    return m != NULL && rrs_at(m, m->answers, m->n_answers, idx, out);
}

bool dns_buffer_authorities_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    const struct dns_msg *m = tx_msg(p, tx);

    return m != NULL && rrs_at(m, m->authorities, m->n_authorities, idx, out);
}

bool dns_buffer_additionals_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    const struct dns_msg *m = tx_msg(p, tx);

    return m != NULL && rrs_at(m, m->additionals, m->n_additionals, idx, out);
}

/* The names of one record: its own, then those in its rdata; *idx counts down to the one
 * wanted. */
static bool rr_names(
        const struct dns_msg *m, const struct dns_rr *rr, uint32_t *idx, struct slice *out)
{
    const struct dns_name *names[3];
    size_t n = 0;

    names[n++] = &rr->name;
    switch (rr->kind) {
    case DNS_RD_NAME:
    case DNS_RD_SRV:
        names[n++] = &rr->u.n.target;
        break;
    case DNS_RD_SOA:
        names[n++] = &rr->u.soa.mname;
        names[n++] = &rr->u.soa.rname;
        break;
    default:
        break;
    }
    if (*idx < n)
        return name_out(m, names[*idx], out);
    *idx -= (uint32_t)n;
    return false;
}

static bool section_names(const struct dns_msg *m, const struct dns_rr *rrs, uint16_t n,
        uint32_t *idx, struct slice *out)
{
    for (uint16_t i = 0; i < n; i++) {
        if (rr_names(m, &rrs[i], idx, out))
            return true;
    }
    return false;
}

bool dns_buffer_response_rrname(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    const struct dns_tx *t = tx;
    const struct dns_msg *m = tx_msg(p, tx);

    if (m == NULL || m != t->resp)
        return false;
    if (idx < m->n_queries)
        return name_out(m, &m->queries[idx].name, out);
    idx -= m->n_queries;
    return section_names(m, m->answers, m->n_answers, &idx, out) ||
           section_names(m, m->authorities, m->n_authorities, &idx, out) ||
           section_names(m, m->additionals, m->n_additionals, &idx, out);
}

/* --- sticky buffers --- */

static int select_dns_buffer(
        struct sig_builder *b, const char *name, uint16_t proto, char *err, size_t errlen)
{
    int id = detect_buffer_lookup(name);
    int rc;

    if (id < 0) {
        snprintf(err, errlen, "buffer '%s' is not registered", name);
        return VG_EINVAL;
    }
    rc = sig_builder_set_app_proto(b, proto);
    if (rc < 0) {
        snprintf(err, errlen, "%s needs protocol %s", name, app_proto_name(proto));
        return rc;
    }
    return sig_builder_set_buffer(b, id);
}

#define DNS_STICKY(sym, kwname, bufname, proto)                                                    \
    static int setup_##sym(struct sig_builder *b, const char *value, char *err, size_t errlen)     \
    {                                                                                              \
        return select_dns_buffer(b, bufname, proto, err, errlen);                                  \
    }                                                                                              \
    const struct keyword kw_##sym = {                                                              \
        .name = kwname,                                                                            \
        .flags = KW_F_NOVALUE | KW_F_STICKY,                                                       \
        .setup = setup_##sym,                                                                      \
    }

DNS_STICKY(dns_query, "dns.query", "dns.query", APP_PROTO_DNS);
DNS_STICKY(dns_query_legacy, "dns_query", "dns.query", APP_PROTO_DNS);
DNS_STICKY(dns_queries_rrname, "dns.queries.rrname", "dns.queries.rrname", APP_PROTO_DNS);
DNS_STICKY(dns_query_name, "dns.query.name", "dns.query.name", APP_PROTO_DNS);
DNS_STICKY(dns_answers_rrname, "dns.answers.rrname", "dns.answers.rrname", APP_PROTO_DNS);
DNS_STICKY(dns_answer_name, "dns.answer.name", "dns.answer.name", APP_PROTO_DNS);
DNS_STICKY(
        dns_authorities_rrname, "dns.authorities.rrname", "dns.authorities.rrname", APP_PROTO_DNS);
DNS_STICKY(
        dns_additionals_rrname, "dns.additionals.rrname", "dns.additionals.rrname", APP_PROTO_DNS);
DNS_STICKY(dns_response_rrname, "dns.response.rrname", "dns.response.rrname", APP_PROTO_DNS);
DNS_STICKY(mdns_queries_rrname, "mdns.queries.rrname", "mdns.queries.rrname", APP_PROTO_MDNS);
DNS_STICKY(mdns_answers_rrname, "mdns.answers.rrname", "mdns.answers.rrname", APP_PROTO_MDNS);
DNS_STICKY(mdns_authorities_rrname, "mdns.authorities.rrname", "mdns.authorities.rrname",
        APP_PROTO_MDNS);
DNS_STICKY(mdns_additionals_rrname, "mdns.additionals.rrname", "mdns.additionals.rrname",
        APP_PROTO_MDNS);
DNS_STICKY(mdns_response_rrname, "mdns.response.rrname", "mdns.response.rrname", APP_PROTO_MDNS);
DNS_STICKY(llmnr_queries_rrname, "llmnr.queries.rrname", "llmnr.queries.rrname", APP_PROTO_LLMNR);
DNS_STICKY(llmnr_answers_rrname, "llmnr.answers.rrname", "llmnr.answers.rrname", APP_PROTO_LLMNR);
DNS_STICKY(llmnr_authorities_rrname, "llmnr.authorities.rrname", "llmnr.authorities.rrname",
        APP_PROTO_LLMNR);
DNS_STICKY(llmnr_additionals_rrname, "llmnr.additionals.rrname", "llmnr.additionals.rrname",
        APP_PROTO_LLMNR);
DNS_STICKY(
        llmnr_response_rrname, "llmnr.response.rrname", "llmnr.response.rrname", APP_PROTO_LLMNR);

/* --- integer conditions --- */

enum dns_index_mode {
    DNS_IDX_ANY = 0,
    DNS_IDX_ALL,
    DNS_IDX_AT, /* one element: index from the start (>= 0) or from the end (< 0) */
};

struct dns_num {
    struct num_cmp cmp;
    bool negate;
    enum dns_index_mode mode;
    int32_t index;
};

static bool dns_num_eval(const struct dns_num *n, uint64_t v)
{
    return num_cmp_eval(&n->cmp, v) != n->negate;
}

/* Trims spaces and quotes into buf. */
static void trim_value(const char *value, char *buf, size_t cap)
{
    size_t n;

    while (*value == ' ' || *value == '"')
        value++;
    snprintf(buf, cap, "%s", value);
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '"'))
        buf[--n] = '\0';
}

/* Parses "[!]<value or name>[,index]"; by_name maps a name to a number (NULL: numbers
 * only). */
static int dns_num_parse(const char *value, uint64_t max, int (*by_name)(const char *),
        bool with_index, struct dns_num *out, char *err, size_t errlen)
{
    char buf[64];
    char *s = buf, *comma;

    memset(out, 0, sizeof(*out));
    if (value == NULL) {
        snprintf(err, errlen, "a value is required");
        return VG_EINVAL;
    }
    trim_value(value, buf, sizeof(buf));
    comma = strchr(buf, ',');
    if (comma != NULL) {
        char *ix = comma + 1;

        *comma = '\0';
        while (*ix == ' ')
            ix++;
        if (!with_index) {
            snprintf(err, errlen, "unexpected ',' in '%s'", value);
            return VG_EINVAL;
        }
        if (strcmp(ix, "all") == 0) {
            out->mode = DNS_IDX_ALL;
        } else if (strcmp(ix, "any") == 0) {
            out->mode = DNS_IDX_ANY;
        } else {
            char *end;
            long v = strtol(ix, &end, 10);

            if (end == ix || *end != '\0' || v < -65536 || v > 65535) {
                snprintf(err, errlen, "invalid index '%s'", ix);
                return VG_EINVAL;
            }
            out->mode = DNS_IDX_AT;
            out->index = (int32_t)v;
        }
    }
    if (*s == '!' && s[1] != '=') {
        out->negate = true;
        s++;
    }
    while (*s == ' ')
        s++;
    if (by_name != NULL && isalpha((unsigned char)*s)) {
        int v = by_name(s);

        if (v < 0) {
            snprintf(err, errlen, "unknown value '%s'", s);
            return VG_EINVAL;
        }
        out->cmp.op = NUM_EQ;
        out->cmp.lo = (uint64_t)v;
        return VG_OK;
    }
    return hdr_num_parse(s, max, &out->cmp, err, errlen);
}

static void dns_num_free(void *ctx)
{
    free(ctx);
}

static int rcode_by_name(const char *name)
{
    for (uint8_t i = 0; i < 16; i++) {
        const char *n = dns_rcode_name(i);

        if (n != NULL && strcasecmp(n, name) == 0)
            return i;
    }
    return -1;
}

static int setup_num(struct sig_builder *b, const struct keyword *kw, const char *value,
        uint64_t max, int (*by_name)(const char *), bool with_index, char *err, size_t errlen)
{
    struct dns_num *n = calloc(1, sizeof(*n));
    int rc;

    if (n == NULL)
        return VG_ENOMEM;
    rc = dns_num_parse(value, max, by_name, with_index, n, err, errlen);
    if (rc < 0) {
        free(n);
        return rc;
    }
    return sig_builder_add_tx(b, kw, n, APP_PROTO_DNS);
}

static bool match_opcode(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct dns_msg *m = tx_msg(p, tx);

    return m != NULL && dns_num_eval(ctx, (m->flags >> 11) & 0xf);
}

static bool match_rcode(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct dns_msg *m = tx_msg(p, tx);

    return m != NULL && dns_num_eval(ctx, m->flags & 0xf);
}

/* The record type of element i of the message's list (queries or answers). */
static uint16_t rrtype_at(const struct dns_msg *m, bool response, uint32_t i)
{
    return response ? m->answers[i].rrtype : m->queries[i].rrtype;
}

static bool match_rrtype(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct dns_tx *t = tx;
    const struct dns_num *n = ctx;
    const struct dns_msg *m = tx_msg(p, tx);
    bool response;
    uint32_t count;
    int64_t at;

    if (m == NULL)
        return false;
    response = m == t->resp;
    count = response ? m->n_answers : m->n_queries;
    if (count == 0)
        return false;
    switch (n->mode) {
    case DNS_IDX_AT:
        at = n->index >= 0 ? n->index : (int64_t)count + n->index;
        return at >= 0 && at < count && dns_num_eval(n, rrtype_at(m, response, (uint32_t)at));
    case DNS_IDX_ALL:
        for (uint32_t i = 0; i < count; i++) {
            if (!dns_num_eval(n, rrtype_at(m, response, i)))
                return false;
        }
        return true;
    default:
        for (uint32_t i = 0; i < count; i++) {
            if (dns_num_eval(n, rrtype_at(m, response, i)))
                return true;
        }
        return false;
    }
}

static int setup_opcode(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_num(b, &kw_dns_opcode, value, 15, NULL, false, err, errlen);
}

static int setup_rcode(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_num(b, &kw_dns_rcode, value, 255, rcode_by_name, false, err, errlen);
}

static int setup_rrtype(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_num(b, &kw_dns_rrtype, value, 65535, dns_rrtype_by_name, true, err, errlen);
}

const struct keyword kw_dns_opcode = {
    .name = "dns.opcode",
    .setup = setup_opcode,
    .tx_match = match_opcode,
    .free = dns_num_free,
};

const struct keyword kw_dns_rcode = {
    .name = "dns.rcode",
    .setup = setup_rcode,
    .tx_match = match_rcode,
    .free = dns_num_free,
};

const struct keyword kw_dns_rrtype = {
    .name = "dns.rrtype",
    .setup = setup_rrtype,
    .tx_match = match_rrtype,
    .free = dns_num_free,
};
