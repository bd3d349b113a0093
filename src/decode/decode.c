/*
 * decode.c - the decode stage's entry points: datalink dispatch, config, per-worker state,
 * the pseudo packet ring, counters export.
 *
 * decode_packet() resets the decoded part of a captured packet, counts it, and hands its
 * bytes to the link-layer decoder chosen by the capture's datalink. Each layer decoder
 * (layers.h) sets events and calls the next. Tunnel and defrag results are pseudo packets
 * taken from a small fixed ring owned by the worker, queued in the order they were
 * finished, and handed back by the caller once every later stage is done with them.
 * Nothing here allocates per packet; the only heap memory is a reassembled datagram's
 * buffer, charged to the defrag memcap.
 */
#include "decode/decode.h"

#include <stdio.h>
#include <string.h>

#include "decode/layers.h"
#include "util/err.h"
#include "util/log.h"

/* Datalink types (pcap LINKTYPE_* / DLT_* values). */
enum {
    DLT_VG_NULL = 0,
    DLT_VG_EN10MB = 1,
    DLT_VG_PPP = 9,
    DLT_VG_RAW = 12,
    DLT_VG_RAW_OPENBSD = 14,
    DLT_VG_RAW_LINKTYPE = 101,
    DLT_VG_C_HDLC = 104,
    DLT_VG_LOOP = 108,
    DLT_VG_LINUX_SLL = 113,
    DLT_VG_IPV4 = 228,
    DLT_VG_IPV6 = 229,
    DLT_VG_LINUX_SLL2 = 276,
};

/* Suricata's auto checksum mode: decide after this many packets, off above 1 in 10 bad. */
#define CSUM_AUTO_SAMPLE 1000
#define CSUM_AUTO_RATIO  10

/* A port setting may be "4789", "[4789, 8472]" or a list: the first number wins. */
static int load_port(const struct conf *c, const char *path, uint16_t *port)
{
    const struct conf_node *n = conf_get(c, NULL, path);
    const char *s;
    unsigned long v = 0;
    bool digits = false;

    if (n == NULL)
        return 0;
    if (n->kind == CONF_SEQ && n->child != NULL)
        n = n->child;
    s = n->value;
    if (s == NULL)
        return 0;
    if (s[0] == '$') {
        /* "$VXLAN_PORTS": a port group of vars; absent means the built-in default */
        char key[96];
        snprintf(key, sizeof(key), "vars.port-groups.%s", s + 1);
        s = conf_get_str(c, NULL, key);
        if (s == NULL)
            return 0;
    }
    for (; *s != '\0'; s++) {
        if (*s >= '0' && *s <= '9') {
            v = v * 10 + (unsigned long)(*s - '0');
            digits = true;
            if (v > 65535)
                break;
        } else if (digits) {
            break;
        }
    }
    if (!digits || v == 0 || v > 65535) {
        log_warn(LOG_DECODE, "%s: invalid port \"%s\", using %u", path, n->value, *port);
        return 0;
    }
    *port = (uint16_t)v;
    return 1;
}

static int load_bool(const struct conf *c, const char *path, bool *out)
{
    int rc = conf_get_bool(c, NULL, path, out);
    return rc < 0 ? rc : VG_OK;
}

static void load_csum(struct decode_config *cfg, const struct conf *c)
{
    const char *s;
    bool b;

    cfg->csum_mode = DECODE_CSUM_AUTO;
    s = conf_get_str(c, NULL, "pcap-file.checksum-checks");
    if (s != NULL && strcmp(s, "auto") != 0 && conf_parse_bool(s, &b))
        cfg->csum_mode = b ? DECODE_CSUM_ON : DECODE_CSUM_OFF;
    if (conf_get_bool(c, NULL, "stream.checksum-validation", &b) == 1 && !b)
        cfg->csum_mode = DECODE_CSUM_OFF;
    s = conf_get_str(c, NULL, "capture.checksum-validation");
    if (s != NULL) {
        if (strcmp(s, "none") == 0)
            cfg->csum_mode = DECODE_CSUM_OFF;
        else if (strcmp(s, "all") == 0)
            cfg->csum_mode = DECODE_CSUM_ON;
        else
            log_warn(LOG_DECODE, "capture.checksum-validation: \"%s\" is not none or all", s);
    }
    cfg->checksum_validation = cfg->csum_mode != DECODE_CSUM_OFF;
}

