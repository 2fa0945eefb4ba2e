"""URLs in daily use (issue 13): a URL is never broken by the wrap (one longer than a row is
drawn from column 0 and runs on unindented, so a terminal's URL detection sees one string);
/url lists the window's URLs newest first and /url open N runs url_command on one, as a single
argument and without a shell. The real binary in tmux against the test server (test_ui's Term)."""
import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term, sane  # noqa: E402

import harness  # noqa: E402
from harness import check, _read_file  # noqa: E402


def bob_says(server, t, lines):
    server.ctl('online bob@example.com NLN')
    for text in lines:
        server.ctl('say bob@example.com alice@example.com ' + text)
    t.wait_for('2:Bob')
    t.line('/win 2')
    t.wait_for(lines[-1][-12:])


def rows_from(lines, start):
    """The screen's rows from the one that starts with `start`, joined as a terminal that
    detects URLs over full rows would read them."""
    for i, row in enumerate(lines):
        if row.startswith(start):
            return ''.join(lines[i:])
    return None


def test_a_long_url_runs_on_unindented_and_a_short_one_moves_whole(server):
    cols = 40
    long_url = 'https://example.com/' + 'a' * 30 + '/' + 'b' * 30 + '/end?q=1&r=2'
    short_url = 'https://ex.org/s/p'  # fits a continuation row (28 columns)
    t = Term(server, config=['/set contacts_pane off'])
    t.signed_in()
    bob_says(server, t, ['see ' + long_url + ' for details',
                         'look at this ' + short_url + ' now'])
    # A narrow pane (the window list needs the width to name window 2 first).
    t.resize(cols, 24)
    lines = t.wait_for(lambda ls: all(len(r) <= cols for r in ls) and
                       any(r.strip().startswith(short_url) for r in ls))
    sane(t, lines)
    # The long one: its first row starts at column 0 with the URL, and the rows from there,
    # joined, hold it whole (every row of it full width, nothing indented in between).
    joined = rows_from(lines, 'https://example.com/')
    check(joined is not None, 'no row starts with the long URL:\n' + '\n'.join(lines))
    check(joined.startswith(long_url), 'the long URL is not contiguous on the screen:\n' +
          '\n'.join(lines))
    check(any(row.rstrip().endswith('<Bob> see') for row in lines),
          'the text before the URL did not stay on its row:\n' + '\n'.join(lines))
    # The short one fits a continuation row: it is moved there whole, not cut at the edge.
    check(any(row.startswith(' ' * 12 + short_url) for row in lines),
          'the short URL was split by the wrap:\n' + '\n'.join(lines))
    # Narrower still: the same holds after the resize.
    t.resize(30, 24)
    lines = t.wait_for(lambda ls: all(len(r) <= 30 for r in ls) and
                       (rows_from(ls, 'https://example.com/') or '').startswith(long_url))
    sane(t, lines)


def test_url_lists_and_opens_without_a_shell(server, tmp):
    out = os.path.join(tmp, 'opened')
    script = os.path.join(tmp, 'opener.sh')
    with open(script, 'w', encoding='utf-8') as fh:
        # Every argument on a line of its own, after their count.
        fh.write('#!/bin/sh\n{ printf "%%d\\n" "$#"; for a in "$@"; do printf "%%s\\n" "$a"; '
                 'done; } > %s.tmp && mv %s.tmp %s\n' % ((shlex.quote(out),) * 3))
    os.chmod(script, 0o700)
    evil = 'https://x.example/a;touch$(touch pwned)'.replace(' ', '%20') + '&b=$HOME;id'
    t = Term(server, cols=100, config=['/set contacts_pane off', '/set url_command %s --flag' % script])
    t.signed_in()
    bob_says(server, t, ['first https://one.example/a and www.two.example.',
                         'careful (%s)' % evil])
    t.line('/url')
    lines = t.wait_for('3. <Bob>')
    text = '\n'.join(lines)
    check('URLs in this window, newest first' in text, text)
    check('1. <Bob> ' + evil in text, 'the newest URL is not 1:\n' + text)
    check('2. <Bob> www.two.example' in text and '3. <Bob> https://one.example/a' in text, text)
    check('4. ' not in text, 'a URL listed twice or the list listed itself:\n' + text)

    def opened():
        harness.wait_until(lambda: os.path.exists(out), 10, 'url_command to run')
        got = _read_file(out).split('\n')
        os.unlink(out)
        return got

    t.line('/url open')
    got = opened()
    check(got[:4] == ['2', '--flag', evil, ''], 'url_command got %r' % got)
    check(not os.path.exists(os.path.join(tmp, 'pwned')) and
          not os.path.exists(os.path.join(t.dir, 'pwned')), 'the URL reached a shell')
    t.wait_for('opening ' + evil)
    t.line('/url open 2')
    check(opened()[:3] == ['2', '--flag', 'https://www.two.example'], 'www. was not opened as https')
    # A second /url lists the same three: its own list is not counted.
    t.line('/url')
    t.line('/url open 3')
    check(opened()[:3] == ['2', '--flag', 'https://one.example/a'], 'the list numbering moved')
    t.line('/url open 4')
    t.wait_for('no URL 4; there are 3 URLs in this window: /url open 1 to 3')
    t.line('/url open x')
    t.wait_for('no URL x; there are 3 URLs')
    # A program that cannot start is said so.
    t.line('/set url_command /nonexistent/opener')
    t.line('/url open')
    t.wait_for('cannot run /nonexistent/opener')
    # Tab completes the verb; /help has it.
    t.type('/url op')
    t.keys('Tab')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('/url open'))
    t.keys('C-u')
    t.line('/help url')
    t.wait_for('url_command')
    # A window without URLs says so.
    t.line('/win 1')
    t.line('/clear')
    t.line('/url')
    lines = t.wait_for('no URLs in this window')
    sane(t, lines)
