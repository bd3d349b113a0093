/*
 * test_capture.c - unit tests for the pcap/pcapng reader, on capture files crafted here in
 * a temporary directory: a good file, truncation in a record and in a record header, a
 * corrupt magic, an empty file, an unsupported link type, pcapng, big packets, and a
 * directory read in name order with files to skip, and a BPF filter.
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

#include "capture/capture.h"
#include "util/err.h"
#include "util/log.h"

static char tmpdir[64];

/* Little-endian writers into a growable byte string. */
struct bytes {
    uint8_t *d;
    size_t len;
};

static void put(struct bytes *b, const void *src, size_t n)
{
    b->d = realloc(b->d, b->len + n + 1);
    assert_non_null(b->d);
    memcpy(b->d + b->len, src, n);
    b->len += n;
}

static void put32(struct bytes *b, uint32_t v)
{
    uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    put(b, x, 4);
}

static void put16(struct bytes *b, uint16_t v)
{
    uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
    put(b, x, 2);
}

static void pcap_header(struct bytes *b, uint32_t linktype)
{
    put32(b, 0xa1b2c3d4);
    put16(b, 2);
    put16(b, 4);
    put32(b, 0);
    put32(b, 0);
    put32(b, 262144);
    put32(b, linktype);
}

/* A record of caplen bytes, each byte = fill, with wire length wirelen. */
static void pcap_record(struct bytes *b, uint32_t sec, uint32_t usec, uint32_t caplen,
        uint32_t wirelen, uint8_t fill)
{
    uint8_t *data = malloc(caplen + 1);

    assert_non_null(data);
    memset(data, fill, caplen);
    put32(b, sec);
    put32(b, usec);
    put32(b, caplen);
    put32(b, wirelen);
    put(b, data, caplen);
    free(data);
}

static char *write_file(const char *name, const struct bytes *b)
{
    static char path[128];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    if (b->len > 0)
        assert_int_equal(fwrite(b->d, 1, b->len, f), b->len);
    fclose(f);
    return path;
}

/* A good file with n packets of 60 + i bytes, filled with byte i + 1. */
static void good_pcap(struct bytes *b, int n)
{
    int i;

    pcap_header(b, 1);
    for (i = 0; i < n; i++)
        pcap_record(b, 1700000000 + (uint32_t)i, 123456, 60 + (uint32_t)i, 100, (uint8_t)(i + 1));
}

/* Reads everything; returns the packet count and checks pcap_cnt is 1..n. */
static int read_all(struct capture *c, struct packet *p)
{
    int n = 0, rc;

    while ((rc = capture_next(c, p)) == 1) {
        n++;
        assert_int_equal(p->pcap_cnt, n);
        assert_true(p->caplen <= p->buf_size);
    }
    assert_int_equal(rc, 0);
    return n;
}

static void test_good(void **state)
{
    struct bytes b = { 0 };
    struct capture_progress pr;
    struct packet p = { 0 };
    struct capture *c;
    char *path;

    (void)state;
    good_pcap(&b, 3);
    path = write_file("good.pcap", &b);
    assert_int_equal(capture_open(&c, path), VG_OK);
    assert_int_equal(capture_next(c, &p), 1);
    assert_int_equal(p.caplen, 60);
    assert_int_equal(p.wirelen, 100);
    assert_int_equal(p.pcap_cnt, 1);
    assert_int_equal(p.datalink, 1);
    assert_int_equal(p.ts_usec, 1700000000ull * 1000000 + 123456);
    assert_ptr_equal(p.data, p.buf);
    assert_int_equal(p.data[0], 1);
    assert_int_equal(p.data[59], 1);
    assert_int_equal(capture_next(c, &p), 1);
    assert_int_equal(p.caplen, 61);
    assert_int_equal(p.data[60], 2);
    capture_get_progress(c, &pr);
    assert_int_equal(pr.packets, 2);
    assert_int_equal(pr.total_bytes, b.len);
    assert_int_equal(pr.bytes, 24 + 16 + 60 + 16 + 61);
    assert_string_equal(pr.current, path);
    assert_int_equal(capture_next(c, &p), 1);
    assert_int_equal(p.pcap_cnt, 3);
    assert_int_equal(capture_next(c, &p), 0);
    assert_int_equal(capture_next(c, &p), 0);
    capture_get_progress(c, &pr);
    assert_int_equal(pr.bytes, b.len);
    assert_int_equal(capture_warnings(c), 0);
    capture_close(c);
    free(p.buf);
    free(b.d);
}

static void test_truncated_record(void **state)
{
    struct bytes b = { 0 };
    struct packet p = { 0 };
    struct capture *c;

    (void)state;
    good_pcap(&b, 2);
    pcap_record(&b, 1, 0, 100, 100, 9);
    b.len -= 40; /* third record's data cut short */
    assert_int_equal(capture_open(&c, write_file("trunc-rec.pcap", &b)), VG_OK);
    assert_int_equal(read_all(c, &p), 2);
    assert_int_equal(capture_warnings(c), 1);
    capture_close(c);
    free(p.buf);
    free(b.d);
}

