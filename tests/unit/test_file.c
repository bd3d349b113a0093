/*
 * test_file.c - the file tracker (src/app/file.c): digests of known data, fed whole and
 * byte by byte, libmagic on the head bytes, states (closed, truncated, gaps), the store
 * (layout by sha256, size cap), and the config reader; HTTP bodies as files (multipart
 * parts, downloads, POST and PUT bodies).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/file.h"
#include "app/http/http.h"
#include "conf/conf.h"

static const char abc_md5[] = "900150983cd24fb0d6963f7d28e17f72";
static const char abc_sha1[] = "a9993e364706816aba3e25717850c26c9cd0d89d";
static const char abc_sha256[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

static int setup(void **state)
{
    memset(&file_cfg, 0, sizeof(file_cfg));
    file_cfg.hashes = FILE_HASH_MD5 | FILE_HASH_SHA1 | FILE_HASH_SHA256;
    return 0;
}

static void check_abc(const struct file *f)
{
    char hex[65];

    assert_int_equal(f->state, FILE_STATE_CLOSED);
    assert_int_equal(f->size, 3);
    assert_int_equal(f->hashes_done, FILE_HASH_MD5 | FILE_HASH_SHA1 | FILE_HASH_SHA256);
    file_hex(hex, f->md5, 16);
    assert_string_equal(hex, abc_md5);
    file_hex(hex, f->sha1, 20);
    assert_string_equal(hex, abc_sha1);
    file_hex(hex, f->sha256, 32);
    assert_string_equal(hex, abc_sha256);
}

static void test_hashes(void **state)
{
    struct file_list l = { 0 };
    struct file *f = file_open(&l, 1, (const uint8_t *)"/a.txt", 6);

    assert_non_null(f);
    assert_int_equal(f->state, FILE_STATE_OPEN);
    assert_int_equal(f->name_len, 6);
    file_append(f, (const uint8_t *)"abc", 3);
    file_close(f, false);
    check_abc(f);
    assert_string_equal(file_state_name(f->state), "CLOSED");
    /* byte by byte: same digests */
    f = file_open(&l, 0, NULL, 0);
    assert_non_null(f);
    for (int i = 0; i < 3; i++)
        file_append(f, (const uint8_t *)"abc" + i, 1);
    file_close(f, false);
    check_abc(f);
    assert_int_equal(l.n, 2);
    assert_ptr_equal(file_list_open_file(&l, 0), NULL);
    file_list_free(&l);
    assert_null(l.head);
}

static void test_no_hashes(void **state)
{
    struct file_list l = { 0 };
    struct file *f;

    file_cfg.hashes = FILE_HASH_SHA256;
    f = file_open(&l, 1, (const uint8_t *)"x", 1);
    file_append(f, (const uint8_t *)"abc", 3);
    file_close(f, false);
    assert_int_equal(f->hashes_done, FILE_HASH_SHA256);
    file_list_free(&l);
}

static void test_truncated_and_gaps(void **state)
{
    struct file_list l = { 0 };
    struct file *f = file_open(&l, 1, (const uint8_t *)"x", 1);

    file_append(f, (const uint8_t *)"abc", 3);
    assert_ptr_equal(file_list_open_file(&l, 1), f);
    file_list_close(&l, true);
    assert_int_equal(f->state, FILE_STATE_TRUNCATED);
    assert_string_equal(file_state_name(f->state), "TRUNCATED");
    /* closing twice does nothing; appending to a closed file neither */
    file_close(f, false);
    file_append(f, (const uint8_t *)"abc", 3);
    assert_int_equal(f->state, FILE_STATE_TRUNCATED);
    assert_int_equal(f->size, 3);

    f = file_open(&l, 1, (const uint8_t *)"y", 1);
    file_append(f, (const uint8_t *)"abc", 3);
    file_gap(f, 10);
    file_append(f, (const uint8_t *)"def", 3);
    file_close(f, false);
    assert_int_equal(f->state, FILE_STATE_TRUNCATED);
    assert_true(f->flags & FILE_F_GAPS);
    assert_int_equal(f->size, 16);
    assert_int_equal(f->hashes_done, 0);
    file_list_free(&l);
}

