/*
 * kw-file.h - file buffers and keywords (kw/file-keywords.c), for the keyword registry
 * (detect/keywords.c) and the buffer registry (detect/buffer.c).
 */
#ifndef VG_DETECT_KW_KW_FILE_H
#define VG_DETECT_KW_KW_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode-types.h"
#include "detect/keyword.h"
#include "util/cursor.h"

struct detect_thread;

/* file.data: an HTTP tx's body of the packet's side, after dechunking and decompression,
 * once complete or full (tx is a struct http_tx); for multipart uploads, one instance per
 * file part. */
bool file_buf_data(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
/* file.name / file.magic: one instance per file of the tx. */
bool file_buf_name(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);
bool file_buf_magic(
        struct detect_thread *dt, struct packet *p, void *tx, uint32_t idx, struct slice *out);

extern const struct keyword kw_file_data, kw_file_data_legacy, kw_file_name, kw_file_magic,
        kw_filename, kw_fileext, kw_filemagic, kw_filesize, kw_filestore, kw_filemd5, kw_filesha1,
        kw_filesha256;

#endif
