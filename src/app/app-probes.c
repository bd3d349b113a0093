/*
 * app-probes.c - detection-only registry entries: protocols that get the right app_proto
 * on their flows (and their app_layer.flow counter) though nobody parses them yet.
 *
 * Each entry is a struct app_parser with parse == NULL: a content probe, written from the
 * protocol's specification after what Suricata's detection looks at (its patterns and
 * probing parsers), plus the default ports. DNP3 is off by default, as in Suricata
 * (app-layer.protocols.dnp3.enabled: yes turns it on). A probe only reads the first bytes of one
 * direction and answers NO, MORE (too short to tell) or YES; weak ones run on their ports
 * only (probe_ports_only). When a protocol gets a real parser, its entry here goes away.
 *
 * Text protocols that share command words (FTP, POP3 and SMTP all know USER or QUIT) accept
 * them in both probes: the framework tries the protocol already found on the other
 * direction first, and trusts the server's banner when the two disagree.
 */
#include "app/app-registry.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "util/compiler.h"
#include "util/cursor.h"

#define TCP APP_PROTO_T_TCP
#define UDP APP_PROTO_T_UDP

/* ---- text helpers ---- */

/* Does data start with w (case-insensitive)? MORE when data is a shorter prefix of it. */
static enum app_probe_result starts_ci(const uint8_t *d, size_t len, const char *w)
{
    size_t n = strlen(w);
    size_t m = len < n ? len : n;

    if (m > 0 && strncasecmp((const char *)d, w, m) != 0)
        return APP_PROBE_NO;
    return len < n ? APP_PROBE_MORE : APP_PROBE_YES;
}

/* A command word from cmds, then a space or the end of the line. */
static enum app_probe_result command_ci(const uint8_t *d, size_t len, const char *const *cmds)
{
    bool more = false;

    for (; *cmds != NULL; cmds++) {
        size_t n = strlen(*cmds);
        enum app_probe_result r = starts_ci(d, len, *cmds);

        if (r == APP_PROBE_MORE || (r == APP_PROBE_YES && len == n)) {
            more = true;
        } else if (r == APP_PROBE_YES) {
            uint8_t c = d[n];
            if (c == ' ' || c == '\r' || c == '\n')
                return APP_PROBE_YES;
        }
    }
    return more ? APP_PROBE_MORE : APP_PROBE_NO;
}

/* Is w (case-insensitive) somewhere in d[0..len)? */
static bool contains_ci(const uint8_t *d, size_t len, const char *w)
{
    size_t n = strlen(w);

    for (size_t i = 0; i + n <= len; i++) {
        if (strncasecmp((const char *)d + i, w, n) == 0)
            return true;
    }
    return false;
}

/* Longest first line a banner probe waits for. */
#define BANNER_MAX 512

/* "220 " or "220-" greeting whose first line names one of words. */
static enum app_probe_result banner_220(const uint8_t *d, size_t len, const char *const *words)
{
    struct cursor c = cur_make(d, len);
    struct slice line;
    uint8_t sep;

    if (starts_ci(d, len, "220") != APP_PROBE_YES)
        return starts_ci(d, len, "220");
    if (!cur_skip(&c, 3) || !cur_u8(&c, &sep))
        return APP_PROBE_MORE;
    if (sep != ' ' && sep != '-')
        return APP_PROBE_NO;
    if (!cur_until(&c, '\n', BANNER_MAX, &line)) {
        if (len < BANNER_MAX)
            return APP_PROBE_MORE;
        line.p = c.p;
        line.len = cur_left(&c) < BANNER_MAX ? cur_left(&c) : BANNER_MAX;
    }
    for (; *words != NULL; words++) {
        if (contains_ci(line.p, line.len, *words))
            return APP_PROBE_YES;
    }
    return APP_PROBE_NO;
}

/* ---- FTP ---- */

static const char *const ftp_cmds[] = { "USER", "PASS", "ACCT", "AUTH", "PORT", "PASV", "EPSV",
    "EPRT", "FEAT", "SYST", "OPTS", "TYPE", "CWD", "PWD", "NLST", "LIST", "RETR", "STOR", "MODE",
    "STRU", "SITE", "MLSD", "SIZE", "QUIT", NULL };
