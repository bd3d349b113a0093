/*
 * igmp-keywords.c - igmp.type: a number comparison on the IGMP message type (the first byte of the
 * IGMP header; 0x11 query, 0x16 v2 report, 0x22 v3 report, 0xff RGMP hello...). Numbers may
 * be decimal or 0x hex. Only IPv4 packets carrying IGMP (protocol 2) match.
 */
#include "detect/kw/kw-hdrflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

static int setup_igmp_type(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct num_cmp *c;
    uint64_t v;

    if (value == NULL) {
        snprintf(err, errlen, "igmp.type: a value is required");
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    /* a plain hex value; otherwise the usual comparison forms in decimal */
    if (hdr_parse_uint(value, 255, true, &v)) {
        c->op = NUM_EQ;
        c->lo = v;
    } else if (hdr_num_parse(value, 255, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_pkt(b, &kw_igmp_type, c);
}

static bool match_igmp_type(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return p->ip_ver == 4 && p->proto == 2 && p->l4 != NULL && p->l4_len >= 1 &&
           num_cmp_eval(ctx, p->l4[0]);
}

const struct keyword kw_igmp_type = {
    .name = "igmp.type",
    .setup = setup_igmp_type,
    .match = match_igmp_type,
    .free = free,
};
