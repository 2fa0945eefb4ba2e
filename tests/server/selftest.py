#!/usr/bin/env python3
"""Self-test for the msntty test server.  Exit status 0 = all green.

Usage: python3 tests/server/selftest.py [-v] [-k NAME_SUBSTRING] [--part PART] [--log FILE]
"""
import argparse
import base64
import json
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import formats as F                                          # noqa: E402
from msnclient import Client, ServerProc, login, passport_login, https_get, Closed  # noqa: E402

from stcommon import TESTS, CTX, test, md5, open_sb, answer  # noqa: E402


# ------------------------------------------------ vectors (doc/protocol/test-vectors.md)
@test
def vectors():
    assert md5('1234567890.123456789' + 'password') == 'f59af8f2fa91d38aff7c870c17f99903'
    assert md5('3b0aef264658b7c' + 'bobpass') == 'a0453f4f90003c8a2cc116a17a1e6238'
    assert md5('15b27e6e9a1b0bb' + 'alicepass') == '490ec3837050e6de4bb217904fbb5f60'
    m = F.chl_md5
    assert m('20881396011366812350', 'Q1P7W2E4J9R8U3S5') == '0212eaad0876afb8505859ca75d21a78'
    assert m('12345678901234567890', 'Q1P7W2E4J9R8U3S5') == '8ba1bb9d6dbf624fee31a2053af5fdd0'
    assert m('11111111111111111111', 'Q1P7W2E4J9R8U3S5') == '3b6666b60157322b6fc6e41a115968f5'
    assert m('22210219642164014968', 'Q1P7W2E4J9R8U3S5') == 'eedf627f65e76d031255a605f5841204'
    assert m('22210219642164014968', 'VT6PX?UQTM4WM%YR') == 'c60f42bcef15148c614190c61e8eebf6'
    assert m('22210219642164014968', 'JXQ6J@TUOGYV@N0M') == 'a59c980720e4bd3339b6448dcf34ad27'
    n = F.chl_msnp11
    assert n('22210219642164014968', 'PROD0090YUAUV{2B', 'YMM8C_H7KCQ2S_KL') == '85ecb0db8f32113df79ce0892b9a102c'
    assert n('11533365622852247127', 'PROD0113H11T8$X_', 'RG@XY*28Q5QHS%Q5') == 'f086d1ded067186deca8dba2231602cf'
    assert n('237191752526424888127371168', 'PROD0113H11T8$X_', 'RG@XY*28Q5QHS%Q5') == '65b6b623c649c25629af048d34066040'
    assert n('22210219642164014968', 'PROD0101{0RM?UBW', 'CFHUR$52U_{VIX5T') == '64812169fe9717715f03c678fa4ab938'
    assert n('13038318816579321232', 'PROD0090YUAUV{2B', 'YMM8C_H7KCQ2S_KL') == 'b01c13020e374d4fa20abfad6981b7a9'
    assert n('11111111111111111111', 'PROD0090YUAUV{2B', 'YMM8C_H7KCQ2S_KL') == '47d62c3eeb5215e8e3f8d4db1c26d79d'
    assert n('123456789012345678901234', 'PROD0090YUAUV{2B', 'YMM8C_H7KCQ2S_KL') == '948035b948c0318ad3fc5287620769f4'
    assert len(F.SHIELDS) == 151 and len(F.initial_mdata_payload()) == 195
    assert len(F.ubx_payload('', '')) == 53 and len(F.ubx_payload('on a terminal', '')) == 66
    assert len(F.typing_payload('alice@escargot.chat')) == 92 and len(F.nudge_payload()) == 69
    assert len(F.text_payload('Hello Bob, this is Alice!')) == 138


