/*
 * dns-parse.c - DNS message parsing, TCP framing, request/response pairing, events.
 *
 * A message is read through util/cursor.h into a struct dns_msg (dns.h): header, queries,
 * answers, authorities, additionals, rdata decoded per type. Names are decompressed by
 * following pointers anywhere in the message, bounded by DNS_JUMPS_MAX jumps (then
 * infinite_loop, the name ends there), DNS_LABELS_MAX labels (too_many_labels) and
 * DNS_NAME_MAX bytes (name_too_long; the name is cut at that length and flagged). A broken
 * query or answer section makes the message malformed (malformed_data; what parsed is kept
 * for detection, the message is not logged, as Suricata logs nothing for it); a broken
 * authority or additional section only drops that section (invalid_authorities,
 * invalid_additionals). Rdata that does not decode for its type keeps its raw bytes.
 *
 * Over UDP each datagram is one message; over TCP each message has a 2-byte length prefix,
 * several may share a segment and one may span several calls: the incomplete one is
 * buffered (at most DNS_TCP_BUF_MAX bytes per direction). A gap drops the partial message
 * and parsing resumes at the next bytes as a new frame.
 *
 * Transactions: as in Suricata, each message is one transaction, complete at once (so tx ids,
 * records and alerts are per message, as Suricata's). Pairing is by id: a response is
 * matched with the oldest unanswered request of its id (dns_msg.paired, req_seq) among the
 * last DNS_PENDING_MAX; one without a request is unsolicited (paired false). More than
 * DNS_OPEN_TX_MAX unanswered requests raise flooded (once per flow). The direction a
 * transaction has no message for gets its logged bit set at once, and so do messages the
 * logging config filters out (types, requests/responses off) and malformed ones, so the
 * framework writes one record per logged message.
 */
#include "app/dns/dns.h"

#include <stdlib.h>
#include <string.h>

#include "util/cursor.h"
#include "util/err.h"

struct dns_tcp_buf {
    uint8_t *p; /* DNS_TCP_BUF_MAX bytes once used */
    uint32_t len;
};

/* An unanswered request. */
struct dns_pending {
    uint16_t id;
    uint64_t seq;
};

struct dns_state {
    struct dns_tcp_buf tcp[2];
    uint64_t seq;                             /* messages seen */
    struct dns_pending open[DNS_PENDING_MAX]; /* unanswered requests, oldest first */
    uint32_t n_open;
    uint32_t n_unanswered; /* requests without a response (flooded beyond the max) */
    uint8_t variant;       /* enum dns_variant */
    bool flooded;          /* flooded raised once */
    bool memcap_hit;       /* state_memcap_reached raised once */
};

/* --- the byte store of a message --- */

static bool bytes_reserve(struct dns_msg *m, size_t n)
{
    size_t cap;
    uint8_t *np;

    if ((size_t)m->bytes_len + n <= m->bytes_cap)
        return true;
    if ((size_t)m->bytes_len + n > UINT32_MAX / 2)
        return false;
    cap = m->bytes_cap != 0 ? m->bytes_cap : 256;
    while (cap < (size_t)m->bytes_len + n)
        cap *= 2;
    np = realloc(m->bytes, cap);
    if (np == NULL)
        return false;
    m->bytes = np;
    m->bytes_cap = (uint32_t)cap;
    return true;
}

static bool bytes_append(struct dns_msg *m, const void *p, size_t n)
{
    if (n == 0)
        return true;
    if (!bytes_reserve(m, n))
        return false;
    memcpy(m->bytes + m->bytes_len, p, n);
    m->bytes_len += (uint32_t)n;
    return true;
}

/* --- names --- */

/* What a name is read against: the whole message (pointers are offsets into it). */
struct dns_rd {
    struct dns_msg *m;
    const uint8_t *base;
    size_t base_len;
    uint32_t *events;
};

enum name_result {
    NAME_OK = 0,
    NAME_FAIL = -1, /* malformed: short, bad label type, pointer out of the message */
    NAME_NOMEM = -2,
};

/* Appends a label (with its '.' separator) to the name being built, cutting at
 * DNS_NAME_MAX. */
static enum name_result name_add_label(
        struct dns_rd *rd, struct dns_name *out, const uint8_t *label, size_t n)
{
    size_t room;

