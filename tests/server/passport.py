"""HTTPS (asyncio + ssl, HTTP/1.1, Connection: close): the Passport 1.4 nexus and login, and the
web services of MSNP13+ (RST tokens in rst.py, address book and sharing in abservice.py/sharing.py)."""
import asyncio
import email.utils
import urllib.parse

import abservice
import oimweb
import rst
import soap
from netio import Conn

MAX_HEADER_BYTES = 16384
MAX_BODY_BYTES = 1 << 20
SOAP_PATHS = ('/abservice/abservice.asmx', '/abservice/sharingservice.asmx')


def parse_passport_auth(value):
    """'Passport1.4 a=b,c=d' -> {'a': 'b', 'c': 'd'} (values URL-decoded), or None."""
    if not value.startswith('Passport1.4 '):
        return None
    out = {}
    for item in value[len('Passport1.4 '):].split(','):
        k, eq, v = item.partition('=')
        if eq:
            out[k.strip()] = urllib.parse.unquote(v.strip())
    return out


class HTTPConn(Conn):
    def __init__(self, server, reader, writer):
        super().__init__(server, reader, writer, 'HTTP:%d' % writer.get_extra_info('peername', ('', 0))[1])

    def respond(self, code, reason, headers, body):
        body = body.encode('utf-8')
        lines = ['HTTP/1.1 %d %s' % (code, reason)]
        lines += ['%s: %s' % h for h in headers]
        lines += ['Content-Type: text/plain; charset=utf-8',
                  'Content-Length: %d' % len(body),
                  'Date: %s' % email.utils.formatdate(usegmt=True),
                  'Server: msntty-test-server',
                  'Connection: close']
        head = '\r\n'.join(lines) + '\r\n\r\n'
        self.log.log(self.tag, 'S>', head.rstrip('\r\n'))
        self.send_raw(head.encode('utf-8') + body, note='<body %d bytes>' % len(body))

    async def run(self):
        try:
            try:
                request_line = await asyncio.wait_for(self.read_line(), 30)
            except asyncio.TimeoutError:
                return
            if not request_line:
                return
            headers = {}
            total = 0
            while True:
                line = await asyncio.wait_for(self.read_line(), 30)
                if line is None:
                    return
                total += len(line)
                if total > MAX_HEADER_BYTES:
                    return self.respond(431, 'Request Header Fields Too Large', [], 'too large')
                if line == '':
                    break
                name, colon, value = line.partition(':')
                if colon:
                    headers[name.strip().lower()] = value.strip()
            self.log.log(self.tag, 'C>', request_line)
            for k, v in headers.items():
                self.log.log(self.tag, 'C>', '  %s: %s' % (k, v))
            parts = request_line.split(' ')
            if len(parts) < 2:
                return self.respond(400, 'Bad Request', [], '400: Bad Request')
            method, target = parts[0], parts[1]
            path = urllib.parse.urlsplit(target).path
            body = b''
            if method == 'POST':
                body = await asyncio.wait_for(self.read_body(headers), 30)
                if body is None:
                    return self.respond(400, 'Bad Request', [], '400: Bad Request')
                self.log.log(self.tag, 'C|', body)
            if method == 'POST' and path.lower() in ('/rst.srf', '/rst2.srf'):
                return await soap.send(self, rst.handle(self.server, path, body))
            if method == 'POST' and path.lower() in SOAP_PATHS:
                return await soap.send(self, abservice.handle(self.server, headers, body))
            if method == 'POST' and path.lower() in ('/rsi/rsi.asmx', '/oimws/oim.asmx'):
                return await self.oim(path.lower(), headers, body)
            self.route(method, path, headers)
        except Exception as ex:
            self.log.error(self.tag, 'http error: %r' % (ex,))
        finally:
            self.close()

    async def oim(self, path, headers, body):
        if path == '/rsi/rsi.asmx':
            reply = oimweb.handle_rsi(self.server, headers, body)
        else:
            reply = oimweb.handle_store(self.server, headers, body, self.peer[0])
        if reply is oimweb.HANG:
            self.log.log(self.tag, '..', 'knob oim_delete_hang: no answer')
            while await self.read_exact(1) is not None:   # silent until the client hangs up
                pass
            return
        await soap.send(self, reply)

    async def read_body(self, headers):
        """The request body (Content-Length or chunked), or None when it is malformed or too big."""
        if 'chunked' in headers.get('transfer-encoding', '').lower():
            body = b''
            while True:
                size = (await self.read_line() or '').split(';')[0].strip()
                try:
                    n = int(size, 16)
                except ValueError:
                    return None
                if n == 0:
                    while await self.read_line():   # trailers up to the empty line
                        pass
                    return body
                if len(body) + n > MAX_BODY_BYTES:
                    return None
                chunk = await self.read_exact(n + 2)
                if chunk is None:
                    return None
                body += chunk[:n]
        n = headers.get('content-length', '0')
        if not n.isdigit() or int(n) > MAX_BODY_BYTES:
            return None
        return await self.read_exact(int(n)) if int(n) else b''

    def base(self):
        return 'https://%s:%d' % (self.server.host, self.server.ports['https'])

    def route(self, method, path, headers):
        if method not in ('GET', 'POST', 'HEAD'):
            return self.respond(405, 'Method Not Allowed', [], '405: Method Not Allowed')
        if path in ('/rdr/pprdr.asp', '/nexus-mock'):
            return self.respond(200, 'OK', [('PassportURLs', 'DALogin=%s/login' % self.base())], '200: OK')
        if path in ('/login', '/login2', '/login.srf', '/login2.srf'):
            if path == '/login' and self.server.take_knob('passport_redirect'):
                return self.respond(302, 'Found', [
                    ('Authentication-Info', 'Passport1.4 da-status=redir'),
                    ('Location', '%s/login2' % self.base())], '302: Found')
            return self.login(headers)
        return self.respond(404, 'Not Found', [], '404: Not Found')

    def login(self, headers):
        fields = parse_passport_auth(headers.get('authorization', ''))
        acct = None
        if fields is not None:
            acct = self.server.store.get(fields.get('sign-in', ''))
            if acct is not None and (acct.password is None or fields.get('pwd') != acct.password):
                acct = None
        if acct is None:
            if fields is not None and fields.get('sign-in'):
                self.server.stats.bump('auth_failures', fields['sign-in'].lower())
            return self.respond(401, 'Unauthorized', [('WWW-Authenticate', 'Passport1.4 da-status=failed')],
                                '401: Unauthorized')
        tok = self.server.issue_token(acct.email)
        self.respond(200, 'OK', [('Authentication-Info', "Passport1.4 da-status=success,from-PP='%s'" % tok)],
                     '200: OK')
