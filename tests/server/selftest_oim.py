"""Offline-message tests of the server (registered into selftest.py): the Mail-Data notifications on
the NS, RSI (GetMetadata/GetMessage/DeleteMessages), Store, UUM at MSNP18, the oim_* knobs and the
control commands oim_seed / oims.  Each test starts its own server."""
import base64
import calendar
import contextlib
import hashlib
import json
import quopri
import re
import socket
import struct
import time
import xml.etree.ElementTree as ET

from msnclient import Client, ServerProc, login_sso, passport_login
from selftest_web import post
from stcommon import CTX, test

RSI = '/rsi/rsi.asmx'
OWS = '/OimWS/oim.asmx'
RSI_NS = 'http://www.hotmail.msn.com/ws/2004/09/oim/rsi'
STORE2 = 'http://messenger.live.com/ws/2006/09/oim/Store2'
STORE1 = 'http://messenger.msn.com/ws/2004/09/oim/Store'
RUN = '{750C7481-700B-4D81-A5F3-C67E8168E0DE}'
G18 = '{0D1E2F3A-0000-4000-8000-00000000A11C}'
G18B = '{0D1E2F3A-0000-4000-8000-00000000B0B0}'


@contextlib.contextmanager
def server(*args):
    srv = ServerProc(*args, log=CTX.args.log if CTX.args else None)
    try:
        yield srv
    finally:
        assert srv.stop() == 0


def ctl(srv, line):
    reply = srv.control(line)
    assert reply.startswith('ok'), (line[:80], reply)
    return reply[3:]


def seed(srv, **spec):
    return ctl(srv, 'oim_seed ' + json.dumps(spec)).split(',')


def oims(srv, email):
    return json.loads(ctl(srv, 'oims ' + email))


def login_twn(srv, email, password, version=12):
    """MSNP10-12 sign-in (TWN, SYN, CHG); returns (client, token, initial mail payload or None)."""
    c = Client(srv.ports['ns'], email.split('@')[0])
    c.send('VER 1 MSNP%d CVR0' % version)
    c.expect('VER 1 MSNP%d' % version)
    c.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs %s' % email)
    c.expect(r'CVR 2 .*')
    c.send('USR 3 TWN I %s' % email)
    args = c.expect(r'USR 3 TWN S (\S+)')[0].split(' ')[4]
    tok, code = passport_login(srv.ports['https'], email, password, args)
    assert tok, code
    c.send('USR 4 TWN S t=%s&p=' % tok)
    c.expect(r'USR 4 OK .*')
    _, profile = c.wait_for(r'MSG Hotmail Hotmail \d+')
    c.mspauth = re.search(rb'MSPAuth: (\S+)', profile).group(1).decode()
    c.send('SYN 5 0 0')
    c.wait_for(r'SYN 5 .*')
    c.send('CHG 6 NLN 0')
    c.wait_for(r'CHG 6 NLN 0')
    c.trid = 6
    mail = None
    if version >= 11:
        _, mail = c.wait_for(r'MSG Hotmail Hotmail \d+')
    return c, tok, mail


def login18(srv, email, guid=G18):
    """MSNP18 SSO sign-in; returns (client, 20-char ticket, initial mail payload)."""
    c = login_sso(srv, email, 18, guid=guid)
    _, mail = c.wait_for(r'MSG Hotmail Hotmail \d+')
    return c, c.ticket[2:22], mail


def mail_data(payload):
    text = payload.decode('utf-8')
    assert text.startswith('MIME-Version: 1.0\r\nContent-Type: '), text
    return re.search(r'\r\nContent-Type: ([^;\r]+)', text).group(1), \
        re.search(r'\r\n\r\nMail-Data: (.*)\r\n$', text, re.S).group(1)


def md_entries(md):
    """[{tag: text}] of the <M> entries of an MD document."""
    return [{k.tag: (k.text or '') for k in m} for m in ET.fromstring(md).findall('M')]


# ---------------------------------------------------------------- SOAP requests
def rsi(srv, t, action, timeout=10):
    body = ('<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/'
            'envelope/"><soap:Header><PassportCookie xmlns="%s"><t>%s</t><p>P</p></PassportCookie></soap:Header>'
            '<soap:Body>%s</soap:Body></soap:Envelope>' % (RSI_NS, t.replace('&', '&amp;'), action))
    return post(srv.ports['https'], RSI, body.encode(), timeout=timeout)[:3]


