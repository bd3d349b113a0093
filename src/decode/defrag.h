/*
 * defrag.h - IPv4 and IPv6 fragment reassembly with a memcap and overlap policies.
 */
#ifndef VG_DECODE_DEFRAG_H
#define VG_DECODE_DEFRAG_H

#include <stdbool.h>
#include <stdint.h>

struct defrag_config {
    uint64_t memcap;          /* defrag.memcap, default 32 MiB */
    uint32_t timeout_sec;     /* defrag.timeout, default 60 */
    uint32_t max_frags;       /* defrag.max-frags */
};

struct defrag_table;

#endif
