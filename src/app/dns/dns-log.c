/*
 * dns-log.c - the EVE "dns" object of a DNS message, in Suricata's v3 or v2 format.
 *
 * v3 (Suricata 8's default): one record per message,
 *   "dns": {"version": 3, "type": "request"|"response", "tx_id", "id", "flags" (hex),
 *           "qr"/"aa"/"tc"/"rd"/"ra"/"z" (when set), "opcode", "rcode",
 *           "queries": [{"rrname", "rrtype"}], "answers": [...], "grouped": {...},
 *           "authorities": [...], "additionals": [...]}
 * where an answer is {"rrname", "rrtype", "ttl"} plus "rdata" (addresses, names, text) or
 * an object for SOA ("soa"), SRV ("srv"), SSHFP ("sshfp"), OPT ("opt"); "grouped" maps each
 * answer type to the list of its rdata. Additionals skip OPT records without options.
 * v2 (version: 2): a request is {"type": "query", "id", "rrname", "rrtype", "tx_id",
 * "opcode"} for its first query; a response is {"version": 2, "type": "answer", "id",
 * "flags", flag booleans, "opcode", "rrname", "rrtype" (first query), "rcode", "answers",
 * "grouped", "authorities"}.
 *
 * Options (outputs eve-log types dns): version, requests/responses (also the older
 * query/answer), formats [detailed, grouped], types [a, aaaa, mx, ...]; the environment
 * variable SURICATA_EVE_DNS_VERSION overrides the version, as suricata-verify uses it.
 * The configuration is read once at startup (dns_log_init) and read-only afterwards.
 */
#include "app/dns/dns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/compiler.h"
#include "util/cursor.h"
#include "util/err.h"
#include "util/log.h"

static struct dns_log_config dns_cfg = {
    .version = 3,
    .requests = true,
    .responses = true,
    .detailed = true,
    .grouped = true,
    .all_types = true,
};

struct rrtype_name {
    uint16_t type;
    const char *name;
};

static const struct rrtype_name rrtype_names[] = {
    { 1, "A" },
    { 2, "NS" },
    { 3, "MD" },
    { 4, "MF" },
    { 5, "CNAME" },
    { 6, "SOA" },
    { 7, "MB" },
    { 8, "MG" },
    { 9, "MR" },
    { 10, "NULL" },
    { 11, "WKS" },
    { 12, "PTR" },
    { 13, "HINFO" },
    { 14, "MINFO" },
    { 15, "MX" },
    { 16, "TXT" },
    { 17, "RP" },
    { 18, "AFSDB" },
    { 19, "X25" },
    { 20, "ISDN" },
    { 21, "RT" },
    { 22, "NSAP" },
    { 23, "NSAPPTR" },
    { 24, "SIG" },
    { 25, "KEY" },
    { 26, "PX" },
    { 27, "GPOS" },
    { 28, "AAAA" },
    { 29, "LOC" },
    { 30, "NXT" },
    { 33, "SRV" },
    { 34, "ATMA" },
    { 35, "NAPTR" },
    { 36, "KX" },
    { 37, "CERT" },
    { 38, "A6" },
    { 39, "DNAME" },
    { 41, "OPT" },
    { 42, "APL" },
    { 43, "DS" },
    { 44, "SSHFP" },
    { 45, "IPSECKEY" },
    { 46, "RRSIG" },
    { 47, "NSEC" },
    { 48, "DNSKEY" },
    { 49, "DHCID" },
    { 50, "NSEC3" },
    { 51, "NSEC3PARAM" },
    { 52, "TLSA" },
    { 55, "HIP" },
    { 59, "CDS" },
    { 60, "CDNSKEY" },
    { 64, "SVCB" },
    { 65, "HTTPS" },
    { 99, "SPF" },
    { 249, "TKEY" },
    { 250, "TSIG" },
    { 253, "MAILA" },
    { 255, "ANY" },
    { 256, "URI" },
};

