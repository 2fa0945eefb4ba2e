"""Notification server (MSNP2..MSNP18; 13+ in nswlm.py) and the optional dispatch server."""
import asyncio
import hashlib
import random
import time
import xml.etree.ElementTree as ET

import formats as F
from netio import Conn
from nslists import ListCommands
from nswlm import WlmCommands
import presence as P

DIALECTS = list(range(18, 1, -1))   # preference order: highest first
PRE_LOGIN = ('VER', 'CVR', 'INF', 'USR', 'PNG', 'OUT', 'QRY')
CLIENT_PAYLOAD_CMDS = ('UUX', 'QRY', 'SDC', 'PAG', 'NOT', 'ADL', 'RML', 'FQY', 'UUN', 'UUM', 'PUT', 'DEL', 'SDG', 'VAS')


class Close(Exception):
    """Raised by handlers to close the connection quietly."""


class NSBase(Conn):
    """VER/CVR/INF handling shared by the NS and the dispatch server."""
    kind = 'client'
    net_kind = 'ns'
    stat_name = 'ns_connections'

    def __init__(self, server, reader, writer, tag):
        super().__init__(server, reader, writer, tag)
        self.dialect = 0
        self.email = None

    def close_at(self, step):
        if self.server.knob('close_at') == step:
            self.log.log(self.tag, '..', 'knob close_at=%s: closing' % step)
            raise Close()

    def c_VER(self, trid, *versions):
        self.close_at('ver')
        offered = {v.upper() for v in versions}
        for d in DIALECTS:
            if 'MSNP%d' % d in offered:
                self.dialect = d
                return self.send_line('VER', trid, 'MSNP%d' % d)
        self.send_line('VER', trid, 0)
        raise Close()

    def c_CVR(self, trid, *args):
        self.close_at('cvr')
        if len(args) < 6:
            raise Close()
        v = args[5]
        self.send_line('CVR', trid, v, v, v, F.CVR_URL, F.CVR_URL)

    def c_INF(self, trid):
        self.close_at('inf')
        if self.dialect >= 8:
            raise Close()
        self.send_line('INF', trid, 'MD5')

    def c_PNG(self):
        if self.email is not None:
            self.server.stats.bump('pings', self.email)
        if self.server.knob_int('no_qng'):
            return
        if self.dialect >= 9:
            self.send_line('QNG', self.server.knob_int('qng_interval'))
        else:
            self.send_line('QNG')

    def c_OUT(self, *args):
        raise Close()

    async def run(self):
        self.server.conns.add(self)
        self.server.stats.bump(self.stat_name)
        try:
            while not self.closed:
                line = await self.read_line()
                if line is None:
                    break
                self.log.log(self.tag, 'C>', line)
                parts = line.split(' ')
                cmd, args = parts[0], parts[1:]
                payload = None
                if cmd == 'MSG':
                    raise Close()
                if cmd in CLIENT_PAYLOAD_CMDS and args and args[-1].isdigit():
                    n = int(args[-1])
                    if n > 65536:
                        raise Close()
                    payload = await self.read_exact(n)
                    if payload is None:
                        break
                    self.log.log(self.tag, 'C|', payload)
                    args = args[:-1]
                try:
                    await self.dispatch(cmd, args, payload)
                except Close:
                    raise
                except TypeError as ex:
                    self.log.error(self.tag, 'bad arguments for %r: %r' % (line[:80], ex))
                    raise Close()
        except Close:
            pass
        except Exception as ex:
            self.log.error(self.tag, 'handler error: %r' % (ex,))
        finally:
            self.close()

    async def dispatch(self, cmd, args, payload):
        if self.dialect == 0 and cmd not in ('VER', 'PNG'):
            raise Close()
        fn = getattr(self, 'c_' + cmd, None) if len(cmd) == 3 and cmd.isupper() else None
        if fn is None:
            if self.email is not None and args and args[0].isdigit():
                return self.send_line(200, args[0])
            raise Close()
        if self.email is None and cmd not in PRE_LOGIN:
            raise Close()
        if payload is not None:
            r = fn(*args, payload=payload)
        else:
            r = fn(*args)
        if asyncio.iscoroutine(r):
            await r


