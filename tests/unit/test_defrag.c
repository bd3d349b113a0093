/*
 * test_defrag.c - IPv4 and IPv6 reassembly: order, overlap policies and their event,
 * limits (memcap, trackers, fragments per datagram, size), timeouts, counters.
 */
#include "link_test_util.h"

#define SEC 1000000ull

/* Ethernet + IPv4 fragment of datagram id (proto) at byte offset off. */
static size_t frag4(uint8_t *b, uint16_t id, uint8_t proto, uint32_t off, bool more,
        const uint8_t *data, size_t len)
{
    size_t n = tu_eth(b, 0x0800);
    uint8_t *h = b + n;

    n += tu_ipv4(h, proto, data, len, false);
    tu_put16(h + 4, id);
    tu_put16(h + 6, (uint16_t)((more ? 0x2000 : 0) | (off / 8)));
    h[10] = h[11] = 0;
    tu_put16(h + 10, tu_fold(tu_sum(0, h, 20)));
    return n;
}

/* Ethernet + IPv6 + fragment header. */
static size_t frag6(uint8_t *b, uint32_t id, uint8_t nh, uint32_t off, bool more,
        const uint8_t *data, size_t len)
{
    uint8_t pl[1600];
    size_t n = tu_eth(b, 0x86dd);

    pl[0] = nh;
    pl[1] = 0;
    tu_put16(pl + 2, (uint16_t)(off | (more ? 1 : 0)));
    pl[4] = (uint8_t)(id >> 24);
    pl[5] = (uint8_t)(id >> 16);
    pl[6] = (uint8_t)(id >> 8);
    pl[7] = (uint8_t)id;
    memcpy(pl + 8, data, len);
    return n + tu_ipv6(b + n, 44, 64, pl, 8 + len, false);
}

/* UDP 1111 -> 2222 with 16 payload bytes: 24 bytes in all. */
static void udp24(uint8_t *d)
{
    tu_put16(d, 1111);
    tu_put16(d + 2, 2222);
    tu_put16(d + 4, 24);
    d[6] = d[7] = 0;
    for (int i = 0; i < 16; i++)
        d[8 + i] = (uint8_t)('a' + i);
}

static void test_ipv4_in_order(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t d[24], b[128];
    size_t n;
    struct packet *rp;

    udp24(d);
    n = frag4(b, 77, 17, 0, true, d, 16);
    lt_run(t, 1, b, n);
    assert_true(t->p.flags & PKT_F_FRAGMENT);
    assert_false(t->p.flags & PKT_F_INVALID);
    assert_int_equal(t->p.dp, 0);
    assert_null(decode_take_pseudo(&t->dt));
    assert_true(t->dt.defrag != NULL && defrag_counters(t->dt.defrag)->memuse > 0);

    n = frag4(b, 77, 17, 16, false, d + 16, 8);
    lt_run(t, 1, b, n);
    assert_true(t->p.flags & PKT_F_FRAGMENT);
    assert_true(t->p.flags & PKT_F_TUNNEL_ROOT);
    rp = decode_take_pseudo(&t->dt);
    assert_non_null(rp);
    assert_true(rp->flags & PKT_F_DEFRAG);
    assert_true(rp->flags & PKT_F_PSEUDO);
    assert_false(rp->flags & PKT_F_FRAGMENT);
    assert_ptr_equal(rp->root, &t->p);
    assert_int_equal(rp->recursion, 0);
    /* the first fragment's link layer is kept in front, as Suricata logs it */
    assert_int_equal(rp->datalink, 1);
    assert_int_equal(rp->caplen, 14 + 44);
    assert_memory_equal(rp->data, b, 12);
    assert_ptr_equal(rp->l3, rp->data + 14);
    assert_true(rp->flags & PKT_F_HAS_ETH);
    assert_int_equal(rp->ip4.total_len, 44);
    assert_int_equal(rp->ip4.frag, 0);
    assert_int_equal(rp->proto, 17);
    assert_int_equal(rp->sp, 1111);
    assert_int_equal(rp->dp, 2222);
    assert_int_equal(rp->payload_len, 16);
    assert_memory_equal(rp->payload, d + 8, 16);
    /* the rebuilt header has a valid checksum */
    assert_int_equal(decode_csum_ipv4_hdr(rp->l3, 20), 0);
    decode_put_pseudo(&t->dt, rp);
    assert_int_equal(defrag_counters(t->dt.defrag)->ipv4_fragments, 2);
    assert_int_equal(defrag_counters(t->dt.defrag)->ipv4_reassembled, 1);
    assert_int_equal(defrag_counters(t->dt.defrag)->memuse, 0);
    tu_free(t);
}

