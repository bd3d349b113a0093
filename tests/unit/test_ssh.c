/*
 * test_ssh.c - the SSH parser (app/ssh): probe, banners (split, CR/LF variants, malformed,
 * long), packets (NEWKEYS, invalid length, gaps), KEXINIT -> HASSH against published values,
 * the registry entry (tx, events, completion), the EVE object, and the SSH rule keywords.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/ssh/ssh.h"
#include "conf/conf.h"
#include "detect/keyword.h"
#include "detect/kw/kw-ssh.h"
#include "detect/sig.h"
#include "util/err.h"
#include "util/json.h"

#define RT_PROTO "ssh"
#include "rule_test_util.h"

/* The OpenSSH 8.1 client of the HASSH README: hassh ec7378c1a92f5a8dde7e8b7a1ddf33d1. */
static const char *const client_lists[10] = {
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
    "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
    "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,diffie-hellman-group14-sha1,"
    "ext-info-c",
    "ssh-ed25519,rsa-sha2-512,rsa-sha2-256,ssh-rsa",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,"
    "aes256-gcm@openssh.com",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,"
    "aes256-gcm@openssh.com",
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
    "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
    "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
    "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
    "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
    "none,zlib@openssh.com,zlib",
    "none,zlib@openssh.com,zlib",
    "",
    "",
};
#define CLIENT_HASSH "ec7378c1a92f5a8dde7e8b7a1ddf33d1"

/* A server whose lists differ per direction, so the side's lists are the ones used:
 * "curve25519-sha256,diffie-hellman-group14-sha256;aes256-ctr,aes128-ctr;hmac-sha2-256;none"
 * (MD5 computed with Python's hashlib). */
static const char *const server_lists[10] = {
    "curve25519-sha256,diffie-hellman-group14-sha256",
    "ssh-ed25519",
    "aes128-ctr",
    "aes256-ctr,aes128-ctr",
    "hmac-sha1",
    "hmac-sha2-256",
    "zlib",
    "none",
    "",
    "",
};
#define SERVER_HASSH "97bb1a410cf00834cbf931b38a2de1af"
#define SERVER_HASSH_STRING                                                                        \
    "curve25519-sha256,diffie-hellman-group14-sha256;aes256-ctr,aes128-ctr;hmac-sha2-256;none"

static const uint8_t newkeys_pkt[] = { 0, 0, 0, 12, 10, SSH_MSG_NEWKEYS, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0 };

struct bytes {
    uint8_t *p;
    size_t len;
};

