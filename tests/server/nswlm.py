"""MSNP13-18 notification-server commands (mixin for NSConn): SSO login, ADL/RML/FQY, UUX, UUN,
and the presence a 13+ watcher sees (presence.py has the line formats)."""
import base64
import os
import re
import time
import xml.etree.ElementTree as ET

import formats as F
import oim
import presence as P
import sso

GUID_RE = re.compile(r'^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?')
LIST_BITS = (('FL', 1), ('AL', 2), ('BL', 4))
NETWORK_IDS = ('1', '2', '4', '8', '9', '16', '32')
EP_STATES = ('NLN', 'BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN', 'HDN')
UBX_EXTRA = ('DDP', 'SignatureSound', 'Scene', 'ColorScheme')

# GCF 0 after `USR t SSO I`: any plausible Policies document (clients only parse it as a payload)
POLICIES = ('<Policies><Policy type="SHIELDS" checksum="D9705A71BA841CB38955822E048970C3"><config> '
            '<shield><cli maj="7" min="0" minbld="0" maxbld="9999" deny=" " /></shield> <block></block> '
            '</config></Policy><Policy type="ABCH" checksum="03DC55910A9CB79133F1576221A80346">'
            '<policy><set id="push" service="ABCH" priority="200"><r id="pushstorage" threshold="180000" />'
            '</set><set id="delaysup" service="ABCH" priority="150"><r id="whatsnew" threshold="1800000" />'
            '<r id="whatsnew_storage_ABCH_delay" timer="1800000" /><r id="whatsnewt_link" threshold="900000" '
            'trigger="QueryActivities" /></set><c id="PROFILE_Rampup">100</c></policy></Policy>'
            '<Policy type="ERROR" checksum="54A5CC6EBF6A9CCA3D8E8EF21D0C2A3C"><Policy><Feature type="3" '
            'name="P2P"><Entry hr="0x81000398" action="3"/><Entry hr="0x82000020" action="3"/></Feature>'
            '<Feature type="4"><Entry hr="0x81000440" /></Feature></Policy></Policy>'
            '<Policy type="P2P" checksum="815D4F1FF8E39A85F1F97C4B16C45177"><ObjStr SndDly="1" /></Policy>'
            '</Policies>').encode('utf-8')


class MlError(Exception):
    def __init__(self, code, close=True):
        super().__init__(code)
        self.code, self.close = code, close


def parse_ml(payload):
    """`<ml [l="1"]><d n=DOMAIN><c n=LOCAL l=BITS t=NET/>...</d>...</ml>` -> (initial, [(domain, [c attrs])])."""
    try:
        root = ET.fromstring(payload.decode('utf-8'))
    except (ET.ParseError, UnicodeDecodeError):
        raise MlError(241)
    if root.tag != 'ml':
        raise MlError(241)
    initial = root.get('l') == '1'
    domains = []
    for d in root.findall('d'):
        cs = d.findall('c')
        if not cs and not initial:
            raise MlError(240)
        domains.append(((d.get('n') or '').lower(), [dict(c.attrib) for c in cs]))
    return initial, domains


