/*
 * test_rule_parse.c - rule text to signatures: header, meta keywords, error reasons,
 * loading (duplicates, counts, init-errors-fatal), the sig_builder and the registry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/app-proto.h"
#include "detect/buffer.h"
#include "detect/detect.h"
#include "detect/engine-int.h"
#include "detect/keyword.h"
#include "detect/loader.h"
#include "detect/rule-parse.h"
#include "util/err.h"

static const char classes[] = "config classification: trojan-activity,A Network Trojan was "
                              "detected,1\n"
                              "config classification: misc-activity,Misc activity,3\n"
                              "config classification: bad-unknown,Potentially Bad Traffic, 2\n";

/* An engine with no rules and, when with_classes, the classification table above. */
static struct detect_engine *engine(bool with_classes)
{
    struct detect_engine *de = NULL;

    assert_int_equal(detect_engine_load_string(&de, "", "t", NULL, NULL, NULL), VG_OK);
    if (with_classes)
        assert_int_equal(classification_load_string(&de->classes, classes, "cls"), VG_OK);
    return de;
}

/* Parses text, expecting success. */
static struct sig *parse_ok(struct detect_engine *de, const char *text)
{
    char err[RULE_PARSE_ERR_MAX];
    struct sig *s = NULL;
    int rc = rule_parse(de, text, &s, err, sizeof(err));

    if (rc != VG_OK)
        fail_msg("rule failed: %s (%s)", err, text);
    return s;
}

/* Parses text, expecting failure with a reason containing want. */
static void parse_bad(struct detect_engine *de, const char *text, const char *want)
{
    char err[RULE_PARSE_ERR_MAX];
    struct sig *s = NULL;
    int rc = rule_parse(de, text, &s, err, sizeof(err));

    if (rc == VG_OK) {
        sig_free(s);
        fail_msg("rule loaded but should not: %s", text);
    }
    assert_int_equal(rc, VG_EINVAL);
    assert_null(s);
    if (strstr(err, want) == NULL)
        fail_msg("reason \"%s\" lacks \"%s\"", err, want);
}

static void test_good_rule(void **state)
{
    struct detect_engine *de = engine(true);
    struct sig *s = parse_ok(de,
            "alert tcp $HOME_NET any -> $EXTERNAL_NET 80 (msg:\"ET TEST \\\"quoted\\\" a\\;b\"; "
            "reference:url,example.com/x; reference:cve,2020-1234; "
            "classtype:trojan-activity; metadata: created_at 2020_01_01, updated_at "
            "2021_02_02; target:dest_ip; sid:2000001; rev:7;)");

    assert_int_equal(s->action, SIG_ACTION_ALERT);
    assert_int_equal(s->ip_proto, 6);
    assert_int_equal(s->sid, 2000001);
    assert_int_equal(s->rev, 7);
    assert_int_equal(s->gid, 1);
    assert_string_equal(s->msg, "ET TEST \"quoted\" a;b");
    assert_string_equal(s->class_name, "trojan-activity");
    assert_string_equal(s->class_msg, "A Network Trojan was detected");
    assert_int_equal(s->priority, 1);
    assert_int_equal(s->n_refs, 2);
    assert_string_equal(s->refs[0].system, "url");
    assert_string_equal(s->refs[0].value, "example.com/x");
    assert_string_equal(s->refs[1].system, "cve");
    assert_int_equal(s->n_metadata, 2);
    assert_string_equal(s->metadata[0], "created_at 2020_01_01");
    assert_string_equal(s->metadata[1], "updated_at 2021_02_02");
    assert_true(s->flags & SIG_F_TARGET_DST);
    assert_false(s->src_any);
    assert_true(s->sp_any);
    assert_false(s->dp_any);
    assert_false(s->flags & SIG_F_BIDIR);
    assert_int_equal(s->n_bufs, 0);
    assert_int_equal(s->fp_buf, -1);
    sig_free(s);
    detect_engine_free(de);
}

static void test_defaults(void **state)
{
    struct detect_engine *de = engine(false);
    struct sig *s = parse_ok(de, "drop ip any any <> any any (sid:5;)");

    assert_int_equal(s->action, SIG_ACTION_DROP);
    assert_int_equal(s->gid, 1);
    assert_int_equal(s->rev, 0);
    assert_int_equal(s->priority, 3);
    assert_null(s->msg);
    assert_null(s->class_name);
    assert_true(s->flags & SIG_F_BIDIR);
    assert_true(s->flags & SIG_F_PROTO_ANY_IP);
    assert_true(s->src_any && s->dst_any && s->sp_any && s->dp_any);
    sig_free(s);
    /* Without a classification table any classtype is accepted, without a category. */
    s = parse_ok(de, "alert ip any any -> any any (classtype:whatever; sid:6;)");
    assert_string_equal(s->class_name, "whatever");
    assert_null(s->class_msg);
    assert_int_equal(s->priority, 3);
    sig_free(s);
    detect_engine_free(de);
}

