/*
 * rule-addr.h - the address and port expressions of a rule header.
 *
 * Parses Suricata's syntax: "any", single values, CIDR blocks ("10.0.0.0/8",
 * "2001:db8::/32"), address ranges ("10.0.0.1-10.0.0.9"), port ranges ("1024:", ":1023",
 * "80:90"), lists in brackets (nested), negation with "!", and variables ("$HOME_NET") looked
 * up in rule_vars and expanded recursively. A list is the union of its positive members
 * minus the union of its negated ones; a list of negations only means "anything but".
 * The result is a set that matching tests with a binary search.
 */
#ifndef VG_DETECT_RULE_ADDR_H
#define VG_DETECT_RULE_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "detect/range-set.h"
#include "detect/rule-vars.h"

struct addr_set {
    struct range_set v4; /* host-order IPv4 values */
    struct range_set v6; /* IPv6 values, first byte most significant */
};

struct port_set {
    struct range_set ports;
};

/* Parses text into out (initialised by the call). On error returns VG_EINVAL and writes a
 * reason into err (errlen bytes); out is then empty. */
int addr_set_parse(struct addr_set *out, const char *text, const struct rule_vars *vars, char *err,
        size_t errlen);
void addr_set_release(struct addr_set *s);
/* True if the set holds every IPv4 and IPv6 address ("any"). */
bool addr_set_is_any(const struct addr_set *s);
bool addr_set_match(const struct addr_set *s, uint8_t ip_ver, const struct vg_addr *a);

int port_set_parse(struct port_set *out, const char *text, const struct rule_vars *vars, char *err,
        size_t errlen);
void port_set_release(struct port_set *s);
bool port_set_is_any(const struct port_set *s);
bool port_set_match(const struct port_set *s, uint16_t port);

#endif
