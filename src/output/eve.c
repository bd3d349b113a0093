/*
 * eve.c - the EVE writer: configuration, the shared file, per-worker buffers, record headers.
 *
 * Design. One eve_output per eve-log entry holds the configuration and an O_APPEND file
 * descriptor; it is read-only once the workers start (apart from a "write error already
 * reported" flag, atomic). Each worker owns an eve_thread: a JSON writer capped at
 * EVE_RECORD_MAX bytes and an output buffer of EVE_FLUSH_SIZE bytes. A committed record is
 * appended to the buffer with its '\n'; when the next record does not fit, the buffer is
 * written with one write() call. Because the buffer only ever holds whole lines and the
 * descriptor is O_APPEND, lines from different workers never interleave and no lock is
 * taken. A record bigger than the buffer is written alone with one writev().
 *
 * Errors. A record that overflows its cap is dropped whole and counted. A failed write
 * (ENOSPC, EIO, ...) drops what remains of the buffer, is counted in bytes and records, and
 * is reported once per output through the operator log; the worker carries on.
 *
 * Not done here: rotation, syslog/unix-socket/redis outputs, per-thread files ("threaded").
 */
#include "output/eve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "util/compiler.h"
#include "util/err.h"
#include "util/log.h"

/* Largest record kept; a bigger one is dropped whole (Suricata drops too-large records). */
#define EVE_RECORD_MAX (1024u * 1024u)
/* Output buffer: whole lines, written with one write() when the next line does not fit. */
#define EVE_FLUSH_SIZE (64u * 1024u)

struct eve_output {
    struct eve_config cfg;
    int fd; /* -1 when eve-log is not configured: records are discarded */
    char path[PATH_MAX];
    atomic_bool write_err_reported;
};

struct eve_thread {
    struct eve_output *out;
    struct json js;
    bool in_record;
    bool ts_valid; /* ts_text holds the timestamp of second ts_sec */
    uint64_t ts_sec;
    char ts_text[40];
    bool too_large_reported;
    char *obuf; /* EVE_FLUSH_SIZE bytes, whole lines only */
    size_t olen;
    uint64_t records;       /* lines queued for writing */
    uint64_t too_large;     /* records dropped: over EVE_RECORD_MAX or malformed */
    uint64_t write_dropped; /* lines lost to write errors */
    uint64_t write_errors;  /* failed write calls */
    uint64_t dropped_bytes; /* bytes lost to write errors */
};

/* ---- configuration ---- */

/* Types as spelled in eve-log "types". */
static const char *const type_names[EVE_TYPE_MAX] = {
    [EVE_TYPE_ALERT] = "alert",
    [EVE_TYPE_ANOMALY] = "anomaly",
    [EVE_TYPE_FLOW] = "flow",
    [EVE_TYPE_STATS] = "stats",
    [EVE_TYPE_HTTP] = "http",
    [EVE_TYPE_DNS] = "dns",
    [EVE_TYPE_TLS] = "tls",
    [EVE_TYPE_FILES] = "files",
    [EVE_TYPE_SSH] = "ssh",
    [EVE_TYPE_SMB] = "smb",
    [EVE_TYPE_MDNS] = "mdns",
    [EVE_TYPE_LLMNR] = "llmnr",
};

static int type_lookup(const char *name)
{
    int i;

    for (i = 0; i < EVE_TYPE_MAX; i++) {
        if (strcmp(type_names[i], name) == 0)
            return i;
    }
    return -1;
}

/* Reads an optional boolean into *out (left unchanged when absent). */
static int get_bool(const struct conf *c, const struct conf_node *n, const char *key, bool *out)
{
    int r = conf_get_bool(c, n, key, out);
    return r < 0 ? r : 0;
}

/* anomaly: { enabled, types: { decode, stream, applayer } }. As in Suricata, only applayer
 * anomalies are logged when "types" does not say otherwise. */
static int load_anomaly(struct eve_config *cfg, const struct conf *c, const struct conf_node *opt)
{
    const struct conf_node *types;
    int r;

    cfg->anomaly_decode = false;
    cfg->anomaly_stream = false;
    cfg->anomaly_applayer = true;
    if (opt == NULL || opt->kind != CONF_MAP)
        return 0;
    types = conf_get(c, opt, "types");
    if (types == NULL || types->kind != CONF_MAP)
        return 0;
    if ((r = get_bool(c, types, "decode", &cfg->anomaly_decode)) < 0 ||
            (r = get_bool(c, types, "stream", &cfg->anomaly_stream)) < 0 ||
            (r = get_bool(c, types, "applayer", &cfg->anomaly_applayer)) < 0)
        return r;
    return 0;
}

