/*
 * tls-parse.c - the TLS record layer and handshake decoding (see tls.h).
 *
 * Each direction is a stream of records. A record header (5 bytes for SSLv3..TLS 1.3, 2 or
 * 3 for SSLv2) may be split anywhere across calls: its bytes are gathered in a small
 * buffer. Record bodies that are decoded (handshake before encryption, alerts, heartbeats,
 * ChangeCipherSpec, SSLv2 hellos) are decoded in place when the whole body is in one call,
 * else gathered in a per-direction buffer (at most one record: 18 KiB); application data
 * and encrypted handshake records are skipped without copying. Handshake messages may span
 * records: their bytes go through a second buffer bounded by tls_config.hs_max (a longer
 * message raises handshake_invalid_length and stops handshake decoding in that
 * direction).
 *
 * The session's one transaction is created with the first bytes. A direction is complete
 * at its ChangeCipherSpec, its first application data, for TLS 1.3 the server right after
 * its ServerHello, or at the end of the direction or a gap. Once both are complete the
 * framework owns the tx: the state forgets it and later records only raise flow events.
 * Records of a tx that Suricata would not log (no certificate, not TLS 1.3, not a logged
 * resumption) keep head.logged at 3 so no tls record is written for them.
 */
#include "app/tls/tls.h"

#include <stdlib.h>
#include <string.h>

#include "util/cursor.h"
#include "util/err.h"

#define TLS_REC_MAX      (16384u + 2048u) /* TLSCiphertext limit */
#define TLS_SSL2_REC_MAX 32767u
#define TLS_MAX_CERTS    32u
#define TLS_LIST_MAX     4096u /* entries kept per hello list */

enum {
    REC_CCS = 20,
    REC_ALERT = 21,
    REC_HANDSHAKE = 22,
    REC_APPDATA = 23,
    REC_HEARTBEAT = 24,
    REC_SSL2 = 0x80, /* internal: an SSLv2 record */
};

struct tls_dir {
    uint8_t hdr[5];
    uint8_t hdr_len, hdr_need;
    bool in_body;
    uint8_t rec_type;
    uint16_t rec_ver;
    uint32_t rec_size, rec_left; /* body size, body bytes still to come */
    bool rec_keep;               /* body is decoded (else skipped) */
    uint8_t *rec;                /* gathered body (split records) */
    uint32_t rec_len, rec_cap;
    uint8_t *hs; /* pending handshake bytes (less than one message) */
    uint32_t hs_len, hs_cap;
    bool encrypted; /* records of this direction are opaque now */
    bool sslv2;     /* this direction speaks SSLv2 records */
    bool hs_dead;   /* handshake decoding stopped (overflow) */
    bool done;      /* complete (tx->head.complete bit set) */
    bool lost;      /* a gap: the rest of the direction is skipped */
};

struct tls_state {
    struct tls_dir d[2];
    struct tls_tx *tx; /* NULL once complete both ways (the framework owns it) */
    bool tx_made;
    bool tls13;     /* the server chose TLS 1.3 */
    bool offered13; /* the client offered TLS 1.3 (supported_versions) */
    bool real_sh;   /* a ServerHello that is not a HelloRetryRequest was seen */
    bool server_cert;
};

void *tls_state_new(void)
{
    return calloc(1, sizeof(struct tls_state));
}

void tls_state_free(void *state)
{
    struct tls_state *st = state;

    if (st == NULL)
        return;
    for (int i = 0; i < 2; i++) {
        free(st->d[i].rec);
        free(st->d[i].hs);
    }
    free(st);
}

static void hello_release(struct tls_hello *h)
{
    free(h->ciphers.v);
    free(h->exts.v);
    free(h->groups.v);
    free(h->sig_algs.v);
    free(h->versions.v);
    free(h->ec_pf);
    free(h->alpn);
    memset(h, 0, sizeof(*h));
}