static void test_truncated_header(void **state)
{
    struct bytes b = { 0 };
    struct packet p = { 0 };
    struct capture *c;

    (void)state;
    good_pcap(&b, 2);
    pcap_record(&b, 1, 0, 10, 10, 9);
    b.len -= 10 + 11; /* 5 bytes of the third record header remain */
    assert_int_equal(capture_open(&c, write_file("trunc-hdr.pcap", &b)), VG_OK);
    assert_int_equal(read_all(c, &p), 2);
    assert_int_equal(capture_warnings(c), 1);
    capture_close(c);
    free(p.buf);
    free(b.d);
}

static void test_bad_files(void **state)
{
    struct bytes b = { 0 };
    struct capture *c = (struct capture *)1;
    char path[128];

    (void)state;
    /* corrupt magic */
    good_pcap(&b, 1);
    b.d[0] = 0x00;
    assert_int_equal(capture_open(&c, write_file("magic.pcap", &b)), VG_EINVAL);
    assert_null(c);
    /* short file header */
    b.len = 10;
    assert_true(capture_open(&c, write_file("short.pcap", &b)) < 0);
    /* empty file */
    b.len = 0;
    assert_int_equal(capture_open(&c, write_file("empty.pcap", &b)), VG_EINVAL);
    free(b.d);
    /* unsupported link type (USER0) */
    memset(&b, 0, sizeof(b));
    pcap_header(&b, 147);
    pcap_record(&b, 1, 0, 10, 10, 1);
    assert_int_equal(capture_open(&c, write_file("user0.pcap", &b)), VG_EUNSUPPORTED);
    free(b.d);
    /* missing */
    snprintf(path, sizeof(path), "%s/nope.pcap", tmpdir);
    assert_int_equal(capture_open(&c, path), VG_ENOENT);
    /* header only: valid, no packets */
    memset(&b, 0, sizeof(b));
    pcap_header(&b, 101);
    assert_int_equal(capture_open(&c, write_file("nopkt.pcap", &b)), VG_OK);
    {
        struct packet p = { 0 };
        assert_int_equal(read_all(c, &p), 0);
    }
    capture_close(c);
    free(b.d);
}

/* pcapng: section header, interface description, two enhanced packet blocks. */
static void test_pcapng(void **state)
{
    struct bytes b = { 0 };
    struct packet p = { 0 };
    struct capture *c;
    uint64_t ts = 1700000000ull * 1000000 + 42;
    uint8_t pkt[64];
    int i;

    (void)state;
    put32(&b, 0x0a0d0d0a); /* SHB */
    put32(&b, 28);
    put32(&b, 0x1a2b3c4d);
    put16(&b, 1);
    put16(&b, 0);
    put32(&b, 0xffffffff);
    put32(&b, 0xffffffff);
    put32(&b, 28);
    put32(&b, 1); /* IDB, Linux cooked */
    put32(&b, 20);
    put16(&b, 113);
    put16(&b, 0);
    put32(&b, 0);
    put32(&b, 20);
    for (i = 0; i < 2; i++) {
        memset(pkt, 0xa0 + i, sizeof(pkt));
        put32(&b, 6); /* EPB */
        put32(&b, 32 + 64);
        put32(&b, 0);
        put32(&b, (uint32_t)((ts + (uint64_t)i) >> 32));
        put32(&b, (uint32_t)(ts + (uint64_t)i));
        put32(&b, 64);
        put32(&b, 70);
        put(&b, pkt, 64);
        put32(&b, 32 + 64);
    }
    assert_int_equal(capture_open(&c, write_file("two.pcapng", &b)), VG_OK);
    assert_int_equal(capture_next(c, &p), 1);
    assert_int_equal(p.datalink, 113);
    assert_int_equal(p.caplen, 64);
    assert_int_equal(p.wirelen, 70);
    assert_int_equal(p.ts_usec, ts);
    assert_int_equal(p.data[0], 0xa0);
    assert_int_equal(capture_next(c, &p), 1);
    assert_int_equal(p.ts_usec, ts + 1);
    assert_int_equal(p.data[63], 0xa1);
    assert_int_equal(capture_next(c, &p), 0);
    capture_close(c);

    /* the same, cut in the middle of the second packet block */
    b.len -= 50;
    assert_int_equal(capture_open(&c, write_file("cut.pcapng", &b)), VG_OK);
    assert_int_equal(read_all(c, &p), 1);
    assert_int_equal(capture_warnings(c), 1);
    capture_close(c);
    free(p.buf);
    free(b.d);
}