static int load_defrag(struct defrag_config *d, const struct conf *c)
{
    int64_t v;
    uint64_t sz;
    const char *s;
    int rc;

    d->enabled = true;
    d->memcap = 32ull << 20;
    d->timeout_sec = 60;
    d->max_frags = 65535;
    d->trackers = 65535;
    d->policy = DEFRAG_POLICY_BSD;
    if (c == NULL)
        return VG_OK;
    if ((rc = load_bool(c, "defrag.enabled", &d->enabled)) < 0)
        return rc;
    if ((rc = conf_get_size(c, NULL, "defrag.memcap", &sz)) < 0)
        return rc;
    if (rc == 1)
        d->memcap = sz;
    if ((rc = conf_get_int(c, NULL, "defrag.timeout", &v)) < 0)
        return rc;
    if (rc == 1 && v > 0 && v < 86400)
        d->timeout_sec = (uint32_t)v;
    if ((rc = conf_get_int(c, NULL, "defrag.max-frags", &v)) < 0)
        return rc;
    if (rc == 1 && v > 0 && v <= UINT32_MAX)
        d->max_frags = (uint32_t)v;
    if ((rc = conf_get_int(c, NULL, "defrag.trackers", &v)) < 0)
        return rc;
    if (rc == 1 && v > 0 && v <= UINT32_MAX)
        d->trackers = (uint32_t)v;
    s = conf_get_str(c, NULL, "defrag.policy");
    if (s != NULL && !defrag_policy_parse(s, &d->policy)) {
        log_error(LOG_CONF, "defrag.policy: unknown policy \"%s\"", s);
        return VG_EINVAL;
    }
    return VG_OK;
}

/* Counter names of the packet events. Stream events are counted as "stream.<name>" only
 * with stats.stream-events (Suricata's default: off). */
static void build_event_names(struct decode_config *cfg, bool stream_events)
{
    for (int e = 0; e < PKT_EVENT_MAX; e++) {
        const char *name = pkt_event_name((enum pkt_event)e);
        /* Suricata counts this one as decoder.too_many_layers (a decode_counters field),
         * not under decoder.event: leave its event counter unnamed. */
        if (e == PKT_EVENT_DECODER_TOO_MANY_LAYERS)
            cfg->event_stat_name[e][0] = '\0';
        else if (strncmp(name, "stream.", 7) == 0 && !stream_events)
            cfg->event_stat_name[e][0] = '\0';
        else if (strncmp(name, "decoder.", 8) == 0)
            snprintf(cfg->event_stat_name[e], DECODE_EVENT_STAT_NAME_MAX, "decoder.event.%s",
                    name + 8);
        else
            snprintf(cfg->event_stat_name[e], DECODE_EVENT_STAT_NAME_MAX, "%s", name);
    }
}

