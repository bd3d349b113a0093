/*
 * http-keywords.c - HTTP/1 rule buffers and keywords: the http.* sticky buffers, Suricata's legacy
 * content modifiers (content:"x"; http_uri;), uricontent and urilen.
 *
 * Each buffer is exactly what Suricata inspects: http.uri the normalised URI (path
 * decoded and compacted, query kept), http.uri.raw the URI of the request line, http.header
 * "Name: value\r\n" per header without Cookie (requests) / Set-Cookie (responses),
 * http.header.raw the header block as received, http.header_names "\r\nName\r\n...\r\n\r\n",
 * http.start the start line and normalised headers, http.host the lowercased hostname,
 * http.host.raw the Host value as sent, the single-header buffers (http.user_agent,
 * http.cookie, http.accept ...) the header's value (repeated headers merged with ", "),
 * http.request_body / http.response_body the body after dechunking and decompression up to
 * the body limit, http.stat_code the status code text. A buffer is absent until its part of
 * the transaction is parsed (headers once complete, bodies once complete or full).
 * Buffers present on both sides (http.header, http.protocol, http.content_type ...) give
 * the request's for to-server packets and the response's for to-client packets.
 *
 * The legacy names of the newer buffers (http_content_type, http_referer, http_protocol ...)
 * are sticky aliases, as in Suricata since 5.0; only the old modifiers (http_uri, http_header,
 * http_client_body ...) move the previous content.
 *
 * Every keyword here makes the rule an HTTP/1 rule (sig_builder_set_app_proto), so "alert
 * tcp" rules using them only run on HTTP flows, as in Suricata.
 */
#include "detect/kw/kw-http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/http/http.h"
#include "detect/buffer.h"
#include "detect/kw/kw-payload.h"
#include "flow/flow-types.h"
#include "util/err.h"

/* --- getters --- */

/* Protocol direction of the packet being inspected (0: request side). */
static int side_of(const struct packet *p)
{
    int dir;

    if (p == NULL)
        return APP_DIR_TOSERVER;
    dir = p->flow_dir;
    if (p->flow != NULL && p->flow->app != NULL)
        dir = app_flow_dir(p->flow->app, dir);
    return dir;
}

static bool out_buf(const struct http_buf *b, struct slice *out)
{
    if (b->len == 0)
        return false;
    out->p = b->p;
    out->len = b->len;
    return true;
}

static bool req_line_ok(const struct http_tx *tx)
{
    return tx->req_progress >= HTTP_PROG_LINE;
}

static bool headers_ok(const struct http_tx *tx, int dir)
{
    return (dir == APP_DIR_TOSERVER ? tx->req_progress : tx->resp_progress) >= HTTP_PROG_HEADERS;
}

static const struct http_msg *msg_of(const struct http_tx *tx, int dir)
{
    return dir == APP_DIR_TOSERVER ? &tx->req : &tx->resp;
}

static bool header_of(const struct http_tx *tx, int dir, const char *name, struct slice *out)
{
    if (!headers_ok(tx, dir))
        return false;
    return http_msg_header_value(msg_of(tx, dir), name, out) && out->len > 0;
}

bool http_buf_uri(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    return req_line_ok(t) && out_buf(&t->uri_norm, out);
}

bool http_buf_uri_raw(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    return req_line_ok(t) && out_buf(&t->uri_raw, out);
}

bool http_buf_method(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    return req_line_ok(t) && out_buf(&t->method, out);
}

bool http_buf_request_line(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    return req_line_ok(t) && out_buf(&t->req.line, out);
}

bool http_buf_protocol(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    if (side_of(p) == APP_DIR_TOSERVER)
        return req_line_ok(t) && out_buf(&t->protocol, out);
    return t->resp_progress >= HTTP_PROG_LINE && out_buf(&t->resp_protocol, out);
}

bool http_buf_header(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    int d = side_of(p);

    return headers_ok(tx, d) && out_buf(&msg_of(tx, d)->hdr_norm, out);
}

bool http_buf_header_raw(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    int d = side_of(p);

    return headers_ok(tx, d) && out_buf(&msg_of(tx, d)->hdr_raw, out);
}

