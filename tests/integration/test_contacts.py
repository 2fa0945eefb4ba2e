"""Contact-list management (issue 6) in the MSNP7 (ADD/REM/ADG) and MSNP12 (ADC/GUID) forms,
someone adding us, privacy modes."""
from harness import Client, Server, check

ALICE = 'alice@example.com'
DAVE = 'dave@example.com'
CAROL = 'carol@example.com'


def _lists(ev):
    return set(ev.get('lists') or [])


def _list_operations(proto):
    def test():
        srv = Server()
        c = Client(srv, ALICE, proto)
        c.wait_signed_in()

        # add a contact, and an account that does not exist
        m = c.mark()
        c.send('/add %s' % DAVE)
        ev = c.wait_event('contact', since=m, contact=DAVE, lists=lambda l: 'FL' in l)
        c.wait_event('contact', since=m, contact=DAVE, lists=lambda l: 'AL' in l and 'FL' in l)
        m = c.mark()
        c.send('/add nobody@example.com')
        err = c.wait_event('error', since=m)
        want = 205 if proto in ('MSNP7', 'MSNP9') else 208   # ADD (MSNP2-9) vs ADC (MSNP10+)
        check(err['code'] == want, 'adding an unknown account: %r, want code %d' % (err, want))

        # groups: create, move a contact in, rename, remove
        m = c.mark()
        c.send('/group add Pals')
        g = c.wait_event('group', since=m)
        check(g['name'] == 'Pals', 'new group %r' % g)
        m = c.mark()
        c.send('/move dave Pals')
        c.wait_event('contact', since=m, contact=DAVE, groups=lambda gs: 'Pals' in gs)
        m = c.mark()
        c.send('/group rename Pals Best Pals')
        renamed = c.wait_event('group', since=m, id=g['id'])
        check(renamed['name'] == 'Best Pals', 'renamed group %r' % renamed)
        m = c.mark()
        c.send('/group remove Best Pals')
        c.wait_event('group_removed', since=m, id=g['id'])
        m = c.mark()
        c.send('/group rename Nonexistent X')
        c.wait_event('error', since=m, code=0)

        # block and unblock
        m = c.mark()
        c.send('/block carol')
        c.wait_event('contact', since=m, contact=CAROL,
                     lists=lambda l: 'BL' in l and 'AL' not in l)
        m = c.mark()
        c.send('/unblock carol')
        c.wait_event('contact', since=m, contact=CAROL,
                     lists=lambda l: 'AL' in l and 'BL' not in l)

        # remove
        m = c.mark()
        c.send('/remove dave')
        c.wait_event('contact', since=m, contact=DAVE, lists=lambda l: 'FL' not in l)
        m = c.mark()
        c.send('/remove dave')
        c.wait_event('error', since=m)
        c.expect_no_event('signed_out', within=0.5)
    test.__name__ = 'test_list_operations_' + proto.lower()
    return test


for _p in ('MSNP7', 'MSNP9', 'MSNP12'):
    _t = _list_operations(_p)
    globals()[_t.__name__] = _t


def _someone_adds_us(proto):
    def test():
        srv = Server()
        c = Client(srv, ALICE, proto)
        c.wait_signed_in()
        m = c.mark()
        srv.ctl('add_rl %s %s' % (DAVE, ALICE))
        c.wait_event('added_you', since=m, contact=DAVE)
        c.wait_event('notice', since=m, text=lambda t: '/accept' in t and DAVE in t)
        m = c.mark()
        c.send('/pending')
        c.wait_event('pending', since=m, contact=DAVE)
        m = c.mark()
        c.send('/accept %s' % DAVE)
        c.wait_event('contact', since=m, contact=DAVE,
                     lists=lambda l: 'AL' in l and 'FL' in l)
        m = c.mark()
        c.send('/pending')
        c.wait_event('notice', since=m, text='nobody is waiting for an answer')
    test.__name__ = 'test_reverse_list_prompt_' + proto.lower()
    return test


for _p in ('MSNP7', 'MSNP12'):
    _t = _someone_adds_us(_p)
    globals()[_t.__name__] = _t


def test_privacy_modes():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    m = c.mark()
    c.send('/privacy')
    first = c.wait_event('privacy', since=m)
    target = 'block' if first['others'] == 'allow' else 'allow'
    m = c.mark()
    c.send('/privacy %s' % target)
    c.wait_event('privacy', since=m, others=target)
    m = c.mark()
    c.send('/privacy prompt off')
    c.wait_event('privacy', since=m, prompt='off')
    m = c.mark()
    c.send('/privacy prompt off')           # the same value again: the server says 218
    c.wait_event('error', since=m, code=218)
    m = c.mark()
    c.send('/privacy sideways')
    c.wait_event('error', since=m, code=0)
