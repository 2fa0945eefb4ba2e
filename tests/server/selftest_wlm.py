"""MSNP13-18 tests of the server (registered into selftest.py).  Each starts its own server so the
list changes here never leak into the older tests."""
import contextlib
import json
import os
import re

import formats as F
import sso
from msnclient import Client, ServerProc, login_sso, passport_login, sso_ticket
from stcommon import CTX, test

G1 = '{A1A1A1A1-0000-4000-8000-000000000001}'
G2 = '{A2A2A2A2-0000-4000-8000-000000000002}'
G3 = '{A3A3A3A3-0000-4000-8000-000000000003}'
BOB_G = '{B0B0B0B0-0000-4000-8000-00000000B0B0}'
CAPS = '2789003324:48'


@contextlib.contextmanager
def server(*args):
    srv = ServerProc(*args, log=CTX.args.log if CTX.args else None)
    try:
        yield srv
    finally:
        assert srv.stop() == 0


def login_twn(srv, email, password, version, name=None, chg=True, caps=0):
    c = Client(srv.ports['ns'], name or email.split('@')[0])
    c.send('VER 1 MSNP%d CVR0' % version)
    c.expect('VER 1 MSNP%d' % version)
    c.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 8.5.1302 msmsgs %s' % email)
    c.expect(r'CVR 2 .*')
    c.send('USR 3 TWN I %s' % email)
    args = c.expect(r'USR 3 TWN S (\S+)')[0].split(' ')[4]
    tok, code = passport_login(srv.ports['https'], email, password, args)
    assert tok, code
    c.send('USR 4 TWN S t=%s&p=' % tok)
    c.expect(r'USR 4 OK %s 1 0' % re.escape(email))
    c.expect('SBS 0 null')
    line, prof = c.expect(r'MSG Hotmail Hotmail \d+')
    assert b'MPOPEnabled: 0' in prof
    c.ticket = tok
    c.trid = 4
    if chg:
        c.send('ADL 5 15', '<ml l="1"></ml>')
        c.expect('ADL 5 OK')
        c.send('CHG 6 NLN %d 0' % caps)
        c.expect('CHG 6 NLN %d 0' % caps)
        c.trid = 6
    return c


def ml(email, bits, initial=False):
    local, dom = email.split('@')
    return ('<ml%s><d n="%s"><c n="%s" l="%d" t="1"/></d></ml>' % (' l="1"' if initial else '', dom, local, bits))


def send_ml(c, cmd, body):
    t = c.next_trid()
    c.send('%s %d %d' % (cmd, t, len(body.encode())), body)
    return t


def open_sb16(ns, ident):
    t = ns.next_trid()
    ns.send('XFR %d SB' % t)
    line = ns.wait_for(r'XFR %d SB .*' % t)[0].split(' ')
    sb = Client(int(line[3].split(':')[1]), 'sb-' + ident.split('@')[0])
    sb.send('USR 1 %s %s' % (ident, line[5]))
    sb.expect(r'USR 1 OK %s \S+' % re.escape(ident))
    return sb


def answer16(ns, ident, timeout=5):
    line = ns.wait_for(r'RNG .*', timeout)[0].split(' ')
    sb = Client(int(line[2].split(':')[1]), 'sb-' + ident.split('@')[0])
    sb.send('ANS 1 %s %s %s' % (ident, line[4], line[1]))
    return sb, line


def gone(c, timeout=3):
    return c.is_closed(timeout)


# ---------------------------------------------------------------- SSO
@test
def wlm_sso_vector():
    sso.selftest()


