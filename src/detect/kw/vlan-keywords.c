/*
 * vlan-keywords.c - VLAN keywords: vlan.id and vlan.layers (Suricata 8).
 *
 * vlan.id:<cmp>[,<layer>] compares the 12-bit VLAN ids of the packet (outermost first, as
 * decode stores them). <cmp> is a header number comparison (kw-hdrflow.h: "300", "!200",
 * "<400", ">=200", "100-600"...) whose numbers may be written in 0x hex. Without a layer the
 * rule matches when any id satisfies the comparison; a layer index 0..2 picks one id (-1,
 * -2, -3 count from the innermost); "all" needs every id to satisfy it. A packet without
 * VLAN, or without the requested layer, does not match.
 * vlan.layers:<cmp> compares the number of VLAN layers (0 when untagged).
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

enum {
    VLAN_LAYER_ANY = 100,
    VLAN_LAYER_ALL = 101
};

struct vlan_id_ctx {
    struct num_cmp cmp;
    int layer; /* 0..PKT_VLAN_MAX-1, -1..-PKT_VLAN_MAX, or VLAN_LAYER_* */
};

/* Copies s[0..len) to out with 0x hex numbers rewritten in decimal; false if too long or
 * a hex number is invalid. */
static bool hex_to_dec(const char *s, size_t len, char *out, size_t outlen)
{
    size_t o = 0;

    for (size_t i = 0; i < len;) {
        if (s[i] == '0' && i + 1 < len && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            uint64_t v = 0;
            size_t j = i + 2;
            int n;

            if (j >= len || !isxdigit((unsigned char)s[j]))
                return false;
            for (; j < len && isxdigit((unsigned char)s[j]) && v <= 0xffffffu; j++) {
                int c = tolower((unsigned char)s[j]);

                v = v * 16 + (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
            }
            n = snprintf(out + o, outlen - o, "%llu", (unsigned long long)v);
            if (n < 0 || (size_t)n >= outlen - o)
                return false;
            o += (size_t)n;
            i = j;
            continue;
        }
        if (o + 1 >= outlen)
            return false;
        out[o++] = s[i++];
    }
    out[o] = '\0';
    return true;
}

/* Parses a comparison that may use hex numbers. */
static int vlan_num_parse(
        const char *s, size_t len, uint64_t max, struct num_cmp *out, char *err, size_t errlen)
{
    char buf[64];

    if (!hex_to_dec(s, len, buf, sizeof(buf))) {
        snprintf(err, errlen, "invalid number in '%.*s'", (int)(len < 40 ? len : 40), s);
        return VG_EINVAL;
    }
    return hdr_num_parse(buf, max, out, err, errlen);
}

static int setup_vlan_id(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct vlan_id_ctx *c;
    const char *comma;
    size_t len;

    if (value == NULL) {
        snprintf(err, errlen, "vlan.id: a value is required");
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->layer = VLAN_LAYER_ANY;
    comma = strchr(value, ',');
    len = comma != NULL ? (size_t)(comma - value) : strlen(value);
    if (vlan_num_parse(value, len, 0xfff, &c->cmp, err, errlen) != VG_OK)
        goto bad;
    if (comma != NULL) {
        const char *l = comma + 1, *end;
        char *e;
        long v;

        while (isspace((unsigned char)*l))
            l++;
        if (strncmp(l, "all", 3) == 0) {
            c->layer = VLAN_LAYER_ALL;
            end = l + 3;
        } else {
            v = strtol(l, &e, 10);
            end = e;
            if (end == l || v >= PKT_VLAN_MAX || v < -PKT_VLAN_MAX) {
                snprintf(err, errlen, "vlan.id: invalid layer '%.16s'", l);
                goto bad;
            }
            c->layer = (int)v;
        }
        while (isspace((unsigned char)*end))
            end++;
        if (*end != '\0') {
            snprintf(err, errlen, "vlan.id: invalid layer '%.16s'", l);
            goto bad;
        }
    }
    return sig_builder_add_pkt(b, &kw_vlan_id, c);
bad:
    free(c);
    return VG_EINVAL;
}

static bool match_vlan_id(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct vlan_id_ctx *c = ctx;
    int n = p->vlan_cnt < PKT_VLAN_MAX ? p->vlan_cnt : PKT_VLAN_MAX;

    if (n == 0)
        return false;
    if (c->layer == VLAN_LAYER_ANY || c->layer == VLAN_LAYER_ALL) {
        for (int i = 0; i < n; i++) {
            bool ok = num_cmp_eval(&c->cmp, p->vlan_id[i]);

            if (ok && c->layer == VLAN_LAYER_ANY)
                return true;
            if (!ok && c->layer == VLAN_LAYER_ALL)
                return false;
        }
        return c->layer == VLAN_LAYER_ALL;
    }
    int i = c->layer >= 0 ? c->layer : n + c->layer;

    return i >= 0 && i < n && num_cmp_eval(&c->cmp, p->vlan_id[i]);
}

const struct keyword kw_vlan_id = {
    .name = "vlan.id",
    .setup = setup_vlan_id,
    .match = match_vlan_id,
    .free = free,
};

static int setup_vlan_layers(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct num_cmp *c;

    if (value == NULL) {
        snprintf(err, errlen, "vlan.layers: a value is required");
        return VG_EINVAL;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    if (vlan_num_parse(value, strlen(value), 255, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_pkt(b, &kw_vlan_layers, c);
}

static bool match_vlan_layers(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return num_cmp_eval(ctx, p->vlan_cnt);
}

const struct keyword kw_vlan_layers = {
    .name = "vlan.layers",
    .setup = setup_vlan_layers,
    .match = match_vlan_layers,
    .free = free,
};
