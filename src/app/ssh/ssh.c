/*
 * ssh.c - the SSH registry entry (app_parser_ssh) and the HASSH setting.
 *
 * Detection: "SSH-" at the start of either direction (Suricata's pattern), else port 22.
 * One transaction per session, created with the first byte. A direction of the tx is
 * complete once its side is finished (NEWKEYS: encrypted from there, not parsed), failed
 * (invalid banner or record, a gap: not parsed either) or ended, and, when HASSH is off,
 * already once its banner is parsed: the tx is logged when both directions are complete,
 * which is Suricata's SSH log condition (both banners; both NEWKEYS with HASSH), or at flow
 * end. Once both are, the framework owns the tx: the parser never touches it again and goes
 * on parsing packets into a side of its own state (events then go on the flow).
 *
 * HASSH (app-layer.protocols.ssh.hassh): "yes" builds it for every session, "no" never;
 * absent or "auto" (Suricata's default) builds it only when a loaded rule uses one of the
 * ssh.hassh* buffers (ssh_hassh_request(), called by those keywords at rule load). That
 * setting is the parser's only global state: written at startup (config, then rule load)
 * before workers start, read-only afterwards.
 */
#include "app/ssh/ssh.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/log.h"

struct ssh_state {
    struct ssh_tx *tx; /* the session's tx (NULL before the first byte and once released) */
    bool released;     /* the tx is complete both ways: the framework owns it now */
    uint8_t stopped;   /* bit 1 << dir: that direction is not parsed any more */
    uint8_t complete;  /* bit 1 << dir: that direction of the tx is complete */
    struct ssh_parser dir[2];
    /* where parsing goes on once the tx is released (hassh off: records after the banners,
     * for NEWKEYS and invalid_record) */
    struct ssh_side after[2];
};

static enum ssh_hassh_mode hassh_mode = SSH_HASSH_AUTO;
static bool hassh_rules;

const char *const ssh_event_names[SSH_EV_MAX] = {
    [SSH_EV_INVALID_BANNER] = "invalid_banner",
    [SSH_EV_LONG_BANNER] = "long_banner",
    [SSH_EV_INVALID_RECORD] = "invalid_record",
    [SSH_EV_LONG_KEX_RECORD] = "long_kex_record",
};

static const uint16_t ssh_ports[] = { 22 };

int ssh_config_load(const struct conf *c)
{
    const char *v = conf_get_str(c, NULL, "app-layer.protocols.ssh.hassh");
    bool on;
    int rc;

    hassh_mode = SSH_HASSH_AUTO;
    if (v == NULL || strcmp(v, "auto") == 0)
        return VG_OK;
    rc = conf_get_bool(c, NULL, "app-layer.protocols.ssh.hassh", &on);
    if (rc < 0)
        return VG_EINVAL;
    hassh_mode = on ? SSH_HASSH_YES : SSH_HASSH_NO;
    return VG_OK;
}

void ssh_hassh_set_mode(enum ssh_hassh_mode mode)
{
    hassh_mode = mode;
    hassh_rules = false;
}

bool ssh_hassh_request(void)
{
    if (hassh_mode == SSH_HASSH_NO)
        return false;
    hassh_rules = true;
    return true;
}

bool ssh_hassh_enabled(void)
{
    return hassh_mode == SSH_HASSH_YES || (hassh_mode == SSH_HASSH_AUTO && hassh_rules);
}

static enum app_probe_result ssh_probe(const uint8_t *data, size_t len, int dir)
{
    size_t n = len < 4 ? len : 4;

    (void)dir;
    if (n == 0)
        return APP_PROBE_MORE;
    if (memcmp(data, "SSH-", n) != 0)
        return APP_PROBE_NO;
    return len >= 4 ? APP_PROBE_YES : APP_PROBE_MORE;
}

static int ssh_init(const struct conf *c)
{
    return ssh_config_load(c);
}

