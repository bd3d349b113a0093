/*
 * reassembly.h - one direction's TCP byte stream rebuilt from segments.
 *
 * The session tracker (stream.c, tcp-session.c) decides which segments are acceptable and
 * when bytes are acknowledged; this module only stores segment data and rebuilds the
 * stream. It knows nothing of flags, windows or states.
 *
 * A reasm_dir holds the segments of one direction above the point already handed to the
 * app layer, ordered by sequence number (32-bit wraparound handled: all comparisons are
 * relative to base_seq). Overlapping data is resolved by the direction's overlap policy
 * (Suricata's host-os-policy semantics: which copy of a byte wins, the old or the new,
 * depending on how the segments start and end); an overlap whose bytes differ reports
 * REASM_EV_OVERLAP_DIFFERENT_DATA. Data beyond the reassembly depth is not stored
 * (REASM_F_DEPTH_REACHED). Every stored byte is charged to the reasm_thread's memcap; a
 * segment that does not fit is refused (REASM_EV_MEMCAP) and counted, and the tracker then
 * stops reassembling that session.
 *
 * Stream offsets are 64-bit byte positions counted from the first byte after the ISN
 * (offset 0 = sequence isn+1), so they never wrap; the raw-inspection and app-delivery
 * marks are offsets.
 */
#ifndef VG_STREAM_REASSEMBLY_H
#define VG_STREAM_REASSEMBLY_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cursor.h"
#include "util/stats.h"

/* Events reasm_insert() reports (bit mask); the tracker turns them into packet events. */
enum {
    REASM_EV_OVERLAP = 1u << 0,                /* stream.reassembly_overlap... (counted) */
    REASM_EV_OVERLAP_DIFFERENT_DATA = 1u << 1, /* stream.reassembly_overlap_different_data */
    REASM_EV_MEMCAP = 1u << 2,                 /* refused: reassembly memcap reached */
    REASM_EV_DEPTH = 1u << 3,                  /* (part of) the data was beyond the depth */
    REASM_EV_SEQ_GAP = 1u << 4,                /* the segment starts after a hole */
};

/* reasm_dir flags. */
enum {
    REASM_F_DEPTH_REACHED = 1u << 0, /* nothing beyond depth is stored any more */
    REASM_F_DISABLED = 1u << 1,      /* no more reassembly (memcap, depth, gap policy) */
    REASM_F_NO_RAW = 1u << 2,        /* no raw inspection: segments freed once delivered */
};

struct reasm_seg; /* private to reassembly.c */

struct reasm_dir {
    uint32_t isn;   /* initial sequence number: offset 0 is isn + 1 */
    uint32_t depth; /* bytes to reassemble, 0 = unlimited */
    uint8_t policy; /* enum stream_os_policy (stream.h) */
    uint8_t flags;  /* REASM_F_* */
    uint16_t pad;
    struct reasm_seg *segs; /* ordered by offset; private */
    uint32_t n_segs;
    uint64_t app_off; /* bytes handed to the app layer (offsets below: delivered) */
    uint64_t raw_off; /* bytes inspected by raw stream detection */
    uint64_t stored;  /* bytes stored now (charged to the memcap) */
    /* Added by reassembly.c's owner (private unless noted): */
    uint32_t raw_keep;             /* bytes below min(app_off, raw_off) kept for the raw
                                    * window's look-back; the tracker may set it (default
                                    * REASM_RAW_KEEP_DEFAULT) */
    struct reasm_seg *root, *tail; /* search tree over segs, last segment */
};

/* Default look-back kept for raw inspection (Suricata's default chunk size). */
#define REASM_RAW_KEEP_DEFAULT 2560u

/* Size classes of the per-worker cache of freed pieces (reassembly.c). */
#define REASM_CACHE_CLASSES 32

/* Per-worker memory accounting and counters. */
struct reasm_thread {
    uint64_t memcap; /* this worker's share of stream.reassembly.memcap */
    uint64_t memuse;
    uint8_t *scratch; /* raw-window copy buffer, owned */
    uint32_t scratch_cap;
    uint64_t cnt_memcap_drop, cnt_overlap, cnt_overlap_diff, cnt_gaps, cnt_depth;
    uint64_t rng;  /* private: segment tree priorities */
    bool raw_seen; /* private: reasm_raw_window() was called (look-back worth keeping) */
    struct reasm_seg *free_segs[REASM_CACHE_CLASSES]; /* private: freed pieces by size */
    uint64_t cached;                                  /* private: bytes in free_segs */
};