static void test_ipv4_out_of_order(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t d[24], b[128];
    size_t n;

    udp24(d);
    n = frag4(b, 5, 17, 16, false, d + 16, 8);
    lt_run(t, 1, b, n);
    n = frag4(b, 5, 17, 8, true, d + 8, 8);
    lt_run(t, 1, b, n);
    assert_int_equal(lt_drain(t), 0);
    /* another datagram id does not complete this one */
    n = frag4(b, 6, 17, 0, true, d, 8);
    lt_run(t, 1, b, n);
    assert_int_equal(lt_drain(t), 0);
    n = frag4(b, 5, 17, 0, true, d, 8);
    lt_run(t, 1, b, n);
    assert_int_equal(lt_drain(t), 1);
    assert_int_equal(t->dt.cnt.udp, 1);
    assert_int_equal(defrag_counters(t->dt.defrag)->ipv4_reassembled, 1);
    tu_free(t);
}

struct piece {
    uint32_t off, len;
    char fill;
    bool more;
};

/* Sends pieces of datagram (proto 253, not decoded further) with policy, returns the
 * reassembled data in out. */
static void reassemble(enum defrag_policy policy, const struct piece *pc, int npc, char *out,
        size_t outlen, bool *overlap)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t b[256], d[128];
    struct packet *rp;

    t->cfg.defrag.policy = policy;
    *overlap = false;
    for (int i = 0; i < npc; i++) {
        memset(d, pc[i].fill, pc[i].len);
        size_t n = frag4(b, 9, 253, pc[i].off, pc[i].more, d, pc[i].len);
        lt_run(t, 1, b, n);
        *overlap |= tu_has(&t->p, PKT_EVENT_DECODER_IPV4_FRAG_OVERLAP);
    }
    rp = decode_take_pseudo(&t->dt);
    assert_non_null(rp);
    assert_int_equal(rp->proto, 253);
    assert_int_equal(rp->l4_len, outlen);
    memcpy(out, rp->l4, outlen);
    decode_put_pseudo(&t->dt, rp);
    tu_free(t);
}

static void test_overlap_policies(void **state)
{
    /* a later fragment starting before an earlier one and ending with it */
    static const struct piece before[] = {
        { 8, 8, 'A', true },
        { 0, 16, 'B', true },
        { 16, 8, 'C', false },
    };
    /* a later fragment at the same offset, longer */
    static const struct piece same[] = {
        { 0, 8, 'A', true },
        { 0, 16, 'B', true },
        { 16, 8, 'C', false },
    };
    /* a later fragment starting inside an earlier one */
    static const struct piece inside[] = {
        { 0, 16, 'A', true },
        { 8, 16, 'B', false },
    };
    static const struct {
        enum defrag_policy policy;
        const char *before, *same, *inside;
    } exp[] = {
        { DEFRAG_POLICY_BSD, "BBBBBBBBBBBBBBBBCCCCCCCC", "AAAAAAAABBBBBBBBCCCCCCCC",
                "AAAAAAAAAAAAAAAABBBBBBBB" },
        { DEFRAG_POLICY_LINUX, "BBBBBBBBBBBBBBBBCCCCCCCC", "BBBBBBBBBBBBBBBBCCCCCCCC",
                "AAAAAAAAAAAAAAAABBBBBBBB" },
        { DEFRAG_POLICY_WINDOWS, "BBBBBBBBAAAAAAAACCCCCCCC", "AAAAAAAABBBBBBBBCCCCCCCC",
                "AAAAAAAAAAAAAAAABBBBBBBB" },
        { DEFRAG_POLICY_SOLARIS, "BBBBBBBBBBBBBBBBCCCCCCCC", "AAAAAAAABBBBBBBBCCCCCCCC",
                "AAAAAAAAAAAAAAAABBBBBBBB" },
        { DEFRAG_POLICY_FIRST, "BBBBBBBBAAAAAAAACCCCCCCC", "AAAAAAAABBBBBBBBCCCCCCCC",
                "AAAAAAAAAAAAAAAABBBBBBBB" },
        { DEFRAG_POLICY_LAST, "BBBBBBBBBBBBBBBBCCCCCCCC", "BBBBBBBBBBBBBBBBCCCCCCCC",
                "AAAAAAAABBBBBBBBBBBBBBBB" },
    };
    char out[32];
    bool overlap;

    for (size_t i = 0; i < VG_ARRAY_LEN(exp); i++) {
        reassemble(exp[i].policy, before, 3, out, 24, &overlap);
        assert_memory_equal(out, exp[i].before, 24);
        assert_true(overlap);
        reassemble(exp[i].policy, same, 3, out, 24, &overlap);
        assert_memory_equal(out, exp[i].same, 24);
        reassemble(exp[i].policy, inside, 2, out, 24, &overlap);
        assert_memory_equal(out, exp[i].inside, 24);
        assert_true(overlap);
    }
}

