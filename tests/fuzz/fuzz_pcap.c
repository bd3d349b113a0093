/*
 * fuzz_pcap.c - libFuzzer target: a whole capture file through capture and the decoders.
 *
 * Input: the bytes of a pcap or pcapng file. They are written to a memfd, which
 * capture_open() opens by its /proc/self/fd path like any file, so the real reading code
 * runs unchanged (header checks, link types, truncated records, the packet buffer). Each
 * packet read is decoded and its pseudo packets drained and checked (fuzz-check.h). One
 * decode_thread lives for the whole process (a fresh one per input costs a defrag table);
 * after each input every defrag tracker is expired, so defragmentation state spans the
 * packets of one input only and a reproducer replays the same way. At most
 * FUZZ_MAX_PACKETS packets per input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture/capture.h"
#include "conf/conf.h"
#include "decode/decode.h"
#include "util/log.h"

#include "fuzz-check.h"

#define FUZZ_MAX_PACKETS 4096

static struct decode_config fuzz_cfg;
static struct decode_thread fuzz_dt;
static int fuzz_fd = -1;
static char fuzz_path[64];

static int fuzz_setup(void)
{
    struct conf c;

    log_set_level(LOG_LEVEL_ERROR);
    conf_init_empty(&c);
    if (decode_config_load(&fuzz_cfg, &c) < 0)
        return -1;
    /* every checksum verified; "auto" would switch them off for good after bad inputs */
    fuzz_cfg.csum_mode = DECODE_CSUM_ON;
    fuzz_cfg.checksum_validation = true;
    conf_release(&c);
    fuzz_fd = memfd_create("fuzz_pcap", 0);
    if (fuzz_fd < 0)
        return -1;
    snprintf(fuzz_path, sizeof(fuzz_path), "/proc/self/fd/%d", fuzz_fd);
    return decode_thread_init(&fuzz_dt, &fuzz_cfg);
}

/* Replaces the memfd's contents with the input. */
static int fuzz_write(const uint8_t *data, size_t size)
{
    size_t off = 0;

    if (ftruncate(fuzz_fd, 0) != 0 || lseek(fuzz_fd, 0, SEEK_SET) != 0)
        return -1;
    while (off < size) {
        ssize_t n = write(fuzz_fd, data + off, size - off);
        if (n <= 0)
            return -1;
        off += (size_t)n;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct capture *cap;
    struct packet p;
    volatile unsigned sink = 0;
    int n = 0;

    if (!ready) {
        if (fuzz_setup() < 0)
            abort();
        ready = 1;
    }
    if (fuzz_write(data, size) < 0)
        abort();
    if (capture_open(&cap, fuzz_path) < 0)
        return 0;
    memset(&p, 0, sizeof(p));
    while (n++ < FUZZ_MAX_PACKETS && capture_next(cap, &p) == 1) {
        if (p.caplen > p.buf_size || p.data != p.buf)
            fuzz_fail("capture_next: packet outside its buffer");
        decode_packet(&fuzz_dt, &p);
        sink += fuzz_check_packet(&p);
        sink += fuzz_drain_pseudo(&fuzz_dt);
        decode_timeout(&fuzz_dt, p.ts_usec);
    }
    (void)sink;
    decode_timeout(&fuzz_dt, UINT64_MAX / 2);
    capture_close(cap);
    free(p.buf);
    return 0;
}
