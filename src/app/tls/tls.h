/*
 * tls.h - the TLS/SSL app-layer parser: state, the one transaction per session, and the
 * functions its files share.
 *
 * tls-parse.c cuts each direction's bytes into records (SSLv2 and SSLv3..TLS 1.3), gathers
 * handshake messages across records in a bounded buffer and decodes ClientHello,
 * ServerHello, Certificate and the key exchange messages into the session's transaction;
 * tls-cert.c decodes the first server certificate with OpenSSL; tls-fingerprint.c computes
 * JA3, JA3S and JA4; tls-log.c writes the EVE "tls" object; tls.c is the registry entry
 * (probe, config, events). As Suricata, a session is one transaction: it is complete in a
 * direction once that side's handshake is over (ChangeCipherSpec, encrypted data, or the
 * end of the direction). Detection (detect/kw/tls-keywords.c) reads the tx fields directly.
 *
 * Strings from certificates are kept as bytes with a length (a subject may hold a NUL).
 */
#ifndef VG_APP_TLS_TLS_H
#define VG_APP_TLS_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app-layer.h"
#include "util/json.h"

/* Protocol versions as on the wire (plus SSLv2 as 0x0200). */
enum {
    TLS_VER_SSL2 = 0x0200,
    TLS_VER_SSL3 = 0x0300,
    TLS_VER_TLS10 = 0x0301,
    TLS_VER_TLS11 = 0x0302,
    TLS_VER_TLS12 = 0x0303,
    TLS_VER_TLS13 = 0x0304,
};

/* Handshake states seen (ssl_state keyword): tls_tx.state_flags / current_flags. */
enum {
    TLS_ST_CLIENT_HELLO = 1u << 0,
    TLS_ST_SERVER_HELLO = 1u << 1,
    TLS_ST_CLIENT_KEYX = 1u << 2,
    TLS_ST_SERVER_KEYX = 1u << 3,
    TLS_ST_UNKNOWN = 1u << 4, /* another handshake message */
};

/* tls_tx.flags */
enum {
    TLS_F_RESUMED = 1u << 0,     /* session resumed (session id or ticket) */
    TLS_F_LOG_NO_CERT = 1u << 1, /* worth a record without a certificate (TLS 1.3) */
    TLS_F_SSLV2_HELLO = 1u << 2, /* the client hello was SSLv2 */
    TLS_F_CLIENT_CERT = 1u << 3, /* the client sent a certificate */
    TLS_F_HAS_SNI = 1u << 4,     /* an SNI extension was present */
    TLS_F_MULTI_SNI = 1u << 5,   /* more than one */
};

/* Protocol events, indexes of tls_event_names (tls.c). */
enum tls_event {
    TLS_EV_INVALID_SSLV2_HEADER = 0,
    TLS_EV_INVALID_TLS_HEADER,
    TLS_EV_INVALID_RECORD_VERSION,
    TLS_EV_INVALID_RECORD_TYPE,
    TLS_EV_INVALID_RECORD_LENGTH,
    TLS_EV_INVALID_HANDSHAKE_MESSAGE,
    TLS_EV_HEARTBEAT_MESSAGE,
    TLS_EV_INVALID_HEARTBEAT_MESSAGE,
    TLS_EV_OVERFLOW_HEARTBEAT_MESSAGE,
    TLS_EV_DATALEAK_HEARTBEAT_MISMATCH,
    TLS_EV_HANDSHAKE_INVALID_LENGTH,
    TLS_EV_MULTIPLE_SNI_EXTENSIONS,
    TLS_EV_INVALID_SNI_TYPE,
    TLS_EV_INVALID_SNI_LENGTH,
    TLS_EV_TOO_MANY_RECORDS_IN_PACKET,
    TLS_EV_INVALID_ALERT_MESSAGE,
    TLS_EV_INVALID_CERTIFICATE,
    TLS_EV_CERTIFICATE_INVALID_LENGTH,
    TLS_EV_CERTIFICATE_INVALID_VERSION,
    TLS_EV_CERTIFICATE_INVALID_SERIAL,
    TLS_EV_CERTIFICATE_INVALID_ALGORITHMIDENTIFIER,
    TLS_EV_CERTIFICATE_INVALID_X509NAME,
    TLS_EV_CERTIFICATE_INVALID_DATE,
    TLS_EV_CERTIFICATE_INVALID_EXTENSIONS,
    TLS_EV_CERTIFICATE_INVALID_DER,
    TLS_EV_CERTIFICATE_INVALID_SUBJECT,
    TLS_EV_CERTIFICATE_INVALID_ISSUER,
    TLS_EV_CERTIFICATE_INVALID_VALIDITY,
    TLS_EV_ERROR_MESSAGE_ENCOUNTERED,
    TLS_EV_INVALID_SSL_RECORD,
    TLS_EV_MAX
};

/* A list of 16-bit values from a hello (ciphers, extensions, groups ...), wire order. */
struct tls_u16s {
    uint16_t *v; /* owned */
    uint16_t n;
};

/* What a ClientHello or ServerHello said (the server's cipher is ciphers.v[0]). */
struct tls_hello {
    bool seen;
    uint16_t version; /* legacy_version of the handshake message */
    struct tls_u16s ciphers, exts, groups, sig_algs, versions;
    uint8_t *ec_pf; /* owned: ec_point_formats */
    uint16_t n_ec_pf;
    uint8_t *alpn; /* owned: the first ALPN protocol, alpn_len bytes */
    uint16_t alpn_len;
    uint8_t session_id[32];
    uint8_t session_id_len;
};