bool http_buf_header_names(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    int d = side_of(p);

    return headers_ok(tx, d) && msg_of(tx, d)->n_hdrs > 0 &&
           out_buf(&msg_of(tx, d)->hdr_names, out);
}

bool http_buf_start(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    int d = side_of(p);

    return headers_ok(tx, d) && out_buf(&msg_of(tx, d)->start, out);
}

bool http_buf_cookie(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    int d = side_of(p);

    return header_of(tx, d, d == APP_DIR_TOSERVER ? "Cookie" : "Set-Cookie", out);
}

bool http_buf_content_type(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return header_of(tx, side_of(p), "Content-Type", out);
}

bool http_buf_content_len(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return header_of(tx, side_of(p), "Content-Length", out);
}

#define REQ_HEADER_GETTER(fn, hname)                                                               \
    bool http_buf_##fn(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)    \
    {                                                                                              \
        return header_of(tx, APP_DIR_TOSERVER, hname, out);                                        \
    }
#define RESP_HEADER_GETTER(fn, hname)                                                              \
    bool http_buf_##fn(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)    \
    {                                                                                              \
        return header_of(tx, APP_DIR_TOCLIENT, hname, out);                                        \
    }

REQ_HEADER_GETTER(user_agent, "User-Agent")
REQ_HEADER_GETTER(accept, "Accept")
REQ_HEADER_GETTER(accept_enc, "Accept-Encoding")
REQ_HEADER_GETTER(accept_lang, "Accept-Language")
REQ_HEADER_GETTER(referer, "Referer")
REQ_HEADER_GETTER(connection, "Connection")
RESP_HEADER_GETTER(server, "Server")
RESP_HEADER_GETTER(location, "Location")

bool http_buf_host(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    return headers_ok(t, APP_DIR_TOSERVER) && out_buf(&t->host, out);
}

bool http_buf_host_raw(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    return headers_ok(t, APP_DIR_TOSERVER) && out_buf(&t->host_raw, out);
}

/* A body is inspected once complete, or once it filled its limit. */
static bool body_of(const struct http_tx *t, int dir, struct slice *out)
{
    const struct http_msg *m = msg_of(t, dir);
    uint8_t prog = dir == APP_DIR_TOSERVER ? t->req_progress : t->resp_progress;

    if (prog != HTTP_PROG_DONE && !m->body_truncated)
        return false;
    return out_buf(&m->body, out);
}

bool http_buf_request_body(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return body_of(tx, APP_DIR_TOSERVER, out);
}

bool http_buf_response_body(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return body_of(tx, APP_DIR_TOCLIENT, out);
}

bool http_buf_stat_code(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    return t->resp_progress >= HTTP_PROG_LINE && out_buf(&t->status_raw, out);
}

bool http_buf_stat_msg(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    return t->resp_progress >= HTTP_PROG_LINE && out_buf(&t->status_msg, out);
}

bool http_buf_response_line(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct http_tx *t = tx;

    return t->resp_progress >= HTTP_PROG_LINE && out_buf(&t->resp.line, out);
}

static bool header_line(const struct http_tx *t, int dir, uint32_t idx, struct slice *out)
{
    const struct http_msg *m = msg_of(t, dir);

    if (!headers_ok(t, dir) || idx >= m->n_hdrs)
        return false;
    out->p = m->hdrs[idx].line.p;
    out->len = m->hdrs[idx].line.len;
    return true;
}

bool http_buf_request_header(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    return header_line(tx, APP_DIR_TOSERVER, idx, out);
}

bool http_buf_response_header(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out)
{
    return header_line(tx, APP_DIR_TOCLIENT, idx, out);
}

/* --- keywords --- */

static int http_rule(struct sig_builder *b, const char *kw, char *err, size_t errlen)
{
    int rc = sig_builder_set_app_proto(b, APP_PROTO_HTTP1);

    if (rc < 0)
        snprintf(err, errlen, "%s needs protocol http", kw);
    return rc;
}

static int select_buffer(
        struct sig_builder *b, const char *kw, const char *buf, char *err, size_t errlen)
{
    int id = detect_buffer_lookup(buf), rc;

