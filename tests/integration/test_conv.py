"""Conversations in daily use (issue 13), headless: one contact has one one-to-one conversation
(a switchboard they open joins it); scripts name a conversation with -c ID; the current
conversation of a headless run is the one with the most recent activity; /msg CONTACT uses the
group conversation CONTACT is in when there is no one-to-one conversation with them."""
from harness import Client, Server, check, open_group, wait_until

ALICE = 'alice@example.com'
BOB = 'bob@example.com'
CAROL = 'carol@example.com'
ECHO = 'echo@example.com'


def _opened(c, since=0):
    return [e for e in c.events[since:] if e['event'] == 'conversation_opened']


def test_a_contact_reopening_after_the_switchboard_closed_joins_the_same_conversation():
    srv = Server(knobs={'sb_idle': 1})
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    srv.ctl('online %s NLN' % BOB)
    c.wait_event('presence', contact=BOB, status='online')
    srv.ctl('say %s %s first' % (BOB, ALICE))
    first = c.wait_event('message', **{'from': BOB, 'text': 'first'})
    c.wait_event('left', contact=BOB, timeout=10)          # the server ended the idle switchboard
    wait_until(lambda: not srv.sessions()['sb'], 5, 'the server to drop the idle switchboard')
    srv.ctl('say %s %s second' % (BOB, ALICE))             # bob opens a new one and rings alice
    second = c.wait_event('message', **{'from': BOB, 'text': 'second'})
    check(second['conversation'] == first['conversation'],
          'bob\'s second switchboard opened conversation %r; his conversation is %r'
          % (second['conversation'], first['conversation']))
    check(len(_opened(c)) == 1, 'conversations opened: %r' % _opened(c))
    # And the reply goes back on bob's switchboard, in the same conversation.
    srv.ctl('clear_history %s' % BOB)
    c.send('/msg %s back to you' % BOB)
    sent = c.wait_event('sent', text='back to you')
    check(sent['conversation'] == first['conversation'], 'the reply went to %r' % sent)
    c.wait_event('delivered', id=sent['id'])
    wait_until(lambda: any('back to you' in h for h in srv.history_of(BOB)), 5, 'bob to get the reply')


def test_an_invitation_to_our_own_conversation_joins_it():
    # alice opened the conversation herself; after it idled out, bob's call joins it.
    srv = Server(knobs={'sb_idle': 1})
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    srv.ctl('online %s NLN' % BOB)
    c.wait_event('presence', contact=BOB, status='online')
    c.send('/msg %s hello bob' % BOB)
    sent = c.wait_event('sent', text='hello bob')
    c.wait_event('delivered', id=sent['id'])
    c.wait_event('left', contact=BOB, timeout=10)
    wait_until(lambda: not srv.sessions()['sb'], 5, 'the server to drop the idle switchboard')
    srv.ctl('say %s %s hi again' % (BOB, ALICE))
    got = c.wait_event('message', **{'from': BOB, 'text': 'hi again'})
    check(got['conversation'] == sent['conversation'], 'bob\'s call opened %r, not %r'
          % (got['conversation'], sent['conversation']))
    check(len(_opened(c)) == 1, 'conversations opened: %r' % _opened(c))


def test_a_group_invitation_is_a_conversation_of_its_own():
    srv = Server()
    alice = Client(srv, ALICE, 'MSNP12')
    bob = Client(srv, BOB, 'MSNP12')
    alice.wait_signed_in()
    bob.wait_signed_in()
    srv.ctl('online %s NLN' % CAROL)
    alice.wait_event('presence', contact=BOB, status='online')
    bob.wait_event('presence', contact=ALICE, status='online')
    bob.wait_event('presence', contact=CAROL, status='online')
    bob.send('/msg %s just us' % ALICE)
    one = alice.wait_event('message', **{'from': BOB, 'text': 'just us'})
    # bob starts a group with carol and alice in a conversation of his own
    m = bob.mark()
    bob.send('/msg %s carol first' % CAROL)
    bob.wait_event('joined', since=m, contact=CAROL)
    bob.send('/invite %s' % ALICE)
    bob.wait_event('joined', since=m, contact=ALICE)
    bob.send('/say all of us')
    group = alice.wait_event('message', **{'from': BOB, 'text': 'all of us'})
    check(group['conversation'] != one['conversation'],
          'the group chat went into the one-to-one conversation %r' % one['conversation'])
    opened = _opened(alice)
    check(len(opened) == 2, 'conversations opened: %r' % opened)
    check(sorted(opened[-1]['participants']) == [BOB, CAROL], 'group participants %r' % opened[-1])


