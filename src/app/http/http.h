/*
 * http.h - HTTP/1.0 and 1.1 as Suricata (with libhtp) sees it: transactions and their parts.
 *
 * One struct http_tx per request/response pair, created when a request line starts (or when a
 * response arrives that matches no request). The parser (http-parse.c) fills it in order: the
 * request line and its parts, the request headers (parsed list plus the raw block), the request
 * body (bounded, kept for inspection), then the same for the response. Everything is owned by
 * the tx and freed by http_tx_free(). Every buffer has a cap; hitting it is an event or a
 * truncation, never a growth without bound.
 *
 * Readers (detect keywords, EVE logging) use the fields directly but must check the progress
 * of the side they read: a part is meaningful once its phase is reached (req_progress,
 * resp_progress). Buffers derived for detection (normalised headers, header names, the start
 * buffer) are built once a side's headers are complete.
 */
#ifndef VG_APP_HTTP_HTTP_H
#define VG_APP_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app-layer.h"
#include "app/file.h"
#include "util/cursor.h"

/* A capped growable byte buffer; p is NULL while empty. */
struct http_buf {
    uint8_t *p;
    uint32_t len, cap;
};

/* Appends n bytes, up to max total; returns the number of bytes appended (short when the cap
 * or memory ran out). */
size_t http_buf_append(struct http_buf *b, const void *data, size_t n, size_t max);
/* Frees the bytes; the buffer is empty and reusable. */
void http_buf_release(struct http_buf *b);
/* The buffer as a slice (NULL/0 when empty). */
static inline struct slice http_buf_slice(const struct http_buf *b)
{
    struct slice s = { b->p, b->len };
    return s;
}

/* Header flags. */
enum {
    HTTP_HDR_F_REPEATED = 1u << 0, /* the name was seen more than once (values merged) */
    HTTP_HDR_F_FOLDED = 1u << 1,   /* continued on folded lines */
    HTTP_HDR_F_INVALID = 1u << 2,  /* malformed name, missing colon ... */
};

struct http_header {
    struct http_buf name, value; /* name as sent (first occurrence), value trimmed */
    struct http_buf line;        /* "Name: value" once the headers are complete
                                  * (http.request_header / http.response_header) */
    uint8_t flags;
};

/* Progress of one side of a tx. */
enum http_progress {
    HTTP_PROG_NONE = 0, /* nothing yet */
    HTTP_PROG_LINE,     /* request/status line parsed */
    HTTP_PROG_HEADERS,  /* headers complete */
    HTTP_PROG_BODY,     /* in the body */
    HTTP_PROG_DONE,     /* complete */
};

/* Content-Encoding of a body. */
enum http_encoding {
    HTTP_CE_NONE = 0,
    HTTP_CE_GZIP,
    HTTP_CE_DEFLATE, /* raw deflate (RFC 1951), as libhtp reads "deflate" */
    HTTP_CE_ZLIB,    /* deflate with the zlib wrapper (RFC 1950) */
    HTTP_CE_LZMA,    /* .lzma ("alone") format */
};

/* Most Content-Encoding layers decoded on one body. */
#define HTTP_MAX_ENCODINGS 8

struct http_decomp;

/* One message (request or response) without its start line specifics. */
struct http_msg {
    struct http_buf line;      /* request or status line, without its line end */
    struct http_header *hdrs;  /* parsed headers, in order of first occurrence */
    uint32_t n_hdrs, cap_hdrs; /* count, allocated slots */
    struct http_buf hdr_raw;   /* header lines as received, line ends included, up to and
                                * including the empty line */
    struct http_buf hdr_norm;  /* "Name: value\r\n" per header, Cookie / Set-Cookie left out
                                * (http.header) */
    struct http_buf hdr_names; /* "\r\nName1\r\nName2\r\n\r\n" (http.header_names) */
    struct http_buf start;     /* line + "\r\n" + "Name: value\r\n"... + "\r\n" (http.start) */
    struct http_buf body;      /* body after dechunking and decompression, capped */
    uint64_t body_len;         /* body bytes on the wire after dechunking (EVE length) */
    uint64_t body_entity_len;  /* after decompression */
    int64_t content_length;    /* parsed Content-Length, -1 if none or invalid */
    bool chunked;              /* Transfer-Encoding: chunked */
    bool body_truncated;       /* body limit reached or data lost */
    uint8_t encoding;          /* HTTP_CE_NONE, or any other value while decoding */
    uint8_t n_encs;            /* Content-Encoding layers, in header order */
    uint8_t encs[HTTP_MAX_ENCODINGS];
    struct http_decomp *dc; /* decompressor while the body runs */
};