int decode_config_load(struct decode_config *cfg, const struct conf *c)
{
    bool stream_events = false;
    int64_t v;
    int rc;

    memset(cfg, 0, sizeof(*cfg));
    cfg->max_layers = 16;
    cfg->vxlan_enabled = true;
    cfg->vxlan_port = 4789;
    cfg->geneve_enabled = true;
    cfg->geneve_port = 6081;
    cfg->teredo_enabled = true;
    /* Suricata >= 6 decodes ERSPAN type I by default (suricata-verify decode-erspan-typeI-01) */
    cfg->erspan_typeI_enabled = true;
    cfg->csum_mode = DECODE_CSUM_AUTO;
    cfg->checksum_validation = true;
    if (c != NULL && conf_get_bool(c, NULL, "stats.stream-events", &stream_events) < 0)
        return VG_EINVAL;
    build_event_names(cfg, stream_events);
    if (c != NULL && c->root != NULL) {
        load_csum(cfg, c);
        if ((rc = conf_get_int(c, NULL, "decoder.max-layers", &v)) < 0)
            return rc;
        if (rc == 1)
            cfg->max_layers = (uint8_t)(v < 1 ? 1 : v > 255 ? 255 : v);
        if ((rc = load_bool(c, "decoder.vxlan.enabled", &cfg->vxlan_enabled)) < 0 ||
                (rc = load_bool(c, "decoder.geneve.enabled", &cfg->geneve_enabled)) < 0 ||
                (rc = load_bool(c, "decoder.teredo.enabled", &cfg->teredo_enabled)) < 0 ||
                (rc = load_bool(c, "decoder.erspan.typeI.enabled", &cfg->erspan_typeI_enabled)) < 0)
            return rc;
        load_port(c, "decoder.vxlan.ports", &cfg->vxlan_port);
        load_port(c, "decoder.geneve.ports", &cfg->geneve_port);
        return load_defrag(&cfg->defrag, c);
    }
    return load_defrag(&cfg->defrag, NULL);
}

int decode_thread_init(struct decode_thread *dt, const struct decode_config *cfg)
{
    memset(dt, 0, sizeof(*dt));
    dt->cfg = cfg;
    dt->defrag = defrag_table_new(&cfg->defrag);
    if (dt->defrag == NULL)
        return VG_ENOMEM;
    return VG_OK;
}

void decode_thread_release(struct decode_thread *dt)
{
    for (int i = 0; i < DECODE_PSEUDO_MAX; i++) {
        if (dt->pseudo_busy[i])
            decode_put_pseudo(dt, &dt->pseudo[i]);
    }
    defrag_table_free(dt->defrag);
    dt->defrag = NULL;
}

/* Clears what decoding fills so a recycled packet carries nothing from its last use. */
static void reset_decoded(struct packet *p)
{
    p->flags = 0;
    p->ip_ver = 0;
    p->proto = 0;
    p->vlan_cnt = 0;
    p->recursion = 0;
    memset(p->vlan_id, 0, sizeof(p->vlan_id));
    memset(&p->src, 0, sizeof(p->src));
    memset(&p->dst, 0, sizeof(p->dst));
    p->sp = p->dp = 0;
    p->l3 = p->l4 = p->payload = NULL;
    p->l3_len = p->l4_len = p->payload_len = 0;
    memset(&p->ip4, 0, sizeof(p->ip4));
    memset(&p->ip6, 0, sizeof(p->ip6));
    memset(&p->tcp, 0, sizeof(p->tcp));
    memset(&p->icmp, 0, sizeof(p->icmp));
    p->udp_len = 0;
    p->event_cnt = 0;
    p->root = NULL;
    p->tunnel_id = 0;
    p->flow = NULL;
    p->flow_dir = 0;
}

/* Runs the link-layer decoder for the packet's datalink. */
static int decode_link(struct decode_thread *dt, struct packet *p, struct cursor c)
{
    switch (p->datalink) {
    case DLT_VG_EN10MB:
        return decode_ethernet(dt, p, c);
    case DLT_VG_LINUX_SLL:
        return decode_sll(dt, p, c);
    case DLT_VG_LINUX_SLL2:
        return decode_sll2(dt, p, c);
    case DLT_VG_RAW:
    case DLT_VG_RAW_OPENBSD:
    case DLT_VG_RAW_LINKTYPE:
        return decode_raw(dt, p, c);
    case DLT_VG_IPV4:
        return decode_ipv4(dt, p, c);
    case DLT_VG_IPV6:
        return decode_ipv6(dt, p, c);
    case DLT_VG_NULL:
    case DLT_VG_LOOP:
        return decode_null(dt, p, c);
    case DLT_VG_PPP:
        return decode_ppp(dt, p, c);
    case DLT_VG_C_HDLC:
        return decode_chdlc(dt, p, c);
    default:
        return VG_EUNSUPPORTED;
    }
}

