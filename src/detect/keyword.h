/*
 * keyword.h - rule keywords: how each option of a rule is parsed and evaluated.
 *
 * Every keyword is one const struct keyword, listed in detect/keywords.c (one line per
 * keyword; the table is the registry). Its setup() parses the option's value and adds what
 * it means to the signature under construction through the sig_builder functions below:
 * a header keyword adds to the pkt list, a sticky buffer selects the current buffer, a
 * content modifier changes the last content, a transform attaches to the current buffer.
 * Evaluation depends on the list the keyword lands in:
 *   - pkt / flow / post lists call match();
 *   - the tx list calls tx_match() with an app-layer transaction of the signature's
 *     app_proto (the struct app_tx at the head of the protocol's tx struct);
 *   - buffer lists are run by detect/inspect.c, which dispatches on pm_kind because
 *     relative matching (distance/within, byte_jump, pcre /R) needs one engine that can
 *     backtrack over every kind of payload match;
 *   - transforms call transform().
 */
#ifndef VG_DETECT_KEYWORD_H
#define VG_DETECT_KEYWORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "detect/sig.h"

struct sig_builder;
struct detect_thread;

/* Keyword flags. */
enum {
    KW_F_NOVALUE = 1u << 0,        /* takes no value ("nocase;") */
    KW_F_OPTIONAL_VALUE = 1u << 1, /* value may be absent */
    KW_F_STICKY = 1u << 2,         /* selects a buffer for what follows */
    KW_F_MODIFIER = 1u << 3,       /* modifies the previous content */
    KW_F_TRANSFORM = 1u << 4,      /* transforms the current buffer */
    KW_F_PAYLOAD = 1u << 5,        /* goes into the current buffer's list (pm_kind set) */
    KW_F_UNSUPPORTED = 1u << 6,    /* known but not implemented: the rule fails to load */
    KW_F_NOOP = 1u << 7,           /* accepted and ignored (documented why in keywords.c) */
};

/* Payload match kinds, dispatched by detect/inspect.c. */
enum pm_kind {
    PM_NONE,
    PM_CONTENT,
    PM_PCRE,
    PM_BYTE_TEST,
    PM_BYTE_JUMP,
    PM_BYTE_EXTRACT,
    PM_BYTE_MATH,
    PM_ISDATAAT,
    PM_BSIZE,
    PM_BASE64_DECODE,
    PM_DATASIZE, /* urilen and similar length checks on the buffer */
};

/* Output of a transform: a buffer owned by the detect thread's scratch. */
struct xform_out {
    uint8_t *p;
    size_t len, cap;
};

struct keyword {
    const char *name;
    unsigned flags;       /* KW_F_* */
    enum pm_kind pm_kind; /* for KW_F_PAYLOAD keywords */
    /* Parses value (NULL when absent) into b. Returns VG_OK, or VG_EINVAL with a reason
     * in err (no file/line: the caller adds them). */
    int (*setup)(struct sig_builder *b, const char *value, char *err, size_t errlen);
    /* pkt, flow and post lists: true if the condition holds (post: action done). */
    bool (*match)(struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx);
    /* tx list: true if the condition holds on transaction tx. */
    bool (*tx_match)(struct detect_thread *dt, struct packet *p, void *tx, const void *ctx);
    /* tx list: the directions whose side of the transaction the condition reads, as
     * detect_buffer.dirs (1: to server, 2: to client); 0: either (each direction's own
     * side, or no side at all such as a protocol version), like a buffer with dirs 3. */
    uint8_t tx_dirs;
    /* transforms: in -> out; returns VG_OK or a negative VG_E* (buffer then not inspected) */
    int (*transform)(const void *ctx, const uint8_t *in, size_t len, struct xform_out *out);
    void (*free)(void *ctx);
};

/* Looks a keyword up by name (case-sensitive, as Suricata); NULL if unknown. */
const struct keyword *keyword_lookup(const char *name);
/* The registry, for tests and tools: implemented keywords by index, and the names known
 * but not implemented yet (KW_F_UNSUPPORTED entries); NULL past the end. */
