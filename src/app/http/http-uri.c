/*
 * http-uri.c - request URI normalisation as libhtp's "IDS" personality does it for Suricata.
 *
 * The URI is split into scheme, authority, path, query and fragment (RFC 3986 layout, with
 * libhtp's leniency). The path is then decoded byte by byte: %xx, %uXXXX (code points above
 * 0xFF through a best-fit map: full-width ASCII forms to ASCII, anything else to '?'),
 * invalid %-escapes kept as they are, backslashes turned into slashes (also when encoded),
 * runs of slashes compressed to one; UTF-8 sequences (overlong forms included, an evasion
 * classic) become their code point when it fits in a byte; finally the dot segments are
 * removed (RFC 3986 5.2.4). The query and the fragment are %xx-decoded once (Suricata's
 * default double-decode-query: no; '+' stays). Suricata's normalised URI is path + "?query" +
 * "#fragment" without scheme and authority (uri-include-all: no); the authority's host and
 * port are returned for the hostname.
 */
#include "app/http/http.h"

#include <string.h>

static int hexval(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex2(const uint8_t *p, size_t left, uint8_t *out)
{
    int a, b;

    if (left < 2)
        return false;
    a = hexval(p[0]);
    b = hexval(p[1]);
    if (a < 0 || b < 0)
        return false;
    *out = (uint8_t)(a * 16 + b);
    return true;
}

/* Best-fit of a code point above 0xFF to one byte. */
static uint8_t bestfit(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return (uint8_t)(cp - 0xFF01 + 0x21); /* full-width ASCII forms */
    return '?';
}

/* Percent-decodes the path (with %u), converting backslashes and compressing slashes. */
static size_t decode_path(const uint8_t *p, size_t n, uint8_t *out, bool *double_enc)
{
    size_t o = 0;

    for (size_t i = 0; i < n;) {
        uint8_t c = p[i];

        if (c == '%') {
            uint8_t v, v2;

            if (i + 1 < n && (p[i + 1] == 'u' || p[i + 1] == 'U') && i + 6 <= n &&
                    hex2(p + i + 2, 2, &v) && hex2(p + i + 4, 2, &v2)) {
                uint32_t cp = ((uint32_t)v << 8) | v2;

                c = v == 0 ? v2 : bestfit(cp);
                i += 6;
            } else if (hex2(p + i + 1, n - i - 1, &v)) {
                c = v;
                i += 3;
                if (c == '%' && hex2(p + i, n - i, &v2))
                    *double_enc = true;
            } else {
                i++; /* invalid escape: the percent sign stays */
            }
        } else {
            i++;
        }
        if (c == '\\')
            c = '/';
        if (c == '/' && o > 0 && out[o - 1] == '/')
            continue;
        out[o++] = c;
    }
    return o;
}

/* Decodes UTF-8 sequences (overlong included) whose code point fits a byte; in place. */
static size_t utf8_bestfit(uint8_t *p, size_t n)
{
    size_t o = 0;

    for (size_t i = 0; i < n;) {
        uint8_t c = p[i];
        size_t need = 0;
        uint32_t cp = 0;

        if (c >= 0xC0 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF7) {
            need = 3;
            cp = c & 0x07;
        }
        if (need > 0 && i + need < n) {
            size_t k;

            for (k = 1; k <= need && i + k < n; k++) {
                if ((p[i + k] & 0xC0) != 0x80)
                    break;
                cp = (cp << 6) | (p[i + k] & 0x3F);
            }
            if (k == need + 1) {
                p[o++] = cp < 0x100 ? (uint8_t)cp : bestfit(cp);
                i += need + 1;
                continue;
            }
        }
        p[o++] = c;
        i++;
    }
    return o;
}

/* RFC 3986 5.2.4 remove_dot_segments, in place; returns the new length. */
static size_t remove_dots(uint8_t *p, size_t n)
{
    size_t r = 0, w = 0;

    while (r < n) {
        size_t left = n - r;

        if (left >= 3 && memcmp(p + r, "../", 3) == 0) {
            r += 3;
        } else if (left >= 2 && memcmp(p + r, "./", 2) == 0) {
            r += 2;
        } else if (left >= 3 && memcmp(p + r, "/./", 3) == 0) {
            r += 2; /* "/./" -> "/" */
        } else if (left == 2 && memcmp(p + r, "/.", 2) == 0) {
            p[r + 1] = '/';
            r += 1;
        } else if ((left >= 4 && memcmp(p + r, "/../", 4) == 0) ||
                   (left == 3 && memcmp(p + r, "/..", 3) == 0)) {
            /* drop the last output segment */
            if (left == 3) {
                p[r + 2] = '/';
                r += 2;
            } else {
                r += 3;
            }
            while (w > 0 && p[w - 1] != '/')
                w--;
            if (w > 0)
                w--;
        } else if ((left == 1 && p[r] == '.') || (left == 2 && memcmp(p + r, "..", 2) == 0)) {
            r = n;
        } else {
            /* move the first segment (with its leading '/') to the output */
            size_t s = r;

            if (p[r] == '/')
                r++;
            while (r < n && p[r] != '/')
                r++;
            memmove(p + w, p + s, r - s);
            w += r - s;
        }
    }
    return w;
}

/* Appends p with its %xx escapes decoded (invalid ones kept as they are). */
static void append_decoded(struct http_buf *out, const uint8_t *p, size_t n, size_t max)
{
    for (size_t k = 0; k < n;) {
        uint8_t c;

        if (p[k] == '%' && hex2(p + k + 1, n - k - 1, &c)) {
            k += 3;
        } else {
            c = p[k];
            k++;
        }
        if (http_buf_append(out, &c, 1, max) == 0)
            return;
    }
}

static int32_t parse_port(const uint8_t *p, size_t n)
{
    uint32_t v = 0;

    while (n > 0 && (p[0] == ' ' || p[0] == '\t')) {
        p++;
        n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n == 0 || n > 5)
        return -2;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -2;
        v = v * 10 + (p[i] - '0');
    }
    if (v == 0 || v > 65535)
        return -2;
    return (int32_t)v;
}