static const char *const ftp_words[] = { "FTP", NULL };

static enum app_probe_result probe_ftp(const uint8_t *d, size_t len, int dir)
{
    if (dir == APP_DIR_TOSERVER)
        return command_ci(d, len, ftp_cmds);
    if (starts_ci(d, len, "220 (") == APP_PROBE_YES)
        return APP_PROBE_YES;
    return banner_220(d, len, ftp_words);
}

static const uint16_t ftp_ports[] = { 21 };
const struct app_parser app_detect_ftp = {
    .proto = APP_PROTO_FTP,
    .transports = TCP,
    .ports = ftp_ports,
    .n_ports = VG_ARRAY_LEN(ftp_ports),
    .probe = probe_ftp,
};

/* ---- SMTP ---- */

static const char *const smtp_cmds[] = { "EHLO", "HELO", NULL };
static const char *const smtp_words[] = { "SMTP", NULL };

static enum app_probe_result probe_smtp(const uint8_t *d, size_t len, int dir)
{
    if (dir == APP_DIR_TOSERVER)
        return command_ci(d, len, smtp_cmds);
    return banner_220(d, len, smtp_words);
}

static const uint16_t smtp_ports[] = { 25, 587 };
const struct app_parser app_detect_smtp = {
    .proto = APP_PROTO_SMTP,
    .transports = TCP,
    .ports = smtp_ports,
    .n_ports = VG_ARRAY_LEN(smtp_ports),
    .probe = probe_smtp,
};

/* ---- IMAP ---- */

static const char *const imap_cmds[] = { "CAPABILITY", "LOGIN", "STARTTLS", "AUTHENTICATE", "NOOP",
    "ID", "LOGOUT", "SELECT", NULL };

static enum app_probe_result probe_imap(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    struct slice tag;

    if (dir == APP_DIR_TOCLIENT) {
        enum app_probe_result r = starts_ci(d, len, "* OK");
        if (r == APP_PROBE_NO)
            r = starts_ci(d, len, "* PREAUTH");
        return r;
    }
    /* tag SP command */
    if (!cur_until(&c, ' ', 32, &tag))
        return len < 32 && memchr(d, '\n', len) == NULL ? APP_PROBE_MORE : APP_PROBE_NO;
    if (tag.len == 0)
        return APP_PROBE_NO;
    for (size_t i = 0; i < tag.len; i++) {
        uint8_t ch = tag.p[i];
        if (ch <= ' ' || ch >= 0x7f || ch == '*' || ch == '+')
            return APP_PROBE_NO;
    }
    return command_ci(c.p, cur_left(&c), imap_cmds);
}

static const uint16_t imap_ports[] = { 143 };
const struct app_parser app_detect_imap = {
    .proto = APP_PROTO_IMAP,
    .transports = TCP,
    .ports = imap_ports,
    .n_ports = VG_ARRAY_LEN(imap_ports),
    .probe = probe_imap,
};

/* ---- POP3 ---- */

static const char *const pop3_cmds[] = { "USER", "PASS", "CAPA", "APOP", "STLS", "AUTH", "STAT",
    "UIDL", "RETR", "LIST", "TOP", "DELE", "RSET", "QUIT", NULL };
static const char *const pop3_replies[] = { "+OK", NULL };

static enum app_probe_result probe_pop3(const uint8_t *d, size_t len, int dir)
{
    return command_ci(d, len, dir == APP_DIR_TOSERVER ? pop3_cmds : pop3_replies);
}

static const uint16_t pop3_ports[] = { 110 };
const struct app_parser app_detect_pop3 = {
    .proto = APP_PROTO_POP3,
    .transports = TCP,
    .ports = pop3_ports,
    .n_ports = VG_ARRAY_LEN(pop3_ports),
    .probe = probe_pop3,
};

/* ---- SMB over NetBIOS session service (or direct TCP, same framing) ---- */

