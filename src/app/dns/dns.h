/*
 * dns.h - DNS over UDP and TCP: messages, transactions, and what detection and output read.
 *
 * A DNS message (request or response) is parsed whole into a struct dns_msg: the header,
 * the queries and the three resource record sections with their rdata decoded by type
 * (A, AAAA, CNAME, NS, PTR, DNAME, MX, SOA, SRV, TXT, SSHFP, HTTPS/SVCB, OPT, NULL; any
 * other type keeps its raw bytes). Names are decompressed with a bound on pointer jumps
 * (infinite_loop), labels (too_many_labels) and length (DNS_NAME_MAX: name_too_long, the
 * name is kept truncated); the root name is "<root>" as Suricata writes it. Every name and
 * rdata byte lives in the message's own byte store (msg->bytes): struct dns_name is an
 * offset and a length into it, read with dns_name_ptr().
 *
 * A transaction is one message, as in Suricata (request and response records, tx ids and
 * alerts are per message): struct dns_tx holds a request or a response. Responses are paired
 * with the oldest unanswered request of the same id (paired, req_seq); a response nobody
 * asked for is unsolicited (paired false). seq numbers the flow's messages from 0 (equal to
 * the tx id) and is what the records carry as dns.tx_id.
 *
 * The parser is dns-parse.c (messages, TCP framing, pairing, events); dns-log.c writes the
 * EVE "dns" object (v3 by default, v2 when configured); dns.c is the registry entry.
 */
#ifndef VG_APP_DNS_DNS_H
#define VG_APP_DNS_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app-layer.h"
#include "util/json.h"

/* Longest name kept (Suricata's limit); a longer one is truncated and flagged. */
#define DNS_NAME_MAX 1025
/* Most labels in one name; most compression pointers followed in one name. */
#define DNS_LABELS_MAX 255
#define DNS_JUMPS_MAX  255
/* Most records (or queries) kept per section, and most name and rdata bytes kept per
 * message: records past either limit are parsed (the message must be well formed) but not
 * kept, so compression pointers cannot blow a 64 KiB message up into megabytes of names
 * (and an EVE record too big to write). */
#define DNS_RRS_MAX       1024
#define DNS_MSG_BYTES_MAX (192u * 1024u)
/* Unanswered requests per flow beyond which flooded is raised; requests remembered for
 * pairing (older ones are forgotten). */
#define DNS_OPEN_TX_MAX 512
#define DNS_PENDING_MAX 16
/* Bytes of one TCP message buffered while it is incomplete (2-byte length: 65535). */
#define DNS_TCP_BUF_MAX (65535u + 2u)

/* Record types with decoded rdata, and a few others with names. */
enum {
    DNS_TYPE_A = 1,
    DNS_TYPE_NS = 2,
    DNS_TYPE_CNAME = 5,
    DNS_TYPE_SOA = 6,
    DNS_TYPE_NULL = 10,
    DNS_TYPE_PTR = 12,
    DNS_TYPE_MX = 15,
    DNS_TYPE_TXT = 16,
    DNS_TYPE_AAAA = 28,
    DNS_TYPE_SRV = 33,
    DNS_TYPE_DNAME = 39,
    DNS_TYPE_OPT = 41,
    DNS_TYPE_SSHFP = 44,
    DNS_TYPE_SVCB = 64,
    DNS_TYPE_HTTPS = 65,
};

/* Header flag bits. */
enum {
    DNS_F_QR = 0x8000,
    DNS_F_AA = 0x0400,
    DNS_F_TC = 0x0200,
    DNS_F_RD = 0x0100,
    DNS_F_RA = 0x0080,
    DNS_F_Z = 0x0040,
    DNS_F_AD = 0x0020,
    DNS_F_CD = 0x0010,
};

