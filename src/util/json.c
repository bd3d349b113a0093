/*
 * json.c - streaming JSON writer. See json.h for the contract.
 */
#include "util/json.h"

#include "util/compiler.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_init(struct json *j, size_t max)
{
    memset(j, 0, sizeof(*j));
    j->max = max;
}

void json_release(struct json *j)
{
    free(j->buf);
    j->buf = NULL;
    j->len = j->cap = 0;
}

void json_reset(struct json *j)
{
    j->len = 0;
    j->depth = 0;
    j->overflow = false;
    j->need_comma[0] = false;
}

bool json_ok(const struct json *j)
{
    return !j->overflow && j->depth == 0;
}

/* Slow path of reserve(): grows the buffer or marks the overflow. */
static bool grow(struct json *j, size_t n)
{
    size_t want, ncap;
    char *nbuf;

    if (j->overflow)
        return false;
    want = j->len + n;
    if (want > j->max) {
        j->overflow = true;
        return false;
    }
    if (want <= j->cap)
        return true;
    ncap = j->cap ? j->cap * 2 : 1024;
    while (ncap < want)
        ncap *= 2;
    if (ncap > j->max)
        ncap = j->max;
    nbuf = realloc(j->buf, ncap);
    if (nbuf == NULL) {
        j->overflow = true;
        return false;
    }
    j->buf = nbuf;
    j->cap = ncap;
    return true;
}

/* Makes room for n more bytes; false once the record overflowed. cap never exceeds max,
 * so the inline test is enough for the common case. */
static inline bool reserve(struct json *j, size_t n)
{
    if (VG_LIKELY(!j->overflow && j->cap - j->len >= n))
        return true;
    return grow(j, n);
}

static void put(struct json *j, const char *s, size_t n)
{
    if (!reserve(j, n))
        return;
    memcpy(j->buf + j->len, s, n);
    j->len += n;
}

static void putc1(struct json *j, char c)
{
    if (!reserve(j, 1))
        return;
    j->buf[j->len++] = c;
}

/* Emits the separator owed before a new value at the current depth. */
static void before_value(struct json *j)
{
    if (j->need_comma[j->depth])
        putc1(j, ',');
    j->need_comma[j->depth] = true;
}

static void open_container(struct json *j, char c)
{
    before_value(j);
    putc1(j, c);
    if (j->depth >= JSON_MAX_DEPTH) {
        j->overflow = true;
        return;
    }
    j->depth++;
    j->need_comma[j->depth] = false;
}

static void close_container(struct json *j, char c)
{
    if (j->depth == 0) {
        j->overflow = true;
        return;
    }
    putc1(j, c);
    j->depth--;
}

void json_open_object(struct json *j)
{
    open_container(j, '{');
}

void json_close_object(struct json *j)
{
    close_container(j, '}');
}

void json_open_array(struct json *j)
{
    open_container(j, '[');
}

void json_close_array(struct json *j)
{
    close_container(j, ']');
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not valid. */
static size_t utf8_seq_len(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    size_t n, i;
    uint32_t cp;

    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0) {
        n = 2;
        cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3;
        cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    /* Reject overlong forms, surrogates and values past U+10FFFF. */
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return n;
}

static void put_escaped(struct json *j, const unsigned char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, run = 0;

    /* Keys and most values need no escaping: one reservation, one copy. */
    while (i < len && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
        i++;
    if (i == len) {
        if (!reserve(j, len + 2))
            return;
        j->buf[j->len] = '"';
        memcpy(j->buf + j->len + 1, s, len);
        j->buf[j->len + 1 + len] = '"';
        j->len += len + 2;
        return;
    }
    i = 0;
    putc1(j, '"');
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        char esc[7];

        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            /* Plain ASCII: batch runs to keep the common case cheap. */
            run = i;
            while (i < len && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
                i++;
            put(j, (const char *)s + run, i - run);
            continue;
        }
        switch (c) {
        case '"':
            put(j, "\\\"", 2);
            i++;
            continue;
        case '\\':
            put(j, "\\\\", 2);
            i++;
            continue;
        case '\n':
            put(j, "\\n", 2);
            i++;
            continue;
        case '\r':
            put(j, "\\r", 2);
            i++;
            continue;
        case '\t':
            put(j, "\\t", 2);
            i++;
            continue;
        default:
            break;
        }
        n = c >= 0x80 ? utf8_seq_len(s + i, len - i) : 0;
        if (n > 0) {
            put(j, (const char *)s + i, n);
            i += n;
            continue;
        }
        esc[0] = '\\';
        esc[1] = 'u';
        esc[2] = '0';
        esc[3] = '0';
        esc[4] = hex[c >> 4];
        esc[5] = hex[c & 0xf];
        put(j, esc, 6);
        i++;
    }
    putc1(j, '"');
}

void json_key(struct json *j, const char *key)
{
    before_value(j);
    put_escaped(j, (const unsigned char *)key, strlen(key));
    putc1(j, ':');
    /* The value that follows must not emit another comma. */
    j->need_comma[j->depth] = false;
}

void json_str(struct json *j, const char *s)
{
    json_strn(j, s, strlen(s));
}

void json_strn(struct json *j, const void *s, size_t len)
{
    before_value(j);
    put_escaped(j, s, len);
}

/* Writes v in decimal so that it ends just before end; returns where it starts. Two digits
 * per division: numbers are most of a flow record and snprintf() costs far more. */
static char *fmt_u64(char *end, uint64_t v)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    char *p = end;

    while (v >= 100) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        p -= 2;
        p[0] = pairs[2 * r];
        p[1] = pairs[2 * r + 1];
    }
    if (v >= 10) {
        p -= 2;
        p[0] = pairs[2 * v];
        p[1] = pairs[2 * v + 1];
    } else {
        *--p = (char)('0' + v);
    }
    return p;
}

void json_u64(struct json *j, uint64_t v)
{
    char tmp[24];
    char *end = tmp + sizeof(tmp);
    char *p = fmt_u64(end, v);

    before_value(j);
    put(j, p, (size_t)(end - p));
}

void json_i64(struct json *j, int64_t v)
{
    char tmp[24];
    char *end = tmp + sizeof(tmp);
    /* Negating through uint64_t is defined for INT64_MIN too. */
    char *p = fmt_u64(end, v < 0 ? 0u - (uint64_t)v : (uint64_t)v);

    if (v < 0)
        *--p = '-';
    before_value(j);
    put(j, p, (size_t)(end - p));
}

void json_bool(struct json *j, bool v)
{
    before_value(j);
    if (v)
        put(j, "true", 4);
    else
        put(j, "false", 5);
}

void json_null(struct json *j)
{
    before_value(j);
    put(j, "null", 4);
}

void json_double(struct json *j, double v)
{
    char tmp[40];
    int n;
    if (!isfinite(v))
        v = 0;
    n = snprintf(tmp, sizeof(tmp), "%.6g", v);
    before_value(j);
    put(j, tmp, (size_t)n);
}

void json_raw(struct json *j, const char *text, size_t len)
{
    before_value(j);
    put(j, text, len);
}

void json_kv_str(struct json *j, const char *key, const char *s)
{
    json_key(j, key);
    json_str(j, s);
}

void json_kv_strn(struct json *j, const char *key, const void *s, size_t len)
{
    json_key(j, key);
    json_strn(j, s, len);
}

void json_kv_u64(struct json *j, const char *key, uint64_t v)
{
    json_key(j, key);
    json_u64(j, v);
}

void json_kv_i64(struct json *j, const char *key, int64_t v)
{
    json_key(j, key);
    json_i64(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
    json_key(j, key);
    json_bool(j, v);
}
