/*
 * gen-traffic.c - writes a pcap of realistic mixed traffic for the benchmarks.
 *
 * Mixed mode (default) keeps a set of C concurrent flows and, for every packet, advances
 * one of them chosen at random, so flows interleave as on a real link. Flow kinds, per new
 * flow: TCP (3-way handshake, request/response rounds with heavy-tailed response sizes,
 * segments of at most one MSS, an ACK every two segments, then FIN or RST teardown or
 * nothing), DNS-like UDP query/response, ICMP echo, and bulk UDP on 443 (QUIC-like). About
 * 15% of flows are IPv6 and 10% carry an 802.1Q tag. Checksums are correct. Packet sizes
 * come out bimodal (ACKs and full-size segments) as in real captures.
 *
 * State mode (-F N) writes N TCP flows of 5 packets each (handshake, request, response)
 * with no teardown, all within a few seconds of packet time, so every flow is still alive
 * at the end of the input: comparing peak RSS for two values of N gives the bytes of state
 * per flow.
 *
 * HTTP bulk mode (-H) keeps the mixed mode's interleaving of C concurrent flows but makes
 * every flow an HTTP/1.1 download on port 80: a GET request, then a response whose size is
 * Pareto-distributed from 256 KiB (capped at 16 MiB) with an HTTP header and a
 * Content-Length, one to three per connection, FIN teardown: long in-order transfers for
 * the stream reassembly benchmark.
 *
 * Deterministic for a given seed. Writes classic pcap (LINKTYPE_ETHERNET) without libpcap.
 * It does not try to model application content beyond plausible DNS headers.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    K_TCP,
    K_DNS,
    K_ICMP,
    K_UDP_BULK
};
enum {
    S_SYN,
    S_SYNACK,
    S_ACK,
    S_REQ,
    S_RESP,
    S_RESP_ACK,
    S_FIN1,
    S_FIN2,
    S_FIN3,
    S_DONE
};
enum {
    T_FIN,
    T_RST,
    T_NONE
};

struct gflow {
    uint8_t kind, state, teardown, v6, rounds, since_ack, ttl_c, ttl_s;
    uint16_t vlan, sp, dp, ip_id_c, ip_id_s;
    uint8_t cli[16], srv[16];
    uint32_t cseq, sseq, req_left, resp_left, flow_label;
    uint32_t ts_c, ts_s;
    uint8_t hdr_pending; /* HTTP bulk mode: 1 request header, 2 response header */
};

struct gen {
    FILE *out;
    uint64_t rng;
    uint64_t now_usec;
    double mean_gap_usec;
    uint64_t packets, bytes, flows_started;
    uint64_t per_kind[4];
    bool http_bulk;   /* -H */
    char prefix[160]; /* written at the start of the next TCP payload (HTTP headers) */
    size_t prefix_len;
    uint8_t frame[2048];
    uint8_t junk[65536];
};

static uint64_t rnd(struct gen *g)
{
    /* xorshift64* */
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 2685821657736338717ULL;
}

static uint32_t rnd_below(struct gen *g, uint32_t n)
{
    return (uint32_t)((rnd(g) >> 32) % n);
}

static double rnd_unit(struct gen *g)
{
    return (double)(rnd(g) >> 11) / 9007199254740992.0;
}

