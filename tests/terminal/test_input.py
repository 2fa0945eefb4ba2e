"""The input line in daily use (issue 13): nick completion in a conversation, the input history
shared across windows and kept across /close and restarts, and URLs in the chat pane. The real
binary in tmux against the test server, like test_ui.py, whose Term it uses."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term  # noqa: E402

from harness import check  # noqa: E402


def input_line(lines):
    return lines[-1].rstrip()


def bob_says(t, server, text):
    server.ctl('online bob@example.com NLN')
    server.ctl('say bob@example.com alice@example.com ' + text)
    t.wait_for(lambda ls: ':Bob' in ls[-2])
    t.line('/win 2')
    t.wait_for(lambda ls: ls[-1].startswith('[Bob]'))
    t.wait_for(text)


def test_nick_completion_in_a_conversation(server):
    t = Term(server)
    t.signed_in()
    bob_says(t, server, 'are you there')
    t.type('b')
    t.keys('Tab')  # the first word addresses someone, as in irssi
    t.wait_for(lambda ls: input_line(ls).endswith('] Bob:'))
    t.type('thanks bob@ex')
    t.keys('Tab')  # a later word: the nickname alone, found by e-mail
    t.wait_for(lambda ls: input_line(ls).endswith('Bob: thanks Bob'))
    t.keys('Enter')
    lines = t.wait_for('Bob: thanks Bob')
    check(any('<Alice' in l and 'Bob: thanks Bob' in l for l in lines),
          'the completed line was not sent:\n' + '\n'.join(lines))
