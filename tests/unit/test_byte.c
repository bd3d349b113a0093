/*
 * test_byte.c - byte_test, byte_jump, byte_extract, byte_math (all options), the number
 * reader, dsize and bsize/dsize value parsing.
 */
#include "payload_test_util.h"

#include "decode/decode-types.h"
#include "detect/keyword.h"
#include "detect/kw/kw-payload.h"

static void test_read_value(void **state)
{
    const uint8_t b[] = { 0x12, 0x34, 0x56, '0', '1', '7', 'f', 'F', 'z' };
    uint64_t v;

    assert_true(byte_read_value(b, sizeof(b), 0, 2, BYTE_BASE_BIN, false, &v));
    assert_int_equal(v, 0x1234);
    assert_true(byte_read_value(b, sizeof(b), 0, 2, BYTE_BASE_BIN, true, &v));
    assert_int_equal(v, 0x3412);
    assert_true(byte_read_value(b, sizeof(b), 3, 3, BYTE_BASE_DEC, false, &v));
    assert_int_equal(v, 17);
    assert_true(byte_read_value(b, sizeof(b), 3, 3, BYTE_BASE_OCT, false, &v));
    assert_int_equal(v, 017);
    assert_true(byte_read_value(b, sizeof(b), 5, 3, BYTE_BASE_HEX, false, &v));
    assert_int_equal(v, 0x7ff);
    assert_false(byte_read_value(b, sizeof(b), 8, 1, BYTE_BASE_DEC, false, &v));
    assert_false(byte_read_value(b, sizeof(b), 8, 2, BYTE_BASE_BIN, false, &v));
    assert_false(byte_read_value(b, sizeof(b), -1, 1, BYTE_BASE_BIN, false, &v));
    assert_int_equal(byte_apply_bitmask(13, 0xfe), 6);
    assert_int_equal(byte_apply_bitmask(0xabcd, 0x0ff0), 0xbc);
}

static void test_byte_test(void **state)
{
    const char d[] = "\x01\x02\x03\x04"
                     "123"
                     "\xf0";

    assert_true(pt_match_n("byte_test:2,=,0x0102,0;", d, 8));
    assert_true(pt_match_n("byte_test:2,=,258,0;", d, 8));
    assert_true(pt_match_n("byte_test:2,=,0x0201,0,little;", d, 8));
    assert_true(pt_match_n("byte_test:1,<,2,0;", d, 8));
    assert_true(pt_match_n("byte_test:1,>,2,2;", d, 8));
    assert_true(pt_match_n("byte_test:1,<=,3,2;", d, 8));
    assert_true(pt_match_n("byte_test:1,>=,3,2;", d, 8));
    assert_true(pt_match_n("byte_test:1,&,4,3;", d, 8));
    assert_false(pt_match_n("byte_test:1,&,3,3;", d, 8));
    assert_true(pt_match_n("byte_test:1,^,3,3;", d, 8));
    assert_true(pt_match_n("byte_test:1,!=,5,3;", d, 8));
    assert_true(pt_match_n("byte_test:1,!,5,3;", d, 8));
    assert_false(pt_match_n("byte_test:1,!=,4,3;", d, 8));
    assert_true(pt_match_n("byte_test:3,=,123,4,string,dec;", d, 8));
    assert_true(pt_match_n("byte_test:3,=,0x123,4,string,hex;", d, 8));
    assert_true(pt_match_n("byte_test:3,=,83,4,string,oct;", d, 8));
    assert_true(pt_match_n("byte_test:1,=,0xf,7,bitmask 0xf0;", d, 8));
    assert_true(pt_match_n("content:\"\x02\"; byte_test:1,=,4,1,relative;", d, 8));
    assert_false(pt_match_n("byte_test:1,=,65,214748364;", d, 8));
    /* detect-bytetest-02 sid 4/5: string read of "1" after "HTTP/1." */
    assert_true(pt_match("content:\"GET \"; depth:4; content:\"HTTP/1.\"; "
                         "byte_test:1,>=,0,0,relative,string,dec;",
            "GET / HTTP/1.1\r\n"));
    assert_false(pt_match("content:\"GET \"; depth:4; content:\"HTTP/1.\"; "
                          "byte_test:1,<=,0,0,relative,string,dec;",
            "GET / HTTP/1.1\r\n"));
    pt_bad("byte_test:9,=,1,0;", "out of range");
    pt_bad("byte_test:24,=,1,0,string;", "out of range");
    pt_bad("byte_test:0,=,1,0;", "out of range");
    assert_true(pt_match("byte_test:0,=,1234,1,string,dec;", "x1234y"));
    pt_bad("byte_test:1,~,1,0;", "invalid operator");
    pt_bad("byte_test:1,=,1;", "needs at least");
    pt_bad("byte_test:1,=,1,0,dce;", "dce");
    pt_bad("byte_test:1,=,1,0,bogus;", "invalid option");
    pt_bad("byte_test:1,=,nosuch,0;", "unknown byte_extract");
    pt_bad("byte_test:1,=,1,0,bitmask 0;", "bitmask");
}

