/*
 * fuzz_decode.c - libFuzzer target: one captured packet through the whole decoder chain.
 *
 * Input: byte 0 picks the link type (its low 7 bits index fuzz_dlts, modulo its length;
 * 0 is Ethernet) and the checksum mode (high bit clear: every checksum verified, set: none,
 * so the fuzzer reaches what a bad checksum would stop); the rest is the captured frame,
 * exactly sized so ASan sees any read past the captured length. The packet is decoded, then every
 * pseudo packet it produced (tunnel inner packets, reassembled datagrams) is taken, checked and
 * given back, as a worker does. fuzz-check.h checks the decoded fields' invariants. Two
 * decode_threads (checksums on and off) live for the whole process, otherwise with default settings
 * (every tunnel decoder on); after each input the packet clock jumps one hour and defrag state is
 * expired, so inputs do not leak state into each other.
 */
#include <pcap/dlt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "decode/decode.h"
#include "util/log.h"

#include "fuzz-check.h"

static const int fuzz_dlts[] = {
    DLT_EN10MB,
    DLT_LINUX_SLL,
    DLT_LINUX_SLL2,
    DLT_RAW,
    DLT_IPV4,
    DLT_IPV6,
    DLT_NULL,
    DLT_LOOP,
    DLT_PPP,
    DLT_C_HDLC,
};

static struct decode_config fuzz_cfg[2];
static struct decode_thread fuzz_dt[2];
static uint64_t fuzz_now = 1700000000ULL * 1000000;

static int fuzz_setup(void)
{
    struct conf c;

    log_set_level(LOG_LEVEL_ERROR);
    conf_init_empty(&c);
    for (int i = 0; i < 2; i++) {
        if (decode_config_load(&fuzz_cfg[i], &c) < 0)
            return -1;
        /* not "auto": it would switch checksums off for good after a few bad inputs */
        fuzz_cfg[i].csum_mode = i == 0 ? DECODE_CSUM_ON : DECODE_CSUM_OFF;
        fuzz_cfg[i].checksum_validation = i == 0;
        if (decode_thread_init(&fuzz_dt[i], &fuzz_cfg[i]) < 0)
            return -1;
    }
    conf_release(&c);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct decode_thread *dt;
    struct packet p;
    volatile unsigned sink;

    if (!ready) {
        if (fuzz_setup() < 0)
            abort();
        ready = 1;
    }
    if (size < 1 || size > 65536 + 1)
        return 0;

    dt = &fuzz_dt[data[0] >> 7];
    memset(&p, 0, sizeof(p));
    p.datalink = fuzz_dlts[(data[0] & 0x7f) % (sizeof(fuzz_dlts) / sizeof(fuzz_dlts[0]))];
    p.data = data + 1;
    p.caplen = (uint32_t)(size - 1);
    p.wirelen = p.caplen;
    p.ts_usec = fuzz_now;
    p.pcap_cnt = 1;

    decode_packet(dt, &p);
    sink = fuzz_check_packet(&p);
    sink += fuzz_drain_pseudo(dt);
    (void)sink;

    fuzz_now += 3600ULL * 1000000;
    decode_timeout(dt, fuzz_now);
    return 0;
}