static const char *const rcode_names[] = {
    "NOERROR",
    "FORMERR",
    "SERVFAIL",
    "NXDOMAIN",
    "NOTIMP",
    "REFUSED",
    "YXDOMAIN",
    "YXRRSET",
    "NXRRSET",
    "NOTAUTH",
    "NOTZONE",
};

const char *dns_rrtype_name(uint16_t rrtype)
{
    for (size_t i = 0; i < VG_ARRAY_LEN(rrtype_names); i++) {
        if (rrtype_names[i].type == rrtype)
            return rrtype_names[i].name;
    }
    return NULL;
}

int dns_rrtype_by_name(const char *name)
{
    for (size_t i = 0; i < VG_ARRAY_LEN(rrtype_names); i++) {
        if (strcasecmp(rrtype_names[i].name, name) == 0)
            return rrtype_names[i].type;
    }
    return -1;
}

const char *dns_rcode_name(uint8_t rcode)
{
    return rcode < VG_ARRAY_LEN(rcode_names) ? rcode_names[rcode] : NULL;
}

/* --- configuration --- */

static void type_enable(struct dns_log_config *cfg, uint16_t t)
{
    cfg->types[t / 64] |= 1ull << (t % 64);
}

static bool type_enabled(const struct dns_log_config *cfg, uint16_t t)
{
    return cfg->all_types || (cfg->types[t / 64] & (1ull << (t % 64))) != 0;
}

static int load_dns_options(
        struct dns_log_config *cfg, const struct conf *c, const struct conf_node *opt)
{
    const struct conf_node *seq, *it;
    int64_t v;
    int r;

    if ((r = conf_get_int(c, opt, "version", &v)) < 0)
        return r;
    if (r > 0) {
        if (v != 2 && v != 3) {
            log_error(LOG_APP, "eve-log dns version %lld is not supported (2 or 3)", (long long)v);
            return VG_EINVAL;
        }
        cfg->version = (int)v;
    }
    if ((r = conf_get_bool(c, opt, "query", &cfg->requests)) < 0 ||
            (r = conf_get_bool(c, opt, "answer", &cfg->responses)) < 0 ||
            (r = conf_get_bool(c, opt, "requests", &cfg->requests)) < 0 ||
            (r = conf_get_bool(c, opt, "responses", &cfg->responses)) < 0)
        return r;
    seq = conf_get(c, opt, "formats");
    if (seq != NULL && seq->kind == CONF_SEQ && seq->child != NULL) {
        cfg->detailed = cfg->grouped = false;
        for (it = seq->child; it != NULL; it = it->next) {
            if (it->value == NULL)
                continue;
            if (strcasecmp(it->value, "detailed") == 0)
                cfg->detailed = true;
            else if (strcasecmp(it->value, "grouped") == 0)
                cfg->grouped = true;
        }
    }
    seq = conf_get(c, opt, "types");
    if (seq != NULL && seq->kind == CONF_SEQ && seq->child != NULL) {
        cfg->all_types = false;
        for (it = seq->child; it != NULL; it = it->next) {
            int t = it->value != NULL ? dns_rrtype_by_name(it->value) : -1;

            if (t < 0) {
                log_warn(LOG_APP, "eve-log dns types: unknown record type '%s' ignored",
                        it->value != NULL ? it->value : "");
                continue;
            }
            type_enable(cfg, (uint16_t)t);
        }
    }
    return VG_OK;
}

/* The dns item of an eve-log's "types" list, or NULL. */
static const struct conf_node *find_dns_type(const struct conf *c, const struct conf_node *eve)
{
    const struct conf_node *types = conf_get(c, eve, "types");

    if (types == NULL || types->kind != CONF_SEQ)
        return NULL;
    for (const struct conf_node *it = types->child; it != NULL; it = it->next) {
        if (it->kind == CONF_MAP && it->child != NULL && it->child->key != NULL &&
                strcmp(it->child->key, "dns") == 0)
            return it->child;
    }
    return NULL;
}

