"""Sign-in on every protocol version, the contact list, redirects, challenges, TLS."""
import os
import re

from harness import (CERT, Client, Server, EXIT_ERROR, EXIT_OK, check, expected_list, nick_of,
                     proto_number, wait_until, write_private)

MD5_PROTOS = ['MSNP%d' % v for v in range(2, 8)]
TWN_PROTOS = ['MSNP%d' % v for v in range(8, 13)]


def _check_contact_list(c, account, proto):
    """The contact events before signed_in match accounts.json (lists, group names, nicks)."""
    v = proto_number(proto)
    want = expected_list(account)
    si = c.index_of('signed_in')
    check(si >= 0, 'no signed_in event')
    got = {}
    for i, e in enumerate(c.events):
        if e['event'] != 'contact':
            continue
        check(i < si or e['contact'] in got,
              'contact %s of the initial list arrived after signed_in (index %d > %d)' % (e['contact'], i, si))
        got[e['contact']] = e
    check(set(got) == set(want), 'contacts %s, want %s' % (sorted(got), sorted(want)))
    for email, (lists, groups) in want.items():
        e = got[email]
        check(set(e.get('lists', [])) == lists, '%s lists %r, want %s' % (email, e.get('lists'), sorted(lists)))
        check(e.get('nick') == nick_of(email), '%s nick %r, want %r' % (email, e.get('nick'), nick_of(email)))
        g = sorted(e.get('groups', []))
        if 'FL' not in lists or v < 7:
            ok = g == []
            wanted = '[]'
        elif groups == [] and v < 10:
            # MSNP7-9 put ungrouped contacts into the server's group 0 "Other Contacts"
            ok = g in ([], ['Other Contacts'])
            wanted = '[] or ["Other Contacts"]'
        else:
            ok = g == groups
            wanted = repr(groups)
        check(ok, '%s groups %r, want %s (%s)' % (email, e.get('groups'), wanted, proto))


def _signin(proto):
    def test():
        srv = Server()
        c = Client(srv, 'alice@example.com', proto)
        ev = c.wait_signed_in()
        check(ev.get('protocol') == proto, 'signed_in protocol %r, want %r' % (ev.get('protocol'), proto))
        check(ev.get('account') == 'alice@example.com', 'signed_in account %r' % ev.get('account'))
        check(ev.get('nick') == 'Alice Liddell', 'signed_in nick %r, want "Alice Liddell"' % ev.get('nick'))
        check(0 <= c.index_of('connecting', server='127.0.0.1:%d' % srv.ns) < c.index_of('signed_in'),
              'no connecting {server: 127.0.0.1:%d} event before signed_in' % srv.ns)
        _check_contact_list(c, 'alice@example.com', proto)
        # the echo bot is always online
        p = c.wait_event('presence', contact='echo@example.com', status='online')
        check(p.get('nick') == 'Echo Bot', 'echo nick %r' % p.get('nick'))
        if proto_number(proto) >= 11:
            c.wait_event('presence', contact='echo@example.com', psm='I repeat what you say')
        s = srv.session_of('alice@example.com')
        check(s is not None and s['dialect'] == proto_number(proto), 'server session %r' % s)
        check(s['status'] == 'NLN', 'server sees alice as %r, want NLN' % s['status'])
        c.send('/quit')
        check(c.wait_exit(10) == EXIT_OK, 'exit status after /quit is not 0')
        c.wait_event('signed_out', reason='quit')
        srv.wait_log('NS:alice', 'C>', 'OUT', what='OUT from alice to reach the server')
    test.__name__ = 'test_signin_%s' % proto.lower()
    return test


for _p in MD5_PROTOS + TWN_PROTOS:
    globals()['test_signin_%s' % _p.lower()] = _signin(_p)


