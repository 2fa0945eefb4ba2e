"""Offline messages (OIM): what waits for each account, the text RSI GetMessage returns for one,
the Mail-Data documents of the NS notifications, and the control command `oim_seed`.

Behaviour of the revival server (Escargot): Mail-Data lists the messages in directory order, not
by time (here: newest first); more than 25 on the NS -> the literal `too-large`; the stored text's
Date/Received are US/Pacific wall time with a constant `-0800` label.
"""
import base64
import binascii
import calendar
import quopri
import re
import time
import uuid

import formats as F

MAX_ON_NS = 25
FOLDER = '00000000-0000-0000-0000-000000000009'
LIVE_FOLDER = '.!!OIM'
COUNTERS = '<E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E>'
QUOTA = '<Q><QTM>409600</QTM><QNM>204800</QNM></Q>'
GUID_RE = re.compile(r'^\{?[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}\}?$')
DAYS = ('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')
MONTHS = ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')
FILETIME_EPOCH = 11644473600   # seconds from 1601-01-01 to 1970-01-01
CLOCK = time.time


def new_id():
    return str(uuid.uuid4()).upper()


def new_run_id():
    return '{%s}' % new_id()


def encoded_word(nick, space=False):
    """RFC 2047 B form of the friendly name (the live notification has a space before `?=`)."""
    if not nick:
        return ''
    return '=?utf-8?B?%s%s?=' % (base64.b64encode(nick.encode('utf-8')).decode('ascii'), ' ' if space else '')


# ---------------------------------------------------------------- times
def _sunday(year, month, n):
    first = 1 + (6 - calendar.weekday(year, month, 1)) % 7
    return first + 7 * (n - 1)


def pacific(epoch):
    """US/Pacific wall time (DST from the 2nd Sunday of March to the 1st Sunday of November)."""
    year = time.gmtime(epoch).tm_year
    start = calendar.timegm((year, 3, _sunday(year, 3, 2), 10, 0, 0))
    end = calendar.timegm((year, 11, _sunday(year, 11, 1), 9, 0, 0))
    return time.gmtime(epoch - (7 if start <= epoch < end else 8) * 3600)


def _dmy(t):
    return '%02d %s %04d %02d:%02d:%02d' % (t.tm_mday, MONTHS[t.tm_mon - 1], t.tm_year, t.tm_hour, t.tm_min, t.tm_sec)


def rfc_date(epoch, weekday=False):
    t = pacific(epoch)
    return ('%s, ' % DAYS[t.tm_wday] if weekday else '') + _dmy(t) + ' -0800'


def arrival(epoch):
    """`01 Dec 2026 07:56:52.0000 (UTC) FILETIME=[LOW:HIGH]`."""
    ft = int(round((epoch + FILETIME_EPOCH) * 10 ** 7))
    frac = int((epoch % 1) * 10000)
    return '%s.%04d (UTC) FILETIME=[%08X:%08X]' % (_dmy(time.gmtime(epoch)), frac, ft & 0xFFFFFFFF, ft >> 32)


def iso(epoch):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(epoch))


