#!/usr/bin/env bash
# test.sh - the one test command: set up, build, and run every test suite.
#
# Runs scripts/setup.sh --no-build first (packages, meson setup), then each suite below (the
# builds themselves are the first suites), records PASS or FAIL per suite with its log under
# $out, and ends with the line "N passed, N failed" (suites).
# Exit status: 0 when every suite passed, 1 otherwise. A suite whose inputs do not exist yet
# (no fuzz tests, no schema checker) is reported as SKIP and counted in neither number.
#
# Environment: VIGIE_SHARED (default ../shared); VIGIE_BUILD, VIGIE_BUILD_ASAN,
# VIGIE_BUILD_CLANG (default build, build-asan, build-clang); VIGIE_SKIP_SETUP=1 to skip
# setup.sh; VIGIE_ONLY="suite1 suite2" to run only some suites (names as printed).
set -uo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
build=${VIGIE_BUILD:-build}
asan=${VIGIE_BUILD_ASAN:-build-asan}
clang=${VIGIE_BUILD_CLANG:-build-clang}
shared=${VIGIE_SHARED:-../shared}
out=$build/test-out
export VIGIE_SHARED=$shared
export TZ=UTC
# sanitizers: abort on the first report, with a backtrace, and make leaks fatal too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:print_summary=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

start=$(date +%s)
if [ "${VIGIE_SKIP_SETUP:-0}" != 1 ]; then
    if ! scripts/setup.sh --no-build; then
        echo "setup failed: packages or meson setup (output above)"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi
rm -rf "$out"
mkdir -p "$out"

passed=0
failed=0
failed_names=()
skipped_names=()

# wanted NAME: true when the suite is selected by VIGIE_ONLY (or no selection)
wanted()
{
    [ -z "${VIGIE_ONLY:-}" ] && return 0
    case " $VIGIE_ONLY " in
    *" $1 "*) return 0 ;;
    esac
    return 1
}

# needs BUILD_DIR: true if that build compiled (suites of a broken build are skipped)
declare -A build_ok=()

# run_suite NAME CMD...: run one suite, log to $out/NAME.log, print one status line
run_suite()
{
    local name=$1
    shift
    wanted "$name" || return 0
    if [ -n "${needs:-}" ] && [ "${build_ok[$needs]:-1}" != 1 ]; then
        skipped_names+=("$name")
        printf 'SKIP %-16s %s did not build\n' "$name" "$needs"
        return 0
    fi
    local t0 t1 rc
    t0=$(date +%s)
    "$@" >"$out/$name.log" 2>&1
    rc=$?
    t1=$(date +%s)
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1))
        printf 'PASS %-16s (%ss) %s\n' "$name" $((t1 - t0)) "$(tail -n 1 "$out/$name.log")"
    elif [ $rc -eq 77 ]; then
        skipped_names+=("$name")
        printf 'SKIP %-16s %s\n' "$name" "$(tail -n 1 "$out/$name.log")"
    else
        failed=$((failed + 1))
        failed_names+=("$name")
        printf 'FAIL %-16s (%ss) log: %s\n' "$name" $((t1 - t0)) "$out/$name.log"
        tail -n 25 "$out/$name.log" | sed 's/^/    /'
    fi
}

# meson_suite BUILD SUITE: meson test of one suite; 77 (skip) when it has no tests
meson_suite()
{
    local n
    n=$(meson test -C "$1" --suite "$2" --no-rebuild --list 2>/dev/null | grep -c . || true)
    if [ "$n" -eq 0 ]; then
        echo "no $2 tests defined"
        return 77
    fi
    meson test -C "$1" --suite "$2" --no-rebuild --print-errorlogs --num-processes 2
}

# pcap_suite VIGIE OUTDIR: the integration cases of tests/pcap, outputs kept in OUTDIR
pcap_suite()
{
    python3 tests/pcap/run.py --vigie "$1" --outdir "$2"
}

# schema_suite: validate every eve.json the integration runs wrote
schema_suite()
{
    if [ ! -f tests/pcap/check_schema.py ]; then
        echo "tests/pcap/check_schema.py not written yet"
        return 77
    fi
    local files
    files=$(find "$out/pcap" "$out/pcap-asan" -name eve.json 2>/dev/null | sort)
    if [ -z "$files" ]; then
        echo "no eve.json written by the integration runs"
        return 1
    fi
    local f n=0 bad=0
    for f in $files; do
        n=$((n + 1))
        if ! python3 tests/pcap/check_schema.py --schema "$shared/verify/etc/eve-schema.json" \
                "$f" >"$out/schema-one.log" 2>&1; then
            echo "$f: $(tail -n 3 "$out/schema-one.log")"
            bad=$((bad + 1))
        fi
    done
    rm -f "$out/schema-one.log"
    echo "schema: $n eve.json files, $bad invalid"
    [ "$bad" -eq 0 ]
}

# asan_all_suite: build-asan/vigie over every pcap of shared/verify; fails on any sanitizer
# report, crash or timeout (an ordinary error exit, e.g. an unsupported link type, is fine)
asan_all_suite()
{
    local list=$out/asan-all.list
    find "$shared/verify" -type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort >"$list"
    mkdir -p "$out/asan-all"
    xargs -P2 -n1 -d '\n' scripts/asan-one.sh "$asan/vigie" "$out/asan-all" <"$list"
    local total bad
    total=$(wc -l <"$list")
    bad=$(cat "$out/asan-all"/*.bad 2>/dev/null | wc -l)
    if [ "$bad" -ne 0 ]; then
        cat "$out/asan-all"/*.bad
        echo "$bad of $total pcaps: sanitizer report, crash or timeout"
        return 1
    fi
    echo "$total pcaps, no sanitizer report"
}

# build_suite DIR: compile one build; later suites that need it are skipped if it fails
build_suite()
{
    if ninja -C "$1"; then
        build_ok[$1]=1
        return 0
    fi
    build_ok[$1]=0
    return 1
}

# with VIGIE_ONLY not naming a build, that build is taken as it is
build_ok[$build]=1
build_ok[$asan]=1
run_suite build build_suite "$build"
run_suite build-asan build_suite "$asan"
run_suite build-clang build_suite "$clang"
needs=$build
run_suite unit meson_suite "$build" unit
run_suite fuzz meson_suite "$build" fuzz
run_suite pcap pcap_suite "$build/vigie" "$out/pcap"
run_suite crosscheck tests/crosscheck/tshark_flows.sh "$build/vigie"
run_suite crosscheck-http tests/crosscheck/http.py "$build/vigie"
run_suite crosscheck-dns tests/crosscheck/dns.py "$build/vigie"
run_suite crosscheck-tls tests/crosscheck/tls.py "$build/vigie"
run_suite crosscheck-ssh tests/crosscheck/ssh.py "$build/vigie"
run_suite crosscheck-follow tests/crosscheck/follow.py "$build"
run_suite verify tests/verify/verify.sh "$build/vigie" "$out/verify"
needs=$asan
run_suite unit-asan meson_suite "$asan" unit
run_suite fuzz-asan meson_suite "$asan" fuzz
run_suite pcap-asan pcap_suite "$asan/vigie" "$out/pcap-asan"
run_suite asan-all asan_all_suite
needs=
run_suite schema schema_suite
run_suite includes scripts/check-includes.sh
run_suite format scripts/check-format.sh

end=$(date +%s)
echo "total time: $((end - start))s"
[ ${#skipped_names[@]} -gt 0 ] && echo "skipped: ${skipped_names[*]}"
[ ${#failed_names[@]} -gt 0 ] && echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