    if (out->truncated)
        return NAME_OK;
    if (out->len > 0) {
        if (out->len >= DNS_NAME_MAX) {
            out->truncated = true;
            *rd->events |= 1u << DNS_EV_NAME_TOO_LONG;
            return NAME_OK;
        }
        if (!bytes_append(rd->m, ".", 1))
            return NAME_NOMEM;
        out->len++;
    }
    room = DNS_NAME_MAX - out->len;
    if (n > room) {
        n = room;
        out->truncated = true;
        *rd->events |= 1u << DNS_EV_NAME_TOO_LONG;
    }
    if (!bytes_append(rd->m, label, n))
        return NAME_NOMEM;
    out->len = (uint16_t)(out->len + n);
    return NAME_OK;
}

/* Reads a (possibly compressed) name at c; c ends after the name as written in place. */
static enum name_result read_name(struct dns_rd *rd, struct cursor *c, struct dns_name *out)
{
    struct cursor r = *c;
    bool jumped = false;
    unsigned jumps = 0, labels = 0;
    enum name_result res;

    memset(out, 0, sizeof(*out));
    out->off = rd->m->bytes_len;
    for (;;) {
        uint8_t l, lo;
        struct slice label;

        if (!cur_u8(&r, &l))
            return NAME_FAIL;
        if (l == 0)
            break;
        if ((l & 0xc0) == 0xc0) {
            size_t target;

            if (!cur_u8(&r, &lo))
                return NAME_FAIL;
            target = ((size_t)(l & 0x3f) << 8) | lo;
            if (target >= rd->base_len)
                return NAME_FAIL;
            if (!jumped)
                *c = r;
            jumped = true;
            if (++jumps > DNS_JUMPS_MAX) {
                *rd->events |= 1u << DNS_EV_INFINITE_LOOP;
                out->truncated = true;
                return NAME_OK;
            }
            r = cur_make(rd->base + target, rd->base_len - target);
            continue;
        }
        if ((l & 0xc0) != 0)
            return NAME_FAIL; /* reserved label types 01 and 10 */
        if (!cur_take(&r, l, &label))
            return NAME_FAIL;
        if (++labels > DNS_LABELS_MAX) {
            if (!out->truncated)
                *rd->events |= 1u << DNS_EV_TOO_MANY_LABELS;
            out->truncated = true;
            continue; /* keep reading to find where the name ends */
        }
        res = name_add_label(rd, out, label.p, label.len);
        if (res != NAME_OK)
            return res;
    }
    if (!jumped)
        *c = r;
    if (out->len == 0 && !out->truncated) {
        if (!bytes_append(rd->m, "<root>", 6))
            return NAME_NOMEM;
        out->len = 6;
    }
    return NAME_OK;
}

/* --- rdata --- */

/* Reads a name that must fill the rest of sub (bytes after it are tolerated). */
static bool rdata_name(struct dns_rd *rd, struct cursor *sub, struct dns_name *out)
{
    return read_name(rd, sub, out) == NAME_OK;
}

/* TXT: the character-strings concatenated, as one string. */
static bool rdata_txt(struct dns_rd *rd, struct cursor *sub, struct dns_name *out)
{
    memset(out, 0, sizeof(*out));
    out->off = rd->m->bytes_len;
    while (cur_left(sub) > 0) {
        uint8_t n;
        struct slice s;

        if (!cur_u8(sub, &n) || !cur_take(sub, n, &s))
            return false;
        if ((size_t)out->len + s.len > UINT16_MAX) {
            out->truncated = true;
            break;
        }
        if (!bytes_append(rd->m, s.p, s.len))
            return false;
        out->len = (uint16_t)(out->len + s.len);
    }
    return true;
}

static bool rdata_soa(struct dns_rd *rd, struct cursor *sub, struct dns_soa *soa)
{
    return rdata_name(rd, sub, &soa->mname) && rdata_name(rd, sub, &soa->rname) &&
           cur_be32(sub, &soa->serial) && cur_be32(sub, &soa->refresh) &&
           cur_be32(sub, &soa->retry) && cur_be32(sub, &soa->expire) &&
           cur_be32(sub, &soa->minimum);
}

/* Decodes rr's rdata (sub: exactly its bytes) by type; kind stays DNS_RD_RAW when it does
 * not decode. */