    if (id < 0) {
        snprintf(err, errlen, "buffer '%s' is not registered", buf);
        return VG_EINVAL;
    }
    rc = http_rule(b, kw, err, errlen);
    if (rc < 0)
        return rc;
    return sig_builder_set_buffer(b, id);
}

static int move_content(
        struct sig_builder *b, const char *kw, const char *buf, char *err, size_t errlen)
{
    int id = detect_buffer_lookup(buf), rc;

    if (id < 0) {
        snprintf(err, errlen, "buffer '%s' is not registered", buf);
        return VG_EINVAL;
    }
    rc = http_rule(b, kw, err, errlen);
    if (rc < 0)
        return rc;
    rc = sig_builder_move_last_content(b, id);
    if (rc < 0)
        snprintf(err, errlen, "%s: no preceding content to apply to", kw);
    return rc;
}

#define HTTP_STICKY(sym, kwname, bufname)                                                          \
    static int setup_##sym(struct sig_builder *b, const char *value, char *err, size_t errlen)     \
    {                                                                                              \
        return select_buffer(b, kwname, bufname, err, errlen);                                     \
    }                                                                                              \
    const struct keyword kw_##sym = {                                                              \
        .name = kwname,                                                                            \
        .flags = KW_F_NOVALUE | KW_F_STICKY,                                                       \
        .setup = setup_##sym,                                                                      \
    }

#define HTTP_MODIFIER(sym, kwname, bufname)                                                        \
    static int setup_##sym(struct sig_builder *b, const char *value, char *err, size_t errlen)     \
    {                                                                                              \
        return move_content(b, kwname, bufname, err, errlen);                                      \
    }                                                                                              \
    const struct keyword kw_##sym = {                                                              \
        .name = kwname,                                                                            \
        .flags = KW_F_NOVALUE | KW_F_MODIFIER,                                                     \
        .setup = setup_##sym,                                                                      \
    }

HTTP_STICKY(http_uri, "http.uri", "http.uri");
HTTP_STICKY(http_uri_raw, "http.uri.raw", "http.uri.raw");
HTTP_STICKY(http_method, "http.method", "http.method");
HTTP_STICKY(http_request_line, "http.request_line", "http.request_line");
HTTP_STICKY(http_protocol, "http.protocol", "http.protocol");
HTTP_STICKY(http_header, "http.header", "http.header");
HTTP_STICKY(http_header_raw, "http.header.raw", "http.header.raw");
HTTP_STICKY(http_header_names, "http.header_names", "http.header_names");
HTTP_STICKY(http_cookie, "http.cookie", "http.cookie");
HTTP_STICKY(http_user_agent, "http.user_agent", "http.user_agent");
HTTP_STICKY(http_host, "http.host", "http.host");
HTTP_STICKY(http_host_raw, "http.host.raw", "http.host.raw");
HTTP_STICKY(http_accept, "http.accept", "http.accept");
HTTP_STICKY(http_accept_enc, "http.accept_enc", "http.accept_enc");
HTTP_STICKY(http_accept_lang, "http.accept_lang", "http.accept_lang");
HTTP_STICKY(http_referer, "http.referer", "http.referer");
HTTP_STICKY(http_connection, "http.connection", "http.connection");
HTTP_STICKY(http_content_type, "http.content_type", "http.content_type");
HTTP_STICKY(http_content_len, "http.content_len", "http.content_len");
HTTP_STICKY(http_start, "http.start", "http.start");
HTTP_STICKY(http_request_body, "http.request_body", "http.request_body");
HTTP_STICKY(http_response_body, "http.response_body", "http.response_body");
HTTP_STICKY(http_stat_code, "http.stat_code", "http.stat_code");
HTTP_STICKY(http_stat_msg, "http.stat_msg", "http.stat_msg");
HTTP_STICKY(http_response_line, "http.response_line", "http.response_line");
HTTP_STICKY(http_server, "http.server", "http.server");
HTTP_STICKY(http_location, "http.location", "http.location");
HTTP_STICKY(http_request_header, "http.request_header", "http.request_header");
HTTP_STICKY(http_response_header, "http.response_header", "http.response_header");