void tls_tx_free(struct app_tx *atx)
{
    struct tls_tx *tx = (struct tls_tx *)atx;

    if (tx == NULL)
        return;
    hello_release(&tx->ch);
    hello_release(&tx->sh);
    for (uint32_t i = 0; i < tx->n_certs; i++)
        free(tx->certs[i].der);
    free(tx->certs);
    tls_cert_info_release(&tx->cert0);
    free(tx->sni);
    free(tx->ja3);
    free(tx->ja3s);
    free(tx);
}

static void ev(struct app_flow *af, struct tls_state *st, enum tls_event id)
{
    app_event_raise(af, st->tx != NULL ? &st->tx->head : NULL, (uint8_t)id);
}

/* Whether Suricata would write a tls record for tx (else head.logged stays 3). */
static void update_log_wanted(struct tls_tx *tx)
{
    bool want = tx->n_certs > 0 || (tx->flags & TLS_F_LOG_NO_CERT) != 0 ||
                ((tx->flags & TLS_F_RESUMED) != 0 && tls_config.log_resumed);

    tx->head.logged = want ? 0 : 3;
}

static void dir_complete(struct app_flow *af, struct tls_state *st, int dir)
{
    struct tls_dir *d = &st->d[dir];

    if (d->done)
        return;
    d->done = true;
    if (st->tx == NULL)
        return;
    if (dir == APP_DIR_TOCLIENT && !st->server_cert && !st->tls13 && st->tx->sh.seen &&
            st->tx->server_version != TLS_VER_SSL2)
        st->tx->flags |= TLS_F_RESUMED;
    update_log_wanted(st->tx);
    st->tx->head.complete |= (uint8_t)(1u << dir);
    if (st->tx->head.complete == 3)
        st->tx = NULL;
}

/* --- hello lists --- */

static bool read_u16s(struct cursor *c, size_t bytes, struct tls_u16s *out)
{
    size_t n = bytes / 2;

    if ((bytes & 1) != 0 || !cur_has(c, bytes))
        return false;
    free(out->v);
    out->v = NULL;
    out->n = 0;
    if (n > TLS_LIST_MAX)
        n = TLS_LIST_MAX;
    if (n > 0) {
        out->v = malloc(n * sizeof(uint16_t));
        if (out->v == NULL)
            return false;
    }
    for (size_t i = 0; i < n; i++)
        cur_be16(c, &out->v[i]);
    out->n = (uint16_t)n;
    return cur_skip(c, bytes - n * 2);
}

static bool push_u16(struct tls_u16s *l, uint16_t v)
{
    uint16_t *nv;

    if (l->n >= TLS_LIST_MAX)
        return true;
    nv = realloc(l->v, ((size_t)l->n + 1) * sizeof(uint16_t));
    if (nv == NULL)
        return false;
    l->v = nv;
    l->v[l->n++] = v;
    return true;
}

static bool dup_bytes(const uint8_t *p, size_t len, uint8_t **out)
{
    free(*out);
    *out = malloc(len + 1);
    if (*out == NULL)
        return false;
    if (len > 0)
        memcpy(*out, p, len);
    (*out)[len] = 0;
    return true;
}

/* server_name extension of a ClientHello. */
static void ext_sni(struct app_flow *af, struct tls_state *st, struct cursor *e)
{
    struct tls_tx *tx = st->tx;
    uint16_t list_len, name_len;
    uint8_t type;
    struct slice name;

    if ((tx->flags & TLS_F_HAS_SNI) != 0) {
        ev(af, st, TLS_EV_MULTIPLE_SNI_EXTENSIONS);
        tx->flags |= TLS_F_MULTI_SNI;
        return;
    }
    tx->flags |= TLS_F_HAS_SNI;
    if (!cur_be16(e, &list_len) || !cur_u8(e, &type)) {
        ev(af, st, TLS_EV_INVALID_SNI_LENGTH);
        return;
    }
    if (type != 0) {
        ev(af, st, TLS_EV_INVALID_SNI_TYPE);
        return;
    }
    if (!cur_be16(e, &name_len) || !cur_take(e, name_len, &name)) {
        ev(af, st, TLS_EV_INVALID_SNI_LENGTH);
        return;
    }
    if (dup_bytes(name.p, name.len, &tx->sni))
        tx->sni_len = (uint16_t)name.len;
}

