/*
 * compiler.h - small project-wide macros: branch hints, array length, unused.
 *
 * Only what every module needs and the language lacks; nothing here hides control flow.
 */
#ifndef VG_UTIL_COMPILER_H
#define VG_UTIL_COMPILER_H

#define VG_LIKELY(x)      __builtin_expect(!!(x), 1)
#define VG_UNLIKELY(x)    __builtin_expect(!!(x), 0)
#define VG_ARRAY_LEN(a)   (sizeof(a) / sizeof((a)[0]))
#define VG_UNUSED         __attribute__((unused))
#define VG_PRINTF(fmt, a) __attribute__((format(printf, fmt, a)))
#define VG_MIN(a, b)      ((a) < (b) ? (a) : (b))
#define VG_MAX(a, b)      ((a) > (b) ? (a) : (b))
/* Marks an intended switch fall-through for both gcc and clang (-Wimplicit-fallthrough). */
#define VG_FALLTHROUGH __attribute__((fallthrough))

/* Invariants only, never input validation: active in debug, ASan and fuzz builds. */
#ifdef VG_DEBUG
#include <stdio.h>
#include <stdlib.h>
#define VG_ASSERT(x)                                                                               \
    do {                                                                                           \
        if (!(x)) {                                                                                \
            fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #x);              \
            abort();                                                                               \
        }                                                                                          \
    } while (0)
#else
#define VG_ASSERT(x)                                                                               \
    do {                                                                                           \
        (void)sizeof(x);                                                                           \
    } while (0)
#endif

#endif
