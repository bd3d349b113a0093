/*
 * sig-group.h - signature groups: which signatures a packet can possibly match.
 *
 * Signatures are grouped by the packet's protocol class (TCP, UDP, ICMPv4, ICMPv6, other
 * IP, not IP) and flow direction (to server, to client). A signature goes into every group
 * it can match: "ip" rules (IP-only) into every IP group, "pkthdr" into all, "icmp" into
 * both ICMP groups, rules without flow:to_server/to_client into both directions; rules for
 * an app-layer protocol into the groups of its transports.
 * Within a group, each buffer that holds fast patterns gets one prefilter database; the
 * rules without a usable fast pattern are "always" candidates.
 *
 * Port groups (Suricata's per-port signature group heads): in the TCP and UDP groups, the
 * packet rules are split further by the server port: the destination port to the server,
 * the source port to the client. The port space is cut into classes of ports that the
 * same rules name; a class gets a group of its own (the port class no rule names, then
 * the classes most rules name, up to SG_PORT_GROUPS_MAX per direction) or shares the
 * last group with the remaining classes. Every port group holds all the rules with "any"
 * server port (and "<>" rules); sig_groups_lookup_pkt() picks one by the packet's port.
 * A port group has its own "always" list; it compiles prefilters of its own only when it
 * holds at most half of the protocol group's patterns, else it scans the protocol group's
 * (ET Open: its "any" port rules dominate, so port groups cut the always candidates and
 * share the databases; compile time and memory stay those of one group). Transaction
 * rules stay in the protocol and direction group (one prefilter per TX buffer there).
 * Ports and addresses are still checked per candidate.
 *
 * Transaction signatures (sig_is_tx(): a TX-scope buffer or a tx list) are kept apart, per
 * group and app-layer protocol (struct sig_group_tx), with one prefilter per TX buffer:
 * they are evaluated per transaction, not per packet. Their direction is the one their
 * buffers need (sig_tx_dir_mask()): a rule with request and response buffers is evaluated
 * on to-client packets, once the response exists, as Suricata does.
 *
 * Fast pattern choice (Suricata's): a content with fast_pattern wins; otherwise the
 * longest non-negated content of the most specific buffer (an app-layer buffer over the
 * packet payload / stream), first one on ties. Contents after base64_data, in buffers with
 * transforms that take a value (xor, pcrexform, from_base64), or negated are not usable.
 * A buffer with parameterless transforms (dotprefix, to_lowercase, ...) gets a prefilter
 * of its own per transform chain, scanned on the transformed bytes, as Suricata does.
 * fast_pattern:offset,length chops the pattern.
 */
#ifndef VG_DETECT_SIG_GROUP_H
#define VG_DETECT_SIG_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "detect/prefilter.h"
#include "detect/sig.h"

enum sig_group_proto {
    SG_TCP,
    SG_UDP,
    SG_ICMP4,
    SG_ICMP6,
    SG_OTHER_IP,
    SG_NOT_IP,
    SG_PROTO_MAX
};

struct sig_group_pf {
    int buffer_id;
    /* the transforms applied before the scan: a list of one of the group's signatures
     * (parameterless transforms only, compared by keyword); NULL or n_xf 0 for none */
    const struct sig_buffer *xf;
    struct prefilter *pf; /* owned */
};

/* The transaction signatures of one app-layer protocol in a group. */
struct sig_group_tx {
    uint16_t app_proto; /* the signatures' app_proto (see sig_app_proto_match()) */
    uint32_t *always;   /* owned: ranks of the rules without a usable TX pattern, ascending */
    uint32_t n_always;
    struct sig_group_pf *pfs; /* owned: one per TX buffer holding fast patterns */
    uint32_t n_pfs;
};

struct sig_group {
    uint32_t *always; /* owned: ranks of the rules without a usable pattern, ascending */
    uint32_t n_always;
    struct sig_group_pf *pfs; /* owned */
    uint32_t n_pfs;
    uint32_t n_sigs;         /* rules in the group (tests, stats) */
    bool pfs_shared;         /* pfs are the protocol group's (a port group), not owned */
    struct sig_group_tx *tx; /* owned: transaction rules by app-layer protocol */
    uint32_t n_tx;
};

/* Most port groups per protocol and direction. */
#define SG_PORT_GROUPS_MAX 16

/* The packet rules of one (protocol, direction) group split by server port. Each port
 * group has its own always list; its prefilters are its own or, when it would hold more
 * than half the protocol group's patterns, the protocol group's (pfs_shared). */
struct sig_port_groups {
    uint8_t *map;        /* owned: 65536 entries, port -> index in g; NULL: not split */
    struct sig_group *g; /* owned: n groups of packet rules (no transaction part) */
    uint32_t n;
};

struct sig_groups {
    struct sig_group g[SG_PROTO_MAX][2];
    /* TCP and UDP: the port groups (when split, g[][]'s packet part serves packets only
     * through the port groups' shared prefilters; its transaction part is used) */
    struct sig_port_groups ports[SG_PROTO_MAX][2];
    void *scratch_proto; /* Hyperscan scratch fitting every database */
    struct prefilter_build_stats pf_stats;
};

/* True if s is evaluated per app-layer transaction (TX-scope buffer or tx list). */
bool sig_is_tx(const struct sig *s);
/* Packet directions (bit 1 << FLOW_DIR_*) on which transaction signature s is evaluated. */
unsigned sig_tx_dir_mask(const struct sig *s);
/* True if a rule for app-layer protocol sig_proto applies to a flow of flow_proto ("http"
 * covers http1 and http2). */
bool sig_app_proto_match(uint16_t sig_proto, uint16_t flow_proto);

/* Chooses s's fast pattern: sets s->fp_buf and s->fp (-1 / NULL when none is usable). */
void sig_choose_fast_pattern(struct sig *s);
/* The bytes of s's fast pattern after fast_pattern:offset,length chopping. */
void sig_fast_pattern_bytes(const struct sig *s, const uint8_t **p, uint16_t *len);

/* Builds the groups of sigs[0..n) (their fast patterns chosen first). rank[num] is the
 * evaluation rank of each signature; prefilters report signature numbers and the always
 * lists hold ranks. Returns VG_OK, VG_ENOMEM or VG_EINVAL (compile error). */
int sig_groups_build(struct sig_groups *sg, struct sig **sigs, uint32_t n, const uint32_t *rank,
        const char *cache_dir);
void sig_groups_release(struct sig_groups *sg);

/* The group for p (protocol and direction: its transaction rules). */
const struct sig_group *sig_groups_lookup(const struct sig_groups *sg, const struct packet *p);
/* The group of packet rules for p: its port group when the group is split by ports, else
 * the same as sig_groups_lookup(). */
const struct sig_group *sig_groups_lookup_pkt(const struct sig_groups *sg, const struct packet *p);

#endif
