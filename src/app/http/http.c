/*
 * http.c - the HTTP/1.x registry entry (struct app_parser app_parser_http): probes,
 * configuration and the glue to the parser (http-parse.c) and the logger (http-log.c).
 *
 * Probing, as Suricata's HTTP patterns: a request starts with a method and a space or tab
 * (case-insensitive, after optional leading whitespace); a response starts with "HTTP/".
 * A response in the to-server direction (or a request to the client) is this protocol with
 * the roles swapped. Default port 80; the probes find HTTP on any port.
 *
 * Configuration read once (Suricata's keys): app-layer.protocols.http.libhtp.default-config
 * .request-body-limit, .response-body-limit, .response-body-decompress-layer-limit,
 * .lzma-enabled, .lzma-memlimit; and the
 * eve-log http type's dump-all-headers (request, response, both) for the EVE header arrays
 * and its xff (enabled, mode extra-data) for the "xff" field.
 */
#include "app/http/http.h"

#include <string.h>

#include "util/err.h"
#include "util/log.h"

static const char *const methods[] = {
    "GET",
    "POST",
    "HEAD",
    "PUT",
    "DELETE",
    "OPTIONS",
    "CONNECT",
    "TRACE",
    "PATCH",
    "PROPFIND",
    "PROPPATCH",
    "MKCOL",
    "COPY",
    "MOVE",
    "LOCK",
    "UNLOCK",
    "SEARCH",
    "CHECKOUT",
    "CHECKIN",
    "REPORT",
    "MKACTIVITY",
    "MERGE",
    "NOTIFY",
    "SUBSCRIBE",
    "UNSUBSCRIBE",
    "VERSION-CONTROL",
    "UNCHECKOUT",
    "MKWORKSPACE",
    "UPDATE",
    "LABEL",
    "BASELINE-CONTROL",
    "ACL",
    "POLL",
    "BCOPY",
    "BDELETE",
    "BMOVE",
    "BPROPFIND",
    "BPROPPATCH",
    "M-SEARCH",
};

static const uint16_t http_ports[] = { 80 };

static uint8_t up(uint8_t c)
{
    return (c >= 'a' && c <= 'z') ? (uint8_t)(c - 32) : c;
}

/* YES: data starts with word (case-insensitive) then SP/HT; MORE: a prefix of it; NO. */
static enum app_probe_result match_word(const uint8_t *p, size_t n, const char *word, bool sep)
{
    size_t wl = strlen(word);

    for (size_t i = 0; i < wl; i++) {
        if (i >= n)
            return APP_PROBE_MORE;
        if (up(p[i]) != (uint8_t)word[i])
            return APP_PROBE_NO;
    }
    if (!sep)
        return APP_PROBE_YES;
    if (wl >= n)
        return APP_PROBE_MORE;
    return (p[wl] == ' ' || p[wl] == '\t') ? APP_PROBE_YES : APP_PROBE_NO;
}

static enum app_probe_result probe_request(const uint8_t *p, size_t n)
{
    enum app_probe_result best = APP_PROBE_NO;

    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
        enum app_probe_result r = match_word(p, n, methods[i], true);

        if (r == APP_PROBE_YES)
            return r;
        if (r == APP_PROBE_MORE)
            best = r;
    }
    return best;
}

static enum app_probe_result http_probe(const uint8_t *data, size_t len, int dir)
{
    enum app_probe_result req, resp;
    size_t i = 0;