/* Transaction flags. */
enum {
    HTTP_TX_F_HEAD = 1u << 0,         /* HEAD request: the response has no body */
    HTTP_TX_F_CONNECT = 1u << 1,      /* CONNECT request */
    HTTP_TX_F_HTTP09 = 1u << 2,       /* request without protocol: HTTP/0.9 */
    HTTP_TX_F_NO_REQUEST = 1u << 3,   /* response seen without a request */
    HTTP_TX_F_SEEN_100 = 1u << 4,     /* a 100 Continue preceded the response */
    HTTP_TX_F_URI_ABSOLUTE = 1u << 5, /* the URI carried scheme and authority */
};

struct http_tx {
    struct app_tx head;                  /* first: the framework's part */
    uint8_t req_progress, resp_progress; /* enum http_progress */
    uint16_t flags;                      /* HTTP_TX_F_* */

    /* request */
    struct http_msg req;
    struct http_buf method, uri_raw, uri_norm, protocol;
    uint8_t req_proto_num; /* 9, 10, 11, or 0 when not HTTP/0.9-1.1 */
    struct http_buf host;  /* normalised (lowercase, no port, no trailing dot) */
    struct http_buf host_raw;
    int32_t port; /* port given in the URI authority or Host header, -1 if none */

    /* response */
    struct http_msg resp;
    struct http_buf resp_protocol, status_raw, status_msg;
    int32_t status; /* 100..999, or -1 when absent or invalid */

    struct file_list files; /* files of the bodies (app/file-http.c) */
};

/* The header called name (case-insensitive) of m, or NULL. */
const struct http_header *http_msg_header(const struct http_msg *m, const char *name);
/* The value of header name as a slice; false if absent. */
bool http_msg_header_value(const struct http_msg *m, const char *name, struct slice *out);

/* --- parser (http-parse.c) --- */