/* Events, indexed as dns_event_names (dns.c): "dns.<name>" in rules. */
enum dns_event {
    DNS_EV_MALFORMED_DATA = 0,
    DNS_EV_NOT_A_REQUEST,
    DNS_EV_NOT_A_RESPONSE,
    DNS_EV_Z_FLAG_SET,
    DNS_EV_FLOODED,
    DNS_EV_STATE_MEMCAP_REACHED,
    DNS_EV_INVALID_OPCODE,
    DNS_EV_NAME_TOO_LONG,
    DNS_EV_INFINITE_LOOP,
    DNS_EV_TOO_MANY_LABELS,
    DNS_EV_INVALID_ADDITIONALS,
    DNS_EV_INVALID_AUTHORITIES,
    DNS_EV_MAX
};

/* A name or byte string: off/len into the message's byte store. */
struct dns_name {
    uint32_t off;
    uint16_t len;
    bool truncated; /* longer than DNS_NAME_MAX, or cut by a loop or the label limit */
};

struct dns_query {
    struct dns_name name;
    uint16_t rrtype, rrclass;
};

/* How an rr's rdata was decoded (the union member to read). */
enum dns_rdata_kind {
    DNS_RD_RAW = 0, /* raw bytes only (unknown type, or rdata that did not decode) */
    DNS_RD_ADDR,    /* A, AAAA: addr, addr_len */
    DNS_RD_NAME,    /* CNAME, NS, PTR, DNAME: target; MX: target + pref */
    DNS_RD_SOA,
    DNS_RD_SRV,
    DNS_RD_TXT,   /* the character-strings, concatenated: target */
    DNS_RD_SSHFP, /* algo, fp_type; the fingerprint is raw after 2 bytes */
    DNS_RD_SVCB,  /* HTTPS, SVCB: priority, target */
    DNS_RD_OPT,   /* options in raw (code, length, data)* */
    DNS_RD_NULL,  /* raw bytes, logged as a string */
};

struct dns_soa {
    struct dns_name mname, rname;
    uint32_t serial, refresh, retry, expire, minimum;
};

struct dns_rr {
    struct dns_name name;
    uint16_t rrtype, rrclass;
    uint32_t ttl;
    struct dns_name raw; /* the rdata bytes as on the wire (compression pointers unresolved) */
    uint8_t kind;        /* enum dns_rdata_kind */
    union {
        struct {
            uint8_t addr[16];
            uint8_t addr_len;
        } a;
        struct {
            struct dns_name target;
            uint16_t pref; /* MX preference, SRV/SVCB priority */
            uint16_t weight, port;
        } n;
        struct dns_soa soa;
        struct {
            uint8_t algo, fp_type;
        } sshfp;
    } u;
};

/* One parsed message. Owned by its transaction. */
struct dns_msg {
    uint16_t id, flags;
    uint16_t qdcount, ancount, nscount, arcount; /* as in the header */
    uint64_t seq;   /* number of the message in the flow (Suricata's tx_id) */
    bool malformed; /* the message did not parse whole (malformed_data raised) */
    bool skip_log;  /* not logged: filtered out by the config, or malformed */
    bool paired;    /* a response to a request seen (its seq in req_seq) */
    uint64_t req_seq;
    struct dns_query *queries;
    struct dns_rr *answers, *authorities, *additionals;
    uint16_t n_queries, n_answers, n_authorities, n_additionals;
    uint8_t *bytes; /* names and rdata (owned) */
    uint32_t bytes_len, bytes_cap;
};

/* Protocols sharing the DNS message format (dns_state_new_variant). */
enum dns_variant {
    DNS_VARIANT_DNS = 0,
    DNS_VARIANT_MDNS,  /* multicast DNS: request or response by the QR bit, not direction */
    DNS_VARIANT_LLMNR, /* link-local multicast name resolution: as DNS, logged like mDNS */
};

/* The transaction: one message, a request (req) or a response (resp). */
struct dns_tx {
    struct app_tx head; /* first member */
    struct dns_msg *req, *resp;
    uint8_t variant; /* enum dns_variant */
};

