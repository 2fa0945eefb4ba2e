"""Tests of the HTTPS web services (RST, address book, sharing), registered into selftest.py.

The request documents are the ones in tests/data/wlm/ (webfixtures.py checks the answers to them
byte for byte in-process); here they go over HTTPS with certificate verification, with the
placeholder ticket replaced by the one a real NS session signed in with.
"""
import atexit
import base64
import http.client
import os
import re
import ssl
import time
import xml.etree.ElementTree as ET

from msnclient import Client, ServerProc, passport_login
from stcommon import CTX, test

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data', 'wlm')
PLACEHOLDER = 't=0123456789abcdef0123&amp;p='
AB = '/abservice/abservice.asmx'
SHARING = '/abservice/SharingService.asmx'
TB_SECRET = 'tgoPVK67sU36fQKlGLMgWgTXp7oiaQgE'
GUIDS = {'alice': '94a4075b-6547-47f9-a21e-bc34db2e4617', 'bob': 'd8cc4906-8b30-40c0-a3a6-23dce9fbddc3',
         'carol': 'b9462c29-11c8-4a27-8395-c21844f4781a', 'dave': '5ad0e3c1-6f3e-4a53-9d3b-0d2f6c1e7a11',
         'echo': 'ec40b07e-0000-4000-8000-00000000ec40'}


class WEB:
    srv = None    # a server of its own, so the state is accounts.json's whatever ran before


def srv():
    if WEB.srv is None:
        WEB.srv = ServerProc(log=CTX.args.log if CTX.args else None)
        atexit.register(WEB.srv.stop)
    return WEB.srv


def doc(name):
    with open(os.path.join(DATA, name), 'rb') as fh:
        return fh.read()


def post(port, path, body, headers=None, timeout=10):
    """HTTPS POST (cert.pem as CA); returns (status, headers dict lower-case, body bytes, seconds)."""
    ctx = ssl.create_default_context(cafile=os.path.join(HERE, 'cert.pem'))
    conn = http.client.HTTPSConnection('127.0.0.1', port, context=ctx, timeout=timeout)
    hdrs = {'Content-Type': 'text/xml; charset=utf-8'}
    hdrs.update(headers or {})
    t0 = time.time()
    conn.request('POST', path, body=body, headers=hdrs)
    resp = conn.getresponse()
    data = resp.read()
    took = time.time() - t0
    out = {k.lower(): v for k, v in resp.getheaders()}
    conn.close()
    return resp.status, out, data, took


def local(tag):
    return tag.rsplit('}', 1)[-1]


def named(el, name):
    return [e for e in el.iter() if local(e.tag) == name]


def one(el, name):
    found = named(el, name)
    assert found, 'no %s' % name
    return found[0]


def kids(el, name):
    return [e for e in el if local(e.tag) == name]


def sign_in(email, password, port=None):
    """NS sign-in with TWN (the highest of MSNP13/MSNP12 the server speaks); returns (client, ticket)."""
    ports = port or srv().ports
    c = Client(ports['ns'], email.split('@')[0] + '-web')
    c.send('VER 1 MSNP13 MSNP12 CVR0')
    c.expect(r'VER 1 MSNP1[23]')
    c.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 8.1.0178 msmsgs %s' % email)
    c.expect(r'CVR 2 .*')
    c.send('USR 3 TWN I %s' % email)
    args = c.wait_for(r'USR 3 TWN S (\S+)')[0].split(' ')[4]
    tok, code = passport_login(ports['https'], email, password, args)
    assert tok, code
    c.send('USR 4 TWN S t=%s&p=' % tok)
    c.wait_for(r'USR 4 OK %s.*' % re.escape(email))
    c.trid = 4
    return c, tok


def ab_call(name, ticket, path=AB, port=None, headers=None, ticket_text=None):
    body = doc(name)
    body = body.replace(PLACEHOLDER.encode(), (ticket_text if ticket_text is not None else
                                               't=%s&amp;p=' % ticket).encode())
    return post(port or srv().ports['https'], path, body, headers)


def soap_ok(status, data, method):
    assert status == 200, (status, data[:300])
    root = ET.fromstring(data)
    assert not named(root, 'Fault'), data[:500]
    return one(root, method + 'Response')


def ab_fault(status, data, want_status, errorcode):
    assert status == want_status, (status, data[:300])
    root = ET.fromstring(data)
    one(root, 'Fault')
    assert one(root, 'errorcode').text == errorcode, data[:600]


def roles(data):
    """{role: [PassportName]} of a FindMembership answer."""
    root = ET.fromstring(data)
    out = {}
    for ms in named(root, 'Membership'):
        role = one(ms, 'MemberRole').text
        out[role] = [one(m, 'PassportName').text for m in named(ms, 'Member')]
    return out