static void test_magic(void **state)
{
    static const char pdf[] =
            "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
    struct file_list l = { 0 };
    struct file *f = file_open(&l, 1, (const uint8_t *)"r.pdf", 5);
    const char *m;

    file_append(f, (const uint8_t *)pdf, sizeof(pdf) - 1);
    assert_null(file_magic(f)); /* open, head not full: not yet */
    file_close(f, false);
    m = file_magic(f);
    assert_non_null(m);
    assert_non_null(strstr(m, "PDF document"));
    /* a big file: looked up once the head is full, on the head only */
    f = file_open(&l, 1, (const uint8_t *)"z", 1);
    for (int i = 0; i < 3000; i++)
        file_append(f, (const uint8_t *)"hello world\n", 12);
    assert_int_equal(f->head_len, FILE_HEAD_MAX);
    m = file_magic(f);
    assert_non_null(m);
    assert_non_null(strstr(m, "text"));
    file_list_free(&l);
}

static void test_store(void **state)
{
    char dir[] = "/tmp/vg-file-test-XXXXXX";
    char path[256];
    struct file_list l = { 0 };
    struct file *f, *g;
    struct stat sb;

    assert_non_null(mkdtemp(dir));
    file_cfg.store = true;
    file_cfg.force_store = true;
    file_cfg.hashes |= FILE_HASH_SHA256;
    memcpy(file_cfg.store_dir, "fs", 3);
    file_config_set_logdir(&file_cfg, dir);
    f = file_open(&l, 1, (const uint8_t *)"a", 1);
    file_append(f, (const uint8_t *)"ab", 2);
    file_append(f, (const uint8_t *)"c", 1);
    file_close(f, false);
    assert_true(f->flags & FILE_F_STORED);
    assert_true(f->id > 0);
    snprintf(path, sizeof(path), "%s/fs/ba/%s", dir, abc_sha256);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 3);
    /* over the cap: not stored */
    file_cfg.store_max_size = 4;
    g = file_open(&l, 1, (const uint8_t *)"b", 1);
    file_append(g, (const uint8_t *)"abcdefgh", 8);
    file_append(g, (const uint8_t *)"abcdefgh", 8);
    file_close(g, false);
    assert_false(g->flags & FILE_F_STORED);
    /* truncated: not stored */
    file_cfg.store_max_size = 0;
    g = file_open(&l, 1, (const uint8_t *)"c", 1);
    file_append(g, (const uint8_t *)"xyz", 3);
    file_close(g, true);
    assert_false(g->flags & FILE_F_STORED);
    file_list_free(&l);
    unlink(path);
    snprintf(path, sizeof(path), "%s/fs/ba", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/fs/tmp", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/fs", dir);
    rmdir(path);
    rmdir(dir);
    memset(&file_cfg, 0, sizeof(file_cfg));
}

static void test_config(void **state)
{
    static const char y[] = "outputs:\n"
                            "  - eve-log:\n"
                            "      enabled: yes\n"
                            "      types:\n"
                            "        - files:\n"
                            "            force-magic: yes\n"
                            "            force-hash: [md5, sha1]\n"
                            "  - file-store:\n"
                            "      version: 2\n"
                            "      enabled: yes\n"
                            "      dir: store\n"
                            "      force-filestore: yes\n";
    static const char bad[] = "outputs:\n"
                              "  - eve-log:\n"
                              "      enabled: yes\n"
                              "      types:\n"
                              "        - files:\n"
                              "            force-hash: [crc]\n";
    struct conf c;
    struct file_config cfg;

    assert_int_equal(conf_load_string(&c, y, sizeof(y) - 1, "t"), 0);
    assert_int_equal(file_config_load(&cfg, &c), 0);
    assert_true(cfg.force_magic);
    assert_true(cfg.store && cfg.force_store);
    assert_int_equal(cfg.hashes, FILE_HASH_MD5 | FILE_HASH_SHA1 | FILE_HASH_SHA256);
    assert_string_equal(cfg.store_dir, "store");
    conf_release(&c);
    assert_int_equal(conf_load_string(&c, bad, sizeof(bad) - 1, "t"), 0);
    assert_true(file_config_load(&cfg, &c) < 0);
    conf_release(&c);
    conf_init_empty(&c);
    assert_int_equal(file_config_load(&cfg, &c), 0);
    assert_int_equal(cfg.hashes, 0);
    assert_false(cfg.store);
    conf_release(&c);
}

