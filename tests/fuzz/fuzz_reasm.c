/*
 * fuzz_reasm.c - libFuzzer target: random segment sequences through one direction's
 * reassembly (stream/reassembly.h), checked against a byte-level model.
 *
 * Input: an 8-byte header (policy, flags, memcap, depth, ISN), then operations of 6
 * bytes each: op, a 16-bit offset or amount, a length, a data seed and a spare byte.
 *   op % 4 == 0, 1: insert len bytes at stream offset (value - 32) (so segments may start
 *                   before the first byte), the bytes derived from the seed (and from the
 *                   offset, so that retransmissions are often identical, sometimes not);
 *   op % 4 == 2:    deliver up to app_off + value % 4096;
 *   op % 4 == 3:    raw window up to app_off + value % 4096 with look-back len, then mark
 *                   it inspected (or half of it when the seed is odd).
 *
 * The model keeps every byte of offsets 0..MODEL_MAX with the extent ("shape") of the
 * segment that first stored it and applies the same host-os-policy table (restated here
 * from Suricata's rules) byte by byte. Checks, each a trap on failure: memuse never above
 * the memcap; every delivered byte and every gap equal the model; a raw window's bytes
 * equal the model's and lie below upto; after freeing the direction memuse is 0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stream/reassembly.h"
#include "stream/stream.h"
#include "util/compiler.h"

#include "fuzz-check.h"

#define MODEL_MAX (65536 + 512)

struct model {
    uint8_t data[MODEL_MAX];
    uint8_t present[MODEL_MAX];
    int32_t ns[MODEL_MAX], ne[MODEL_MAX]; /* shape of the segment that stored the byte */
    uint64_t app_off;
    uint32_t depth;
    uint8_t policy;
};

/* Suricata's IDS-mode overlap rules (an independent restatement of reassembly.c's). */
static bool model_new_wins(uint8_t pol, int64_t ns, int64_t ne, int64_t os, int64_t oe)
{
    bool sol = pol == STREAM_POLICY_SOLARIS || pol == STREAM_POLICY_HPUX11;
    bool left = pol == STREAM_POLICY_BSD || pol == STREAM_POLICY_HPUX10 ||
                pol == STREAM_POLICY_IRIX || pol == STREAM_POLICY_WINDOWS ||
                pol == STREAM_POLICY_WINDOWS2K3 || pol == STREAM_POLICY_OLD_LINUX ||
                pol == STREAM_POLICY_LINUX || pol == STREAM_POLICY_MACOS;
    if (pol == STREAM_POLICY_LAST)
        return true;
    if (ns < os)
        return left || (sol && ne >= oe);
    if (ns == os)
        return (ne >= oe && (sol || pol == STREAM_POLICY_OLD_LINUX)) ||
               (ne > oe && pol == STREAM_POLICY_LINUX);
    return sol && ne > oe;
}

static struct model M;
static uint8_t got[MODEL_MAX], got_present[MODEL_MAX];
static uint64_t got_len;

static void collect(void *ctx, const uint8_t *data, uint32_t len)
{
    (void)ctx;
    if (len == 0)
        fuzz_fail("empty delivery");
    for (uint32_t i = 0; i < len; i++) {
        if (got_len >= MODEL_MAX)
            fuzz_fail("delivered too much");
        got[got_len] = data ? data[i] : 0;
        got_present[got_len] = data != NULL;
        got_len++;
    }
}

/* A raw pass past holes (reasm_raw_blocks): blocks in order, inside upto, separated by
 * bytes the model does not have, equal to the model; the contiguous end from the first
 * new byte agrees with the model too. Then marks the pass (or half of it) inspected. */
