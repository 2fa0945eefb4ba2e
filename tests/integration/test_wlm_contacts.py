"""The contact list at MSNP13+ (issue 11): the address book and sharing services over HTTPS and
ADL/RML on the NS. The list at sign-in, every list command in its SOAP form, someone adding us,
SOAP faults and broken answers, and an MSNP12 session of the same account seeing the changes
(the server keeps one list state behind SYN and the SOAP services)."""
from harness import Client, Server, check

ALICE = 'alice@example.com'
BOB = 'bob@example.com'
CAROL = 'carol@example.com'
DAVE = 'dave@example.com'
ECHO = 'echo@example.com'

VERSIONS = ('MSNP13', 'MSNP15', 'MSNP16', 'MSNP18')


def _lists(ev):
    return set(ev.get('lists') or [])


def _contacts_at_sign_in(c):
    """The `contact` events up to sign-in, by address."""
    out = {}
    for ev in c.events:
        if ev.get('event') == 'signed_in':
            break
        if ev.get('event') == 'contact':
            out[ev['contact']] = ev
    return out


def _sign_in_list(proto):
    def test():
        srv = Server()
        srv.ctl('add_rl %s %s' % (DAVE, ALICE))     # dave added alice: pending
        c = Client(srv, ALICE, proto)
        c.wait_signed_in(protocol=proto, nick='Alice Liddell')
        listed = _contacts_at_sign_in(c)
        check(set(listed) >= {BOB, CAROL, ECHO, DAVE}, 'listed at sign-in: %r' % sorted(listed))
        check({'FL', 'AL', 'RL'} <= _lists(listed[BOB]), 'bob: %r' % listed[BOB])
        check(listed[BOB]['nick'] == 'Bob', 'bob nick: %r' % listed[BOB])
        check(listed[BOB]['groups'] == ['Friends'], 'bob groups: %r' % listed[BOB])
        check(sorted(listed[CAROL]['groups']) == ['Friends', 'Work'], 'carol: %r' % listed[CAROL])
        check('FL' not in _lists(listed[DAVE]) and 'PL' in _lists(listed[DAVE]),
              'dave pending: %r' % listed[DAVE])
        m = c.mark()
        c.send('/group')
        c.wait_event('notice', since=m, text='group Friends')
        c.wait_event('notice', since=m, text='group Work')
        m = c.mark()
        c.send('/pending')
        c.wait_event('pending', since=m, contact=DAVE)
    test.__name__ = 'test_wlm_sign_in_list_' + proto.lower()
    return test


def _list_operations(proto):
    def test():
        srv = Server()
        c = Client(srv, ALICE, proto)
        c.wait_signed_in(protocol=proto)

        m = c.mark()
        c.send('/add %s' % DAVE)
        c.wait_event('contact', since=m, contact=DAVE, lists=lambda l: {'FL', 'AL'} <= set(l))
        m = c.mark()
        c.send('/add nobody@example.com')
        err = c.wait_event('error', since=m)
        check('InvalidPassportUser' in err['text'], 'adding an unknown account: %r' % err)

        m = c.mark()
        c.send('/group add Pals')
        g = c.wait_event('group', since=m)
        check(g['name'] == 'Pals', 'new group %r' % g)
        m = c.mark()
        c.send('/move dave Pals')
        c.wait_event('contact', since=m, contact=DAVE, groups=lambda gs: gs == ['Pals'])
        m = c.mark()
        c.send('/move carol Pals')
        c.wait_event('contact', since=m, contact=CAROL, groups=lambda gs: gs == ['Pals'])
        m = c.mark()
        c.send('/group rename Pals Best Pals')
        renamed = c.wait_event('group', since=m, id=g['id'])
        check(renamed['name'] == 'Best Pals', 'renamed group %r' % renamed)
        m = c.mark()
        c.send('/group add Best Pals')          # exists: the service's fault, shown
        err = c.wait_event('error', since=m)
        check('GroupAlreadyExists' in err['text'], 'duplicate group: %r' % err)
        m = c.mark()
        c.send('/group remove Best Pals')
        c.wait_event('group_removed', since=m, id=g['id'])

        m = c.mark()
        c.send('/block carol')
        c.wait_event('contact', since=m, contact=CAROL,
                     lists=lambda l: 'BL' in l and 'AL' not in l)
        m = c.mark()
        c.send('/unblock carol')
        c.wait_event('contact', since=m, contact=CAROL,
                     lists=lambda l: 'AL' in l and 'BL' not in l)

        m = c.mark()
        c.send('/remove dave')
        c.wait_event('contact', since=m, contact=DAVE, lists=lambda l: 'FL' not in l)

        m = c.mark()
        c.send('/privacy block')
        c.wait_event('privacy', since=m, others='block')
        m = c.mark()
        c.send('/privacy prompt off')
        c.wait_event('privacy', since=m, prompt='off')
        c.expect_no_event('signed_out', within=0.5)
        c.expect_no_event('disconnected', within=0.1)

        # An MSNP12 session of the same account sees what SOAP changed.
        c.send('/quit')
        c.wait_exit()
        old = Client(srv, ALICE, 'MSNP12')
        old.wait_signed_in()
        listed = _contacts_at_sign_in(old)
        check(DAVE not in listed or 'FL' not in _lists(listed[DAVE]), 'dave removed: %r' % listed)
        check({'FL', 'AL'} <= _lists(listed[CAROL]) and 'BL' not in _lists(listed[CAROL]),
              'carol unblocked: %r' % listed.get(CAROL))
        check(listed[CAROL]['groups'] == [], 'carol out of the removed group: %r' % listed[CAROL])
        m = old.mark()
        old.send('/privacy')
        p = old.wait_event('privacy', since=m)
        check(p['others'] == 'block' and p['prompt'] == 'off', 'privacy at MSNP12: %r' % p)
    test.__name__ = 'test_wlm_list_operations_' + proto.lower()
    return test


