/*
 * pcap-file.c - offline capture: one pcap/pcapng file, or every file of a directory in
 * name order, read with libpcap at microsecond precision.
 *
 * Files are opened with our own fopen() so that errors name the file and say why, and so
 * that the FILE's position gives the byte offset after the last complete record: that is
 * where a truncated or corrupt file stops being readable, and what the warning reports.
 * For a classic pcap file (its magic read before libpcap opens it) that offset is kept by
 * adding each record's size (16-byte header + caplen), saving an ftell() per packet; a
 * record libpcap may have shortened (caplen at the snapshot length), pcapng files and
 * filtered files (libpcap skips the records the filter rejects) still ask ftell().
 * Packets are copied into the packet's own buffer (grown as needed, capped at
 * CAPTURE_MAX_CAPLEN; a longer packet is cut and counted). pcap_cnt numbers packets from 1
 * across the whole input, as Suricata does for a directory.
 *
 * Policy for bad input: a single file that cannot be opened (missing, unreadable, corrupt
 * header, unsupported link type) is an error returned by capture_open(). In a directory,
 * the same problems are reported and the file skipped (a file that is not a capture at
 * all is a warning). A truncated or corrupt record ends that file after every complete
 * packet was returned, with a warning, and reading goes on with the next file. Hidden
 * files (".name") and anything that is not a regular file are ignored in a directory.
 *
 * A BPF filter (Suricata's trailing command-line arguments) is compiled for each file's
 * link type; packets it rejects are not counted in pcap_cnt, as with Suricata.
 *
 * Not done here: live capture, recursion into subdirectories, following a
 * directory for new files.
 */
#include "capture/capture.h"

#include <dirent.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/err.h"
#include "util/log.h"

/* Size of a classic pcap record header on disk (seconds, fraction, caplen, len). */
#define CAPTURE_PCAP_REC_HDR 16u
/* Largest packet kept: libpcap's own snaplen limit for Ethernet. */
#define CAPTURE_MAX_CAPLEN (256u * 1024)
/* stdio buffer for reading a file: fewer read() calls than the default 4 KiB */
#define CAPTURE_IO_BUF (256u * 1024)
/* Smallest packet buffer allocated: most packets then need no second allocation. */
#define CAPTURE_MIN_BUF 2048u

struct capture_file {
    char *path;
    uint64_t size; /* 0 if not a regular file (a pipe) */
    bool regular;
};

struct capture {
    struct capture_file *files; /* owned, in reading order */
    size_t nfiles;
    size_t next; /* index of the next file to open */
    bool is_dir;
    char *bpf;           /* filter expression, or NULL */
    pcap_t *pcap;        /* current file, or NULL */
    FILE *fp;            /* owned by pcap once it opened */
    char *iobuf;         /* CAPTURE_IO_BUF bytes, the current FILE's buffer */
    const char *cur;     /* path of the current file */
    uint64_t cur_off;    /* offset after the current file's last complete record */
    uint64_t cur_cut;    /* packets longer than CAPTURE_MAX_CAPLEN in this file */
    uint32_t cur_snap;   /* snapshot length of the current file */
    bool cur_classic;    /* classic pcap: cur_off advances by record sizes */
    uint64_t done_bytes; /* sizes of the files already finished */
    uint64_t total_bytes;
    uint64_t packets; /* packets returned so far */
    int datalink;
    unsigned warnings;
};

bool capture_datalink_supported(int dlt)
{
    /* raw IP as OpenBSD numbers it, and LINKTYPE_RAW should libpcap not map it */
    if (dlt == 14 || dlt == 101)
        return true;
    switch (dlt) {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
    case DLT_NULL:
    case DLT_LOOP:
    case DLT_PPP:
    case DLT_C_HDLC:
        return true;
    default:
        return false;
    }
}

/* Reports a problem with a file: an error, or a warning when skipping it in a directory. */
static void report(struct capture *c, bool warn, const char *path, const char *reason)
{
    if (warn)
        log_warn(LOG_CAPTURE, "%s: %s", path, reason);
    else
        log_error(LOG_CAPTURE, "%s: %s", path, reason);
    c->warnings++;
}

