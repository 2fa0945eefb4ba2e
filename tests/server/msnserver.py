#!/usr/bin/env python3
"""msntty test server: MSNP2-12 NS + SB + Passport 1.4 HTTPS + control port.

Prints one JSON line with the bound ports when ready, runs until SIGTERM/SIGINT.
See tests/server/README.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from accounts import AccountStore      # noqa: E402
from control import ControlConn        # noqa: E402
from listeners import Listeners        # noqa: E402
from netio import Logger               # noqa: E402
from ns import NSConn, DispatchConn    # noqa: E402
from passport import HTTPConn          # noqa: E402
from sb import SBConn                  # noqa: E402
from state import Server, KNOB_DEFAULTS  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description='msntty test server')
    p.add_argument('--accounts', default=os.path.join(HERE, 'accounts.json'))
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--ns-port', type=int, default=1863)
    p.add_argument('--sb-port', type=int, default=1864)
    p.add_argument('--https-port', type=int, default=8443)
    p.add_argument('--control-port', type=int, default=0)
    p.add_argument('--dispatch-port', type=int, default=0, help='port of the --dispatch listener (0 = free port)')
    p.add_argument('--cert', default=None)
    p.add_argument('--key', default=None)
    p.add_argument('--dispatch', action='store_true')
    p.add_argument('--chl', choices=('md5', 'msnp11', 'off'), default='off')
    p.add_argument('--log', default=None)
    p.add_argument('--knob', action='append', nargs='+', default=[], metavar='NAME=VALUE')
    return p.parse_args(argv)


def cert_paths(args):
    cert = args.cert or os.path.join(HERE, 'cert.pem')
    key = args.key or os.path.join(os.path.dirname(cert), 'key.pem')
    return cert, key


def ensure_cert(cert, key):
    if os.path.exists(cert) and os.path.exists(key):
        return
    target = os.path.dirname(os.path.abspath(cert))
    subprocess.run(['sh', os.path.join(HERE, 'mkcert.sh'), target], check=True,
                   stdout=subprocess.DEVNULL)
    made_cert, made_key = os.path.join(target, 'cert.pem'), os.path.join(target, 'key.pem')
    if os.path.abspath(made_cert) != os.path.abspath(cert):
        os.replace(made_cert, cert)
    if os.path.abspath(made_key) != os.path.abspath(key):
        os.replace(made_key, key)


def handler(server, cls):
    async def handle(reader, writer):
        try:
            conn = cls(server, reader, writer)
            await conn.run()
        except Exception as ex:
            server.logger.error(cls.__name__, 'connection error: %r' % (ex,))
            try:
                writer.close()
            except Exception:
                pass
    return handle


async def main(args):
    logger = Logger(args.log)
    store = AccountStore(args.accounts)
    server = Server(store, logger, args)
    for kv in [x for group in args.knob for x in group]:
        name, eq, value = kv.partition('=')
        if name not in KNOB_DEFAULTS:
            sys.exit('unknown knob %s (known: %s)' % (name, ', '.join(sorted(KNOB_DEFAULTS))))
        server.set_knob(name, value if eq else '1')

    cert, key = cert_paths(args)
    ensure_cert(cert, key)
    sslctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    sslctx.load_cert_chain(cert, key)

    listeners = server.listeners = Listeners(server, args.host)
    await listeners.listen('ns', handler(server, NSConn), args.ns_port)
    await listeners.listen('sb', handler(server, SBConn), args.sb_port)
    await listeners.listen('https', handler(server, HTTPConn), args.https_port, sslctx)
    await listeners.listen('control', handler(server, ControlConn), args.control_port)
    server.ports['dispatch'] = None
    if args.dispatch:
        await listeners.listen('dispatch', handler(server, DispatchConn), args.dispatch_port)

    # built-in bots are always online
    for acct in store.by_email.values():
        if acct.bot:
            server.puppet_online(acct.email, 'NLN', bot=acct.bot)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    sys.stdout.write(json.dumps({k: server.ports.get(k) for k in ('ns', 'sb', 'https', 'control', 'dispatch')}) + '\n')
    sys.stdout.flush()
    logger.log('MAIN', '..', 'ready %r' % (server.ports,))

    await stop.wait()
    listeners.close_all()
    for conn in list(server.conns):
        conn.close()
    await asyncio.sleep(0.05)


if __name__ == '__main__':
    try:
        asyncio.run(main(parse_args()))
    except KeyboardInterrupt:
        pass
    sys.exit(0)