def _someone_adds_us(proto, accept):
    def test():
        srv = Server()
        c = Client(srv, ALICE, proto)
        c.wait_signed_in(protocol=proto)
        m = c.mark()
        dave = Client(srv, DAVE, 'MSNP12', label='dave')
        dave.wait_signed_in()
        dave.send('/add %s' % ALICE)
        c.wait_event('added_you', since=m, contact=DAVE)
        c.wait_event('notice', since=m, text=lambda t: '/accept' in t and DAVE in t)
        m = c.mark()
        if accept:
            c.send('/accept %s' % DAVE)
            c.wait_event('contact', since=m, contact=DAVE,
                         lists=lambda l: {'AL', 'FL'} <= set(l) and 'PL' not in l)
        else:
            c.send('/block %s' % DAVE)
            c.wait_event('contact', since=m, contact=DAVE,
                         lists=lambda l: 'BL' in l and 'PL' not in l)
        m = c.mark()
        c.send('/pending')
        c.wait_event('notice', since=m, text='nobody is waiting for an answer')
        # and the server agrees: signed in again, nobody is pending
        c.send('/quit')
        c.wait_exit()
        again = Client(srv, ALICE, proto)
        again.wait_signed_in(protocol=proto)
        listed = _contacts_at_sign_in(again)
        check('PL' not in _lists(listed[DAVE]), 'dave still pending: %r' % listed[DAVE])
        check(('AL' if accept else 'BL') in _lists(listed[DAVE]), 'dave: %r' % listed[DAVE])
    test.__name__ = 'test_wlm_added_you_%s_%s' % ('accept' if accept else 'decline', proto.lower())
    return test


def _faults(proto):
    def test():
        srv = Server()
        for knob, method, words in (('soap_fault', 'FindMembership', 'InternalError'),
                                    ('soap_http500', 'ABFindAll', 'HTTP 500'),
                                    ('soap_truncate', 'ABFindAll', 'not XML')):
            srv.knob(knob, method)
            c = Client(srv, ALICE, proto, label='%s %s' % (knob, method))
            ev = c.wait_event('disconnected', timeout=20)
            check(method in ev['text'] and words in ev['text'],
                  '%s=%s: %r' % (knob, method, ev))
            srv.knob(knob, '')
            c.wait_signed_in(timeout=30)      # the reconnect logic tries again, and it works
            c.send('/quit')
            c.wait_exit()
        srv.knob('soap_slow', '2')            # slow answers are waited for
        c = Client(srv, ALICE, proto, label='slow')
        c.wait_signed_in(timeout=30)
        srv.knob('soap_slow', '0')
        srv.knob('soap_fault', 'ABGroupAdd')
        m = c.mark()
        c.send('/group add Pals')
        err = c.wait_event('error', since=m)
        check('ABGroupAdd' in err['text'], 'a fault after sign-in: %r' % err)
        c.expect_no_event('disconnected', within=0.5)
    test.__name__ = 'test_wlm_soap_faults_' + proto.lower()
    test.timeout = 120
    return test


for _p in VERSIONS:
    for _t in (_sign_in_list(_p), _list_operations(_p), _someone_adds_us(_p, True),
               _someone_adds_us(_p, False), _faults(_p)):
        globals()[_t.__name__] = _t
