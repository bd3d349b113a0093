/*
 * content.h - the parsed value of a content keyword and its modifiers.
 *
 * Shared by the content keyword (detect/kw/content.c: parsing "|41 42|" hex, escapes,
 * negation, modifiers), the payload inspection engine (detect/inspect.c) and the prefilter
 * (which takes fast patterns from here). Offsets follow Suricata: depth/offset are absolute
 * in the buffer; distance/within are relative to the end of the previous match.
 */
#ifndef VG_DETECT_CONTENT_H
#define VG_DETECT_CONTENT_H

#include <stdbool.h>
#include <stdint.h>

enum {
    CONTENT_F_NOCASE = 1u << 0,
    CONTENT_F_NEGATED = 1u << 1,
    CONTENT_F_OFFSET = 1u << 2,
    CONTENT_F_DEPTH = 1u << 3,
    CONTENT_F_DISTANCE = 1u << 4,
    CONTENT_F_WITHIN = 1u << 5,
    CONTENT_F_STARTSWITH = 1u << 6,
    CONTENT_F_ENDSWITH = 1u << 7,
    CONTENT_F_FAST_PATTERN = 1u << 8, /* fast_pattern given explicitly */
    CONTENT_F_FP_ONLY = 1u << 9,      /* fast_pattern:only */
    CONTENT_F_FP_CHOP = 1u << 10,     /* fast_pattern:offset,length */
    CONTENT_F_RAWBYTES = 1u << 11,
    CONTENT_F_RELATIVE_NEXT = 1u << 12, /* the next payload match is relative to this one */
    CONTENT_F_OFFSET_VAR = 1u << 13,    /* offset/depth/distance/within from byte_extract */
    CONTENT_F_DEPTH_VAR = 1u << 14,
    CONTENT_F_DISTANCE_VAR = 1u << 15,
    CONTENT_F_WITHIN_VAR = 1u << 16,
};

struct content {
    uint8_t *pat; /* owned, the bytes to find (case as written) */
    uint16_t len;
    uint32_t flags; /* CONTENT_F_* */
    int32_t offset; /* or a variable index with CONTENT_F_OFFSET_VAR */
    int32_t depth;
    int32_t distance; /* may be negative */
    int32_t within;
    uint16_t fp_chop_offset, fp_chop_len;
    uint32_t id; /* engine-wide pattern id for the prefilter */
};

#endif
