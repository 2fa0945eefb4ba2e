"""Shared server state: knobs, tokens/cookies, presence routing, puppets."""
import asyncio
import secrets
import time

import formats as F
import oim
from stats import Stats

KNOB_DEFAULTS = {
    'close_at': '',
    'trickle': '0',
    'garbage': '0',
    'oversize': '0',
    'no_qng': '0',
    'qng_interval': '60',
    'sb_nak': '0',
    'sb_drop': '0',
    'sb_join_delay': '0',
    'sb_idle': '0',
    'passport_redirect': '0',
    'chl_timeout': '50',
    'xfr_grace': '10',
    # HTTPS web services (MSNP13+, rst.py / soap.py); see tests/server/README
    'soap_fault': '',
    'soap_http500': '',
    'soap_slow': '0',
    'soap_truncate': '',
    'rst_expired': '0',
    # MSNP13-18 (notification server side)
    'mpop': '1',
    'adl_multi_d_bug': '0',
    # offline messages (oim.py / oimweb.py)
    'oim_delete_fault': '0',
    'oim_delete_hang': '0',
    'oim_get_fault': '0',
    'oim_store_fault': '',
    'oim_lockkey': '',
    'oim_metadata_text': '1',
}

TOKEN_LIFETIME = 30.0
COOKIE_LIFETIME = 120.0


class Puppet:
    """An account that is online without a socket (control `online`, the echo bot)."""
    kind = 'puppet'

    def __init__(self, server, email, status='NLN', bot=None):
        self.server = server
        self.email = email
        self.status = status
        self.caps = 0
        self.msnobj = None
        self.dialect = 12
        self.capsex = 0
        self.machine_guid = None
        self.iln_sent = True
        self.closed = False
        self.bot = bot
        if bot:
            self.kind = 'bot'

    def update_shown(self, target, force=False):
        pass

    def notify_rl(self, adder, added):
        pass

    def ring(self, sessid, cookie, inviter_email, inviter_nick):
        sb = self.server.sbs.get(sessid)
        if sb is None:
            return
        self.server.rng_cookies.pop(cookie, None)

        async def join():
            delay = self.server.knob_float('sb_join_delay')
            if delay > 0:
                await asyncio.sleep(delay)
            if sb.alive and not sb.has(self.email):
                sb.join_puppet(self.email)
        asyncio.ensure_future(join())

    def boot(self, reason):
        self.server.unregister(self)

    def send_line(self, *a, **k):
        pass

    def send_ubx(self, target):
        pass

    def show_self(self, ubx_only=False):
        pass

    def send_payload_cmd(self, *a, **k):
        pass


