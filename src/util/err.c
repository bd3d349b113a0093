/*
 * err.c - text for the VG_E* return codes.
 */
#include "util/err.h"

const char *vg_strerror(int err)
{
    switch (err) {
    case VG_OK:
        return "success";
    case VG_ENOMEM:
        return "out of memory";
    case VG_EINVAL:
        return "invalid argument";
    case VG_EMEMCAP:
        return "memcap reached";
    case VG_EIO:
        return "input/output error";
    case VG_ENOENT:
        return "not found";
    case VG_EUNSUPPORTED:
        return "unsupported";
    case VG_ETRUNC:
        return "truncated";
    }
    return "unknown error";
}
