"""How the interface looks in daily use (issue 13): many windows in the status bar, /help that
fits a 24-row terminal, the mouse, and themes (the format_* settings). The real binary in tmux
against the test server, like test_ui.py, whose Term it uses."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term, open_echo, sane  # noqa: E402

from harness import check  # noqa: E402


def status_bar(lines):
    return lines[-2]


def test_many_windows_keep_the_current_and_active_ones_named(server):
    t = Term(server, cols=64)
    t.signed_in()
    for i in range(2, 15):  # windows 2..14, each named by a long address
        t.line('/msg someone%02d@example.com' % i)
        t.wait_for(lambda ls, i=i: ls[-1].startswith('[someone%02d@' % i))
    server.ctl('online bob@example.com NLN')
    server.ctl('say bob@example.com alice@example.com ping from bob')
    lines = t.wait_for(lambda ls: '15:Bob!' in status_bar(ls))
    bar = status_bar(lines)
    sane(t, lines)
    # The current window (14) is named, the active one too; the quiet ones are counted, not
    # crammed in as bare numbers.
    check('[14:someone14@exa' in bar, 'the current window lost its name: %r' % bar)
    check(re.search(r'\+\d+\s*$', bar), 'the left-out windows are not counted: %r' % bar)
    check(not re.search(r'(^|\s)[2-9] ', bar), 'quiet windows as bare numbers: %r' % bar)
    t.line('/win 3')
    lines = t.wait_for(lambda ls: '[3:someone03@exa' in status_bar(ls))
    check('15:Bob!' in status_bar(lines), 'the active window left the list: %r' % status_bar(lines))