# ---------------------------------------------------------------- logins
@test
def msnp7_md5_login_and_syn():
    p = CTX.srv.ports
    c = Client(p['ns'], 'bob7')
    c.send('VER 1 MSNP7 MSNP6 MSNP5 CVR0')
    c.expect('VER 1 MSNP7')
    c.send('CVR 2 0x0409 win 4.10 i386 MSNMSGR 4.5.0121 MSMSGS bob@example.com')
    c.expect('CVR 2 4.5.0121 4.5.0121 4.5.0121 https://escargot.log1p.xyz https://escargot.log1p.xyz')
    c.send('INF 3')
    c.expect('INF 3 MD5')
    c.send('USR 4 MD5 I bob@example.com')
    c.expect('USR 4 MD5 S 3b0aef264658b7c')
    c.send('USR 5 MD5 S a0453f4f90003c8a2cc116a17a1e6238')
    c.expect('USR 5 OK bob@example.com Bob 1')
    line, prof = c.expect(r'MSG Hotmail Hotmail \d+')
    assert prof.startswith(b'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: ')
    assert prof.endswith(b'ABCHMigrated: 1\r\nMPOPEnabled: 0\r\n\r\n') and b'sid: 507\r\n' in prof
    c.send('SYN 6 0')
    want = ['SYN 6 1', 'GTC 6 1 A', 'BLP 6 1 AL',
            'LSG 6 1 1 2 0 Other%20Contacts 0', 'LSG 6 1 2 2 1 Friends 0',
            'LST 6 FL 1 1 2 alice@example.com Alice%20Liddell 1',
            'LST 6 FL 1 2 2 carol@example.com Carol 0',
            'LST 6 AL 1 1 2 alice@example.com Alice%20Liddell',
            'LST 6 AL 1 2 2 carol@example.com Carol',
            'LST 6 BL 1 0 0',
            'LST 6 RL 1 1 2 alice@example.com Alice%20Liddell',
            'LST 6 RL 1 2 2 carol@example.com Carol']
    for w in want:
        c.expect(w)
    c.send('CHG 7 NLN')
    c.expect('CHG 7 NLN')
    c.quiet()
    c.send('PNG')
    c.expect('QNG')
    c.send('OUT')
    assert c.is_closed()