/* The extensions block of a hello; client says which side's meaning applies. */
static bool hello_exts(struct app_flow *af, struct tls_state *st, struct cursor *c,
        struct tls_hello *h, bool client)
{
    uint16_t total;
    struct cursor all;

    if (!cur_has(c, 1))
        return true; /* no extensions */
    if (!cur_be16(c, &total) || !cur_sub(c, total, &all))
        return false;
    cur_skip(c, total);
    while (cur_left(&all) > 0) {
        uint16_t type, len;
        struct cursor e;

        if (!cur_be16(&all, &type) || !cur_be16(&all, &len) || !cur_sub(&all, len, &e))
            return false;
        cur_skip(&all, len);
        if (!push_u16(&h->exts, type))
            return false;
        switch (type) {
        case 0:
            if (client)
                ext_sni(af, st, &e);
            break;
        case 10: {
            uint16_t n;
            if (cur_be16(&e, &n))
                read_u16s(&e, n, &h->groups);
            break;
        }
        case 11: {
            uint8_t n;
            struct slice s;
            if (cur_u8(&e, &n) && cur_take(&e, n, &s) && dup_bytes(s.p, s.len, &h->ec_pf))
                h->n_ec_pf = n;
            break;
        }
        case 13: {
            uint16_t n;
            if (cur_be16(&e, &n))
                read_u16s(&e, n, &h->sig_algs);
            break;
        }
        case 16: {
            uint16_t n;
            uint8_t plen;
            struct slice s;
            if (cur_be16(&e, &n) && cur_u8(&e, &plen) && cur_take(&e, plen, &s) &&
                    h->alpn == NULL && dup_bytes(s.p, s.len, &h->alpn))
                h->alpn_len = plen;
            break;
        }
        case 43:
            if (client) {
                uint8_t n;
                if (cur_u8(&e, &n))
                    read_u16s(&e, n, &h->versions);
            } else {
                uint16_t v;
                if (cur_be16(&e, &v))
                    push_u16(&h->versions, v);
            }
            break;
        default:
            break;
        }
    }
    return true;
}

/* version, random, session id: the common start of both hellos. */
static bool hello_head(struct cursor *c, struct tls_hello *h, struct slice *random)
{
    uint8_t sid_len;

    if (!cur_be16(c, &h->version) || !cur_take(c, 32, random) || !cur_u8(c, &sid_len) ||
            sid_len > 32 || !cur_copy(c, h->session_id, sid_len))
        return false;
    h->session_id_len = sid_len;
    return true;
}

static bool is_tls13(uint16_t v)
{
    return v == TLS_VER_TLS13 || (v >> 8) == 0x7f || (v & 0xff00) == 0xfb00;
}

static void hs_client_hello(struct app_flow *af, struct tls_state *st, struct cursor *c)
{
    struct tls_tx *tx = st->tx;
    struct tls_hello *h = &tx->ch;
    struct slice random, comp;
    uint16_t clen;
    uint8_t comp_len;

    tx->state_flags |= TLS_ST_CLIENT_HELLO;
    tx->current_flags = TLS_ST_CLIENT_HELLO;
    if (h->seen)
        return; /* a second hello (after HelloRetryRequest): the first one counts */
    h->seen = true;
    if (!hello_head(c, h, &random) || !cur_be16(c, &clen) || !read_u16s(c, clen, &h->ciphers) ||
            !cur_u8(c, &comp_len) || !cur_take(c, comp_len, &comp) ||
            !hello_exts(af, st, c, h, true)) {
        ev(af, st, TLS_EV_HANDSHAKE_INVALID_LENGTH);
        return;
    }
    tx->client_version = h->version;
    for (uint16_t i = 0; i < h->versions.n; i++)
        st->offered13 |= is_tls13(h->versions.v[i]);
    tls_fp_client(tx, tls_config.ja3, tls_config.ja4);
}