class WlmCommands:
    # ---------------------------------------------------------------- SSO (MSNP15+)
    def usr_sso(self, trid, stage, args):
        if stage == 'I':
            self.close_at('usr_i')
            email = args[0].lower() if args else ''
            if '@' not in email:
                self.fail(trid)
            self.usr_email = email
            self.server.stats.bump('ns_by_account', email)
            self.send_payload_cmd('GCF', 0, payload=POLICIES)
            self.sso_nonce = base64.b64encode(os.urandom(48)).decode('ascii')
            return self.send_line('USR', trid, 'SSO', 'S', 'MBI_KEY_OLD', self.sso_nonce)
        if stage != 'S':
            self.fail(trid)
        self.close_at('usr_s')
        if self.usr_email is None or getattr(self, 'sso_nonce', None) is None or not args:
            self.fail(trid)
        ticket = args[0]
        t20 = ticket[2:22] if ticket.startswith('t=') else ticket
        entry = self.server.rst_tokens.get(t20)
        acct = self.store.get(self.usr_email)
        if entry is None or acct is None or entry.get('email', '').lower() != self.usr_email \
                or float(entry.get('expires', 0)) < time.time():
            self.fail(trid)
        if len(args) >= 2:
            if not sso.check_blob(args[1], entry['secret'], self.sso_nonce):
                self.fail(trid)
        elif self.dialect >= 16:
            self.fail(trid)          # 16+ needs the blob (15 may leave it out, like Escargot)
        if self.dialect >= 16:
            if len(args) < 3:
                # Escargot fails internally here and never answers: the client must time out
                self.log.log(self.tag, '..', 'USR SSO S without a machine GUID: no answer')
                return
            m = GUID_RE.match(args[2])
            if m is None:
                self.fail(trid)
            self.machine_guid = '{%s}' % m.group(1).lower()
        self.login_ok(trid, acct, t20)

    def after_login_wlm(self, ticket):
        """After the profile at 13+: the (empty) UBX about yourself at 16+."""
        if self.dialect >= 16:
            self.send_line('UBX', *P.ubx_args(self.dialect, self.email), 0)

    # ---------------------------------------------------------------- presence seen by this place
    def ubx_for(self, target, private=False):
        srv = self.server
        acct = self.store.get(target)
        primary = srv.ns.get(target)
        places = [P.Place(p.machine_guid, p.caps, p.capsex, p.ep_name or '', p.client_type, p.ep_state or 'NLN',
                          p.ep_idle)
                  for p in srv.places_of(target) if p.dialect >= 16 and p.machine_guid and p.iln_sent]
        return P.ubx_payload(self.dialect, acct.psm, acct.media, srv.ubx_extra.get(target, {}),
                             getattr(primary, 'uux_machine_guid', None), places, private)

    def send_ubx(self, target):
        if self.dialect < 11 or self.closed:
            return
        if self.dialect < 13:
            acct = self.store.get(target)
            return self.send_payload_cmd('UBX', target, payload=F.ubx_payload(acct.psm, acct.media))
        self.send_payload_cmd('UBX', *P.ubx_args(self.dialect, target),
                              payload=self.ubx_for(target, private=(target == self.email)))

    def show_self(self, ubx_only=False):
        """MSNP16+: NLN + UBX about your own account (EndpointData + PrivateEndpointData of every place)."""
        primary = self.server.ns.get(self.email)
        if not ubx_only and primary is not None and primary.status is not None:
            self.send_line('NLN', *P.presence_args(self.dialect, primary.status, self.email,
                                                   self.store.nick_of(self.email), primary.caps,
                                                   primary.capsex, primary.msnobj))
        self.send_ubx(self.email)

    def notify_rl_wlm(self, adder, removed):
        """13+: someone added you to (or removed you from) their FL."""
        if removed:
            self.send_payload_cmd('RML', 0, payload=P.rl_ml(adder, 8))
        else:
            self.send_payload_cmd('ADL', 0, payload=P.rl_ml(adder, 8, self.store.nick_of(adder)))
        self.send_payload_cmd('NOT', payload=P.abch_notification(self.email))

    # ---------------------------------------------------------------- UUX (13+ forms)
    def uux_wlm(self, trid, payload):
        try:
            root = ET.fromstring(payload.decode('utf-8')) if payload.strip() else None
        except (ET.ParseError, UnicodeDecodeError):
            self._close()
        if root is not None and root.tag == 'Data':
            text = lambda name: (root.find(name).text or '') if root.find(name) is not None else None
            psm, cm, guid = text('PSM'), text('CurrentMedia'), text('MachineGuid')
            if psm is not None:
                self.account.psm = psm
            if cm is not None:
                self.account.media = cm
            if guid:
                self.uux_machine_guid = guid
            extra = self.server.ubx_extra.setdefault(self.email, {})
            for name in UBX_EXTRA:
                v = text(name)
                if v is not None:
                    extra[name] = v
        elif root is not None and root.tag == 'PrivateEndpointData' and self.dialect >= 16:
            text = lambda name: (root.find(name).text or '') if root.find(name) is not None else None
            state = text('State')
            if state is not None and state not in EP_STATES:
                self._close()
            if state is not None:
                self.ep_state = state
            if text('EpName') is not None:
                self.ep_name = text('EpName')
            if text('ClientType') is not None:
                self.client_type = text('ClientType')
            if text('Idle') is not None:
                self.ep_idle = text('Idle').lower() == 'true'
        self.send_line('UUX', trid, 0)
        self.server.refresh(self.email, force=True)

    # ---------------------------------------------------------------- ADL / RML / FQY
    def _ml_entries(self, trid, payload, cmd):
        if self.dialect < 13:
            self.send_line(200, trid)
            return None
        if payload is None:
            self._close()
        try:
            initial, domains = parse_ml(payload)
            if initial and cmd == 'ADL':
                return []
            if self.server.knob_int('adl_multi_d_bug') and cmd == 'ADL' and len(domains) > 1:
                domains = [(dom, domains[-1][1]) for dom, _ in domains]   # Escargot: last <d> wins
            entries = []
            for dom, cs in domains:
                for c in cs:
                    try:
                        bits = int(c.get('l', ''))
                    except ValueError:
                        raise MlError(241)
                    if bits & (8 | 16):
                        raise MlError(241)
                    if c.get('t') not in NETWORK_IDS:
                        raise MlError(204)
                    email = '%s@%s' % ((c.get('n') or '').lower(), dom)
                    if c.get('t') != '1' or not F.valid_email(email) or self.store.get(email) is None:
                        raise MlError(208, close=False)
                    entries.append((email, bits))
            return entries
        except MlError as ex:
            self.send_line(ex.code, trid)
            if ex.close:
                self._close()
            return None

    def c_ADL(self, trid, payload=None):
        entries = self._ml_entries(trid, payload, 'ADL')
        if entries is None:
            return
        acct, fl_added, other = self.account, [], False
        for email, bits in entries:
            for lst, bit in LIST_BITS:
                if bits & bit and not acct.on_list(email, lst):
                    acct.add_to_list(email, lst)
                    if lst == 'FL':
                        fl_added.append(email)
                    else:
                        other = True
        for email in fl_added:
            self.server.list_changed(self.email, email, 'FL', True)   # presence follows before OK
        if other:
            self.server.refresh(self.email)
        self.send_line('ADL', trid, 'OK')

    def c_RML(self, trid, payload=None):
        entries = self._ml_entries(trid, payload, 'RML')
        if entries is None:
            return
        acct, fl_removed, other = self.account, [], False
        for email, bits in entries:
            for lst, bit in LIST_BITS:
                if bits & bit and acct.on_list(email, lst):
                    acct.remove_from_list(email, lst)
                    if lst == 'FL':
                        fl_removed.append(email)
                    else:
                        other = True
        for email in fl_removed:
            self.server.list_changed(self.email, email, 'FL', False)
        if other:
            self.server.refresh(self.email)
        self.send_line('RML', trid, 'OK')

    def c_FQY(self, trid, payload=None):
        if self.dialect < 13:
            return self.send_line(200, trid)
        if self.dialect == 13 or payload is None:
            self._close()
        try:
            _, domains = parse_ml(payload)
        except MlError as ex:
            self.send_line(ex.code, trid)
            self._close()
        cs = [(dom, c) for dom, lst in domains for c in lst]
        if len(cs) != 1:
            self.send_line(241, trid)
            self._close()
        dom, c = cs[0]
        email = '%s@%s' % ((c.get('n') or '').lower(), dom)
        if not F.valid_email(email) or self.store.get(email) is None:
            return self.send_line(208, trid)
        local = email.split('@')[0]
        self.send_payload_cmd('FQY', trid, payload=('<ml><d n="%s"><c n="%s" t="1" /></d></ml>'
                                                    % (dom, local)).encode('utf-8'))

    # ---------------------------------------------------------------- UUN (MPOP relay, 16+)
    def c_UUN(self, trid, target=None, kind=None, payload=None):
        if self.dialect < 13 or target is None or kind is None or payload is None:
            return self.send_line(200, trid) if self.dialect < 13 else self._close()
        email, _, guid = target.partition(';')
        email = email.lower()
        if self.store.get(email) is None:
            return self.send_line(208, trid)
        # the target is checked like a contact: you while HDN, or a BLP=BL account, refuse
        if email == self.email and (self.status == 'HDN' or self.account.blp == 'BL'):
            return self.send_line(217, trid)
        if email != self.email and not self.server.allows(email, self.email):
            return self.send_line(217, trid)
        places = self.server.places_of(email)
        if guid:
            m = GUID_RE.match(guid)
            want = '{%s}' % m.group(1).lower() if m else None
            places = [p for p in places if p.machine_guid == want]
            sender = '%s;%s' % (self.email, self.machine_guid) if self.machine_guid else self.email
        else:
            sender = self.email
        for p in places:
            if p.dialect >= 13:
                p.send_payload_cmd('UBN', sender, kind, payload=payload)
        self.send_line('UUN', trid, 'OK')

    # ---------------------------------------------------------------- UUM (offline text, 18)
    def c_UUM(self, trid, target=None, network=None, kind=None, payload=None):
        """MSNP18 `UUM t email 1 1 len` stores an OIM for an offline recipient.  Never answered:
        not at 13-17 with network 1 (closes), type other than 1 (closes), anything else that does
        not fit (other network, not text/plain, no Dest-Agent: client, recipient online or not
        allowing the sender, unknown account) is dropped in silence."""
        if self.dialect < 13:
            return self.send_line(200, trid)
        if payload is None or target is None:
            self._close()
        if network == '1' and (self.dialect < 18 or kind != '1'):
            self._close()
        if network != '1':
            return
        headers, text = F.parse_mime(payload)
        to = target.lower()
        recipient = self.store.get(to)
        if recipient is None or not headers.get('content-type', '').startswith('text/plain') \
                or headers.get('dest-agent') != 'client' or self.server.ns.get(to) is not None \
                or not self.server.allows(to, self.email):
            self.log.log(self.tag, '..', 'UUM dropped')
            return
        o = oim.Oim(self.email, self.store.nick_of(self.email), to, text, oim.mime_headers(),
                    oim.b64_body(text.encode('utf-8')), origin=self.peer[0])
        self.server.oims.add(o)
