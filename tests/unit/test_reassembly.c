/*
 * test_reassembly.c - one direction's reassembly: overlaps of every shape under each
 * host-os-policy, retransmissions, sequence wraparound, gaps, depth, memcap, raw window,
 * freeing, and a flood of tiny out-of-order segments.
 *
 * Overlap tests store an old segment "AAAA" at offsets 4..7, insert a new one made of 'B'
 * with one of nine shapes, deliver offsets 0..11 and read back which copy won.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "stream/reassembly.h"
#include "stream/stream.h"
#include "util/compiler.h"

#define ISN 1000u

/* What deliveries produced: bytes, '_' for each gap byte. */
struct sink {
    char buf[4096];
    size_t len;
    unsigned calls, gaps;
};

static void sink_fn(void *ctx, const uint8_t *data, uint32_t len)
{
    struct sink *k = ctx;
    k->calls++;
    if (!data)
        k->gaps++;
    for (uint32_t i = 0; i < len && k->len < sizeof(k->buf) - 1; i++)
        k->buf[k->len++] = data ? (char)data[i] : '_';
    k->buf[k->len] = 0;
}

static unsigned put(struct reasm_thread *rt, struct reasm_dir *d, uint64_t off, const char *s)
{
    return reasm_insert(rt, d, ISN + 1 + (uint32_t)off, (const uint8_t *)s, (uint32_t)strlen(s));
}

static unsigned put_c(
        struct reasm_thread *rt, struct reasm_dir *d, uint64_t off, char c, uint32_t n)
{
    uint8_t buf[64];
    memset(buf, c, sizeof(buf));
    return reasm_insert(rt, d, ISN + 1 + (uint32_t)off, buf, n);
}

/* The nine shapes of a new segment [s, e) against the old one [4, 8). */
static const struct {
    uint64_t s, e;
} shapes[9] = {
    { 2, 6 },  /* starts before, ends before */
    { 2, 8 },  /* starts before, ends at */
    { 2, 10 }, /* starts before, ends after */
    { 4, 6 },  /* same start, ends before */
    { 4, 8 },  /* same start, same end */
    { 4, 10 }, /* same start, ends after */
    { 5, 7 },  /* starts after, ends before */
    { 5, 8 },  /* starts after, ends at */
    { 5, 10 }, /* starts after, ends after */
};

/* Per policy, per shape: does the new copy win the overlapped bytes (Suricata IDS mode)? */
static const struct {
    uint8_t policy;
    const char *name;
    const char *wins; /* 9 chars, N = new, O = old */
} table[] = {
    { STREAM_POLICY_BSD, "bsd", "NNNOOOOOO" },
    { STREAM_POLICY_BSD_RIGHT, "bsd-right", "OOOOOOOOO" },
    { STREAM_POLICY_OLD_LINUX, "old-linux", "NNNONNOOO" },
    { STREAM_POLICY_LINUX, "linux", "NNNOONOOO" },
    { STREAM_POLICY_OLD_SOLARIS, "old-solaris", "OOOOOOOOO" },
    { STREAM_POLICY_SOLARIS, "solaris", "ONNONNOON" },
    { STREAM_POLICY_HPUX10, "hpux10", "NNNOOOOOO" },
    { STREAM_POLICY_HPUX11, "hpux11", "ONNONNOON" },
    { STREAM_POLICY_IRIX, "irix", "NNNOOOOOO" },
    { STREAM_POLICY_MACOS, "macos", "NNNOOOOOO" },
    { STREAM_POLICY_WINDOWS, "windows", "NNNOOOOOO" },
    { STREAM_POLICY_VISTA, "vista", "OOOOOOOOO" },
    { STREAM_POLICY_WINDOWS2K3, "windows2k3", "NNNOOOOOO" },
    { STREAM_POLICY_FIRST, "first", "OOOOOOOOO" },
    { STREAM_POLICY_LAST, "last", "NNNNNNNNN" },
};