static void test_priority(void **state)
{
    struct detect_engine *de = engine(true);
    struct sig *s;

    s = parse_ok(de, "alert ip any any -> any any (priority:5; classtype:trojan-activity; sid:1;)");
    assert_int_equal(s->priority, 5);
    assert_string_equal(s->class_msg, "A Network Trojan was detected");
    sig_free(s);
    s = parse_ok(de, "alert ip any any -> any any (classtype:bad-unknown; priority:4; sid:1;)");
    assert_int_equal(s->priority, 4);
    sig_free(s);
    s = parse_ok(de, "alert ip any any -> any any (classtype:bad-unknown; sid:1;)");
    assert_int_equal(s->priority, 2);
    sig_free(s);
    parse_bad(de, "alert ip any any -> any any (priority:0; sid:1;)", "invalid priority");
    parse_bad(de, "alert ip any any -> any any (priority:x; sid:1;)", "invalid priority");
    parse_bad(de, "alert ip any any -> any any (priority:1; priority:2; sid:1;)",
            "duplicated 'priority'");
    detect_engine_free(de);
}

static void test_actions_protos(void **state)
{
    static const char *const actions[] = { "alert", "pass", "drop", "reject", "rejectsrc",
        "rejectdst", "rejectboth" };
    struct detect_engine *de = engine(false);
    char text[256];
    struct sig *s;

    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        snprintf(text, sizeof(text), "%s tcp any any -> any any (sid:1;)", actions[i]);
        s = parse_ok(de, text);
        assert_int_equal(s->action, (int)i);
        sig_free(s);
    }
    s = parse_ok(de, "alert icmp any any -> any any (sid:1;)");
    assert_int_equal(s->ip_proto, 1);
    assert_true(s->flags & SIG_F_PROTO_ICMP_BOTH);
    sig_free(s);
    s = parse_ok(de, "alert icmpv6 any any -> any any (sid:1;)");
    assert_int_equal(s->ip_proto, 58);
    assert_int_equal(s->ip_ver, 6);
    sig_free(s);
    s = parse_ok(de, "alert ipv4 any any -> any any (sid:1;)");
    assert_int_equal(s->ip_ver, 4);
    assert_true(s->flags & SIG_F_PROTO_ANY_IP);
    sig_free(s);
    s = parse_ok(de, "alert ip6 any any -> any any (sid:1;)");
    assert_int_equal(s->ip_ver, 6);
    sig_free(s);
    s = parse_ok(de, "alert TCP-PKT any any -> any any (sid:1;)");
    assert_int_equal(s->ip_proto, 6);
    assert_true(s->flags & SIG_F_NO_STREAM);
    sig_free(s);
    s = parse_ok(de, "alert tcp-stream any any -> any any (sid:1;)");
    assert_true(s->flags & SIG_F_ONLY_STREAM);
    sig_free(s);
    s = parse_ok(de, "alert sctp any any -> any any (sid:1;)");
    assert_int_equal(s->ip_proto, 132);
    sig_free(s);
    s = parse_ok(de, "alert pkthdr any any -> any any (sid:1;)");
    assert_true(s->flags & SIG_F_PROTO_PKTHDR);
    sig_free(s);
    s = parse_ok(de, "alert http any any -> any any (sid:1;)");
    assert_int_equal(s->app_proto, APP_PROTO_HTTP);
    assert_int_equal(s->ip_proto, 6);
    sig_free(s);
    s = parse_ok(de, "alert dns any any -> any 53 (sid:1;)");
    assert_int_equal(s->app_proto, APP_PROTO_DNS);
    assert_int_equal(s->ip_proto, 0);
    assert_true(s->flags & SIG_F_PROTO_TCP_UDP);
    assert_false(s->flags & SIG_F_PROTO_ANY_IP);
    sig_free(s);
    s = parse_ok(de, "alert ntp any any -> any any (sid:1;)");
    assert_int_equal(s->ip_proto, 17);
    sig_free(s);
    s = parse_ok(de, "alert ftp-data any any -> any any (sid:1;)");
    assert_int_equal(s->app_proto, APP_PROTO_FTPDATA);
    sig_free(s);
    assert_int_equal(app_proto_by_name("TLS"), APP_PROTO_TLS);
    assert_string_equal(app_proto_name(APP_PROTO_DNS), "dns");
    assert_int_equal(app_proto_transports(APP_PROTO_DNS), APP_PROTO_T_TCP | APP_PROTO_T_UDP);
    detect_engine_free(de);
}

