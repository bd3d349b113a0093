/*
 * xbits.c - xbits and hostbits: named bits kept per host or per address pair.
 *
 * xbits:<cmd>,<name>,track <ip_src|ip_dst|ip_pair>[,expire <seconds>];
 * hostbits:<cmd>,<name>[,<src|dst|both>][,expire <seconds>] (direction src by default).
 * cmd: set, unset, toggle (post list), isset, isnotset (flow list), noalert (the rule does
 * not alert). The bit lives in the worker's host table (host-vars.h) for `expire` seconds
 * of packet time (default 30, Suricata's). hostbits "both" sets/unsets both hosts and
 * tests true when either host has the bit. xbits "track tx" (app-layer transactions) is
 * not supported yet and fails the rule.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/engine-int.h"
#include "detect/host-vars.h"
#include "util/err.h"

#define XBITS_EXPIRE_DEFAULT 30

enum xb_cmd {
    XB_SET,
    XB_UNSET,
    XB_TOGGLE,
    XB_ISSET,
    XB_ISNOTSET,
    XB_NOALERT
};
enum xb_track {
    XB_SRC,
    XB_DST,
    XB_PAIR,
    XB_BOTH
};

struct xb_ctx {
    enum xb_cmd cmd;
    enum xb_track track;
    const char *name; /* interned */
    uint32_t expire;  /* seconds */
};

static const char *const xb_cmds[] = { "set", "unset", "toggle", "isset", "isnotset", "noalert" };

/* Next comma field of *pp trimmed into buf; false if too long. */
static bool field(const char **pp, char *buf, size_t len)
{
    const char *p = *pp, *s, *e;

    while (isspace((unsigned char)*p))
        p++;
    s = p;
    while (*p != '\0' && *p != ',')
        p++;
    e = p;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if ((size_t)(e - s) >= len)
        return false;
    memcpy(buf, s, (size_t)(e - s));
    buf[e - s] = '\0';
    *pp = *p == ',' ? p + 1 : p;
    return true;
}

static int setup_bits(struct sig_builder *b, const struct keyword *kw, bool host, const char *value,
        char *err, size_t errlen)
{
    struct detect_engine *de = sig_builder_engine(b);
    char cmd[16], name[256], opt[64];
    const char *p = value;
    struct xb_ctx *c;
    bool have_track = host;
    size_t i;

    if (p == NULL || !field(&p, cmd, sizeof(cmd)))
        goto bad;
    for (i = 0; i < sizeof(xb_cmds) / sizeof(xb_cmds[0]); i++) {
        if (strcmp(cmd, xb_cmds[i]) == 0)
            break;
    }
    if (i == sizeof(xb_cmds) / sizeof(xb_cmds[0]))
        goto bad;
    if (i == XB_NOALERT) {
        sig_builder_sig(b)->flags |= SIG_F_NOALERT;
        return VG_OK;
    }
    if (!field(&p, name, sizeof(name)) || name[0] == '\0')
        goto bad;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->cmd = (enum xb_cmd)i;
    c->track = XB_SRC;
    c->expire = XBITS_EXPIRE_DEFAULT;
    while (*p != '\0') {
        char *v;

        if (!field(&p, opt, sizeof(opt)))
            goto bad_free;
        v = opt;
        while (*v != '\0' && !isspace((unsigned char)*v))
            v++;
        if (*v != '\0')
            *v++ = '\0';
        while (isspace((unsigned char)*v))
            v++;
        if (!host && strcmp(opt, "track") == 0) {
            if (strcmp(v, "ip_src") == 0)
                c->track = XB_SRC;
            else if (strcmp(v, "ip_dst") == 0)
                c->track = XB_DST;
            else if (strcmp(v, "ip_pair") == 0)
                c->track = XB_PAIR;
            else if (strcmp(v, "tx") == 0) {
                free(c);
                snprintf(err, errlen, "xbits: track tx is not supported yet");
                return VG_EINVAL;
            } else
                goto bad_free;
            have_track = true;
        } else if (strcmp(opt, "expire") == 0) {
            uint64_t sec;

            if (!hdr_parse_uint(v, UINT32_MAX, false, &sec) || sec == 0)
                goto bad_free;
            c->expire = (uint32_t)sec;
        } else if (host && *v == '\0' && strcmp(opt, "src") == 0) {
            c->track = XB_SRC;
        } else if (host && *v == '\0' && strcmp(opt, "dst") == 0) {
            c->track = XB_DST;
        } else if (host && *v == '\0' && strcmp(opt, "both") == 0) {
            c->track = XB_BOTH;
        } else {
            goto bad_free;
        }
    }
    if (!have_track) {
        free(c);
        snprintf(err, errlen, "xbits: track <ip_src|ip_dst|ip_pair> is required");
        return VG_EINVAL;
    }
    c->name = de != NULL ? detect_engine_intern(de, name) : NULL;
    if (c->name == NULL) {
        free(c);
        return VG_ENOMEM;
    }
    if (c->cmd == XB_ISSET || c->cmd == XB_ISNOTSET)
        return sig_builder_add_flow(b, kw, c);
    return sig_builder_add_post(b, kw, c);
bad_free:
    free(c);
bad:
    snprintf(err, errlen, "%s: invalid value '%.64s'", kw->name, value == NULL ? "" : value);
    return VG_EINVAL;
}