int dns_log_init(const struct conf *c)
{
    struct dns_log_config cfg = {
        .version = 3,
        .requests = true,
        .responses = true,
        .detailed = true,
        .grouped = true,
        .all_types = true,
    };
    const struct conf_node *outputs = c != NULL ? conf_get(c, NULL, "outputs") : NULL;
    const char *env;
    int r;

    if (outputs != NULL && outputs->kind == CONF_SEQ) {
        for (const struct conf_node *it = outputs->child; it != NULL; it = it->next) {
            const struct conf_node *dns;

            if (it->kind != CONF_MAP || it->child == NULL || it->child->key == NULL ||
                    strcmp(it->child->key, "eve-log") != 0)
                continue;
            dns = find_dns_type(c, it->child);
            if (dns != NULL && dns->kind == CONF_MAP) {
                if ((r = load_dns_options(&cfg, c, dns)) < 0)
                    return r;
                break;
            }
        }
    }
    env = getenv("SURICATA_EVE_DNS_VERSION");
    if (env != NULL && (strcmp(env, "2") == 0 || strcmp(env, "3") == 0))
        cfg.version = env[0] - '0';
    dns_cfg = cfg;
    return VG_OK;
}

const struct dns_log_config *dns_log_config_get(void)
{
    return &dns_cfg;
}

bool dns_log_wanted(const struct dns_msg *msg, bool response)
{
    if (response ? !dns_cfg.responses : !dns_cfg.requests)
        return false;
    if (dns_cfg.all_types)
        return true;
    for (uint16_t i = 0; i < msg->n_queries; i++) {
        if (type_enabled(&dns_cfg, msg->queries[i].rrtype))
            return true;
    }
    return false;
}

/* --- writing --- */

/* Length of the valid UTF-8 sequence at p (1..4), or 0. */
static size_t utf8_len(const uint8_t *p, size_t left)
{
    uint8_t c = p[0], lo = 0x80, hi = 0xbf;
    size_t n;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4;
    else
        return 0;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    if (left < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    }
    return n;
}

/* Wire bytes as a string value, as Suricata writes them: as they are when they are valid
 * UTF-8, else every byte above 0x7f as the text "\xNN". */
static void value_bytes(struct json *w, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    size_t i = 0, k = 0;
    char *buf;

    while (i < n) {
        size_t l = utf8_len(p + i, n - i);

        if (l == 0)
            break;
        i += l;
    }
    if (i == n) {
        json_strn(w, p, n);
        return;
    }
    buf = malloc(n * 4 + 1);
    if (buf == NULL) {
        json_strn(w, p, n);
        return;
    }
    for (i = 0; i < n; i++) {
        if (p[i] < 0x80) {
            buf[k++] = (char)p[i];
        } else {
            buf[k++] = '\\';
            buf[k++] = 'x';
            buf[k++] = digits[p[i] >> 4];
            buf[k++] = digits[p[i] & 0xf];
        }
    }
    json_strn(w, buf, k);
    free(buf);
}

static void kv_name(
        struct json *w, const char *key, const struct dns_msg *m, const struct dns_name *n)
{
    json_key(w, key);
    value_bytes(w, dns_name_ptr(m, n), n->len);
}

static void kv_rrtype(struct json *w, const char *key, uint16_t t)
{
    const char *name = dns_rrtype_name(t);
    char num[8];

    if (name == NULL) {
        snprintf(num, sizeof(num), "%u", t);
        name = num;
    }
    json_kv_str(w, key, name);
}

/* Writes an A/AAAA address as Suricata does (AAAA: 8 groups of 4 hex digits). */
static void addr_str(const struct dns_rr *rr, char *buf, size_t cap)
{
    const uint8_t *a = rr->u.a.addr;

    if (rr->u.a.addr_len == 4) {
        snprintf(buf, cap, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
        return;
    }
    snprintf(buf, cap, "%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x",
            a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13],
            a[14], a[15]);
}

/* True when rr has a string form of its rdata ("rdata", grouped strings). */
static bool rdata_is_string(const struct dns_rr *rr)
{
    return rr->kind == DNS_RD_ADDR || rr->kind == DNS_RD_NAME || rr->kind == DNS_RD_TXT ||
           rr->kind == DNS_RD_NULL;
}

