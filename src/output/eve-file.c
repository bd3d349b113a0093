/*
 * eve-file.c - EVE fileinfo records, as Suricata writes them.
 *
 * One record per file, written once the file is closed (at the end of its body, or at flow
 * end), in the file's direction (a download's source is the server). The head is the
 * transaction records' (timestamp, flow_id, pcap_cnt, event_type "fileinfo", tuple,
 * pkt_src), then the transaction's protocol object (e.g. "http": {...}, the parser's
 * log_tx), "app_proto", and the "fileinfo" object in Suricata's key order: filename,
 * magic (when looked up: force-magic or filemagic rules), gaps, state, md5 and sha1 (closed
 * files only), sha256, stored, file_id (stored files), size, tx_id.
 */
#include "output/eve-file.h"

#include <stddef.h>
#include <string.h>

#include "app/file.h"
#include "output/eve-app.h"
#include "output/eve-flow.h"

static void write_fileinfo(struct json *js, struct file *fl, uint64_t tx_id)
{
    char hex[65];
    const char *magic =
            (fl->flags & FILE_F_MAGIC_DONE) || file_cfg.force_magic ? file_magic(fl) : NULL;

    json_key(js, "fileinfo");
    json_open_object(js);
    json_kv_strn(js, "filename", fl->name != NULL ? fl->name : "", fl->name_len);
    if (magic != NULL)
        json_kv_str(js, "magic", magic);
    json_kv_bool(js, "gaps", (fl->flags & FILE_F_GAPS) != 0);
    json_kv_str(js, "state", file_state_name(fl->state));
    if (fl->state == FILE_STATE_CLOSED && (fl->hashes_done & FILE_HASH_MD5)) {
        file_hex(hex, fl->md5, sizeof(fl->md5));
        json_kv_str(js, "md5", hex);
    }
    if (fl->state == FILE_STATE_CLOSED && (fl->hashes_done & FILE_HASH_SHA1)) {
        file_hex(hex, fl->sha1, sizeof(fl->sha1));
        json_kv_str(js, "sha1", hex);
    }
    if (fl->hashes_done & FILE_HASH_SHA256) {
        file_hex(hex, fl->sha256, sizeof(fl->sha256));
        json_kv_str(js, "sha256", hex);
    }
    json_kv_bool(js, "stored", (fl->flags & FILE_F_STORED) != 0);
    if (fl->flags & FILE_F_STORED)
        json_kv_u64(js, "file_id", fl->id);
    json_kv_u64(js, "size", fl->size);
    json_kv_u64(js, "tx_id", tx_id);
    json_close_object(js);
}

static void write_record(struct eve_thread *t, const struct flow *f, const struct app_tx *tx,
        struct file *fl, const struct packet *p, uint64_t ts_usec)
{
    const struct app_flow *af = f->app;
    const struct app_parser *ps = af->parser;
    const char *src = eve_app_pkt_src(p);
    const char *proto = app_proto_eve_name(ps->proto);
    struct eve_tuple tp;
    struct json *js;

    eve_tuple_from_flow(&tp, f);
    if (app_flow_dir(af, fl->dir) == APP_DIR_TOCLIENT)
        eve_tuple_swap(&tp);
    js = eve_begin(t, "fileinfo", ts_usec, f->id, eve_app_pcap_cnt(p), &tp);
    if (src != NULL)
        json_kv_str(js, "pkt_src", src);
    if (ps->log_tx != NULL)
        ps->log_tx(js, tx, -1);
    if (proto != NULL)
        json_kv_str(js, "app_proto", proto);
    write_fileinfo(js, fl, tx->id);
    eve_commit(t);
}

void eve_file_log_tx(struct eve_thread *t, struct flow *f, struct app_tx *tx,
        const struct packet *p, uint64_t ts_usec, bool flow_end)
{
    struct file_list *l = file_tx_files(f->app, tx);
    bool on;

    if (l == NULL || l->head == NULL)
        return;
    on = t != NULL && eve_enabled(eve_thread_output(t), EVE_TYPE_FILES);
    for (struct file *fl = l->head; fl != NULL; fl = fl->next) {
        if (fl->flags & FILE_F_LOGGED)
            continue;
        if (fl->state == FILE_STATE_OPEN) {
            if (!flow_end)
                continue;
            file_close(fl, true);
        }
        if (on)
            write_record(t, f, tx, fl, p, ts_usec);
        fl->flags |= FILE_F_LOGGED;
    }
}
