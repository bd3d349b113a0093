#!/usr/bin/env bash
# check-format.sh - every C file of src/, tests/ and bench/ is clang-format clean.
#
# Uses the repository's .clang-format (validated with clang-format 14, Debian 12). Prints
# the offending files with clang-format's first diagnostics; exit 1 if any. Fix with
# `clang-format -i FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(find src tests bench -type f \( -name '*.c' -o -name '*.h' \) | sort)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# one clang-format process for the whole tree; it reports every file that differs
if clang-format --dry-run --Werror "${files[@]}" >"$log" 2>&1; then
    echo "format: ${#files[@]} files OK ($(clang-format --version | sed 's/.*version \([0-9.]*\).*/clang-format \1/'))"
    exit 0
fi
mapfile -t bad < <(grep -oE '^[^: ]+\.[ch]:[0-9]+:[0-9]+: error' "$log" | cut -d: -f1 | sort -u)
for f in "${bad[@]}"; do
    echo "not formatted: $f"
    grep -m 2 -A 2 "^$f:" "$log" | sed 's/^/    /'
done
[ ${#bad[@]} -eq 0 ] && cat "$log"
echo "format: ${#bad[@]} of ${#files[@]} files need clang-format -i"
exit 1
