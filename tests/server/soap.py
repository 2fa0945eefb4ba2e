"""SOAP plumbing for the HTTPS web services (RST, address book, sharing).

Handlers are pure: they take the server state and the request and return a Reply; the
HTTP connection (passport.py) sends it, applying the soap_* knobs.  The clock and the
random source are module attributes so that tools/webfixtures.py can fix them.
"""
import asyncio
import random
import time
import uuid
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

CLOCK = time.time
RNG = random.SystemRandom()

NS_SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/'
NS_AB = 'http://www.msn.com/webservices/AddressBook'
XSI = 'http://www.w3.org/2001/XMLSchema-instance'
NULL_GUID = '00000000-0000-0000-0000-000000000000'


class Reply:
    """An HTTP answer: status, body (bytes; None = no body) and the SOAP method it answers."""

    def __init__(self, code, body=None, method=None, content_type='text/xml; charset=utf-8'):
        self.code = code
        self.body = body.encode('utf-8') if isinstance(body, str) else body
        self.method = method
        self.content_type = content_type


def bare(code, method=None):
    return Reply(code, b'', method, 'text/plain; charset=utf-8')


# ---------------------------------------------------------------- reading XML (namespaces ignored)
def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


def parse(body):
    """The document's root element, or None when the body is not XML."""
    try:
        return ET.fromstring(body)
    except (ET.ParseError, ValueError):
        return None


def all_named(el, name):
    return [e for e in el.iter() if local(e.tag) == name]


def first(el, name):
    """First descendant (or el itself) with that local name, or None."""
    for e in el.iter():
        if local(e.tag) == name:
            return e
    return None


def text(el, name, default=None):
    e = first(el, name) if el is not None else None
    if e is None:
        return default
    return (e.text or '').strip()


def children(el, name):
    return [e for e in list(el) if local(e.tag) == name]


def walk(el, *names):
    """Direct-child path by local names: walk(contact, 'contactInfo', 'passportName')."""
    for name in names:
        if el is None:
            return None
        found = children(el, name)
        el = found[0] if found else None
    return el


def is_true(value):
    return (value or '').strip().lower() in ('true', '1')


# ---------------------------------------------------------------- writing XML
def esc(value):
    return escape(str(value), {'"': '&quot;'})


def iso(epoch, millis=True):
    t = time.gmtime(epoch)
    base = time.strftime('%Y-%m-%dT%H:%M:%S', t)
    return base + ('.%03dZ' % int((epoch % 1) * 1000) if millis else 'Z')


def now():
    return CLOCK()


def hex_token(n):
    return ''.join(RNG.choice('0123456789abcdef') for _ in range(n))


def new_guid():
    return str(uuid.UUID(int=RNG.getrandbits(128), version=4))


def cid_of(guid):
    """Signed 64-bit decimal contact id derived from the contact's GUID (as the AB shows it)."""
    n = int(guid.replace('-', '')[:16], 16)
    return str(n - (1 << 64) if n >= (1 << 63) else n)


def service_header(host):
    return ('\t<soap:Header>\n'
            '\t\t<ServiceHeader xmlns="%s">\n'
            '\t\t\t<Version>15.01.1408.0000</Version>\n'
            '\t\t\t<CacheKey>12r1:%s</CacheKey>\n'
            '\t\t\t<CacheKeyChanged>true</CacheKeyChanged>\n'
            '\t\t\t<PreferredHostName>%s</PreferredHostName>\n'
            '\t\t\t<SessionId>%s</SessionId>\n'
            '\t\t</ServiceHeader>\n'
            '\t</soap:Header>\n') % (NS_AB, hex_token(32), esc(host), new_guid())


def envelope(host, body):
    """An address book / sharing answer: SOAP 1.1 envelope, ServiceHeader, body text inside soap:Body."""
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<soap:Envelope xmlns:soap="%s" xmlns:xsi="%s" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n'
            '%s'
            '\t<soap:Body>\n%s\t</soap:Body>\n'
            '</soap:Envelope>\n') % (NS_SOAP11, XSI, service_header(host), body)