/* stats: { totals, threads, deltas, null-values }; Suricata's defaults are totals only,
 * zero counters included. */
static int load_stats(struct eve_config *cfg, const struct conf *c, const struct conf_node *opt)
{
    bool null_values = true;
    int r;

    cfg->stats_totals = true;
    cfg->stats_threads = false;
    cfg->stats_deltas = false;
    if (opt == NULL || opt->kind != CONF_MAP)
        return 0;
    if ((r = get_bool(c, opt, "totals", &cfg->stats_totals)) < 0 ||
            (r = get_bool(c, opt, "threads", &cfg->stats_threads)) < 0 ||
            (r = get_bool(c, opt, "deltas", &cfg->stats_deltas)) < 0 ||
            (r = get_bool(c, opt, "null-values", &null_values)) < 0)
        return r;
    cfg->stats_skip_zero = !null_values;
    if (cfg->stats_threads)
        log_warn(LOG_OUTPUT, "eve-log stats: per-thread stats are not supported; "
                             "writing totals");
    if (cfg->stats_deltas)
        log_warn(LOG_OUTPUT, "eve-log stats: deltas are not supported; ignored");
    cfg->stats_totals = true;
    return 0;
}

/* One item of "types": a scalar ("flow") or a one-key map ("anomaly: {...}" or "mdns:"). */
static int load_type(struct eve_config *cfg, const struct conf *c, const struct conf_node *item)
{
    const struct conf_node *opt = NULL;
    const char *name;
    bool enabled = true;
    int t, r;

    if (item->kind == CONF_SCALAR) {
        name = item->value;
    } else if (item->kind == CONF_MAP && item->child != NULL) {
        opt = item->child;
        name = opt->key;
    } else {
        return 0;
    }
    if (name == NULL || (t = type_lookup(name)) < 0)
        return 0; /* a type Vigie does not log (yet): accepted and ignored */
    if (opt != NULL && opt->kind == CONF_MAP) {
        if ((r = get_bool(c, opt, "enabled", &enabled)) < 0)
            return r;
    }
    if (!enabled)
        return 0;
    cfg->types[t] = true;
    if (t == EVE_TYPE_ANOMALY)
        return load_anomaly(cfg, c, opt);
    if (t == EVE_TYPE_STATS)
        return load_stats(cfg, c, opt);
    return 0;
}

static int load_eve_log(struct eve_config *cfg, const struct conf *c, const struct conf_node *n)
{
    const struct conf_node *types, *item;
    const char *s;
    int64_t seed;
    int r;

    s = conf_get_str(c, n, "filetype");
    if (s == NULL)
        s = conf_get_str(c, n, "type");
    if (s != NULL && strcmp(s, "regular") != 0 && strcmp(s, "file") != 0)
        log_warn(LOG_OUTPUT, "eve-log filetype '%s' is not supported; writing a regular file", s);
    s = conf_get_str(c, n, "filename");
    if (s != NULL && s[0] != '\0') {
        if (strlen(s) >= sizeof(cfg->filename)) {
            log_error(LOG_OUTPUT, "eve-log filename is too long: %s", s);
            return VG_EINVAL;
        }
        memcpy(cfg->filename, s, strlen(s) + 1);
    }
    if ((r = get_bool(c, n, "community-id", &cfg->community_id)) < 0 ||
            (r = get_bool(c, n, "ethernet", &cfg->ethernet)) < 0 ||
            (r = get_bool(c, n, "ipv6-compress", &cfg->ipv6_compress)) < 0 ||
            (r = get_bool(c, n, "append", &cfg->append)) < 0 ||
            (r = get_bool(c, n, "metadata", &cfg->metadata)) < 0)
        return r;
    r = conf_get_int(c, n, "community-id-seed", &seed);
    if (r < 0)
        return r;
    if (r > 0) {
        if (seed < 0 || seed > UINT16_MAX) {
            const struct conf_node *sn = conf_get(c, n, "community-id-seed");
            log_error(LOG_OUTPUT, "%s:%d: community-id-seed: out of range (0-65535): %" PRId64,
                    c->path != NULL ? c->path : "config", sn != NULL ? sn->line : 0, seed);
            return VG_EINVAL;
        }
        cfg->community_id_seed = (uint16_t)seed;
    }
    types = conf_get(c, n, "types");
    if (types == NULL || types->kind != CONF_SEQ)
        return 0;
    for (item = types->child; item != NULL; item = item->next) {
        if ((r = load_type(cfg, c, item)) < 0)
            return r;
    }
    return 0;
}

