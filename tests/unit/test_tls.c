/*
 * test_tls.c - the TLS parser: records split anywhere, handshake messages across records,
 * certificate fields, JA3/JA3S/JA4, probe, events, EVE object.
 *
 * Payloads come from suricata-verify pcaps (tls_test_data.h). Expected values: JA3 strings
 * and hashes as tshark 4.0 computes them for the same packets (tls.handshake.ja3_full,
 * tls.handshake.ja3), JA4 as Suricata's rule in ja4-rules-disabled expects it, certificate
 * fields as Suricata logs them in tls/bug-7286-tls-metadata-02.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/tls/tls.h"
#include "decode/decode-types.h"
#include "detect/buffer.h"
#include "detect/keyword.h"
#include "detect/sig.h"
#include "util/err.h"
#include "util/json.h"

#define RT_PROTO "tls"
#include "rule_test_util.h"

#include "tls_test_data.h"

#define CHROME_JA3                                                                                 \
    "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,0-23-"       \
    "65281-10-11-35-16-5-13-18-51-45-43-27-17513-21,29-23-24,0"

struct fixture {
    struct app_flow af;
    void *st;
};

static void fx_init(struct fixture *fx)
{
    memset(fx, 0, sizeof(*fx));
    fx->af.parser = &app_parser_tls;
    fx->st = tls_state_new();
    assert_non_null(fx->st);
}

static void fx_release(struct fixture *fx)
{
    struct app_tx *tx = fx->af.txs;

    while (tx != NULL) {
        struct app_tx *next = tx->next;
        tls_tx_free(tx);
        tx = next;
    }
    tls_state_free(fx->st);
}

static int feed(struct fixture *fx, int dir, const uint8_t *p, size_t len, size_t step)
{
    int rc = VG_OK;

    for (size_t off = 0; off < len && rc == VG_OK; off += step) {
        size_t n = len - off < step ? len - off : step;
        rc = tls_parse(&fx->af, fx->st, NULL, dir, p + off, (uint32_t)n, 0);
    }
    return rc;
}

static struct tls_tx *first_tx(struct fixture *fx)
{
    assert_non_null(fx->af.txs);
    return (struct tls_tx *)fx->af.txs;
}

static bool has_event(const struct app_events *e, enum tls_event id)
{
    for (uint8_t i = 0; i < e->n; i++) {
        if (e->ev[i].src == APP_EVENT_SRC_PROTO && e->ev[i].id == id)
            return true;
    }
    return false;
}

static void check_chrome(struct tls_tx *tx)
{
    assert_non_null(tx->ja3);
    assert_string_equal(tx->ja3, CHROME_JA3);
    assert_string_equal(tx->ja3_hash, "cd08e31494f9531f560d64c695473da9");
    assert_string_equal(tx->ja4, "t13d1516h2_8daaf6152771_e5627efa2ab1");
    assert_int_equal(tx->client_version, 0x0303);
    assert_true(tx->state_flags & TLS_ST_CLIENT_HELLO);
}

static void test_client_hello_whole(void **state)
{
    struct fixture fx;

    fx_init(&fx);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, chrome_ch, sizeof(chrome_ch), 65536), VG_OK);
    check_chrome(first_tx(&fx));
    assert_int_equal(first_tx(&fx)->head.events.n, 0);
    fx_release(&fx);
}

static void test_client_hello_bytewise(void **state)
{
    struct fixture fx;

    fx_init(&fx);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, chrome_ch, sizeof(chrome_ch), 1), VG_OK);
    check_chrome(first_tx(&fx));
    fx_release(&fx);
}

/* The ClientHello message cut into three records, the cuts at odd places. */
static void test_client_hello_across_records(void **state)
{
    struct fixture fx;
    const uint8_t *msg = chrome_ch + 5;
    size_t mlen = sizeof(chrome_ch) - 5, cuts[] = { 0, 3, 201, mlen };
    uint8_t buf[sizeof(chrome_ch) + 20];
    size_t n = 0;

    for (int i = 0; i < 3; i++) {
        size_t len = cuts[i + 1] - cuts[i];
        buf[n++] = 22;
        buf[n++] = 3;
        buf[n++] = 1;
        buf[n++] = (uint8_t)(len >> 8);
        buf[n++] = (uint8_t)len;
        memcpy(buf + n, msg + cuts[i], len);
        n += len;
    }
    fx_init(&fx);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, buf, n, 7), VG_OK);
    check_chrome(first_tx(&fx));
    fx_release(&fx);
}

