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

# The hints go into the client's status window (/echo lines in the demo's own config file): a
# banner printed here would be hidden behind the interface at once.
mkdir -p "$work/config/msntty" "$work/data" "$work/state"
# --web: every web service (Passport, SSO, the address book, offline messages) is the server's;
# without it a MSNP15+ sign-in would ask the real Escargot for its tickets.
client_opts="-s 127.0.0.1:$NS --web https://127.0.0.1:$HTTPS --ca-file $PWD/tests/server/cert.pem"
cat >"$work/config/msntty/config" <<HINTS
/echo msntty demo: the bundled test server runs on 127.0.0.1 (NS $NS, Passport $HTTPS, control $CONTROL).
/echo You are alice@example.com. echo@example.com is always online and answers: /msg echo@example.com hello
/echo Other accounts: bob@example.com/bobpass, carol@example.com/carolpass, dave@example.com/davepass; sign one in from another terminal with  MSNTTY_PASSWORD=bobpass $(realpath "$BIN") -a bob@example.com $client_opts
/echo Make someone appear (bash):  echo 'online carol@example.com' >/dev/tcp/127.0.0.1/$CONTROL
/echo Try /status busy or /help; /quit ends the demo and stops the server.
HINTS
chmod 600 "$work/config/msntty/config"
echo "msntty demo: test server on 127.0.0.1 (NS $NS); the hints are in the client's status window"

# keep the demo's settings, logs and history out of the real home directory
set +e
XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
MSNTTY_PASSWORD=alicepass \
    "$BIN" -a alice@example.com $client_opts
status=$?
set -e
exit $status