size_t keyword_registry_count(void);
const struct keyword *keyword_registry_at(size_t i);
size_t keyword_unsupported_count(void);
const struct keyword *keyword_unsupported_at(size_t i);

/* --- sig_builder: the rule under construction, for setup() functions --- */

/* The signature being built. */
struct sig *sig_builder_sig(struct sig_builder *b);
/* Adds ctx (ownership passes to the sig) to the pkt, flow or post list. */
int sig_builder_add_pkt(struct sig_builder *b, const struct keyword *kw, void *ctx);
int sig_builder_add_flow(struct sig_builder *b, const struct keyword *kw, void *ctx);
int sig_builder_add_post(struct sig_builder *b, const struct keyword *kw, void *ctx);
/* Adds a transaction condition on protocol app_proto (APP_PROTO_*) to the tx list; sets
 * the signature's app_proto when it has none, fails when it names another protocol. */
int sig_builder_add_tx(
        struct sig_builder *b, const struct keyword *kw, void *ctx, uint16_t app_proto);
/* Sets the signature's app_proto (keywords and buffers that imply a protocol: dns.query
 * implies dns); VG_EINVAL when the rule already names a different protocol. */
int sig_builder_set_app_proto(struct sig_builder *b, uint16_t app_proto);
/* Adds a payload match to the current buffer (the packet payload when no sticky buffer was
 * given yet; legacy modifiers such as http_uri later move the last content). */
int sig_builder_add_payload(struct sig_builder *b, const struct keyword *kw, void *ctx);
/* Adds a payload match to buffer_id's list (without transforms) without making it the current
 * buffer (urilen: a check on the URI that leaves the rule's current buffer as it was). ctx
 * passes to the sig, or is freed on failure. */
int sig_builder_add_payload_to(
        struct sig_builder *b, int buffer_id, const struct keyword *kw, void *ctx);
/* Adds a payload match that depends on the previous one (relative byte_*, isdataat,
 * base64_decode): with no sticky buffer selected it joins the list of the last payload
 * match (which a legacy modifier such as http_uri may have moved), as Suricata does;
 * otherwise as sig_builder_add_payload(). ctx passes to the sig. */
int sig_builder_add_payload_follow(struct sig_builder *b, const struct keyword *kw, void *ctx);
/* Makes the list of the last payload match the current (sticky) buffer: base64_data, whose
 * following matches inspect the decoded bytes of that list's base64_decode. */
int sig_builder_select_last(struct sig_builder *b);
/* Adds a payload match to buffer_id's plain list as a legacy buffer modifier does (pcre /U):
 * later relative keywords follow it, the current buffer is unchanged. With a sticky buffer
 * other than pkt_data active, the match goes to that buffer. ctx passes to the sig. */
int sig_builder_add_payload_legacy(
        struct sig_builder *b, int buffer_id, const struct keyword *kw, void *ctx);
/* Makes buffer_id the current buffer (sticky buffer keywords). */
int sig_builder_set_buffer(struct sig_builder *b, int buffer_id);
/* Attaches a transform to the current buffer; fails if no sticky buffer is active. */
int sig_builder_add_transform(struct sig_builder *b, const struct keyword *kw, void *ctx);
/* The last payload match of kind k in the current buffer, or NULL (for modifiers such as
 * nocase, depth, within; and relative keywords that must know what precedes them). */
struct sig_match *sig_builder_last_payload(struct sig_builder *b, enum pm_kind k);
/* The last payload match of any kind in the current buffer, or NULL. */
struct sig_match *sig_builder_last_any(struct sig_builder *b);
/* Moves the last content to buffer_id (legacy modifiers: content:"x"; http_uri;). */
int sig_builder_move_last_content(struct sig_builder *b, int buffer_id);
/* Declares a byte_extract/byte_math variable; returns its index (< 16) or VG_EINVAL. */
int sig_builder_var_declare(struct sig_builder *b, const char *name);
/* Index of a declared variable, or -1. */
int sig_builder_var_lookup(struct sig_builder *b, const char *name);
/* The engine being built, for keywords that register global state (flowbits names...). */
struct detect_engine *sig_builder_engine(struct sig_builder *b);

#endif