static void test_full_session(void **state)
{
    struct fixture fx;
    struct tls_tx *tx;
    char t[32];

    fx_init(&fx);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, selks_ch, sizeof(selks_ch), 65536), VG_OK);
    tx = first_tx(&fx);
    assert_string_equal(tx->ja3_hash, "308b0bd904abbef5e0034a1ff7a78920");
    assert_int_equal(feed(&fx, APP_DIR_TOCLIENT, selks_sh, sizeof(selks_sh), 500), VG_OK);
    assert_true(tx->cert0.valid);
    assert_int_equal(tx->n_certs, 1);
    assert_int_equal(tx->server_version, 0x0303);
    assert_int_equal(tx->cert0.subject_len, strlen("C=FR, ST=IDF, L=Paris, O=Stamus, CN=SELKS"));
    assert_memory_equal(
            tx->cert0.subject, "C=FR, ST=IDF, L=Paris, O=Stamus, CN=SELKS", tx->cert0.subject_len);
    assert_memory_equal(
            tx->cert0.issuer, "C=FR, ST=IDF, L=Paris, O=Stamus, CN=SELKS", tx->cert0.issuer_len);
    assert_string_equal(tx->cert0.serial, "00:97:E6:47:09:8E:EA:C9:B4");
    assert_string_equal(
            tx->cert0.fingerprint, "3a:0b:3b:23:15:2c:44:5c:27:ac:6a:0c:41:d6:fa:74:af:b4:09:5b");
    tls_time_format(tx->cert0.not_before, t, sizeof(t));
    assert_string_equal(t, "2015-02-12T18:07:27");
    tls_time_format(tx->cert0.not_after, t, sizeof(t));
    assert_string_equal(t, "2025-02-09T18:07:27");
    assert_non_null(tx->ja3s);
    assert_true(tx->state_flags & TLS_ST_SERVER_KEYX);
    /* ServerHelloDone: the handshake is done as far as logging goes (Suricata logs it
     * there), both directions are complete and the state lets go of the tx */
    assert_int_equal(tx->head.complete, 3);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, selks_cke, sizeof(selks_cke), 65536), VG_OK);
    assert_int_equal(feed(&fx, APP_DIR_TOCLIENT, selks_fin, sizeof(selks_fin), 65536), VG_OK);
    assert_false(tx->flags & TLS_F_RESUMED);
    assert_int_equal(tx->head.logged, 0);
    assert_int_equal(tx->head.events.n, 0);
    /* encrypted data afterwards: no tx, no trouble */
    assert_int_equal(
            feed(&fx, APP_DIR_TOCLIENT, (const uint8_t *)"\x17\x03\x03\x00\x02zz", 7, 3), VG_OK);
    fx_release(&fx);
}

static void test_eve_object(void **state)
{
    struct fixture fx;
    struct json w;

    fx_init(&fx);
    feed(&fx, APP_DIR_TOSERVER, selks_ch, sizeof(selks_ch), 65536);
    feed(&fx, APP_DIR_TOCLIENT, selks_sh, sizeof(selks_sh), 65536);
    json_init(&w, 1 << 16);
    json_open_object(&w);
    tls_log_tx(&w, fx.af.txs, -1);
    json_close_object(&w);
    assert_true(json_ok(&w));
    w.buf[w.len] = 0;
    assert_non_null(strstr(w.buf, "\"tls\":{\"subject\":\"C=FR, ST=IDF, L=Paris, O=Stamus, "
                                  "CN=SELKS\",\"issuerdn\":\"C=FR"));
    assert_non_null(strstr(w.buf, "\"serial\":\"00:97:E6:47:09:8E:EA:C9:B4\""));
    assert_non_null(strstr(w.buf, "\"version\":\"TLS 1.2\""));
    assert_non_null(strstr(w.buf, "\"notbefore\":\"2015-02-12T18:07:27\""));
    assert_non_null(strstr(w.buf, "\"ja3\":{\"hash\":\"308b0bd904abbef5e0034a1ff7a78920\""));
    json_release(&w);
    fx_release(&fx);
}

