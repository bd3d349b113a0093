/*
 * eve-file.h - EVE fileinfo records: one per file of a transaction, once it is closed.
 */
#ifndef VG_OUTPUT_EVE_FILE_H
#define VG_OUTPUT_EVE_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app-layer.h"
#include "decode/decode-types.h"
#include "flow/flow-types.h"
#include "output/eve.h"

/* Writes a fileinfo record for every file of tx that is closed and not logged yet (every
 * file when flow_end: open ones are closed as truncated first), when the "files" type is
 * on, and marks them logged either way. t may be NULL (only marks). p is the packet being
 * processed (NULL at flow end). */
void eve_file_log_tx(struct eve_thread *t, struct flow *f, struct app_tx *tx,
        const struct packet *p, uint64_t ts_usec, bool flow_end);

#endif