/* --- HTTP bodies as files (app/file-http.c), through the HTTP parser --- */

static const char mp_req[] = "POST /up HTTP/1.1\r\n"
                             "Host: x\r\n"
                             "Content-Type: multipart/form-data; boundary=XyZ\r\n"
                             "Content-Length: 202\r\n"
                             "\r\n"
                             "--XyZ\r\n"
                             "Content-Disposition: form-data; name=\"a\"; filename=\"t.txt\"\r\n"
                             "\r\n"
                             "abc\r\n"
                             "--XyZ\r\n"
                             "Content-Disposition: form-data; name=\"b\"\r\n"
                             "\r\n"
                             "field\r\n"
                             "--XyZ\r\n"
                             "Content-Disposition: form-data; filename=u.bin\r\n"
                             "\r\n"
                             "xy\r\n"
                             "--XyZ--\r\n";

static const char dl_resp[] = "HTTP/1.1 200 OK\r\n"
                              "Content-Disposition: attachment; filename=\"e.com\"\r\n"
                              "Transfer-Encoding: chunked\r\n"
                              "\r\n"
                              "2\r\nab\r\n1\r\nc\r\n0\r\n\r\n";

static struct http_tx *parse(struct app_flow *af, struct http_state *st, const char *req,
        size_t req_len, const char *resp, size_t resp_len)
{
    http_parse(af, st, APP_DIR_TOSERVER, (const uint8_t *)req, (uint32_t)req_len, 0);
    if (resp != NULL)
        http_parse(af, st, APP_DIR_TOCLIENT, (const uint8_t *)resp, (uint32_t)resp_len, 0);
    return (struct http_tx *)af->txs;
}

static void release(struct app_flow *af, struct http_state *st)
{
    struct app_tx *t = af->txs, *n;

    for (; t != NULL; t = n) {
        n = t->next;
        http_tx_free(t);
    }
    http_state_free(st);
}

static void test_http_files(void **state)
{
    struct app_flow af;
    struct http_state *st = http_state_new();
    struct http_tx *tx;
    struct file *f;

    memset(&af, 0, sizeof(af));
    assert_non_null(st);
    assert_int_equal(strlen(mp_req) - (strstr(mp_req, "\r\n\r\n") + 4 - mp_req), 202);
    tx = parse(&af, st, mp_req, strlen(mp_req), dl_resp, strlen(dl_resp));
    assert_non_null(tx);
    assert_ptr_equal(file_tx_files(&af, &tx->head), NULL); /* no parser on a bare flow */
    f = tx->files.head;
    assert_non_null(f);
    /* multipart parts with a filename, then the download */
    assert_int_equal(f->dir, APP_DIR_TOSERVER);
    assert_memory_equal(f->name, "t.txt", 5);
    check_abc(f);
    assert_true(f->flags & FILE_F_IN_BODY);
    assert_memory_equal(tx->req.body.p + f->body_off, "abc", 3);
    f = f->next;
    assert_non_null(f);
    assert_int_equal(f->name_len, 5);
    assert_memory_equal(f->name, "u.bin", 5);
    assert_int_equal(f->size, 2);
    assert_int_equal(f->state, FILE_STATE_CLOSED);
    f = f->next;
    assert_non_null(f);
    assert_int_equal(f->dir, APP_DIR_TOCLIENT);
    assert_memory_equal(f->name, "e.com", 5);
    check_abc(f);
    assert_null(f->next);
    release(&af, st);
}