/* Pareto(alpha) scaled by xm, capped. */
static uint32_t rnd_pareto(struct gen *g, double xm, double alpha, uint32_t cap)
{
    double u = 1.0 - rnd_unit(g);
    double x = xm / pow(u, 1.0 / alpha);
    return x > cap ? cap : (uint32_t)x;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        sum += (uint32_t)(p[len - 1] << 8);
    return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void write_pcap_header(struct gen *g)
{
    uint8_t h[24];
    uint32_t magic = 0xa1b2c3d4, snap = 65535, dlt = 1;
    uint16_t vmaj = 2, vmin = 4;

    memset(h, 0, sizeof(h));
    memcpy(h, &magic, 4);
    memcpy(h + 4, &vmaj, 2);
    memcpy(h + 6, &vmin, 2);
    memcpy(h + 16, &snap, 4);
    memcpy(h + 20, &dlt, 4);
    fwrite(h, 1, sizeof(h), g->out);
}

static void emit(struct gen *g, size_t len)
{
    uint32_t rec[4];
    double gap = -g->mean_gap_usec * log(1.0 - rnd_unit(g));

    g->now_usec += (uint64_t)gap + 1;
    rec[0] = (uint32_t)(g->now_usec / 1000000);
    rec[1] = (uint32_t)(g->now_usec % 1000000);
    rec[2] = (uint32_t)len;
    rec[3] = (uint32_t)len;
    fwrite(rec, 1, sizeof(rec), g->out);
    fwrite(g->frame, 1, len, g->out);
    g->packets++;
    g->bytes += len;
}

/* Ethernet (+ VLAN) and IP header for a packet of l4_len bytes; returns the L4 offset. */
static size_t put_l2l3(
        struct gen *g, const struct gflow *f, bool to_srv, uint8_t proto, size_t l4_len)
{
    static const uint8_t mac_c[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
    static const uint8_t mac_s[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
    uint8_t *p = g->frame;
    size_t o = 12;

    memcpy(p, to_srv ? mac_s : mac_c, 6);
    memcpy(p + 6, to_srv ? mac_c : mac_s, 6);
    if (f->vlan) {
        put16(p + o, 0x8100);
        put16(p + o + 2, f->vlan);
        o += 4;
    }
    put16(p + o, f->v6 ? 0x86dd : 0x0800);
    o += 2;
    if (f->v6) {
        put32(p + o, 0x60000000u | f->flow_label);
        put16(p + o + 4, (uint16_t)l4_len);
        p[o + 6] = proto;
        p[o + 7] = to_srv ? f->ttl_c : f->ttl_s;
        memcpy(p + o + 8, to_srv ? f->cli : f->srv, 16);
        memcpy(p + o + 24, to_srv ? f->srv : f->cli, 16);
        return o + 40;
    }
    p[o] = 0x45;
    p[o + 1] = 0;
    put16(p + o + 2, (uint16_t)(20 + l4_len));
    put16(p + o + 4, to_srv ? f->ip_id_c : f->ip_id_s);
    put16(p + o + 6, 0x4000);
    p[o + 8] = to_srv ? f->ttl_c : f->ttl_s;
    p[o + 9] = proto;
    put16(p + o + 10, 0);
    memcpy(p + o + 12, to_srv ? f->cli : f->srv, 4);
    memcpy(p + o + 16, to_srv ? f->srv : f->cli, 4);
    put16(p + o + 10, csum_fold(csum_add(0, p + o, 20)));
    return o + 20;
}

/* Checksum over the pseudo header and the L4 segment at offset l4. */
static uint16_t l4_csum(struct gen *g, const struct gflow *f, size_t l4, size_t len, uint8_t proto)
{
    const uint8_t *ip = g->frame + l4 - (f->v6 ? 40 : 20);
    uint32_t sum = 0;

    if (f->v6)
        sum = csum_add(sum, ip + 8, 32);
    else
        sum = csum_add(sum, ip + 12, 8);
    sum += proto;
    sum += (uint32_t)len;
    sum = csum_add(sum, g->frame + l4, len);
    return csum_fold(sum);
}

static void fill_payload(struct gen *g, uint8_t *dst, size_t len, uint32_t seed)
{
    size_t off = seed % (sizeof(g->junk) - 2048);

    memcpy(dst, g->junk + off, len);
}

static void emit_tcp(struct gen *g, struct gflow *f, bool to_srv, uint8_t flags, size_t plen)
{
    size_t optlen = (flags & 0x02) ? 20 : 12;
    size_t hlen = 20 + optlen;
    size_t l4 = put_l2l3(g, f, to_srv, 6, hlen + plen);
    uint8_t *t = g->frame + l4;
    uint32_t seq = to_srv ? f->cseq : f->sseq;
    uint32_t ack = to_srv ? f->sseq : f->cseq;

    put16(t, to_srv ? f->sp : f->dp);
    put16(t + 2, to_srv ? f->dp : f->sp);
    put32(t + 4, seq);
    put32(t + 8, (flags & 0x10) ? ack : 0);
    t[12] = (uint8_t)((hlen / 4) << 4);
    t[13] = flags;
    put16(t + 14, (flags & 0x02) ? 64240 : 502);
    put16(t + 16, 0);
    put16(t + 18, 0);
    if (flags & 0x02) {
        static const uint8_t syn_opts[8] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10 };
        memcpy(t + 20, syn_opts, 8);
        put32(t + 28, to_srv ? f->ts_c : f->ts_s);
        /* echo the peer's last TSval (ts_* already moved past it), as real stacks do:
         * Suricata rejects a SYN/ACK whose echo is not the SYN's value */
        put32(t + 32, to_srv ? 0 : f->ts_c - 1);
        t[36] = 1;
        t[37] = 3;
        t[38] = 3;
        t[39] = 7;
    } else {
        t[20] = 1;
        t[21] = 1;
        t[22] = 8;
        t[23] = 10;
        put32(t + 24, to_srv ? f->ts_c : f->ts_s);
        put32(t + 28, to_srv ? f->ts_s - 1 : f->ts_c - 1);
    }
    if (plen) {
        fill_payload(g, t + hlen, plen, seq);
        if (g->prefix_len) {
            memcpy(t + hlen, g->prefix, g->prefix_len < plen ? g->prefix_len : plen);
            g->prefix_len = 0;
        }
    }
    put16(t + 16, l4_csum(g, f, l4, hlen + plen, 6));
    emit(g, l4 + hlen + plen);

    /* sequence space: SYN and FIN count one, data its length */
    if (to_srv) {
        f->cseq += (uint32_t)plen + ((flags & 0x03) ? 1 : 0);
        f->ip_id_c++;
        f->ts_c += 1;
    } else {
        f->sseq += (uint32_t)plen + ((flags & 0x03) ? 1 : 0);
        f->ip_id_s++;
        f->ts_s += 1;
    }
}

static void emit_udp(struct gen *g, struct gflow *f, bool to_srv, size_t plen)
{
    size_t l4 = put_l2l3(g, f, to_srv, 17, 8 + plen);
    uint8_t *u = g->frame + l4;
    uint16_t ck;

    put16(u, to_srv ? f->sp : f->dp);
    put16(u + 2, to_srv ? f->dp : f->sp);
    put16(u + 4, (uint16_t)(8 + plen));
    put16(u + 6, 0);
    if (f->kind == K_DNS) {
        /* header, one question, and (plen - 33) / 16 A records pointing at the qname */
        static const char name[] = "\3www\7example\3com";
        size_t n = sizeof(name), o; /* n includes the root label's 0 */
        uint16_t answers = (uint16_t)((plen - 12 - n - 4) / 16);
        put16(u + 8, (uint16_t)f->sp);
        put16(u + 10, to_srv ? 0x0100 : 0x8180);
        put16(u + 12, 1);
        put16(u + 14, answers);
        put16(u + 16, 0);
        put16(u + 18, 0);
        memcpy(u + 20, name, n);
        put16(u + 20 + n, 1);
        put16(u + 22 + n, 1);
        for (o = 24 + n; o + 16 <= 8 + plen; o += 16) {
            put16(u + o, 0xc00c);
            put16(u + o + 2, 1);
            put16(u + o + 4, 1);
            put32(u + o + 6, 300);
            put16(u + o + 10, 4);
            put32(u + o + 12, 0xc6336400u + (uint32_t)o);
        }
    } else {
        fill_payload(g, u + 8, plen, f->cseq++);
    }
    ck = l4_csum(g, f, l4, 8 + plen, 17);
    put16(u + 6, ck ? ck : 0xffff);
    emit(g, l4 + 8 + plen);
}

static void emit_icmp(struct gen *g, struct gflow *f, bool to_srv)
{
    size_t plen = 56;
    uint8_t proto = f->v6 ? 58 : 1;
    size_t l4 = put_l2l3(g, f, to_srv, proto, 8 + plen);
    uint8_t *c = g->frame + l4;
    uint32_t sum;

    if (f->v6)
        c[0] = to_srv ? 128 : 129;
    else
        c[0] = to_srv ? 8 : 0;
    c[1] = 0;
    put16(c + 2, 0);
    put16(c + 4, f->sp);
    put16(c + 6, (uint16_t)f->cseq);
    fill_payload(g, c + 8, plen, f->cseq);
    if (f->v6) {
        put16(c + 2, l4_csum(g, f, l4, 8 + plen, 58));
    } else {
        sum = csum_add(0, c, 8 + plen);
        put16(c + 2, csum_fold(sum));
    }
    emit(g, l4 + 8 + plen);
}

static void new_addrs(struct gen *g, struct gflow *f, uint64_t k)
{
    uint32_t srv = rnd_below(g, 4096);

    memset(f->cli, 0, 16);
    memset(f->srv, 0, 16);
    if (f->v6) {
        static const uint8_t pfx_c[6] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01 };
        static const uint8_t pfx_s[6] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0x00 };
        memcpy(f->cli, pfx_c, 6);
        memcpy(f->srv, pfx_s, 6);
        put32(f->cli + 12, (uint32_t)k);
        put16(f->srv + 14, (uint16_t)srv);
    } else {
        put32(f->cli, 0x0a000000u | (uint32_t)(k & 0xfffff));
        put32(f->srv, 0xac100000u | srv);
    }
}

