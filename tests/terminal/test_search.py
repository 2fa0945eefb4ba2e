"""Searching in daily use (issue 13): /lastlog into the current window, the Ctrl-R incremental
search over the scrollback, /search over the logs a page at a time. The real binary in tmux
against the test server, like test_ui.py, whose Term it uses."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term, open_echo, sane  # noqa: E402

from harness import check, new_dir  # noqa: E402


def raw_screen(t):
    """The screen with its attributes as escape sequences."""
    return t.tmux('capture-pane', '-p', '-e', '-t', 'main')


def set_off(raw, text):
    """`text` is drawn with an attribute of its own: an escape sequence right before it."""
    return re.search('\x1b\\[[0-9;]*m' + re.escape(text), raw) is not None


def bob_says(server, t, lines):
    server.ctl('online bob@example.com NLN')
    for text in lines:
        server.ctl('say bob@example.com alice@example.com ' + text)
    t.wait_for('2:Bob')
    t.line('/win 2')
    t.wait_for(lines[-1])


def test_lastlog_copies_the_matching_lines_into_the_window(server):
    t = Term(server)
    t.signed_in()
    open_echo(t)
    for text in ('apple pie', 'banana split', 'Apple tart'):
        t.line(text)
        t.wait_for('echo: ' + text)
    t.line('/lastlog apple')
    lines = t.wait_for('end of lastlog')
    text = '\n'.join(lines)
    start = text.index('lastlog "apple":')
    body = text[start:text.index('end of lastlog')]
    # Ignoring case: both messages and both echoes, with their times, nothing else.
    check(body.count('apple pie') == 2 and body.count('Apple tart') == 2, body)
    check('banana' not in body, 'a line that does not match was copied:\n' + body)
    check(re.search(r'\d\d:\d\d <Echo Bot> echo: apple pie', body), 'no time on a copy:\n' + body)
    check('end of lastlog: 4 line(s)' in text, text)
    check(set_off(raw_screen(t), 'Apple'), 'the match is not highlighted')
    sane(t, lines)

    # -case minds case; -count keeps the newest; lastlog output is not searched again.
    t.line('/lastlog -case Apple')
    t.wait_for('end of lastlog: 2 line(s)')
    t.line('/lastlog -count 1 apple')
    lines = t.wait_for('the newest of 4')
    check('end of lastlog: 1 line(s), the newest of 4' in '\n'.join(lines), '\n'.join(lines))
    # Options in any order, a regular expression.
    t.line('/lastlog -regex -count 9 ^echo: (apple|banana)')
    t.wait_for('end of lastlog: 2 line(s)')
    t.line('/lastlog zucchini')
    t.wait_for('lastlog: nothing matches "zucchini"')
    t.line('/lastlog -regex ([')
    t.wait_for('bad regular expression')
    # Tab completes the options.
    t.type('/lastlog -re')
    t.keys('Tab')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('/lastlog -regex'))
    t.keys('C-u')
    t.line('/help lastlog')
    t.wait_for('/lastlog [-case] [-regex] [-count N]')


def test_ctrl_r_finds_highlights_and_scrolls_to_the_match(server):
    t = Term(server)
    t.signed_in()
    filler = ['filler line %02d' % i for i in range(60)]
    bob_says(server, t, ['the needle is here'] + filler[:20] + ['a second needle'] + filler[20:])
    t.keys('C-r')
    t.wait_for(lambda ls: ls[-1].startswith('search (C-r older):'))
    t.type('needle')
    lines = t.wait_for('a second needle')
    check('filler line 59' not in '\n'.join(lines), 'the view did not move to the match')
    check(set_off(raw_screen(t), 'needle'), 'the match is not highlighted')
    t.keys('C-r')   # the older one
    lines = t.wait_for('the needle is here')
    check('more below' in '\n'.join(lines), 'no "more below" marker while reading back')
    t.keys('C-r')   # there is no older one
    t.wait_for(lambda ls: ls[-1].startswith('search (not found):'))
    # Backspace narrows less: the query shrinks, the match stays.
    t.keys('BSpace')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('needl'))
    # Enter leaves the search where it is; the input line is back.
    t.keys('Enter')
    lines = t.wait_for(lambda ls: ls[-1].startswith('[Bob]'))
    check('the needle is here' in '\n'.join(lines), 'Enter did not stay at the match')
    # Esc goes back to the newest lines.
    t.keys('C-r')
    t.type('second')
    t.wait_for('a second needle')
    t.keys('Escape')
    lines = t.wait_for('filler line 59')
    check(lines[-1].startswith('[Bob]'), 'the search prompt stayed: %r' % lines[-1])
    # Any other key leaves the search and does its usual job: typing goes on in the input line.
    t.keys('C-r')
    t.type('filler')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('filler'))
    t.keys('C-a')
    t.type('x')
    t.wait_for(lambda ls: ls[-1].startswith('[Bob]') and ls[-1].rstrip().endswith('x'))
    sane(t, t.screen(), typed='x')


def test_search_over_the_logs_goes_a_page_at_a_time(server):
    data = new_dir('search-data')
    logs = os.path.join(data, 'msntty', 'logs', 'alice@example.com')
    os.makedirs(logs, mode=0o700)
    path = os.path.join(logs, 'bob@example.com.log')
    with open(path, 'w', encoding='utf-8') as fh:
        for i in range(1, 46):
            fh.write('2026-11-21T18:%02d:00+00:00 <bob@example.com> kiwi number %02d\n' % (i, i))
            fh.write('2026-11-21T18:%02d:30+00:00 <bob@example.com> something else\n' % i)
    os.chmod(path, 0o600)
    t = Term(server, cols=160, env={'XDG_DATA_HOME': data})
    t.signed_in()
    t.line('/search kiwi')
    lines = t.wait_for('more: /search -page 2 kiwi')
    text = '\n'.join(lines)
    check('45 line(s) found for "kiwi", page 1 of 5 (newest first)' in text, text)
    check('kiwi number 45' in text, 'the newest hit is not on page 1:\n' + text)
    check('kiwi number 35' not in text and 'something else' not in text, text)
    sane(t, lines)
    t.line('/search -page 5 kiwi')
    lines = t.wait_for('page 5 of 5')
    text = '\n'.join(lines)
    check('kiwi number 01' in text and 'kiwi number 05' in text, text)
    check('more: /search -page 6' not in text, 'a last page offers more:\n' + text)
    t.line('/search -page 6 kiwi')
    t.wait_for('there are 5 page(s) for "kiwi", not 6')
    t.line('/search nowhere-to-be-found')
    t.wait_for('0 line(s) found for "nowhere-to-be-found"')
    t.type('/search -p')
    t.keys('Tab')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('/search -page'))


def test_matches_stay_set_off_in_a_themed_window(server):
    """A format_message that colours the text (main's themes) must not hide the /lastlog marks or
    the Ctrl-R match: both are drawn on top of the themed look."""
    t = Term(server)
    t.signed_in()
    open_echo(t)
    t.line('/set format_message [$time] $nick | {green}$text')
    t.line('quince jam')
    t.wait_for(lambda ls: any(re.search(r'\[\d\d:\d\d\] Echo Bot \| echo: quince jam', l) for l in ls))
    raw = raw_screen(t)
    check(re.search(r'\x1b\[[0-9;]*32[0-9;]*mecho: quince jam', raw), 'the text is not green:\n%r' % raw[-2000:])
    t.line('/lastlog quince')
    t.wait_for('end of lastlog: 2 line(s)')
    raw = raw_screen(t)
    # The match has an attribute of its own, and the text after it goes back to green.
    after = re.search(r'\x1b\[[0-9;]*mquince((?:\x1b\[[0-9;]*m)+) jam', raw)
    check(after and '32' in after.group(1),
          'the lastlog match is not set off from the themed text:\n%r' % raw[-2000:])
    t.keys('C-r')
    t.wait_for(lambda ls: ls[-1].startswith('search (C-r older):'))
    t.type('jam')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('jam'))
    raw = raw_screen(t)
    check(re.search(r'\x1b\[(?:[0-9;]*;)?7(?:;[0-9;]*)?m(?:\x1b\[[0-9;]*m)*jam', raw),
          'the Ctrl-R match is not in reverse video:\n%r' % raw[-2000:])
    t.keys('Escape')
    sane(t, t.screen())
