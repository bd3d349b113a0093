/*
 * test_conf.c - unit tests for the configuration tree: YAML loading with Suricata's
 * quirks, dotted paths and sequence indexes, --set overrides, typed readers, malformed and
 * hostile YAML, and the shipped default config.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf/conf.h"
#include "util/err.h"
#include "util/log.h"
#include "vigie-build.h"

static const char suricata_like[] = "%YAML 1.1\n"
                                    "---\n"
                                    "\n"
                                    "vars:\n"
                                    "  address-groups:\n"
                                    "    HOME_NET: \"[192.168.0.0/16,10.0.0.0/8]\"\n"
                                    "    EXTERNAL_NET: \"!$HOME_NET\"\n"
                                    "  port-groups:\n"
                                    "    HTTP_PORTS: \"80\"\n"
                                    "default-log-dir: /var/log/suricata/\n"
                                    "outputs:\n"
                                    "  - fast:\n"
                                    "      enabled: yes\n"
                                    "      filename: fast.log\n"
                                    "  - eve-log:\n"
                                    "      enabled: yes\n"
                                    "      filetype: regular # comment\n"
                                    "      types:\n"
                                    "        - alert:\n"
                                    "            tagged-packets: yes\n"
                                    "        - flow\n"
                                    "        - stats:\n"
                                    "            totals: yes\n"
                                    "            threads: no\n"
                                    "flow:\n"
                                    "  memcap: 128mb\n"
                                    "  hash-size: 65536\n"
                                    "  emergency_recovery: 30\n"
                                    "defrag:\n"
                                    "  memcap: 32mb\n"
                                    "flow: {prealloc: 10000}\n";

static void load(struct conf *c, const char *text)
{
    assert_int_equal(conf_load_string(c, text, strlen(text), "test.yaml"), VG_OK);
}

static void test_suricata_yaml(void **state)
{
    struct conf c;
    const struct conf_node *n, *types;
    int64_t v;
    uint64_t sz;
    bool b;

    (void)state;
    load(&c, suricata_like);
    assert_string_equal(
            conf_get_str(&c, NULL, "vars.address-groups.HOME_NET"), "[192.168.0.0/16,10.0.0.0/8]");
    assert_string_equal(conf_get_str(&c, NULL, "vars.port-groups.HTTP_PORTS"), "80");
    assert_string_equal(conf_get_str(&c, NULL, "default-log-dir"), "/var/log/suricata/");
    n = conf_get(&c, NULL, "outputs");
    assert_non_null(n);
    assert_int_equal(n->kind, CONF_SEQ);
    assert_int_equal(conf_node_count(n), 2);
    assert_string_equal(conf_get_str(&c, NULL, "outputs.0.fast.filename"), "fast.log");
    assert_string_equal(conf_get_str(&c, NULL, "outputs.1.eve-log.filetype"), "regular");
    assert_null(conf_get(&c, NULL, "outputs.2"));
    assert_null(conf_get(&c, NULL, "outputs.x"));
    types = conf_get(&c, NULL, "outputs.1.eve-log.types");
    assert_non_null(types);
    assert_string_equal(conf_get_str(&c, types, "1"), "flow");
    assert_int_equal(conf_get_bool(&c, types, "2.stats.totals", &b), 1);
    assert_true(b);
    assert_int_equal(conf_get_bool(&c, types, "2.stats.threads", &b), 1);
    assert_false(b);
    assert_int_equal(conf_get_size(&c, NULL, "flow.memcap", &sz), 1);
    assert_int_equal(sz, 128ull << 20);
    assert_int_equal(conf_get_int(&c, NULL, "flow.hash-size", &v), 1);
    assert_int_equal(v, 65536);
    /* underscore read as a dash, outside address/port groups */
    assert_int_equal(conf_get_int(&c, NULL, "flow.emergency-recovery", &v), 1);
    assert_int_equal(v, 30);
    /* the second "flow:" merged into the first */
    assert_int_equal(conf_get_int(&c, NULL, "flow.prealloc", &v), 1);
    assert_int_equal(v, 10000);
    assert_non_null(conf_get_str(&c, NULL, "flow.memcap"));
    /* lines are 1-based */
    assert_int_equal(conf_get(&c, NULL, "default-log-dir")->line, 10);
    /* absent */
    assert_int_equal(conf_get_int(&c, NULL, "flow.nope", &v), 0);
    assert_null(conf_get_str(&c, NULL, "nope.nope"));
    conf_release(&c);
}

