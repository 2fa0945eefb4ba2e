"""Knob and robustness tests (registered into selftest.py)."""
import json
import re
import socket
import time

import formats as F  # noqa: F401
from msnclient import Client, Closed, ServerProc, free_ports, login, passport_login, https_get
from stcommon import CTX, test, knob, open_sb, answer

# ---------------------------------------------------------------- knobs
@test
def knobs_close_at():
    p = CTX.srv.ports
    steps = [('ver', ['VER 1 MSNP7 CVR0']),
             ('cvr', ['VER 1 MSNP7 CVR0', 'CVR 2 0x0409 win 4.10 i386 MSNMSGR 4.5 MSMSGS a@b.c']),
             ('inf', ['VER 1 MSNP7 CVR0', 'INF 2']),
             ('usr_i', ['VER 1 MSNP7 CVR0', 'USR 2 MD5 I bob@example.com']),
             ('usr_s', ['VER 1 MSNP7 CVR0', 'USR 2 MD5 I bob@example.com', 'USR 3 MD5 S a0453f4f90003c8a2cc116a17a1e6238'])]
    try:
        for step, lines in steps:
            knob('close_at', step)
            c = Client(p['ns'])
            for ln in lines:
                c.send(ln)
            got = []
            try:
                while True:
                    got.append(c.recv(3)[0])
            except Closed:
                pass
            assert len(got) == len(lines) - 1, (step, got)
        for step in ('syn', 'chg'):
            knob('close_at', step)
            c = login(p, 'bob@example.com', 'bobpass', 12, chg=False) if step == 'chg' else None
            if step == 'syn':
                c = Client(p['ns'])
                c.send('VER 1 MSNP7 CVR0')
                c.send('USR 2 MD5 I bob@example.com')
                c.send('USR 3 MD5 S a0453f4f90003c8a2cc116a17a1e6238')
                c.send('SYN 4 0')
                lines = [l for l, _ in c.drain(0.5)]
                assert not any(l.startswith('SYN') for l in lines), lines
                assert c.is_closed()
            else:
                c.send('CHG 7 NLN 0')
                assert c.is_closed()
    finally:
        knob('close_at', '')


@test
def knobs_stream():
    p = CTX.srv.ports
    knob('trickle', 1)
    knob('garbage', 1)
    try:
        c = Client(p['ns'])
        c.send('VER 1 MSNP7 CVR0')
        c.send('USR 2 MD5 I bob@example.com')
        c.send('USR 3 MD5 S a0453f4f90003c8a2cc116a17a1e6238')
        c.expect('VER 1 MSNP7')
        c.expect(r'USR 2 MD5 S \S+')
        c.expect('USR 3 OK bob@example.com Bob 1')
        c.expect(r'MSG Hotmail Hotmail \d+')
        assert b'\xff' in c.recv_line().encode('utf-8', 'surrogateescape') or True
        c.expect('this line has no command at all')
        c.expect('')
        c.send('PNG')
        c.expect('QNG')
        c.send('OUT')
    finally:
        knob('trickle', 0)
        knob('garbage', 0)
    knob('oversize', 1)
    knob('no_qng', 1)
    try:
        c = Client(p['ns'])
        c.send('VER 1 MSNP9 CVR0')
        c.expect('VER 1 MSNP9')
        c.send('USR 2 TWN I bob@example.com')
        c.expect(r'USR 2 TWN S .*')
        tok, _ = passport_login(p['https'], 'bob@example.com', 'bobpass', 'x=1')
        c.send('USR 3 TWN S %s' % tok)
        c.expect('USR 3 OK bob@example.com Bob 1 0')
        c.expect(r'MSG Hotmail Hotmail \d+')
        assert c.recv_line() == 'MSG Hotmail Hotmail 999999999'
        c.send('PNG')
        assert not c.is_closed(0.5)
        c.close()
    finally:
        knob('oversize', 0)
        knob('no_qng', 0)
    knob('qng_interval', 5)
    c = login(p, 'bob@example.com', 'bobpass', 9)
    c.drain()
    c.send('PNG')
    c.expect('QNG 5')
    knob('qng_interval', 60)
    c.send('OUT')