class Server:
    def __init__(self, store, logger, args):
        self.store = store
        self.logger = logger
        self.args = args
        self.knobs = dict(KNOB_DEFAULTS)
        self.ns = {}            # email -> NSConn | Puppet: the account's presence (its last CHG'd place)
        self.places = {}        # email -> [NSConn]: every signed-in NS connection (several with MPOP)
        self.ubx_extra = {}     # email -> {DDP, SignatureSound, Scene, ColorScheme} from UUX (13+)
        self.tokens = {}        # passport token -> (email, expiry)
        self.xfr_cookies = {}   # cookie -> (email, dialect, caps, expiry)
        self.rng_cookies = {}   # cookie -> (email, sessid, dialect, caps, expiry)
        self.sbs = {}           # sessid -> Switchboard
        self.history = {}       # puppet email -> [payload text]
        self.ports = {}
        self.host = args.host
        self.conns = set()      # every live NS/SB connection (for shutdown)
        self.stats = Stats()
        self.listeners = None   # listeners.Listeners, set by msnserver.main
        self.unmuted = {'ns': asyncio.Event(), 'sb': asyncio.Event()}
        for ev in self.unmuted.values():
            ev.set()
        self.init_web_tickets()
        self.oims = oim.OimBox(self)   # offline messages waiting per account

    # ------------------------------------------------------------ mute / drop
    async def wait_unmuted(self, kind):
        """Writers of a muted kind hold their output (the socket stays open) until unmuted."""
        ev = self.unmuted.get(kind)
        if ev is not None and not ev.is_set():
            await ev.wait()

    def set_muted(self, kinds, on):
        for kind in kinds:
            if on:
                self.unmuted[kind].clear()
            else:
                self.unmuted[kind].set()

    def muted(self):
        return sorted(k for k, ev in self.unmuted.items() if not ev.is_set())

    def drop(self, kinds):
        """Abruptly close every NS/SB connection of those kinds; returns how many."""
        victims = [c for c in list(self.conns) if c.net_kind in kinds]
        for conn in victims:
            conn.drop()
        return len(victims)

    # ------------------------------------------------------------ knobs
    def knob(self, name):
        return self.knobs.get(name, '')

    def knob_int(self, name):
        try:
            return int(float(self.knobs.get(name) or 0))
        except ValueError:
            return 0

    def knob_float(self, name):
        try:
            return float(self.knobs.get(name) or 0)
        except ValueError:
            return 0.0

    def set_knob(self, name, value):
        if name not in KNOB_DEFAULTS:
            raise KeyError(name)
        self.knobs[name] = value

    def take_knob(self, name):
        """One-shot knobs: return True and reset if set."""
        if self.knob_int(name):
            self.knobs[name] = '0'
            return True
        return False

    # ------------------------------------------------------------ passport / cookies
    def issue_token(self, email):
        tok = F.hexid(20)
        self.tokens[tok] = (email, time.monotonic() + TOKEN_LIFETIME)
        return tok

    def pop_token(self, tok):
        entry = self.tokens.pop(tok, None)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def new_xfr_cookie(self, email, dialect, caps, guid=None, capsex=0):
        cki = F.hexid(20)
        self.xfr_cookies[cki] = (email, dialect, caps, time.monotonic() + COOKIE_LIFETIME, guid, capsex)
        return cki

    def pop_xfr_cookie(self, cki, email):
        entry = self.xfr_cookies.get(cki)
        if entry is None or entry[0] != email or entry[3] < time.monotonic():
            return None
        del self.xfr_cookies[cki]
        return entry

    def pop_rng_cookie(self, cki, email, sessid):
        entry = self.rng_cookies.get(cki)
        if entry is None or entry[0] != email or entry[1] != sessid or entry[4] < time.monotonic():
            return None
        del self.rng_cookies[cki]
        return entry

    # ------------------------------------------------------------ presence
    def allows(self, target_email, watcher_email):
        acct = self.store.get(target_email)
        if acct is None:
            return False
        c = acct.contacts.get(watcher_email)
        lists = c.lists if c else ()
        if 'BL' in lists:
            return False
        if 'AL' in lists:
            return True
        return acct.blp == 'AL'

    def visible_status(self, target_email, watcher_email):
        ep = self.ns.get(target_email)
        if ep is None or ep.status is None or ep.status == 'HDN' or not ep.iln_sent:
            return None
        if not self.allows(target_email, watcher_email):
            return None
        return ep.status

    def refresh(self, target_email, force=False):
        """Re-evaluate what every watcher should see of target (NLN/FLN); MSNP16+ places see themselves."""
        for ep in self.all_eps():
            if ep.email != target_email:
                ep.update_shown(target_email, force)
        if force:
            self.refresh_self(target_email)

    def refresh_all_for(self, watcher_email):
        ep = self.ns.get(watcher_email)
        if ep is None:
            return
        for email in list(self.ns):
            if email != watcher_email:
                ep.update_shown(email)

    def broadcast_ubx(self, email):
        for ep in self.all_eps():
            if ep.email != email and getattr(ep, 'shown', {}).get(email) and ep.dialect >= 11:
                ep.send_ubx(email)
        self.refresh_self(email, ubx_only=True)

    def register(self, ep):
        """A sign-in: who it signs out follows the MPOP rules (doc: tests/server/README, MPOP)."""
        old = self.ns.get(ep.email)
        if old is not None and old is not ep and old.kind != 'client':
            old.boot('OTH')
        for other in self.places_to_boot(ep):
            other.boot('OTH')
        self.places.setdefault(ep.email, []).append(ep)
        cur = self.ns.get(ep.email)
        if cur is None or cur.kind != 'client' or not cur.iln_sent:
            self.ns[ep.email] = ep

    def unregister(self, ep):
        places = self.places.get(ep.email, [])
        if ep in places:
            places.remove(ep)
            if not places:
                del self.places[ep.email]
        if self.ns.get(ep.email) is ep:
            rest = [p for p in places if p.iln_sent] or places
            if rest:
                self.ns[ep.email] = rest[-1]
            else:
                del self.ns[ep.email]
        self.refresh(ep.email)
        if places and getattr(ep, 'dialect', 0) >= 16:
            self.broadcast_ubx(ep.email)   # the place is gone from EndpointData; no FLN

    def notify_rl(self, adder, added, removed=False):
        for ep in self.places_of(added) or [self.ns.get(added)]:
            if ep is not None:
                ep.notify_rl(adder, removed)

    # ------------------------------------------------------------ web tickets (MSNP13+ SOAP services)
    def init_web_tickets(self):
        self.rst_tokens = {}    # 20-char RST ticket -> {'email', 'secret' (bytes), 'expires' (epoch)}
        self.bound_tickets = {}  # 20-char ticket -> (email, NS connection that used it in USR ... S)

    def bind_ticket(self, t20, email, conn):
        """The NS session `conn` signed in with ticket t20: SOAP calls with it are allowed while it lives."""
        self.bound_tickets[t20] = (email, conn)

    def unbind_ticket(self, conn):
        for t20 in [t for t, (_, c) in self.bound_tickets.items() if c is conn]:
            del self.bound_tickets[t20]

    def ticket_owner(self, t20):
        """Email of the connected NS session that signed in with t20, or None."""
        entry = self.bound_tickets.get(t20)
        if entry is None or getattr(entry[1], 'closed', False):
            return None
        return entry[0]

    # ------------------------------------------------------------ puppets
    def puppet_online(self, email, status='NLN', bot=None):
        ep = self.ns.get(email)
        if ep is not None and not isinstance(ep, Puppet):
            raise ValueError('a real client is logged in as %s' % email)
        if ep is None:
            ep = Puppet(self, email, status, bot)
            self.ns[email] = ep
        ep.status = status
        self.refresh(email, force=True)
        if self.store.get(email).psm:
            self.broadcast_ubx(email)
        return ep

    # ------------------------------------------------------------ switchboard helpers
    def call_check(self, caller, callee):
        """Error code for CAL (None = ok)."""
        if not F.valid_email(callee) or self.store.get(callee) is None:
            return 208
        ep = self.ns.get(callee)
        if ep is None or ep.status is None or ep.status == 'HDN' or not ep.iln_sent:
            return 217
        if not self.allows(callee, caller):
            return 217
        return None

    def ring(self, callee, sb, inviter_email):
        """RNG every place of callee (MSNP16+ MPOP: all of them); returns how many."""
        return self.ring_places(callee, sb, inviter_email, self.places_of(callee) or [self.ns[callee]])

    def ring_places(self, callee, sb, inviter_email, eps):
        n = 0
        for ep in eps:
            cki = F.hexid(20)
            self.rng_cookies[cki] = (callee, sb.id, ep.dialect, ep.caps, time.monotonic() + COOKIE_LIFETIME,
                                     getattr(ep, 'machine_guid', None), getattr(ep, 'capsex', 0))
            ep.ring(sb.id, cki, inviter_email, self.store.nick_of(inviter_email))
            n += 1
        return n

    def sessions_json(self):
        out = {'ns': [], 'sb': []}
        for email, ep0 in sorted(self.ns.items()):
            for ep in self.places_of(email) or [ep0]:
                out['ns'].append({'email': email, 'kind': ep.kind, 'status': ep.status,
                                  'dialect': ep.dialect, 'nick': self.store.nick_of(email),
                                  'caps': ep.caps, 'guid': getattr(ep, 'machine_guid', None),
                                  'ep_name': getattr(ep, 'ep_name', None)})
        for sid, sb in self.sbs.items():
            out['sb'].append({'id': sid, 'participants': [p.email for p in sb.parts]})
        return out

    # ------------------------------------------------------------ MSNP13-18: places (MPOP)
    def all_eps(self):
        """Every watcher: puppets/bots and every signed-in place of every account."""
        eps = [ep for ep in self.ns.values() if ep.kind != 'client']
        for places in self.places.values():
            eps.extend(places)
        return eps

    def places_of(self, email):
        return list(self.places.get(email, ()))

    def place_changed(self, ep):
        """A place's CHG: status is per account (last CHG wins) and that place's caps are shown."""
        for p in self.places_of(ep.email):
            p.status = ep.status
        if self.places.get(ep.email) and ep in self.places[ep.email]:
            self.ns[ep.email] = ep

    def mpop_on(self):
        return self.knob('mpop') != '0'

    def places_to_boot(self, ep):
        """Sessions a new sign-in signs out: all of them at <=15 (or mpop=0), all of them when the
        machine GUID is already signed in, else (MSNP16+, new GUID) only the sessions below 16."""
        others = [p for p in self.places_of(ep.email) if p is not ep]
        if ep.dialect < 16 or not self.mpop_on():
            return others
        guid = getattr(ep, 'machine_guid', None)
        if any(getattr(p, 'machine_guid', None) == guid for p in others):
            return others
        return [p for p in others if p.dialect < 16]

    def refresh_self(self, email, ubx_only=False):
        """MSNP16+: each place of an account sees NLN/UBX about its own account."""
        for ep in self.places_of(email):
            if ep.dialect >= 16 and ep.iln_sent and not ep.closed:
                ep.show_self(ubx_only)

    def endpoints(self, email):
        """[{guid, ep_name, dialect}] of every signed-in place of email (control `endpoints`)."""
        return [{'guid': getattr(ep, 'machine_guid', None), 'ep_name': getattr(ep, 'ep_name', None),
                 'dialect': ep.dialect} for ep in self.places_of(email)]

    # ------------------------------------------------------------ MSNP13-18: SSO tickets
    def issue_rst_ticket(self, email, lifetime=86400.0):
        """What /RST.srf stores for a messengerclear token (also the control command `sso_ticket`)."""
        t20 = F.hexid(20)
        secret = secrets.token_bytes(24)
        if self.knob_int('rst_expired'):
            lifetime = -60.0
        self.rst_tokens[t20] = {'email': email, 'secret': secret, 'expires': time.time() + lifetime}
        return t20, secret

    # ------------------------------------------------------------ MSNP13-18: list changes (SOAP side)
    def list_changed(self, owner, contact, lst, added):
        """Call AFTER changing owner's FL/AL/BL outside the NS (SOAP ABContactAdd, AddMember, ...):
        the contact gets `ADL 0`/`RML 0` (13+) or ADD/ADC/REM RL (older) for FL changes, and
        presence is re-evaluated both ways."""
        if lst == 'FL':
            self.notify_rl(owner, contact, removed=not added)
            for ep in self.places_of(owner):
                if not added:
                    ep.shown.pop(contact, None)
                ep.update_shown(contact)
        else:
            self.refresh(owner)
