/*
 * fuzz_conf.c - libFuzzer target: YAML configuration text through the config loaders.
 *
 * Input: the text of a vigie.yaml. It is parsed with conf_load_string(); if that succeeds,
 * every stage's typed loader reads the tree (decode_config_load, flow_config_load,
 * eve_config_load), a few lookups walk it, and a --set assignment built from the first
 * line of the input is applied, as main() would. Errors are expected and only logged; the
 * target looks for crashes, leaks and sanitizer reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "decode/decode.h"
#include "flow/flow.h"
#include "output/eve.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Visits every node (bounded depth) so a malformed tree shows up under ASan. */
static size_t walk(const struct conf_node *n, int depth)
{
    size_t count = 0;

    for (; n != NULL && depth < 64; n = n->next) {
        count++;
        if (n->key != NULL)
            count += strlen(n->key) > 0;
        if (n->kind == CONF_SCALAR && n->value != NULL)
            count += strlen(n->value) > 0;
        count += walk(n->child, depth + 1);
    }
    return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct decode_config dcfg;
    struct flow_config fcfg;
    struct eve_config ecfg;
    volatile size_t sink;
    struct conf c;
    char line[256];
    size_t len = 0;
    uint64_t sz;
    int64_t iv;
    bool bv;

    if (!ready) {
        log_set_level(LOG_LEVEL_ERROR);
        ready = 1;
    }
    if (size > 1 << 20)
        return 0;
    if (conf_load_string(&c, (const char *)data, size, "fuzz.yaml") < 0)
        return 0;
    sink = walk(c.root, 0);
    decode_config_load(&dcfg, &c);
    flow_config_load(&fcfg, &c);
    eve_config_load(&ecfg, &c);
    conf_get_size(&c, NULL, "flow.memcap", &sz);
    conf_get_int(&c, NULL, "outputs.0.eve-log.community-id-seed", &iv);
    conf_get_bool(&c, NULL, "outputs.0.eve-log.enabled", &bv);
    sink += conf_get_str(&c, NULL, "default-log-dir") != NULL;

    /* the first line as a --set assignment */
    while (len < size && len < sizeof(line) - 1 && data[len] != '\n' && data[len] != '\0') {
        line[len] = (char)data[len];
        len++;
    }
    line[len] = '\0';
    if (memchr(line, '=', len) != NULL && conf_set(&c, line) == 0) {
        sink += walk(c.root, 0);
        decode_config_load(&dcfg, &c);
        flow_config_load(&fcfg, &c);
    }
    (void)sink;
    conf_release(&c);
    return 0;
}
