/*
 * rule-text.c - splitting rule lines and reading rules files (see rule-text.h).
 */
#include "detect/rule-text.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/log.h"

/* A rule longer than this is refused: ET Open's longest is about 8 KiB. */
#define RULE_MAX_LEN  (256 * 1024)
#define RULE_MAX_OPTS 512

static int fail(char *err, size_t errlen, const char *msg)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s", msg);
    return VG_EINVAL;
}

static char *skip_ws(char *p)
{
    while (*p != '\0' && isspace((unsigned char)*p))
        p++;
    return p;
}

static void rtrim(char *start, char *end)
{
    while (end > start && isspace((unsigned char)end[-1]))
        end--;
    *end = '\0';
}

/* Cuts the next header token at *pp (brackets may hold spaces); NULL if none. */
static const char *next_token(char **pp)
{
    char *p = skip_ws(*pp), *start = p;
    int depth = 0;

    if (*p == '\0')
        return NULL;
    while (*p != '\0') {
        if (*p == '[')
            depth++;
        else if (*p == ']')
            depth--;
        else if (depth <= 0 && isspace((unsigned char)*p))
            break;
        p++;
    }
    if (*p != '\0')
        *p++ = '\0';
    *pp = p;
    return start;
}

static int add_opt(struct rule_text *rt, char *text)
{
    struct rule_opt *n;
    char *colon, *name, *value = NULL;

    text = skip_ws(text);
    if (*text == '\0')
        return VG_OK;
    colon = strchr(text, ':');
    name = text;
    if (colon != NULL) {
        *colon = '\0';
        value = skip_ws(colon + 1);
        rtrim(value, value + strlen(value));
    }
    rtrim(name, name + strlen(name));
    if (rt->n_opts >= RULE_MAX_OPTS)
        return VG_EINVAL;
    if (rt->n_opts == rt->cap_opts) {
        size_t cap = rt->cap_opts * 2;

        n = malloc(cap * sizeof(*n));
        if (n == NULL)
            return VG_ENOMEM;
        memcpy(n, rt->opts, rt->n_opts * sizeof(*n));
        if (rt->opts != rt->inline_opts)
            free(rt->opts);
        rt->opts = n;
        rt->cap_opts = cap;
    }
    n = rt->opts;
    n[rt->n_opts].name = name;
    n[rt->n_opts].value = value;
    rt->n_opts++;
    return VG_OK;
}

static int parse_options(struct rule_text *rt, char *p, char *err, size_t errlen)
{
    char *end, *start;

    p = skip_ws(p);
    if (*p != '(')
        return fail(err, errlen, "no option list: expected '(' after the header");
    p++;
    end = p + strlen(p);
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    if (end == p || end[-1] != ')')
        return fail(err, errlen, "option list not closed with ')'");
    *--end = '\0';
    start = p;
    while (*p != '\0') {
        if (*p == '\\' && p[1] != '\0') {
            p += 2;
            continue;
        }
        if (*p == ';') {
            int rc;
            *p = '\0';
            rc = add_opt(rt, start);
            if (rc == VG_EINVAL)
                return fail(err, errlen, "too many options");
            if (rc != VG_OK)
                return fail(err, errlen, "out of memory");
            start = p + 1;
        }
        p++;
    }
    if (*skip_ws(start) != '\0')
        return fail(err, errlen, "last option not terminated with ';'");
    if (rt->n_opts == 0)
        return fail(err, errlen, "empty option list");
    return VG_OK;
}

