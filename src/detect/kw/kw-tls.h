/*
 * kw-tls.h - TLS rule keywords (kw/tls-keywords.c): the keyword objects for the registry
 * (keywords.c) and the buffer getters for the buffer registry (buffer.c).
 *
 * Buffers (TX scope, protocol tls): tls.sni, ja3.hash, ja3.string, ja4.hash (to server);
 * tls.cert_subject, tls.cert_issuer, tls.cert_serial, tls.cert_fingerprint, ja3s.hash,
 * ja3s.string (to client); multi-buffers tls.certs (each certificate's DER) and
 * tls.subjectaltname (each DNS name), to client.
 */
#ifndef VG_DETECT_KW_KW_TLS_H
#define VG_DETECT_KW_KW_TLS_H

#include <stdbool.h>

#include "decode/decode-types.h"
#include "detect/keyword.h"
#include "util/cursor.h"

struct detect_thread;

bool tls_buf_sni(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_subject(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_issuer(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_serial(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_fingerprint(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_ja3_hash(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_ja3_string(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_ja3s_hash(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_ja3s_string(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_ja4_hash(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
bool tls_buf_certs(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
bool tls_buf_san(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);

extern const struct keyword kw_tls_sni;
extern const struct keyword kw_tls_cert_subject;
extern const struct keyword kw_tls_cert_issuer;
extern const struct keyword kw_tls_cert_serial;
extern const struct keyword kw_tls_cert_fingerprint;
extern const struct keyword kw_tls_certs;
extern const struct keyword kw_tls_subjectaltname;
extern const struct keyword kw_ja3_hash;
extern const struct keyword kw_ja3_string;
extern const struct keyword kw_ja3s_hash;
extern const struct keyword kw_ja3s_string;
extern const struct keyword kw_ja4_hash;
extern const struct keyword kw_tls_sni_legacy;          /* tls_sni */
extern const struct keyword kw_tls_cert_subject_legacy; /* tls_cert_subject */
extern const struct keyword kw_tls_cert_issuer_legacy;  /* tls_cert_issuer */
extern const struct keyword kw_tls_cert_serial_legacy;  /* tls_cert_serial */
extern const struct keyword kw_tls_cert_fp_legacy;      /* tls_cert_fingerprint */
extern const struct keyword kw_ja3_hash_legacy;         /* ja3_hash */
extern const struct keyword kw_ja3_string_legacy;       /* ja3_string */
extern const struct keyword kw_ja3s_hash_legacy;        /* ja3s_hash */
extern const struct keyword kw_ja3s_string_legacy;      /* ja3s_string */
extern const struct keyword kw_tls_subject;
extern const struct keyword kw_tls_issuerdn;
extern const struct keyword kw_tls_fingerprint;
extern const struct keyword kw_tls_version;
extern const struct keyword kw_ssl_version;
extern const struct keyword kw_ssl_state;
extern const struct keyword kw_tls_cert_notbefore;
extern const struct keyword kw_tls_cert_notafter;
extern const struct keyword kw_tls_cert_expired;
extern const struct keyword kw_tls_cert_valid;
extern const struct keyword kw_tls_cert_chain_len;
extern const struct keyword kw_tls_store;

#endif