static void test_no_header(void **state)
{
    struct conf c;

    (void)state;
    load(&c, "a:\n  b: 1\n");
    assert_string_equal(conf_get_str(&c, NULL, "a.b"), "1");
    conf_release(&c);
    load(&c, "");
    assert_non_null(c.root);
    assert_null(c.root->child);
    conf_release(&c);
    load(&c, "%YAML 1.1\n---\n");
    assert_null(c.root->child);
    conf_release(&c);
}

static void test_duplicate_keys(void **state)
{
    struct conf c;

    (void)state;
    load(&c, "a: 1\nb:\n  x: 1\n  y: 2\na: 2\nb:\n  y: 3\n  z: 4\nc: [1, 2]\nc: {k: v}\n");
    assert_string_equal(conf_get_str(&c, NULL, "a"), "2");
    assert_string_equal(conf_get_str(&c, NULL, "b.x"), "1");
    assert_string_equal(conf_get_str(&c, NULL, "b.y"), "3");
    assert_string_equal(conf_get_str(&c, NULL, "b.z"), "4");
    assert_string_equal(conf_get_str(&c, NULL, "c.k"), "v");
    assert_int_equal(conf_node_count(c.root), 3);
    conf_release(&c);
}

static void test_set(void **state)
{
    struct conf c;
    int64_t v;
    bool b;

    (void)state;
    load(&c, suricata_like);
    assert_int_equal(conf_set(&c, "flow.hash-size=1024"), VG_OK);
    assert_int_equal(conf_get_int(&c, NULL, "flow.hash-size", &v), 1);
    assert_int_equal(v, 1024);
    assert_int_equal(conf_set(&c, "stream.reassembly.depth=0"), VG_OK);
    assert_string_equal(conf_get_str(&c, NULL, "stream.reassembly.depth"), "0");
    assert_int_equal(conf_set(&c, "outputs.1.eve-log.enabled=no"), VG_OK);
    assert_int_equal(conf_get_bool(&c, NULL, "outputs.1.eve-log.enabled", &b), 1);
    assert_false(b);
    /* a value may contain '=' */
    assert_int_equal(conf_set(&c, "x.y=a=b"), VG_OK);
    assert_string_equal(conf_get_str(&c, NULL, "x.y"), "a=b");
    /* replaces a map by a scalar, and a scalar by a map */
    assert_int_equal(conf_set(&c, "defrag=off"), VG_OK);
    assert_string_equal(conf_get_str(&c, NULL, "defrag"), "off");
    assert_int_equal(conf_set(&c, "defrag.memcap=1mb"), VG_OK);
    assert_string_equal(conf_get_str(&c, NULL, "defrag.memcap"), "1mb");
    /* appending to a sequence at its length; a hole is refused */
    assert_int_equal(conf_set(&c, "outputs.2.fast.enabled=yes"), VG_OK);
    assert_int_equal(conf_node_count(conf_get(&c, NULL, "outputs")), 3);
    assert_int_equal(conf_set(&c, "outputs.9.fast.enabled=yes"), VG_EINVAL);
    /* bad assignments */
    assert_int_equal(conf_set(&c, "novalue"), VG_EINVAL);
    assert_int_equal(conf_set(&c, "=x"), VG_EINVAL);
    assert_int_equal(conf_set(&c, "a..b=x"), VG_EINVAL);
    assert_int_equal(conf_set(&c, "a.=x"), VG_EINVAL);
    /* set values report errors as --set */
    assert_int_equal(conf_set(&c, "flow.memcap=lots"), VG_OK);
    assert_int_equal(conf_get(&c, NULL, "flow.memcap")->line, 0);
    conf_release(&c);

    conf_init_empty(&c);
    assert_int_equal(conf_set(&c, "a.b.c=value"), VG_OK);
    assert_string_equal(conf_get_str(&c, NULL, "a.b.c"), "value");
    assert_int_equal(conf_set(&c, "empty="), VG_OK);
    assert_string_equal(conf_get_str(&c, NULL, "empty"), "");
    assert_int_equal(conf_get_int(&c, NULL, "empty", &v), 0);
    conf_release(&c);
}

