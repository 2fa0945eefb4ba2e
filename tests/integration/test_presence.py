"""Presence: contacts coming online, changing status/nick/PSM, going offline; our own status,
nick and PSM as another signed-in client sees them."""
from harness import (Client, Server, STATUS_NAMES, check, proto_number, signed_in_pair, wait_until)

CAROL = 'carol@example.com'
ALICE = 'alice@example.com'
BOB = 'bob@example.com'


def _contact_lifecycle(proto):
    def test():
        srv = Server()
        c = Client(srv, ALICE, proto)
        c.wait_signed_in()
        v = proto_number(proto)

        m = c.mark()
        srv.ctl('online %s NLN' % CAROL)
        ev = c.wait_event('presence', since=m, contact=CAROL, status='online')
        check(ev.get('nick') == 'Carol', 'carol nick %r, want Carol' % ev.get('nick'))

        for code in ('BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN', 'NLN'):
            m = c.mark()
            srv.ctl('status %s %s' % (CAROL, code))
            c.wait_event('presence', since=m, contact=CAROL, status=STATUS_NAMES[code])

        m = c.mark()
        srv.ctl('nick %s Carol%%20the%%20Second' % CAROL)
        c.wait_event('presence', since=m, contact=CAROL, nick='Carol the Second')

        if v >= 11:
            m = c.mark()
            srv.ctl('psm %s Out to lunch & back <soon>' % CAROL)
            c.wait_event('presence', since=m, contact=CAROL, psm='Out to lunch & back <soon>')

        # invisible looks like offline to others
        m = c.mark()
        srv.ctl('status %s HDN' % CAROL)
        c.wait_event('presence', since=m, contact=CAROL, status='offline')
        m = c.mark()
        srv.ctl('status %s AWY' % CAROL)
        c.wait_event('presence', since=m, contact=CAROL, status='away')

        m = c.mark()
        srv.ctl('offline %s' % CAROL)
        c.wait_event('presence', since=m, contact=CAROL, status='offline')
    test.__name__ = 'test_contact_presence_%s' % proto.lower()
    return test


for _p in ('MSNP2', 'MSNP5', 'MSNP7', 'MSNP8', 'MSNP9', 'MSNP10', 'MSNP11', 'MSNP12'):
    globals()['test_contact_presence_%s' % _p.lower()] = _contact_lifecycle(_p)


def test_initial_presence_of_contacts_already_online():
    srv = Server()
    srv.ctl('online %s BSY' % CAROL)
    srv.ctl('psm %s Already here' % CAROL)
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    c.wait_event('presence', contact=CAROL, status='busy', psm='Already here')
    c.expect_no_event('presence', within=0.5, contact=BOB)   # bob is offline: no presence for him


def _own_status(proto_a, proto_b):
    def test():
        srv = Server()
        alice, bob = signed_in_pair(srv, proto_a=proto_a, proto_b=proto_b)
        for name in ('busy', 'idle', 'brb', 'away', 'phone', 'lunch', 'online'):
            ma, mb = alice.mark(), bob.mark()
            alice.send('/status %s' % name)
            alice.wait_event('status', since=ma, status=name)
            bob.wait_event('presence', since=mb, contact=ALICE, status=name)
        ma, mb = alice.mark(), bob.mark()
        alice.send('/status invisible')
        alice.wait_event('status', since=ma, status='invisible')
        bob.wait_event('presence', since=mb, contact=ALICE, status='offline')
        wait_until(lambda: (srv.session_of(ALICE) or {}).get('status') == 'HDN', 5, 'the server to see HDN')
        mb = bob.mark()
        alice.send('/status online')
        bob.wait_event('presence', since=mb, contact=ALICE, status='online')
    test.__name__ = 'test_own_status_%s_seen_by_%s' % (proto_a.lower(), proto_b.lower())
    return test


test_own_status_msnp12_seen_by_msnp12 = _own_status('MSNP12', 'MSNP12')
test_own_status_msnp7_seen_by_msnp12 = _own_status('MSNP7', 'MSNP12')
test_own_status_msnp9_seen_by_msnp2 = _own_status('MSNP9', 'MSNP2')


def _own_nick(proto_a, proto_b):
    def test():
        srv = Server()
        alice, bob = signed_in_pair(srv, proto_a=proto_a, proto_b=proto_b)
        for nick in ('Alice Two', '100% Alice', 'Ålice ☕ «x»'):
            ma, mb = alice.mark(), bob.mark()
            alice.send('/nick %s' % nick)
            alice.wait_event('nick', since=ma, nick=nick)
            bob.wait_event('presence', since=mb, contact=ALICE, nick=nick)
            wait_until(lambda: (srv.session_of(ALICE) or {}).get('nick') == nick, 5,
                       'the server to store the nick %r' % nick)
    test.__name__ = 'test_own_nick_%s_seen_by_%s' % (proto_a.lower(), proto_b.lower())
    return test


test_own_nick_msnp12_seen_by_msnp12 = _own_nick('MSNP12', 'MSNP12')
test_own_nick_msnp9_seen_by_msnp12 = _own_nick('MSNP9', 'MSNP12')
test_own_nick_msnp7_seen_by_msnp11 = _own_nick('MSNP7', 'MSNP11')


def test_own_psm_seen_by_other():
    srv = Server()
    alice, bob = signed_in_pair(srv, proto_a='MSNP12', proto_b='MSNP11')
    for psm in ('Having tea', 'a <b> & "c"', ''):
        mb = bob.mark()
        alice.send('/psm %s' % psm if psm else '/psm')
        bob.wait_event('presence', since=mb, contact=ALICE, psm=psm)


def test_presence_after_own_signout():
    # bob sees alice go offline when she quits, and online again when she comes back
    srv = Server()
    alice, bob = signed_in_pair(srv, proto_a='MSNP8')
    mb = bob.mark()
    alice.send('/quit')
    alice.wait_exit(10)
    bob.wait_event('presence', since=mb, contact=ALICE, status='offline')
    mb = bob.mark()
    again = Client(srv, ALICE, 'MSNP10', label='alice again')
    again.wait_signed_in()
    bob.wait_event('presence', since=mb, contact=ALICE, status='online')
    again.wait_event('presence', contact=BOB, status='online')


def _added_you(proto):
    def test():
        srv = Server()
        c = Client(srv, ALICE, proto)
        c.wait_signed_in()
        m = c.mark()
        srv.ctl('add_rl dave@example.com %s' % ALICE)
        ev = c.wait_event('added_you', since=m, contact='dave@example.com')
        check(ev.get('nick') == 'Dave', 'added_you nick %r, want Dave' % ev.get('nick'))
    test.__name__ = 'test_added_you_%s' % proto.lower()
    return test


test_added_you_msnp7 = _added_you('MSNP7')
test_added_you_msnp12 = _added_you('MSNP12')


def test_hostile_nick_stays_valid_json():
    # control characters, an escape sequence and U+FFFD in a contact's nick: the presence event
    # must still be one valid JSON line (the harness fails the test on any non-JSON stdout line)
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    srv.ctl('online %s' % CAROL)
    c.wait_event('presence', contact=CAROL, status='online')
    m = c.mark()
    srv.ctl('nick %s Bad%%FF%%00nick%%1b[2J%%0d%%0a"quoted"\\' % CAROL)
    ev = c.wait_event('presence', since=m, contact=CAROL, nick=lambda n: n.startswith('Bad'))
    check('"quoted"' in ev['nick'], 'nick lost its quotes: %r' % ev['nick'])
    m = c.mark()
    c.send('/status away')
    c.wait_event('status', since=m, status='away')
