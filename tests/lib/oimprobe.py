"""A second, independent offline-message client for the integration tests: it signs in to the test
server at MSNP12 with raw sockets (Passport 1.4), keeps that session up (the web services only
accept a ticket whose NS session lives), and reads, deletes and stores offline messages over
HTTPS.  It stands for "another client" in the tests: msntty stores, this reads; this stores,
msntty reads.  Written from doc/protocol/oim.md's account of the wire, not from the C++ code."""
import base64
import email.header
import os
import quopri
import re
import socket
import ssl
import sys
import uuid
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER_DIR = os.path.join(os.path.dirname(HERE), 'server')
sys.path.insert(0, SERVER_DIR)
import msnclient  # noqa: E402  (raw line client and the Passport 1.4 login of the server's tools)

RSI_NS = 'http://www.hotmail.msn.com/ws/2004/09/oim/rsi'
SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/'


class SoapFault(Exception):
    def __init__(self, status, code, text):
        super().__init__('HTTP %d %s %s' % (status, code, text))
        self.status, self.code, self.text = status, code, text


def _post(port, path, action, body, timeout=10):
    ctx = ssl.create_default_context(cafile=os.path.join(SERVER_DIR, 'cert.pem'))
    raw = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    s = ctx.wrap_socket(raw, server_hostname='127.0.0.1')
    data = body.encode('utf-8')
    head = ('POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: text/xml; charset=utf-8\r\n'
            'SOAPAction: "%s"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n'
            % (path, port, action, len(data)))
    s.sendall(head.encode() + data)
    reply = b''
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        reply += chunk
    s.close()
    head, _, rest = reply.partition(b'\r\n\r\n')
    status = int(head.split(b' ')[1])
    root = None
    try:
        root = ET.fromstring(rest) if rest.strip() else None
    except ET.ParseError:
        pass
    fault = root.find('.//{%s}Fault' % SOAP_NS) if root is not None else None
    if status != 200 or fault is not None:
        code = text = ''
        if fault is not None:
            code = (fault.findtext('faultcode') or '').strip()
            text = (fault.findtext('faultstring') or '').strip()
        raise SoapFault(status, code, text)
    return root


def _local(tag):
    return tag.rsplit('}', 1)[-1]


def decode_stored(text):
    """(headers dict, decoded body str) of a stored message as GetMessage returns it."""
    head, _, body = text.replace('\r\n', '\n').partition('\n\n')
    headers, last = {}, None
    for line in head.split('\n'):
        if line[:1] in (' ', '\t') and last:          # a folded header goes on
            headers[last] += ' ' + line.strip()
            continue
        k, sep, v = line.partition(':')
        if sep:
            last = k.strip().lower()
            headers[last] = v.strip()
    charset = 'utf-8'
    m = re.search(r'charset=([^;\s]+)', headers.get('content-type', ''), re.I)
    if m:
        charset = m.group(1).strip('"')
    enc = headers.get('content-transfer-encoding', '').lower()
    if enc == 'base64':
        raw = base64.b64decode(''.join(body.split()))
    elif enc == 'quoted-printable':
        raw = quopri.decodestring(body.encode('latin-1'))
    else:
        raw = body.encode('latin-1')
    return headers, raw.decode(charset)