int eve_config_load(struct eve_config *cfg, const struct conf *c)
{
    const struct conf_node *outputs, *item, *n;
    bool enabled;
    int r;

    memset(cfg, 0, sizeof(*cfg));
    memcpy(cfg->filename, "eve.json", sizeof("eve.json"));
    cfg->append = true;
    cfg->metadata = true;
    cfg->anomaly_applayer = true;
    cfg->stats_totals = true;

    outputs = conf_get(c, NULL, "outputs");
    if (outputs == NULL || outputs->kind != CONF_SEQ)
        return 0;
    for (item = outputs->child; item != NULL; item = item->next) {
        if (item->kind != CONF_MAP || item->child == NULL || item->child->key == NULL ||
                strcmp(item->child->key, "eve-log") != 0)
            continue;
        n = item->child;
        enabled = false;
        /* As in Suricata, an output without "enabled: yes" is off. */
        if ((r = conf_get_bool(c, n, "enabled", &enabled)) < 0)
            return r;
        if (!enabled)
            continue;
        if (cfg->enabled) {
            log_warn(LOG_OUTPUT, "only the first enabled eve-log output is used");
            break;
        }
        cfg->enabled = true;
        if ((r = load_eve_log(cfg, c, n)) < 0)
            return r;
    }
    return 0;
}

/* ---- the shared output ---- */

int eve_output_open(struct eve_output **outp, const struct eve_config *cfg, const char *logdir)
{
    struct eve_output *out;
    int n, flags;

    *outp = NULL;
    out = calloc(1, sizeof(*out));
    if (out == NULL)
        return VG_ENOMEM;
    out->cfg = *cfg;
    out->fd = -1;
    atomic_init(&out->write_err_reported, false);
    if (!cfg->enabled) {
        *outp = out;
        return VG_OK;
    }
    if (cfg->filename[0] == '/' || logdir == NULL || logdir[0] == '\0')
        n = snprintf(out->path, sizeof(out->path), "%s", cfg->filename);
    else
        n = snprintf(out->path, sizeof(out->path), "%s/%s", logdir, cfg->filename);
    if (n < 0 || (size_t)n >= sizeof(out->path)) {
        log_error(LOG_OUTPUT, "%s/%s: path too long", logdir != NULL ? logdir : ".", cfg->filename);
        free(out);
        return VG_EINVAL;
    }
    flags = O_WRONLY | O_CREAT | O_CLOEXEC | (cfg->append ? O_APPEND : O_TRUNC);
    out->fd = open(out->path, flags, 0640);
    if (out->fd < 0) {
        int err = errno;
        log_error(LOG_OUTPUT, "%s: %s", out->path, strerror(err));
        free(out);
        return err == ENOENT ? VG_ENOENT : VG_EIO;
    }
    if (!cfg->append) {
        /* Truncated once at open; from now on every write appends, so that lines of
         * several workers still never overlap. */
        int fl = fcntl(out->fd, F_GETFL);
        if (fl >= 0)
            (void)fcntl(out->fd, F_SETFL, fl | O_APPEND);
    }
    *outp = out;
    return VG_OK;
}

void eve_output_close(struct eve_output *out)
{
    if (out == NULL)
        return;
    if (out->fd >= 0)
        close(out->fd);
    free(out);
}

const struct eve_config *eve_output_config(const struct eve_output *out)
{
    return &out->cfg;
}

bool eve_enabled(const struct eve_output *out, enum eve_type t)
{
    return out != NULL && out->cfg.enabled && t < EVE_TYPE_MAX && out->cfg.types[t];
}

/* ---- per-worker writer ---- */