@test
def msnp12_twn_login_syn_presence():
    p = CTX.srv.ports
    bob = login(p, 'bob@example.com', 'bobpass', 8, 'bob8')
    bob.expect('CHG 7 NLN 0')
    bob.quiet()
    c = Client(p['ns'], 'alice12')
    c.send('VER 1 MSNP12 MSNP11 MSNP10 CVR0')
    c.expect('VER 1 MSNP12')
    c.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs alice@example.com')
    c.expect('CVR 2 7.5.0324 7.5.0324 7.5.0324 https://escargot.log1p.xyz https://escargot.log1p.xyz')
    c.send('USR 3 TWN I alice@example.com')
    c.expect('USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1')
    tok, code = passport_login(p['https'], 'alice@example.com', 'alicepass', 'ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1')
    assert tok and len(tok) == 20, tok
    c.send('USR 4 TWN S t=%s&p=' % tok)
    c.expect('USR 4 OK alice@example.com 1 0')
    c.expect('SBS 0 null')
    c.expect(r'MSG Hotmail Hotmail \d+')
    c.send('GCF 5 Shields.xml')
    c.expect('715 5')
    c.send('SYN 6 0 0')
    ts = '2000-01-01T00:00:00.0-00:00'
    for w in ['SYN 6 %s %s 3 2' % (ts, ts), 'GTC A', 'BLP AL', 'PRP MFN Alice%20Liddell',
              'LSG Friends a1f1c0de-0001-4000-8000-000000000001', 'LSG Work a1f1c0de-0002-4000-8000-000000000002',
              'LST N=bob@example.com F=Bob C=d8cc4906-8b30-40c0-a3a6-23dce9fbddc3 11 1 a1f1c0de-0001-4000-8000-000000000001',
              'LST N=carol@example.com F=Carol C=b9462c29-11c8-4a27-8395-c21844f4781a 11 1 '
              'a1f1c0de-0001-4000-8000-000000000001,a1f1c0de-0002-4000-8000-000000000002',
              'LST N=echo@example.com F=Echo%20Bot C=ec40b07e-0000-4000-8000-00000000ec40 3 1 ']:
        c.expect(w)
    c.send('GCF 7 Shields.xml')
    line, pl = c.expect('GCF 7 Shields.xml 151')
    assert pl == F.SHIELDS
    c.send('CHG 8 NLN 0')
    c.expect('CHG 8 NLN 0')
    got = {}
    for _ in range(4):
        line, pl = c.recv()
        got[line] = pl
    assert got['ILN 8 NLN bob@example.com Bob 0 %3Cmsnobj%2F%3E'] is None, got
    assert got['ILN 8 NLN echo@example.com Echo%20Bot 0 %3Cmsnobj%2F%3E'] is None, got
    assert got['UBX bob@example.com 53'] == b'<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>'
    assert got['UBX echo@example.com 74'] == b'<Data><PSM>I repeat what you say</PSM><CurrentMedia></CurrentMedia></Data>'
    line, pl = c.expect('MSG Hotmail Hotmail 195')
    bob.expect('NLN NLN alice@example.com Alice%20Liddell 0')
    # status / nick / psm changes
    c.send('CHG 9 BSY 0')
    c.expect('CHG 9 BSY 0')
    bob.expect('NLN BSY alice@example.com Alice%20Liddell 0')
    c.send('PRP 10 MFN Alice%20L')
    c.expect('PRP 10 MFN Alice%20L')
    bob.expect('NLN BSY alice@example.com Alice%20L 0')
    c.send('UUX 11 66', '<Data><PSM>on a terminal</PSM><CurrentMedia></CurrentMedia></Data>')
    c.expect('UUX 11 0')
    c.send('PNG')
    c.expect('QNG 60')
    c.send('BLP 12 AL')
    c.expect('218 12')
    c.send('REA 13 alice@example.com X')
    c.expect('502 13')
    c.send('PRP 14 MFN Alice%20Liddell')
    c.expect('PRP 14 MFN Alice%20Liddell')
    bob.expect('NLN BSY alice@example.com Alice%20Liddell 0')
    # bob goes HDN then out -> FLN once
    bob.send('CHG 8 HDN 0')
    bob.expect('CHG 8 HDN 0')
    c.expect('FLN bob@example.com')
    bob.send('XFR 9 SB')
    bob.expect('913 9')
    bob.send('OUT')
    assert bob.is_closed()
    c.quiet()
    c.send('OUT')
    assert c.is_closed()


@test
def login_errors():
    p = CTX.srv.ports
    c = Client(p['ns'])
    c.send('VER 1 MSNP1 CVR0')
    c.expect('VER 1 0')
    assert c.is_closed()
    c = Client(p['ns'])
    c.send('VER 1 MSNP8 CVR0')
    c.expect('VER 1 MSNP8')
    c.send('INF 2')
    assert c.is_closed()
    for v, cmd in ((8, 'USR 2 MD5 I alice@example.com'), (7, 'USR 2 TWN I alice@example.com')):
        c = Client(p['ns'])
        c.send('VER 1 MSNP%d CVR0' % v)
        c.expect('VER 1 MSNP%d' % v)
        c.send(cmd)
        assert c.is_closed()
    for email, pw in (('alice@example.com', 'wrongpass'), ('nobody@example.com', 'x'), ('dave@example.com', 'davepass')):
        c = Client(p['ns'])
        c.send('VER 1 MSNP7 CVR0')
        c.expect('VER 1 MSNP7')
        c.send('USR 4 MD5 I %s' % email)
        salt = c.expect(r'USR 4 MD5 S (\S+)')[0].split()[4]
        c.send('USR 5 MD5 S %s' % md5(salt + pw))
        c.expect('911 5')
        assert c.is_closed()
    tok, code = passport_login(p['https'], 'alice@example.com', 'wrong', 'x=1')
    assert tok is None and code == 401
    c = Client(p['ns'])
    c.send('VER 1 MSNP8 CVR0')
    c.expect('VER 1 MSNP8')
    c.send('USR 2 TWN I alice@example.com')
    c.expect(r'USR 2 TWN S .*')
    c.send('USR 3 TWN S t=bogus')
    c.expect('911 3')
    assert c.is_closed()
    # token is single-use
    tok, _ = passport_login(p['https'], 'carol@example.com', 'carolpass', 'x=1')
    for n, ok in ((1, True), (2, False)):
        c = Client(p['ns'])
        c.send('VER 1 MSNP9 CVR0')
        c.expect('VER 1 MSNP9')
        c.send('USR 2 TWN I carol@example.com')
        c.expect(r'USR 2 TWN S .*')
        c.send('USR 3 TWN S %s' % tok)
        if ok:
            c.expect('USR 3 OK carol@example.com Carol 1 0')
            c.send('XFR 4 SB')
            c.wait_for('913 4')
            c.send('USR 5 MD5 I carol@example.com')
            c.expect('207 5')
            c.send('OUT')
        else:
            c.expect('911 3')
        assert c.is_closed()


