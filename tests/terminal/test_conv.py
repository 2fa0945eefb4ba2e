"""Conversations in daily use (issue 13), in the terminal: a contact who calls again after the
switchboard closed is back in their window (no second one)."""
import importlib.util
import os
import re

from harness import Server, check


def _load_test_ui():
    # Term lives with the first terminal tests; loaded under a name of its own so that its
    # tests are not collected a second time as this file's.
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test_ui.py')
    spec = importlib.util.spec_from_file_location('msntty_conv_term', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


Term = _load_test_ui().Term
ALICE = 'alice@example.com'
BOB = 'bob@example.com'
CAROL = 'carol@example.com'


def _status_bar(lines):
    return lines[-2]


def test_a_contact_calling_again_is_back_in_the_same_window():
    srv = Server(knobs={'sb_idle': 1})
    t = Term(srv)
    t.signed_in()
    srv.ctl('online %s NLN' % BOB)
    srv.ctl('online %s NLN' % CAROL)
    srv.ctl('say %s %s hello from carol' % (CAROL, ALICE))
    t.wait_for(lambda lines: '2:Carol!' in _status_bar(lines))
    t.wait_for(lambda lines: not srv.sessions()['sb'], 10)    # idle: the server ended it
    srv.ctl('say %s %s carol again' % (CAROL, ALICE))
    t.keys('M-2')
    t.wait_for('carol again')
    bar = _status_bar(t.screen())
    check(not re.search(r'(?<![0-9])3:', bar), 'a second window opened for carol: %r' % bar)
    text = t.text()
    check('hello from carol' in text and 'conversation connection closed' in text,
          'the first message and the closed notice are not in the same window:\n' + text)