def test_signin_default_protocols(server):
    # without -p the client offers MSNP18 down to MSNP2 and the server picks MSNP18
    # (test_wlm_signin.py signs in at each of 13-18); offering up to MSNP12, it picks MSNP12
    c = Client(server, 'bob@example.com', 'MSNP18',
               args=['-a', 'bob@example.com', '-s', '127.0.0.1:%d' % server.ns,
                     '--web', 'https://127.0.0.1:%d' % server.https, '--ca-file', CERT])
    ev = c.wait_signed_in()
    check(ev.get('protocol') == 'MSNP18', 'protocol %r' % ev.get('protocol'))
    c = Client(server, 'bob@example.com', 'MSNP12',
               args=['-a', 'bob@example.com', '-s', '127.0.0.1:%d' % server.ns, '-p', '2-12',
                     '--nexus', 'https://127.0.0.1:%d/rdr/pprdr.asp' % server.https,
                     '--ca-file', CERT])
    ev = c.wait_signed_in()
    check(ev.get('protocol') == 'MSNP12', 'protocol %r' % ev.get('protocol'))
    check(ev.get('nick') == 'Bob', 'nick %r' % ev.get('nick'))


def test_signin_protocol_range(server):
    # -p 2-7 offers only MD5 versions: the server picks MSNP7
    c = Client(server, 'carol@example.com', 'MSNP7', extra_args=['-p', '2-7'])
    ev = c.wait_signed_in()
    check(ev.get('protocol') == 'MSNP7', 'protocol %r, want MSNP7' % ev.get('protocol'))


def _dispatch(proto):
    def test():
        srv = Server(dispatch=True)
        c = Client(srv, 'bob@example.com', proto, via_dispatch=True)
        ev = c.wait_signed_in()
        check(ev.get('protocol') == proto, 'protocol %r, want %s' % (ev.get('protocol'), proto))
        check(srv.log_lines(tag='DS', direction='S>', startswith='XFR'), 'the dispatch server sent no XFR')
        check('bob@example.com' in srv.online_emails(), 'bob has no NS session')
        connecting = c.find('connecting')
        check(len(connecting) >= 2, 'want a second connecting event for the redirect: %r' % connecting)
        check(connecting[-1].get('server') == '127.0.0.1:%d' % srv.ns,
              'last connecting %r, want the NS port %d' % (connecting[-1], srv.ns))
    test.__name__ = 'test_dispatch_redirect_%s' % proto.lower()
    return test


for _p in ('MSNP2', 'MSNP5', 'MSNP7', 'MSNP8', 'MSNP12'):
    globals()['test_dispatch_redirect_%s' % _p.lower()] = _dispatch(_p)


def test_passport_redirect():
    srv = Server(knobs={'passport_redirect': 1})
    c = Client(srv, 'alice@example.com', 'MSNP12')
    c.wait_signed_in()
    check(srv.log_lines(tag='HTTP', direction='C>', startswith='GET /login2')
          or srv.log_lines(tag='HTTP', direction='C>', startswith='POST /login2'),
          'the client did not follow the Passport redirect to /login2')


def _chl(mode, proto):
    def test():
        srv = Server(chl=mode)
        c = Client(srv, 'alice@example.com', proto)
        c.wait_signed_in()
        # the server sends CHL right after the initial presence; a wrong QRY closes the connection
        ok = lambda: srv.log_lines(tag='NS:alice', direction='S>', startswith='QRY')
        wait_until(ok, 10, 'the server to accept the QRY answer to CHL (%s, %s)' % (mode, proto))
        check(not srv.log_lines(tag='NS:alice', direction='S>', startswith='540'), 'the server sent 540')
        c.expect_no_event('signed_out', within=1)
        m = c.mark()
        c.send('/status away')
        c.wait_event('status', since=m, status='away')
        check(srv.session_of('alice@example.com') is not None, 'alice is no longer signed in')
    test.__name__ = 'test_challenge_%s_%s' % (mode, proto.lower())
    return test


for _p in ('MSNP7', 'MSNP8', 'MSNP9', 'MSNP10'):
    globals()['test_challenge_md5_%s' % _p.lower()] = _chl('md5', _p)
