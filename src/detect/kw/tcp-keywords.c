/*
 * tcp-keywords.c - TCP header keywords: flags (and its Suricata 8 name tcp.flags), seq, ack,
 * window, tcp.mss.
 *
 * flags:[modifier]<chars>[,<ignored chars>] with F S R P A U C E (and the older 1 = CWR,
 * 2 = ECE) and 0 for "no flag"; modifiers + (these and maybe others), * (any of these),
 * ! (not all of these); without a modifier the flags must be exactly these once the
 * ignored ones are masked off. seq and ack compare exactly; window takes [!]<n>; tcp.mss
 * is a number comparison on the MSS option (no match when the option is absent). None
 * match non-TCP packets.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

/* ---- flags ---- */

static int flag_chars(const char *s, const char *end, uint16_t *out, bool *zero)
{
    *out = 0;
    for (; s < end; s++) {
        switch (toupper((unsigned char)*s)) {
        case 'F':
            *out |= TCP_FIN;
            break;
        case 'S':
            *out |= TCP_SYN;
            break;
        case 'R':
            *out |= TCP_RST;
            break;
        case 'P':
            *out |= TCP_PSH;
            break;
        case 'A':
            *out |= TCP_ACK;
            break;
        case 'U':
            *out |= TCP_URG;
            break;
        case 'C':
        case '1':
            *out |= TCP_CWR;
            break;
        case 'E':
        case '2':
            *out |= TCP_ECE;
            break;
        case '0':
            if (zero == NULL)
                return VG_EINVAL;
            *zero = true;
            break;
        case ' ':
            break;
        default:
            return VG_EINVAL;
        }
    }
    return VG_OK;
}

static int setup_flags(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    const struct sig *s = sig_builder_sig(b);
    struct hdr_bits *c;
    const char *v = value, *comma, *end;
    bool zero = false;

    for (uint16_t i = 0; i < s->pkt.n; i++) {
        if (s->pkt.m[i].kw == &kw_flags) {
            snprintf(err, errlen, "flags: only one flags keyword per rule");
            return VG_EINVAL;
        }
    }
    if (v == NULL)
        goto bad;
    while (isspace((unsigned char)*v))
        v++;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->mode = HDR_BITS_EXACT;
    /* the modifier may come before or after the flag characters ("S+", "+S") */
    comma = strchr(v, ',');
    end = comma != NULL ? comma : v + strlen(v);
    while (end > v && isspace((unsigned char)end[-1]))
        end--;
    if (*v == '+' || *v == '*' || *v == '!') {
        c->mode = *v == '+' ? HDR_BITS_PLUS : *v == '*' ? HDR_BITS_ANY : HDR_BITS_NOT;
        v++;
    } else if (end > v && (end[-1] == '+' || end[-1] == '*' || end[-1] == '!')) {
        c->mode = end[-1] == '+' ? HDR_BITS_PLUS : end[-1] == '*' ? HDR_BITS_ANY : HDR_BITS_NOT;
        end--;
    }
    if (v == end || flag_chars(v, end, &c->bits, &zero) != VG_OK || (zero && c->bits != 0) ||
            (comma != NULL &&
                    flag_chars(comma + 1, comma + strlen(comma), &c->ignore, NULL) != VG_OK)) {
        free(c);
        goto bad;
    }
    if (zero && c->mode != HDR_BITS_EXACT) {
        free(c);
        goto bad;
    }
    return sig_builder_add_pkt(b, &kw_flags, c);
bad:
    snprintf(err, errlen, "invalid flags '%.32s'", value == NULL ? "" : value);
    return VG_EINVAL;
}

static bool match_flags(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return p->proto == 6 && p->l4 != NULL && hdr_bits_eval(ctx, p->tcp.flags);
}

const struct keyword kw_flags = {
    .name = "flags",
    .setup = setup_flags,
    .match = match_flags,
    .free = free,
};

/* Suricata 8's name for flags: same syntax; the match is recorded under kw_flags so the
 * one-flags-per-rule check covers both spellings. */
const struct keyword kw_tcp_flags = {
    .name = "tcp.flags",
    .setup = setup_flags,
    .match = match_flags,
    .free = free,
};

/* ---- seq, ack, window: [!]<n> ---- */

struct tcp_num {
    uint32_t v;
    bool neg;
};

static int parse_tcp_num(const char *value, uint64_t max, bool allow_neg, struct tcp_num **out,
        char *err, size_t errlen)
{
    uint64_t v;
    bool neg = false;

    if (value == NULL)
        goto bad;
    while (isspace((unsigned char)*value))
        value++;
    if (allow_neg && *value == '!') {
        neg = true;
        value++;
    }
    if (!hdr_parse_uint(value, max, allow_neg, &v))
        goto bad;
    *out = calloc(1, sizeof(**out));
    if (*out == NULL)
        return VG_ENOMEM;
    (*out)->v = (uint32_t)v;
    (*out)->neg = neg;
    return VG_OK;
bad:
    snprintf(err, errlen, "invalid value '%.32s'", value == NULL ? "" : value);
    return VG_EINVAL;
}

static int setup_seq(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct tcp_num *c;
    int rc = parse_tcp_num(value, UINT32_MAX, false, &c, err, errlen);

    return rc != VG_OK ? rc : sig_builder_add_pkt(b, &kw_seq, c);
}

static bool match_seq(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct tcp_num *c = ctx;

    return p->proto == 6 && p->l4 != NULL && p->tcp.seq == c->v;
}

const struct keyword kw_seq = {
    .name = "seq",
    .setup = setup_seq,
    .match = match_seq,
    .free = free,
};

static int setup_ack(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct tcp_num *c;
    int rc = parse_tcp_num(value, UINT32_MAX, false, &c, err, errlen);

    return rc != VG_OK ? rc : sig_builder_add_pkt(b, &kw_ack, c);
}

static bool match_ack(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct tcp_num *c = ctx;

    return p->proto == 6 && p->l4 != NULL && p->tcp.ack == c->v;
}

const struct keyword kw_ack = {
    .name = "ack",
    .setup = setup_ack,
    .match = match_ack,
    .free = free,
};

static int setup_window(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct tcp_num *c;
    int rc = parse_tcp_num(value, 65535, true, &c, err, errlen);

    return rc != VG_OK ? rc : sig_builder_add_pkt(b, &kw_window, c);
}

static bool match_window(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const struct tcp_num *c = ctx;

    if (p->proto != 6 || p->l4 == NULL)
        return false;
    return (p->tcp.win == c->v) != c->neg;
}

const struct keyword kw_window = {
    .name = "window",
    .setup = setup_window,
    .match = match_window,
    .free = free,
};

/* ---- tcp.mss ---- */

static int setup_tcp_mss(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct num_cmp *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return VG_ENOMEM;
    if (hdr_num_parse(value, 65535, c, err, errlen) != VG_OK) {
        free(c);
        return VG_EINVAL;
    }
    return sig_builder_add_pkt(b, &kw_tcp_mss, c);
}

static bool match_tcp_mss(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return p->proto == 6 && p->l4 != NULL && p->tcp.has_mss && num_cmp_eval(ctx, p->tcp.mss);
}

const struct keyword kw_tcp_mss = {
    .name = "tcp.mss",
    .setup = setup_tcp_mss,
    .match = match_tcp_mss,
    .free = free,
};
