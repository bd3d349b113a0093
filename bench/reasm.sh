#!/bin/sh
# reasm.sh - TCP stream reassembly benchmark: throughput beside the libpcap floor on long
# HTTP transfers, and peak memory with 100,000 concurrent sessions.
#
# Usage: bench/reasm.sh [-b BUILD_DIR] [-n RUNS]
#   BUILD_DIR  a meson build (no sanitizers) with bench/gen-traffic, bench/floor,
#              tests/tools/stream_dump and vigie (default: build)
#   RUNS       timed runs per program (default 3); the median is reported
#
# Data (bench/data/, generated once by gen-traffic -H if missing):
#   http-bulk-500000.pcap  500k packets, 200 concurrent HTTP/1.1 downloads on port 80
#                          (responses Pareto from 256 KiB, up to 16 MiB; ~490 MiB)
#   http100k-500000.pcap   500k packets, 100,000 concurrent HTTP connections, all alive
#                          at the end with unacknowledged response data in flight
# Programs: floor (libpcap read loop); stream_dump -q (decode + flow + TCP tracking +
# reassembly, every byte handed to a counting consumer; with the default 1 MiB depth and
# with depth 0 = unlimited); vigie --threads 1 (the whole engine: HTTP parser, EVE).
# Gbit/s counts wire bytes over wall time; CPU s is user + system, the figure to trust on a
# loaded machine. Prints a markdown block for bench/results.md.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
runs=3
while [ $# -gt 0 ]; do
    case $1 in
    -b) build=$(cd "$2" && pwd); shift 2 ;;
    -n) runs=$2; shift 2 ;;
    *) echo "usage: bench/reasm.sh [-b BUILD_DIR] [-n RUNS]" >&2; exit 1 ;;
    esac
done
gen=$build/bench/gen-traffic
floor=$build/bench/floor
dump=$build/tests/tools/stream_dump
vigie=$build/vigie
for b in "$gen" "$floor" "$dump" "$vigie"; do
    [ -x "$b" ] || { echo "reasm.sh: $b missing: build first" >&2; exit 1; }
done
data=$root/bench/data
out=$root/bench/out
mkdir -p "$data" "$out"
[ -s "$data/http-bulk-500000.pcap" ] ||
    "$gen" -o "$data/http-bulk-500000.pcap" -n 500000 -c 200 -s 3 -H >&2
[ -s "$data/http100k-500000.pcap" ] ||
    "$gen" -o "$data/http100k-500000.pcap" -n 500000 -c 100000 -s 4 -H >&2

# timed CMD...: one run; prints "wall_s maxrss_kb cpu_s"
timed() {
    /usr/bin/time -f '%e %M %U %S' -o "$out/time.txt" "$@" >"$out/stdout.txt" 2>"$out/stderr.txt" || {
        echo "reasm.sh: failed: $*" >&2; cat "$out/stderr.txt" >&2; exit 1; }
    awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out/time.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# measure CMD...: RUNS runs; prints "wall maxrss cpu" medians
measure() {
    : >"$out/m.txt"
    i=0
    while [ $i -lt "$runs" ]; do
        if [ "$1" = vigie ]; then
            shift
            rm -rf "$out/logs"; mkdir -p "$out/logs"
            timed "$vigie" -r "$1" -l "$out/logs" --threads 1 >>"$out/m.txt"
            set -- vigie "$@"
        else
            timed "$@" >>"$out/m.txt"
        fi
        i=$((i + 1))
    done
    echo "$(cut -d' ' -f1 "$out/m.txt" | median) $(cut -d' ' -f2 "$out/m.txt" | median) $(cut -d' ' -f3 "$out/m.txt" | median)"
}
wire_bytes() { # pcap: sum of pcap "len" fields, from the floor's output
    "$floor" "$1" | sed -n 's/.*bytes=\([0-9]*\).*/\1/p'
}

echo "### $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git -C "$root" rev-parse --short HEAD): TCP reassembly"
echo
echo "Machine: $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg). $runs runs each, median."
echo
echo "| pcap | program | wall s | Gbit/s | CPU s | Gbit/s by CPU | CPU vs floor | peak RSS |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for pcap in http-bulk-500000.pcap http100k-500000.pcap; do
    p=$data/$pcap
    cat "$p" >/dev/null
    bytes=$(wire_bytes "$p")
    fcpu=
    for prog in floor dump-depth0 dump vigie; do
        case $prog in
        floor) r=$(measure "$floor" "$p"); name="floor" ;;
        dump-depth0) r=$(measure "$dump" -q -s stream.reassembly.depth=0 "$p")
            name="stream_dump -q, depth 0 ($(cat "$out/stdout.txt"))" ;;
        dump) r=$(measure "$dump" -q "$p"); name="stream_dump -q, depth 1 MiB" ;;
        vigie) r=$(measure vigie "$p"); name="vigie --threads 1" ;;
        esac
        set -- $r
        [ -n "$fcpu" ] || fcpu=$3
        awk -v pcap="$pcap" -v name="$name" -v w="$1" -v rss="$2" -v c="$3" -v b="$bytes" -v f="$fcpu" 'BEGIN {
            printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2fx | %.1f MiB |\n",
                pcap, name, w, b * 8 / w / 1e9, c, (c > 0 ? b * 8 / c / 1e9 : 0),
                (f > 0 ? c / f : 0), rss / 1024 }'
    done
done
