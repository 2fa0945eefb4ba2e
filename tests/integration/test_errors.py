"""Failures: wrong passwords, servers closing mid-login, OUT OTH/SSD, bad data, keep-alive,
signals.  None of them may hang; every stdout line stays JSON (checked by the harness)."""
import re
import resource
import signal
import socket
import time

from harness import (Client, Server, EXIT_AUTH, EXIT_CONN_LOST, EXIT_INTERNAL, EXIT_OK, check,
                     signed_in_pair, wait_until)

# These tests check what a loss does when msntty does not sign in again (exit 69, signed_out);
# tests/integration/test_reconnect.py has what it does by default.
NO_RECONNECT = ['/set reconnect off']


# ------------------------------------------------------------------------------- passwords

def _wrong_password(proto, account='alice@example.com'):
    def test():
        srv = Server()
        t0 = time.monotonic()
        c = Client(srv, account, proto, password='wrong-password')
        code = c.wait_exit(15)
        check(code == EXIT_AUTH, 'exit status %r, want 77 (authentication failed)' % code)
        errs = c.find('error', code=911)
        check(errs, 'no error event with code 911: %r' % c.find('error'))
        check(any('authentication failed' in e.get('text', '') for e in errs),
              'error text does not say "authentication failed": %r' % errs)
        c.wait_event('signed_out', reason='auth_failed', timeout=1)
        check(not c.find('signed_in'), 'signed in with a wrong password')
        check(time.monotonic() - t0 < 10, 'took %.1fs to give up' % (time.monotonic() - t0))
        check('wrong-password' not in c.stderr_text(), 'the password appears on stderr')
    test.__name__ = 'test_wrong_password_%s' % proto.lower()
    return test


for _p in ('MSNP2', 'MSNP7', 'MSNP8', 'MSNP12'):
    globals()['test_wrong_password_%s' % _p.lower()] = _wrong_password(_p)

test_unknown_account_md5 = _wrong_password('MSNP7', 'nobody@example.com')
test_unknown_account_md5.__name__ = 'test_unknown_account_md5'
test_unknown_account_passport = _wrong_password('MSNP12', 'nobody@example.com')
test_unknown_account_passport.__name__ = 'test_unknown_account_passport'


# ------------------------------------------------------------------------------- close_at

def _close_at(step, proto):
    def test():
        srv = Server(knobs={'close_at': step})
        t0 = time.monotonic()
        c = Client(srv, 'alice@example.com', proto, config=NO_RECONNECT)
        code = c.wait_exit(10)
        dt = time.monotonic() - t0
        check(code == EXIT_CONN_LOST, 'server closed at %s: exit status %r, want 69' % (step, code))
        check(dt < 8, 'took %.1fs to notice the closed connection' % dt)
        outs = c.find('signed_out')
        check(outs, 'no signed_out event')
        check(outs[-1].get('reason') == 'connection_lost',
              'signed_out reason %r, want connection_lost' % outs[-1].get('reason'))
        check(any((e.get('text') or '').strip() for e in outs + c.find('error')),
              'neither signed_out nor an error event carries a text')
        if step != 'syn':
            check(not c.find('signed_in'), 'signed_in although the server closed at %s' % step)
        check(srv.log_lines(direction='..', startswith='knob close_at=%s' % step),
              'the server never reached step %s (the test did not test what it meant to)' % step)
    test.__name__ = 'test_close_at_%s_%s' % (step, proto.lower())
    return test


for _step, _protos in (('ver', ('MSNP7', 'MSNP12')), ('cvr', ('MSNP12',)), ('inf', ('MSNP7',)),
                       ('usr_i', ('MSNP7', 'MSNP12')), ('usr_s', ('MSNP7', 'MSNP12')),
                       ('syn', ('MSNP7', 'MSNP12'))):
    for _p in _protos:
        globals()['test_close_at_%s_%s' % (_step, _p.lower())] = _close_at(_step, _p)


def test_connection_refused_does_not_hang():
    # a port nobody listens on (bound, then closed)
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    c = Client(None, 'alice@example.com', 'MSNP7', config=NO_RECONNECT + ['/set server 127.0.0.1:%d' % port])
    code = c.wait_exit(10)
    check(code != EXIT_OK, 'exit status 0 after connection refused')
    check(c.find('error') or c.find('signed_out'), 'no error/signed_out event for a refused connection')


def test_server_dies_after_signin():
    srv = Server()
    c = Client(srv, 'alice@example.com', 'MSNP12', config=NO_RECONNECT)
    c.wait_signed_in()
    srv.stop()
    t0 = time.monotonic()
    c.wait_event('signed_out', reason='connection_lost', timeout=10)
    code = c.wait_exit(10)
    check(code == EXIT_CONN_LOST, 'exit status %r, want 69' % code)
    check(time.monotonic() - t0 < 8, 'took too long to notice the closed connection')