def ab_contacts(data):
    """{passportName: contact element} of an ABFindAll/ABFindContactsPaged answer, Me included."""
    root = ET.fromstring(data)
    return {one(c, 'passportName').text: c for c in named(root, 'Contact')}


def rst_entries(data):
    root = ET.fromstring(data)
    out = []
    for r in named(root, 'RequestSecurityTokenResponse'):
        bst = named(r, 'BinarySecurityToken')
        secret = named(r, 'BinarySecret')
        out.append({'address': one(r, 'Address').text,
                    'id': bst[0].get('Id') if bst else None,
                    'token': bst[0].text if bst else None,
                    'secret': secret[0].text if secret else None,
                    'lifetime': [local(e.tag) for e in r if local(e.tag).lower() == 'lifetime'],
                    'expires': one(r, 'Expires').text, 'created': one(r, 'Created').text})
    return out


def epoch(iso):
    return time.mktime(time.strptime(iso[:19], '%Y-%m-%dT%H:%M:%S')) - time.timezone


# ---------------------------------------------------------------- RST
@test
def web_rst_tokens():
    p = srv().ports
    for path, req, lifetime in (('/RST.srf', 'rst-request.xml', 'LifeTime'), ('/RST2.srf', 'rst2-request.xml', 'Lifetime')):
        status, hdrs, data, _ = post(p['https'], path, doc(req))
        assert status == 200 and hdrs['content-type'].startswith('text/xml'), (status, hdrs)
        root = ET.fromstring(data)
        want_env = 'http://schemas.xmlsoap.org/soap/envelope/' if path == '/RST.srf' else \
            'http://www.w3.org/2003/05/soap-envelope'
        assert root.tag == '{%s}Envelope' % want_env, root.tag
        assert not named(root, 'Fault')
        e = rst_entries(data)
        assert [x['address'] for x in e] == ['http://Passport.NET/tb', 'messengerclear.live.com', 'messenger.msn.com',
                                             'contacts.msn.com', 'messengersecure.live.com', 'storage.msn.com'], e
        assert e[0]['secret'] == TB_SECRET and e[0]['token'] is None
        assert [x['id'] for x in e[1:]] == ['Compact2', 'Compact3', 'Compact4', 'Compact5', 'Compact6']
        tickets = {x['token'] for x in e[1:]}
        assert len(tickets) == 1 and re.fullmatch(r't=[0-9a-f]{20}&p=', tickets.pop()), tickets
        assert len(base64.b64decode(e[1]['secret'])) == 24 and e[1]['secret'] != TB_SECRET
        assert all(x['secret'] is None for x in e[2:])
        for x in e:
            assert x['lifetime'] == [lifetime], x
            assert abs(epoch(x['created']) - time.time()) < 120, x
            assert abs(epoch(x['expires']) - epoch(x['created']) - 86400) < 2, x
        # a second request gets another ticket and another proof key
        e2 = rst_entries(post(p['https'], path, doc(req))[2])
        assert e2[1]['token'] != e[1]['token'] and e2[1]['secret'] != e[1]['secret']
    # Compact<k> counts the tb request: without it messengerclear is Compact1
    body = re.sub(rb'<wst:RequestSecurityToken Id="RST0">.*?</wst:RequestSecurityToken>\s*', b'', doc('rst-request.xml'),
                  flags=re.S)
    e = rst_entries(post(p['https'], '/RST.srf', body)[2])
    assert [(x['address'], x['id']) for x in e[:3]] == [('http://Passport.NET/tb', None),
                                                        ('messengerclear.live.com', 'Compact1'),
                                                        ('messenger.msn.com', 'Compact2')], e
    # the whole password counts (no truncation), and XML escapes are decoded
    assert srv().control('password dave@example.com a&b<c>0123456789abcdefXYZ') == 'ok'
    try:
        body = doc('rst-request.xml').replace(b'alice@example.com', b'dave@example.com').replace(
            b'alicepass', b'a&amp;b&lt;c&gt;0123456789abcdefXYZ')
        assert not named(ET.fromstring(post(p['https'], '/RST.srf', body)[2]), 'Fault')
        body = body.replace(b'XYZ', b'')
        assert named(ET.fromstring(post(p['https'], '/RST.srf', body)[2]), 'Fault')
    finally:
        srv().control('password dave@example.com davepass')