/* Compiles the filter for the current file's link type and installs it. */
static int set_filter(struct capture *c, const char *path)
{
    char reason[PCAP_ERRBUF_SIZE + 64];
    struct bpf_program prog;
    int rc;

    if (pcap_compile(c->pcap, &prog, c->bpf, 1, PCAP_NETMASK_UNKNOWN) < 0) {
        snprintf(reason, sizeof(reason), "BPF filter: %s", pcap_geterr(c->pcap));
        report(c, false, path, reason);
        return VG_EINVAL;
    }
    rc = pcap_setfilter(c->pcap, &prog);
    pcap_freecode(&prog);
    if (rc < 0) {
        snprintf(reason, sizeof(reason), "BPF filter: %s", pcap_geterr(c->pcap));
        report(c, false, path, reason);
        return VG_EINVAL;
    }
    return VG_OK;
}

/* True if the filter expression compiles for Ethernet (checked once, before any file). */
static bool is_valid_filter(const char *bpf)
{
    struct bpf_program prog;
    pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
    bool ok;

    if (dead == NULL)
        return false;
    ok = pcap_compile(dead, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) == 0;
    if (ok)
        pcap_freecode(&prog);
    else
        log_error(LOG_CAPTURE, "invalid BPF filter '%s': %s", bpf, pcap_geterr(dead));
    pcap_close(dead);
    return ok;
}

/* Opens file idx. Returns VG_OK, or a negative VG_E* after reporting why. */
static int open_file(struct capture *c, size_t idx)
{
    const struct capture_file *f = &c->files[idx];
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    char reason[PCAP_ERRBUF_SIZE + 64];
    long off;
    FILE *fp;
    int dlt;

    fp = fopen(f->path, "rb");
    if (fp == NULL) {
        report(c, false, f->path, strerror(errno));
        return errno == ENOENT ? VG_ENOENT : VG_EIO;
    }
    if (f->regular && f->size == 0) {
        report(c, c->is_dir, f->path, "empty file, not a pcap or pcapng file");
        fclose(fp);
        return VG_EINVAL;
    }
    if (c->iobuf != NULL)
        setvbuf(fp, c->iobuf, _IOFBF, CAPTURE_IO_BUF);
    /* Sniff the magic of a regular file (a pipe cannot be rewound): only the four
     * classic pcap magics (micro/nanosecond, either byte order) have 16-byte record
     * headers; pcapng and the modified formats keep using ftell(). */
    c->cur_classic = false;
    if (f->regular && c->bpf == NULL) {
        uint8_t m[4];

        if (fread(m, 1, sizeof(m), fp) == sizeof(m)) {
            uint32_t be = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
            c->cur_classic = be == 0xa1b2c3d4u || be == 0xd4c3b2a1u || be == 0xa1b23c4du ||
                             be == 0x4d3cb2a1u;
        }
    }
    /* glibc's ftell() then knows the position without an lseek() per packet */
    if (fseek(fp, 0, SEEK_SET) != 0)
        c->cur_classic = false;
    c->pcap = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
    if (c->pcap == NULL) {
        /* libpcap leaves the FILE to us when it fails */
        fclose(fp);
        if (strstr(errbuf, "unknown file format") != NULL) {
            report(c, c->is_dir, f->path, "not a pcap or pcapng file (unknown file format)");
        } else {
            snprintf(reason, sizeof(reason), "corrupt file header: %s", errbuf);
            report(c, false, f->path, reason);
        }
        return VG_EINVAL;
    }
    dlt = pcap_datalink(c->pcap);
    if (!capture_datalink_supported(dlt)) {
        const char *name = pcap_datalink_val_to_name(dlt);
        snprintf(reason, sizeof(reason), "unsupported link type %d (%s)", dlt,
                name != NULL ? name : "unknown");
        report(c, false, f->path, reason);
        pcap_close(c->pcap);
        c->pcap = NULL;
        return VG_EUNSUPPORTED;
    }
    if (c->bpf != NULL && set_filter(c, f->path) < 0) {
        pcap_close(c->pcap);
        c->pcap = NULL;
        return VG_EINVAL;
    }
    c->fp = fp;
    c->cur = f->path;
    c->datalink = dlt;
    c->cur_cut = 0;
    off = ftell(fp);
    c->cur_off = off > 0 ? (uint64_t)off : 0;
    c->cur_snap = (uint32_t)pcap_snapshot(c->pcap);
    log_info(LOG_CAPTURE, "%s: reading, link type %s", f->path,
            pcap_datalink_val_to_name(dlt) ? pcap_datalink_val_to_name(dlt) : "?");
    return VG_OK;
}