static void check_blocks(struct reasm_thread *rt, struct reasm_dir *d, uint64_t upto, uint32_t back,
        bool skip_holes, bool half)
{
    struct reasm_raw r;
    uint64_t raw_before = d->raw_off, prev_end = 0;

    if (d->raw_off >= d->app_off) {
        uint64_t ce = reasm_contig_end(d, d->raw_off);
        for (uint64_t b = d->raw_off; b < ce; b++)
            if (b >= MODEL_MAX || !M.present[b])
                fuzz_fail("contig end past a hole");
        if (ce < MODEL_MAX && M.present[ce] && ce < reasm_stored_end(d))
            fuzz_fail("contig end short");
    }
    if (reasm_raw_blocks(rt, d, upto, back, skip_holes, &r) == 0)
        return;
    if (r.n > REASM_RAW_BLOCKS_MAX || r.end > upto || r.end <= raw_before)
        fuzz_fail("raw blocks bounds");
    for (uint32_t i = 0; i < r.n; i++) {
        const struct reasm_raw_block *b = &r.b[i];
        if (b->len == 0 || (i > 0 && b->off <= prev_end) || b->off + b->len > MODEL_MAX ||
                b->pos + b->len > r.data.len)
            fuzz_fail("raw block layout");
        if (i > 0 && M.present[prev_end])
            fuzz_fail("raw block hole is data");
        for (uint32_t k = 0; k < b->len; k++)
            if (!M.present[b->off + k] || M.data[b->off + k] != r.data.p[b->pos + k])
                fuzz_fail("raw block data");
        prev_end = b->off + b->len;
    }
    if (prev_end != r.end)
        fuzz_fail("raw blocks end");
    uint64_t end = r.end;
    if (half && end - raw_before > 1)
        end = raw_before + (end - raw_before) / 2;
    reasm_raw_advance(rt, d, end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    struct reasm_thread rt;
    struct reasm_dir d;
    uint8_t pol = (uint8_t)(data[0] % STREAM_POLICY_MAX);
    uint64_t memcap = 256 + ((uint64_t)data[2] | (uint64_t)data[3] << 8) * 8;
    uint32_t depth = (data[1] & 1) ? ((uint32_t)data[4] | (uint32_t)data[5] << 8) : 0;
    uint32_t isn = (uint32_t)data[6] << 24 | (uint32_t)data[7] << 16 | 0xfff0u;

    reasm_thread_init(&rt, memcap);
    reasm_dir_init(&d, isn, depth, pol);
    if (data[1] & 2)
        d.flags |= REASM_F_NO_RAW;
    if (data[1] & 4)
        d.raw_keep = data[1] & 8 ? 0 : 16;
    memset(&M, 0, sizeof(M));
    M.depth = depth;
    M.policy = pol;

    uint8_t seg[256];
    for (size_t i = 8; i + 6 <= size; i += 6) {
        const uint8_t *o = data + i;
        uint32_t v = (uint32_t)o[1] | (uint32_t)o[2] << 8;
        uint32_t len = o[3], seed = o[4];
        switch (o[0] % 4) {
        case 0:
        case 1: {
            int64_t off = (int64_t)v - 32;
            for (uint32_t k = 0; k < len; k++)
                seg[k] = (uint8_t)((seed & 0x80) ? seed + k : (uint8_t)(off + k) * 7 + (seed & 3));
            unsigned ev = reasm_insert(&rt, &d, isn + 1 + (uint32_t)off, seg, len);
            if (ev & REASM_EV_MEMCAP)
                break; /* refused whole: the model stays as it is */
            for (uint32_t k = 0; k < len; k++) {
                int64_t b = off + k;
                if (b < 0 || (uint64_t)b < M.app_off || (depth && b >= depth))
                    continue;
                if (!M.present[b]) {
                    M.present[b] = 1;
                    M.data[b] = seg[k];
                    M.ns[b] = (int32_t)off;
                    M.ne[b] = (int32_t)(off + len);
                } else if (model_new_wins(pol, off, off + len, M.ns[b], M.ne[b])) {
                    M.data[b] = seg[k];
                }
            }
            break;
        }
        case 2: {
            uint64_t upto = d.app_off + v % 4096;
            if (upto > 65536)
                upto = 65536;
            if (upto <= d.app_off)
                break;
            uint64_t from = d.app_off;
            got_len = 0;
            reasm_deliver(&rt, &d, upto, collect, NULL);
            uint64_t lim = depth ? VG_MIN(upto, (uint64_t)depth) : upto;
            if (d.app_off != upto)
                fuzz_fail("app_off not upto");
            if (got_len != (lim > from ? lim - from : 0))
                fuzz_fail("delivered length");
            for (uint64_t b = from; b < lim; b++) {
                if (got_present[b - from] != M.present[b])
                    fuzz_fail("gap mismatch");
                if (M.present[b] && got[b - from] != M.data[b])
                    fuzz_fail("data mismatch");
            }
            M.app_off = upto;
            break;
        }
        case 3: {
            struct slice w;
            uint64_t woff;
            uint64_t upto = VG_MIN(d.app_off + v % 4096, (uint64_t)65536);
            uint64_t raw_before = d.raw_off;
            if (seed & 2) {
                check_blocks(&rt, &d, upto, len, (seed & 4) != 0, seed & 1);
                break;
            }
            if (!reasm_raw_window(&rt, &d, upto, len, &w, &woff))
                break;
            if (w.len == 0 || woff + w.len > upto || woff + w.len <= raw_before ||
                    woff + w.len > MODEL_MAX)
                fuzz_fail("raw window bounds");
            for (size_t k = 0; k < w.len; k++)
                if (!M.present[woff + k] || M.data[woff + k] != w.p[k])
                    fuzz_fail("raw window data");
            uint64_t end = woff + w.len;
            if ((seed & 1) && end - raw_before > 1)
                end = raw_before + (end - raw_before) / 2;
            reasm_raw_advance(&rt, &d, end);
            break;
        }
        }
        if (rt.memuse > rt.memcap)
            fuzz_fail("memuse above memcap");
        if (d.stored > rt.memuse)
            fuzz_fail("stored above memuse");
    }
    reasm_dir_free(&rt, &d);
    if (rt.memuse != 0 || d.n_segs != 0 || d.stored != 0)
        fuzz_fail("memory not returned");
    reasm_thread_release(&rt);
    return 0;
}