/* Suricata's auto mode: once enough packets were seen, stop trusting checksums when too
 * many are wrong (offloading on the capturing host). */
static void csum_auto_check(struct decode_thread *dt, struct packet *p)
{
    if (dt->cfg->csum_mode != DECODE_CSUM_AUTO)
        return;
    if (dt->csum_off) {
        p->flags &= ~(uint32_t)(PKT_F_IPV4_CSUM_BAD | PKT_F_L4_CSUM_BAD);
        return;
    }
    if (p->flags & (PKT_F_IPV4_CSUM_BAD | PKT_F_L4_CSUM_BAD))
        dt->csum_bad++;
    if (dt->cnt.pkts == CSUM_AUTO_SAMPLE && dt->csum_bad * CSUM_AUTO_RATIO > dt->cnt.pkts) {
        dt->csum_off = true;
        log_info(LOG_DECODE,
                "checksum validation disabled: %llu of the first %u packets had a bad checksum",
                (unsigned long long)dt->csum_bad, CSUM_AUTO_SAMPLE);
    }
}

void decode_packet(struct decode_thread *dt, struct packet *p)
{
    struct cursor c = cur_make(p->data, p->caplen);
    int rc;

    reset_decoded(p);
    dt->layers = 0;
    dt->cnt.pkts++;
    dt->cnt.bytes += p->caplen;
    if (p->caplen > dt->cnt.max_pkt_size)
        dt->cnt.max_pkt_size = p->caplen;
    rc = decode_link(dt, p, c);
    if (rc < 0)
        p->flags |= PKT_F_INVALID;
    if (p->flags & PKT_F_INVALID)
        dt->cnt.invalid++;
    csum_auto_check(dt, p);
}

bool decode_layer_enter(struct decode_thread *dt, struct packet *p)
{
    if (++dt->layers > dt->cfg->max_layers) {
        pkt_set_event(dt, p, PKT_EVENT_DECODER_TOO_MANY_LAYERS);
        p->flags |= PKT_F_INVALID;
        return false;
    }
    return true;
}

void pkt_set_event(struct decode_thread *dt, struct packet *p, enum pkt_event e)
{
    if ((unsigned)e >= PKT_EVENT_MAX)
        return;
    if (e == PKT_EVENT_DECODER_TOO_MANY_LAYERS)
        dt->cnt.too_many_layers++;
    /* As in Suricata, only the events the packet can hold are counted. */
    if (p->event_cnt < PKT_EVENTS_MAX) {
        p->events[p->event_cnt++] = (uint16_t)e;
        dt->cnt.events[e]++;
    } else {
        p->flags |= PKT_F_EVENTS_OVERFLOW;
    }
}

int decode_invalid(struct decode_thread *dt, struct packet *p, enum pkt_event e)
{
    pkt_set_event(dt, p, e);
    p->flags |= PKT_F_INVALID;
    return VG_EINVAL;
}

bool pkt_has_event(const struct packet *p, enum pkt_event e)
{
    for (unsigned i = 0; i < p->event_cnt; i++) {
        if (p->events[i] == (uint16_t)e)
            return true;
    }
    return false;
}

/* --- pseudo packet ring ---------------------------------------------------------------- */