@test
def wlm_sso_logins():
    with server() as srv:
        p = srv.ports
        a15 = login_sso(srv, 'alice@example.com', 15, chg=False)
        a15.send('OUT')
        assert gone(a15)
        a16 = login_sso(srv, 'alice@example.com', 16, guid=G1)
        a16.send('OUT')
        a18 = login_sso(srv, 'alice@example.com', 18, guid=G1)
        sess = json.loads(srv.control('sessions')[3:])['ns']
        me = [s for s in sess if s['email'] == 'alice@example.com']
        assert me and me[0]['dialect'] == 18 and me[0]['guid'] == G1.lower(), me
        a18.send('OUT')
        # MSNP15 without a blob is accepted (Escargot), profile MPOPEnabled 0; 16+ says 1
        c = Client(p['ns'])
        c.send('VER 1 MSNP15 CVR0')
        c.expect('VER 1 MSNP15')
        c.send('USR 2 SSO I bob@example.com')
        c.expect(r'GCF 0 \d+')
        c.expect(r'USR 2 SSO S MBI_KEY_OLD \S{64}')
        tk, _ = sso_ticket(srv, 'bob@example.com')
        c.send('USR 3 SSO S %s' % tk)
        c.expect('USR 3 OK bob@example.com 1 0')
        c.expect('SBS 0 null')
        assert b'MPOPEnabled: 0' in c.expect(r'MSG Hotmail Hotmail \d+')[1]
        c.send('OUT')

        def attempt(version, email, make_args, want, lifetime=86400):
            c = Client(p['ns'])
            c.send('VER 1 MSNP%d CVR0' % version)
            c.expect('VER 1 MSNP%d' % version)
            c.send('USR 2 SSO I %s' % email)
            c.expect(r'GCF 0 \d+')
            nonce = c.expect(r'USR 2 SSO S MBI_KEY_OLD \S{64}')[0].split(' ')[5]
            tk, secret = sso_ticket(srv, email, lifetime)
            c.send('USR 3 SSO S ' + make_args(tk, secret, nonce))
            if want == 'hang':
                try:
                    c.recv(1.0)
                    raise AssertionError('an answer to USR SSO S without a GUID')
                except TimeoutError:
                    pass
                c.close()
                return
            c.expect(want)
            if want.startswith('911'):
                assert gone(c)
            c.close()

        blob = lambda s, n: sso.make_blob_b64(s, n, os.urandom(8))
        attempt(16, 'alice@example.com', lambda t, s, n: '%s %s %s' % (t, blob(s, n), G1), 'USR 3 OK .*')
        attempt(18, 'alice@example.com', lambda t, s, n: '%s %s %s' % (t, blob(bytes(24), n), G1), '911 3')
        attempt(15, 'alice@example.com', lambda t, s, n: '%s %s' % (t, blob(s, 'x' * 64)), '911 3')
        attempt(15, 'alice@example.com', lambda t, s, n: '%s %s' % (t, blob(s, n)[:-4]), '911 3')
        attempt(15, 'alice@example.com', lambda t, s, n: '%s %s' % (t, blob(s, n)), '911 3', lifetime=-5)
        attempt(15, 'alice@example.com', lambda t, s, n: 't=0123456789abcdef0123&p= %s' % blob(s, n), '911 3')
        attempt(16, 'alice@example.com', lambda t, s, n: '%s %s {nonsense}' % (t, blob(s, n)), '911 3')
        attempt(16, 'alice@example.com', lambda t, s, n: '%s %s' % (t, blob(s, n)), 'hang')
        # another account's ticket
        tk_bob, sec_bob = sso_ticket(srv, 'bob@example.com')
        attempt(15, 'alice@example.com', lambda t, s, n: '%s %s' % (tk_bob, blob(sec_bob, n)), '911 3')
        # the wrong method for the dialect closes; SSO I without @ -> 911
        for v, cmd in ((14, 'USR 2 SSO I alice@example.com'), (15, 'USR 2 TWN I alice@example.com')):
            c = Client(p['ns'])
            c.send('VER 1 MSNP%d CVR0' % v)
            c.expect('VER 1 MSNP%d' % v)
            c.send(cmd)
            assert gone(c)
        c = Client(p['ns'])
        c.send('VER 1 MSNP18 MSNP17 MSNP16 MSNP15 MSNP14 MSNP13 MSNP12 CVR0')
        c.expect('VER 1 MSNP18')
        c.send('USR 2 SSO I alice')
        c.expect('911 2')
        assert gone(c)


