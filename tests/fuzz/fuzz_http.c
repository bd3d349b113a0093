/*
 * fuzz_http.c - libFuzzer target: the HTTP/1 parser (src/app/http) per direction and both
 * interleaved, plus the EVE logger and every detection getter on each transaction.
 *
 * Input: byte 0 picks the mode (low 2 bits: 0 the whole rest is the request stream, 1 the
 * response stream, 2 and 3 chunks of both) and the end (bit 2: EOF on both sides at the
 * end; bit 3: lzma decoding on and 4 Content-Encoding layers). In chunk mode each chunk is a
 * control byte (bit 7: to client; bit 6: a gap of the chunk's length instead of data) and a 2-byte
 * big-endian length (cut to what is left), then that many bytes. Every transaction is logged into a
 * JSON writer, its buffers read through the rule keywords' getters (both packet directions), then
 * freed. URI normalisation is also run on the raw input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/http/http.h"
#include "detect/kw/kw-http.h"
#include "util/json.h"

#include "fuzz-check.h"

static bool (*const getters[])(struct detect_thread *, struct packet *, void *, struct slice *) = {
    http_buf_uri,
    http_buf_uri_raw,
    http_buf_method,
    http_buf_request_line,
    http_buf_protocol,
    http_buf_header,
    http_buf_header_raw,
    http_buf_header_names,
    http_buf_cookie,
    http_buf_user_agent,
    http_buf_host,
    http_buf_host_raw,
    http_buf_accept,
    http_buf_accept_enc,
    http_buf_accept_lang,
    http_buf_referer,
    http_buf_connection,
    http_buf_content_type,
    http_buf_content_len,
    http_buf_start,
    http_buf_request_body,
    http_buf_response_body,
    http_buf_stat_code,
    http_buf_stat_msg,
    http_buf_response_line,
    http_buf_server,
    http_buf_location,
};

static void touch(const struct slice *s, volatile uint8_t *sink)
{
    if (s->len > 0)
        *sink ^= s->p[0] ^ s->p[s->len - 1];
}

static void check_tx(struct app_tx *t, struct json *j, struct packet *pkt)
{
    volatile uint8_t sink = 0;
    struct slice s;

    json_reset(j);
    json_open_object(j);
    http_log_tx(j, t, -1);
    json_close_object(j);
    for (int d = 0; d < 2; d++) {
        pkt->flow_dir = (uint8_t)d;
        for (size_t g = 0; g < sizeof(getters) / sizeof(getters[0]); g++) {
            if (getters[g](NULL, pkt, t, &s))
                touch(&s, &sink);
        }
    }
    for (uint32_t i = 0; http_buf_request_header(NULL, pkt, t, i, &s); i++)
        touch(&s, &sink);
    for (uint32_t i = 0; http_buf_response_header(NULL, pkt, t, i, &s); i++)
        touch(&s, &sink);
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct app_flow af;
    struct packet pkt;
    struct json j;
    struct http_state *st;
    struct http_buf norm = { 0 };
    struct http_uri_info info;
    uint8_t mode;

    if (size < 1)
        return 0;
    mode = data[0];
    data++;
    size--;
    memset(&af, 0, sizeof(af));
    memset(&pkt, 0, sizeof(pkt));
    http_cfg.lzma_enabled = (mode & 8) != 0;
    http_cfg.decompress_layers = (mode & 8) ? 4 : 2;
    st = http_state_new();
    if (st == NULL)
        return 0;
    if ((mode & 3) < 2) {
        http_parse(&af, st, mode & 1, data, (uint32_t)size, 0);
    } else {
        size_t i = 0;

        while (i + 3 <= size) {
            uint8_t ctl = data[i];
            size_t n = ((size_t)data[i + 1] << 8) | data[i + 2];

            i += 3;
            if (n > size - i)
                n = size - i;
            if (ctl & 0x40)
                http_parse(&af, st, ctl >> 7, NULL, (uint32_t)n, APP_PARSE_F_GAP);
            else
                http_parse(&af, st, ctl >> 7, data + i, (uint32_t)n, 0);
            i += n;
        }
    }
    if (mode & 4) {
        http_parse(&af, st, 0, NULL, 0, APP_PARSE_F_EOF);
        http_parse(&af, st, 1, NULL, 0, APP_PARSE_F_EOF);
    }
    json_init(&j, 1 << 20);
    for (struct app_tx *t = af.txs, *next; t != NULL; t = next) {
        next = t->next;
        check_tx(t, &j, &pkt);
        http_tx_free(t);
    }
    json_release(&j);
    http_state_free(st);

    http_uri_normalize(data, size, false, &norm, 1 << 16, &info);
    http_buf_release(&norm);
    return 0;
}
