/*
 * conf-yaml.c - loads Suricata-style YAML into the configuration tree, with libyaml's
 * event parser.
 *
 * Follows what Suricata's loader accepts: an optional "%YAML 1.1" header and "---", keys
 * with dashes, sequences of maps (outputs: - eve-log: {...}), and underscores in keys read
 * as dashes (with a notice) except under vars.address-groups/port-groups, whose names are
 * variables. A key given twice merges: maps merge key by key, anything else is replaced by
 * the later value. Only the first document of a stream is read.
 *
 * Deliberately not supported, each rejected with "file:line: reason": anchors and aliases
 * (rare in Suricata configs, and a billion-laughs vector), "!include" tags, non-scalar map
 * keys. Limits against hostile input: file size, nesting depth, total nodes and children
 * per node (conf.h), so a config can neither exhaust memory nor make merging quadratic.
 */
#include "conf/conf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "util/err.h"
#include "util/log.h"

/* Deprecated-key notices printed per load, as the key may repeat in a large file. */
#define MANGLE_NOTICES_MAX 10

struct loader {
    yaml_parser_t parser;
    const char *name;
    size_t nodes;
    unsigned mangle_notices;
};

/* Logs "name:line: reason" for the event's position. */
static void report(const struct loader *ld, const yaml_mark_t *mark, const char *reason)
{
    log_error(LOG_CONF, "%s:%zu: %s", ld->name, mark->line + 1, reason);
}

/* Next event, checked for parse errors and the features we reject. */
static int next_event(struct loader *ld, yaml_event_t *ev)
{
    const yaml_char_t *anchor = NULL, *tag = NULL;

    if (!yaml_parser_parse(&ld->parser, ev)) {
        const yaml_parser_t *p = &ld->parser;
        log_error(LOG_CONF, "%s:%zu:%zu: %s%s%s", ld->name, p->problem_mark.line + 1,
                p->problem_mark.column + 1, p->problem ? p->problem : "invalid YAML",
                p->context ? " " : "", p->context ? p->context : "");
        return VG_EINVAL;
    }
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        report(ld, &ev->start_mark, "YAML aliases (*name) are not supported");
        goto out_delete;
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        break;
    default:
        break;
    }
    if (anchor != NULL) {
        report(ld, &ev->start_mark, "YAML anchors (&name) are not supported");
        goto out_delete;
    }
    if (tag != NULL && strcmp((const char *)tag, "!include") == 0) {
        report(ld, &ev->start_mark, "!include is not supported");
        goto out_delete;
    }
    return VG_OK;
out_delete:
    yaml_event_delete(ev);
    return VG_EINVAL;
}

/* Suricata reads "_" in keys as "-", except for variable names. */
static void mangle_key(struct loader *ld, const struct conf_node *parent, char *key, int line)
{
    char *u;

    if (strchr(key, '_') == NULL)
        return;
    if (parent->key != NULL &&
            (strcmp(parent->key, "address-groups") == 0 || strcmp(parent->key, "port-groups") == 0))
        return;
    if (ld->mangle_notices++ < MANGLE_NOTICES_MAX)
        log_notice(LOG_CONF, "%s:%d: '%s' is deprecated, read as dashes", ld->name, line, key);
    for (u = key; *u != '\0'; u++) {
        if (*u == '_')
            *u = '-';
    }
}

static int parse_node(struct loader *ld, yaml_event_t *ev, struct conf_node *n, int depth);

/* Moves the contents of src into dst (replacing dst's), then frees the src shell. */
static void replace_contents(struct conf_node *dst, struct conf_node *src)
{
    struct conf_node *old_child = dst->child;
    char *old_value = dst->value;

    dst->kind = src->kind;
    dst->value = src->value;
    dst->child = src->child;
    dst->line = src->line;
    src->value = old_value;
    src->child = old_child;
    conf_node_free(src);
}

