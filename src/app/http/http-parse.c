/*
 * http-parse.c - the HTTP/1.x request and response parser (one state per flow).
 *
 * Each direction is a small state machine over in-order bytes: start line, header lines,
 * then a body delimited by Content-Length, by chunks, or by the end of the connection
 * (responses only). Request lines end at LF (a CR before it is dropped). Response status and
 * header lines end as libhtp (Suricata 8+) ends them, which is what http-evader probes: at
 * CRLF, LF, a bare CR, LFCR, and the "deformed" ends (CR LF CR + CR/SP/HT run, LF CR CR LF);
 * deciding may need a few bytes of the next segment, so a line may be held back and the
 * bytes read past its end are replayed (s->carry). A line split across calls is gathered in
 * the side's line buffer, bounded by the field limit (longer lines raise *_field_too_long and
 * the rest of the line is dropped). Headers are parsed as libhtp does: folded lines (SP, HT
 * or NUL first) join the previous header, except that in a response a folded line that reads
 * "Name:" is a header of its own and a lone whitespace line ends the headers; names lose
 * trailing whitespace; the value is trimmed, a repeated name merges its values with ", "
 * (Content-Length excepted), a line without a colon becomes a header with an empty name.
 * The framing headers (Content-Length, Transfer-Encoding, Content-Encoding) are found with
 * NUL bytes ignored in names and values, Content-Length is the first run of digits, chunk
 * sizes tolerate junk after the digits ("fx", "f,"), Content-Encoding may list several
 * layers (http-decompress.c), a junk line before the status line is skipped when the next
 * one starts with 'H', and a 1xx/204/304 response that announces a body has one.
 *
 * Requests create transactions (pipelining: any number may be outstanding); each response
 * takes the oldest transaction without one. A 100 Continue response is skipped, HEAD and
 * 1xx/204/304 responses have no body, a CONNECT answered by 2xx (or a 101) turns the flow
 * into a tunnel that is no longer parsed. Malformations raise the http.* events of
 * Suricata's http-events.rules and parsing continues where libhtp would.
 */
#include "app/http/http.h"

#include <stdlib.h>
#include <string.h>

#include "app/file-http.h"
#include "util/compiler.h"
#include "util/err.h"

/* Phases of one direction. */
enum phase {
    PH_LINE = 0,   /* waiting for a request / status line */
    PH_HEADERS,    /* header lines */
    PH_BODY_CL,    /* remaining bytes of a Content-Length body */
    PH_CHUNK_LEN,  /* chunk size line */
    PH_CHUNK_DATA, /* remaining bytes of a chunk */
    PH_CHUNK_END,  /* the line end after a chunk */
    PH_TRAILER,    /* trailer lines after the last chunk */
    PH_BODY_CLOSE, /* body until the connection closes */
    PH_STOP,       /* not parsed any more (tunnel, gap, unrecoverable) */
};

struct side {
    uint8_t phase;      /* enum phase */
    bool line_overflow; /* current line passed the field limit: drop until LF */
    bool have_pending;  /* pending holds an unprocessed header line (folding) */
    struct http_buf line;
    struct http_buf pending; /* last header line, joined with its folded continuations */
    uint64_t remaining;      /* body / chunk bytes left */
    struct http_tx *tx;      /* the tx this side is filling */
    uint32_t scan;           /* response lines: bytes of line known to hold no CR or LF */
    uint32_t carry;          /* response lines: bytes of line read ahead past the line given */
    bool skip_lf;            /* an LF right here still belongs to the header block */
};

struct http_state {
    struct side side[2];
    bool tunnel;
    bool eof;          /* the direction parsed has ended: line ends are decided with what is
                        * there */
    struct slice next; /* the bytes that follow the line being handled, as far as known */
};

struct http_config http_cfg = {
    .request_body_limit = 100 * 1024,
    .response_body_limit = 100 * 1024,
    .field_limit = 18000,
    .max_headers = 1024,
    .max_tx = 512,
    .decompress_layers = 2,
    .decompress_max = 1024 * 1024,
    .decompress_ratio = 2048,
    .lzma_memlimit = 1024 * 1024,
};

const char *const http_event_names[HTTP_EV_MAX] = {
    [HTTP_EV_UNKNOWN_ERROR] = "unknown_error",
    [HTTP_EV_GZIP_DECOMPRESSION_FAILED] = "gzip_decompression_failed",
    [HTTP_EV_REQUEST_FIELD_MISSING_COLON] = "request_field_missing_colon",
    [HTTP_EV_RESPONSE_FIELD_MISSING_COLON] = "response_field_missing_colon",
    [HTTP_EV_INVALID_REQUEST_CHUNK_LEN] = "invalid_request_chunk_len",
    [HTTP_EV_INVALID_RESPONSE_CHUNK_LEN] = "invalid_response_chunk_len",
    [HTTP_EV_INVALID_TE_IN_REQUEST] = "invalid_transfer_encoding_value_in_request",
    [HTTP_EV_INVALID_TE_IN_RESPONSE] = "invalid_transfer_encoding_value_in_response",
    [HTTP_EV_INVALID_CL_IN_REQUEST] = "invalid_content_length_field_in_request",
    [HTTP_EV_INVALID_CL_IN_RESPONSE] = "invalid_content_length_field_in_response",
    [HTTP_EV_100_CONTINUE_ALREADY_SEEN] = "100_continue_already_seen",
    [HTTP_EV_UNABLE_TO_MATCH_RESPONSE] = "unable_to_match_response_to_request",
    [HTTP_EV_INVALID_SERVER_PORT_IN_REQUEST] = "invalid_server_port_in_request",
    [HTTP_EV_INVALID_AUTHORITY_PORT] = "invalid_authority_port",
    [HTTP_EV_REQUEST_HEADER_INVALID] = "request_header_invalid",
    [HTTP_EV_RESPONSE_HEADER_INVALID] = "response_header_invalid",
    [HTTP_EV_MISSING_HOST_HEADER] = "missing_host_header",
    [HTTP_EV_HOST_HEADER_AMBIGUOUS] = "host_header_ambiguous",
    [HTTP_EV_INVALID_REQUEST_FIELD_FOLDING] = "invalid_request_field_folding",
    [HTTP_EV_INVALID_RESPONSE_FIELD_FOLDING] = "invalid_response_field_folding",
    [HTTP_EV_REQUEST_FIELD_TOO_LONG] = "request_field_too_long",
    [HTTP_EV_RESPONSE_FIELD_TOO_LONG] = "response_field_too_long",
    [HTTP_EV_MULTIPART_GENERIC_ERROR] = "multipart_generic_error",
    [HTTP_EV_MULTIPART_NO_FILEDATA] = "multipart_no_filedata",
    [HTTP_EV_MULTIPART_INVALID_HEADER] = "multipart_invalid_header",
    [HTTP_EV_REQUEST_SERVER_PORT_TCP_PORT_MISMATCH] = "request_server_port_tcp_port_mismatch",
    [HTTP_EV_REQUEST_URI_HOST_INVALID] = "request_uri_host_invalid",
    [HTTP_EV_REQUEST_HEADER_HOST_INVALID] = "request_header_host_invalid",
    [HTTP_EV_URI_DELIM_NON_COMPLIANT] = "uri_delim_non_compliant",
    [HTTP_EV_METHOD_DELIM_NON_COMPLIANT] = "method_delim_non_compliant",
    [HTTP_EV_REQUEST_LINE_LEADING_WHITESPACE] = "request_line_leading_whitespace",
    [HTTP_EV_TOO_MANY_ENCODING_LAYERS] = "too_many_encoding_layers",
    [HTTP_EV_ABNORMAL_CE_HEADER] = "abnormal_ce_header",
    [HTTP_EV_REQUEST_AUTH_UNRECOGNIZED] = "request_auth_unrecognized",
    [HTTP_EV_REQUEST_HEADER_REPETITION] = "request_header_repetition",
    [HTTP_EV_RESPONSE_HEADER_REPETITION] = "response_header_repetition",
    [HTTP_EV_RESPONSE_MULTIPART_BYTERANGES] = "response_multipart_byteranges",
    [HTTP_EV_RESPONSE_ABNORMAL_TRANSFER_ENCODING] = "response_abnormal_transfer_encoding",
    [HTTP_EV_RESPONSE_CHUNKED_OLD_PROTO] = "response_chunked_old_proto",
    [HTTP_EV_RESPONSE_INVALID_PROTOCOL] = "response_invalid_protocol",
    [HTTP_EV_RESPONSE_INVALID_STATUS] = "response_invalid_status",
    [HTTP_EV_REQUEST_LINE_INCOMPLETE] = "request_line_incomplete",
    [HTTP_EV_DOUBLE_ENCODED_URI] = "double_encoded_uri",
    [HTTP_EV_REQUEST_LINE_INVALID] = "request_line_invalid",
    [HTTP_EV_REQUEST_BODY_UNEXPECTED] = "request_body_unexpected",
    [HTTP_EV_LZMA_MEMLIMIT_REACHED] = "lzma_memlimit_reached",
    [HTTP_EV_DUPLICATE_CL_IN_REQUEST] = "duplicate_content_length_field_in_request",
    [HTTP_EV_DUPLICATE_CL_IN_RESPONSE] = "duplicate_content_length_field_in_response",
    [HTTP_EV_COMPRESSION_BOMB] = "compression_bomb",
    [HTTP_EV_TOO_MANY_WARNINGS] = "too_many_warnings",
    [HTTP_EV_RANGE_INVALID] = "range_invalid",
    [HTTP_EV_FILE_NAME_TOO_LONG] = "file_name_too_long",
    [HTTP_EV_FAILED_PROTOCOL_CHANGE] = "failed_protocol_change",
    [HTTP_EV_REQUEST_CHUNK_EXTENSION] = "request_chunk_extension",
    [HTTP_EV_REQUEST_LINE_MISSING_PROTOCOL] = "request_line_missing_protocol",
    [HTTP_EV_REQUEST_TOO_MANY_HEADERS] = "request_too_many_headers",
    [HTTP_EV_RESPONSE_TOO_MANY_HEADERS] = "response_too_many_headers",
    [HTTP_EV_RESPONSE_CHUNK_EXTENSION] = "response_chunk_extension",
    [HTTP_EV_COMPRESSION_BOMB_LIMIT_REACHED] = "compression_bomb_limit_reached",
};