@test
def duplicate_login_boots_old():
    p = CTX.srv.ports
    a1 = login(p, 'carol@example.com', 'carolpass', 7, 'carol1')
    a2 = login(p, 'carol@example.com', 'carolpass', 12, 'carol2', chg=False)
    a1.wait_for('OUT OTH')
    assert a1.is_closed()
    a2.send('OUT')
    assert a2.is_closed()


# ---------------------------------------------------------------- switchboard
@test
def sb_conversation():
    p = CTX.srv.ports
    alice = login(p, 'alice@example.com', 'alicepass', 12)
    bob = login(p, 'bob@example.com', 'bobpass', 7)
    sa = open_sb(alice, 'alice@example.com')
    sa.send('CAL 2 dave@example.com')
    sa.expect('217 2')
    sa.send('CAL 3 nobody@example.com')
    sa.expect('208 3')
    sa.send('CAL 4 bob@example.com')
    sa.expect(r'CAL 4 RINGING [0-9a-f]+')
    sbb, rng = answer(bob, 'bob@example.com')
    assert rng[5:] == ['alice@example.com', 'Alice%20Liddell'], rng
    sbb.expect('IRO 1 1 1 alice@example.com Alice%20Liddell')
    sbb.expect('ANS 1 OK')
    sa.expect('JOI bob@example.com Bob 0')
    sa.send('CAL 5 bob@example.com')
    sa.expect('215 5')
    pl = F.text_payload('Hello Bob, this is Alice!')
    sa.send('MSG 6 A %d' % len(pl), pl)
    line, got = sbb.expect('MSG alice@example.com Alice%20Liddell 138')
    assert got == pl
    sa.expect('ACK 6')
    t = F.typing_payload('bob@example.com')
    sbb.send('MSG 2 U %d' % len(t), t)
    sa.expect('MSG bob@example.com Bob 88')
    sbb.send('MSG 3 N 5', 'hello')
    sa.expect('MSG bob@example.com Bob 5')
    sbb.send('OUT')
    sa.expect('BYE bob@example.com')
    assert sbb.is_closed()
    sa.send('MSG 7 A 2', 'hi')     # alone -> NAK
    sa.expect('NAK 7')
    sa.send('MSG 8 S 2', 'hi')     # bad ack type -> close
    assert sa.is_closed()
    sa = open_sb(alice, 'alice@example.com')
    sa.send('MSG 2 N 1665', b'x' * 1665)
    assert sa.is_closed()
    bad = Client(p['sb'])
    bad.send('USR 1 alice@example.com 0123456789abcdef0123')
    bad.expect('911 1')
    assert bad.is_closed()
    alice.send('OUT')
    bob.send('OUT')


