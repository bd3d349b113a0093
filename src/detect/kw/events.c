/*
 * events.c - event keywords: decode-event, stream-event, app-layer-event,
 * app-layer-protocol.
 *
 * decode-event:<name> and stream-event:<name> name a packet event of decode/pkt-events.def
 * ("ipv4.trunc_pkt" for "decoder.ipv4.trunc_pkt", "3whs_synack_in_wrong_direction" for
 * "stream.3whs_..."); a name the table does not have fails the rule (stream events appear
 * as the stream stage adds them). They match when the packet carries the event.
 *
 * There is no application layer yet, so the two app-layer keywords are parsed and
 * validated but never match: app-layer-event:<proto>.<event> stores the name;
 * app-layer-protocol:[!]<proto>[,<mode>] checks the protocol name (app-proto-names.h) and
 * would compare it with the flow's detected protocol; with none detected Suricata does not
 * match either form (negated included), which is what every packet sees today.
 */
#include "detect/kw/kw-hdrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "app/app-proto.h"
#include "util/err.h"

/* Copies value trimmed of spaces and quotes into buf; false if empty or too long. */
static bool trimmed(const char *value, char *buf, size_t len)
{
    size_t n;

    if (value == NULL)
        return false;
    while (isspace((unsigned char)*value) || *value == '"')
        value++;
    n = strlen(value);
    while (n > 0 && (isspace((unsigned char)value[n - 1]) || value[n - 1] == '"'))
        n--;
    if (n == 0 || n >= len)
        return false;
    memcpy(buf, value, n);
    buf[n] = '\0';
    return true;
}

static int setup_event(struct sig_builder *b, const struct keyword *kw, const char *prefix,
        const char *value, char *err, size_t errlen)
{
    char name[128], full[160];
    uint16_t *c;
    int e;

    if (!trimmed(value, name, sizeof(name))) {
        snprintf(err, errlen, "%s: an event name is required", kw->name);
        return VG_EINVAL;
    }
    if (strncmp(name, prefix, strlen(prefix)) == 0)
        snprintf(full, sizeof(full), "%s", name);
    else
        snprintf(full, sizeof(full), "%s%s", prefix, name);
    e = pkt_event_lookup(full);
    if (e < 0 || strcmp(pkt_event_name((enum pkt_event)e), full) != 0) {
        snprintf(err, errlen, "%s: unknown event '%.64s'", kw->name, name);
        return VG_EINVAL;
    }
    c = malloc(sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    *c = (uint16_t)e;
    return sig_builder_add_pkt(b, kw, c);
}

static bool match_event(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    const uint16_t *e = ctx;

    return pkt_has_event(p, (enum pkt_event) * e);
}

static int setup_decode_event(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_event(b, &kw_decode_event, "decoder.", value, err, errlen);
}

const struct keyword kw_decode_event = {
    .name = "decode-event",
    .setup = setup_decode_event,
    .match = match_event,
    .free = free,
};

static int setup_stream_event(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return setup_event(b, &kw_stream_event, "stream.", value, err, errlen);
}

const struct keyword kw_stream_event = {
    .name = "stream-event",
    .setup = setup_stream_event,
    .match = match_event,
    .free = free,
};

/* ---- app-layer-event ---- */

static int setup_app_layer_event(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char name[128];
    char *c;

    if (!trimmed(value, name, sizeof(name))) {
        snprintf(err, errlen, "app-layer-event: an event name is required");
        return VG_EINVAL;
    }
    c = strdup(name);
    if (c == NULL)
        return VG_ENOMEM;
    return sig_builder_add_flow(b, &kw_app_layer_event, c);
}

static bool match_never(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    return false;
}

const struct keyword kw_app_layer_event = {
    .name = "app-layer-event",
    .setup = setup_app_layer_event,
    .match = match_never,
    .free = free,
};

/* ---- app-layer-protocol ---- */

struct alp_ctx {
    uint16_t proto;
    bool neg;
};

static int setup_app_layer_protocol(
        struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    char name[64];
    char *comma, *p = name;
    struct alp_ctx *c;
    bool neg = false;
    uint16_t proto;

    if (!trimmed(value, name, sizeof(name)))
        goto bad;
    comma = strchr(name, ',');
    if (comma != NULL) {
        const char *mode = comma + 1;

        *comma = '\0';
        while (isspace((unsigned char)*mode))
            mode++;
        if (strcmp(mode, "toserver") != 0 && strcmp(mode, "toclient") != 0 &&
                strcmp(mode, "direction") != 0 && strcmp(mode, "final") != 0 &&
                strcmp(mode, "original") != 0 && strcmp(mode, "either") != 0) {
            snprintf(err, errlen, "app-layer-protocol: unknown mode '%.32s'", mode);
            return VG_EINVAL;
        }
    }
    if (*p == '!') {
        neg = true;
        p++;
    }
    while (isspace((unsigned char)*p))
        p++;
    proto = strcmp(p, "failed") == 0 ? APP_PROTO_FAILED : app_proto_by_name(p);
    if (proto == APP_PROTO_NONE)
        goto bad;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->proto = proto;
    c->neg = neg;
    return sig_builder_add_flow(b, &kw_app_layer_protocol, c);
bad:
    snprintf(err, errlen, "app-layer-protocol: unknown protocol '%.32s'",
            value == NULL ? "" : value);
    return VG_EINVAL;
}

const struct keyword kw_app_layer_protocol = {
    .name = "app-layer-protocol",
    .setup = setup_app_layer_protocol,
    .match = match_never,
    .free = free,
};