static void test_bad_header(void **state)
{
    struct detect_engine *de = engine(false);

    parse_bad(de, "alrt tcp any any -> any any (sid:1;)", "invalid action \"alrt\"");
    parse_bad(de, "Alert tcp any any -> any any (sid:1;)", "invalid action");
    parse_bad(de, "alert tcpx any any -> any any (sid:1;)", "protocol \"tcpx\" cannot be used");
    parse_bad(de, "alert failed any any -> any any (sid:1;)", "cannot be used");
    parse_bad(de, "alert tcp any any <- any any (sid:1;)", "direction");
    parse_bad(de, "alert tcp any any >> any any (sid:1;)", "direction");
    parse_bad(de, "alert tcp 1.2.3.999 any -> any any (sid:1;)", "source address");
    parse_bad(de, "alert tcp any 70000 -> any any (sid:1;)", "source port");
    parse_bad(de, "alert tcp any any -> $NOPE any (sid:1;)", "destination address");
    parse_bad(de, "alert tcp any any -> any [80 (sid:1;)", "");
    parse_bad(de, "alert tcp any any -> any any", "");
    parse_bad(de, "alert tcp any any (sid:1;)", "");
    parse_bad(de, "", "");
    detect_engine_free(de);
}

static void test_bad_options(void **state)
{
    struct detect_engine *de = engine(true);

    parse_bad(de, "alert tcp any any -> any any (msg:\"x\";)", "missing required value \"sid\"");
    parse_bad(de, "alert tcp any any -> any any (sid:0;)", "sid value 0 is invalid");
    parse_bad(de, "alert tcp any any -> any any (sid:-1;)", "invalid sid");
    parse_bad(de, "alert tcp any any -> any any (sid:4294967296;)", "invalid sid");
    parse_bad(de, "alert tcp any any -> any any (sid:12abc;)", "invalid sid");
    parse_bad(de, "alert tcp any any -> any any (sid:1; sid:2;)", "duplicated 'sid'");
    parse_bad(de, "alert tcp any any -> any any (sid;)", "keyword 'sid' needs a value");
    parse_bad(de, "alert tcp any any -> any any (sid:1; rev:x;)", "invalid rev");
    parse_bad(de, "alert tcp any any -> any any (sid:1; gid:;)", "invalid gid");
    parse_bad(de, "alert tcp any any -> any any (sid:1; foo:bar;)", "unknown rule keyword 'foo'");
    parse_bad(de, "alert tcp any any -> any any (sid:1; Sid:2;)", "unknown rule keyword 'Sid'");
    parse_bad(de, "alert tcp any any -> any any (sid:1; noalert:1;)", "takes no value");
    parse_bad(de, "alert tcp any any -> any any (sid:1; classtype:nope;)",
            "unknown classtype \"nope\"");
    parse_bad(de, "alert tcp any any -> any any (sid:1; classtype:bad name;)", "invalid classtype");
    parse_bad(de,
            "alert tcp any any -> any any (sid:1; classtype:misc-activity; "
            "classtype:misc-activity;)",
            "duplicated 'classtype'");
    parse_bad(de, "alert tcp any any -> any any (sid:1; reference:nocomma;)", "invalid reference");
    parse_bad(de, "alert tcp any any -> any any (sid:1; reference:url,;)", "invalid reference");
    parse_bad(de, "alert tcp any any -> any any (sid:1; target:both;)", "invalid target");
    parse_bad(de, "alert tcp any any -> any any (sid:1; target:src_ip; target:dest_ip;)",
            "conflicting");
    parse_bad(de, "alert tcp any any -> any any (sid:1; tag:flow;)", "invalid tag");
    parse_bad(de, "alert tcp any any -> any any (sid:1; tag:session,10;)", "invalid tag");
    parse_bad(de, "alert tcp any any -> any any (sid:1; tag:session,10,hours;)", "invalid tag");
    /* unterminated option list */
    parse_bad(de, "alert tcp any any -> any any (msg:\"x\"; sid:1;", "");
    parse_bad(de, "alert tcp any any -> any any (msg:\"x\"; sid:1", "");
    detect_engine_free(de);
}

static void test_meta_misc(void **state)
{
    struct detect_engine *de = engine(false);
    struct sig *s;

    s = parse_ok(de,
            "alert tcp any any -> any any (msg:unquoted text; sid:\"42\"; rev:\"3\"; gid:9; "
            "noalert; target:src_ip; target:src_ip; tag:session,10,packets; "
            "tag:host,60,seconds,src; "
            "tag:session; metadata:a b,,c d ;)");
    assert_string_equal(s->msg, "unquoted text");
    assert_int_equal(s->sid, 42);
    assert_int_equal(s->rev, 3);
    assert_int_equal(s->gid, 9);
    assert_true(s->flags & SIG_F_NOALERT);
    assert_true(s->flags & SIG_F_TARGET_SRC);
    assert_int_equal(s->n_metadata, 2);
    assert_string_equal(s->metadata[1], "c d");
    sig_free(s);
    detect_engine_free(de);
}