@test
def wlm_twn_13_14_and_refusals():
    with server() as srv:
        for v in (13, 14):
            c = login_twn(srv, 'carol@example.com', 'carolpass', v)
            assert srv.control('ticket_owner %s' % c.ticket) == 'ok carol@example.com'
            c.drain()
            c.send('SYN 7 0 0')
            c.expect('502 7')
            c.send('BLP 8 AL')
            c.expect('BLP 8 AL')             # 13+: no 218 for the current value
            c.send('PNG')
            c.expect('QNG 60')
            c.send('GTC 9 N')
            assert gone(c)
            assert srv.control('ticket_owner %s' % c.ticket) == 'ok none'
        c = login_twn(srv, 'carol@example.com', 'carolpass', 13)
        c.drain()
        c.send('SBP 7 b9462c29-11c8-4a27-8395-c21844f4781a MFN x')
        assert gone(c)
        c = login_twn(srv, 'carol@example.com', 'carolpass', 13)
        c.send('FQY 7 46', '<ml><d n="example.com"><c n="dave" /></d></ml>')   # FQY is 14+
        assert gone(c)
        # 13/14 also accept an RST ticket in USR TWN S
        c = Client(srv.ports['ns'])
        c.send('VER 1 MSNP14 CVR0')
        c.expect('VER 1 MSNP14')
        c.send('USR 2 TWN I carol@example.com')
        c.expect(r'USR 2 TWN S .*')
        tk, _ = sso_ticket(srv, 'carol@example.com')
        c.send('USR 3 TWN S %s' % tk)
        c.expect('USR 3 OK carol@example.com 1 0')
        c.send('OUT')


# ---------------------------------------------------------------- ADL / RML / FQY
@test
def wlm_adl_rml_fqy():
    with server() as srv:
        dave = login_sso(srv, 'dave@example.com', 18, guid=G3)
        dave.drain()
        alice = login_sso(srv, 'alice@example.com', 16, guid=G1)
        alice.drain()
        # initial ADL content is ignored: still not on dave's FL
        t = send_ml(alice, 'ADL', ml('dave@example.com', 3, initial=True))
        alice.expect('ADL %d OK' % t)
        dave.quiet()
        # alice adds dave (FL+AL): dave's presence first, then OK; dave gets ADL 0 l=8 + NOT
        t = send_ml(alice, 'ADL', ml('dave@example.com', 3))
        alice.expect(r'NLN NLN dave@example.com 1 Dave 2789003324:48 0')
        line, pl = alice.expect(r'UBX dave@example.com 1 \d+')
        assert b'<EndpointData id="%s">' % G3.lower().encode() in pl and b'PrivateEndpointData' not in pl, pl
        alice.expect('ADL %d OK' % t)
        line, pl = dave.expect('ADL 0 79')
        assert pl == b'<ml><d n="example.com"><c n="alice" t="1" l="8" f="Alice%20Liddell" /></d></ml>', pl
        line, pl = dave.expect(r'NOT \d+')
        assert b'ABCHInternal' in pl
        sess = json.loads(srv.control('lists alice@example.com')[3:])
        assert sorted(sess['dave@example.com']) == ['AL', 'FL'], sess
        # FQY
        t = alice.next_trid()
        alice.send('FQY %d 46' % t, '<ml><d n="example.com"><c n="dave" /></d></ml>')
        line, pl = alice.expect('FQY %d 52' % t)
        assert pl == b'<ml><d n="example.com"><c n="dave" t="1" /></d></ml>'
        t = alice.next_trid()
        alice.send('FQY %d 48' % t, '<ml><d n="example.com"><c n="nobody" /></d></ml>')
        alice.expect('208 %d' % t)
        # unknown account: 208, connection stays
        t = send_ml(alice, 'ADL', ml('nobody@example.com', 1))
        alice.expect('208 %d' % t)
        # RML FL: dave gets RML 0
        t = send_ml(alice, 'RML', ml('dave@example.com', 1))
        alice.expect('RML %d OK' % t)
        line, pl = dave.expect('RML 0 59')
        assert pl == b'<ml><d n="example.com"><c n="alice" t="1" l="8" /></d></ml>', pl
        dave.expect(r'NOT \d+')
        sess = json.loads(srv.control('lists alice@example.com')[3:])
        assert sess['dave@example.com'] == ['AL'], sess
        # the SOAP side's hook: an FL add made elsewhere notifies the same way
        assert srv.control('add_rl carol@example.com dave@example.com') == 'ok'
        assert dave.expect(r'ADL 0 \d+')[1].startswith(b'<ml><d n="example.com"><c n="carol" t="1" l="8"')
        dave.expect(r'NOT \d+')
        # rejects that close
        for body, code in (('<ml><d n="example.com"></d></ml>', 240),
                           (ml('bob@example.com', 8), 241),
                           (ml('bob@example.com', 17), 241),
                           ('<ml><d n="example.com"><c n="bob" l="1" t="7"/></d></ml>', 204),
                           ('<ml><d n="example.com"><c n="bob"', 241)):
            c = login_sso(srv, 'bob@example.com', 18, guid=BOB_G)
            c.drain()
            t = send_ml(c, 'ADL', body)
            c.wait_for('%d %d' % (code, t))
            assert gone(c), body
        alice.send('OUT')
        dave.send('OUT')


