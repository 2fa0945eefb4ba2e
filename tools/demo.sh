#!/usr/bin/env bash
# make demo: start the bundled test server on 127.0.0.1 (ports 1863/1864/8443, or free ports if
# those are taken) and open msntty signed in as alice@example.com.  The server stops when the
# client exits.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${MSNTTY_BIN:-./msntty}
if [ ! -x "$BIN" ]; then
    echo "demo: $BIN is missing; run make first" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/msntty-demo.XXXXXX")
server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap ':' INT          # Ctrl-C is the client's business; we only clean up after it exits
trap 'exit 143' TERM HUP

sh tests/server/mkcert.sh tests/server >/dev/null

# start_server NS SB HTTPS: starts the server, waits for its ready line; 0 on success
start_server() {
    : >"$work/ready"
    setsid python3 tests/server/msnserver.py --ns-port "$1" --sb-port "$2" --https-port "$3" \
        --log "$work/server.log" >"$work/ready" 2>"$work/server.err" </dev/null &
    server_pid=$!
    for _ in $(seq 1 100); do
        if [ -s "$work/ready" ] && grep -q '}' "$work/ready"; then
            return 0
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            wait "$server_pid" 2>/dev/null || true
            server_pid=
            return 1
        fi
        sleep 0.1
    done
    kill -TERM "$server_pid" 2>/dev/null || true
    server_pid=
    return 1
}

if ! start_server 1863 1864 8443; then
    echo "demo: ports 1863/1864/8443 are busy; using free ports instead"
    if ! start_server 0 0 0; then
        echo "demo: the test server did not start:" >&2
        cat "$work/server.err" >&2
        exit 1
    fi
fi

read -r NS HTTPS CONTROL < <(python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).readline())
print(r["ns"], r["https"], r["control"])' "$work/ready")

cat <<BANNER
msntty demo -- test server on 127.0.0.1 (NS $NS, Passport https://127.0.0.1:$HTTPS, control $CONTROL)

  You are alice@example.com (password alicepass), signed in over MSNP12.
  Other accounts: bob@example.com/bobpass, carol@example.com/carolpass, dave@example.com/davepass
  (sign them in from another terminal with the same -s/--nexus/--ca-file options, or
  make someone appear:  echo 'online carol@example.com' | nc 127.0.0.1 $CONTROL).
  echo@example.com is a bot that is always online and answers every message.
  Try: /msg echo@example.com hello    /status busy    /help
  Quit with /quit; the server stops with the client.

BANNER

# keep the demo's settings, logs and history out of the real home directory
mkdir -p "$work/config" "$work/data" "$work/state"
set +e
XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
MSNTTY_PASSWORD=alicepass \
    "$BIN" -a alice@example.com -s "127.0.0.1:$NS" \
    --nexus "https://127.0.0.1:$HTTPS/rdr/pprdr.asp" --ca-file tests/server/cert.pem
status=$?
set -e
exit $status
