/*
 * log.h - operator log: startup, configuration, rule errors, rare faults.
 *
 * Never used per packet: per-packet anomalies are typed events and counters. Messages go to
 * stderr as "<level>: <subsystem>: <text>"; debug messages compile out of release builds.
 * The level is process-wide and set once at startup before any thread starts.
 */
#ifndef VG_UTIL_LOG_H
#define VG_UTIL_LOG_H

#include "util/compiler.h"

enum log_subsys {
    LOG_MAIN,
    LOG_CONF,
    LOG_CAPTURE,
    LOG_DECODE,
    LOG_FLOW,
    LOG_STREAM,
    LOG_APP,
    LOG_DETECT,
    LOG_OUTPUT,
    LOG_WORKER,
};

enum log_level {
    LOG_LEVEL_ERROR,
    LOG_LEVEL_WARN,
    LOG_LEVEL_NOTICE,
    LOG_LEVEL_INFO,
    LOG_LEVEL_DEBUG,
};

/* Sets the highest level printed (default LOG_LEVEL_NOTICE). Call before threads start. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);

void log_msg(enum log_level level, enum log_subsys sys, const char *fmt, ...) VG_PRINTF(3, 4);

#define log_error(sys, ...)  log_msg(LOG_LEVEL_ERROR, sys, __VA_ARGS__)
#define log_warn(sys, ...)   log_msg(LOG_LEVEL_WARN, sys, __VA_ARGS__)
#define log_notice(sys, ...) log_msg(LOG_LEVEL_NOTICE, sys, __VA_ARGS__)
#define log_info(sys, ...)   log_msg(LOG_LEVEL_INFO, sys, __VA_ARGS__)
#ifdef VG_DEBUG
#define log_debug(sys, ...) log_msg(LOG_LEVEL_DEBUG, sys, __VA_ARGS__)
#else
#define log_debug(sys, ...)                                                                        \
    do {                                                                                           \
    } while (0)
#endif

#endif