int32_t http_host_normalize(const uint8_t *host, size_t len, struct http_buf *out, size_t max)
{
    size_t e = len, s = 0;
    int32_t port = -1;
    const uint8_t *colon = NULL;

    while (s < e && (host[s] == ' ' || host[s] == '\t'))
        s++;
    while (e > s && (host[e - 1] == ' ' || host[e - 1] == '\t'))
        e--;
    if (s < e && host[s] == '[') {
        const uint8_t *rb = memchr(host + s, ']', e - s);

        if (rb != NULL && rb + 1 < host + e && rb[1] == ':')
            colon = rb + 1;
    } else if (s < e) {
        colon = memchr(host + s, ':', e - s);
    }
    if (colon != NULL) {
        size_t plen = (size_t)(host + e - colon - 1);

        port = plen == 0 ? -1 : parse_port(colon + 1, plen);
        e = (size_t)(colon - host);
    }
    while (e > s && host[e - 1] == '.')
        e--;
    for (size_t i = s; i < e; i++) {
        uint8_t c = host[i];

        if (c >= 'A' && c <= 'Z')
            c = (uint8_t)(c + 32);
        if (http_buf_append(out, &c, 1, max) == 0)
            break;
    }
    return port;
}

void http_uri_normalize(const uint8_t *uri, size_t len, bool connect, struct http_buf *out,
        size_t max, struct http_uri_info *info)
{
    size_t i = 0, ps, pe, qs = 0, qe = 0, fs = 0, fe = 0;
    bool has_q = false, has_f = false;
    uint8_t stack_buf[4096];
    uint8_t *tmp = stack_buf;
    struct http_buf heap = { 0 };
    size_t n;

    memset(info, 0, sizeof(*info));
    info->port = -1;
    if (len == 0 || uri == NULL)
        return;
    if (connect && uri[0] != '/') {
        /* authority form: host:port */
        info->host.p = uri;
        info->host.len = len;
        http_buf_append(out, uri, len, max);
        return;
    }
    if (uri[0] != '/') {
        /* scheme "xxx:" then "//authority" */
        size_t k = 0;

        while (k < len && uri[k] != ':' && uri[k] != '/' && uri[k] != '?' && uri[k] != '#')
            k++;
        if (k < len && uri[k] == ':' && k + 3 <= len && uri[k + 1] == '/' && uri[k + 2] == '/') {
            size_t as = k + 3, ae = as;
            const uint8_t *at;

            while (ae < len && uri[ae] != '/' && uri[ae] != '?' && uri[ae] != '#')
                ae++;
            at = ae > as ? memchr(uri + as, '@', ae - as) : NULL;
            if (at != NULL)
                as = (size_t)(at - uri) + 1;
            info->host.p = uri + as;
            info->host.len = ae - as;
            info->absolute = true;
            i = ae;
        }
    }
    ps = i;
    while (i < len && uri[i] != '?' && uri[i] != '#')
        i++;
    pe = i;
    if (i < len && uri[i] == '?') {
        has_q = true;
        qs = ++i;
        while (i < len && uri[i] != '#')
            i++;
        qe = i;
    }
    if (i < len && uri[i] == '#') {
        has_f = true;
        fs = i + 1;
        fe = len;
    }

    if (pe - ps > sizeof(stack_buf)) {
        /* long paths: decode into a heap buffer of the path's size */
        if (http_buf_append(&heap, uri + ps, pe - ps, pe - ps) < pe - ps) {
            http_buf_release(&heap);
            return;
        }
        tmp = heap.p;
    }
    n = decode_path(uri + ps, pe - ps, tmp, &info->double_encoded);
    n = utf8_bestfit(tmp, n);
    n = remove_dots(tmp, n);
    if (n == 0 && info->absolute) {
        tmp[0] = '/';
        n = 1;
    }
    http_buf_append(out, tmp, n, max);
    http_buf_release(&heap);
    if (has_q) {
        http_buf_append(out, "?", 1, max);
        append_decoded(out, uri + qs, qe - qs, max);
    }
    if (has_f) {
        http_buf_append(out, "#", 1, max);
        append_decoded(out, uri + fs, fe - fs, max);
    }
}