int rule_text_parse(struct rule_text *rt, const char *line, char *err, size_t errlen)
{
    size_t len = strlen(line);
    char *p, *opts;
    const char **fields[7];
    int i, rc;

    rt->buf = rt->inline_buf;
    rt->action = rt->proto = rt->src = rt->sp = rt->dir = rt->dst = rt->dp = NULL;
    rt->opts = rt->inline_opts;
    rt->n_opts = 0;
    rt->cap_opts = RULE_TEXT_INLINE_OPTS;
    if (len > RULE_MAX_LEN)
        return fail(err, errlen, "rule too long");
    /* The header never holds '(', so the first one opens the options: cut there. The
     * options keep their '(' one byte further on, hence the extra byte. */
    if (len + 2 > sizeof(rt->inline_buf)) {
        rt->buf = malloc(len + 2);
        if (rt->buf == NULL) {
            rt->buf = rt->inline_buf;
            return fail(err, errlen, "out of memory");
        }
    }
    memcpy(rt->buf, line, len + 1);
    opts = strchr(rt->buf, '(');
    if (opts == NULL) {
        rc = fail(err, errlen, "no option list: expected '(' after the header");
        goto out_release;
    }
    memmove(opts + 1, opts, strlen(opts) + 1);
    *opts++ = '\0';
    p = rt->buf;
    fields[0] = &rt->action;
    fields[1] = &rt->proto;
    fields[2] = &rt->src;
    fields[3] = &rt->sp;
    fields[4] = &rt->dir;
    fields[5] = &rt->dst;
    fields[6] = &rt->dp;
    for (i = 0; i < 7; i++) {
        *fields[i] = next_token(&p);
        if (*fields[i] == NULL) {
            rc = fail(
                    err, errlen, "incomplete header: expected action proto src sport -> dst dport");
            goto out_release;
        }
    }
    if (*skip_ws(p) != '\0') {
        rc = fail(err, errlen, "unexpected text between the header and the options");
        goto out_release;
    }
    if (strcmp(rt->dir, "->") != 0 && strcmp(rt->dir, "<>") != 0 && strcmp(rt->dir, "=>") != 0) {
        rc = fail(err, errlen, "invalid direction: expected '->' or '<>'");
        goto out_release;
    }
    rc = parse_options(rt, opts, err, errlen);
    if (rc != VG_OK)
        goto out_release;
    return VG_OK;
out_release:
    rule_text_release(rt);
    return rc;
}

void rule_text_release(struct rule_text *rt)
{
    if (rt->buf != rt->inline_buf)
        free(rt->buf);
    if (rt->opts != rt->inline_opts)
        free(rt->opts);
    rt->buf = rt->inline_buf;
    rt->opts = rt->inline_opts;
    rt->n_opts = 0;
    rt->cap_opts = RULE_TEXT_INLINE_OPTS;
    rt->action = rt->proto = rt->src = rt->sp = rt->dir = rt->dst = rt->dp = NULL;
}

char *rule_unquote(char *s)
{
    size_t len = strlen(s), i, o = 0;

    if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
        memmove(s, s + 1, len - 2);
        s[len - 2] = '\0';
        len -= 2;
    }
    for (i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len &&
                (s[i + 1] == '"' || s[i + 1] == ';' || s[i + 1] == '\\' || s[i + 1] == ':'))
            i++;
        s[o++] = s[i];
    }
    s[o] = '\0';
    return s;
}

/* Appends src to the growing rule text. */
static int append(char **buf, size_t *len, size_t *cap, const char *src, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t ncap = *cap ? *cap * 2 : 1024;
        char *nb;
        while (ncap < *len + n + 1)
            ncap *= 2;
        if (ncap > RULE_MAX_LEN + 1)
            return VG_EINVAL;
        nb = realloc(*buf, ncap);
        if (nb == NULL)
            return VG_ENOMEM;
        *buf = nb;
        *cap = ncap;
    }
    memcpy(*buf + *len, src, n);
    *len += n;
    (*buf)[*len] = '\0';
    return VG_OK;
}

int rule_file_each(const char *path, rule_line_fn fn, void *ctx)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, *rule = NULL;
    size_t line_cap = 0, rule_len = 0, rule_cap = 0;
    ssize_t n;
    int lineno = 0, first = 0, rc = VG_OK;

    if (f == NULL) {
        log_error(LOG_DETECT, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? VG_ENOENT : VG_EIO;
    }
    while ((n = getline(&line, &line_cap, f)) >= 0) {
        char *p;
        bool cont;

        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        p = line;
        if (rule_len == 0) {
            p = skip_ws(line);
            if (*p == '\0' || *p == '#')
                continue;
            first = lineno;
        }
        n = (ssize_t)strlen(p);
        cont = n > 0 && p[n - 1] == '\\';
        if (cont)
            n--;
        if (append(&rule, &rule_len, &rule_cap, p, (size_t)n) != VG_OK) {
            log_error(LOG_DETECT, "%s:%d: rule too long", path, first);
            rule_len = 0;
            continue;
        }
        if (cont)
            continue;
        rc = fn(ctx, rule, path, first);
        rule_len = 0;
        if (rc < 0)
            break;
        rc = VG_OK;
    }
    if (rc == VG_OK && rule_len > 0)
        rc = fn(ctx, rule, path, first);
    if (rc == VG_OK && ferror(f)) {
        log_error(LOG_DETECT, "%s: read error", path);
        rc = VG_EIO;
    }
    free(line);
    free(rule);
    fclose(f);
    return rc < 0 ? rc : VG_OK;
}
