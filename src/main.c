/*
 * main.c - command line, configuration, run mode, signals; nothing else.
 *
 * Suricata's offline mode: read a pcap file or a directory of them (-r), write logs to a
 * directory (-l), configured by a YAML file (-c, else the default vigie.yaml) plus
 * --set overrides. The flow of a run: parse arguments, load the config tree and apply
 * --set and -k, read each stage's typed config, open the capture and the outputs, start
 * the worker pool, feed it every packet, finish (flows still open are logged with reason
 * "shutdown"), write the stats record, print a summary. SIGINT/SIGTERM stop the reading;
 * the run then finishes the same way, so no record is lost or cut.
 *
 * Exit status: 0 on success (input problems such as a truncated file are warnings), 1 on
 * any error (bad arguments, bad config, unreadable input, output failure).
 */
#include <errno.h>
#include <getopt.h>
#include <hs.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>
#include <zlib.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "app/file.h"
#include "capture/capture.h"
#include "conf/conf.h"
#include "decode/decode.h"
#include "detect/detect.h"
#include "detect/flow-vars.h"
#include "detect/loader.h"
#include "flow/flow.h"
#include "output/eve-alert.h"
#include "output/eve.h"
#include "output/fast-log.h"
#include "util/err.h"
#include "util/log.h"
#include "util/stats.h"
#include "vigie-build.h"
#include "worker/engine.h"
#include "worker/worker.h"

#define MAX_THREADS    1024
#define SYSTEM_CONFIG  "/etc/vigie/vigie.yaml"
#define PROGRESS_NSEC  250000000L /* progress line refresh period on a terminal */
#define PROGRESS_DELAY 1.0        /* seconds before the progress line first shows */

/* The one piece of process-wide mutable state: set by the signal handler, read by the
 * capture loop. A signal handler can reach nothing else. */
static volatile sig_atomic_t stop_requested;

enum checksum_mode {
    CHECKSUM_DEFAULT, /* from the config */
    CHECKSUM_ALL,
    CHECKSUM_NONE,
};

struct options {
    const char *read_path; /* -r */
    const char *log_dir;   /* -l */
    const char *config;    /* -c */
    const char **sets;     /* --set values, in order (point into argv) */
    size_t nsets;
    enum checksum_mode checksum;
    const char *rules_S;  /* -S: exclusive rule file */
    const char **rules_s; /* -s: additional rule files, in order (point into argv) */
    size_t nrules_s;
    bool init_errors_fatal; /* --init-errors-fatal: any rule error fails the load */
    bool test_config;       /* -T */
    bool show_version;      /* -V */
    bool build_info;        /* --build-info */
    bool help;
    unsigned threads; /* --threads, 0 = default */
    bool single;      /* --runmode single */
    int verbose;      /* -v count */
    char *bpf;        /* trailing arguments: a BPF filter expression (owned) */
};

/* What the capture loop saw, for the summary. */
struct run_totals {
    uint64_t packets;
    uint64_t bytes;
    double elapsed;
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigie -r FILE|DIR [-l LOGDIR] [-c vigie.yaml] [--set key=value]...\n"
            "             [-k none|all] [-S FILE] [-s FILE] [-T] [--threads N]\n"
            "             [--runmode single|autofp|workers] [-v...] [BPF filter]\n"
            "       vigie -V | --build-info | -h\n"
            "\n"
            "  -r FILE|DIR       read a pcap/pcapng file, or every file of a directory in name "
            "order\n"
            "  -l LOGDIR         write logs here (must exist; default: default-log-dir)\n"
            "  -c FILE           configuration (default: %s)\n"
            "  --set key=value   override a configuration value (repeatable)\n"
            "  -k none|all       checksum validation off / on (capture.checksum-validation)\n"
            "  -S FILE           load only this rules file (instead of rule-files)\n"
            "  -s FILE           load this rules file too (repeatable)\n"
            "  -T                load and check the configuration and rules, then exit\n"
            "  --threads N       worker threads (default: number of online cores)\n"
            "  --runmode MODE    single (one worker), autofp or workers\n"
            "  -v                more verbose (repeatable)\n"
            "  BPF filter        only the packets matching this libpcap filter expression\n"
            "  -V                print the version;  --build-info  print build details\n"
            "  --init-errors-fatal  exit with status 1 if any rule fails to load\n"
            "  --no-random       accepted for suricata-verify, no effect\n",
            VG_DEFAULT_CONFIG);
}

