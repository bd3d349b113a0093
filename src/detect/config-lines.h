/*
 * config-lines.h - reading line-oriented detect config files (classification.config,
 * reference.config): one entry per line, a bad line is reported as "file:line: reason"
 * and skipped, as Suricata does, and the rest still load.
 */
#ifndef VG_DETECT_CONFIG_LINES_H
#define VG_DETECT_CONFIG_LINES_H

#include <stddef.h>

/* Parses one line (no line terminator). Returns >= 0 when the line was used or skipped
 * (comment, blank), VG_EINVAL with a reason in err for a bad line, another negative VG_E*
 * to stop reading. */
typedef int (*config_line_fn)(void *ctx, const char *line, char *err, size_t errlen);

/* Calls fn for every line of the file at path. Returns VG_OK, VG_ENOENT/VG_EIO (after
 * logging "path: reason") when the file cannot be read, or fn's fatal error. */
int config_lines_file(const char *path, config_line_fn fn, void *ctx);
/* Same over text in memory; name labels messages. */
int config_lines_string(const char *text, const char *name, config_line_fn fn, void *ctx);

#endif