@test
def wlm_adl_multi_domain_knob():
    with server('--knob', 'adl_multi_d_bug=1') as srv:
        dave = login_sso(srv, 'dave@example.com', 18, guid=G3)
        dave.drain()
        body = ('<ml><d n="example.com"><c n="alice" l="1" t="1"/></d>'
                '<d n="example.com"><c n="bob" l="1" t="1"/></d></ml>')
        t = send_ml(dave, 'ADL', body)
        dave.wait_for('ADL %d OK' % t)
        lists = json.loads(srv.control('lists dave@example.com')[3:])
        assert list(lists) == ['bob@example.com'], lists     # only the last <d> was applied
        dave.send('OUT')


# ---------------------------------------------------------------- presence formats
@test
def wlm_presence_formats():
    with server() as srv:
        # bob watches alice, who is a puppet first and then a real MSNP18 client
        assert srv.control('online alice@example.com BSY') == 'ok alice@example.com'
        for v, iln, nln, fln, ubx in (
                (13, 'ILN 6 BSY alice@example.com Alice%20Liddell 0 %3Cmsnobj%2F%3E',
                 'NLN AWY alice@example.com Alice%20Liddell 0 %3Cmsnobj%2F%3E', 'FLN alice@example.com',
                 'UBX alice@example.com'),
                (14, 'ILN 6 BSY alice@example.com 1 Alice%20Liddell 0 %3Cmsnobj%2F%3E',
                 'NLN AWY alice@example.com 1 Alice%20Liddell 0 %3Cmsnobj%2F%3E', 'FLN alice@example.com 1 0',
                 'UBX alice@example.com 1'),
                (16, 'ILN 6 BSY alice@example.com 1 Alice%20Liddell 0:0 %3Cmsnobj%2F%3E',
                 'NLN AWY alice@example.com 1 Alice%20Liddell 0:0 %3Cmsnobj%2F%3E', 'FLN alice@example.com 1 0:0',
                 'UBX alice@example.com 1'),
                (18, 'NLN BSY 1:alice@example.com Alice%20Liddell 0:0 %3Cmsnobj%2F%3E',
                 'NLN AWY 1:alice@example.com Alice%20Liddell 0:0 %3Cmsnobj%2F%3E', 'FLN 1:alice@example.com 0:0',
                 'UBX 1:alice@example.com')):
            if v <= 14:
                bob = login_twn(srv, 'bob@example.com', 'bobpass', v, chg=False)
                bob.send('ADL 5 15', '<ml l="1"></ml>')
                bob.expect('ADL 5 OK')
                bob.send('CHG 6 NLN 0 0')
                bob.expect('CHG 6 NLN 0 0')
            else:
                bob = login_sso(srv, 'bob@example.com', v, guid=BOB_G if v >= 16 else None, chg=False)
                bob.send('ADL 5 15', '<ml l="1"></ml>')
                bob.expect('ADL 5 OK')
                bob.send('CHG 6 NLN %s 0' % ('0:0' if v >= 16 else '0'))
                bob.expect(r'CHG 6 NLN \S+ 0')
            got = bob.wait_for(re.escape(iln))
            line, pl = bob.wait_for(re.escape(ubx) + r' \d+')
            assert pl.startswith(b'<Data><PSM></PSM><CurrentMedia></CurrentMedia>'), pl
            bob.expect(r'MSG Hotmail Hotmail \d+')
            assert srv.control('status alice@example.com AWY') == 'ok'
            bob.wait_for(re.escape(nln))
            assert srv.control('offline alice@example.com') == 'ok'
            bob.wait_for(re.escape(fln))
            assert srv.control('online alice@example.com BSY') == 'ok alice@example.com'
            bob.send('OUT')
            assert gone(bob)
        srv.control('offline alice@example.com')
        # a real MSNP18 alice: 13 sees the caps' first word, 16 and 18 `c:cx`; PSM re-escaped per dialect
        b13 = login_twn(srv, 'bob@example.com', 'bobpass', 13)
        b13.drain()
        alice = login_sso(srv, 'alice@example.com', 18, guid=G1)
        b13.expect('NLN NLN alice@example.com Alice%20Liddell 2789003324 0')
        line, pl = b13.expect(r'UBX alice@example.com \d+')
        alice.drain()
        psm = '<Data><PSM>a&amp;b=c</PSM><CurrentMedia></CurrentMedia><MachineGuid>%s</MachineGuid></Data>' % G1
        t = alice.next_trid()
        alice.send('UUX %d %d' % (t, len(psm)), psm)
        alice.expect('UUX %d 0' % t)
        b13.expect('NLN NLN alice@example.com Alice%20Liddell 2789003324 0')
        line, pl = b13.expect(r'UBX alice@example.com \d+')
        assert pl == ('<Data><PSM>a&#x26;b=c</PSM><CurrentMedia></CurrentMedia><MachineGuid>%s</MachineGuid>'
                      '</Data>' % G1).encode(), pl
        # 16+: the sender sees itself (NLN + UBX with its PrivateEndpointData)
        alice.expect(r'NLN NLN 1:alice@example.com Alice%20Liddell 2789003324:48 0')
        line, pl = alice.expect(r'UBX 1:alice@example.com \d+')
        assert b'<PSM>a&#x26;b&#x3D;c</PSM>' in pl and b'<PrivateEndpointData id="%s">' % G1.lower().encode() in pl
        pe = '<PrivateEndpointData><EpName>probe</EpName><Idle>false</Idle><ClientType>1</ClientType>' \
             '<State>NLN</State></PrivateEndpointData>'
        t = alice.next_trid()
        alice.send('UUX %d %d' % (t, len(pe)), pe)
        alice.expect('UUX %d 0' % t)
        line, pl = alice.wait_for(r'UBX 1:alice@example.com \d+')
        assert b'<EpName>probe</EpName><ClientType>1</ClientType><State>NLN</State>' in pl, pl
        assert json.loads(srv.control('endpoints alice@example.com')[3:]) == [
            {'guid': G1.lower(), 'ep_name': 'probe', 'dialect': 18}]
        b13.drain()
        t = alice.next_trid()
        alice.send('CHG %d BSY %s 0' % (t, CAPS))
        alice.expect('CHG %d BSY %s 0' % (t, CAPS))
        b13.expect('NLN BSY alice@example.com Alice%20Liddell 2789003324 0')
        bad = pe.replace('<State>NLN</State>', '<State>XYZ</State>')
        t = alice.next_trid()
        alice.send('UUX %d %d' % (t, len(bad)), bad)
        assert gone(alice)
        b13.wait_for('FLN alice@example.com')
        b13.send('OUT')


