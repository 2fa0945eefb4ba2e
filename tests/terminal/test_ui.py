"""The curses interface, end to end: the real binary in a private tmux server against the test
server.  Keys go in with `tmux send-keys`, pastes with `paste-buffer -p` (bracketed), and the
screen comes back with `capture-pane -p`; every check polls the screen with a timeout."""
import json
import os
import re
import resource
import shlex
import subprocess
import time
import unicodedata
import uuid

import harness
from harness import (binary, check, client_env, fail, new_dir, password_of, sanitizer_report,
                     wait_until,
                     _read_file, _tail)

TMUX = 'tmux'


def display_width(s):
    """Columns a string takes on the terminal (wide CJK and emoji count 2, marks 0)."""
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or ch in '\u200d\ufe0f':
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ('W', 'F') else 1
    return w


class Term:
    """msntty with its interface, in a detached tmux session of its own (`tmux -L` socket)."""

    def __init__(self, server, account='alice@example.com', proto='MSNP7', cols=80, rows=24,
                 env=None, args=(), config=()):
        if subprocess.run(['which', TMUX], capture_output=True).returncode != 0:
            fail('tmux is not installed (tools/deps.sh installs it)')
        self.server = server
        self.label = 'terminal %s' % account
        self.dir = new_dir('term-' + account.split('@')[0])
        self.socket = 'msntty-test-%d-%s' % (os.getpid(), uuid.uuid4().hex[:8])
        self.rows, self.cols = rows, cols
        self.err_path = os.path.join(self.dir, 'stderr')
        self.status_path = os.path.join(self.dir, 'exit-status')
        cfg = os.path.join(self.dir, 'test-config')
        with open(cfg, 'w', encoding='utf-8') as fh:
            fh.write(''.join(l + '\n' for l in ['/set connect_timeout 5', '/set login_timeout 15'] + list(config)))
        os.chmod(cfg, 0o600)
        full_env = client_env(self.dir, password_of(account), env)
        full_env.pop('TERM', None)   # tmux sets it for the pane
        argv = [binary(), '-a', account, '-s', '127.0.0.1:%d' % server.ns, '-p', proto, '-c', cfg] + list(args)
        # A wrapper script keeps the password out of argv and records the exit status.
        script = os.path.join(self.dir, 'run.sh')
        with open(script, 'w', encoding='utf-8') as fh:
            fh.write('#!/bin/sh\n')
            for k, v in sorted(full_env.items()):
                if re.match(r'^[A-Za-z_][A-Za-z0-9_]*$', k):
                    fh.write('export %s=%s\n' % (k, shlex.quote(v)))
            fh.write('cd %s\n' % shlex.quote(self.dir))
            fh.write('%s 2>%s\n' % (' '.join(shlex.quote(a) for a in argv), shlex.quote(self.err_path)))
            fh.write('echo $? > %s\n' % shlex.quote(self.status_path))
        os.chmod(script, 0o700)
        self.finished = False
        harness._ctx.register(self)
        self.tmux('new-session', '-d', '-x', str(cols), '-y', str(rows), '-s', 'main', script)

    # -- tmux
    def tmux(self, *args, check_rc=True):
        p = subprocess.run([TMUX, '-L', self.socket, '-f', '/dev/null'] + list(args),
                           capture_output=True, timeout=10)
        if check_rc and p.returncode != 0:
            fail('tmux %s failed: %s' % (' '.join(args), p.stderr.decode('utf-8', 'replace')))
        return p.stdout.decode('utf-8', 'replace')

    def screen(self):
        if self.exited():
            fail('%s exited (status %s); stderr:\n%s' % (self.label, self.exit_status(),
                                                          _tail(_read_file(self.err_path), 15)))
        text = self.tmux('capture-pane', '-p', '-t', 'main')
        lines = text.split('\n')
        if lines and lines[-1] == '':
            lines.pop()
        return lines

    def text(self):
        return '\n'.join(self.screen())

    def wait_for(self, what, timeout=10):
        """Until `what` (a substring, or a predicate on the list of lines) is on the screen."""
        deadline = time.monotonic() + timeout
        while True:
            lines = self.screen()
            ok = what(lines) if callable(what) else what in '\n'.join(lines)
            if ok:
                return lines
            if time.monotonic() > deadline:
                fail('%s: timed out after %ss waiting for %r; screen:\n%s'
                     % (self.label, timeout, what if not callable(what) else 'a condition',
                        '\n'.join(lines)))
            time.sleep(0.1)

    def wait_gone(self, text, timeout=10):
        return self.wait_for(lambda lines: text not in '\n'.join(lines), timeout)

    def keys(self, *keys):
        self.tmux('send-keys', '-t', 'main', *keys)

    def type(self, text):
        self.tmux('send-keys', '-t', 'main', '-l', text)

    def line(self, text):
        """Types a line and presses Enter (separately: text and Enter in one burst could look
        like a paste to a terminal without bracketed paste)."""
        self.type(text)
        self.wait_for(lambda lines: text[-10:] in lines[-1])
        self.keys('Enter')
        # Taken: the input line is empty again. Without this wait, the next line's keys can
        # reach msntty in one read with this Enter, and a loaded machine makes that a paste.
        self.wait_for(lambda lines: text[-10:] not in lines[-1])

    def paste(self, text):
        path = os.path.join(self.dir, 'paste-%s' % uuid.uuid4().hex[:6])
        with open(path, 'w', encoding='utf-8') as fh:
            fh.write(text)
        self.tmux('load-buffer', '-b', 'pastebuf', path)
        self.tmux('paste-buffer', '-p', '-d', '-b', 'pastebuf', '-t', 'main')

    def resize(self, cols, rows):
        self.tmux('resize-window', '-t', 'main', '-x', str(cols), '-y', str(rows))
        self.rows, self.cols = rows, cols

    def signed_in(self):
        return self.wait_for('signed in as', 15)

    # -- lifecycle
    def exited(self):
        return os.path.exists(self.status_path) and _read_file(self.status_path).strip() != ''

    def exit_status(self):
        s = _read_file(self.status_path).strip()
        return int(s) if s.isdigit() else None

    def finish(self):
        if self.finished:
            return []
        self.finished = True
        problems = []
        if not self.exited():
            self.tmux('send-keys', '-t', 'main', 'C-u', check_rc=False)
            self.tmux('send-keys', '-t', 'main', '-l', '/quit', check_rc=False)
            time.sleep(0.2)
            self.tmux('send-keys', '-t', 'main', 'Enter', check_rc=False)
            deadline = time.monotonic() + 5
            while not self.exited() and time.monotonic() < deadline:
                time.sleep(0.1)
            if not self.exited():
                problems.append('%s did not exit within 5s of /quit' % self.label)
        self.tmux('kill-server', check_rc=False)
        rep = sanitizer_report(_read_file(self.err_path))
        if rep:
            problems.append('%s: sanitizer report on stderr:\n%s' % (self.label, _tail(rep, 60)))
        return problems

    def describe(self, n=25):
        try:
            shot = self.tmux('capture-pane', '-p', '-t', 'main', check_rc=False)
        except Exception:   # noqa: BLE001 -- the description must not fail
            shot = '(no screen)'
        return '  --- %s (exit %s), last screen:\n%s\n  --- stderr:\n%s' % (
            self.label, self.exit_status(), _tail(shot, n), _tail(_read_file(self.err_path), 10))


