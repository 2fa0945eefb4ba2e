"""The debug log (-v, --debug FILE): the wire and the events of a real session (sign in with MD5
and with Passport, chat both ways), with every secret of that session looked for and absent."""
import hashlib
import os
import re
import stat

from harness import Client, Server, accounts, check, password_of, signed_in_pair, wait_until

ALICE = 'alice@example.com'
BOB = 'bob@example.com'
ECHO = 'echo@example.com'


def _chat(srv, alice, bob):
    """bob invites alice (RNG, ANS), then alice opens a switchboard herself (XFR, USR)."""
    bob.send('/msg alice ping from bob')
    alice.wait_event('message', text='ping from bob')
    alice.send('/msg echo hello echo')
    alice.wait_event('message', text='echo: hello echo')


def _cookies(srv):
    """Switchboard cookies the server handed to alice (the server log keeps them)."""
    for first in ('RNG', 'XFR'):   # the server logs asynchronously
        srv.wait_log(tag='NS:' + ALICE, direction='S>', startswith=first)
    out = set()
    for _t, _tag, _d, text in srv.log_lines(tag='NS:' + ALICE, direction='S>'):
        m = re.match(r'^(?:XFR \d+ SB|RNG \S+) \S+ CKI (\S+)', text)
        if m:
            out.add(m.group(1))
    return out


def _check_log(path, srv, secrets, must_show):
    wait_until(lambda: os.path.exists(path), 5, 'the debug log %s' % path)
    mode = stat.S_IMODE(os.stat(path).st_mode)
    check(mode == 0o600, 'debug log mode %o, want 600' % mode)
    with open(path, 'rb') as fh:
        raw = fh.read()
    text = raw.decode('utf-8')
    for what, value in secrets:
        check(value and value not in text, '%s %r is in the debug log' % (what, value))
    check(not re.search(r't=[^&\s]+&p=', text), 'a Passport ticket is in the debug log')
    check(not re.search(r'MD5 S [0-9a-f]{32}', text), 'an MD5 response is in the debug log')
    check(b'\x1b' not in raw and b'\r' not in raw, 'control bytes reached the debug log')
    for shown in must_show:   # the log is not empty or vacuous: the lines are there, redacted
        check(re.search(shown, text), 'the debug log lacks a line like %r' % shown)


def _session(proto, args, log_path):
    def test():
        srv = Server()
        alice = Client(srv, ALICE, proto, extra_args=args)
        alice.wait_signed_in()
        bob = Client(srv, BOB, 'MSNP12')
        bob.wait_signed_in()
        alice.wait_event('presence', contact=BOB, status='online')
        _chat(srv, alice, bob)
        alice.send('/quit')
        alice.wait_exit(10)
        path = log_path(alice)
        acct = accounts()[ALICE]
        secrets = [('the password', password_of(ALICE))]
        secrets += [('a switchboard cookie', c) for c in _cookies(srv)]
        check(len(secrets) >= 3, 'the server handed out no switchboard cookies: %r' % secrets)
        if proto == 'MSNP7':
            md5 = hashlib.md5((acct['salt'] + password_of(ALICE)).encode()).hexdigest()
            secrets.append(('the MD5 response', md5))
            must = [r'> USR \d+ MD5 S \[redacted\]']
        else:
            must = [r'> USR \d+ TWN S \[redacted\]', r'> Authorization: \[redacted\]',
                    r'< Authentication-Info: \[redacted\]', r'< MSPAuth: \[redacted\]']
        must += [r'< XFR \d+ SB \S+ CKI \[redacted\]', r'< RNG \S+ \S+ CKI \[redacted\]',
                 r'> ANS \d+ %s \[redacted\] \S+' % ALICE, r'> USR \d+ %s \[redacted\]' % ALICE,
                 r'ping from bob', r'event \{"event":"signed_in"']
        _check_log(path, srv, secrets, must)
    return test


def _in_state_home(c):
    folder = os.path.join(c.dir, 'state', 'msntty')
    mode = stat.S_IMODE(os.stat(folder).st_mode)
    check(mode == 0o700, 'debug log folder mode %o, want 700' % mode)
    return os.path.join(folder, 'debug.log')


test_debug_log_md5_default_path = _session('MSNP7', ['-v'], _in_state_home)
test_debug_log_md5_default_path.__name__ = 'test_debug_log_md5_default_path'
test_debug_log_passport_explicit_file = _session(
    'MSNP12', ['--debug', 'debug-file.log'], lambda c: os.path.join(c.dir, 'debug-file.log'))
test_debug_log_passport_explicit_file.__name__ = 'test_debug_log_passport_explicit_file'
test_debug_log_passport_default_path = _session('MSNP8', ['-v'], _in_state_home)
test_debug_log_passport_default_path.__name__ = 'test_debug_log_passport_default_path'


def test_debug_log_that_cannot_be_opened_is_a_clear_error():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP7', extra_args=['--debug', '/nonexistent-folder/debug.log'])
    code = c.wait_exit(10)
    check(code == 1, 'exit status %r, want 1' % code)
    check('cannot open the debug log /nonexistent-folder/debug.log' in c.stderr_text(),
          'stderr: %r' % c.stderr_text())
