"""Switchboard conversations: /msg, /invite, /nudge, /close, /resend and the events
conversation_opened, joined, left, message, typing, nudge, sent, delivered, failed,
conversation_closed.
"""
import time

from harness import (Client, Server, check, signed_in_pair, wait_until)

ALICE = 'alice@example.com'
BOB = 'bob@example.com'
CAROL = 'carol@example.com'
ECHO = 'echo@example.com'


def _mentions(email):
    """Matcher: the event names `email` in a from/contact field."""
    return lambda v: isinstance(v, str) and v.lower() == email


def _conv_of(ev):
    return ev.get('conversation')


def test_msg_echo_bot():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    c.wait_event('presence', contact=ECHO, status='online')
    c.send('/msg %s hello there' % ECHO)
    sent = c.wait_event('sent', text='hello there')
    check(sent.get('id') is not None, 'sent event without an id: %r' % sent)
    c.wait_event('delivered', id=sent['id'])
    msg = c.wait_event('message', **{'from': ECHO})
    check(msg.get('text') == 'echo: hello there', 'echo answered %r' % msg.get('text'))
    check(msg.get('nick') == 'Echo Bot', 'echo message nick %r' % msg.get('nick'))
    check(_conv_of(msg) == _conv_of(sent), 'the answer arrived in conversation %r, not %r'
          % (_conv_of(msg), _conv_of(sent)))
    c.wait_event('conversation_opened')
    c.wait_event('typing')
    check(any('hello there' in h for h in srv.history_of(ECHO)), 'the echo bot did not receive the text')


def _between_clients(proto_a, proto_b):
    def test():
        srv = Server()
        alice, bob = signed_in_pair(srv, proto_a=proto_a, proto_b=proto_b)
        text = 'Hi Bob! ünïcödé ☕ 100% <b>&amp;</b>'
        alice.send('/msg %s %s' % (BOB, text))
        sent = alice.wait_event('sent', text=text)
        bob.wait_event('conversation_opened')
        msg = bob.wait_event('message', **{'from': ALICE})
        check(msg.get('text') == text, 'bob got %r, want %r' % (msg.get('text'), text))
        check(msg.get('nick') == 'Alice Liddell', 'message nick %r' % msg.get('nick'))
        alice.wait_event('delivered', id=sent['id'])
        alice.wait_event('joined', contact=BOB)
        # and back, in the same conversation
        m = alice.mark()
        bob.send('/msg %s Hello Alice' % ALICE)
        back = alice.wait_event('message', since=m, **{'from': BOB})
        check(back.get('text') == 'Hello Alice', 'alice got %r' % back.get('text'))
        check(_conv_of(back) == _conv_of(sent), 'the reply opened a new conversation on alice\'s side')
        check(len(srv.sessions()['sb']) == 1, 'want one switchboard session, got %r' % srv.sessions()['sb'])
    test.__name__ = 'test_msg_%s_to_%s' % (proto_a.lower(), proto_b.lower())
    return test


test_msg_msnp12_to_msnp12 = _between_clients('MSNP12', 'MSNP12')
test_msg_msnp7_to_msnp12 = _between_clients('MSNP7', 'MSNP12')
test_msg_msnp9_to_msnp2 = _between_clients('MSNP9', 'MSNP2')


def test_puppet_messages_typing_nudge():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    srv.ctl('online %s' % CAROL)
    c.wait_event('presence', contact=CAROL, status='online')
    srv.ctl('typing %s %s' % (CAROL, ALICE))
    c.wait_event('conversation_opened')
    c.wait_event('typing')
    srv.ctl('say %s %s Hello Alice, it is Carol' % (CAROL, ALICE))
    msg = c.wait_event('message', **{'from': CAROL})
    check(msg.get('text') == 'Hello Alice, it is Carol', 'text %r' % msg.get('text'))
    srv.ctl('nudge %s %s' % (CAROL, ALICE))
    c.wait_event('nudge')


def test_nudge_between_clients():
    srv = Server()
    alice, bob = signed_in_pair(srv)
    alice.send('/msg %s hi' % BOB)
    bob.wait_event('message', **{'from': ALICE})
    alice.send('/nudge %s' % BOB)
    bob.wait_event('nudge')


def test_msg_to_offline_contact_fails():
    srv = Server()
    # Offline messages off: the message is not stored for later, so the switchboard's answer
    # stands (doc/protocol/oim-store.md#in-msntty).
    c = Client(srv, ALICE, 'MSNP12', config=['/set offline_messages off'])
    c.wait_signed_in()
    c.send('/msg %s are you there?' % CAROL)     # carol is offline: CAL -> 217
    wait_until(lambda: c.find('failed') or c.find('error'), 15,
               'a failed or error event for a message to an offline contact')
    c.expect_no_event('signed_out', within=0.5)