def sane(term, lines, typed=None):
    """The screen has the terminal's size, a status bar and an input line (with `typed` at its
    end, when given), and no row is wider than the terminal."""
    check(len(lines) <= term.rows, 'more rows than the terminal has: %d > %d' % (len(lines), term.rows))
    lines = lines + [''] * (term.rows - len(lines))
    for l in lines:
        check(display_width(l) <= term.cols, 'a row is wider than %d columns: %r' % (term.cols, l))
    status = lines[term.rows - 2] if term.rows >= 2 else ''
    check('Ali' in status or '\u25cf' in status, 'no status bar on row %d: %r' % (term.rows - 1, status))
    if typed is not None:
        check(lines[-1].rstrip().endswith(typed), 'input line %r does not end with %r' % (lines[-1], typed))


def open_echo(term):
    term.line('/msg echo hello from the ui')
    term.wait_for('echo: hello from the ui')
    term.wait_for(lambda lines: lines[-1].startswith('[Echo Bot]'))


# ---------------------------------------------------------------------------------------------

def test_signs_in_to_the_interface(server):
    t = Term(server)
    lines = t.signed_in()
    text = '\n'.join(lines)
    check('Friends' in text and 'Echo Bot' in text, 'no contact pane:\n' + text)
    check(lines[-1].startswith('[status]'), 'no input prompt: %r' % lines[-1])
    check('Alice Liddell' in lines[-2], 'no own name in the status bar: %r' % lines[-2])
    check('1:status' in lines[-2] or '[1:status]' in lines[-2], 'no window list: %r' % lines[-2])
    sane(t, lines)