static void test_typed(void **state)
{
    struct conf c;
    uint64_t sz;
    int64_t v;
    bool b;

    (void)state;
    load(&c, "b1: yes\nb2: Off\nb3: 1\nb4: maybe\n"
             "i1: -42\ni2: 0x10\ni3: 12abc\ni4: 99999999999999999999\n"
             "s1: 4096\ns2: 64kb\ns3: 1.5 MiB\ns4: 2GB\ns5: 10 parsecs\ns6: 1.5\ns7: -1mb\n"
             "m:\n  k: v\nq: [1]\nn: ~\ne:\n");
    assert_int_equal(conf_get_bool(&c, NULL, "b1", &b), 1);
    assert_true(b);
    assert_int_equal(conf_get_bool(&c, NULL, "b2", &b), 1);
    assert_false(b);
    assert_int_equal(conf_get_bool(&c, NULL, "b3", &b), 1);
    assert_true(b);
    assert_int_equal(conf_get_bool(&c, NULL, "b4", &b), VG_EINVAL);
    assert_int_equal(conf_get_int(&c, NULL, "i1", &v), 1);
    assert_int_equal(v, -42);
    assert_int_equal(conf_get_int(&c, NULL, "i2", &v), 1);
    assert_int_equal(v, 16);
    assert_int_equal(conf_get_int(&c, NULL, "i3", &v), VG_EINVAL);
    assert_int_equal(conf_get_int(&c, NULL, "i4", &v), VG_EINVAL);
    assert_int_equal(conf_get_size(&c, NULL, "s1", &sz), 1);
    assert_int_equal(sz, 4096);
    assert_int_equal(conf_get_size(&c, NULL, "s2", &sz), 1);
    assert_int_equal(sz, 65536);
    assert_int_equal(conf_get_size(&c, NULL, "s3", &sz), 1);
    assert_int_equal(sz, 3ull << 19);
    assert_int_equal(conf_get_size(&c, NULL, "s4", &sz), 1);
    assert_int_equal(sz, 2ull << 30);
    assert_int_equal(conf_get_size(&c, NULL, "s5", &sz), VG_EINVAL);
    assert_int_equal(conf_get_size(&c, NULL, "s6", &sz), 1);
    assert_int_equal(sz, 1);
    assert_int_equal(conf_get_size(&c, NULL, "s7", &sz), VG_EINVAL);
    assert_int_equal(conf_get_int(&c, NULL, "m", &v), VG_EINVAL);
    assert_int_equal(conf_get_bool(&c, NULL, "q", &b), VG_EINVAL);
    assert_int_equal(conf_get_bool(&c, NULL, "n", &b), 0);
    assert_int_equal(conf_get_bool(&c, NULL, "e", &b), 0);
    assert_int_equal(conf_get_int(&c, conf_get(&c, NULL, "m"), "k", &v), VG_EINVAL);
    assert_true(conf_parse_bool("enable", &b) && b);
    assert_true(conf_parse_bool("FALSE", &b) && !b);
    assert_false(conf_parse_bool("", &b));
    conf_release(&c);
}