static void test_hostile(void **state)
{
    struct detect_engine *de = engine(false);
    size_t big = 200 * 1024;
    char *text = malloc(big + 128), err[RULE_PARSE_ERR_MAX];
    struct sig *s = NULL;
    int n;

    /* a 200 KiB msg */
    n = snprintf(text, 64, "alert tcp any any -> any any (msg:\"");
    memset(text + n, 'A', big);
    snprintf(text + n + big, 64, "\"; sid:1;)");
    s = parse_ok(de, text);
    assert_int_equal(strlen(s->msg), big);
    sig_free(s);
    /* a long unknown keyword: the reason stays bounded */
    n = snprintf(text, 64, "alert tcp any any -> any any (sid:1; ");
    memset(text + n, 'k', big);
    snprintf(text + n + big, 64, ":1;)");
    assert_int_equal(rule_parse(de, text, &s, err, sizeof(err)), VG_EINVAL);
    assert_true(strlen(err) < 200);
    /* many options */
    n = snprintf(text, 64, "alert tcp any any -> any any (sid:1; ");
    for (int i = 0; i < 5000 && (size_t)n < big; i++)
        n += snprintf(text + n, 32, "metadata:k%d v; ", i);
    snprintf(text + n, 8, ")");
    assert_int_equal(rule_parse(de, text, &s, err, sizeof(err)), VG_EINVAL);
    /* a small err buffer is respected */
    assert_int_equal(
            rule_parse(de, "alert tcp any any -> any any (zzzzzzzzzz;)", &s, err, 8), VG_EINVAL);
    assert_true(strlen(err) < 8);
    free(text);
    /* a NUL byte ends the rule text: what follows is not seen */
    {
        static const char withnul[] = "alert tcp any any -> any any (sid:1;\0 msg:\"x\";)";

        assert_int_equal(rule_parse(de, withnul, &s, err, sizeof(err)), VG_EINVAL);
    }
    detect_engine_free(de);
}

static void test_load_string(void **state)
{
    struct detect_engine *de = NULL;
    struct detect_load_stats st;
    const char *rules = "# comment\n"
                        "\n"
                        "alert tcp any any -> any any (msg:\"one\"; sid:1; rev:1;)\n"
                        "alert tcp any any -> any any (msg:\"bad\"; nosuch; sid:2;)\n"
                        "alert tcp any any -> any any (msg:\"two\"; \\\n"
                        "    sid:3; rev:1;)\n"
                        "alert tcp any any -> any any (msg:\"dup\"; sid:1; rev:1;)\n"
                        "alert tcp any any -> any any (msg:\"newer\"; sid:3; rev:2;)\n"
                        "alert tcp any any -> any any (msg:\"other gid\"; sid:1; gid:2;)\n"
                        "alert tcp any any -> any any (msg:\"last\"; sid:4;)";

    assert_int_equal(detect_engine_load_string(&de, rules, "mem.rules", NULL, NULL, &st), VG_OK);
    assert_int_equal(st.rules_loaded, 4);
    assert_int_equal(st.rules_failed, 2);
    assert_int_equal(st.rules_skipped, 1);
    assert_int_equal(detect_engine_sig_count(de), 4);
    assert_string_equal(detect_engine_sig(de, 0)->msg, "one");
    assert_int_equal(detect_engine_sig(de, 0)->line, 3);
    assert_string_equal(detect_engine_sig(de, 0)->file, "mem.rules");
    /* the newer rev replaced sid 3 in place */
    assert_string_equal(detect_engine_sig(de, 1)->msg, "newer");
    assert_int_equal(detect_engine_sig(de, 1)->line, 8);
    assert_int_equal(detect_engine_sig(de, 1)->num, 1);
    assert_int_equal(detect_engine_sig(de, 2)->gid, 2);
    assert_string_equal(detect_engine_sig(de, 3)->msg, "last");
    assert_int_equal(detect_engine_sig(de, 3)->line, 10);
    detect_engine_free(de);
}

static void test_fatal(void **state)
{
    struct detect_config cfg;
    struct detect_engine *de = NULL;
    struct detect_load_stats st;

    assert_int_equal(detect_config_load(&cfg, NULL), VG_OK);
    cfg.init_errors_fatal = true;
    assert_int_equal(detect_engine_load_string(&de,
                             "alert tcp any any -> any any (sid:1;)\n"
                             "alert tcp any any -> any any (x;)\n",
                             "f", &cfg, NULL, &st),
            VG_EINVAL);
    assert_null(de);
    assert_int_equal(st.rules_failed, 1);
    assert_int_equal(detect_engine_load_string(
                             &de, "alert tcp any any -> any any (sid:1;)\n", "f", &cfg, NULL, &st),
            VG_OK);
    detect_engine_free(de);
    detect_config_release(&cfg);
}

