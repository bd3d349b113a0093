/*
 * config-lines.c - the line loop shared by classification.config and reference.config.
 */
#include "detect/config-lines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/log.h"

/* Runs fn on one line; a bad line is a warning, not an error. */
static int one_line(config_line_fn fn, void *ctx, const char *line, const char *name, int lineno)
{
    char err[128];
    int rc = fn(ctx, line, err, sizeof(err));

    if (rc == VG_EINVAL) {
        log_warn(LOG_DETECT, "%s:%d: %s", name, lineno, err);
        return VG_OK;
    }
    return rc < 0 ? rc : VG_OK;
}

int config_lines_file(const char *path, config_line_fn fn, void *ctx)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0, rc = VG_OK;

    if (f == NULL) {
        log_error(LOG_DETECT, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? VG_ENOENT : VG_EIO;
    }
    while (rc == VG_OK && getline(&line, &cap, f) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        rc = one_line(fn, ctx, line, path, ++lineno);
    }
    if (rc == VG_OK && ferror(f)) {
        log_error(LOG_DETECT, "%s: read error", path);
        rc = VG_EIO;
    }
    free(line);
    fclose(f);
    return rc;
}

int config_lines_string(const char *text, const char *name, config_line_fn fn, void *ctx)
{
    int lineno = 0, rc = VG_OK;

    while (rc == VG_OK && *text != '\0') {
        size_t len = strcspn(text, "\n");
        char *line = malloc(len + 1);

        if (line == NULL)
            return VG_ENOMEM;
        memcpy(line, text, len);
        line[len] = '\0';
        line[strcspn(line, "\r")] = '\0';
        rc = one_line(fn, ctx, line, name, ++lineno);
        free(line);
        text += len;
        if (*text == '\n')
            text++;
    }
    return rc;
}