static void test_byte_jump(void **state)
{
    const char d[] = "\x00\x02zzAB\x01"
                     "xC";

    assert_true(pt_match_n("byte_jump:2,0; content:\"AB\"; within:2;", d, 9));
    assert_true(pt_match_n("byte_jump:1,1,multiplier 2; content:\"\x01\"; within:1;", d, 9));
    assert_true(pt_match_n("byte_jump:1,1,align; content:\"\x01\"; within:1;", d, 9));
    assert_true(pt_match_n("byte_jump:1,1,post_offset 1; content:\"B\"; within:1;", d, 9));
    assert_true(pt_match_n("byte_jump:1,1,from_beginning; content:\"zz\"; within:2;", d, 9));
    assert_true(
            pt_match_n("byte_jump:1,1,from_end,post_offset -6; content:\"B\"; within:1;", d, 9));
    assert_true(
            pt_match_n("content:\"AB\"; byte_jump:1,0,relative; content:\"C\"; within:1;", d, 9));
    /* jumping past the end fails, to the end is fine; before the start clamps to 0 */
    assert_false(pt_match_n("byte_jump:1,1,post_offset 6;", d, 9));
    assert_true(pt_match_n("byte_jump:1,1,post_offset 5; isdataat:!1,relative;", d, 9));
    assert_true(pt_match_n("byte_jump:1,1,post_offset -100; content:\"|00 02|\"; within:2;", d, 9));
    assert_true(pt_match("byte_jump:1,0,string,dec; content:\"x\"; within:1;", "2abx"));
    /* bug-4623: byte_jump:0 moves by post_offset only */
    assert_true(pt_match_n("content:\"|0f 54|\"; byte_jump:0,0,relative,post_offset -3; "
                           "pcre:\"/^\\x3a\\x0f\\x54/R\";",
            "\x01\x3a\x0f\x54", 4));
    pt_bad("byte_test:0,=,1,0;", "out of range");
    pt_bad("byte_jump:1;", "needs at least");
    pt_bad("byte_jump:1,0,from_beginning,from_end;", "cannot be used together");
    pt_bad("byte_jump:1,0,multiplier 0;", "multiplier");
    pt_bad("byte_jump:1,0,dce;", "dce");
}

static void test_byte_extract(void **state)
{
    assert_true(pt_match_n("byte_extract:1,0,v; byte_test:1,=,v,1;", "\x07\x07", 2));
    assert_false(pt_match_n("byte_extract:1,0,v; byte_test:1,=,v,1;", "\x07\x08", 2));
    assert_true(pt_match_n("byte_extract:1,0,v,multiplier 2; byte_test:1,=,v,1;", "\x03\x06", 2));
    assert_true(pt_match_n("byte_extract:1,0,v,align 4; byte_test:1,=,v,1;", "\x05\x08", 2));
    assert_true(pt_match_n("byte_extract:1,0,v,bitmask 0xf0; byte_test:1,=,v,1;", "\x35\x03", 2));
    assert_true(pt_match("byte_extract:2,0,v,string,dec; isdataat:v;", "12xxxxxxxxxxx"));
    assert_false(pt_match("byte_extract:2,0,v,string,dec; isdataat:v;", "12xxxxxxxxx"));
    /* the anchor moves to just after the bytes read */
    assert_true(pt_match("byte_extract:1,1,v; content:\"c\"; within:1;", "abc"));
    pt_bad("byte_extract:1,0;", "needs at least");
    pt_bad("byte_extract:1,0,v; byte_extract:1,1,v;", "already declared");
    pt_bad("byte_extract:1,0,1v;", "invalid variable name");
    pt_bad("byte_extract:1,0,v,align 3;", "align");
}