static void new_flow(struct gen *g, struct gflow *f)
{
    uint64_t k = g->flows_started++;
    uint32_t r = rnd_below(g, 100);

    memset(f, 0, sizeof(*f));
    f->kind = r < 62 ? K_TCP : r < 88 ? K_DNS : r < 94 ? K_ICMP : K_UDP_BULK;
    if (g->http_bulk)
        f->kind = K_TCP;
    g->per_kind[f->kind]++;
    f->v6 = rnd_below(g, 100) < 15;
    f->vlan = rnd_below(g, 100) < 10 ? (uint16_t)(100 + rnd_below(g, 10)) : 0;
    new_addrs(g, f, k);
    f->sp = (uint16_t)(32768 + ((k >> 20) * 7919 + rnd_below(g, 28000)) % 28000);
    f->ttl_c = 64;
    f->ttl_s = (uint8_t)(40 + rnd_below(g, 20));
    f->flow_label = rnd_below(g, 1u << 20);
    f->ip_id_c = (uint16_t)rnd(g);
    f->ip_id_s = (uint16_t)rnd(g);
    f->cseq = (uint32_t)rnd(g);
    f->sseq = (uint32_t)rnd(g);
    f->ts_c = (uint32_t)rnd(g);
    f->ts_s = (uint32_t)rnd(g);
    switch (f->kind) {
    case K_TCP: {
        static const uint16_t ports[] = { 443, 443, 443, 443, 80, 80, 22, 25, 8080, 993 };
        f->dp = ports[rnd_below(g, 10)];
        f->rounds = (uint8_t)(1 + (rnd_below(g, 100) < 40 ? rnd_below(g, 6) : 0));
        r = rnd_below(g, 100);
        f->teardown = r < 80 ? T_FIN : r < 95 ? T_RST : T_NONE;
        if (g->http_bulk) {
            f->dp = 80;
            f->rounds = (uint8_t)(1 + rnd_below(g, 3));
            f->teardown = T_FIN;
        }
        break;
    }
    case K_DNS:
        f->dp = 53;
        f->rounds = (uint8_t)(rnd_below(g, 10) == 0 ? 2 : 1);
        break;
    case K_ICMP:
        f->rounds = (uint8_t)(1 + rnd_below(g, 4));
        break;
    default:
        f->dp = 443;
        f->rounds = (uint8_t)(4 + rnd_below(g, 20));
        break;
    }
}

