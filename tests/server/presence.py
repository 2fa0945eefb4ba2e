"""Presence lines and UBX payloads in the WATCHER's dialect, MSNP13-18 (older dialects: formats.py).

Grid (what the notification server sends to a watcher speaking dialect d):
  ILN t st email nick caps obj            d=13
  ILN t st email 1 nick caps obj          d=14..17 (caps `c:cx` at 16+); d=18 gets NLN lines instead
  NLN st email nick caps obj              d=13
  NLN st email 1 nick caps obj            d=14..17
  NLN st 1:email nick c:cx obj            d=18
  FLN email | FLN email 1 0 | FLN email 1 0:0 | FLN 1:email 0:0     d=13 | 14-15 | 16-17 | 18
  UBX email len | UBX email 1 len | UBX 1:email len                 d=13 | 14-17 | 18
"""
import urllib.parse
from xml.sax.saxutils import quoteattr

import formats as F

NETWORK_PASSPORT = 1


def caps_text(dialect, caps, capsex):
    """`caps` below MSNP16, `caps:capsex` from 16 on (a watcher below 16 sees only the first word)."""
    if dialect >= 16:
        return '%d:%d' % (caps or 0, capsex or 0)
    return str(caps or 0)


def presence_args(dialect, status, email, nick, caps, capsex, msnobj):
    """Arguments after `ILN trid` / `NLN` for a watcher speaking `dialect`."""
    if dialect < 13:
        return F.presence_args(dialect, status, email, nick, caps, msnobj)
    obj = F.enc_msnobj(msnobj or '<msnobj/>')
    c = caps_text(dialect, caps, capsex)
    if dialect == 13:
        return [status, email, F.enc(nick), c, obj]
    if dialect <= 17:
        return [status, email, NETWORK_PASSPORT, F.enc(nick), c, obj]
    return [status, '%d:%s' % (NETWORK_PASSPORT, email), F.enc(nick), c, obj]


def fln_args(dialect, email):
    if dialect <= 13:
        return [email]
    if dialect <= 15:
        return [email, NETWORK_PASSPORT, 0]
    if dialect <= 17:
        return [email, NETWORK_PASSPORT, '0:0']
    return ['%d:%s' % (NETWORK_PASSPORT, email), '0:0']


def ubx_args(dialect, email):
    if dialect <= 13:
        return [email]
    if dialect <= 17:
        return [email, NETWORK_PASSPORT]
    return ['%d:%s' % (NETWORK_PASSPORT, email)]


def escape_text(dialect, text):
    """Re-escaping of relayed UBX text: 13-15 `&` as `&#x26;`; 16+ also `<>=\\` as numeric references."""
    table = {'&': '&#x26;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}
    if dialect >= 16:
        table.update({'<': '&#x3C;', '>': '&#x3E;', '=': '&#x3D;', '\\': '&#x5C;'})
    return ''.join(table.get(ch, ch) for ch in text or '')


class Place:
    """What a UBX needs to know of one endpoint."""

    def __init__(self, guid, caps, capsex, ep_name='', client_type='1', state='NLN', idle=False):
        self.guid, self.caps, self.capsex = guid, caps, capsex
        self.ep_name, self.client_type, self.state, self.idle = ep_name, client_type, state, idle


def ubx_payload(dialect, psm, media, extra, machine_guid, places, private):
    """UBX body for a watcher of `dialect`.  extra: {DDP, SignatureSound, Scene, ColorScheme};
    places: [Place] (EndpointData, 16+); private: also PrivateEndpointData (own places only)."""
    if dialect < 13:
        return F.ubx_payload(psm, media)
    esc = lambda v: escape_text(dialect, v)
    out = ['<Data><PSM>%s</PSM><CurrentMedia>%s</CurrentMedia>' % (esc(psm), esc(media))]
    if dialect < 18 and machine_guid:
        out.append('<MachineGuid>%s</MachineGuid>' % esc(machine_guid))
    if dialect >= 18:
        out.append('<DDP>%s</DDP>' % esc(extra.get('DDP', '')))
    if dialect >= 16:
        out.append('<SignatureSound>%s</SignatureSound>' % esc(extra.get('SignatureSound', '')))
    if dialect >= 18:
        out.append('<Scene>%s</Scene><ColorScheme>%s</ColorScheme>'
                   % (esc(extra.get('Scene', '')), esc(extra.get('ColorScheme', ''))))
    if dialect >= 16:
        for p in places:
            out.append('<EndpointData id="%s"><Capabilities>%d:%d</Capabilities></EndpointData>'
                       % (p.guid, p.caps or 0, p.capsex or 0))
        if private:
            for p in places:
                out.append('<PrivateEndpointData id="%s"><EpName>%s</EpName>%s<ClientType>%s</ClientType>'
                           '<State>%s</State></PrivateEndpointData>'
                           % (p.guid, esc(p.ep_name), '<Idle>true</Idle>' if p.idle else '',
                              esc(p.client_type), esc(p.state)))
    out.append('</Data>')
    return ''.join(out).encode('utf-8')


def rl_ml(email, flag_bits, nick=None):
    """`<ml>` body of the server's `ADL 0` / `RML 0` about one contact (l=8: you are on their FL)."""
    local, _, domain = email.partition('@')
    f = ' f=%s' % quoteattr(urllib.parse.quote(nick, safe='')) if nick is not None else ''
    return ('<ml><d n=%s><c n=%s t="1" l="%d"%s /></d></ml>'
            % (quoteattr(domain), quoteattr(local), flag_bits, f)).encode('utf-8')


def abch_notification(email):
    """Body of `NOT len` telling a 13+ client to re-fetch its address book (ABCH change)."""
    data = ('<NotificationData xmlns="http://www.msn.com/webservices/AddressBook"><Service>ABCHInternal'
            '</Service><CID>0</CID><LastModifiedDate>%s</LastModifiedDate><HasNewItem>false</HasNewItem>'
            '</NotificationData>' % F.TIMESTAMP)
    esc = data.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    return ('<NOTIFICATION id="0" siteid="45705" siteurl="http://contacts.msn.com">'
            '<TO pid="0x00000000:0x00000000" name=%s><VIA agent="messenger"/></TO>'
            '<MSG id="0"><SUBSCR url="s.htm"/><ACTION url="a.htm"/><BODY>'
            '&lt;?xml version=&quot;1.0&quot; encoding=&quot;utf-8&quot;?&gt; %s'
            '</BODY></MSG></NOTIFICATION>' % (quoteattr(email), esc)).encode('utf-8')