static void test_files(void **state)
{
    char dir[] = "/tmp/vg-rparse-XXXXXX", path[256], cls[256];
    struct detect_config cfg;
    struct detect_engine *de = NULL;
    struct detect_load_stats st;
    FILE *f;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/a.rules", dir);
    f = fopen(path, "w");
    fputs("alert tcp any any -> any any (sid:1; classtype:misc-activity;)\n"
          "alert tcp any any -> any any (sid:2; classtype:nope;)\n",
            f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/b.rules", dir);
    f = fopen(path, "w");
    fputs("alert udp any any -> any any (sid:3;)\n", f);
    fclose(f);
    snprintf(cls, sizeof(cls), "%s/classification.config", dir);
    f = fopen(cls, "w");
    fputs(classes, f);
    fclose(f);

    assert_int_equal(detect_config_load(&cfg, NULL), VG_OK);
    cfg.default_rule_path = strdup(dir);
    cfg.classification_file = strdup(cls);
    cfg.rule_files = calloc(3, sizeof(char *));
    cfg.rule_files[0] = strdup("a.rules");
    cfg.rule_files[1] = strdup("missing.rules");
    cfg.rule_files[2] = strdup("b*.rules");
    cfg.n_rule_files = 3;
    assert_int_equal(detect_engine_load(&de, &cfg, NULL, &st), VG_OK);
    assert_int_equal(st.files_loaded, 2);
    assert_int_equal(st.rules_loaded, 2);
    assert_int_equal(st.rules_failed, 1);
    assert_string_equal(detect_engine_sig(de, 0)->class_msg, "Misc activity");
    detect_engine_free(de);
    /* a missing file is fatal under init-errors-fatal */
    cfg.init_errors_fatal = true;
    assert_int_equal(detect_engine_load(&de, &cfg, NULL, &st), VG_EINVAL);
    /* -S replaces the list; relative paths become absolute */
    assert_int_equal(detect_config_add_rule_file(&cfg, path, true), VG_OK);
    assert_int_equal(cfg.n_rule_files, 1);
    assert_int_equal(detect_config_add_rule_file(&cfg, "rel.rules", false), VG_OK);
    assert_int_equal(cfg.n_rule_files, 2);
    assert_true(cfg.rule_files[1][0] == '/');
    detect_config_release(&cfg);

    unlink(path);
    snprintf(path, sizeof(path), "%s/a.rules", dir);
    unlink(path);
    unlink(cls);
    rmdir(dir);
}

static void test_config(void **state)
{
    struct detect_config cfg;
    struct conf c;
    const char *yaml = "default-rule-path: /var/lib/rules\n"
                       "rule-files:\n"
                       "  - a.rules\n"
                       "  - b.rules\n"
                       "classification-file: /etc/c.config\n"
                       "reference-config-file: /etc/r.config\n"
                       "threshold-file: /etc/t.config\n"
                       "engine:\n"
                       "  init-failure-fatal: yes\n"
                       "detect:\n"
                       "  packet-alert-max: 10\n";

    assert_int_equal(conf_load_string(&c, yaml, strlen(yaml), "t.yaml"), VG_OK);
    assert_int_equal(detect_config_load(&cfg, &c), VG_OK);
    assert_string_equal(cfg.default_rule_path, "/var/lib/rules");
    assert_int_equal(cfg.n_rule_files, 2);
    assert_string_equal(cfg.rule_files[1], "b.rules");
    assert_string_equal(cfg.classification_file, "/etc/c.config");
    assert_string_equal(cfg.reference_file, "/etc/r.config");
    assert_string_equal(cfg.threshold_file, "/etc/t.config");
    assert_true(cfg.init_errors_fatal);
    assert_int_equal(cfg.packet_alert_max, 10);
    detect_config_release(&cfg);
    conf_release(&c);

    assert_int_equal(detect_config_load(&cfg, NULL), VG_OK);
    assert_int_equal(cfg.n_rule_files, 0);
    assert_int_equal(cfg.packet_alert_max, DETECT_ALERTS_MAX);
    assert_false(cfg.init_errors_fatal);
    detect_config_release(&cfg);
}

/* --- the builder, driven with test keywords --- */

static int freed;

static void count_free(void *ctx)
{
    freed++;
    free(ctx);
}

static const struct keyword kw_c = {
    .name = "c", .flags = KW_F_PAYLOAD, .pm_kind = PM_CONTENT, .free = count_free
};
static const struct keyword kw_p = {
    .name = "p", .flags = KW_F_PAYLOAD, .pm_kind = PM_PCRE, .free = count_free
};
static const struct keyword kw_x = { .name = "x", .flags = KW_F_TRANSFORM, .free = count_free };
static const struct keyword kw_h = { .name = "h", .free = count_free };

static void *ctx(void)
{
    return malloc(4);
}

static void test_builder(void **state)
{
    struct detect_engine *de = engine(false);
    struct sig_builder *b = sig_builder_new(de);
    struct sig *s = sig_builder_sig(b);

    freed = 0;
    /* a transform needs a sticky buffer first */
    assert_int_equal(sig_builder_add_transform(b, &kw_x, ctx()), VG_EINVAL);
    assert_null(sig_builder_last_payload(b, PM_CONTENT));
    /* payload without a sticky buffer goes to pkt_data */
    assert_int_equal(sig_builder_add_payload(b, &kw_c, ctx()), VG_OK);
    assert_int_equal(sig_builder_add_payload(b, &kw_p, ctx()), VG_OK);
    assert_int_equal(s->n_bufs, 1);
    assert_int_equal(s->bufs[0].buffer_id, DETECT_BUF_PKT_DATA);
    assert_ptr_equal(sig_builder_last_payload(b, PM_CONTENT)->kw, &kw_c);
    assert_ptr_equal(sig_builder_last_any(b)->kw, &kw_p);
    /* legacy modifier: the content moves to the stream buffer, modifiers follow it */
    assert_int_equal(sig_builder_move_last_content(b, DETECT_BUF_STREAM), VG_OK);
    assert_int_equal(s->n_bufs, 2);
    assert_int_equal(s->bufs[0].list.n, 1);
    assert_int_equal(s->bufs[1].list.n, 1);
    assert_ptr_equal(sig_builder_last_any(b)->kw, &kw_c);
    /* sticky buffer, transforms, then payload */
    assert_int_equal(sig_builder_set_buffer(b, DETECT_BUF_STREAM), VG_OK);
    assert_int_equal(sig_builder_add_transform(b, &kw_x, ctx()), VG_OK); /* new list */
    assert_int_equal(s->n_bufs, 3);
    assert_int_equal(sig_builder_add_transform(b, &kw_x, ctx()), VG_OK);
    assert_int_equal(s->bufs[2].n_xf, 2);
    assert_int_equal(sig_builder_add_payload(b, &kw_c, ctx()), VG_OK);
    assert_int_equal(s->bufs[2].list.n, 1);
    /* a transform after matches on a transformed list is refused */
    assert_int_equal(sig_builder_add_transform(b, &kw_x, ctx()), VG_EINVAL);
    /* the same buffer named again without transforms reuses its plain list */
    assert_int_equal(sig_builder_set_buffer(b, DETECT_BUF_STREAM), VG_OK);
    assert_int_equal(sig_builder_add_payload(b, &kw_p, ctx()), VG_OK);
    assert_int_equal(s->n_bufs, 3);
    assert_int_equal(s->bufs[1].list.n, 2);
    /* a transform after matches on a plain list starts a new list */
    assert_int_equal(sig_builder_add_transform(b, &kw_x, ctx()), VG_OK);
    assert_int_equal(s->n_bufs, 4);
    assert_int_equal(s->bufs[3].n_xf, 1);
    assert_int_equal(s->bufs[1].list.n, 2);
    assert_int_equal(sig_builder_add_payload(b, &kw_c, ctx()), VG_OK);
    assert_int_equal(s->bufs[3].list.n, 1);
    assert_int_equal(sig_builder_set_buffer(b, DETECT_BUF_STREAM), VG_OK);
    /* legacy modifier after a sticky buffer is refused */
    assert_int_equal(sig_builder_move_last_content(b, DETECT_BUF_STREAM), VG_EINVAL);
    assert_int_equal(sig_builder_set_buffer(b, 9999), VG_EINVAL);
    assert_int_equal(sig_builder_set_buffer(b, -1), VG_EINVAL);
    /* lists and variables */
    assert_int_equal(sig_builder_add_pkt(b, &kw_h, ctx()), VG_OK);
    assert_int_equal(sig_builder_add_flow(b, &kw_h, ctx()), VG_OK);
    assert_int_equal(sig_builder_add_post(b, &kw_h, ctx()), VG_OK);
    assert_int_equal(s->pkt.n + s->flow.n + s->post.n, 3);
    for (int i = 0; i < 16; i++) {
        char name[8];

        snprintf(name, sizeof(name), "v%d", i);
        assert_int_equal(sig_builder_var_declare(b, name), i);
    }
    assert_int_equal(sig_builder_var_declare(b, "v16"), VG_EINVAL);
    assert_int_equal(sig_builder_var_declare(b, "v3"), VG_EINVAL);
    assert_int_equal(sig_builder_var_lookup(b, "v3"), 3);
    assert_int_equal(sig_builder_var_lookup(b, "none"), -1);
    assert_ptr_equal(sig_builder_engine(b), de);
    assert_true(sig_builder_once(b, SIG_ONCE_SID));
    assert_false(sig_builder_once(b, SIG_ONCE_SID));
    sig_builder_free(b);
    /* every context was freed once: 2 refused transforms + 11 kept */
    assert_int_equal(freed, 13);
    detect_engine_free(de);
}

static void test_pkt_data(void **state)
{
    struct detect_engine *de = engine(false);
    struct sig *s = parse_ok(de, "alert tcp any any -> any any (pkt_data; sid:1;)");

    /* an empty buffer list is dropped */
    assert_int_equal(s->n_bufs, 0);
    assert_false(s->flags & SIG_F_HAS_PKT_DATA);
    sig_free(s);
    assert_int_equal(detect_buffer_lookup("pkt_data"), DETECT_BUF_PKT_DATA);
    assert_int_equal(detect_buffer_lookup("stream"), DETECT_BUF_STREAM);
    assert_int_equal(detect_buffer_lookup("nope"), -1);
    assert_string_equal(detect_buffer_get(DETECT_BUF_PKT_DATA)->name, "pkt_data");
    assert_true(detect_buffer_count() >= 2);
    detect_engine_free(de);
}

/* Index of the list of buffer name in s (the n-th one when several), or -1. */
static int buf_index(const struct sig *s, const char *name, int nth)
{
    int id = detect_buffer_lookup(name);

    for (uint8_t i = 0; i < s->n_bufs; i++) {
        if (s->bufs[i].buffer_id == id && nth-- == 0)
            return i;
    }
    return -1;
}

/* Kind of the k-th item of list i. */
static enum pm_kind item_kind(const struct sig *s, int i, uint16_t k)
{
    assert_true(i >= 0 && k < s->bufs[i].list.n);
    return s->bufs[i].list.m[k].kw->pm_kind;
}

static void test_legacy_modifier_lists(void **state)
{
    struct detect_engine *de = engine(false);
    struct sig *s;
    int u, p;

    if (detect_buffer_lookup("http.uri") < 0) {
        detect_engine_free(de);
        skip();
    }
    /* relative keywords after a moved content follow it into its buffer (Suricata) */
    s = parse_ok(de, "alert http any any -> any any (content:\"x\"; http_uri; "
                     "base64_decode:relative; base64_data; content:\"y\"; "
                     "isdataat:2,relative; byte_test:1,>,0,0,relative; sid:1;)");
    u = buf_index(s, "http.uri", 0);
    assert_int_equal(s->n_bufs, 1);
    assert_int_equal(s->bufs[u].list.n, 6);
    assert_int_equal(item_kind(s, u, 1), PM_BASE64_DECODE);
    assert_int_equal(item_kind(s, u, 3), PM_CONTENT);
    assert_int_equal(item_kind(s, u, 5), PM_BYTE_TEST);
    sig_free(s);
    /* non-relative ones and content/pcre stay on the packet payload */
    s = parse_ok(de, "alert http any any -> any any (content:\"x\"; http_uri; "
                     "isdataat:2; pcre:\"/a/R\"; byte_jump:1,0,relative; sid:2;)");
    u = buf_index(s, "http.uri", 0);
    p = buf_index(s, "pkt_data", 0);
    assert_int_equal(s->bufs[u].list.n, 1);
    assert_int_equal(s->bufs[p].list.n, 3);
    sig_free(s);
    /* a relative content moved after another one: both in the header list, in order */
    s = parse_ok(de, "alert http any any -> any any (content:\"a\"; http_header; "
                     "content:\"b\"; distance:0; http_header; sid:3;)");
    u = buf_index(s, "http.header", 0);
    assert_int_equal(s->n_bufs, 1);
    assert_int_equal(s->bufs[u].list.n, 2);
    sig_free(s);
    /* pcre /U is a legacy modifier: the rule's current buffer stays pkt_data, a relative
     * byte_test follows the pcre into the URI */
    s = parse_ok(de, "alert http any any -> any any (pcre:\"/a/U\"; "
                     "byte_test:1,>,0,0,relative; content:\"z\"; sid:4;)");
    u = buf_index(s, "http.uri", 0);
    p = buf_index(s, "pkt_data", 0);
    assert_int_equal(s->bufs[u].list.n, 2);
    assert_int_equal(s->bufs[p].list.n, 1);
    sig_free(s);
    /* after a sticky buffer, a pcre buffer modifier keeps the match in that buffer */
    s = parse_ok(de, "alert http any any -> any any (http.uri; content:\"a\"; "
                     "pcre:\"/b/U\"; content:\"c\"; sid:5;)");
    assert_int_equal(s->n_bufs, 1);
    assert_int_equal(s->bufs[0].list.n, 3);
    sig_free(s);
    s = parse_ok(de, "alert http any any -> any any (file.data; content:\"a\"; "
                     "pcre:\"/b/QR\"; content:\"c\"; sid:6;)");
    assert_int_equal(s->n_bufs, 1);
    assert_int_equal(s->bufs[0].list.n, 3);
    sig_free(s);
    detect_engine_free(de);
}

/* rule_parse() return code for text. */
static int parse_rc(struct detect_engine *de, const char *text, char *err, size_t errlen)
{
    struct sig *s = NULL;
    int rc = rule_parse(de, text, &s, err, errlen);

    sig_free(s);
    return rc;
}

static void test_requires(void **state)
{
    struct detect_engine *de = engine(false);
    char err[RULE_PARSE_ERR_MAX];
    static const struct {
        const char *req;
        int rc;
    } cases[] = {
        { "version >= 7.0.3", VG_OK },
        { "version >= 9", VG_OK },
        { "version >= 8.0.5 < 10", VG_OK },
        { "version >= 9.0.1", VG_EUNSUPPORTED },
        { "version < 8", VG_EUNSUPPORTED },
        { "version < 8 | >= 9.0.0", VG_OK },
        { "version >= 7, feature ja4", VG_EUNSUPPORTED },
        { "feature geoip", VG_EUNSUPPORTED },
        { "foo bar", VG_EUNSUPPORTED },
        { "version 9", VG_EINVAL },
        { "version >= x", VG_EINVAL },
    };
    char rule[256];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(rule, sizeof(rule), "alert tcp any any -> any any (requires: %s; sid:1;)",
                cases[i].req);
        if (parse_rc(de, rule, err, sizeof(err)) != cases[i].rc)
            fail_msg("requires: %s: got %s", cases[i].req, err);
    }
    /* checked before anything else: an unmet requirement hides unknown keywords */
    assert_int_equal(parse_rc(de,
                             "alert tcp any any -> any any (future.kw; requires: "
                             "version >= 10; sid:1;)",
                             err, sizeof(err)),
            VG_EUNSUPPORTED);
    assert_non_null(strstr(err, "version requirement not met"));
    /* the loader counts it as skipped, not failed */
    detect_engine_free(de);
    de = NULL;
    assert_int_equal(detect_engine_load_string(&de,
                             "alert tcp any any -> any any (requires: feature ja4; sid:1;)\n"
                             "alert tcp any any -> any any (sid:2;)\n",
                             "t", NULL, NULL, NULL),
            VG_OK);
    assert_int_equal(de->stats.rules_loaded, 1);
    assert_int_equal(de->stats.rules_failed, 0);
    assert_int_equal(de->stats.rules_skipped, 1);
    detect_engine_free(de);
}