/* Prints "vigie: <reason>" to stderr. Always returns 1, the exit status for errors. */
VG_PRINTF(1, 2) static int fail(const char *fmt, ...)
{
    char text[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    fprintf(stderr, "vigie: %s\n", text);
    return 1;
}

static int parse_threads(const char *s, unsigned *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 1 || v > MAX_THREADS)
        return fail("--threads: expected a number from 1 to %d, got '%s'", MAX_THREADS, s);
    *out = (unsigned)v;
    return 0;
}

enum {
    OPT_SET = 256,
    OPT_BUILD_INFO,
    OPT_THREADS,
    OPT_INIT_ERRORS_FATAL,
    OPT_RUNMODE,
    OPT_NO_RANDOM,
};

static const struct option long_options[] = {
    { "set", required_argument, NULL, OPT_SET },
    { "build-info", no_argument, NULL, OPT_BUILD_INFO },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "init-errors-fatal", no_argument, NULL, OPT_INIT_ERRORS_FATAL },
    { "runmode", required_argument, NULL, OPT_RUNMODE },
    { "no-random", no_argument, NULL, OPT_NO_RANDOM },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
};

/* Stores a path-like option's value, refusing a second one. */
static int set_once(const char **slot, const char *value, const char *name)
{
    if (*slot != NULL)
        return fail("%s given more than once", name);
    if (value[0] == '\0')
        return fail("%s: empty value", name);
    *slot = value;
    return 0;
}

/* Handles one option returned by getopt_long. Returns 0, or 1 after printing an error. */
static int handle_option(struct options *o, int ch, char **argv)
{
    switch (ch) {
    case 'r':
        return set_once(&o->read_path, optarg, "-r");
    case 'l':
        return set_once(&o->log_dir, optarg, "-l");
    case 'c':
        return set_once(&o->config, optarg, "-c");
    case 'S':
        return set_once(&o->rules_S, optarg, "-S");
    case 's':
        o->rules_s[o->nrules_s++] = optarg;
        return 0;
    case 'k':
        if (strcmp(optarg, "none") == 0)
            o->checksum = CHECKSUM_NONE;
        else if (strcmp(optarg, "all") == 0)
            o->checksum = CHECKSUM_ALL;
        else
            return fail("-k: expected none or all, got '%s'", optarg);
        return 0;
    case 'T':
        o->test_config = true;
        return 0;
    case 'V':
        o->show_version = true;
        return 0;
    case 'v':
        o->verbose++;
        return 0;
    case 'h':
        o->help = true;
        return 0;
    case OPT_SET:
        if (strchr(optarg, '=') == NULL || optarg[0] == '=')
            return fail("--set: expected key=value, got '%s'", optarg);
        o->sets[o->nsets++] = optarg;
        return 0;
    case OPT_BUILD_INFO:
        o->build_info = true;
        return 0;
    case OPT_THREADS:
        return parse_threads(optarg, &o->threads);
    case OPT_RUNMODE:
        if (strcmp(optarg, "single") == 0)
            o->single = true;
        else if (strcmp(optarg, "autofp") != 0 && strcmp(optarg, "workers") != 0)
            return fail("--runmode: expected single, autofp or workers, got '%s'", optarg);
        return 0;
    case OPT_INIT_ERRORS_FATAL:
        o->init_errors_fatal = true;
        return 0;
    case OPT_NO_RANDOM:
        return 0;
    case ':':
        return fail("option %s needs a value", argv[optind - 1]);
    default:
        if (optopt != 0)
            return fail("unknown option '-%c' (see vigie -h)", optopt);
        return fail("unknown option '%s' (see vigie -h)", argv[optind - 1]);
    }
}

/* Joins the arguments left after the options into a BPF filter, as Suricata does. */
static int join_filter(struct options *o, int n, char **args)
{
    size_t len = 1, off = 0;
    int i;

    if (n <= 0)
        return 0;
    for (i = 0; i < n; i++)
        len += strlen(args[i]) + 1;
    o->bpf = malloc(len);
    if (o->bpf == NULL)
        return fail("out of memory");
    for (i = 0; i < n; i++)
        off += (size_t)snprintf(o->bpf + off, len - off, "%s%s", i ? " " : "", args[i]);
    return 0;
}

