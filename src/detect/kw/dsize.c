/*
 * dsize.c - dsize: the packet's payload length (a packet keyword, not a buffer one).
 *
 * dsize:<n>; dsize:<lo><><hi>; dsize:<n; dsize:>n; dsize:!n; <=, >= (num-cmp.c). Once
 * per rule, as Suricata ("Can't use 2 or more dsizes in the same sig").
 */
#include <stdio.h>
#include <stdlib.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

static int setup_dsize(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    const struct sig *s = sig_builder_sig(b);
    struct num_cmp *c;

    for (uint16_t i = 0; i < s->pkt.n; i++) {
        if (s->pkt.m[i].kw == &kw_dsize) {
            snprintf(err, errlen, "Can't use 2 or more dsizes in the same sig");
            return VG_EINVAL;
        }
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    if (num_cmp_parse(value, 65535, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_pkt(b, &kw_dsize, c);
}

static bool match_dsize(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return num_cmp_eval(ctx, p->payload_len);
}

const struct keyword kw_dsize = {
    .name = "dsize",
    .setup = setup_dsize,
    .match = match_dsize,
    .free = free,
};