static void expect_bad(const char *text)
{
    struct conf c;

    assert_true(conf_load_string(&c, text, strlen(text), "bad.yaml") < 0);
    assert_null(c.root);
    conf_release(&c);
}

static void test_malformed(void **state)
{
    char *deep, *wide;
    size_t i, n;

    (void)state;
    expect_bad("a: [1, 2\n");
    expect_bad("a: b: c\n");
    expect_bad("a:\n  - x\n  y: 1\n");
    expect_bad("\"unterminated\n");
    expect_bad("- 1\n- 2\n");
    expect_bad("just a scalar\n");
    expect_bad("base: &b {x: 1}\nderived: *b\n");
    expect_bad("a: &anchor 1\n");
    expect_bad("outputs: !include outputs.yaml\n");
    expect_bad("? [complex, key]\n: value\n");
    expect_bad("%YAML 2.0\n---\na: 1\n");
    expect_bad("a: 1\n\t b: 2\n");
    expect_bad("a: \"\\xZZ\"\n");

    /* nesting deeper than the limit */
    n = CONF_MAX_DEPTH + 8;
    deep = malloc(n * 2 + 8);
    assert_non_null(deep);
    for (i = 0; i < n; i++)
        deep[i] = '[';
    for (i = 0; i < n; i++)
        deep[n + i] = ']';
    deep[2 * n] = '\0';
    {
        char *doc = malloc(2 * n + 8);
        assert_non_null(doc);
        snprintf(doc, 2 * n + 8, "a: %s\n", deep);
        expect_bad(doc);
        free(doc);
    }
    free(deep);

    /* more keys in one map than allowed */
    n = CONF_MAX_CHILDREN + 1;
    wide = malloc(n * 16 + 1);
    assert_non_null(wide);
    wide[0] = '\0';
    {
        size_t off = 0;
        for (i = 0; i < n; i++)
            off += (size_t)snprintf(wide + off, 16, "k%zu: 1\n", i);
    }
    expect_bad(wide);
    free(wide);
}

static void test_file(void **state)
{
    char path[] = "/tmp/vg-conf-XXXXXX";
    struct conf c;
    FILE *f;
    int fd;

    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("%YAML 1.1\n---\nflow:\n  memcap: 1mb\n", f);
    fclose(f);
    assert_int_equal(conf_load_file(&c, path), VG_OK);
    assert_string_equal(c.path, path);
    assert_string_equal(conf_get_str(&c, NULL, "flow.memcap"), "1mb");
    conf_release(&c);
    remove(path);
    assert_int_equal(conf_load_file(&c, path), VG_ENOENT);
    assert_true(conf_load_file(&c, "/tmp") < 0);
}

/* The shipped default config loads and has what Vigie reads. */
static void test_default_config(void **state)
{
    const struct conf_node *outputs, *o;
    bool has_eve = false, has_fast = false, b;
    struct conf c;

    (void)state;
    assert_int_equal(conf_load_file(&c, VG_DEFAULT_CONFIG), VG_OK);
    outputs = conf_get(&c, NULL, "outputs");
    assert_non_null(outputs);
    for (o = outputs->child; o != NULL; o = o->next) {
        has_eve |= conf_get(&c, o, "eve-log") != NULL;
        has_fast |= conf_get(&c, o, "fast") != NULL;
    }
    assert_true(has_eve && has_fast);
    assert_non_null(conf_get_str(&c, NULL, "vars.address-groups.HOME_NET"));
    assert_non_null(conf_get(&c, NULL, "flow-timeouts.tcp"));
    assert_int_equal(conf_get_bool(&c, NULL, "defrag.enabled", &b) >= 0, 1);
    conf_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suricata_yaml),
        cmocka_unit_test(test_no_header),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_typed),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_default_config),
    };

    log_set_level(LOG_LEVEL_ERROR);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