static const uint8_t hrr_random[32] = { 0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d,
    0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e,
    0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c };

static void hs_server_hello(struct app_flow *af, struct tls_state *st, struct cursor *c)
{
    struct tls_tx *tx = st->tx;
    struct tls_hello *h = &tx->sh;
    struct slice random;
    uint16_t cipher;
    uint8_t comp;
    bool hrr;

    tx->state_flags |= TLS_ST_SERVER_HELLO;
    tx->current_flags = TLS_ST_SERVER_HELLO;
    hello_release(h);
    h->seen = true;
    if (!hello_head(c, h, &random) || !cur_be16(c, &cipher) || !cur_u8(c, &comp) ||
            !push_u16(&h->ciphers, cipher) || !hello_exts(af, st, c, h, false)) {
        ev(af, st, TLS_EV_HANDSHAKE_INVALID_LENGTH);
        return;
    }
    tx->server_version = h->version;
    if (h->versions.n > 0)
        tx->server_version = h->versions.v[0];
    tls_fp_server(tx);
    hrr = memcmp(random.p, hrr_random, 32) == 0;
    st->real_sh |= !hrr;
    if (is_tls13(tx->server_version) && !hrr) {
        st->tls13 = true;
        tx->flags |= TLS_F_LOG_NO_CERT;
        st->d[APP_DIR_TOCLIENT].encrypted = true;
        st->d[APP_DIR_TOSERVER].encrypted = true;
        dir_complete(af, st, APP_DIR_TOCLIENT);
    }
}

/* Reads a DER tag and length: false when the header itself is cut short. */
static bool der_header(struct cursor *c, uint64_t *len)
{
    uint8_t tag, b;

    *len = 0;
    if (!cur_u8(c, &tag) || !cur_u8(c, &b))
        return false;
    if ((b & 0x80) == 0) {
        *len = b;
        return true;
    }
    b &= 0x7f;
    if (b == 0 || b > 8)
        return false;
    for (uint8_t i = 0; i < b; i++) {
        uint8_t v;

        if (!cur_u8(c, &v))
            return false;
        *len = (*len << 8) | v;
    }
    return true;
}

/* The event for a certificate OpenSSL could not parse, as Suricata names the cause: a DER
 * header cut short is certificate_invalid_length, other errors invalid_certificate. */
static void cert_error(struct app_flow *af, struct tls_state *st, const uint8_t *der, size_t len)
{
    struct cursor c = cur_make(der, len), inner;
    uint64_t outer_len, inner_len;

    if (!der_header(&c, &outer_len)) {
        ev(af, st, TLS_EV_CERTIFICATE_INVALID_LENGTH);
        return;
    }
    inner = c;
    if (outer_len < cur_left(&c))
        cur_limit(&inner, (size_t)outer_len);
    if (outer_len > 0 && !der_header(&inner, &inner_len)) {
        ev(af, st, TLS_EV_CERTIFICATE_INVALID_LENGTH);
        return;
    }
    ev(af, st, TLS_EV_INVALID_CERTIFICATE);
    ev(af, st, TLS_EV_CERTIFICATE_INVALID_DER);
}

