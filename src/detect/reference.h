/*
 * reference.h - reference.config: the reference systems rules may cite.
 *
 * Each line "config reference: SYSTEM URL-PREFIX" maps a system name ("cve", "url", ...)
 * to the URL prefix alert outputs put before a reference's value. Comments and blank lines
 * are skipped; a malformed line is reported as "file:line: reason" (warning) and skipped.
 * System names are compared case-insensitively; the first definition wins.
 */
#ifndef VG_DETECT_REFERENCE_H
#define VG_DETECT_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

struct reference_system {
    char *name; /* owned */
    char *url;  /* owned */
};

struct reference_table {
    struct reference_system *v; /* owned */
    size_t n, cap;
    bool loaded;
};

void reference_table_init(struct reference_table *t);
void reference_table_release(struct reference_table *t);
/* Loads a reference.config file. Returns VG_OK, VG_ENOENT/VG_EIO (after logging "file:
 * reason") or VG_ENOMEM. */
int reference_load_file(struct reference_table *t, const char *path);
/* Same for text in memory; name labels messages. */
int reference_load_string(struct reference_table *t, const char *text, const char *name);
/* Parses one line: 1 if it defined a system, 0 blank/comment, VG_EINVAL (reason in err),
 * VG_ENOMEM. */
int reference_parse_line(struct reference_table *t, const char *line, char *err, size_t errlen);
/* The system called name, or NULL. Owned by t. */
const struct reference_system *reference_find(const struct reference_table *t, const char *name);

#endif
