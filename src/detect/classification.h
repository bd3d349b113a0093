/*
 * classification.h - classification.config: the classtypes rules may name.
 *
 * Each line "config classification: shortname,Short Description,priority" defines one
 * classtype; a rule's classtype gives its alert.category (the description) and its default
 * priority. Comments (#) and blank lines are skipped; a malformed line is reported as
 * "file:line: reason" (warning) and skipped, as Suricata does. The first definition of a
 * name wins. Names are compared case-insensitively.
 */
#ifndef VG_DETECT_CLASSIFICATION_H
#define VG_DETECT_CLASSIFICATION_H

#include <stdbool.h>
#include <stddef.h>

struct classification {
    char *name; /* owned */
    char *desc; /* owned */
    int priority;
};

struct classification_table {
    struct classification *v; /* owned */
    size_t n, cap;
    bool loaded; /* a file (or text) was loaded: unknown classtypes are errors */
};

void classification_table_init(struct classification_table *t);
void classification_table_release(struct classification_table *t);
/* Loads a classification.config file into t. Returns VG_OK, VG_ENOENT/VG_EIO (after logging
 * "file: reason") or VG_ENOMEM. Bad lines are skipped with a warning. */
int classification_load_file(struct classification_table *t, const char *path);
/* Same for text in memory; name labels messages. */
int classification_load_string(struct classification_table *t, const char *text, const char *name);
/* Parses one line; returns 1 if it defined a classtype, 0 if blank/comment, VG_EINVAL if
 * malformed (reason in err), VG_ENOMEM. */
int classification_parse_line(
        struct classification_table *t, const char *line, char *err, size_t errlen);
/* The classtype called name (case-insensitive), or NULL. Owned by t. */
const struct classification *classification_find(
        const struct classification_table *t, const char *name);

#endif
