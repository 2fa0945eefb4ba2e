"""Several places at once (MSNP16+) and the presence and switchboard forms of MSNP13-18, with real
msntty processes on both ends: two places of alice stay signed in together, both get bob's
message once, each lists the other in /locations, `signout others` ends the other one for good
(it stays signed out); an MSNP15 sign-in signs the MSNP18 places out with OUT OTH, said in words; a dropped
connection at MSNP18 signs in again with SSO."""
from harness import Client, Server, EXIT_OK, check, wait_until

ALICE, BOB, CAROL = 'alice@example.com', 'bob@example.com', 'carol@example.com'


def _online(c, who, since=0, timeout=10):
    """The presence event saying `who` is online, under its bare address."""
    return c.wait_event('presence', since=since, timeout=timeout, contact=who, status='online')


def _places(c, n, since=0, timeout=10):
    """The first `places` event listing n places, exactly one of them this one."""
    def enough():
        for e in c.events[since:]:
            if e.get('event') == 'places' and len(e.get('places') or []) == n:
                return e
        return None
    wait_until(lambda: enough() is not None, timeout, '%s to list %d places' % (c.label, n))
    ev = enough()
    mine = [p for p in ev['places'] if p.get('this')]
    check(len(mine) == 1, 'places of %s mark %d as this one: %r' % (c.label, len(mine), ev))
    return ev


def _joined_places(srv, who):
    """The GUIDs of `who`'s places the switchboard announced with JOI."""
    lines = srv.log_lines(tag='SB:', direction='S>', startswith='JOI %s;' % who)
    return {text.split()[1].split(';')[1].lower() for _t, _tag, _d, text in lines}


def _messages(c, text):
    return [e for e in c.events if e.get('event') == 'message' and e.get('text') == text]


def _presence_formats(proto):
    def test():
        srv = Server()
        a = Client(srv, ALICE, proto)
        a.wait_signed_in()
        b = Client(srv, BOB, 'MSNP18')
        b.wait_signed_in()
        ev = _online(a, BOB)
        check(ev.get('nick') == 'Bob', 'bob as seen at %s: %r' % (proto, ev))
        m = a.mark()
        b.send('/status busy')
        a.wait_event('presence', since=m, contact=BOB, status='busy')
        m = a.mark()
        b.send('/psm on the train')
        a.wait_event('presence', since=m, contact=BOB, psm='on the train')
        m = a.mark()
        b.send('/quit')
        check(b.wait_exit(10) == EXIT_OK, 'bob did not exit 0')
        a.wait_event('presence', since=m, contact=BOB, status='offline')
        # no contact or presence under a network-id form, and never ourselves as a contact
        for e in a.events:
            if e.get('event') in ('presence', 'contact'):
                who = e.get('contact') or ''
                check(':' not in who and who != ALICE, 'odd contact in %r' % e)
    test.__name__ = 'test_wlm_presence_%s' % proto.lower()
    return test


for _p in ('MSNP13', 'MSNP15', 'MSNP16', 'MSNP18'):
    globals()['test_wlm_presence_%s' % _p.lower()] = _presence_formats(_p)


def _group_chat(proto):
    def test():
        srv = Server()
        a = Client(srv, ALICE, proto)
        b = Client(srv, BOB, proto)
        c = Client(srv, CAROL, proto)
        for x in (a, b, c):
            x.wait_signed_in()
        _online(a, BOB)
        _online(a, CAROL)
        a.send('/msg %s one to one at %s' % (BOB, proto))
        a.wait_event('delivered')
        got = b.wait_event('message', text='one to one at %s' % proto)
        check(got.get('from') == ALICE, 'bob got %r' % got)
        conv = a.wait_event('conversation_opened')['conversation']
        a.send('/invite %s' % CAROL)
        a.wait_event('joined', conversation=conv, contact=CAROL)
        m = a.mark()
        a.send('/say to both of you')
        b.wait_event('message', text='to both of you')
        c.wait_event('message', text='to both of you')
        a.wait_event('delivered', since=m)
        check(len(_messages(b, 'to both of you')) == 1, 'bob got the group message twice')
        a.send('/nudge')
        b.wait_event('nudge')
    test.__name__ = 'test_wlm_group_chat_%s' % proto.lower()
    return test


for _p in ('MSNP13', 'MSNP15', 'MSNP16', 'MSNP18'):
    globals()['test_wlm_group_chat_%s' % _p.lower()] = _group_chat(_p)


