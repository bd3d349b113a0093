/*
 * conf.c - the configuration tree: nodes, dotted-path lookup, --set overrides and typed
 * readers.
 *
 * The tree is plain linked nodes (first child, next sibling): a Suricata config has a few
 * thousand nodes and is read once at startup, so lookups are linear scans. Paths are split
 * on '.'; a component that is all digits indexes a sequence ("outputs.0.eve-log"). Typed
 * readers report a bad value as "file:line: key: reason" (or "--set key: reason" for a
 * value given on the command line) and return VG_EINVAL; an absent or empty value is
 * "absent" so the caller applies its built-in default. YAML parsing lives in conf-yaml.c.
 */
#include "conf/conf.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/err.h"
#include "util/log.h"

struct conf_node *conf_node_new(enum conf_kind kind, const char *key, int line)
{
    struct conf_node *n = calloc(1, sizeof(*n));

    if (n == NULL)
        return NULL;
    n->kind = kind;
    n->line = line;
    if (key != NULL) {
        n->key = strdup(key);
        if (n->key == NULL) {
            free(n);
            return NULL;
        }
    }
    return n;
}

void conf_node_free(struct conf_node *n)
{
    struct conf_node *ch, *next;

    if (n == NULL)
        return;
    for (ch = n->child; ch != NULL; ch = next) {
        next = ch->next;
        conf_node_free(ch);
    }
    free(n->key);
    free(n->value);
    free(n);
}

size_t conf_node_count(const struct conf_node *n)
{
    const struct conf_node *ch;
    size_t cnt = 0;

    if (n == NULL)
        return 0;
    for (ch = n->child; ch != NULL; ch = ch->next)
        cnt++;
    return cnt;
}

void conf_init_empty(struct conf *c)
{
    c->root = conf_node_new(CONF_MAP, NULL, 0);
    c->path = NULL;
}

void conf_release(struct conf *c)
{
    if (c == NULL)
        return;
    conf_node_free(c->root);
    free(c->path);
    c->root = NULL;
    c->path = NULL;
}