static void rdata_decode(struct dns_rd *rd, struct cursor sub, struct dns_rr *rr)
{
    size_t n = cur_left(&sub);
    bool ok = false;
    uint8_t kind = DNS_RD_RAW;
    uint32_t mark = rd->m->bytes_len;

    switch (rr->rrtype) {
    case DNS_TYPE_A:
    case DNS_TYPE_AAAA:
        if (n == (rr->rrtype == DNS_TYPE_A ? 4u : 16u)) {
            ok = cur_copy(&sub, rr->u.a.addr, n);
            rr->u.a.addr_len = (uint8_t)n;
            kind = DNS_RD_ADDR;
        }
        break;
    case DNS_TYPE_CNAME:
    case DNS_TYPE_NS:
    case DNS_TYPE_PTR:
    case DNS_TYPE_DNAME:
        ok = rdata_name(rd, &sub, &rr->u.n.target);
        kind = DNS_RD_NAME;
        break;
    case DNS_TYPE_MX:
        ok = cur_be16(&sub, &rr->u.n.pref) && rdata_name(rd, &sub, &rr->u.n.target);
        kind = DNS_RD_NAME;
        break;
    case DNS_TYPE_SOA:
        ok = rdata_soa(rd, &sub, &rr->u.soa);
        kind = DNS_RD_SOA;
        break;
    case DNS_TYPE_SRV:
        ok = cur_be16(&sub, &rr->u.n.pref) && cur_be16(&sub, &rr->u.n.weight) &&
             cur_be16(&sub, &rr->u.n.port) && rdata_name(rd, &sub, &rr->u.n.target);
        kind = DNS_RD_SRV;
        break;
    case DNS_TYPE_TXT:
        ok = rdata_txt(rd, &sub, &rr->u.n.target);
        kind = DNS_RD_TXT;
        break;
    case DNS_TYPE_SSHFP:
        ok = cur_u8(&sub, &rr->u.sshfp.algo) && cur_u8(&sub, &rr->u.sshfp.fp_type);
        kind = DNS_RD_SSHFP;
        break;
    case DNS_TYPE_SVCB:
    case DNS_TYPE_HTTPS:
        ok = cur_be16(&sub, &rr->u.n.pref) && rdata_name(rd, &sub, &rr->u.n.target);
        kind = DNS_RD_SVCB;
        break;
    case DNS_TYPE_OPT:
        ok = true;
        kind = DNS_RD_OPT;
        break;
    case DNS_TYPE_NULL:
        ok = true;
        kind = DNS_RD_NULL;
        break;
    default:
        break;
    }
    if (ok) {
        rr->kind = kind;
    } else {
        /* forget what a failed decode appended */
        rd->m->bytes_len = mark;
        memset(&rr->u, 0, sizeof(rr->u));
        rr->kind = DNS_RD_RAW;
    }
}

/* Reads one resource record. false: the section is broken (or out of memory). */
static bool read_rr(struct dns_rd *rd, struct cursor *c, struct dns_rr *rr)
{
    uint16_t rdlen;
    struct slice rdata;
    struct cursor sub;

    memset(rr, 0, sizeof(*rr));
    if (read_name(rd, c, &rr->name) != NAME_OK)
        return false;
    if (!cur_be16(c, &rr->rrtype) || !cur_be16(c, &rr->rrclass) || !cur_be32(c, &rr->ttl) ||
            !cur_be16(c, &rdlen) || !cur_take(c, rdlen, &rdata))
        return false;
    rr->raw.off = rd->m->bytes_len;
    rr->raw.len = rdlen;
    if (!bytes_append(rd->m, rdata.p, rdata.len))
        return false;
    sub = cur_make(rdata.p, rdata.len);
    rdata_decode(rd, sub, rr);
    return true;
}

/* Entries to allocate for count records of at least min_size bytes each in left bytes. */
static uint16_t section_cap(uint16_t count, size_t left, size_t min_size)
{
    size_t n = count;

    if (n > left / min_size + 1)
        n = left / min_size + 1;
    if (n > DNS_RRS_MAX)
        n = DNS_RRS_MAX;
    return (uint16_t)n;
}

/* Reads count records into *arr / *n. false when the section is broken. */
static bool read_section(
        struct dns_rd *rd, struct cursor *c, uint16_t count, struct dns_rr **arr, uint16_t *n)
{
    uint16_t cap = section_cap(count, cur_left(c), 11);
    struct dns_rr tmp;

    *n = 0;
    if (cap == 0)
        return true;
    *arr = calloc(cap, sizeof(**arr));
    if (*arr == NULL)
        return false;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t mark = rd->m->bytes_len;
        bool keep = *n < cap && mark <= DNS_MSG_BYTES_MAX;
        struct dns_rr *rr = keep ? &(*arr)[*n] : &tmp;