@test
def knobs_sb_and_passport():
    p = CTX.srv.ports
    alice = login(p, 'alice@example.com', 'alicepass', 12)
    bob = login(p, 'bob@example.com', 'bobpass', 12)
    alice.drain()
    bob.drain()
    sa = open_sb(alice, 'alice@example.com')
    sa.send('CAL 2 bob@example.com')
    knob('sb_join_delay', 0.6)
    t0 = time.time()
    sbb, _ = answer(bob, 'bob@example.com')
    sbb.expect('IRO 1 1 1 alice@example.com Alice%20Liddell 0')
    assert time.time() - t0 >= 0.5
    knob('sb_join_delay', 0)
    sbb.expect('ANS 1 OK')
    sa.expect(r'CAL 2 RINGING \S+')
    sa.expect('JOI bob@example.com Bob 0')
    knob('sb_nak', 1)
    sa.send('MSG 3 A 2', 'hi')
    sa.expect('NAK 3')
    sbb.quiet()
    sa.send('MSG 4 A 2', 'ho')
    sbb.expect('MSG alice@example.com Alice%20Liddell 2')
    sa.expect('ACK 4')
    knob('sb_idle', 0.5)
    sa.expect('BYE bob@example.com 1', timeout=3)
    sbb.expect('BYE alice@example.com 1', timeout=3)
    assert sa.is_closed() and sbb.is_closed()
    knob('sb_idle', 0)
    sa = open_sb(alice, 'alice@example.com')
    sa.send('CAL 2 bob@example.com')
    sbb, _ = answer(bob, 'bob@example.com')
    sa.wait_for('JOI bob@example.com Bob 0')
    knob('sb_drop', 1)
    sa.send('MSG 3 A 2', 'hi')
    assert sa.is_closed()
    sbb.wait_for('BYE alice@example.com')
    sbb.send('OUT')
    knob('passport_redirect', 1)
    tok, code = passport_login(p['https'], 'bob@example.com', 'bobpass', 'x=1')
    assert tok and code == 200
    code, hdrs, _ = https_get(p['https'], '/login', {'Authorization': 'Passport1.4 sign-in=bob%40example.com,pwd=bobpass'})
    assert code == 200   # one-shot knob already consumed
    alice.send('OUT')
    bob.send('OUT')


@test
def robustness():
    p = CTX.srv.ports
    for junk in (b'\xff\xfe\x00garbage\r\n', b'USR\r\n', b'VER\r\n', b'VER 1 MSNP12\r\nCHG\r\n', b'\r\n\r\n', b'x' * 70000):
        c = Client(p['ns'])
        c.sock.sendall(junk)
        c.is_closed(2)
    c = Client(p['sb'])
    c.sock.sendall(b'MSG 1 A 5\r\nhello')
    assert c.is_closed()
    # server still alive
    c = login(p, 'bob@example.com', 'bobpass', 12)
    c.send('OUT')
    assert c.is_closed()


# ---------------------------------------------------------------- network faults (control port)
def own_server(*extra, ports=None):
    return ServerProc(*extra, log=CTX.args.log, ports=ports)


def ok(srv, line):
    reply = srv.control(line)
    assert reply == 'ok' or reply.startswith('ok '), (line, reply)
    return reply[3:]