static void value_rdata_string(struct json *w, const struct dns_msg *m, const struct dns_rr *rr)
{
    char buf[48];

    switch (rr->kind) {
    case DNS_RD_ADDR:
        addr_str(rr, buf, sizeof(buf));
        json_str(w, buf);
        break;
    case DNS_RD_NULL:
        value_bytes(w, dns_name_ptr(m, &rr->raw), rr->raw.len);
        break;
    default:
        value_bytes(w, dns_name_ptr(m, &rr->u.n.target), rr->u.n.target.len);
        break;
    }
}

static void obj_soa(struct json *w, const struct dns_msg *m, const struct dns_soa *soa)
{
    json_open_object(w);
    kv_name(w, "mname", m, &soa->mname);
    kv_name(w, "rname", m, &soa->rname);
    json_kv_u64(w, "serial", soa->serial);
    json_kv_u64(w, "refresh", soa->refresh);
    json_kv_u64(w, "retry", soa->retry);
    json_kv_u64(w, "expire", soa->expire);
    json_kv_u64(w, "minimum", soa->minimum);
    json_close_object(w);
}

static void obj_srv(struct json *w, const struct dns_msg *m, const struct dns_rr *rr)
{
    json_open_object(w);
    json_kv_u64(w, "priority", rr->u.n.pref);
    json_kv_u64(w, "weight", rr->u.n.weight);
    json_kv_u64(w, "port", rr->u.n.port);
    kv_name(w, "name", m, &rr->u.n.target);
    json_close_object(w);
}

/* Lowercase hex of n bytes, sep between bytes when not 0. */
static void hex_value(struct json *w, const uint8_t *p, size_t n, char sep)
{
    static const char digits[] = "0123456789abcdef";
    char buf[3 * 256 + 1];
    size_t k = 0;

    if (n > 256)
        n = 256;
    for (size_t i = 0; i < n; i++) {
        if (sep != 0 && i > 0)
            buf[k++] = sep;
        buf[k++] = digits[p[i] >> 4];
        buf[k++] = digits[p[i] & 0xf];
    }
    json_strn(w, buf, k);
}

static void obj_sshfp(struct json *w, const struct dns_msg *m, const struct dns_rr *rr)
{
    const uint8_t *raw = dns_name_ptr(m, &rr->raw);

    json_open_object(w);
    json_key(w, "fingerprint");
    hex_value(w, raw + 2, rr->raw.len - 2u, ':');
    json_kv_u64(w, "algo", rr->u.sshfp.algo);
    json_kv_u64(w, "type", rr->u.sshfp.fp_type);
    json_close_object(w);
}

/* Number of options of an OPT record's rdata. */
static void arr_opt(struct json *w, const struct dns_msg *m, const struct dns_rr *rr)
{
    struct cursor c = cur_make(dns_name_ptr(m, &rr->raw), rr->raw.len);
    uint16_t code, len;
    struct slice data;

    json_open_array(w);
    while (cur_be16(&c, &code) && cur_be16(&c, &len) && cur_take(&c, len, &data)) {
        json_open_object(w);
        json_kv_u64(w, "code", code);
        json_key(w, "data");
        hex_value(w, data.p, data.len, 0);
        json_close_object(w);
    }
    json_close_array(w);
}

/* The character-strings of a TXT record, one value each (Suricata logs one answer per
 * string); with head, each inside its own record object opened by head(). */
static void txt_strings(struct json *w, const struct dns_msg *m, const struct dns_rr *rr,
        void (*head)(struct json *, const struct dns_msg *, const struct dns_rr *))
{
    struct cursor c = cur_make(dns_name_ptr(m, &rr->raw), rr->raw.len);
    uint8_t n;
    struct slice str;

    while (cur_u8(&c, &n) && cur_take(&c, n, &str)) {
        if (head != NULL) {
            head(w, m, rr);
            json_key(w, "rdata");
        }
        value_bytes(w, str.p, str.len);
        if (head != NULL)
            json_close_object(w);
    }
}