/* The bytes of a name (or string) of msg; not NUL-terminated. */
static inline const uint8_t *dns_name_ptr(const struct dns_msg *msg, const struct dns_name *n)
{
    return msg->bytes != NULL ? msg->bytes + n->off : (const uint8_t *)"";
}

/* The message of tx for direction dir (APP_DIR_*), or NULL. */
static inline const struct dns_msg *dns_tx_msg(const struct dns_tx *tx, int dir)
{
    return dir == APP_DIR_TOSERVER ? tx->req : tx->resp;
}

/* --- dns-parse.c --- */

/* Per-flow state of the parser. */
struct dns_state;

void *dns_state_new(void);
/* The parser state of a DNS-format protocol (mdns.c). */
void *dns_state_new_variant(enum dns_variant variant);
void dns_state_free(void *state);
/* The app_parser.parse entry (UDP: one datagram; TCP: stream bytes, 2-byte framing). */
int dns_parse(struct app_flow *af, void *state, struct packet *p, int dir, const uint8_t *data,
        uint32_t len, unsigned flags);
/* Frees a transaction and its messages. */
void dns_tx_free(struct app_tx *tx);
/* The app_parser.probe entry: a DNS header sanity check (UDP datagram or TCP framing). */
enum app_probe_result dns_probe(const uint8_t *data, size_t len, int dir);

/* Parses one DNS message (no TCP length prefix). Returns a new message (caller owns it,
 * dns_msg_free()) with the events met set in *events (bit 1 << enum dns_event), or NULL
 * when the header is short or memory runs out (*events has malformed_data for the first). */
struct dns_msg *dns_msg_parse(const uint8_t *data, size_t len, uint32_t *events);
void dns_msg_free(struct dns_msg *msg);

/* --- dns-log.c --- */

/* EVE dns logging options (outputs eve-log types dns). */
struct dns_log_config {
    int version;          /* 3 (default) or 2 */
    bool requests;        /* log requests (v2 "query") */
    bool responses;       /* log responses (v2 "answer") */
    bool detailed;        /* "answers" array */
    bool grouped;         /* "grouped" object */
    bool all_types;       /* no "types" filter */
    uint64_t types[1024]; /* rrtype filter bitmap (65536 bits) when !all_types */
};

/* Reads the config (outputs.*.eve-log.types dns, env SURICATA_EVE_DNS_VERSION) into the
 * parser's configuration. Returns VG_OK or VG_EINVAL. */
int dns_log_init(const struct conf *c);
/* The configuration in use (defaults until dns_log_init). */
const struct dns_log_config *dns_log_config_get(void);
/* True when the config logs a message with these queries (the "types" filter). */
bool dns_log_wanted(const struct dns_msg *msg, bool response);
/* The app_parser.log_tx entry: writes "dns": {...} for the transaction's message (its
 * request or its response, whatever dir says: a transaction has one message). */
void dns_log_tx(struct json *w, const struct app_tx *tx, int dir);
/* Name of a record type ("A", "CNAME"...) or NULL when it has none (logged as a number). */
const char *dns_rrtype_name(uint16_t rrtype);
/* Record type by name (case-insensitive), or -1. */
int dns_rrtype_by_name(const char *name);
/* Name of an rcode ("NOERROR", "NXDOMAIN"...) or NULL. */
const char *dns_rcode_name(uint8_t rcode);

/* --- mdns.c: mDNS and LLMNR --- */

/* The app_parser.log_tx entries of mDNS ("mdns": {...}) and LLMNR ("llmnr": {...}):
 * Suricata's compact format (lowercase rrtype, rdata under the type's name). */
void dns_log_tx_mdns(struct json *w, const struct app_tx *tx, int dir);
void dns_log_tx_llmnr(struct json *w, const struct app_tx *tx, int dir);
extern const struct app_parser app_parser_mdns;
extern const struct app_parser app_parser_llmnr;

/* --- dns.c --- */

extern const struct app_parser app_parser_dns;
extern const char *const dns_event_names[DNS_EV_MAX];

#endif
