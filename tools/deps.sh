#!/usr/bin/env bash
# The packages needed to build and test msntty (Debian/Ubuntu names).
#
#   tools/deps.sh                 install what is missing (as root), else print the command, exit 1
#   tools/deps.sh --check build   only report: name every missing tool or library at once and
#   tools/deps.sh --check test    exit 1 (the Makefile runs this before building or testing)
#
# --check looks for the tools, pkg-config modules ($PKG_CONFIG, as make uses) and the C.UTF-8
# locale (the tests run in it) themselves, not at the package database, so it also works where
# the packages have other names.
set -euo pipefail

PKGS=(g++ make pkg-config libncurses-dev libssl-dev libc-ares-dev libpugixml-dev catch2 python3 openssl tmux
      mandoc locales clang-format)

# what --check looks for: "kind:name:package" (kind cmd = a program, pc = a pkg-config module,
# locale = a locale `locale -a` lists)
BUILD_NEEDS=(cmd:"${CXX:-g++}":g++ cmd:make:make cmd:pkg-config:pkg-config pc:ncursesw:libncurses-dev
             pc:openssl:libssl-dev pc:libcares:libc-ares-dev pc:pugixml:libpugixml-dev)
# Catch2 v3 has other headers and a library of its own: the tests are written for v2.
TEST_NEEDS=("pc:catch2 < 3:catch2" cmd:python3:python3 cmd:openssl:openssl cmd:tmux:tmux cmd:mandoc:mandoc
            cmd:clang-format:clang-format locale:C.UTF-8:locales)
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

has_locale() {  # C.UTF-8 is listed as C.utf8 by glibc
    local want
    want=$(tr 'A-Z' 'a-z' <<<"${1//-/}")
    command -v locale >/dev/null 2>&1 &&
        locale -a 2>/dev/null | tr 'A-Z' 'a-z' | tr -d - | grep -qx "$want"
}

check() {
    local needs=("${BUILD_NEEDS[@]}")
    [ "$1" = test ] && needs+=("${TEST_NEEDS[@]}")
    local missing=() pkgs=() item kind name pkg
    for item in "${needs[@]}"; do
        IFS=: read -r kind name pkg <<<"$item"
        case $kind in
            cmd) command -v "$name" >/dev/null 2>&1 && continue
                 missing+=("$name") ;;
            pc) command -v "$PKG_CONFIG" >/dev/null 2>&1 && "$PKG_CONFIG" --exists "$name" && continue
                local module=${name%% *} found
                found=$("$PKG_CONFIG" --modversion "$module" 2>/dev/null || true)
                if [ -n "$found" ]; then
                    missing+=("$module.pc (version ${name#"$module" }, found $found)")
                else
                    missing+=("$module.pc")
                fi ;;
            locale) has_locale "$name" && continue
                    missing+=("the $name locale") ;;
        esac
        pkgs+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "deps: missing for make $1: ${missing[*]}" >&2
    local sudo="sudo "
    [ "$(id -u)" -eq 0 ] && sudo=
    echo "deps: on Debian/Ubuntu: ${sudo}apt-get install ${pkgs[*]}   (or: make deps)" >&2
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
