/*
 * macset.c - MAC addresses seen on a flow (see macset.h).
 *
 * A linear scan per packet: sides hold a handful of addresses (one or two on a normal
 * path), so a lookup is a few 6-byte compares.
 */
#include "flow/macset.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"

static void side_add(uint8_t (*macs)[6], uint8_t *n, const uint8_t mac[6])
{
    for (uint8_t i = 0; i < *n; i++) {
        if (memcmp(macs[i], mac, 6) == 0)
            return;
    }
    if (*n < FLOW_MACS_MAX)
        memcpy(macs[(*n)++], mac, 6);
}

void flow_macset_add(struct flow *f, const struct packet *p)
{
    bool ts = p->flow_dir == FLOW_DIR_TOSERVER;

    if (f->macs == NULL && (f->macs = calloc(1, sizeof(*f->macs))) == NULL)
        return;
    side_add(f->macs->src, &f->macs->n_src, ts ? p->eth_src : p->eth_dst);
    side_add(f->macs->dst, &f->macs->n_dst, ts ? p->eth_dst : p->eth_src);
}

void flow_macset_free(struct flow *f)
{
    free(f->macs);
    f->macs = NULL;
}