def test_message_to_echo_and_reply(server):
    t = Term(server)
    t.signed_in()
    open_echo(t)
    lines = t.screen()
    check('Echo Bot <echo@example.com>' in lines[0], 'title bar: %r' % lines[0])
    check('[2:Echo Bot]' in lines[-2], 'window 2 is not current: %r' % lines[-2])
    t.line('second line typed')   # plain text goes to the current conversation
    t.wait_for('echo: second line typed')
    check(t.text().count('echo: hello from the ui') == 1, 'a line was shown twice')


def test_windows_alt_digits_win_and_ctrl_n(server):
    t = Term(server)
    t.signed_in()
    open_echo(t)
    t.keys('M-1')
    t.wait_for(lambda lines: lines[-1].startswith('[status]'))
    t.keys('M-2')
    t.wait_for(lambda lines: lines[-1].startswith('[Echo Bot]'))
    t.line('/win 1')
    t.wait_for(lambda lines: lines[-1].startswith('[status]'))
    t.keys('C-n')
    t.wait_for(lambda lines: lines[-1].startswith('[Echo Bot]'))
    t.keys('C-p')
    t.wait_for(lambda lines: lines[-1].startswith('[status]'))
    # A message from someone else opens window 3 and marks it in the status bar; Alt+A goes there.
    server.ctl('online bob@example.com NLN')
    server.ctl('say bob@example.com alice@example.com ping from bob')
    t.wait_for(lambda lines: '3:Bob!' in lines[-2])
    t.keys('M-a')
    t.wait_for(lambda lines: lines[-1].startswith('[Bob]') and 'ping from bob' in '\n'.join(lines))
    t.line('/win 9')
    t.wait_for('there is no window 9')


def test_contact_status_changes_in_the_pane(server):
    t = Term(server)
    t.signed_in()
    t.wait_for('\u25cb Bob')                          # offline
    server.ctl('online bob@example.com NLN')
    t.wait_for('\u25cf Bob')
    t.wait_for('Friends (1/2)')
    server.ctl('status bob@example.com BSY')
    t.wait_for('\u25c9 Bob')
    server.ctl('status bob@example.com AWY')
    t.wait_for('\u25d0 Bob')
    server.ctl('offline bob@example.com')
    t.wait_for('\u25cb Bob')
    t.wait_for('Friends (0/2)')


