/*
 * macset.h - the MAC addresses seen on a flow, for EVE flow records' ether{} object.
 *
 * Only kept when eve-log "ethernet: yes" asks for them. Addresses are stored in flow
 * orientation: the "src" side holds the client-side MACs (a to-server packet's source, a
 * to-client packet's destination), the "dst" side the server-side ones; each side keeps
 * distinct addresses in first-seen order, at most FLOW_MACS_MAX (later ones are dropped:
 * a flow whose path changes that often is an anomaly in itself).
 */
#ifndef VG_FLOW_MACSET_H
#define VG_FLOW_MACSET_H

#include <stdint.h>

#include "decode/decode-types.h"
#include "flow/flow-types.h"

#define FLOW_MACS_MAX 16

struct flow_macset {
    uint8_t n_src, n_dst;
    uint8_t src[FLOW_MACS_MAX][6];
    uint8_t dst[FLOW_MACS_MAX][6];
};

/* Adds p's MACs (p->flags has PKT_F_HAS_ETH, p->flow == f) to f->macs, allocating it on
 * first use; an allocation failure only loses the addresses. */
void flow_macset_add(struct flow *f, const struct packet *p);
/* Frees f->macs; safe when NULL. */
void flow_macset_free(struct flow *f);

#endif
