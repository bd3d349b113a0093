/*
 * capture.h - packet sources: a pcap/pcapng file, or a directory of them in name order.
 *
 * A source fills the capture fields of struct packet (buf/data/caplen/wirelen/ts_usec/
 * pcap_cnt/datalink); it never decodes. Bad input is reported, not fatal to what was read:
 * a truncated file yields every complete packet, then a warning naming the file and the
 * byte offset; an unreadable file, a corrupt header or an unsupported link type is a
 * one-line error naming the file and the reason.
 */
#ifndef VG_CAPTURE_CAPTURE_H
#define VG_CAPTURE_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/decode-types.h"

struct capture;

struct capture_progress {
    uint64_t packets;
    uint64_t bytes;       /* bytes of the input read so far */
    uint64_t total_bytes; /* size of all input files */
    const char *current;  /* file being read */
};

/* Opens a file or a directory. Returns VG_OK, or a negative VG_E* after logging why. The
 * returned source is owned by the caller (capture_close()). */
int capture_open(struct capture **out, const char *path);
/* The same, keeping only the packets that match the BPF filter expression bpf (NULL or ""
 * for all), as Suricata's command-line filter. An invalid expression is an error. */
int capture_open_filter(struct capture **out, const char *path, const char *bpf);
/* Reads the next packet into p (growing p->buf as needed, up to 256 KiB).
 * Returns 1 with a packet, 0 at the end of input, a negative VG_E* on a fatal error. */
int capture_next(struct capture *c, struct packet *p);
void capture_get_progress(const struct capture *c, struct capture_progress *pr);
/* Number of input problems reported (truncated files, unreadable files in a directory). */
unsigned capture_warnings(const struct capture *c);
/* True if libpcap link type dlt is one the decoder handles. */
bool capture_datalink_supported(int dlt);
void capture_close(struct capture *c);

#endif
