/*
 * fuzz_dns.c - libFuzzer target: the DNS parser (src/app/dns) in both directions, over UDP
 * datagrams and TCP framing, plus the EVE logger and the detection getters on every tx.
 *
 * Input: byte 0 picks the transport (bit 0: TCP, else UDP) and the EVE version (bit 1: v2);
 * then chunks, each a control byte (bit 7: direction to client; bit 6: a gap before it, TCP
 * only) and a 2-byte big-endian length (cut to what is left), then that many bytes. Over
 * UDP a chunk is a datagram, over TCP a piece of the direction's stream. The whole input
 * after byte 0 is also given to dns_probe() and dns_msg_parse(). Every transaction is logged
 * into a JSON writer, its name buffers read through the rule keywords' getters, then freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/dns/dns.h"
#include "detect/kw/kw-dns.h"
#include "util/json.h"

#include "fuzz-check.h"

static bool (*const getters[])(
        struct detect_thread *, struct packet *, void *, uint32_t, struct slice *) = {
    dns_buffer_query,
    dns_buffer_queries_rrname,
    dns_buffer_answers_rrname,
    dns_buffer_authorities_rrname,
    dns_buffer_additionals_rrname,
    dns_buffer_response_rrname,
};

static void check_tx(struct app_tx *t, struct json *j)
{
    volatile uint8_t sink = 0;

    json_reset(j);
    json_open_object(j);
    dns_log_tx(j, t, -1);
    json_close_object(j);
    for (size_t g = 0; g < sizeof(getters) / sizeof(getters[0]); g++) {
        struct slice s;

        for (uint32_t i = 0; getters[g](NULL, NULL, t, i, &s); i++) {
            if (s.len > 0)
                sink ^= s.p[0] ^ s.p[s.len - 1];
        }
    }
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct app_flow af;
    struct packet pkt;
    struct json j;
    void *st;
    uint32_t ev;
    bool tcp;

    if (size < 1)
        return 0;
    tcp = (data[0] & 1) != 0;
    {
        static bool inited;
        static bool v2;

        if (!inited || v2 != ((data[0] & 2) != 0)) {
            v2 = (data[0] & 2) != 0;
            setenv("SURICATA_EVE_DNS_VERSION", v2 ? "2" : "3", 1);
            dns_log_init(NULL);
            inited = true;
        }
    }
    dns_probe(data + 1, size - 1, 0);
    dns_msg_free(dns_msg_parse(data + 1, size - 1, &ev));

    memset(&af, 0, sizeof(af));
    memset(&pkt, 0, sizeof(pkt));
    pkt.proto = tcp ? 6 : 17;
    st = dns_state_new();
    if (st == NULL)
        return 0;
    json_init(&j, 1u << 20);
    data++;
    size--;
    while (size >= 3) {
        uint8_t ctl = data[0];
        size_t n = ((size_t)data[1] << 8) | data[2];
        int dir = (ctl & 0x80) ? APP_DIR_TOCLIENT : APP_DIR_TOSERVER;

        data += 3;
        size -= 3;
        if (n > size)
            n = size;
        if (tcp && (ctl & 0x40))
            dns_parse(&af, st, &pkt, dir, NULL, 10, APP_PARSE_F_GAP);
        dns_parse(&af, st, &pkt, dir, data, (uint32_t)n, 0);
        data += n;
        size -= n;
        /* free what is done as the framework would, keeping the list short */
        while (af.txs != NULL && af.txs->complete == 3) {
            struct app_tx *t = af.txs;

            check_tx(t, &j);
            af.txs = t->next;
            if (af.txs == NULL)
                af.txs_tail = NULL;
            dns_tx_free(t);
        }
    }
    while (af.txs != NULL) {
        struct app_tx *t = af.txs;

        check_tx(t, &j);
        af.txs = t->next;
        dns_tx_free(t);
    }
    json_release(&j);
    dns_state_free(st);
    return 0;
}
