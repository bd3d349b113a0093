/*
 * bsize.c - bsize: the length of the (transformed) buffer being inspected.
 *
 * bsize:<n>; bsize:<lo><><hi>; bsize:<n; bsize:>n; <=, >=, != (num-cmp.c). Usually after a
 * sticky buffer; checked where it stands in the list like any payload match.
 */
#include <stdlib.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

static int setup_bsize(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct num_cmp *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return VG_ENOMEM;
    if (num_cmp_parse(value, UINT32_MAX, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_payload(b, &kw_bsize, c);
}

const struct keyword kw_bsize = {
    .name = "bsize",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_BSIZE,
    .setup = setup_bsize,
    .free = free,
};