@test
def echo_bot_and_puppets():
    p = CTX.srv.ports
    alice = login(p, 'alice@example.com', 'alicepass', 11)
    alice.drain()
    sa = open_sb(alice, 'alice@example.com')
    sa.send('CAL 2 echo@example.com')
    sa.expect(r'CAL 2 RINGING \S+')
    sa.expect('JOI echo@example.com Echo%20Bot')
    pl = F.text_payload('ping 1')
    sa.send('MSG 3 N %d' % len(pl), pl)
    line, typing = sa.expect(r'MSG echo@example.com Echo%20Bot \d+')
    assert b'TypingUser: echo@example.com' in typing
    line, txt = sa.expect(r'MSG echo@example.com Echo%20Bot \d+')
    assert txt.endswith(b'\r\n\r\necho: ping 1'), txt
    hist = json.loads(CTX.srv.control('history echo@example.com')[3:])
    assert any(h.endswith('ping 1') for h in hist), hist
    # puppet carol comes online, talks to alice
    r = CTX.srv.control('online carol@example.com AWY Carol%20C')
    assert r == 'ok carol@example.com', r
    alice.wait_for('NLN AWY carol@example.com Carol%20C 0 %3Cmsnobj%2F%3E')
    alice.expect(r'UBX carol@example.com 53')
    assert CTX.srv.control('psm carol@example.com out for lunch') == 'ok'
    line, pl = alice.expect('UBX carol@example.com 66')
    assert b'<PSM>out for lunch</PSM>' in pl
    assert CTX.srv.control('status carol@example.com BSY') == 'ok'
    alice.expect('NLN BSY carol@example.com Carol%20C 0 %3Cmsnobj%2F%3E')
    alice.expect('UBX carol@example.com 66')
    r = CTX.srv.control('say carol@example.com alice@example.com hi there')
    assert r.startswith('ok ringing '), r
    sc, rng = answer(alice, 'alice@example.com')
    sc.expect(r'IRO 1 1 1 carol@example.com Carol%20C')
    sc.expect('ANS 1 OK')
    line, pl = sc.expect(r'MSG carol@example.com Carol%20C \d+')
    assert pl.endswith(b'\r\n\r\nhi there')
    assert CTX.srv.control('typing carol@example.com alice@example.com').startswith('ok sent')
    assert b'TypingUser: carol@example.com' in sc.expect(r'MSG carol@example.com \S+ 90')[1]
    assert CTX.srv.control('nudge carol@example.com alice@example.com').startswith('ok sent')
    assert b'ID: 1' in sc.expect(r'MSG carol@example.com \S+ 69')[1]
    raw = base64.b64encode(b'MIME-Version: 1.0\r\nContent-Type: text/x-custom\r\n\r\nraw!').decode()
    assert CTX.srv.control('say_raw carol@example.com alice@example.com ' + raw).startswith('ok sent')
    assert sc.expect(r'MSG carol@example.com \S+ \d+')[1].endswith(b'raw!')
    pl = F.text_payload('hello carol')
    sc.send('MSG 2 A %d' % len(pl), pl)
    sc.expect('ACK 2')
    hist = json.loads(CTX.srv.control('history carol@example.com')[3:])
    assert hist and hist[-1].endswith('hello carol'), hist
    sess = json.loads(CTX.srv.control('sessions')[3:])
    assert any(s['email'] == 'carol@example.com' and s['kind'] == 'puppet' for s in sess['ns'])
    assert CTX.srv.control('nick carol@example.com Carol') == 'ok'
    alice.wait_for('NLN BSY carol@example.com Carol 0 %3Cmsnobj%2F%3E')
    assert CTX.srv.control('offline carol@example.com') == 'ok'
    sc.expect('BYE carol@example.com')
    alice.wait_for('FLN carol@example.com')
    assert CTX.srv.control('bogus').startswith('error')
    assert CTX.srv.control('kick alice@example.com') == 'ok'
    alice.wait_for('OUT OTH')
    assert alice.is_closed()