/* Applies or tests the bit on one key. */
static bool one(struct host_table *ht, const struct xb_ctx *c, uint8_t kind,
        const struct vg_addr *a, const struct vg_addr *b, uint64_t now)
{
    uint64_t exp = now + (uint64_t)c->expire * 1000000u;

    switch (c->cmd) {
    case XB_SET:
        host_table_set(ht, kind, a, b, c->name, now, exp);
        return true;
    case XB_UNSET:
        host_table_unset(ht, kind, a, b, c->name, now);
        return true;
    case XB_TOGGLE:
        if (host_table_isset(ht, kind, a, b, c->name, now))
            host_table_unset(ht, kind, a, b, c->name, now);
        else
            host_table_set(ht, kind, a, b, c->name, now, exp);
        return true;
    case XB_ISSET:
        return host_table_isset(ht, kind, a, b, c->name, now);
    case XB_ISNOTSET:
        return !host_table_isset(ht, kind, a, b, c->name, now);
    case XB_NOALERT:
        break;
    }
    return true;
}

static bool match_bits(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct xb_ctx *c = ctx;
    struct host_table *ht = detect_thread_host_table(dt);
    bool test = c->cmd == XB_ISSET || c->cmd == XB_ISNOTSET;
    uint8_t v6 = p->ip_ver == 6 ? HOST_VARS_V6 : 0;

    if (ht == NULL || p->ip_ver == 0)
        return !test;
    switch (c->track) {
    case XB_SRC:
        return one(ht, c, HOST_VARS_HOST | v6, &p->src, NULL, p->ts_usec);
    case XB_DST:
        return one(ht, c, HOST_VARS_HOST | v6, &p->dst, NULL, p->ts_usec);
    case XB_PAIR:
        return one(ht, c, HOST_VARS_PAIR | v6, &p->src, &p->dst, p->ts_usec);
    case XB_BOTH:
        if (test) {
            bool a = host_table_isset(ht, HOST_VARS_HOST | v6, &p->src, NULL, c->name, p->ts_usec);
            bool b = host_table_isset(ht, HOST_VARS_HOST | v6, &p->dst, NULL, c->name, p->ts_usec);

            return c->cmd == XB_ISSET ? (a || b) : (!a || !b);
        }
        one(ht, c, HOST_VARS_HOST | v6, &p->src, NULL, p->ts_usec);
        one(ht, c, HOST_VARS_HOST | v6, &p->dst, NULL, p->ts_usec);
        return true;
    }
    return false;
}

static int setup_xbits(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_bits(b, &kw_xbits, false, value, err, errlen);
}

static int setup_hostbits(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_bits(b, &kw_hostbits, true, value, err, errlen);
}

const struct keyword kw_xbits = {
    .name = "xbits",
    .setup = setup_xbits,
    .match = match_bits,
    .free = free,
};

const struct keyword kw_hostbits = {
    .name = "hostbits",
    .setup = setup_hostbits,
    .match = match_bits,
    .free = free,
};