@test
def web_rst_faults():
    p = srv().ports
    before = json_stats()['auth_failures'].get('alice@example.com', 0)
    status, _, data, _ = post(p['https'], '/RST.srf', doc('rst-request-badpass.xml'))
    assert status == 200
    root = ET.fromstring(data)
    fault = kids(root, 'Fault')     # RST.srf: a child of S:Envelope, not inside S:Body
    assert fault and not any(named(b, 'Fault') for b in kids(root, 'Body')), data
    assert one(fault[0], 'faultcode').text == 'wsse:FailedAuthentication'
    assert one(root, 'reqstatus').text == '0x80048823'
    status, _, data, _ = post(p['https'], '/RST2.srf', doc('rst2-request-badpass.xml'))
    root = ET.fromstring(data)
    assert status == 200 and kids(one(root, 'Body'), 'Fault'), data
    assert one(one(root, 'Subcode'), 'Value').text == 'wst:FailedAuthentication'
    assert one(one(root, 'error'), 'value').text == '0x80048821'
    assert json_stats()['auth_failures'].get('alice@example.com', 0) == before + 2
    # unknown account and a bot without password: FailedAuthentication too
    for who in (b'nobody@example.com', b'echo@example.com'):
        data = post(p['https'], '/RST.srf', doc('rst-request.xml').replace(b'alice@example.com', who))[2]
        assert one(ET.fromstring(data), 'faultcode').text == 'wsse:FailedAuthentication', who
    # unparsable
    status, _, data, _ = post(p['https'], '/RST.srf', doc('rst-request-unparsable.txt'))
    root = ET.fromstring(data)
    assert status == 200 and one(root, 'faultcode').text == 'S:Client' and one(root, 'faultstring').text == 'Invalid Request'
    status, _, data, _ = post(p['https'], '/RST2.srf', doc('rst-request-unparsable.txt'))
    root = ET.fromstring(data)
    assert status == 200 and one(one(root, 'Subcode'), 'Value').text == 'wst:InvalidRequest'
    assert one(one(root, 'error'), 'value').text == '0x80048820'
    # XML without credentials is an invalid request as well
    data = post(p['https'], '/RST.srf', b'<Envelope><Body/></Envelope>')[2]
    assert one(ET.fromstring(data), 'faultcode').text == 'S:Client'


def json_stats():
    import json
    return json.loads(srv().control('stats')[3:])


# ---------------------------------------------------------------- tickets
@test
def web_ticket_rules():
    p = srv().ports
    # an RST ticket never given to USR: 403
    e = rst_entries(post(p['https'], '/RST.srf', doc('rst-request.xml'))[2])
    status, _, _, _ = ab_call('findmembership-request.xml', None, SHARING, ticket_text=e[3]['token'].replace('&', '&amp;'))
    assert status == 403, status
    # before any sign-in, a TWN token from /login is not enough either
    c, tok = sign_in('alice@example.com', 'alicepass')
    status, _, data, _ = ab_call('findmembership-request.xml', tok, SHARING)
    soap_ok(status, data, 'FindMembership')
    status, _, data, _ = ab_call('abfindall-request.xml', tok)
    soap_ok(status, data, 'ABFindAll')
    # the bare form, and both paths serve every method (dispatch on the body)
    status, _, data, _ = ab_call('abfindall-request.xml', None, SHARING, ticket_text=tok)
    soap_ok(status, data, 'ABFindAll')
    # no TicketToken: the MSPAuth cookie (first 20 characters)
    body = re.sub(rb'<TicketToken>.*?</TicketToken>', b'', doc('findmembership-request.xml'))
    status, _, data, _ = post(p['https'], SHARING, body, {'Cookie': 'MSPPre=x; MSPAuth=%sXYZ' % tok})
    soap_ok(status, data, 'FindMembership')
    assert post(p['https'], SHARING, body)[0] == 403
    assert ab_call('findmembership-request.xml', '0' * 20, SHARING)[0] == 403
    # after the session ends: 403
    c.send('OUT')
    assert c.is_closed()
    time.sleep(0.2)
    assert ab_call('findmembership-request.xml', tok, SHARING)[0] == 403
    assert ab_call('abfindall-request.xml', tok)[0] == 403
    # the connection dropping without OUT counts the same
    c, tok = sign_in('alice@example.com', 'alicepass')
    assert ab_call('abfindall-request.xml', tok)[0] == 200
    c.close()
    time.sleep(0.3)
    assert ab_call('abfindall-request.xml', tok)[0] == 403


# ---------------------------------------------------------------- reading
@test
def web_findmembership():
    c, tok = sign_in('alice@example.com', 'alicepass')
    status, _, data, _ = ab_call('findmembership-request.xml', tok, SHARING)
    soap_ok(status, data, 'FindMembership')
    root = ET.fromstring(data)
    assert [one(m, 'MemberRole').text for m in named(root, 'Membership')] == ['Allow', 'Block', 'Reverse', 'Pending']
    r = roles(data)
    assert r == {'Allow': ['bob@example.com', 'carol@example.com', 'echo@example.com'], 'Block': [],
                 'Reverse': ['bob@example.com', 'carol@example.com'], 'Pending': []}, r
    bob = [m for m in named(root, 'Member') if one(m, 'PassportName').text == 'bob@example.com'][0]
    assert one(bob, 'MembershipId').text == 'Allow/' + GUIDS['bob']
    assert bob.get('{http://www.w3.org/2001/XMLSchema-instance}type') == 'PassportMember'
    assert one(bob, 'Type').text == 'Passport' and one(bob, 'State').text == 'Accepted'
    assert one(bob, 'Deleted').text == 'false' and re.fullmatch(r'-?\d+', one(bob, 'CID').text)
    c.send('OUT')


