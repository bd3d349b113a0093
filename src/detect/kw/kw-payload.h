/*
 * kw-payload.h - the payload keywords' parsed values and the evaluators inspect.c calls.
 *
 * Each payload keyword (content and its modifiers, pcre, byte_test, byte_jump,
 * byte_extract, byte_math, isdataat, bsize, base64_decode/base64_data) parses its value into
 * one of the structs below (the sig_match ctx). detect/inspect.c walks a buffer's list and
 * dispatches on the keyword's pm_kind; content search and the backtracking live there,
 * the per-keyword evaluation (read a number, run a regex) lives in the keyword's own file
 * and is declared here. Variables (byte_extract/byte_math results) are indexes into the
 * inspection's uint64_t vars[] array (sig_builder_var_declare()).
 */
#ifndef VG_DETECT_KW_PAYLOAD_H
#define VG_DETECT_KW_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect/keyword.h"

/* Most variables one rule can declare (matches the builder's limit). */
#define PAYLOAD_MAX_VARS 16

/* --- number reading shared by the byte_* keywords (kw/byte-read.c) --- */

enum byte_base {
    BYTE_BASE_BIN = 0, /* raw bytes, big or little endian */
    BYTE_BASE_DEC = 10,
    BYTE_BASE_HEX = 16,
    BYTE_BASE_OCT = 8,
};

/* Common options of byte_test, byte_jump, byte_extract and byte_math. */
enum {
    BYTE_F_RELATIVE = 1u << 0,
    BYTE_F_LITTLE = 1u << 1,
    BYTE_F_BITMASK = 1u << 2,
    BYTE_F_NEGATE = 1u << 3,      /* byte_test "!op" */
    BYTE_F_ALIGN = 1u << 4,       /* byte_jump align */
    BYTE_F_FROM_BEGIN = 1u << 5,  /* byte_jump from_beginning */
    BYTE_F_FROM_END = 1u << 6,    /* byte_jump from_end */
    BYTE_F_NBYTES_VAR = 1u << 7,  /* nbytes is a variable index */
    BYTE_F_OFFSET_VAR = 1u << 8,  /* offset is a variable index */
    BYTE_F_VALUE_VAR = 1u << 9,   /* byte_test value / byte_math rvalue is a variable */
    BYTE_F_ENDIAN_SET = 1u << 10, /* big/little given explicitly */
};

/* Reads nbytes at pos of buf as a number: binary (big/little endian) or ASCII digits in
 * base (nbytes 0: value 0 in binary, as many digits as there are in a base). Returns false if the
 * bytes are out of the buffer or no digit could be read. */
bool byte_read_value(const uint8_t *buf, size_t len, int64_t pos, uint32_t nbytes,
        enum byte_base base, bool little, uint64_t *out);
/* Applies a bitmask: masks, then shifts right by the mask's trailing zero bits. */
uint64_t byte_apply_bitmask(uint64_t v, uint64_t mask);
/* Parses a signed decimal (or 0x hex) integer filling all of s; false if invalid. */
bool byte_parse_int(const char *s, int64_t *out);
/* Parses a number or a declared variable name: sets *is_var and the index in *out. */
int byte_parse_num_or_var(
        struct sig_builder *b, const char *s, int64_t *out, bool *is_var, char *err, size_t errlen);
/* Options after the positional fields of the byte_* keywords. */
enum {
    BYTE_OPT_MULTIPLIER = 1u << 0,
    BYTE_OPT_POST_OFFSET = 1u << 1,
    BYTE_OPT_ALIGN_FLAG = 1u << 2, /* byte_jump "align" (4) */
    BYTE_OPT_ALIGN_N = 1u << 3,    /* byte_extract "align 2|4" */
    BYTE_OPT_FROM = 1u << 4,       /* from_beginning / from_end */
    BYTE_OPT_BITMASK = 1u << 5,
};

struct byte_opts {
    uint32_t flags;      /* BYTE_F_* found */
    enum byte_base base; /* BYTE_BASE_BIN unless "string" */
    int64_t multiplier;  /* 1 when absent */
    int64_t post_offset;
    uint64_t bitmask;
    uint32_t align;
};

/* Parses option fields f[0..n) allowed by the BYTE_OPT_* mask (relative, big, little,
 * string [hex|dec|oct], dce (rejected), and the allowed ones). Returns VG_OK or VG_EINVAL
 * with err naming kw. */
int byte_parse_opts(char **f, int n, unsigned allowed, struct byte_opts *o, const char *kw,
        char *err, size_t errlen);
/* Checks nbytes for the base: 1..8 binary (0..8 with zero_ok: byte_jump), 0..23 string
 * (kw names the keyword). */