static void next_exchange(struct gen *g, struct gflow *f)
{
    f->req_left = 80 + rnd_below(g, 700);
    f->resp_left = rnd_pareto(g, 1000.0, 1.1, 8u << 20);
    if (g->http_bulk) {
        f->req_left = 60;
        f->resp_left = rnd_pareto(g, 262144.0, 1.2, 16u << 20);
        f->hdr_pending = 3;
    }
    f->since_ack = 0;
}

/* HTTP bulk mode: the header that starts the request or response about to be sent. */
static void http_prefix(struct gen *g, struct gflow *f, bool request)
{
    int n;

    if (!g->http_bulk)
        return;
    if (request) {
        n = snprintf(g->prefix, sizeof(g->prefix),
                "GET /f/%08x HTTP/1.1\r\nHost: bench\r\nX-Pad: ", f->cseq);
        g->prefix_len = n > 0 ? (size_t)n : 0;
        while (g->prefix_len + 4 < f->req_left) /* exactly req_left bytes */
            g->prefix[g->prefix_len++] = 'x';
        memcpy(g->prefix + g->prefix_len, "\r\n\r\n", 4);
        g->prefix_len += 4;
    } else {
        /* the header is 47 bytes, the body the rest of resp_left */
        n = snprintf(g->prefix, sizeof(g->prefix),
                "HTTP/1.1 200 OK\r\nContent-Length: %010u\r\n\r\n", f->resp_left - 47);
        g->prefix_len = n > 0 ? (size_t)n : 0;
    }
    f->hdr_pending &= (uint8_t)(request ? ~1u : ~2u);
}

