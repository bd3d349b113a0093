/*
 * fuzz-check.h - invariants the fuzz targets check on every decoded packet.
 *
 * ASan catches reads outside an allocation; these checks catch what it cannot see: a
 * decoded slice (l3, l4, payload) that leaves the packet's captured bytes while staying
 * inside some allocation, an event count past PKT_EVENTS_MAX, an unknown event id, a
 * tunnel pseudo packet whose bytes are not inside its root packet. A broken invariant is
 * a crash (__builtin_trap) so libFuzzer saves the input. Header-only: static functions
 * shared by fuzz_decode.c and fuzz_pcap.c.
 */
#ifndef VG_TESTS_FUZZ_FUZZ_CHECK_H
#define VG_TESTS_FUZZ_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "decode/decode.h"

/* Every fuzz target defines this; replay_main.c calls it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz invariant broken: %s\n", what);
    __builtin_trap();
}

/* ptr/len must lie inside [base, base + blen]; a NULL ptr must come with len 0. */
static inline void fuzz_check_slice(
        const char *what, const uint8_t *base, size_t blen, const uint8_t *ptr, size_t len)
{
    if (ptr == NULL) {
        if (len != 0)
            fuzz_fail(what);
        return;
    }
    if (ptr < base || ptr > base + blen || len > (size_t)(base + blen - ptr))
        fuzz_fail(what);
}

/* Checks p's decoded fields and reads every byte of its payload (so ASan sees them). */
static inline unsigned fuzz_check_packet(const struct packet *p)
{
    unsigned sum = 0;

    if (p->event_cnt > PKT_EVENTS_MAX)
        fuzz_fail("event_cnt > PKT_EVENTS_MAX");
    for (unsigned i = 0; i < p->event_cnt; i++) {
        if (p->events[i] >= PKT_EVENT_MAX || pkt_event_name(p->events[i]) == NULL)
            fuzz_fail("unknown event id");
    }
    if (p->vlan_cnt > PKT_VLAN_MAX)
        fuzz_fail("vlan_cnt > PKT_VLAN_MAX");
    fuzz_check_slice("l3 outside the packet", p->data, p->caplen, p->l3, p->l3_len);
    fuzz_check_slice("l4 outside the packet", p->data, p->caplen, p->l4, p->l4_len);
    fuzz_check_slice("payload outside the packet", p->data, p->caplen, p->payload, p->payload_len);
    if ((p->flags & PKT_F_PSEUDO) && p->root == NULL)
        fuzz_fail("pseudo packet without root");
    for (uint32_t i = 0; i < p->payload_len; i++)
        sum += p->payload[i];
    if (p->l3_len)
        sum += p->l3[p->l3_len - 1];
    if (p->l4_len)
        sum += p->l4[p->l4_len - 1];
    return sum;
}

/* True if [data, data + len] lies inside bytes the packet's tree owns: the root's capture
 * or a busy pseudo packet's own buffer (a tunnel inside a reassembled datagram). */
static inline bool fuzz_owned(const struct decode_thread *dt, const struct packet *p)
{
    const struct packet *r = p->root;

    if (p->data >= r->data && p->caplen <= r->caplen &&
            (size_t)(p->data - r->data) <= r->caplen - p->caplen)
        return true;
    for (int i = 0; i < DECODE_PSEUDO_MAX; i++) {
        const struct packet *o = &dt->pseudo[i];
        if (!dt->pseudo_busy[i] || o->buf == NULL)
            continue;
        if (p->data >= o->buf && p->caplen <= o->buf_size &&
                (size_t)(p->data - o->buf) <= o->buf_size - p->caplen)
            return true;
    }
    return false;
}

/* Takes, checks and gives back every pseudo packet the last decode_packet() queued. */
static inline unsigned fuzz_drain_pseudo(struct decode_thread *dt)
{
    struct packet *tp;
    unsigned sum = 0, n = 0;

    while ((tp = decode_take_pseudo(dt)) != NULL) {
        sum += fuzz_check_packet(tp);
        if (tp->buf == NULL && !fuzz_owned(dt, tp))
            fuzz_fail("tunnel pseudo packet outside the bytes it came from");
        decode_put_pseudo(dt, tp);
        if (++n > 64 * DECODE_PSEUDO_MAX)
            fuzz_fail("pseudo packet queue does not drain");
    }
    return sum;
}

#endif
