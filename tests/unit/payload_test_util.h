/*
 * payload_test_util.h - helpers for the payload keyword tests: parse a rule's options
 * through rule_parse() and inspect its buffer lists over a byte string.
 */
#ifndef VG_TEST_PAYLOAD_UTIL_H
#define VG_TEST_PAYLOAD_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "detect/buffer.h"
#include "detect/detect.h"
#include "detect/inspect.h"
#include "detect/rule-parse.h"
#include "util/compiler.h"
#include "util/err.h"

static struct detect_engine *pt_de;
static struct inspect_scratch pt_sc;

static VG_UNUSED int pt_setup(void **state)
{
    if (detect_engine_load_string(&pt_de, "", "t", NULL, NULL, NULL) != VG_OK)
        return -1;
    return inspect_scratch_init(&pt_sc) == VG_OK ? 0 : -1;
}

static VG_UNUSED int pt_teardown(void **state)
{
    inspect_scratch_release(&pt_sc);
    detect_engine_free(pt_de);
    return 0;
}

/* "alert tcp any any -> any any (<opts> sid:1;)" parsed, NULL with the reason in err. */
static struct sig *pt_try(const char *opts, char *err, size_t errlen)
{
    char text[4096];
    struct sig *s = NULL;

    snprintf(text, sizeof(text), "alert tcp any any -> any any (%s sid:1;)", opts);
    if (rule_parse(pt_de, text, &s, err, errlen) != VG_OK)
        return NULL;
    return s;
}

static struct sig *pt_parse(const char *opts)
{
    char err[RULE_PARSE_ERR_MAX];
    struct sig *s = pt_try(opts, err, sizeof(err));

    if (s == NULL)
        fail_msg("rule failed: %s (%s)", err, opts);
    return s;
}

/* Expects opts to fail with a reason containing want. */
static VG_UNUSED void pt_bad(const char *opts, const char *want)
{
    char err[RULE_PARSE_ERR_MAX] = "";
    struct sig *s = pt_try(opts, err, sizeof(err));

    if (s != NULL) {
        sig_free(s);
        fail_msg("rule loaded but should not: %s", opts);
    }
    if (strstr(err, want) == NULL)
        fail_msg("reason \"%s\" lacks \"%s\" (%s)", err, want, opts);
}

/* Inspects every buffer list of the rule over the same bytes: true if all match. */
static VG_UNUSED bool pt_match_n(const char *opts, const void *data, size_t len)
{
    struct sig *s = pt_parse(opts);
    bool ok = true;

    inspect_sig_begin(&pt_sc);
    for (uint8_t i = 0; ok && i < s->n_bufs; i++)
        ok = inspect_buffer(&pt_sc, &s->bufs[i], data, len);
    sig_free(s);
    return ok;
}

static VG_UNUSED bool pt_match(const char *opts, const char *data)
{
    return pt_match_n(opts, data, strlen(data));
}

#endif