/* Event numbers: indexes into http_event_names (names as Suricata's http.* events). */
enum http_event {
    HTTP_EV_UNKNOWN_ERROR = 0,
    HTTP_EV_GZIP_DECOMPRESSION_FAILED,
    HTTP_EV_REQUEST_FIELD_MISSING_COLON,
    HTTP_EV_RESPONSE_FIELD_MISSING_COLON,
    HTTP_EV_INVALID_REQUEST_CHUNK_LEN,
    HTTP_EV_INVALID_RESPONSE_CHUNK_LEN,
    HTTP_EV_INVALID_TE_IN_REQUEST,
    HTTP_EV_INVALID_TE_IN_RESPONSE,
    HTTP_EV_INVALID_CL_IN_REQUEST,
    HTTP_EV_INVALID_CL_IN_RESPONSE,
    HTTP_EV_100_CONTINUE_ALREADY_SEEN,
    HTTP_EV_UNABLE_TO_MATCH_RESPONSE,
    HTTP_EV_INVALID_SERVER_PORT_IN_REQUEST,
    HTTP_EV_INVALID_AUTHORITY_PORT,
    HTTP_EV_REQUEST_HEADER_INVALID,
    HTTP_EV_RESPONSE_HEADER_INVALID,
    HTTP_EV_MISSING_HOST_HEADER,
    HTTP_EV_HOST_HEADER_AMBIGUOUS,
    HTTP_EV_INVALID_REQUEST_FIELD_FOLDING,
    HTTP_EV_INVALID_RESPONSE_FIELD_FOLDING,
    HTTP_EV_REQUEST_FIELD_TOO_LONG,
    HTTP_EV_RESPONSE_FIELD_TOO_LONG,
    HTTP_EV_MULTIPART_GENERIC_ERROR,
    HTTP_EV_MULTIPART_NO_FILEDATA,
    HTTP_EV_MULTIPART_INVALID_HEADER,
    HTTP_EV_REQUEST_SERVER_PORT_TCP_PORT_MISMATCH,
    HTTP_EV_REQUEST_URI_HOST_INVALID,
    HTTP_EV_REQUEST_HEADER_HOST_INVALID,
    HTTP_EV_URI_DELIM_NON_COMPLIANT,
    HTTP_EV_METHOD_DELIM_NON_COMPLIANT,
    HTTP_EV_REQUEST_LINE_LEADING_WHITESPACE,
    HTTP_EV_TOO_MANY_ENCODING_LAYERS,
    HTTP_EV_ABNORMAL_CE_HEADER,
    HTTP_EV_REQUEST_AUTH_UNRECOGNIZED,
    HTTP_EV_REQUEST_HEADER_REPETITION,
    HTTP_EV_RESPONSE_HEADER_REPETITION,
    HTTP_EV_RESPONSE_MULTIPART_BYTERANGES,
    HTTP_EV_RESPONSE_ABNORMAL_TRANSFER_ENCODING,
    HTTP_EV_RESPONSE_CHUNKED_OLD_PROTO,
    HTTP_EV_RESPONSE_INVALID_PROTOCOL,
    HTTP_EV_RESPONSE_INVALID_STATUS,
    HTTP_EV_REQUEST_LINE_INCOMPLETE,
    HTTP_EV_DOUBLE_ENCODED_URI,
    HTTP_EV_REQUEST_LINE_INVALID,
    HTTP_EV_REQUEST_BODY_UNEXPECTED,
    HTTP_EV_LZMA_MEMLIMIT_REACHED,
    HTTP_EV_DUPLICATE_CL_IN_REQUEST,
    HTTP_EV_DUPLICATE_CL_IN_RESPONSE,
    HTTP_EV_COMPRESSION_BOMB,
    HTTP_EV_TOO_MANY_WARNINGS,
    HTTP_EV_RANGE_INVALID,
    HTTP_EV_FILE_NAME_TOO_LONG,
    HTTP_EV_FAILED_PROTOCOL_CHANGE,
    HTTP_EV_REQUEST_CHUNK_EXTENSION,
    HTTP_EV_REQUEST_LINE_MISSING_PROTOCOL,
    HTTP_EV_REQUEST_TOO_MANY_HEADERS,
    HTTP_EV_RESPONSE_TOO_MANY_HEADERS,
    HTTP_EV_RESPONSE_CHUNK_EXTENSION,
    HTTP_EV_COMPRESSION_BOMB_LIMIT_REACHED,
    HTTP_EV_MAX
};

/* Event names without the "http." prefix, indexed by enum http_event. */
extern const char *const http_event_names[HTTP_EV_MAX];

/* Parser limits and switches (app-layer.protocols.http.libhtp.default-config.*). */
struct http_config {
    uint32_t request_body_limit;  /* bytes of request body kept (100 KiB) */
    uint32_t response_body_limit; /* bytes of response body kept (100 KiB) */
    uint32_t field_limit;         /* longest header/start line (18000) */
    uint32_t max_headers;         /* headers per message (1024) */
    uint32_t max_tx;              /* open transactions per flow (512) */
    uint32_t decompress_layers;   /* response-body-decompress-layer-limit (2; 0: off) */
    uint32_t decompress_max;      /* decompressed bytes per body (the body limit x 10) */
    uint32_t decompress_ratio;    /* largest output/input ratio before a bomb (2048) */
    uint32_t lzma_memlimit;       /* lzma-memlimit: largest lzma dictionary (1 MiB) */
    bool lzma_enabled;            /* lzma-enabled: decode lzma (off: passed through) */
    bool log_req_headers;         /* EVE: request_headers array (dump-all-headers) */
    bool log_resp_headers;        /* EVE: response_headers array */
    bool log_xff;                 /* EVE: "xff" (xff: enabled, mode: extra-data) */
    /* EVE http records: the extended fields too (http_refer, http_method, protocol,
     * status, redirect, length). Suricata writes them in its http records only with the
     * http type's "extended: yes"; alert and fileinfo records always carry them. */
    bool log_extended;
};