int byte_check_nbytes(int64_t nbytes, enum byte_base base, bool zero_ok, const char *kw, char *err,
        size_t errlen);

/* Splits a comma-separated option list in place into trimmed fields; returns the count
 * (at most max) or -1 when there are more. */
int byte_split(char *s, char **f, int max);

/* --- content (kw/content.c; struct content in detect/content.h) --- */

/* Parses a content string ("abc|0d 0a|", quotes and '!' included) into a pattern:
 * *neg set for a leading '!'. Returns VG_OK or VG_EINVAL with err; *pat is malloc'd. */
int content_parse_pattern(
        const char *value, uint8_t **pat, uint16_t *len, bool *neg, char *err, size_t errlen);
/* Before adding a relative payload item: flags the last item of the current list, if it
 * is a content, with CONTENT_F_RELATIVE_NEXT. */
void content_mark_relative_next(struct sig_builder *b);

/* --- pcre (kw/pcre.c) --- */

enum {
    PCRE_F_RELATIVE = 1u << 0,
    PCRE_F_NEGATED = 1u << 1,
    PCRE_F_NOLIMIT = 1u << 2, /* O: no match limits */
};

/* Most variables one regex captures into. */
#define PCRE_CAPTURES_MAX 8

/* A capture group stored into a variable. */
struct pcre_capture {
    const char *name; /* interned in the engine */
    uint8_t type;     /* enum detect_var_type */
    uint16_t group;   /* capture group number (1..) */
};

struct pcre_ctx {
    void *code; /* pcre2_code *, JIT-compiled on first use when possible (pcre_inspect) */
    uint32_t flags;
    int *jitted; /* pcre.c: set atomically once code went through the JIT compiler */
    struct pcre_capture caps[PCRE_CAPTURES_MAX];
    uint8_t n_caps;
};

struct inspect_scratch;
struct detect_vars;
struct flow;

/* A signature matched: stores the flow: captures of sc into f (when not NULL) and copies
 * the pkt: and alert: ones to out (out->n 0 when none). */
void pcre_captures_commit(
        const struct inspect_scratch *sc, struct flow *f, struct detect_vars *out);

/* Runs the regex on the subject subj[0..len) from startoff ('^' anchors at subj). Returns
 * 1 with the match bounds (offsets in subj), 0 when it does not match, -1 on a match
 * error (a match limit hit). */
int pcre_inspect(struct inspect_scratch *sc, const struct pcre_ctx *pc, const uint8_t *subj,
        size_t len, size_t startoff, size_t *mstart, size_t *mend);

/* --- byte_test, byte_jump, byte_extract, byte_math --- */

enum byte_test_op {
    BT_OP_LT,
    BT_OP_GT,
    BT_OP_EQ,
    BT_OP_LE,
    BT_OP_GE,
    BT_OP_AND,
    BT_OP_OR, /* "^": any bit set (Suricata: bitwise OR test) */
};

struct byte_test_ctx {
    uint32_t flags;  /* BYTE_F_* */
    uint32_t nbytes; /* or variable index with BYTE_F_NBYTES_VAR */
    enum byte_test_op op;
    enum byte_base base;
    int64_t value;  /* or variable index with BYTE_F_VALUE_VAR */
    int64_t offset; /* or variable index with BYTE_F_OFFSET_VAR */
    uint64_t bitmask;
};

struct byte_jump_ctx {
    uint32_t flags;
    uint32_t nbytes;
    enum byte_base base;
    int64_t offset;
    int64_t multiplier; /* 1 when absent */
    int64_t post_offset;
    uint64_t bitmask;
};

struct byte_extract_ctx {
    uint32_t flags;
    uint32_t nbytes;
    enum byte_base base;
    int64_t offset;
    int64_t multiplier;
    uint32_t align; /* 0, 2 or 4 */
    uint64_t bitmask;
    int var; /* variable written */
};

enum byte_math_op {
    BM_OP_ADD,
    BM_OP_SUB,
    BM_OP_MUL,
    BM_OP_DIV,
    BM_OP_SHL,
    BM_OP_SHR,
};

struct byte_math_ctx {
    uint32_t flags;
    uint32_t nbytes;
    enum byte_base base;
    int64_t offset;
    enum byte_math_op op;
    int64_t rvalue; /* or variable index with BYTE_F_VALUE_VAR */
    uint64_t bitmask;
    int var; /* result variable */
};

/* Evaluators. prev is the previous match end; vars the inspection's variables. */
bool byte_test_eval(const struct byte_test_ctx *c, const uint8_t *buf, size_t len, size_t prev,
        const uint64_t *vars);