# ---------------------------------------------------------------- MPOP (16+)
def uun(c, target, payload=b'goawyplzthxbye'):
    t = c.next_trid()
    c.send('UUN %d %s 4 %d' % (t, target, len(payload)), payload)
    return t


@test
def wlm_mpop_places():
    with server() as srv:
        bob = login_sso(srv, 'bob@example.com', 18, guid=BOB_G)
        bob.drain()
        a1 = login_sso(srv, 'alice@example.com', 18, guid=G1)
        a1.drain()
        bob.drain()
        a2 = login_sso(srv, 'alice@example.com', 16, guid=G2, chg=False)
        a2.send('ADL 5 15', '<ml l="1"></ml>')
        a2.expect('ADL 5 OK')
        a2.send('CHG 6 BSY %s 0' % CAPS)
        a2.expect('CHG 6 BSY %s 0' % CAPS)
        a2.trid = 6
        # the new place sees itself with both endpoints; so does the first; bob sees EndpointData only
        a2.wait_for(r'NLN BSY alice@example.com 1 Alice%20Liddell 2789003324:48 0')
        pl = a2.wait_for(r'UBX alice@example.com 1 \d+')[1]
        for g in (G1, G2):
            assert b'<EndpointData id="%s">' % g.lower().encode() in pl, pl
            assert b'<PrivateEndpointData id="%s">' % g.lower().encode() in pl, pl
        a1.wait_for(r'NLN BSY 1:alice@example.com Alice%20Liddell 2789003324:48 0')
        pl = a1.wait_for(r'UBX 1:alice@example.com \d+')[1]
        assert pl.count(b'<EndpointData ') == 2 and pl.count(b'<PrivateEndpointData ') == 2, pl
        bob.wait_for(r'NLN BSY 1:alice@example.com Alice%20Liddell 2789003324:48 0')
        pl = bob.wait_for(r'UBX 1:alice@example.com \d+')[1]
        assert pl.count(b'<EndpointData ') == 2 and b'PrivateEndpointData' not in pl, pl
        eps = json.loads(srv.control('endpoints alice@example.com')[3:])
        assert sorted(e['guid'] for e in eps) == [G1.lower(), G2.lower()], eps
        sess = [s for s in json.loads(srv.control('sessions')[3:])['ns'] if s['email'] == 'alice@example.com']
        assert sorted((s['dialect'], s['guid']) for s in sess) == [(16, G2.lower()), (18, G1.lower())], sess
        # status is per account: a1's CHG wins for everybody
        a1.drain()
        a2.drain()
        t = a1.next_trid()
        a1.send('CHG %d AWY %s 0' % (t, CAPS))
        a1.expect('CHG %d AWY %s 0' % (t, CAPS))
        a2.wait_for(r'NLN AWY alice@example.com 1 .*')
        bob.wait_for(r'NLN AWY 1:alice@example.com .*')
        # UUN to one place -> UBN with the sender's GUID to that place only
        a1.drain()
        a2.drain()
        t = uun(a1, 'alice@example.com;' + G2)
        line, pl = a2.expect(r'UBN alice@example.com;%s 4 14' % re.escape(G1.lower()))
        assert pl == b'goawyplzthxbye'
        a1.expect('UUN %d OK' % t)
        # to the bare address -> every place, sender included, without the GUID
        t = uun(a2, 'alice@example.com', b'goawyplzthxbye-nomorempop')
        a1.expect('UBN alice@example.com 4 25')
        a2.expect('UBN alice@example.com 4 25')
        a2.expect('UUN %d OK' % t)
        # 217 while HDN
        t = a1.next_trid()
        a1.send('CHG %d HDN %s 0' % (t, CAPS))
        a1.wait_for('CHG %d HDN .*' % t)
        bob.wait_for('FLN 1:alice@example.com 0:0')
        t = uun(a1, 'alice@example.com;' + G2)
        a1.wait_for('217 %d' % t)
        t = a1.next_trid()
        a1.send('CHG %d NLN %s 0' % (t, CAPS))
        a1.wait_for('CHG %d NLN .*' % t)
        bob.wait_for(r'NLN NLN 1:alice@example.com .*')
        bob.drain()
        a1.drain()
        # a place leaves: a new UBX without it, no FLN
        a2.send('OUT')
        assert gone(a2)
        pl = a1.wait_for(r'UBX 1:alice@example.com \d+')[1]
        assert pl.count(b'<EndpointData ') == 1 and G2.lower().encode() not in pl, pl
        got = [l for l, _ in bob.drain(0.5)]
        assert not any(l.startswith('FLN') for l in got), got
        assert any(l.startswith('UBX 1:alice@example.com') for l in got), got
        # a 16+ sign-in with a new GUID keeps 16+ places; one with a known GUID signs out all others
        a3 = login_sso(srv, 'alice@example.com', 17, guid=G3)
        a4 = login_sso(srv, 'alice@example.com', 18, guid=G3, chg=False)
        a1.wait_for('OUT OTH')
        a3.wait_for('OUT OTH')
        assert gone(a1) and gone(a3)
        # MSNP15 signs out every other session (18 too); then a 16+ sign-in signs out the 15 one
        a5 = login_sso(srv, 'alice@example.com', 15)
        a4.wait_for('OUT OTH')
        a6 = login_sso(srv, 'alice@example.com', 16, guid=G1)
        a5.wait_for('OUT OTH')
        assert gone(a5)
        a7 = login_twn(srv, 'alice@example.com', 'alicepass', 13)
        a6.wait_for('OUT OTH')
        a7.send('OUT')
        bob.send('OUT')


