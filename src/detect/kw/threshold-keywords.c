/*
 * threshold.c (kw) - the threshold: and detection_filter: rule keywords.
 *
 * threshold:type <limit|threshold|both>, track <by_src|by_dst|by_both|by_rule|by_flow>,
 * count <n>, seconds <s> (or type backoff with multiplier <m>, Suricata 8: alerts on the
 * count-th match, then count*m, count*m*m ...); detection_filter:track <...>, count <n>, seconds
 * <s>. They fill sig->threshold and sig->detection_filter (parsing in detect/threshold.c); the
 * engine applies them through threshold_check() once the signature matched. Each may appear once
 * per rule (an identical repeated threshold is accepted). detection_filter's unique_on
 * <src_port|dst_port> (Suricata 9) counts distinct ports instead of matches (not with
 * track by_flow).
 */
#include "detect/kw/kw-hdrflow.h"

#include <stdio.h>

#include "detect/threshold.h"
#include "util/err.h"

static int setup_threshold(struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);
    struct sig_threshold t;
    int rc = threshold_parse(value, false, &t, err, errlen);

    if (rc != VG_OK)
        return rc;
    /* ET Open repeats an identical threshold in a few rules: accept that one case */
    if (s->threshold.type != SIG_THRESHOLD_NONE &&
            (s->threshold.type != t.type || s->threshold.track != t.track ||
                    s->threshold.count != t.count || s->threshold.seconds != t.seconds ||
                    s->threshold.multiplier != t.multiplier)) {
        snprintf(err, errlen, "threshold: only one threshold per rule");
        return VG_EINVAL;
    }
    s->threshold = t;
    return VG_OK;
}

const struct keyword kw_threshold = {
    .name = "threshold",
    .setup = setup_threshold,
};

static int setup_detection_filter(
        struct sig_builder *b, const char *value, char *err, size_t errlen)
{
    struct sig *s = sig_builder_sig(b);

    if (s->detection_filter.type != SIG_THRESHOLD_NONE) {
        snprintf(err, errlen, "detection_filter: only one detection_filter per rule");
        return VG_EINVAL;
    }
    return threshold_parse(value, true, &s->detection_filter, err, errlen);
}

const struct keyword kw_detection_filter = {
    .name = "detection_filter",
    .setup = setup_detection_filter,
};
