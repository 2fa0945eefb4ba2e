#!/usr/bin/env python3
"""Recorded MSNP13-18 exchanges of this server (tests/data/wlm-ns/*.txt), random parts replaced.

  python3 tests/server/nsfixtures.py           # re-run the scenarios, compare with the files (exit 1 on a difference)
  python3 tests/server/nsfixtures.py --write   # record them again

Each file is what a raw client sent (`C>`) and got (`S>`), payloads as `  | ` lines, grouped per
connection (the `..` notes at the top tell the story).  Nonces, tickets, blobs, cookies, session ids, ports, times and the profile's random fields read
`<...>`; every other byte is what the server sends.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import formats as F                                       # noqa: E402
import msnclient                                          # noqa: E402
from msnclient import ServerProc, login_sso               # noqa: E402

DATA = os.path.join(HERE, '..', 'data', 'wlm-ns')
G1 = '{A1A1A1A1-0000-4000-8000-000000000001}'
G2 = '{A2A2A2A2-0000-4000-8000-000000000002}'
BOB_G = '{B0B0B0B0-0000-4000-8000-00000000B0B0}'

NORMALIZE = [
    (r'MBI_KEY_OLD \S{64}', 'MBI_KEY_OLD <nonce>'),
    (r't=[0-9a-f]{20}&p=', 't=<ticket>&p='),
    (r'(USR \d+ SSO S t=<ticket>&p=) \S+', r'\1 <blob>'),
    (r'127\.0\.0\.1:\d+', '127.0.0.1:<port>'),
    (r'CKI [0-9a-f]{20}', 'CKI <cookie>'),
    (r'\b[0-9a-f]{31}\b', '<sessid>'),
    (r'(ANS \d+ \S+) [0-9a-f]{20} ', r'\1 <cookie> '),
    (r'(USR \d+ \S+@\S+) [0-9a-f]{20}$', r'\1 <cookie>'),
    (r'LoginTime: \d+', 'LoginTime: <time>'),
    (r'MemberIdHigh: \d+', 'MemberIdHigh: <n>'),
    (r'MemberIdLow: \d+', 'MemberIdLow: <n>'),
    (r'MSPAuth: .*', 'MSPAuth: <mspauth>'),
    (r'ClientPort: \d+', 'ClientPort: <port>'),
    (r'^MSG Hotmail Hotmail \d{4}$', 'MSG Hotmail Hotmail <len>'),   # the profile (port digits vary)
]


class Recorder:
    def __init__(self):
        self.lines = []

    def note(self, text):
        self.lines.append('.. ' + text)

    def add(self, tag, direction, line, payload=None):
        for pat, rep in NORMALIZE:
            line = re.sub(pat, rep, line)
        self.lines.append('[%-6s] %s %s' % (tag, direction, line))
        if payload:
            text = payload.decode('utf-8', 'replace')
            for pat, rep in NORMALIZE:
                text = re.sub(pat, rep, text, flags=re.M)
            for part in text.replace('\r\n', '\n').split('\n'):
                self.lines.append('[%-6s]   | %s' % (tag, part))

    def text(self):
        """Notes first, then each connection's lines in order (grouped per connection, so the file
        does not depend on how the connections' lines interleaved in time)."""
        notes = [ln for ln in self.lines if ln.startswith('.. ')]
        tags = []
        for ln in self.lines:
            if not ln.startswith('.. ') and ln[:8] not in tags:
                tags.append(ln[:8])
        out = notes[:]
        for tag in tags:
            out.append('')
            out += [ln for ln in self.lines if ln[:8] == tag]
        return '\n'.join(out) + '\n'


REC = Recorder()


class RecClient(msnclient.Client):
    def send(self, line, payload=None):
        pl = payload.encode() if isinstance(payload, str) else payload
        REC.add(self.name, 'C>', line, pl)
        super().send(line, payload)

    def recv(self, timeout=5):
        line, payload = super().recv(timeout)
        REC.add(self.name, 'S>', line, payload)
        return line, payload