def empty_response(host, method):
    return envelope(host, '\t\t<%sResponse xmlns="%s" />\n' % (method, NS_AB))


def ab_fault(method, errorcode, message, faultcode='soap:Client'):
    """The address book's SOAP fault (detail/errorcode names the error)."""
    m = esc(message)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<soap:Envelope xmlns:soap="%s" xmlns:xsi="%s" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n'
            '\t<soap:Body>\n'
            '\t\t<soap:Fault>\n'
            '\t\t\t<faultcode>%s</faultcode>\n'
            '\t\t\t<faultstring>%s</faultstring>\n'
            '\t\t\t<faultactor>http://www.msn.com/webservices/AddressBook/%s</faultactor>\n'
            '\t\t\t<detail>\n'
            '\t\t\t\t<errorcode xmlns="%s">%s</errorcode>\n'
            '\t\t\t\t<errorstring xmlns="%s">%s</errorstring>\n'
            '\t\t\t\t<machineName xmlns="%s">MSNTTY-TEST-AB</machineName>\n'
            '\t\t\t\t<additionalDetails>\n'
            '\t\t\t\t\t<originalExceptionErrorMessage>%s</originalExceptionErrorMessage>\n'
            '\t\t\t\t</additionalDetails>\n'
            '\t\t\t</detail>\n'
            '\t\t</soap:Fault>\n'
            '\t</soap:Body>\n'
            '</soap:Envelope>\n') % (NS_SOAP11, XSI, faultcode, m, esc(method), NS_AB, esc(errorcode), NS_AB, m,
                                     NS_AB, m)


# ---------------------------------------------------------------- knobs
def knob_methods(server, name):
    return {m.strip().lower() for m in server.knob(name).split(',') if m.strip()}


def knob_hits(server, name, method):
    names = knob_methods(server, name)
    return bool(method) and (method.lower() in names or '*' in names)


def tickets_of(header_el, headers):
    """The 20-character ticket of an address book request: TicketToken (`t=` -> its 20 characters,
    else the whole text), or the first 20 characters of an MSPAuth cookie."""
    tok = text(header_el, 'TicketToken') if header_el is not None else None
    if tok:
        return tok[2:22] if tok.startswith('t=') else tok
    for part in headers.get('cookie', '').split(';'):
        k, eq, v = part.strip().partition('=')
        if eq and k == 'MSPAuth' and v:
            return v[:20]
    return None


# ---------------------------------------------------------------- sending (knobs applied)
REASONS = {200: 'OK', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error'}


async def send(conn, reply):
    """Write the reply on the HTTP connection: soap_truncate cuts the XML in half (Content-Length
    says the cut length), soap_slow dribbles the body out over that many seconds."""
    server = conn.server
    body = reply.body or b''
    if body and knob_hits(server, 'soap_truncate', reply.method):
        body = body[:len(body) // 2]
    head = ['HTTP/1.1 %d %s' % (reply.code, REASONS.get(reply.code, 'Error')),
            'Content-Type: %s' % reply.content_type,
            'Content-Length: %d' % len(body),
            'Date: %s' % time.strftime('%a, %d %b %Y %H:%M:%S GMT', time.gmtime()),
            'Server: msntty-test-server',
            'Connection: close']
    conn.log.log(conn.tag, 'S>', '\n'.join(head))
    conn.send_raw(('\r\n'.join(head) + '\r\n\r\n').encode('utf-8'), note='<head>')
    slow = server.knob_float('soap_slow')
    if slow <= 0 or len(body) < 2:
        if body:
            conn.send_raw(body, note='<body %d bytes>' % len(body))
        return
    pieces = min(10, len(body))
    step = (len(body) + pieces - 1) // pieces
    for i in range(0, len(body), step):
        await asyncio.sleep(slow / pieces)
        conn.send_raw(body[i:i + step], note='<slow body piece %d bytes>' % len(body[i:i + step]))
