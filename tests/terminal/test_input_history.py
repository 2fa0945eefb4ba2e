"""The input history in daily use (issue 13): Up and Down recall this window's lines first,
then the other windows'; the history outlives /close and a restart (a 0600 file, written soon
after a line, when a conversation closes and at exit); a line that can carry a password is
never kept; a damaged file is a notice, not a crash. The real binary in tmux against the test
server, like test_ui.py, whose Term it uses."""
import os
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term  # noqa: E402

from harness import check, new_dir, wait_until  # noqa: E402


def input_line(lines):
    return lines[-1].rstrip()


def recall(t, expected, key='Up'):
    t.keys(key)
    t.wait_for(lambda ls: input_line(ls).endswith(expected))


def history_file(state):
    return os.path.join(state, 'msntty', 'input-history', 'alice@example.com')


def read(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as fh:
            return fh.read()
    except FileNotFoundError:
        return ''


def echo_window(t, text):
    t.line('/msg echo ' + text)
    t.wait_for(lambda ls: input_line(ls).startswith('[Echo Bot]'))
    t.wait_for('echo: ' + text)


def test_input_history_is_shared_kept_across_close_and_restarts(server):
    state = new_dir('input-state')
    env = {'XDG_STATE_HOME': state}
    path = history_file(state)
    t = Term(server, env=env)
    t.signed_in()
    t.line('/set bell')
    t.wait_for('bell = on')
    # Written a few seconds after a line, with no /close or /quit: a crash loses little.
    wait_until(lambda: '\t/set bell\n' in read(path), 15, 'the history file to hold /set bell')
    echo_window(t, 'first to echo')
    t.line('second to echo')
    t.wait_for('echo: second to echo')
    recall(t, 'second to echo')           # this window's own line first
    recall(t, '/msg echo first to echo')  # then the shared ones, newest first
    recall(t, '/set bell')
    t.keys('Down', 'Down', 'Down')        # back to the (empty) line being typed
    t.wait_for(lambda ls: input_line(ls) == '[Echo Bot]')
    t.line('/close')
    t.wait_for(lambda ls: input_line(ls).startswith('[status]'))
    # Closing a window writes the file at once.
    wait_until(lambda: 'echo@example.com\t/close\n' in read(path), 5,
               'the history file to hold /close right after it')
    echo_window(t, 'again')
    recall(t, '/close')                   # the window's lines outlived /close
    recall(t, 'second to echo')
    t.keys('C-u')
    t.finish()

    check(os.path.exists(path), 'no history file in %s' % state)
    mode = stat.S_IMODE(os.stat(path).st_mode)
    check(mode == 0o600, 'the history file is mode %o, not 600' % mode)
    folder = stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)
    check(folder == 0o700, 'the history folder is mode %o, not 700' % folder)

    # After a restart: the status window's own lines first, then the conversation's (the
    # /quit that Term.finish typed there last, then its older ones).
    again = Term(server, env=env)
    again.signed_in()
    recall(again, '/msg echo again')
    recall(again, '/msg echo first to echo')
    recall(again, '/set bell')
    recall(again, '/quit')
    again.keys('C-u')
    echo_window(again, 'back')
    recall(again, '/quit')                # in the conversation: its lines of the last run first
    recall(again, '/close')
    recall(again, 'second to echo')
    recall(again, '/msg echo back')       # then the status window's
    again.keys('C-u')


def test_a_line_that_can_carry_a_password_is_never_kept(server):
    state = new_dir('input-secret')
    path = history_file(state)
    t = Term(server, env={'XDG_STATE_HOME': state})
    t.signed_in()
    t.line('/set bell')
    t.wait_for('bell = on')
    t.line('/set password_command echo hunter2')
    t.wait_for('password_command = echo hunter2')
    t.line('/alias pw /set password_command printf %s $1')
    t.line('/pw s3cr3t')
    t.wait_for('password_command = printf %s s3cr3t')
    recall(t, '/set bell')                # the secret lines were skipped
    t.keys('Up')                          # nothing older: it stays
    t.keys('C-u')
    t.line('/set bell off')
    t.wait_for('bell = off')
    t.finish()
    text = read(path)
    check('/set bell off' in text, 'the history file was not written: %r' % text)
    for secret in ('hunter2', 's3cr3t', 'password_command', '/pw'):
        check(secret not in text, '%r reached the history file: %r' % (secret, text))


def test_a_damaged_history_file_is_a_notice(server):
    state = new_dir('input-damaged')
    path = history_file(state)
    os.makedirs(os.path.dirname(path), mode=0o700)
    with open(path, 'wb') as fh:
        fh.write(b'\t/set bell\nno tab here\n\t\x1b]0;pwned\x07\n\tbad \xff utf-8\n'
                 b'bob@example.com\thi bob\n\tcut sh')
    t = Term(server, env={'XDG_STATE_HOME': state})
    t.signed_in()
    t.wait_for('4 lines that could not be read left out')
    recall(t, '/set bell')
    recall(t, 'hi bob')
    t.keys('Up')
    t.wait_for(lambda ls: input_line(ls).endswith('hi bob'))
    check('pwned' not in t.text(), 'a control sequence from the file reached the screen')
    t.keys('C-u')