class DispatchConn(NSBase):
    """--dispatch listener: answers USR ... I with XFR to the NS, then closes."""
    stat_name = 'dispatch_connections'

    def __init__(self, server, reader, writer):
        super().__init__(server, reader, writer, 'DS:%d' % writer.get_extra_info('peername', ('', 0))[1])

    def on_close(self):
        self.server.conns.discard(self)

    def c_USR(self, trid, authtype, stage, *args):
        if (authtype == 'MD5' and self.dialect >= 8) or (authtype == 'TWN' and not 8 <= self.dialect <= 14) \
                or (authtype == 'SSO' and self.dialect < 15) \
                or authtype not in ('MD5', 'TWN', 'SSO') or stage != 'I':
            raise Close()
        ns = '%s:%d' % (self.server.host, self.server.ports['ns'])
        if self.dialect == 2:
            self.send_line('XFR', trid, 'NS', ns)
        elif self.dialect <= 6:
            self.send_line('XFR', trid, 'NS', ns, 0)
        else:
            self.send_line('XFR', trid, 'NS', ns, 0, '%s:%d' % (self.server.host, self.server.ports['dispatch']))
        raise Close()


class NSConn(WlmCommands, ListCommands, NSBase):
    def __init__(self, server, reader, writer):
        super().__init__(server, reader, writer, 'NS:%d' % writer.get_extra_info('peername', ('', 0))[1])
        self.usr_email = None
        self.md5_salt = None
        self.account = None
        self.status = None
        self.caps = 0
        self.msnobj = None
        self.iln_sent = False
        self.syn_sent = False
        self.ser = 0
        self.shown = {}
        self.challenge = None
        self.booted = False
        self.capsex = 0
        self.machine_guid = None      # MSNP16+: '{lower-case guid}' from USR SSO S
        self.uux_machine_guid = None  # <MachineGuid> of the last Data UUX
        self.ep_name = None           # PrivateEndpointData (16+)
        self.client_type = '1'
        self.ep_state = None
        self.ep_idle = False
        self.sso_nonce = None

    @property
    def store(self):
        return self.server.store

    def next_ser(self):
        if self.dialect >= 10:
            return None
        self.ser += 1
        return self.ser

    # ---------------------------------------------------------------- lifecycle
    def on_close(self):
        self.server.conns.discard(self)
        self.server.unbind_ticket(self)
        if self.email is not None:
            self.server.unregister(self)

    def boot(self, reason):
        self.send_line('OUT', reason)
        self.close()

    # ---------------------------------------------------------------- login
    def c_USR(self, trid, authtype, stage, *args):
        if self.email is not None:
            return self.send_line(207, trid)
        if authtype == 'MD5':
            if self.dialect >= 8:
                raise Close()
            return self.usr_md5(trid, stage, args)
        if authtype == 'TWN':
            if not 8 <= self.dialect <= 14:
                raise Close()
            return self.usr_twn(trid, stage, args)
        if authtype == 'SSO':
            if self.dialect < 15:
                raise Close()
            return self.usr_sso(trid, stage, args)
        self.send_line(911, trid)
        raise Close()

    def fail(self, trid):
        if self.usr_email is not None:
            self.server.stats.bump('auth_failures', self.usr_email)
        self.send_line(911, trid)
        raise Close()

    def usr_md5(self, trid, stage, args):
        if stage == 'I':
            self.close_at('usr_i')
            email = args[0].lower()
            if not F.valid_email(email):
                self.fail(trid)
            acct = self.store.get(email)
            self.usr_email = email
            self.server.stats.bump('ns_by_account', email)
            if acct is not None and acct.salt and acct.password is not None:
                self.md5_salt = acct.salt
                return self.send_line('USR', trid, 'MD5', 'S', acct.salt)
            self.md5_salt = None
            return self.send_line('USR', trid, 'MD5', 'S', '%.5f' % time.time())
        if stage == 'S':
            self.close_at('usr_s')
            if self.usr_email is None or self.md5_salt is None:
                self.fail(trid)
            acct = self.store.get(self.usr_email)
            want = hashlib.md5((self.md5_salt + acct.password).encode('utf-8')).hexdigest()
            if not args or args[0].lower() != want:
                self.fail(trid)
            return self.login_ok(trid, acct, F.hexid(20))
        self.fail(trid)

    def usr_twn(self, trid, stage, args):
        if stage == 'I':
            self.close_at('usr_i')
            self.usr_email = args[0].lower()
            self.server.stats.bump('ns_by_account', self.usr_email)
            return self.send_line('USR', trid, 'TWN', 'S', F.TWN_ARGS)
        if stage == 'S':
            self.close_at('usr_s')
            if self.usr_email is None or not args:
                self.fail(trid)
            tok = args[0]
            if tok.startswith('t='):
                tok = tok[2:].split('&', 1)[0]
            email = self.server.pop_token(tok)
            if email is None and self.dialect >= 13:   # 13/14 also take an RST ticket
                entry = self.server.rst_tokens.get(tok)
                if entry is not None and float(entry.get('expires', 0)) >= time.time():
                    email = entry.get('email', '').lower()
            acct = self.store.get(self.usr_email)
            if email is None or email != self.usr_email or acct is None:
                self.fail(trid)
            return self.login_ok(trid, acct, tok)
        self.fail(trid)

    def login_ok(self, trid, acct, token):
        self.account = acct
        self.email = acct.email
        self.tag = 'NS:%s' % acct.email
        self.server.stats.bump('logins', acct.email)
        self.server.register(self)
        self.server.bind_ticket(token, acct.email, self)   # the SOAP services accept this ticket while we live
        self.send_line('USR', trid, 'OK', *F.usr_ok_args(self.dialect, acct.email, acct.nick))
        if self.dialect >= 11:
            self.send_line('SBS', 0, 'null')
        rnd = random.Random(acct.email)
        profile = F.profile_payload(self.dialect, int(time.time()), rnd.getrandbits(32), rnd.getrandbits(32),
                                    token, self.peer[0], self.peer[1])
        if self.dialect >= 16:
            profile = profile.replace(b'MPOPEnabled: 0', b'MPOPEnabled: 1')
        self.send_payload_cmd('MSG', 'Hotmail', 'Hotmail', payload=profile)
        if self.dialect >= 13:
            self.after_login_wlm(token)
        if self.server.knob_int('garbage'):
            self.send_raw(b'\x80\xff\xfe\x07\x1b[2J\x00\x01garbage \xc3\x28 \xed\xa0\x80\r\n', note='<garbage line>')
            self.send_raw(b'this line has no command at all\r\n')
            self.send_raw(b'\r\n', note='<empty line>')
        if self.server.knob_int('oversize'):
            self.send_line('MSG', 'Hotmail', 'Hotmail', 999999999)

    # ---------------------------------------------------------------- session
    def c_SYN(self, trid, *args):
        self.close_at('syn')
        if self.dialect >= 13:
            return self.send_line(502, trid)   # the list comes from the SOAP address book
        acct = self.account
        entries = self.store.entries(acct)
        nick = lambda e: F.enc(self.store.nick_of(e))
        d = self.dialect
        if d < 10:
            if not args or not args[0].lstrip('-').isdigit():
                raise Close()
            self.ser = int(args[0])
            ser = self.next_ser()
        if d < 8:
            self.send_line('SYN', trid, ser)
            self.send_line('GTC', trid, ser, acct.gtc)
            self.send_line('BLP', trid, ser, acct.blp)
            if d == 7:
                groups = [('0', 'Other Contacts')] + [(g.id, g.name) for g in acct.groups]
                for i, (gid, name) in enumerate(groups):
                    self.send_line('LSG', trid, ser, i + 1, len(groups), gid, F.enc(name), 0)
            for lst in ('FL', 'AL', 'BL', 'RL'):
                cs = [e for e in entries if lst in e[1]]
                if not cs:
                    self.send_line('LST', trid, lst, ser, 0, 0)
                for i, (email, lists, groups) in enumerate(cs):
                    gs = (','.join(groups) or '0') if (lst == 'FL' and d == 7) else None
                    self.send_line('LST', trid, lst, ser, i + 1, len(cs), email, nick(email), gs)
        elif d < 10:
            self.send_line('SYN', trid, ser, len(entries), len(acct.groups) + 1)
            self.send_line('GTC', acct.gtc)
            self.send_line('BLP', acct.blp)
            self.send_line('LSG', 0, 'Other%20Contacts', 0)
            for g in acct.groups:
                self.send_line('LSG', g.id, F.enc(g.name), 0)
            for email, lists, groups in entries:
                gs = (','.join(groups) or '0') if 'FL' in lists else None
                self.send_line('LST', email, nick(email), self.store.bits(lists), gs)
        else:
            self.send_line('SYN', trid, F.TIMESTAMP, F.TIMESTAMP, len(entries), len(acct.groups))
            self.send_line('GTC', acct.gtc)
            self.send_line('BLP', acct.blp)
            self.send_line('PRP', 'MFN', F.enc(acct.nick))
            for g in acct.groups:
                self.send_line('LSG', F.enc(g.name), g.guid)
            for email, lists, groups in entries:
                net = 1 if d >= 12 else None
                if 'FL' in lists:
                    c = self.store.get(email)
                    guids = [acct.group_by_id(x).guid for x in groups if acct.group_by_id(x)]
                    self.send_line('LST', 'N=' + email, 'F=' + nick(email), 'C=' + c.guid,
                                   self.store.bits(lists), net, ','.join(guids))
                else:
                    self.send_line('LST', 'N=' + email, 'F=' + nick(email), self.store.bits(lists), net)
        self.syn_sent = True

    def c_GCF(self, trid, filename, *rest):
        if self.dialect < 11:
            raise Close()
        if not self.syn_sent and self.dialect < 13:
            return self.send_line(715, trid)
        self.send_payload_cmd('GCF', trid, filename, payload=F.SHIELDS)

    def c_CHG(self, trid, status, caps=None, msnobj=None, *rest):
        capsex = 0
        caps_sent = caps
        if self.dialect >= 8:
            try:
                if self.dialect >= 13 and caps is not None and ':' in caps:
                    caps, capsex = (int(x) for x in caps.split(':', 1))
                else:
                    caps = int(caps)
            except (TypeError, ValueError):
                return   # Escargot: silently ignored
        if status == 'FLN':
            return self.send_line(201, trid)
        if status not in F.STATUSES:
            raise Close()
        self.close_at('chg')
        self.status = status
        self.caps = caps if self.dialect >= 8 else 0
        self.capsex = capsex if self.dialect >= 16 else 0
        if msnobj is not None and self.dialect >= 9:
            self.msnobj = F.dec(msnobj)
        self.server.place_changed(self)
        reply = [status]
        if self.dialect >= 8:
            reply.append(caps_sent if self.dialect >= 13 else caps)
        if self.dialect >= 9 and msnobj is not None:
            reply.append(F.enc_msnobj(self.msnobj))
        self.send_line('CHG', trid, *reply)
        if not self.iln_sent:
            self.iln_sent = True
            for email, c in list(self.account.contacts.items()):
                if 'FL' not in c.lists:
                    continue
                st = self.server.visible_status(email, self.email)
                if st is None:
                    continue
                ep = self.server.ns[email]
                args = P.presence_args(self.dialect, st, email, self.store.nick_of(email), ep.caps,
                                       getattr(ep, 'capsex', 0), ep.msnobj)
                if self.dialect >= 18:
                    self.send_line('NLN', *args)    # MSNP18 has no ILN
                else:
                    self.send_line('ILN', trid, *args)
                self.shown[email] = st
                self.send_ubx(email)
            if self.dialect >= 11:
                mail = self.server.oims.initial_payload(self.email)   # Mail-Data: the waiting OIMs
                self.send_payload_cmd('MSG', 'Hotmail', 'Hotmail', payload=mail)
            self.maybe_send_chl()
        self.server.refresh(self.email, force=True)

    def update_shown(self, target, force=False):
        if not self.iln_sent or self.closed:
            return
        if not self.account.on_list(target, 'FL'):
            self.shown.pop(target, None)
            return
        st = self.server.visible_status(target, self.email)
        old = self.shown.get(target)
        if st is None:
            if old is not None:
                del self.shown[target]
                self.send_line('FLN', *P.fln_args(self.dialect, target))
            return
        if st != old or force:
            ep = self.server.ns[target]
            self.send_line('NLN', *P.presence_args(self.dialect, st, target, self.store.nick_of(target),
                                                   ep.caps, getattr(ep, 'capsex', 0), ep.msnobj))
            self.shown[target] = st
            self.send_ubx(target)

    def c_UUX(self, trid, payload=None):
        if self.dialect < 11 or payload is None:
            raise Close()
        if self.dialect >= 13:
            return self.uux_wlm(trid, payload)
        try:
            root = ET.fromstring(payload.decode('utf-8')) if payload.strip() else None
        except (ET.ParseError, UnicodeDecodeError):
            raise Close()
        if root is not None:
            psm, cm = root.find('PSM'), root.find('CurrentMedia')
            if psm is not None:
                self.account.psm = psm.text or ''
            if cm is not None:
                self.account.media = cm.text or ''
        self.send_line('UUX', trid, 0)
        self.server.broadcast_ubx(self.email)

    # ---------------------------------------------------------------- challenges
    def maybe_send_chl(self):
        mode = self.server.args.chl
        if mode == 'off' or self.dialect < 6:
            return
        if mode == 'md5' and self.dialect > 10:
            return
        self.challenge = F.new_challenge()
        self.send_line('CHL', 0, self.challenge)
        chal = self.challenge

        async def timeout():
            await asyncio.sleep(self.server.knob_float('chl_timeout'))
            if self.challenge == chal and not self.closed:
                self.send_line(540, 0)
                self.close()
        asyncio.ensure_future(timeout())

    def c_QRY(self, trid, prod_id, payload=None):
        if self.server.args.chl == 'off':
            return   # Escargot swallows QRY
        chal, self.challenge = self.challenge, None
        want = F.expected_qry(self.dialect, chal, prod_id) if chal else None
        got = (payload or b'').decode('ascii', 'replace').strip().lower()
        if want is None or got != want:
            self.send_line(540, trid)
            raise Close()
        self.send_line('QRY', trid)

    # ---------------------------------------------------------------- switchboard
    def c_XFR(self, trid, dest, *rest):
        if dest != 'SB':
            return self.send_line(201, trid)
        if not self.iln_sent or (self.status == 'HDN' and self.dialect < 13):   # 13+: allowed while HDN
            return self.send_line(913, trid)
        cki = self.server.new_xfr_cookie(self.email, self.dialect, self.caps, self.machine_guid, self.capsex)
        tail = [] if self.dialect < 13 else ['U', 'messenger.msn.com'] + ([1] if self.dialect >= 14 else [])
        self.send_line('XFR', trid, 'SB', '%s:%d' % (self.server.host, self.server.ports['sb']), 'CKI', cki, *tail)

    def transfer(self, target=None):
        """Server-initiated NS transfer after sign-in (doc/protocol/ns-login.md#transfer-after-sign-in):
        `XFR 0 NS host:port` with the dialect's tail, or the soft reset `XFR 0 NS 0` (target 'soft')."""
        if target == 'soft':
            self.send_line('XFR', 0, 'NS', 0)
        else:
            here = '%s:%d' % (self.server.host, self.server.ports['ns'])
            tail = [] if self.dialect == 2 else [0] if self.dialect <= 6 else [0, here]
            self.send_line('XFR', 0, 'NS', target or here, *tail)

        async def hang_up():
            grace = self.server.knob_float('xfr_grace')   # time the client gets to hang up itself
            await asyncio.sleep(grace)
            if not self.closed:
                self.log.log(self.tag, '..', 'transferred client still connected after %gs: closing' % grace)
                self.close()
        asyncio.ensure_future(hang_up())

    def ring(self, sessid, cookie, inviter_email, inviter_nick):
        tail = [] if self.dialect < 13 else ['U', 'messenger.hotmail.com'] + ([1] if self.dialect >= 14 else [])
        self.send_line('RNG', sessid, '%s:%d' % (self.server.host, self.server.ports['sb']), 'CKI', cookie,
                       inviter_email, F.enc(inviter_nick), *tail)
