/*
 * ssh-keywords.c - SSH keywords: the sticky buffers ssh.proto, ssh.software, ssh.hassh,
 * ssh.hassh.string, ssh.hassh.server, ssh.hassh.server.string (with Suricata's older names
 * ssh_proto, ssh_software, ssh-hassh, ssh-hassh-string, ssh-hassh-server,
 * ssh-hassh-server-string) and the legacy conditions ssh.protoversion and
 * ssh.softwareversion.
 *
 * Each implies protocol ssh. The ssh.hassh* buffers ask the SSH parser to build HASSH
 * (ssh_hassh_request(): on unless the configuration says app-layer.protocols.ssh.hassh: no,
 * in which case the rule fails to load, as in Suricata).
 *
 * ssh.protoversion:<version>|2_compat compares the protocol version of the side that sent
 * the inspected packet: exactly equal, or for 2_compat starting with '2' or "1.99".
 * ssh.softwareversion:"<software>" compares that side's software version, exactly.
 * Both accept the value with or without double quotes.
 */
#include "detect/kw/kw-ssh.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app-proto.h"
#include "app/ssh/ssh.h"
#include "detect/buffer.h"
#include "flow/flow-types.h"
#include "util/compiler.h"
#include "util/err.h"

#define SSH_VALUE_MAX 256

struct ssh_match {
    bool compat2; /* protoversion:2_compat */
    uint32_t len;
    char value[SSH_VALUE_MAX];
};

static int fail(char *err, size_t errlen, const char *fmt, ...) VG_PRINTF(3, 4);

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return VG_EINVAL;
}

/* The side whose banner the packet carries: the client's to server, the server's to client. */
static const struct ssh_side *pkt_side(const struct packet *p, void *tx)
{
    const struct ssh_tx *t = tx;

    int dir;

    if (p == NULL || t == NULL)
        return NULL;
    dir = p->flow_dir == APP_DIR_TOCLIENT ? APP_DIR_TOCLIENT : APP_DIR_TOSERVER;
    /* the protocol's direction (the flow's, unless detection found it reversed) */
    if (p->flow != NULL && p->flow->app != NULL)
        dir = app_flow_dir(p->flow->app, dir);
    return &t->side[dir];
}

static bool bytes_out(const uint8_t *p, size_t len, struct slice *out)
{
    if (p == NULL || len == 0)
        return false;
    out->p = p;
    out->len = len;
    return true;
}

bool ssh_buf_proto(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct ssh_side *s = pkt_side(p, tx);

    return s != NULL && bytes_out(s->proto, s->proto_len, out);
}

bool ssh_buf_software(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    const struct ssh_side *s = pkt_side(p, tx);

    return s != NULL && bytes_out(s->software, s->software_len, out);
}

static bool hassh_of(void *tx, int dir, bool string, struct slice *out)
{
    const struct ssh_tx *t = tx;
    const struct ssh_side *s;

    if (t == NULL)
        return false;
    s = &t->side[dir];
    if (!s->has_hassh)
        return false;
    if (string)
        return bytes_out(s->hassh_string, s->hassh_string_len, out);
    return bytes_out((const uint8_t *)s->hassh, strlen(s->hassh), out);
}

bool ssh_buf_hassh(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return hassh_of(tx, APP_DIR_TOSERVER, false, out);
}

bool ssh_buf_hassh_str(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return hassh_of(tx, APP_DIR_TOSERVER, true, out);
}

bool ssh_buf_hassh_srv(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return hassh_of(tx, APP_DIR_TOCLIENT, false, out);
}

bool ssh_buf_hassh_srv_str(struct detect_thread *dt, struct packet *p, void *tx, struct slice *out)
{
    return hassh_of(tx, APP_DIR_TOCLIENT, true, out);
}

/* Makes the named buffer current; the rule becomes an ssh rule. */
static int select_buffer(struct sig_builder *b, const char *name, char *err, size_t errlen)
{
    int id = detect_buffer_lookup(name);

    if (id < 0)
        return fail(err, errlen, "buffer '%s' is not registered", name);
    if (sig_builder_set_app_proto(b, APP_PROTO_SSH) < 0)
        return fail(err, errlen, "'%s' needs an ssh rule", name);
    return sig_builder_set_buffer(b, id);
}

static int select_hassh(struct sig_builder *b, const char *name, char *err, size_t errlen)
{
    if (!ssh_hassh_request())
        return fail(err, errlen, "'%s': hassh support is not enabled", name);
    return select_buffer(b, name, err, errlen);
}

static int setup_proto(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "ssh.proto", err, errlen);
}

static int setup_software(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_buffer(b, "ssh.software", err, errlen);
}

static int setup_hassh(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_hassh(b, "ssh.hassh", err, errlen);
}

static int setup_hassh_string(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_hassh(b, "ssh.hassh.string", err, errlen);
}

static int setup_hassh_server(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_hassh(b, "ssh.hassh.server", err, errlen);
}

static int setup_hassh_server_string(
        struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return select_hassh(b, "ssh.hassh.server.string", err, errlen);
}

/* Copies value without surrounding spaces and one pair of optional double quotes (also with
 * spaces inside them) into m->value. False if empty or too long. */
