/*
 * eve-metadata.h - the top-level "metadata" object of EVE records about a flow.
 *
 * Suricata (eve-log "metadata", default yes) writes the flow's rule variables beside the
 * record: {"flowbits": [names in the order set], "flowvars": [{name: value}],
 * "pktvars": [{name: value}], "flowints": {name: value}}. Alert and anomaly records use
 * this one writer.
 */
#ifndef VIGIE_OUTPUT_EVE_METADATA_H
#define VIGIE_OUTPUT_EVE_METADATA_H

#include "detect/detect.h"
#include "flow/flow.h"
#include "util/json.h"

/* Writes "metadata" for flow f (may be NULL) and the match's pkt: captures (may be NULL);
 * nothing when there is no variable to show. Bits named "vigie.*" (the engine's own
 * markers) and traffic/id|label bits (written as traffic{} in flow records) are left out. */
void eve_metadata_write(struct json *js, const struct flow *f, const struct detect_vars *pkt);

#endif
