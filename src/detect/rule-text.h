/*
 * rule-text.h - a rule line split into its header fields and options, before meaning.
 *
 * "alert tcp $HOME_NET any -> $EXTERNAL_NET 80 (msg:"x"; content:"a\;b"; sid:1;)" becomes
 * action/proto/src/sp/dir/dst/dp and a list of (keyword, value) options. Options split at
 * every ';' not preceded by a backslash, as Suricata does (quotes are not tracked); the
 * keyword is the text before the first ':'. Values are trimmed but otherwise raw: each
 * keyword parses its own value. Header fields may hold bracketed lists with spaces.
 */
#ifndef VG_DETECT_RULE_TEXT_H
#define VG_DETECT_RULE_TEXT_H

#include <stddef.h>

struct rule_opt {
    const char *name;  /* points into rule_text.buf */
    const char *value; /* NULL for options without a value ("nocase;") */
};

/* Most rules fit the inline storage, so parsing one allocates nothing; an instance must
 * not be copied (buf and opts may point into it). */
#define RULE_TEXT_INLINE_LEN  2048
#define RULE_TEXT_INLINE_OPTS 48

struct rule_text {
    char *buf; /* copy of the line, cut in place: inline_buf or owned */
    const char *action, *proto, *src, *sp, *dir, *dst, *dp;
    struct rule_opt *opts; /* inline_opts or owned */
    size_t n_opts, cap_opts;
    char inline_buf[RULE_TEXT_INLINE_LEN];
    struct rule_opt inline_opts[RULE_TEXT_INLINE_OPTS];
};

/* Splits line. On error returns VG_EINVAL with a reason in err; rt is then released. */
int rule_text_parse(struct rule_text *rt, const char *line, char *err, size_t errlen);
void rule_text_release(struct rule_text *rt);

/* Removes one pair of surrounding double quotes and the backslash of escaped '"', ';', '\\'
 * and ':' in place; returns s. For values such as msg and reference. */
char *rule_unquote(char *s);

/* Calls fn for each rule of a rules file: comments and blank lines skipped, lines ending in
 * a backslash joined to the next. line is the first line of the rule. Returns VG_OK, or
 * VG_ENOENT/VG_EIO (after logging "file: reason") when the file cannot be read; stops early
 * with fn's return value if it is negative. */
typedef int (*rule_line_fn)(void *ctx, const char *text, const char *file, int line);
int rule_file_each(const char *path, rule_line_fn fn, void *ctx);

#endif