class OimProbe:
    def __init__(self, srv, email, password):
        self.srv, self.email = srv, email
        self.https = srv.https
        c = msnclient.Client(srv.ns, 'probe')
        c.send('VER 1 MSNP12 CVR0')
        c.expect('VER 1 MSNP12')
        c.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs %s' % email)
        c.expect(r'CVR 2 .*')
        c.send('USR 3 TWN I %s' % email)
        args = c.expect(r'USR 3 TWN S (\S+)')[0].split(' ')[4]
        ticket, code = msnclient.passport_login(self.https, email, password, args)
        assert ticket, 'passport login failed: %s' % code
        c.send('USR 4 TWN S %s' % ticket)
        c.expect(r'USR 4 OK .*')
        # Escargot's Passport 1.4 ticket is a bare 20-hex token; the official one was t=..&p=..
        t = re.search(r'(?:^|&)t=([^&]*)', ticket)
        p = re.search(r'(?:^|&)p=([^&]*)', ticket)
        self.t = t.group(1) if t else ticket
        self.p = p.group(1) if p else ''
        self.ticket = 't=%s&p=%s' % (self.t, self.p)
        self.ns = c
        self.seq = 0
        self.run_id = '{%s}' % str(uuid.uuid4()).upper()

    def close(self):
        self.ns.close()

    # -- reading (RSI)
    def _rsi(self, op, inner):
        body = ('<?xml version="1.0" encoding="utf-8"?>'
                '<soap:Envelope xmlns:soap="%s"><soap:Header>'
                '<PassportCookie xmlns="%s"><t>%s</t><p>%s</p></PassportCookie>'
                '</soap:Header><soap:Body><%s xmlns="%s">%s</%s></soap:Body></soap:Envelope>'
                % (SOAP_NS, RSI_NS, escape(self.t), escape(self.p), op, RSI_NS, inner, op))
        return _post(self.https, '/rsi/rsi.asmx', RSI_NS + '/' + op, body)

    def list(self):
        """[{id, from, time}] of the waiting messages (GetMetadata)."""
        root = self._rsi('GetMetadata', '<!-- all -->')
        res = next(e for e in root.iter() if _local(e.tag) == 'GetMetadataResponse')
        md = res.find('.//{*}MD')
        if md is None:
            md = ET.fromstring(''.join(res.itertext()).strip())
        return [{'id': m.findtext('I'), 'from': m.findtext('E'), 'time': m.findtext('RT')}
                for m in md.iter() if _local(m.tag) == 'M']

    def get(self, oim_id):
        root = self._rsi('GetMessage', '<messageId>%s</messageId><alsoMarkAsRead>false'
                         '</alsoMarkAsRead>' % escape(oim_id))
        res = next(e for e in root.iter() if _local(e.tag) == 'GetMessageResult')
        return decode_stored(res.text or '')

    def delete(self, ids):
        inner = ''.join('<messageId>%s</messageId>' % escape(i) for i in ids)
        self._rsi('DeleteMessages', '<messageIds>%s</messageIds>' % inner)

    # -- sending (Store)
    def store(self, to, text, lockkey='probe'):
        self.seq += 1
        b64 = base64.b64encode(text.encode('utf-8')).decode()
        content = ('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n'
                   'Content-Transfer-Encoding: base64\r\nX-OIM-Message-Type: OfflineMessage\r\n'
                   'X-OIM-Run-Id: %s\r\nX-OIM-Sequence-Num: %d\r\n\r\n%s'
                   % (self.run_id, self.seq,
                      '\r\n'.join(b64[i:i + 76] for i in range(0, len(b64), 76))))
        name = '=?utf-8?B?%s?=' % base64.b64encode(b'Probe').decode()
        body = ('<?xml version="1.0" encoding="utf-8"?>'
                '<soap:Envelope xmlns:soap="%s"><soap:Header>'
                '<From memberName="%s" friendlyName="%s" xml:lang="en-US" proxy="MSNMSGR" '
                'msnpVer="MSNP12" buildVer="7.5.0324" xmlns="http://messenger.msn.com/ws/2004/09/oim/"/>'
                '<To memberName="%s" xmlns="http://messenger.msn.com/ws/2004/09/oim/"/>'
                '<Ticket passport="%s" appid="PROD0090YUAUV{2B" lockkey="%s" '
                'xmlns="http://messenger.msn.com/ws/2004/09/oim/"/>'
                '<Sequence xmlns="http://schemas.xmlsoap.org/ws/2003/03/rm">'
                '<Identifier xmlns="http://schemas.xmlsoap.org/ws/2002/07/utility">'
                'http://messenger.msn.com</Identifier><MessageNumber>%d</MessageNumber></Sequence>'
                '</soap:Header><soap:Body><MessageType xmlns="http://messenger.msn.com/ws/2004/09/oim/">'
                'text</MessageType><Content xmlns="http://messenger.msn.com/ws/2004/09/oim/">%s'
                '</Content></soap:Body></soap:Envelope>'
                % (SOAP_NS, escape(self.email), name, escape(to), escape(self.ticket, {'"': '&quot;'}),
                   escape(lockkey), self.seq, escape(content)))
        return _post(self.https, '/OimWS/oim.asmx', 'http://messenger.live.com/ws/2006/09/oim/Store2',
                     body)


def sender_name(from_header):
    """The display name of a From: header with an RFC 2047 encoded word."""
    name = from_header.rsplit('<', 1)[0].strip()
    return str(email.header.make_header(email.header.decode_header(name)))