# ------------------------------------------------------------------------------- OUT from the server

def _other_login(proto):
    def test():
        srv = Server()
        first = Client(srv, 'alice@example.com', proto, label='first alice', config=NO_RECONNECT)
        first.wait_signed_in()
        second = Client(srv, 'alice@example.com', proto, label='second alice')
        second.wait_signed_in()
        first.wait_event('signed_out', reason='other_login', timeout=10)
        check(first.wait_exit(10) == EXIT_CONN_LOST, 'first client exit status %r, want 69' % first.exit_code)
        second.expect_no_event('signed_out', within=1)
        m = second.mark()
        second.send('/status brb')
        second.wait_event('status', since=m, status='brb')
    test.__name__ = 'test_other_login_%s' % proto.lower()
    return test


test_other_login_msnp7 = _other_login('MSNP7')
test_other_login_msnp12 = _other_login('MSNP12')


def test_kicked_by_server(server):
    c = Client(server, 'bob@example.com', 'MSNP10', config=NO_RECONNECT)
    c.wait_signed_in()
    server.ctl('kick bob@example.com')
    c.wait_event('signed_out', reason='other_login', timeout=10)
    check(c.wait_exit(10) == EXIT_CONN_LOST, 'exit status %r, want 69' % c.exit_code)


def _shutdown(proto):
    def test():
        srv = Server()
        c = Client(srv, 'alice@example.com', proto, config=NO_RECONNECT)
        c.wait_signed_in()
        check(srv.ctl('shutdown_notice') == '1', 'the server did not send OUT SSD to one client')
        ev = c.wait_event('signed_out', timeout=10)
        check(ev.get('reason') == 'server_shutdown', 'signed_out reason %r, want server_shutdown' % ev.get('reason'))
        code = c.wait_exit(10)
        check(code != EXIT_OK, 'exit status 0 after the server shut down')
    test.__name__ = 'test_shutdown_notice_%s' % proto.lower()
    return test


test_shutdown_notice_msnp7 = _shutdown('MSNP7')
test_shutdown_notice_msnp12 = _shutdown('MSNP12')


# ------------------------------------------------------------------------------- bad data

def _garbage(proto):
    def test():
        srv = Server(knobs={'garbage': 1})
        c = Client(srv, 'alice@example.com', proto)
        c.wait_signed_in()
        c.wait_event('error', timeout=10)
        c.expect_no_event('signed_out', within=1)
        m = c.mark()
        c.send('/status busy')
        c.wait_event('status', since=m, status='busy')
        wait_until(lambda: (srv.session_of('alice@example.com') or {}).get('status') == 'BSY', 5,
                   'the server to see alice busy after the garbage lines')
        c.send('/quit')
        check(c.wait_exit(10) == EXIT_OK, 'exit status %r after /quit, want 0' % c.exit_code)
    test.__name__ = 'test_garbage_%s' % proto.lower()
    return test


test_garbage_msnp7 = _garbage('MSNP7')
test_garbage_msnp12 = _garbage('MSNP12')


def _oversize(proto):
    def test():
        srv = Server(knobs={'oversize': 1})
        c = Client(srv, 'alice@example.com', proto, config=NO_RECONNECT)
        code = c.wait_exit(15)
        check(code != EXIT_OK, 'exit status 0 after an oversize payload')
        errs = c.find('error')
        check(errs, 'no error event for the 999999999-byte payload')
        check(any(re.search(r'limit|too (large|long|big)|exceed|maximum|\d{4,}', e.get('text', ''), re.I)
                  for e in errs), 'no error event mentions the size limit: %r' % errs)
    test.__name__ = 'test_oversize_%s' % proto.lower()
    return test


test_oversize_msnp7 = _oversize('MSNP7')
test_oversize_msnp12 = _oversize('MSNP12')


# ------------------------------------------------------------------------------- keep-alive

def _no_qng(proto):
    def test():
        srv = Server(knobs={'no_qng': 1})
        c = Client(srv, 'alice@example.com', proto, config=NO_RECONNECT + ['/set ping_interval 5', '/set ping_timeout 2'])
        c.wait_signed_in()
        t0 = time.monotonic()
        ev = c.wait_event('signed_out', timeout=20)
        check(ev.get('reason') == 'connection_lost', 'signed_out reason %r, want connection_lost' % ev.get('reason'))
        check(c.wait_exit(10) == EXIT_CONN_LOST, 'exit status %r, want 69' % c.exit_code)
        check(time.monotonic() - t0 < 15, 'keep-alive timeout took %.1fs (interval 5 + timeout 2)'
              % (time.monotonic() - t0))
        check(srv.log_lines(tag='NS:alice', direction='C>', startswith='PNG'), 'the client never sent PNG')
    test.__name__ = 'test_keepalive_timeout_%s' % proto.lower()
    return test


