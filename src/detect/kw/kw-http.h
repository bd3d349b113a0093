/*
 * kw-http.h - HTTP/1 buffers and keywords (kw/http-keywords.c), for the keyword registry
 * (detect/keywords.c) and the buffer registry (detect/buffer.c).
 */
#ifndef VG_DETECT_KW_KW_HTTP_H
#define VG_DETECT_KW_KW_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app-proto.h"
#include "decode/decode-types.h"
#include "detect/keyword.h"
#include "util/cursor.h"

struct detect_thread;

/* Buffer getters (detect_buffer.get): tx is a struct http_tx. Each is absent until the part
 * it reads is parsed; directions of buffers that exist on both sides follow the packet. */
#define HTTP_BUF_GETTER(n)                                                                         \
    bool http_buf_##n(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
HTTP_BUF_GETTER(uri);
HTTP_BUF_GETTER(uri_raw);
HTTP_BUF_GETTER(method);
HTTP_BUF_GETTER(request_line);
HTTP_BUF_GETTER(protocol);
HTTP_BUF_GETTER(header);
HTTP_BUF_GETTER(header_raw);
HTTP_BUF_GETTER(header_names);
HTTP_BUF_GETTER(cookie);
HTTP_BUF_GETTER(user_agent);
HTTP_BUF_GETTER(host);
HTTP_BUF_GETTER(host_raw);
HTTP_BUF_GETTER(accept);
HTTP_BUF_GETTER(accept_enc);
HTTP_BUF_GETTER(accept_lang);
HTTP_BUF_GETTER(referer);
HTTP_BUF_GETTER(connection);
HTTP_BUF_GETTER(content_type);
HTTP_BUF_GETTER(content_len);
HTTP_BUF_GETTER(start);
HTTP_BUF_GETTER(request_body);
HTTP_BUF_GETTER(response_body);
HTTP_BUF_GETTER(stat_code);
HTTP_BUF_GETTER(stat_msg);
HTTP_BUF_GETTER(response_line);
HTTP_BUF_GETTER(server);
HTTP_BUF_GETTER(location);
#undef HTTP_BUF_GETTER

/* Multi-buffers: the idx-th header as "Name: value". */
bool http_buf_request_header(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
bool http_buf_response_header(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);

/* Sticky buffers (dotted names and their legacy sticky aliases). */
extern const struct keyword kw_http_uri, kw_http_uri_raw, kw_http_method, kw_http_request_line,
        kw_http_protocol, kw_http_header, kw_http_header_raw, kw_http_header_names, kw_http_cookie,
        kw_http_user_agent, kw_http_host, kw_http_host_raw, kw_http_accept, kw_http_accept_enc,
        kw_http_accept_lang, kw_http_referer, kw_http_connection, kw_http_content_type,
        kw_http_content_len, kw_http_start, kw_http_request_body, kw_http_response_body,
        kw_http_stat_code, kw_http_stat_msg, kw_http_response_line, kw_http_server,
        kw_http_location, kw_http_request_header, kw_http_response_header;
extern const struct keyword kw_http_request_line_alias, kw_http_response_line_alias,
        kw_http_protocol_alias, kw_http_start_alias, kw_http_header_names_alias,
        kw_http_accept_alias, kw_http_accept_enc_alias, kw_http_accept_lang_alias,
        kw_http_referer_alias, kw_http_connection_alias, kw_http_content_type_alias,
        kw_http_content_len_alias, kw_http_server_alias, kw_http_location_alias;
/* Legacy content modifiers (move the previous content into the buffer). */
extern const struct keyword kw_http_uri_mod, kw_http_raw_uri_mod, kw_http_header_mod,
        kw_http_raw_header_mod, kw_http_cookie_mod, kw_http_method_mod, kw_http_user_agent_mod,
        kw_http_host_mod, kw_http_raw_host_mod, kw_http_client_body_mod, kw_http_server_body_mod,
        kw_http_stat_code_mod, kw_http_stat_msg_mod;
/* uricontent (content + http_uri) and urilen (length of the normalised or raw URI). */
extern const struct keyword kw_uricontent, kw_urilen;

#endif