@test
def wlm_mpop_off():
    with server('--knob', 'mpop=0') as srv:
        a1 = login_sso(srv, 'alice@example.com', 18, guid=G1)
        login_sso(srv, 'alice@example.com', 18, guid=G2)
        a1.wait_for('OUT OTH')
        assert gone(a1)


# ---------------------------------------------------------------- switchboard at 16+
@test
def wlm_sb_guid_forms():
    with server() as srv:
        gb, g1, g2 = BOB_G.lower(), G1.lower(), G2.lower()
        bob = login_sso(srv, 'bob@example.com', 18, guid=BOB_G)
        a1 = login_sso(srv, 'alice@example.com', 18, guid=G1)
        a2 = login_sso(srv, 'alice@example.com', 16, guid=G2)
        carol = login_twn(srv, 'carol@example.com', 'carolpass', 14, caps=1)
        for c in (bob, a1, a2, carol):
            c.drain()
        sb = open_sb16(bob, 'bob@example.com;' + BOB_G)
        sb.send('CAL 2 alice@example.com')
        sb.expect(r'CAL 2 RINGING \S+')
        s1, rng1 = answer16(a1, 'alice@example.com;' + G1)
        s2, rng2 = answer16(a2, 'alice@example.com;' + G2)
        assert rng1[1] == rng2[1] and rng1[5:] == ['bob@example.com', 'Bob', 'U', 'messenger.hotmail.com', '1']
        s1.expect('IRO 1 1 2 bob@example.com;%s Bob 2789003324:48' % gb)
        s1.expect('IRO 1 2 2 bob@example.com Bob 2789003324:48')
        s1.expect('ANS 1 OK')
        s1.expect('JOI alice@example.com Alice%20Liddell 2789003324:48')
        sb.expect('JOI alice@example.com;%s Alice%%20Liddell 2789003324:48' % g1)
        sb.expect('JOI alice@example.com Alice%20Liddell 2789003324:48')
        s2.expect('IRO 1 1 3 bob@example.com;%s Bob 2789003324:48' % gb)
        s2.expect('IRO 1 2 3 bob@example.com Bob 2789003324:48')
        s2.expect('IRO 1 3 3 alice@example.com;%s Alice%%20Liddell 2789003324:48' % g1)
        s2.expect('ANS 1 OK')
        s2.expect('JOI alice@example.com Alice%20Liddell 2789003324:48')
        sb.expect('JOI alice@example.com;%s Alice%%20Liddell 2789003324:48' % g2)
        s1.expect('JOI alice@example.com;%s Alice%%20Liddell 2789003324:48' % g2)
        sb.quiet()
        # bob's message reaches both places; alice's reaches bob and her other place, without GUID
        pl = F.text_payload('hi alice')
        sb.send('MSG 2 A %d' % len(pl), pl)
        sb.expect('ACK 2')
        assert s1.expect(r'MSG bob@example.com Bob \d+')[1] == pl
        assert s2.expect(r'MSG bob@example.com Bob \d+')[1] == pl
        pl = F.text_payload('hi bob')
        s1.send('MSG 2 N %d' % len(pl), pl)
        assert sb.expect(r'MSG alice@example.com Alice%20Liddell \d+')[1] == pl
        assert s2.expect(r'MSG alice@example.com Alice%20Liddell \d+')[1] == pl
        s1.quiet()
        # an older dialect in the same session sees today's forms (bare, decimal caps)
        sb.send('CAL 3 carol@example.com')
        sb.expect(r'CAL 3 RINGING \S+')
        sc, rng = answer16(carol, 'carol@example.com')
        assert rng[7:] == ['U', 'messenger.hotmail.com', '1'], rng
        sc.expect('IRO 1 1 2 bob@example.com Bob 2789003324')
        sc.expect('IRO 1 2 2 alice@example.com Alice%20Liddell 2789003324')
        sc.expect('ANS 1 OK')
        sc.quiet()
        sb.expect('JOI carol@example.com Carol 1:0')
        s1.expect('JOI carol@example.com Carol 1:0')
        # leaving: a non-last place -> BYE with GUID only; the last -> with GUID, then bare
        s2.send('OUT')
        sb.expect('BYE alice@example.com;%s' % g2)
        s1.expect('BYE alice@example.com;%s' % g2)
        sc.quiet()
        s1.send('OUT')
        sb.expect('BYE alice@example.com;%s' % g1)
        sb.expect('BYE alice@example.com')
        sc.expect('BYE alice@example.com')
        # a puppet's `say` to an account with two places reaches both
        assert srv.control('say echo@example.com alice@example.com to both').startswith('ok ringing')
        e1, _ = answer16(a1, 'alice@example.com;' + G1)
        e2, _ = answer16(a2, 'alice@example.com;' + G2)
        for c in (e1, e2):
            assert c.wait_for(r'MSG echo@example.com Echo%20Bot \d+')[1].endswith(b'to both')
        # CAL your own address: RNG your other places, a JOI about yourself
        sb.send('CAL 4 bob@example.com')
        sb.expect(r'CAL 4 RINGING \S+')
        sb.expect('JOI bob@example.com Bob 2789003324:48')
        for c in (sb, sc, bob, a1, a2, carol):
            c.close()


