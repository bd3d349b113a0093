/*
 * capture.h - packet sources. A source fills struct packet's capture fields.
 *
 * (Owned by the capture module; skeleton.)
 */
#ifndef VG_CAPTURE_CAPTURE_H
#define VG_CAPTURE_CAPTURE_H

#include "decode/decode-types.h"

#endif