        if (!read_rr(rd, c, rr))
            return false;
        if (keep)
            (*n)++;
        else
            rd->m->bytes_len = mark; /* parsed for validity, not kept */
    }
    return true;
}

static bool read_queries(struct dns_rd *rd, struct cursor *c, struct dns_msg *m)
{
    uint16_t cap = section_cap(m->qdcount, cur_left(c), 5);
    struct dns_query tmp;

    if (cap == 0)
        return true;
    m->queries = calloc(cap, sizeof(*m->queries));
    if (m->queries == NULL)
        return false;
    for (uint32_t i = 0; i < m->qdcount; i++) {
        uint32_t mark = m->bytes_len;
        bool keep = m->n_queries < cap && mark <= DNS_MSG_BYTES_MAX;
        struct dns_query *q = keep ? &m->queries[m->n_queries] : &tmp;

        if (read_name(rd, c, &q->name) != NAME_OK || !cur_be16(c, &q->rrtype) ||
                !cur_be16(c, &q->rrclass))
            return false;
        if (keep)
            m->n_queries++;
        else
            m->bytes_len = mark;
    }
    return true;
}

void dns_msg_free(struct dns_msg *msg)
{
    if (msg == NULL)
        return;
    free(msg->queries);
    free(msg->answers);
    free(msg->authorities);
    free(msg->additionals);
    free(msg->bytes);
    free(msg);
}

struct dns_msg *dns_msg_parse(const uint8_t *data, size_t len, uint32_t *events)
{
    struct cursor c = cur_make(data, len);
    struct dns_msg *m;
    struct dns_rd rd;
    uint8_t opcode;

    *events = 0;
    if (len < 12) {
        *events |= 1u << DNS_EV_MALFORMED_DATA;
        return NULL;
    }
    m = calloc(1, sizeof(*m));
    if (m == NULL)
        return NULL;
    if (!cur_be16(&c, &m->id) || !cur_be16(&c, &m->flags) || !cur_be16(&c, &m->qdcount) ||
            !cur_be16(&c, &m->ancount) || !cur_be16(&c, &m->nscount) || !cur_be16(&c, &m->arcount))
        goto out_malformed;
    if (m->flags & DNS_F_Z)
        *events |= 1u << DNS_EV_Z_FLAG_SET;
    opcode = (uint8_t)((m->flags >> 11) & 0xf);
    if (opcode >= 7)
        *events |= 1u << DNS_EV_INVALID_OPCODE;
    rd.m = m;
    rd.base = data;
    rd.base_len = len;
    rd.events = events;
    if (!read_queries(&rd, &c, m) || !read_section(&rd, &c, m->ancount, &m->answers, &m->n_answers))
        goto out_malformed;
    if (!read_section(&rd, &c, m->nscount, &m->authorities, &m->n_authorities)) {
        *events |= 1u << DNS_EV_INVALID_AUTHORITIES;
        m->n_authorities = 0;
        return m;
    }
    if (!read_section(&rd, &c, m->arcount, &m->additionals, &m->n_additionals)) {
        *events |= 1u << DNS_EV_INVALID_ADDITIONALS;
        m->n_additionals = 0;
    }
    return m;

out_malformed:
    *events |= 1u << DNS_EV_MALFORMED_DATA;
    m->malformed = true;
    return m;
}

/* --- state, transactions --- */

void *dns_state_new(void)
{
    return calloc(1, sizeof(struct dns_state));
}

void *dns_state_new_variant(enum dns_variant variant)
{
    struct dns_state *st = calloc(1, sizeof(struct dns_state));

    if (st != NULL)
        st->variant = (uint8_t)variant;
    return st;
}

void dns_state_free(void *state)
{
    struct dns_state *st = state;

    if (st == NULL)
        return;
    free(st->tcp[0].p);
    free(st->tcp[1].p);
    free(st);
}

void dns_tx_free(struct app_tx *tx)
{
    struct dns_tx *t = (struct dns_tx *)tx;

    if (t == NULL)
        return;
    dns_msg_free(t->req);
    dns_msg_free(t->resp);
    free(t);
}

/* Raises every event in the mask on tx (NULL: the flow). */
static void raise_events(struct app_flow *af, struct app_tx *tx, uint32_t events)
{
    for (uint8_t i = 0; i < DNS_EV_MAX; i++) {
        if (events & (1u << i))
            app_event_raise(af, tx, i);
    }
}

