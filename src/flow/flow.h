/*
 * flow.h - the flow stage: a per-worker table of bidirectional flows.
 *
 * (Owned by the flow module; the skeleton below is the contract other stages rely on.)
 */
#ifndef VG_FLOW_FLOW_H
#define VG_FLOW_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "decode/decode-types.h"
#include "util/stats.h"

enum {
    FLOW_DIR_TOSERVER = 0,
    FLOW_DIR_TOCLIENT = 1,
};

struct flow_config {
    uint64_t memcap;              /* flow.memcap, default 128 MiB */
    uint32_t hash_size;           /* flow.hash-size, default 65536 */
    uint32_t prealloc;            /* flow.prealloc, default 10000 */
    uint8_t emergency_recovery;   /* flow.emergency-recovery, percent, default 30 */
};

struct flow;
struct flow_table;

int flow_config_load(struct flow_config *cfg, const struct conf *c);

#endif
