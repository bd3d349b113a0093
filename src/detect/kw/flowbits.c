/*
 * flowbits.c - flowbits:<cmd>[,<name>]: named boolean flags kept on the flow.
 *
 * Commands: set, unset, toggle (post list: done when the rule matched), isset, isnotset
 * (flow list: conditions), noalert (the rule's alerts are not logged). isset and isnotset
 * accept several names OR'ed with '|' ("isset,a|b": a or b is set; "isnotset,a|b": a or b
 * is not set), at most FLOWBITS_OR_MAX of them; the other commands take one name. Names
 * are interned in the engine (detect_engine_intern) so flow-vars.c compares pointers.
 * Conditions are false for packets without a flow; actions on such packets do nothing.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/engine-int.h"
#include "detect/flow-vars.h"
#include "util/err.h"

/* Most names OR'ed in one isset/isnotset. */
#define FLOWBITS_OR_MAX 16

enum fb_cmd {
    FB_SET,
    FB_UNSET,
    FB_TOGGLE,
    FB_ISSET,
    FB_ISNOTSET,
    FB_NOALERT
};

struct fb_ctx {
    enum fb_cmd cmd;
    uint8_t n;
    const char *names[FLOWBITS_OR_MAX]; /* interned, engine-owned */
};

static const char *const fb_cmd_names[] = { "set", "unset", "toggle", "isset", "isnotset",
    "noalert" };

/* True for a valid flowbit name character (Suricata allows no spaces or separators). */
static bool name_char(char c)
{
    return c != '\0' && !isspace((unsigned char)c) && c != ',' && c != '|' && c != ';' && c != '"';
}

static int setup_flowbits(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct detect_engine *de = sig_builder_engine(b);
    char cmd[16];
    const char *p = value, *start;
    struct fb_ctx *c;
    size_t len, i;

    if (p == NULL)
        goto bad;
    while (isspace((unsigned char)*p))
        p++;
    start = p;
    while (*p != '\0' && *p != ',' && !isspace((unsigned char)*p))
        p++;
    len = (size_t)(p - start);
    if (len == 0 || len >= sizeof(cmd))
        goto bad;
    memcpy(cmd, start, len);
    cmd[len] = '\0';
    for (i = 0; i < sizeof(fb_cmd_names) / sizeof(fb_cmd_names[0]); i++) {
        if (strcmp(cmd, fb_cmd_names[i]) == 0)
            break;
    }
    if (i == sizeof(fb_cmd_names) / sizeof(fb_cmd_names[0])) {
        snprintf(err, errlen, "flowbits: unknown command '%s'", cmd);
        return VG_EINVAL;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (i == FB_NOALERT) {
        if (*p != '\0') {
            snprintf(err, errlen, "flowbits: noalert takes no name");
            return VG_EINVAL;
        }
        sig_builder_sig(b)->flags |= SIG_F_NOALERT;
        return VG_OK;
    }
    if (*p != ',') {
        snprintf(err, errlen, "flowbits: '%s' needs a name", cmd);
        return VG_EINVAL;
    }
    p++;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->cmd = (enum fb_cmd)i;
    for (;;) {
        char name[256];
        const char *in;

        while (isspace((unsigned char)*p))
            p++;
        start = p;
        while (name_char(*p))
            p++;
        len = (size_t)(p - start);
        while (isspace((unsigned char)*p))
            p++;
        if (len == 0 || len >= sizeof(name) || (*p != '\0' && *p != '|')) {
            free(c);
            snprintf(err, errlen, "flowbits: invalid name in '%.64s'", value);
            return VG_EINVAL;
        }
        if (c->n == FLOWBITS_OR_MAX) {
            free(c);
            snprintf(err, errlen, "flowbits: too many OR'ed names (max %d)", FLOWBITS_OR_MAX);
            return VG_EINVAL;
        }
        memcpy(name, start, len);
        name[len] = '\0';
        in = de != NULL ? detect_engine_intern(de, name) : NULL;
        if (in == NULL) {
            free(c);
            return VG_ENOMEM;
        }
        c->names[c->n++] = in;
        if (*p != '|')
            break;
        p++;
    }
    if (c->n > 1 && c->cmd != FB_ISSET && c->cmd != FB_ISNOTSET) {
        free(c);
        snprintf(err, errlen, "flowbits: names can be OR'ed only with isset and isnotset");
        return VG_EINVAL;
    }
    if (c->cmd == FB_ISSET || c->cmd == FB_ISNOTSET)
        return sig_builder_add_flow(b, &kw_flowbits, c);
    return sig_builder_add_post(b, &kw_flowbits, c);
bad:
    snprintf(err, errlen, "flowbits: invalid value '%.64s'", value == NULL ? "" : value);
    return VG_EINVAL;
}

static bool match_flowbits(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct fb_ctx *c = ctx;
    struct flow *f = p->flow;

    if (f == NULL)
        return c->cmd != FB_ISSET && c->cmd != FB_ISNOTSET;
    switch (c->cmd) {
    case FB_SET:
        flow_vars_bit_set(f, c->names[0]);
        return true;
    case FB_UNSET:
        flow_vars_bit_unset(f, c->names[0]);
        return true;
    case FB_TOGGLE:
        flow_vars_bit_toggle(f, c->names[0]);
        return true;
    case FB_ISSET:
        for (uint8_t i = 0; i < c->n; i++) {
            if (flow_vars_bit_isset(f, c->names[i]))
                return true;
        }
        return false;
    case FB_ISNOTSET:
        for (uint8_t i = 0; i < c->n; i++) {
            if (!flow_vars_bit_isset(f, c->names[i]))
                return true;
        }
        return false;
    case FB_NOALERT:
        break;
    }
    return true;
}

const struct keyword kw_flowbits = {
    .name = "flowbits",
    .setup = setup_flowbits,
    .match = match_flowbits,
    .free = free,
};