struct eve_thread *eve_thread_new(struct eve_output *out)
{
    struct eve_thread *t = calloc(1, sizeof(*t));

    if (t == NULL)
        return NULL;
    t->obuf = malloc(EVE_FLUSH_SIZE);
    if (t->obuf == NULL) {
        free(t);
        return NULL;
    }
    t->out = out;
    json_init(&t->js, EVE_RECORD_MAX);
    return t;
}

void eve_thread_free(struct eve_thread *t)
{
    if (t == NULL)
        return;
    (void)eve_thread_flush(t);
    json_release(&t->js);
    free(t->obuf);
    free(t);
}

static uint64_t count_lines(const struct iovec *iov, int iovcnt)
{
    uint64_t n = 0;
    int i;

    for (i = 0; i < iovcnt; i++) {
        const char *p = iov[i].iov_base, *end = p + iov[i].iov_len;
        while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            n++;
            p++;
        }
    }
    return n;
}

static void report_write_error(struct eve_thread *t, int err)
{
    char buf[128];
    const char *msg;

    if (atomic_exchange(&t->out->write_err_reported, true))
        return;
    msg = strerror_r(err, buf, sizeof(buf));
    log_warn(LOG_OUTPUT, "%s: write failed: %s; EVE records are being dropped", t->out->path, msg);
}

/* Writes iov fully with as few calls as possible: retries on EINTR and after a short write.
 * On failure counts what was not written and returns VG_EIO. */
static int write_all(struct eve_thread *t, struct iovec *iov, int iovcnt)
{
    while (iovcnt > 0) {
        ssize_t n = writev(t->out->fd, iov, iovcnt);
        if (n < 0) {
            int err = errno;
            size_t left = 0;
            int i;

            if (err == EINTR)
                continue;
            for (i = 0; i < iovcnt; i++)
                left += iov[i].iov_len;
            t->write_errors++;
            t->dropped_bytes += left;
            t->write_dropped += count_lines(iov, iovcnt);
            report_write_error(t, err);
            return VG_EIO;
        }
        while (iovcnt > 0 && (size_t)n >= iov->iov_len) {
            n -= (ssize_t)iov->iov_len;
            iov++;
            iovcnt--;
        }
        if (iovcnt > 0) {
            iov->iov_base = (char *)iov->iov_base + n;
            iov->iov_len -= (size_t)n;
        }
    }
    return VG_OK;
}

int eve_thread_flush(struct eve_thread *t)
{
    struct iovec iov;
    int r;

    if (t == NULL || t->olen == 0)
        return VG_OK;
    iov.iov_base = t->obuf;
    iov.iov_len = t->olen;
    r = write_all(t, &iov, 1);
    t->olen = 0;
    return r;
}

struct eve_output *eve_thread_output(const struct eve_thread *t)
{
    return t->out;
}

/* Queues one record (without its newline) as a line. */
static void queue_line(struct eve_thread *t, const char *rec, size_t len)
{
    if (t->olen + len + 1 > EVE_FLUSH_SIZE)
        (void)eve_thread_flush(t);
    t->records++;
    if (len + 1 > EVE_FLUSH_SIZE) {
        struct iovec iov[2];
        iov[0].iov_base = (void *)(uintptr_t)rec;
        iov[0].iov_len = len;
        iov[1].iov_base = (void *)(uintptr_t) "\n";
        iov[1].iov_len = 1;
        (void)write_all(t, iov, 2);
        return;
    }
    memcpy(t->obuf + t->olen, rec, len);
    t->obuf[t->olen + len] = '\n';
    t->olen += len + 1;
}

/* ---- records ---- */