/* Remembers an unanswered request; beyond DNS_OPEN_TX_MAX the oldest is forgotten and
 * flooded is raised (once per flow). Returns the events to add. */
static uint32_t pending_add(struct dns_state *st, const struct dns_msg *m)
{
    uint32_t ev = 0;

    if (++st->n_unanswered > DNS_OPEN_TX_MAX && !st->flooded) {
        ev |= 1u << DNS_EV_FLOODED;
        st->flooded = true;
    }
    if (st->n_open == DNS_PENDING_MAX) {
        memmove(&st->open[0], &st->open[1], (DNS_PENDING_MAX - 1) * sizeof(st->open[0]));
        st->n_open--;
    }
    st->open[st->n_open].id = m->id;
    st->open[st->n_open].seq = m->seq;
    st->n_open++;
    return ev;
}

/* Pairs a response with the oldest unanswered request of its id. */
static void pending_match(struct dns_state *st, struct dns_msg *m)
{
    for (uint32_t i = 0; i < st->n_open; i++) {
        if (st->open[i].id != m->id)
            continue;
        m->paired = true;
        if (st->n_unanswered > 0)
            st->n_unanswered--;
        m->req_seq = st->open[i].seq;
        memmove(&st->open[i], &st->open[i + 1], (st->n_open - i - 1) * sizeof(st->open[0]));
        st->n_open--;
        return;
    }
}

/* Appends the transaction of one message: complete both ways at once (a DNS transaction
 * is one message, as in Suricata); the other direction has no record to write. */
static void add_tx(struct app_flow *af, struct dns_state *st, struct dns_msg *m, int dir,
        bool response, uint32_t events)
{
    struct dns_tx *tx = calloc(1, sizeof(*tx));
    int other = dir == APP_DIR_TOSERVER ? APP_DIR_TOCLIENT : APP_DIR_TOSERVER;

    if (tx == NULL) {
        dns_msg_free(m);
        return;
    }
    tx->variant = st->variant;
    if (!response) {
        tx->req = m;
        events |= pending_add(st, m);
    } else {
        tx->resp = m;
        pending_match(st, m);
    }
    app_tx_append(af, &tx->head);
    tx->head.complete = 3;
    tx->head.logged |= (uint8_t)(1u << other);
    if (m->skip_log)
        tx->head.logged |= (uint8_t)(1u << dir);
    raise_events(af, &tx->head, events);
}

/* One whole message of direction dir. */
static void handle_msg(
        struct app_flow *af, struct dns_state *st, int dir, const uint8_t *data, size_t len)
{
    uint32_t events = 0;
    struct dns_msg *m = dns_msg_parse(data, len, &events);
    bool qr, response;

    if (m == NULL) {
        raise_events(af, af->txs_tail, events);
        return;
    }
    qr = (m->flags & DNS_F_QR) != 0;
    if (st->variant == DNS_VARIANT_MDNS) {
        response = qr; /* multicast: both kinds travel the same way */
    } else {
        response = dir == APP_DIR_TOCLIENT;
        if (!response && qr)
            events |= 1u << DNS_EV_NOT_A_REQUEST;
        else if (response && !qr)
            events |= 1u << DNS_EV_NOT_A_RESPONSE;
    }
    m->seq = st->seq++;
    if (m->malformed || (st->variant == DNS_VARIANT_DNS && !dns_log_wanted(m, response)))
        m->skip_log = true;
    add_tx(af, st, m, dir, response, events);
}

/* Appends up to want bytes of data to the direction's buffer; returns bytes taken. */
static uint32_t buf_fill(struct dns_tcp_buf *b, const uint8_t *data, uint32_t len, uint32_t want)
{
    uint32_t n = len < want ? len : want;

    if (n == 0)
        return 0;
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return n;
}

/* TCP bytes: frames of a 2-byte length and a message. */
static int tcp_input(
        struct app_flow *af, struct dns_state *st, int dir, const uint8_t *data, uint32_t len)
{
    struct dns_tcp_buf *b = &st->tcp[dir];

