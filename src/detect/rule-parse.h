/*
 * rule-parse.h - one rule's text to a validated struct sig.
 *
 * rule_parse() splits the text (rule-text.h), reads the header (action, protocol,
 * addresses, ports, direction), then runs each option's keyword (keyword_lookup()) through
 * a struct sig_builder, and finally checks what the whole rule needs (a sid, defaults for
 * gid/rev/priority). It reports the first problem as one reason string, worded like
 * Suricata's, without file and line (the loader adds them). It does not check duplicates
 * across rules: the loader does.
 *
 * The sig_builder functions declared in keyword.h are implemented here; keyword files may
 * also use the few helpers below for checks that span keywords.
 */
#ifndef VG_DETECT_RULE_PARSE_H
#define VG_DETECT_RULE_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "detect/keyword.h"
#include "detect/sig.h"

struct detect_engine;

/* Longest reason rule_parse() writes (a larger err buffer is fine). */
#define RULE_PARSE_ERR_MAX 512

/* Parses text into a new signature (*out, owned by the caller: sig_free()). Returns VG_OK,
 * VG_EINVAL with the reason in err, VG_EUNSUPPORTED (reason in err) when a requires: option
 * is not met (the rule is skipped, not an error), or VG_ENOMEM. de gives variables, classtypes and
 * references; it is not modified except for interned strings. */
int rule_parse(
        struct detect_engine *de, const char *text, struct sig **out, char *err, size_t errlen);

/* Frees the header sets rule_parse() keeps in de (the sigs' src/dst/sp/dp point into
 * them): call when no signature of de is used any more. */
void rule_parse_cache_release(struct detect_engine *de);

/* Frees a signature and everything it owns (keyword contexts through their free
 * functions); its header sets belong to the engine. NULL is a no-op. */
void sig_free(struct sig *s);

/* A builder on an empty signature, for tests and tools that drive keywords directly
 * (rule_parse() uses its own). NULL on allocation failure. */
struct sig_builder *sig_builder_new(struct detect_engine *de);
/* Frees the builder and its signature. NULL is a no-op. */
void sig_builder_free(struct sig_builder *b);

/* Keywords that may appear only once per rule. */
enum sig_once {
    SIG_ONCE_SID = 1u << 0,
    SIG_ONCE_REV = 1u << 1,
    SIG_ONCE_GID = 1u << 2,
    SIG_ONCE_CLASSTYPE = 1u << 3,
    SIG_ONCE_PRIORITY = 1u << 4,
};

/* Records that the keyword `what` (one SIG_ONCE_* bit) was seen; returns false if it was
 * already seen in this rule. */
bool sig_builder_once(struct sig_builder *b, unsigned what);
/* True if the SIG_ONCE_* bit was seen (e.g. priority: given explicitly). */
bool sig_builder_seen(const struct sig_builder *b, unsigned what);
/* Sets a reason for a failure that a builder function returned, when the keyword's own
 * setup wrote none (the builder uses it for its own errors too). */
void sig_builder_set_error(struct sig_builder *b, const char *reason);

#endif
