/*
 * threshold.h - alert thresholding: the threshold and detection_filter rule keywords,
 * threshold.config (threshold / event_filter, suppress, rate_filter) and the per-worker
 * state that decides, once a signature fully matched, whether its alert goes out.
 *
 * Semantics (Suricata's), per tracked key (by_src: source address, by_dst: destination,
 * by_both: the address pair in either direction, by_rule: the rule, by_flow: the flow),
 * with a window of `seconds` opened by the first match of the key:
 *   - limit: the first `count` matches of the window alert;
 *   - threshold: every `count`-th match of the window alerts;
 *   - both: the `count`-th match of the window alerts, once;
 *   - detection_filter: every match after the first `count` of the window alerts (with
 *     unique_on src_port/dst_port: once more than `count` distinct ports were seen);
 *   - backoff (Suricata 8, with multiplier m instead of seconds): the count-th match
 *     alerts, then the count*m-th, count*m*m-th ...
 * A match after the window starts a new window; without seconds (threshold types other
 * than backoff require it in rules) the window never ends. threshold.config entries: a threshold
 * for a gen_id/sig_id replaces the rule's own threshold; a global one (sig_id 0, and gen_id 0 or
 * the rule's gid) applies to rules with no threshold of their own; suppress drops the alerts of the
 * rule (of every rule for sig_id 0), of listed source / destination / either addresses when track
 * and ip are given; rate_filter is parsed and ignored: it only changes the action (drop/reject),
 * which matters inline only.
 *
 * State. The config is immutable and shared. The counters live in one table shared by
 * the workers (struct threshold_table, lock-striped), as Suricata shares its host and
 * threshold tables: a by_src limit of 1 alerts once whichever worker sees the source, and
 * --threads 1 and --threads N give the same alerts. The table is bounded by max_entries
 * (expired entries are swept when a stripe fills; when nothing can be freed the match
 * alerts, fail-open, and detect.thresholds.memcap is counted). by_flow counters live in
 * the flow (flow-vars.h): flows are pinned to workers, so they need no lock. Each worker
 * holds a struct threshold_ctx: the config, a reference to the table, its own counters.
 */
#ifndef VG_DETECT_THRESHOLD_H
#define VG_DETECT_THRESHOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "detect/rule-vars.h"
#include "detect/sig.h"
#include "util/stats.h"

/* Default bound of one worker's threshold table (entries of about 64 bytes). */
#define THRESHOLD_MAX_ENTRIES_DEFAULT 65536

/* Parses the value of threshold: or detection_filter: (is_df) into out. Returns VG_OK or
 * VG_EINVAL with a reason in err. */
int threshold_parse(
        const char *value, bool is_df, struct sig_threshold *out, char *err, size_t errlen);

/* A parsed threshold.config: immutable, shared by the workers. */
struct threshold_config;

/* Reads a threshold.config file. Bad lines are logged as "file:line: reason" and skipped
 * (*n_errors counts them; may be NULL). vars resolves $VAR in suppress ip lists (may be
 * NULL). Returns VG_OK, VG_ENOENT/VG_EIO when the file cannot be read, VG_ENOMEM. */
int threshold_config_load(struct threshold_config **out, const char *path,
        const struct rule_vars *vars, unsigned *n_errors);
/* The same from text in memory; name labels messages. */
int threshold_config_parse(struct threshold_config **out, const char *text, const char *name,
        const struct rule_vars *vars, unsigned *n_errors);
void threshold_config_free(struct threshold_config *tc);
/* Number of entries kept (tests). */
size_t threshold_config_count(const struct threshold_config *tc);

/* The counters shared by the workers, bounded to max_entries (0:
 * THRESHOLD_MAX_ENTRIES_DEFAULT). The caller holds one reference; NULL on ENOMEM. */
struct threshold_table;
struct threshold_table *threshold_table_new(uint32_t max_entries);
/* Drops a reference; the last one frees the table. NULL is a no-op. */
void threshold_table_free(struct threshold_table *t);

/* A worker's thresholding context on the shared table (it takes a reference). cfg may be
 * NULL (rule thresholds only) and must outlive the context. NULL on ENOMEM. */
struct threshold_ctx *threshold_ctx_new_shared(
        const struct threshold_config *cfg, struct threshold_table *table);
/* A context with a table of its own (one worker, tests); max_entries as above. */
struct threshold_ctx *threshold_ctx_new(const struct threshold_config *cfg, uint32_t max_entries);
void threshold_ctx_free(struct threshold_ctx *tc);

/* Called by the engine after s fully matched p (post actions done): true when the alert
 * goes out, false when thresholding or suppression holds it back. now_usec is packet time.
 * Updates the counters (and p->flow's detect_vars for by_flow). */
bool threshold_check(
        struct threshold_ctx *tc, const struct sig *s, const struct packet *p, uint64_t now_usec);

/* detect.thresholds.* counters: entries in use (of the shared table: stats_max, so the
 * workers' reports are not summed), this context's memcap hits and suppressed alerts. */
void threshold_export_stats(const struct threshold_ctx *tc, struct stats_set *s);

#endif