@test
def web_abfindall():
    c, tok = sign_in('alice@example.com', 'alicepass')
    for req, method, groups_tag, contacts_tag in (('abfindall-request.xml', 'ABFindAll', 'groups', 'contacts'),
                                                  ('abfindcontactspaged-request.xml', 'ABFindContactsPaged',
                                                   'Groups', 'Contacts')):
        status, _, data, _ = ab_call(req, tok)
        resp = soap_ok(status, data, method)
        result = one(resp, method + 'Result')
        assert kids(result, groups_tag) and kids(result, contacts_tag), [x.tag for x in result]
        groups = {one(g, 'name').text: one(g, 'groupId').text for g in named(result, 'Group')}
        assert groups == {'Friends': 'a1f1c0de-0001-4000-8000-000000000001',
                          'Work': 'a1f1c0de-0002-4000-8000-000000000002'}, groups
        cs = ab_contacts(data)
        assert sorted(cs) == ['alice@example.com', 'bob@example.com', 'carol@example.com', 'echo@example.com']
        me = cs['alice@example.com']
        assert one(me, 'contactType').text == 'Me' and one(me, 'contactId').text == GUIDS['alice']
        notes = {one(a, 'Name').text: one(a, 'Value').text for a in named(me, 'Annotation')}
        assert notes['MSN.IM.BLP'] == '1' and notes['MSN.IM.GTC'] == '1', notes
        bob = cs['bob@example.com']
        assert one(bob, 'contactType').text == 'Regular' and one(bob, 'contactId').text == GUIDS['bob']
        assert one(bob, 'displayName').text == 'Bob' and one(bob, 'isMessengerUser').text == 'true'
        assert [g.text for g in named(bob, 'guid')] == ['a1f1c0de-0001-4000-8000-000000000001']
        assert len(named(cs['carol@example.com'], 'guid')) == 2 and not named(cs['echo@example.com'], 'groupIds')
        assert bool(named(result, 'CircleTicket')) == (method == 'ABFindContactsPaged')
    # carol has GTC N: the Me annotation says 2
    c2, tok2 = sign_in('carol@example.com', 'carolpass')
    me = ab_contacts(ab_call('abfindall-request.xml', tok2)[2])['carol@example.com']
    assert {one(a, 'Name').text: one(a, 'Value').text for a in named(me, 'Annotation')}['MSN.IM.GTC'] == '2'
    # dave has no contacts and no groups: only the Me contact
    c3, tok3 = sign_in('dave@example.com', 'davepass')
    data = ab_call('abfindall-request.xml', tok3)[2]
    assert list(ab_contacts(data)) == ['dave@example.com'] and not named(ET.fromstring(data), 'Group')
    for x in (c, c2, c3):
        x.send('OUT')


@test
def web_deltas_and_empty():
    c, tok = sign_in('bob@example.com', 'bobpass')
    for req, path in (('abfindall-deltas-request.xml', AB), ('findmembership-deltas-request.xml', SHARING)):
        status, _, data, _ = ab_call(req, tok, path)
        ab_fault(status, data, 200, 'FullSyncRequired')
    status, hdrs, data, _ = ab_call('findmembership-empty-request.xml', tok, SHARING)
    assert status == 500 and data == b'', (status, data)
    # not XML at all, an unknown method: bare 500 as well
    assert post(srv().ports['https'], AB, b'<<<')[0] == 403     # no ticket to be read
    body = doc('abfindall-request.xml').replace(PLACEHOLDER.encode(), ('t=%s&amp;p=' % tok).encode())
    status, _, data, _ = post(srv().ports['https'], AB, body.replace(b'ABFindAll', b'ABFrobnicate'))
    assert status == 500 and data == b''
    c.send('OUT')


@test
def web_fixtures_current():
    """The recorded answers in tests/data/wlm/ are what the server answers today."""
    import subprocess
    import sys
    r = subprocess.run([sys.executable, os.path.join(HERE, 'webfixtures.py')], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]


# ---------------------------------------------------------------- changes (a fresh server each)
def fresh():
    return ServerProc(log=CTX.args.log if CTX.args else None)


def call(s, name, tok, path=AB):
    return ab_call(name, tok, path, port=s.ports['https'])


