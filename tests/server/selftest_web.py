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
