"""WS-Trust security tokens for SSO (MSNP15+): POST /RST.srf (SOAP 1.1) and /RST2.srf (SOAP 1.2).

As Escargot does it: only Username, Password and every Address of the
request are read; the answer starts with a canned Passport.NET/tb entry carrying a fixed dummy
BinarySecret, then one entry per requested Address (tb excluded) in request order, numbered
Compact<k> by the Address's position in the request counting the tb request; every entry carries
the same ticket `t=<20 hex>&p=`; only the messengerclear.live.com entry has a proof key (a random
24-byte BinarySecret).  Faults come back with HTTP 200.
"""
import base64
import hashlib

import soap
from soap import esc, Reply

TB = 'http://Passport.NET/tb'
MESSENGER_CLEAR = 'messengerclear.live.com'
DUMMY_SECRET = 'tgoPVK67sU36fQKlGLMgWgTXp7oiaQgE'
LIFETIME = 24 * 3600
# Stands in for the encrypted tb blob of the real service: fixed bytes nobody decrypts.
DUMMY_BLOB = base64.b64encode(b''.join(hashlib.sha1(b'msntty tb %d' % i).digest() for i in range(24))).decode()

PSF = 'http://schemas.microsoft.com/Passport/SoapServices/SOAPFault'
WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd'
FORMS = {
    # SOAP 1.1 (RST.srf)
    1: {'S': 'http://schemas.xmlsoap.org/soap/envelope/', 'wst': 'http://schemas.xmlsoap.org/ws/2004/04/trust',
        'wsse': 'http://schemas.xmlsoap.org/ws/2003/06/secext', 'wsp': 'http://schemas.xmlsoap.org/ws/2002/12/policy',
        'wsa': 'http://schemas.xmlsoap.org/ws/2004/03/addressing', 'lifetime': 'LifeTime'},
    # SOAP 1.2 (RST2.srf)
    2: {'S': 'http://www.w3.org/2003/05/soap-envelope', 'wst': 'http://schemas.xmlsoap.org/ws/2005/02/trust',
        'wsse': 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
        'wsp': 'http://schemas.xmlsoap.org/ws/2004/09/policy', 'wsa': 'http://www.w3.org/2005/08/addressing',
        'lifetime': 'Lifetime'},
}


def handle(server, path, body):
    form = 2 if path.lower().startswith('/rst2') else 1
    if soap.knob_hits(server, 'soap_http500', 'RST'):
        return soap.bare(500, 'RST')
    if soap.knob_hits(server, 'soap_fault', 'RST'):
        return Reply(200, invalid_request(form, 'wsse:InvalidRequest'), 'RST')
    root = soap.parse(body)
    user = soap.text(root, 'Username') if root is not None else None
    password = soap.text(root, 'Password') if root is not None else None
    if root is None or not user or password is None:
        return Reply(200, invalid_request(form), 'RST')
    # XML already decoded &amp; etc.; the whole password counts (no truncation to 16 characters)
    acct = server.store.get(user)
    if acct is None or acct.password is None or acct.password != password:
        server.stats.bump('auth_failures', user.lower())
        return Reply(200, auth_failed(form), 'RST')
    addresses = [(e.text or '').strip() for e in soap.all_named(root, 'Address')]
    return Reply(200, issue(server, form, acct, addresses), 'RST')


def issue(server, form, acct, addresses):
    t20 = soap.hex_token(20)
    secret = bytes(soap.RNG.getrandbits(8) for _ in range(24))
    created = soap.now()
    if server.knob_int('rst_expired'):
        created -= 2 * LIFETIME      # issued two days ago, expired yesterday
    expires = created + LIFETIME
    server.rst_tokens[t20] = {'email': acct.email, 'secret': secret, 'expires': expires}
    ticket = 't=%s&p=' % t20
    entries = [tb_entry(form, created, expires)]
    for k, addr in enumerate(addresses, 1):
        if addr != TB:
            entries.append(token_entry(form, k, addr, ticket, created, expires,
                                       base64.b64encode(secret).decode() if addr == MESSENGER_CLEAR else None))
    return envelope(form, success_header(form, acct, created),
                    '\t\t<wst:RequestSecurityTokenResponseCollection xmlns:wst="%s" xmlns:wsse="%s" xmlns:wsu="%s" '
                    'xmlns:wsp="%s" xmlns:psf="%s">\n%s\t\t</wst:RequestSecurityTokenResponseCollection>\n'
                    % (FORMS[form]['wst'], FORMS[form]['wsse'], WSU, FORMS[form]['wsp'], PSF, ''.join(entries)))


# ---------------------------------------------------------------- pieces
def lifetime(form, created, expires):
    name = FORMS[form]['lifetime']
    return ('\t\t\t\t<wst:%s>\n\t\t\t\t\t<wsu:Created>%s</wsu:Created>\n\t\t\t\t\t<wsu:Expires>%s</wsu:Expires>\n'
            '\t\t\t\t</wst:%s>\n') % (name, soap.iso(created, False), soap.iso(expires, False), name)


