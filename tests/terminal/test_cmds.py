"""Issue 13's daily commands in the real interface: /me, /query, /away and /back, /clear, the
/window verbs, /ignore and Ctrl-Z.  Each is in /help, the man page (tests/integration/test_docs)
and Tab completion; here each is driven end to end against the test server in tmux, and every
check waits for what appears on the screen (or in the server's or the peer's record)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import CERT, Client, check, nick_of, wait_until  # noqa: E402
from test_ui import Term, open_echo  # noqa: E402


def bob_online(server):
    server.ctl('online bob@example.com NLN')


def status_bar(lines):
    return lines[-2]


def test_me_sends_an_action_and_shows_one(server):
    t = Term(server, cols=160)
    t.signed_in()
    bob_online(server)
    t.wait_for('\u25cf Bob')
    t.line('/msg bob hello bob')
    wait_until(lambda: any('hello bob' in p for p in server.history_of('bob@example.com')), 10,
               'bob got the first message')
    t.line('/me waves at bob')
    # On the wire: plain text every client shows sensibly.
    wait_until(lambda: any('* Alice Liddell waves at bob' in p
                           for p in server.history_of('bob@example.com')), 10,
               'bob got "* Alice Liddell waves at bob"')
    lines = t.wait_for('* Alice Liddell waves at bob')
    check(not any('<Alice Liddell> * Alice' in l for l in lines), 'the action has a <nick>:\n'
          + '\n'.join(lines))
    # From the other side, as an action; a star that is no action stays a message.
    server.ctl('say bob@example.com alice@example.com * Bob waves back')
    server.ctl('say bob@example.com alice@example.com * footnote, not an action')
    lines = t.wait_for('footnote, not an action')
    text = '\n'.join(lines)
    check('* Bob waves back' in text and '<Bob> * Bob' not in text, 'no action line:\n' + text)
    check('<Bob> * footnote' in text, 'a plain star message became an action:\n' + text)
    # The look of an action is the format_action setting; format_message leaves it alone.
    t.line('/set format_message [$time] $nick | $text')
    t.wait_for(lambda ls: any(re.search(r'\] Bob \| \* footnote', l) for l in ls))
    check('* Bob waves back' in '\n'.join(t.wait_for('* Bob waves back')),
          'format_message changed an action')
    t.line('/set format_action $time $nick ~ $text')
    lines = t.wait_for('Bob ~ waves back')
    check(any('Alice Liddell ~ waves at bob' in l for l in lines),
          'our own action kept the old look:\n' + '\n'.join(lines))


def test_query_opens_a_window_and_sends_nothing(server):
    t = Term(server, cols=160)
    t.signed_in()
    t.line('/query echo')
    lines = t.wait_for(lambda ls: ls[-1].startswith('[Echo Bot]'))
    check('[2:Echo Bot]' in status_bar(lines), 'no window 2: %r' % status_bar(lines))
    t.wait_for('talking to Echo Bot <echo@example.com>: nothing sent yet')
    t.line('first words')   # what comes next goes there: the echo answers only this line
    lines = t.wait_for('echo: first words')
    check('\n'.join(lines).count('echo: ') == 1, '/query sent something:\n' + '\n'.join(lines))


def test_window_verbs_and_clear(server):
    t = Term(server, cols=160)
    t.signed_in()
    open_echo(t)
    bob_online(server)
    server.ctl('say bob@example.com alice@example.com ping from bob')
    t.wait_for(lambda ls: '3:Bob' in status_bar(ls))
    t.line('/window list')
    t.wait_for('1: status')
    t.wait_for('2: Echo Bot')
    t.wait_for('3: Bob')
    t.line('/window goto bo')      # by the beginning of its name
    t.wait_for(lambda ls: ls[-1].startswith('[Bob]') and 'ping from bob' in '\n'.join(ls))
    t.line('/window move 2')
    lines = t.wait_for(lambda ls: '[2:Bob]' in status_bar(ls) and '3:Echo Bot' in status_bar(ls))
    t.wait_for('moved Bob to window 2')
    t.line('/window goto 3')       # by number
    t.wait_for(lambda ls: ls[-1].startswith('[Echo Bot]'))
    t.line('/win 2')               # /win still works, on the new order
    t.wait_for(lambda ls: ls[-1].startswith('[Bob]'))
    t.line('/clear')
    t.wait_for('window cleared')
    t.wait_gone('ping from bob')
    server.ctl('say bob@example.com alice@example.com after the clear')
    t.wait_for('after the clear')
    check('ping from bob' not in t.text(), 'the cleared line came back')
    t.line('/window goto nobody-here')
    t.wait_for('no window matches "nobody-here"')
    t.line('/window close 1')
    t.wait_for('the status window cannot be closed')
    t.line('/window close')
    t.wait_for(lambda ls: 'Bob' not in status_bar(ls) and '2:Echo Bot' in status_bar(ls))
    # Tab completes the command and its verbs.
    t.type('/windo')
    t.keys('Tab')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('/window'))
    t.type('go')
    t.keys('Tab')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('/window goto'))


def test_tab_completes_the_new_commands(server):
    t = Term(server, cols=160)
    t.signed_in()
    for typed, full in (('/que', '/query'), ('/awa', '/away'), ('/bac', '/back'),
                        ('/igno', '/ignore'), ('/unig', '/unignore'), ('/cle', '/clear'),
                        ('/susp', '/suspend'), ('/windo', '/window')):
        t.type(typed)
        t.keys('Tab')
        t.wait_for(lambda ls, f=full: ls[-1].rstrip().endswith(f))
        t.keys('C-u')
        t.wait_for(lambda ls, f=full: not ls[-1].rstrip().endswith(f))
    t.type('/away -r')
    t.keys('Tab')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('/away -reply'))


def _log_of(t, contact):
    return os.path.join(t.dir, 'data', 'msntty', 'logs', 'alice@example.com', contact + '.log')


def test_ignore_hides_marks_logs_and_saves(server):
    t = Term(server, cols=160)
    t.signed_in()
    bob_online(server)
    t.wait_for('\u25cf Bob')
    t.line('/ignore bob')
    t.wait_for('ignoring bob@example.com: their messages are logged but not shown')
    t.wait_for('\u25cf Bob (ignored)')          # the mark in the contact pane
    server.ctl('say bob@example.com alice@example.com secret from bob')
    # Logged (the sync point: it has arrived and been handled) ...
    log = _log_of(t, 'bob@example.com')
    wait_until(lambda: os.path.exists(log) and 'secret from bob' in harness._read_file(log), 10,
               'the ignored message in the log')
    t.line('/contacts')
    lines = t.wait_for('bob@example.com (Bob) online, allowed (ignored)')
    # ... yet not shown: no window, no activity, no text.
    check('Bob' not in status_bar(lines), 'a window for the ignored contact: %r' % status_bar(lines))
    check('secret from bob' not in '\n'.join(lines), 'the ignored message is shown')
    t.line('/ignore')
    t.wait_for('ignored (1): bob@example.com')
    t.line('/save')
    cfg = os.path.join(t.dir, 'test-config')
    wait_until(lambda: '/ignore bob@example.com' in harness._read_file(cfg), 10,
               '/save wrote the /ignore line')
    check(os.stat(cfg).st_mode & 0o077 == 0, 'the config file is not private')
    t.line('/unignore bob')
    t.wait_for('bob@example.com is no longer ignored')
    t.wait_for(lambda ls: any(l.startswith(' \u25cf Bob') and '(ignored)' not in l for l in ls))
    server.ctl('say bob@example.com alice@example.com visible again')
    t.wait_for(lambda ls: '2:Bob' in status_bar(ls))
    t.line('/win 2')
    lines = t.wait_for('visible again')
    check('secret from bob' not in '\n'.join(lines), 'the ignored line shows after /unignore')


def test_ignore_survives_a_restart(server):
    t = Term(server, cols=160, config=['/ignore bob@example.com'])
    t.signed_in()
    bob_online(server)
    t.wait_for('\u25cf Bob (ignored)')
    t.line('/ignore')
    t.wait_for('ignored (1): bob@example.com')


def _wlm_term(server, **kw):
    return Term(server, cols=160, proto='MSNP12', args=['--web', 'https://127.0.0.1:%d' % server.https,
                                              '--ca-file', CERT], **kw)


def test_away_psm_and_auto_reply_then_back(server):
    t = _wlm_term(server)
    t.signed_in()
    bob = Client(server, 'bob@example.com', 'MSNP12')
    bob.wait_signed_in()
    bob.wait_event('presence', contact='alice@example.com', status='online')
    t.line('/psm writing code')
    bob.wait_event('presence', contact='alice@example.com', psm='writing code')
    m = bob.mark()
    t.line('/away -both out for lunch')
    t.wait_for('you are away (status away); personal message "out for lunch"')
    bob.wait_event('presence', since=m, contact='alice@example.com', status='away')
    bob.wait_event('presence', since=m, contact='alice@example.com', psm='out for lunch')
    m = bob.mark()
    bob.send('/msg alice@example.com are you there')
    bob.wait_event('message', since=m, text='auto-reply: out for lunch')
    bob.send('/say still there?')
    t.wait_for(lambda ls: '2:Bob' in status_bar(ls))
    t.line('/window goto bob')
    t.wait_for('still there?')      # both arrived, and the second was answered or not by now
    t.line('/back')
    t.wait_for('welcome back: status online, personal message "writing code" again')
    bob.wait_event('presence', since=m, contact='alice@example.com', status='online')
    bob.wait_event('presence', since=m, contact='alice@example.com', psm='writing code')
    replies = [e for e in bob.events[m:] if e['event'] == 'message'
               and e['text'].startswith('auto-reply:')]
    check(len(replies) == 1, 'not one auto-reply: %r' % replies)
    t.line('/back')
    t.wait_for('/back: you are not away (see /away)')


def test_away_message_setting_decides_reply_only(server):
    t = _wlm_term(server, config=['/set away_message reply'])
    t.signed_in()
    bob = Client(server, 'bob@example.com', 'MSNP12')
    bob.wait_signed_in()
    bob.wait_event('presence', contact='alice@example.com', status='online')
    t.line('/away in a meeting')
    t.wait_for('gets "auto-reply: in a meeting" once')
    ev = bob.wait_event('presence', contact='alice@example.com', status='away')
    check(not ev.get('psm'), 'the personal message changed: %r' % ev)
    m = bob.mark()
    bob.send('/msg alice@example.com ping')
    bob.wait_event('message', since=m, text='auto-reply: in a meeting')


class ShellTerm(Term):
    """A Term whose msntty runs as a job of an interactive bash, so Ctrl-Z has a shell to stop
    to and `fg` to come back from."""

    def tmux(self, *args, check_rc=True):
        if args and args[0] == 'new-session':
            self.script = args[-1]
            args = args[:-1] + ('env PS1=shell-prompt$ bash --norc --noprofile -i',)
        return super().tmux(*args, check_rc=check_rc)

    def __init__(self, server, **kw):
        super().__init__(server, **kw)
        self.wait_for('shell-prompt$')
        self.type(self.script)
        self.keys('Enter')


def test_ctrl_z_suspends_to_the_shell_and_fg_redraws(server):
    t = ShellTerm(server)
    t.signed_in()
    open_echo(t)
    t.type('a draft kept')
    t.wait_for(lambda ls: ls[-1].rstrip().endswith('a draft kept'))
    t.keys('C-z')
    lines = t.wait_for('Stopped')
    check(not any('[Echo Bot]' in l for l in lines), 'the interface is still on screen:\n'
          + '\n'.join(lines))
    t.type('echo the shell works')
    t.keys('Enter')
    t.wait_for('\nthe shell works')
    t.type('fg')
    t.keys('Enter')
    # Redrawn whole: the contact pane, the window, the status bar and the draft.
    lines = t.wait_for(lambda ls: ls[-1].rstrip().endswith('a draft kept') and
                       any('Friends' in l for l in ls) and
                       any('echo: hello from the ui' in l for l in ls))
    check('the shell works' not in '\n'.join(lines), 'the shell output was not painted over')
    t.keys('C-u')
    t.line('still alive after fg')   # the loop goes on
    t.wait_for('echo: still alive after fg')
