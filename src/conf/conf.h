/*
 * conf.h - the configuration tree: Suricata-style YAML plus --set overrides.
 *
 * Loaded once at startup (from -c FILE, or the default vigie.yaml shipped in etc/) into an
 * immutable tree of nodes. Each stage reads the tree once into its own typed, validated
 * config struct (decode_config, flow_config, eve_config, ...); nothing reads the tree on the
 * fast path. Keys are dotted paths ("flow.memcap", "outputs"); a sequence's items are
 * addressed by index ("outputs.0.eve-log.types"). A value that the file does not set is
 * absent: callers apply Suricata's built-in default.
 */
#ifndef VG_CONF_CONF_H
#define VG_CONF_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum conf_kind {
    CONF_SCALAR,
    CONF_MAP,
    CONF_SEQ,
};

struct conf_node {
    enum conf_kind kind;
    char *key;               /* name inside the parent map; NULL for sequence items */
    char *value;             /* scalars only */
    struct conf_node *child; /* first child (maps and sequences) */
    struct conf_node *next;  /* next sibling */
    int line;                /* 1-based line in the file, 0 for --set values */
};

struct conf {
    struct conf_node *root; /* a map */
    char *path;             /* file it came from, for messages */
};

/* Loads a YAML file. On error logs "file:line: reason" and returns a negative VG_E*. */
int conf_load_file(struct conf *c, const char *path);
/* Loads YAML text (tests, fuzzers). name is used in messages. */
int conf_load_string(struct conf *c, const char *text, size_t len, const char *name);
/* An empty configuration (every value at its built-in default). */
void conf_init_empty(struct conf *c);
/* Applies "dotted.key=value" (--set), creating maps as needed. */
int conf_set(struct conf *c, const char *assignment);
void conf_release(struct conf *c);

/* Node at a dotted path below node (NULL: from the root), or NULL. */
const struct conf_node *conf_get(
        const struct conf *c, const struct conf_node *node, const char *path);
/* Scalar value at path, or NULL. */
const char *conf_get_str(const struct conf *c, const struct conf_node *node, const char *path);
/* Typed readers: return 1 and set *out if present and valid, 0 if absent, a negative VG_E*
 * (after logging file:line: reason) if present but invalid. */
int conf_get_bool(const struct conf *c, const struct conf_node *node, const char *path, bool *out);
int conf_get_int(
        const struct conf *c, const struct conf_node *node, const char *path, int64_t *out);
/* Sizes accept Suricata's suffixes: kb, mb, gb (and kib, mib, gib; also b, tb, tib), all
 * powers of 1024, case-insensitive, with an optional space and fraction ("1.5 MiB"). */
int conf_get_size(
        const struct conf *c, const struct conf_node *node, const char *path, uint64_t *out);

/* Limits against hostile input (files and --set). */
#define CONF_MAX_FILE_SIZE (16u << 20) /* bytes of YAML */
#define CONF_MAX_DEPTH     64          /* nesting of maps and sequences */
#define CONF_MAX_NODES     200000      /* nodes in one tree */
#define CONF_MAX_CHILDREN  10000       /* keys in one map, items in one sequence */

/* A new node with a copy of key (may be NULL); value and children empty. Owned by the
 * caller (conf_node_free()); NULL on allocation failure. */
struct conf_node *conf_node_new(enum conf_kind kind, const char *key, int line);
/* Frees a node, its value and its children (not its siblings). NULL is a no-op. */
void conf_node_free(struct conf_node *n);
/* Number of children of a map or sequence (0 for scalars and NULL). */
size_t conf_node_count(const struct conf_node *n);

/* Parses Suricata booleans: yes/no, true/false, on/off, 1/0, enable/disable. */
bool conf_parse_bool(const char *s, bool *out);

#endif