/* Opens a record object and writes {"rrname", "rrtype", "ttl". */
static void rr_head(struct json *w, const struct dns_msg *m, const struct dns_rr *rr)
{
    json_open_object(w);
    kv_name(w, "rrname", m, &rr->name);
    if (rr->name.truncated)
        json_kv_bool(w, "rrname_truncated", true);
    kv_rrtype(w, "rrtype", rr->rrtype);
    json_kv_u64(w, "ttl", rr->ttl);
}

/* One record in detail: {"rrname", "rrtype", "ttl", rdata...} (a TXT record: one object
 * per string). */
static void obj_rr(struct json *w, const struct dns_msg *m, const struct dns_rr *rr)
{
    if (rr->kind == DNS_RD_TXT && rr->raw.len > 0) {
        txt_strings(w, m, rr, rr_head);
        return;
    }
    rr_head(w, m, rr);
    if (rdata_is_string(rr)) {
        json_key(w, "rdata");
        value_rdata_string(w, m, rr);
    } else if (rr->kind == DNS_RD_SOA) {
        json_key(w, "soa");
        obj_soa(w, m, &rr->u.soa);
    } else if (rr->kind == DNS_RD_SRV) {
        json_key(w, "srv");
        obj_srv(w, m, rr);
    } else if (rr->kind == DNS_RD_SSHFP) {
        json_key(w, "sshfp");
        obj_sshfp(w, m, rr);
    } else if (rr->kind == DNS_RD_OPT) {
        json_key(w, "opt");
        arr_opt(w, m, rr);
    }
    json_close_object(w);
}

/* A value of the grouped object for rr; false when its type is not grouped. */
static bool grouped_value(struct json *w, const struct dns_msg *m, const struct dns_rr *rr)
{
    if (rr->kind == DNS_RD_TXT && rr->raw.len > 0)
        txt_strings(w, m, rr, NULL);
    else if (rdata_is_string(rr))
        value_rdata_string(w, m, rr);
    else if (rr->kind == DNS_RD_SOA)
        obj_soa(w, m, &rr->u.soa);
    else if (rr->kind == DNS_RD_SRV)
        obj_srv(w, m, rr);
    else if (rr->kind == DNS_RD_SSHFP)
        obj_sshfp(w, m, rr);
    else
        return false;
    return true;
}

static bool is_groupable(const struct dns_rr *rr)
{
    return rdata_is_string(rr) || rr->kind == DNS_RD_SOA || rr->kind == DNS_RD_SRV ||
           rr->kind == DNS_RD_SSHFP;
}

/* "grouped": {"A": [...], "CNAME": [...]}: types in order of first appearance. */
static void obj_grouped(struct json *w, const struct dns_msg *m)
{
    bool any = false;

    for (uint16_t i = 0; i < m->n_answers; i++) {
        const struct dns_rr *rr = &m->answers[i];
        bool seen = false;
        const char *name;
        char num[8];

        if (!is_groupable(rr))
            continue;
        for (uint16_t j = 0; j < i && !seen; j++)
            seen = is_groupable(&m->answers[j]) && m->answers[j].rrtype == rr->rrtype;
        if (seen)
            continue;
        if (!any) {
            json_key(w, "grouped");
            json_open_object(w);
            any = true;
        }
        name = dns_rrtype_name(rr->rrtype);
        if (name == NULL) {
            snprintf(num, sizeof(num), "%u", rr->rrtype);
            name = num;
        }
        json_key(w, name);
        json_open_array(w);
        for (uint16_t j = i; j < m->n_answers; j++) {
            if (m->answers[j].rrtype == rr->rrtype)
                grouped_value(w, m, &m->answers[j]);
        }
        json_close_array(w);
    }
    if (any)
        json_close_object(w);
}