static void hs_certificate(struct app_flow *af, struct tls_state *st, int dir, struct cursor *c)
{
    struct tls_tx *tx = st->tx;
    uint32_t list_len;
    struct cursor list;

    if (dir == APP_DIR_TOSERVER) {
        tx->flags |= TLS_F_CLIENT_CERT;
        return;
    }
    if (tx->n_certs > 0)
        return;
    if (!cur_be24(c, &list_len) || !cur_sub(c, list_len, &list)) {
        ev(af, st, TLS_EV_CERTIFICATE_INVALID_LENGTH);
        ev(af, st, TLS_EV_INVALID_HANDSHAKE_MESSAGE);
        return;
    }
    st->server_cert = true;
    while (cur_left(&list) > 0) {
        uint32_t clen;
        struct slice der;
        struct tls_cert *nc;

        if (!cur_be24(&list, &clen) || !cur_take(&list, clen, &der)) {
            ev(af, st, TLS_EV_CERTIFICATE_INVALID_LENGTH);
            ev(af, st, TLS_EV_INVALID_HANDSHAKE_MESSAGE);
            break;
        }
        if (tx->n_certs >= TLS_MAX_CERTS)
            continue;
        nc = realloc(tx->certs, ((size_t)tx->n_certs + 1) * sizeof(*nc));
        if (nc == NULL)
            break;
        tx->certs = nc;
        nc[tx->n_certs].der = NULL;
        if (!dup_bytes(der.p, der.len, &nc[tx->n_certs].der))
            break;
        nc[tx->n_certs].len = clen;
        tx->n_certs++;
        if (tx->n_certs == 1 && tls_cert_decode(der.p, clen, &tx->cert0) != VG_OK) {
            cert_error(af, st, der.p, der.len);
            ev(af, st, TLS_EV_INVALID_HANDSHAKE_MESSAGE);
        }
    }
    update_log_wanted(tx);
}

/* One complete handshake message. */
static void hs_message(
        struct app_flow *af, struct tls_state *st, int dir, uint8_t type, struct cursor *body)
{
    struct tls_tx *tx = st->tx;

    switch (type) {
    case 1:
        if (dir == APP_DIR_TOSERVER)
            hs_client_hello(af, st, body);
        break;
    case 2:
        if (dir == APP_DIR_TOCLIENT)
            hs_server_hello(af, st, body);
        break;
    case 11:
        hs_certificate(af, st, dir, body);
        break;
    case 12:
        tx->state_flags |= TLS_ST_SERVER_KEYX;
        tx->current_flags = TLS_ST_SERVER_KEYX;
        break;
    case 16:
        tx->state_flags |= TLS_ST_CLIENT_KEYX;
        tx->current_flags = TLS_ST_CLIENT_KEYX;
        break;
    case 14: /* server_hello_done: the handshake is as done as Suricata logs it */
        tx->current_flags = TLS_ST_UNKNOWN;
        if (dir == APP_DIR_TOCLIENT) {
            dir_complete(af, st, APP_DIR_TOCLIENT);
            dir_complete(af, st, APP_DIR_TOSERVER);
        }
        break;
    case 0:   /* hello_request */
    case 3:   /* hello_verify_request */
    case 4:   /* new_session_ticket */
    case 5:   /* end_of_early_data */
    case 8:   /* encrypted_extensions */
    case 13:  /* certificate_request */
    case 15:  /* certificate_verify */
    case 20:  /* finished */
    case 21:  /* certificate_url */
    case 22:  /* certificate_status */
    case 23:  /* supplemental_data */
    case 24:  /* key_update */
    case 25:  /* compressed_certificate */
    case 67:  /* next_protocol */
    case 254: /* message_hash */
        tx->current_flags = TLS_ST_UNKNOWN;
        break;
    default:
        ev(af, st, TLS_EV_INVALID_HANDSHAKE_MESSAGE);
        break;
    }
}

/* Decodes every complete message of buf; returns the bytes used (the rest is partial). */
static size_t hs_messages(
        struct app_flow *af, struct tls_state *st, int dir, const uint8_t *buf, size_t len)
{
    struct tls_dir *d = &st->d[dir];
    struct cursor c = cur_make(buf, len);

    while (st->tx != NULL && !d->hs_dead && !d->encrypted) {
        struct cursor save = c, body;
        uint8_t type;
        uint32_t mlen;

        if (!cur_u8(&c, &type) || !cur_be24(&c, &mlen)) {
            c = save;
            break;
        }
        if (mlen > tls_config.hs_max) {
            ev(af, st, TLS_EV_HANDSHAKE_INVALID_LENGTH);
            d->hs_dead = true;
            return len;
        }
        if (!cur_sub(&c, mlen, &body)) {
            c = save;
            break;
        }
        cur_skip(&c, mlen);
        hs_message(af, st, dir, type, &body);
    }
    if (st->tx == NULL || d->hs_dead || d->encrypted)
        return len;
    return (size_t)(c.p - buf);
}

