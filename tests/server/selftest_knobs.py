"""Knob and robustness tests (registered into selftest.py)."""
import time

import formats as F  # noqa: F401
from msnclient import Client, Closed, login, passport_login, https_get
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
