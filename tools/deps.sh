#!/usr/bin/env bash
# Check that the packages needed to build and test msntty are installed (Debian/Ubuntu).
# Missing ones are installed when running as root; otherwise the exact command is printed
# and the script exits 1.
set -euo pipefail

PKGS=(g++ make pkg-config libncurses-dev libssl-dev libc-ares-dev catch2 python3 openssl tmux
      mandoc locales)

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
