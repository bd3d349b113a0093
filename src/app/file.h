/*
 * file.h - files carried by app-layer transactions (HTTP uploads and downloads, ...), as
 * Suricata tracks them.
 *
 * A protocol keeps a struct file_list per transaction. It opens a file when a body that is
 * a file starts (name, direction), appends the decoded bytes as they come, notes the bytes
 * it lost (gaps) and closes the file at the end of the body: CLOSED when complete,
 * TRUNCATED when cut short or when bytes were lost. While data flows the tracker keeps the
 * size, the md5 / sha1 / sha256 digests that are wanted (file_cfg.hashes: eve-log files
 * force-hash, the file store, rules using filemd5 ...), the first FILE_HEAD_MAX bytes (for
 * libmagic, which only looks at the start of a file, as Suricata's does) and, with the
 * file store on, a copy of the bytes in a temporary file that is renamed to
 * <dir>/<xx>/<sha256> when the file closes (Suricata's file-store v2 layout).
 *
 * Readers: the EVE fileinfo logger (output/eve-file.c) and the file keywords
 * (detect/kw/file-keywords.c). Configuration is read once at startup; the rest is per
 * transaction, owned by it, no locks (libmagic's handle, shared, is behind a mutex).
 */
#ifndef VG_APP_FILE_H
#define VG_APP_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "util/stats.h"

/* File states (Suricata's names: file_state_name()). */
enum file_state {
    FILE_STATE_OPEN = 0,
    FILE_STATE_CLOSED,
    FILE_STATE_TRUNCATED,
    FILE_STATE_ERROR,
};

/* Digests (file_config.hashes, file.flags). */
enum {
    FILE_HASH_MD5 = 1u << 0,
    FILE_HASH_SHA1 = 1u << 1,
    FILE_HASH_SHA256 = 1u << 2,
};

/* Bytes kept from the start of a file for libmagic. */
#define FILE_HEAD_MAX 4096u
/* Longest file name kept (longer names are cut). */
#define FILE_NAME_MAX 1024u

struct file_config {
    unsigned hashes;         /* FILE_HASH_* computed and logged */
    bool force_magic;        /* eve-log files: force-magic */
    bool store;              /* outputs file-store: enabled (version 2) */
    bool force_store;        /* file-store: force-filestore */
    char store_dir[512];     /* file-store: dir, under the log dir unless absolute */
    uint64_t store_max_size; /* file-store: max-file-size (a Vigie option): larger files
                              * are not stored; 0: no limit */
};

/* The configuration (set at startup, then read-only except file_config_require()). */
extern struct file_config file_cfg;

/* Reads outputs.eve-log.types.files (force-magic, force-hash, force-md5) and
 * outputs.file-store (enabled, dir, force-filestore, max-file-size). Returns VG_OK or
 * VG_EINVAL after logging the reason. */
int file_config_load(struct file_config *cfg, const struct conf *c);
/* Sets the log dir the file store's relative dir is under (before any file is stored). */
void file_config_set_logdir(struct file_config *cfg, const char *logdir);
/* Rules ask for a digest (filemd5 ...): computed on every file from then on. Startup only. */
void file_config_require(unsigned hashes);

struct file_store;

/* file.flags */
enum {
    FILE_F_GAPS = 1u << 0,       /* bytes were lost */
    FILE_F_STORE = 1u << 1,      /* to be stored (filestore keyword, force-filestore) */
    FILE_F_NOSTORE = 1u << 2,    /* storing failed or was given up */
    FILE_F_STORED = 1u << 3,     /* in the store */
    FILE_F_LOGGED = 1u << 4,     /* fileinfo record written */
    FILE_F_MAGIC_DONE = 1u << 5, /* magic looked up (magic may still be NULL) */
    FILE_F_INSPECTED = 1u << 6,  /* detection has seen it closed */
    FILE_F_IN_BODY = 1u << 7,    /* its bytes are body_off/body_len of the protocol's kept
                                  * body (multipart parts): file.data reads them there */
    FILE_F_NO_HEAD = 1u << 8,    /* no head bytes kept (memcap): no magic */
};

struct file {
    struct file *next;
    char *name; /* as the protocol gave it (not NUL-terminated: name_len) */
    uint32_t name_len;
    uint32_t id;         /* file_id: number of the stored file (process-wide, from 1), 0 */
    uint8_t dir;         /* APP_DIR_* of the bytes */
    uint8_t state;       /* enum file_state */
    uint16_t flags;      /* FILE_F_* */
    uint8_t hashes;      /* FILE_HASH_* being computed (dropped on gaps) */
    uint8_t hashes_done; /* FILE_HASH_* final in md5/sha1/sha256 */
    uint64_t size;       /* bytes seen, gaps included */
    uint8_t md5[16], sha1[20], sha256[32];
    void *md[3];   /* EVP_MD_CTX per digest while open */
    uint8_t *head; /* first head_len bytes (up to FILE_HEAD_MAX) */
    uint32_t head_len;
    char *magic;                 /* libmagic's description, once looked up */
    struct file_store *st;       /* store in progress */
    uint32_t body_off, body_len; /* with FILE_F_IN_BODY */
    uint32_t mem;                /* bytes charged to the list's protocol memcap */
};

/* A transaction's files, oldest first. */
struct file_list {
    struct file *head, *tail;
    uint32_t n;
    uint16_t proto; /* APP_PROTO_* whose memcap the trackers are charged to (0: none) */
};

/* Opens a file of direction dir named name (len bytes, may be 0) at the end of l. NULL on
 * ENOMEM or when l->proto's memcap is reached (the file is then not tracked). */
struct file *file_open(struct file_list *l, int dir, const uint8_t *name, size_t len);
/* Adds len bytes to an open file. */
void file_append(struct file *f, const uint8_t *data, size_t len);
/* Notes len bytes lost: the file has gaps, its digests are dropped. */
void file_gap(struct file *f, uint64_t len);
/* Closes an open file: CLOSED, or TRUNCATED when truncated or when it has gaps. Finishes
 * the digests and the store. No-op on a closed file. */
void file_close(struct file *f, bool truncated);
/* Closes every open file of l (truncated: the transaction ended early). */
void file_list_close(struct file_list *l, bool truncated);
/* The last file of l in direction dir if still open, else NULL. */
struct file *file_list_open_file(const struct file_list *l, int dir);
/* Frees every file (an open one's store is abandoned). */
void file_list_free(struct file_list *l);
/* Marks f for the file store (filestore keyword); kept only while f is still at its
 * start. */
void file_mark_store(struct file *f);

/* libmagic's description of f's first bytes (looked up once), or NULL. */
const char *file_magic(struct file *f);
/* "OPEN", "CLOSED", "TRUNCATED", "ERROR". */
const char *file_state_name(uint8_t state);
/* Lowercase hex of a digest into buf (2 * n + 1 bytes). */
void file_hex(char *buf, const uint8_t *d, size_t n);

struct app_flow;
struct app_tx;
/* The files of transaction tx of a flow whose parser is af->parser, or NULL when that
 * protocol carries no files. */
struct file_list *file_tx_files(const struct app_flow *af, struct app_tx *tx);

/* Counters: vigie.file.files / stored / store_bytes, and file_store.fs_errors with the
 * store on. Process-wide values, set with stats_max (every worker may export them). */
void file_export_stats(struct stats_set *s);

#endif