static int parse_args(struct options *o, int argc, char **argv)
{
    int ch;

    memset(o, 0, sizeof(*o));
    o->sets = calloc((size_t)argc, sizeof(*o->sets));
    o->rules_s = calloc((size_t)argc, sizeof(*o->rules_s));
    if (o->sets == NULL || o->rules_s == NULL)
        return fail("out of memory");
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":r:l:c:k:S:s:TVvh", long_options, NULL)) != -1) {
        if (handle_option(o, ch, argv) != 0)
            return 1;
    }
    return join_filter(o, argc - optind, argv + optind);
}

static void print_build_info(void)
{
    char pcre2[64] = "?";

    pcre2_config(PCRE2_CONFIG_VERSION, pcre2);
    printf("Vigie %s\n", VG_VERSION);
    printf("Build type: %s\n", VG_BUILD_TYPE);
    printf("Compiler: %s\n", VG_CC);
    printf("Sanitizers: %s\n", VG_SANITIZE);
    printf("Default config: %s\n", VG_DEFAULT_CONFIG);
    printf("Libraries:\n");
    printf("  libpcap: %s\n", pcap_lib_version());
    printf("  Hyperscan: %s\n", hs_version());
    printf("  libyaml: %s\n", yaml_get_version_string());
    printf("  PCRE2: %s\n", pcre2);
    printf("  OpenSSL: %s\n", OpenSSL_version(OPENSSL_VERSION));
    printf("  zlib: %s\n", zlibVersion());
}

/* The config used without -c (see etc/vigie.yaml's header), or NULL if none is found. */
static const char *default_config(char *buf, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n;
    char *slash;

    if (access(VG_DEFAULT_CONFIG, R_OK) == 0)
        return VG_DEFAULT_CONFIG;
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = '\0';
            snprintf(buf, len, "%s/../etc/vigie.yaml", exe);
            if (access(buf, R_OK) == 0)
                return buf;
        }
    }
    if (access(SYSTEM_CONFIG, R_OK) == 0)
        return SYSTEM_CONFIG;
    return NULL;
}

/* Raises the log level from logging.default-log-level, then from -v. */
static int apply_log_level(const struct conf *c, int verbose)
{
    static const struct {
        const char *name;
        enum log_level level;
    } names[] = {
        { "error", LOG_LEVEL_ERROR },
        { "warning", LOG_LEVEL_WARN },
        { "notice", LOG_LEVEL_NOTICE },
        { "info", LOG_LEVEL_INFO },
        { "perf", LOG_LEVEL_INFO },
        { "config", LOG_LEVEL_INFO },
        { "debug", LOG_LEVEL_DEBUG },
    };
    const char *s = conf_get_str(c, NULL, "logging.default-log-level");
    enum log_level level = LOG_LEVEL_NOTICE;
    size_t i;

    if (s != NULL && s[0] != '\0') {
        for (i = 0; i < VG_ARRAY_LEN(names); i++) {
            if (strcasecmp(s, names[i].name) == 0)
                break;
        }
        if (i == VG_ARRAY_LEN(names))
            return fail("logging.default-log-level: unknown level '%s'", s);
        level = names[i].level;
    }
    if (verbose > 0 && level < LOG_LEVEL_INFO)
        level = LOG_LEVEL_INFO;
    if (verbose > 3)
        level = LOG_LEVEL_DEBUG;
    log_set_level(level);
    return 0;
}

/* Loads the config tree into e->conf and applies --set and -k. */
static int load_config(struct engine *e, const struct options *o)
{
    char buf[PATH_MAX + 32];
    const char *path = o->config;
    size_t i;

    if (path == NULL) {
        path = default_config(buf, sizeof(buf));
        if (path == NULL)
            return fail("no configuration: %s and %s are missing; give one with -c",
                    VG_DEFAULT_CONFIG, SYSTEM_CONFIG);
    }
    /* the modules log their errors ("file:line: reason"): no second line here */
    if (conf_load_file(&e->conf, path) < 0)
        return 1;
    for (i = 0; i < o->nsets; i++) {
        if (conf_set(&e->conf, o->sets[i]) < 0)
            return 1;
    }
    if (o->checksum != CHECKSUM_DEFAULT &&
            conf_set(&e->conf, o->checksum == CHECKSUM_ALL
                                       ? "capture.checksum-validation=all"
                                       : "capture.checksum-validation=none") < 0)
        return fail("out of memory");
    if (apply_log_level(&e->conf, o->verbose) != 0)
        return 1;
    log_info(LOG_MAIN, "configuration: %s", path);
    return 0;
}

