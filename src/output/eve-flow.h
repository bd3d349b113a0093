/*
 * eve-flow.h - the EVE "flow" record, written when a flow ends.
 */
#ifndef VG_OUTPUT_EVE_FLOW_H
#define VG_OUTPUT_EVE_FLOW_H

#include <stdint.h>

#include "flow/flow.h"
#include "output/eve.h"

/* Fills tp with f's addresses, ports, VLANs and first ICMP type/code, client as source. */
void eve_tuple_from_flow(struct eve_tuple *tp, const struct flow *f);

/* Writes f's flow record (reason: why it ended; now_usec: the record's timestamp) with
 * t's output settings (community_id when configured). */
void eve_flow_log(struct eve_thread *t, const struct eve_config *cfg, const struct flow *f,
        enum flow_end_reason reason, uint64_t now_usec);

#endif