static enum app_probe_result probe_smb(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);

    (void)dir;
    /* Skip NetBIOS session control messages (request, responses, keep-alive) until the
     * first session message, which must carry an SMB1/SMB2/SMB3-transform header. */
    for (int i = 0; i < 4; i++) {
        uint8_t type, flags;
        uint16_t mlen;
        uint8_t magic[4];

        if (!cur_u8(&c, &type) || !cur_u8(&c, &flags) || !cur_be16(&c, &mlen))
            return APP_PROBE_MORE;
        if (flags & 0xfe)
            return APP_PROBE_NO;
        if (type == 0x00) {
            if (mlen < 4 && !(flags & 1))
                return APP_PROBE_NO;
            if (!cur_copy(&c, magic, 4))
                return APP_PROBE_MORE;
            if ((magic[0] == 0xff || magic[0] == 0xfe || magic[0] == 0xfd) && magic[1] == 'S' &&
                    magic[2] == 'M' && magic[3] == 'B')
                return APP_PROBE_YES;
            return APP_PROBE_NO;
        }
        if (type < 0x81 || type > 0x85 || flags != 0 || mlen > 128)
            return APP_PROBE_NO;
        if (!cur_skip(&c, mlen))
            return APP_PROBE_MORE;
    }
    return APP_PROBE_NO;
}

static const uint16_t smb_ports[] = { 139, 445 };
const struct app_parser app_detect_smb = {
    .proto = APP_PROTO_SMB,
    .transports = TCP,
    .ports = smb_ports,
    .n_ports = VG_ARRAY_LEN(smb_ports),
    .probe = probe_smb,
};

/* ---- DCERPC (connection-oriented over TCP, connectionless over UDP) ---- */

static bool dcerpc_drep_ok(uint8_t d0, uint8_t d1)
{
    return (d0 & 0xee) == 0 && d1 <= 3;
}

static enum app_probe_result probe_dcerpc(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint8_t vers, minor, ptype, pfc, d0, d1;
    uint16_t frag_len, auth_len;
    bool request_side;

    if (!cur_u8(&c, &vers) || vers != 5)
        return len == 0 ? APP_PROBE_MORE : APP_PROBE_NO;
    if (!cur_u8(&c, &minor) || !cur_u8(&c, &ptype) || !cur_u8(&c, &pfc) || !cur_u8(&c, &d0) ||
            !cur_u8(&c, &d1) || !cur_skip(&c, 2))
        return APP_PROBE_MORE;
    if (minor > 1 || !dcerpc_drep_ok(d0, d1))
        return APP_PROBE_NO;
    if (d0 & 0x10) {
        if (!cur_le16(&c, &frag_len) || !cur_le16(&c, &auth_len))
            return APP_PROBE_MORE;
    } else if (!cur_be16(&c, &frag_len) || !cur_be16(&c, &auth_len)) {
        return APP_PROBE_MORE;
    }
    if (frag_len < 16 || auth_len > frag_len)
        return APP_PROBE_NO;
    switch (ptype) {
    case 0:  /* request */
    case 11: /* bind */
    case 14: /* alter_context */
    case 16: /* auth3 */
        request_side = true;
        break;
    case 2:  /* response */
    case 3:  /* fault */
    case 12: /* bind_ack */
    case 13: /* bind_nak */
    case 15: /* alter_context_resp */
        request_side = false;
        break;
    default:
        return APP_PROBE_NO;
    }
    return request_side == (dir == APP_DIR_TOSERVER) ? APP_PROBE_YES : APP_PROBE_YES_REV;
}

static const uint16_t dcerpc_ports[] = { 135 };
const struct app_parser app_detect_dcerpc = {
    .proto = APP_PROTO_DCERPC,
    .transports = TCP,
    .ports = dcerpc_ports,
    .n_ports = VG_ARRAY_LEN(dcerpc_ports),
    .probe = probe_dcerpc,
};

