/*
 * json.h - streaming JSON writer into a growable, capped buffer.
 *
 * Builds one object at a time (an EVE line) without a tree: the caller emits keys and
 * values in order and the writer inserts commas and escapes strings. Strings from the
 * wire are escaped so the output is always valid UTF-8 JSON: control characters and bytes
 * that are not valid UTF-8 are written as \u00XX escapes, as Suricata does. The writer
 * never fails mid-line: if an append would pass the cap, the writer is marked overflowed,
 * further appends are ignored, and the caller drops the whole record (json_ok() == false).
 *
 * Not thread-safe: one writer per worker.
 */
#ifndef VG_UTIL_JSON_H
#define VG_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 16

struct json {
    char *buf;     /* owned */
    size_t len;    /* bytes written */
    size_t cap;    /* bytes allocated */
    size_t max;    /* hard cap on len */
    int depth;     /* open containers */
    bool overflow; /* an append was refused: the record is incomplete */
    bool need_comma[JSON_MAX_DEPTH + 1];
};

/* Initialises an empty writer whose buffer never grows beyond max bytes. */
void json_init(struct json *j, size_t max);
/* Frees the buffer; the writer may be re-initialised. */
void json_release(struct json *j);
/* Forgets the content but keeps the buffer. */
void json_reset(struct json *j);
/* True if every append since the last reset fit and all containers are closed. */
bool json_ok(const struct json *j);

void json_open_object(struct json *j);
void json_close_object(struct json *j);
void json_open_array(struct json *j);
void json_close_array(struct json *j);

/* Starts a member inside an object; follow it with one value or container. */
void json_key(struct json *j, const char *key);

void json_str(struct json *j, const char *s);
/* A string of len bytes from the wire (need not be NUL-terminated nor valid UTF-8). */
void json_strn(struct json *j, const void *s, size_t len);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* A double with up to 6 significant decimals; non-finite values are written as 0. */
void json_double(struct json *j, double v);
/* Raw, already-valid JSON text (e.g. a fragment built elsewhere). */
void json_raw(struct json *j, const char *text, size_t len);

/* Key + value shorthands. */
void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_strn(struct json *j, const char *key, const void *s, size_t len);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_i64(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);

#endif