/* The body of a handshake record. */
static void rec_handshake(
        struct app_flow *af, struct tls_state *st, int dir, const uint8_t *p, uint32_t len)
{
    struct tls_dir *d = &st->d[dir];
    size_t used;

    if (d->hs_dead || st->tx == NULL)
        return;
    if (d->hs_len == 0) {
        used = hs_messages(af, st, dir, p, len);
        p += used;
        len -= (uint32_t)used;
        if (len == 0)
            return;
    }
    if (d->hs_len + len > d->hs_cap) {
        uint32_t cap = d->hs_len + len;
        uint8_t *nb = realloc(d->hs, cap);

        if (nb == NULL) {
            d->hs_dead = true;
            return;
        }
        d->hs = nb;
        d->hs_cap = cap;
    }
    memcpy(d->hs + d->hs_len, p, len);
    d->hs_len += len;
    used = hs_messages(af, st, dir, d->hs, d->hs_len);
    if (used >= d->hs_len) {
        d->hs_len = 0;
        return;
    }
    memmove(d->hs, d->hs + used, d->hs_len - used);
    d->hs_len -= (uint32_t)used;
}

static void rec_heartbeat(
        struct app_flow *af, struct tls_state *st, int dir, const uint8_t *p, uint32_t len)
{
    struct cursor c = cur_make(p, len);
    uint8_t type;
    uint16_t plen;

    ev(af, st, TLS_EV_HEARTBEAT_MESSAGE);
    if (st->d[dir].encrypted)
        return;
    if (!cur_u8(&c, &type) || !cur_be16(&c, &plen) || (type != 1 && type != 2)) {
        ev(af, st, TLS_EV_INVALID_HEARTBEAT_MESSAGE);
        return;
    }
    if ((uint32_t)plen + 3 + 16 > len)
        ev(af, st, TLS_EV_OVERFLOW_HEARTBEAT_MESSAGE);
}

static uint16_t ssl2_version(uint16_t v)
{
    return v == 0x0002 ? TLS_VER_SSL2 : v;
}

/* An SSLv2 record: the message type is its first byte. */
static void rec_ssl2(
        struct app_flow *af, struct tls_state *st, int dir, const uint8_t *p, uint32_t len)
{
    struct cursor c = cur_make(p, len);
    struct tls_tx *tx = st->tx;
    uint8_t type;

    if (st->d[dir].encrypted || tx == NULL || !cur_u8(&c, &type))
        return;
    switch (type) {
    case 0:
        ev(af, st, TLS_EV_ERROR_MESSAGE_ENCOUNTERED);
        break;
    case 1: { /* CLIENT-HELLO */
        uint16_t v;
        tx->state_flags |= TLS_ST_CLIENT_HELLO;
        tx->current_flags = TLS_ST_CLIENT_HELLO;
        tx->flags |= TLS_F_SSLV2_HELLO;
        if (!cur_be16(&c, &v)) {
            ev(af, st, TLS_EV_INVALID_SSLV2_HEADER);
            break;
        }
        tx->client_version = ssl2_version(v);
        tx->ch.version = tx->client_version;
        break;
    }
    case 2: /* CLIENT-MASTER-KEY */
        tx->state_flags |= TLS_ST_CLIENT_KEYX;
        tx->current_flags = TLS_ST_CLIENT_KEYX;
        st->d[dir].encrypted = true;
        dir_complete(af, st, dir);
        break;
    case 4: { /* SERVER-HELLO */
        uint8_t hit, cert_type;
        uint16_t v, cert_len, cs_len, cid_len;
        struct slice der;
        tx->state_flags |= TLS_ST_SERVER_HELLO;
        tx->current_flags = TLS_ST_SERVER_HELLO;
        if (!cur_u8(&c, &hit) || !cur_u8(&c, &cert_type) || !cur_be16(&c, &v) ||
                !cur_be16(&c, &cert_len) || !cur_be16(&c, &cs_len) || !cur_be16(&c, &cid_len)) {
            ev(af, st, TLS_EV_INVALID_SSLV2_HEADER);
            break;
        }
        tx->server_version = ssl2_version(v);
        if (cert_len > 0 && cur_take(&c, cert_len, &der) && tx->n_certs == 0) {
            free(tx->certs);
            tx->certs = calloc(1, sizeof(*tx->certs));
            if (tx->certs != NULL && dup_bytes(der.p, der.len, &tx->certs[0].der)) {
                tx->certs[0].len = cert_len;
                tx->n_certs = 1;
                st->server_cert = true;
                if (tls_cert_decode(der.p, cert_len, &tx->cert0) != VG_OK)
                    ev(af, st, TLS_EV_INVALID_CERTIFICATE);
            }
            update_log_wanted(tx);
        }
        st->d[dir].encrypted = true;
        dir_complete(af, st, dir);
        break;
    }
    default:
        break;
    }
}