static void test_byte_math(void **state)
{
    const char d[] = "\x0a\x03\x02";

    assert_true(pt_match_n("byte_math:bytes 1, offset 0, oper +, rvalue 5, result r; "
                           "byte_test:1,<,r,0,bitmask 0xff; byte_extract:1,1,x; "
                           "byte_math:bytes 1, offset 0, oper -, rvalue x, result s; "
                           "byte_test:1,<,s,1;",
            d, 3));
    assert_true(pt_match_n("byte_math:bytes 1, offset 0, oper *, rvalue 2, result r; "
                           "isdataat:!r;",
            d, 3));
    assert_true(pt_match_n("byte_math:bytes 1, offset 0, oper /, rvalue 5, result r; "
                           "byte_test:1,=,r,2;",
            d, 3));
    assert_true(pt_match_n("byte_math:bytes 1, offset 2, oper <<, rvalue 2, result r; "
                           "byte_test:1,>,r,0;",
            d, 3)); /* 8 < 10 */
    assert_true(pt_match_n("byte_math:bytes 1, offset 0, oper >>, rvalue 2, result r; "
                           "byte_test:1,=,r,2;",
            d, 3));
    assert_true(pt_match_n("byte_math:bytes 2, offset 0, oper +, rvalue 0, result r, "
                           "endian little; byte_test:2,=,r,0,little;",
            d, 3));
    assert_true(pt_match_n("content:\"\x03\"; byte_math:bytes 1, offset 0, oper +, rvalue 0, "
                           "result r, relative; byte_test:1,=,r,2;",
            d, 3));
    /* detect-bytemath-mult-04 shape: extracted value as rvalue */
    assert_true(pt_match_n("byte_extract:1,0,e; byte_math:bytes 1, offset 1, oper *, "
                           "rvalue e, result v; byte_test:1,<,v,1; isdataat:!v;",
            d, 3));
    pt_bad("byte_math:bytes 1, offset 0, oper +, rvalue 1;", "required");
    pt_bad("byte_math:bytes 5, offset 0, oper +, rvalue 1, result r;", "1-4");
    pt_bad("byte_math:bytes 1, offset 0, oper %, rvalue 1, result r;", "invalid operator");
    pt_bad("byte_math:bytes 1, offset 0, oper /, rvalue 0, result r;", "rvalue 0");
    pt_bad("byte_math:bytes 1, offset 0, oper +, rvalue 1, result r, endian dce;", "dce");
    pt_bad("byte_math:bytes 1, offset 0, oper +, rvalue nosuch, result r;", "unknown");
}

static bool dsize_match(const char *opts, uint32_t len)
{
    struct sig *s = pt_parse(opts);
    struct packet p;
    bool r;

    memset(&p, 0, sizeof(p));
    p.payload_len = len;
    assert_int_equal(s->pkt.n, 1);
    r = s->pkt.m[0].kw->match(NULL, &p, s, s->pkt.m[0].ctx);
    sig_free(s);
    return r;
}

static void test_dsize(void **state)
{
    assert_true(dsize_match("dsize:10;", 10));
    assert_false(dsize_match("dsize:10;", 11));
    assert_true(dsize_match("dsize:<10;", 9));
    assert_false(dsize_match("dsize:<10;", 10));
    assert_true(dsize_match("dsize:>10;", 11));
    assert_true(dsize_match("dsize:!10;", 11));
    assert_false(dsize_match("dsize:!10;", 10));
    assert_true(dsize_match("dsize:5<>10;", 6));
    assert_false(dsize_match("dsize:5<>10;", 5));
    assert_false(dsize_match("dsize:5<>10;", 10));
    assert_true(dsize_match("dsize:>=10;", 10));
    assert_true(dsize_match("dsize:<=10;", 10));
    pt_bad("dsize:10; dsize:11;", "2 or more dsizes");
    pt_bad("dsize:10<>5;", "minimum must be below");
    pt_bad("dsize:abc;", "invalid numeric");
    pt_bad("dsize:70000;", "invalid numeric");
    pt_bad("bsize:x;", "invalid numeric");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_value),
        cmocka_unit_test(test_byte_test),
        cmocka_unit_test(test_byte_jump),
        cmocka_unit_test(test_byte_extract),
        cmocka_unit_test(test_byte_math),
        cmocka_unit_test(test_dsize),
    };

    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