static enum app_probe_result probe_dcerpc_udp(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint8_t vers, ptype, d0, d1;

    (void)dir;
    if (len < 80 || !cur_u8(&c, &vers) || vers != 4 || !cur_u8(&c, &ptype) || ptype > 10)
        return APP_PROBE_NO;
    if (!cur_skip(&c, 2) || !cur_u8(&c, &d0) || !cur_u8(&c, &d1) || !dcerpc_drep_ok(d0, d1))
        return APP_PROBE_NO;
    return APP_PROBE_YES;
}

const struct app_parser app_detect_dcerpc_udp = {
    .proto = APP_PROTO_DCERPC,
    .transports = UDP,
    .ports = dcerpc_ports,
    .n_ports = VG_ARRAY_LEN(dcerpc_ports),
    .probe = probe_dcerpc_udp,
};

/* ---- RDP: TPKT + X.224 connection request / confirm ---- */

static enum app_probe_result probe_rdp(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint8_t vers, rsv, li, code;
    uint16_t tpkt_len;

    if (!cur_u8(&c, &vers) || !cur_u8(&c, &rsv) || !cur_be16(&c, &tpkt_len) || !cur_u8(&c, &li) ||
            !cur_u8(&c, &code))
        return len > 0 && d[0] != 3 ? APP_PROBE_NO : APP_PROBE_MORE;
    if (vers != 3 || rsv != 0 || tpkt_len < 11 || li < 6 || li + 5u > tpkt_len)
        return APP_PROBE_NO;
    if ((code & 0xf0) == 0xe0)
        return dir == APP_DIR_TOSERVER ? APP_PROBE_YES : APP_PROBE_YES_REV;
    if ((code & 0xf0) == 0xd0)
        return dir == APP_DIR_TOCLIENT ? APP_PROBE_YES : APP_PROBE_YES_REV;
    return APP_PROBE_NO;
}

static const uint16_t rdp_ports[] = { 3389 };
const struct app_parser app_detect_rdp = {
    .proto = APP_PROTO_RDP,
    .transports = TCP,
    .ports = rdp_ports,
    .n_ports = VG_ARRAY_LEN(rdp_ports),
    .probe = probe_rdp,
    .probe_ports_only = true,
};

/* ---- Kerberos 5: an ASN.1 application message (after a record mark over TCP) ---- */

static enum app_probe_result krb5_message(struct cursor *c, int dir)
{
    uint8_t tag, l0, seq;
    bool request;

    if (!cur_u8(c, &tag) || !cur_u8(c, &l0))
        return APP_PROBE_MORE;
    switch (tag) {
    case 0x6a: /* AS-REQ */
    case 0x6c: /* TGS-REQ */
        request = true;
        break;
    case 0x6b: /* AS-REP */
    case 0x6d: /* TGS-REP */
    case 0x7e: /* KRB-ERROR */
        request = false;
        break;
    default:
        return APP_PROBE_NO;
    }
    if (l0 & 0x80) {
        if ((l0 & 0x7f) == 0 || (l0 & 0x7f) > 4)
            return APP_PROBE_NO;
        if (!cur_skip(c, l0 & 0x7f))
            return APP_PROBE_MORE;
    }
    if (!cur_u8(c, &seq))
        return APP_PROBE_MORE;
    if (seq != 0x30)
        return APP_PROBE_NO;
    return request == (dir == APP_DIR_TOSERVER) ? APP_PROBE_YES : APP_PROBE_YES_REV;
}

static enum app_probe_result probe_krb5_tcp(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint32_t mark;

    if (!cur_be32(&c, &mark))
        return len > 0 && (d[0] & 0x80) ? APP_PROBE_NO : APP_PROBE_MORE;
    if ((mark & 0x80000000u) || mark < 8 || mark > 65535)
        return APP_PROBE_NO;
    return krb5_message(&c, dir);
}

static enum app_probe_result probe_krb5_udp(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    enum app_probe_result r = krb5_message(&c, dir);

    return r == APP_PROBE_MORE ? APP_PROBE_NO : r;
}