static void answers_and_authorities(struct json *w, const struct dns_msg *m)
{
    if (m->n_answers > 0 && dns_cfg.detailed) {
        json_key(w, "answers");
        json_open_array(w);
        for (uint16_t i = 0; i < m->n_answers; i++)
            obj_rr(w, m, &m->answers[i]);
        json_close_array(w);
    }
    if (m->n_answers > 0 && dns_cfg.grouped)
        obj_grouped(w, m);
    if (m->n_authorities > 0) {
        json_key(w, "authorities");
        json_open_array(w);
        for (uint16_t i = 0; i < m->n_authorities; i++)
            obj_rr(w, m, &m->authorities[i]);
        json_close_array(w);
    }
}

static void header_fields(struct json *w, const struct dns_msg *m)
{
    char flags[8];

    snprintf(flags, sizeof(flags), "%x", m->flags);
    json_kv_str(w, "flags", flags);
    if (m->flags & DNS_F_QR)
        json_kv_bool(w, "qr", true);
    if (m->flags & DNS_F_AA)
        json_kv_bool(w, "aa", true);
    if (m->flags & DNS_F_TC)
        json_kv_bool(w, "tc", true);
    if (m->flags & DNS_F_RD)
        json_kv_bool(w, "rd", true);
    if (m->flags & DNS_F_RA)
        json_kv_bool(w, "ra", true);
    if (m->flags & DNS_F_Z)
        json_kv_bool(w, "z", true);
    json_kv_u64(w, "opcode", (m->flags >> 11) & 0xf);
}

static void kv_rcode(struct json *w, const struct dns_msg *m)
{
    const char *name = dns_rcode_name(m->flags & 0xf);
    char num[4];

    if (name == NULL) {
        snprintf(num, sizeof(num), "%u", m->flags & 0xf);
        name = num;
    }
    json_kv_str(w, "rcode", name);
}

static void log_v3(struct json *w, const struct dns_msg *m, bool response)
{
    bool any_add = false;

    json_kv_u64(w, "version", 3);
    json_kv_str(w, "type", response ? "response" : "request");
    json_kv_u64(w, "tx_id", m->seq);
    json_kv_u64(w, "id", m->id);
    header_fields(w, m);
    kv_rcode(w, m);
    if (m->n_queries > 0) {
        json_key(w, "queries");
        json_open_array(w);
        for (uint16_t i = 0; i < m->n_queries; i++) {
            const struct dns_query *q = &m->queries[i];

            if (!type_enabled(&dns_cfg, q->rrtype))
                continue;
            json_open_object(w);
            kv_name(w, "rrname", m, &q->name);
            kv_rrtype(w, "rrtype", q->rrtype);
            if (q->name.truncated)
                json_kv_bool(w, "rrname_truncated", true);
            json_close_object(w);
        }
        json_close_array(w);
    }
    answers_and_authorities(w, m);
    for (uint16_t i = 0; i < m->n_additionals; i++) {
        const struct dns_rr *rr = &m->additionals[i];

        if (rr->kind == DNS_RD_OPT && rr->raw.len == 0)
            continue;
        if (!any_add) {
            json_key(w, "additionals");
            json_open_array(w);
            any_add = true;
        }
        obj_rr(w, m, rr);
    }
    if (any_add)
        json_close_array(w);
}

/* The first query the types filter lets through, or NULL. */
static const struct dns_query *first_query(const struct dns_msg *m)
{
    for (uint16_t i = 0; i < m->n_queries; i++) {
        if (type_enabled(&dns_cfg, m->queries[i].rrtype))
            return &m->queries[i];
    }
    return NULL;
}

static void log_v2(struct json *w, const struct dns_msg *m, bool response)
{
    const struct dns_query *q = first_query(m);

    if (!response) {
        json_kv_str(w, "type", "query");
        json_kv_u64(w, "id", m->id);
        if (q != NULL) {
            kv_name(w, "rrname", m, &q->name);
            kv_rrtype(w, "rrtype", q->rrtype);
        }
        json_kv_u64(w, "tx_id", m->seq);
        json_kv_u64(w, "opcode", (m->flags >> 11) & 0xf);
        if (m->flags & DNS_F_Z)
            json_kv_bool(w, "z", true);
        return;
    }
    json_kv_u64(w, "version", 2);
    json_kv_str(w, "type", "answer");
    json_kv_u64(w, "id", m->id);
    header_fields(w, m);
    if (q != NULL) {
        kv_name(w, "rrname", m, &q->name);
        kv_rrtype(w, "rrtype", q->rrtype);
    }
    kv_rcode(w, m);
    answers_and_authorities(w, m);
}

