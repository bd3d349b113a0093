/*
 * ring.h - a bounded single-producer / single-consumer ring of fixed-size elements.
 *
 * One thread pushes, one thread pops, no lock: the producer owns `tail`, the consumer owns
 * `head`, each publishes its index with a release store and reads the other's with an
 * acquire load. Capacity is a power of two. ring_push() fails when the ring is full and
 * ring_pop() when it is empty; waiting (if any) is the caller's business, so the ring
 * never blocks. Elements are copied in and out (a few machine words: a pointer and a time).
 */
#ifndef VG_UTIL_RING_H
#define VG_UTIL_RING_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

struct ring {
    uint8_t *slots; /* owned: cap * elem_size bytes */
    uint32_t cap;   /* power of two */
    uint32_t mask;
    uint32_t elem_size;
    alignas(64) _Atomic uint32_t head; /* next slot to pop (consumer) */
    alignas(64) _Atomic uint32_t tail; /* next slot to push (producer) */
};

/* Initialises r for at least min_cap elements of elem_size bytes. Returns VG_OK or
 * VG_ENOMEM / VG_EINVAL. Release with ring_release(). */
static inline int ring_init(struct ring *r, uint32_t min_cap, uint32_t elem_size)
{
    uint32_t cap = 2;

    if (min_cap == 0 || min_cap > (1u << 30) || elem_size == 0)
        return VG_EINVAL;
    while (cap < min_cap)
        cap <<= 1;
    r->slots = calloc(cap, elem_size);
    if (r->slots == NULL)
        return VG_ENOMEM;
    r->cap = cap;
    r->mask = cap - 1;
    r->elem_size = elem_size;
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    return VG_OK;
}

static inline void ring_release(struct ring *r)
{
    free(r->slots);
    r->slots = NULL;
}

/* Producer side: copies elem in; false if the ring is full. */
static inline bool ring_push(struct ring *r, const void *elem)
{
    uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    uint32_t head = atomic_load_explicit(&r->head, memory_order_acquire);

    if (tail - head == r->cap)
        return false;
    memcpy(r->slots + (size_t)(tail & r->mask) * r->elem_size, elem, r->elem_size);
    atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
    return true;
}

/* Consumer side: copies the oldest element out; false if the ring is empty. */
static inline bool ring_pop(struct ring *r, void *elem)
{
    uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);

    if (head == tail)
        return false;
    memcpy(elem, r->slots + (size_t)(head & r->mask) * r->elem_size, r->elem_size);
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
    return true;
}

/* Elements queued now (exact for either side's own view, approximate for others). */
static inline uint32_t ring_count(struct ring *r)
{
    return atomic_load_explicit(&r->tail, memory_order_acquire) -
           atomic_load_explicit(&r->head, memory_order_acquire);
}

#endif