static const uint16_t krb5_ports[] = { 88 };
const struct app_parser app_detect_krb5 = {
    .proto = APP_PROTO_KRB5,
    .transports = TCP,
    .ports = krb5_ports,
    .n_ports = VG_ARRAY_LEN(krb5_ports),
    .probe = probe_krb5_tcp,
    .probe_ports_only = true,
};

const struct app_parser app_detect_krb5_udp = {
    .proto = APP_PROTO_KRB5,
    .transports = UDP,
    .ports = krb5_ports,
    .n_ports = VG_ARRAY_LEN(krb5_ports),
    .probe = probe_krb5_udp,
    .probe_ports_only = true,
};

/* ---- NFS: ONC RPC call to program 100003, or a reply ---- */

static enum app_probe_result nfs_rpc(struct cursor *c, int dir)
{
    uint32_t xid, mtype, a, b, vers;

    if (!cur_be32(c, &xid) || !cur_be32(c, &mtype))
        return APP_PROBE_MORE;
    if (mtype == 0) { /* call: rpcvers, prog, vers */
        if (!cur_be32(c, &a) || !cur_be32(c, &b) || !cur_be32(c, &vers))
            return APP_PROBE_MORE;
        if (a != 2 || b != 100003 || vers < 2 || vers > 4)
            return APP_PROBE_NO;
        return dir == APP_DIR_TOSERVER ? APP_PROBE_YES : APP_PROBE_YES_REV;
    }
    if (mtype == 1) { /* reply: reply_stat, then (accepted) verifier flavor */
        if (!cur_be32(c, &a) || !cur_be32(c, &b))
            return APP_PROBE_MORE;
        if (a > 1 || (a == 0 && b > 6))
            return APP_PROBE_NO;
        return dir == APP_DIR_TOCLIENT ? APP_PROBE_YES : APP_PROBE_YES_REV;
    }
    return APP_PROBE_NO;
}

static enum app_probe_result probe_nfs_tcp(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint32_t mark;

    if (!cur_be32(&c, &mark))
        return APP_PROBE_MORE;
    if ((mark & 0x7fffffffu) < 24)
        return APP_PROBE_NO;
    return nfs_rpc(&c, dir);
}

static enum app_probe_result probe_nfs_udp(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    enum app_probe_result r = nfs_rpc(&c, dir);

    return r == APP_PROBE_MORE ? APP_PROBE_NO : r;
}

static const uint16_t nfs_ports[] = { 2049 };
const struct app_parser app_detect_nfs = {
    .proto = APP_PROTO_NFS,
    .transports = TCP,
    .ports = nfs_ports,
    .n_ports = VG_ARRAY_LEN(nfs_ports),
    .probe = probe_nfs_tcp,
    .probe_ports_only = true,
};

const struct app_parser app_detect_nfs_udp = {
    .proto = APP_PROTO_NFS,
    .transports = UDP,
    .ports = nfs_ports,
    .n_ports = VG_ARRAY_LEN(nfs_ports),
    .probe = probe_nfs_udp,
    .probe_ports_only = true,
};

/* ---- HTTP/2 with prior knowledge: the connection preface, the server's SETTINGS ---- */

static enum app_probe_result probe_http2(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint32_t flen = 0, stream = 0;
    uint8_t type = 0, flags = 0;

    if (dir == APP_DIR_TOSERVER) {
        static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
        size_t m = len < sizeof(preface) - 1 ? len : sizeof(preface) - 1;

        if (memcmp(d, preface, m) != 0)
            return APP_PROBE_NO;
        return m < sizeof(preface) - 1 ? APP_PROBE_MORE : APP_PROBE_YES;
    }
    if (!cur_be24(&c, &flen) || !cur_u8(&c, &type) || !cur_u8(&c, &flags) || !cur_be32(&c, &stream))
        return APP_PROBE_MORE;
    if (type == 4 && (flags & 0xfe) == 0 && stream == 0 && flen % 6 == 0 && flen <= 60)
        return APP_PROBE_YES;
    return APP_PROBE_NO;
}

const struct app_parser app_detect_http2 = {
    .proto = APP_PROTO_HTTP2,
    .transports = TCP,
    .probe = probe_http2,
};