/* Longest method, protocol, status pieces kept (they are parts of a bounded line anyway). */
#define HTTP_HDR_VALUE_MAX (64u * 1024u)

void http_config_defaults(struct http_config *cfg)
{
    cfg->request_body_limit = 100 * 1024;
    cfg->response_body_limit = 100 * 1024;
    cfg->field_limit = 18000;
    cfg->max_headers = 1024;
    cfg->max_tx = 512;
    cfg->decompress_layers = 2;
    cfg->decompress_max = 1024 * 1024;
    cfg->decompress_ratio = 2048;
    cfg->lzma_memlimit = 1024 * 1024;
    cfg->lzma_enabled = false;
    cfg->log_req_headers = false;
    cfg->log_resp_headers = false;
    cfg->log_xff = false;
    cfg->log_extended = true;
}

/* --- buffers --- */

size_t http_buf_append(struct http_buf *b, const void *data, size_t n, size_t max)
{
    size_t room, want;

    if (n == 0 || b->len >= max)
        return 0;
    room = max - b->len;
    if (n > room)
        n = room;
    want = (size_t)b->len + n;
    if (want > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        uint8_t *p;

        while (cap < want)
            cap *= 2;
        if (cap > max)
            cap = max;
        if (!app_memcap_take(APP_PROTO_HTTP1, cap - b->cap)) /* app-layer.protocols.http.memcap */
            return 0;
        p = realloc(b->p, cap);
        if (p == NULL) {
            app_memcap_give(APP_PROTO_HTTP1, cap - b->cap);
            return 0;
        }
        b->p = p;
        b->cap = (uint32_t)cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += (uint32_t)n;
    return n;
}

void http_buf_release(struct http_buf *b)
{
    app_memcap_give(APP_PROTO_HTTP1, b->cap);
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static void buf_set(struct http_buf *b, const uint8_t *p, size_t n, size_t max)
{
    b->len = 0;
    http_buf_append(b, p, n, max);
}

/* --- small byte helpers --- */

static bool is_lws(uint8_t c)
{
    return c == ' ' || c == '\t';
}

/* Whitespace as libhtp's htp_is_space: SP, HT, LF, VT, FF, CR. */
static bool is_space(uint8_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static uint8_t lower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

static bool bytes_eq_nocase(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    if (an != bn)
        return false;
    for (size_t i = 0; i < an; i++) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

static bool eq_nocase(const uint8_t *p, size_t n, const char *s)
{
    return bytes_eq_nocase(p, n, (const uint8_t *)s, strlen(s));
}

/* Equal to s, case included. */
static bool bytes_eq(const uint8_t *p, size_t n, const char *s)
{
    return n == strlen(s) && (n == 0 || memcmp(p, s, n) == 0);
}

static bool starts_nocase(const uint8_t *p, size_t n, const char *s)
{
    size_t sl = strlen(s);

    return n >= sl && eq_nocase(p, sl, s);
}

/* Does the list token occur in p (case-insensitive substring, as libhtp's checks)? */
static bool contains_nocase(const uint8_t *p, size_t n, const char *s)
{
    size_t sl = strlen(s);

    for (size_t i = 0; i + sl <= n; i++) {
        if (eq_nocase(p + i, sl, s))
            return true;
    }
    return false;
}

static void trim(const uint8_t **p, size_t *n)
{
    while (*n > 0 && is_space((*p)[0])) {
        (*p)++;
        (*n)--;
    }
    while (*n > 0 && is_space((*p)[*n - 1]))
        (*n)--;
}

/* Content-Length as libhtp: the first run of digits, junk before or after it tolerated;
 * -1 if there is none or it overflows. */
static int64_t parse_content_length(const uint8_t *p, size_t n)
{
    int64_t v = 0;
    size_t i = 0;

    while (i < n && (p[i] < '0' || p[i] > '9'))
        i++;
    if (i == n)
        return -1;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
        if (v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* Equal to s ignoring case and any NUL byte in p (libhtp's "nozero" comparisons). */
static bool eq_nocase_nozero(const uint8_t *p, size_t n, const char *s)
{
    size_t sl = strlen(s), j = 0;

    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0)
            continue;
        if (j >= sl || lower(p[i]) != lower((uint8_t)s[j]))
            return false;
        j++;
    }
    return j == sl;
}

/* Does s occur in p, ignoring case and NUL bytes in p? */
static bool contains_nocase_nozero(const uint8_t *p, size_t n, const char *s)
{
    size_t sl = strlen(s);

    for (size_t i = 0; i < n; i++) {
        size_t j = 0, k = i;

        if (p[i] == 0)
            continue;
        while (k < n && j < sl) {
            if (p[k] != 0) {
                if (lower(p[k]) != lower((uint8_t)s[j]))
                    break;
                j++;
            }
            k++;
        }
        if (j == sl)
            return true;
    }
    return false;
}

/* --- header lookup --- */

const struct http_header *http_msg_header(const struct http_msg *m, const char *name)
{
    for (uint32_t i = 0; i < m->n_hdrs; i++) {
        const struct http_header *h = &m->hdrs[i];

        if (eq_nocase(h->name.p, h->name.len, name))
            return h;
    }
    return NULL;
}

/* The value of the first header whose name is name ignoring case and NUL bytes (the headers
 * libhtp frames a body with are found this way); false if absent. */
static bool header_value_nozero(const struct http_msg *m, const char *name, struct slice *out)
{
    out->p = NULL;
    out->len = 0;
    for (uint32_t i = 0; i < m->n_hdrs; i++) {
        const struct http_header *h = &m->hdrs[i];

        if (eq_nocase_nozero(h->name.p, h->name.len, name)) {
            *out = http_buf_slice(&h->value);
            return true;
        }
    }
    return false;
}

bool http_msg_header_value(const struct http_msg *m, const char *name, struct slice *out)
{
    const struct http_header *h = http_msg_header(m, name);

    out->p = NULL;
    out->len = 0;
    if (h == NULL)
        return false;
    *out = http_buf_slice(&h->value);
    return true;
}

/* --- transactions --- */

static void msg_release(struct http_msg *m)
{
    for (uint32_t i = 0; i < m->n_hdrs; i++) {
        http_buf_release(&m->hdrs[i].name);
        http_buf_release(&m->hdrs[i].value);
        http_buf_release(&m->hdrs[i].line);
    }
    free(m->hdrs);
    m->hdrs = NULL;
    m->n_hdrs = m->cap_hdrs = 0;
    http_buf_release(&m->line);
    http_buf_release(&m->hdr_raw);
    http_buf_release(&m->hdr_norm);
    http_buf_release(&m->hdr_names);
    http_buf_release(&m->start);
    http_buf_release(&m->body);
    http_decomp_free(m->dc);
    m->dc = NULL;
}

void http_tx_free(struct app_tx *atx)
{
    struct http_tx *tx = (struct http_tx *)atx;

    if (tx == NULL)
        return;
    msg_release(&tx->req);
    msg_release(&tx->resp);
    file_list_free(&tx->files);
    http_buf_release(&tx->method);
    http_buf_release(&tx->uri_raw);
    http_buf_release(&tx->uri_norm);
    http_buf_release(&tx->protocol);
    http_buf_release(&tx->host);
    http_buf_release(&tx->host_raw);
    http_buf_release(&tx->resp_protocol);
    http_buf_release(&tx->status_raw);
    http_buf_release(&tx->status_msg);
    free(tx);
}

static struct http_tx *tx_new(struct app_flow *af)
{
    struct http_tx *tx = calloc(1, sizeof(*tx));

    if (tx == NULL)
        return NULL;
    tx->req.content_length = -1;
    tx->resp.content_length = -1;
    tx->port = -1;
    tx->status = -1;
    app_tx_append(af, &tx->head);
    return tx;
}

/* Too many transactions open on the flow (responses not keeping up): stop creating more. */
static bool too_many_tx(const struct app_flow *af)
{
    return af->txs != NULL && af->tx_next_id - af->txs->id >= http_cfg.max_tx;
}

static void ev(struct app_flow *af, struct http_tx *tx, enum http_event e)
{
    /* an event is kept once per tx, as libhtp flags each condition once */
    const struct app_events *evs = tx != NULL ? &tx->head.events : &af->events;

    for (uint8_t i = 0; i < evs->n; i++) {
        if (evs->ev[i].src == APP_EVENT_SRC_PROTO && evs->ev[i].id == (uint8_t)e)
            return;
    }
    app_event_raise(af, tx != NULL ? &tx->head : NULL, (uint8_t)e);
}

/* --- start lines --- */

static uint8_t parse_proto_num(const uint8_t *p, size_t n)
{
    trim(&p, &n);
    if (eq_nocase(p, n, "HTTP/1.1"))
        return 11;
    if (eq_nocase(p, n, "HTTP/1.0"))
        return 10;
    if (eq_nocase(p, n, "HTTP/0.9"))
        return 9;
    return 0;
}

static void parse_request_line(struct app_flow *af, struct http_tx *tx, const uint8_t *p, size_t n)
{
    const size_t lim = http_cfg.field_limit;
    size_t i = 0, mstart, mend, ustart, uend, rend, j, d;
    bool have_proto = false;
    struct http_uri_info info;

    buf_set(&tx->req.line, p, n, lim);
    while (i < n && is_space(p[i]))
        i++;
    if (i > 0)
        ev(af, tx, HTTP_EV_REQUEST_LINE_LEADING_WHITESPACE);
    mstart = i;
    while (i < n && !is_space(p[i]))
        i++;
    mend = i;
    d = i;
    while (i < n && is_space(p[i]))
        i++;
    if (i - d > 1 || (i - d == 1 && p[d] != ' '))
        ev(af, tx, HTTP_EV_METHOD_DELIM_NON_COMPLIANT);
    ustart = i;
    rend = n;
    while (rend > ustart && is_space(p[rend - 1]))
        rend--;
    buf_set(&tx->method, p + mstart, mend - mstart, lim);

    /* the protocol is the last word when it looks like one; the URI may hold spaces */
    uend = rend;
    for (j = rend; j > ustart; j--) {
        if (is_space(p[j - 1]))
            break;
    }
    if (j > ustart) {
        size_t k = j - 1; /* a whitespace byte */

        if (starts_nocase(p + j, rend - j, "HTTP")) {
            have_proto = true;
            buf_set(&tx->protocol, p + j, rend - j, lim);
            uend = k + 1;
            while (uend > ustart && is_space(p[uend - 1]))
                uend--;
            if (j - uend > 1 || p[uend] != ' ')
                ev(af, tx, HTTP_EV_URI_DELIM_NON_COMPLIANT);
        } else {
            /* not a protocol: URI up to the first whitespace, the rest as protocol */
            size_t e = ustart, ps;

            while (e < rend && !is_space(p[e]))
                e++;
            uend = e;
            ps = e;
            while (ps < rend && is_space(p[ps]))
                ps++;
            have_proto = true;
            buf_set(&tx->protocol, p + ps, rend - ps, lim);
        }
    }
    buf_set(&tx->uri_raw, p + ustart, uend - ustart, lim);

    if (eq_nocase(tx->method.p, tx->method.len, "HEAD"))
        tx->flags |= HTTP_TX_F_HEAD;
    if (eq_nocase(tx->method.p, tx->method.len, "CONNECT"))
        tx->flags |= HTTP_TX_F_CONNECT;

    if (!have_proto) {
        tx->flags |= HTTP_TX_F_HTTP09;
        tx->req_proto_num = 9;
        ev(af, tx, HTTP_EV_REQUEST_LINE_MISSING_PROTOCOL);
    } else {
        tx->req_proto_num = parse_proto_num(tx->protocol.p, tx->protocol.len);
        if (tx->req_proto_num == 0)
            ev(af, tx, HTTP_EV_REQUEST_LINE_INVALID);
    }

    memset(&info, 0, sizeof(info));
    tx->uri_norm.len = 0;
    http_uri_normalize(tx->uri_raw.p, tx->uri_raw.len, (tx->flags & HTTP_TX_F_CONNECT) != 0,
            &tx->uri_norm, lim, &info);
    if (info.absolute)
        tx->flags |= HTTP_TX_F_URI_ABSOLUTE;
    if (info.double_encoded)
        ev(af, tx, HTTP_EV_DOUBLE_ENCODED_URI);
    if (info.host.len > 0) {
        int32_t port;

        buf_set(&tx->host_raw, info.host.p, info.host.len, lim);
        tx->host.len = 0;
        port = http_host_normalize(info.host.p, info.host.len, &tx->host, lim);
        if (port == -2)
            ev(af, tx, HTTP_EV_INVALID_AUTHORITY_PORT);
        else
            tx->port = port;
    }
    tx->req_progress = HTTP_PROG_LINE;
}

static void parse_status_line(struct app_flow *af, struct http_tx *tx, const uint8_t *p, size_t n)
{
    const size_t lim = http_cfg.field_limit;
    size_t i = 0, s, e;

    buf_set(&tx->resp.line, p, n, lim);
    while (i < n && is_space(p[i]))
        i++;
    s = i;
    while (i < n && !is_space(p[i]))
        i++;
    buf_set(&tx->resp_protocol, p + s, i - s, lim);
    if (!starts_nocase(p + s, i - s, "HTTP/") || parse_proto_num(p + s, i - s) == 0)
        ev(af, tx, HTTP_EV_RESPONSE_INVALID_PROTOCOL);
    while (i < n && is_space(p[i]))
        i++;
    s = i;
    while (i < n && !is_space(p[i]))
        i++;
    buf_set(&tx->status_raw, p + s, i - s, lim);
    tx->status = -1;
    if (i - s == 3 && p[s] >= '1' && p[s] <= '9' && p[s + 1] >= '0' && p[s + 1] <= '9' &&
            p[s + 2] >= '0' && p[s + 2] <= '9')
        tx->status = (p[s] - '0') * 100 + (p[s + 1] - '0') * 10 + (p[s + 2] - '0');
    else
        ev(af, tx, HTTP_EV_RESPONSE_INVALID_STATUS);
    while (i < n && is_lws(p[i]))
        i++;
    e = n;
    while (e > i && is_space(p[e - 1]))
        e--;
    buf_set(&tx->status_msg, p + i, e - i, lim);
    tx->resp_progress = HTTP_PROG_LINE;
}

/* --- headers --- */

static bool is_token(uint8_t c)
{
    if (c < 33 || c > 126)
        return false;
    return strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

static void process_header(
        struct app_flow *af, struct http_tx *tx, int dir, const uint8_t *p, size_t n)
{
    struct http_msg *m = dir == APP_DIR_TOSERVER ? &tx->req : &tx->resp;
    const uint8_t *colon = n > 0 ? memchr(p, ':', n) : NULL;
    const uint8_t *name = p, *val;
    size_t nlen, vlen;
    bool invalid = false;
    struct http_header *h = NULL;

    if (colon == NULL) {
        ev(af, tx,
                dir == 0 ? HTTP_EV_REQUEST_FIELD_MISSING_COLON
                         : HTTP_EV_RESPONSE_FIELD_MISSING_COLON);
        nlen = 0;
        val = p;
        vlen = n;
        invalid = true;
    } else {
        nlen = (size_t)(colon - p);
        val = colon + 1;
        vlen = n - nlen - 1;
        if (nlen > 0 && is_space(p[nlen - 1])) {
            /* whitespace after the name (VT and FF too) is dropped, as libhtp trims it */
            invalid = true;
            while (nlen > 0 && is_space(p[nlen - 1]))
                nlen--;
        }
        for (size_t i = 0; i < nlen && !invalid; i++) {
            if (!is_token(name[i]))
                invalid = true;
        }
        if (nlen == 0)
            invalid = true;
        if (invalid)
            ev(af, tx, dir == 0 ? HTTP_EV_REQUEST_HEADER_INVALID : HTTP_EV_RESPONSE_HEADER_INVALID);
    }
    trim(&val, &vlen);

    for (uint32_t i = 0; i < m->n_hdrs; i++) {
        struct http_header *x = &m->hdrs[i];

        if (bytes_eq_nocase(x->name.p, x->name.len, name, nlen)) {
            h = x;
            break;
        }
    }
    if (h != NULL) {
        ev(af, tx,
                dir == 0 ? HTTP_EV_REQUEST_HEADER_REPETITION : HTTP_EV_RESPONSE_HEADER_REPETITION);
        h->flags |= HTTP_HDR_F_REPEATED;
        if (eq_nocase(name, nlen, "Content-Length")) {
            int64_t a = parse_content_length(h->value.p, h->value.len);
            int64_t b = parse_content_length(val, vlen);

            if (a < 0 || b < 0 || a != b)
                ev(af, tx,
                        dir == 0 ? HTTP_EV_DUPLICATE_CL_IN_REQUEST
                                 : HTTP_EV_DUPLICATE_CL_IN_RESPONSE);
        } else {
            http_buf_append(&h->value, ", ", 2, HTTP_HDR_VALUE_MAX);
            http_buf_append(&h->value, val, vlen, HTTP_HDR_VALUE_MAX);
        }
        return;
    }
    if (m->n_hdrs >= http_cfg.max_headers) {
        ev(af, tx, dir == 0 ? HTTP_EV_REQUEST_TOO_MANY_HEADERS : HTTP_EV_RESPONSE_TOO_MANY_HEADERS);
        return;
    }
    if (m->n_hdrs == m->cap_hdrs) {
        uint32_t cap = m->cap_hdrs ? m->cap_hdrs * 2 : 16;
        struct http_header *nh = realloc(m->hdrs, cap * sizeof(*nh));

        if (nh == NULL)
            return;
        m->hdrs = nh;
        m->cap_hdrs = cap;
    }
    h = &m->hdrs[m->n_hdrs++];
    memset(h, 0, sizeof(*h));
    http_buf_append(&h->name, name, nlen, HTTP_HDR_VALUE_MAX);
    http_buf_append(&h->value, val, vlen, HTTP_HDR_VALUE_MAX);
    if (invalid)
        h->flags |= HTTP_HDR_F_INVALID;
}

static void flush_pending(struct app_flow *af, struct side *s, int dir)
{
    if (s->have_pending && s->tx != NULL)
        process_header(af, s->tx, dir, s->pending.p, s->pending.len);
    s->have_pending = false;
    s->pending.len = 0;
}

/* Builds the detection buffers of a message whose headers are complete. */
static void build_derived(struct http_msg *m, int dir)
{
    const size_t max = 1024 * 1024;
    const char *skip = dir == APP_DIR_TOSERVER ? "Cookie" : "Set-Cookie";

    m->hdr_norm.len = m->hdr_names.len = m->start.len = 0;
    http_buf_append(&m->hdr_names, "\r\n", 2, max);
    http_buf_append(&m->start, m->line.p, m->line.len, max);
    http_buf_append(&m->start, "\r\n", 2, max);
    for (uint32_t i = 0; i < m->n_hdrs; i++) {
        struct http_header *h = &m->hdrs[i];

        h->line.len = 0;
        http_buf_append(&h->line, h->name.p, h->name.len, max);
        http_buf_append(&h->line, ": ", 2, max);
        http_buf_append(&h->line, h->value.p, h->value.len, max);
        http_buf_append(&m->hdr_names, h->name.p, h->name.len, max);
        http_buf_append(&m->hdr_names, "\r\n", 2, max);
        http_buf_append(&m->start, h->name.p, h->name.len, max);
        http_buf_append(&m->start, ": ", 2, max);
        http_buf_append(&m->start, h->value.p, h->value.len, max);
        http_buf_append(&m->start, "\r\n", 2, max);
        if (eq_nocase(h->name.p, h->name.len, skip))
            continue;
        http_buf_append(&m->hdr_norm, h->name.p, h->name.len, max);
        http_buf_append(&m->hdr_norm, ": ", 2, max);
        http_buf_append(&m->hdr_norm, h->value.p, h->value.len, max);
        http_buf_append(&m->hdr_norm, "\r\n", 2, max);
    }
    http_buf_append(&m->hdr_names, "\r\n", 2, max);
    http_buf_append(&m->start, "\r\n", 2, max);
}

static void msg_done(struct http_state *st, int dir)
{
    struct side *s = &st->side[dir];
    struct http_tx *tx = s->tx;

    if (tx != NULL) {
        struct http_msg *m = dir == APP_DIR_TOSERVER ? &tx->req : &tx->resp;

        file_http_end(tx, dir,
                s->remaining > 0 || (s->phase >= PH_CHUNK_LEN && s->phase <= PH_CHUNK_END));
        http_decomp_free(m->dc);
        m->dc = NULL;
        if (dir == APP_DIR_TOSERVER)
            tx->req_progress = HTTP_PROG_DONE;
        else
            tx->resp_progress = HTTP_PROG_DONE;
        tx->head.complete |= (uint8_t)(1u << dir);
    }
    s->tx = NULL;
    s->have_pending = false;
    s->pending.len = 0;
    if (s->phase != PH_STOP)
        s->phase = PH_LINE;
}

/* One token of a Content-Encoding list, as libhtp's "slow path" reads it. */
static int encoding_token(struct app_flow *af, struct http_tx *tx, const uint8_t *p, size_t n)
{
    if (contains_nocase(p, n, "gzip")) {
        if (!bytes_eq(p, n, "gzip") && !bytes_eq(p, n, "x-gzip"))
            ev(af, tx, HTTP_EV_ABNORMAL_CE_HEADER);
        return HTTP_CE_GZIP;
    }
    if (contains_nocase(p, n, "deflate")) {
        if (!bytes_eq(p, n, "deflate") && !bytes_eq(p, n, "x-deflate"))
            ev(af, tx, HTTP_EV_ABNORMAL_CE_HEADER);
        return HTTP_CE_DEFLATE;
    }
    if (bytes_eq(p, n, "lzma"))
        return HTTP_CE_LZMA;
    if (!bytes_eq(p, n, "inflate") && !bytes_eq(p, n, "none"))
        ev(af, tx, HTTP_EV_ABNORMAL_CE_HEADER);
    return HTTP_CE_NONE;
}

/* The decoding layers of a response body from its Content-Encoding, as libhtp: one known
 * value (NUL bytes and case ignored) is one layer; anything else is split at commas and
 * spaces, each token a layer (up to the layer limit; unknown ones decode nothing). */
static void response_encodings(struct app_flow *af, struct http_tx *tx)
{
    struct http_msg *m = &tx->resp;
    struct slice v;
    uint32_t layers = 0;
    size_t i = 0;

    m->n_encs = 0;
    if (!header_value_nozero(m, "Content-Encoding", &v))
        return;
    if (eq_nocase_nozero(v.p, v.len, "gzip") || eq_nocase_nozero(v.p, v.len, "x-gzip")) {
        m->encs[m->n_encs++] = HTTP_CE_GZIP;
        return;
    }
    if (eq_nocase_nozero(v.p, v.len, "deflate") || eq_nocase_nozero(v.p, v.len, "x-deflate")) {
        m->encs[m->n_encs++] = HTTP_CE_DEFLATE;
        return;
    }
    if (eq_nocase_nozero(v.p, v.len, "lzma")) {
        m->encs[m->n_encs++] = HTTP_CE_LZMA;
        return;
    }
    if (eq_nocase_nozero(v.p, v.len, "inflate") || eq_nocase_nozero(v.p, v.len, "none"))
        return;
    while (i < v.len) {
        size_t s0;
        int e;

        while (i < v.len && (v.p[i] == ',' || v.p[i] == ' '))
            i++;
        if (i == v.len)
            break;
        s0 = i;
        while (i < v.len && v.p[i] != ',' && v.p[i] != ' ')
            i++;
        if (++layers > http_cfg.decompress_layers) {
            ev(af, tx, HTTP_EV_TOO_MANY_ENCODING_LAYERS);
            break;
        }
        e = encoding_token(af, tx, v.p + s0, i - s0);
        if (e != HTTP_CE_NONE && m->n_encs < HTTP_MAX_ENCODINGS)
            m->encs[m->n_encs++] = (uint8_t)e;
    }
}

/* Hostname and port from the Host header, unless the URI was absolute. */
static void request_host(struct app_flow *af, struct http_tx *tx)
{
    struct slice v;
    bool have = http_msg_header_value(&tx->req, "Host", &v);

    if (!have) {
        if (tx->req_proto_num == 11)
            ev(af, tx, HTTP_EV_MISSING_HOST_HEADER);
        return;
    }
    if (tx->host_raw.len > 0) {
        struct http_buf tmp = { 0 };

        http_host_normalize(v.p, v.len, &tmp, http_cfg.field_limit);
        if (tmp.len != tx->host.len || (tmp.len > 0 && memcmp(tmp.p, tx->host.p, tmp.len) != 0))
            ev(af, tx, HTTP_EV_HOST_HEADER_AMBIGUOUS);
        http_buf_release(&tmp);
        return;
    }
    buf_set(&tx->host_raw, v.p, v.len, http_cfg.field_limit);
    tx->host.len = 0;
    tx->port = http_host_normalize(v.p, v.len, &tx->host, http_cfg.field_limit);
    if (tx->port == -2) {
        ev(af, tx, HTTP_EV_REQUEST_HEADER_HOST_INVALID);
        tx->port = -1;
    }
}

static void request_headers_done(struct app_flow *af, struct http_state *st)
{
    struct side *s = &st->side[APP_DIR_TOSERVER];
    struct http_tx *tx = s->tx;
    struct slice te, cl;
    bool have_te, have_cl;

    build_derived(&tx->req, APP_DIR_TOSERVER);
    tx->req_progress = HTTP_PROG_HEADERS;
    request_host(af, tx);
    have_te = header_value_nozero(&tx->req, "Transfer-Encoding", &te);
    have_cl = header_value_nozero(&tx->req, "Content-Length", &cl);
    if (have_te && contains_nocase_nozero(te.p, te.len, "chunked")) {
        if (!eq_nocase(te.p, te.len, "chunked"))
            ev(af, tx, HTTP_EV_INVALID_TE_IN_REQUEST);
        tx->req.chunked = true;
        tx->req_progress = HTTP_PROG_BODY;
        s->phase = PH_CHUNK_LEN;
        return;
    }
    if (have_te)
        ev(af, tx, HTTP_EV_INVALID_TE_IN_REQUEST);
    if (have_cl) {
        int64_t v = parse_content_length(cl.p, cl.len);

        if (v < 0) {
            ev(af, tx, HTTP_EV_INVALID_CL_IN_REQUEST);
        } else {
            tx->req.content_length = v;
            if (v > 0) {
                tx->req_progress = HTTP_PROG_BODY;
                s->remaining = (uint64_t)v;
                s->phase = PH_BODY_CL;
                return;
            }
        }
    }
    msg_done(st, APP_DIR_TOSERVER);
}

static void response_headers_done(struct app_flow *af, struct http_state *st)
{
    struct side *s = &st->side[APP_DIR_TOCLIENT];
    struct http_tx *tx = s->tx;
    struct slice te, cl;
    bool have_te, have_cl;

    have_te = header_value_nozero(&tx->resp, "Transfer-Encoding", &te);
    have_cl = header_value_nozero(&tx->resp, "Content-Length", &cl);
    if (tx->status == 100 && !have_te && !(have_cl && parse_content_length(cl.p, cl.len) > 0)) {
        /* interim response: forget it and wait for the real one (one announcing a body is
         * a response of its own, as libhtp takes it) */
        if (tx->flags & HTTP_TX_F_SEEN_100)
            ev(af, tx, HTTP_EV_100_CONTINUE_ALREADY_SEEN);
        tx->flags |= HTTP_TX_F_SEEN_100;
        msg_release(&tx->resp);
        tx->resp.content_length = -1;
        tx->resp_protocol.len = tx->status_raw.len = tx->status_msg.len = 0;
        tx->status = -1;
        tx->resp_progress = HTTP_PROG_NONE;
        s->phase = PH_LINE;
        return;
    }
    build_derived(&tx->resp, APP_DIR_TOCLIENT);
    tx->resp_progress = HTTP_PROG_HEADERS;
    if ((tx->status == 101 && !have_te && !have_cl) ||
            ((tx->flags & HTTP_TX_F_CONNECT) && tx->status >= 200 && tx->status < 300)) {
        /* the connection becomes a tunnel (or another protocol): stop parsing it */
        msg_done(st, APP_DIR_TOCLIENT);
        st->tunnel = true;
        st->side[0].phase = PH_STOP;
        st->side[1].phase = PH_STOP;
        return;
    }
    /* 1xx, 204 and 304 have no body unless they announce one (browsers read it then) */
    if ((tx->flags & HTTP_TX_F_HEAD) ||
            (((tx->status >= 100 && tx->status < 200) || tx->status == 204 || tx->status == 304) &&
                    !have_te && !have_cl)) {
        msg_done(st, APP_DIR_TOCLIENT);
        return;
    }
    if (http_cfg.decompress_layers > 0) {
        response_encodings(af, tx);
        tx->resp.encoding = tx->resp.n_encs > 0 ? HTTP_CE_GZIP : HTTP_CE_NONE;
    }
    tx->resp_progress = HTTP_PROG_BODY;
    if (have_te && contains_nocase_nozero(te.p, te.len, "chunked")) {
        if (!eq_nocase(te.p, te.len, "chunked"))
            ev(af, tx, HTTP_EV_RESPONSE_ABNORMAL_TRANSFER_ENCODING);
        if (parse_proto_num(tx->resp_protocol.p, tx->resp_protocol.len) < 11)
            ev(af, tx, HTTP_EV_RESPONSE_CHUNKED_OLD_PROTO);
        tx->resp.chunked = true;
        s->phase = PH_CHUNK_LEN;
        return;
    }
    if (have_te)
        ev(af, tx, HTTP_EV_INVALID_TE_IN_RESPONSE);
    if (have_cl) {
        int64_t v = parse_content_length(cl.p, cl.len);

        if (v >= 0) {
            tx->resp.content_length = v;
            if (v == 0) {
                msg_done(st, APP_DIR_TOCLIENT);
                return;
            }
            s->remaining = (uint64_t)v;
            s->phase = PH_BODY_CL;
            return;
        }
        ev(af, tx, HTTP_EV_INVALID_CL_IN_RESPONSE);
    }
    s->phase = PH_BODY_CLOSE;
}

/* --- bodies --- */

static void body_data(struct app_flow *af, struct http_tx *tx, int dir, const uint8_t *p, size_t n)
{
    struct http_msg *m = dir == APP_DIR_TOSERVER ? &tx->req : &tx->resp;
    size_t limit =
            dir == APP_DIR_TOSERVER ? http_cfg.request_body_limit : http_cfg.response_body_limit;

    if (n == 0)
        return;
    m->body_len += n;
    if (m->encoding != HTTP_CE_NONE) {
        enum http_decomp_result r;

        if (m->dc == NULL)
            m->dc = http_decomp_new(m->encs, m->n_encs);
        if (m->dc != NULL) {
            uint32_t before = m->body.len;

            r = http_decomp_feed(m->dc, p, n, &m->body, limit, &m->body_entity_len);
            if (m->body.len > before)
                file_http_body(tx, dir, m->body.p + before, m->body.len - before);
            if (r == HTTP_DECOMP_OK)
                return;
            ev(af, tx, HTTP_EV_COMPRESSION_BOMB);
            m->body_truncated = true;
            m->encoding = HTTP_CE_NONE;
            http_decomp_free(m->dc);
            m->dc = NULL;
            return;
        }
        m->encoding = HTTP_CE_NONE;
        /* no memory for a decoder: what follows is kept as it is */
    }
    m->body_entity_len += n;
    file_http_body(tx, dir, p, n);
    if (http_buf_append(&m->body, p, n, limit) < n)
        m->body_truncated = true;
}

/* Is c one of the bytes libhtp skips before a chunk size (CR LF SP HT VT FF)? */
static bool is_chunk_ctl(uint8_t c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == 0x0b || c == 0x0c;
}

/* Result of reading a chunk size line. */
enum {
    CHUNK_LEN_OK = 0,
    CHUNK_LEN_SKIP,
    CHUNK_LEN_INVALID
};

/* Chunk size line as libhtp reads it: control bytes and spaces, hex digits, then anything
 * (an extension when it holds ';'; other junk such as "fx" or "f," is ignored). A line of
 * control bytes only, or a size beyond 2^31-1, is skipped; no hex digit is invalid. */
static int parse_chunk_len(
        struct app_flow *af, struct http_tx *tx, int dir, const uint8_t *p, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0, digits = 0;

    *out = 0;
    while (i < n && is_chunk_ctl(p[i]))
        i++;
    if (i == n)
        return CHUNK_LEN_SKIP;
    while (i < n && is_lws(p[i]))
        i++;
    for (; i < n; i++, digits++) {
        uint8_t c = p[i];
        unsigned d;

        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (lower(c) >= 'a' && lower(c) <= 'f')
            d = (unsigned)(lower(c) - 'a' + 10);
        else
            break;
        if (digits >= 16)
            return CHUNK_LEN_INVALID;
        v = (v << 4) | d;
    }
    if (digits == 0)
        return CHUNK_LEN_INVALID;
    if (memchr(p + i, ';', n - i) != NULL)
        ev(af, tx, dir == 0 ? HTTP_EV_REQUEST_CHUNK_EXTENSION : HTTP_EV_RESPONSE_CHUNK_EXTENSION);
    if (v > INT32_MAX)
        return CHUNK_LEN_SKIP;
    *out = v;
    return CHUNK_LEN_OK;
}

/* --- lines --- */

/* The tx a response starts on: the oldest one without a response, or a new one. */
static struct http_tx *response_tx(struct app_flow *af, struct http_state *st)
{
    struct http_tx *tx;

    for (struct app_tx *t = af->txs; t != NULL; t = t->next) {
        tx = (struct http_tx *)t;
        if (tx->resp_progress == HTTP_PROG_NONE && !(t->complete & 2))
            return tx;
    }
    if (too_many_tx(af))
        return NULL;
    tx = tx_new(af);
    if (tx == NULL)
        return NULL;
    tx->flags |= HTTP_TX_F_NO_REQUEST;
    tx->head.complete |= 1;
    ev(af, tx, HTTP_EV_UNABLE_TO_MATCH_RESPONSE);
    return tx;
}

static void request_line_in(struct app_flow *af, struct http_state *st, const uint8_t *p, size_t n)
{
    struct side *s = &st->side[APP_DIR_TOSERVER];
    struct http_tx *tx;
    size_t k = 0;

    while (k < n && is_space(p[k]))
        k++;
    if (k == n)
        return; /* empty lines before a request are ignored */
    if (too_many_tx(af)) {
        s->phase = PH_STOP;
        return;
    }
    tx = tx_new(af);
    if (tx == NULL) {
        s->phase = PH_STOP;
        return;
    }
    s->tx = tx;
    parse_request_line(af, tx, p, n);
    if (tx->flags & HTTP_TX_F_HTTP09) {
        /* as libhtp: a line without protocol followed by more than whitespace in the same
         * data is not HTTP/0.9; what follows is read as headers */
        for (size_t i = 0; i < st->next.len; i++) {
            if (!is_space(st->next.p[i])) {
                tx->flags &= (uint16_t)~HTTP_TX_F_HTTP09;
                tx->req_proto_num = 0;
                break;
            }
        }
    }
    if (tx->flags & HTTP_TX_F_HTTP09) {
        /* HTTP/0.9: no headers, no body */
        build_derived(&tx->req, APP_DIR_TOSERVER);
        msg_done(st, APP_DIR_TOSERVER);
        return;
    }
    s->phase = PH_HEADERS;
}

static void response_line_in(
        struct app_flow *af, struct http_state *st, const uint8_t *p, size_t n, size_t raw_len)
{
    struct side *s = &st->side[APP_DIR_TOCLIENT];
    struct http_tx *tx;
    size_t k = 0;

    while (k < n && (is_space(p[k]) || p[k] == 0))
        k++;
    if (k == n)
        return; /* empty lines before a response (or after a 100 Continue) are ignored */
    tx = s->tx != NULL ? s->tx : response_tx(af, st);
    if (tx == NULL) {
        s->phase = PH_STOP;
        return;
    }
    s->tx = tx;
    if (!(tx->flags & HTTP_TX_F_HTTP09) && !starts_nocase(p + k, n - k, "HTTP") &&
            st->next.len > 1 && (st->next.p[0] == 'H' || n <= 2)) {
        /* as libhtp: a junk line followed by one starting with 'H' ("SIP/2.0 200 ok" then
         * "HTTP/1.1 200 ok") is skipped */
        return;
    }
    if ((tx->flags & HTTP_TX_F_HTTP09) || !starts_nocase(p + k, n - k, "HTTP")) {
        /* no status line: the whole response is a body until the connection closes */
        tx->resp_progress = HTTP_PROG_BODY;
        s->phase = PH_BODY_CLOSE;
        body_data(af, tx, APP_DIR_TOCLIENT, p, raw_len);
        return;
    }
    parse_status_line(af, tx, p, n);
    s->phase = PH_HEADERS;
}

/* Bytes that continue a folded header line when they start it. */
static bool is_fold(uint8_t c)
{
    return c == ' ' || c == '\t' || c == 0;
}

/* Does p look like the start of a header ("Name:" after optional spaces)? libhtp reads such
 * a folded response line as a new header. */
static bool looks_like_header(const uint8_t *p, size_t n)
{
    size_t i = 0, t;

    while (i < n && is_lws(p[i]))
        i++;
    t = i;
    while (i < n && is_token(p[i]))
        i++;
    if (i == t)
        return false;
    while (i < n && is_lws(p[i]))
        i++;
    return i < n && p[i] == ':';
}

static void headers_end(struct app_flow *af, struct http_state *st, int dir)
{
    flush_pending(af, &st->side[dir], dir);
    if (dir == APP_DIR_TOSERVER)
        request_headers_done(af, st);
    else
        response_headers_done(af, st);
}

static void header_line_in(struct app_flow *af, struct http_state *st, int dir, const uint8_t *p,
        size_t n, size_t raw_len)
{
    struct side *s = &st->side[dir];
    struct http_tx *tx = s->tx;
    struct http_msg *m = dir == APP_DIR_TOSERVER ? &tx->req : &tx->resp;

    http_buf_append(&m->hdr_raw, p, raw_len, 1024 * 1024);
    if (n == 0) {
        headers_end(af, st, dir);
        return;
    }
    if (is_fold(p[0])) {
        if (s->have_pending) {
            if (n == 1 && raw_len == 2) {
                /* a lone whitespace byte on a line ended by one byte: libhtp ends the
                 * headers there (taking one more LF with them if one follows) */
                s->skip_lf = true;
                headers_end(af, st, dir);
                return;
            }
            if (dir == APP_DIR_TOSERVER || !looks_like_header(p + 1, n - 1)) {
                http_buf_append(&s->pending, p, n, http_cfg.field_limit);
                return;
            }
            /* "\tTransfer-Encoding: chunked" in a response is a header of its own */
            p++;
            n--;
        }
        if (n > 0 && is_fold(p[0]))
            ev(af, tx,
                    dir == 0 ? HTTP_EV_INVALID_REQUEST_FIELD_FOLDING
                             : HTTP_EV_INVALID_RESPONSE_FIELD_FOLDING);
        while (n > 0 && is_fold(p[0])) {
            p++;
            n--;
        }
    }
    flush_pending(af, s, dir);
    s->pending.len = 0;
    http_buf_append(&s->pending, p, n, http_cfg.field_limit);
    s->have_pending = true;
}

static void trailer_line_in(struct app_flow *af, struct http_state *st, int dir, size_t n)
{
    if (n == 0)
        msg_done(st, dir);
}

static void chunk_len_in(
        struct app_flow *af, struct http_state *st, int dir, const uint8_t *p, size_t n)
{
    struct side *s = &st->side[dir];
    uint64_t v;
    int r = parse_chunk_len(af, s->tx, dir, p, n, &v);

    if (r == CHUNK_LEN_SKIP)
        return; /* empty or unusable size line: the next line is read as a size */
    if (r == CHUNK_LEN_INVALID) {
        ev(af, s->tx,
                dir == 0 ? HTTP_EV_INVALID_REQUEST_CHUNK_LEN : HTTP_EV_INVALID_RESPONSE_CHUNK_LEN);
        if (dir == APP_DIR_TOSERVER) {
            msg_done(st, dir);
            s->phase = PH_STOP;
        } else {
            /* as libhtp: the rest of the response is taken as it is */
            s->phase = PH_BODY_CLOSE;
            if (s->tx != NULL)
                body_data(af, s->tx, dir, p, n);
        }
        return;
    }
    if (v == 0) {
        s->phase = PH_TRAILER;
        return;
    }
    s->remaining = v;
    s->phase = PH_CHUNK_DATA;
}

/* Hands a complete line to its phase: p[0..n) is its content, raw_len with the line end. */
static void line_in(struct app_flow *af, struct http_state *st, int dir, const uint8_t *p, size_t n,
        size_t raw_len)
{
    struct side *s = &st->side[dir];

    switch (s->phase) {
    case PH_LINE:
        if (dir == APP_DIR_TOSERVER)
            request_line_in(af, st, p, n);
        else
            response_line_in(af, st, p, n, raw_len);
        break;
    case PH_HEADERS:
        header_line_in(af, st, dir, p, n, raw_len);
        break;
    case PH_CHUNK_LEN:
        chunk_len_in(af, st, dir, p, raw_len);
        break;
    case PH_CHUNK_END:
        s->phase = PH_CHUNK_LEN;
        if (n > 0)
            chunk_len_in(af, st, dir, p, raw_len); /* no line end after the chunk: a size */
        break;
    case PH_TRAILER:
        trailer_line_in(af, st, dir, n);
        break;
    default:
        break;
    }
}

/* Content length of a line ended by LF (a CR before the LF is dropped too). */
static size_t lf_content(const uint8_t *p, size_t n)
{
    if (n > 0 && p[n - 1] == '\n')
        n--;
    if (n > 0 && p[n - 1] == '\r')
        n--;
    return n;
}

/* Gathers a line ended by LF; returns true with it in *line (line end included). */
static bool take_line(
        struct app_flow *af, struct side *s, int dir, struct cursor *c, struct slice *line)
{
    size_t left = cur_left(c);
    const uint8_t *lf = memchr(c->p, '\n', left);
    size_t n = lf != NULL ? (size_t)(lf - c->p) + 1 : left;
    size_t lim = (size_t)http_cfg.field_limit + 2;

    if (lf != NULL && s->line.len == 0 && !s->line_overflow) {
        line->p = c->p;
        line->len = n;
        cur_skip(c, n);
        if (n > lim) {
            ev(af, s->tx,
                    dir == 0 ? HTTP_EV_REQUEST_FIELD_TOO_LONG : HTTP_EV_RESPONSE_FIELD_TOO_LONG);
        }
        return true;
    }
    if (!s->line_overflow && http_buf_append(&s->line, c->p, n, lim) < n) {
        s->line_overflow = true;
        ev(af, s->tx, dir == 0 ? HTTP_EV_REQUEST_FIELD_TOO_LONG : HTTP_EV_RESPONSE_FIELD_TOO_LONG);
    }
    cur_skip(c, n);
    if (lf == NULL)
        return false;
    if (s->line_overflow && (s->line.len == 0 || s->line.p[s->line.len - 1] != '\n')) {
        /* keep the line end so the truncated line still ends where the real one did */
        if (s->line.len > 0)
            s->line.p[s->line.len - 1] = '\n';
    }
    line->p = s->line.p;
    line->len = s->line.len;
    return true;
}

/* --- response lines: CR ends a line too --- */

/* Longest run of CR/SP/HT looked at in a deformed line end (bounds the bytes read ahead). */
#define DEFORMED_RUN_MAX 32

/* The bytes of a line gathered so far (a) followed by new data (b). */
struct view {
    const uint8_t *a, *b;
    size_t an, bn;
};

static int vat(const struct view *v, size_t k)
{
    if (k < v->an)
        return v->a[k];
    k -= v->an;
    return k < v->bn ? v->b[k] : -1;
}

/* Length of the line end at i (a CR or an LF) of a response status or header line, as libhtp
 * reads them: the status line ends at CRLF, CR or LF; an empty line (the end of the headers)
 * is CRLF, LFCR, LF or CR; a header line ends at those and at the deformed ends LF CR CR LF
 * (when an empty line follows) and CR LF CR + CR/SP/HT run [+ LF] (when none follows). 0 when
 * more bytes are needed to tell (never once the stream has ended). */
static size_t resp_eol(const struct view *v, size_t i, bool status, bool eof)
{
    int c0 = vat(v, i), c1, c;
    size_t j, run = 0;

#define VG_NEED(x)                                                                                 \
    do {                                                                                           \
        if ((x) < 0 && !eof)                                                                       \
            return 0;                                                                              \
    } while (0)
    if (status && c0 == '\n')
        return 1;
    c1 = vat(v, i + 1);
    VG_NEED(c1);
    if (status || i == 0) {
        if ((c0 == '\r' && c1 == '\n') || (!status && c0 == '\n' && c1 == '\r'))
            return 2;
        return 1;
    }
    if (c0 == '\n') {
        if (c1 != '\r')
            return 1;
        c = vat(v, i + 2);
        VG_NEED(c);
        if (c != '\r')
            return 2;
        c = vat(v, i + 3);
        VG_NEED(c);
        if (c != '\n')
            return 2;
        c = vat(v, i + 4);
        VG_NEED(c);
        if (c == '\n')
            return 4;
        if (c == '\r') {
            c = vat(v, i + 5);
            VG_NEED(c);
            if (c == '\n')
                return 4;
        }
        return 2;
    }
    if (c1 != '\n')
        return 1;
    c = vat(v, i + 2);
    VG_NEED(c);
    if (c != '\r')
        return 2;
    j = i + 3;
    for (;;) {
        c = vat(v, j);
        if (c < 0 && !eof)
            return 0;
        if (c != '\r' && c != ' ' && c != '\t')
            break;
        j++;
        if (++run >= DEFORMED_RUN_MAX)
            return j - i;
    }
    if (run == 0)
        return 2;
    if (c == '\n')
        c = vat(v, ++j);
    VG_NEED(c);
    if (c == '\n')
        return 2;
    if (c == '\r') {
        c = vat(v, j + 1);
        VG_NEED(c);
        if (c == '\n')
            return 2;
    }
    return j - i;
#undef VG_NEED
}

static void gather(struct app_flow *af, struct side *s, int dir, const uint8_t *p, size_t n)
{
    size_t lim = (size_t)http_cfg.field_limit + 2 + DEFORMED_RUN_MAX + 8;

    if (!s->line_overflow && http_buf_append(&s->line, p, n, lim) < n) {
        s->line_overflow = true;
        ev(af, s->tx, dir == 0 ? HTTP_EV_REQUEST_FIELD_TOO_LONG : HTTP_EV_RESPONSE_FIELD_TOO_LONG);
    }
}

/* Gathers a response status or header line; returns true with it in *line (line end
 * included) and its content length in *clen. Bytes of the gathered line read ahead past its
 * end are left in s->carry. */
static bool take_line_resp(struct app_flow *af, struct http_state *st, struct side *s,
        struct cursor *c, struct slice *line, size_t *clen)
{
    struct view v = { s->line.p, c->p, s->line.len, cur_left(c) };
    size_t lim = (size_t)http_cfg.field_limit + 2, i, e, total;

    s->carry = 0;
    for (i = s->scan; i < v.an; i++) {
        if (v.a[i] == '\r' || v.a[i] == '\n')
            break;
    }
    if (i == v.an) {
        size_t k = 0;

        while (k < v.bn && v.b[k] != '\r' && v.b[k] != '\n')
            k++;
        i = v.an + k;
    }
    if (i >= v.an + v.bn) {
        gather(af, s, APP_DIR_TOCLIENT, c->p, v.bn);
        cur_skip(c, v.bn);
        s->scan = s->line.len;
        return false;
    }
    e = resp_eol(&v, i, s->phase == PH_LINE, st->eof);
    if (e == 0 || (s->line_overflow && i >= v.an)) {
        if (s->line_overflow && e > 0) {
            /* a line past the limit: hand over what was kept, drop the rest */
            cur_skip(c, i - v.an + e);
            line->p = s->line.p;
            line->len = s->line.len;
            *clen = s->line.len;
            return true;
        }
        gather(af, s, APP_DIR_TOCLIENT, c->p, v.bn);
        cur_skip(c, v.bn);
        s->scan = (uint32_t)(i < s->line.len ? i : s->line.len);
        return false;
    }
    total = i + e;
    *clen = i;
    if (v.an == 0) {
        line->p = c->p;
        line->len = total;
        cur_skip(c, total);
        if (total > lim)
            ev(af, s->tx, HTTP_EV_RESPONSE_FIELD_TOO_LONG);
        return true;
    }
    if (total <= v.an) {
        s->carry = (uint32_t)(v.an - total);
    } else {
        gather(af, s, APP_DIR_TOCLIENT, c->p, total - v.an);
        cur_skip(c, total - v.an);
        if (s->line.len < total) {
            total = s->line.len;
            if (*clen > total)
                *clen = total;
        }
    }
    line->p = s->line.p;
    line->len = total;
    return true;
}

static bool resp_line_phase(const struct side *s, int dir)
{
    return dir == APP_DIR_TOCLIENT &&
           (s->phase == PH_LINE || s->phase == PH_HEADERS || s->phase == PH_TRAILER);
}

static void parse_bytes(
        struct app_flow *af, struct http_state *st, int dir, const uint8_t *data, uint32_t len)
{
    struct side *s = &st->side[dir];
    struct cursor c = cur_make(data, len);
    struct slice sl = { NULL, 0 };

    while (cur_left(&c) > 0 && s->phase != PH_STOP) {
        if (s->skip_lf) {
            s->skip_lf = false;
            if (c.p[0] == '\n') {
                cur_skip(&c, 1);
                continue;
            }
        }
        switch (s->phase) {
        case PH_BODY_CL:
        case PH_CHUNK_DATA: {
            size_t n = cur_left(&c);

            if (n > s->remaining)
                n = (size_t)s->remaining;
            cur_take(&c, n, &sl);
            if (s->tx != NULL)
                body_data(af, s->tx, dir, sl.p, sl.len);
            s->remaining -= n;
            if (s->remaining == 0) {
                if (s->phase == PH_BODY_CL)
                    msg_done(st, dir);
                else
                    s->phase = PH_CHUNK_END;
            }
            break;
        }
        case PH_BODY_CLOSE:
            cur_take(&c, cur_left(&c), &sl);
            if (s->tx != NULL)
                body_data(af, s->tx, dir, sl.p, sl.len);
            break;
        default: {
            uint8_t ahead[DEFORMED_RUN_MAX + 16];
            size_t clen = 0, carry = 0;

            if (resp_line_phase(s, dir)) {
                if (!take_line_resp(af, st, s, &c, &sl, &clen))
                    return;
                carry = s->carry;
                if (carry > sizeof(ahead))
                    carry = sizeof(ahead);
                if (carry > 0)
                    memcpy(ahead, sl.p + sl.len, carry);
            } else {
                if (!take_line(af, s, dir, &c, &sl))
                    return;
                clen = lf_content(sl.p, sl.len);
            }
            if (carry > 0) {
                st->next.p = ahead;
                st->next.len = carry;
            } else {
                st->next.p = c.p;
                st->next.len = cur_left(&c);
            }
            line_in(af, st, dir, sl.p, clen, sl.len);
            s->line.len = 0;
            s->line_overflow = false;
            s->scan = 0;
            s->carry = 0;
            if (carry > 0)
                parse_bytes(af, st, dir, ahead, (uint32_t)carry);
            break;
        }
        }
    }
}

static void parse_gap(struct http_state *st, int dir, uint32_t len)
{
    struct side *s = &st->side[dir];
    struct http_msg *m = NULL;

    if (s->tx != NULL)
        m = dir == APP_DIR_TOSERVER ? &s->tx->req : &s->tx->resp;
    if (s->tx != NULL)
        file_http_gap(s->tx, dir, len);
    switch (s->phase) {
    case PH_BODY_CL:
    case PH_CHUNK_DATA:
        if (len > s->remaining)
            break;
        s->remaining -= len;
        if (m != NULL) {
            m->body_len += len;
            m->body_truncated = true;
            m->encoding = HTTP_CE_NONE;
        }
        if (s->remaining == 0) {
            if (s->phase == PH_BODY_CL)
                msg_done(st, dir);
            else
                s->phase = PH_CHUNK_END;
        }
        return;
    case PH_BODY_CLOSE:
        if (m != NULL) {
            m->body_len += len;
            m->body_truncated = true;
            m->encoding = HTTP_CE_NONE;
        }
        return;
    default:
        break;
    }
    /* lost bytes where the framing is not known: give up on this direction */
    if (s->tx != NULL)
        msg_done(st, dir);
    s->phase = PH_STOP;
}

static void parse_eof(struct app_flow *af, struct http_state *st, int dir)
{
    struct side *s = &st->side[dir];

    if (s->line.len > 0 && !s->line_overflow && resp_line_phase(s, dir)) {
        /* line ends held back for a byte that will not come: decide them now */
        uint8_t *copy = malloc(s->line.len);
        uint32_t n = s->line.len;

        if (copy != NULL) {
            memcpy(copy, s->line.p, n);
            s->line.len = 0;
            s->scan = 0;
            st->eof = true;
            parse_bytes(af, st, dir, copy, n);
            st->eof = false;
            free(copy);
        }
    }
    if (s->line.len > 0 && !s->line_overflow && s->phase != PH_STOP) {
        /* a last line without its line end */
        bool start = s->phase == PH_LINE && dir == APP_DIR_TOSERVER;

        st->next.p = NULL;
        st->next.len = 0;
        line_in(af, st, dir, s->line.p, lf_content(s->line.p, s->line.len), s->line.len);
        s->line.len = 0;
        if (start && s->tx != NULL)
            ev(af, s->tx, HTTP_EV_REQUEST_LINE_INCOMPLETE);
    }
    if (s->phase == PH_HEADERS && s->tx != NULL)
        flush_pending(af, s, dir);
    if (s->tx != NULL)
        msg_done(st, dir);
    /* nothing more comes this way: every tx is complete in this direction */
    for (struct app_tx *t = af->txs; t != NULL; t = t->next)
        t->complete |= (uint8_t)(1u << dir);
    s->phase = PH_STOP;
}

int http_parse(struct app_flow *af, struct http_state *st, int dir, const uint8_t *data,
        uint32_t len, unsigned flags)
{
    if (dir != APP_DIR_TOSERVER && dir != APP_DIR_TOCLIENT)
        return VG_EINVAL;
    if (flags & APP_PARSE_F_GAP)
        parse_gap(st, dir, len);
    else if (data != NULL && len > 0)
        parse_bytes(af, st, dir, data, len);
    if (flags & APP_PARSE_F_EOF)
        parse_eof(af, st, dir);
    return VG_OK;
}

struct http_state *http_state_new(void)
{
    return calloc(1, sizeof(struct http_state));
}

void http_state_free(struct http_state *st)
{
    if (st == NULL)
        return;
    for (int d = 0; d < 2; d++) {
        http_buf_release(&st->side[d].line);
        http_buf_release(&st->side[d].pending);
    }
    free(st);
}