HTTP_STICKY(http_request_line_alias, "http_request_line", "http.request_line");
HTTP_STICKY(http_response_line_alias, "http_response_line", "http.response_line");
HTTP_STICKY(http_protocol_alias, "http_protocol", "http.protocol");
HTTP_STICKY(http_start_alias, "http_start", "http.start");
HTTP_STICKY(http_header_names_alias, "http_header_names", "http.header_names");

HTTP_MODIFIER(http_uri_mod, "http_uri", "http.uri");
HTTP_MODIFIER(http_raw_uri_mod, "http_raw_uri", "http.uri.raw");
HTTP_MODIFIER(http_header_mod, "http_header", "http.header");
HTTP_MODIFIER(http_raw_header_mod, "http_raw_header", "http.header.raw");
HTTP_MODIFIER(http_cookie_mod, "http_cookie", "http.cookie");
HTTP_MODIFIER(http_method_mod, "http_method", "http.method");
HTTP_MODIFIER(http_user_agent_mod, "http_user_agent", "http.user_agent");
HTTP_MODIFIER(http_host_mod, "http_host", "http.host");
HTTP_MODIFIER(http_raw_host_mod, "http_raw_host", "http.host.raw");
HTTP_MODIFIER(http_client_body_mod, "http_client_body", "http.request_body");
HTTP_MODIFIER(http_server_body_mod, "http_server_body", "http.response_body");
HTTP_MODIFIER(http_stat_code_mod, "http_stat_code", "http.stat_code");
HTTP_MODIFIER(http_stat_msg_mod, "http_stat_msg", "http.stat_msg");
HTTP_STICKY(http_accept_alias, "http_accept", "http.accept");
HTTP_STICKY(http_accept_enc_alias, "http_accept_enc", "http.accept_enc");
HTTP_STICKY(http_accept_lang_alias, "http_accept_lang", "http.accept_lang");
HTTP_STICKY(http_referer_alias, "http_referer", "http.referer");
HTTP_STICKY(http_connection_alias, "http_connection", "http.connection");
HTTP_STICKY(http_content_type_alias, "http_content_type", "http.content_type");
HTTP_STICKY(http_content_len_alias, "http_content_len", "http.content_len");
HTTP_STICKY(http_server_alias, "http_server", "http.server");
HTTP_STICKY(http_location_alias, "http_location", "http.location");

/* uricontent:"x" is content:"x"; http_uri; */
static int setup_uricontent(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    int rc = kw_content.setup(b, value, err, errlen);

    if (rc < 0)
        return rc;
    return move_content(b, "uricontent", "http.uri", err, errlen);
}

const struct keyword kw_uricontent = {
    .name = "uricontent",
    .flags = 0,
    .setup = setup_uricontent,
};

/* urilen:[<>]N[<>M][,norm|,raw]: the length of the normalised (default) or raw URI. The
 * check joins that buffer's list without changing the rule's current buffer. */
static int setup_urilen(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char tmp[64];
    const char *buf = "http.uri";
    char *comma;
    struct num_cmp *c;
    size_t n;
    int id, rc;

    if (value == NULL || (n = strlen(value)) == 0 || n >= sizeof(tmp)) {
        snprintf(err, errlen, "urilen: bad value");
        return VG_EINVAL;
    }
    memcpy(tmp, value, n + 1);
    comma = strchr(tmp, ',');
    if (comma != NULL) {
        char *opt = comma + 1;

        *comma = '\0';
        while (*opt == ' ')
            opt++;
        if (strncmp(opt, "raw", 3) == 0)
            buf = "http.uri.raw";
        else if (strncmp(opt, "norm", 4) != 0) {
            snprintf(err, errlen, "urilen: unknown option '%s'", opt);
            return VG_EINVAL;
        }
    }
    rc = http_rule(b, "urilen", err, errlen);
    if (rc < 0)
        return rc;
    id = detect_buffer_lookup(buf);
    if (id < 0) {
        snprintf(err, errlen, "buffer '%s' is not registered", buf);
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    if (num_cmp_parse(tmp, UINT32_MAX, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_payload_to(b, id, &kw_urilen, c);
}

const struct keyword kw_urilen = {
    .name = "urilen",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_DATASIZE,
    .setup = setup_urilen,
    .free = free,
};
