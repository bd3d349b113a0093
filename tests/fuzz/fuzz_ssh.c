/*
 * fuzz_ssh.c - libFuzzer target: the SSH parser (app/ssh) fed in both directions.
 *
 * Input: byte 0 picks the HASSH mode (bit 0: on) and whether the flow ends with EOF
 * (bit 1); then records of [ctl][len hi][len lo][len bytes]: ctl bit 0 is the direction
 * (0 to server, 1 to client), ctl & 0x0e == 0x0e makes the record a gap of len bytes (no
 * data). A short last record takes what is left. Every chunk goes through
 * app_parser_ssh.parse() exactly as the framework gives it stream bytes (a parse error
 * stops the flow, as the framework does); then the tx is checked (lengths agree with
 * pointers, HASSH is 32 hex digits), logged to a JSON writer that must stay valid, and
 * freed with the state.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/ssh/ssh.h"
#include "util/err.h"
#include "util/json.h"

#include "fuzz-check.h"

static void check_field(const uint8_t *p, uint32_t len)
{
    if ((p == NULL) != (len == 0))
        fuzz_fail("ssh field pointer and length disagree");
}

static void check_tx(const struct ssh_tx *tx)
{
    for (int d = 0; d < 2; d++) {
        const struct ssh_side *s = &tx->side[d];

        check_field(s->proto, s->proto_len);
        check_field(s->software, s->software_len);
        if (s->has_hassh) {
            check_field(s->hassh_string, s->hassh_string_len);
            if (strlen(s->hassh) != 32 || strspn(s->hassh, "0123456789abcdef") != 32)
                fuzz_fail("ssh hassh is not 32 hex digits");
        }
        if (s->progress > SSH_PROGRESS_FAILED)
            fuzz_fail("ssh progress out of range");
    }
    if (tx->head.events.n > APP_EVENTS_MAX)
        fuzz_fail("ssh event count");
    for (uint8_t i = 0; i < tx->head.events.n; i++) {
        if (tx->head.events.ev[i].id >= SSH_EV_MAX)
            fuzz_fail("ssh event id");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct app_parser *ap = &app_parser_ssh;
    struct app_flow af;
    size_t off = 1;
    struct json w;
    void *st;

    if (size < 1)
        return 0;
    ssh_hassh_set_mode((data[0] & 1) ? SSH_HASSH_YES : SSH_HASSH_NO);
    memset(&af, 0, sizeof(af));
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
        check_tx((const struct ssh_tx *)tx);
        json_reset(&w);
        json_open_object(&w);
        ap->log_tx(&w, tx, -1);
        json_close_object(&w);
        if (!json_ok(&w))
            fuzz_fail("ssh log record not valid");
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
