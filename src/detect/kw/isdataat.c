/*
 * isdataat.c - isdataat: is there data at a position of the buffer.
 *
 * isdataat:[!]<n|var>[, relative][, rawbytes]; absolute: a byte exists at offset n
 * (n < length); relative: n more bytes exist after the previous match end
 * (prev + n <= length), as Suricata. A check only: the previous match end does not move.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/kw/kw-payload.h"
#include "util/err.h"

static int setup_isdataat(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char tmp[256], *f[4], *v;
    struct isdataat_ctx *c;
    bool var;
    int n;

    if (snprintf(tmp, sizeof(tmp), "%s", value) >= (int)sizeof(tmp))
        return VG_EINVAL;
    n = byte_split(tmp, f, 4);
    if (n < 1) {
        snprintf(err, errlen, "isdataat: too many options");
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    v = f[0];
    if (*v == '!') {
        c->flags |= ISDATAAT_F_NEGATED;
        v++;
    }
    if (byte_parse_num_or_var(b, v, &c->value, &var, err, errlen) != VG_OK)
        goto fail;
    if (var)
        c->flags |= ISDATAAT_F_VAR;
    else if (c->value < 0 || c->value > 65535) {
        snprintf(err, errlen, "isdataat: value %lld out of range 0-65535", (long long)c->value);
        goto fail;
    }
    for (int i = 1; i < n; i++) {
        if (strcmp(f[i], "relative") == 0) {
            c->flags |= ISDATAAT_F_RELATIVE;
        } else if (strcmp(f[i], "rawbytes") != 0) {
            snprintf(err, errlen, "isdataat: invalid option '%.32s'", f[i]);
            goto fail;
        }
    }
    if (c->flags & ISDATAAT_F_RELATIVE)
        content_mark_relative_next(b);
    if (c->flags & ISDATAAT_F_RELATIVE)
        return sig_builder_add_payload_follow(b, &kw_isdataat, c);
    return sig_builder_add_payload(b, &kw_isdataat, c);
fail:
    free(c);
    return VG_EINVAL;
}

bool isdataat_eval(const struct isdataat_ctx *c, size_t len, size_t prev, const uint64_t *vars)
{
    uint64_t n = c->flags & ISDATAAT_F_VAR ? vars[c->value] : (uint64_t)c->value;
    bool r;

    if (c->flags & ISDATAAT_F_RELATIVE)
        r = prev + n <= len;
    else
        r = n < len;
    return (c->flags & ISDATAAT_F_NEGATED) ? !r : r;
}

const struct keyword kw_isdataat = {
    .name = "isdataat",
    .flags = KW_F_PAYLOAD,
    .pm_kind = PM_ISDATAAT,
    .setup = setup_isdataat,
    .free = free,
};
