"""More conversation scenarios (issue 3): two real clients both ways on MSNP7 and MSNP12, a
dropped switchboard followed by /resend on a new one, a long message split and reassembled,
and 50 conversations open at once."""
import json
import os

from harness import ROOT, Client, Server, check, signed_in_pair

ALICE = 'alice@example.com'
BOB = 'bob@example.com'
ECHO = 'echo@example.com'


def _both_ways(proto_a, proto_b):
    def test():
        srv = Server()
        a, b = signed_in_pair(srv, proto_a=proto_a, proto_b=proto_b)
        a.send('/msg bob héllo ☃ from alice')
        got = b.wait_event('message', text='héllo ☃ from alice')
        check(got['from'] == ALICE, 'sender %r' % got)
        conv_b = got['conversation']
        sent = a.wait_event('sent', text='héllo ☃ from alice')
        a.wait_event('delivered', id=sent['id'])
        # bob answers in the conversation he was invited to (plain text goes to the current one)
        b.send('/msg alice hi back')
        a.wait_event('message', text='hi back')
        check(b.wait_event('sent', text='hi back')['conversation'] == conv_b,
              'bob answered in the conversation alice opened')
        a.send('/nudge')
        b.wait_event('nudge', contact=ALICE)
    test.__name__ = 'test_two_clients_both_ways_%s_%s' % (proto_a.lower(), proto_b.lower())
    return test


for _a, _b in (('MSNP7', 'MSNP7'), ('MSNP12', 'MSNP12'), ('MSNP7', 'MSNP12')):
    _t = _both_ways(_a, _b)
    globals()[_t.__name__] = _t


def test_dropped_switchboard_then_resend_delivers():
    srv = Server(knobs={'sb_drop': 1})
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    c.send('/msg echo lost in transit')
    sent = c.wait_event('sent', text='lost in transit')
    failed = c.wait_event('failed', id=sent['id'], timeout=15)
    check(failed['reason'], 'a reason is given')
    m = c.mark()
    c.send('/resend')
    again = c.wait_event('sent', since=m, text='lost in transit')
    check(again['id'] != sent['id'], 'a resent message is a new message: %r' % again)
    c.wait_event('delivered', since=m, id=again['id'], timeout=15)
    c.wait_event('message', since=m, text='echo: lost in transit')


def test_long_message_is_split_and_arrives_whole():
    srv = Server()
    a, b = signed_in_pair(srv, proto_a='MSNP12', proto_b='MSNP12')
    text = ('ünïcödé ✓ ' * 400).strip()        # ~5 KiB of multi-byte text: several MSGs
    a.send('/msg bob ' + text)
    sent = a.wait_event('sent')
    a.wait_event('delivered', id=sent['id'], timeout=15)

    def received():
        return [e['text'] for e in b.events if e['event'] == 'message']
    while sum(len(p) for p in received()) < len(text):
        b.wait_event('message', since=b.mark(), timeout=10)
    parts = received()
    check(len(parts) >= 3, 'split into several messages: %d' % len(parts))
    check(''.join(parts) == text, 'the parts put together are the text')


def _accounts_with_puppets(tmp, n):
    """The default accounts plus n more, all on alice's list, written to a file in tmp."""
    with open(os.path.join(ROOT, 'tests', 'server', 'accounts.json'), encoding='utf-8') as fh:
        data = json.load(fh)
    alice = next(a for a in data['accounts'] if a['email'] == ALICE)
    names = ['puppet%02d@example.com' % i for i in range(n)]
    for i, name in enumerate(names):
        data['accounts'].append({
            'email': name, 'password': 'pw%d' % i, 'nick': 'Puppet %d' % i, 'salt': None,
            'guid': '00000000-0000-4000-8000-%012d' % i, 'settings': {'BLP': 'AL', 'GTC': 'A'},
            'psm': '', 'groups': [], 'contacts': [{'email': ALICE, 'lists': ['FL', 'AL'], 'groups': []}]})
        alice['contacts'].append({'email': name, 'lists': ['FL', 'AL'], 'groups': []})
    path = os.path.join(tmp, 'accounts.json')
    with open(path, 'w', encoding='utf-8') as fh:
        json.dump(data, fh)
    return path, names


def test_fifty_conversations_at_once(tmp):
    path, names = _accounts_with_puppets(tmp, 50)
    srv = Server(accounts_file=path)
    c = Client(srv, ALICE, 'MSNP7')
    c.wait_signed_in()
    # Callable once the server has her status (signed_in can come first: a slow client under
    # ASan had not sent its CHG when the first puppet called, and got 217).
    srv.wait_log('NS:alice', 'C>', 'CHG', timeout=15)
    for n in names:
        srv.ctl('say %s %s hello from %s' % (n, ALICE, n))
    for n in names:
        c.wait_event('message', text='hello from %s' % n, timeout=30)
    convs = {e['conversation'] for e in c.events if e['event'] == 'conversation_opened'}
    check(len(convs) >= 50, '%d conversations opened' % len(convs))
    # and all 50 answered at once, each on its own switchboard
    for n in names:
        c.send('/msg %s thanks %s' % (n, n))
    for n in names:
        sent = c.wait_event('sent', text='thanks %s' % n, timeout=30)
        c.wait_event('delivered', id=sent['id'], timeout=30)
    for n in names:
        texts = [t for t in srv.history_of(n)]
        check(any('thanks %s' % n in t for t in texts), '%s got the answer' % n)