static void test_overlap_policies(void **state)
{
    (void)state;
    assert_int_equal(VG_ARRAY_LEN(table), STREAM_POLICY_MAX);
    for (size_t t = 0; t < VG_ARRAY_LEN(table); t++) {
        for (size_t k = 0; k < 9; k++) {
            struct reasm_thread rt;
            struct reasm_dir d;
            struct sink sk = { .len = 0 };
            reasm_thread_init(&rt, 1 << 20);
            reasm_dir_init(&d, ISN, 0, table[t].policy);
            assert_int_equal(put(&rt, &d, 4, "AAAA"), REASM_EV_SEQ_GAP);
            unsigned ev = put_c(&rt, &d, shapes[k].s, 'B', (uint32_t)(shapes[k].e - shapes[k].s));
            assert_true(ev & REASM_EV_OVERLAP);
            assert_true(ev & REASM_EV_OVERLAP_DIFFERENT_DATA);
            reasm_deliver(&rt, &d, 12, sink_fn, &sk);

            char want[13];
            for (uint64_t i = 0; i < 12; i++) {
                bool in_new = i >= shapes[k].s && i < shapes[k].e;
                bool in_old = i >= 4 && i < 8;
                if (in_old && in_new)
                    want[i] = table[t].wins[k] == 'N' ? 'B' : 'A';
                else
                    want[i] = in_old ? 'A' : in_new ? 'B' : '_';
            }
            want[12] = 0;
            if (strcmp(sk.buf, want) != 0)
                fail_msg("policy %s shape %zu: got %s want %s", table[t].name, k, sk.buf, want);
            assert_int_equal(rt.cnt_overlap, 1);
            assert_int_equal(rt.cnt_overlap_diff, 1);
            reasm_dir_free(&rt, &d);
            assert_int_equal(rt.memuse, 0);
            reasm_thread_release(&rt);
        }
    }
}

/* A new segment spanning two old ones and the hole between them: each old part is judged
 * against its own segment's shape, the hole takes the new bytes. */
static void test_overlap_multi(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct sink sk = { .len = 0 };
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_SOLARIS);
    put(&rt, &d, 2, "aa");   /* [2,4): new starts before, ends after: solaris takes new */
    put(&rt, &d, 6, "bbbb"); /* [6,10): new starts before, ends before: solaris keeps old */
    unsigned ev = put(&rt, &d, 1, "CCCCCCCC"); /* [1,9) */
    assert_true(ev & REASM_EV_OVERLAP_DIFFERENT_DATA);
    reasm_deliver(&rt, &d, 10, sink_fn, &sk);
    assert_string_equal(sk.buf, "_CCCCCbbbb");
    reasm_dir_free(&rt, &d);

    /* bsd: new starts before both: new wins everywhere it overlaps */
    sk.len = 0;
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    put(&rt, &d, 2, "aa");
    put(&rt, &d, 6, "bbbb");
    put(&rt, &d, 1, "CCCCCCCC");
    reasm_deliver(&rt, &d, 10, sink_fn, &sk);
    assert_string_equal(sk.buf, "_CCCCCCCCb");
    reasm_dir_free(&rt, &d);
    assert_int_equal(rt.memuse, 0);
    reasm_thread_release(&rt);
}

