/*
 * rule_test_util.h - a detect engine and one-rule parsing helpers for keyword unit tests.
 *
 * Include after cmocka.h. The including file defines RT_PROTO (the protocol of the rules
 * sig_ok()/sig_bad() build, e.g. "ip" or "tcp") before including this header, and passes
 * setup/teardown to cmocka_run_group_tests(). Every rule is
 * "alert PROTO any any -> any any (OPTS sid:1;)".
 */
#ifndef VG_TESTS_RULE_TEST_UTIL_H
#define VG_TESTS_RULE_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

#include "detect/detect.h"
#include "detect/rule-parse.h"
#include "util/err.h"

#ifndef RT_PROTO
#define RT_PROTO "ip"
#endif

static struct detect_engine *de;

static inline int setup(void **state)
{
    (void)state;
    return detect_engine_load_string(&de, "", "t", NULL, NULL, NULL) == VG_OK ? 0 : -1;
}

static inline int teardown(void **state)
{
    (void)state;
    detect_engine_free(de);
    return 0;
}

/* Parses a rule for proto with opts, failing the test if it does not load. */
static inline struct sig *sig_ok_proto(const char *proto, const char *opts)
{
    char text[1024], err[RULE_PARSE_ERR_MAX];
    struct sig *s = NULL;

    snprintf(text, sizeof(text), "alert %s any any -> any any (%s sid:1;)", proto, opts);
    if (rule_parse(de, text, &s, err, sizeof(err)) != VG_OK)
        fail_msg("rule failed: %s (%s)", err, text);
    return s;
}

static inline struct sig *sig_ok(const char *opts)
{
    return sig_ok_proto(RT_PROTO, opts);
}

/* Parses a rule that must fail; want (if non-NULL) must appear in the reason. */
static inline void sig_bad(const char *opts, const char *want)
{
    char text[1024], err[RULE_PARSE_ERR_MAX];
    struct sig *s = NULL;

    snprintf(text, sizeof(text), "alert %s any any -> any any (%s sid:1;)", RT_PROTO, opts);
    if (rule_parse(de, text, &s, err, sizeof(err)) == VG_OK) {
        sig_free(s);
        fail_msg("rule should fail: %s", text);
    }
    if (want != NULL && strstr(err, want) == NULL)
        fail_msg("reason '%s' lacks '%s'", err, want);
}

#endif