static void test_policy_config(void **state)
{
    struct decode_config cfg;
    struct conf c;
    enum defrag_policy p;

    assert_true(defrag_policy_parse("windows", &p));
    assert_int_equal(p, DEFRAG_POLICY_WINDOWS);
    assert_false(defrag_policy_parse("amiga", &p));
    conf_init_empty(&c);
    assert_int_equal(conf_set(&c, "defrag.policy=linux"), VG_OK);
    assert_int_equal(conf_set(&c, "defrag.memcap=1mb"), VG_OK);
    assert_int_equal(conf_set(&c, "defrag.timeout=30"), VG_OK);
    assert_int_equal(decode_config_load(&cfg, &c), VG_OK);
    assert_int_equal(cfg.defrag.policy, DEFRAG_POLICY_LINUX);
    assert_int_equal(cfg.defrag.memcap, 1u << 20);
    assert_int_equal(cfg.defrag.timeout_sec, 30);
    conf_release(&c);
    assert_int_equal(decode_config_load(&cfg, NULL), VG_OK);
    assert_int_equal(cfg.defrag.policy, DEFRAG_POLICY_BSD);
    assert_int_equal(cfg.defrag.memcap, 32u << 20);
    assert_int_equal(cfg.defrag.timeout_sec, 60);
    assert_true(cfg.defrag.enabled);
}

static void test_too_large(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t d[80] = { 0 }, b[160];
    size_t n = frag4(b, 1, 17, 8183 * 8, false, d, 71);

    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV4_FRAG_PKT_TOO_LARGE));
    assert_int_equal(defrag_counters(t->dt.defrag)->memuse, 0);
    tu_free(t);
}

static void test_limits(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t d[24], b[128];
    size_t n;

    udp24(d);
    /* memcap too small for a tracker */
    t->cfg.defrag.memcap = 16;
    n = frag4(b, 1, 17, 0, true, d, 16);
    lt_run(t, 1, b, n);
    assert_int_equal(defrag_counters(t->dt.defrag)->max_trackers_reached, 1);
    assert_int_equal(defrag_counters(t->dt.defrag)->memuse, 0);

    /* one fragment per datagram */
    t->cfg.defrag.memcap = 1 << 20;
    t->cfg.defrag.max_frags = 1;
    lt_run(t, 1, b, n);
    n = frag4(b, 1, 17, 16, false, d + 16, 8);
    lt_run(t, 1, b, n);
    assert_int_equal(defrag_counters(t->dt.defrag)->max_frags_reached, 1);
    assert_int_equal(lt_drain(t), 0);

    /* one tracker */
    t->cfg.defrag.max_frags = 100;
    t->cfg.defrag.trackers = 1;
    n = frag4(b, 2, 17, 0, true, d, 16);
    lt_run(t, 1, b, n);
    assert_int_equal(defrag_counters(t->dt.defrag)->max_trackers_reached, 2);
    tu_free(t);
}

