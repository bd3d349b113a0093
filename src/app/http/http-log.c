/*
 * http-log.c - the EVE "http" object, as Suricata's HTTP logger writes it (extended mode,
 * Suricata's default): hostname, http_port (only when a port was given in the URI or Host
 * header), url (the raw request URI), http_user_agent, xff (only when the http logger's xff
 * is enabled in extra-data mode), http_content_type (response,
 * up to the first ';'), content_range, http_refer, http_method, protocol, status, redirect
 * (Location, with a status), length (response body bytes after dechunking), then
 * request_headers / response_headers arrays of {name, value} when dump-all-headers says so.
 * The same object goes into alert and fileinfo records (dir is ignored: HTTP logs both
 * sides at once). The http record itself leaves out the extended part (http_refer to
 * length) unless the eve-log http type says "extended: yes", as Suricata does.
 */
#include "app/http/http.h"

#include <string.h>

#include "util/json.h"

static void kv_buf(struct json *w, const char *key, const struct http_buf *b)
{
    json_kv_strn(w, key, b->p != NULL ? (const void *)b->p : (const void *)"", b->len);
}

static void kv_header(struct json *w, const char *key, const struct http_msg *m, const char *name)
{
    struct slice v;

    if (http_msg_header_value(m, name, &v))
        json_kv_strn(w, key, v.p != NULL ? (const void *)v.p : (const void *)"", v.len);
}

/* Content-Range: bytes START-END/SIZE (each part may be '*'). */
static void log_content_range(struct json *w, const struct slice *v)
{
    const uint8_t *p = v->p;
    size_t n = v->len, i = 0;
    int64_t nums[3] = { -1, -1, -1 };
    int which = 0;

    json_key(w, "content_range");
    json_open_object(w);
    json_kv_strn(w, "raw", p != NULL ? (const void *)p : (const void *)"", n);
    while (i < n && p[i] == ' ')
        i++;
    if (n - i >= 6 && memcmp(p + i, "bytes ", 6) == 0) {
        i += 6;
        for (; i < n && which < 3; i++) {
            if (p[i] >= '0' && p[i] <= '9') {
                if (nums[which] < 0)
                    nums[which] = 0;
                if (nums[which] < INT64_MAX / 10)
                    nums[which] = nums[which] * 10 + (p[i] - '0');
            } else if (p[i] == '-' && which == 0) {
                which = 1;
            } else if (p[i] == '/' && which <= 1) {
                which = 2;
            } else if (p[i] != '*' && p[i] != ' ') {
                break;
            }
        }
        if (nums[0] >= 0)
            json_kv_i64(w, "start", nums[0]);
        if (nums[1] >= 0)
            json_kv_i64(w, "end", nums[1]);
        if (nums[2] >= 0)
            json_kv_i64(w, "size", nums[2]);
    }
    json_close_object(w);
}

static void log_headers(struct json *w, const char *key, const struct http_msg *m)
{
    json_key(w, key);
    json_open_array(w);
    for (uint32_t i = 0; i < m->n_hdrs; i++) {
        json_open_object(w);
        kv_buf(w, "name", &m->hdrs[i].name);
        kv_buf(w, "value", &m->hdrs[i].value);
        json_close_object(w);
    }
    json_close_array(w);
}

/* Suricata's extended fields: http_refer, http_method, protocol, status, redirect,
 * length. */
static void log_extended(struct json *w, const struct http_tx *tx)
{
    kv_header(w, "http_refer", &tx->req, "Referer");
    if (tx->req_progress >= HTTP_PROG_LINE) {
        kv_buf(w, "http_method", &tx->method);
        if (tx->protocol.len > 0)
            kv_buf(w, "protocol", &tx->protocol);
    }
    if (tx->status_raw.len > 0) {
        uint64_t st = 0;

        for (uint32_t i = 0; i < tx->status_raw.len && tx->status_raw.p[i] >= '0' &&
                             tx->status_raw.p[i] <= '9' && st < 100000000;
                i++)
            st = st * 10 + (tx->status_raw.p[i] - '0');
        json_kv_u64(w, "status", st);
        kv_header(w, "redirect", &tx->resp, "Location");
    }
    json_kv_u64(w, "length", tx->resp.body_len);
}

static void log_object(struct json *w, const struct http_tx *tx, bool extended)
{
    struct slice v;

    json_key(w, "http");
    json_open_object(w);
    if (tx->host.len > 0)
        kv_buf(w, "hostname", &tx->host);
    if (tx->port >= 0)
        json_kv_u64(w, "http_port", (uint64_t)tx->port);
    if (tx->req_progress >= HTTP_PROG_LINE)
        kv_buf(w, "url", &tx->uri_raw);
    kv_header(w, "http_user_agent", &tx->req, "User-Agent");
    if (http_cfg.log_xff)
        kv_header(w, "xff", &tx->req, "X-Forwarded-For");
    if (http_msg_header_value(&tx->resp, "Content-Type", &v)) {
        const uint8_t *semi = v.len > 0 ? memchr(v.p, ';', v.len) : NULL;

        json_kv_strn(w, "http_content_type", v.p != NULL ? (const void *)v.p : (const void *)"",
                semi != NULL ? (size_t)(semi - v.p) : v.len);
    }
    if (http_msg_header_value(&tx->resp, "Content-Range", &v))
        log_content_range(w, &v);
    if (extended)
        log_extended(w, tx);
    if (http_cfg.log_req_headers)
        log_headers(w, "request_headers", &tx->req);
    if (http_cfg.log_resp_headers)
        log_headers(w, "response_headers", &tx->resp);
    json_close_object(w);
}

void http_log_tx(struct json *w, const struct app_tx *atx, int dir)
{
    (void)dir;
    log_object(w, (const struct http_tx *)atx, true);
}

void http_log_record(struct json *w, const struct app_tx *atx, int dir)
{
    (void)dir;
    log_object(w, (const struct http_tx *)atx, http_cfg.log_extended);
}