static void test_intern_and_sharing(void **state)
{
    struct detect_engine *de = engine(false);
    const char *a = detect_engine_intern(de, "x.rules");
    char name[32];
    struct sig *s1, *s2;

    assert_ptr_equal(detect_engine_intern(de, "x.rules"), a);
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof(name), "class-%d", i);
        assert_string_equal(detect_engine_intern(de, name), name);
    }
    assert_ptr_equal(detect_engine_intern(de, "x.rules"), a);
    assert_ptr_equal(detect_engine_intern(de, "class-7"), detect_engine_intern(de, "class-7"));
    /* header sets with the same text are parsed once and shared */
    s1 = parse_ok(de, "alert tcp $HOME_NET any -> $EXTERNAL_NET $HTTP_PORTS (sid:1;)");
    s2 = parse_ok(de, "alert udp $HOME_NET 53 -> $EXTERNAL_NET $HTTP_PORTS (sid:2;)");
    assert_ptr_equal(s1->src.v4.r, s2->src.v4.r);
    assert_ptr_equal(s1->dp.ports.r, s2->dp.ports.r);
    assert_true(port_set_match(&s2->sp, 53));
    assert_false(port_set_match(&s2->sp, 54));
    sig_free(s1);
    sig_free(s2);
    detect_engine_free(de);
}

