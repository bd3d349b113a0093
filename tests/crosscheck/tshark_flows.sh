#!/usr/bin/env bash
# tshark_flows.sh - cross-check Vigie's TCP and UDP flow counts against tshark.
#
# Usage: tests/crosscheck/tshark_flows.sh [VIGIE]   (default build/vigie)
# For each capture of pcaps.txt (paths relative to the repository, ${SHARED} = ../shared or
# $VIGIE_SHARED), counts the flow records of proto TCP and UDP that Vigie writes (config
# flow-only.yaml) and the conversations of `tshark -qz conv,tcp` / `conv,udp`, and fails
# when they differ. Known, explained differences:
#  - packets whose IPv4 header tshark itself flags as bogus (total length past the data,
#    header length < 20) are left out of tshark's count: Vigie, like Suricata, marks them
#    invalid (decoder.ipv4.trunc_pkt, hlen_too_small) and tracks no flow for them;
#  - captures with tunnels (VXLAN, GRE, ...) or IP fragments are not listed: Vigie counts
#    outer and inner flows and flows of reassembled datagrams, tshark's conversation table
#    counts differently (e.g. fragments of one datagram without ports).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
vigie=${1:-build/vigie}
shared=${VIGIE_SHARED:-../shared}
filter='!ip.bogus_ip_length && !ip.bogus_header_length'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# tshark_count PCAP tcp|udp: number of conversations
tshark_count()
{
    tshark -n -r "$1" -qz "conv,$2,$filter" 2>/dev/null | grep -c '<->' || true
}

# vigie_count EVE TCP|UDP: number of flow records of that protocol
vigie_count()
{
    python3 - "$1" "$2" <<'PY'
import json, sys
n = 0
with open(sys.argv[1]) as f:
    for line in f:
        if line.strip():
            r = json.loads(line)
            n += r.get("event_type") == "flow" and r.get("proto") == sys.argv[2]
print(n)
PY
}

fail=0
total=0
printf '%-64s %11s %11s\n' capture "tcp v/t" "udp v/t"
while read -r line; do
    pcap=${line%%#*}
    pcap=$(echo "$pcap" | xargs)
    [ -z "$pcap" ] && continue
    pcap=${pcap//\$\{SHARED\}/$shared}
    total=$((total + 1))
    if [ ! -f "$pcap" ]; then
        echo "missing capture: $pcap"
        fail=1
        continue
    fi
    out=$tmp/$total
    mkdir -p "$out"
    if ! "$vigie" -c tests/crosscheck/flow-only.yaml -r "$pcap" -l "$out" >"$out/log" 2>&1; then
        echo "$pcap: vigie failed: $(tail -n 1 "$out/log")"
        fail=1
        continue
    fi
    vt=$(vigie_count "$out/eve.json" TCP)
    vu=$(vigie_count "$out/eve.json" UDP)
    tt=$(tshark_count "$pcap" tcp)
    tu=$(tshark_count "$pcap" udp)
    mark=
    if [ "$vt" != "$tt" ] || [ "$vu" != "$tu" ]; then
        mark="  MISMATCH"
        fail=1
    fi
    printf '%-64s %5s/%-5s %5s/%-5s%s\n' "${pcap#"$shared"/verify/}" "$vt" "$tt" "$vu" "$tu" "$mark"
done <tests/crosscheck/pcaps.txt

if [ "$fail" -ne 0 ]; then
    echo "crosscheck: flow counts differ from tshark (v = vigie, t = tshark)"
    exit 1
fi
echo "crosscheck: $total captures, TCP and UDP flow counts equal tshark's"