# ---------------------------------------------------------------- one message
class Oim:
    """One waiting message.  headers/body are the sender's MIME part as stored; separator=False
    leaves out the blank line between them (a malformed message)."""

    def __init__(self, frm, nick, to, text, headers, body, received=None, run_id=None, seq=None,
                 origin='127.0.0.1', proxy='MSNMSGR', separator=True):
        self.id = new_id()
        self.frm, self.nick, self.to, self.text = frm, nick, to, text
        self.headers, self.body, self.separator = list(headers), body, separator
        self.received = CLOCK() if received is None else received
        self.run_id, self.seq = run_id, seq
        self.origin, self.proxy = origin, proxy
        self.message_id = '<OIM-SSI02%s@OIM-SSI02.phx.gbl>' % F.hexid(18)
        self.info = base64.b64encode(uuid.uuid4().bytes + uuid.uuid4().bytes[:8]).decode('ascii')

    def message(self):
        """The text GetMessage returns (CRLF lines)."""
        sender = '%s <%s>' % (encoded_word(self.nick), self.frm) if self.nick else self.frm
        lines = ['X-Message-Info: %s' % self.info,
                 'Received: from OIM-SSI02.phx.gbl ([65.54.237.206]) by OIM-SSI02.phx.gbl with '
                 'Microsoft SMTPSVC(6.0.3790.1830);',
                 '\t %s' % rfc_date(self.received, weekday=True),
                 'From: %s' % sender,
                 'To: %s' % self.to,
                 'Subject:',
                 'X-OIM-originatingSource: %s' % self.origin]
        if self.proxy:
            lines.append('X-OIMProxy: %s' % self.proxy)
        lines += ['%s: %s' % h for h in self.headers]
        lines += ['Message-ID: %s' % self.message_id,
                  'X-OriginalArrivalTime: %s' % arrival(self.received),
                  'Date: %s' % rfc_date(self.received),
                  'Return-Path: ndr@oim.messenger.msn.com']
        return '\r\n'.join(lines) + ('\r\n\r\n' if self.separator else '\r\n') + self.body

    def size(self):
        return len(self.message().encode('utf-8'))

    def md_entry(self, live=False):
        rt = '' if live else '<RT>%s</RT>' % iso(self.received)
        return ('<M><T>11</T><S>6</S>%s<RS>0</RS><SZ>%d</SZ><E>%s</E><I>%s</I><F>%s</F><N>%s</N></M>'
                % (rt, self.size(), self.frm, self.id, LIVE_FOLDER if live else FOLDER,
                   encoded_word(self.nick, space=live)))

    def as_json(self):
        return {'id': self.id, 'from': self.frm, 'nick': self.nick, 'text': self.text, 'run_id': self.run_id,
                'seq': self.seq, 'time': int(self.received)}


def mime_headers(charset='UTF-8', encoding='base64', run_id=None, seq=None):
    hs = [('MIME-Version', '1.0'), ('Content-Type', 'text/plain; charset=%s' % charset),
          ('Content-Transfer-Encoding', encoding), ('X-OIM-Message-Type', 'OfflineMessage')]
    if run_id is not None:
        hs += [('X-OIM-Run-Id', run_id), ('X-OIM-Sequence-Num', str(seq))]
    return hs


def b64_body(data, width=None):
    text = base64.b64encode(data).decode('ascii')
    if not width:
        return text
    return '\r\n'.join(text[i:i + width] for i in range(0, len(text), width))


# ---------------------------------------------------------------- Mail-Data documents
def initial_mail_data(oims):
    """Mail-Data value of the NS sign-in notification (directory order given by the caller)."""
    if len(oims) > MAX_ON_NS:
        return 'too-large'
    return '<MD>' + COUNTERS + QUOTA + ''.join(o.md_entry() for o in oims) + '</MD>'


def metadata(oims):
    """The MD document of RSI GetMetadata (no counters block, every message)."""
    return '<MD>' + QUOTA + ''.join(o.md_entry() for o in oims) + '</MD>'


def live_mail_data(oim):
    return '<MD>' + oim.md_entry(live=True) + '<SU> </SU></MD>'


def mail_payload(content_type, body):
    return ('MIME-Version: 1.0\r\nContent-Type: %s; charset=UTF-8\r\n\r\n%s\r\n'
            % (content_type, body)).encode('utf-8')


