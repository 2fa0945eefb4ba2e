"""Offline-message web services (HTTPS): POST /rsi/rsi.asmx (GetMetadata, GetMessage,
DeleteMessages) and POST /OimWS/oim.asmx (Store, Store2), as the revival server answers them.

Handlers return a soap.Reply, or HANG (knob oim_delete_hang: the connection stays open, silent).
"""
import email.header
import secrets
import xml.etree.ElementTree as ET

import formats as F
import oim as O
import soap
from soap import esc, Reply

RSI_NS = 'http://www.hotmail.msn.com/ws/2004/09/oim/rsi'
OWS_2004 = 'http://messenger.msn.com/ws/2004/09/oim/'
OWS_2006 = 'http://messenger.live.com/ws/2006/09/oim/'
RM_NS = 'http://schemas.xmlsoap.org/ws/2003/03/rm'
UTIL_NS = 'http://schemas.xmlsoap.org/ws/2002/07/utility'
ESCARGOT_CHALLENGE = '1850937852'
LOCKKEY_PRODUCT = ('PROD0090YUAUV{2B', 'YMM8C_H7KCQ2S_KL')
STORE_FAULTS = ('SystemUnavailable', 'InvalidContent', 'SenderThrottleLimitExceeded', 'AuthenticationFailed')
HANG = object()

HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n')


def envelope(body, header=''):
    return HEAD + header + '\t<soap:Body>\n' + body + '\t</soap:Body>\n</soap:Envelope>\n'


def fault(code, text, actor, detail='', code_ns=None):
    ns = ' xmlns:q0="%s"' % code_ns if code_ns else ''
    return envelope('\t\t<soap:Fault>\n\t\t\t<faultcode%s>%s</faultcode>\n\t\t\t<faultstring>%s</faultstring>\n'
                    '\t\t\t<faultactor>%s</faultactor>\n\t\t\t<detail>%s</detail>\n\t\t</soap:Fault>\n'
                    % (ns, code, esc(text), esc(actor), detail))


# ---------------------------------------------------------------- RSI
def rsi_fault(method, text='Schema validation error'):
    return Reply(500, fault('soap:Client', text, 'https://rsi.hotmail.com/rsi/rsi.asmx'), method)


def rsi_owner(server, root):
    """(email, NS connection) of the ticket in the first child of PassportCookie, or (None, None)."""
    cookie = soap.first(root, 'PassportCookie')
    kids = [e for e in cookie if isinstance(e.tag, str)] if cookie is not None else []
    t20 = (kids[0].text or '').strip()[:20] if kids else ''
    owner = server.ticket_owner(t20) if t20 else None
    return (owner, server.bound_tickets[t20][1]) if owner else (None, None)