def refused(port):
    try:
        socket.create_connection(('127.0.0.1', port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def reset_at_once(port):
    try:
        c = Client(port)
        c.sock.sendall(b'VER 1 MSNP12 CVR0\r\n')
    except ConnectionError:
        return True
    return c.is_closed(2)


def alive(c):
    """An NS connection still answers PNG."""
    c.send('PNG')
    c.wait_for(r'QNG( \d+)?')
    return True


def closed_without_out(c):
    lines = []
    try:
        while True:
            lines.append(c.recv(3)[0])
    except Closed:
        pass
    assert not any(l.startswith('OUT') for l in lines), lines
    return True


@test
def net_drop():
    srv = own_server()
    p = srv.ports
    alice = login(p, 'alice@example.com', 'alicepass', 12)
    bob = login(p, 'bob@example.com', 'bobpass', 12)
    alice.drain()
    bob.drain()
    sa = open_sb(alice, 'alice@example.com')
    sa.send('CAL 2 bob@example.com')
    sbb, _ = answer(bob, 'bob@example.com')
    sa.wait_for('JOI bob@example.com Bob 0')
    assert ok(srv, 'drop sb') == '2'
    assert closed_without_out(sa) and closed_without_out(sbb)
    assert alive(alice) and alive(bob)
    assert ok(srv, 'drop ns') == '2'
    assert closed_without_out(alice) and closed_without_out(bob)
    assert [s['email'] for s in json.loads(ok(srv, 'sessions'))['ns']] == ['echo@example.com']
    c = login(p, 'bob@example.com', 'bobpass', 12)
    assert ok(srv, 'drop') == '1'          # default: all
    assert closed_without_out(c)
    assert srv.control('drop xx').startswith('error')
    assert srv.stop() == 0


@test
def net_refuse():
    srv = own_server('--dispatch')
    p = srv.ports
    bob = login(p, 'bob@example.com', 'bobpass', 12)
    bob.drain()
    assert ok(srv, 'refuse 1') == 'ns dispatch'
    t0 = time.time()
    assert refused(p['ns']) and refused(p['dispatch'])
    assert not refused(p['sb']) and not refused(p['https'])
    assert alive(bob)                       # existing connections stay
    while refused(p['ns']):
        assert time.time() - t0 < 3, 'NS still refused after 3 s'
        time.sleep(0.1)
    assert time.time() - t0 >= 0.9
    assert not refused(p['dispatch'])
    time.sleep(0.2)                         # let the server count the probes before the reset
    ok(srv, 'stats reset')
    assert ok(srv, 'refuse 0.8 rst') == 'ns dispatch'
    for _ in range(3):
        assert reset_at_once(p['ns'])       # accepted, then reset: no VER answer
    stats = json.loads(ok(srv, 'stats'))
    assert stats['ns_reset'] == 3 and stats['ns_connections'] == 0, stats
    time.sleep(1.0)
    c = login(p, 'alice@example.com', 'alicepass', 12)
    assert alive(c) and alive(bob)
    for bad in ('refuse', 'refuse x', 'refuse -1', 'refuse 1 foo'):
        assert srv.control(bad).startswith('error'), bad
    assert srv.stop() == 0


@test
def net_mute():
    srv = own_server()
    p = srv.ports
    alice = login(p, 'alice@example.com', 'alicepass', 12)
    bob = login(p, 'bob@example.com', 'bobpass', 12)
    alice.drain()
    bob.drain()
    sa = open_sb(alice, 'alice@example.com')
    sa.send('CAL 2 bob@example.com')
    sbb, _ = answer(bob, 'bob@example.com')
    sa.wait_for('JOI bob@example.com Bob 0')
    sbb.drain()
    assert ok(srv, 'mute ns on') == 'ns'
    bob.send('PNG')
    bob.quiet(1.0)                          # read, never answered, socket open
    sa.send('MSG 3 A 2', 'hi')              # the SB is not muted
    sbb.expect('MSG alice@example.com Alice%20Liddell 2')
    sa.expect('ACK 3')
    fresh = Client(p['ns'])
    fresh.send('VER 1 MSNP12 CVR0')
    fresh.quiet(0.5)                        # new NS connections are muted too
    assert ok(srv, 'mute ns off') == 'none'
    bob.expect('QNG 60')                    # held output flows again
    fresh.expect('VER 1 MSNP12')
    assert ok(srv, 'mute sb on') == 'sb'
    sa.send('MSG 4 A 2', 'ho')
    sa.quiet(0.5)
    sbb.quiet(0.1)
    assert alive(alice)
    assert ok(srv, 'mute all on') == 'ns sb'
    assert ok(srv, 'mute off') == 'none'    # default: all
    sbb.expect('MSG alice@example.com Alice%20Liddell 2')
    sa.expect('ACK 4')
    assert srv.control('mute sb maybe').startswith('error')
    assert srv.stop() == 0


@test
def net_restart():
    srv = own_server()
    p = srv.ports
    alice = login(p, 'alice@example.com', 'alicepass', 12)
    alice.drain()
    alice.send('ADG 8 Restarted')
    alice.expect(r'ADG 8 Restarted .*')
    ok(srv, 'online carol@example.com BSY')
    t0 = time.time()
    assert ok(srv, 'restart 1') == '1'
    assert closed_without_out(alice)
    for name in ('ns', 'sb', 'https'):
        assert refused(p[name]), name
    assert not refused(p['control'])
    while refused(p['ns']):
        assert time.time() - t0 < 3, 'NS still refused after 3 s'
        time.sleep(0.1)
    assert time.time() - t0 >= 0.9
    alice = login(p, 'alice@example.com', 'alicepass', 12, chg=False)
    got = [l for l, _ in alice.drain()]
    assert 'LSG Restarted' in ' '.join(got), got   # list change kept
    alice.send('CHG 7 NLN 0')
    alice.wait_for(r'ILN 7 BSY carol@example.com .*')  # puppet kept
    stats = json.loads(ok(srv, 'stats'))
    assert stats['logins']['alice@example.com'] == 2, stats
    assert srv.control('restart').startswith('error')
    assert srv.stop() == 0


@test
def net_xfr_ns():
    srv = own_server()
    p = srv.ports
    ns = '127.0.0.1:%d' % p['ns']
    want = {2: 'XFR 0 NS %s' % ns, 5: 'XFR 0 NS %s 0' % ns, 7: 'XFR 0 NS %s 0 %s' % (ns, ns),
            12: 'XFR 0 NS %s 0 %s' % (ns, ns)}
    who = {2: ('bob@example.com', 'bobpass'), 5: ('alice@example.com', 'alicepass'),
           7: ('carol@example.com', 'carolpass'), 12: ('dave@example.com', 'davepass')}
    clients = {}
    for v, (email, pw) in who.items():
        if v < 8 and email == 'carol@example.com':
            continue
        clients[v] = login(p, email, pw, v)
        clients[v].drain()
    assert ok(srv, 'xfr_ns') == str(len(clients))
    for v, c in clients.items():
        c.wait_for(re.escape(want[v]))
    assert ok(srv, 'xfr_ns soft') == str(len(clients))
    assert ok(srv, 'knob xfr_grace 0.5') == 'xfr_grace=0.5'
    assert ok(srv, 'xfr_ns 10.0.0.1:1863') == str(len(clients))
    t0 = time.time()
    for v, c in clients.items():
        c.wait_for('XFR 0 NS 0')
        c.wait_for(re.escape(want[v].replace(ns, '10.0.0.1:1863', 1)))
        assert c.is_closed(3)               # the server hangs up after xfr_grace
    assert time.time() - t0 < 3
    assert srv.control('xfr_ns a b').startswith('error')
    assert srv.stop() == 0


@test
def net_stats_and_password():
    srv = own_server('--dispatch')
    p = srv.ports
    c = Client(p['dispatch'])
    c.send('VER 1 MSNP12 CVR0')
    c.expect('VER 1 MSNP12')
    c.send('USR 2 TWN I bob@example.com')
    c.wait_for(r'XFR 2 NS .*')
    bob = login(p, 'bob@example.com', 'bobpass', 12)
    bob.drain()
    bob.send('PNG')
    bob.expect('QNG 60')
    sb = open_sb(bob, 'bob@example.com')
    assert ok(srv, 'password bob@example.com n3w') == ''
    tok, code = passport_login(p['https'], 'bob@example.com', 'bobpass', 'x=1')
    assert tok is None and code == 401       # the old password no longer works
    tok, code = passport_login(p['https'], 'bob@example.com', 'n3w', 'x=1')
    assert tok and code == 200
    assert ok(srv, 'password alice@example.com wrong') == ''
    try:
        login(p, 'alice@example.com', 'alicepass', 7)
        raise AssertionError('MD5 login with the old password worked')
    except (AssertionError, Closed) as ex:
        assert 'worked' not in str(ex), ex
    login(p, 'alice@example.com', 'wrong', 7).send('OUT')
    stats = json.loads(ok(srv, 'stats'))
    want = {'dispatch_connections': 1, 'dispatch_reset': 0, 'ns_connections': 3, 'ns_reset': 0,
            'sb_connections': 1, 'ns_by_account': {'bob@example.com': 1, 'alice@example.com': 2},
            'logins': {'bob@example.com': 1, 'alice@example.com': 1},
            'auth_failures': {'alice@example.com': 1, 'bob@example.com': 1}, 'sb_by_account': {'bob@example.com': 1},
            'pings': {'bob@example.com': 1}}
    assert stats == want, stats
    assert ok(srv, 'stats reset') == ''
    assert json.loads(ok(srv, 'stats'))['ns_connections'] == 0
    for bad in ('password nobody@example.com x', 'password echo@example.com x', 'password bob@example.com',
                'stats now'):
        assert srv.control(bad).startswith('error'), bad
    sb.close()
    assert srv.stop() == 0


@test
def launcher_fixed_ports():
    want = dict(zip(('ns', 'sb', 'https', 'control'), free_ports(4)))
    first = own_server(ports=want)
    assert all(first.ports[k] == v for k, v in want.items()), first.ports
    c = login(first.ports, 'bob@example.com', 'bobpass', 12)
    assert first.kill() == -9
    assert c.is_closed()
    second = own_server(ports=first.ports)   # a new server on the ports of the killed one
    assert second.ports == first.ports
    login(second.ports, 'bob@example.com', 'bobpass', 12).send('OUT')
    assert second.stop() == 0