static uint32_t mss(const struct gflow *f)
{
    return f->v6 ? 1428 : 1448;
}

/* Emits the next packet of TCP flow f; returns false when the flow is over. */
static bool step_tcp(struct gen *g, struct gflow *f)
{
    uint32_t n;

    switch (f->state) {
    case S_SYN:
        emit_tcp(g, f, true, 0x02, 0);
        f->state = S_SYNACK;
        return true;
    case S_SYNACK:
        emit_tcp(g, f, false, 0x12, 0);
        f->state = S_ACK;
        return true;
    case S_ACK:
        emit_tcp(g, f, true, 0x10, 0);
        next_exchange(g, f);
        f->state = S_REQ;
        return true;
    case S_REQ:
        if (f->hdr_pending & 1)
            http_prefix(g, f, true);
        n = f->req_left < mss(f) ? f->req_left : mss(f);
        f->req_left -= n;
        emit_tcp(g, f, true, f->req_left ? 0x10 : 0x18, n);
        if (!f->req_left)
            f->state = S_RESP;
        return true;
    case S_RESP:
        if (f->hdr_pending & 2)
            http_prefix(g, f, false);
        n = f->resp_left < mss(f) ? f->resp_left : mss(f);
        f->resp_left -= n;
        emit_tcp(g, f, false, f->resp_left ? 0x10 : 0x18, n);
        if (++f->since_ack == 2 || !f->resp_left)
            f->state = S_RESP_ACK;
        return true;
    case S_RESP_ACK:
        emit_tcp(g, f, true, 0x10, 0);
        f->since_ack = 0;
        if (f->resp_left) {
            f->state = S_RESP;
        } else if (--f->rounds) {
            next_exchange(g, f);
            f->state = S_REQ;
        } else {
            f->state = S_FIN1;
        }
        return true;
    case S_FIN1:
        if (f->teardown == T_NONE)
            return false;
        if (f->teardown == T_RST) {
            emit_tcp(g, f, rnd_below(g, 2), 0x14, 0);
            return false;
        }
        emit_tcp(g, f, true, 0x11, 0);
        f->state = S_FIN2;
        return true;
    case S_FIN2:
        emit_tcp(g, f, false, 0x11, 0);
        f->state = S_FIN3;
        return true;
    default:
        emit_tcp(g, f, true, 0x10, 0);
        return false;
    }
}

/* Emits the next packet of flow f; returns false when the flow is over. */
static bool step(struct gen *g, struct gflow *f)
{
    bool to_srv = (f->state & 1) == 0;

    switch (f->kind) {
    case K_TCP:
        return step_tcp(g, f);
    case K_DNS:
        emit_udp(g, f, to_srv, 33 + (to_srv ? 0 : 16 * (1 + rnd_below(g, 8))));
        break;
    case K_ICMP:
        emit_icmp(g, f, to_srv);
        if (!to_srv)
            f->cseq++;
        break;
    default:
        emit_udp(g, f, to_srv, to_srv ? 40 + rnd_below(g, 60) : 1200 + rnd_below(g, 52));
        break;
    }
    f->state++;
    if (!to_srv && --f->rounds == 0)
        return false;
    return true;
}