def parse(body):
    """Like soap.parse, but XML comments stay in the tree (a GetMetadata holding only a comment
    is not empty)."""
    try:
        return ET.fromstring(body, ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    except (ET.ParseError, ValueError):
        return None


def handle_rsi(server, headers, body):
    root = parse(body)
    b = soap.walk(root, 'Body') if root is not None else None
    acts = [e for e in b if isinstance(e.tag, str)] if b is not None else []
    act = acts[0] if acts else None
    method = soap.local(act.tag) if act is not None else None
    email, conn = rsi_owner(server, root) if root is not None else (None, None)
    if email is None:
        return rsi_fault(method)
    if act is None or (len(act) == 0 and not (act.text or '').strip()):
        return soap.bare(500, method)       # an empty action element (GetMetadata/ too)
    if method == 'GetMetadata':
        return get_metadata(server, email)
    if method == 'GetMessage':
        return get_message(server, email, act)
    if method == 'DeleteMessages':
        return delete_messages(server, email, conn, act)
    return rsi_fault(method, 'Unsupported SOAP action')


def get_metadata(server, email):
    md = O.metadata(server.oims.directory(email))
    inner = esc(md) if server.knob('oim_metadata_text') != '0' else md
    return Reply(200, envelope('\t\t<GetMetadataResponse xmlns="%s">%s</GetMetadataResponse>\n' % (RSI_NS, inner)),
                 'GetMetadata')


def get_message(server, email, act):
    o = server.oims.find(email, soap.text(act, 'messageId', ''))
    if o is None or server.knob_int('oim_get_fault'):
        return rsi_fault('GetMessage')
    server.stats.bump('oim_fetched', email)
    return Reply(200, envelope('\t\t<GetMessageResponse xmlns="%s">\n\t\t\t<GetMessageResult>%s</GetMessageResult>\n'
                               '\t\t</GetMessageResponse>\n' % (RSI_NS, esc(o.message()))), 'GetMessage')


def delete_messages(server, email, conn, act):
    if server.knob_int('oim_delete_hang'):
        return HANG
    ids = [(e.text or '').strip() for e in soap.all_named(act, 'messageId')]
    if server.knob_int('oim_delete_fault') or not server.oims.delete(email, ids):
        return rsi_fault('DeleteMessages')
    for _ in ids:
        server.stats.bump('oim_deleted', email)
    if conn is not None and getattr(conn, 'dialect', 0) >= 11:
        conn.send_payload_cmd('MSG', 'Hotmail', 'Hotmail', payload=O.deleted_payload(len(ids)))
    return Reply(200, envelope('\t\t<DeleteMessagesResponse xmlns="%s" />\n' % RSI_NS), 'DeleteMessages')


# ---------------------------------------------------------------- Store
class StoreFault(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


def store_fault(server, owsns, name, owner=None):
    detail = ''
    if name == 'AuthenticationFailed':
        chal = ESCARGOT_CHALLENGE
        if server.knob('oim_lockkey') == 'strict':
            chal = str(secrets.randbelow(9 * 10 ** 9) + 10 ** 9)
            if owner:
                server.oims.challenges[owner] = chal
        detail = ('\n\t\t\t\t<TweenerChallenge xmlns="%s">%s</TweenerChallenge>\n'
                  '\t\t\t\t<LockKeyChallenge xmlns="%s">%s</LockKeyChallenge>\n\t\t\t'
                  % (OWS_2004, esc(F.TWN_ARGS), owsns, chal))
    return Reply(500, fault('q0:' + name, 'Exception of type System.Web.Services.Protocols.SoapException was thrown.',
                            'https://ows.messenger.msn.com/OimWS/oim.asmx', detail, owsns), 'Store')


def lockkey_ok(server, owner, lockkey):
    if not lockkey:
        return False
    if server.knob('oim_lockkey') != 'strict':
        return True     # Escargot: any non-empty value
    chal = server.oims.challenges.get(owner)
    return chal is not None and lockkey.lower() == F.chl_msnp11(chal, *LOCKKEY_PRODUCT)


def handle_store(server, headers, body, peer_ip='127.0.0.1'):
    action = headers.get('soapaction', '').strip().strip('"')
    if not (action.endswith('/Store') or action.endswith('/Store2')):
        return soap.bare(500, 'Store')
    owsns = OWS_2004 if action.startswith(OWS_2004) else OWS_2006
    knob = server.knob('oim_store_fault')
    if knob == 'http500':
        return soap.bare(500, 'Store')
    if knob:
        return store_fault(server, owsns, knob)
    root = soap.parse(body)
    ticket = soap.first(root, 'Ticket') if root is not None else None
    if ticket is None:
        return store_fault(server, owsns, 'AuthenticationFailed')
    passport = ticket.get('passport') or ''
    owner = server.ticket_owner(passport[2:22] if passport.startswith('t=') else passport)
    if owner is None or not lockkey_ok(server, owner, ticket.get('lockkey')):
        return store_fault(server, owsns, 'AuthenticationFailed', owner)
    try:
        o, seq = parse_store(server, owner, root, peer_ip)
    except StoreFault as ex:
        return store_fault(server, owsns, ex.name)
    server.oims.add(o)
    server.stats.bump('oim_stored', owner)
    return Reply(200, store_response(owsns, seq), 'Store')


def allowed(store, sender, recipient):
    """The revival server's lax check, from the sender's side: the sender's BLP is AL and the
    recipient is not on their BL; or the sender lists the recipient (not BL) with BLP BL; or the
    sender lists the recipient and the recipient does not block the sender."""
    mine = sender.contacts.get(recipient.email)
    if sender.blp == 'AL' and not (mine and 'BL' in mine.lists):
        return True
    if mine is None:
        return False
    if sender.blp == 'BL' and 'BL' not in mine.lists:
        return True
    theirs = recipient.contacts.get(sender.email)
    return (theirs is None and recipient.blp == 'AL') or (theirs is not None and 'BL' not in theirs.lists)


def parse_store(server, owner, root, peer_ip):
    store = server.store
    frm, to = soap.first(root, 'From'), soap.first(root, 'To')
    sender = store.get(frm.get('memberName') if frm is not None else None)
    recipient = store.get(to.get('memberName') if to is not None else None)
    if sender is None or sender.email != owner or recipient is None or not allowed(store, sender, recipient):
        raise StoreFault('SystemUnavailable')
    seq = soap.text(soap.first(root, 'Sequence'), 'MessageNumber', '')
    if not seq.isdigit():
        raise StoreFault('InvalidContent')
    nick = decode_nick(frm.get('friendlyName'))
    content = soap.text(root, 'Content')
    headers, text = check_content(content, seq)
    return O.Oim(owner, nick, recipient.email, text, headers, O.b64_body(text.encode('utf-8')),
                 run_id=header(headers, 'X-OIM-Run-Id'), seq=int(seq), origin=peer_ip,
                 proxy=frm.get('proxy')), seq


def decode_nick(value):
    if value is None:
        return None
    try:
        parts = email.header.decode_header(value)
        return ''.join(p.decode(cs or 'utf-8') if isinstance(p, bytes) else p for p, cs in parts)
    except (ValueError, LookupError, UnicodeDecodeError):
        raise StoreFault('InvalidContent')


def header(headers, name):
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    return None


def check_content(content, seq):
    """The sender's MIME text -> (headers [(name, value)], decoded text); StoreFault otherwise."""
    if content is None:
        raise StoreFault('InvalidContent')
    head, sep, body = content.replace('\r\n', '\n').partition('\n\n')
    if not sep:
        raise StoreFault('InvalidContent')
    headers = []
    for line in head.split('\n'):
        if line[:1] in (' ', '\t') and headers:
            headers[-1] = (headers[-1][0], headers[-1][1] + ' ' + line.strip())
            continue
        name, colon, value = line.partition(':')
        if not colon:
            raise StoreFault('InvalidContent')
        headers.append((name.strip(), value.strip()))
    run_id = header(headers, 'X-OIM-Run-Id') or ''
    if header(headers, 'MIME-Version') != '1.0' \
            or not (header(headers, 'Content-Type') or '').startswith('text/plain') \
            or header(headers, 'Content-Transfer-Encoding') != 'base64' \
            or header(headers, 'X-OIM-Message-Type') != 'OfflineMessage' \
            or not O.GUID_RE.match(run_id) or header(headers, 'X-OIM-Sequence-Num') != seq \
            or any(len(line) > 77 for line in body.split('\n')):
        raise StoreFault('InvalidContent')
    try:
        return headers, O.decode_base64_text(body)
    except ValueError:
        raise StoreFault('InvalidContent')


def store_response(owsns, seq):
    head = ('\t<soap:Header>\n\t\t<SequenceAcknowledgment xmlns="%s">\n'
            '\t\t\t<Identifier xmlns="%s">http://messenger.msn.com</Identifier>\n'
            '\t\t\t<AcknowledgmentRange Upper="%s" Lower="%s" />\n'
            '\t\t</SequenceAcknowledgment>\n\t</soap:Header>\n') % (RM_NS, UTIL_NS, seq, seq)
    return envelope('\t\t<StoreResponse xmlns="%s">\n\t\t\t<PointsConsumed>0</PointsConsumed>\n'
                    '\t\t</StoreResponse>\n' % owsns, head)