@test
def list_ops_msnp12_and_rl():
    p = CTX.srv.ports
    dave = login(p, 'dave@example.com', 'davepass', 12, 'dave')
    dave.expect('CHG 7 NLN 0')
    dave.expect(r'MSG Hotmail Hotmail 195')
    alice = login(p, 'alice@example.com', 'alicepass', 9)
    alice.drain()
    dave.send('ADC 8 FL N=alice@example.com F=alice@example.com')
    dave.expect('ADC 8 FL N=alice@example.com F=alice@example.com C=94a4075b-6547-47f9-a21e-bc34db2e4617')
    dave.expect('NLN NLN alice@example.com Alice%20Liddell 0 %3Cmsnobj%2F%3E')
    dave.expect(r'UBX alice@example.com \d+')
    alice.expect('ADD 0 RL 2 dave@example.com Dave')
    dave.send('ADC 9 FL N=nobody@example.com F=x')
    dave.expect('208 9')
    dave.send('ADC 10 FL N=alice@example.com F=x')
    dave.expect('215 10')
    dave.send('ADG 11 Pals 0')
    g = dave.expect(r'ADG 11 Pals (\S+) 0')[0].split(' ')[3]
    dave.send('ADC 12 FL C=94a4075b-6547-47f9-a21e-bc34db2e4617 %s' % g)
    dave.expect('ADC 12 FL C=94a4075b-6547-47f9-a21e-bc34db2e4617 %s' % g)
    dave.send('REG 13 %s Best%%20Pals 0' % g)
    dave.expect('REG 13 1 Best%%20Pals %s 0' % g)
    dave.send('REM 14 FL 94a4075b-6547-47f9-a21e-bc34db2e4617 %s' % g)
    dave.expect('REM 14 FL 94a4075b-6547-47f9-a21e-bc34db2e4617 %s' % g)
    dave.send('RMG 15 %s' % g)
    dave.expect('RMG 15 1 %s' % g)
    dave.send('ADC 16 AL N=alice@example.com')
    dave.expect('ADC 16 AL N=alice@example.com')
    dave.send('REM 17 BL alice@example.com')
    dave.expect('216 17')
    alice.send('ADD 8 AL dave@example.com dave@example.com')
    alice.expect('ADD 8 AL 3 dave@example.com dave@example.com')
    alice.send('ADD 9 FL dave@example.com dave@example.com')
    alice.expect('ADD 9 FL 4 dave@example.com dave@example.com')
    alice.expect('NLN NLN dave@example.com Dave 0 %3Cmsnobj%2F%3E')
    dave.expect('ADC 0 RL N=alice@example.com F=Alice%20Liddell')
    alice.send('ADD 10 FL nobody@example.com nobody@example.com')
    alice.expect('205 10')
    alice.send('ADD 11 BL dave@example.com dave@example.com')
    alice.expect('ADD 11 BL 5 dave@example.com dave@example.com')
    dave.expect('FLN alice@example.com')
    alice.send('REM 12 BL dave@example.com')
    alice.expect('REM 12 BL 6 dave@example.com')
    dave.expect(r'NLN NLN alice@example.com .*')
    dave.expect(r'UBX alice@example.com \d+')
    alice.send('REM 13 FL dave@example.com')
    alice.expect('REM 13 FL 7 dave@example.com')
    dave.expect('REM 0 RL alice@example.com')
    alice.send('REM 14 AL dave@example.com')
    alice.expect('REM 14 AL 8 dave@example.com')
    alice.send('PRP 15 MFN x')
    alice.expect('715 15')
    alice.send('GTC 16 N')
    alice.expect('GTC 16 9 N')
    alice.send('PNG')
    alice.expect('QNG 60')
    alice.send('FOO 17 x')
    alice.expect('200 17')
    dave.send('REM 18 FL 94a4075b-6547-47f9-a21e-bc34db2e4617')
    dave.expect('REM 18 FL 94a4075b-6547-47f9-a21e-bc34db2e4617')
    alice.expect('REM 0 RL 10 dave@example.com')
    dave.send('REM 19 AL alice@example.com')
    dave.expect('REM 19 AL alice@example.com')
    dave.send('REM 20 RL alice@example.com')
    assert dave.is_closed()
    alice.send('OUT')
    assert alice.is_closed()


