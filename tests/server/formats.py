"""Wire formats: parameter encoding, payload templates, presence lines, challenges.

Written from the protocol notes in doc/protocol/ and the recorded Escargot session
(tests/data/escargot-msnp7-msnp8.txt).
"""
import hashlib
import re
import secrets
import struct
import urllib.parse
from xml.sax.saxutils import escape as _xml_escape

EMAIL_RE = re.compile(r'^[a-zA-Z0-9._\-+]+@([a-zA-Z0-9\-]+\.)+[a-zA-Z]+$')
STATUSES = ('NLN', 'BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN', 'HDN')
TIMESTAMP = '2000-01-01T00:00:00.0-00:00'
CVR_URL = 'https://escargot.log1p.xyz'
TWN_ARGS = 'ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1'
MAX_SB_PAYLOAD = 1664


def valid_email(s):
    return bool(EMAIL_RE.match(s or ''))


def enc(s):
    """Escargot-style parameter encoding: only % space CR LF (+ other controls)."""
    out = []
    for ch in s:
        if ch in '% ' or ord(ch) < 0x20 or ch == '\x7f':
            out.append('%%%02X' % ord(ch))
        else:
            out.append(ch)
    return ''.join(out)


def dec(s):
    return urllib.parse.unquote(s or '', errors='replace')


def enc_msnobj(s):
    return urllib.parse.quote(s, safe='')