/* The configuration every HTTP parser state uses (set once at startup, then read-only). */
extern struct http_config http_cfg;
/* Sets http_cfg to Suricata's defaults. */
void http_config_defaults(struct http_config *cfg);

struct http_state;

/* A parser state for one flow; NULL on ENOMEM. */
struct http_state *http_state_new(void);
void http_state_free(struct http_state *st);
/* Parses len bytes of direction dir (APP_DIR_*); see struct app_parser.parse. */
int http_parse(struct app_flow *af, struct http_state *st, int dir, const uint8_t *data,
        uint32_t len, unsigned flags);
/* Frees a tx (the framework's tx_free). */
void http_tx_free(struct app_tx *tx);

/* --- URI (http-uri.c) --- */

/* What normalising a URI found. */
struct http_uri_info {
    struct slice host;   /* authority host of an absolute or CONNECT URI (raw), len 0 if none */
    int32_t port;        /* its port, -1 if none, -2 if invalid */
    bool absolute;       /* scheme://authority form */
    bool double_encoded; /* a %xx decoded to '%' followed by two hex digits */
};

/* Normalises uri as libhtp's IDS personality does for Suricata's http.uri: path percent-
 * decoded (%xx and %uXXXX), backslashes to slashes, repeated slashes compressed, dot segments
 * removed; query and fragment kept ("?q", "#f"); scheme and authority left out. connect: the
 * URI is an authority (CONNECT). Appends to out up to max bytes. */
void http_uri_normalize(const uint8_t *uri, size_t len, bool connect, struct http_buf *out,
        size_t max, struct http_uri_info *info);
/* Normalises a hostname into out: lowercase, port and trailing dot removed. Returns the port
 * (-1 none, -2 invalid). */
int32_t http_host_normalize(const uint8_t *host, size_t len, struct http_buf *out, size_t max);

/* --- decompression (http-decompress.c) --- */

/* A new decompressor for the n Content-Encoding layers encs (enum http_encoding, in header
 * order: the last one is decoded first; HTTP_CE_NONE entries must be left out); NULL on
 * ENOMEM or when n is 0. */
struct http_decomp *http_decomp_new(const uint8_t *encs, size_t n);
void http_decomp_free(struct http_decomp *d);
/* Result of feeding a decompressor. */
enum http_decomp_result {
    HTTP_DECOMP_OK = 0,
    HTTP_DECOMP_ERROR = -1, /* unused: bad data is passed through or dropped by the layers */
    HTTP_DECOMP_BOMB = -2,  /* output/input ratio or output size cap hit: output stops */
};
/* Inflates len bytes, appending the output to out (up to keep bytes kept; max_out total
 * output counted against the caps). */
enum http_decomp_result http_decomp_feed(struct http_decomp *d, const uint8_t *data, size_t len,
        struct http_buf *out, size_t keep, uint64_t *total_out);

/* --- EVE (http-log.c) --- */

/* Writes "http": {...} for tx (struct app_parser.log_tx): alert and fileinfo records,
 * extended fields always. */
void http_log_tx(struct json *w, const struct app_tx *tx, int dir);
/* Writes "http": {...} for the http record of tx (struct app_parser.log_record): the
 * extended fields only with http_cfg.log_extended. */
void http_log_record(struct json *w, const struct app_tx *tx, int dir);

#endif
