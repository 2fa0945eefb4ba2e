#!/usr/bin/env bash
# The packages needed to build and test msntty (Debian/Ubuntu names).
#
#   tools/deps.sh                 install what is missing (as root), else print the command, exit 1
#   tools/deps.sh --check build   only report: name every missing tool or library at once and
#   tools/deps.sh --check test    exit 1 (the Makefile runs this before building or testing)
#
# --check looks for the tools and pkg-config modules themselves, not at the package database,
# so it also works where the packages have other names.
set -euo pipefail

PKGS=(g++ make pkg-config libncurses-dev libssl-dev libc-ares-dev libpugixml-dev catch2 python3 openssl tmux
      mandoc locales clang-format)

# what --check looks for: "kind:name:package" (kind cmd = a program, pc = a pkg-config module)
BUILD_NEEDS=(cmd:"${CXX:-g++}":g++ cmd:make:make cmd:pkg-config:pkg-config pc:ncursesw:libncurses-dev
             pc:openssl:libssl-dev pc:libcares:libc-ares-dev pc:pugixml:libpugixml-dev)
TEST_NEEDS=(pc:catch2:catch2 cmd:python3:python3 cmd:openssl:openssl cmd:tmux:tmux cmd:mandoc:mandoc cmd:clang-format:clang-format)

check() {
    local needs=("${BUILD_NEEDS[@]}")
    [ "$1" = test ] && needs+=("${TEST_NEEDS[@]}")
    local missing=() pkgs=() item kind name pkg
    for item in "${needs[@]}"; do
        IFS=: read -r kind name pkg <<<"$item"
        if [ "$kind" = cmd ]; then
            command -v "$name" >/dev/null 2>&1 && continue
            missing+=("$name")
        else
            command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$name" && continue
            missing+=("$name.pc")
        fi
        pkgs+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "deps: missing for make $1: ${missing[*]}" >&2
    echo "deps: on Debian/Ubuntu: sudo apt-get install ${pkgs[*]}   (or: make deps)" >&2
    return 1
}

if [ "${1:-}" = --check ]; then
    case "${2:-}" in
        build|test) check "$2"; exit $? ;;
        *) echo "usage: tools/deps.sh [--check build|test]" >&2; exit 2 ;;
    esac
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: no dpkg-query here; install the equivalents of: ${PKGS[*]}" >&2
    exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    if [ "$status" != "installed" ]; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "deps: missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
    exit 0
fi
echo "deps: install them with:"
echo "    sudo apt-get install ${missing[*]}"
exit 1
