/*
 * decode.h - the decode stage: link layer to transport header, tunnels and IP defrag.
 *
 * decode_packet() takes a captured packet (data/caplen/datalink set) and fills its decoded
 * fields, setting typed events for every malformation (PKT_EVENT_*). Tunnels (GRE, ERSPAN,
 * VXLAN, GENEVE, Teredo, IP-in-IP) and reassembled IP datagrams produce pseudo packets,
 * already decoded, which the caller takes with decode_take_pseudo() and processes after
 * the packet that produced them, then hands back with decode_put_pseudo().
 *
 * One decode_thread per worker; nothing here is shared between threads.
 */
#ifndef VG_DECODE_DECODE_H
#define VG_DECODE_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "decode/decode-types.h"
#include "decode/decode-counters.h"
#include "decode/defrag.h"
#include "util/stats.h"

/* Most pseudo packets one captured packet may produce (nested tunnels, defrag). */
#define DECODE_PSEUDO_MAX 8

/*
 * Checksum validation. Suricata's keys and semantics:
 *   capture.checksum-validation: none|all   forced off / on (the CLI's -k X is mapped to
 *                                           --set capture.checksum-validation=X);
 *   stream.checksum-validation: no          off;
 *   pcap-file.checksum-checks: auto|yes|no  default auto: validate, but a worker that sees
 *                                           more than 10% bad checksums among its first 1000
 *                                           packets stops validating (Suricata's auto mode).
 */
enum decode_csum_mode {
    DECODE_CSUM_AUTO,
    DECODE_CSUM_ON,
    DECODE_CSUM_OFF,
};

/* Stats name of an event counter ("decoder.event.ipv4.trunc_pkt"). */
#define DECODE_EVENT_STAT_NAME_MAX 64

/* IPv4 options seen, as p->ip4.opts bits (for the ipopts keyword). */
enum {
    IPV4_OPT_F_EOL = 1u << 0,
    IPV4_OPT_F_NOP = 1u << 1,
    IPV4_OPT_F_RR = 1u << 2,
    IPV4_OPT_F_TS = 1u << 3,
    IPV4_OPT_F_QS = 1u << 4,
    IPV4_OPT_F_SEC = 1u << 5,
    IPV4_OPT_F_LSRR = 1u << 6,
    IPV4_OPT_F_CIPSO = 1u << 7,
    IPV4_OPT_F_SID = 1u << 8,
    IPV4_OPT_F_SSRR = 1u << 9,
    IPV4_OPT_F_RTRALT = 1u << 10,
    IPV4_OPT_F_ESEC = 1u << 11,
};

/* IPv6 extension headers seen, as p->ip6.exthdrs bits. */
enum {
    IPV6_EXT_F_HOP = 1u << 0,
    IPV6_EXT_F_ROUTING = 1u << 1,
    IPV6_EXT_F_FRAG = 1u << 2,
    IPV6_EXT_F_DSTOPTS = 1u << 3,
    IPV6_EXT_F_AH = 1u << 4,
    IPV6_EXT_F_ESP = 1u << 5,
    IPV6_EXT_F_NONE = 1u << 6,
    IPV6_EXT_F_MH = 1u << 7,
    IPV6_EXT_F_HIP = 1u << 8,
    IPV6_EXT_F_SHIM6 = 1u << 9,
};

struct decode_config {
    bool checksum_validation; /* validate checksums (on or auto mode); see above */
    enum decode_csum_mode csum_mode;
    uint8_t max_layers; /* decoder.max-layers: tunnel/VLAN nesting limit (16) */
    bool vxlan_enabled;
    uint16_t vxlan_port; /* 4789 */
    bool geneve_enabled;
    uint16_t geneve_port; /* 6081 */
    bool teredo_enabled;
    bool erspan_typeI_enabled; /* decoder.erspan.typeI.enabled */
    struct defrag_config defrag;
    /* Built by decode_config_load(): counter names that decode_export_stats() hands to
     * stats sets, so the config must outlive them. */
    char event_stat_name[PKT_EVENT_MAX][DECODE_EVENT_STAT_NAME_MAX];
};

struct decode_thread {
    const struct decode_config *cfg;
    struct decode_counters cnt;
    struct defrag_table *defrag;
    /* pseudo packets: a fixed ring of preallocated packets */
    struct packet pseudo[DECODE_PSEUDO_MAX];
    bool pseudo_busy[DECODE_PSEUDO_MAX];
    uint8_t queue[DECODE_PSEUDO_MAX];
    uint8_t q_head, q_len;
    /* per-packet decoding state */
    uint8_t layers; /* layers decoded so far in this captured packet (max-layers) */
    /* checksum auto mode */
    bool csum_off;     /* auto mode switched validation off for this worker */
    uint64_t csum_bad; /* captured packets with a bad checksum */
};

/* Fills cfg from the config tree with Suricata's built-in defaults. */
int decode_config_load(struct decode_config *cfg, const struct conf *c);
/* cfg must outlive dt. Returns VG_OK or VG_ENOMEM. */
int decode_thread_init(struct decode_thread *dt, const struct decode_config *cfg);
void decode_thread_release(struct decode_thread *dt);

/* Decodes p in place; on failure sets PKT_F_INVALID (and events) rather than failing. */
void decode_packet(struct decode_thread *dt, struct packet *p);
/* Next pseudo packet to process (decoded already), or NULL. */
struct packet *decode_take_pseudo(struct decode_thread *dt);
/* Gives a pseudo packet back once every stage is done with it. */
void decode_put_pseudo(struct decode_thread *dt, struct packet *p);
/* Expires defrag state older than the timeout at time now. */
void decode_timeout(struct decode_thread *dt, uint64_t now_usec);

/* Exports decoder.* and defrag.* counters. */
void decode_export_stats(const struct decode_thread *dt, struct stats_set *s);

/* Counts one more decoded layer for the packet being decoded; false (and the event
 * decoder.too_many_layers, packet invalid) once decoder.max-layers is exceeded. Every layer
 * decoder calls it first and returns VG_EINVAL when it fails. */
bool decode_layer_enter(struct decode_thread *dt, struct packet *p);

/* Records event e on p and counts it. As in Suricata, a packet holds PKT_EVENTS_MAX events
 * (repeats included); further ones set PKT_F_EVENTS_OVERFLOW and are not counted. */
void pkt_set_event(struct decode_thread *dt, struct packet *p, enum pkt_event e);
bool pkt_has_event(const struct packet *p, enum pkt_event e);
/* Full name ("decoder.ipv4.trunc_pkt"); never NULL for a valid e. */
const char *pkt_event_name(enum pkt_event e);
/* Looks an event up by full name or by the name without its "decoder." / "stream." prefix;
 * returns -1 if unknown. */
int pkt_event_lookup(const char *name);

#endif
