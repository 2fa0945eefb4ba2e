"""Tiny raw-socket MSNP client + server launcher used by selftest.py (and usable by other tests)."""
import hashlib
import json
import os
import re
import random
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER_PAYLOAD = ('MSG', 'UBX', 'GCF', 'NOT', 'IPG', 'ADL', 'RML', 'FQY', 'UBN')


class Closed(Exception):
    pass


def free_ports(n):
    """n distinct TCP ports that are free now and below the kernel's ephemeral range, so that
    no outgoing connection is given one as its local port after the server on them is killed
    (which would keep a replacement from binding them)."""
    low = _ephemeral_low()
    ports = []
    while len(ports) < n:
        port = random.randrange(10000, low)
        if port not in ports and _bindable(port):
            ports.append(port)
    return ports


def _ephemeral_low():
    try:
        with open('/proc/sys/net/ipv4/ip_local_port_range') as f:
            return max(10001, int(f.read().split()[0]))
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(port):
    s = socket.socket()
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('127.0.0.1', port))
        return True
    except OSError:
        return False
    finally:
        s.close()


class ServerProc:
    """Start msnserver.py; .ports has the ready-line JSON.

    ports: {'ns': N, 'sb': N, 'https': N, 'control': N, 'dispatch': N} (missing or 0 = a free
    port), so that a second server can take over the ports of one that was killed
    (ServerProc(ports=old.ports) after old.kill())."""

    def __init__(self, *extra, log=None, ports=None):
        ports = ports or {}
        cmd = [sys.executable, os.path.join(HERE, 'msnserver.py')]
        for name in ('ns', 'sb', 'https', 'control'):
            cmd += ['--%s-port' % name, str(ports.get(name) or 0)]
        if ports.get('dispatch'):
            cmd += ['--dispatch-port', str(ports['dispatch'])]
        cmd += list(extra)
        if log:
            cmd += ['--log', log]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError('server did not start')
        self.ports = json.loads(line)
        self.ctl = None

    def control(self, line):
        if self.ctl is None:
            self.ctl = socket.create_connection(('127.0.0.1', self.ports['control']), timeout=5)
            self.ctl_buf = b''
        self.ctl.sendall(line.encode('utf-8') + b'\r\n')
        while b'\n' not in self.ctl_buf:
            chunk = self.ctl.recv(65536)
            if not chunk:
                raise Closed('control closed')
            self.ctl_buf += chunk
        reply, _, self.ctl_buf = self.ctl_buf.partition(b'\n')
        return reply.decode('utf-8').rstrip('\r')

    def kill(self):
        """SIGKILL (no goodbye to anyone); returns the exit status."""
        if self.ctl:
            self.ctl.close()
            self.ctl = None
        self.proc.kill()
        return self.proc.wait(5)

    def stop(self):
        if self.ctl:
            self.ctl.close()
            self.ctl = None
        self.proc.terminate()
        try:
            return self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return -9


class Client:
    def __init__(self, port, name='c'):
        self.name = name
        self.sock = socket.create_connection(('127.0.0.1', port), timeout=5)
        self.buf = b''
        self.trid = 0

    def next_trid(self):
        self.trid += 1
        return self.trid

    def send(self, line, payload=None):
        data = line.encode('utf-8') + b'\r\n'
        if payload is not None:
            data += payload if isinstance(payload, bytes) else payload.encode('utf-8')
        self.sock.sendall(data)

    def _fill(self, timeout):
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise TimeoutError('%s: timeout' % self.name)
        except (ConnectionError, OSError):
            chunk = b''
        if not chunk:
            raise Closed('%s: closed' % self.name)
        self.buf += chunk

    def recv_line(self, timeout=5):
        while b'\n' not in self.buf:
            self._fill(timeout)
        line, _, self.buf = self.buf.partition(b'\n')
        return line.rstrip(b'\r').decode('utf-8', 'replace')

    def recv_bytes(self, n, timeout=5):
        while len(self.buf) < n:
            self._fill(timeout)
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def recv(self, timeout=5):
        """Next command: (line, payload or None)."""
        line = self.recv_line(timeout)
        parts = line.split(' ')
        if parts[0] in SERVER_PAYLOAD and parts[-1].isdigit() and len(parts) >= 2:
            if not (parts[0] == 'GCF' and len(parts) < 4 and parts[1] != '0'):   # `GCF 0 len`: 13+ Policies
                return line, self.recv_bytes(int(parts[-1]), timeout)
        return line, None

    def expect(self, pattern, timeout=5):
        line, payload = self.recv(timeout)
        if not re.fullmatch(pattern, line):
            raise AssertionError('%s: expected %r, got %r' % (self.name, pattern, line))
        return line, payload

    def wait_for(self, pattern, timeout=5):
        """Skip lines until one matches; returns (line, payload)."""
        deadline = time.time() + timeout
        while True:
            line, payload = self.recv(max(0.05, deadline - time.time()))
            if re.fullmatch(pattern, line):
                return line, payload

    def quiet(self, timeout=0.3):
        """Assert nothing arrives within timeout."""
        try:
            line = self.recv(timeout)
        except TimeoutError:
            return
        raise AssertionError('%s: unexpected %r' % (self.name, line))

    def is_closed(self, timeout=3):
        try:
            while True:
                self.recv(timeout)
        except Closed:
            return True
        except TimeoutError:
            return False

    def drain(self, timeout=0.3):
        """Read and return everything that arrives until `timeout` of silence."""
        out = []
        while True:
            try:
                out.append(self.recv(timeout))
            except (TimeoutError, Closed):
                return out

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def https_get(port, path, headers=None, cafile=None):
    ctx = ssl.create_default_context(cafile=cafile or os.path.join(HERE, 'cert.pem'))
    raw = socket.create_connection(('127.0.0.1', port), timeout=5)
    s = ctx.wrap_socket(raw, server_hostname='127.0.0.1')
    req = 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: MSMSGS\r\n' % (path, port)
    for k, v in (headers or {}).items():
        req += '%s: %s\r\n' % (k, v)
    s.sendall((req + '\r\n').encode())
    data = b''
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b'\r\n\r\n')
    lines = head.decode().split('\r\n')
    code = int(lines[0].split(' ')[1])
    hdrs = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(':')
        hdrs[k.strip().lower()] = v.strip()
    return code, hdrs, body


