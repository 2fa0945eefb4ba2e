"""Switchboard: sessions, TCP participants, puppet participants, the echo bot."""
import asyncio
import time

import formats as F
from netio import Conn

AUTH_TIMEOUT = 60.0


class PuppetPart:
    """A puppet (or the echo bot) sitting in a switchboard."""
    is_puppet = True

    def __init__(self, server, sb, email):
        self.server = server
        self.sb = sb
        self.email = email
        self.dialect = 12
        self.caps = 0

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

    def joined(self, email, nick, caps):
        pass

    def left(self, email, idle):
        pass

    def kill(self):
        pass


class Switchboard:
    def __init__(self, server):
        self.server = server
        self.id = F.hexid(31)
        self.parts = []
        self.pending = []        # (from_email, to_email, payload) waiting for `to` to join
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

    def join(self, part, trid=None):
        """part answered (ANS): IRO roster + ANS OK to it, JOI to others."""
        others = [p for p in self.parts if p.email != part.email]
        if trid is not None:
            for i, p in enumerate(others):
                extra = [p.caps] if part.dialect >= 12 else []
                part.send_line('IRO', trid, i + 1, len(others), p.email,
                               F.enc(self.server.store.nick_of(p.email)), *extra)
            part.send_line('ANS', trid, 'OK')
        self.parts.append(part)
        nick = self.server.store.nick_of(part.email)
        for p in others:
            p.joined(part.email, nick, part.caps)
        self.last = time.monotonic()
        self._flush_pending()

    def join_puppet(self, email):
        self.join(PuppetPart(self.server, self, email))

    def leave(self, part, idle=False):
        if part in self.parts:
            self.parts.remove(part)
            for p in self.parts:
                p.left(part.email, idle)
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

    def relay(self, sender_email, payload):
        """Deliver payload to all others; returns the number of recipients."""
        self.last = time.monotonic()
        n = 0
        for p in list(self.parts):
            if p.email != sender_email:
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
        for frm, to, payload in self.pending:
            if self.has(to) and self.has(frm):
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
                        for q in self.parts:
                            if q is not p:
                                p.left(q.email, True)
                    self.destroy()
                    return
                if self.pending and time.monotonic() - self.last > 120:
                    self.pending = []
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

    # participant interface
    def deliver(self, sender, payload):
        self.send_payload_cmd('MSG', sender, F.enc(self.server.store.nick_of(sender)), payload=payload)

    def joined(self, email, nick, caps):
        extra = [caps] if self.dialect >= 12 else []
        self.send_line('JOI', email, F.enc(nick), *extra)

    def left(self, email, idle):
        self.send_line('BYE', email, 1 if idle else None)

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

    def do_usr(self, trid, email, cookie):
        email = email.lower()
        entry = self.server.pop_xfr_cookie(cookie, email)
        if entry is None:
            self.send_line(911, trid)
            return self.close()
        self.email, self.dialect, self.caps = email, entry[1], entry[2]
        self.server.stats.bump('sb_by_account', email)
        self.sb = Switchboard(self.server)
        self.sb.add_first(self)
        self.send_line('USR', trid, 'OK', email, F.enc(self.server.store.nick_of(email)))

    async def do_ans(self, trid, email, cookie, sessid):
        email = email.lower()
        entry = self.server.pop_rng_cookie(cookie, email, sessid)
        sb = self.server.sbs.get(sessid)
        if entry is None or sb is None or not sb.alive:
            self.send_line(911, trid)
            return self.close()
        self.email, self.dialect, self.caps = email, entry[2], entry[3]
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
        n = sb.relay(self.email, payload) if sb is not None else 0
        if ack in ('A', 'D'):
            self.send_line('ACK' if n else 'NAK', trid)