def get_metadata(srv, t):
    return rsi(srv, t, '<GetMetadata xmlns="%s"><!-- anything --></GetMetadata>' % RSI_NS)


def get_message(srv, t, mid):
    return rsi(srv, t, '<GetMessage xmlns="%s"><messageId>%s</messageId><alsoMarkAsRead>false</alsoMarkAsRead>'
               '</GetMessage>' % (RSI_NS, mid))


def delete(srv, t, ids, timeout=10):
    return rsi(srv, t, '<DeleteMessages xmlns="%s"><messageIds>%s</messageIds></DeleteMessages>'
               % (RSI_NS, ''.join('<messageId>%s</messageId>' % i for i in ids)), timeout)


def result(data, name):
    el = [e for e in ET.fromstring(data).iter() if e.tag.rsplit('}', 1)[-1] == name]
    assert el, data[:400]
    return el[0]


def fault_of(code, data):
    assert code == 500, (code, data[:300])
    return result(data, 'faultcode').text


def message_text(srv, t, mid):
    """GetMessageResult as sent: CRLF lines (an XML parser reads them as LF)."""
    code, _, data = get_message(srv, t, mid)
    assert code == 200, (code, data[:300])
    assert b'\r\nTo: ' in data, data[:400]
    text = result(data, 'GetMessageResult').text
    assert '\r' not in text
    return text.replace('\n', '\r\n')


def no_reply(c, timeout=0.4):
    """Nothing but presence arrives (UUM is never answered)."""
    for line, _ in c.drain(timeout):
        assert line.split(' ')[0] in ('NLN', 'UBX', 'FLN', 'ILN'), line


def mime(text, b64=True, sender_from='alice@example.com', mid=None):
    return ('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n'
            'X-OIM-Message-Type: OfflineMessage\r\nX-OIM-Run-Id: %s\r\nX-OIM-Sequence-Num: %s\r\n\r\n%s'
            % (RUN, mid or '1', base64.b64encode(text.encode()).decode() if b64 else text))


def store(srv, ticket, to, content, seq=1, frm='alice@example.com', lockkey='x', action=STORE2, nick='Alice'):
    fn = base64.b64encode(nick.encode()).decode()
    body = ('<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/'
            'envelope/"><soap:Header><From memberName="%s" friendlyName="=?utf-8?B?%s?=" xml:lang="en-US" '
            'proxy="MSNMSGR" msnpVer="MSNP15" buildVer="8.5.1288" xmlns="http://messenger.msn.com/ws/2004/09/oim/"/>'
            '<To memberName="%s" xmlns="http://messenger.msn.com/ws/2004/09/oim/"/><Ticket passport="%s" '
            'appid="PROD0090YUAUV{2B" lockkey="%s" xmlns="http://messenger.msn.com/ws/2004/09/oim/"/>'
            '<Sequence xmlns="http://schemas.xmlsoap.org/ws/2003/03/rm"><Identifier xmlns="http://schemas.xmlsoap.org/'
            'ws/2002/07/utility">http://messenger.msn.com</Identifier><MessageNumber>%s</MessageNumber></Sequence>'
            '</soap:Header><soap:Body><MessageType xmlns="http://messenger.msn.com/ws/2004/09/oim/">text</MessageType>'
            '<Content xmlns="http://messenger.msn.com/ws/2004/09/oim/">%s</Content></soap:Body></soap:Envelope>'
            % (frm, fn, to, ticket.replace('&', '&amp;'), lockkey, seq,
               content.replace('&', '&amp;').replace('<', '&lt;')))
    return post(srv.ports['https'], OWS, body.encode(), {'SOAPAction': '"%s"' % action})[:3]