def online(s, email, password):
    """Signed in over TWN and NLN (so list notifications and presence reach it)."""
    c, tok = sign_in(email, password, s.ports)
    c.send('CHG 5 NLN 0')
    c.wait_for(r'CHG 5 NLN 0')
    c.trid = 5
    return c, tok


def syn(s, email, password):
    """A MSNP12 session's SYN dump of the account (the same state as the address book)."""
    c = Client(s.ports['ns'], email.split('@')[0] + '-12')
    c.send('VER 1 MSNP12 CVR0')
    c.expect('VER 1 MSNP12')
    c.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs %s' % email)
    c.expect(r'CVR 2 .*')
    c.send('USR 3 TWN I %s' % email)
    args = c.wait_for(r'USR 3 TWN S (\S+)')[0].split(' ')[4]
    tok, _ = passport_login(s.ports['https'], email, password, args)
    c.send('USR 4 TWN S %s' % tok)
    c.wait_for(r'USR 4 OK .*')
    c.send('SYN 5 0 0')
    n = int(c.wait_for(r'SYN 5 .*')[0].split(' ')[4])
    lines = []
    while True:
        line = c.recv()[0]
        lines.append(line)
        if len([x for x in lines if x.startswith('LST')]) == n:
            break
    c.send('OUT')
    return lines


@test
def web_contact_add_remove_notifies():
    s = fresh()
    try:
        dave, dtok = online(s, 'dave@example.com', 'davepass')
        alice, atok = online(s, 'alice@example.com', 'alicepass')
        status, _, data, _ = call(s, 'abcontactadd-request.xml', atok)
        resp = soap_ok(status, data, 'ABContactAdd')
        assert one(resp, 'guid').text == GUIDS['dave']
        # dave is told in his dialect (MSNP12: ADC 0 RL; MSNP13+: ADL 0 with l="8")
        line, payload = dave.wait_for(r'ADC 0 RL N=alice@example\.com.*|ADL 0 \d+')
        assert line.startswith('ADC') or (b'n="alice"' in payload and b'l="8"' in payload), (line, payload)
        if line.startswith('ADL'):
            dave.expect(r'NOT \d+')        # 13+: the ABCH change notification follows
        # dave sees alice as a pending request, not yet reverse
        r = roles(call(s, 'findmembership-request.xml', dtok, SHARING)[2])
        assert r['Pending'] == ['alice@example.com'] and r['Reverse'] == [], r
        # accepting: AddMember Allow + DeleteMember Pending
        for req, method in (('addmember-allow-request.xml', 'AddMember'),
                            ('deletemember-pending-request.xml', 'DeleteMember')):
            body = doc(req).replace(b't=fedcba9876543210fedc&amp;p=', ('t=%s&amp;p=' % dtok).encode())
            status, _, data, _ = post(s.ports['https'], SHARING, body)
            soap_ok(status, data, method)
        r = roles(call(s, 'findmembership-request.xml', dtok, SHARING)[2])
        assert r == {'Allow': ['alice@example.com'], 'Block': [], 'Reverse': ['alice@example.com'], 'Pending': []}, r
        # adding twice is no error and tells nobody again
        assert call(s, 'abcontactadd-request.xml', atok)[0] == 200
        dave.quiet(0.3)
        # alice's address book has dave now; deleting him tells him
        assert 'dave@example.com' in ab_contacts(call(s, 'abfindall-request.xml', atok)[2])
        body = doc('abcontactdelete-request.xml').replace(GUIDS['echo'].encode(), GUIDS['dave'].encode())
        body = body.replace(PLACEHOLDER.encode(), ('t=%s&amp;p=' % atok).encode())
        soap_ok(*[post(s.ports['https'], AB, body)[i] for i in (0, 2)], 'ABContactDelete')
        line, payload = dave.wait_for(r'REM 0 RL .*alice@example\.com|RML 0 \d+')
        assert 'dave@example.com' not in ab_contacts(call(s, 'abfindall-request.xml', atok)[2])
        # unknown contact ids are ignored (echo twice: the second time echo is gone)
        soap_ok(*[call(s, 'abcontactdelete-request.xml', atok)[i] for i in (0, 2)], 'ABContactDelete')
        soap_ok(*[call(s, 'abcontactdelete-request.xml', atok)[i] for i in (0, 2)], 'ABContactDelete')
        # faults
        for req, code in (('abcontactadd-unknown-request.xml', 'InvalidPassportUser'),
                          ('abcontactadd-noat-request.xml', 'BadEmailArgument'),
                          ('abcontactadd-nodot-request.xml', 'BadEmailArgument')):
            status, _, data, _ = call(s, req, atok)
            ab_fault(status, data, 500, code)
        texts = {one(ET.fromstring(call(s, r, atok)[2]), 'faultstring').text
                 for r in ('abcontactadd-noat-request.xml', 'abcontactadd-nodot-request.xml')}
        assert len(texts) == 2, texts
        alice.send('OUT')
        dave.send('OUT')
    finally:
        s.stop()