def test_say_nudge_and_close_take_the_conversation_id():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    srv.ctl('online %s NLN' % BOB)
    c.wait_event('presence', contact=BOB, status='online')
    srv.ctl('say %s %s are you there?' % (BOB, ALICE))
    from_bob = c.wait_event('message', **{'from': BOB})
    bob_conv = from_bob['conversation']
    c.send('/msg %s hi echo' % ECHO)
    echo_conv = c.wait_event('message', **{'from': ECHO})['conversation']
    check(echo_conv != bob_conv, 'one conversation for two contacts')
    srv.ctl('clear_history %s' % BOB)
    m = c.mark()
    c.send('/say -c %d yes, here' % bob_conv)                 # not the echo conversation
    sent = c.wait_event('sent', since=m, text='yes, here')
    check(sent['conversation'] == bob_conv, '/say -c went to %r' % sent)
    wait_until(lambda: any('yes, here' in h for h in srv.history_of(BOB)), 5, 'bob to get the answer')
    # an unknown id is an error that names it, and nothing is sent
    m = c.mark()
    c.send('/say -c 987 lost')
    err = c.wait_event('error', since=m)
    check('987' in err['text'], 'the error does not name the id: %r' % err)
    c.expect_no_event('sent', since=m, within=0.5)
    c.send('/nudge -c %d' % bob_conv)
    wait_until(lambda: any('datacast' in h for h in srv.history_of(BOB)), 5, 'bob to get the nudge')
    c.send('/close -c %d' % echo_conv)
    c.wait_event('conversation_closed', conversation=echo_conv)
    check(not c.find('conversation_closed', conversation=bob_conv), 'closed the wrong one')


def test_headless_current_is_the_conversation_with_the_latest_activity():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    srv.ctl('online %s NLN' % BOB)
    c.wait_event('presence', contact=BOB, status='online')
    c.send('/msg %s one' % ECHO)
    c.wait_event('message', **{'from': ECHO, 'text': 'echo: one'})
    # bob opens a conversation: the newest activity is his, so /say and /nudge answer him
    srv.ctl('say %s %s ping' % (BOB, ALICE))
    bob_conv = c.wait_event('message', **{'from': BOB, 'text': 'ping'})['conversation']
    srv.ctl('clear_history %s' % BOB)
    m = c.mark()
    c.send('/say pong')
    sent = c.wait_event('sent', since=m, text='pong')
    check(sent['conversation'] == bob_conv, '/say went to %r, not bob\'s %r' % (sent, bob_conv))
    wait_until(lambda: any('pong' in h for h in srv.history_of(BOB)), 5, 'bob to get pong')
    c.send('plain text too')
    c.wait_event('sent', since=m, text='plain text too', conversation=bob_conv)


def test_msg_uses_the_group_chat_a_contact_is_in():
    srv = Server()
    alice = Client(srv, ALICE, 'MSNP12')
    bob = Client(srv, BOB, 'MSNP12')
    alice.wait_signed_in()
    bob.wait_signed_in()
    open_group(srv, bob, CAROL, ALICE)
    bob.send('/say hello both')
    group = alice.wait_event('message', **{'from': BOB, 'text': 'hello both'})['conversation']
    m = alice.mark()
    alice.send('/msg %s answer in the group' % BOB)    # no one-to-one conversation with bob
    sent = alice.wait_event('sent', since=m, text='answer in the group')
    check(sent['conversation'] == group, '/msg bob went to %r, not the group %r' % (sent, group))
    check(len(_opened(alice)) == 1, 'a new conversation was opened: %r' % _opened(alice))
    got = bob.wait_event('message', **{'from': ALICE, 'text': 'answer in the group'})
    check(got['conversation'] == bob.wait_event('joined', contact=ALICE)['conversation'],
          'bob got it outside the group: %r' % got)