static void test_probe(void **state)
{
    static const uint8_t sslv2[] = { 0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15 };

    assert_int_equal(
            app_parser_tls.probe(chrome_ch, sizeof(chrome_ch), APP_DIR_TOSERVER), APP_PROBE_YES);
    assert_int_equal(app_parser_tls.probe(chrome_ch, sizeof(chrome_ch), APP_DIR_TOCLIENT),
            APP_PROBE_YES_REV);
    assert_int_equal(
            app_parser_tls.probe(selks_sh, sizeof(selks_sh), APP_DIR_TOCLIENT), APP_PROBE_YES);
    assert_int_equal(app_parser_tls.probe(chrome_ch, 2, APP_DIR_TOSERVER), APP_PROBE_MORE);
    assert_int_equal(app_parser_tls.probe(sslv2, sizeof(sslv2), APP_DIR_TOSERVER), APP_PROBE_YES);
    assert_int_equal(
            app_parser_tls.probe((const uint8_t *)"GET / HTTP/1.1\r\n", 16, APP_DIR_TOSERVER),
            APP_PROBE_NO);
}

static void test_sslv2_hello(void **state)
{
    /* CLIENT-HELLO, version 3.1, 3 cipher specs, no session id, 16-byte challenge */
    static const uint8_t h[] = { 0x80, 0x22, 0x01, 0x03, 0x01, 0x00, 0x09, 0x00, 0x00, 0x00, 0x10,
        0x01, 0x00, 0x80, 0x00, 0x00, 0x04, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        13, 14, 15, 16 };
    struct fixture fx;
    struct tls_tx *tx;

    fx_init(&fx);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, h, sizeof(h), 5), VG_OK);
    tx = first_tx(&fx);
    assert_int_equal(tx->client_version, 0x0301);
    assert_true(tx->flags & TLS_F_SSLV2_HELLO);
    /* the server answers with TLS records */
    assert_int_equal(feed(&fx, APP_DIR_TOCLIENT, selks_sh, sizeof(selks_sh), 65536), VG_OK);
    assert_true(tx->cert0.valid);
    fx_release(&fx);
}

static void test_bad_record_type(void **state)
{
    struct fixture fx;

    fx_init(&fx);
    assert_int_not_equal(
            feed(&fx, APP_DIR_TOSERVER, (const uint8_t *)"\x05\x03\x01\x00\x01\x00", 6, 6), VG_OK);
    assert_true(has_event(&first_tx(&fx)->head.events, TLS_EV_INVALID_RECORD_TYPE));
    fx_release(&fx);
}

static void test_handshake_memcap(void **state)
{
    /* a 1 MiB handshake message announced: over the default 256 KiB */
    static const uint8_t h[] = { 22, 3, 1, 0, 8, 11, 0x10, 0x00, 0x00, 0, 0, 0, 0 };
    struct fixture fx;

    fx_init(&fx);
    assert_int_equal(feed(&fx, APP_DIR_TOCLIENT, h, sizeof(h), 65536), VG_OK);
    assert_true(has_event(&first_tx(&fx)->head.events, TLS_EV_HANDSHAKE_INVALID_LENGTH));
    fx_release(&fx);
}

static void test_heartbeat(void **state)
{
    /* heartbeat request claiming 16 KiB of payload in a 3-byte record */
    static const uint8_t h[] = { 24, 3, 2, 0, 3, 1, 0x40, 0x00 };
    struct fixture fx;

    fx_init(&fx);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, h, sizeof(h), 65536), VG_OK);
    assert_true(has_event(&first_tx(&fx)->head.events, TLS_EV_HEARTBEAT_MESSAGE));
    assert_true(has_event(&first_tx(&fx)->head.events, TLS_EV_OVERFLOW_HEARTBEAT_MESSAGE));
    fx_release(&fx);
}

static void test_version_names(void **state)
{
    char b[24];

    assert_string_equal(tls_version_name(0x0301, b, sizeof(b)), "TLSv1");
    assert_string_equal(tls_version_name(0x0303, b, sizeof(b)), "TLS 1.2");
    assert_string_equal(tls_version_name(0x0304, b, sizeof(b)), "TLS 1.3");
    assert_string_equal(tls_version_name(0x0300, b, sizeof(b)), "SSLv3");
    assert_string_equal(tls_version_name(0x0200, b, sizeof(b)), "SSLv2");
    assert_string_equal(tls_version_name(0x7f16, b, sizeof(b)), "TLS 1.3 draft-22");
    assert_string_equal(tls_version_name(0, b, sizeof(b)), "UNDETERMINED");
    assert_true(tls_is_grease(0x0a0a));
    assert_true(tls_is_grease(0xfafa));
    assert_false(tls_is_grease(0x0a1a));
}

