"""Line-based control interface for tests.  One reply line per command: `ok ...` / `error ...`."""
import asyncio
import base64
import binascii
import json

import control_net
import formats as F
import oim
from netio import Conn
from sb import Switchboard, PuppetPart
from state import Puppet

HELP = ('online EMAIL [STATUS] [NICK] | status EMAIL CODE | nick EMAIL NICK | psm EMAIL TEXT | offline EMAIL | '
        'say FROM TO TEXT | say_raw FROM TO B64 | typing FROM TO | nudge FROM TO | kick EMAIL | shutdown_notice | '
        'knob NAME VALUE (oim: oim_delete_fault 1, oim_delete_hang 1, oim_get_fault 1, oim_store_fault NAME|http500, '
        'oim_lockkey strict, oim_metadata_text 0) | knobs | sessions | endpoints EMAIL | sso_ticket EMAIL [LIFETIME] | ticket_owner TICKET | lists EMAIL | history EMAIL | clear_history EMAIL | add_rl FROM TO | oim_seed JSON | oims EMAIL | oim_stats | ping | help | ' +
        control_net.HELP)


class CtlError(Exception):
    pass


class ControlConn(Conn):
    def __init__(self, server, reader, writer):
        super().__init__(server, reader, writer, 'CTL')

    async def run(self):
        try:
            while not self.closed:
                line = await self.read_line()
                if line is None:
                    break
                line = line.strip()
                if not line:
                    continue
                self.log.log(self.tag, 'C>', line)
                try:
                    reply = 'ok ' + (self.handle(line) or '')
                except CtlError as ex:
                    reply = 'error ' + str(ex)
                except Exception as ex:
                    self.log.error(self.tag, 'control error: %r' % (ex,))
                    reply = 'error internal %r' % (ex,)
                self.send_line(reply.rstrip())
        finally:
            self.close()

    # ------------------------------------------------------------ helpers
    def acct(self, email):
        a = self.server.store.get(email)
        if a is None:
            raise CtlError('unknown account %s' % email)
        return a

    def puppet(self, email, auto=True):
        ep = self.server.ns.get(email.lower())
        if ep is None and auto:
            return self.server.puppet_online(email.lower())
        if not isinstance(ep, Puppet):
            raise CtlError('%s is not a puppet' % email)
        return ep

    def send(self, frm, to, payload):
        srv = self.server
        frm, to = frm.lower(), to.lower()
        self.acct(frm)
        self.acct(to)
        self.puppet(frm)
        for sb in srv.sbs.values():
            if sb.alive and sb.has(frm) and sb.has(to) and isinstance(sb.part(frm), PuppetPart):
                sb.relay(frm, payload)
                return 'sent %s' % sb.id
        for sb in srv.sbs.values():
            if sb.alive and isinstance(sb.part(frm), PuppetPart) and any(t == to for _, t, _ in sb.pending):
                sb.queue_msg(frm, to, payload)
                return 'queued %s' % sb.id
        err = srv.call_check(frm, to)
        if err:
            raise CtlError('cannot call %s (%d)' % (to, err))
        sb = Switchboard(srv)
        sb.add_first(PuppetPart(srv, sb, frm))
        sb.queue_msg(frm, to, payload)
        sb.awaiting[to] = srv.ring(to, sb, frm)   # every place of `to` gets the message (MPOP)
        return 'ringing %s' % sb.id

    # ------------------------------------------------------------ commands
    def handle(self, line):
        srv = self.server
        cmd, _, rest = line.partition(' ')
        a = rest.split(' ') if rest else []
        if cmd in ('ping', 'help'):
            return HELP if cmd == 'help' else 'pong'
        if cmd in control_net.COMMANDS:
            try:
                return control_net.COMMANDS[cmd](srv, a)
            except ValueError as ex:
                raise CtlError(str(ex))
        if cmd == 'online':
            if not a:
                raise CtlError('usage: online EMAIL [STATUS] [NICK]')
            acct = self.acct(a[0])
            status = a[1] if len(a) > 1 else 'NLN'
            if status not in F.STATUSES:
                raise CtlError('bad status %s' % status)
            if len(a) > 2:
                acct.nick = F.dec(' '.join(a[2:]))
            try:
                srv.puppet_online(acct.email, status)
            except ValueError as ex:
                raise CtlError(str(ex))
            return acct.email
        if cmd == 'status':
            if len(a) != 2 or a[1] not in F.STATUSES:
                raise CtlError('usage: status EMAIL NLN|BSY|IDL|BRB|AWY|PHN|LUN|HDN')
            ep = self.puppet(a[0], auto=False) if a[0].lower() in srv.ns else None
            if ep is None:
                raise CtlError('%s is not online' % a[0])
            ep.status = a[1]
            srv.refresh(ep.email)
            return ''
        if cmd == 'nick':
            if len(a) < 2:
                raise CtlError('usage: nick EMAIL NICK')
            acct = self.acct(a[0])
            acct.nick = F.dec(' '.join(a[1:]))
            srv.refresh(acct.email, force=True)
            return ''
        if cmd == 'psm':
            if not a:
                raise CtlError('usage: psm EMAIL TEXT')
            acct = self.acct(a[0])
            acct.psm = ' '.join(a[1:])
            srv.broadcast_ubx(acct.email)
            return ''
        if cmd == 'offline':
            if len(a) != 1:
                raise CtlError('usage: offline EMAIL')
            ep = self.puppet(a[0], auto=False) if a[0].lower() in srv.ns else None
            if ep is None:
                return 'already offline'
            for sb in list(srv.sbs.values()):
                p = sb.part(ep.email)
                if p is not None:
                    sb.leave(p)
            srv.unregister(ep)
            return ''
        if cmd in ('say', 'say_raw', 'typing', 'nudge'):
            if len(a) < 2 or (cmd in ('say', 'say_raw') and len(a) < 3):
                raise CtlError('usage: %s FROM TO ...' % cmd)
            if cmd == 'say':
                payload = F.text_payload(rest.split(' ', 2)[2])
            elif cmd == 'say_raw':
                try:
                    payload = base64.b64decode(a[2], validate=True)
                except (binascii.Error, ValueError):
                    raise CtlError('bad base64')
            elif cmd == 'typing':
                payload = F.typing_payload(a[0].lower())
            else:
                payload = F.nudge_payload()
            return self.send(a[0], a[1], payload)
        if cmd == 'kick':
            if len(a) != 1:
                raise CtlError('usage: kick EMAIL')
            ep = srv.ns.get(a[0].lower())
            if ep is None:
                raise CtlError('%s is not online' % a[0])
            for place in srv.places_of(ep.email) or [ep]:   # every place (MPOP)
                place.boot('OTH')
            return ''
        if cmd == 'shutdown_notice':
            n = 0
            for ep in srv.all_eps():
                if not isinstance(ep, Puppet):
                    ep.send_line('OUT', 'SSD')
                    ep.close()
                    n += 1
            return str(n)
        if cmd == 'knob':
            if len(a) < 1:
                raise CtlError('usage: knob NAME VALUE')
            try:
                srv.set_knob(a[0], ' '.join(a[1:]))
            except KeyError:
                raise CtlError('unknown knob %s' % a[0])
            return '%s=%s' % (a[0], srv.knob(a[0]))
        if cmd == 'knobs':
            return json.dumps(srv.knobs, sort_keys=True)
        if cmd == 'sessions':
            return json.dumps(srv.sessions_json(), sort_keys=True)
        if cmd == 'history':
            if len(a) != 1:
                raise CtlError('usage: history EMAIL')
            return json.dumps(srv.history.get(a[0].lower(), []))
        if cmd == 'clear_history':
            srv.history.pop(a[0].lower() if a else '', None)
            return ''
        if cmd == 'sso_ticket':
            if len(a) not in (1, 2):
                raise CtlError('usage: sso_ticket EMAIL [LIFETIME]')
            acct = self.acct(a[0])
            t20, secret = srv.issue_rst_ticket(acct.email, float(a[1]) if len(a) > 1 else 86400)
            return 't=%s&p= %s' % (t20, base64.b64encode(secret).decode('ascii'))
        if cmd == 'ticket_owner':
            if len(a) != 1:
                raise CtlError('usage: ticket_owner TICKET')
            t20 = a[0][2:22] if a[0].startswith('t=') else a[0]
            return srv.ticket_owner(t20) or 'none'
        if cmd == 'lists':
            if len(a) != 1:
                raise CtlError('usage: lists EMAIL')
            return json.dumps({e: sorted(c.lists) for e, c in self.acct(a[0]).contacts.items()})
        if cmd == 'endpoints':
            if len(a) != 1:
                raise CtlError('usage: endpoints EMAIL')
            return json.dumps(srv.endpoints(self.acct(a[0]).email))
        if cmd == 'oim_seed':
            try:
                ids = oim.seed(srv, json.loads(rest))
            except (ValueError, TypeError, LookupError, UnicodeError) as ex:
                raise CtlError('oim_seed: %s' % ex)
            return ','.join(ids)
        if cmd == 'oim_stats':
            return srv.stats.oim_json()
        if cmd == 'oims':
            if len(a) != 1:
                raise CtlError('usage: oims EMAIL')
            return json.dumps([o.as_json() for o in srv.oims.waiting(self.acct(a[0]).email)])
        if cmd == 'add_rl':
            if len(a) != 2:
                raise CtlError('usage: add_rl FROM TO')
            frm, to = self.acct(a[0]), self.acct(a[1])
            if frm.on_list(to.email, 'FL'):
                return 'already'
            frm.add_to_list(to.email, 'FL')
            srv.notify_rl(frm.email, to.email)
            ep = srv.ns.get(frm.email)
            if ep is not None:
                ep.update_shown(to.email)
            return ''
        raise CtlError('unknown command %s (try help)' % cmd)