static void test_big_packets(void **state)
{
    struct bytes b = { 0 };
    struct packet p = { 0 };
    struct capture *c;

    (void)state;
    pcap_header(&b, 1);
    pcap_record(&b, 1, 0, 3000, 3000, 7);
    pcap_record(&b, 1, 1, 262144, 300000, 8);
    pcap_record(&b, 1, 2, 0, 0, 0);
    assert_int_equal(capture_open(&c, write_file("big.pcap", &b)), VG_OK);
    assert_int_equal(capture_next(c, &p), 1);
    assert_int_equal(p.caplen, 3000);
    assert_int_equal(p.data[2999], 7);
    assert_int_equal(capture_next(c, &p), 1);
    assert_int_equal(p.caplen, 262144);
    assert_int_equal(p.wirelen, 300000);
    assert_int_equal(p.data[262143], 8);
    assert_int_equal(capture_next(c, &p), 1);
    assert_int_equal(p.caplen, 0);
    assert_int_equal(capture_next(c, &p), 0);
    capture_close(c);
    free(p.buf);
    free(b.d);
}

static void test_directory(void **state)
{
    struct bytes b = { 0 }, junk = { 0 }, bad = { 0 };
    struct packet p = { 0 };
    struct capture *c;
    char dir[128], sub[160];
    int n = 0;

    (void)state;
    snprintf(dir, sizeof(dir), "%s/dir", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(sub, sizeof(sub), "%s/dir/sub.pcap", tmpdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    good_pcap(&b, 2);
    write_file("dir/b.pcap", &b);
    write_file("dir/.hidden.pcap", &b);
    b.len = 0;
    good_pcap(&b, 1);
    b.d[24 + 16] = 0xaa; /* first byte of a.pcap's packet */
    write_file("dir/a.pcap", &b);
    put(&junk, "hello, not a pcap\n", 18);
    write_file("dir/notes.txt", &junk);
    pcap_header(&bad, 147);
    write_file("dir/c-user0.pcap", &bad);
    b.len = 0;
    good_pcap(&b, 1);
    write_file("dir/d.pcap", &b);

    assert_int_equal(capture_open(&c, dir), VG_OK);
    while (capture_next(c, &p) == 1) {
        n++;
        assert_int_equal(p.pcap_cnt, n);
        if (n == 1)
            assert_int_equal(p.data[0], 0xaa); /* a.pcap first */
        if (n == 2)
            assert_int_equal(p.caplen, 60); /* then b.pcap */
        if (n == 3)
            assert_int_equal(p.caplen, 61);
    }
    assert_int_equal(n, 4);                   /* a(1) + b(2) + d(1) */
    assert_int_equal(capture_warnings(c), 2); /* c-user0.pcap, notes.txt */
    capture_close(c);

    /* an empty directory is no input, not an error */
    snprintf(sub, sizeof(sub), "%s/dir/sub.pcap", tmpdir);
    assert_int_equal(capture_open(&c, sub), VG_OK);
    assert_int_equal(capture_next(c, &p), 0);
    capture_close(c);
    free(p.buf);
    free(b.d);
    free(junk.d);
    free(bad.d);
}

static void test_filter(void **state)
{
    struct bytes b = { 0 };
    struct packet p = { 0 };
    struct capture *c;
    char *path;

    (void)state;
    good_pcap(&b, 3);
    path = write_file("filter.pcap", &b);
    /* packet 2 is all 0x02 bytes: its Ethernet source is 02:02:02:02:02:02 */
    assert_int_equal(capture_open_filter(&c, path, "ether src 02:02:02:02:02:02"), VG_OK);
    assert_int_equal(capture_next(c, &p), 1);
    assert_int_equal(p.caplen, 61);
    assert_int_equal(p.pcap_cnt, 1);
    assert_int_equal(capture_next(c, &p), 0);
    capture_close(c);
    assert_int_equal(capture_open_filter(&c, path, ""), VG_OK);
    assert_int_equal(read_all(c, &p), 3);
    capture_close(c);
    assert_int_equal(capture_open_filter(&c, path, "port ("), VG_EINVAL);
    free(p.buf);
    free(b.d);
}

static void test_datalinks(void **state)
{
    (void)state;
    assert_true(capture_datalink_supported(1));   /* EN10MB */
    assert_true(capture_datalink_supported(113)); /* LINUX_SLL */
    assert_true(capture_datalink_supported(276)); /* LINUX_SLL2 */
    assert_true(capture_datalink_supported(0));   /* NULL */
    assert_true(capture_datalink_supported(228)); /* IPV4 */
    assert_false(capture_datalink_supported(147));
    assert_false(capture_datalink_supported(105)); /* 802.11 */
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/vg-capture-XXXXXX");
    return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_truncated_record),
        cmocka_unit_test(test_truncated_header),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_pcapng),
        cmocka_unit_test(test_big_packets),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_filter),
        cmocka_unit_test(test_datalinks),
    };

    log_set_level(LOG_LEVEL_ERROR);
    return cmocka_run_group_tests(tests, setup, teardown);
}