static void test_registry(void **state)
{
    const struct keyword *kw;

    /* unique names across the implemented keywords */
    for (size_t i = 0; i < keyword_registry_count(); i++) {
        kw = keyword_registry_at(i);
        assert_non_null(kw->name);
        assert_false(kw->flags & KW_F_UNSUPPORTED);
        for (size_t j = i + 1; j < keyword_registry_count(); j++)
            assert_string_not_equal(kw->name, keyword_registry_at(j)->name);
        assert_ptr_equal(keyword_lookup(kw->name), kw);
    }
    /* a placeholder still listed for an implemented keyword is a leftover: report it */
    for (size_t i = 0; i < keyword_unsupported_count(); i++) {
        kw = keyword_unsupported_at(i);
        assert_true(kw->flags & KW_F_UNSUPPORTED);
        if (keyword_lookup(kw->name) != kw)
            print_message("note: keywords.c: delete UNSUPPORTED(\"%s\")\n", kw->name);
    }
    assert_null(keyword_lookup("no-such-keyword"));
    assert_null(keyword_lookup(""));
    assert_non_null(keyword_lookup("sid"));
    assert_null(keyword_lookup("SID"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_rule),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_priority),
        cmocka_unit_test(test_actions_protos),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_meta_misc),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_load_string),
        cmocka_unit_test(test_fatal),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_builder),
        cmocka_unit_test(test_pkt_data),
        cmocka_unit_test(test_legacy_modifier_lists),
        cmocka_unit_test(test_requires),
        cmocka_unit_test(test_intern_and_sharing),
        cmocka_unit_test(test_registry),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