/* Reads every stage's typed config from the tree. */
static int load_stage_configs(struct engine *e)
{
    /* each loader logs what is wrong, with file:line */
    if (decode_config_load(&e->decode, &e->conf) < 0 || flow_config_load(&e->flow, &e->conf) < 0 ||
            eve_config_load(&e->eve_cfg, &e->conf) < 0 ||
            stream_config_load(&e->stream, &e->conf) < 0 || app_config_load(&e->app, &e->conf) < 0)
        return 1;
    if (file_config_load(&file_cfg, &e->conf) < 0)
        return 1;
    return 0;
}

/* The compiled-database cache: detect.sgh-mpm-caching-path, else $XDG_CACHE_HOME/vigie or
 * ~/.cache/vigie; none when detect.sgh-mpm-caching is "no". Returns 0 or 1 (ENOMEM). */
static int set_cache_dir(struct engine *e)
{
    char buf[PATH_MAX];
    const char *base = getenv("XDG_CACHE_HOME");
    bool on = true;

    if (e->detect_cfg.cache_dir != NULL)
        return 0;
    if (conf_get_bool(&e->conf, NULL, "detect.sgh-mpm-caching", &on) == 1 && !on)
        return 0;
    if (base != NULL && base[0] == '/')
        snprintf(buf, sizeof(buf), "%s/vigie", base);
    else if ((base = getenv("HOME")) != NULL && base[0] == '/')
        snprintf(buf, sizeof(buf), "%s/.cache/vigie", base);
    else
        return 0;
    e->detect_cfg.cache_dir = strdup(buf);
    return e->detect_cfg.cache_dir == NULL ? fail("out of memory") : 0;
}

/* Reads the detect config, applies -S/-s and loads the rules (before any worker starts).
 * Returns 0 or 1 after an error. */
static int load_rules(struct engine *e, const struct options *o)
{
    struct detect_load_stats st;
    int rc;

    if (detect_config_load(&e->detect_cfg, &e->conf) < 0)
        return 1;
    if (o->init_errors_fatal)
        e->detect_cfg.init_errors_fatal = true;
    if (o->rules_S != NULL && detect_config_add_rule_file(&e->detect_cfg, o->rules_S, true) < 0)
        return fail("out of memory");
    for (size_t i = 0; i < o->nrules_s; i++) {
        if (detect_config_add_rule_file(&e->detect_cfg, o->rules_s[i], false) < 0)
            return fail("out of memory");
    }
    if (e->detect_cfg.n_rule_files == 0) {
        log_info(LOG_MAIN, "no rule files: detection is off");
        return 0;
    }
    if (set_cache_dir(e) != 0)
        return 1;
    rc = detect_engine_load(&e->de, &e->detect_cfg, &e->conf, &st);
    e->detect_stats = st;
    if (rc < 0) {
        if (rc == VG_EINVAL)
            return fail("rules failed to load (--init-errors-fatal)");
        return fail("loading rules failed: %s", vg_strerror(rc));
    }
    log_info(LOG_MAIN, "rules loaded in %.3f s", st.load_seconds);
    return 0;
}