def applies_to(form, address):
    return ('\t\t\t\t<wsp:AppliesTo xmlns:wsa="%s">\n\t\t\t\t\t<wsa:EndpointReference>\n'
            '\t\t\t\t\t\t<wsa:Address>%s</wsa:Address>\n\t\t\t\t\t</wsa:EndpointReference>\n'
            '\t\t\t\t</wsp:AppliesTo>\n') % (FORMS[form]['wsa'], esc(address))


def proof(secret):
    return ('\t\t\t\t<wst:RequestedProofToken>\n\t\t\t\t\t<wst:BinarySecret>%s</wst:BinarySecret>\n'
            '\t\t\t\t</wst:RequestedProofToken>\n') % secret


def tb_entry(form, created, expires):
    return ('\t\t\t<wst:RequestSecurityTokenResponse>\n'
            '\t\t\t\t<wst:TokenType>urn:passport:legacy</wst:TokenType>\n' + applies_to(form, TB) +
            lifetime(form, created, expires) +
            '\t\t\t\t<wst:RequestedSecurityToken>\n'
            '\t\t\t\t\t<EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#" Id="BinaryDAToken0" '
            'Type="http://www.w3.org/2001/04/xmlenc#Element">\n'
            '\t\t\t\t\t\t<EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#tripledes-cbc"></EncryptionMethod>\n'
            '\t\t\t\t\t\t<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
            '<ds:KeyName>http://Passport.NET/STS</ds:KeyName></ds:KeyInfo>\n'
            '\t\t\t\t\t\t<CipherData><CipherValue>%s</CipherValue></CipherData>\n'
            '\t\t\t\t\t</EncryptedData>\n'
            '\t\t\t\t</wst:RequestedSecurityToken>\n'
            '\t\t\t\t<wst:RequestedTokenReference>\n'
            '\t\t\t\t\t<wsse:KeyIdentifier ValueType="urn:passport"></wsse:KeyIdentifier>\n'
            '\t\t\t\t\t<wsse:Reference URI="#BinaryDAToken0"></wsse:Reference>\n'
            '\t\t\t\t</wst:RequestedTokenReference>\n' % DUMMY_BLOB + proof(DUMMY_SECRET) +
            '\t\t\t</wst:RequestSecurityTokenResponse>\n')


def token_entry(form, k, address, ticket, created, expires, secret):
    return ('\t\t\t<wst:RequestSecurityTokenResponse>\n'
            '\t\t\t\t<wst:TokenType>urn:passport:compact</wst:TokenType>\n' + applies_to(form, address) +
            lifetime(form, created, expires) +
            '\t\t\t\t<wst:RequestedSecurityToken>\n'
            '\t\t\t\t\t<wsse:BinarySecurityToken Id="Compact%d">%s</wsse:BinarySecurityToken>\n'
            '\t\t\t\t</wst:RequestedSecurityToken>\n'
            '\t\t\t\t<wst:RequestedTokenReference>\n'
            '\t\t\t\t\t<wsse:KeyIdentifier ValueType="urn:passport:compact"></wsse:KeyIdentifier>\n'
            '\t\t\t\t\t<wsse:Reference URI="#Compact%d"></wsse:Reference>\n'
            '\t\t\t\t</wst:RequestedTokenReference>\n' % (k, esc(ticket), k) +
            (proof(secret) if secret else '') +
            '\t\t\t</wst:RequestSecurityTokenResponse>\n')


def success_header(form, acct, created):
    pp = ('\t\t<psf:pp xmlns:psf="%s">\n'
          '\t\t\t<psf:serverVersion>1</psf:serverVersion>\n'
          '\t\t\t<psf:PUID>%s</psf:PUID>\n'
          '\t\t\t<psf:authstate>0x48803</psf:authstate>\n'
          '\t\t\t<psf:reqstatus>0x0</psf:reqstatus>\n'
          '\t\t\t<psf:serverInfo Path="Live1" ServerTime="%s">MSNTTY-TEST-LOGIN</psf:serverInfo>\n'
          '\t\t\t<psf:cookies/>\n'
          '\t\t\t<psf:credProperties>\n'
          '\t\t\t\t<psf:credProperty Name="CID">%s</psf:credProperty>\n'
          '\t\t\t\t<psf:credProperty Name="AuthMembername">%s</psf:credProperty>\n'
          '\t\t\t</psf:credProperties>\n'
          '\t\t\t<psf:response/>\n'
          '\t\t</psf:pp>\n') % (PSF, acct.guid.replace('-', '')[:16].upper(), soap.iso(created, False),
                                soap.cid_of(acct.guid), esc(acct.email))
    if form == 1:
        return pp
    return ('\t\t<wsa:Action xmlns:wsa="%s" S:mustUnderstand="1">'
            'http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue</wsa:Action>\n'
            '\t\t<wsa:To xmlns:wsa="%s" S:mustUnderstand="1">'
            'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>\n'
            '\t\t<wsse:Security xmlns:wsse="%s" S:mustUnderstand="1">\n'
            '\t\t\t<wsu:Timestamp xmlns:wsu="%s" wsu:Id="TS">\n'
            '\t\t\t\t<wsu:Created>%s</wsu:Created>\n'
            '\t\t\t\t<wsu:Expires>%s</wsu:Expires>\n'
            '\t\t\t</wsu:Timestamp>\n'
            '\t\t</wsse:Security>\n' % (FORMS[2]['wsa'], FORMS[2]['wsa'], FORMS[2]['wsse'], WSU,
                                       soap.iso(created, False), soap.iso(created + 300, False)) + pp)


