#!/bin/sh
# run.sh - Vigie's benchmark driver: throughput beside the libpcap floor, peak RSS, and
# bytes of state per flow, all measured in one run on this machine.
#
# Usage: bench/run.sh [-b BUILD_DIR] [-n RUNS] [-p PACKETS] [--record]
#   BUILD_DIR  a meson build of vigie, gen-traffic and floor (default: build); use a
#              release or debugoptimized build without sanitizers.
#   RUNS       timed runs per program and pcap (default 3); the median is reported.
#   --record   also append the result block to bench/results.md.
#
# Data (bench/data/, gitignored) is generated once by gen-traffic if missing:
#   mixed-PACKETS.pcap      1M packets of mixed traffic, 2,000 concurrent flows (~600 MB)
#   flows100k-PACKETS.pcap  1M packets of the same mix, 100,000 concurrent flows
#   state-20k.pcap, state-120k.pcap  20,000 / 120,000 TCP flows all alive at the end
# Throughput is wall time of the whole process (start-up included) with the pcap in the
# page cache; Gbit/s counts wire bytes (pcap "len"). CPU time (user + system) is reported
# beside it: on a loaded machine it is the stable figure for one worker. Peak RSS is
# /usr/bin/time's maximum resident set size. Bytes of state per flow = (peak RSS with 120k live flows - peak RSS
# with 20k live flows) / 100,000: both runs are past flow.prealloc, so the difference is
# 100,000 flows' worth of flow structs, hash-table entries, allocator overhead and any
# per-flow output buffering.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
runs=3
packets=1000000
record=0
while [ $# -gt 0 ]; do
    case $1 in
    -b) build=$(cd "$2" && pwd); shift 2 ;;
    -n) runs=$2; shift 2 ;;
    -p) packets=$2; shift 2 ;;
    --record) record=1; shift ;;
    *) echo "usage: bench/run.sh [-b BUILD_DIR] [-n RUNS] [-p PACKETS] [--record]" >&2; exit 1 ;;
    esac
done