/* True if s[0..len) is a non-empty run of decimal digits; stores its value. */
static bool parse_index(const char *s, size_t len, size_t *out)
{
    size_t i, v = 0;

    if (len == 0 || len > 9)
        return false;
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (size_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* The child of n named by the path component comp[0..len), or NULL. */
static struct conf_node *lookup_child(const struct conf_node *n, const char *comp, size_t len)
{
    struct conf_node *ch;
    size_t idx;

    if (n == NULL)
        return NULL;
    if (n->kind == CONF_MAP) {
        for (ch = n->child; ch != NULL; ch = ch->next) {
            if (ch->key != NULL && strlen(ch->key) == len && memcmp(ch->key, comp, len) == 0)
                return ch;
        }
    } else if (n->kind == CONF_SEQ && parse_index(comp, len, &idx)) {
        for (ch = n->child; ch != NULL && idx > 0; ch = ch->next)
            idx--;
        return ch;
    }
    return NULL;
}

const struct conf_node *conf_get(
        const struct conf *c, const struct conf_node *node, const char *path)
{
    const struct conf_node *n = node != NULL ? node : c->root;
    const char *p = path, *dot;

    if (n == NULL || p == NULL || *p == '\0')
        return n;
    for (;;) {
        dot = strchr(p, '.');
        n = lookup_child(n, p, dot != NULL ? (size_t)(dot - p) : strlen(p));
        if (n == NULL || dot == NULL)
            return n;
        p = dot + 1;
    }
}

const char *conf_get_str(const struct conf *c, const struct conf_node *node, const char *path)
{
    const struct conf_node *n = conf_get(c, node, path);

    if (n == NULL || n->kind != CONF_SCALAR)
        return NULL;
    return n->value;
}

/* Empties n (value and children) and makes it a node of the given kind. */
static void reset_node(struct conf_node *n, enum conf_kind kind)
{
    struct conf_node *ch, *next;

    for (ch = n->child; ch != NULL; ch = next) {
        next = ch->next;
        conf_node_free(ch);
    }
    n->child = NULL;
    free(n->value);
    n->value = NULL;
    n->kind = kind;
}

/* Appends a new child of parent for path component comp[0..len): a map entry, or a new
 * last item when parent is a sequence and comp is its length. */
static struct conf_node *add_child(
        struct conf_node *parent, const char *comp, size_t len, enum conf_kind kind)
{
    struct conf_node *n, **tail;
    char key[256];
    size_t idx;

    if (parent->kind == CONF_SEQ) {
        if (!parse_index(comp, len, &idx) || idx != conf_node_count(parent))
            return NULL;
        n = conf_node_new(kind, NULL, 0);
    } else {
        if (len >= sizeof(key))
            return NULL;
        memcpy(key, comp, len);
        key[len] = '\0';
        n = conf_node_new(kind, key, 0);
    }
    if (n == NULL)
        return NULL;
    for (tail = &parent->child; *tail != NULL; tail = &(*tail)->next)
        ;
    *tail = n;
    return n;
}

int conf_set(struct conf *c, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    const char *p = assignment, *end, *dot;
    struct conf_node *n, *ch;
    unsigned depth = 0;
    char *value;
    size_t len;

    if (eq == NULL || eq == assignment) {
        log_error(LOG_CONF, "--set %s: expected key=value", assignment);
        return VG_EINVAL;
    }
    if (c->root == NULL && (c->root = conf_node_new(CONF_MAP, NULL, 0)) == NULL)
        return VG_ENOMEM;
    n = c->root;
    for (;;) {
        dot = memchr(p, '.', (size_t)(eq - p));
        end = dot != NULL ? dot : eq;
        len = (size_t)(end - p);
        if (len == 0 || ++depth > CONF_MAX_DEPTH) {
            log_error(LOG_CONF, "--set %s: invalid key", assignment);
            return VG_EINVAL;
        }
        if (n->kind == CONF_SCALAR)
            reset_node(n, CONF_MAP);
        ch = lookup_child(n, p, len);
        if (ch == NULL)
            ch = add_child(n, p, len, dot != NULL ? CONF_MAP : CONF_SCALAR);
        if (ch == NULL) {
            log_error(LOG_CONF, "--set %s: cannot create '%.*s' here", assignment, (int)len, p);
            return VG_EINVAL;
        }
        n = ch;
        if (dot == NULL)
            break;
        p = dot + 1;
    }
    value = strdup(eq + 1);
    if (value == NULL)
        return VG_ENOMEM;
    reset_node(n, CONF_SCALAR);
    n->value = value;
    n->line = 0;
    return VG_OK;
}

/* Logs a bad value as "file:line: path: what, got 'value'". */
static void report_bad(
        const struct conf *c, const struct conf_node *n, const char *path, const char *what)
{
    const char *key = path != NULL && *path != '\0' ? path : (n->key != NULL ? n->key : "?");

    if (n->line == 0) {
        log_error(LOG_CONF, "--set %s: %s, got '%s'", key, what, n->value ? n->value : "");
    } else {
        log_error(LOG_CONF, "%s:%d: %s: %s, got '%s'", c->path ? c->path : "config", n->line, key,
                what, n->value ? n->value : "");
    }
}

/* The scalar at path: returns 1 with *out set, 0 if absent or empty, VG_EINVAL (logged) if
 * the node is a map or a sequence. */
static int get_scalar(const struct conf *c, const struct conf_node *node, const char *path,
        const struct conf_node **out)
{
    const struct conf_node *n = conf_get(c, node, path);
    const char *key;

    if (n == NULL)
        return 0;
    if (n->kind != CONF_SCALAR) {
        key = path != NULL && *path != '\0' ? path : (n->key != NULL ? n->key : "?");
        log_error(LOG_CONF, "%s:%d: %s: expected a single value, got a %s",
                c->path ? c->path : "config", n->line, key,
                n->kind == CONF_MAP ? "map" : "sequence");
        return VG_EINVAL;
    }
    if (n->value == NULL || n->value[0] == '\0' || strcmp(n->value, "~") == 0 ||
            strcmp(n->value, "null") == 0)
        return 0;
    *out = n;
    return 1;
}

bool conf_parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "yes", "true", "on", "1", "enable", "enabled" };
    static const char *const no[] = { "no", "false", "off", "0", "disable", "disabled" };
    size_t i;

    if (s == NULL)
        return false;
    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

int conf_get_bool(const struct conf *c, const struct conf_node *node, const char *path, bool *out)
{
    const struct conf_node *n = NULL;
    int rc = get_scalar(c, node, path, &n);

    if (rc <= 0)
        return rc;
    if (!conf_parse_bool(n->value, out)) {
        report_bad(c, n, path, "expected a boolean (yes/no)");
        return VG_EINVAL;
    }
    return 1;
}

int conf_get_int(const struct conf *c, const struct conf_node *node, const char *path, int64_t *out)
{
    const struct conf_node *n = NULL;
    int rc = get_scalar(c, node, path, &n);
    const char *s;
    char *end;
    long long v;
    int base = 10;

    if (rc <= 0)
        return rc;
    s = n->value;
    if ((s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
        base = 16;
    if (isspace((unsigned char)s[0]))
        goto out_bad;
    errno = 0;
    v = strtoll(s, &end, base);
    if (errno != 0 || end == s || *end != '\0')
        goto out_bad;
    *out = v;
    return 1;
out_bad:
    report_bad(c, n, path, "expected an integer");
    return VG_EINVAL;
}

/* Multiplier for a size unit (case-insensitive), or 0 if unknown. */
static uint64_t size_unit(const char *u)
{
    static const struct {
        const char *name;
        uint64_t mult;
    } units[] = {
        { "", 1 },
        { "b", 1 },
        { "kb", 1ull << 10 },
        { "kib", 1ull << 10 },
        { "mb", 1ull << 20 },
        { "mib", 1ull << 20 },
        { "gb", 1ull << 30 },
        { "gib", 1ull << 30 },
        { "tb", 1ull << 40 },
        { "tib", 1ull << 40 },
    };
    size_t i;

    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcasecmp(u, units[i].name) == 0)
            return units[i].mult;
    }
    return 0;
}

/* Parses "<digits>[.<digits>] [unit]" into bytes. Returns false on syntax or overflow. */
static bool parse_size(const char *s, uint64_t *out)
{
    uint64_t whole = 0, mult, frac_num = 0, frac_den = 1, v;
    char unit[8];
    size_t ulen = 0;

    if (!isdigit((unsigned char)*s))
        return false;
    for (; isdigit((unsigned char)*s); s++) {
        if (whole > (UINT64_MAX - 9) / 10)
            return false;
        whole = whole * 10 + (uint64_t)(*s - '0');
    }
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s))
            return false;
        for (; isdigit((unsigned char)*s); s++) {
            if (frac_den < 1000000000ull) {
                frac_num = frac_num * 10 + (uint64_t)(*s - '0');
                frac_den *= 10;
            }
        }
    }
    while (*s == ' ')
        s++;
    while (isalpha((unsigned char)*s) && ulen < sizeof(unit) - 1)
        unit[ulen++] = *s++;
    unit[ulen] = '\0';
    while (*s == ' ')
        s++;
    if (*s != '\0' || (mult = size_unit(unit)) == 0)
        return false;
    if (whole > UINT64_MAX / mult)
        return false;
    v = whole * mult;
    /* frac_num < frac_den <= 1e9 and mult <= 2^40: the product fits in 64 bits only for
     * small multipliers, so scale the unit down first. */
    if (frac_num != 0) {
        uint64_t add = (mult / frac_den) * frac_num + ((mult % frac_den) * frac_num) / frac_den;
        if (v > UINT64_MAX - add)
            return false;
        v += add;
    }
    *out = v;
    return true;
}

int conf_get_size(
        const struct conf *c, const struct conf_node *node, const char *path, uint64_t *out)
{
    const struct conf_node *n = NULL;
    int rc = get_scalar(c, node, path, &n);

    if (rc <= 0)
        return rc;
    if (!parse_size(n->value, out)) {
        report_bad(c, n, path, "expected a size (e.g. 64mb)");
        return VG_EINVAL;
    }
    return 1;
}
