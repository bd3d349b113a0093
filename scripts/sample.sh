#!/usr/bin/env bash
# sample.sh - set up, build, run Vigie on the bundled capture and print a short summary.
#
# Usage: scripts/sample.sh [PCAP]   (default samples/sample.pcap)
# Output goes to build/sample-out/eve.json (VIGIE_BUILD names another build directory).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${VIGIE_BUILD:-build}
pcap=${1:-samples/sample.pcap}
out=$build/sample-out

scripts/setup.sh --release-only >"${TMPDIR:-/tmp}/vigie-setup.log" 2>&1 || {
    cat "${TMPDIR:-/tmp}/vigie-setup.log"
    echo "sample: setup failed (log above)"
    exit 1
}
rm -rf "$out"
mkdir -p "$out"
echo "\$ $build/vigie -r $pcap -l $out"
"$build/vigie" -r "$pcap" -l "$out"
python3 scripts/eve-summary.py "$out/eve.json"