/* One complete record body of the decoded kinds. */
static void rec_done(
        struct app_flow *af, struct tls_state *st, int dir, const uint8_t *p, uint32_t len)
{
    struct tls_dir *d = &st->d[dir];

    switch (d->rec_type) {
    case REC_HANDSHAKE:
        rec_handshake(af, st, dir, p, len);
        break;
    case REC_ALERT:
        if (!d->encrypted && len != 2)
            ev(af, st, TLS_EV_INVALID_ALERT_MESSAGE);
        break;
    case REC_HEARTBEAT:
        rec_heartbeat(af, st, dir, p, len);
        break;
    case REC_SSL2:
        rec_ssl2(af, st, dir, p, len);
        break;
    default:
        break;
    }
}

/* A complete record header: checks it and sets up the body. VG_OK or VG_EINVAL. */
static int rec_start(struct app_flow *af, struct tls_state *st, int dir)
{
    struct tls_dir *d = &st->d[dir];
    const uint8_t *h = d->hdr;

    if (d->rec_type == REC_SSL2) {
        if (d->hdr_need == 2)
            d->rec_size = ((uint32_t)(h[0] & 0x7f) << 8) | h[1];
        else
            d->rec_size = ((uint32_t)(h[0] & 0x3f) << 8) | h[1];
        if (d->rec_size == 0) {
            ev(af, st, TLS_EV_INVALID_SSLV2_HEADER);
            return VG_EINVAL;
        }
        d->rec_keep = !d->encrypted;
    } else {
        d->rec_ver = (uint16_t)((h[1] << 8) | h[2]);
        d->rec_size = ((uint32_t)h[3] << 8) | h[4];
        if (h[1] != 3) {
            ev(af, st, TLS_EV_INVALID_RECORD_VERSION);
            return VG_EINVAL;
        }
        if (d->rec_size > TLS_REC_MAX) {
            ev(af, st, TLS_EV_INVALID_RECORD_LENGTH);
            return VG_EINVAL;
        }
        switch (d->rec_type) {
        case REC_CCS:
            d->rec_keep = false;
            /* TLS 1.3 sends it for middleboxes only: the ServerHello decides */
            if (st->offered13 && (!st->real_sh || st->tls13))
                break;
            d->encrypted = true;
            dir_complete(af, st, dir);
            break;
        case REC_APPDATA:
            d->rec_keep = false;
            d->encrypted = true;
            dir_complete(af, st, dir);
            break;
        case REC_HANDSHAKE:
            d->rec_keep = !d->encrypted && !d->hs_dead && st->tx != NULL;
            break;
        default:
            d->rec_keep = true;
            break;
        }
    }
    d->rec_left = d->rec_size;
    d->rec_len = 0;
    d->in_body = true;
    return VG_OK;
}