static void *ssh_state_new(void)
{
    return calloc(1, sizeof(struct ssh_state));
}

static void ssh_state_free(void *state)
{
    struct ssh_state *st = state;

    if (st == NULL)
        return;
    ssh_parser_release(&st->dir[0]);
    ssh_parser_release(&st->dir[1]);
    ssh_side_release(&st->after[0]);
    ssh_side_release(&st->after[1]);
    free(st);
}

static void ssh_tx_free(struct app_tx *tx)
{
    struct ssh_tx *t = (struct ssh_tx *)tx;

    if (t == NULL)
        return;
    ssh_side_release(&t->side[0]);
    ssh_side_release(&t->side[1]);
    free(t);
}

/* A direction of the tx is complete once its side is finished (NEWKEYS) or, when HASSH is
 * off, once its banner is parsed: Suricata's log condition (both banners, or both NEWKEYS
 * with HASSH), so the record comes out when Suricata writes it. */
static bool side_complete(const struct ssh_side *s, bool hassh)
{
    if (s->progress >= SSH_PROGRESS_FINISHED)
        return true;
    return !hassh && s->progress >= SSH_PROGRESS_BANNER_DONE;
}

static int ssh_parse_dir(struct app_flow *af, void *state, struct packet *p, int dir,
        const uint8_t *data, uint32_t len, unsigned flags)
{
    struct ssh_state *st = state;
    bool hassh = ssh_hassh_enabled();
    struct app_tx *head = NULL;
    struct ssh_side *side;
    unsigned events = 0;
    uint8_t bit = (uint8_t)(1u << (dir & 1));
    int rc = VG_OK;

    (void)p;
    if (dir != APP_DIR_TOSERVER && dir != APP_DIR_TOCLIENT)
        return VG_EINVAL;
    if (st->stopped & bit)
        return VG_OK;
    if (st->tx == NULL && !st->released) {
        st->tx = calloc(1, sizeof(*st->tx));
        if (st->tx == NULL)
            return VG_ENOMEM;
        app_tx_append(af, &st->tx->head);
    }
    if (st->tx != NULL) {
        head = &st->tx->head;
        side = &st->tx->side[dir];
    } else {
        side = &st->after[dir];
    }
    if (len > 0)
        rc = ssh_parse(&st->dir[dir], side, data, len, dir == APP_DIR_TOCLIENT, hassh, &events);
    for (unsigned id = 0; id < SSH_EV_MAX; id++) {
        if (events & (1u << id))
            app_event_raise(af, head, (uint8_t)id);
    }
    if (rc < 0 || side->progress >= SSH_PROGRESS_FINISHED || (flags & APP_PARSE_F_EOF)) {
        ssh_parser_release(&st->dir[dir]);
        st->stopped |= bit;
    }
    if (st->tx == NULL)
        return rc;
    if ((st->stopped & bit) || side_complete(side, hassh)) {
        st->complete |= bit;
        head->complete |= bit;
    }
    if (st->complete == 3) {
        /* the framework may free the tx from now on: keep only what parsing needs */
        st->after[0].progress = st->tx->side[0].progress;
        st->after[1].progress = st->tx->side[1].progress;
        st->tx = NULL;
        st->released = true;
    }
    return rc;
}

const struct app_parser app_parser_ssh = {
    .proto = APP_PROTO_SSH,
    .transports = APP_PROTO_T_TCP,
    .ports = ssh_ports,
    .n_ports = 1,
    .probe = ssh_probe,
    .init = ssh_init,
    .state_new = ssh_state_new,
    .state_free = ssh_state_free,
    .parse = ssh_parse_dir,
    .tx_free = ssh_tx_free,
    .tx_size = sizeof(struct ssh_tx), /* charged to the protocol's memcap */
    .log_tx = ssh_log_tx,
    .event_names = ssh_event_names,
    .n_event_names = SSH_EV_MAX,
    .eve_type = "ssh",
    .log_per_direction = false,
};
