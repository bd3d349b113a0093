#!/bin/sh
# etopen.sh - Vigie with the whole ET Open set: load time (cold and cached prefilter
# databases), peak RSS with the rules loaded, and throughput on a capture beside the floor
# (reading the same pcap and doing nothing) and beside Vigie without rules, in one run.
#
# Usage: bench/etopen.sh [-b BUILD_DIR] [-c OTHER_VIGIE] [-n RUNS] [PCAP]
#   PCAP defaults to bench/data/mixed-1000000.pcap (made by bench/run.sh / gen-traffic).
#   -c: also runs OTHER_VIGIE (e.g. a copy of the previous binary) with ET Open, its runs
#   alternating with this build's, and prints both rows: the difference between the two is
#   then not the machine's load changing between the runs.
# Figures are medians of RUNS runs (default 3). CPU time (user + system) is the stable
# figure on a loaded machine; wall time is printed beside it.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
runs=3
other=
while [ $# -gt 0 ]; do
    case $1 in
    -b) build=$(cd "$2" && pwd); shift 2 ;;
    -c) other=$2; shift 2 ;;
    -n) runs=$2; shift 2 ;;
    -*) echo "usage: bench/etopen.sh [-b BUILD_DIR] [-c OTHER_VIGIE] [-n RUNS] [PCAP]" >&2; exit 1 ;;
    *) break ;;
    esac
done
pcap=${1:-$root/bench/data/mixed-1000000.pcap}
shared=${VIGIE_SHARED:-$root/../shared}
rules="$shared/rules/et-open/emerging-*.rules"
vigie=$build/vigie
floor=$build/bench/floor
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for f in "$vigie" "$floor" "$pcap"; do
    [ -e "$f" ] || { echo "etopen: $f missing (build, or run bench/run.sh once for data)" >&2; exit 1; }
done

# one NAME CMD...: one run; prints "wall_s cpu_s maxrss_kb"
one() {
    /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || {
        echo "etopen: '$*' failed:" >&2
        tail -n 5 "$out/stderr" >&2
        exit 1
    }
    awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' "$out/time"
}

# measure CMD...: RUNS runs, median of each column
measure() {
    : >"$out/runs"
    i=0
    while [ $i -lt "$runs" ]; do
        one "$@" >>"$out/runs"
        i=$((i + 1))
    done
    for c in 1 2 3; do
        cut -d' ' -f$c "$out/runs" | sort -n | awk '{ v[NR] = $1 } END { printf "%s ", v[int((NR + 1) / 2)] }'
    done
    echo
}

# -S takes a glob (quoted: Vigie expands it, as the rule-files list does)
loaded=$(XDG_CACHE_HOME=$out/cache "$vigie" -T -S "$rules" 2>&1 | grep 'rules successfully loaded' | tail -n 1)
echo "### $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git -C "$root" rev-parse --short HEAD): ET Open"
echo
echo "$loaded"
echo
echo "| run | wall s | CPU s | peak RSS MiB |"
echo "|---|---:|---:|---:|"
r=$(measure sh -c 'rm -rf "$1/cache"; XDG_CACHE_HOME="$1/cache" "$2" -T -S "$3"' sh "$out" "$vigie" "$rules")
echo "$r" | awk '{ printf "| load, cold (empty prefilter cache) | %s | %s | %.1f |\n", $1, $2, $3 / 1024 }'
XDG_CACHE_HOME=$out/cache "$vigie" -T -S "$rules" >/dev/null 2>&1 || true
r=$(XDG_CACHE_HOME=$out/cache measure "$vigie" -T -S "$rules")
echo "$r" | awk '{ printf "| load, cached | %s | %s | %.1f |\n", $1, $2, $3 / 1024 }'
fl=$(measure "$floor" "$pcap")
echo "$fl" | awk '{ printf "| floor: read %s | %s | %s | %.1f |\n", "'"$(basename "$pcap")"'", $1, $2, $3 / 1024 }'
nr=$(measure "$vigie" -r "$pcap" -l "$out" --threads 1)
echo "$nr" | awk '{ printf "| vigie, no rules, 1 worker | %s | %s | %.1f |\n", $1, $2, $3 / 1024 }'
if [ -z "$other" ]; then
    et=$(XDG_CACHE_HOME=$out/cache measure "$vigie" -r "$pcap" -l "$out" --threads 1 -S "$rules")
else
    # alternate: this build, the other, this build, ... (each warmed once: its cache)
    XDG_CACHE_HOME=$out/cache "$other" -T -S "$rules" >/dev/null 2>&1 || true
    : >"$out/alt.a"
    : >"$out/alt.b"
    i=0
    while [ $i -lt "$runs" ]; do
        XDG_CACHE_HOME=$out/cache one "$vigie" -r "$pcap" -l "$out" --threads 1 -S "$rules" >>"$out/alt.a"
        XDG_CACHE_HOME=$out/cache one "$other" -r "$pcap" -l "$out" --threads 1 -S "$rules" >>"$out/alt.b"
        i=$((i + 1))
    done
    med() {
        for c in 1 2 3; do
            cut -d' ' -f$c "$1" | sort -n | awk '{ v[NR] = $1 } END { printf "%s ", v[int((NR + 1) / 2)] }'
        done
        echo
    }
    et=$(med "$out/alt.a")
    ot=$(med "$out/alt.b")
fi
echo "$et" | awk '{ printf "| vigie, ET Open, 1 worker | %s | %s | %.1f |\n", $1, $2, $3 / 1024 }'
[ -z "$other" ] || echo "$ot" | awk '{ printf "| %s, ET Open, 1 worker (alternating) | %s | %s | %.1f |\n", "'"$other"'", $1, $2, $3 / 1024 }'
echo
echo "$fl $nr $et" | awk '{ printf "CPU vs floor: no rules %.2fx, ET Open %.2fx (ET Open includes its cached load)\n", $5 / $2, $8 / $2 }'
