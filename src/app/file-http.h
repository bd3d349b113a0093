/*
 * file-http.h - files carried by HTTP/1 transactions, fed by the HTTP parser.
 *
 * The parser calls these where a body's decoded bytes come out (after dechunking and
 * decompression), where bytes are lost, and where a body ends. What is a file follows
 * Suricata (libhtp): every response body, named by the Content-Disposition filename or
 * else the URI path; a PUT request body or a POST one that is not multipart, named the
 * same way; each part of a multipart/form-data request body that carries a filename
 * (parsed from the kept request body when it ends, so bounded by the request body limit,
 * as Suricata's).
 */
#ifndef VG_APP_FILE_HTTP_H
#define VG_APP_FILE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct http_tx;

/* len decoded body bytes of direction dir (APP_DIR_*). */
void file_http_body(struct http_tx *tx, int dir, const uint8_t *data, size_t len);
/* len body bytes of direction dir were lost. */
void file_http_gap(struct http_tx *tx, int dir, uint64_t len);
/* The body of direction dir ended; cut: before its announced end. */
void file_http_end(struct http_tx *tx, int dir, bool cut);

#endif