def test_resize_at_any_size_mid_typing(server):
    t = Term(server)
    t.signed_in()
    open_echo(t)
    typed = ''
    for i, (cols, rows) in enumerate([(200, 50), (40, 15), (20, 10), (80, 24), (20, 10), (120, 30)]):
        word = 'w%d' % i
        t.type(word)
        typed += word
        t.resize(cols, rows)
        lines = t.wait_for(lambda ls, c=cols, r=rows: len(ls) >= r - 1 and ls[-1].rstrip().endswith(typed[-6:]))
        sane(t, lines, typed[-6:])
    t.keys('C-l')
    sane(t, t.wait_for(lambda ls: ls[-1].rstrip().endswith(typed[-6:])), typed[-6:])
    t.keys('Enter')
    t.wait_for('echo: ' + typed[:20])


def test_escape_sequences_from_the_network_are_shown_escaped(server):
    t = Term(server)
    t.signed_in()
    server.ctl('nick carol@example.com %1B%5B31mEVIL')
    server.ctl('online carol@example.com NLN')
    t.wait_for('^[[31mEVIL')
    server.ctl('say carol@example.com alice@example.com bad \x1b]0;pwned\x07 title')
    # The message must have arrived (its window is in the status bar) before Alt+A can go there.
    t.wait_for(lambda ls: any('2:^[[31mEVIL' in l for l in ls[-3:]))
    t.keys('M-a')
    lines = t.wait_for('^[]0;pwned^G title')
    check(not any('\x1b' in l or '\x07' in l for l in lines), 'raw control bytes on screen')
    raw = t.tmux('capture-pane', '-p', '-e', '-t', 'main')
    check('\x1b]0;' not in raw, 'an OSC sequence reached the terminal')


def test_multiline_paste_needs_consent(server):
    t = Term(server)
    t.signed_in()
    open_echo(t)
    t.paste('first pasted\n/quit\nthird pasted\n')
    t.wait_for('paste of 3 lines')
    time.sleep(0.5)
    check('echo: first pasted' not in t.text(), 'the paste was sent without consent')
    t.keys('Escape')
    t.wait_for('paste dropped')
    t.paste('alpha\nbeta')
    t.wait_for('paste of 2 lines')
    t.keys('Enter')
    lines = t.wait_for('echo: alpha')
    text = '\n'.join(lines)
    check(text.count('echo: alpha') == 1 and 'beta' in text, 'not one message:\n' + text)
    check('echo: beta' not in text, 'the paste went out as several messages:\n' + text)
    check(not t.exited(), 'a pasted /quit ran')
    # A one-line paste is just text in the input line.
    t.paste('just one line')
    t.wait_for(lambda lines: lines[-1].rstrip().endswith('just one line'))


def test_non_latin_names_and_emoji_align(server):
    t = Term(server)
    t.signed_in()
    server.ctl('nick carol@example.com %E6%97%A5%E6%9C%AC%E8%AA%9E%F0%9F%99%82')
    server.ctl('online carol@example.com NLN')
    lines = t.wait_for('\u65e5\u672c\u8a9e\U0001F642')
    cols = set()
    for l in lines[1:-2]:
        i = l.find('\u2502')
        if i >= 0:
            cols.add(display_width(l[:i]))
    check(len(cols) == 1, 'the pane separator is not in one column: %r\n%s' % (cols, '\n'.join(lines)))
    open_echo(t)
    t.line('caf\u00e9 \u65e5\u672c\u8a9e \U0001F642 e\u0301')
    t.wait_for('echo: caf\u00e9 \u65e5\u672c\u8a9e \U0001F642 e\u0301')
    sane(t, t.screen())


def test_line_editor_keys_and_history(server):
    t = Term(server)
    t.signed_in()
    t.type('hello world')
    t.keys('C-a')
    t.type('X')
    t.keys('C-e')
    t.type('Y')
    t.wait_for(lambda lines: lines[-1].rstrip().endswith('Xhello worldY'))
    t.keys('C-w')
    t.wait_for(lambda lines: lines[-1].rstrip().endswith('Xhello'))
    t.keys('C-u')
    t.wait_for(lambda lines: lines[-1].rstrip() == '[status]')
    t.keys('C-y')   # consecutive kills accumulate, as in readline
    t.wait_for(lambda lines: lines[-1].rstrip().endswith('Xhello worldY'))
    t.keys('C-u')
    t.line('/set bell')
    t.wait_for('bell = on')
    t.keys('Up')
    t.wait_for(lambda lines: lines[-1].rstrip().endswith('/set bell'))
    t.keys('C-u')
    t.type('/scr')
    t.keys('Tab')
    t.wait_for(lambda lines: lines[-1].rstrip().endswith('/scroll'))


