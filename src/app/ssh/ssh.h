/*
 * ssh.h - SSH: banners, the cleartext key exchange, HASSH; what detection and output read.
 *
 * An SSH session is one transaction (struct ssh_tx) with one struct ssh_side per direction:
 * the client's (to server) and the server's (to client). Each side starts with its banner
 * line "SSH-<protoversion>-<softwareversion>[ <comments>]" ended by LF, CR LF or a lone CR;
 * then come binary packets (uint32 length, padding length, message code, ...) until
 * SSH_MSG_NEWKEYS, after which the side is encrypted and is not parsed any more. From the
 * side's SSH_MSG_KEXINIT the HASSH string is built (kex;ciphers;macs;compression, the
 * client->server lists for the client, the server->client lists for the server) and its MD5,
 * when HASSH is enabled (ssh_hassh_enabled()).
 *
 * Events, with Suricata's names (ssh.<name>): invalid_banner (a first line that is not an SSH
 * banner: the side stops), long_banner (a banner line of 256 bytes or more: kept, the rest of
 * the line skipped), invalid_record (a packet length below 2: the side stops),
 * long_kex_record (a KEXINIT too long to buffer (65535 bytes or more): no HASSH).
 *
 * Memory: a banner line split across segments is buffered (at most SSH_LINE_BUF_MAX bytes),
 * a KEXINIT split across segments too (less than SSH_KEX_BUF_MAX bytes); everything else is
 * skipped as it streams by. ssh-parse.c is the parser (no app-layer framework needed, so unit
 * tests and fuzzers drive it directly), ssh-log.c the EVE "ssh" object, ssh.c the registry
 * entry (app_parser_ssh) and the HASSH configuration.
 */
#ifndef VG_APP_SSH_SSH_H
#define VG_APP_SSH_SSH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app-layer.h"
#include "conf/conf.h"
#include "util/json.h"

/* A banner line this long or longer raises long_banner (Suricata's limit). */
#define SSH_MAX_BANNER_LEN 256
/* Most bytes of a banner line buffered across segments; longer lines are cut there. */
#define SSH_LINE_BUF_MAX 8192
/* A KEXINIT split across segments is buffered only when shorter than this. */
#define SSH_KEX_BUF_MAX 65535
/* SSH message codes the parser acts on. */
#define SSH_MSG_KEXINIT 20
#define SSH_MSG_NEWKEYS 21

/* Events: ids into ssh_event_names (app_parser_ssh.event_names). */
enum ssh_event {
    SSH_EV_INVALID_BANNER = 0,
    SSH_EV_LONG_BANNER,
    SSH_EV_INVALID_RECORD,
    SSH_EV_LONG_KEX_RECORD,
    SSH_EV_MAX
};

/* Progress of one side, in order (Suricata's ssh states). */
enum ssh_progress {
    SSH_PROGRESS_BANNER = 0,      /* waiting for the banner line */
    SSH_PROGRESS_BANNER_WAIT_EOL, /* long banner parsed, skipping to its end of line */
    SSH_PROGRESS_BANNER_DONE,     /* banner parsed: binary packets */
    SSH_PROGRESS_FINISHED,        /* NEWKEYS seen: encrypted from here, not parsed */
    SSH_PROGRESS_FAILED,          /* invalid banner or record, or a gap: not parsed any more */
};

/* HASSH setting (app-layer.protocols.ssh.hassh): yes, no, or auto (absent): on when a
 * loaded rule uses an ssh.hassh* buffer. */
enum ssh_hassh_mode {
    SSH_HASSH_AUTO = 0,
    SSH_HASSH_YES,
    SSH_HASSH_NO,
};

/* What one side said. Byte fields are owned by the side (NULL when absent). Readable by
 * detection and output; written only by the parser. */
struct ssh_side {
    uint8_t progress; /* enum ssh_progress */
    bool has_hassh;   /* hassh and hassh_string are set */
    uint8_t *proto;   /* protocol version ("2.0"), set once the banner is parsed */
    uint32_t proto_len;
    uint8_t *software; /* software version ("OpenSSH_8.9p1"), NULL if the banner has none */
    uint32_t software_len;
    uint8_t *hassh_string; /* "kex;ciphers;macs;compression" */
    uint32_t hassh_string_len;
    char hassh[33]; /* MD5 of hassh_string, lowercase hex */
};

/* Parse context of one direction (private to ssh-parse.c; in the parser state). */
struct ssh_parser {
    bool pending_cr;      /* the last byte seen ended a line with CR: skip a following LF */
    bool collecting_kex;  /* the current record is a KEXINIT being buffered */
    uint8_t hdr_len;      /* bytes of the packet header in hdr */
    uint8_t hdr[6];       /* packet length (4), padding length, message code */
    uint32_t record_left; /* bytes of the current packet still to come */
    uint8_t *buf;         /* banner line or KEXINIT being buffered */
    uint32_t buf_len, buf_cap;
};

/* The session's transaction. side[APP_DIR_TOSERVER] is the client's, side[APP_DIR_TOCLIENT]
 * the server's. */
struct ssh_tx {
    struct app_tx head;
    struct ssh_side side[2];
};

/* Event names without the "ssh." prefix, indexed by enum ssh_event. */
extern const char *const ssh_event_names[SSH_EV_MAX];

/* The registry entry (app-registry.c). */
extern const struct app_parser app_parser_ssh;

/* Reads app-layer.protocols.ssh.hassh. Returns VG_OK, or VG_EINVAL (logged) for a value
 * that is neither a boolean nor "auto". */
int ssh_config_load(const struct conf *c);
/* Sets the HASSH mode directly (tests, fuzzers). */
void ssh_hassh_set_mode(enum ssh_hassh_mode mode);
/* Called by the ssh.hassh* keywords at rule load: turns HASSH on in auto mode (not when the
 * configuration says no). Returns false when HASSH is disabled by the configuration. */
bool ssh_hassh_request(void);
/* True when the parser builds HASSH strings and hashes. */
bool ssh_hassh_enabled(void);

/* Parses len bytes of one direction's stream into side (server: the to-client direction).
 * data NULL means a gap of len bytes. hassh: build the HASSH from KEXINIT. Events raised are
 * ORed into *events as 1u << SSH_EV_*. Returns VG_OK, or VG_EINVAL when the input is not
 * SSH (invalid banner or record: side->progress is then SSH_PROGRESS_FAILED), or VG_ENOMEM.
 * Bytes after NEWKEYS or a failure are ignored. */
int ssh_parse(struct ssh_parser *ps, struct ssh_side *side, const uint8_t *data, uint32_t len,
        bool server, bool hassh, unsigned *events);
/* Frees what ps buffers; ps may be parsed into again from a clean state. */
void ssh_parser_release(struct ssh_parser *ps);
/* Frees what side owns and clears it. */
void ssh_side_release(struct ssh_side *side);

/* Writes "ssh": {"client": {...}, "server": {...}} (nothing when neither side sent a banner). */
void ssh_log_tx(struct json *w, const struct app_tx *tx, int dir);

#endif