def test_wlm_mpop_two_places_of_one_account():
    srv = Server()
    one = Client(srv, ALICE, 'MSNP18', config=['/set place_name first-place'], label='alice#1')
    one.wait_signed_in()
    two = Client(srv, ALICE, 'MSNP18', config=['/set place_name second-place'], label='alice#2')
    two.wait_signed_in()
    bob = Client(srv, BOB, 'MSNP18')
    bob.wait_signed_in()
    _online(bob, ALICE)
    # the first place is still on: a sign-in elsewhere did not end it
    one.expect_no_event('signed_out', within=1)
    check(len([s for s in srv.sessions()['ns'] if s['email'] == ALICE]) == 2,
          'the server does not hold two places of alice: %r' % srv.sessions())
    # each lists both places, and names the other one
    for me, other in ((one, 'second-place'), (two, 'first-place')):
        m = me.mark()
        me.send('/locations')
        ev = _places(me, 2, since=m)
        names = [p.get('name') for p in ev['places'] if not p.get('this')]
        check(names == [other], '%s lists the other place as %r' % (me.label, names))
    # bob writes to alice: the server rings both places and both join bob's switchboard; bob's
    # message then reaches both, once each, as bob's. (A message sent before the second place
    # has joined reaches only the first: the switchboard relays to who is there.)
    bob.send('/msg %s knock knock' % ALICE)
    wait_until(lambda: _messages(one, 'knock knock') or _messages(two, 'knock knock'), 10,
               'a place of alice to get the first message')
    wait_until(lambda: len(_joined_places(srv, ALICE)) == 2, 10, 'both places of alice to join')
    bob.send('/say to every place')
    bob.wait_event('delivered')
    for me in (one, two):
        got = me.wait_event('message', text='to every place')
        check(got.get('from') == BOB, '%s got %r' % (me.label, got))
    bob.expect_no_event('left', within=1)
    for me in (one, two):
        check(len(_messages(me, 'to every place')) == 1, '%s got the message more than once'
              % me.label)
    # what one place writes into that conversation shows at the other as our own line
    conv = one.wait_event('conversation_opened')['conversation']
    one.send('/msg %s answered from the first place' % BOB)
    bob.wait_event('message', text='answered from the first place')
    mine = two.wait_event('message', text='answered from the first place')
    check(mine.get('from') == ALICE, 'the second place shows %r' % mine)
    check(conv, 'no conversation at the first place')
    # the first place signs the others out: the second ends for good, with the reason
    m = one.mark()
    one.send('/locations signout others')
    ev = two.wait_event('disconnected', timeout=10, reason='other_place')
    check(ev.get('final') is True, 'being signed out by another place is retried: %r' % ev)
    check('another place' in (ev.get('text') or ''), 'the reason is not said: %r' % ev)
    # final: it stays signed out (signing in again would fight the place that asked)
    two.expect_no_event('connecting', since=len(two.events), within=3)
    _places(one, 1, since=m)
    one.expect_no_event('signed_out', within=1)
    check(len([s for s in srv.sessions()['ns'] if s['email'] == ALICE]) == 1,
          'alice#2 still has a session on the server')


test_wlm_mpop_two_places_of_one_account.timeout = 90


def test_wlm_msnp15_sign_in_signs_the_msnp18_places_out():
    srv = Server()
    new = Client(srv, ALICE, 'MSNP18', label='alice@18')
    new.wait_signed_in()
    old = Client(srv, ALICE, 'MSNP15', label='alice@15')
    old.wait_signed_in()
    ev = new.wait_event('disconnected', timeout=10, reason='other_login')
    check(ev.get('final') is True, 'OUT OTH is retried: %r' % ev)
    old.expect_no_event('disconnected', within=1)


def test_wlm_out_oth_at_msnp15_names_msnp16():
    srv = Server()
    first = Client(srv, ALICE, 'MSNP15', label='alice@15 first')
    first.wait_signed_in()
    second = Client(srv, ALICE, 'MSNP15', label='alice@15 second')
    second.wait_signed_in()
    ev = first.wait_event('disconnected', timeout=10, reason='other_login')
    text = ev.get('text') or ''
    check('MSNP16' in text, 'OUT OTH at MSNP15 does not say MSNP16+ avoids it: %r' % text)
    check(ev.get('final') is True, 'OUT OTH is retried: %r' % ev)


def test_wlm_reconnect_at_msnp18_signs_in_again_with_sso():
    srv = Server()
    srv.ctl('online %s' % BOB)
    c = Client(srv, ALICE, 'MSNP18', config=['/set reconnect_max 2'])
    c.wait_signed_in()
    _online(c, BOB)
    m = c.mark()
    srv.ctl('drop ns')
    ev = c.wait_event('disconnected', since=m)
    check(ev.get('final') is False, 'a dropped connection is not retried: %r' % ev)
    c.wait_event('signed_in', since=m, timeout=15, protocol='MSNP18')
    ssos = [t for _t, _tag, _d, t in srv.log_lines(tag='NS:', direction='C>', startswith='USR')
            if ' SSO I %s' % ALICE in t]
    check(len(ssos) == 2, 'SSO sign-ins: %d, want 2' % len(ssos))
    check(len([s for s in srv.sessions()['ns'] if s['email'] == ALICE]) == 1,
          'alice has more than one place after signing in again: %r' % srv.sessions())
    _online(c, BOB, since=m)
    c.send('/msg %s after the outage' % BOB)
    c.wait_event('delivered', since=m)
    check(srv.history_of(BOB)[-1].endswith('after the outage'), 'bob did not get it')


test_wlm_reconnect_at_msnp18_signs_in_again_with_sso.timeout = 60
