/*
 * fuzz_tls.c - libFuzzer target: the TLS parser (app/tls) fed in both directions.
 *
 * Input: byte 0 sets the configuration (bit 0: JA3 on, bit 2: JA4 on, bit 3: a 1 KiB
 * handshake memcap) and whether the flow ends with EOF (bit 1); then records of
 * [ctl][len hi][len lo][len bytes] as fuzz_ssh.c: ctl bit 0 is the direction (0 to server,
 * 1 to client), ctl & 0x0e == 0x0e makes the record a gap of len + 1 bytes (no data). A
 * short last record takes what is left. Every chunk goes through app_parser_tls.parse()
 * as the framework gives stream bytes (a parse error stops the flow, as the framework
 * does); then the tx is checked (field pointers and lengths agree, fingerprints well
 * formed, event ids in range), logged to a JSON writer that must stay valid, and freed
 * with the state.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/tls/tls.h"
#include "util/err.h"
#include "util/json.h"

#include "fuzz-check.h"

static void check_field(const void *p, size_t len, bool may_be_set_empty)
{
    if (p == NULL && len != 0)
        fuzz_fail("tls field pointer and length disagree");
    if (p != NULL && len == 0 && !may_be_set_empty)
        fuzz_fail("tls field set but empty");
}

static void check_tx(const struct tls_tx *tx)
{
    size_t n;

    check_field(tx->sni, tx->sni_len, true);
    if (tx->n_certs > 0 && tx->certs == NULL)
        fuzz_fail("tls certs count without certs");
    for (uint32_t i = 0; i < tx->n_certs; i++)
        check_field(tx->certs[i].der, tx->certs[i].len, true);
    if (tx->cert0.valid) {
        check_field(tx->cert0.subject, tx->cert0.subject_len, true);
        check_field(tx->cert0.issuer, tx->cert0.issuer_len, true);
        n = strlen(tx->cert0.fingerprint);
        if (n != 0 && n != 59)
            fuzz_fail("tls fingerprint length");
    }
    if (tx->ja3 != NULL && strlen(tx->ja3_hash) != 32)
        fuzz_fail("tls ja3 hash is not 32 hex digits");
    if (tx->ja3s != NULL && strlen(tx->ja3s_hash) != 32)
        fuzz_fail("tls ja3s hash is not 32 hex digits");
    if (tx->ja4[0] != 0 && strlen(tx->ja4) != 36)
        fuzz_fail("tls ja4 length");
    if (tx->head.events.n > APP_EVENTS_MAX)
        fuzz_fail("tls event count");
    for (uint8_t i = 0; i < tx->head.events.n; i++) {
        if (tx->head.events.ev[i].id >= TLS_EV_MAX)
            fuzz_fail("tls event id");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct app_parser *ap = &app_parser_tls;
    struct app_flow af;
    size_t off = 1;
    struct json w;
    void *st;

    if (size < 1)
        return 0;
    tls_config.ja3 = (data[0] & 1) != 0;
    tls_config.ja4 = (data[0] & 4) != 0;
    tls_config.hs_max = (data[0] & 8) != 0 ? 1024 : 256 * 1024;
    memset(&af, 0, sizeof(af));
    af.parser = ap;
    st = ap->state_new();
    if (st == NULL)
        return 0;
    while (off < size) {
        uint8_t ctl = data[off];
        size_t len = 0;
        int dir = ctl & 1;
        int rc;

        if (off + 3 <= size)
            len = ((size_t)data[off + 1] << 8) | data[off + 2];
        off += 3;
        if (off > size)
            break;
        if (len > size - off)
            len = size - off;
        if ((ctl & 0x0e) == 0x0e)
            rc = ap->parse(&af, st, NULL, dir, NULL, (uint32_t)(len + 1), APP_PARSE_F_GAP);
        else
            rc = ap->parse(&af, st, NULL, dir, data + off, (uint32_t)len, 0);
        off += len;
        if (rc < 0)
            break;
    }
    if (data[0] & 2) {
        ap->parse(&af, st, NULL, 0, NULL, 0, APP_PARSE_F_EOF);
        ap->parse(&af, st, NULL, 1, NULL, 0, APP_PARSE_F_EOF);
    }
    json_init(&w, 1 << 20);
    for (struct app_tx *tx = af.txs; tx != NULL; tx = tx->next) {
        check_tx((const struct tls_tx *)tx);
        json_reset(&w);
        json_open_object(&w);
        ap->log_tx(&w, tx, -1);
        json_close_object(&w);
        if (!json_ok(&w))
            fuzz_fail("tls log record not valid");
    }
    json_release(&w);
    while (af.txs != NULL) {
        struct app_tx *next = af.txs->next;

        ap->tx_free(af.txs);
        af.txs = next;
    }
    ap->state_free(st);
    return 0;
}
