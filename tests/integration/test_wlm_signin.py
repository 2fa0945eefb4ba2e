"""Sign-in at MSNP13-18: TWN at 13-14, SSO (RST over HTTPS, the response blob, the machine GUID at
16+) at 15+, and the RST service's failures: a wrong password (exit 77), a SOAP fault, HTTP 500,
truncated XML, tokens that have already expired."""
import os
import re
import time

from harness import (CERT, Client, Server, EXIT_AUTH, EXIT_ERROR, EXIT_OK, check, wait_until)

GUID_RE = re.compile(r'^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$')


def _usr_lines(srv):
    """USR lines clients sent to the NS (tagged by port until signed in; the server log
    redacts what follows USR ... S)."""
    return [text for _t, _tag, _d, text in srv.log_lines(tag='NS:', direction='C>', startswith='USR')]


def _signin(proto):
    def test():
        srv = Server()
        c = Client(srv, 'alice@example.com', proto)
        ev = c.wait_signed_in()
        check(ev.get('protocol') == proto, 'signed_in protocol %r, want %r' % (ev.get('protocol'), proto))
        check(ev.get('account') == 'alice@example.com', 'signed_in account %r' % ev.get('account'))
        v = int(proto[4:])
        wait_until(lambda: (srv.session_of('alice@example.com') or {}).get('status') == 'NLN', 5,
                   'the server to see alice NLN')
        s = srv.session_of('alice@example.com')
        check(s['dialect'] == v, 'server session %r' % s)
        usr = ' '.join(_usr_lines(srv))
        method = 'SSO' if v >= 15 else 'TWN'
        check(' %s I alice@example.com' % method in usr, 'no USR %s I in %r' % (method, usr))
        if v >= 16:
            guid_file = os.path.join(c.dir, 'state', 'msntty', 'machine-guid')
            check(os.path.exists(guid_file), 'no machine GUID kept in %s' % guid_file)
            guid = open(guid_file).read().strip()
            check(GUID_RE.match(guid), 'kept machine GUID %r' % guid)
            check(os.stat(guid_file).st_mode & 0o777 == 0o600, 'machine-guid is not 0600')
            check(os.stat(os.path.dirname(guid_file)).st_mode & 0o777 == 0o700,
                  'the state folder is not 0700')
            check((s.get('guid') or '').upper() == guid, 'server session GUID %r, kept %r'
                  % (s.get('guid'), guid))
        # the password and the tickets never reach the debug log or stderr
        c.send('/quit')
        check(c.wait_exit(10) == EXIT_OK, 'exit status after /quit is not 0')
        check('alicepass' not in c.stderr_text(), 'the password appears on stderr')
    test.__name__ = 'test_wlm_signin_%s' % proto.lower()
    return test


for _p in ('MSNP13', 'MSNP14', 'MSNP15', 'MSNP16', 'MSNP17', 'MSNP18'):
    globals()['test_wlm_signin_%s' % _p.lower()] = _signin(_p)


def test_wlm_default_offer_picks_msnp18(server):
    # without -p the client offers MSNP18 down to MSNP2 and the server picks MSNP18
    c = Client(server, 'bob@example.com', 'MSNP18',
               args=['-a', 'bob@example.com', '-s', '127.0.0.1:%d' % server.ns,
                     '--web', 'https://127.0.0.1:%d' % server.https, '--ca-file', CERT])
    ev = c.wait_signed_in()
    check(ev.get('protocol') == 'MSNP18', 'protocol %r' % ev.get('protocol'))


def test_wlm_machine_guid_setting_is_sent(server):
    guid = '{0D1E2F3A-0000-4000-8000-00000000A11C}'
    c = Client(server, 'carol@example.com', 'MSNP16', config=['/set machine_guid %s' % guid])
    c.wait_signed_in()
    check(any(' SSO S ' in l for l in _usr_lines(server)), 'no USR SSO S in the server log')
    s = server.session_of('carol@example.com')
    check(s.get('guid', '').upper() == guid, 'server session GUID %r, want %s' % (s.get('guid'), guid))


