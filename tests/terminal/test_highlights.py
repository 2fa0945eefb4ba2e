"""Highlights in group chats (issue 13): a message naming you (your nickname, the part of your
address before the @, a highlight_words entry) raises its window to the highest activity (!),
shows the word highlighted and rings as a private message does; other group messages only
mark the window (+) and stay quiet. The real binary in tmux against the test server."""
import os
import re
import shlex
import sys

from harness import Client, Server, check, open_group, wait_until


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term  # noqa: E402  (only Term: its tests are not collected twice)

ALICE = 'alice@example.com'
BOB = 'bob@example.com'
CAROL = 'carol@example.com'


def _notified(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as fh:
        return fh.read().splitlines()


def _group_with_bob_and_carol(tmp, words=''):
    """Alice in tmux (window 1 current), in a group chat bob opened with carol; notify_command
    writes its arguments to a file."""
    out = os.path.join(tmp, 'notified')
    script = os.path.join(tmp, 'notify.sh')
    with open(script, 'w', encoding='utf-8') as fh:
        fh.write('#!/bin/sh\nprintf "%%s|%%s\\n" "$1" "$2" >> %s\n' % shlex.quote(out))
    os.chmod(script, 0o700)
    srv = Server()
    config = ['/set notify_command %s' % script]
    if words:
        config.append('/set highlight_words %s' % words)
    t = Term(srv, config=config)
    t.signed_in()
    bob = Client(srv, BOB, 'MSNP12')
    bob.wait_signed_in()
    open_group(srv, bob, CAROL, ALICE)
    return srv, t, bob, out


def _window_tab(t):
    return re.search(r'2:Bob,Carol([+!]?)', t.screen()[-2])


def test_a_group_message_not_naming_you_only_marks_the_window(tmp):
    srv, t, bob, out = _group_with_bob_and_carol(tmp)
    bob.send('/say just chatting here')
    t.wait_for(lambda lines: '2:Bob,Carol+' in lines[-2])
    # A private message afterwards does ring: notify_command is live, and it ran only for it.
    srv.ctl('online dave@example.com NLN')
    srv.ctl('say dave@example.com %s a private word' % ALICE)
    wait_until(lambda: _notified(out), 10, 'notify_command for a private message')
    got = _notified(out)
    check(got == ['dave@example.com|a private word'], 'notify_command ran for a plain group message: %r' % got)


def test_your_address_local_part_highlights_a_group_message(tmp):
    srv, t, bob, out = _group_with_bob_and_carol(tmp)
    bob.send('/say hey Alice, look at this')
    t.wait_for(lambda lines: '2:Bob,Carol!' in lines[-2])
    wait_until(lambda: _notified(out), 10, 'notify_command for a highlight')
    check(_notified(out) == ['%s|hey Alice, look at this' % BOB], 'notified: %r' % _notified(out))
    # Whole words only: "alicent" does not name alice.
    t.keys('M-2')
    t.wait_for('look at this')
    t.keys('M-1')
    bob.send('/say alicent is not her')
    t.wait_for(lambda lines: '2:Bob,Carol+' in lines[-2])
    check(len(_notified(out)) == 1, 'a word containing the name highlighted: %r' % _notified(out))


def test_highlight_words_are_drawn_highlighted_and_reported_in_the_event(tmp):
    srv, t, bob, out = _group_with_bob_and_carol(tmp, words='release, Big News')
    bob.send('/say the RELEASE is out')
    t.wait_for(lambda lines: '2:Bob,Carol!' in lines[-2])
    wait_until(lambda: _notified(out), 10, 'notify_command for a highlight word')
    bob.send('/say some big news today')
    wait_until(lambda: len(_notified(out)) == 2, 10, 'notify_command for a two-word entry')
    t.keys('M-2')
    t.wait_for('big news today')
    raw = t.tmux('capture-pane', '-p', '-e', '-t', 'main')
    check(re.search('\x1b\\[[0-9;]*mRELEASE', raw), 'the highlight word is not set off:\n%r' % raw[-1500:])
    check(re.search('\x1b\\[[0-9;]*mbig news', raw), 'the two-word entry is not set off')
    check(not re.search('\x1b\\[[0-9;]*mtoday', raw), 'a word that is no highlight is set off')


def test_the_message_event_says_highlight_only_for_a_group_message_naming_you():
    srv = Server()
    alice = Client(srv, ALICE, 'MSNP12', config=['/set highlight_words pizza'])
    alice.wait_signed_in()
    bob = Client(srv, BOB, 'MSNP12')
    bob.wait_signed_in()
    srv.ctl('online %s NLN' % CAROL)
    bob.wait_event('presence', contact=CAROL, status='online')
    bob.wait_event('presence', contact=ALICE, status='online')
    bob.send('/msg %s pizza for one' % ALICE)
    one = alice.wait_event('message', text='pizza for one')
    check('highlight' not in one, 'a one-to-one message carries highlight: %r' % one)
    bob.send('/invite -c %s %s' % (bob.wait_event('joined', contact=ALICE)['conversation'], CAROL))
    bob.wait_event('joined', contact=CAROL)
    bob.send('/say pizza for all')
    got = alice.wait_event('message', text='pizza for all')
    check(got.get('highlight') is True, 'a group message naming a highlight word: %r' % got)
    bob.send('/say pasta for all')
    plain = alice.wait_event('message', text='pasta for all')
    check('highlight' not in plain, 'a plain group message carries highlight: %r' % plain)