static void test_timeout(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t d[24], b[128];
    size_t n;

    udp24(d);
    n = frag4(b, 3, 17, 0, true, d, 16);
    lt_run(t, 1, b, n); /* lt_run's packets are at 1 s */
    decode_timeout(&t->dt, 30 * SEC);
    assert_int_equal(defrag_counters(t->dt.defrag)->tracker_timeout, 0);
    decode_timeout(&t->dt, 62 * SEC);
    assert_int_equal(defrag_counters(t->dt.defrag)->tracker_timeout, 1);
    assert_int_equal(defrag_counters(t->dt.defrag)->memuse, 0);
    /* the last fragment alone does not complete anything now */
    n = frag4(b, 3, 17, 16, false, d + 16, 8);
    lt_run(t, 1, b, n);
    assert_int_equal(lt_drain(t), 0);
    tu_free(t);
}

static void test_ipv6(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t d[24], b[160];
    size_t n;
    struct packet *rp;

    udp24(d);
    n = frag6(b, 0xabcdef, 17, 0, true, d, 16);
    lt_run(t, 1, b, n);
    assert_true(t->p.flags & PKT_F_FRAGMENT);
    assert_int_equal(lt_drain(t), 0);
    lt_sweep(1, b, n);
    n = frag6(b, 0xabcdef, 17, 16, false, d + 16, 8);
    lt_run(t, 1, b, n);
    rp = decode_take_pseudo(&t->dt);
    assert_non_null(rp);
    assert_true(rp->flags & PKT_F_DEFRAG);
    assert_int_equal(rp->ip_ver, 6);
    assert_int_equal(rp->ip6.plen, 24);
    assert_false(rp->ip6.has_frag);
    assert_int_equal(rp->proto, 17);
    assert_int_equal(rp->dp, 2222);
    assert_memory_equal(rp->payload, d + 8, 16);
    decode_put_pseudo(&t->dt, rp);
    assert_int_equal(defrag_counters(t->dt.defrag)->ipv6_fragments, 2);
    assert_int_equal(defrag_counters(t->dt.defrag)->ipv6_reassembled, 1);
    assert_int_equal(defrag_counters(t->dt.defrag)->memuse, 0);

    /* MF with a length that is not a multiple of 8 */
    n = frag6(b, 1, 17, 0, true, d, 12);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_FRAG_INVALID_LENGTH));
    /* overlap */
    n = frag6(b, 2, 17, 0, true, d, 16);
    lt_run(t, 1, b, n);
    n = frag6(b, 2, 17, 8, true, d, 16);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_FRAG_OVERLAP));
    n = frag6(b, 3, 17, 65528, false, d, 16);
    lt_run(t, 1, b, n);
    assert_true(tu_has(&t->p, PKT_EVENT_DECODER_IPV6_FRAG_PKT_TOO_LARGE));
    tu_free(t);
}

static void test_disabled(void **state)
{
    struct tu_ctx *t = tu_new(false);
    uint8_t d[24], b[128];
    size_t n;

    udp24(d);
    t->cfg.defrag.enabled = false;
    n = frag4(b, 4, 17, 0, true, d, 16);
    lt_run(t, 1, b, n);
    n = frag4(b, 4, 17, 16, false, d + 16, 8);
    lt_run(t, 1, b, n);
    assert_true(t->p.flags & PKT_F_FRAGMENT);
    assert_int_equal(lt_drain(t), 0);
    assert_int_equal(defrag_counters(t->dt.defrag)->ipv4_fragments, 0);
    tu_free(t);
}

static void test_sweep(void **state)
{
    uint8_t d[24], b[128];
    size_t n;

    udp24(d);
    n = frag4(b, 4, 17, 16, false, d + 16, 8);
    lt_sweep(1, b, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_in_order),
        cmocka_unit_test(test_ipv4_out_of_order),
        cmocka_unit_test(test_overlap_policies),
        cmocka_unit_test(test_policy_config),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_disabled),
        cmocka_unit_test(test_sweep),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
