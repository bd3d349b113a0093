/*
 * log.c - operator log to stderr. One fprintf per message so lines from several threads do
 * not interleave (stdio locks the stream for each call).
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const subsys_names[] = {
    [LOG_MAIN] = "main",
    [LOG_CONF] = "conf",
    [LOG_CAPTURE] = "capture",
    [LOG_DECODE] = "decode",
    [LOG_FLOW] = "flow",
    [LOG_STREAM] = "stream",
    [LOG_APP] = "app-layer",
    [LOG_DETECT] = "detect",
    [LOG_OUTPUT] = "output",
    [LOG_WORKER] = "worker",
};

static const char *const level_names[] = {
    [LOG_LEVEL_ERROR] = "Error",
    [LOG_LEVEL_WARN] = "Warning",
    [LOG_LEVEL_NOTICE] = "Notice",
    [LOG_LEVEL_INFO] = "Info",
    [LOG_LEVEL_DEBUG] = "Debug",
};

/* Written once by main() before any thread starts; read-only afterwards. */
static enum log_level max_level = LOG_LEVEL_NOTICE;

void log_set_level(enum log_level level)
{
    max_level = level;
}

enum log_level log_get_level(void)
{
    return max_level;
}

void log_msg(enum log_level level, enum log_subsys sys, const char *fmt, ...)
{
    char text[1024];
    va_list ap;

    if (level > max_level)
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: %s: %s\n", level_names[level], subsys_names[sys], text);
}