def test_bind_rebinds_a_key(server):
    t = Term(server)
    t.signed_in()
    open_echo(t)
    t.line('/bind F5 /win 1')
    t.wait_for('F5 now runs /win 1')
    t.keys('F5')
    t.wait_for(lambda lines: lines[-1].startswith('[status]'))
    t.line('/bind')
    t.wait_for('-contacts Enter')
    t.wait_for('/pane open')


def test_save_writes_bindings_that_differ_from_the_defaults(server):
    """/bind F5 /nudge, /unbind F5, /save used to write the binding back: /save replayed the
    /bind lines typed. It compares the table with its defaults now."""
    t = Term(server, config=['/bind F6 /win 1', '/unbind C-t'])
    t.signed_in()
    t.line('/bind F5 /nudge')
    t.wait_for('F5 now runs /nudge')
    t.line('/unbind F5')
    t.wait_for('F5 unbound')
    t.line('/bind C-l /redraw')    # the default again: nothing to save
    t.line('/save')
    t.wait_for('settings saved to')
    saved = open(os.path.join(t.dir, 'test-config'), encoding='utf-8').read().splitlines()
    check('/bind F6 /win 1' in saved and '/unbind C-t' in saved, 'saved: %r' % saved)
    check(not any('F5' in l or 'C-l' in l for l in saved), 'F5 or C-l saved: %r' % saved)


def test_contact_pane_navigation_opens_a_conversation(server):
    t = Term(server)
    t.signed_in()
    t.keys('F2')
    t.wait_for(lambda lines: '[contacts]' in lines[-2])
    t.keys('End')        # the last contact: Echo Bot, in "Other contacts"
    t.keys('Enter')
    t.wait_for(lambda lines: lines[-1].startswith('[Echo Bot]') and '[contacts]' not in lines[-2])
    t.type('via the pane')
    t.keys('Enter')
    t.wait_for('echo: via the pane')


def test_failed_delivery_is_marked_with_the_reason(server):
    t = Term(server)
    t.signed_in()
    t.line('/msg dave@example.com are you there')
    lines = t.wait_for('not delivered', 20)
    text = '\n'.join(lines)
    check('/resend' in text and '\u2717' in text, 'no failure mark or hint:\n' + text)


def test_typing_notice_shows_and_expires(server):
    t = Term(server)
    t.signed_in()
    server.ctl('online bob@example.com NLN')
    server.ctl('say bob@example.com alice@example.com hello')
    t.wait_for('2:Bob')
    t.keys('M-2')
    t.wait_for(lambda lines: lines[-1].startswith('[Bob]'))
    server.ctl('typing bob@example.com alice@example.com')
    t.wait_for('Bob is typing')
    t.wait_gone('Bob is typing', 12)


def test_monochrome_and_ascii_fallbacks(server):
    t = Term(server, env={'NO_COLOR': '1', 'LANG': 'C', 'LC_ALL': 'C'})
    lines = t.signed_in()
    text = '\n'.join(lines)
    check('|' in text and '\u2502' not in text, 'no ASCII separator in the C locale:\n' + text)
    check('+ Echo Bot' in text, 'no ASCII status symbol:\n' + text)
    raw = t.tmux('capture-pane', '-p', '-e', '-t', 'main')
    colours = re.findall(r'\x1b\[[0-9;]*m', raw)
    bad = [c for c in colours if re.search(r'[\[;](3[0-8]|4[0-8]|9[0-7]|10[0-7])(;|m)', c)]
    check(not bad, 'colours despite NO_COLOR: %r' % bad[:5])


