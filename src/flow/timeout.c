/*
 * timeout.c - flow timeouts per protocol class and per state, as Suricata's flow-timeouts.
 *
 * Built-in defaults are Suricata's compiled-in values, which apply to every key a config
 * leaves out (the shipped suricata.yaml sets larger TCP values; tests run with partial
 * configs, so the built-in ones matter):
 *
 *              new  established  closed  bypassed | emergency: new  est  closed  bypassed
 *   default     30          300       0       100 |             10  100       0        50
 *   tcp         30          300      10       100 |             10  100       5        50
 *   udp         30          300       0       100 |             10  100       0        50
 *   icmp        30          300       0       100 |             10  100       0        50
 *
 * A protocol section that the config omits inherits nothing from "default": like Suricata,
 * each key falls back to that protocol's built-in value. Only the timeouts are here; the
 * expiry pass itself walks the table's lists (table.c).
 */
#include "flow/flow.h"

#include "util/err.h"
#include "util/log.h"

enum flow_proto_class flow_proto_class(uint8_t proto)
{
    switch (proto) {
    case 6:
        return FLOW_PROTO_TCP;
    case 17:
        return FLOW_PROTO_UDP;
    case 1:
        return FLOW_PROTO_ICMP;
    default:
        return FLOW_PROTO_DEFAULT;
    }
}

void flow_timeouts_defaults(struct flow_config *cfg)
{
    static const struct flow_timeouts normal[FLOW_PROTO_MAX] = {
        [FLOW_PROTO_DEFAULT] = { 30, 300, 0, 100 },
        [FLOW_PROTO_TCP] = { 30, 300, 10, 100 },
        [FLOW_PROTO_UDP] = { 30, 300, 0, 100 },
        [FLOW_PROTO_ICMP] = { 30, 300, 0, 100 },
    };
    static const struct flow_timeouts emerg[FLOW_PROTO_MAX] = {
        [FLOW_PROTO_DEFAULT] = { 10, 100, 0, 50 },
        [FLOW_PROTO_TCP] = { 10, 100, 5, 50 },
        [FLOW_PROTO_UDP] = { 10, 100, 0, 50 },
        [FLOW_PROTO_ICMP] = { 10, 100, 0, 50 },
    };
    int i;

    for (i = 0; i < FLOW_PROTO_MAX; i++) {
        cfg->timeouts[i] = normal[i];
        cfg->emerg_timeouts[i] = emerg[i];
    }
}

uint32_t flow_timeout_sec(
        const struct flow_config *cfg, enum flow_proto_class cls, uint8_t st, bool emerg)
{
    const struct flow_timeouts *t = emerg ? &cfg->emerg_timeouts[cls] : &cfg->timeouts[cls];

    switch (st) {
    case FLOW_STATE_NEW:
        return t->new_sec;
    case FLOW_STATE_ESTABLISHED:
        return t->est_sec;
    default:
        return t->closed_sec;
    }
}

/* Reads one non-negative number of seconds; keeps *out if absent. */
static int get_secs(
        const struct conf *c, const struct conf_node *sec, const char *key, uint32_t *out)
{
    int64_t v;
    int rc = conf_get_int(c, sec, key, &v);

    if (rc < 0)
        return rc;
    if (rc == 0)
        return VG_OK;
    if (v < 0 || v > UINT32_MAX) {
        log_error(LOG_FLOW, "%s: flow-timeouts.%s: %lld is out of range",
                c->path ? c->path : "config", key, (long long)v);
        return VG_EINVAL;
    }
    *out = (uint32_t)v;
    return VG_OK;
}

static int load_section(const struct conf *c, const struct conf_node *sec, struct flow_timeouts *n,
        struct flow_timeouts *e)
{
    struct {
        const char *key;
        uint32_t *dst;
    } keys[] = {
        { "new", &n->new_sec },
        { "established", &n->est_sec },
        { "closed", &n->closed_sec },
        { "bypassed", &n->bypassed_sec },
        { "emergency-new", &e->new_sec },
        { "emergency-established", &e->est_sec },
        { "emergency-closed", &e->closed_sec },
        { "emergency-bypassed", &e->bypassed_sec },
    };
    size_t i;
    int rc;

    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        rc = get_secs(c, sec, keys[i].key, keys[i].dst);
        if (rc < 0)
            return rc;
    }
    return VG_OK;
}

int flow_timeouts_load(struct flow_config *cfg, const struct conf *c)
{
    static const char *const names[FLOW_PROTO_MAX] = {
        [FLOW_PROTO_DEFAULT] = "default",
        [FLOW_PROTO_TCP] = "tcp",
        [FLOW_PROTO_UDP] = "udp",
        [FLOW_PROTO_ICMP] = "icmp",
    };
    const struct conf_node *root = conf_get(c, NULL, "flow-timeouts");
    const struct conf_node *sec;
    int i, rc;

    if (root == NULL)
        return VG_OK;
    for (i = 0; i < FLOW_PROTO_MAX; i++) {
        sec = conf_get(c, root, names[i]);
        if (sec == NULL)
            continue;
        rc = load_section(c, sec, &cfg->timeouts[i], &cfg->emerg_timeouts[i]);
        if (rc < 0)
            return rc;
    }
    return VG_OK;
}