/* TLS 1.3 after a HelloRetryRequest: the compatibility ChangeCipherSpecs do not end the
 * handshake, the second ClientHello is read, the real ServerHello completes the server. */
static void test_tls13_hrr(void **state)
{
    struct fixture fx;
    struct tls_tx *tx;
    char vb[24];

    fx_init(&fx);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, hrr_ch1, sizeof(hrr_ch1), 65536), VG_OK);
    tx = first_tx(&fx);
    assert_int_equal(tx->sni_len, strlen("ftp.nluug.nl"));
    assert_int_equal(feed(&fx, APP_DIR_TOCLIENT, hrr_hrr, sizeof(hrr_hrr), 65536), VG_OK);
    assert_int_equal(tx->head.complete, 0);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, hrr_ch2, sizeof(hrr_ch2), 65536), VG_OK);
    assert_int_equal(tx->head.complete, 0);
    assert_int_equal(feed(&fx, APP_DIR_TOCLIENT, hrr_sh, sizeof(hrr_sh), 100), VG_OK);
    assert_int_equal(tx->head.complete, 2);
    assert_string_equal(tls_version_name(tx->server_version, vb, sizeof(vb)), "TLS 1.3");
    assert_true(tx->flags & TLS_F_LOG_NO_CERT);
    assert_false(tx->flags & TLS_F_RESUMED);
    assert_int_equal(tx->head.logged, 0);
    assert_int_equal(tx->head.events.n, 0);
    fx_release(&fx);
}

/* A session resumed by id: no certificate, not logged unless configured. */
static void test_resumed(void **state)
{
    /* ServerHello echoing the client's session id, then ChangeCipherSpec */
    uint8_t sh[5 + 4 + 2 + 32 + 1 + 32 + 3 + 6];
    struct fixture fx;
    struct tls_tx *tx;
    size_t n = 0;

    fx_init(&fx);
    assert_int_equal(feed(&fx, APP_DIR_TOSERVER, selks_ch, sizeof(selks_ch), 65536), VG_OK);
    tx = first_tx(&fx);
    memcpy(tx->ch.session_id, "0123456789abcdef0123456789abcdef", 32);
    tx->ch.session_id_len = 32;
    sh[n++] = 22, sh[n++] = 3, sh[n++] = 3, sh[n++] = 0, sh[n++] = 4 + 2 + 32 + 1 + 32 + 3;
    sh[n++] = 2, sh[n++] = 0, sh[n++] = 0, sh[n++] = 2 + 32 + 1 + 32 + 3;
    sh[n++] = 3, sh[n++] = 3;
    memset(sh + n, 0x11, 32);
    n += 32;
    sh[n++] = 32;
    memcpy(sh + n, "0123456789abcdef0123456789abcdef", 32);
    n += 32;
    sh[n++] = 0xc0, sh[n++] = 0x2f, sh[n++] = 0;
    memcpy(sh + n, "\x14\x03\x03\x00\x01\x01", 6);
    n += 6;
    assert_int_equal(feed(&fx, APP_DIR_TOCLIENT, sh, n, 65536), VG_OK);
    assert_true(tx->flags & TLS_F_RESUMED);
    assert_int_equal(tx->head.complete, 2);
    assert_int_equal(tx->head.logged, 3);
    fx_release(&fx);
}

static bool tx_cond(const char *opts, struct tls_tx *tx, int dir)
{
    struct sig *s = sig_ok(opts);
    struct packet p;
    bool r;

    memset(&p, 0, sizeof(p));
    p.flow_dir = (uint8_t)dir;
    p.ts_usec = 1500000000ull * 1000000; /* 2017: inside the SELKS certificate's validity */
    assert_int_equal(s->tx.n, 1);
    r = s->tx.m[0].kw->tx_match(NULL, &p, tx, s->tx.m[0].ctx);
    sig_free(s);
    return r;
}

