/*
 * rule-vars.h - rule variables: vars.address-groups and vars.port-groups.
 *
 * Filled from the configuration with Suricata's defaults for the names the default
 * configuration defines ($HOME_NET, $EXTERNAL_NET, $HTTP_PORTS, ...); values are kept as
 * text and expanded by rule-addr.c where they are used, so a variable may refer to another.
 */
#ifndef VG_DETECT_RULE_VARS_H
#define VG_DETECT_RULE_VARS_H

#include <stddef.h>

#include "conf/conf.h"

struct rule_var {
    char *name; /* without '$' */
    char *value;
};

struct rule_vars {
    struct rule_var *addr; /* owned */
    size_t n_addr;
    struct rule_var *port; /* owned */
    size_t n_port;
};

/* Loads both groups from c (NULL: defaults only). Returns VG_OK or VG_ENOMEM. */
int rule_vars_load(struct rule_vars *v, const struct conf *c);
void rule_vars_release(struct rule_vars *v);
/* Sets or replaces a variable (port != 0: a port group). */
int rule_vars_set(struct rule_vars *v, int port, const char *name, const char *value);
/* Value of $name, or NULL. */
const char *rule_vars_addr(const struct rule_vars *v, const char *name);
const char *rule_vars_port(const struct rule_vars *v, const char *name);

#endif