/* On success sets *newpos (the new previous-match end). */
bool byte_jump_eval(const struct byte_jump_ctx *c, const uint8_t *buf, size_t len, size_t prev,
        const uint64_t *vars, size_t *newpos);
bool byte_extract_eval(const struct byte_extract_ctx *c, const uint8_t *buf, size_t len,
        size_t prev, uint64_t *vars, size_t *newpos);
bool byte_math_eval(
        const struct byte_math_ctx *c, const uint8_t *buf, size_t len, size_t prev, uint64_t *vars);

/* --- isdataat, bsize, base64 --- */

enum {
    ISDATAAT_F_RELATIVE = 1u << 0,
    ISDATAAT_F_NEGATED = 1u << 1,
    ISDATAAT_F_VAR = 1u << 2,
};

struct isdataat_ctx {
    uint32_t flags;
    int64_t value; /* or variable index */
};

bool isdataat_eval(const struct isdataat_ctx *c, size_t len, size_t prev, const uint64_t *vars);

/* A numeric comparison shared by bsize and dsize ("5", "<5", ">5", "<=5", ">=5", "!5",
 * "1<>9" exclusive range). */
enum num_cmp_op {
    NUM_EQ,
    NUM_NE,
    NUM_LT,
    NUM_GT,
    NUM_LE,
    NUM_GE,
    NUM_RANGE, /* lo < v < hi */
};

struct num_cmp {
    enum num_cmp_op op;
    uint64_t lo, hi;
};

/* Parses a comparison; max bounds the values. Returns VG_OK or VG_EINVAL with err. */
int num_cmp_parse(const char *s, uint64_t max, struct num_cmp *out, char *err, size_t errlen);
bool num_cmp_eval(const struct num_cmp *c, uint64_t v);

enum {
    B64_F_RELATIVE = 1u << 0,
    B64_F_DATA = 1u << 1, /* base64_data: inspection continues on the decoded bytes */
};

struct base64_ctx {
    uint32_t flags;
    uint32_t bytes; /* 0: all */
    uint32_t offset;
};

/* Base64 decoding modes, as Suricata's (from_base64 "mode"):
 *   RFC4648: stops at the first byte outside the alphabet and '=' (whitespace included);
 *            a final partial group is completed with '=';
 *   RFC2045: skips bytes outside the alphabet and '='; a final partial group is dropped;
 *   STRICT:  the whole input must be canonical base64 (groups of 4, '=' only as padding),
 *            else nothing is decoded.
 * A group with '=' in its first two places makes the whole decode fail (0) in every mode. */
enum b64_mode {
    B64_MODE_RFC4648,
    B64_MODE_RFC2045,
    B64_MODE_STRICT,
};

/* Decodes in[0..len) into out (capacity outcap, output cut there) in mode; returns the
 * decoded length, 0 when nothing could be decoded. */
size_t base64_decode_mode(
        const uint8_t *in, size_t len, uint8_t *out, size_t outcap, enum b64_mode mode);
/* base64_decode_mode() in RFC4648 mode (the base64_decode keyword's). */
size_t base64_decode_buf(const uint8_t *in, size_t len, uint8_t *out, size_t outcap);

/* --- keywords --- */

extern const struct keyword kw_content, kw_nocase, kw_depth, kw_offset, kw_distance, kw_within,
        kw_startswith, kw_endswith, kw_fast_pattern, kw_rawbytes;
extern const struct keyword kw_pcre;
extern const struct keyword kw_byte_test, kw_byte_jump, kw_byte_extract, kw_byte_math;
extern const struct keyword kw_isdataat, kw_bsize, kw_dsize;
extern const struct keyword kw_base64_decode, kw_base64_data;
extern const struct keyword kw_to_lowercase, kw_to_uppercase, kw_strip_whitespace,
        kw_compress_whitespace, kw_dotprefix, kw_url_decode, kw_xor, kw_to_md5, kw_to_sha1,
        kw_to_sha256, kw_header_lowercase, kw_strip_pseudo_headers, kw_pcrexform, kw_from_base64;
/* subslice (kw/transforms.c): the window [*start, *end) of a len-byte buffer that ctx
 * selects; false when the window lies out of the buffer without truncate (the transform
 * then gives an empty buffer). */
struct subslice_ctx;
bool subslice_window(const struct subslice_ctx *c, size_t len, size_t *start, size_t *end);
extern const struct keyword kw_subslice;
/* kw/domain-transforms.c */
extern const struct keyword kw_domain, kw_tld;
/* kw/decompress.c */
extern const struct keyword kw_gunzip, kw_zlib_deflate;

#endif
