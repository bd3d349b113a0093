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

struct decode_config {
    bool checksum_validation; /* -k all / checksum-checks: yes; auto and none disable */
    uint8_t max_layers;       /* decoder.max-layers: tunnel/VLAN nesting limit (16) */
    bool vxlan_enabled;
    uint16_t vxlan_port;      /* 4789 */
    bool geneve_enabled;
    uint16_t geneve_port;     /* 6081 */
    bool teredo_enabled;
    bool erspan_typeI_enabled; /* decoder.erspan.typeI.enabled */
    struct defrag_config defrag;
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

/* Records event e on p and counts it (counted even when the packet's list is full). */
void pkt_set_event(struct decode_thread *dt, struct packet *p, enum pkt_event e);
bool pkt_has_event(const struct packet *p, enum pkt_event e);
/* Full name ("decoder.ipv4.trunc_pkt"); never NULL for a valid e. */
const char *pkt_event_name(enum pkt_event e);
/* Looks an event up by full name or by the name without its "decoder." / "stream." prefix;
 * returns -1 if unknown. */
int pkt_event_lookup(const char *name);

#endif
