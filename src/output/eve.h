/*
 * eve.h - EVE JSON output: Suricata's event log, one JSON object per line.
 *
 * An eve_output is opened once by main() from the "outputs" section of the config and is
 * shared read-only by the workers; each worker owns an eve_thread holding its JSON writer
 * and an output buffer. A record is built with eve_begin() ... eve_commit(); committed
 * lines collect in the thread's buffer and reach the file in whole lines, with one write()
 * on an O_APPEND descriptor, so lines from several workers never interleave and no lock is
 * taken. A record that does not fit its size cap is dropped whole and counted.
 */
#ifndef VG_OUTPUT_EVE_H
#define VG_OUTPUT_EVE_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "decode/decode-types.h"
#include "util/json.h"
#include "util/stats.h"

/* Record types that can be switched on in eve-log "types". */
enum eve_type {
    EVE_TYPE_ALERT,
    EVE_TYPE_ANOMALY,
    EVE_TYPE_FLOW,
    EVE_TYPE_STATS,
    EVE_TYPE_HTTP,
    EVE_TYPE_DNS,
    EVE_TYPE_TLS,
    EVE_TYPE_FILES,
    EVE_TYPE_SSH,
    EVE_TYPE_SMB,
    EVE_TYPE_MDNS,
    EVE_TYPE_LLMNR,
    EVE_TYPE_MAX
};

struct eve_config {
    bool enabled;       /* an eve-log output is configured */
    char filename[256]; /* relative to the log dir, default "eve.json" */
    bool append;        /* "append", default yes; no truncates at open */
    bool types[EVE_TYPE_MAX];
    bool community_id;
    uint16_t community_id_seed;
    bool ethernet;      /* add ether{} to records */
    bool ipv6_compress; /* "::" notation instead of Suricata's full form */
    bool metadata;      /* "metadata" (default yes): top-level metadata{flowbits...} */
    /* anomaly options */
    bool anomaly_decode, anomaly_stream, anomaly_applayer;
    /* stats options */
    bool stats_totals, stats_threads, stats_deltas;
    bool stats_skip_zero; /* "null-values: no": omit zero counters (default: write them) */
};

/* The 5-tuple and VLANs as written in a record's header. Zero-initialise it (= { 0 }) before
 * filling it by hand: every field added later defaults to "absent" when zero. */
struct eve_tuple {
    uint8_t ip_ver; /* 4 or 6; 0 writes no addresses, proto nor ip_v */
    uint8_t proto;
    struct vg_addr src, dst;
    uint16_t sp, dp;
    bool has_ports; /* TCP, UDP, SCTP */
    uint8_t vlan_cnt;
    uint16_t vlan_id[PKT_VLAN_MAX];
    /* ICMP type and code, written as icmp_type/icmp_code (Suricata does for ICMPv4/v6). */
    bool has_icmp;
    uint8_t icmp_type, icmp_code;
    /* Packet-level MACs, written as ether{src_mac,dest_mac} when eve-log "ethernet: yes". */
    bool has_eth;
    uint8_t eth_src[6], eth_dst[6];
};

struct eve_output;
struct eve_thread;

/* Fills cfg from the config tree with Suricata's built-in defaults for absent keys: the first
 * "outputs" entry "eve-log" with "enabled: yes" (none: cfg->enabled is false and no eve.json
 * is written); only the record types listed in its "types" are on. Returns VG_OK, or a
 * negative VG_E* after logging "file:line: reason" for an invalid value. */
int eve_config_load(struct eve_config *cfg, const struct conf *c);
/* Opens LOGDIR/filename (filename as is when absolute) for appending, as Suricata does,
 * creating it (mode 0640). On failure logs "PATH: reason" and returns a negative VG_E*.
 * With cfg->enabled false no file is opened and the output silently discards records. The
 * returned output is owned by the caller; free with eve_output_close() after every thread
 * using it is freed. */
int eve_output_open(struct eve_output **out, const struct eve_config *cfg, const char *logdir);
/* Flushes nothing (threads flush their own) and closes the file. NULL is a no-op. */
void eve_output_close(struct eve_output *out);
const struct eve_config *eve_output_config(const struct eve_output *out);
/* True if records of type t are to be written. */
bool eve_enabled(const struct eve_output *out, enum eve_type t);

/* A per-worker writer, or NULL when out of memory; owned by the caller, free with
 * eve_thread_free() (which flushes). */
struct eve_thread *eve_thread_new(struct eve_output *out);
void eve_thread_free(struct eve_thread *t);
/* Writes the buffered lines to the file with one write(). Returns VG_OK, or VG_EIO after a
 * write error (the lines are dropped and counted, the error is logged once per output).
 * Call it when a worker goes idle or at the end of the input; full buffers flush alone. */
int eve_thread_flush(struct eve_thread *t);
/* The output t writes to. */
struct eve_output *eve_thread_output(const struct eve_thread *t);

/* Starts a record: writes timestamp, flow_id (if non-zero), pcap_cnt (if non-zero),
 * event_type and, if tuple is non-NULL, vlan, src_ip, src_port, dest_ip, dest_port, proto,
 * ip_v, icmp_type/icmp_code and ether (in Suricata's order; absent parts omitted). Returns
 * the thread's writer (never NULL) positioned inside the top-level object so the caller can
 * add its own members; finish with eve_commit(). One record at a time per thread. */
struct json *eve_begin(struct eve_thread *t, const char *event_type, uint64_t ts_usec,
        uint64_t flow_id, uint64_t pcap_cnt, const struct eve_tuple *tuple);
/* Closes the record and queues the line (or drops and counts it if it overflowed). */
void eve_commit(struct eve_thread *t);
/* Drops the record begun with eve_begin() (nothing is written). */
void eve_abort(struct eve_thread *t);

/* Header helpers. */
void eve_tuple_from_packet(struct eve_tuple *tp, const struct packet *p);
/* Suricata's timestamp format: 2025-12-28T18:49:04.467604+0000 (UTC). buf >= 32 bytes. */
void eve_format_ts(char *buf, size_t len, uint64_t ts_usec);
/* Suricata's address text: IPv4 dotted, IPv6 full lower-case unless compress. buf >= 46. */
void eve_format_addr(char *buf, size_t len, uint8_t ip_ver, const struct vg_addr *a, bool compress);
/* Suricata's protocol name ("TCP", "UDP", "ICMP", "IPv6-ICMP", ...) or decimal text. */
const char *eve_proto_name(uint8_t proto, char *buf, size_t len);

/* anomaly records for every event on the packet (decode or stream, per config), if the
 * anomaly type is on: {"anomaly":{"type":"decode","event":"decoder.ipv4.trunc_pkt"}} after
 * the packet's header (pcap_cnt, flow_id via flow_get_id(p->flow), tuple when IP). */
void eve_log_anomalies(struct eve_thread *t, const struct packet *p);
/* The stats record from totals gathered across workers, if the stats type is on. uptime in
 * seconds. Sorts totals and adds decoder.avg_pkt_size (bytes / pkts) when decoder.pkts is
 * present; dotted names become nested objects; names under "vigie." are left out. */
void eve_log_stats(
        struct eve_thread *t, uint64_t ts_usec, uint64_t uptime, struct stats_set *totals);
/* Output counters into s, under "vigie.eve.": records (lines queued), too_large (records
 * dropped whole), write_errors, write_dropped (lines lost to them), dropped_bytes. Names under
 * "vigie." are Vigie's own: they are for summaries and are never written to the EVE stats record,
 * whose schema has no place for them. */
void eve_thread_export_stats(const struct eve_thread *t, struct stats_set *s);

#endif
