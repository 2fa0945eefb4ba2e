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


def chat_rows(t, lines):
    """The conversation pane's rows (right of the contact pane's separator), title and bars
    left out."""
    out = []
    for l in lines[1:t.rows - 2]:
        i = l.find('\u2502')
        out.append(l[i + 1:] if i >= 0 else l)
    return out


def test_help_fits_a_24_row_terminal(server):
    t = Term(server)
    t.signed_in()
    t.line('/help')
    lines = t.wait_for('interface ')
    pane = '\n'.join(chat_rows(t, lines))
    sane(t, lines)
    # The whole overview is on screen: its first line and every topic.
    check('commands by topic' in pane, 'the top of /help is lost:\n' + pane)
    for topic in ('session', 'chat', 'lists', 'logs', 'config', 'interface'):
        check(re.search(r'-!- +%s +/' % topic, pane), 'topic %s is not on screen:\n%s' % (topic, pane))
    check('more below' not in pane, 'the overview does not fit:\n' + pane)
    # A list longer than the window starts at its first line, the rest a PageDown away.
    t.line('/help all')
    lines = t.wait_for('more below')
    pane = chat_rows(t, lines)
    check('session: signing in' in pane[0], '/help all does not start at its top:\n' + '\n'.join(pane))
    check('/win' not in '\n'.join(pane), 'the last page is shown first:\n' + '\n'.join(pane))
    for _ in range(8):
        t.keys('PageDown')
        lines = t.screen()
        if 'more below' not in '\n'.join(lines):
            break
    lines = t.wait_for(lambda ls: '/win ' in '\n'.join(chat_rows(t, ls)) and 'more below' not in '\n'.join(ls))
    # A command: its synopsis on a line of its own, then the description, then examples.
    t.line('/help msg')
    lines = t.wait_for('e.g. /msg')
    pane = [re.sub(r'^\s*\d\d:\d\d -!- ', '', r).rstrip() for r in chat_rows(t, lines)]
    i = pane.index('/msg CONTACT [TEXT]')
    check(pane[i + 1].startswith('  Sends TEXT') or pane[i + 1].startswith('Sends'), 'no description under the synopsis:\n' + '\n'.join(pane))


def mouse(t, button, x, y):
    """What the terminal sends for a press at column x, row y (0-based), SGR-encoded."""
    seq = '\x1b[<%d;%d;%dM' % (button, x + 1, y + 1)
    t.tmux('send-keys', '-t', 'main', '-H', *['%02x' % b for b in seq.encode()])


def mouse_flags(t):
    return t.tmux('display-message', '-p', '-t', 'main', '#{mouse_standard_flag}#{mouse_sgr_flag}').strip()


def more_below(lines):
    m = re.search(r'more below: (\d+) line', '\n'.join(lines))
    return int(m.group(1)) if m else 0


def test_mouse_clicks_windows_and_contacts_and_the_wheel_scrolls(server):
    t = Term(server)
    lines = t.signed_in()
    check(mouse_flags(t) == '00', 'mouse reporting is on by default: %r' % mouse_flags(t))
    row = next(i for i, l in enumerate(lines) if 'Echo Bot' in l and '\u2502' in l)
    mouse(t, 0, 5, row)   # off: a click does nothing
    t.line('/set mouse')
    t.wait_for('mouse = off')
    check(t.screen()[-1].startswith('[status]'), 'a click acted with the mouse off')
    t.line('/set mouse on')
    t.wait_for(lambda ls: mouse_flags(t) == '11')
    # A click on a contact opens a conversation with them.
    mouse(t, 0, 5, row)
    t.wait_for(lambda ls: ls[-1].startswith('[Echo Bot]') and '[2:Echo Bot]' in ls[-2])
    # A click on a window's label in the status bar switches to it.
    bar = t.screen()[-2]
    mouse(t, 0, bar.index('1:status') + 2, t.rows - 2)
    t.wait_for(lambda ls: ls[-1].startswith('[status]') and '[1:status]' in ls[-2])
    # The wheel scrolls the window it is over.
    t.line('/help all')
    lines = t.wait_for('more below')
    before = more_below(lines)
    mouse(t, 65, 50, 10)   # wheel down
    lines = t.wait_for(lambda ls: 0 < more_below(ls) < before or 'more below' not in '\n'.join(ls[1:-2]))
    after = more_below(lines)
    mouse(t, 64, 50, 10)   # wheel up
    t.wait_for(lambda ls: more_below(ls) > after)
    t.line('/set mouse off')
    t.wait_for(lambda ls: mouse_flags(t) == '00')


def test_themes_restyle_lines_and_the_status_bar(server):
    t = Term(server)
    t.signed_in()
    open_echo(t)
    t.wait_for(lambda ls: any(re.search(r'\d\d:\d\d <Echo Bot> echo: hello', l) for l in ls))
    # WeeChat-like lines: every line of the window re-renders, the nick in red.
    t.line('/set format_message [$time] {red}$nick{/} | $text')
    lines = t.wait_for(lambda ls: any(re.search(r'\[\d\d:\d\d\] Echo Bot \| echo: hello from the ui', l) for l in ls))
    check(not any('<Echo Bot>' in l for l in lines), 'an old line kept the old format:\n' + '\n'.join(lines))
    raw = t.tmux('capture-pane', '-p', '-e', '-t', 'main')
    check(re.search(r'\x1b\[[0-9;]*31[0-9;]*mEcho Bot', raw), 'the nick is not red:\n%r' % raw[-2000:])
    # A bad format is refused with the reason; the one before stays.
    t.line('/set format_message <$who> $text')
    lines = t.wait_for('unknown field $who')
    check(any(re.search(r'\[\d\d:\d\d\] Echo Bot \| echo: hello', l) for l in lines), 'the old format is gone')
    # Notices and the status bar.
    t.line('/set format_notice $time !! $text')
    t.wait_for(lambda ls: any(re.search(r'\d\d:\d\d !! format_notice = ', l) for l in ls))
    t.line('/set format_status {bold}($status) $nick $windows')
    lines = t.wait_for(lambda ls: '(Online) Alice Liddell' in ls[-2])
    check('[2:Echo Bot]' in lines[-2], 'no window list: %r' % lines[-2])
    sane(t, lines)