void dns_log_tx(struct json *w, const struct app_tx *tx, int dir)
{
    const struct dns_tx *t = (const struct dns_tx *)tx;
    bool response = t->req == NULL;
    const struct dns_msg *m = response ? t->resp : t->req;

    json_key(w, "dns");
    json_open_object(w);
    if (m != NULL) {
        if (dns_cfg.version == 2)
            log_v2(w, m, response);
        else
            log_v3(w, m, response);
    }
    json_close_object(w);
}

/* --- mDNS and LLMNR: the compact format --- */

/* A type's name in lowercase ("a", "ptr"), or its number. */
static void type_key(uint16_t t, char *buf, size_t cap)
{
    const char *name = dns_rrtype_name(t);
    size_t i;

    if (name == NULL) {
        snprintf(buf, cap, "%u", t);
        return;
    }
    for (i = 0; name[i] != '\0' && i + 1 < cap; i++)
        buf[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
    buf[i] = '\0';
}

/* {"rrname", "<type>": rdata}: the rdata under the lowercase type name (TXT: a list). */
static void obj_rr_compact(struct json *w, const struct dns_msg *m, const struct dns_rr *rr)
{
    char key[16];

    type_key(rr->rrtype, key, sizeof(key));
    json_open_object(w);
    kv_name(w, "rrname", m, &rr->name);
    if (rr->name.truncated)
        json_kv_bool(w, "rrname_truncated", true);
    if (rr->kind == DNS_RD_TXT) {
        json_key(w, key);
        json_open_array(w);
        txt_strings(w, m, rr, NULL);
        json_close_array(w);
    } else if (rr->kind == DNS_RD_OPT) {
        json_key(w, key);
        arr_opt(w, m, rr);
    } else if (is_groupable(rr)) {
        json_key(w, key);
        grouped_value(w, m, rr);
    }
    json_close_object(w);
}

static void section_compact(struct json *w, const char *key, const struct dns_msg *m,
        const struct dns_rr *rrs, uint16_t n)
{
    if (n == 0)
        return;
    json_key(w, key);
    json_open_array(w);
    for (uint16_t i = 0; i < n; i++)
        obj_rr_compact(w, m, &rrs[i]);
    json_close_array(w);
}

static void log_compact(struct json *w, const char *obj, const struct dns_tx *t)
{
    bool response = t->req == NULL;
    const struct dns_msg *m = response ? t->resp : t->req;
    char key[16];

    json_key(w, obj);
    json_open_object(w);
    if (m != NULL) {
        json_kv_str(w, "type", response ? "response" : "request");
        json_kv_u64(w, "id", m->id);
        header_fields(w, m);
        kv_rcode(w, m);
        if (m->n_queries > 0) {
            json_key(w, "queries");
            json_open_array(w);
            for (uint16_t i = 0; i < m->n_queries; i++) {
                json_open_object(w);
                kv_name(w, "rrname", m, &m->queries[i].name);
                if (m->queries[i].name.truncated)
                    json_kv_bool(w, "rrname_truncated", true);
                type_key(m->queries[i].rrtype, key, sizeof(key));
                json_kv_str(w, "rrtype", key);
                json_close_object(w);
            }
            json_close_array(w);
        }
        section_compact(w, "answers", m, m->answers, m->n_answers);
        section_compact(w, "authorities", m, m->authorities, m->n_authorities);
        section_compact(w, "additionals", m, m->additionals, m->n_additionals);
    }
    json_close_object(w);
}

void dns_log_tx_mdns(struct json *w, const struct app_tx *tx, int dir)
{
    log_compact(w, "mdns", (const struct dns_tx *)tx);
}

void dns_log_tx_llmnr(struct json *w, const struct app_tx *tx, int dir)
{
    log_compact(w, "llmnr", (const struct dns_tx *)tx);
}