static void put(struct bytes *b, const void *p, size_t n)
{
    b->p = realloc(b->p, b->len + n + 1);
    assert_non_null(b->p);
    if (n > 0)
        memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void put32(struct bytes *b, uint32_t v)
{
    uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

    put(b, x, 4);
}

/* A KEXINIT packet (length, padding length, code, cookie, lists, flag, reserved, padding). */
static struct bytes kexinit(const char *const lists[10], uint8_t pad)
{
    struct bytes body = { NULL, 0 }, pkt = { NULL, 0 };
    uint8_t cookie[16] = { 0x18, 0x70, 0xcb, 0xa4 };
    uint8_t zero[256] = { 0 };
    uint8_t hdr[2] = { pad, SSH_MSG_KEXINIT };

    put(&body, cookie, sizeof(cookie));
    for (int i = 0; i < 10; i++) {
        put32(&body, (uint32_t)strlen(lists[i]));
        put(&body, lists[i], strlen(lists[i]));
    }
    put(&body, zero, 5); /* first_kex_packet_follows, reserved */
    put32(&pkt, (uint32_t)(body.len + 2 + pad));
    put(&pkt, hdr, 2);
    put(&pkt, body.p, body.len);
    put(&pkt, zero, pad);
    free(body.p);
    return pkt;
}

struct side_run {
    struct ssh_parser ps;
    struct ssh_side side;
    unsigned events;
};

static int feed(struct side_run *r, const void *data, size_t len, bool server)
{
    return ssh_parse(
            &r->ps, &r->side, data, (uint32_t)len, server, ssh_hassh_enabled(), &r->events);
}

/* Feeds len bytes in chunks of n (the last one shorter). */
static int feed_chunks(struct side_run *r, const void *data, size_t len, size_t n, bool server)
{
    const uint8_t *p = data;
    int rc = VG_OK;

    for (size_t off = 0; off < len && rc == VG_OK; off += n)
        rc = feed(r, p + off, len - off < n ? len - off : n, server);
    return rc;
}

static void run_release(struct side_run *r)
{
    ssh_parser_release(&r->ps);
    ssh_side_release(&r->side);
}

static void assert_field(const uint8_t *p, uint32_t len, const char *want)
{
    if (want == NULL) {
        assert_null(p);
        return;
    }
    assert_non_null(p);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(p, want, len);
}

static void test_probe(void **state)
{
    (void)state;
    assert_int_equal(app_parser_ssh.probe((const uint8_t *)"SSH-2.0-x", 9, 0), APP_PROBE_YES);
    assert_int_equal(app_parser_ssh.probe((const uint8_t *)"SSH-", 4, 1), APP_PROBE_YES);
    assert_int_equal(app_parser_ssh.probe((const uint8_t *)"SS", 2, 0), APP_PROBE_MORE);
    assert_int_equal(app_parser_ssh.probe((const uint8_t *)"", 0, 0), APP_PROBE_MORE);
    assert_int_equal(app_parser_ssh.probe((const uint8_t *)"GET /", 5, 0), APP_PROBE_NO);
    assert_int_equal(app_parser_ssh.probe((const uint8_t *)"SSX", 3, 0), APP_PROBE_NO);
    assert_int_equal(app_parser_ssh.proto, APP_PROTO_SSH);
    assert_string_equal(app_parser_ssh.eve_type, "ssh");
}

/* One banner given whole, then byte by byte, each followed by NEWKEYS. */
static void check_banner_n(const char *text, size_t len, const char *proto, const char *software)
{
    for (size_t n = 0; n < 2; n++) {
        struct side_run r = { 0 };

        assert_int_equal(feed_chunks(&r, text, len, n == 0 ? len : 1, false), VG_OK);
        assert_int_equal(r.side.progress, SSH_PROGRESS_BANNER_DONE);
        assert_field(r.side.proto, r.side.proto_len, proto);
        assert_field(r.side.software, r.side.software_len, software);
        assert_int_equal(feed(&r, newkeys_pkt, sizeof(newkeys_pkt), false), VG_OK);
        assert_int_equal(r.side.progress, SSH_PROGRESS_FINISHED);
        assert_int_equal(r.events, 0);
        run_release(&r);
    }
}

static void check_banner(const char *text, const char *proto, const char *software)
{
    check_banner_n(text, strlen(text), proto, software);
}

static void test_banner(void **state)
{
    static const char cisco[] = "SSH-1.99-Cisco_server-1.24 \0\0\0\r\n";

    (void)state;
    check_banner("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3\r\n", "2.0", "OpenSSH_8.9p1");
    check_banner("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3\n", "2.0", "OpenSSH_8.9p1");
    check_banner("SSH-1.99-Cisco-1.25\r\n", "1.99", "Cisco-1.25");
    check_banner("SSH-2.0-Soft\r", "2.0", "Soft");
    check_banner("SSH-Single-\r\n", "Single", NULL);
    check_banner_n(cisco, sizeof(cisco) - 1, "1.99", "Cisco_server-1.24");
}

/* CR LF split across chunks, and a lone CR followed directly by a packet. */
static void test_banner_eol(void **state)
{
    struct side_run r = { 0 };
    uint8_t buf[64];

    (void)state;
    assert_int_equal(feed(&r, "SSH-2.0-x\r", 10, false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_BANNER_DONE);
    memcpy(buf, "\n", 1);
    memcpy(buf + 1, newkeys_pkt, sizeof(newkeys_pkt));
    assert_int_equal(feed(&r, buf, 1 + sizeof(newkeys_pkt), false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_FINISHED);
    run_release(&r);

    memset(&r, 0, sizeof(r));
    memcpy(buf, "SSH-2.0-x\r", 10);
    memcpy(buf + 10, newkeys_pkt, sizeof(newkeys_pkt));
    assert_int_equal(feed(&r, buf, 10 + sizeof(newkeys_pkt), false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_FINISHED);
    assert_int_equal(r.events, 0);
    run_release(&r);
}

static void check_invalid(const char *text)
{
    struct side_run r = { 0 };

    assert_int_equal(feed(&r, text, strlen(text), true), VG_EINVAL);
    assert_int_equal(r.side.progress, SSH_PROGRESS_FAILED);
    assert_int_equal(r.events, 1u << SSH_EV_INVALID_BANNER);
    /* a failed side ignores what follows */
    assert_int_equal(feed(&r, "SSH-2.0-x\n", 10, true), VG_OK);
    assert_null(r.side.proto);
    run_release(&r);
}

static void test_banner_invalid(void **state)
{
    (void)state;
    check_invalid("HTTP/1.1 200 OK\r\n");
    check_invalid("SSH-2.0\r\n");
    check_invalid("SSH--OpenSSH\r\n");
    check_invalid("\r\n");
    check_invalid("ssh-2.0-x\n");
}

static void test_banner_long(void **state)
{
    struct side_run r = { 0 };
    char line[400];

    (void)state;
    /* a whole 300-byte line in one chunk: parsed, long_banner */
    memcpy(line, "SSH-2.0-", 8);
    memset(line + 8, 'A', 292);
    memcpy(line + 300, "\r\n", 2);
    assert_int_equal(feed(&r, line, 302, false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_BANNER_DONE);
    assert_int_equal(r.side.software_len, 292);
    assert_int_equal(r.events, 1u << SSH_EV_LONG_BANNER);
    run_release(&r);

    /* 256 bytes without an end of line: parsed as they are, the rest of the line skipped */
    memset(&r, 0, sizeof(r));
    assert_int_equal(feed_chunks(&r, line, 256, 100, false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_BANNER_WAIT_EOL);
    assert_int_equal(r.side.software_len, 248);
    assert_int_equal(r.events, 1u << SSH_EV_LONG_BANNER);
    assert_int_equal(feed(&r, line + 256, 46, false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_BANNER_DONE);
    assert_int_equal(feed(&r, newkeys_pkt, sizeof(newkeys_pkt), false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_FINISHED);
    run_release(&r);

    /* 255 bytes: still waiting */
    memset(&r, 0, sizeof(r));
    assert_int_equal(feed(&r, line, 255, false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_BANNER);
    assert_int_equal(r.events, 0);
    run_release(&r);
}

static void test_records(void **state)
{
    static const uint8_t bad[] = { 0, 0, 0, 1, 0, 0 };
    static const uint8_t ignore[] = { 0, 0, 0, 6, 4, 2, 9, 9, 9, 9 };
    struct side_run r = { 0 };

    (void)state;
    assert_int_equal(feed(&r, "SSH-2.0-x\r\n", 11, true), VG_OK);
    /* an ignore message split everywhere, then NEWKEYS, then "encrypted" bytes */
    assert_int_equal(feed_chunks(&r, ignore, sizeof(ignore), 1, true), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_BANNER_DONE);
    assert_int_equal(feed(&r, newkeys_pkt, sizeof(newkeys_pkt), true), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_FINISHED);
    assert_int_equal(feed(&r, bad, sizeof(bad), true), VG_OK);
    assert_int_equal(r.events, 0);
    run_release(&r);

    memset(&r, 0, sizeof(r));
    assert_int_equal(feed(&r, "SSH-2.0-x\r\n", 11, true), VG_OK);
    assert_int_equal(feed(&r, bad, sizeof(bad), true), VG_EINVAL);
    assert_int_equal(r.events, 1u << SSH_EV_INVALID_RECORD);
    assert_int_equal(r.side.progress, SSH_PROGRESS_FAILED);
    run_release(&r);
}

static void test_gap(void **state)
{
    static const uint8_t big[] = { 0, 0, 1, 0, 4, 2 }; /* 254 body bytes follow */
    struct side_run r = { 0 };

    (void)state;
    assert_int_equal(feed(&r, "SSH-2.0-x\r\n", 11, false), VG_OK);
    assert_int_equal(feed(&r, big, sizeof(big), false), VG_OK);
    assert_int_equal(feed(&r, NULL, 254, false), VG_OK); /* inside the packet: skipped */
    assert_int_equal(feed(&r, newkeys_pkt, sizeof(newkeys_pkt), false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_FINISHED);
    run_release(&r);

    memset(&r, 0, sizeof(r));
    assert_int_equal(feed(&r, "SSH-2.0", 7, false), VG_OK);
    assert_int_equal(feed(&r, NULL, 10, false), VG_OK); /* in the banner: the side stops */
    assert_int_equal(r.side.progress, SSH_PROGRESS_FAILED);
    assert_int_equal(r.events, 0);
    run_release(&r);
}

static void check_hassh(const char *const lists[10], bool server, const char *want,
        const char *want_string, size_t chunk)
{
    struct bytes k = kexinit(lists, 7);
    struct side_run r = { 0 };

    assert_int_equal(feed(&r, "SSH-2.0-x\r\n", 11, server), VG_OK);
    assert_int_equal(feed_chunks(&r, k.p, k.len, chunk, server), VG_OK);
    assert_true(r.side.has_hassh);
    assert_string_equal(r.side.hassh, want);
    if (want_string != NULL)
        assert_field(r.side.hassh_string, r.side.hassh_string_len, want_string);
    assert_int_equal(feed(&r, newkeys_pkt, sizeof(newkeys_pkt), server), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_FINISHED);
    assert_int_equal(r.events, 0);
    run_release(&r);
    free(k.p);
}

static void test_hassh(void **state)
{
    size_t chunks[] = { 100000, 1, 7, 64, 500 };

    (void)state;
    ssh_hassh_set_mode(SSH_HASSH_YES);
    for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        check_hassh(client_lists, false, CLIENT_HASSH, NULL, chunks[i]);
        check_hassh(server_lists, true, SERVER_HASSH, SERVER_HASSH_STRING, chunks[i]);
    }
    /* the server side uses the server->client lists of the same packet */
    check_hassh(client_lists, true, CLIENT_HASSH, NULL, 100000);
    ssh_hassh_set_mode(SSH_HASSH_AUTO);
}

static void test_hassh_modes(void **state)
{
    struct bytes k = kexinit(client_lists, 4);
    struct side_run r = { 0 };

    (void)state;
    ssh_hassh_set_mode(SSH_HASSH_AUTO);
    assert_false(ssh_hassh_enabled());
    assert_int_equal(feed(&r, "SSH-2.0-x\r\n", 11, false), VG_OK);
    assert_int_equal(feed(&r, k.p, k.len, false), VG_OK);
    assert_false(r.side.has_hassh);
    run_release(&r);
    assert_true(ssh_hassh_request());
    assert_true(ssh_hassh_enabled());
    ssh_hassh_set_mode(SSH_HASSH_NO);
    assert_false(ssh_hassh_request());
    assert_false(ssh_hassh_enabled());
    free(k.p);

    struct conf c;
    const char *yes = "app-layer:\n  protocols:\n    ssh:\n      hassh: yes\n";
    const char *bad = "app-layer:\n  protocols:\n    ssh:\n      hassh: maybe\n";
    assert_int_equal(conf_load_string(&c, yes, strlen(yes), "t.yaml"), VG_OK);
    assert_int_equal(ssh_config_load(&c), VG_OK);
    assert_true(ssh_hassh_enabled());
    conf_release(&c);
    assert_int_equal(conf_load_string(&c, bad, strlen(bad), "t.yaml"), VG_OK);
    assert_int_equal(ssh_config_load(&c), VG_EINVAL);
    conf_release(&c);
    conf_init_empty(&c);
    assert_int_equal(ssh_config_load(&c), VG_OK);
    conf_release(&c);
    ssh_hassh_set_mode(SSH_HASSH_AUTO);
}

/* A KEXINIT too long to buffer: long_kex_record, no HASSH, the stream stays in sync. */
static void test_long_kex(void **state)
{
    static const uint8_t hdr[] = { 0, 1, 0, 2, 4, SSH_MSG_KEXINIT }; /* body 65536 */
    struct side_run r = { 0 };
    uint8_t *body = calloc(1, 65536);

    (void)state;
    assert_non_null(body);
    ssh_hassh_set_mode(SSH_HASSH_YES);
    assert_int_equal(feed(&r, "SSH-2.0-x\r\n", 11, false), VG_OK);
    assert_int_equal(feed(&r, hdr, sizeof(hdr), false), VG_OK);
    assert_int_equal(feed_chunks(&r, body, 65536, 1460, false), VG_OK);
    assert_int_equal(r.events, 1u << SSH_EV_LONG_KEX_RECORD);
    assert_false(r.side.has_hassh);
    assert_int_equal(feed(&r, newkeys_pkt, sizeof(newkeys_pkt), false), VG_OK);
    assert_int_equal(r.side.progress, SSH_PROGRESS_FINISHED);
    run_release(&r);
    /* a truncated KEXINIT gives no HASSH and no error */
    memset(&r, 0, sizeof(r));
    static const uint8_t shortk[] = { 0, 0, 0, 12, 4, SSH_MSG_KEXINIT, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        10 };
    assert_int_equal(feed(&r, "SSH-2.0-x\r\n", 11, false), VG_OK);
    assert_int_equal(feed_chunks(&r, shortk, sizeof(shortk), 3, false), VG_OK);
    assert_false(r.side.has_hassh);
    assert_int_equal(r.side.progress, SSH_PROGRESS_BANNER_DONE);
    run_release(&r);
    ssh_hassh_set_mode(SSH_HASSH_AUTO);
    free(body);
}

static void log_to(const struct app_tx *tx, char *out, size_t cap)
{
    struct json w;

    json_init(&w, 1 << 16);
    json_open_object(&w);
    ssh_log_tx(&w, tx, -1);
    json_close_object(&w);
    assert_true(json_ok(&w));
    assert_true(w.len < cap);
    memcpy(out, w.buf, w.len);
    out[w.len] = '\0';
    json_release(&w);
}

/* The registry entry: one tx, events on it, completion per direction, the EVE object. */
static void test_parser_entry(void **state)
{
    const struct app_parser *ap = &app_parser_ssh;
    struct app_flow af;
    struct bytes k = kexinit(client_lists, 4);
    struct ssh_tx *tx;
    char out[2048];
    void *st;

    (void)state;
    ssh_hassh_set_mode(SSH_HASSH_YES);
    memset(&af, 0, sizeof(af));
    st = ap->state_new();
    assert_non_null(st);
    assert_int_equal(ap->parse(&af, st, NULL, APP_DIR_TOCLIENT,
                             (const uint8_t *)"SSH-2.0-OpenSSH_9.6\r\n", 21, 0),
            VG_OK);
    tx = (struct ssh_tx *)af.txs;
    assert_non_null(tx);
    assert_int_equal(tx->head.complete, 0);
    assert_int_equal(ap->parse(&af, st, NULL, APP_DIR_TOSERVER,
                             (const uint8_t *)"SSH-2.0-PuTTY_0.81 x\r\n", 22, 0),
            VG_OK);
    assert_int_equal(ap->parse(&af, st, NULL, APP_DIR_TOSERVER, k.p, (uint32_t)k.len, 0), VG_OK);
    assert_ptr_equal(af.txs, af.txs_tail); /* still one tx */
    log_to(&tx->head, out, sizeof(out));
    assert_string_equal(out,
            "{\"ssh\":{\"client\":{\"proto_version\":\"2.0\",\"software_version\":\"PuTTY_0.81\","
            "\"hassh\":{\"hash\":\"" CLIENT_HASSH "\",\"string\":\"curve25519-sha256,"
            "curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
            "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
            "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
            "diffie-hellman-group14-sha256,diffie-hellman-group14-sha1,ext-info-c;"
            "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
            "aes128-gcm@openssh.com,aes256-gcm@openssh.com;umac-64-etm@openssh.com,"
            "umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
            "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
            "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1;"
            "none,zlib@openssh.com,zlib\"}},"
            "\"server\":{\"proto_version\":\"2.0\",\"software_version\":\"OpenSSH_9.6\"}}}");
    assert_int_equal(
            ap->parse(&af, st, NULL, APP_DIR_TOSERVER, newkeys_pkt, sizeof(newkeys_pkt), 0), VG_OK);
    assert_int_equal(tx->head.complete, 1u << APP_DIR_TOSERVER);
    /* server: a bad packet length -> invalid_record on the tx, error, complete */
    static const uint8_t bad[] = { 0, 0, 0, 0, 0, 0 };
    assert_int_equal(ap->parse(&af, st, NULL, APP_DIR_TOCLIENT, bad, sizeof(bad), 0), VG_EINVAL);
    assert_int_equal(tx->head.complete, 3);
    assert_int_equal(tx->head.events.n, 1);
    assert_int_equal(tx->head.events.ev[0].id, SSH_EV_INVALID_RECORD);
    assert_string_equal(ap->event_names[tx->head.events.ev[0].id], "invalid_record");
    /* both sides done: later bytes are ignored */
    assert_int_equal(ap->parse(&af, st, NULL, APP_DIR_TOCLIENT, bad, sizeof(bad), 0), VG_OK);
    ap->tx_free(&tx->head);
    ap->state_free(st);
    free(k.p);

    /* HASSH off: complete (logged) once both banners are parsed; the parser goes on without
     * the tx and raises later events on the flow */
    ssh_hassh_set_mode(SSH_HASSH_NO);
    memset(&af, 0, sizeof(af));
    st = ap->state_new();
    assert_int_equal(
            ap->parse(&af, st, NULL, APP_DIR_TOCLIENT, (const uint8_t *)"SSH-2.0-a\r\n", 11, 0),
            VG_OK);
    tx = (struct ssh_tx *)af.txs;
    assert_int_equal(tx->head.complete, 1u << APP_DIR_TOCLIENT);
    assert_int_equal(
            ap->parse(&af, st, NULL, APP_DIR_TOSERVER, (const uint8_t *)"SSH-2.0-b\r\n", 11, 0),
            VG_OK);
    assert_int_equal(tx->head.complete, 3);
    ap->tx_free(&tx->head); /* the framework's, from now on */
    af.txs = af.txs_tail = NULL;
    assert_int_equal(
            ap->parse(&af, st, NULL, APP_DIR_TOSERVER, newkeys_pkt, sizeof(newkeys_pkt), 0), VG_OK);
    assert_int_equal(ap->parse(&af, st, NULL, APP_DIR_TOCLIENT, bad, sizeof(bad), 0), VG_EINVAL);
    assert_null(af.txs);
    assert_int_equal(af.events.n, 1);
    assert_int_equal(af.events.ev[0].id, SSH_EV_INVALID_RECORD);
    ap->state_free(st);

    /* nothing parsed yet: no object; invalid banner: event, no object */
    memset(&af, 0, sizeof(af));
    st = ap->state_new();
    assert_int_equal(ap->parse(&af, st, NULL, APP_DIR_TOSERVER, (const uint8_t *)"GET /\r\n", 7, 0),
            VG_EINVAL);
    tx = (struct ssh_tx *)af.txs;
    assert_int_equal(tx->head.events.ev[0].id, SSH_EV_INVALID_BANNER);
    log_to(&tx->head, out, sizeof(out));
    assert_string_equal(out, "{}");
    ap->tx_free(&tx->head);
    ap->state_free(st);
    ssh_hassh_set_mode(SSH_HASSH_AUTO);
}

/* Rule keywords, evaluated on a tx built by the parser. */
static void test_keywords(void **state)
{
    struct packet p;
    struct ssh_tx tx;
    struct ssh_parser ps[2];
    unsigned ev = 0;
    struct slice sl;
    struct sig *s;

    (void)state;
    memset(&tx, 0, sizeof(tx));
    memset(ps, 0, sizeof(ps));
    memset(&p, 0, sizeof(p));
    assert_int_equal(ssh_parse(&ps[0], &tx.side[0], (const uint8_t *)"SSH-2.0-OpenSSH_8.9\r\n", 21,
                             false, false, &ev),
            VG_OK);
    assert_int_equal(ssh_parse(&ps[1], &tx.side[1], (const uint8_t *)"SSH-1.99-Cisco-1.25\r\n", 21,
                             true, false, &ev),
            VG_OK);

    /* buffers follow the packet's direction */
    p.flow_dir = APP_DIR_TOSERVER;
    assert_true(ssh_buf_proto(NULL, &p, &tx, &sl));
    assert_field(sl.p, (uint32_t)sl.len, "2.0");
    assert_true(ssh_buf_software(NULL, &p, &tx, &sl));
    assert_field(sl.p, (uint32_t)sl.len, "OpenSSH_8.9");
    p.flow_dir = APP_DIR_TOCLIENT;
    assert_true(ssh_buf_proto(NULL, &p, &tx, &sl));
    assert_field(sl.p, (uint32_t)sl.len, "1.99");
    assert_false(ssh_buf_hassh(NULL, &p, &tx, &sl));
    assert_false(ssh_buf_hassh_srv_str(NULL, &p, &tx, &sl));

    s = sig_ok("ssh.proto; content:\"2.0\";");
    assert_int_equal(s->app_proto, APP_PROTO_SSH);
    assert_int_equal(s->n_bufs, 1);
    sig_free(s);
    s = sig_ok_proto("tcp", "ssh_software; content:\"Open\";");
    assert_int_equal(s->app_proto, APP_PROTO_SSH);
    sig_free(s);

    struct {
        const char *opts;
        int dir;
        bool match;
    } cases[] = {
        { "ssh.protoversion:2_compat;", APP_DIR_TOSERVER, true },
        { "ssh.protoversion:2_compat;", APP_DIR_TOCLIENT, true },
        { "ssh.protoversion:2.0;", APP_DIR_TOSERVER, true },
        { "ssh.protoversion:\"2.0\";", APP_DIR_TOCLIENT, false },
        { "ssh.protoversion:1.99;", APP_DIR_TOCLIENT, true },
        { "ssh.protoversion:1.9;", APP_DIR_TOCLIENT, false },
        { "ssh.softwareversion:\"OpenSSH_8.9\";", APP_DIR_TOSERVER, true },
        { "ssh.softwareversion:OpenSSH;", APP_DIR_TOSERVER, false },
        { "ssh.softwareversion:Cisco-1.25;", APP_DIR_TOCLIENT, true },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        s = sig_ok(cases[i].opts);
        assert_int_equal(s->tx.n, 1);
        p.flow_dir = (uint8_t)cases[i].dir;
        if (s->tx.m[0].kw->tx_match(NULL, &p, &tx, s->tx.m[0].ctx) != cases[i].match)
            fail_msg("%s dir %d", cases[i].opts, cases[i].dir);
        sig_free(s);
    }
    sig_bad("ssh.protoversion:2_com;", "invalid");
    sig_bad("ssh.protoversion:;", NULL);
    sig_bad("ssh.protoversion:lalala;", "invalid");
    sig_bad("ssh.softwareversion:\"\";", "invalid");

    /* hassh buffers: refused when the configuration says no */
    ssh_hassh_set_mode(SSH_HASSH_NO);
    sig_bad("ssh.hassh; content:\"abc\";", "hassh");
    ssh_hassh_set_mode(SSH_HASSH_AUTO);
    s = sig_ok("ssh.hassh.server.string; content:\"none\";");
    assert_true(ssh_hassh_enabled());
    sig_free(s);
    s = sig_ok("ssh-hassh; content:\"abc\";");
    sig_free(s);
    ssh_hassh_set_mode(SSH_HASSH_AUTO);

    ssh_parser_release(&ps[0]);
    ssh_parser_release(&ps[1]);
    ssh_side_release(&tx.side[0]);
    ssh_side_release(&tx.side[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_banner),
        cmocka_unit_test(test_banner_eol),
        cmocka_unit_test(test_banner_invalid),
        cmocka_unit_test(test_banner_long),
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_hassh),
        cmocka_unit_test(test_hassh_modes),
        cmocka_unit_test(test_long_kex),
        cmocka_unit_test(test_parser_entry),
        cmocka_unit_test(test_keywords),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