struct packet *decode_pseudo_alloc(struct decode_thread *dt, struct packet *parent)
{
    for (int i = 0; i < DECODE_PSEUDO_MAX; i++) {
        if (dt->pseudo_busy[i])
            continue;
        struct packet *tp = &dt->pseudo[i];
        memset(tp, 0, sizeof(*tp));
        dt->pseudo_busy[i] = true;
        tp->root = parent->root != NULL ? parent->root : parent;
        tp->ts_usec = parent->ts_usec;
        tp->datalink = parent->datalink;
        tp->recursion = (uint8_t)(parent->recursion + 1);
        tp->flags = PKT_F_PSEUDO;
        tp->vlan_cnt = parent->vlan_cnt;
        memcpy(tp->vlan_id, parent->vlan_id, sizeof(tp->vlan_id));
        tp->tunnel_id = parent->tunnel_id;
        return tp;
    }
    return NULL;
}

void decode_pseudo_queue(struct decode_thread *dt, struct packet *tp)
{
    uint8_t idx = (uint8_t)(tp - dt->pseudo);
    uint8_t pos = (uint8_t)((dt->q_head + dt->q_len) % DECODE_PSEUDO_MAX);

    dt->queue[pos] = idx;
    dt->q_len++;
}

struct packet *decode_take_pseudo(struct decode_thread *dt)
{
    struct packet *tp;

    if (dt->q_len == 0)
        return NULL;
    tp = &dt->pseudo[dt->queue[dt->q_head]];
    dt->q_head = (uint8_t)((dt->q_head + 1) % DECODE_PSEUDO_MAX);
    dt->q_len--;
    return tp;
}

void decode_put_pseudo(struct decode_thread *dt, struct packet *p)
{
    ptrdiff_t idx = p - dt->pseudo;

    if (idx < 0 || idx >= DECODE_PSEUDO_MAX || !dt->pseudo_busy[idx])
        return;
    if (p->buf != NULL)
        defrag_release_buf(dt->defrag, p);
    p->buf = NULL;
    p->buf_size = 0;
    dt->pseudo_busy[idx] = false;
}

void decode_timeout(struct decode_thread *dt, uint64_t now_usec)
{
    defrag_timeout(dt->defrag, now_usec);
}

/* --- stats ------------------------------------------------------------------------------ */

void decode_export_stats(const struct decode_thread *dt, struct stats_set *s)
{
    const struct decode_counters *cnt = &dt->cnt;
    const struct defrag_counters *dc;

#define DECODE_COUNTER_EXPORT(f, name) stats_add(s, "decoder." name, cnt->f);
    DECODE_COUNTERS(DECODE_COUNTER_EXPORT)
#undef DECODE_COUNTER_EXPORT
    /* avg_pkt_size is written by the stats record writer as decoder.bytes / decoder.pkts
     * once every worker's totals are summed; we export 0 here so the key exists. */
    stats_add(s, "decoder.avg_pkt_size", 0);
    stats_max(s, "decoder.max_pkt_size", cnt->max_pkt_size);
    stats_max(s, "decoder.max_mac_addrs_src", 0);
    stats_max(s, "decoder.max_mac_addrs_dst", 0);
    for (int e = 0; e < PKT_EVENT_MAX; e++) {
        if (dt->cfg->event_stat_name[e][0] != '\0')
            stats_add(s, dt->cfg->event_stat_name[e], cnt->events[e]);
    }

    if (dt->defrag == NULL)
        return;
    dc = defrag_counters(dt->defrag);
    stats_add(s, "defrag.ipv4.fragments", dc->ipv4_fragments);
    stats_add(s, "defrag.ipv4.reassembled", dc->ipv4_reassembled);
    stats_add(s, "defrag.ipv6.fragments", dc->ipv6_fragments);
    stats_add(s, "defrag.ipv6.reassembled", dc->ipv6_reassembled);
    stats_add(s, "defrag.max_trackers_reached", dc->max_trackers_reached);
    stats_add(s, "defrag.max_frags_reached", dc->max_frags_reached);
    stats_add(s, "defrag.mgr.tracker_timeout", dc->tracker_timeout);
    stats_add(s, "defrag.memuse", dc->memuse);
}