/* ---- RFB (VNC): "RFB 003.008\n" both ways ---- */

static enum app_probe_result probe_rfb(const uint8_t *d, size_t len, int dir)
{
    static const char shape[] = "RFB ddd.ddd\n";
    size_t m = len < 12 ? len : 12;

    (void)dir;
    for (size_t i = 0; i < m; i++) {
        if (shape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != (uint8_t)shape[i])
            return APP_PROBE_NO;
    }
    return m < 12 ? APP_PROBE_MORE : APP_PROBE_YES;
}

static const uint16_t rfb_ports[] = { 5900 };
const struct app_parser app_detect_rfb = {
    .proto = APP_PROTO_RFB,
    .transports = TCP,
    .ports = rfb_ports,
    .n_ports = VG_ARRAY_LEN(rfb_ports),
    .probe = probe_rfb,
};

/* ---- MQTT: CONNECT with its protocol name (the client's); CONNACK (the server's) ---- */

static enum app_probe_result probe_mqtt(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint8_t b0, v, ack_flags, code;
    uint32_t rl = 0;
    uint16_t nlen;
    uint8_t name[6];
    int i;

    if (!cur_u8(&c, &b0))
        return APP_PROBE_MORE;
    if (b0 != 0x10 && b0 != 0x20)
        return APP_PROBE_NO;
    for (i = 0; i < 4; i++) {
        if (!cur_u8(&c, &v))
            return APP_PROBE_MORE;
        rl |= (uint32_t)(v & 0x7f) << (7 * i);
        if (!(v & 0x80))
            break;
    }
    if (i == 4)
        return APP_PROBE_NO;
    if (b0 == 0x20) { /* CONNACK: the server's */
        if (rl < 2 || !cur_u8(&c, &ack_flags) || !cur_u8(&c, &code))
            return rl < 2 ? APP_PROBE_NO : APP_PROBE_MORE;
        if (ack_flags > 1 || (code > 5 && code < 0x80))
            return APP_PROBE_NO;
        return dir == APP_DIR_TOCLIENT ? APP_PROBE_YES : APP_PROBE_YES_REV;
    }
    if (!cur_be16(&c, &nlen))
        return APP_PROBE_MORE;
    if (nlen == 4 || nlen == 6) {
        if (!cur_copy(&c, name, nlen))
            return APP_PROBE_MORE;
        if ((nlen == 4 && memcmp(name, "MQTT", 4) == 0) ||
                (nlen == 6 && memcmp(name, "MQIsdp", 6) == 0))
            return dir == APP_DIR_TOSERVER ? APP_PROBE_YES : APP_PROBE_YES_REV;
    }
    return APP_PROBE_NO;
}

static const uint16_t mqtt_ports[] = { 1883 };
const struct app_parser app_detect_mqtt = {
    .proto = APP_PROTO_MQTT,
    .transports = TCP,
    .ports = mqtt_ports,
    .n_ports = VG_ARRAY_LEN(mqtt_ports),
    .probe = probe_mqtt,
};

/* ---- DNP3: link-layer frame start 0x05 0x64; the DIR bit says who sent it ---- */

static enum app_probe_result probe_dnp3(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint16_t start;
    uint8_t flen, ctrl;

    if (!cur_be16(&c, &start))
        return len == 1 && d[0] == 0x05 ? APP_PROBE_MORE : APP_PROBE_NO;
    if (start != 0x0564)
        return APP_PROBE_NO;
    if (!cur_u8(&c, &flen) || !cur_u8(&c, &ctrl))
        return APP_PROBE_MORE;
    if (flen < 5)
        return APP_PROBE_NO;
    /* DIR set: from the master, the protocol's client */
    return ((ctrl & 0x80) != 0) == (dir == APP_DIR_TOSERVER) ? APP_PROBE_YES : APP_PROBE_YES_REV;
}

static const uint16_t dnp3_ports[] = { 20000 };
const struct app_parser app_detect_dnp3 = {
    .proto = APP_PROTO_DNP3,
    .transports = TCP,
    .ports = dnp3_ports,
    .n_ports = VG_ARRAY_LEN(dnp3_ports),
    .probe = probe_dnp3,
    .disabled_by_default = true,
};

