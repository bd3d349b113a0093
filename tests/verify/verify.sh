#!/usr/bin/env bash
# verify.sh - run the suricata-verify tests of ../shared/verify and check the pass-list.
#
# Usage: tests/verify/verify.sh [VIGIE [OUTDIR]] [--update]
#   VIGIE   engine binary (default build/vigie); OUTDIR results (default build/verify-out)
#   --update  rewrite tests/verify/passlist.txt from this run instead of checking it
# shared/ is $VIGIE_SHARED, or ../shared beside the repository. Fails when a test listed in
# passlist.txt does not pass; tests that pass but are not listed are reported, not failures.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

update=0
pos=()
for a in "$@"; do
    case "$a" in
    --update) update=1 ;;
    *) pos+=("$a") ;;
    esac
done
vigie=${pos[0]:-build/vigie}
out=${pos[1]:-build/verify-out}
shared=${VIGIE_SHARED:-../shared}
if [ ! -f "$shared/verify/svrun.py" ]; then
    echo "verify: $shared/verify/svrun.py not found (set VIGIE_SHARED)"
    exit 1
fi

rm -rf "$out"
mkdir -p "$out"
# svrun exits 1 when any test fails; the pass-list decides here.
python3 "$shared/verify/svrun.py" --engine "$vigie" --tests "$shared/verify/tests" \
    --jobs "${VIGIE_JOBS:-2}" --json "$out/results.json" --outdir "$out/sv" \
    >"$out/svrun.log" 2>&1 || true
tail -n 1 "$out/svrun.log"
if [ ! -s "$out/results.json" ]; then
    tail -n 20 "$out/svrun.log"
    echo "verify: svrun.py wrote no results"
    exit 1
fi
if [ "$update" = 1 ]; then
    exec python3 "$here/passlist.py" update "$here/passlist.txt" "$out/results.json"
fi
exec python3 "$here/passlist.py" check "$here/passlist.txt" "$out/results.json"