def settle(*clients):
    for c in clients:
        c.drain(0.3)


def signin_msnp18(srv):
    REC.note('bob (MSNP18) is online; alice signs in at MSNP18 with SSO, sets her status and PSM')
    bob = login_sso(srv, 'bob@example.com', 18, guid=BOB_G, name='bob')
    settle(bob)
    a1 = login_sso(srv, 'alice@example.com', 18, guid=G1, name='alice1')
    settle(a1, bob)
    psm = '<Data><PSM>on a terminal</PSM><CurrentMedia></CurrentMedia><MachineGuid>%s</MachineGuid></Data>' % G1
    a1.send('UUX 7 %d' % len(psm), psm)
    settle(a1, bob)
    pe = ('<PrivateEndpointData><EpName>msntty@probe</EpName><Idle>false</Idle><ClientType>1</ClientType>'
          '<State>NLN</State></PrivateEndpointData>')
    a1.send('UUX 8 %d' % len(pe), pe)
    settle(a1, bob)
    a1.send('SYN 9 0 0')
    a1.send('PNG')
    settle(a1)
    return bob, a1


def mpop(srv, bob, a1):
    REC.note('a second place of alice (MSNP16) signs in, then signs the first one out with UUN')
    a2 = login_sso(srv, 'alice@example.com', 16, guid=G2, name='alice2')
    settle(a2, a1, bob)
    a2.send('UUN 7 alice@example.com;%s 4 14' % G1, b'goawyplzthxbye')
    settle(a2, a1, bob)
    a1.send('OUT')
    settle(a1, a2, bob)
    return a2


def switchboard(srv, bob, a2):
    REC.note('bob opens a switchboard and invites alice; her place answers; a message each way')
    bob.send('XFR 7 SB')
    line = bob.wait_for(r'XFR 7 SB .*')[0].split(' ')
    sb = RecClient(int(line[3].split(':')[1]), 'sb-bob')
    sb.send('USR 1 bob@example.com;%s %s' % (BOB_G, line[5]))
    settle(sb)
    sb.send('CAL 2 alice@example.com')
    settle(sb)
    rng = a2.wait_for(r'RNG .*')[0].split(' ')
    sa = RecClient(int(rng[2].split(':')[1]), 'sb-al2')
    sa.send('ANS 1 alice@example.com;%s %s %s' % (G2, rng[4], rng[1]))
    settle(sa, sb)
    pl = F.text_payload('hi alice')
    sb.send('MSG 3 A %d' % len(pl), pl)
    settle(sb, sa)
    pl = F.text_payload('hi bob')
    sa.send('MSG 2 N %d' % len(pl), pl)
    settle(sb, sa)
    sa.send('OUT')
    settle(sb, sa)


def record():
    REC.lines = []
    msnclient.Client = RecClient     # login_sso builds its clients through the module
    try:
        srv = ServerProc()
        try:
            bob, a1 = signin_msnp18(srv)
            a2 = mpop(srv, bob, a1)
            switchboard(srv, bob, a2)
        finally:
            srv.stop()
    finally:
        msnclient.Client = RecClient.__bases__[0]
    return {'msnp18-signin-mpop-sb.txt': REC.text()}


def main(argv):
    files = record()
    if '--write' in argv:
        os.makedirs(DATA, exist_ok=True)
        for name, text in files.items():
            with open(os.path.join(DATA, name), 'w', encoding='utf-8') as fh:
                fh.write(text)
        print('wrote %d files' % len(files))
        return 0
    bad = 0
    for name, text in files.items():
        try:
            with open(os.path.join(DATA, name), encoding='utf-8') as fh:
                old = fh.read()
        except FileNotFoundError:
            old = None
        if old != text:
            bad += 1
            print('differs: %s' % name)
    print('ns fixtures %s' % ('differ' if bad else 'up to date'))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