def test_notify_command_gets_sender_and_text_without_a_shell(server, tmp):
    out = os.path.join(tmp, 'notified')
    script = os.path.join(tmp, 'notify.sh')
    with open(script, 'w', encoding='utf-8') as fh:
        fh.write('#!/bin/sh\nprintf "%%s|%%s\\n" "$1" "$2" >> %s\n' % shlex.quote(out))
    os.chmod(script, 0o700)
    t = Term(server, config=['/set notify_command %s' % script])
    t.signed_in()
    server.ctl('online bob@example.com NLN')
    server.ctl('say bob@example.com alice@example.com $(touch %s/pwned) `id` hi' % tmp)
    harness.wait_until(lambda: os.path.exists(out) and _read_file(out).strip(), 10, 'notify_command to run')
    got = _read_file(out).strip()
    check(got == 'bob@example.com|$(touch %s/pwned) `id` hi' % tmp, 'notify_command got %r' % got)
    check(not os.path.exists(os.path.join(tmp, 'pwned')), 'the message text reached a shell')
    t.wait_for('2:Bob!')


def test_flood_of_messages_does_not_block_typing(server):
    t = Term(server)
    t.signed_in()
    server.ctl('online bob@example.com NLN')
    server.ctl('say bob@example.com alice@example.com first')
    t.wait_for('2:Bob')
    t.keys('M-2')
    t.wait_for(lambda lines: lines[-1].startswith('[Bob]'))
    t0 = time.monotonic()
    for i in range(300):
        server.ctl('say bob@example.com alice@example.com flood message number %d' % i)
        if i == 150:
            t.type('still typing')
    t.wait_for(lambda lines: lines[-1].rstrip().endswith('still typing'), 10)
    t.wait_for('flood message number 299', 20)
    check(time.monotonic() - t0 < 30, 'the flood took too long')
    t.keys('PageUp')
    t.wait_for('more below')
    t.keys('M-End')
    t.wait_gone('more below')


def test_someone_adding_us_is_asked_in_the_input_bar(server):
    t = Term(server)
    t.signed_in()
    server.ctl('add_rl dave@example.com alice@example.com')
    t.wait_for('dave@example.com added you: Enter adds back')
    t.keys('Enter')
    # /accept: dave is allowed and on our list now, so the contact pane shows him.
    t.wait_for(lambda ls: any('dave@example.com' in l.split('│')[0] for l in ls if '│' in l))
    check('added you: Enter' not in t.text(), 'the question stays after the answer')
    server.ctl('add_rl carol@example.com alice@example.com')   # carol is already allowed: no question
    time.sleep(0.5)
    check('carol@example.com added you: Enter' not in t.text(), 'asked about an allowed contact')


def test_internal_failure_gives_the_terminal_back(server):
    # A real failure inside the loop: poll() refuses more descriptors than RLIMIT_NOFILE allows.
    # LeakSanitizer needs free descriptors at exit, which this test takes away on purpose.
    t = Term(server, env={'ASAN_OPTIONS': 'detect_leaks=0:abort_on_error=1'})
    t.signed_in()
    t.tmux('set-option', '-t', 'main', 'remain-on-exit', 'on')   # keep the pane to inspect it
    raw = os.path.join(t.dir, 'pane-output')
    t.tmux('pipe-pane', '-t', 'main', '-o', 'cat >> %s' % shlex.quote(raw))
    shell = int(t.tmux('display-message', '-p', '-t', 'main', '#{pane_pid}').strip())
    with open('/proc/%d/task/%d/children' % (shell, shell), encoding='ascii') as fh:
        pid = int(fh.read().split()[0])
    resource.prlimit(pid, resource.RLIMIT_NOFILE, (2, 2))
    t.type('x')   # wakes the loop: the next poll() fails
    harness.wait_until(t.exited, 10, 'the client to exit after poll() failed')
    check(t.exit_status() == 70, 'exit status %r, want 70' % t.exit_status())
    err = _read_file(t.err_path)
    check('msntty: internal error: poll' in err, 'stderr does not name the failure: %r' % err)
    out = open(raw, 'rb').read()
    check(b'\x1b[?2004l' in out, 'bracketed paste was not turned off: %r' % out[-200:])
    alt = t.tmux('display-message', '-p', '-t', 'main', '#{alternate_on}').strip()
    check(alt == '0', 'the pane is still on the alternate screen (curses not ended)')