void reasm_thread_init(struct reasm_thread *rt, uint64_t memcap);
void reasm_thread_release(struct reasm_thread *rt);

/* Starts a direction whose initial sequence number is isn. */
void reasm_dir_init(struct reasm_dir *d, uint32_t isn, uint32_t depth, uint8_t policy);
/* Frees every segment of d (returns their memory to rt). */
void reasm_dir_free(struct reasm_thread *rt, struct reasm_dir *d);

/* Stream offset of sequence number seq (seq may be below isn + 1 after wraparound: the
 * offset is computed relative to the last known position, so it is always right for
 * sequence numbers within 2^31 of it). */
uint64_t reasm_seq_to_off(const struct reasm_dir *d, uint32_t seq);

/* Stores len bytes at sequence seq (already accepted by the tracker). Bytes below app_off
 * are ignored (already delivered; compared when different: overlap event). Returns the
 * REASM_EV_* bit mask of what happened. */
unsigned reasm_insert(struct reasm_thread *rt, struct reasm_dir *d, uint32_t seq,
        const uint8_t *data, uint32_t len);

/* Hands the app layer the bytes from app_off up to offset `upto` (exclusive): each
 * contiguous run through fn(data, len); a hole before upto (bytes never seen though the
 * receiver acknowledged them) through fn(NULL, hole_len) and counted as a gap. app_off then
 * equals upto. Segments both delivered and raw-inspected are freed. Bytes at or beyond the
 * depth are never stored and are skipped silently (no gap); fn may be NULL (the bytes are
 * only marked delivered, holes still counted). */
typedef void (*reasm_deliver_fn)(void *ctx, const uint8_t *data, uint32_t len);
void reasm_deliver(struct reasm_thread *rt, struct reasm_dir *d, uint64_t upto, reasm_deliver_fn fn,
        void *ctx);

/* The contiguous bytes from raw_off (minus up to `back` bytes already inspected) up to
 * `upto` (exclusive) or the first hole, in out (pointing into a segment, or into
 * rt->scratch when the bytes span segments); *offset is out's first byte's offset.
 * False when there is nothing new. A hole at raw_off that the app layer already got as a
 * gap (below app_off) is skipped: the window then starts after it, without look-back. */
bool reasm_raw_window(struct reasm_thread *rt, const struct reasm_dir *d, uint64_t upto,
        uint32_t back, struct slice *out, uint64_t *offset);
/* Most contiguous blocks one raw pass returns (holes between them). */
#define REASM_RAW_BLOCKS_MAX 16

/* One raw pass: contiguous blocks of the stream, separated by holes, back to back in
 * data. Block i's bytes are data.p[b[i].pos .. b[i].pos + b[i].len), its first byte is at
 * stream offset b[i].off. Only the first block has look-back (bytes before raw_off). */
struct reasm_raw {
    struct slice data;
    uint64_t end; /* stream offset after the last block (raw inspection is done up to it) */
    uint32_t n;
    struct reasm_raw_block {
        uint64_t off;
        uint32_t pos, len;
    } b[REASM_RAW_BLOCKS_MAX];
};

/* Like reasm_raw_window(), but goes on past holes: those below app_off (reported to the
 * app layer as gaps) and, when skip_holes, any hole (the session ended: nothing will fill
 * them), up to REASM_RAW_BLOCKS_MAX blocks. data points into a piece (one block in one
 * piece) or into rt->scratch, valid until the next call or reasm_raw_advance(). Returns
 * out->n, 0 when there is nothing new. */
uint32_t reasm_raw_blocks(struct reasm_thread *rt, const struct reasm_dir *d, uint64_t upto,
        uint32_t back, bool skip_holes, struct reasm_raw *out);

/* End of the last stored byte below limit (at most limit), or app_off when nothing is
 * stored between app_off and limit. */
uint64_t reasm_data_end_below(const struct reasm_dir *d, uint64_t limit);

/* End of the bytes stored contiguously from offset from (from itself when the byte at from
 * is not stored). */
uint64_t reasm_contig_end(const struct reasm_dir *d, uint64_t from);

/* Raw inspection is done up to offset end; frees what is no longer needed. */
void reasm_raw_advance(struct reasm_thread *rt, struct reasm_dir *d, uint64_t end);

/* Highest offset + 1 of stored data, or app_off when none is stored. */
uint64_t reasm_stored_end(const struct reasm_dir *d);

/* Adds the tcp.* reassembly counters of rt to s. */
void reasm_export_stats(const struct reasm_thread *rt, struct stats_set *s);

#endif
