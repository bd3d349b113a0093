/*
 * fuzz_app_detect.c - libFuzzer target: protocol detection (and whatever parser it picks)
 * over random bytes in both directions of one flow, with every registered probe.
 *
 * Input: byte 0 chooses the flow: bit 0 the transport (TCP / UDP), bit 1 a midstream TCP
 * flow (no SYN seen: probes may reverse it), bits 2-7 the server port from fuzz_ports (so
 * probes gated on ports run). Then records of a 2-byte header and data: header byte 0 bit 7
 * the direction (set: to client), bit 6 a gap of len bytes (TCP), bit 5 the end of that
 * direction; header byte 1 the length (0-255), followed by that many bytes (fewer at the end
 * of the input). TCP records go through app_on_stream_data() as the stream stage's in-order
 * chunks, UDP records through app_handle_udp() as datagrams. After each record the
 * transactions are marked logged (eve_app_log() without an output) and collected, as the
 * worker does; at the end the flow ends and is freed. The app config is the default one
 * (every registered protocol on), with one app_thread for the whole process.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app-layer.h"
#include "conf/conf.h"
#include "output/eve-app.h"
#include "stream/stream.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t fuzz_ports[] = { 80, 21, 22, 25, 53, 67, 69, 88, 110, 135, 139, 143, 161, 443,
    445, 1883, 2049, 3389, 5060, 5432, 5900, 8080, 12345 };

static struct app_config fuzz_cfg;
static struct app_thread *fuzz_at;

static int fuzz_setup(void)
{
    struct conf c;

    log_set_level(LOG_LEVEL_ERROR);
    conf_init_empty(&c);
    if (app_config_load(&fuzz_cfg, &c) < 0)
        return -1;
    conf_release(&c);
    fuzz_at = app_thread_new(&fuzz_cfg);
    return fuzz_at != NULL ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct flow f;
    struct packet p;
    size_t off = 1;
    bool start[2] = { true, true };

    if (!ready) {
        if (fuzz_setup() < 0)
            abort();
        ready = 1;
    }
    if (size < 1 || size > 1 << 20)
        return 0;
    memset(&f, 0, sizeof(f));
    f.key.ip_ver = 4;
    f.key.proto = (data[0] & 1) ? 17 : 6;
    f.key.sp = 40000;
    f.key.dp = fuzz_ports[(data[0] >> 2) % (sizeof(fuzz_ports) / sizeof(fuzz_ports[0]))];
    f.tcp_flags_ts = (data[0] & 2) ? TCP_ACK : TCP_SYN | TCP_ACK;
    while (off + 2 <= size) {
        uint8_t h = data[off];
        uint32_t len = data[off + 1];
        int dir = h >> 7;
        unsigned flags = start[dir] ? STREAM_DATA_F_START : 0;

        off += 2;
        if (len > size - off)
            len = (uint32_t)(size - off);
        start[dir] = false;
        memset(&p, 0, sizeof(p));
        p.flow = &f;
        p.flow_dir = (uint8_t)dir;
        if (f.key.proto == 17) {
            p.payload = len > 0 ? data + off : NULL;
            p.payload_len = len;
            app_handle_udp(fuzz_at, &p);
            off += len;
        } else if (h & 0x40) {
            app_on_stream_data(fuzz_at, &f, &p, dir, NULL, len, flags | STREAM_DATA_F_GAP);
        } else {
            if (h & 0x20)
                flags |= STREAM_DATA_F_EOF;
            app_on_stream_data(fuzz_at, &f, &p, dir, len > 0 ? data + off : NULL, len, flags);
            off += len;
        }
        if (f.app != NULL) {
            eve_app_log(NULL, &f, &p, 0, false);
            app_flow_gc(fuzz_at, &f, false);
        }
    }
    app_flow_end(fuzz_at, &f);
    if (f.app != NULL)
        eve_app_log(NULL, &f, NULL, 0, true);
    app_flow_free(fuzz_at, &f);
    return 0;
}