/* ---- PostgreSQL: startup / SSL / GSS / cancel requests; the server's first answer ---- */

static enum app_probe_result probe_pgsql(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint32_t mlen, code;
    uint8_t type;

    if (dir == APP_DIR_TOCLIENT) {
        if (!cur_u8(&c, &type))
            return APP_PROBE_MORE;
        if ((type == 'S' || type == 'N') && len == 1)
            return APP_PROBE_YES;
        if (type != 'R')
            return APP_PROBE_NO;
        if (!cur_be32(&c, &mlen) || !cur_be32(&c, &code))
            return APP_PROBE_MORE;
        return mlen >= 8 && mlen <= 1024 && code <= 12 ? APP_PROBE_YES : APP_PROBE_NO;
    }
    if (!cur_be32(&c, &mlen) || !cur_be32(&c, &code))
        return len > 0 && d[0] != 0 ? APP_PROBE_NO : APP_PROBE_MORE;
    if (mlen == 8 && (code == 80877103 || code == 80877104))
        return APP_PROBE_YES; /* SSLRequest, GSSENCRequest */
    if (mlen == 16 && code == 80877102)
        return APP_PROBE_YES; /* CancelRequest */
    if (code == 0x00030000 && mlen >= 8 && mlen <= 10000)
        return APP_PROBE_YES; /* StartupMessage 3.0 */
    return APP_PROBE_NO;
}

static const uint16_t pgsql_ports[] = { 5432 };
const struct app_parser app_detect_pgsql = {
    .proto = APP_PROTO_PGSQL,
    .transports = TCP,
    .ports = pgsql_ports,
    .n_ports = VG_ARRAY_LEN(pgsql_ports),
    .probe = probe_pgsql,
};

/* ---- SIP: request line with a sip: URI, or a SIP/2.0 status line ---- */

static const char *const sip_methods[] = { "INVITE", "REGISTER", "OPTIONS", "ACK", "BYE", "CANCEL",
    "SUBSCRIBE", "NOTIFY", "MESSAGE", "INFO", "REFER", "PRACK", "UPDATE", "PUBLISH", NULL };

static enum app_probe_result probe_sip(const uint8_t *d, size_t len, int dir)
{
    (void)dir;
    if (starts_ci(d, len, "SIP/2.0 ") != APP_PROBE_NO)
        return starts_ci(d, len, "SIP/2.0 ");
    for (const char *const *m = sip_methods; *m != NULL; m++) {
        size_t n = strlen(*m);
        enum app_probe_result r = starts_ci(d, len, *m);

        if (r != APP_PROBE_YES)
            continue;
        if (len < n + 5)
            return APP_PROBE_MORE;
        if (d[n] == ' ' && (starts_ci(d + n + 1, len - n - 1, "sip:") == APP_PROBE_YES ||
                                   starts_ci(d + n + 1, len - n - 1, "sips:") == APP_PROBE_YES))
            return APP_PROBE_YES;
        return APP_PROBE_NO;
    }
    return len < 9 ? APP_PROBE_MORE : APP_PROBE_NO;
}

static const uint16_t sip_ports[] = { 5060, 5061 };
const struct app_parser app_detect_sip = {
    .proto = APP_PROTO_SIP,
    .transports = TCP | UDP,
    .ports = sip_ports,
    .n_ports = VG_ARRAY_LEN(sip_ports),
    .probe = probe_sip,
};

/* ---- SNMP: BER SEQUENCE { INTEGER version (0, 1, 3), ... } ---- */