/* Takes header bytes from c; VG_OK (header complete or input used up) or VG_EINVAL. */
static int rec_header(struct app_flow *af, struct tls_state *st, int dir, struct cursor *c)
{
    struct tls_dir *d = &st->d[dir];

    if (d->hdr_len == 0) {
        uint8_t b0;

        cur_u8(c, &b0);
        d->hdr[0] = b0;
        d->hdr_len = 1;
        if (b0 >= REC_CCS && b0 <= REC_HEARTBEAT) {
            d->rec_type = b0;
            d->hdr_need = 5;
            d->sslv2 = false;
        } else if ((b0 & 0x80) != 0) {
            d->rec_type = REC_SSL2;
            d->hdr_need = 2;
            d->sslv2 = true;
        } else if (d->sslv2) {
            d->rec_type = REC_SSL2;
            d->hdr_need = 3;
        } else {
            ev(af, st, TLS_EV_INVALID_RECORD_TYPE);
            return VG_EINVAL;
        }
    }
    while (d->hdr_len < d->hdr_need && cur_left(c) > 0)
        cur_u8(c, &d->hdr[d->hdr_len++]);
    if (d->hdr_len < d->hdr_need)
        return VG_OK;
    d->hdr_len = 0;
    return rec_start(af, st, dir);
}

/* Takes body bytes from c; decodes the record once complete. */
static int rec_body(struct app_flow *af, struct tls_state *st, int dir, struct cursor *c)
{
    struct tls_dir *d = &st->d[dir];
    uint32_t n = d->rec_left;
    struct slice s;

    if (cur_left(c) < n)
        n = (uint32_t)cur_left(c);
    cur_take(c, n, &s);
    d->rec_left -= n;
    if (!d->rec_keep) {
        if (d->rec_left == 0)
            d->in_body = false;
        return VG_OK;
    }
    if (d->rec_left == 0 && d->rec_len == 0) {
        d->in_body = false;
        rec_done(af, st, dir, s.p, n);
        return VG_OK;
    }
    if (d->rec_len + n > d->rec_cap) {
        uint32_t cap = d->rec_size < 64 ? 64 : d->rec_size;
        uint8_t *nb = realloc(d->rec, cap);

        if (nb == NULL)
            return VG_ENOMEM;
        d->rec = nb;
        d->rec_cap = cap;
    }
    if (n > 0)
        memcpy(d->rec + d->rec_len, s.p, n);
    d->rec_len += n;
    if (d->rec_left == 0) {
        d->in_body = false;
        rec_done(af, st, dir, d->rec, d->rec_len);
        d->rec_len = 0;
    }
    return VG_OK;
}

int tls_parse(struct app_flow *af, void *state, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags)
{
    struct tls_state *st = state;
    struct tls_dir *d;
    struct cursor c;
    unsigned records = 0;
    int rc = VG_OK;

    (void)p;
    if (dir != APP_DIR_TOSERVER && dir != APP_DIR_TOCLIENT)
        return VG_EINVAL;
    d = &st->d[dir];
    if (!st->tx_made) {
        st->tx = calloc(1, sizeof(*st->tx));
        if (st->tx == NULL)
            return VG_ENOMEM;
        app_tx_append(af, &st->tx->head);
        st->tx_made = true;
        update_log_wanted(st->tx);
    }
    if ((flags & APP_PARSE_F_GAP) != 0) {
        d->lost = true;
        dir_complete(af, st, dir);
    }
    if (!d->lost && data != NULL && len > 0) {
        c = cur_make(data, len);
        while (cur_left(&c) > 0) {
            if (!d->in_body) {
                if (d->hdr_len == 0)
                    records++;
                rc = rec_header(af, st, dir, &c);
            } else {
                rc = rec_body(af, st, dir, &c);
            }
            if (rc != VG_OK)
                break;
        }
        if (records > 255)
            ev(af, st, TLS_EV_TOO_MANY_RECORDS_IN_PACKET);
    }
    if ((flags & APP_PARSE_F_EOF) != 0 || rc != VG_OK) {
        d->lost = true;
        dir_complete(af, st, dir);
    }
    return rc;
}