gen=$build/bench/gen-traffic
floor=$build/bench/floor
vigie=$build/vigie
for b in "$gen" "$floor" "$vigie"; do
    [ -x "$b" ] || { echo "run.sh: $b missing: build first (ninja -C $build)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }

data=$root/bench/data
out=$root/bench/out
mkdir -p "$data" "$out"

gen_if_missing() { # file, gen-traffic args...
    f=$1; shift
    if [ ! -s "$data/$f" ]; then
        echo "generating $f" >&2
        "$gen" -o "$data/$f.tmp" "$@" >&2 && mv "$data/$f.tmp" "$data/$f"
    fi
}
mixed=mixed-$packets.pcap
flows=flows100k-$packets.pcap
gen_if_missing "$mixed" -n "$packets" -c 2000 -s 1
gen_if_missing "$flows" -n "$packets" -c 100000 -s 2
gen_if_missing state-20k.pcap -F 20000
gen_if_missing state-120k.pcap -F 120000

# timed PROG ARGS...: runs once under /usr/bin/time; prints "wall_s maxrss_kb cpu_s"
timed() {
    /usr/bin/time -f '%e %M %U %S' -o "$out/time.txt" "$@" >"$out/stdout.txt" 2>"$out/stderr.txt" || {
        echo "run.sh: failed: $*" >&2; cat "$out/stderr.txt" >&2; exit 1; }
    awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out/time.txt"
}

run_vigie() { # pcap threads
    rm -rf "$out/logs"
    mkdir -p "$out/logs"
    timed "$vigie" -r "$1" -l "$out/logs" --threads "$2"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure NAME CMD...: RUNS timed runs; prints "wall_s maxrss_kb cpu_s" (median of each)
measure() {
    name=$1; shift
    : >"$out/runs.txt"
    i=0
    while [ $i -lt "$runs" ]; do
        "$@" >>"$out/runs.txt"
        i=$((i + 1))
    done
    t=$(cut -d' ' -f1 "$out/runs.txt" | median)
    m=$(cut -d' ' -f2 "$out/runs.txt" | median)
    c=$(cut -d' ' -f3 "$out/runs.txt" | median)
    echo "$name: $(tr '\n' ' ' <"$out/runs.txt")" >&2
    echo "$t $m $c"
}

pcap_stats() { # pcap -> "packets bytes"
    "$floor" "$1" | sed -n 's/.*packets=\([0-9]*\) bytes=\([0-9]*\).*/\1 \2/p'
}

report=$out/report.md
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD -- src 2>/dev/null || commit="$commit + uncommitted changes in src/"
cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
btype=$(meson configure "$build" 2>/dev/null | awk '$1 == "buildtype" { print $2 }')
ccver=$(sed -n 's/^C compiler for the host machine: \([^ ]*\) (\([^"]*\).*/\1 \2/p' \
    "$build/meson-logs/meson-log.txt" 2>/dev/null | head -1)
{
    echo "### $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
    echo
    echo "Machine: $(nproc) cores, $cpu, $mem, load average at start $(cut -d' ' -f1-3 /proc/loadavg)." \
        "Build: $btype, $ccver. $runs runs each, median."
    echo
    echo "| pcap | program | wall s | packets/s | Gbit/s | wall vs floor | CPU s | CPU vs floor | peak RSS |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
} >"$report"

for pcap in "$mixed" "$flows"; do
    f=$data/$pcap
    cat "$f" >/dev/null
    set -- $(pcap_stats "$f")
    npk=$1
    nby=$2
    fl=$(measure "$pcap floor" timed "$floor" "$f")
    set -- $fl
    fsec=$1
    fcpu=$3
    for prog in floor "vigie --threads 1" "vigie --threads 2"; do
        case $prog in
        floor) r=$fl ;;
        *1) r=$(measure "$pcap $prog" run_vigie "$f" 1) ;;
        *2) r=$(measure "$pcap $prog" run_vigie "$f" 2) ;;
        esac
        set -- $r
        sec=$1
        rss=$2
        cpu=$3
        flows=""
        case $prog in
        vigie*) flows=" ($(grep -c '"event_type":"flow"' "$out/logs/eve.json" || true) flow records)" ;;
        esac
        awk -v p="$pcap" -v prog="$prog" -v s="$sec" -v n="$npk" -v b="$nby" -v f="$fsec" \
            -v m="$rss" -v fl="$flows" -v c="$cpu" -v fc="$fcpu" 'BEGIN {
            s = (s > 0 ? s : 0.01)
            printf "| %s | %s%s | %.2f | %.0f | %.2f | %.2fx | %.2f | %.2fx | %.1f MiB |\n",
                p, prog, fl, s, n / s, b * 8 / s / 1e9, s / (f > 0 ? f : 0.01), c,
                c / (fc > 0 ? fc : 0.01), m / 1024 }' >>"$report"
    done
done

s20=$(measure "state-20k vigie" run_vigie "$data/state-20k.pcap" 1)
f20=$(grep -c '"event_type":"flow"' "$out/logs/eve.json" || true)
s120=$(measure "state-120k vigie" run_vigie "$data/state-120k.pcap" 1)
f120=$(grep -c '"event_type":"flow"' "$out/logs/eve.json" || true)
set -- $s20
r20=$2
set -- $s120
r120=$2
awk -v a="$r20" -v b="$r120" -v fa="$f20" -v fb="$f120" 'BEGIN {
    printf "\nState per flow (--threads 1): peak RSS %.1f MiB with 20k live flows (%d flow records), %.1f MiB with 120k (%d records): **%.0f bytes per flow**.\n",
        a / 1024, fa, b / 1024, fb, (b - a) * 1024 / 100000 }' >>"$report"
echo >>"$report"

cat "$report"
if [ "$record" = 1 ]; then
    cat "$report" >>"$root/bench/results.md"
    echo "appended to bench/results.md" >&2
fi