static enum app_probe_result probe_snmp(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint8_t tag, l0, itag, ilen, vers, next;

    (void)dir;
    if (!cur_u8(&c, &tag) || tag != 0x30 || !cur_u8(&c, &l0))
        return APP_PROBE_NO;
    if ((l0 & 0x80) && ((l0 & 0x7f) == 0 || (l0 & 0x7f) > 2 || !cur_skip(&c, l0 & 0x7f)))
        return APP_PROBE_NO;
    if (!cur_u8(&c, &itag) || !cur_u8(&c, &ilen) || !cur_u8(&c, &vers) || !cur_u8(&c, &next))
        return APP_PROBE_NO;
    if (itag != 0x02 || ilen != 1)
        return APP_PROBE_NO;
    if ((vers == 0 || vers == 1) && next == 0x04)
        return APP_PROBE_YES;
    if (vers == 3 && next == 0x30)
        return APP_PROBE_YES;
    return APP_PROBE_NO;
}

static const uint16_t snmp_ports[] = { 161, 162 };
const struct app_parser app_detect_snmp = {
    .proto = APP_PROTO_SNMP,
    .transports = UDP,
    .ports = snmp_ports,
    .n_ports = VG_ARRAY_LEN(snmp_ports),
    .probe = probe_snmp,
    .probe_ports_only = true,
};

/* ---- DHCP: BOOTP header with the DHCP magic cookie ---- */

static enum app_probe_result probe_dhcp(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    uint8_t op, htype, hlen;
    uint32_t cookie;

    (void)dir;
    if (!cur_u8(&c, &op) || !cur_u8(&c, &htype) || !cur_u8(&c, &hlen) || !cur_skip(&c, 233) ||
            !cur_be32(&c, &cookie))
        return APP_PROBE_NO;
    if ((op == 1 || op == 2) && hlen <= 16 && cookie == 0x63825363)
        return APP_PROBE_YES;
    return APP_PROBE_NO;
}

static const uint16_t dhcp_ports[] = { 67, 68 };
const struct app_parser app_detect_dhcp = {
    .proto = APP_PROTO_DHCP,
    .transports = UDP,
    .ports = dhcp_ports,
    .n_ports = VG_ARRAY_LEN(dhcp_ports),
    .probe = probe_dhcp,
    .probe_ports_only = true,
};

/* ---- TFTP: read or write request "filename\0mode\0" ---- */

static enum app_probe_result probe_tftp(const uint8_t *d, size_t len, int dir)
{
    struct cursor c = cur_make(d, len);
    struct slice name, mode;
    uint16_t op;

    (void)dir;
    if (!cur_be16(&c, &op) || (op != 1 && op != 2))
        return APP_PROBE_NO;
    if (!cur_until(&c, 0, 512, &name) || name.len == 0 || !cur_until(&c, 0, 16, &mode))
        return APP_PROBE_NO;
    if ((mode.len == 8 && strncasecmp((const char *)mode.p, "netascii", 8) == 0) ||
            (mode.len == 5 && strncasecmp((const char *)mode.p, "octet", 5) == 0) ||
            (mode.len == 4 && strncasecmp((const char *)mode.p, "mail", 4) == 0))
        return APP_PROBE_YES;
    return APP_PROBE_NO;
}

static const uint16_t tftp_ports[] = { 69 };
const struct app_parser app_detect_tftp = {
    .proto = APP_PROTO_TFTP,
    .transports = UDP,
    .ports = tftp_ports,
    .n_ports = VG_ARRAY_LEN(tftp_ports),
    .probe = probe_tftp,
    .probe_ports_only = true,
};

/* ---- BitTorrent DHT (KRPC): a bencoded dictionary with a query/response/error type ---- */

static enum app_probe_result probe_bittorrent_dht(const uint8_t *d, size_t len, int dir)
{
    static const char *const starts[] = { "d1:ad2:id20:", "d1:rd2:id20:", "d1:eli", "d2:ip", NULL };

    (void)dir;
    for (const char *const *s = starts; *s != NULL; s++) {
        if (len >= strlen(*s) && memcmp(d, *s, strlen(*s)) == 0)
            return contains_ci(d, len, "1:y1:") ? APP_PROBE_YES : APP_PROBE_NO;
    }
    return APP_PROBE_NO;
}

const struct app_parser app_detect_bittorrent_dht = {
    .proto = APP_PROTO_BITTORRENT_DHT,
    .transports = UDP,
    .probe = probe_bittorrent_dht,
};
