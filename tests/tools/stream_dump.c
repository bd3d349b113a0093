/*
 * stream_dump.c - reads a pcap through decode, flow and stream (no app layer, no
 * detection) and writes each TCP session's reassembled directions to files, for the
 * cross-check against tshark (tests/crosscheck/follow.py) and the reassembly benchmark.
 *
 * Usage: stream_dump [-q] [-s KEY=VALUE]... PCAP [OUTDIR]
 *   OUTDIR/index.tsv gets one line per session and direction:
 *     session  client  server  dir(c2s|s2c)  bytes  gaps  gap_bytes  file
 *   with OUTDIR/<session>-<dir>.bin holding the bytes (gaps are left out, counted).
 *   Sessions are numbered in the order their flow ends; client and server are ip:port
 *   of the flow's first packet's sender and receiver.
 *   -q: deliver and count only (no OUTDIR, no files): prints totals, for benchmarks.
 *   -s: a config assignment (as vigie --set), e.g. -s stream.reassembly.depth=0.
 * Prints "sessions N bytes B gaps G" on stdout. The engine runs with one worker's
 * defaults (Suricata's built-in config) unless -s says otherwise.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "capture/capture.h"
#include "conf/conf.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "stream/stream.h"
#include "util/err.h"

/* One direction being collected. */
struct dir_buf {
    uint8_t *p;
    size_t len, cap;
    uint64_t gaps, gap_bytes;
};

/* A session that carried data, until its flow ends. */
struct sess {
    const struct flow *f;
    struct dir_buf d[2];
    struct sess *next;
};

struct dump {
    struct stream_thread *st;
    const char *outdir;
    FILE *index;
    bool quiet;
    struct sess *live;
    unsigned n_sessions;
    uint64_t total_bytes, total_gaps;
};

static struct sess *sess_get(struct dump *dp, const struct flow *f)
{
    for (struct sess *s = dp->live; s; s = s->next)
        if (s->f == f)
            return s;
    struct sess *s = calloc(1, sizeof(*s));
    if (!s) {
        fprintf(stderr, "stream_dump: out of memory\n");
        exit(1);
    }
    s->f = f;
    s->next = dp->live;
    dp->live = s;
    return s;
}

static void on_data(void *ctx, struct flow *f, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags)
{
    struct dump *dp = ctx;
    (void)p;
    (void)flags;
    if (len == 0 || dir < 0 || dir > 1)
        return;
    if (data == NULL)
        dp->total_gaps++;
    else
        dp->total_bytes += len;
    if (dp->quiet)
        return;
    struct dir_buf *b = &sess_get(dp, f)->d[dir];
    if (data == NULL) {
        b->gaps++;
        b->gap_bytes += len;
        return;
    }
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len)
            cap *= 2;
        uint8_t *n = realloc(b->p, cap);
        if (!n) {
            fprintf(stderr, "stream_dump: out of memory\n");
            exit(1);
        }
        b->p = n;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
}

static void fmt_ep(char *out, size_t n, const struct flow_key *k, bool src)
{
    char a[INET6_ADDRSTRLEN];
    const struct vg_addr *x = src ? &k->src : &k->dst;
    inet_ntop(k->ip_ver == 6 ? AF_INET6 : AF_INET, x->b, a, sizeof(a));
    snprintf(out, n, k->ip_ver == 6 ? "[%s]:%u" : "%s:%u", a, (unsigned)(src ? k->sp : k->dp));
}

/* Writes and forgets the session of f (if it carried data). */
static void sess_finish(struct dump *dp, const struct flow *f)
{
    struct sess **pp = &dp->live, *s;
    while ((s = *pp) != NULL && s->f != f)
        pp = &s->next;
    if (!s)
        return;
    *pp = s->next;
    unsigned id = dp->n_sessions++;
    char cli[64], srv[64];
    fmt_ep(cli, sizeof(cli), &f->key, true);
    fmt_ep(srv, sizeof(srv), &f->key, false);
    for (int d = 0; d < 2; d++) {
        const char *dn = d == FLOW_DIR_TOSERVER ? "c2s" : "s2c";
        char path[4096];
        snprintf(path, sizeof(path), "%s/%u-%s.bin", dp->outdir, id, dn);
        FILE *o = fopen(path, "wb");
        if (!o || (s->d[d].len && fwrite(s->d[d].p, 1, s->d[d].len, o) != s->d[d].len)) {
            fprintf(stderr, "stream_dump: %s: cannot write\n", path);
            exit(1);
        }
        fclose(o);
        fprintf(dp->index, "%u\t%s\t%s\t%s\t%zu\t%llu\t%llu\t%u-%s.bin\n", id, cli, srv, dn,
                s->d[d].len, (unsigned long long)s->d[d].gaps,
                (unsigned long long)s->d[d].gap_bytes, id, dn);
        free(s->d[d].p);
    }
    free(s);
}

