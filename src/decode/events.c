/*
 * events.c - packet event names: the table generated from pkt-events.def and lookups.
 *
 * Names are Suricata's, with their "decoder." (or "stream.") prefix. Lookups are linear:
 * they run at rule load, never per packet.
 */
#include "decode/decode.h"

#include <string.h>

static const char *const event_names[PKT_EVENT_MAX] = {
#define PKT_EVENT(e, name) [PKT_EVENT_##e] = name,
#include "decode/pkt-events.def"
#undef PKT_EVENT
};

const char *pkt_event_name(enum pkt_event e)
{
    if ((unsigned)e >= PKT_EVENT_MAX)
        return "unknown";
    return event_names[e];
}

int pkt_event_lookup(const char *name)
{
    for (int e = 0; e < PKT_EVENT_MAX; e++) {
        const char *full = event_names[e];
        const char *dot;

        if (strcmp(full, name) == 0)
            return e;
        dot = strchr(full, '.');
        if (dot != NULL && strcmp(dot + 1, name) == 0)
            return e;
    }
    return -1;
}