def hexid(nchars):
    return secrets.token_hex((nchars + 1) // 2)[:nchars]


# ---------------------------------------------------------------- payloads

_MSPAUTH_TAIL = (
    'Y6+H31sTUOFkqjNTDYqAAFLr5Ote7BMrMnUIzpg860jh084QMgs5djRQLLQP0TVOFkKdWDwAJdEWcfsI9YL8otN9'
    'kSfhTaPHR1njHmG0H98O2NE/Ck6zrog3UJFmYlCnHidZk1g3AzUNVXmjZoyMSyVvoHLjQSzoGRpgHg3hHdi7zrFh'
    'cYKWD8XeNYdoz9wfA2YAAAgZIgF9kFvsy2AC0Fl/ezc/fSo6YgB9TwmXyoK0wm0F9nz5EfhHQLu2xxgsvMOiXUSF'
    'SpN1cZaNzEk/KGVa3Z33Mcu0qJqvXoLyv2VjQyI0VLH6YlW5E+GMwWcQurXB9hT/DnddM5Ggzk3nX8uMSV4kV+Ag'
    'F1EWpiCdLViRI6DmwwYDtUJU6W6wQXsfyTm6CNMv0eE0wFXmZvoKaL24fggkp99dX+m1vgMQJ39JblVH9cmnnkBQ'
    'cKkV8lnQJ003fd6iIFzGpgPBW5Z3T1Bp7uzSGMWnHmrEw8eOpKC5ny4x8uoViXDmA2UId23xYSoJ/GQrMjqB+Nsl'
    'qnuVsOBE1oWpNrmfSKhGU1X0kR4Eves56t5i5n3XU+7ne0MkcUzlrMi89n2j8aouf0zeuD7o+ngqvfRCsOqjaU71'
    'XWtuD4ogu2X7/Ajtwkxg/UJDFGAnCxFTTd4dqrrEpKyMK8eWBMaartFxwwrH39HMpx1T9JgknJ1hFWELzG8b302s'
    'Ky64nCseOTGaZrdH63pjGkT7vzyIxVH/b+yJwDRmy/PlLz7fmUj6zpTBNmCtl1EGFOEFdtI2R04EprIkLXbtpoIP'
    'A7m0TPZURpnWufCSsDtD91ChxR8j/FnQ/gOOyKg/EJrTcHvM1e50PMRmoRZGlltBRRwBV+ArPO64On6zygr5zud5'
    'o/aADF1laBjkuYkjvUVsXwgnaIKbTLN2+sr/WjogxT1Yins79jPa1+3dDenxZtE/rHA/6qsdJmo5BJZqNYQUFrnp'
    'kU428LryMnBaNp2BW51JRsWXPAA7yCi0wDlHzEDxpqaOnhI4Ol87ra+VAg==&p=')


def profile_payload(dialect, login_time, member_high, member_low, token, ip, port):
    """text/x-msmsgsprofile exactly in the field order of the Escargot transcripts."""
    lines = ['MIME-Version: 1.0',
             'Content-Type: text/x-msmsgsprofile; charset=UTF-8',
             'LoginTime: %d' % login_time]
    if dialect >= 3:
        lines += ['EmailEnabled: 0',
                  'MemberIdHigh: %d' % member_high,
                  'MemberIdLow: %d' % member_low,
                  'lang_preference: 1033',
                  'preferredEmail:', 'country:', 'PostalCode:', 'Gender:',
                  'Kid: 0', 'Age:', 'BDayPre:', 'Birthday:', 'Wallet:',
                  'Flags: 536872513',
                  'sid: 507',
                  'MSPAuth: ' + token + _MSPAUTH_TAIL,
                  'ClientIP: %s' % ip,
                  'ClientPort: %d' % port,
                  'ABCHMigrated: 1',
                  'MPOPEnabled: 0']
    return ('\r\n'.join(lines) + '\r\n\r\n').encode('utf-8')


MAIL_DATA = '<MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM><QNM>204800</QNM></Q></MD>'


def initial_mdata_payload(mail_data=MAIL_DATA):
    # 195 bytes without offline messages, as in doc/protocol/sessions.md#msnp12-twn-on-escargot;
    # the waiting OIMs are <M> entries (oim.initial_mail_data), or `too-large`
    return ('MIME-Version: 1.0\r\n'
            'Content-Type: text/x-msmsgsinitialmdatanotification; charset=UTF-8\r\n'
            '\r\n'
            'Mail-Data: ' + mail_data + '\r\n').encode('utf-8')


# Escargot's SHIELDS constant (LF line ends, tab indents): 151 bytes
SHIELDS = ('<?xml version="1.0" encoding="utf-8" ?>\n'
           '<config>\n'
           '\t<shield><cli maj="7" min="0" minbld="0" maxbld="9999" deny=" " /></shield>\n'
           '\t<block></block>\n'
           '</config>').encode('utf-8')


def ubx_payload(psm, media):
    return ('<Data><PSM>%s</PSM><CurrentMedia>%s</CurrentMedia></Data>'
            % (_xml_escape(psm or '', {"'": '&apos;', '"': '&quot;'}),
               _xml_escape(media or '', {"'": '&apos;', '"': '&quot;'}))).encode('utf-8')


def system_message_payload(mins):
    return ('MIME-Version: 1.0\r\nContent-Type: application/x-msmsgssystemmessage\r\n\r\n'
            'Type: 1\r\nArg1: %d\r\n' % mins).encode('utf-8')


def text_payload(text):
    return ('MIME-Version: 1.0\r\n'
            'Content-Type: text/plain; charset=UTF-8\r\n'
            'X-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n'
            '\r\n' + text).encode('utf-8')


def typing_payload(email):
    return ('MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\n'
            'TypingUser: %s\r\n\r\n\r\n' % email).encode('utf-8')


def nudge_payload():
    return b'MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n'


def parse_mime(payload):
    """Returns (headers dict with lower-case names, body str)."""
    text = payload.decode('utf-8', 'replace')
    head, sep, body = text.partition('\r\n\r\n')
    if not sep:
        head, sep, body = text.partition('\n\n')
    headers = {}
    for line in head.replace('\r\n', '\n').split('\n'):
        name, colon, value = line.partition(':')
        if colon:
            headers[name.strip().lower()] = value.strip()
    return headers, body


# ---------------------------------------------------------------- presence

def presence_args(dialect, status, email, nick, caps, msnobj):
    """Arguments after `ILN trid` / `NLN` for a recipient speaking `dialect`."""
    args = [status, email, enc(nick)]
    if dialect >= 8:
        args.append(str(caps or 0))
    if dialect >= 9:
        args.append(enc_msnobj(msnobj or '<msnobj/>'))
    return args


def usr_ok_args(dialect, email, nick):
    if dialect <= 5:
        return [email, enc(nick)]
    if dialect <= 7:
        return [email, enc(nick), 1]
    if dialect <= 9:
        return [email, enc(nick), 1, 0]
    return [email, 1, 0]


# ---------------------------------------------------------------- challenges

QRY_KEYS = {
    # product id: (key, max dialect)   (Escargot's table, doc/protocol/challenges.md#product-ids)
    'msmsgs@msnmsgr.com': ('Q1P7W2E4J9R8U3S5', 10),
    'PROD0038W!61ZTF9': ('VT6PX?UQTM4WM%YR', 10),
    'PROD0058#7IL2{QD': ('QHDCY@7R1TB6W?5B', 10),
    'PROD0061VRRZH@4F': ('JXQ6J@TUOGYV@N0M', 10),
    'PROD00504RLUG%WL': ('I2EBK%PYNLZL5_J4', 10),
    'PROD0076ENE8*@AW': ('CEQJ8}OE0!WTSWII', 10),
    'PROD0090YUAUV{2B': ('YMM8C_H7KCQ2S_KL', 12),
    'PROD0101{0RM?UBW': ('CFHUR$52U_{VIX5T', 12),
}


def chl_md5(challenge, key):
    return hashlib.md5((challenge + key).encode('ascii')).hexdigest()


def chl_msnp11(challenge, prod_id, prod_key):
    """MSNP11+ lock-and-key (doc/protocol/challenges.md#lock-and-key, steps 1-5)."""
    digest = hashlib.md5((challenge + prod_key).encode('ascii')).digest()
    words = struct.unpack('<4I', digest)
    m = [w & 0x7FFFFFFF for w in words]
    s = challenge + prod_id
    s += '0' * (8 - len(s) % 8)
    c = struct.unpack('<%dI' % (len(s) // 4), s.encode('ascii'))
    mod = 0x7FFFFFFF
    high = low = 0
    for i in range(0, len(c), 2):
        t = (c[i] * 0x0E79A9C1) % mod
        t = (m[0] * (t + high) + m[1]) % mod
        high = (m[2] * ((c[i + 1] + t) % mod) + m[3]) % mod
        low += high + t
    high = (high + m[1]) % mod
    low = (low + m[3]) % mod
    out = struct.pack('<4I', words[0] ^ high, words[1] ^ low, words[2] ^ high, words[3] ^ low)
    return out.hex()


def expected_qry(dialect, challenge, prod_id):
    """Expected QRY answer for a product id, or None if not acceptable here."""
    entry = QRY_KEYS.get(prod_id)
    if entry is None or dialect > entry[1]:
        return None
    key = entry[0]
    if entry[1] <= 10:
        return chl_md5(challenge, key)
    if dialect < 11:
        return None
    return chl_msnp11(challenge, prod_id, key)


def new_challenge():
    return str(secrets.randbelow(89999999999999999999) + 10000000000000000000)