static bool value_copy(struct ssh_match *m, const char *value)
{
    size_t start = 0, end = value != NULL ? strlen(value) : 0;

    while (start < end && isspace((unsigned char)value[start]))
        start++;
    while (end > start && isspace((unsigned char)value[end - 1]))
        end--;
    if (end - start >= 2 && value[start] == '"' && value[end - 1] == '"') {
        start++;
        end--;
        while (start < end && isspace((unsigned char)value[start]))
            start++;
        while (end > start && isspace((unsigned char)value[end - 1]))
            end--;
    }
    if (end == start || end - start >= sizeof(m->value))
        return false;
    memcpy(m->value, value + start, end - start);
    m->value[end - start] = '\0';
    m->len = (uint32_t)(end - start);
    return true;
}

/* Suricata's protoversion syntax: digits, then digits, dots and dashes; or 2_compat. */
static bool is_protoversion(const char *v)
{
    if (strcmp(v, "2_compat") == 0)
        return true;
    if (!isdigit((unsigned char)v[0]))
        return false;
    for (const char *c = v; *c != '\0'; c++) {
        if (!isdigit((unsigned char)*c) && *c != '.' && *c != '-')
            return false;
    }
    return true;
}

/* Suricata's softwareversion characters: letters, digits, ':', '.', '-', '_', '+', spaces. */
static bool is_softwareversion(const char *v)
{
    for (const char *c = v; *c != '\0'; c++) {
        if (!isalnum((unsigned char)*c) && strchr(":.-_+ \t", *c) == NULL)
            return false;
    }
    return true;
}

static int add_match(struct sig_builder *b, const struct keyword *kw, const char *value, bool proto,
        char *err, size_t errlen)
{
    struct ssh_match *m = calloc(1, sizeof(*m));

    if (m == NULL)
        return VG_ENOMEM;
    if (!value_copy(m, value) ||
            !(proto ? is_protoversion(m->value) : is_softwareversion(m->value))) {
        free(m);
        return fail(err, errlen, "invalid %s value \"%.64s\"", kw->name, value ? value : "");
    }
    m->compat2 = proto && strcmp(m->value, "2_compat") == 0;
    if (sig_builder_add_tx(b, kw, m, APP_PROTO_SSH) < 0)
        return fail(err, errlen, "'%s' needs an ssh rule", kw->name);
    return VG_OK;
}

static int setup_protoversion(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_match(b, &kw_ssh_protoversion, value, true, err, errlen);
}

static int setup_softwareversion(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    return add_match(b, &kw_ssh_softwareversion, value, false, err, errlen);
}

static bool match_protoversion(
        struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct ssh_match *m = ctx;
    const struct ssh_side *s = pkt_side(p, tx);

    if (s == NULL || s->proto == NULL)
        return false;
    if (m->compat2)
        return s->proto[0] == '2' || (s->proto_len >= 4 && memcmp(s->proto, "1.99", 4) == 0);
    return s->proto_len == m->len && memcmp(s->proto, m->value, m->len) == 0;
}

static bool match_softwareversion(
        struct detect_thread *dt, struct packet *p, void *tx, const void *ctx)
{
    const struct ssh_match *m = ctx;
    const struct ssh_side *s = pkt_side(p, tx);

    if (s == NULL || s->software == NULL)
        return false;
    return s->software_len == m->len && memcmp(s->software, m->value, m->len) == 0;
}

const struct keyword kw_ssh_proto = {
    .name = "ssh.proto",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_proto,
};

const struct keyword kw_ssh_proto_legacy = {
    .name = "ssh_proto",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_proto,
};

const struct keyword kw_ssh_software = {
    .name = "ssh.software",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_software,
};

const struct keyword kw_ssh_software_legacy = {
    .name = "ssh_software",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_software,
};

const struct keyword kw_ssh_hassh = {
    .name = "ssh.hassh",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_hassh,
};

const struct keyword kw_ssh_hassh_alias = {
    .name = "ssh-hassh",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_hassh,
};

const struct keyword kw_ssh_hassh_string = {
    .name = "ssh.hassh.string",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_hassh_string,
};

const struct keyword kw_ssh_hassh_string_alias = {
    .name = "ssh-hassh-string",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_hassh_string,
};

const struct keyword kw_ssh_hassh_server = {
    .name = "ssh.hassh.server",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_hassh_server,
};

const struct keyword kw_ssh_hassh_server_alias = {
    .name = "ssh-hassh-server",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_hassh_server,
};

const struct keyword kw_ssh_hassh_server_string = {
    .name = "ssh.hassh.server.string",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_hassh_server_string,
};

const struct keyword kw_ssh_hassh_server_string_alias = {
    .name = "ssh-hassh-server-string",
    .flags = KW_F_NOVALUE | KW_F_STICKY,
    .setup = setup_hassh_server_string,
};

const struct keyword kw_ssh_protoversion = {
    .name = "ssh.protoversion",
    .setup = setup_protoversion,
    .tx_match = match_protoversion,
    .free = free,
};

const struct keyword kw_ssh_softwareversion = {
    .name = "ssh.softwareversion",
    .setup = setup_softwareversion,
    .tx_match = match_softwareversion,
    .free = free,
};