/* One certificate of a chain: its DER bytes. */
struct tls_cert {
    uint8_t *der; /* owned */
    uint32_t len;
};

/* The decoded first certificate of the server's chain (tls-cert.c). */
struct tls_cert_info {
    bool valid;
    uint8_t *subject, *issuer; /* owned; Suricata's "C=US, O=..., CN=..." */
    uint32_t subject_len, issuer_len;
    char *serial;                  /* owned: "03:DE:..." */
    char fingerprint[60];          /* SHA-1, "aa:bb:..." lower case */
    int64_t not_before, not_after; /* seconds since the epoch, UTC */
    char **sans;                   /* owned: DNS names of subjectAltName */
    uint32_t n_sans;
};

struct tls_tx {
    struct app_tx head;
    uint16_t client_version; /* the client hello's version (0x0200 for SSLv2) */
    uint16_t server_version; /* the version the server chose (supported_versions first) */
    uint32_t flags;          /* TLS_F_* */
    uint32_t state_flags;    /* TLS_ST_* seen so far */
    uint32_t current_flags;  /* TLS_ST_* of the last handshake message */
    uint8_t *sni;            /* owned, sni_len bytes */
    uint16_t sni_len;
    struct tls_hello ch, sh;
    struct tls_cert *certs; /* owned: the server's chain, in order */
    uint32_t n_certs;
    struct tls_cert_info cert0;
    char *ja3, *ja3s;                 /* owned strings, NULL when not computed */
    char ja3_hash[33], ja3s_hash[33]; /* empty when not computed */
    char ja4[40];                     /* empty when not computed */
};

/* Fields of the EVE tls object (tls_config.log_fields). */
enum {
    TLS_LOG_SUBJECT = 1u << 0,
    TLS_LOG_ISSUER = 1u << 1,
    TLS_LOG_SESSION_RESUMED = 1u << 2,
    TLS_LOG_SERIAL = 1u << 3,
    TLS_LOG_FINGERPRINT = 1u << 4,
    TLS_LOG_SNI = 1u << 5,
    TLS_LOG_VERSION = 1u << 6,
    TLS_LOG_NOTBEFORE = 1u << 7,
    TLS_LOG_NOTAFTER = 1u << 8,
    TLS_LOG_SAN = 1u << 9,
    TLS_LOG_JA3 = 1u << 10,
    TLS_LOG_JA3S = 1u << 11,
    TLS_LOG_JA4 = 1u << 12,
    TLS_LOG_CLIENT_ALPNS = 1u << 13,
    TLS_LOG_SERVER_ALPNS = 1u << 14,
    TLS_LOG_CLIENT_HANDSHAKE = 1u << 15,
    TLS_LOG_SERVER_HANDSHAKE = 1u << 16,
    TLS_LOG_EXTENDED = (1u << 13) - 1, /* Suricata's "extended: yes" set */
};

/* Parser configuration (app-layer.protocols.tls.*, the tls EVE output's options), set
 * once by tls.c's init. */
struct tls_config {
    bool ja3;            /* ja3-fingerprints (default on) */
    bool ja4;            /* ja4-fingerprints (default on) */
    uint32_t hs_max;     /* bytes of one handshake message kept per direction */
    bool log_resumed;    /* tls output: session-resumption */
    uint32_t log_fields; /* TLS_LOG_*: extended, or the output's custom list */
};

extern struct tls_config tls_config;

/* The registry entry (tls.c). */
extern const struct app_parser app_parser_tls;

struct tls_state;

/* tls-parse.c: the parser entry points of app_parser_tls. */
void *tls_state_new(void);
void tls_state_free(void *state);
int tls_parse(struct app_flow *af, void *state, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags);
void tls_tx_free(struct app_tx *tx);

/* tls-cert.c: decodes a DER certificate into out (released first). Returns VG_OK, or
 * VG_EINVAL when OpenSSL cannot parse it (out stays !valid). */
int tls_cert_decode(const uint8_t *der, uint32_t len, struct tls_cert_info *out);
/* Frees what out holds and zeroes it. */
void tls_cert_info_release(struct tls_cert_info *ci);
/* "2023-03-01T06:47:30" for t into buf (at least 20 bytes). */
void tls_time_format(int64_t t, char *buf, size_t cap);

/* tls-fingerprint.c: computes tx->ja3/ja3_hash (and ja4) from tx->ch, tx->ja3s/ja3s_hash
 * from tx->sh. GREASE values are left out. */
void tls_fp_client(struct tls_tx *tx, bool ja3, bool ja4);
void tls_fp_server(struct tls_tx *tx);
/* True for a GREASE value (0x0a0a, 0x1a1a, ... 0xfafa). */
bool tls_is_grease(uint16_t v);

/* tls-log.c: the EVE "tls" object (app_parser.log_tx). */
void tls_log_tx(struct json *w, const struct app_tx *tx, int dir);
/* Suricata's name of a version ("TLS 1.2", "TLSv1", "SSLv3", "TLS 1.3 draft-22", ...);
 * writes into buf (at least 24 bytes) and returns it. */
const char *tls_version_name(uint16_t v, char *buf, size_t cap);

#endif
