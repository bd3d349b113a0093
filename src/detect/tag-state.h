/*
 * tag-state.h - the tag keyword's state: which flows and hosts have their packets tagged.
 *
 * A rule with tag:session or tag:host adds an entry when it matches (a post-match
 * action); every later packet of that flow, or with that host as source or destination,
 * is tagged until the entry's count (packets, bytes or seconds, counted from the packet
 * that matched, included) is used up. Tagged packets are written as EVE "packet" records
 * (output/eve-packet.h) when eve-log's alert "tagged-packets" is on. The packet that
 * matched is not itself tagged: its alert carries it.
 *
 * One bounded table per worker (like hostbits, host-vars.h): entries live in a fixed
 * array chained in hash buckets by key (the flow id, or the host's address); an entry is
 * freed when its count is used up, or, when the table is full, if it saw no packet for
 * TAG_IDLE_USEC (flows that ended before their count). A tag that still does not fit is
 * dropped and counted. At most TAG_MAX_PER_KEY entries per flow or host, as Suricata.
 * A rule tags a flow or host once: while its entry lives, a new match does not restart it.
 */
#ifndef VG_DETECT_TAG_STATE_H
#define VG_DETECT_TAG_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "util/stats.h"

#define TAG_MAX_ENTRIES_DEFAULT 4096
#define TAG_MAX_PER_KEY         50
#define TAG_DEFAULT_COUNT       256
#define TAG_IDLE_USEC           (600ull * 1000000ull)

enum tag_scope {
    TAG_SCOPE_SESSION = 1,
    TAG_SCOPE_HOST = 2,
};

enum tag_metric {
    TAG_METRIC_PACKETS = 0,
    TAG_METRIC_BYTES = 1,
    TAG_METRIC_SECONDS = 2,
};

/* One tag keyword's parsed value (the sig_match ctx of kw/tag-keywords.c). */
struct tag_spec {
    uint8_t scope;  /* enum tag_scope */
    uint8_t metric; /* enum tag_metric */
    bool src;       /* host scope: the alert's source address (default: destination) */
    uint32_t count;
};

struct tag_table;

/* A table of at most max_entries (0: TAG_MAX_ENTRIES_DEFAULT). NULL on ENOMEM. Owned by the
 * caller: free with tag_table_free() (NULL is a no-op). */
struct tag_table *tag_table_new(uint32_t max_entries);
void tag_table_free(struct tag_table *tt);

/* Adds the tag of rule gid:sid for p (its flow, or its source/destination host). Returns
 * false when nothing was added: no flow or no IP address to tag, or no room (counted). A
 * tag the rule already holds on that flow or host is left as is (true). */
bool tag_table_add(struct tag_table *tt, const struct tag_spec *ts, const struct packet *p,
        uint32_t gid, uint32_t sid);

/* Accounts p against every live entry for its flow and addresses, freeing the entries it
 * uses up; true if p is a tagged packet. Call once per packet, after detection. */
bool tag_table_check(struct tag_table *tt, const struct packet *p);

/* vigie.detect.tags.active (entries in use) and vigie.detect.tags.dropped (tags that did
 * not fit). */
void tag_table_export_stats(const struct tag_table *tt, struct stats_set *s);

#endif