for _p in ('MSNP11', 'MSNP12'):
    globals()['test_challenge_msnp11_%s' % _p.lower()] = _chl('msnp11', _p)


def test_tls_without_ca_file_fails(server):
    # the test certificate is self-signed: without --ca-file the Passport login must fail cleanly
    c = Client(server, 'alice@example.com', 'MSNP12', ca_file=False)
    code = c.wait_exit(15)
    check(code == EXIT_ERROR, 'exit status %r, want 1' % code)
    errs = c.find('error')
    check(errs, 'no error event')
    check(any(re.search(r'certificate', e.get('text', ''), re.I) for e in errs),
          'no error event mentions the certificate: %r' % errs)
    check(not c.find('signed_in'), 'signed in without trusting the certificate')


def test_tls_wrong_ca_file_fails(server, tmp):
    bogus = os.path.join(tmp, 'not-a-cert.pem')
    with open(bogus, 'w') as fh:
        fh.write('this is not a certificate\n')
    c = Client(server, 'alice@example.com', 'MSNP12', ca_file=bogus)
    code = c.wait_exit(15)
    check(code in (EXIT_ERROR, 2), 'exit status %r, want 1 (or 2 for a bad option value)' % code)
    check(c.find('error') or c.stderr_text().strip(), 'no error message')
    check(not c.find('signed_in'), 'signed in with an unusable --ca-file')


def test_trickle_md5():
    srv = Server(knobs={'trickle': 1})
    c = Client(srv, 'alice@example.com', 'MSNP7')
    c.wait_signed_in(timeout=30)
    _check_contact_list(c, 'alice@example.com', 'MSNP7')


def test_trickle_passport():
    srv = Server(knobs={'trickle': 1})
    c = Client(srv, 'alice@example.com', 'MSNP12')
    c.wait_signed_in(timeout=30)
    _check_contact_list(c, 'alice@example.com', 'MSNP12')
    c.wait_event('presence', contact='echo@example.com', psm='I repeat what you say', timeout=20)


def test_config_file_settings(server, tmp):
    # account, server, protocols, nexus and ca_file can all come from the config file
    cfg = os.path.join(tmp, 'config')
    write_private(cfg, ('/set account carol@example.com\n/set server 127.0.0.1:%d\n/set protocols MSNP11\n'
                 '/set nexus https://127.0.0.1:%d/rdr/pprdr.asp\n/set ca_file %s\n'
                 % (server.ns, server.https, CERT)))
    c = Client(server, 'carol@example.com', 'MSNP11', args=['-c', cfg])
    ev = c.wait_signed_in()
    check(ev.get('protocol') == 'MSNP11' and ev.get('account') == 'carol@example.com', 'signed_in %r' % ev)


def test_status_setting_at_signin(server):
    c = Client(server, 'alice@example.com', 'MSNP12', config=['/set status busy'])
    c.wait_signed_in()
    wait_until(lambda: (server.session_of('alice@example.com') or {}).get('status') == 'BSY', 5, 'the server to see alice as BSY (status setting)')


def _empty_list(proto):
    def test():
        # dave has no contacts and no groups (and no MD5 salt, so Passport versions only)
        srv = Server()
        c = Client(srv, 'dave@example.com', proto)
        ev = c.wait_signed_in()
        check(ev.get('protocol') == proto, 'protocol %r' % ev.get('protocol'))
        check(ev.get('nick') == 'Dave', 'signed_in nick %r, want "Dave"' % ev.get('nick'))
        check(not c.find('contact'), 'contact events for an empty list: %r' % c.find('contact'))
        m = c.mark()
        c.send('/status busy')
        c.wait_event('status', since=m, status='busy')
    test.__name__ = 'test_signin_empty_list_%s' % proto.lower()
    return test


test_signin_empty_list_msnp8 = _empty_list('MSNP8')
test_signin_empty_list_msnp12 = _empty_list('MSNP12')