/* Adds n to map, merging with an existing entry of the same key. Takes ownership of n. */
static int map_insert(struct loader *ld, struct conf_node *map, struct conf_node *n)
{
    struct conf_node **tail = &map->child, *ch, *next;
    size_t count = 0;
    int rc;

    for (; *tail != NULL; tail = &(*tail)->next, count++) {
        if (strcmp((*tail)->key, n->key) != 0)
            continue;
        if ((*tail)->kind != CONF_MAP || n->kind != CONF_MAP) {
            replace_contents(*tail, n);
            return VG_OK;
        }
        for (ch = n->child, n->child = NULL; ch != NULL; ch = next) {
            next = ch->next;
            ch->next = NULL;
            if ((rc = map_insert(ld, *tail, ch)) < 0) {
                for (ch = next; ch != NULL; ch = next) {
                    next = ch->next;
                    conf_node_free(ch);
                }
                conf_node_free(n);
                return rc;
            }
        }
        conf_node_free(n);
        return VG_OK;
    }
    if (count >= CONF_MAX_CHILDREN) {
        log_error(LOG_CONF, "%s:%d: more than %u keys in one map", ld->name, n->line,
                CONF_MAX_CHILDREN);
        conf_node_free(n);
        return VG_EINVAL;
    }
    *tail = n;
    return VG_OK;
}

/* A new node for the value starting with ev (consumed), counted against the limits. */
static int parse_child(
        struct loader *ld, yaml_event_t *ev, const char *key, int depth, struct conf_node **out)
{
    struct conf_node *n;
    int rc;

    if (++ld->nodes > CONF_MAX_NODES) {
        log_error(LOG_CONF, "%s:%zu: more than %u nodes", ld->name, ev->start_mark.line + 1,
                CONF_MAX_NODES);
        yaml_event_delete(ev);
        return VG_EINVAL;
    }
    n = conf_node_new(CONF_SCALAR, key, (int)ev->start_mark.line + 1);
    if (n == NULL) {
        yaml_event_delete(ev);
        return VG_ENOMEM;
    }
    rc = parse_node(ld, ev, n, depth);
    if (rc < 0) {
        conf_node_free(n);
        return rc;
    }
    *out = n;
    return VG_OK;
}

static int parse_seq(struct loader *ld, struct conf_node *seq, int depth)
{
    struct conf_node **tail = &seq->child, *n;
    size_t count = 0;
    yaml_event_t ev;
    int rc;

    for (;;) {
        if ((rc = next_event(ld, &ev)) < 0)
            return rc;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return VG_OK;
        }
        if (++count > CONF_MAX_CHILDREN) {
            report(ld, &ev.start_mark, "too many items in one sequence");
            yaml_event_delete(&ev);
            return VG_EINVAL;
        }
        if ((rc = parse_child(ld, &ev, NULL, depth + 1, &n)) < 0)
            return rc;
        *tail = n;
        tail = &n->next;
    }
}

static int parse_map(struct loader *ld, struct conf_node *map, int depth)
{
    struct conf_node *n;
    yaml_event_t ev;
    char *key;
    int rc, line;

    for (;;) {
        if ((rc = next_event(ld, &ev)) < 0)
            return rc;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return VG_OK;
        }
        if (ev.type != YAML_SCALAR_EVENT) {
            report(ld, &ev.start_mark, "a map key must be a plain value");
            yaml_event_delete(&ev);
            return VG_EINVAL;
        }
        line = (int)ev.start_mark.line + 1;
        key = strdup((const char *)ev.data.scalar.value);
        yaml_event_delete(&ev);
        if (key == NULL)
            return VG_ENOMEM;
        mangle_key(ld, map, key, line);
        rc = next_event(ld, &ev);
        if (rc == VG_OK)
            rc = parse_child(ld, &ev, key, depth + 1, &n);
        free(key);
        if (rc < 0)
            return rc;
        n->line = line;
        if ((rc = map_insert(ld, map, n)) < 0)
            return rc;
    }
}