# ---------------------------------------------------------------- end to end with /RST.srf
@test
def wlm_sso_with_rst_and_soap():
    import base64
    from selftest_web import post, doc, rst_entries, ab_call, soap_ok
    with server() as srv:
        for path, req in (('/RST.srf', 'rst-request.xml'), ('/RST2.srf', 'rst2-request.xml')):
            status, _, data, _ = post(srv.ports['https'], path, doc(req))
            assert status == 200, status
            entry = [e for e in rst_entries(data) if e['address'] == 'messengerclear.live.com'][0]
            ticket, secret = entry['token'], base64.b64decode(entry['secret'])
            t20 = ticket[2:22]
            # before USR ... S the ticket is no good on the SOAP side
            status, _, _, _ = post(srv.ports['https'], '/abservice/SharingService.asmx',
                                   doc('findmembership-request.xml').replace(
                                       b't=0123456789abcdef0123&amp;p=', ('t=%s&amp;p=' % t20).encode()))
            assert status == 403, status
            a = login_sso(srv, 'alice@example.com', 18, guid=G1, ticket=(ticket, secret))
            assert srv.control('ticket_owner %s' % t20) == 'ok alice@example.com'
            status, _, data, _ = ab_call('findmembership-request.xml', t20, path='/abservice/SharingService.asmx',
                                         port=srv.ports['https'])
            soap_ok(status, data, 'FindMembership')
            a.send('OUT')
            assert gone(a)
            assert srv.control('ticket_owner %s' % t20) == 'ok none'


@test
def wlm_xfr_while_hidden():
    with server() as srv:
        a = login_sso(srv, 'alice@example.com', 15)
        t = a.next_trid()
        a.send('CHG %d HDN 0 0' % t)
        a.wait_for('CHG %d HDN 0 0' % t)
        t = a.next_trid()
        a.send('XFR %d SB' % t)
        a.wait_for(r'XFR %d SB 127\.0\.0\.1:\d+ CKI \S+ U messenger\.msn\.com 1' % t)
        a.send('OUT')


@test
def wlm_ns_fixtures_current():
    import nsfixtures
    assert nsfixtures.main([]) == 0, 'tests/data/wlm-ns differs from what the server sends (nsfixtures.py --write?)'
