/*
 * cursor.h - bounded reads over wire bytes. Every parser reads packets through this.
 *
 * A cursor is a view { p, end } on caller-owned bytes. Each reader either succeeds and
 * advances, or returns false and leaves the cursor untouched (the output value is then 0):
 * a short read can never run past the captured length. Values are returned in host order. The
 * struct is transparent (hot path): callers may read p and end but should move them only through
 * these functions.
 */
#ifndef VG_UTIL_CURSOR_H
#define VG_UTIL_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cursor {
    const uint8_t *p;
    const uint8_t *end;
};

/* A slice of bytes taken from a cursor; points into the same buffer. */
struct slice {
    const uint8_t *p;
    size_t len;
};

static inline struct cursor cur_make(const uint8_t *p, size_t len)
{
    struct cursor c = { p, p + len };
    return c;
}

static inline size_t cur_left(const struct cursor *c)
{
    return (size_t)(c->end - c->p);
}

static inline bool cur_has(const struct cursor *c, size_t n)
{
    return cur_left(c) >= n;
}

static inline bool cur_u8(struct cursor *c, uint8_t *v)
{
    *v = 0;
    if (!cur_has(c, 1))
        return false;
    *v = c->p[0];
    c->p += 1;
    return true;
}

static inline bool cur_be16(struct cursor *c, uint16_t *v)
{
    *v = 0;
    if (!cur_has(c, 2))
        return false;
    *v = (uint16_t)((c->p[0] << 8) | c->p[1]);
    c->p += 2;
    return true;
}

static inline bool cur_le16(struct cursor *c, uint16_t *v)
{
    *v = 0;
    if (!cur_has(c, 2))
        return false;
    *v = (uint16_t)((c->p[1] << 8) | c->p[0]);
    c->p += 2;
    return true;
}

static inline bool cur_be24(struct cursor *c, uint32_t *v)
{
    *v = 0;
    if (!cur_has(c, 3))
        return false;
    *v = ((uint32_t)c->p[0] << 16) | ((uint32_t)c->p[1] << 8) | c->p[2];
    c->p += 3;
    return true;
}

static inline bool cur_be32(struct cursor *c, uint32_t *v)
{
    *v = 0;
    if (!cur_has(c, 4))
        return false;
    *v = ((uint32_t)c->p[0] << 24) | ((uint32_t)c->p[1] << 16) | ((uint32_t)c->p[2] << 8) | c->p[3];
    c->p += 4;
    return true;
}

static inline bool cur_le32(struct cursor *c, uint32_t *v)
{
    *v = 0;
    if (!cur_has(c, 4))
        return false;
    *v = ((uint32_t)c->p[3] << 24) | ((uint32_t)c->p[2] << 16) | ((uint32_t)c->p[1] << 8) | c->p[0];
    c->p += 4;
    return true;
}

static inline bool cur_be64(struct cursor *c, uint64_t *v)
{
    uint32_t hi, lo;
    struct cursor save = *c;
    *v = 0;
    if (!cur_be32(c, &hi) || !cur_be32(c, &lo)) {
        *c = save;
        return false;
    }
    *v = ((uint64_t)hi << 32) | lo;
    return true;
}

static inline bool cur_skip(struct cursor *c, size_t n)
{
    if (!cur_has(c, n))
        return false;
    c->p += n;
    return true;
}

/* Copies n bytes out. */
static inline bool cur_copy(struct cursor *c, void *dst, size_t n)
{
    if (!cur_has(c, n))
        return false;
    memcpy(dst, c->p, n);
    c->p += n;
    return true;
}

/* Takes n bytes as a slice pointing into the cursor's buffer. */
static inline bool cur_take(struct cursor *c, size_t n, struct slice *s)
{
    if (!cur_has(c, n))
        return false;
    s->p = c->p;
    s->len = n;
    c->p += n;
    return true;
}

/* Takes the bytes before the first `byte` within `max` bytes and consumes the delimiter too. */
static inline bool cur_until(struct cursor *c, uint8_t byte, size_t max, struct slice *s)
{
    size_t n = cur_left(c) < max ? cur_left(c) : max;
    const uint8_t *hit = memchr(c->p, byte, n);
    if (hit == NULL)
        return false;
    s->p = c->p;
    s->len = (size_t)(hit - c->p);
    c->p = hit + 1;
    return true;
}

/* Peeks without moving: the byte at offset off. */
static inline bool cur_peek_u8(const struct cursor *c, size_t off, uint8_t *v)
{
    *v = 0;
    if (cur_left(c) <= off)
        return false;
    *v = c->p[off];
    return true;
}

static inline bool cur_peek_be16(const struct cursor *c, size_t off, uint16_t *v)
{
    *v = 0;
    if (cur_left(c) < off + 2 || off + 2 < off)
        return false;
    *v = (uint16_t)((c->p[off] << 8) | c->p[off + 1]);
    return true;
}

/* Returns a sub-cursor over the next n bytes (not consuming them), or false if short. */
static inline bool cur_sub(const struct cursor *c, size_t n, struct cursor *sub)
{
    if (!cur_has(c, n))
        return false;
    sub->p = c->p;
    sub->end = c->p + n;
    return true;
}

/* Shrinks the readable end to n bytes from the current position (e.g. IP total length). */
static inline bool cur_limit(struct cursor *c, size_t n)
{
    if (!cur_has(c, n))
        return false;
    c->end = c->p + n;
    return true;
}

#endif