static void on_flow_end(void *ctx, struct flow *f, enum flow_end_reason reason, uint64_t now)
{
    struct dump *dp = ctx;
    (void)reason;
    (void)now;
    if (f->tcp_ssn != NULL) {
        stream_flow_end(dp->st, f);
        if (dp->quiet)
            dp->n_sessions++;
    }
    if (!dp->quiet)
        sess_finish(dp, f);
}

static void on_flow_release(void *ctx, struct flow *f)
{
    struct dump *dp = ctx;
    stream_flow_free(dp->st, f);
    if (!dp->quiet)
        sess_finish(dp, f);
}

static void usage(void)
{
    fprintf(stderr, "usage: stream_dump [-q] [-s KEY=VALUE]... PCAP [OUTDIR]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct dump dp;
    struct conf conf;
    struct decode_config dcfg;
    struct flow_config fcfg;
    struct stream_config scfg;
    struct decode_thread dt;
    struct capture *cap = NULL;
    struct packet pkt;
    int i, rc;

    memset(&dp, 0, sizeof(dp));
    conf_init_empty(&conf);
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-q") == 0) {
            dp.quiet = true;
        } else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
            if (conf_set(&conf, argv[++i]) < 0)
                usage();
        } else {
            usage();
        }
    }
    if (argc - i != (dp.quiet ? 1 : 2))
        usage();
    const char *pcap = argv[i];
    if (!dp.quiet) {
        dp.outdir = argv[i + 1];
        mkdir(dp.outdir, 0755);
        char path[4096];
        snprintf(path, sizeof(path), "%s/index.tsv", dp.outdir);
        if ((dp.index = fopen(path, "w")) == NULL) {
            fprintf(stderr, "stream_dump: %s: cannot write\n", path);
            return 1;
        }
    }
    if (decode_config_load(&dcfg, &conf) < 0 || flow_config_load(&fcfg, &conf) < 0 ||
            stream_config_load(&scfg, &conf) < 0)
        return 1;
    if (decode_thread_init(&dt, &dcfg) < 0)
        return 1;
    struct flow_table *ft = flow_table_new(&fcfg, 1, on_flow_end, &dp);
    struct stream_consumer consumer = { on_data, &dp };
    dp.st = stream_thread_new(&scfg, 1, &consumer);
    if (ft == NULL || dp.st == NULL)
        return 1;
    flow_table_set_release(ft, on_flow_release, &dp);
    if (capture_open(&cap, pcap) < 0)
        return 1;

    memset(&pkt, 0, sizeof(pkt));
    uint64_t clock = 0, last_tick = 0;
    size_t off = offsetof(struct packet, flags);
    while ((rc = capture_next(cap, &pkt)) == 1) {
        if (pkt.ts_usec > clock)
            clock = pkt.ts_usec;
        if (last_tick == 0)
            last_tick = clock;
        if (clock >= last_tick + 1000000) {
            flow_table_timeout(ft, clock);
            decode_timeout(&dt, clock);
            last_tick = clock;
        }
        memset((uint8_t *)&pkt + off, 0, sizeof(pkt) - off);
        decode_packet(&dt, &pkt);
        struct packet *q = &pkt;
        bool pseudo = false;
        do {
            if (flow_handle_packet(ft, q, clock) != NULL && q->proto == 6)
                stream_handle_packet(dp.st, q);
            q->flow = NULL;
            if (pseudo)
                decode_put_pseudo(&dt, q);
            pseudo = true;
        } while ((q = decode_take_pseudo(&dt)) != NULL);
    }
    if (rc < 0)
        fprintf(stderr, "stream_dump: reading %s failed\n", pcap);
    flow_table_shutdown(ft, clock);
    flow_table_free(ft);
    stream_thread_free(dp.st);
    decode_thread_release(&dt);
    capture_close(cap);
    free(pkt.buf);
    stream_config_release(&scfg);
    conf_release(&conf);
    if (dp.index)
        fclose(dp.index);
    printf("sessions %u bytes %llu gaps %llu\n", dp.n_sessions, (unsigned long long)dp.total_bytes,
            (unsigned long long)dp.total_gaps);
    return rc < 0 ? 1 : 0;
}
