"""Control commands that break the network on purpose (drop, refuse, mute, restart, xfr_ns)
plus `stats` and `password`.  Each takes (server, args) and returns the reply text after `ok`;
a usage error raises ValueError."""
import listeners as L
from state import Puppet

KINDS = {'ns': ('ns',), 'sb': ('sb',), 'all': ('ns', 'sb')}


def _kinds(word):
    if word not in KINDS:
        raise ValueError('kind must be ns, sb or all, not %s' % word)
    return KINDS[word]


def _seconds(args, usage):
    try:
        secs = float(args[0])
    except (IndexError, ValueError):
        raise ValueError('usage: ' + usage)
    if secs < 0:
        raise ValueError('usage: ' + usage)
    return secs


def cmd_drop(srv, args):
    kinds = _kinds(args[0] if args else 'all')
    return str(srv.drop(kinds))


def cmd_refuse(srv, args):
    usage = 'refuse SECONDS [rst]'
    secs = _seconds(args, usage)
    if args[1:] not in ([], ['rst']):
        raise ValueError('usage: ' + usage)
    names = srv.listeners.refuse(secs, L.REFUSABLE, rst=bool(args[1:]))
    return ' '.join(names)


def cmd_mute(srv, args):
    if len(args) == 1:
        args = ['all'] + args
    if len(args) != 2 or args[1] not in ('on', 'off'):
        raise ValueError('usage: mute [ns|sb|all] on|off')
    srv.set_muted(_kinds(args[0]), args[1] == 'on')
    return ' '.join(srv.muted()) or 'none'


def cmd_restart(srv, args):
    secs = _seconds(args, 'restart SECONDS')
    srv.listeners.close(L.RESTARTABLE)
    n = srv.drop(('ns', 'sb'))
    srv.listeners.refuse(secs, L.RESTARTABLE)
    return str(n)


def cmd_xfr_ns(srv, args):
    if len(args) > 1:
        raise ValueError('usage: xfr_ns [soft|HOST:PORT]')
    n = 0
    for ep in srv.all_eps():
        if not isinstance(ep, Puppet) and not ep.closed:
            ep.transfer(args[0] if args else None)
            n += 1
    return str(n)


def cmd_stats(srv, args):
    if args == ['reset']:
        srv.stats.reset()
        return ''
    if args:
        raise ValueError('usage: stats [reset]')
    return srv.stats.to_json()


def cmd_password(srv, args):
    if len(args) != 2:
        raise ValueError('usage: password EMAIL NEW')
    acct = srv.store.get(args[0].lower())
    if acct is None or acct.password is None:
        raise ValueError('no account %s with a password' % args[0])
    acct.password = args[1]
    return ''


COMMANDS = {'drop': cmd_drop, 'refuse': cmd_refuse, 'mute': cmd_mute, 'restart': cmd_restart,
            'xfr_ns': cmd_xfr_ns, 'stats': cmd_stats, 'password': cmd_password}
HELP = ('drop [ns|sb|all] | refuse SECONDS [rst] | mute [ns|sb|all] on|off | restart SECONDS | '
        'xfr_ns [soft|HOST:PORT] | stats [reset] | password EMAIL NEW')