def test_nak_then_resend():
    srv = Server(knobs={'sb_nak': 1})
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    c.send('/msg %s first try' % ECHO)
    sent = c.wait_event('sent', text='first try')
    fl = c.wait_event('failed', id=sent['id'])
    check(fl.get('reason'), 'failed event without a reason: %r' % fl)
    m = c.mark()
    c.send('/resend')
    again = c.wait_event('sent', since=m, text='first try')
    c.wait_event('delivered', id=again['id'])
    c.wait_event('message', **{'from': ECHO, 'text': 'echo: first try'})


def test_switchboard_dropped():
    srv = Server(knobs={'sb_drop': 1})
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    c.send('/msg %s will be dropped' % ECHO)
    sent = c.wait_event('sent', text='will be dropped')
    c.wait_event('failed', id=sent['id'], timeout=15)
    c.expect_no_event('signed_out', within=1)
    m = c.mark()
    c.send('/msg %s after the drop' % ECHO)
    c.wait_event('message', since=m, **{'from': ECHO, 'text': 'echo: after the drop'})


def test_invite_third_party():
    srv = Server()
    alice, bob = signed_in_pair(srv)
    srv.ctl('online %s' % CAROL)
    alice.wait_event('presence', contact=CAROL, status='online')
    alice.send('/msg %s hi' % BOB)
    bob.wait_event('message', **{'from': ALICE})
    m = alice.mark()
    alice.send('/invite %s' % CAROL)
    alice.wait_event('joined', since=m, contact=CAROL)
    bob.wait_event('joined', contact=CAROL)
    ma = alice.mark()
    srv.ctl('say %s %s hello both' % (CAROL, ALICE))
    alice.wait_event('message', since=ma, **{'from': CAROL, 'text': 'hello both'})
    bob.wait_event('message', **{'from': CAROL, 'text': 'hello both'})


def test_close_conversation():
    srv = Server()
    alice, bob = signed_in_pair(srv)
    alice.send('/msg %s bye soon' % BOB)
    bob.wait_event('message', **{'from': ALICE})
    alice.send('/close')
    alice.wait_event('conversation_closed')
    bob.wait_event('left', contact=ALICE)
    wait_until(lambda: not srv.sessions()['sb'] or all(ALICE not in s['participants'] for s in srv.sessions()['sb']),
               5, 'alice to leave the switchboard on the server')


def test_idle_switchboard_closes():
    # the server ends an idle switchboard (BYE echo 1, then closes); the conversation stays, and
    # the next message opens a new switchboard
    srv = Server(knobs={'sb_idle': 2})
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    c.send('/msg %s idle test' % ECHO)
    first = c.wait_event('message', **{'from': ECHO})
    c.wait_event('left', contact=ECHO, timeout=10)
    wait_until(lambda: not srv.sessions()['sb'], 5, 'the server to drop the idle switchboard')
    c.expect_no_event('signed_out', within=0.5)
    m = c.mark()
    c.send('/msg %s after idle' % ECHO)    # opens a new switchboard
    again = c.wait_event('message', since=m, **{'from': ECHO, 'text': 'echo: after idle'})
    check(_conv_of(again) == _conv_of(first) or c.find('conversation_closed'),
          'a new conversation was opened without closing the old one')


def test_slow_join_still_delivers():
    srv = Server(knobs={'sb_join_delay': 2})
    alice, bob = signed_in_pair(srv)
    t0 = time.monotonic()
    alice.send('/msg %s patience' % BOB)
    bob.wait_event('message', **{'from': ALICE, 'text': 'patience'}, timeout=15)
    check(time.monotonic() - t0 >= 1.5, 'delivered before the join delay?')


def test_invalid_utf8_message_stays_valid_json():
    import base64
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    srv.ctl('online %s' % CAROL)
    c.wait_event('presence', contact=CAROL, status='online')
    payload = (b'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n'
               b'bad \xff\xfe utf8 \x00 and \x1b[2J escape')
    srv.ctl('say_raw %s %s %s' % (CAROL, ALICE, base64.b64encode(payload).decode()))
    ev = c.wait_event('message', **{'from': CAROL})
    check(ev.get('text', '').startswith('bad '), 'text %r' % ev.get('text'))
    c.expect_no_event('signed_out', within=0.5)