test_keepalive_timeout_msnp7 = _no_qng('MSNP7')
test_keepalive_timeout_msnp12 = _no_qng('MSNP12')


def test_keepalive_ok():
    # with QNG answered the client stays signed in across several pings
    srv = Server(knobs={'qng_interval': 5})
    c = Client(srv, 'alice@example.com', 'MSNP12', config=['/set ping_interval 5', '/set ping_timeout 2'])
    c.wait_signed_in()
    c.expect_no_event('signed_out', within=12)
    pings = srv.log_lines(tag='NS:alice', direction='C>', startswith='PNG')
    check(len(pings) >= 2, 'want >= 2 PNG in 12s with ping_interval 5, got %d' % len(pings))


# ------------------------------------------------------------------------------- signals, /quit

def _signal(sig):
    def test():
        srv = Server()
        alice, bob = signed_in_pair(srv)
        m = bob.mark()
        alice.signal(sig)
        code = alice.wait_exit(10)
        check(code == EXIT_OK, 'exit status %r after %s, want 0' % (code, signal.Signals(sig).name))
        srv.wait_log('NS:alice', 'C>', 'OUT', what='OUT from alice after %s' % signal.Signals(sig).name)
        bob.wait_event('presence', since=m, contact='alice@example.com', status='offline', timeout=5)
    test.__name__ = 'test_%s_sends_out' % signal.Signals(sig).name.lower()
    return test


test_sigterm_sends_out = _signal(signal.SIGTERM)
test_sigint_sends_out = _signal(signal.SIGINT)
test_sighup_sends_out = _signal(signal.SIGHUP)


def test_quit_md5(server):
    c = Client(server, 'bob@example.com', 'MSNP5')
    c.wait_signed_in()
    c.send('/quit')
    check(c.wait_exit(10) == EXIT_OK, 'exit status %r after /quit' % c.exit_code)
    c.wait_event('signed_out', reason='quit', timeout=1)
    server.wait_log('NS:bob', 'C>', 'OUT', what='OUT from bob to reach the server')


def test_quit_during_login():
    # /quit while the server is slow (trickle): exits 0 promptly, no hang
    srv = Server(knobs={'trickle': 1})
    c = Client(srv, 'alice@example.com', 'MSNP12')
    c.wait_event('connecting')
    c.send('/quit')
    check(c.wait_exit(10) == EXIT_OK, 'exit status %r after /quit during login' % c.exit_code)


def test_sigterm_during_login():
    srv = Server(knobs={'trickle': 1})
    c = Client(srv, 'alice@example.com', 'MSNP7')
    c.wait_event('connecting')
    c.signal(signal.SIGTERM)
    check(c.wait_exit(10) == EXIT_OK, 'exit status %r after SIGTERM during login' % c.exit_code)


def test_eof_on_stdin_does_not_hang(server):
    # closing stdin must not make the client spin or hang forever: it either quits or keeps
    # running normally (and then /quit is impossible, so SIGTERM must still work)
    c = Client(server, 'dave@example.com', 'MSNP12')
    c.wait_signed_in()
    c.close_stdin()
    time.sleep(1)
    if c.running():
        c.signal(signal.SIGTERM)
    code = c.wait_exit(10)
    check(code == EXIT_OK, 'exit status %r, want 0' % code)


def test_unknown_command_is_reported(server):
    c = Client(server, 'dave@example.com', 'MSNP12')
    c.wait_signed_in()
    m = c.mark()
    c.send('/no-such-command')
    ev = c.wait_event('error', since=m, timeout=5)
    check(ev.get('code') == 0, 'client-side error must have code 0: %r' % ev)
    c.send('/status away')
    c.wait_event('status', since=m, status='away')


# ------------------------------------------------------------------------------- internal failures

def starve_poll(pid):
    """Makes the next poll() of `pid` fail for real: poll refuses more descriptors than
    RLIMIT_NOFILE allows (EINVAL), and a running client watches more than two."""
    resource.prlimit(pid, resource.RLIMIT_NOFILE, (2, 2))


def test_poll_failure_exits_70_with_a_message():
    srv = Server()
    # LeakSanitizer needs free descriptors at exit, which this test takes away on purpose.
    c = Client(srv, 'alice@example.com', 'MSNP7', env={'ASAN_OPTIONS': 'detect_leaks=0:abort_on_error=1'})
    c.wait_signed_in()
    starve_poll(c.proc.pid)
    c.send('/status busy')   # wakes the loop: the next poll() fails
    code = c.wait_exit(10)
    check(code == EXIT_INTERNAL, 'exit status %r, want 70 (internal error)' % code)
    err = c.stderr_text()
    check('msntty: internal error: poll' in err, 'stderr does not name the failure: %r' % err)
    check('terminate called' not in err, 'the exception was not caught: %r' % err)
