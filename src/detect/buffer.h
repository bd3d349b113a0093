/*
 * buffer.h - the buffers rules can inspect, by name: the registry of sticky buffers.
 *
 * Each buffer has an id (its index in the registry table, detect/buffer.c), a scope (the
 * packet, the reassembled stream, or an app-layer transaction) and a getter that yields its
 * bytes for the thing being inspected. The packet payload ("pkt_data") and the raw stream
 * come first; app layers' buffers (http.uri, dns.query, tls.sni, ...) are added to the
 * table as those parsers land.
 */
#ifndef VG_DETECT_BUFFER_H
#define VG_DETECT_BUFFER_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "util/cursor.h"

enum detect_buffer_scope {
    DETECT_SCOPE_PACKET, /* per packet: payload, ... */
    DETECT_SCOPE_STREAM, /* per reassembled TCP stream chunk */
    DETECT_SCOPE_TX,     /* per app-layer transaction */
};

enum {
    DETECT_BUF_PKT_DATA = 0, /* the packet payload: content without a sticky buffer */
    DETECT_BUF_STREAM = 1,   /* reassembled raw stream (TCP) */
};

struct detect_thread;

struct detect_buffer {
    const char *name;
    enum detect_buffer_scope scope;
    uint16_t app_proto; /* app-layer protocol the buffer belongs to, 0 for none */
    uint8_t dirs;       /* 1: to server, 2: to client, 3: both */
    /* Fills out with the buffer's bytes for p (and tx for TX scope); false if absent. */
    bool (*get)(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out);
    /* Multi-buffers (dns.queries.rrname, tls.certs, ...): the idx-th instance (from 0);
     * false past the last. NULL for single buffers (then get is used). For TX scope, tx is
     * the transaction (a struct app_tx at the head of the protocol's tx struct). */
    bool (*get_multi)(
            struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
};

struct keyword;
struct sig;
struct sig_buffer;

/* The side(s) list sb of s reads (1: to server, 2: to client, 3: either): the one the rule
 * names ("http.connection: to_client;"), else the buffer's own; in a "=>" rule a buffer of
 * both sides reads the request. */
uint8_t detect_list_dirs(const struct sig *s, const struct sig_buffer *sb);
/* The sides a transaction rule needs (bit 1: the request, bit 2: the response) from its
 * TX buffers and tx conditions, flow:to_* aside; a "=>" rule needs both. */
unsigned detect_sig_tx_need(const struct sig *s);

/* absent / absent:or_else (kw/absent-keywords.c): a sticky buffer the transaction does not
 * have. detect_list_absent() says whether list sb opens with it: 0 no, 1 absent, 2
 * absent:or_else (the rest of the list applies when the buffer is there). */
extern const struct keyword kw_absent;
unsigned detect_list_absent(const struct sig_buffer *sb);

/* Registry id for a buffer name (also accepting Suricata's legacy aliases), or -1. */
int detect_buffer_lookup(const char *name);
/* The buffer with that id; id must be valid. */
const struct detect_buffer *detect_buffer_get(int id);
/* Number of registered buffers. */
int detect_buffer_count(void);

#endif