def qry_answer(chal, prod='PROD0090YUAUV{2B', key='YMM8C_H7KCQ2S_KL'):
    """The MSNP11 lock-and-key answer, written here again (not the server's formats.chl_msnp11)."""
    h = hashlib.md5((chal + key).encode()).digest()
    words = list(struct.unpack('<4I', h))
    m0, m1, m2, m3 = (w & 0x7FFFFFFF for w in words)
    s = (chal + prod).encode()
    s += b'0' * (8 - len(s) % 8)
    c = struct.unpack('<%dI' % (len(s) // 4), s)
    p = 0x7FFFFFFF
    hi = lo = 0
    for i in range(0, len(c), 2):
        t = (m0 * ((c[i] * 0x0E79A9C1) % p + hi) + m1) % p
        hi = (m2 * ((c[i + 1] + t) % p) + m3) % p
        lo += hi + t
    hi, lo = (hi + m1) % p, (lo + m3) % p
    return struct.pack('<4I', words[0] ^ hi, words[1] ^ lo, words[2] ^ hi, words[3] ^ lo).hex()


# ---------------------------------------------------------------- tests
@test
def oim_signin_mail_data():
    assert qry_answer('22210219642164014968') == '85ecb0db8f32113df79ce0892b9a102c'   # the published vector
    with server() as srv:
        ids = seed(srv, to='bob@example.com', **{'from': 'alice@example.com'}, text='hello', count=3,
                   nick='Alice \u2603', age=120)
        assert len(ids) == 3 and len(set(ids)) == 3
        waiting = oims(srv, 'bob@example.com')
        assert [o['id'] for o in waiting] == ids and [o['seq'] for o in waiting] == [1, 2, 3]
        assert [o['text'] for o in waiting] == ['hello #1', 'hello #2', 'hello #3']
        assert len({o['run_id'] for o in waiting}) == 1 and abs(waiting[0]['time'] - (time.time() - 120)) < 5
        for version in (12, 18):
            if version == 12:
                bob, t, mail = login_twn(srv, 'bob@example.com', 'bobpass', 12)
            else:
                bob, t, mail = login18(srv, 'bob@example.com')
            ctype, md = mail_data(mail)
            assert ctype == 'text/x-msmsgsinitialmdatanotification'
            assert md.startswith('<MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM>'), md
            ms = md_entries(md)
            assert [m['I'] for m in ms] == ids[::-1], 'directory order is not storage order'
            for m in ms:
                assert (m['T'], m['S'], m['E'], m['F']) == ('11', '6', 'alice@example.com',
                                                           '00000000-0000-0000-0000-000000000009'), m
                assert m['N'] == '=?utf-8?B?%s?=' % base64.b64encode('Alice \u2603'.encode()).decode()
                assert abs(calendar.timegm(time.strptime(m['RT'], '%Y-%m-%dT%H:%M:%SZ')) - waiting[0]['time']) <= 1
                assert int(m['SZ']) == len(message_text(srv, t, m['I']).encode())
            bob.close()
        lone, _, mail = login_twn(srv, 'carol@example.com', 'carolpass', 12)
        assert len(mail) == 195 and mail_data(mail)[1].endswith('</Q></MD>'), mail
        ten, _, mail = login_twn(srv, 'dave@example.com', 'davepass', 10)
        assert mail is None
        seed(srv, to='dave@example.com', **{'from': 'alice@example.com'}, text='x')
        no_reply(ten, 0.3)   # no live notification below MSNP11
        for c in (lone, ten):
            c.close()


@test
def oim_too_large():
    with server() as srv:
        seed(srv, to='bob@example.com', **{'from': 'alice@example.com'}, text='m', count=25)
        bob, _, mail = login_twn(srv, 'bob@example.com', 'bobpass', 12)
        assert len(md_entries(mail_data(mail)[1])) == 25
        bob.close()
        seed(srv, to='bob@example.com', **{'from': 'carol@example.com'}, text='n')
        for login in (lambda: login_twn(srv, 'bob@example.com', 'bobpass', 12),
                      lambda: login18(srv, 'bob@example.com')):
            bob, t, mail = login()
            assert mail_data(mail) == ('text/x-msmsgsinitialmdatanotification', 'too-large'), mail
            code, _, data = get_metadata(srv, t)
            assert code == 200 and len(md_entries(result(data, 'GetMetadataResponse').text)) == 26
            bob.close()


@test
def oim_rsi():
    with server() as srv:
        ids = seed(srv, to='bob@example.com', **{'from': 'alice@example.com'}, text='first offline line, \u00e9',
                   count=2, run_id=RUN, nick='Alice \u2603')
        bob, t, _ = login_twn(srv, 'bob@example.com', 'bobpass', 12)
        # auth: the first 20 characters of PassportCookie's first child; a live NS session
        for bad in ('0123456789abcdef0123', 't=' + t, ''):
            assert 'Schema validation' in get_metadata(srv, bad)[2].decode(), bad
            assert get_metadata(srv, bad)[0] == 500
        code, _, data = get_metadata(srv, bob.mspauth)          # the MSPAuth value works too
        assert code == 200
        code, _, data = rsi(srv, t, '<GetMetadata xmlns="%s"/>' % RSI_NS)
        assert (code, data) == (500, b''), (code, data)          # an empty element: bare 500
        code, _, data = get_metadata(srv, t)
        md = result(data, 'GetMetadataResponse')
        assert len(md) == 0 and md.text.startswith('<MD><Q>'), data[:300]   # escaped text, no <E>
        assert sorted(m['I'] for m in md_entries(md.text)) == sorted(ids)
        text = message_text(srv, t, ids[0])
        head, body = text.split('\r\n\r\n', 1)
        names = [ln.split(':', 1)[0] for ln in head.split('\r\n') if not ln.startswith('\t')]
        assert names == ['X-Message-Info', 'Received', 'From', 'To', 'Subject', 'X-OIM-originatingSource',
                         'X-OIMProxy', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding',
                         'X-OIM-Message-Type', 'X-OIM-Run-Id', 'X-OIM-Sequence-Num', 'Message-ID',
                         'X-OriginalArrivalTime', 'Date', 'Return-Path'], names
        h = dict(ln.split(': ', 1) for ln in head.split('\r\n') if ': ' in ln and not ln.startswith('\t'))
        assert h['From'] == '=?utf-8?B?%s?= <alice@example.com>' % base64.b64encode('Alice \u2603'.encode()).decode()
        assert (h['To'], h['X-OIM-Run-Id'], h['X-OIM-Sequence-Num']) == ('bob@example.com', RUN, '1')
        assert base64.b64decode(body).decode() == 'first offline line, \u00e9 #1'
        when = oims(srv, 'bob@example.com')[0]['time']
        m = re.fullmatch(r'(\d\d \w{3} \d{4} \d\d:\d\d:\d\d)\.\d{4} \(UTC\) FILETIME=\[([0-9A-F]{8}):([0-9A-F]{8})\]',
                         h['X-OriginalArrivalTime'])
        assert m, h['X-OriginalArrivalTime']
        assert calendar.timegm(time.strptime(m.group(1), '%d %b %Y %H:%M:%S')) == when
        assert ((int(m.group(3), 16) << 32 | int(m.group(2), 16)) // 10 ** 7) - 11644473600 == when
        d = re.fullmatch(r'(\d\d \w{3} \d{4} \d\d:\d\d:\d\d) -0800', h['Date'])
        assert d and calendar.timegm(time.strptime(d.group(1), '%d %b %Y %H:%M:%S')) - when in (-8 * 3600, -7 * 3600)
        assert h['Return-Path'] == 'ndr@oim.messenger.msn.com'
        # unknown ids: GetMessage 500; DeleteMessages 500 and nothing deleted
        assert fault_of(*get_message(srv, t, '9D881693-0D83-4564-B936-8627EA880CE8')[::2])
        assert delete(srv, t, [ids[0], '9D881693-0D83-4564-B936-8627EA880CE8'])[0] == 500
        assert len(oims(srv, 'bob@example.com')) == 2
        stats = json.loads(ctl(srv, 'oim_stats'))
        assert stats['oim_deleted'] == {} and stats['oim_fetched'] == {'bob@example.com': 1}, stats
        code, _, data = delete(srv, t, ids)
        assert code == 200 and result(data, 'DeleteMessagesResponse') is not None
        assert oims(srv, 'bob@example.com') == []
        assert json.loads(ctl(srv, 'oim_stats'))['oim_deleted'] == {'bob@example.com': 2}
        _, note = bob.wait_for(r'MSG Hotmail Hotmail \d+')
        assert note.decode().endswith('Content-Type: text/x-msmsgsactivemailnotification; charset=UTF-8\r\n\r\n'
                                      'Src-Folder: .!!OIM\r\nDest-Folder: .!!trAsH\r\nMessage-Delta: 2\r\n'), note
        bob.close()
        time.sleep(0.2)
        assert get_metadata(srv, t)[0] == 500     # the NS session is gone: the ticket is dead


@test
def oim_live_notification():
    with server() as srv:
        b12, _, _ = login_twn(srv, 'bob@example.com', 'bobpass', 12)
        a18, _, _ = login18(srv, 'alice@example.com')
        a18b, _, _ = login18(srv, 'alice@example.com', G18B)      # a second place (MPOP)
        [mid] = seed(srv, to='alice@example.com', **{'from': 'bob@example.com'}, text='hi')
        for c in (a18, a18b):
            _, p = c.wait_for(r'MSG Hotmail Hotmail \d+')
            ctype, md = mail_data(p)
            assert ctype == 'text/x-msmsgsoimnotification', p
            assert re.fullmatch(r'<MD><M><T>11</T><S>6</S><RS>0</RS><SZ>\d+</SZ><E>bob@example\.com</E><I>%s</I>'
                                r'<F>\.!!OIM</F><N>=\?utf-8\?B\?Qm9i \?=</N></M><SU> </SU></MD>' % mid, md), md
        no_reply(b12, 0.2)
        [mid] = seed(srv, to='bob@example.com', **{'from': 'alice@example.com'}, text='x', nick='')
        _, p = b12.wait_for(r'MSG Hotmail Hotmail \d+')
        assert '<I>%s</I><F>.!!OIM</F><N></N>' % mid in p.decode(), p
        for c in (b12, a18, a18b):
            c.close()


@test
def oim_store():
    with server() as srv:
        alice, t, _ = login_twn(srv, 'alice@example.com', 'alicepass', 12)
        ticket = 't=%s&p=' % t
        code, _, data = store(srv, ticket, 'dave@example.com', mime('hello dave'), lockkey='')
        assert fault_of(code, data) == 'q0:AuthenticationFailed'
        assert result(data, 'LockKeyChallenge').text == '1850937852' and result(data, 'TweenerChallenge').text
        code, _, data = store(srv, ticket, 'dave@example.com', mime('hello dave \u00e9'))
        assert code == 200, data
        ack = result(data, 'AcknowledgmentRange')
        assert (ack.get('Upper'), ack.get('Lower')) == ('1', '1') and result(data, 'StoreResponse') is not None
        assert result(data, 'StoreResponse').tag == '{http://messenger.live.com/ws/2006/09/oim/}StoreResponse'
        [o] = oims(srv, 'dave@example.com')
        assert (o['from'], o['nick'], o['text'], o['run_id'], o['seq']) == \
            ('alice@example.com', 'Alice', 'hello dave \u00e9', RUN, 1), o
        code, _, data = store(srv, t, 'dave@example.com', mime('two', mid='2'), seq=2, action=STORE1)   # bare token
        assert code == 200 and result(data, 'StoreResponse').tag.startswith('{http://messenger.msn.com/ws/2004/09/')
        assert result(data, 'AcknowledgmentRange').get('Upper') == '2'
        faults = [('t=0123456789abcdef0123&p=', 'dave@example.com', mime('x'), 1, 'alice@example.com',
                   'AuthenticationFailed'),
                  (ticket, 'dave@example.com', mime('x'), 1, 'carol@example.com', 'SystemUnavailable'),
                  (ticket, 'nobody@example.com', mime('x'), 1, 'alice@example.com', 'SystemUnavailable'),
                  (ticket, 'dave@example.com', mime('x'), 2, 'alice@example.com', 'InvalidContent'),
                  (ticket, 'dave@example.com', mime('x'), 'one', 'alice@example.com', 'InvalidContent'),
                  (ticket, 'dave@example.com', mime('%%%not base64', b64=False), 1, 'alice@example.com',
                   'InvalidContent'),
                  (ticket, 'dave@example.com', mime(base64.b64encode(b'\xff\xfe latin').decode(), b64=False), 1,
                   'alice@example.com', 'InvalidContent'),
                  (ticket, 'dave@example.com', mime('A' * 78, b64=False), 1, 'alice@example.com', 'InvalidContent'),
                  (ticket, 'dave@example.com', mime('x').replace('base64\r\n', '8bit\r\n', 1), 1,
                   'alice@example.com', 'InvalidContent'),
                  (ticket, 'dave@example.com', mime('x').replace('X-OIM-Run-Id: ' + RUN, 'X-OIM-Run-Id: 12'), 1,
                   'alice@example.com', 'InvalidContent'),
                  (ticket, 'dave@example.com', mime('x').replace('\r\n\r\n', '\r\n'), 1, 'alice@example.com',
                   'InvalidContent')]
        for tk, to, content, seq, frm, want in faults:
            code, _, data = store(srv, tk, to, content, seq, frm)
            assert fault_of(code, data) == 'q0:' + want, (want, data[:600])
        assert len(oims(srv, 'dave@example.com')) == 2
        assert json.loads(ctl(srv, 'oim_stats'))['oim_stored'] == {'alice@example.com': 2}
        ctl(srv, 'stats reset')
        assert json.loads(ctl(srv, 'oim_stats')) == {'oim_deleted': {}, 'oim_fetched': {}, 'oim_stored': {}}
        # an online recipient: stored and told at once; 76-character base64 lines are fine
        bob, _, _ = login_twn(srv, 'bob@example.com', 'bobpass', 12)
        long = 'x' * 200
        b64 = base64.b64encode(long.encode()).decode()
        content = mime('').replace('\r\n\r\n', '\r\n\r\n' + '\r\n'.join(b64[i:i + 76] for i in range(0, len(b64), 76)))
        assert store(srv, ticket, 'bob@example.com', content)[0] == 200
        _, p = bob.wait_for(r'MSG Hotmail Hotmail \d+')
        assert mail_data(p)[0] == 'text/x-msmsgsoimnotification'
        assert oims(srv, 'bob@example.com')[0]['text'] == long
        alice.close()
        bob.close()
        # MSNP18 (SSO ticket); a sender who blocked the recipient is refused
        a18, t18, _ = login18(srv, 'alice@example.com')
        assert store(srv, 't=%s&p=' % t18, 'dave@example.com', mime('at 18'))[0] == 200
        d18, _, _ = login18(srv, 'dave@example.com')
        for c, other in ((d18, 'alice'), (a18, 'dave')):
            body = '<ml><d n="example.com"><c n="%s" l="4" t="1"/></d></ml>' % other
            c.send('ADL 7 %d' % len(body), body)
            c.wait_for('ADL 7 OK')
            if c is d18:   # dave blocks alice: still stored (the check is lax, from the sender's side)
                assert store(srv, 't=%s&p=' % t18, 'dave@example.com', mime('lax'))[0] == 200
        code, _, data = store(srv, 't=%s&p=' % t18, 'dave@example.com', mime('blocked'))
        assert fault_of(code, data) == 'q0:SystemUnavailable'   # both block each other
        a18.close()
        d18.close()


@test
def oim_lockkey_strict():
    with server('--knob', 'oim_lockkey=strict') as srv:
        alice, t, _ = login_twn(srv, 'alice@example.com', 'alicepass', 12)
        ticket = 't=%s&p=' % t
        code, _, data = store(srv, ticket, 'bob@example.com', mime('a'), lockkey='anything')
        assert fault_of(code, data) == 'q0:AuthenticationFailed'
        chal = result(data, 'LockKeyChallenge').text
        assert chal.isdigit(), chal
        assert store(srv, ticket, 'bob@example.com', mime('a'), lockkey=qry_answer(chal))[0] == 200
        assert store(srv, ticket, 'bob@example.com', mime('b', mid='2'), 2, lockkey=qry_answer(chal))[0] == 200
        code, _, data = store(srv, ticket, 'bob@example.com', mime('c', mid='3'), 3, lockkey='0' * 32)
        chal2 = result(data, 'LockKeyChallenge').text
        assert fault_of(code, data) == 'q0:AuthenticationFailed' and chal2 != chal
        code, _, data = store(srv, ticket, 'bob@example.com', mime('c', mid='3'), 3, lockkey=qry_answer(chal))
        chal3 = result(data, 'LockKeyChallenge').text    # every refusal sends a new challenge
        assert fault_of(code, data) == 'q0:AuthenticationFailed' and chal3 != chal2
        assert store(srv, ticket, 'bob@example.com', mime('c', mid='3'), 3, lockkey=qry_answer(chal2))[0] == 500
        code, _, data = store(srv, ticket, 'bob@example.com', mime('c', mid='3'), 3, lockkey=qry_answer(chal3)[:31])
        chal4 = result(data, 'LockKeyChallenge').text
        assert store(srv, ticket, 'bob@example.com', mime('c', mid='3'), 3,
                     lockkey=qry_answer(chal4).upper())[0] == 200
        assert [o['text'] for o in oims(srv, 'bob@example.com')] == ['a', 'b', 'c']
        alice.close()


@test
def oim_uum():
    with server() as srv:
        a18, _, _ = login18(srv, 'alice@example.com')
        bob, _, _ = login_twn(srv, 'bob@example.com', 'bobpass', 12)

        def uum(c, to, text, network=1, kind=1, agent='client'):
            body = ('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nDest-Agent: %s\r\n\r\n%s'
                    % (agent, text)).encode()
            t = c.next_trid()
            c.send('UUM %d %s %d %d %d' % (t, to, network, kind, len(body)), body)
        uum(a18, 'dave@example.com', 'while you were out \u00e9')
        no_reply(a18)                                   # no answer of any kind
        [o] = oims(srv, 'dave@example.com')
        assert (o['from'], o['nick'], o['text'], o['run_id'], o['seq']) == \
            ('alice@example.com', 'Alice Liddell', 'while you were out \u00e9', None, None), o
        uum(a18, 'bob@example.com', 'bob is online')   # online recipient: dropped
        uum(a18, 'dave@example.com', 'no agent', agent='server')
        no_reply(a18)
        assert oims(srv, 'bob@example.com') == [] and len(oims(srv, 'dave@example.com')) == 1
        dave, t, mail = login_twn(srv, 'dave@example.com', 'davepass', 12)
        text = message_text(srv, t, md_entries(mail_data(mail)[1])[0]['I'])
        assert 'X-OIM-Run-Id' not in text and 'X-OIM-Sequence-Num' not in text
        assert base64.b64decode(text.split('\r\n\r\n', 1)[1]).decode() == 'while you were out \u00e9'
        uum(a18, 'carol@example.com', 'type 2', kind=2)   # type 2 with network 1 closes
        assert a18.is_closed()
        a16 = login_sso(srv, 'carol@example.com', 16, guid=G18)
        uum(a16, 'dave@example.com', 'at 16')             # network 1 below 18 closes
        assert a16.is_closed()
        for c in (bob, dave):
            c.close()


@test
def oim_knobs():
    with server() as srv:
        ids = seed(srv, to='bob@example.com', **{'from': 'alice@example.com'}, text='k', count=2)
        bob, t, _ = login_twn(srv, 'bob@example.com', 'bobpass', 12)
        ctl(srv, 'knob oim_delete_fault 1')
        assert fault_of(*delete(srv, t, ids)[::2]) and len(oims(srv, 'bob@example.com')) == 2
        ctl(srv, 'knob oim_delete_fault 0')
        ctl(srv, 'knob oim_delete_hang 1')
        t0 = time.time()
        try:
            delete(srv, t, ids[:1], timeout=1.0)
            raise AssertionError('oim_delete_hang answered')
        except (socket.timeout, TimeoutError):
            assert time.time() - t0 >= 0.9
        assert len(oims(srv, 'bob@example.com')) == 2
        ctl(srv, 'knob oim_delete_hang 0')
        ctl(srv, 'knob oim_get_fault 1')
        assert fault_of(*get_message(srv, t, ids[0])[::2])
        ctl(srv, 'knob oim_get_fault 0')
        assert message_text(srv, t, ids[0])
        ctl(srv, 'knob soap_truncate GetMessage')          # the send-time soap_* knobs apply too
        code, _, data = get_message(srv, t, ids[0])
        assert code == 200 and b'</soap:Envelope>' not in data
        ctl(srv, 'knob soap_truncate')
        ctl(srv, 'knob oim_metadata_text 0')
        code, _, data = get_metadata(srv, t)
        md = result(data, 'GetMetadataResponse')
        assert code == 200 and len(md) == 1 and md[0].tag.endswith('MD') and len(md[0].findall('{%s}M' % RSI_NS)) == 2
        ctl(srv, 'knob oim_metadata_text 1')
        ticket = 't=%s&p=' % t
        for name in ('SystemUnavailable', 'InvalidContent', 'SenderThrottleLimitExceeded', 'AuthenticationFailed'):
            ctl(srv, 'knob oim_store_fault ' + name)
            assert fault_of(*store(srv, ticket, 'dave@example.com', mime('k'), frm='bob@example.com')[::2]) == \
                'q0:' + name
        ctl(srv, 'knob oim_store_fault http500')
        assert store(srv, ticket, 'dave@example.com', mime('k'), frm='bob@example.com')[::2] == (500, b'')
        ctl(srv, 'knob oim_store_fault')
        assert store(srv, ticket, 'dave@example.com', mime('k'), frm='bob@example.com')[0] == 200
        assert [o['text'] for o in oims(srv, 'dave@example.com')] == ['k']
        bob.close()


@test
def oim_seed_forms():
    with server() as srv:
        frm = {'from': 'alice@example.com'}
        [latin] = seed(srv, to='bob@example.com', **frm, text='caf\u00e9 na\u00efve', charset='iso-8859-1')
        [qp] = seed(srv, to='bob@example.com', **frm, text='\u20ac 5 = cheap', charset='windows-1252',
                    encoding='quoted-printable')
        [bad64] = seed(srv, to='bob@example.com', **frm, text='broken', malformed='base64')
        [nosep] = seed(srv, to='bob@example.com', **frm, text='no separator', malformed='mime')
        [unk] = seed(srv, to='bob@example.com', **frm, text='odd charset', malformed='charset')
        [noseq] = seed(srv, to='bob@example.com', **frm, text='bare', no_seq=True, age=86400 * 3)
        july = calendar.timegm((time.gmtime().tm_year - 1, 7, 1, 12, 0, 0))
        [summer] = seed(srv, to='bob@example.com', **frm, text='summer', age=time.time() - july)
        bob, t, _ = login_twn(srv, 'bob@example.com', 'bobpass', 12)
        text = message_text(srv, t, latin)
        assert 'Content-Type: text/plain; charset=iso-8859-1\r\n' in text
        assert base64.b64decode(text.split('\r\n\r\n', 1)[1]) == 'caf\u00e9 na\u00efve'.encode('iso-8859-1')
        text = message_text(srv, t, qp)
        assert 'charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n' in text
        assert quopri.decodestring(text.split('\r\n\r\n', 1)[1].encode()).decode('cp1252') == '\u20ac 5 = cheap'
        body = message_text(srv, t, bad64).split('\r\n\r\n', 1)[1]
        try:
            base64.b64decode(body, validate=True)
            raise AssertionError('a valid base64 body: %r' % body)
        except ValueError:
            pass
        assert '\r\n\r\n' not in message_text(srv, t, nosep)
        assert 'charset=x-unknown\r\n' in message_text(srv, t, unk)
        text = message_text(srv, t, summer)   # Pacific daylight time, still labelled -0800
        assert 'Date: 01 Jul %d 05:00:00 -0800\r\n' % (time.gmtime().tm_year - 1) in text, text
        assert re.search(r'\r\n\t \w{3}, 01 Jul \d{4} 05:00:00 -0800\r\nFrom: ', text), text
        text = message_text(srv, t, noseq)
        assert 'X-OIM-Run-Id' not in text
        w = {o['id']: o for o in oims(srv, 'bob@example.com')}
        assert w[noseq]['seq'] is None and abs(w[noseq]['time'] - (time.time() - 3 * 86400)) < 5
        assert w[latin]['text'] == 'caf\u00e9 na\u00efve' and w[bad64]['text'] == 'broken'
        assert delete(srv, t, list(w))[0] == 200
        ids = seed(srv, to='bob@example.com', **frm, text='many', count=100, run_id=RUN, seq=7)
        assert len(ids) == 100
        w = oims(srv, 'bob@example.com')
        assert [o['seq'] for o in w] == list(range(7, 107)) and {o['run_id'] for o in w} == {RUN}
        assert [o['text'] for o in w] == ['many #%d' % i for i in range(1, 101)]
        code, _, data = get_metadata(srv, t)
        assert len(md_entries(result(data, 'GetMetadataResponse').text)) == 100
        bob.close()
        for bad in ('{"to": "nobody@example.com", "from": "alice@example.com", "text": "x"}',
                    '{"to": "bob@example.com", "from": "alice@example.com"}',
                    '{"to": "bob@example.com", "from": "alice@example.com", "text": "x", "encoding": "uu"}',
                    '{"to": "bob@example.com", "from": "alice@example.com", "text": "\u20ac", "charset": "iso-8859-1"}',
                    'not json'):
            assert srv.control('oim_seed ' + bad).startswith('error'), bad
        assert srv.control('oims nobody@example.com').startswith('error')
