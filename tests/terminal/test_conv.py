"""Conversations in daily use (issue 13), in the terminal: a contact who calls again after the
switchboard closed is back in their window (no second one), and commands from scripts (the
command pipe, --remote) never move the focus or touch what the user is typing."""
import os
import re
import subprocess
import sys

from harness import Client, Server, binary, check, client_env, new_dir, open_group, sanitizer_report, wait_until


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term  # noqa: E402  (only Term: its tests are not collected twice)

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
    check('hello from carol' in text and 'carol again' in text,
          'the first message and the second are not in the same window:\n' + text)
    # The idle close in between is not news (issue 13, feedback): nothing said about it.
    check('conversation connection closed' not in text, 'the idle close was said:\n' + text)


def _remote(term, line):
    env = client_env(new_dir('remote'), None, {'XDG_RUNTIME_DIR': os.path.join(term.dir, 'runtime')})
    p = subprocess.run([binary(), '--remote', line], env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=15)
    err = p.stderr.decode('utf-8', 'replace')
    check(not sanitizer_report(err), 'sanitizer report from --remote:\n' + err)
    check(p.returncode == 0, '--remote %r: exit %d, %s' % (line, p.returncode, err))


def test_a_script_does_not_move_the_focus_or_touch_the_draft():
    srv = Server()
    t = Term(srv)
    t.signed_in()
    srv.ctl('online %s NLN' % BOB)
    t.wait_for('\u25cf Bob')
    t.type('half a thought')
    t.wait_for(lambda lines: lines[-1].rstrip().endswith('half a thought'))
    _remote(t, '/msg %s sent by cron' % BOB)
    wait_until(lambda: any('sent by cron' in h for h in srv.history_of(BOB)), 10, 'bob to get it')
    lines = t.wait_for(lambda lines: '2:Bob' in _status_bar(lines))
    check(lines[-1].startswith('[status]'), 'the focus moved: %r' % lines[-1])
    check(lines[-1].rstrip().endswith('half a thought'), 'the draft changed: %r' % lines[-1])
    check('[2:Bob' not in _status_bar(lines), 'bob\'s window is current: %r' % _status_bar(lines))
    # The pipe is a script too.
    pipe = os.path.join(t.dir, 'runtime', 'msntty', ALICE, 'cmd')
    fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
    try:
        os.write(fd, ('/msg %s through the pipe\n' % BOB).encode())
    finally:
        os.close(fd)
    wait_until(lambda: any('through the pipe' in h for h in srv.history_of(BOB)), 10, 'the pipe message')
    lines = t.screen()
    check(lines[-1].startswith('[status]') and lines[-1].rstrip().endswith('half a thought'),
          'the pipe moved the focus or the draft: %r' % lines[-1])
    # What the script did is there to see, in bob's window.
    t.keys('M-2')
    t.wait_for('through the pipe')
    check('sent by cron' in t.text(), 'the first message is not in bob\'s window')
    t.keys('M-1')
    t.wait_for(lambda lines: lines[-1].startswith('[status]') and lines[-1].rstrip().endswith('half a thought'))


def test_typed_msg_to_someone_in_a_group_stays_private():
    # A script's /msg answers in the group the contact is in; what the user types to one
    # contact must not go to the others of a group chat.
    srv = Server()
    t = Term(srv)
    t.signed_in()
    bob = Client(srv, BOB, 'MSNP12')
    bob.wait_signed_in()
    group = open_group(srv, bob, CAROL, ALICE)
    bob.send('/say hello both')
    t.wait_for(lambda lines: '2:Bob,Carol' in _status_bar(lines))
    t.keys('M-2')
    t.wait_for('hello both')
    t.line('/msg %s just between us' % BOB)
    got = bob.wait_event('message', **{'from': ALICE, 'text': 'just between us'})
    check(got['conversation'] != group, 'a typed /msg bob went into the group chat: %r' % got)