# What the status bar may say while the notification server is away (issue 10).
OUTAGE = re.compile(r'(?i)disconnected|reconnect|retry|retrying|connecting|offline')


def test_status_bar_shows_the_outage_and_the_window_survives(server):
    t = Term(server, config=['/set reconnect_max 2'])
    t.signed_in()
    open_echo(t)                                       # window 2, with a line in its scrollback
    before = t.screen()[-2]
    check(not OUTAGE.search(before), 'the status bar looks disconnected while signed in: %r' % before)
    t.type('draft kept')
    t.wait_for(lambda lines: lines[-1].rstrip().endswith('draft kept'))
    server.ctl('restart 3')
    lines = t.wait_for(lambda lines: OUTAGE.search(lines[-2]), 10)
    check(lines[-1].startswith('[Echo Bot]'), 'window 2 is not current during the outage: %r' % lines[-1])
    check(lines[-1].rstrip().endswith('draft kept'), 'the draft is gone: %r' % lines[-1])
    sane(t, lines, 'draft kept')
    lines = t.wait_for(lambda lines: not OUTAGE.search(lines[-2]), 25)
    text = '\n'.join(lines)
    check('[2:Echo Bot]' in lines[-2] and lines[-1].startswith('[Echo Bot]'),
          'window 2 is not current after the reconnect: %r' % lines[-2:])
    check('echo: hello from the ui' in text, 'the scrollback is gone:\n' + text)
    check(lines[-1].rstrip().endswith('draft kept'), 'the draft is gone: %r' % lines[-1])
    sane(t, lines, 'draft kept')
    harness.wait_until(lambda: server.session_of('alice@example.com') is not None, 5,
                       'alice to be on the server again')
    t.keys('Enter')                                    # and the conversation works again
    t.wait_for('echo: draft kept', 15)
    t.keys('M-1')                                      # the status window tells the story
    lines = t.wait_for(lambda lines: lines[-1].startswith('[status]'))
    text = '\n'.join(lines)
    check(re.search(r'(?i)disconnected', text) and text.count('signed in as') >= 2,
          'the status window does not show the loss and the second sign-in:\n' + text)


def test_offline_messages_in_the_window(server):
    """A message bob left two days ago shows in his window with its date and (offline); what
    alice writes back while he is offline is said to be stored for later, and is."""
    web = ['--web', 'https://127.0.0.1:%d' % server.https, '--ca-file', harness.CERT]
    two_days = 2 * 86400
    server.ctl('oim_seed ' + json.dumps({'to': 'alice@example.com', 'from': 'bob@example.com',
                                         'text': 'left for you', 'age': two_days}))
    t = Term(server, proto='MSNP12', args=web)
    t.signed_in()
    t.wait_for('2:Bob')
    t.keys('M-2')
    t.wait_for(lambda lines: lines[-1].startswith('[Bob]'))
    day = time.strftime('%Y-%m-%d', time.localtime(time.time() - two_days))
    t.wait_for('(offline, %s) left for you' % day)
    t.line('I will read it later')
    t.wait_for('Bob is offline: messages are stored for later')
    wait_until(lambda: [m['text'] for m in json.loads(server.ctl('oims bob@example.com'))]
               == ['I will read it later'], 10, 'the reply stored for bob')
    t.wait_for(lambda lines: any('\u2709' in l and 'I will read it later' in l for l in lines))
    sane(t, t.screen())
