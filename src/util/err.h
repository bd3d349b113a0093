/*
 * err.h - the one return convention: 0 on success, a negative VG_E* code on failure.
 * Incremental parsers return ssize_t (>0 consumed, 0 need more, <0 error).
 */
#ifndef VG_UTIL_ERR_H
#define VG_UTIL_ERR_H

enum vg_err {
    VG_OK = 0,
    VG_ENOMEM = -1,
    VG_EINVAL = -2,
    VG_EMEMCAP = -3,
    VG_EIO = -4,
    VG_ENOENT = -5,
    VG_EUNSUPPORTED = -6,
    VG_ETRUNC = -7,
};

/* Short human-readable text for a VG_E* code; never NULL. */
const char *vg_strerror(int err);

#endif