def passport_login(https_port, email, password, args):
    code, hdrs, _ = https_get(https_port, '/rdr/pprdr.asp')
    assert code == 200, code
    dalogin = re.search(r'DALogin=([^,]+)', hdrs['passporturls']).group(1)
    url = urllib.parse.urlsplit(dalogin)
    auth = ('Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=' +
            urllib.parse.quote(email, safe='') + ',pwd=' + urllib.parse.quote(password, safe='') + ',' + args)
    path = url.path
    for _ in range(3):
        code, hdrs, _ = https_get(url.port, path, {'Authorization': auth})
        if code == 302:
            path = urllib.parse.urlsplit(hdrs['location']).path
            continue
        break
    if code != 200:
        return None, code
    return re.search(r"from-PP='([^']*)'", hdrs['authentication-info']).group(1), code


def login(ports, email, password, version=12, name=None, chg=True, caps=0):
    """Full login; returns the Client positioned after SYN (and CHG if chg)."""
    c = Client(ports['ns'], name or email.split('@')[0])
    c.send('VER 1 MSNP%d CVR0' % version)
    c.expect('VER 1 MSNP%d' % version)
    c.send('CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.5.0324 msmsgs %s' % email)
    c.expect(r'CVR 2 .*')
    if version < 8:
        c.send('INF 3')
        c.expect('INF 3 MD5')
        c.send('USR 4 MD5 I %s' % email)
        salt = c.expect(r'USR 4 MD5 S (\S+)')[0].split(' ')[4]
        c.send('USR 5 MD5 S %s' % hashlib.md5((salt + password).encode()).hexdigest())
    else:
        c.send('USR 4 TWN I %s' % email)
        args = c.expect(r'USR 4 TWN S (\S+)')[0].split(' ')[4]
        tok, code = passport_login(ports['https'], email, password, args)
        assert tok, 'passport failed %s' % code
        c.send('USR 5 TWN S %s' % tok)
    c.expect(r'USR 5 OK %s.*' % re.escape(email))
    if version >= 11:
        c.expect('SBS 0 null')
    c.expect(r'MSG Hotmail Hotmail \d+')
    c.trid = 5
    if version < 10:
        c.send('SYN 6 0')
    else:
        c.send('SYN 6 0 0')
    c.wait_for(r'SYN 6 .*')
    c.trid = 6
    if chg:
        c.drain(0.2)
        c.send('CHG 7 NLN %d' % caps if version >= 8 else 'CHG 7 NLN')
        c.trid = 7
    return c


def sso_ticket(srv, email, lifetime=86400):
    """A messengerclear ticket + proof key from the control port (what /RST.srf would give):
    returns ('t=<20>&p=', secret bytes)."""
    import base64
    reply = srv.control('sso_ticket %s %d' % (email, lifetime))
    assert reply.startswith('ok '), reply
    ticket, secret = reply.split(' ')[1:3]
    return ticket, base64.b64decode(secret)


def login_sso(srv, email, version=18, guid=None, name=None, chg=True, caps='2789003324:48', ticket=None,
              blob=True):
    """MSNP15+ SSO login (blob made with tests/server/sso.py); returns the Client after the
    USR OK block (SBS, profile MSG, UBX at 16+) and, if chg, after the CHG echo."""
    import os as _os
    import sso
    ports = srv.ports
    c = Client(ports['ns'], name or email.split('@')[0])
    c.send('VER 1 MSNP%d CVR0' % version)
    c.expect('VER 1 MSNP%d' % version)
    c.send('CVR 2 0x0409 winnt 6.1.0 i386 MSNMSGR 14.0.8117.0416 msmsgs %s' % email)
    c.expect(r'CVR 2 .*')
    c.send('USR 3 SSO I %s' % email)
    c.expect(r'GCF 0 \d+')
    nonce = c.expect(r'USR 3 SSO S MBI_KEY_OLD \S{64}')[0].split(' ')[5]
    tk, secret = ticket or sso_ticket(srv, email)
    args = [tk]
    if blob:
        args.append(sso.make_blob_b64(secret, nonce, _os.urandom(8)))
    if guid:
        args.append(guid)
    c.send('USR 4 SSO S ' + ' '.join(args))
    c.expect(r'USR 4 OK %s 1 0' % re.escape(email))
    c.expect('SBS 0 null')
    c.expect(r'MSG Hotmail Hotmail \d+')
    if version >= 16:
        c.expect('UBX %s 0' % ('1:' + email if version >= 18 else email + ' 1'))
    c.trid = 4
    c.ticket = tk
    if chg:
        c.send('ADL 5 15', '<ml l="1"></ml>')
        c.expect('ADL 5 OK')
        c.send('CHG 6 NLN %s 0' % caps if version >= 16 else 'CHG 6 NLN %s 0' % str(caps).split(':')[0])
        c.expect(r'CHG 6 NLN \S+ 0')
        c.trid = 6
    return c