/* Writes v as exactly n decimal digits (leading zeros) at p. */
static void put_digits(char *p, unsigned v, unsigned n)
{
    while (n > 0) {
        p[--n] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Writes "uuuuuu+0000" and the terminator at p (12 bytes). */
static void put_usec(char *p, unsigned usec)
{
    put_digits(p, usec, 6);
    memcpy(p + 6, "+0000", 6);
}

/* First second of the year 10000: past it the year no longer has four digits. */
#define EVE_TS_FAST_LIMIT 253402300800ull

void eve_format_ts(char *buf, size_t len, uint64_t ts_usec)
{
    time_t sec = (time_t)(ts_usec / 1000000u);
    unsigned usec = (unsigned)(ts_usec % 1000000u);
    struct tm tm;

    if (len >= 32 && ts_usec / 1000000u < EVE_TS_FAST_LIMIT) {
        /* Civil date from the day count with integer arithmetic (400-year eras of
         * 146097 days, years starting in March so that the leap day comes last): two
         * per flow record, where gmtime_r() and snprintf() were a visible cost. */
        uint64_t s = ts_usec / 1000000u;
        uint64_t days = s / 86400u, z, era, doe, yoe, doy, mp;
        unsigned sod = (unsigned)(s % 86400u), y, m, d;

        z = days + 719468u;
        era = z / 146097u;
        doe = z - era * 146097u;
        yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
        doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
        mp = (5u * doy + 2u) / 153u;
        d = (unsigned)(doy - (153u * mp + 2u) / 5u + 1u);
        m = (unsigned)(mp < 10u ? mp + 3u : mp - 9u);
        y = (unsigned)(yoe + era * 400u) + (m <= 2u ? 1u : 0u);
        put_digits(buf, y, 4);
        buf[4] = '-';
        put_digits(buf + 5, m, 2);
        buf[7] = '-';
        put_digits(buf + 8, d, 2);
        buf[10] = 'T';
        put_digits(buf + 11, sod / 3600u, 2);
        buf[13] = ':';
        put_digits(buf + 14, sod / 60u % 60u, 2);
        buf[16] = ':';
        put_digits(buf + 17, sod % 60u, 2);
        buf[19] = '.';
        put_usec(buf + 20, usec);
        return;
    }
    if (gmtime_r(&sec, &tm) == NULL)
        memset(&tm, 0, sizeof(tm));
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06u+0000", tm.tm_year + 1900, tm.tm_mon + 1,
            tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, usec);
}

void eve_format_addr(char *buf, size_t len, uint8_t ip_ver, const struct vg_addr *a, bool compress)
{
    if (len == 0)
        return;
    buf[0] = '\0';
    if (ip_ver == 4 && len >= 16) {
        char *p = buf;
        int i;

        for (i = 0; i < 4; i++) {
            unsigned v = a->b[i];

            if (i > 0)
                *p++ = '.';
            if (v >= 100)
                *p++ = (char)('0' + v / 100);
            if (v >= 10)
                *p++ = (char)('0' + v / 10 % 10);
            *p++ = (char)('0' + v % 10);
        }
        *p = '\0';
    } else if (ip_ver == 6 && !compress && len >= 40) {
        static const char hex[] = "0123456789abcdef";
        char *p = buf;
        int i;

        /* Suricata's default: eight groups of four lower-case hex digits. */
        for (i = 0; i < 16; i++) {
            if (i > 0 && (i & 1) == 0)
                *p++ = ':';
            *p++ = hex[a->b[i] >> 4];
            *p++ = hex[a->b[i] & 0xf];
        }
        *p = '\0';
    } else if (ip_ver == 4) {
        snprintf(buf, len, "%u.%u.%u.%u", a->b[0], a->b[1], a->b[2], a->b[3]);
    } else if (ip_ver == 6) {
        if (compress) {
            if (inet_ntop(AF_INET6, a->b, buf, (socklen_t)len) == NULL)
                buf[0] = '\0';
            return;
        }
        /* Suricata's default: eight groups of four lower-case hex digits. */
        snprintf(buf, len,
                "%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x", a->b[0],
                a->b[1], a->b[2], a->b[3], a->b[4], a->b[5], a->b[6], a->b[7], a->b[8], a->b[9],
                a->b[10], a->b[11], a->b[12], a->b[13], a->b[14], a->b[15]);
    }
}

/* IANA protocol keywords for 0-143, the names Suricata writes in "proto"; "Any" where IANA
 * gives none. Higher numbers are written in decimal. */
/* clang-format off */
static const char *const proto_names[] = {
    /*   0 */ "HOPOPT", "ICMP", "IGMP", "GGP", "IP-in-IP", "ST", "TCP", "CBT",
    /*   8 */ "EGP", "IGP", "BBN-RCC-MON", "NVP-II", "PUP", "ARGUS", "EMCON", "XNET",
    /*  16 */ "CHAOS", "UDP", "MUX", "DCN-MEAS", "HMP", "PRM", "XNS-IDP", "TRUNK-1",
    /*  24 */ "TRUNK-2", "LEAF-1", "LEAF-2", "RDP", "IRTP", "ISO-TP4", "NETBLT", "MFE-NSP",
    /*  32 */ "MERIT-INP", "DCCP", "3PC", "IDPR", "XTP", "DDP", "IDPR-CMTP", "TP++",
    /*  40 */ "IL", "IPv6", "SDRP", "IPv6-Route", "IPv6-Frag", "IDRP", "RSVP", "GRE",
    /*  48 */ "DSR", "BNA", "ESP", "AH", "I-NLSP", "SwIPe", "NARP", "MOBILE",
    /*  56 */ "TLSP", "SKIP", "IPv6-ICMP", "IPv6-NoNxt", "IPv6-Opts", "Any", "CFTP", "Any",
    /*  64 */ "SAT-EXPAK", "KRYPTOLAN", "RVD", "IPPC", "Any", "SAT-MON", "VISA", "IPCU",
    /*  72 */ "CPNX", "CPHB", "WSN", "PVP", "BR-SAT-MON", "SUN-ND", "WB-MON", "WB-EXPAK",
    /*  80 */ "ISO-IP", "VMTP", "SECURE-VMTP", "VINES", "TTP", "NSFNET-IGP", "DGP", "TCF",
    /*  88 */ "EIGRP", "OSPF", "Sprite-RPC", "LARP", "MTP", "AX.25", "OS", "MICP",
    /*  96 */ "SCC-SP", "ETHERIP", "ENCAP", "Any", "GMTP", "IFMP", "PNNI", "PIM",
    /* 104 */ "ARIS", "SCPS", "QNX", "A/N", "IPComp", "SNP", "Compaq-Peer", "IPX-in-IP",
    /* 112 */ "VRRP", "PGM", "Any", "L2TP", "DDX", "IATP", "STP", "SRP",
    /* 120 */ "UTI", "SMP", "SM", "PTP", "IS-IS", "FIRE", "CRTP", "CRUDP",
    /* 128 */ "SSCOPMCE", "IPLT", "SPS", "PIPE", "SCTP", "FC", "RSVP-E2E-IGNORE", "Mobility",
    /* 136 */ "UDPLite", "MPLS-in-IP", "manet", "HIP", "Shim6", "WESP", "ROHC", "Ethernet",
};
/* clang-format on */

const char *eve_proto_name(uint8_t proto, char *buf, size_t len)
{
    if (proto < VG_ARRAY_LEN(proto_names))
        return proto_names[proto];
    snprintf(buf, len, "%u", proto);
    return buf;
}

void eve_tuple_from_packet(struct eve_tuple *tp, const struct packet *p)
{
    uint8_t i;

    memset(tp, 0, sizeof(*tp));
    tp->vlan_cnt = p->vlan_cnt <= PKT_VLAN_MAX ? p->vlan_cnt : PKT_VLAN_MAX;
    for (i = 0; i < tp->vlan_cnt; i++)
        tp->vlan_id[i] = p->vlan_id[i];
    if (p->flags & PKT_F_HAS_ETH) {
        tp->has_eth = true;
        memcpy(tp->eth_src, p->eth_src, 6);
        memcpy(tp->eth_dst, p->eth_dst, 6);
    }
    if (p->ip_ver != 4 && p->ip_ver != 6)
        return;
    tp->ip_ver = p->ip_ver;
    tp->proto = p->proto;
    tp->src = p->src;
    tp->dst = p->dst;
    switch (p->proto) {
    case 6:
    case 17:
    case 132:
        tp->has_ports = true;
        tp->sp = p->sp;
        tp->dp = p->dp;
        break;
    case 1:
    case 58:
        /* Only once the ICMP header itself was decoded (l4 set). */
        if (p->l4 != NULL && p->l4_len >= 2) {
            tp->has_icmp = true;
            tp->icmp_type = p->icmp.type;
            tp->icmp_code = p->icmp.code;
        }
        break;
    default:
        break;
    }
}

static void put_mac(struct json *js, const char *key, const uint8_t m[6])
{
    char buf[18];

    snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
    json_kv_str(js, key, buf);
}

static void put_tuple(struct eve_thread *t, const struct eve_tuple *tp)
{
    struct json *js = &t->js;
    char addr[64], pbuf[8];
    uint8_t i;

    if (tp->vlan_cnt > 0) {
        json_key(js, "vlan");
        json_open_array(js);
        for (i = 0; i < tp->vlan_cnt && i < PKT_VLAN_MAX; i++)
            json_u64(js, tp->vlan_id[i]);
        json_close_array(js);
    }
    if (tp->ip_ver == 4 || tp->ip_ver == 6) {
        eve_format_addr(addr, sizeof(addr), tp->ip_ver, &tp->src, t->out->cfg.ipv6_compress);
        json_kv_str(js, "src_ip", addr);
        if (tp->has_ports)
            json_kv_u64(js, "src_port", tp->sp);
        eve_format_addr(addr, sizeof(addr), tp->ip_ver, &tp->dst, t->out->cfg.ipv6_compress);
        json_kv_str(js, "dest_ip", addr);
        if (tp->has_ports)
            json_kv_u64(js, "dest_port", tp->dp);
        json_kv_str(js, "proto", eve_proto_name(tp->proto, pbuf, sizeof(pbuf)));
        json_kv_u64(js, "ip_v", tp->ip_ver);
        if (tp->has_icmp) {
            json_kv_u64(js, "icmp_type", tp->icmp_type);
            json_kv_u64(js, "icmp_code", tp->icmp_code);
        }
    }
    if (tp->has_eth && t->out->cfg.ethernet) {
        json_key(js, "ether");
        json_open_object(js);
        put_mac(js, "src_mac", tp->eth_src);
        put_mac(js, "dest_mac", tp->eth_dst);
        json_close_object(js);
    }
}

struct json *eve_begin(struct eve_thread *t, const char *event_type, uint64_t ts_usec,
        uint64_t flow_id, uint64_t pcap_cnt, const struct eve_tuple *tuple)
{
    struct json *js = &t->js;
    uint64_t sec = ts_usec / 1000000u;

    json_reset(js);
    t->in_record = true;
    json_open_object(js);
    /* Records come in time order: format the date once per second, then only the
     * microseconds ("2025-12-28T18:49:04." is 20 bytes, ".467604+0000" follows). */
    if (!t->ts_valid || sec != t->ts_sec || t->ts_text[19] != '.') {
        eve_format_ts(t->ts_text, sizeof(t->ts_text), ts_usec);
        t->ts_sec = sec;
        t->ts_valid = true;
    } else {
        put_usec(t->ts_text + 20, (unsigned)(ts_usec % 1000000u));
    }
    json_kv_str(js, "timestamp", t->ts_text);
    if (flow_id != 0)
        json_kv_u64(js, "flow_id", flow_id);
    if (pcap_cnt != 0)
        json_kv_u64(js, "pcap_cnt", pcap_cnt);
    json_kv_str(js, "event_type", event_type);
    if (tuple != NULL)
        put_tuple(t, tuple);
    return js;
}

void eve_commit(struct eve_thread *t)
{
    struct json *js = &t->js;

    if (!t->in_record)
        return;
    t->in_record = false;
    json_close_object(js);
    if (!json_ok(js)) {
        t->too_large++;
        if (!t->too_large_reported) {
            char head[81];
            size_t n = VG_MIN(js->len, sizeof(head) - 1);

            if (n > 0)
                memcpy(head, js->buf, n);
            head[n] = '\0';
            t->too_large_reported = true;
            log_warn(LOG_OUTPUT, "EVE record over %u bytes (or malformed) dropped: %s",
                    EVE_RECORD_MAX, head);
        }
        return;
    }
    if (t->out == NULL || t->out->fd < 0)
        return;
    queue_line(t, js->buf, js->len);
}

void eve_abort(struct eve_thread *t)
{
    t->in_record = false;
    json_reset(&t->js);
}

void eve_thread_export_stats(const struct eve_thread *t, struct stats_set *s)
{
    stats_add(s, "vigie.eve.records", t->records);
    stats_add(s, "vigie.eve.too_large", t->too_large);
    stats_add(s, "vigie.eve.write_errors", t->write_errors);
    stats_add(s, "vigie.eve.write_dropped", t->write_dropped);
    stats_add(s, "vigie.eve.dropped_bytes", t->dropped_bytes);
}