def _wrong_password(proto):
    def test():
        srv = Server()
        t0 = time.monotonic()
        c = Client(srv, 'alice@example.com', proto, password='wrong-password')
        code = c.wait_exit(15)
        check(code == EXIT_AUTH, 'exit status %r, want 77 (authentication failed)' % code)
        errs = c.find('error', code=911)
        check(errs, 'no error event with code 911: %r' % c.find('error'))
        check(any('wrong account or password' in e.get('text', '') for e in errs),
              'error text does not say "wrong account or password": %r' % errs)
        c.wait_event('signed_out', reason='auth_failed', timeout=1)
        check(not c.find('signed_in'), 'signed in with a wrong password')
        check(time.monotonic() - t0 < 10, 'took %.1fs to give up' % (time.monotonic() - t0))
        check('wrong-password' not in c.stderr_text(), 'the password appears on stderr')
    test.__name__ = 'test_wlm_wrong_password_%s' % proto.lower()
    return test


for _p in ('MSNP15', 'MSNP16', 'MSNP18'):
    globals()['test_wlm_wrong_password_%s' % _p.lower()] = _wrong_password(_p)


def _rst_broken(knob, words):
    def test():
        srv = Server(knobs={knob: 'RST'})
        c = Client(srv, 'alice@example.com', 'MSNP18')
        code = c.wait_exit(15)
        check(code == EXIT_ERROR, '%s: exit status %r, want %d' % (knob, code, EXIT_ERROR))
        errs = [e.get('text', '') for e in c.find('error')]
        check(any('login service (RST)' in t and words in t for t in errs),
              '%s: no error naming the RST service and %r: %r' % (knob, words, errs))
        check(not c.find('signed_in'), 'signed in although RST failed')
        out = c.find('signed_out')
        check(out and out[-1].get('reason') == 'error', 'signed_out %r, want reason error' % out)
        check(not any(e.get('code') == 911 for e in c.find('error')),
              '%s reported as a wrong password' % knob)
    test.__name__ = 'test_wlm_rst_%s' % knob
    return test


test_wlm_rst_soap_fault = _rst_broken('soap_fault', 'refused the request')
test_wlm_rst_soap_http500 = _rst_broken('soap_http500', 'HTTP 500')
test_wlm_rst_soap_truncate = _rst_broken('soap_truncate', 'not complete XML')


def test_wlm_rst_expired_tokens():
    srv = Server(knobs={'rst_expired': 1})
    c = Client(srv, 'alice@example.com', 'MSNP18')
    code = c.wait_exit(15)
    check(code == EXIT_ERROR, 'exit status %r, want %d' % (code, EXIT_ERROR))
    errs = [e.get('text', '') for e in c.find('error')]
    check(any('already expired' in t for t in errs), 'no error saying the ticket expired: %r' % errs)
    check(not c.find('signed_in'), 'signed in with an expired ticket')
    check(not any(re.match(r'USR \d+ SSO S <redacted>', l) for l in _usr_lines(srv)),
          'the expired ticket was sent to the server')


def test_wlm_debug_log_hides_password_and_tickets():
    srv = Server()
    c = Client(srv, 'alice@example.com', 'MSNP18', extra_args=['-v'])
    c.wait_signed_in()
    c.send('/quit')
    c.wait_exit(10)
    log_path = os.path.join(c.dir, 'state', 'msntty', 'debug.log')
    log = open(log_path, encoding='utf-8', errors='replace').read()
    check('RST.srf' in log or 'RequestSecurityToken' in log, 'the RST exchange is not in the debug log')
    check('alicepass' not in log, 'the password is in the debug log')
    check('<wsse:Password>[redacted]</wsse:Password>' in log, 'the RST password is not shown redacted')
    tickets = set(re.findall(r't=[0-9A-Za-z]{10,}', log))
    check(not tickets, 'tickets in the debug log: %r' % sorted(tickets)[:3])
    secrets = re.findall(r'<wst:BinarySecret>([^<]*)</wst:BinarySecret>', log)
    check(secrets and all(s == '[redacted]' for s in secrets),
          'BinarySecret not redacted in the debug log: %r' % secrets[:3])