/* The log directory: -l, else default-log-dir; it must exist. */
static int resolve_log_dir(struct engine *e, const struct options *o)
{
    const char *dir = o->log_dir;
    struct stat st;

    if (dir == NULL)
        dir = conf_get_str(&e->conf, NULL, "default-log-dir");
    if (dir == NULL || dir[0] == '\0')
        dir = ".";
    if (stat(dir, &st) != 0)
        return fail("log directory %s: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return fail("log directory %s: not a directory", dir);
    e->logdir = dir;
    return 0;
}

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (n < 1)
        return 1;
    return n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* SIGINT/SIGTERM end the input; a second one kills as usual (SA_RESETHAND). */
static void install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static double now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Human-readable byte count: "12.3 MB". */
static const char *fmt_bytes(char *buf, size_t len, uint64_t v)
{
    static const char *const units[] = { "B", "KB", "MB", "GB", "TB" };
    double d = (double)v;
    size_t u = 0;

    while (d >= 1000.0 && u + 1 < VG_ARRAY_LEN(units)) {
        d /= 1000.0;
        u++;
    }
    snprintf(buf, len, u == 0 ? "%.0f %s" : "%.1f %s", d, units[u]);
    return buf;
}

static void show_progress(const struct capture *cap)
{
    struct capture_progress pr;
    char b[32];

    capture_get_progress(cap, &pr);
    if (pr.total_bytes > 0) {
        fprintf(stderr, "\r\033[K%llu packets, %s, %.1f%%", (unsigned long long)pr.packets,
                fmt_bytes(b, sizeof(b), pr.bytes),
                100.0 * (double)pr.bytes / (double)pr.total_bytes);
    } else {
        fprintf(stderr, "\r\033[K%llu packets, %s", (unsigned long long)pr.packets,
                fmt_bytes(b, sizeof(b), pr.bytes));
    }
}

/* Feeds every packet of the input to the workers until the end or a signal. */
static int capture_loop(struct worker_pool *wp, struct capture *cap, struct run_totals *rt)
{
    bool tty = isatty(STDERR_FILENO) == 1;
    double start = now_sec(), next_show = start + PROGRESS_DELAY, t;
    bool shown = false;
    struct packet *p;
    int rc;

    while (!stop_requested) {
        p = worker_pool_packet(wp);
        rc = capture_next(cap, p);
        if (rc != 1) {
            worker_pool_unused(wp, p);
            if (rc < 0)
                return fail("reading the input failed: %s", vg_strerror(rc));
            break;
        }
        rt->packets++;
        rt->bytes += p->caplen;
        worker_pool_dispatch(wp, p);
        if (tty && (rt->packets & 1023) == 0 && (t = now_sec()) >= next_show) {
            show_progress(cap);
            shown = true;
            next_show = t + (double)PROGRESS_NSEC / 1e9;
        }
    }
    if (shown)
        fprintf(stderr, "\r\033[K");
    if (stop_requested)
        log_notice(LOG_MAIN, "signal received: stopping the input, finishing");
    return 0;
}

/* Suricata's detect.engines[0] and detect.alert (also without rules). */
static void add_detect_stats(const struct engine *e, struct stats_set *st)
{
    stats_add(st, "detect.alert", 0);
    stats_add(st, "detect.alert_queue_overflow", 0);
    stats_add(st, "detect.engines[0].id", 0);
    stats_add(st, "detect.engines[0].rules_loaded", e->detect_stats.rules_loaded);
    stats_add(st, "detect.engines[0].rules_failed", e->detect_stats.rules_failed);
    stats_add(st, "detect.engines[0].rules_skipped", e->detect_stats.rules_skipped);
}

/* Writes the final stats record with its own eve writer. Returns true if it did. */
static bool write_stats(
        struct engine *e, struct worker_pool *wp, struct stats_set *st, uint64_t uptime)
{
    struct eve_thread *t;
    bool enabled = true;

    if (e->eve == NULL || !eve_enabled(e->eve, EVE_TYPE_STATS))
        return false;
    if (conf_get_bool(&e->conf, NULL, "stats.enabled", &enabled) == 1 && !enabled)
        return false;
    t = eve_thread_new(e->eve);
    if (t == NULL) {
        log_error(LOG_MAIN, "out of memory writing the stats record");
        return false;
    }
    eve_log_stats(t, worker_pool_last_ts(wp), uptime, st);
    eve_thread_free(t);
    return true;
}

/* Sum of counters whose name starts with prefix. */
static uint64_t sum_prefix(const struct stats_set *st, const char *prefix)
{
    size_t i, n = strlen(prefix);
    uint64_t v = 0;

    for (i = 0; i < st->len; i++) {
        if (strncmp(st->items[i].name, prefix, n) == 0)
            v += st->items[i].value;
    }
    return v;
}

static void print_summary(
        const struct stats_set *st, const struct run_totals *rt, unsigned warnings)
{
    uint64_t flows = stats_get(st, "flow.total");
    uint64_t events = sum_prefix(st, "decoder.event.");
    uint64_t records = stats_get(st, "vigie.eve.records");
    double pps = rt->elapsed > 0 ? (double)rt->packets / rt->elapsed : 0;
    char b[32];

    if (flows == 0)
        flows = stats_get(st, "flow.tcp") + stats_get(st, "flow.udp") +
                stats_get(st, "flow.icmpv4") + stats_get(st, "flow.icmpv6");
    if (isatty(STDERR_FILENO) == 1) {
        fprintf(stderr,
                "vigie: %llu packets, %s, %llu flows, %llu decoder events, %llu eve records\n"
                "vigie: %.2f s, %.0f packets/s%s\n",
                (unsigned long long)rt->packets, fmt_bytes(b, sizeof(b), rt->bytes),
                (unsigned long long)flows, (unsigned long long)events, (unsigned long long)records,
                rt->elapsed, pps, warnings ? " (input warnings: see above)" : "");
    } else {
        log_notice(LOG_MAIN,
                "%llu packets, %llu bytes, %llu flows, %llu decoder events, %llu eve records, "
                "%.2f s, %.0f packets/s",
                (unsigned long long)rt->packets, (unsigned long long)rt->bytes,
                (unsigned long long)flows, (unsigned long long)events, (unsigned long long)records,
                rt->elapsed, pps);
    }
}

/* Opens the outputs, runs the workers over the input, writes stats. Returns exit status. */
static int run(struct engine *e, const struct options *o)
{
    struct run_totals rt = { 0 };
    struct worker_pool *wp = NULL;
    struct capture *cap = NULL;
    struct stats_set st;
    double start = now_sec();
    int status = 1;

    stats_set_init(&st);
    if (capture_open_filter(&cap, o->read_path, o->bpf) < 0)
        goto out; /* capture said which file and why */
    if (e->eve_cfg.enabled && eve_output_open(&e->eve, &e->eve_cfg, e->logdir) < 0)
        goto out_close_capture; /* the output said which file and why */
    if (e->de != NULL && fast_log_open(&e->fast, &e->conf, e->logdir) < 0)
        goto out_close_eve;
    if (worker_pool_new(&wp, e, e->threads) < 0) {
        fail("cannot start %u worker(s)", e->threads);
        goto out_close_eve;
    }
    install_signals();
    log_info(LOG_MAIN, "reading %s with %u worker(s), logs in %s", o->read_path, e->threads,
            e->logdir);
    if (capture_loop(wp, cap, &rt) != 0) {
        worker_pool_finish(wp);
        goto out_free_pool;
    }
    if (worker_pool_finish(wp) < 0) {
        fail("workers failed to finish");
        goto out_free_pool;
    }
    rt.elapsed = now_sec() - start;
    worker_pool_export_stats(wp, &st);
    add_detect_stats(e, &st);
    if (write_stats(e, wp, &st, (uint64_t)rt.elapsed))
        stats_add(&st, "vigie.eve.records", 1);
    print_summary(&st, &rt, capture_warnings(cap));
    status = 0;
out_free_pool:
    worker_pool_free(wp);
out_close_eve:
    fast_log_close(e->fast);
    e->fast = NULL;
    eve_output_close(e->eve);
    e->eve = NULL;
out_close_capture:
    capture_close(cap);
out:
    stats_set_release(&st);
    return status;
}

/* Validates the options that need no config and handles the modes that exit at once.
 * Returns -1 to go on, else the exit status. */
static int early_modes(const struct options *o)
{
    if (o->help) {
        usage(stdout);
        return 0;
    }
    if (o->show_version) {
        printf("This is Vigie version %s\n", VG_VERSION);
        return 0;
    }
    if (o->build_info) {
        print_build_info();
        return 0;
    }
    if (o->read_path == NULL && !o->test_config)
        return fail("nothing to read: give a pcap file or directory with -r (see vigie -h)");
    return -1;
}

int main(int argc, char **argv)
{
    struct engine e;
    struct options o;
    int status;

    memset(&e, 0, sizeof(e));
    if (parse_args(&o, argc, argv) != 0) {
        free(o.sets);
        free(o.rules_s);
        free(o.bpf);
        return 1;
    }
    status = early_modes(&o);
    if (status >= 0)
        goto out_free_sets;
    status = 1;
    if (load_config(&e, &o) != 0 || load_stage_configs(&e) != 0)
        goto out_release_conf;
    if (eve_alert_config_load(&e.alert_cfg, &e.conf) < 0 || load_rules(&e, &o) != 0)
        goto out_release_conf;
    e.flow.vars_free = flow_vars_free;
    if (o.test_config) {
        log_notice(LOG_MAIN, "configuration loaded and valid");
        status = 0;
        goto out_release_conf;
    }
    if (resolve_log_dir(&e, &o) != 0)
        goto out_release_conf;
    file_config_set_logdir(&file_cfg, e.logdir); /* file store (app/file.c) */
    e.threads = o.threads ? o.threads : (o.single ? 1 : default_threads());
    status = run(&e, &o);
out_release_conf:
    detect_engine_free(e.de);
    detect_config_release(&e.detect_cfg);
    stream_config_release(&e.stream);
    conf_release(&e.conf);
out_free_sets:
    free(o.sets);
    free(o.rules_s);
    free(o.bpf);
    return status;
}
