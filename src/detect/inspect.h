/*
 * inspect.h - run one buffer's list of payload matches over its bytes.
 *
 * A rule's buffer list (struct sig_buffer: content, pcre, byte_*, isdataat, bsize,
 * base64_decode/base64_data) is inspected left to right with the end of the previous match
 * as the anchor of relative items (distance/within, pcre /R, "relative" options). When an
 * item fails and the item before it can match elsewhere (a content or pcre followed by a
 * relative item), the earlier item is searched again one byte further (backtracking),
 * bounded by INSPECT_RECURSION_LIMIT steps per inspection like Suricata's
 * inspection-recursion-limit. The buffer's transforms are applied first into the scratch.
 *
 * The scratch belongs to one detect thread (embed it in struct detect_thread): transform
 * buffers, the base64 decode buffer, byte_extract/byte_math variables and PCRE2 match
 * data. Variables live for one signature: call inspect_sig_begin() before the first buffer
 * of each signature so values extracted in one buffer can be used in the next.
 */
#ifndef VG_DETECT_INSPECT_H
#define VG_DETECT_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/detect.h"
#include "detect/keyword.h"
#include "detect/kw/kw-payload.h"
#include "detect/sig.h"

/* Suricata's default detect.inspection-recursion-limit. */
#define INSPECT_RECURSION_LIMIT 3000
/* Suricata's default pcre match limits (pcre.match-limit, pcre.match-limit-recursion). */
#define INSPECT_PCRE_MATCH_LIMIT 3500
#define INSPECT_PCRE_DEPTH_LIMIT 1500
/* Largest base64_decode output kept. */
#define INSPECT_B64_MAX 65536

struct inspect_scratch {
    struct xform_out xf[2]; /* transform ping-pong buffers (grown on demand) */
    uint8_t *b64;           /* base64_decode output, INSPECT_B64_MAX bytes */
    size_t b64_len;
    uint64_t vars[PAYLOAD_MAX_VARS];
    uint32_t steps;       /* backtracking steps of the current inspection */
    uint32_t limit;       /* recursion limit (INSPECT_RECURSION_LIMIT) */
    void *pcre_md;        /* pcre2_match_data * */
    void *pcre_mctx;      /* pcre2_match_context * with Suricata's limits */
    size_t min_end;       /* a match must end past this offset (raw stream: bytes already
                           * inspected); 0 for none. Set by the caller per inspection. */
    uint64_t limit_hits;  /* inspections stopped by the recursion limit */
    uint64_t pcre_errors; /* pcre matches stopped by a match limit */
    /* pcre captures of the current signature (kw/pcre.c) */
    struct detect_vars caps;
};

/* Prepares sc (allocations). Returns VG_OK or VG_ENOMEM; release with
 * inspect_scratch_release() in both cases. */
int inspect_scratch_init(struct inspect_scratch *sc);
void inspect_scratch_release(struct inspect_scratch *sc);

/* Starts a signature: clears the variables and the pcre captures. */
void inspect_sig_begin(struct inspect_scratch *sc);

/* Applies sb's transforms (in order) to buf[0..len). On success *out and *outlen give the
 * bytes to inspect (buf itself when there are no transforms, else scratch memory valid
 * until the next call). Returns VG_OK, or a negative VG_E* when a transform failed (the
 * buffer is then not inspected). */
int inspect_transform(struct inspect_scratch *sc, const struct sig_buffer *sb, const uint8_t *buf,
        size_t len, const uint8_t **out, size_t *outlen);

/* Inspects sb's list over buf[0..len) (raw bytes: transforms are applied here). True when
 * every item matches. An empty list matches. */
bool inspect_buffer(
        struct inspect_scratch *sc, const struct sig_buffer *sb, const uint8_t *buf, size_t len);

/* True if s's payload (pkt_data) list must also be inspected on packets whose payload went
 * into the stream (Suricata's SIG_FLAG_REQUIRE_PACKET beside REQUIRE_STREAM): a TCP rule
 * neither stream-only nor packet-only whose payload list has a content with depth or
 * offset. Evaluated once at engine build. */
bool inspect_sig_wants_packet(const struct sig *s);

/* Inspects a list over already transformed bytes (tests, and callers that transform once
 * for several lists). */
bool inspect_list(
        struct inspect_scratch *sc, const struct sig_list *l, const uint8_t *buf, size_t len);

#endif