@test
def web_block_privacy_and_msnp12_view():
    s = fresh()
    try:
        alice, atok = online(s, 'alice@example.com', 'alicepass')
        from msnclient import login
        carol = login(s.ports, 'carol@example.com', 'carolpass', 12)
        carol.wait_for(r'(ILN 7|NLN) NLN alice@example\.com .*')
        # alice blocks carol (AddMember Block, DeleteMember Allow): carol sees her go offline
        for req, method in (('addmember-request.xml', 'AddMember'), ('deletemember-request.xml', 'DeleteMember')):
            status, _, data, _ = call(s, req, atok, SHARING)
            soap_ok(status, data, method)
        carol.wait_for(r'FLN alice@example\.com.*')
        r = roles(call(s, 'findmembership-request.xml', atok, SHARING)[2])
        assert r['Allow'] == ['bob@example.com', 'echo@example.com'] and r['Block'] == ['carol@example.com'], r
        # DeleteMember of a role one is not in: still 200; an address in no list: MemberDoesNotExist
        status, _, data, _ = call(s, 'deletemember-request.xml', atok, SHARING)
        soap_ok(status, data, 'DeleteMember')
        status, _, data, _ = call(s, 'deletemember-unknown-request.xml', atok, SHARING)
        ab_fault(status, data, 500, 'MemberDoesNotExist')
        status, _, data, _ = call(s, 'addmember-unknown-request.xml', atok, SHARING)
        ab_fault(status, data, 500, 'UserDoesNotExist')
        # unblock again: carol sees alice
        body = doc('addmember-request.xml').replace(b'<MemberRole>Block</MemberRole>', b'<MemberRole>Allow</MemberRole>')
        body = body.replace(PLACEHOLDER.encode(), ('t=%s&amp;p=' % atok).encode())
        soap_ok(*[post(s.ports['https'], SHARING, body)[i] for i in (0, 2)], 'AddMember')
        body = doc('deletemember-request.xml').replace(b'Allow', b'Block')
        body = body.replace(PLACEHOLDER.encode(), ('t=%s&amp;p=' % atok).encode())
        soap_ok(*[post(s.ports['https'], SHARING, body)[i] for i in (0, 2)], 'DeleteMember')
        carol.wait_for(r'NLN NLN alice@example\.com .*')
        # privacy on the Me contact: BLP BL, GTC N; dave (on no list of alice's) is not shown alice
        status, _, data, _ = call(s, 'abcontactupdate-me-request.xml', atok)
        soap_ok(status, data, 'ABContactUpdate')
        me = ab_contacts(call(s, 'abfindall-request.xml', atok)[2])['alice@example.com']
        notes = {one(a, 'Name').text: one(a, 'Value').text for a in named(me, 'Annotation')}
        assert notes['MSN.IM.BLP'] == '2' and notes['MSN.IM.GTC'] == '2', notes
        # an alias for bob
        status, _, data, _ = call(s, 'abcontactupdate-nick-request.xml', atok)
        soap_ok(status, data, 'ABContactUpdate')
        bob = ab_contacts(call(s, 'abfindall-request.xml', atok)[2])['bob@example.com']
        assert [(one(a, 'Name').text, one(a, 'Value').text) for a in named(bob, 'Annotation')] == \
            [('AB.NickName', 'Bobby & co')]
        status, _, data, _ = call(s, 'abcontactupdate-unknown-request.xml', atok)
        ab_fault(status, data, 500, 'ContactDoesNotExist')
        # groups
        status, _, data, _ = call(s, 'abgroupadd-request.xml', atok)
        family = one(soap_ok(status, data, 'ABGroupAdd'), 'guid').text
        for req, code in (('abgroupadd-duplicate-request.xml', 'GroupAlreadyExists'),
                          ('abgroupadd-toolong-request.xml', 'BadArgumentLength')):
            status, _, data, _ = call(s, req, atok)
            ab_fault(status, data, 500, code)
        body = doc('abgroupadd-request.xml').replace(b'Family', b'(No Group)')
        status, _, data, _ = post(s.ports['https'], AB, body.replace(PLACEHOLDER.encode(), ('t=%s&amp;p=' % atok).encode()))
        ab_fault(status, data, 500, 'GroupAlreadyExists')
        for req, method in (('abgroupupdate-request.xml', 'ABGroupUpdate'),
                            ('abgroupcontactadd-request.xml', 'ABGroupContactAdd'),
                            ('abgroupcontactdelete-request.xml', 'ABGroupContactDelete')):
            status, _, data, _ = call(s, req, atok)
            soap_ok(status, data, method)
        for req in ('abgroupcontactadd-request.xml', 'abgroupcontactdelete-request.xml', 'abgroupdelete-unknown-request.xml'):
            status, _, data, _ = call(s, req, atok)
            assert status == 500 and data == b'', (req, status, data[:200])
        body = doc('abgroupcontactadd-request.xml').replace(GUIDS['bob'].encode(), GUIDS['dave'].encode())
        status, _, data, _ = post(s.ports['https'], AB, body.replace(PLACEHOLDER.encode(), ('t=%s&amp;p=' % atok).encode()))
        ab_fault(status, data, 500, 'ContactDoesNotExist')
        alice.send('OUT')
        assert alice.is_closed()
        # an MSNP12 session of alice sees all of it in its SYN
        lines = syn(s, 'alice@example.com', 'alicepass')
        assert 'GTC N' in lines and 'BLP BL' in lines, lines
        assert 'LSG Family %s' % family in lines and 'LSG Office a1f1c0de-0002-4000-8000-000000000002' in lines, lines
        lst = {x.split(' ')[1][2:]: x for x in lines if x.startswith('LST')}
        assert lst['bob@example.com'].endswith(' 11 1 a1f1c0de-0001-4000-8000-000000000001,'
                                               'a1f1c0de-0002-4000-8000-000000000002'), lst
        assert ' 11 1 a1f1c0de-0002-4000-8000-000000000002' in lst['carol@example.com'], lst   # out of Friends
        # the group deleted over SOAP is gone for MSNP12 as well
        alice, atok = online(s, 'alice@example.com', 'alicepass')
        status, _, data, _ = call(s, 'abgroupdelete-request.xml', atok)
        soap_ok(status, data, 'ABGroupDelete')
        alice.send('OUT')
        assert alice.is_closed()
        lines = syn(s, 'alice@example.com', 'alicepass')
        assert not [x for x in lines if 'Office' in x or '0002-4000' in x], lines
        carol.send('OUT')
    finally:
        s.stop()