/* Closes the current file; its whole size now counts as read. */
static void close_file(struct capture *c)
{
    if (c->pcap == NULL)
        return;
    if (c->cur_cut != 0) {
        log_warn(LOG_CAPTURE, "%s: %llu packet(s) longer than %u bytes were cut", c->cur,
                (unsigned long long)c->cur_cut, CAPTURE_MAX_CAPLEN);
    }
    pcap_close(c->pcap);
    c->pcap = NULL;
    c->fp = NULL;
    c->done_bytes += c->files[c->next - 1].size;
    c->cur = NULL;
}

static int cmp_file(const void *a, const void *b)
{
    const struct capture_file *x = a, *y = b;
    return strcmp(x->path, y->path);
}

/* Appends a file to the list. */
static int add_file(struct capture *c, size_t *cap, const char *path, const struct stat *st)
{
    struct capture_file *n;

    if (c->nfiles == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        n = realloc(c->files, ncap * sizeof(*n));
        if (n == NULL)
            return VG_ENOMEM;
        c->files = n;
        *cap = ncap;
    }
    c->files[c->nfiles].path = strdup(path);
    if (c->files[c->nfiles].path == NULL)
        return VG_ENOMEM;
    c->files[c->nfiles].regular = S_ISREG(st->st_mode);
    c->files[c->nfiles].size = S_ISREG(st->st_mode) ? (uint64_t)st->st_size : 0;
    c->total_bytes += c->files[c->nfiles].size;
    c->nfiles++;
    return VG_OK;
}

/* Lists the regular, non-hidden files of dir, sorted by name. */
static int list_dir(struct capture *c, const char *dir)
{
    size_t cap = 0, dlen = strlen(dir);
    const struct dirent *de;
    struct stat st;
    char path[4096];
    int rc = VG_OK;
    DIR *d;

    d = opendir(dir);
    if (d == NULL) {
        log_error(LOG_CAPTURE, "%s: %s", dir, strerror(errno));
        return VG_EIO;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if ((size_t)snprintf(path, sizeof(path), "%s%s%s", dir,
                    dlen > 0 && dir[dlen - 1] == '/' ? "" : "/", de->d_name) >= sizeof(path)) {
            log_warn(LOG_CAPTURE, "%s/%s: path too long, skipped", dir, de->d_name);
            continue;
        }
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if ((rc = add_file(c, &cap, path, &st)) < 0)
            break;
    }
    closedir(d);
    if (rc == VG_OK && c->nfiles > 1)
        qsort(c->files, c->nfiles, sizeof(c->files[0]), cmp_file);
    return rc;
}

int capture_open(struct capture **out, const char *path)
{
    return capture_open_filter(out, path, NULL);
}