def envelope(form, header, body):
    f = FORMS[form]
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<S:Envelope xmlns:S="%s" xmlns:wsse="%s" xmlns:wsu="%s" xmlns:psf="%s">\n'
            '\t<S:Header>\n%s\t</S:Header>\n'
            '\t<S:Body>\n%s\t</S:Body>\n'
            '</S:Envelope>\n') % (f['S'], f['wsse'], WSU, PSF, header, body)


def failure_pp(reqstatus):
    return ('\t<S:Header>\n'
            '\t\t<psf:pp xmlns:psf="%s">\n'
            '\t\t\t<psf:serverVersion>1</psf:serverVersion>\n'
            '\t\t\t<psf:authstate>0x80048800</psf:authstate>\n'
            '\t\t\t<psf:reqstatus>%s</psf:reqstatus>\n'
            '\t\t\t<psf:cookies/>\n'
            '\t\t\t<psf:response/>\n'
            '\t\t</psf:pp>\n'
            '\t</S:Header>\n') % (PSF, reqstatus)


def fault_doc(form, inner):
    f = FORMS[form]
    extra = ' xmlns:wst="%s"' % f['wst'] if form == 2 else ''
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<S:Envelope xmlns:S="%s" xmlns:wsse="%s" xmlns:wsu="%s" xmlns:psf="%s"%s>\n%s'
            '</S:Envelope>\n') % (f['S'], f['wsse'], WSU, PSF, extra, inner)


def soap12_fault(subcode, text, value, internal_code, internal_text):
    return ('\t\t<S:Fault>\n'
            '\t\t\t<S:Code>\n'
            '\t\t\t\t<S:Value>S:Sender</S:Value>\n'
            '\t\t\t\t<S:Subcode><S:Value>%s</S:Value></S:Subcode>\n'
            '\t\t\t</S:Code>\n'
            '\t\t\t<S:Reason><S:Text xml:lang="en-US">%s</S:Text></S:Reason>\n'
            '\t\t\t<S:Detail>\n'
            '\t\t\t\t<psf:error>\n'
            '\t\t\t\t\t<psf:value>%s</psf:value>\n'
            '\t\t\t\t\t<psf:internalerror><psf:code>%s</psf:code><psf:text>%s</psf:text></psf:internalerror>\n'
            '\t\t\t\t</psf:error>\n'
            '\t\t\t</S:Detail>\n'
            '\t\t</S:Fault>\n') % (subcode, text, value, internal_code, internal_text)


def auth_failed(form):
    """Wrong user or password.  RST.srf: the S:Fault is a child of S:Envelope, not of S:Body."""
    if form == 1:
        return fault_doc(1, failure_pp('0x80048823') +
                         '\t<S:Fault>\n'
                         '\t\t<faultcode>wsse:FailedAuthentication</faultcode>\n'
                         '\t\t<faultstring>Authentication Failure</faultstring>\n'
                         '\t</S:Fault>\n')
    return fault_doc(2, failure_pp('0x80048821') + '\t<S:Body>\n' +
                     soap12_fault('wst:FailedAuthentication', 'Authentication Failure', '0x80048821',
                                  '0x80041012', 'The entered and stored passwords do not match.') +
                     '\t</S:Body>\n')


def invalid_request(form, code11='S:Client'):
    """Unparsable request (S:Client), or the soap_fault=RST knob (wsse:InvalidRequest): a service
    fault that is not about the credentials."""
    if form == 1:
        return fault_doc(1, '\t<S:Fault>\n'
                            '\t\t<faultcode>%s</faultcode>\n'
                            '\t\t<faultstring>Invalid Request</faultstring>\n'
                            '\t</S:Fault>\n' % code11)
    return fault_doc(2, '\t<S:Body>\n' +
                     soap12_fault('wst:InvalidRequest', 'Invalid Request', '0x80048820', '0x80045c01',
                                  'Invalid STS request.') +
                     '\t</S:Body>\n')