# ---------------------------------------------------------------- knobs
def wknob(name, value):
    assert srv().control('knob %s %s' % (name, value)).startswith('ok'), name


@test
def web_knobs_fault_and_500():
    c, tok = sign_in('bob@example.com', 'bobpass')
    try:
        wknob('soap_fault', 'FindMembership,RST')
        status, _, data, _ = ab_call('findmembership-request.xml', tok, SHARING)
        assert status == 200 and named(ET.fromstring(data), 'Fault'), (status, data[:300])
        soap_ok(*[ab_call('abfindall-request.xml', tok)[i] for i in (0, 2)], 'ABFindAll')   # others unaffected
        assert ab_call('findmembership-request.xml', '1' * 20, SHARING)[0] == 403       # the ticket first
        root = ET.fromstring(post(srv().ports['https'], '/RST.srf', doc('rst-request.xml'))[2])
        assert one(root, 'faultcode').text == 'wsse:InvalidRequest', ET.tostring(root)[:300]
        root = ET.fromstring(post(srv().ports['https'], '/RST2.srf', doc('rst2-request.xml'))[2])
        assert one(one(root, 'Subcode'), 'Value').text == 'wst:InvalidRequest'
        assert b'FailedAuthentication' not in ET.tostring(root)
        wknob('soap_fault', '')
        wknob('soap_http500', 'ABFindAll,RST')
        for status, _, data, _ in (ab_call('abfindall-request.xml', tok),
                                   post(srv().ports['https'], '/RST2.srf', doc('rst2-request.xml'))):
            assert status == 500 and data == b'', (status, data[:100])
        soap_ok(*[ab_call('findmembership-request.xml', tok, SHARING)[i] for i in (0, 2)], 'FindMembership')
        wknob('soap_http500', '*')
        assert ab_call('findmembership-request.xml', tok, SHARING)[0] == 500
    finally:
        wknob('soap_fault', '')
        wknob('soap_http500', '')
        c.send('OUT')


