"""Switchboard: sessions, TCP participants, puppet participants, the echo bot."""
import asyncio
import time

import formats as F
import presence as P
from netio import Conn
from nswlm import GUID_RE

AUTH_TIMEOUT = 60.0
JOIN_WAIT = 1.5   # a queued puppet message waits this long for the callee's other places (MPOP)


class PuppetPart:
    """A puppet (or the echo bot) sitting in a switchboard."""
    is_puppet = True

    def __init__(self, server, sb, email):
        self.server = server
        self.sb = sb
        self.email = email
        self.dialect = 12
        self.caps = 0
        self.capsex = 0
        self.guid = None

    def deliver(self, sender, payload):
        self.server.history.setdefault(self.email, []).append(payload.decode('utf-8', 'replace'))
        ep = self.server.ns.get(self.email)
        if getattr(ep, 'bot', None) == 'echo':
            headers, body = F.parse_mime(payload)
            if headers.get('content-type', '').lower().startswith('text/plain'):
                asyncio.ensure_future(self._echo(body))

    async def _echo(self, body):
        self.sb.send_from(self.email, F.typing_payload(self.email))
        await asyncio.sleep(0.3)
        self.sb.send_from(self.email, F.text_payload('echo: ' + body))

    def joined(self, who, first):
        pass

    def left(self, who, idle, last):
        pass

    def kill(self):
        pass


class Switchboard:
    def __init__(self, server):
        self.server = server
        self.id = F.hexid(31)
        self.parts = []
        self.pending = []        # (from_email, to_email, payload) waiting for `to` to join
        self.awaiting = {}       # email -> places rung but not yet joined (MPOP: all get the message)
        self.first_join = {}     # email -> when its first place joined
        self.alive = True
        self.last = time.monotonic()
        server.sbs[self.id] = self
        self.task = asyncio.ensure_future(self._idle_loop())

    def has(self, email):
        return any(p.email == email for p in self.parts)

    def part(self, email):
        for p in self.parts:
            if p.email == email:
                return p
        return None

    def add_first(self, part):
        self.parts.append(part)
        self.last = time.monotonic()

    def roster_for(self, viewer):
        """[(identity, participant)] of everyone but viewer as viewer's dialect names them: 16+
        sees `email;{guid}` per place and the bare email once per other account; older dialects
        the bare email once per other account."""
        out, seen = [], set()
        for p in self.parts:
            if p is viewer:
                continue
            if viewer.dialect >= 16 and p.guid:
                out.append(('%s;%s' % (p.email, p.guid), p))
            if p.email != viewer.email and p.email not in seen:
                seen.add(p.email)
                out.append((p.email, p))
        return out

    def join(self, part, trid=None):
        """part answered (ANS): IRO roster + ANS OK (+ a JOI about itself at 16+) to it, JOI to others."""
        others = list(self.parts)
        if trid is not None:
            roster = self.roster_for(part)
            for i, (ident, p) in enumerate(roster):
                part.send_line('IRO', trid, i + 1, len(roster), ident,
                               F.enc(self.server.store.nick_of(p.email)), *part.caps_args(p))
            part.send_line('ANS', trid, 'OK')
            if part.dialect >= 16:
                part.joined(part, True, self_join=True)
        first = not self.has(part.email)
        if part.email in self.awaiting:
            self.awaiting[part.email] -= 1
        self.first_join.setdefault(part.email, time.monotonic())
        self.parts.append(part)
        for p in others:
            p.joined(part, first)
        self.last = time.monotonic()
        self._flush_pending()

    def join_puppet(self, email):
        self.join(PuppetPart(self.server, self, email))

    def leave(self, part, idle=False):
        if part in self.parts:
            self.parts.remove(part)
            last = not self.has(part.email)
            for p in self.parts:
                p.left(part, idle, last)
        if not any(not p.is_puppet for p in self.parts):
            self.destroy()

    def destroy(self):
        if not self.alive:
            return
        self.alive = False
        self.server.sbs.pop(self.id, None)
        for p in list(self.parts):
            p.kill()
        self.parts = []
        self.task.cancel()

    def relay(self, sender_email, payload, sender=None):
        """Deliver payload to all others (with a sender participant: also to the sender's own other
        places in this session); returns the number of recipients."""
        self.last = time.monotonic()
        n = 0
        for p in list(self.parts):
            if (p is not sender) if sender is not None else (p.email != sender_email):
                p.deliver(sender_email, payload)
                n += 1
        return n

    def send_from(self, email, payload):
        if self.alive and self.has(email):
            self.relay(email, payload)

    def queue_msg(self, from_email, to_email, payload):
        self.pending.append((from_email, to_email, payload))
        self._flush_pending()

    def _flush_pending(self):
        keep = []
        now = time.monotonic()
        for frm, to, payload in self.pending:
            ready = self.awaiting.get(to, 0) <= 0 or now - self.first_join.get(to, now) >= JOIN_WAIT
            if self.has(to) and self.has(frm) and ready:
                self.relay(frm, payload)
            else:
                keep.append((frm, to, payload))
        self.pending = keep

    async def _idle_loop(self):
        try:
            while self.alive:
                await asyncio.sleep(0.25)
                idle = self.server.knob_float('sb_idle')
                if idle > 0 and time.monotonic() - self.last > idle:
                    self.server.logger.log('SB', '..', 'idle timeout for session %s' % self.id)
                    for p in list(self.parts):
                        for i, q in enumerate(self.parts):
                            if q is not p:
                                p.left(q, True, not any(r.email == q.email for r in self.parts[i + 1:]))
                    self.destroy()
                    return
                if self.pending and time.monotonic() - self.last > 120:
                    self.pending = []
                if self.pending:
                    self._flush_pending()
        except asyncio.CancelledError:
            pass