int capture_open_filter(struct capture **out, const char *path, const char *bpf)
{
    struct capture *c;
    struct stat st;
    size_t cap = 0;
    int rc;

    *out = NULL;
    if (stat(path, &st) != 0) {
        rc = errno == ENOENT ? VG_ENOENT : VG_EIO;
        log_error(LOG_CAPTURE, "%s: %s", path, strerror(errno));
        return rc;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return VG_ENOMEM;
    c->datalink = -1;
    if (bpf != NULL && bpf[0] != '\0') {
        if (!is_valid_filter(bpf)) {
            free(c);
            return VG_EINVAL;
        }
        c->bpf = strdup(bpf);
        if (c->bpf == NULL) {
            free(c);
            return VG_ENOMEM;
        }
    }
    c->iobuf = malloc(CAPTURE_IO_BUF); /* optional: stdio's own buffer if NULL */
    if (S_ISDIR(st.st_mode)) {
        c->is_dir = true;
        rc = list_dir(c, path);
        if (rc == VG_OK && c->nfiles == 0)
            log_warn(LOG_CAPTURE, "%s: no files to read", path);
    } else {
        rc = add_file(c, &cap, path, &st);
        /* a single file must open now: failing to read it is a startup error */
        if (rc == VG_OK) {
            c->next = 1;
            rc = open_file(c, 0);
        }
    }
    if (rc < 0) {
        capture_close(c);
        return rc;
    }
    *out = c;
    return VG_OK;
}

/* Makes sure p->buf holds len bytes. */
static int ensure_buf(struct packet *p, uint32_t len)
{
    size_t want = CAPTURE_MIN_BUF;
    uint8_t *n;

    if (p->buf != NULL && p->buf_size >= len)
        return VG_OK;
    while (want < len)
        want *= 2;
    n = realloc(p->buf, want);
    if (n == NULL)
        return VG_ENOMEM;
    p->buf = n;
    p->buf_size = want;
    return VG_OK;
}

/* Ends the current file after a read error, warning with the offset reached. */
static void read_failed(struct capture *c)
{
    const char *err = pcap_geterr(c->pcap);

    if (strstr(err, "truncated") != NULL) {
        log_warn(LOG_CAPTURE, "%s: truncated at byte offset %llu", c->cur,
                (unsigned long long)c->cur_off);
    } else {
        log_warn(LOG_CAPTURE, "%s: corrupt record at byte offset %llu: %s", c->cur,
                (unsigned long long)c->cur_off, err);
    }
    c->warnings++;
    close_file(c);
}

/* Copies the record into p. */
static int fill_packet(
        struct capture *c, struct packet *p, const struct pcap_pkthdr *h, const u_char *data)
{
    uint32_t len = h->caplen;
    long off;

    if (len > CAPTURE_MAX_CAPLEN) {
        len = CAPTURE_MAX_CAPLEN;
        c->cur_cut++;
    }
    if (ensure_buf(p, len) < 0)
        return VG_ENOMEM;
    if (len > 0)
        memcpy(p->buf, data, len);
    p->data = p->buf;
    p->caplen = len;
    p->wirelen = h->len;
    p->ts_usec = h->ts.tv_sec >= 0 && h->ts.tv_usec >= 0
                         ? (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec
                         : 0;
    p->pcap_cnt = ++c->packets;
    p->datalink = c->datalink;
    if (c->cur_classic && h->caplen < c->cur_snap) {
        c->cur_off += CAPTURE_PCAP_REC_HDR + (uint64_t)h->caplen;
    } else {
        off = ftell(c->fp);
        if (off > 0)
            c->cur_off = (uint64_t)off;
    }
    return 1;
}

int capture_next(struct capture *c, struct packet *p)
{
    struct pcap_pkthdr *h;
    const u_char *data;
    int rc;

    for (;;) {
        if (c->pcap == NULL) {
            if (c->next >= c->nfiles)
                return 0;
            c->next++;
            if (open_file(c, c->next - 1) < 0) {
                c->done_bytes += c->files[c->next - 1].size;
                continue;
            }
        }
        rc = pcap_next_ex(c->pcap, &h, &data);
        if (rc == 1)
            return fill_packet(c, p, h, data);
        if (rc == PCAP_ERROR_BREAK)
            close_file(c);
        else
            read_failed(c);
    }
}

void capture_get_progress(const struct capture *c, struct capture_progress *pr)
{
    pr->packets = c->packets;
    pr->bytes = c->done_bytes + (c->pcap != NULL ? c->cur_off : 0);
    pr->total_bytes = c->total_bytes;
    pr->current = c->cur;
}

unsigned capture_warnings(const struct capture *c)
{
    return c->warnings;
}

void capture_close(struct capture *c)
{
    size_t i;

    if (c == NULL)
        return;
    if (c->pcap != NULL)
        pcap_close(c->pcap);
    for (i = 0; i < c->nfiles; i++)
        free(c->files[i].path);
    free(c->files);
    free(c->iobuf);
    free(c->bpf);
    free(c);
}
