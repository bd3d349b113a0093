#!/usr/bin/env bash
# asan-one.sh VIGIE OUTDIR PCAP - run a sanitizer build of vigie over one pcap.
#
# Used by test.sh (through xargs -P2) for the "asan-all" suite. Writes OUTDIR/<id>.bad with
# one line naming the pcap and the problem when vigie reports a sanitizer error, dies on a
# signal or exceeds the time limit (VIGIE_ASAN_TIMEOUT seconds, default 120). An ordinary
# error exit (status 1, e.g. an unsupported link type) is not a failure here.
set -uo pipefail

vigie=$1
outdir=$2
pcap=$3
id=$(printf '%s' "$pcap" | md5sum | cut -c1-12)
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT

timeout "${VIGIE_ASAN_TIMEOUT:-120}" "$vigie" -r "$pcap" -l "$logdir" >/dev/null 2>"$outdir/$id.err"
rc=$?
reason=
if grep -qE 'ERROR: (Address|Leak|Undefined|Memory)Sanitizer|runtime error:' "$outdir/$id.err"; then
    reason="sanitizer: $(grep -m1 -E 'Sanitizer|runtime error:' "$outdir/$id.err")"
elif [ $rc -eq 124 ]; then
    reason="timeout"
elif [ $rc -gt 128 ]; then
    reason="killed by signal $((rc - 128))"
fi
if [ -n "$reason" ]; then
    echo "$pcap: $reason (stderr: $outdir/$id.err)" >"$outdir/$id.bad"
else
    rm -f "$outdir/$id.err"
fi
exit 0
