/*
 * community-id.h - Community ID flow hashing, version 1 (corelight's spec), as Suricata's
 * eve-log community-id option writes it: "1:" + base64(SHA1(seed, addresses, proto, ports)).
 */
#ifndef VG_OUTPUT_COMMUNITY_ID_H
#define VG_OUTPUT_COMMUNITY_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "flow/flow-types.h"

/* Enough for "1:" + 28 base64 characters + NUL. */
#define COMMUNITY_ID_LEN 32

/* Computes the id of a 5-tuple (ip_ver 4 or 6; sp/dp are ports, or for ICMP the type and
 * the counterpart type) into out (>= COMMUNITY_ID_LEN bytes). Returns false on bad input. */
bool community_id_v1(uint8_t ip_ver, const struct vg_addr *src, const struct vg_addr *dst,
        uint8_t proto, uint16_t sp, uint16_t dp, uint16_t seed, char *out, size_t len);
/* The id of flow f, as Suricata derives it (ICMP: type and counterpart type). */
bool community_id_flow(const struct flow *f, uint16_t seed, char *out, size_t len);

#endif