static int run_mixed(struct gen *g, uint64_t packets, uint32_t conc)
{
    struct gflow *flows = calloc(conc, sizeof(*flows));
    uint32_t i;

    if (!flows)
        return -1;
    for (i = 0; i < conc; i++)
        new_flow(g, &flows[i]);
    while (g->packets < packets) {
        i = rnd_below(g, conc);
        if (!step(g, &flows[i]))
            new_flow(g, &flows[i]);
    }
    /* flows created but never given a packet do not count */
    for (i = 0; i < conc; i++) {
        if (flows[i].state == 0) {
            g->flows_started--;
            g->per_kind[flows[i].kind]--;
        }
    }
    free(flows);
    return 0;
}

static void run_state(struct gen *g, uint64_t nflows)
{
    struct gflow f;
    uint64_t k;

    for (k = 0; k < nflows; k++) {
        memset(&f, 0, sizeof(f));
        f.kind = K_TCP;
        new_addrs(g, &f, k);
        f.sp = (uint16_t)(32768 + (k >> 20));
        f.dp = 443;
        f.ttl_c = f.ttl_s = 64;
        f.cseq = (uint32_t)rnd(g);
        f.sseq = (uint32_t)rnd(g);
        emit_tcp(g, &f, true, 0x02, 0);
        emit_tcp(g, &f, false, 0x12, 0);
        emit_tcp(g, &f, true, 0x10, 0);
        emit_tcp(g, &f, true, 0x18, 200);
        emit_tcp(g, &f, false, 0x18, 1000);
        g->flows_started++;
        g->per_kind[K_TCP]++;
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: gen-traffic -o FILE [-n PACKETS] [-c CONCURRENT] [-s SEED] "
                    "[-r PPS] [-H] | -o FILE -F FLOWS\n");
}

int main(int argc, char **argv)
{
    static struct gen g;
    static char iobuf[1 << 22];
    const char *path = NULL;
    uint64_t packets = 1000000, state_flows = 0, seed = 1, pps = 50000;
    uint32_t conc = 2000, i;
    int opt;

    while ((opt = getopt(argc, argv, "o:n:c:s:r:F:Hh")) != -1) {
        switch (opt) {
        case 'o':
            path = optarg;
            break;
        case 'n':
            packets = strtoull(optarg, NULL, 10);
            break;
        case 'c':
            conc = (uint32_t)strtoul(optarg, NULL, 10);
            break;
        case 's':
            seed = strtoull(optarg, NULL, 10);
            break;
        case 'r':
            pps = strtoull(optarg, NULL, 10);
            break;
        case 'F':
            state_flows = strtoull(optarg, NULL, 10);
            break;
        case 'H':
            g.http_bulk = true;
            break;
        default:
            usage();
            return 1;
        }
    }
    if (!path || conc == 0 || pps == 0 || optind != argc) {
        usage();
        return 1;
    }
    g.out = fopen(path, "wb");
    if (!g.out) {
        fprintf(stderr, "gen-traffic: %s: %s\n", path, strerror(errno));
        return 1;
    }
    setvbuf(g.out, iobuf, _IOFBF, sizeof(iobuf));
    g.rng = seed * 0x9e3779b97f4a7c15ULL + 1;
    g.now_usec = 1704067200ULL * 1000000; /* 2024-01-01T00:00:00Z */
    g.mean_gap_usec = 1e6 / (double)pps;
    for (i = 0; i < sizeof(g.junk); i++)
        g.junk[i] = (uint8_t)(rnd(&g) >> 56);
    write_pcap_header(&g);
    if (state_flows)
        run_state(&g, state_flows);
    else if (run_mixed(&g, packets, conc) < 0)
        return 1;
    if (fclose(g.out) != 0) {
        fprintf(stderr, "gen-traffic: %s: %s\n", path, strerror(errno));
        return 1;
    }
    printf("%s: %llu packets, %llu wire bytes (avg %.0f), %llu flows "
           "(tcp %llu, dns %llu, icmp %llu, udp-bulk %llu), %.1f s of traffic\n",
            path, (unsigned long long)g.packets, (unsigned long long)g.bytes,
            g.packets ? (double)g.bytes / (double)g.packets : 0.0,
            (unsigned long long)g.flows_started, (unsigned long long)g.per_kind[K_TCP],
            (unsigned long long)g.per_kind[K_DNS], (unsigned long long)g.per_kind[K_ICMP],
            (unsigned long long)g.per_kind[K_UDP_BULK],
            (double)(g.now_usec - 1704067200ULL * 1000000) / 1e6);
    return 0;
}
