/*
 * absent-keywords.c - absent (Suricata 8): a sticky buffer that the transaction does not
 * have.
 *
 *   http.request_body; absent;                         the request has no body
 *   file.data; absent: or_else; content:!"abc";       no body, or one without "abc"
 *
 * The keyword directly follows a sticky buffer and opens that buffer's list as a marker
 * (pm_kind PM_NONE, ctx 1 for absent, 2 for or_else). The transaction inspection (tx.c)
 * handles a list opening with it: the buffer is absent once the getter has no bytes for it
 * (no instance for a multi-buffer) although the transaction's side that carries it is
 * complete (or the flow ended); then the list matches. Otherwise plain absent does not
 * match, and absent:or_else inspects the rest of the list on the buffer. The payload
 * inspector never meets the marker on its own: a list where it stands elsewhere (or a
 * packet buffer) does not match.
 */
#include <stdint.h>
#include <string.h>

#include "detect/buffer.h"
#include "detect/keyword.h"
#include "util/err.h"

static int setup_absent(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    uintptr_t mode = 1;

    if (value != NULL) {
        while (*value == ' ')
            value++;
        if (strcmp(value, "or_else") != 0) {
            snprintf(err, errlen, "absent: invalid value '%.64s' (only or_else)", value);
            return VG_EINVAL;
        }
        mode = 2;
    }
    return sig_builder_add_payload(b, &kw_absent, (void *)mode);
}

const struct keyword kw_absent = {
    .name = "absent",
    .flags = KW_F_OPTIONAL_VALUE | KW_F_PAYLOAD,
    .pm_kind = PM_NONE,
    .setup = setup_absent,
};

unsigned detect_list_absent(const struct sig_buffer *sb)
{
    if (sb->list.n == 0 || sb->list.m[0].kw != &kw_absent)
        return 0;
    return (unsigned)(uintptr_t)sb->list.m[0].ctx;
}