@test
def web_knobs_truncate_slow_expired():
    c, tok = sign_in('bob@example.com', 'bobpass')
    try:
        full = ab_call('abfindall-request.xml', tok)[2]
        wknob('soap_truncate', 'ABFindAll,RST')
        status, hdrs, data, _ = ab_call('abfindall-request.xml', tok)
        assert status == 200 and int(hdrs['content-length']) == len(data), (hdrs, len(data))
        assert abs(len(data) - len(full) // 2) < 40 and full.startswith(data[:200]), (len(data), len(full))
        try:
            ET.fromstring(data)
            raise AssertionError('truncated XML parsed')
        except ET.ParseError:
            pass
        status, hdrs, data, _ = post(srv().ports['https'], '/RST.srf', doc('rst-request.xml'))
        assert int(hdrs['content-length']) == len(data) and not data.rstrip().endswith(b'</S:Envelope>')
        wknob('soap_truncate', '')
        wknob('soap_slow', '1.5')
        ctx = ssl.create_default_context(cafile=os.path.join(HERE, 'cert.pem'))
        conn = http.client.HTTPSConnection('127.0.0.1', srv().ports['https'], context=ctx, timeout=10)
        body = doc('findmembership-request.xml').replace(PLACEHOLDER.encode(), ('t=%s&amp;p=' % tok).encode())
        t0 = time.time()
        conn.request('POST', SHARING, body=body, headers={'Content-Type': 'text/xml; charset=utf-8'})
        resp = conn.getresponse()
        t_head = time.time() - t0
        data = resp.read()
        t_body = time.time() - t0
        conn.close()
        assert t_head < 1.0 and t_body >= 1.3, (t_head, t_body)
        assert roles(data)['Allow'] == ['alice@example.com', 'carol@example.com']
        took = post(srv().ports['https'], '/RST2.srf', doc('rst2-request.xml'))[3]
        assert took >= 1.3, took
        wknob('soap_slow', '0')
        wknob('rst_expired', '1')
        e = rst_entries(post(srv().ports['https'], '/RST.srf', doc('rst-request.xml'))[2])
        assert all(epoch(x['expires']) < time.time() - 3600 for x in e), e
        assert all(abs(epoch(x['expires']) - epoch(x['created']) - 86400) < 2 for x in e)
        wknob('rst_expired', '0')
        e = rst_entries(post(srv().ports['https'], '/RST.srf', doc('rst-request.xml'))[2])
        assert all(epoch(x['expires']) > time.time() + 3600 for x in e), e
    finally:
        for k, v in (('soap_truncate', ''), ('soap_slow', '0'), ('rst_expired', '0')):
            wknob(k, v)
        c.send('OUT')


@test
def web_http_bodies():
    """The body may come chunked; a malformed length is a 400."""
    import socket
    c, tok = sign_in('carol@example.com', 'carolpass')
    body = doc('findmembership-request.xml').replace(PLACEHOLDER.encode(), ('t=%s&amp;p=' % tok).encode())
    ctx = ssl.create_default_context(cafile=os.path.join(HERE, 'cert.pem'))

    def raw(head, payload):
        s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', srv().ports['https']), timeout=5),
                            server_hostname='127.0.0.1')
        s.sendall(head + payload)
        data = b''
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        return data.partition(b'\r\n\r\n')
    chunked = b''.join(b'%x\r\n%s\r\n' % (len(body[i:i + 100]), body[i:i + 100]) for i in range(0, len(body), 100))
    head, _, data = raw(b'POST %s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' % SHARING.encode(),
                        chunked + b'0\r\n\r\n')
    assert head.startswith(b'HTTP/1.1 200') and roles(data)['Allow'] == ['alice@example.com', 'bob@example.com'], head
    head, _, _ = raw(b'POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n' % SHARING.encode(), b'')
    assert head.startswith(b'HTTP/1.1 400'), head
    c.send('OUT')


@test
def web_rst_expired_refused_by_ns():
    """rst_expired=1: the token's Expires lies in the past and the NS (USR SSO S) refuses it with 911;
    the same steps with a fresh token sign in."""
    import sso
    for expired in (1, 0):
        wknob('rst_expired', expired)
        try:
            data = post(srv().ports['https'], '/RST.srf', doc('rst-request.xml'))[2]
        finally:
            wknob('rst_expired', 0)
        entry = [e for e in rst_entries(data) if e['address'] == 'messengerclear.live.com'][0]
        c = Client(srv().ports['ns'], 'alice-sso')
        c.send('VER 1 MSNP15 CVR0')
        c.expect('VER 1 MSNP15')
        c.send('CVR 2 0x0409 winnt 6.1.0 i386 MSNMSGR 8.5.1302 msmsgs alice@example.com')
        c.expect(r'CVR 2 .*')
        c.send('USR 3 SSO I alice@example.com')
        nonce = c.wait_for(r'USR 3 SSO S MBI_KEY_OLD \S{64}')[0].split(' ')[5]
        blob = sso.make_blob_b64(base64.b64decode(entry['secret']), nonce, os.urandom(8))
        c.send('USR 4 SSO S %s %s' % (entry['token'], blob))
        if expired:
            c.expect('911 4')
            assert c.is_closed()
        else:
            c.expect('USR 4 OK alice@example.com 1 0')
            status, _, data, _ = ab_call('abfindall-request.xml', entry['token'][2:22])
            soap_ok(status, data, 'ABFindAll')
            c.send('OUT')