@test
def control_add_rl():
    p = CTX.srv.ports
    dave = login(p, 'dave@example.com', 'davepass', 10, 'dave10')
    dave.drain()
    assert CTX.srv.control('add_rl carol@example.com dave@example.com') == 'ok'
    dave.expect('ADC 0 RL N=carol@example.com F=Carol')
    dave.send('OUT')


# ---------------------------------------------------------------- dispatch / challenges (own servers)
@test
def dispatch_and_chl():
    srv = ServerProc('--dispatch', '--chl', 'msnp11', log=CTX.args.log)
    try:
        p = srv.ports
        assert p['dispatch']
        for v, auth, want in ((2, 'MD5', 'XFR 2 NS 127.0.0.1:%d' % p['ns']),
                              (5, 'MD5', 'XFR 2 NS 127.0.0.1:%d 0' % p['ns']),
                              (12, 'TWN', 'XFR 2 NS 127.0.0.1:%d 0 127.0.0.1:%d' % (p['ns'], p['dispatch']))):
            c = Client(p['dispatch'])
            c.send('VER 1 MSNP%d CVR0' % v)
            c.expect('VER 1 MSNP%d' % v)
            c.send('USR 2 %s I alice@example.com' % auth)
            c.expect(want)
            assert c.is_closed()
        for v, prod, key in ((12, 'PROD0090YUAUV{2B', 'YMM8C_H7KCQ2S_KL'), (11, 'PROD0101{0RM?UBW', 'CFHUR$52U_{VIX5T'),
                             (8, 'msmsgs@msnmsgr.com', 'Q1P7W2E4J9R8U3S5'), (6, 'PROD0061VRRZH@4F', 'JXQ6J@TUOGYV@N0M')):
            c = login(p, 'alice@example.com', 'alicepass', v)
            chal = c.wait_for(r'CHL 0 \d+')[0].split(' ')[2]
            resp = F.chl_msnp11(chal, prod, key) if v >= 11 else md5(chal + key)
            c.send('QRY 8 %s 32' % prod, resp)
            c.expect('QRY 8')
            c.send('OUT')
            assert c.is_closed()
        c = login(p, 'alice@example.com', 'alicepass', 12)
        chal = c.wait_for(r'CHL 0 \d+')[0].split(' ')[2]
        c.send('QRY 8 msmsgs@msnmsgr.com 32', md5(chal + 'Q1P7W2E4J9R8U3S5'))   # md5 form on MSNP12: wrong
        c.expect('540 8')
        assert c.is_closed()
    finally:
        assert srv.stop() == 0


import selftest_knobs  # noqa: E402,F401  (registers the knob tests after the ones above)
import selftest_web  # noqa: E402,F401  (the HTTPS web services of MSNP13+)
import selftest_wlm  # noqa: E402,F401  (MSNP13-18)
import selftest_oim  # noqa: E402,F401  (offline messages)


def part_of(fn):
    """core for this file's tests, else the selftest_<part> module's name."""
    mod = fn.__module__
    return mod[len('selftest_'):] if mod.startswith('selftest_') else 'core'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-k', default='')
    ap.add_argument('-v', action='store_true')
    ap.add_argument('--log', default=None)
    ap.add_argument('--part', default='', help='only the tests of one part: core, knobs, web, wlm, oim')
    CTX.args = ap.parse_args()
    CTX.srv = ServerProc(log=CTX.args.log)
    failed = []
    try:
        for fn in TESTS:
            if CTX.args.k and CTX.args.k not in fn.__name__:
                continue
            if CTX.args.part and part_of(fn) != CTX.args.part:
                continue
            t0 = time.time()
            try:
                fn()
                print('ok   %-32s %.2fs' % (fn.__name__, time.time() - t0))
            except Exception:
                failed.append(fn.__name__)
                print('FAIL %s' % fn.__name__)
                traceback.print_exc()
            sys.stdout.flush()
    finally:
        rc = CTX.srv.stop()
        if rc != 0:
            print('FAIL server exit status %r' % rc)
            failed.append('exit')
    print('%d failed' % len(failed) if failed else 'all green')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