    while (len > 0) {
        uint32_t flen;

        if (b->len > 0) {
            uint32_t used;

            if (b->len < 2) {
                used = buf_fill(b, data, len, 2 - b->len);
                data += used;
                len -= used;
                if (b->len < 2)
                    return VG_OK;
            }
            flen = ((uint32_t)b->p[0] << 8) | b->p[1];
            used = buf_fill(b, data, len, 2 + flen - b->len);
            data += used;
            len -= used;
            if (b->len < 2 + flen)
                return VG_OK;
            if (flen < 12)
                app_event_raise(af, af->txs_tail, DNS_EV_MALFORMED_DATA);
            else
                handle_msg(af, st, dir, b->p + 2, flen);
            b->len = 0;
            continue;
        }
        if (len >= 2) {
            flen = ((uint32_t)data[0] << 8) | data[1];
            if (len >= 2 + flen) {
                if (flen < 12)
                    app_event_raise(af, af->txs_tail, DNS_EV_MALFORMED_DATA);
                else
                    handle_msg(af, st, dir, data + 2, flen);
                data += 2 + flen;
                len -= 2 + flen;
                continue;
            }
        }
        /* an incomplete frame: keep it (it is at most DNS_TCP_BUF_MAX bytes) */
        if (b->p == NULL) {
            b->p = malloc(DNS_TCP_BUF_MAX);
            if (b->p == NULL) {
                if (!st->memcap_hit)
                    app_event_raise(af, af->txs_tail, DNS_EV_STATE_MEMCAP_REACHED);
                st->memcap_hit = true;
                return VG_ENOMEM;
            }
        }
        memcpy(b->p, data, len);
        b->len = len;
        return VG_OK;
    }
    return VG_OK;
}

int dns_parse(struct app_flow *af, void *state, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags)
{
    struct dns_state *st = state;

    if (st == NULL || (dir != APP_DIR_TOSERVER && dir != APP_DIR_TOCLIENT))
        return VG_EINVAL;
    if (p != NULL && p->proto == 17) {
        if (data != NULL && len > 0 && !(flags & APP_PARSE_F_GAP))
            handle_msg(af, st, dir, data, len);
        return VG_OK;
    }
    if (flags & APP_PARSE_F_GAP) {
        st->tcp[dir].len = 0; /* the partial message is lost */
        return VG_OK;
    }
    if (data == NULL || len == 0)
        return VG_OK;
    return tcp_input(af, st, dir, data, len);
}

/* --- probing --- */

/* A header worth looking further at: at least one query and no answer in a request,
 * counts that could fit the bytes (any opcode: invalid ones are events once parsed; the
 * probe only runs on the protocols' ports). */
static bool header_sane(const uint8_t *d, size_t len, size_t msg_len)
{
    struct cursor c = cur_make(d, len);
    uint16_t id, flags, qd, an, ns, ar;

    if (!cur_be16(&c, &id) || !cur_be16(&c, &flags) || !cur_be16(&c, &qd) || !cur_be16(&c, &an) ||
            !cur_be16(&c, &ns) || !cur_be16(&c, &ar))
        return false;
    if (!(flags & DNS_F_QR) && (qd == 0 || an > 0))
        return false;
    return (size_t)qd * 5 + ((size_t)an + ns + ar) * 11 <= msg_len - 12;
}

/* A whole message that parses without a malformed section. */
static bool msg_parses(const uint8_t *d, size_t len)
{
    uint32_t ev = 0;
    struct dns_msg *m = dns_msg_parse(d, len, &ev);
    bool ok = m != NULL && !m->malformed;

    dns_msg_free(m);
    return ok;
}

static enum app_probe_result probe_verdict(const uint8_t *hdr, int dir)
{
    bool qr = (hdr[2] & 0x80) != 0;

    if (dir == APP_DIR_TOSERVER)
        return qr ? APP_PROBE_YES_REV : APP_PROBE_YES;
    return qr ? APP_PROBE_YES : APP_PROBE_YES_REV;
}

enum app_probe_result dns_probe(const uint8_t *data, size_t len, int dir)
{
    size_t flen;

    if (data == NULL)
        return APP_PROBE_NO;
    /* a datagram: the whole message */
    if (len >= 12 && header_sane(data, len, len) && msg_parses(data, len))
        return probe_verdict(data, dir);
    /* a TCP stream: 2-byte length, then the message */
    if (len < 2 + 12)
        return len < 12 ? APP_PROBE_MORE : APP_PROBE_NO;
    flen = ((size_t)data[0] << 8) | data[1];
    if (flen < 12 || !header_sane(data + 2, len - 2, flen))
        return APP_PROBE_NO;
    if (len - 2 >= flen)
        return msg_parses(data + 2, flen) ? probe_verdict(data + 2, dir) : APP_PROBE_NO;
    return probe_verdict(data + 2, dir);
}
