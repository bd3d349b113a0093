/*
 * ssh-log.c - the EVE "ssh" object of a session, as Suricata writes it:
 *
 *   "ssh": {"client": {"proto_version": "2.0", "software_version": "OpenSSH_8.9p1",
 *                      "hassh": {"hash": "<md5>", "string": "<kex;enc;mac;comp>"}},
 *           "server": {...}}
 *
 * A side appears once its banner was parsed; software_version only when the banner has one;
 * hassh only when it was built (HASSH enabled and a complete KEXINIT seen). Nothing at all is
 * written when neither side sent a banner (Suricata logs no ssh object then). The same
 * object goes into ssh records and into alerts on SSH flows (dir is not used).
 */
#include "app/ssh/ssh.h"

#include <string.h>

static void log_side(struct json *w, const char *key, const struct ssh_side *s)
{
    if (s->proto == NULL)
        return;
    json_key(w, key);
    json_open_object(w);
    json_kv_strn(w, "proto_version", s->proto, s->proto_len);
    if (s->software != NULL)
        json_kv_strn(w, "software_version", s->software, s->software_len);
    if (s->has_hassh) {
        json_key(w, "hassh");
        json_open_object(w);
        json_kv_str(w, "hash", s->hassh);
        json_kv_strn(w, "string", s->hassh_string, s->hassh_string_len);
        json_close_object(w);
    }
    json_close_object(w);
}

void ssh_log_tx(struct json *w, const struct app_tx *tx, int dir)
{
    const struct ssh_tx *t = (const struct ssh_tx *)tx;

    (void)dir;
    if (t->side[APP_DIR_TOSERVER].proto == NULL && t->side[APP_DIR_TOCLIENT].proto == NULL)
        return;
    json_key(w, "ssh");
    json_open_object(w);
    log_side(w, "client", &t->side[APP_DIR_TOSERVER]);
    log_side(w, "server", &t->side[APP_DIR_TOCLIENT]);
    json_close_object(w);
}
