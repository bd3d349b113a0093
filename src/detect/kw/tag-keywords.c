/*
 * tag-keywords.c - the tag keyword: tag:session[,<count>,<metric>] or
 * tag:host[,<count>,<metric>[,src|dst]], metric one of packets, bytes, seconds.
 *
 * As Suricata: without count and metric, 256 packets; host tags the alert's destination
 * address unless src is given; the direction needs count and metric before it and is only
 * valid for host. The keyword may appear several times in a rule. Parsing gives a
 * struct tag_spec (detect/tag-state.h) on the rule's post-match list: when the rule
 * matches, the tag is added to the worker's tag table, which then tags the flow's or the
 * host's following packets (detect_packet_tagged()).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect.h"
#include "detect/engine-int.h"
#include "detect/keyword.h"
#include "detect/rule-text.h"
#include "detect/tag-state.h"
#include "util/err.h"

extern const struct keyword kw_tag;

/* Field i of the value (trimmed, NUL-terminated) into ts; false if invalid. */
static bool tag_field(struct tag_spec *ts, int i, const char *f)
{
    char *end;
    unsigned long n;

    switch (i) {
    case 0:
        if (strcmp(f, "session") == 0)
            ts->scope = TAG_SCOPE_SESSION;
        else if (strcmp(f, "host") == 0)
            ts->scope = TAG_SCOPE_HOST;
        else
            return false;
        return true;
    case 1:
        if (!isdigit((unsigned char)f[0]))
            return false;
        n = strtoul(f, &end, 10);
        if (*end != '\0' || n > UINT32_MAX)
            return false;
        ts->count = (uint32_t)n;
        return true;
    case 2:
        if (strcmp(f, "packets") == 0)
            ts->metric = TAG_METRIC_PACKETS;
        else if (strcmp(f, "bytes") == 0)
            ts->metric = TAG_METRIC_BYTES;
        else if (strcmp(f, "seconds") == 0)
            ts->metric = TAG_METRIC_SECONDS;
        else
            return false;
        return true;
    case 3:
        if (ts->scope != TAG_SCOPE_HOST)
            return false;
        if (strcmp(f, "src") == 0)
            ts->src = true;
        else if (strcmp(f, "dst") != 0)
            return false;
        return true;
    default:
        return false;
    }
}

/* Parses v (unquoted copy in buf) into ts; false if invalid. */
static bool tag_parse(char *buf, struct tag_spec *ts)
{
    char *p = buf;
    int i = 0;

    ts->metric = TAG_METRIC_PACKETS;
    ts->count = TAG_DEFAULT_COUNT;
    for (;; i++) {
        char *end = p + strcspn(p, ","), *a = p, *z = end;
        bool last = *end == '\0';

        while (a < z && isspace((unsigned char)*a))
            a++;
        while (z > a && isspace((unsigned char)z[-1]))
            z--;
        *z = '\0';
        if (!tag_field(ts, i, a))
            return false;
        if (last)
            break;
        p = end + 1;
    }
    return i != 1; /* a count needs its metric */
}

static int setup_tag(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct tag_spec *ts;
    char *buf, *v;

    if (value == NULL) {
        snprintf(err, errlen, "tag: a value is required");
        return VG_EINVAL;
    }
    buf = strdup(value);
    ts = calloc(1, sizeof(*ts));
    if (buf == NULL || ts == NULL) {
        free(buf);
        free(ts);
        return VG_ENOMEM;
    }
    v = rule_unquote(buf);
    if (!tag_parse(v, ts)) {
        snprintf(err, errlen, "invalid tag \"%.64s\"", value);
        free(buf);
        free(ts);
        return VG_EINVAL;
    }
    free(buf);
    return sig_builder_add_post(b, &kw_tag, ts);
}

static bool match_tag(
        struct detect_thread *dt, struct packet *p, const struct sig *s, const void *ctx)
{
    tag_table_add(dt->tags, ctx, p, s->gid, s->sid);
    return true;
}

const struct keyword kw_tag = {
    .name = "tag",
    .setup = setup_tag,
    .match = match_tag,
    .free = free,
};

bool detect_packet_tagged(struct detect_thread *dt, const struct packet *p)
{
    return dt != NULL && tag_table_check(dt->tags, p);
}