# ---------------------------------------------------------------- the store
class OimBox:
    """Per-account waiting messages in storage order; stores notify the recipient's places."""

    def __init__(self, server):
        self.server = server
        self.by_owner = {}
        self.challenges = {}   # account -> LockKeyChallenge last sent (knob oim_lockkey=strict)

    def waiting(self, email):
        return list(self.by_owner.get(email, ()))

    def directory(self, email):
        """Directory order: not by time (newest first)."""
        return list(reversed(self.by_owner.get(email, ())))

    def find(self, email, mid):
        for o in self.by_owner.get(email, ()):
            if o.id == (mid or '').strip().upper():
                return o
        return None

    def add(self, oim):
        self.by_owner.setdefault(oim.to, []).append(oim)
        payload = mail_payload('text/x-msmsgsoimnotification', 'Mail-Data: ' + live_mail_data(oim))
        for ep in self.server.places_of(oim.to):
            if ep.dialect >= 11 and ep.iln_sent and not ep.closed:
                ep.send_payload_cmd('MSG', 'Hotmail', 'Hotmail', payload=payload)
        return oim

    def delete(self, email, ids):
        """All or nothing: False (and nothing deleted) when any id is unknown."""
        found = [self.find(email, i) for i in ids]
        if not ids or None in found:
            return False
        for o in found:
            if o in self.by_owner.get(email, []):
                self.by_owner[email].remove(o)
        return True

    def initial_payload(self, email):
        return F.initial_mdata_payload(initial_mail_data(self.directory(email)))


def deleted_payload(count):
    return mail_payload('text/x-msmsgsactivemailnotification',
                        'Src-Folder: .!!OIM\r\nDest-Folder: .!!trAsH\r\nMessage-Delta: %d' % count)


# ---------------------------------------------------------------- control: oim_seed
ENCODINGS = ('base64', 'quoted-printable', '8bit')
MALFORMED = ('base64', 'mime', 'charset')


def seed(server, spec):
    """Store OIMs described by the `oim_seed` JSON (see tests/server/README); returns the ids."""
    if not isinstance(spec, dict):
        raise ValueError('oim_seed wants a JSON object')
    store = server.store
    to, frm = str(spec.get('to', '')).lower(), str(spec.get('from', '')).lower()
    for who in (to, frm):
        if store.get(who) is None:
            raise ValueError('unknown account %r' % who)
    text = spec.get('text')
    if not isinstance(text, str):
        raise ValueError('text must be a string')
    count = int(spec.get('count', 1))
    if not 1 <= count <= 1000:
        raise ValueError('count must be 1..1000')
    charset = str(spec.get('charset', 'UTF-8'))
    encoding = str(spec.get('encoding', 'base64'))
    malformed = spec.get('malformed')
    if encoding not in ENCODINGS or (malformed is not None and malformed not in MALFORMED):
        raise ValueError('encoding must be one of %s, malformed one of %s' % (ENCODINGS, MALFORMED))
    nick = spec['nick'] if 'nick' in spec else store.nick_of(frm)
    received = CLOCK() - float(spec.get('age', 0))
    run_id = None if spec.get('no_seq') else str(spec.get('run_id') or new_run_id())
    first = int(spec.get('seq', 1))
    ids = []
    for i in range(count):
        t = text if count == 1 else '%s #%d' % (text, i + 1)
        oim = build(frm, nick, to, t, charset, encoding, malformed, received, run_id,
                    None if run_id is None else first + i)
        ids.append(server.oims.add(oim).id)
    return ids


def build(frm, nick, to, text, charset, encoding, malformed, received, run_id, seq):
    declared = 'x-unknown' if malformed == 'charset' else charset
    data = text.encode('utf-8' if malformed == 'charset' else charset)   # LookupError/UnicodeError: caller
    if malformed == 'base64':
        encoding, body = 'base64', '%%%s*not base64*' % b64_body(data)[:8]
    elif encoding == 'base64':
        body = b64_body(data, 76)
    elif encoding == 'quoted-printable':
        body = quopri.encodestring(data).decode('ascii').replace('\r\n', '\n').replace('\n', '\r\n')
    else:
        body = text   # 8bit: the SOAP document is UTF-8, so the text goes as characters
    return Oim(frm, nick, to, text, mime_headers(declared, encoding, run_id, seq), body, received, run_id, seq,
               separator=(malformed != 'mime'))


def decode_base64_text(body):
    """Base64 body -> UTF-8 text; ValueError when it is not valid base64 or not UTF-8."""
    try:
        return base64.b64decode(''.join(body.split()), validate=True).decode('utf-8')
    except (binascii.Error, UnicodeDecodeError) as ex:
        raise ValueError(str(ex))
