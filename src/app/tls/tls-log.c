/*
 * tls-log.c - the EVE "tls" object, with Suricata's keys and formats.
 *
 * Extended logging (Suricata's default configuration): subject, issuerdn, session_resumed
 * (only when true), serial, fingerprint, sni, version, notbefore, notafter,
 * subjectaltname, ja3 {hash, string}, ja3s {hash, string}, ja4; each key only when its
 * value is known. A "custom" field list in the tls output (tls_config.log_fields, TLS_LOG_*)
 * replaces that set, and adds client_handshake / server_handshake objects and the ALPNs
 * on request. Versions are written as Suricata names them: "SSLv2", "SSLv3", "TLSv1",
 * "TLS 1.1", "TLS 1.2", "TLS 1.3", "TLS 1.3 draft-NN", "UNDETERMINED" before a
 * ServerHello, "0x%04x" otherwise.
 */
#include "app/tls/tls.h"

#include <stdio.h>

const char *tls_version_name(uint16_t v, char *buf, size_t cap)
{
    switch (v) {
    case 0:
        return "UNDETERMINED";
    case TLS_VER_SSL2:
        return "SSLv2";
    case TLS_VER_SSL3:
        return "SSLv3";
    case TLS_VER_TLS10:
        return "TLSv1";
    case TLS_VER_TLS11:
        return "TLS 1.1";
    case TLS_VER_TLS12:
        return "TLS 1.2";
    case TLS_VER_TLS13:
        return "TLS 1.3";
    default:
        break;
    }
    if ((v >> 8) == 0x7f && (v & 0xff) >= 16) {
        snprintf(buf, cap, "TLS 1.3 draft-%u", v & 0xff);
        return buf;
    }
    if ((v >> 8) == 0x7f) {
        snprintf(buf, cap, "TLS 1.3 draft-<16");
        return buf;
    }
    if ((v >> 8) == 0xfb) {
        snprintf(buf, cap, "TLS 1.3 draft-%u-fb", v & 0xff);
        return buf;
    }
    snprintf(buf, cap, "0x%04x", v);
    return buf;
}

static void log_u16_array(struct json *w, const char *key, const struct tls_u16s *l)
{
    uint16_t n = 0;

    for (uint16_t i = 0; i < l->n; i++)
        n += !tls_is_grease(l->v[i]);
    if (n == 0)
        return; /* as Suricata: no empty arrays */
    json_key(w, key);
    json_open_array(w);
    for (uint16_t i = 0; i < l->n; i++) {
        if (!tls_is_grease(l->v[i]))
            json_u64(w, l->v[i]);
    }
    json_close_array(w);
}

static void log_handshake(struct json *w, const struct tls_tx *tx, bool client)
{
    const struct tls_hello *h = client ? &tx->ch : &tx->sh;
    char vb[24];

    if (!h->seen)
        return;
    json_key(w, client ? "client_handshake" : "server_handshake");
    json_open_object(w);
    json_kv_str(w, "version", tls_version_name(h->version, vb, sizeof(vb)));
    if (client) {
        log_u16_array(w, "ciphers", &h->ciphers);
        log_u16_array(w, "exts", &h->exts);
        log_u16_array(w, "sig_algs", &h->sig_algs);
    } else {
        if (h->ciphers.n > 0)
            json_kv_u64(w, "cipher", h->ciphers.v[0]);
        log_u16_array(w, "exts", &h->exts);
    }
    json_close_object(w);
}

static void log_fp(struct json *w, const char *key, const char *hash, const char *str)
{
    if (str == NULL || hash[0] == 0)
        return;
    json_key(w, key);
    json_open_object(w);
    json_kv_str(w, "hash", hash);
    json_kv_str(w, "string", str);
    json_close_object(w);
}

static void log_alpn(struct json *w, const char *key, const struct tls_hello *h)
{
    if (h->alpn == NULL)
        return;
    json_key(w, key);
    json_open_array(w);
    json_strn(w, h->alpn, h->alpn_len);
    json_close_array(w);
}

void tls_log_tx(struct json *w, const struct app_tx *atx, int dir)
{
    const struct tls_tx *tx = (const struct tls_tx *)atx;
    const struct tls_cert_info *ci = &tx->cert0;
    uint32_t f = tls_config.log_fields;
    char buf[40];

    (void)dir;
    json_key(w, "tls");
    json_open_object(w);
    if ((f & TLS_LOG_SUBJECT) && ci->valid)
        json_kv_strn(w, "subject", ci->subject, ci->subject_len);
    if ((f & TLS_LOG_ISSUER) && ci->valid)
        json_kv_strn(w, "issuerdn", ci->issuer, ci->issuer_len);
    if ((f & TLS_LOG_SESSION_RESUMED) && (tx->flags & TLS_F_RESUMED) != 0)
        json_kv_bool(w, "session_resumed", true);
    if ((f & TLS_LOG_SERIAL) && ci->valid && ci->serial != NULL)
        json_kv_str(w, "serial", ci->serial);
    if ((f & TLS_LOG_FINGERPRINT) && ci->valid && ci->fingerprint[0] != 0)
        json_kv_str(w, "fingerprint", ci->fingerprint);
    if ((f & TLS_LOG_SNI) && tx->sni != NULL)
        json_kv_strn(w, "sni", tx->sni, tx->sni_len);
    if (f & TLS_LOG_VERSION)
        json_kv_str(w, "version", tls_version_name(tx->server_version, buf, sizeof(buf)));
    if ((f & TLS_LOG_NOTBEFORE) && ci->valid) {
        tls_time_format(ci->not_before, buf, sizeof(buf));
        json_kv_str(w, "notbefore", buf);
    }
    if ((f & TLS_LOG_NOTAFTER) && ci->valid) {
        tls_time_format(ci->not_after, buf, sizeof(buf));
        json_kv_str(w, "notafter", buf);
    }
    if ((f & TLS_LOG_SAN) && ci->valid && ci->n_sans > 0) {
        json_key(w, "subjectaltname");
        json_open_array(w);
        for (uint32_t i = 0; i < ci->n_sans; i++)
            json_str(w, ci->sans[i]);
        json_close_array(w);
    }
    if (f & TLS_LOG_JA3)
        log_fp(w, "ja3", tx->ja3_hash, tx->ja3);
    if (f & TLS_LOG_JA3S)
        log_fp(w, "ja3s", tx->ja3s_hash, tx->ja3s);
    if ((f & TLS_LOG_JA4) && tx->ja4[0] != 0)
        json_kv_str(w, "ja4", tx->ja4);
    if (f & TLS_LOG_CLIENT_ALPNS)
        log_alpn(w, "client_alpns", &tx->ch);
    if (f & TLS_LOG_SERVER_ALPNS)
        log_alpn(w, "server_alpns", &tx->sh);
    if (f & TLS_LOG_CLIENT_HANDSHAKE)
        log_handshake(w, tx, true);
    if (f & TLS_LOG_SERVER_HANDSHAKE)
        log_handshake(w, tx, false);
    json_close_object(w);
}
