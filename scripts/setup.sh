#!/usr/bin/env bash
# setup.sh - install every build and test dependency (Debian 12) and configure the builds.
#
# Idempotent: packages already installed are not fetched again (set VIGIE_FORCE_APT=1 to run
# apt-get update/install regardless), and existing build directories are reconfigured, not
# recreated. Works as root, or as a user with sudo. Builds:
#   build/        release-ish (debugoptimized), gcc: the binary build/vigie
#   build-asan/   ASan + UBSan, gcc, -fno-sanitize-recover=all: build-asan/vigie
#   build-clang/  debugoptimized, clang: the second compiler of the CI matrix (warnings)
# Set VIGIE_SKIP_APT=1 to skip the package step entirely (no network, or a non-Debian box).
# VIGIE_BUILD / VIGIE_BUILD_ASAN / VIGIE_BUILD_CLANG name other build directories.
# Usage: scripts/setup.sh [--release-only] [--no-build]
#   --release-only  only the release build;  --no-build  configure without compiling
set -euo pipefail

cd "$(dirname "$0")/.."

release_only=0
no_build=0
for a in "$@"; do
    case "$a" in
    --release-only) release_only=1 ;;
    --no-build) no_build=1 ;;
    *)
        echo "setup.sh: unknown option $a" >&2
        exit 1
        ;;
    esac
done

packages=(
    meson ninja-build pkg-config gcc clang libclang-rt-dev clang-format
    libpcap-dev libhyperscan-dev libpcre2-dev libyaml-dev libssl-dev zlib1g-dev liblzma-dev libcmocka-dev libmagic-dev
    libpsl-dev
    python3 python3-yaml python3-jsonschema
    tshark tcpreplay
)

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
else
    as_root=(sudo)
fi

missing_packages()
{
    local p
    for p in "${packages[@]}"; do
        if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
            echo "$p"
        fi
    done
}

if [ "${VIGIE_SKIP_APT:-0}" != 1 ]; then
    missing=$(missing_packages || true)
    if [ -n "$missing" ] || [ "${VIGIE_FORCE_APT:-0}" = 1 ]; then
        echo "setup: installing packages: ${missing:-all (forced)}" | tr '\n' ' '
        echo
        export DEBIAN_FRONTEND=noninteractive
        # tshark's postinst asks whether non-root users may capture; answer "no".
        echo 'wireshark-common wireshark-common/install-setuid boolean false' |
            "${as_root[@]}" debconf-set-selections
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
        install_list=("${packages[@]}")
        # python3-jsonschema is optional: the schema check falls back to a built-in subset.
        if ! apt-cache show python3-jsonschema >/dev/null 2>&1; then
            install_list=("${install_list[@]/python3-jsonschema/}")
        fi
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends ${install_list[*]}
    fi
fi

# setup_build DIR ENV... -- MESON_OPTIONS...: configure DIR unless it is already configured
setup_build()
{
    local dir=$1
    shift
    local envs=()
    while [ "$1" != "--" ]; do
        envs+=("$1")
        shift
    done
    shift
    if [ -f "$dir/build.ninja" ]; then
        meson configure "$dir" "$@" >/dev/null
    else
        env "${envs[@]}" meson setup "$dir" "$@"
    fi
}

build_dir=${VIGIE_BUILD:-build}
asan_dir=${VIGIE_BUILD_ASAN:-build-asan}
clang_dir=${VIGIE_BUILD_CLANG:-build-clang}

setup_build "$build_dir" CC=gcc -- --buildtype=debugoptimized
[ "$no_build" = 1 ] || ninja -C "$build_dir"
[ "$release_only" = 1 ] && exit 0

setup_build "$asan_dir" CC=gcc -- --buildtype=debug \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fno-sanitize-recover=all -Dc_link_args=-fno-sanitize-recover=all
setup_build "$clang_dir" CC=clang -- --buildtype=debugoptimized

if [ "$no_build" != 1 ]; then
    ninja -C "$asan_dir"
    ninja -C "$clang_dir"
fi
