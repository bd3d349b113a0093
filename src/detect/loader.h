/*
 * loader.h - what the rule loader adds to detect.h for main(): rule files from the
 * command line.
 *
 * detect.h's detect_config_load(), detect_engine_load() and friends are implemented in
 * loader.c; this header only declares the extra entry point for -S / -s.
 */
#ifndef VG_DETECT_LOADER_H
#define VG_DETECT_LOADER_H

#include <stdbool.h>

#include "detect/detect.h"

/* Adds a rules file given on the command line: exclusive (-S) replaces the configured
 * rule-files, otherwise (-s) it is loaded in addition. A relative path is taken from the
 * current directory (made absolute now), not from default-rule-path, as Suricata does.
 * Returns VG_OK or VG_ENOMEM. */
int detect_config_add_rule_file(struct detect_config *cfg, const char *path, bool exclusive);

#endif
