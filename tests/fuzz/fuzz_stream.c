/*
 * fuzz_stream.c - libFuzzer target: random TCP packet sequences through the stream stage
 * (session tracker + reassembly + delivery), checked for crashes and memory bounds.
 *
 * Input: a 12-byte header (config bits, the reassembly memcap in KiB, the depth in
 * bytes / 16, both ISNs), then packets of 8 bytes each: direction and flags, a signed
 * 16-bit sequence offset and a signed 16-bit ack offset (both relative to what the
 * sending / receiving side sent so far, so that most packets are plausible), a payload
 * length, a payload seed and a timestamp byte. Checks (a trap on failure): reassembly
 * memory never above its cap; at most PKT_EVENTS_MAX events per packet; per direction the
 * consumer sees START once, before anything else, and nothing after EOF; after the flow
 * ends every direction got its EOF and all memory is returned.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "stream/stream-types.h"
#include "stream/stream.h"
#include "util/stats.h"

#include "fuzz-check.h"

static unsigned starts[2], eofs[2];
static uint64_t delivered[2];

static void on_data(void *ctx, struct flow *f, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags)
{
    (void)ctx;
    (void)f;
    (void)p;
    if (dir < 0 || dir > 1)
        fuzz_fail("bad direction");
    if (eofs[dir] != 0)
        fuzz_fail("data after EOF");
    if (flags & STREAM_DATA_F_START) {
        if (starts[dir]++ != 0 || delivered[dir] != 0)
            fuzz_fail("START twice or late");
    } else if (starts[dir] == 0) {
        fuzz_fail("data before START");
    }
    if ((flags & STREAM_DATA_F_GAP) && data != NULL)
        fuzz_fail("gap with data");
    if (data != NULL && len > 0) {
        volatile uint8_t sink = data[0] ^ data[len - 1];
        (void)sink;
    }
    delivered[dir] += len;
    if (flags & STREAM_DATA_F_EOF)
        eofs[dir]++;
}

static uint64_t memuse(const struct stream_thread *st)
{
    struct stats_set s;
    uint64_t v;

    stats_set_init(&s);
    stream_export_stats(st, &s);
    v = stats_get(&s, "tcp.reassembly_memuse");
    stats_set_release(&s);
    return v;
}

/* One raw inspection pass over direction dir: its blocks must be ordered, apart and
 * inside the returned bytes. */
static void raw_pass(struct stream_thread *st, struct flow *f, int dir)
{
    struct reasm_raw r;
    uint64_t prev = 0;

    if (stream_raw_get_blocks(st, f, dir, &r) == 0)
        return;
    for (uint32_t i = 0; i < r.n; i++) {
        if (r.b[i].len == 0 || (i > 0 && r.b[i].off <= prev) ||
                (uint64_t)r.b[i].pos + r.b[i].len > r.data.len)
            fuzz_fail("raw block layout");
        prev = r.b[i].off + r.b[i].len;
    }
    if (prev != r.end)
        fuzz_fail("raw blocks end");
    stream_raw_consumed(st, f, dir, r.end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t payload[1024];
    struct stream_consumer c = { on_data, NULL };
    struct stream_config cfg;
    struct stream_thread *st;
    struct flow f;
    struct packet p;
    uint32_t sent[2];
    uint64_t cap;

    if (size < 12)
        return 0;
    stream_config_defaults(&cfg);
    cfg.midstream = data[0] & 1;
    cfg.async_oneside = (data[0] >> 1) & 1;
    cfg.inline_mode = (data[0] >> 2) & 1;
    cfg.default_policy = (uint8_t)(data[0] >> 3) % STREAM_POLICY_MAX;
    cfg.reassembly_memcap = ((uint64_t)data[1] + 1) * 1024;
    cfg.reassembly_depth = (uint32_t)data[2] * 16;
    cfg.max_synack_queued = (uint8_t)(data[3] & 7);
    sent[0] = (uint32_t)data[4] << 24 | (uint32_t)data[5] << 16 | (uint32_t)data[6] << 8 | data[7];
    sent[1] =
            (uint32_t)data[8] << 24 | (uint32_t)data[9] << 16 | (uint32_t)data[10] << 8 | data[11];
    cap = cfg.reassembly_memcap;
    memset(starts, 0, sizeof(starts));
    memset(eofs, 0, sizeof(eofs));
    memset(delivered, 0, sizeof(delivered));
    st = stream_thread_new(&cfg, 1, &c);
    if (st == NULL)
        return 0;
    if (data[3] & 8)
        stream_set_raw_inspection(st, (data[3] & 16) != 0);
    memset(&f, 0, sizeof(f));
    f.key.proto = 6;
    f.key.ip_ver = 4;
    f.key.src.b[3] = 1;
    f.key.dst.b[3] = 2;

    for (size_t i = 12; i + 8 <= size; i += 8) {
        const uint8_t *op = data + i;
        int dir = op[0] & 1;
        int16_t dseq = (int16_t)(op[1] << 8 | op[2]);
        int16_t dack = (int16_t)(op[3] << 8 | op[4]);
        uint32_t len = op[5] * 4u;

        for (uint32_t k = 0; k < len; k++)
            payload[k] = (uint8_t)(op[6] + k);
        memset(&p, 0, sizeof(p));
        p.proto = 6;
        p.ip_ver = 4;
        p.src = dir == 0 ? f.key.src : f.key.dst;
        p.dst = dir == 0 ? f.key.dst : f.key.src;
        p.tcp.flags = (uint8_t)((op[0] >> 1) & 0x1f) | ((op[0] & 0x40) ? TCP_ACK : 0);
        p.tcp.seq = sent[dir] + (uint32_t)(int32_t)dseq;
        p.tcp.ack = sent[!dir] + (uint32_t)(int32_t)dack;
        p.tcp.win = (uint16_t)(op[7] << 8 | 0xff);
        p.tcp.has_ts = (op[7] & 1) != 0;
        p.tcp.ts_val = (uint32_t)i + op[7];
        p.tcp.ts_ecr = op[6];
        p.tcp.has_wscale = (op[7] & 2) != 0;
        p.tcp.has_tfo = (op[7] & 4) != 0;
        p.tcp.wscale = op[7] >> 4;
        p.payload = payload;
        p.payload_len = len;
        p.ts_usec = 1000000ull * (1000 + i);
        p.flow = &f;
        p.flow_dir = (uint8_t)dir;
        stream_handle_packet(st, &p);
        if (p.event_cnt > PKT_EVENTS_MAX)
            fuzz_fail("too many events");
        if (dseq >= 0)
            sent[dir] = p.tcp.seq + len;
        if (op[0] & 0x80)
            raw_pass(st, &f, dir);
        if (memuse(st) > cap)
            fuzz_fail("reassembly memcap exceeded");
    }
    if (f.tcp_ssn != NULL) {
        stream_flow_ending(st, &f);
        raw_pass(st, &f, 0);
        raw_pass(st, &f, 1);
        stream_flow_end(st, &f);
        if (eofs[0] != 1 || eofs[1] != 1)
            fuzz_fail("no EOF at flow end");
    }
    if (f.tcp_ssn != NULL)
        fuzz_fail("session not freed");
    if (memuse(st) != 0)
        fuzz_fail("reassembly memory not returned");
    stream_thread_free(st);
    return 0;
}
