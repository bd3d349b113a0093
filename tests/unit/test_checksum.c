/*
 * test_checksum.c - the word-at-a-time Internet checksum against a plain RFC 1071 loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode/layers.h"

/* The textbook definition: big-endian 16-bit words, odd byte padded with zero. */
static uint16_t reference_csum(const uint8_t *b, size_t len)
{
    uint64_t sum = 0;
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)((b[i] << 8) | b[i + 1]);
    if (i < len)
        sum += (uint32_t)(b[i] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void test_against_reference(void **state)
{
    uint8_t buf[1600] = { 0 };
    unsigned seed = 12345;

    (void)state;
    for (size_t len = 0; len < sizeof(buf); len++) {
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (uint8_t)(seed >> 16);
        }
        /* every offset alignment too */
        assert_int_equal(decode_csum_ipv4_hdr(buf, len), reference_csum(buf, len));
        if (len > 3)
            assert_int_equal(
                    decode_csum_ipv4_hdr(buf + 3, len - 3), reference_csum(buf + 3, len - 3));
    }
    memset(buf, 0xff, sizeof(buf));
    assert_int_equal(decode_csum_ipv4_hdr(buf, sizeof(buf)), reference_csum(buf, sizeof(buf)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