static void test_keywords(void **state)
{
    struct fixture fx;
    struct tls_tx *tx;
    struct sig *s;
    struct slice sl;
    const struct detect_buffer *b;

    fx_init(&fx);
    feed(&fx, APP_DIR_TOSERVER, selks_ch, sizeof(selks_ch), 65536);
    feed(&fx, APP_DIR_TOCLIENT, selks_sh, sizeof(selks_sh), 65536);
    tx = first_tx(&fx);
    assert_true(tx_cond("tls.subject:\"CN=SELKS\";", tx, 1));
    assert_false(tx_cond("tls.subject:!\"CN=SELKS\";", tx, 1));
    assert_true(tx_cond("tls.issuerdn:\"O=Stamus\";", tx, 1));
    assert_true(tx_cond(
            "tls.fingerprint:\"3A:0B:3B:23:15:2c:44:5c:27:ac:6a:0c:41:d6:fa:74:af:b4:09:5b\";", tx,
            1));
    assert_false(tx_cond(
            "tls.fingerprint:\"3a:0b:3b:23:15:2c:44:5c:27:ac:6a:0c:41:d6:fa:74:af:b4:09:5c\";", tx,
            1));
    assert_true(tx_cond("tls.version:1.2;", tx, 1));
    assert_false(tx_cond("tls.version:1.0;", tx, 1));
    assert_true(tx_cond("ssl_version:tls1.2;", tx, 1));
    assert_false(tx_cond("ssl_version:!tls1.2,tls1.3;", tx, 1));
    assert_true(tx_cond("ssl_version:!sslv3;", tx, 0));
    assert_true(tx_cond("ssl_state:unknown;", tx, 1));
    assert_false(tx_cond("ssl_state:client_hello|server_hello;", tx, 1));
    assert_true(tx_cond("ssl_state:!client_hello;", tx, 1));
    assert_true(tx_cond("tls.cert_notbefore:2015-02-12<>2015-02-13;", tx, 1));
    assert_true(tx_cond("tls.cert_notbefore:2015-02-12T18:07:27;", tx, 1));
    assert_false(tx_cond("tls.cert_notafter:<2020;", tx, 1));
    assert_true(tx_cond("tls.cert_notafter:>2025-02-09;", tx, 1));
    assert_true(tx_cond("tls.cert_valid;", tx, 1));
    assert_false(tx_cond("tls.cert_expired;", tx, 1));
    assert_true(tx_cond("tls.cert_chain_len:1;", tx, 1));
    assert_false(tx_cond("tls.cert_chain_len:>1;", tx, 1));
    sig_bad("ssl_version:tls9;", "unknown version");
    sig_bad("tls.version:2.5;", "unknown version");
    sig_bad("tls.cert_notbefore:yesterday;", "bad date");
    s = sig_ok("tls.sni; content:\"x\"; tls.cert_subject; content:\"y\";");
    assert_int_equal(s->app_proto, APP_PROTO_TLS);
    sig_free(s);
    s = sig_ok_proto("tcp", "tls_cert_subject; content:\"y\";");
    assert_int_equal(s->app_proto, APP_PROTO_TLS);
    sig_free(s);
    b = detect_buffer_get(detect_buffer_lookup("tls.cert_serial"));
    assert_true(b->get(NULL, NULL, tx, &sl));
    assert_memory_equal(sl.p, "00:97:E6:47:09:8E:EA:C9:B4", sl.len);
    b = detect_buffer_get(detect_buffer_lookup("ja3_hash"));
    assert_true(b->get(NULL, NULL, tx, &sl));
    assert_memory_equal(sl.p, "308b0bd904abbef5e0034a1ff7a78920", sl.len);
    b = detect_buffer_get(detect_buffer_lookup("tls.certs"));
    assert_true(b->get_multi(NULL, NULL, tx, 0, &sl));
    assert_int_equal(sl.len, tx->certs[0].len);
    assert_false(b->get_multi(NULL, NULL, tx, 1, &sl));
    b = detect_buffer_get(detect_buffer_lookup("tls.sni"));
    assert_false(b->get(NULL, NULL, tx, &sl)); /* this hello has no SNI */
    fx_release(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client_hello_whole),
        cmocka_unit_test(test_client_hello_bytewise),
        cmocka_unit_test(test_client_hello_across_records),
        cmocka_unit_test(test_full_session),
        cmocka_unit_test(test_eve_object),
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_sslv2_hello),
        cmocka_unit_test(test_bad_record_type),
        cmocka_unit_test(test_handshake_memcap),
        cmocka_unit_test(test_heartbeat),
        cmocka_unit_test(test_version_names),
        cmocka_unit_test(test_tls13_hrr),
        cmocka_unit_test(test_resumed),
        cmocka_unit_test(test_keywords),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