/* Every prefix of the exchange: no crash, no read out of bounds (ASan), open files cut. */
static void test_http_files_prefixes(void **state)
{
    for (size_t n = 0; n <= strlen(mp_req); n++) {
        struct app_flow af;
        struct http_state *st = http_state_new();

        memset(&af, 0, sizeof(af));
        parse(&af, st, mp_req, n, NULL, 0);
        http_parse(&af, st, APP_DIR_TOSERVER, NULL, 0, APP_PARSE_F_EOF);
        for (struct app_tx *t = af.txs; t != NULL; t = t->next) {
            for (struct file *f = ((struct http_tx *)t)->files.head; f != NULL; f = f->next)
                assert_int_not_equal(f->state, FILE_STATE_OPEN);
        }
        release(&af, st);
    }
    for (size_t n = 0; n <= strlen(dl_resp); n++) {
        struct app_flow af;
        struct http_state *st = http_state_new();
        struct http_tx *tx;

        memset(&af, 0, sizeof(af));
        tx = parse(&af, st, "GET /a/b.pdf?x=1 HTTP/1.1\r\n\r\n", 29, dl_resp, n);
        http_parse(&af, st, APP_DIR_TOCLIENT, NULL, 0, APP_PARSE_F_EOF);
        if (tx != NULL && tx->files.head != NULL) {
            assert_int_not_equal(tx->files.head->state, FILE_STATE_OPEN);
            /* (a few bytes of a status line are a body without headers: complete) */
            if (n > 16 && n < (size_t)(strstr(dl_resp, "0\r\n\r\n") - dl_resp))
                assert_int_equal(tx->files.head->state, FILE_STATE_TRUNCATED);
        }
        release(&af, st);
    }
}

/* Without Content-Disposition, a download is named by the URI path, query left out. */
static void test_http_uri_name(void **state)
{
    static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
    struct app_flow af;
    struct http_state *st = http_state_new();
    struct http_tx *tx;

    memset(&af, 0, sizeof(af));
    tx = parse(&af, st, "GET /a/b.pdf?x=1 HTTP/1.1\r\n\r\n", 29, resp, strlen(resp));
    assert_non_null(tx);
    assert_non_null(tx->files.head);
    assert_int_equal(tx->files.head->name_len, 8);
    assert_memory_equal(tx->files.head->name, "/a/b.pdf", 8);
    check_abc(tx->files.head);
    release(&af, st);
}

/* A POST body that is not multipart is one file named by the URI path (Suricata 7+); a
 * GET's body is not a file. */
static void test_http_post_body(void **state)
{
    static const char req[] = "POST /cgi/stats.cgi?v=1 HTTP/1.0\r\n"
                              "Content-Type: iavs4/stats\r\n"
                              "Content-Length: 3\r\n\r\nabc";
    static const char get[] = "GET /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
    struct app_flow af;
    struct http_state *st = http_state_new();
    struct http_tx *tx;

    memset(&af, 0, sizeof(af));
    tx = parse(&af, st, req, strlen(req), NULL, 0);
    assert_non_null(tx);
    assert_non_null(tx->files.head);
    assert_int_equal(tx->files.head->dir, APP_DIR_TOSERVER);
    assert_int_equal(tx->files.head->name_len, 14);
    assert_memory_equal(tx->files.head->name, "/cgi/stats.cgi", 14);
    check_abc(tx->files.head);
    release(&af, st);
    st = http_state_new();
    memset(&af, 0, sizeof(af));
    tx = parse(&af, st, get, strlen(get), NULL, 0);
    assert_non_null(tx);
    assert_null(tx->files.head);
    release(&af, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_hashes, setup),
        cmocka_unit_test_setup(test_no_hashes, setup),
        cmocka_unit_test_setup(test_truncated_and_gaps, setup),
        cmocka_unit_test_setup(test_magic, setup),
        cmocka_unit_test_setup(test_store, setup),
        cmocka_unit_test(test_config),
        cmocka_unit_test_setup(test_http_files, setup),
        cmocka_unit_test_setup(test_http_files_prefixes, setup),
        cmocka_unit_test_setup(test_http_uri_name, setup),
        cmocka_unit_test_setup(test_http_post_body, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