static void test_in_order_and_partial(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct sink sk = { .len = 0 };
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    d.flags |= REASM_F_NO_RAW;
    assert_int_equal(put(&rt, &d, 0, "hello "), 0);
    assert_int_equal(put(&rt, &d, 6, "world"), 0);
    assert_int_equal(reasm_stored_end(&d), 11);
    reasm_deliver(&rt, &d, 8, sink_fn, &sk);
    assert_string_equal(sk.buf, "hello wo");
    assert_int_equal(d.app_off, 8);
    assert_int_equal(d.n_segs, 1); /* "hello " freed */
    reasm_deliver(&rt, &d, 11, sink_fn, &sk);
    assert_string_equal(sk.buf, "hello world");
    assert_int_equal(d.n_segs, 0);
    assert_int_equal(rt.memuse, 0);
    assert_int_equal(rt.cnt_gaps, 0);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

static void test_out_of_order(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct sink sk = { .len = 0 };
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    assert_int_equal(put(&rt, &d, 6, "world") & REASM_EV_SEQ_GAP, REASM_EV_SEQ_GAP);
    assert_int_equal(put(&rt, &d, 0, "hel"), 0);
    assert_int_equal(put(&rt, &d, 3, "lo "), 0);
    reasm_deliver(&rt, &d, 11, sink_fn, &sk);
    assert_string_equal(sk.buf, "hello world");
    assert_int_equal(sk.calls, 3);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

static void test_retransmission(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct sink sk = { .len = 0 };
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_LINUX);
    put(&rt, &d, 0, "abcdef");
    unsigned ev = put(&rt, &d, 0, "abcdef");
    assert_int_equal(ev, REASM_EV_OVERLAP);
    assert_int_equal(d.n_segs, 1);
    ev = put(&rt, &d, 2, "cd");
    assert_int_equal(ev, REASM_EV_OVERLAP);
    /* different data after delivery: reported, never changes delivered bytes */
    reasm_deliver(&rt, &d, 6, sink_fn, &sk);
    ev = put(&rt, &d, 0, "XXXXXXXX");
    assert_int_equal(ev, REASM_EV_OVERLAP | REASM_EV_OVERLAP_DIFFERENT_DATA);
    reasm_deliver(&rt, &d, 8, sink_fn, &sk);
    assert_string_equal(sk.buf, "abcdefXX");
    assert_int_equal(rt.cnt_overlap, 3);
    assert_int_equal(rt.cnt_overlap_diff, 1);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

static void test_gap(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct sink sk = { .len = 0 };
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    put(&rt, &d, 0, "0123");
    put(&rt, &d, 8, "89");
    reasm_deliver(&rt, &d, 12, sink_fn, &sk);
    assert_string_equal(sk.buf, "0123____89__");
    assert_int_equal(sk.gaps, 2);
    assert_int_equal(rt.cnt_gaps, 2);
    assert_int_equal(d.app_off, 12);
    /* a late copy of the hole is too late: not stored */
    put(&rt, &d, 4, "4567");
    reasm_deliver(&rt, &d, 12, sink_fn, &sk);
    assert_string_equal(sk.buf, "0123____89__");
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

static void test_wraparound(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct sink sk = { .len = 0 };
    reasm_thread_init(&rt, 1 << 20);
    uint32_t isn = 0xfffffff9u; /* offset 0 = 0xfffffffa, offset 6 = 0 */
    reasm_dir_init(&d, isn, 0, STREAM_POLICY_BSD);
    assert_int_equal(reasm_seq_to_off(&d, 0xfffffffau), 0);
    assert_int_equal(reasm_seq_to_off(&d, 0u), 6);
    assert_int_equal(reasm_seq_to_off(&d, 10u), 16);
    reasm_insert(&rt, &d, 0xfffffffcu, (const uint8_t *)"cdefgh", 6); /* 2..7, wraps */
    reasm_insert(&rt, &d, 2u, (const uint8_t *)"ij", 2);              /* 8..9 */
    reasm_insert(&rt, &d, 0xfffffffau, (const uint8_t *)"ab", 2);     /* 0..1 */
    reasm_deliver(&rt, &d, reasm_seq_to_off(&d, 4u), sink_fn, &sk);
    assert_string_equal(sk.buf, "abcdefghij");
    /* data before the first byte (the ISN itself) is dropped */
    reasm_dir_free(&rt, &d);
    reasm_dir_init(&d, 5000, 0, STREAM_POLICY_BSD);
    sk.len = 0;
    reasm_insert(&rt, &d, 5000, (const uint8_t *)"Sxy", 3);
    reasm_deliver(&rt, &d, 2, sink_fn, &sk);
    assert_string_equal(sk.buf, "xy");
    reasm_dir_free(&rt, &d);

    /* past 4 GiB of stream the offsets keep growing */
    reasm_dir_init(&d, 7, 0, STREAM_POLICY_BSD);
    d.app_off = d.raw_off = (1ull << 32) + 100;
    uint32_t seq = 7 + 1 + 100;
    assert_int_equal(reasm_seq_to_off(&d, seq), (1ull << 32) + 100);
    assert_int_equal(reasm_seq_to_off(&d, seq - 50), (1ull << 32) + 50);
    assert_int_equal(reasm_seq_to_off(&d, seq + 70000), (1ull << 32) + 70100);
    sk.len = 0;
    reasm_insert(&rt, &d, seq, (const uint8_t *)"big", 3);
    reasm_deliver(&rt, &d, (1ull << 32) + 103, sink_fn, &sk);
    assert_string_equal(sk.buf, "big");
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

static void test_depth(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct sink sk = { .len = 0 };
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 10, STREAM_POLICY_BSD);
    assert_int_equal(put(&rt, &d, 0, "01234"), 0);
    unsigned ev = put(&rt, &d, 5, "56789abcd");
    assert_int_equal(ev, REASM_EV_DEPTH);
    assert_true(d.flags & REASM_F_DEPTH_REACHED);
    assert_int_equal(d.stored, 10);
    assert_int_equal(put(&rt, &d, 14, "zz"), REASM_EV_DEPTH);
    assert_int_equal(rt.cnt_depth, 1);
    reasm_deliver(&rt, &d, 16, sink_fn, &sk);
    assert_string_equal(sk.buf, "0123456789"); /* no gap for bytes beyond depth */
    assert_int_equal(rt.cnt_gaps, 0);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

static void test_memcap(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    uint8_t big[1000];
    memset(big, 'm', sizeof(big));
    reasm_thread_init(&rt, 2500);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    assert_int_equal(reasm_insert(&rt, &d, ISN + 1, big, 1000), 0);
    assert_int_equal(reasm_insert(&rt, &d, ISN + 1 + 1000, big, 1000), 0);
    uint64_t used = rt.memuse;
    assert_true(used <= 2500);
    assert_int_equal(reasm_insert(&rt, &d, ISN + 1 + 2000, big, 1000), REASM_EV_MEMCAP);
    assert_int_equal(rt.memuse, used);
    assert_int_equal(rt.cnt_memcap_drop, 1);
    /* an overlapping segment whose holes do not fit is refused whole */
    assert_true(reasm_insert(&rt, &d, ISN + 1 + 1500, big, 1000) & REASM_EV_MEMCAP);
    assert_int_equal(rt.memuse, used);
    assert_int_equal(d.n_segs, 2);
    /* freeing makes room again */
    d.flags |= REASM_F_NO_RAW;
    reasm_deliver(&rt, &d, 2000, NULL, NULL);
    assert_int_equal(rt.memuse, 0);
    assert_int_equal(reasm_insert(&rt, &d, ISN + 1 + 2000, big, 1000), 0);
    reasm_dir_free(&rt, &d);
    assert_int_equal(rt.memuse, 0);
    reasm_thread_release(&rt);
}

static void test_raw_window(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct slice w;
    uint64_t off;
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    put(&rt, &d, 0, "abc");
    put(&rt, &d, 3, "def");
    put(&rt, &d, 8, "ij");
    assert_true(reasm_raw_window(&rt, &d, 100, 0, &w, &off));
    assert_int_equal(off, 0);
    assert_int_equal(w.len, 6);
    assert_memory_equal(w.p, "abcdef", 6);
    assert_ptr_equal(w.p, rt.scratch); /* spans two segments */
    reasm_raw_advance(&rt, &d, 4);
    assert_true(reasm_raw_window(&rt, &d, 100, 3, &w, &off));
    assert_int_equal(off, 1);
    assert_memory_equal(w.p, "bcdef", 5);
    assert_true(reasm_raw_window(&rt, &d, 5, 1, &w, &off)); /* upto bounds it */
    assert_int_equal(off, 3);
    assert_memory_equal(w.p, "de", 2);
    assert_ptr_not_equal(w.p, rt.scratch); /* one segment: no copy */
    reasm_raw_advance(&rt, &d, 6);
    /* hole at 6..7 not delivered yet: wait */
    assert_false(reasm_raw_window(&rt, &d, 100, 4, &w, &off));
    /* the app layer reports it as a gap: raw inspection skips it, without look-back */
    reasm_deliver(&rt, &d, 10, NULL, NULL);
    assert_true(reasm_raw_window(&rt, &d, 100, 4, &w, &off));
    assert_int_equal(off, 8);
    assert_memory_equal(w.p, "ij", 2);
    reasm_raw_advance(&rt, &d, 10);
    assert_false(reasm_raw_window(&rt, &d, 100, 4, &w, &off));
    /* with raw_keep 0 everything inspected and delivered is gone */
    d.raw_keep = 0;
    reasm_raw_advance(&rt, &d, 10);
    assert_int_equal(d.n_segs, 0);
    assert_int_equal(rt.memuse, 0);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

static void test_raw_keep(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct slice w;
    uint64_t off;
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    d.raw_keep = 4;
    for (int i = 0; i < 10; i++)
        put_c(&rt, &d, (uint64_t)i * 2, (char)('a' + i), 2);
    reasm_deliver(&rt, &d, 20, NULL, NULL);
    /* nobody asked for a raw window yet: nothing worth keeping */
    reasm_raw_advance(&rt, &d, 2);
    assert_int_equal(d.n_segs, 9);
    assert_true(reasm_raw_window(&rt, &d, 20, 4, &w, &off));
    reasm_raw_advance(&rt, &d, 16);
    /* segments ending at or before 12 are gone, the look-back of 4 remains */
    assert_int_equal(d.segs != NULL, 1);
    assert_true(reasm_raw_window(&rt, &d, 20, 4, &w, &off));
    assert_int_equal(off, 12);
    assert_int_equal(w.len, 8);
    assert_memory_equal(w.p, "gghhiijj", 8);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

/* Raw blocks past holes: those the app layer got as gaps always, any hole at the end. */
static void test_raw_blocks(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct reasm_raw r;
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    put(&rt, &d, 0, "VE");
    put(&rt, &d, 2, "RY");
    put(&rt, &d, 8, "DATA");
    put(&rt, &d, 14, "MORE");
    /* nothing delivered: the first hole means wait */
    assert_int_equal(reasm_raw_blocks(&rt, &d, 18, 0, false, &r), 1);
    assert_int_equal(r.b[0].off, 0);
    assert_int_equal(r.b[0].len, 4);
    assert_memory_equal(r.data.p, "VERY", 4);
    assert_int_equal(r.end, 4);
    /* the session ended: every block, holes skipped */
    assert_int_equal(reasm_raw_blocks(&rt, &d, 18, 0, true, &r), 3);
    assert_int_equal(r.data.len, 12);
    assert_memory_equal(r.data.p, "VERYDATAMORE", 12);
    assert_int_equal(r.b[1].off, 8);
    assert_int_equal(r.b[1].pos, 4);
    assert_int_equal(r.b[2].off, 14);
    assert_int_equal(r.b[2].pos, 8);
    assert_int_equal(r.end, 18);
    /* upto cuts the last block */
    assert_int_equal(reasm_raw_blocks(&rt, &d, 10, 0, true, &r), 2);
    assert_int_equal(r.end, 10);
    assert_int_equal(r.b[1].len, 2);
    /* the app layer got 4..8 as a gap: that hole is skipped, the next one waits */
    reasm_deliver(&rt, &d, 12, NULL, NULL);
    assert_int_equal(reasm_raw_blocks(&rt, &d, 18, 0, false, &r), 2);
    assert_int_equal(r.end, 12);
    reasm_raw_advance(&rt, &d, r.end);
    /* after a hole there is no look-back */
    assert_int_equal(reasm_raw_blocks(&rt, &d, 18, 8, true, &r), 1);
    assert_int_equal(r.b[0].off, 14);
    assert_memory_equal(r.data.p, "MORE", 4);
    reasm_raw_advance(&rt, &d, r.end);
    assert_int_equal(reasm_raw_blocks(&rt, &d, 18, 8, true, &r), 0);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

/* More blocks than one pass holds: the rest comes with the next pass. */
static void test_raw_blocks_many(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    struct reasm_raw r;
    uint32_t total = 0, passes = 0;
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    for (uint64_t i = 0; i < 3 * REASM_RAW_BLOCKS_MAX; i++)
        put_c(&rt, &d, i * 3, 'x', 2);
    while (reasm_raw_blocks(&rt, &d, 1000, 0, true, &r) > 0) {
        assert_true(r.n <= REASM_RAW_BLOCKS_MAX);
        total += r.n;
        passes++;
        reasm_raw_advance(&rt, &d, r.end);
    }
    assert_int_equal(total, 3 * REASM_RAW_BLOCKS_MAX);
    assert_int_equal(passes, 3);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

/* The contiguous end from an offset: what a segment filling a hole makes in order. */
static void test_contig_end(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct reasm_dir d;
    reasm_thread_init(&rt, 1 << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    put(&rt, &d, 0, "ab");
    put(&rt, &d, 4, "ef");
    put(&rt, &d, 6, "gh");
    assert_int_equal(reasm_contig_end(&d, 0), 2);
    assert_int_equal(reasm_contig_end(&d, 2), 2); /* hole */
    assert_int_equal(reasm_contig_end(&d, 5), 8);
    assert_int_equal(reasm_contig_end(&d, 8), 8);
    put(&rt, &d, 2, "cd");
    assert_int_equal(reasm_contig_end(&d, 1), 8);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

/* 20,000 one-byte segments in a scattered order, then the lot delivered: must be quick
 * (no quadratic walk) and exact. */
static void test_tiny_flood(void **state)
{
    (void)state;
    enum {
        N = 20000
    };
    struct reasm_thread rt;
    struct reasm_dir d;
    reasm_thread_init(&rt, 64u << 20);
    reasm_dir_init(&d, ISN, 0, STREAM_POLICY_BSD);
    d.flags |= REASM_F_NO_RAW;
    clock_t t0 = clock();
    /* odd offsets first, descending, then even ones in a stride order */
    for (int i = N - 1; i >= 0; i--)
        if (i & 1)
            assert_false(put_c(&rt, &d, (uint64_t)i, (char)('a' + i % 26), 1) & REASM_EV_MEMCAP);
    for (int k = 0; k < 2 * N; k += 2) {
        int i = (int)(((uint64_t)k * 7919) % (2 * N)) & ~1;
        if (i < N)
            put_c(&rt, &d, (uint64_t)i, (char)('a' + i % 26), 1);
    }
    assert_int_equal(d.n_segs, N);
    char *got = malloc(N + 1);
    struct sink *sk = calloc(1, sizeof(*sk));
    assert_non_null(got);
    assert_non_null(sk);
    size_t n = 0;
    while (n < N) {
        sk->len = 0;
        uint64_t upto = n + 1000 < N ? n + 1000 : N;
        reasm_deliver(&rt, &d, upto, sink_fn, sk);
        memcpy(got + n, sk->buf, sk->len);
        n += sk->len;
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(got[i], 'a' + i % 26);
    assert_int_equal(rt.cnt_gaps, 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 2.0);
    assert_int_equal(rt.memuse, 0);
    free(got);
    free(sk);
    reasm_dir_free(&rt, &d);
    reasm_thread_release(&rt);
}

static void test_stats(void **state)
{
    (void)state;
    struct reasm_thread rt;
    struct stats_set s;
    reasm_thread_init(&rt, 100);
    rt.cnt_gaps = 3;
    stats_set_init(&s);
    reasm_export_stats(&rt, &s);
    assert_int_equal(stats_get(&s, "tcp.reassembly_gap"), 3);
    stats_set_release(&s);
    reasm_thread_release(&rt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlap_policies),
        cmocka_unit_test(test_overlap_multi),
        cmocka_unit_test(test_in_order_and_partial),
        cmocka_unit_test(test_out_of_order),
        cmocka_unit_test(test_retransmission),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_wraparound),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_memcap),
        cmocka_unit_test(test_raw_window),
        cmocka_unit_test(test_raw_keep),
        cmocka_unit_test(test_raw_blocks),
        cmocka_unit_test(test_raw_blocks_many),
        cmocka_unit_test(test_contig_end),
        cmocka_unit_test(test_tiny_flood),
        cmocka_unit_test(test_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