/* Fills n from the value that starts with ev (consumed). */
static int parse_node(struct loader *ld, yaml_event_t *ev, struct conf_node *n, int depth)
{
    yaml_event_type_t type = ev->type;

    if (depth > CONF_MAX_DEPTH) {
        report(ld, &ev->start_mark, "nesting too deep");
        yaml_event_delete(ev);
        return VG_EINVAL;
    }
    switch (type) {
    case YAML_SCALAR_EVENT:
        n->kind = CONF_SCALAR;
        n->value = strdup((const char *)ev->data.scalar.value);
        yaml_event_delete(ev);
        return n->value != NULL ? VG_OK : VG_ENOMEM;
    case YAML_SEQUENCE_START_EVENT:
        yaml_event_delete(ev);
        n->kind = CONF_SEQ;
        return parse_seq(ld, n, depth);
    case YAML_MAPPING_START_EVENT:
        yaml_event_delete(ev);
        n->kind = CONF_MAP;
        return parse_map(ld, n, depth);
    default:
        report(ld, &ev->start_mark, "unexpected YAML event");
        yaml_event_delete(ev);
        return VG_EINVAL;
    }
}

/* Reads the stream's first document into root (an empty map). */
static int parse_document(struct loader *ld, struct conf_node *root)
{
    yaml_event_t ev;
    int rc;

    if ((rc = next_event(ld, &ev)) < 0)
        return rc;
    yaml_event_delete(&ev); /* stream start */
    if ((rc = next_event(ld, &ev)) < 0)
        return rc;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev); /* no document at all: an empty config */
        return VG_OK;
    }
    yaml_event_delete(&ev); /* document start */
    if ((rc = next_event(ld, &ev)) < 0)
        return rc;
    if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length == 0) {
        yaml_event_delete(&ev); /* "---" and nothing else */
    } else if (ev.type == YAML_MAPPING_START_EVENT) {
        yaml_event_delete(&ev);
        if ((rc = parse_map(ld, root, 1)) < 0)
            return rc;
    } else {
        report(ld, &ev.start_mark, "the top level must be a map of keys");
        yaml_event_delete(&ev);
        return VG_EINVAL;
    }
    if ((rc = next_event(ld, &ev)) < 0)
        return rc;
    yaml_event_delete(&ev); /* document end */
    return VG_OK;
}

int conf_load_string(struct conf *c, const char *text, size_t len, const char *name)
{
    struct loader ld = { .name = name != NULL ? name : "config" };
    struct conf_node *root;
    int rc;

    c->root = NULL;
    c->path = NULL;
    if (len > CONF_MAX_FILE_SIZE) {
        log_error(LOG_CONF, "%s: larger than %u bytes", ld.name, CONF_MAX_FILE_SIZE);
        return VG_EINVAL;
    }
    root = conf_node_new(CONF_MAP, NULL, 0);
    if (root == NULL)
        return VG_ENOMEM;
    if (!yaml_parser_initialize(&ld.parser)) {
        conf_node_free(root);
        return VG_ENOMEM;
    }
    yaml_parser_set_input_string(&ld.parser, (const unsigned char *)text, len);
    rc = parse_document(&ld, root);
    yaml_parser_delete(&ld.parser);
    if (rc < 0) {
        conf_node_free(root);
        return rc;
    }
    c->path = strdup(ld.name);
    if (c->path == NULL) {
        conf_node_free(root);
        return VG_ENOMEM;
    }
    c->root = root;
    return VG_OK;
}

int conf_load_file(struct conf *c, const char *path)
{
    struct stat st;
    char *text;
    size_t got;
    FILE *f;
    int rc;

    c->root = NULL;
    c->path = NULL;
    f = fopen(path, "rb");
    if (f == NULL) {
        log_error(LOG_CONF, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? VG_ENOENT : VG_EIO;
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        log_error(LOG_CONF, "%s: not a regular file", path);
        fclose(f);
        return VG_EIO;
    }
    if ((uint64_t)st.st_size > CONF_MAX_FILE_SIZE) {
        log_error(LOG_CONF, "%s: larger than %u bytes", path, CONF_MAX_FILE_SIZE);
        fclose(f);
        return VG_EINVAL;
    }
    text = malloc((size_t)st.st_size + 1);
    if (text == NULL) {
        fclose(f);
        return VG_ENOMEM;
    }
    got = fread(text, 1, (size_t)st.st_size, f);
    if (ferror(f)) {
        log_error(LOG_CONF, "%s: read error", path);
        free(text);
        fclose(f);
        return VG_EIO;
    }
    fclose(f);
    text[got] = '\0';
    rc = conf_load_string(c, text, got, path);
    free(text);
    return rc;
}