class SBConn(Conn):
    is_puppet = False
    net_kind = 'sb'

    def __init__(self, server, reader, writer):
        super().__init__(server, reader, writer, 'SB:%d' % writer.get_extra_info('peername', ('', 0))[1])
        self.email = None
        self.sb = None
        self.dialect = 12
        self.caps = 0
        self.capsex = 0
        self.guid = None         # MSNP16+: the place's machine GUID ('{lower-case}')

    # participant interface
    def caps_args(self, who):
        """Capabilities of `who` in IRO/JOI as this participant's dialect shows them."""
        if self.dialect < 12:
            return []
        return [P.caps_text(self.dialect, who.caps, who.capsex)]

    def deliver(self, sender, payload):
        self.send_payload_cmd('MSG', sender, F.enc(self.server.store.nick_of(sender)), payload=payload)

    def joined(self, who, first, self_join=False):
        nick = F.enc(self.server.store.nick_of(who.email))
        if self_join:
            return self.send_line('JOI', who.email, nick, *self.caps_args(who))
        if self.dialect >= 16 and who.guid:
            self.send_line('JOI', '%s;%s' % (who.email, who.guid), nick, *self.caps_args(who))
        if (first or not who.guid) and who.email != self.email:   # guid-less places: as before MPOP
            self.send_line('JOI', who.email, nick, *self.caps_args(who))

    def left(self, who, idle, last):
        if self.dialect >= 16 and who.guid:
            self.send_line('BYE', '%s;%s' % (who.email, who.guid), 1 if idle else None)
        if (last or not who.guid) and who.email != self.email:
            self.send_line('BYE', who.email, 1 if idle else None)

    def kill(self):
        self.sb = None
        self.close()

    def on_close(self):
        self.server.conns.discard(self)
        sb, self.sb = self.sb, None
        if sb is not None:
            sb.leave(self)

    async def run(self):
        self.server.conns.add(self)
        self.server.stats.bump('sb_connections')
        try:
            try:
                line = await asyncio.wait_for(self.read_line(), AUTH_TIMEOUT)
            except asyncio.TimeoutError:
                line = None
            while line is not None and not self.closed:
                self.log.log(self.tag, 'C>', line)
                try:
                    await self.handle(line)
                except Exception as ex:
                    self.log.error(self.tag, 'handler error on %r: %r' % (line[:80], ex))
                    self.close()
                if self.closed:
                    break
                line = await self.read_line()
        finally:
            self.close()

    async def handle(self, line):
        parts = line.split(' ')
        cmd, args = parts[0], parts[1:]
        if self.email is None:
            if cmd == 'USR' and len(args) == 3:
                return self.do_usr(*args)
            if cmd == 'ANS' and len(args) == 4:
                return await self.do_ans(*args)
            return self.close()
        if cmd == 'MSG':
            return await self.do_msg(args)
        if cmd == 'CAL' and len(args) == 2:
            return self.do_cal(*args)
        if cmd == 'OUT':
            return self.close()
        if len(args) >= 1 and args[0].isdigit():
            return self.send_line(200, args[0])
        self.close()

    def place_guid(self, ident, cookie_guid):
        """16+: `email;{guid}` names the place; without it, the GUID the NS session signed in with."""
        _, _, g = ident.partition(';')
        m = GUID_RE.match(g) if g else None
        if m is not None:
            return '{%s}' % m.group(1).lower()
        return cookie_guid if self.dialect >= 16 else None

    def do_usr(self, trid, ident, cookie):
        email = ident.partition(';')[0].lower()
        entry = self.server.pop_xfr_cookie(cookie, email)
        if entry is None:
            self.send_line(911, trid)
            return self.close()
        self.email, self.dialect, self.caps = email, entry[1], entry[2]
        self.capsex = entry[5] if len(entry) > 5 else 0
        self.guid = self.place_guid(ident, entry[4] if len(entry) > 4 else None)
        self.server.stats.bump('sb_by_account', email)
        self.sb = Switchboard(self.server)
        self.sb.add_first(self)
        echo = ident if self.dialect >= 16 else email
        self.send_line('USR', trid, 'OK', echo, F.enc(self.server.store.nick_of(email)))

    async def do_ans(self, trid, ident, cookie, sessid):
        email = ident.partition(';')[0].lower()
        entry = self.server.pop_rng_cookie(cookie, email, sessid)
        sb = self.server.sbs.get(sessid)
        if entry is None or sb is None or not sb.alive:
            self.send_line(911, trid)
            return self.close()
        self.email, self.dialect, self.caps = email, entry[2], entry[3]
        self.capsex = entry[6] if len(entry) > 6 else 0
        self.guid = self.place_guid(ident, entry[5] if len(entry) > 5 else None)
        self.server.stats.bump('sb_by_account', email)
        delay = self.server.knob_float('sb_join_delay')
        if delay > 0:
            await asyncio.sleep(delay)
        if self.closed or not sb.alive:
            return self.close()
        self.sb = sb
        sb.join(self, trid)

    def do_cal(self, trid, callee):
        callee = callee.lower()
        sb = self.sb
        if sb is None:
            return self.close()
        if callee == self.email and self.dialect >= 16:
            return self.call_own_places(trid, sb)
        if sb.has(callee):
            return self.send_line(215, trid)
        err = self.server.call_check(self.email, callee)
        if err:
            return self.send_line(err, trid)
        self.server.ring(callee, sb, self.email)
        self.send_line('CAL', trid, 'RINGING', sb.id)

    async def do_msg(self, args):
        if len(args) != 3 or not args[2].isdigit():
            return self.close()
        trid, ack, length = args[0], args[1], int(args[2])
        if length > F.MAX_SB_PAYLOAD:
            self.log.log(self.tag, '..', 'payload %d > %d bytes: closing' % (length, F.MAX_SB_PAYLOAD))
            return self.close()
        payload = await self.read_exact(length)
        if payload is None:
            return self.close()
        self.log.log(self.tag, 'C|', payload)
        if ack not in ('U', 'N', 'A', 'D'):
            return self.close()
        if self.server.take_knob('sb_drop'):
            self.log.log(self.tag, '..', 'knob sb_drop: closing')
            return self.close()
        if ack == 'A' and self.server.take_knob('sb_nak'):
            return self.send_line('NAK', trid)
        sb = self.sb
        n = sb.relay(self.email, payload, sender=self) if sb is not None else 0
        if ack in ('A', 'D'):
            self.send_line('ACK' if n else 'NAK', trid)

    def call_own_places(self, trid, sb):
        """16+ `CAL t <own address>`: RNG your places not yet in the session, a JOI about yourself."""
        here = {p.guid for p in sb.parts if p.email == self.email}
        eps = [ep for ep in self.server.places_of(self.email) if ep.machine_guid not in here and ep.iln_sent]
        self.server.ring_places(self.email, sb, self.email, eps)
        self.send_line('CAL', trid, 'RINGING', sb.id)
        self.joined(self, True, self_join=True)