    while (i < len && i < 32 &&
            (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    if (i == len)
        return i < 32 ? APP_PROBE_MORE : APP_PROBE_NO;
    data += i;
    len -= i;
    req = probe_request(data, len);
    resp = match_word(data, len, "HTTP/", false);
    if (dir == APP_DIR_TOSERVER) {
        if (req == APP_PROBE_YES)
            return APP_PROBE_YES;
        if (resp == APP_PROBE_YES)
            return APP_PROBE_YES_REV;
    } else {
        if (resp == APP_PROBE_YES)
            return APP_PROBE_YES;
        if (req == APP_PROBE_YES)
            return APP_PROBE_YES_REV;
    }
    if (req == APP_PROBE_MORE || resp == APP_PROBE_MORE)
        return APP_PROBE_MORE;
    return APP_PROBE_NO;
}

static int get_size(const struct conf *c, const char *path, uint32_t *out)
{
    uint64_t v = 0;
    int r = conf_get_size(c, NULL, path, &v);

    if (r < 0)
        return r;
    if (r > 0)
        *out = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
    return VG_OK;
}

/* dump-all-headers of the eve-log http type (none, request, response, both), its xff and
 * its "extended": an eve-log listing the http type without "extended: yes" ("- http",
 * "- http:" or a map without it) writes Suricata's basic http records. */
static void read_eve_headers(const struct conf *c)
{
    const struct conf_node *outputs = conf_get(c, NULL, "outputs");

    if (outputs == NULL || outputs->kind != CONF_SEQ)
        return;
    for (const struct conf_node *item = outputs->child; item != NULL; item = item->next) {
        const struct conf_node *n = item->child, *types;

        if (item->kind != CONF_MAP || n == NULL || n->key == NULL || strcmp(n->key, "eve-log") != 0)
            continue;
        types = conf_get(c, n, "types");
        if (types == NULL || types->kind != CONF_SEQ)
            continue;
        for (const struct conf_node *t = types->child; t != NULL; t = t->next) {
            const struct conf_node *opt = t->child, *xff;
            const char *v;
            bool on = false;

            if (t->kind == CONF_SCALAR && t->value != NULL && strcmp(t->value, "http") == 0)
                http_cfg.log_extended = false;
            if (t->kind != CONF_MAP || opt == NULL || opt->key == NULL ||
                    strcmp(opt->key, "http") != 0)
                continue;
            on = false;
            http_cfg.log_extended =
                    opt->kind == CONF_MAP && conf_get_bool(c, opt, "extended", &on) > 0 && on;
            if (opt->kind != CONF_MAP)
                continue;
            on = false;
            xff = conf_get(c, opt, "xff");
            if (xff != NULL && conf_get_bool(c, xff, "enabled", &on) > 0 && on) {
                const char *mode = conf_get_str(c, xff, "mode");

                http_cfg.log_xff = mode == NULL || strcmp(mode, "extra-data") == 0;
            }
            v = conf_get_str(c, opt, "dump-all-headers");
            if (v == NULL)
                continue;
            if (strcmp(v, "both") == 0 || strcmp(v, "request") == 0)
                http_cfg.log_req_headers = true;
            if (strcmp(v, "both") == 0 || strcmp(v, "response") == 0)
                http_cfg.log_resp_headers = true;
        }
    }
}

static int http_init(const struct conf *c)
{
    const char *base = "app-layer.protocols.http.libhtp.default-config.";
    char path[160];
    int64_t layers = 0;
    int r;

    http_config_defaults(&http_cfg);
    if (c == NULL)
        return VG_OK;
    snprintf(path, sizeof(path), "%srequest-body-limit", base);
    if ((r = get_size(c, path, &http_cfg.request_body_limit)) < 0)
        return r;
    snprintf(path, sizeof(path), "%sresponse-body-limit", base);
    if ((r = get_size(c, path, &http_cfg.response_body_limit)) < 0)
        return r;
    snprintf(path, sizeof(path), "%sresponse-body-decompress-layer-limit", base);
    r = conf_get_int(c, NULL, path, &layers);
    if (r < 0)
        return r;
    if (r > 0)
        http_cfg.decompress_layers = layers < 0 ? 0 : (uint32_t)layers;
    snprintf(path, sizeof(path), "%slzma-enabled", base);
    if ((r = conf_get_bool(c, NULL, path, &http_cfg.lzma_enabled)) < 0)
        return r;
    snprintf(path, sizeof(path), "%slzma-memlimit", base);
    if ((r = get_size(c, path, &http_cfg.lzma_memlimit)) < 0)
        return r;
    if (http_cfg.lzma_memlimit == 0)
        http_cfg.lzma_enabled = false;
    /* 0 means unlimited for Suricata's body limits */
    if (http_cfg.request_body_limit == 0)
        http_cfg.request_body_limit = 64u << 20;
    if (http_cfg.response_body_limit == 0)
        http_cfg.response_body_limit = 64u << 20;
    read_eve_headers(c);
    return VG_OK;
}

static void *http_state_new_cb(void)
{
    return http_state_new();
}

static void http_state_free_cb(void *st)
{
    http_state_free(st);
}

static int http_parse_cb(struct app_flow *af, void *state, struct packet *p, int dir,
        const uint8_t *data, uint32_t len, unsigned flags)
{
    return http_parse(af, state, dir, data, len, flags);
}

const struct app_parser app_parser_http = {
    .proto = APP_PROTO_HTTP1,
    .transports = APP_PROTO_T_TCP,
    .ports = http_ports,
    .n_ports = 1,
    .probe = http_probe,
    .init = http_init,
    .state_new = http_state_new_cb,
    .state_free = http_state_free_cb,
    .parse = http_parse_cb,
    .tx_free = http_tx_free,
    .tx_size = sizeof(struct http_tx), /* charged to the protocol's memcap */
    .log_tx = http_log_tx,
    .log_record = http_log_record,
    .event_names = http_event_names,
    .n_event_names = HTTP_EV_MAX,
    .eve_type = "http",
    .log_per_direction = false,
};
