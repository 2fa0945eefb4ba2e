"""Conversation logs (content, permissions, history, search) and the config file."""
import base64
import os
import re
import stat

from harness import Client, Server, check, fail, run_cli, wait_until

ALICE = 'alice@example.com'
ECHO = 'echo@example.com'
BOB = 'bob@example.com'
LINE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d (<[^>]+>|-!-) .*$')


def _log_dir(c):
    return os.path.join(c.dir, 'data', 'msntty', 'logs', ALICE)


def test_log_files_content_and_permissions():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP7')
    c.wait_signed_in()
    c.send('/msg echo first line')
    c.wait_event('message', text='echo: first line')
    # Four lines to show three of below (the log used to hold a notice of the switchboard's
    # close as well; that is no longer said).
    c.send('/msg echo another line')
    c.wait_event('message', text='echo: another line')
    # a puppet sends escape sequences and a line break
    payload = ('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n'
               'red \x1b[31mALERT\x1b[0m\r\nsecond line').encode()
    m = c.mark()
    srv.ctl('say_raw %s %s %s' % (BOB, ALICE, base64.b64encode(payload).decode()))
    c.wait_event('message', since=m, text=lambda t: 'ALERT' in t)
    logdir = _log_dir(c)
    path = os.path.join(logdir, ECHO + '.log')
    wait_until(lambda: os.path.exists(path), 5, 'log file %s' % path)
    check(stat.S_IMODE(os.stat(logdir).st_mode) == 0o700, 'log folder mode %o' % os.stat(logdir).st_mode)
    check(stat.S_IMODE(os.stat(path).st_mode) == 0o600, 'log file mode %o' % os.stat(path).st_mode)
    text = open(path, encoding='utf-8').read()
    lines = text.splitlines()
    check(any(l.endswith('<%s> first line' % ALICE) for l in lines), 'own line in %r' % lines)
    check(any(l.endswith('<%s> echo: first line' % ECHO) for l in lines), 'echo line in %r' % lines)
    bob_path = os.path.join(logdir, BOB + '.log')
    wait_until(lambda: os.path.exists(bob_path), 5, 'log file %s' % bob_path)
    bob_lines = open(bob_path, 'rb').read().decode('utf-8').splitlines()
    msg = [l for l in bob_lines if 'ALERT' in l]
    check(len(msg) == 1, 'one line for a two-line message: %r' % bob_lines)
    check('\x1b' not in msg[0] and '^[' in msg[0] and '\\n' in msg[0], 'escaped: %r' % msg[0])
    for l in lines + bob_lines:
        check(LINE.match(l), 'log line format: %r' % l)
    # /history and /search read them back
    m = c.mark()
    c.send('/msg echo')
    c.send('/history 4')
    c.wait_event('history', since=m, text='echo: first line', **{'from': ECHO})
    m = c.mark()
    c.send('/search ALERT')
    c.wait_event('search_result', since=m, file=BOB)
    c.send('/quit')
    check(c.wait_exit(10) == 0, 'exit 0')
    # a new session shows the last lines when the conversation opens again
    c2 = Client(srv, ALICE, 'MSNP7', config=['/set history_lines 3'],
                env={'XDG_DATA_HOME': os.path.join(c.dir, 'data')})   # the same logs
    c2.wait_signed_in()
    c2.send('/msg echo again')
    c2.wait_event('message', text='echo: again')
    shown = [e['text'] for e in c2.events if e['event'] == 'history']
    check(len(shown) == 3, 'history_lines 3 shows 3 lines when the conversation opens: %r' % shown)
    check('echo: first line' in shown, 'the last session is in it: %r' % shown)


def test_log_off():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP7', config=['/set log off'])
    c.wait_signed_in()
    c.send('/msg echo not logged')
    c.wait_event('message', text='echo: not logged')
    check(not os.path.exists(os.path.join(_log_dir(c), ECHO + '.log')), 'no log with log off')


def test_config_with_errors_still_loads():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP7', config=[
        '/set no_such_setting 1', 'this is not a command', '/set ping_interval 2',
        '/frobnicate', '/set ping_interval 50', '/alias hey /msg echo hey $1',
        '/account %s /set history_lines 7' % ALICE, '/account bob@example.com /set history_lines 99'])
    c.wait_signed_in()
    errors = [e['text'] for e in c.events if e['event'] == 'error']
    for lineno in (3, 4, 5, 6):   # the harness writes two default lines first
        check(any(':%d: ' % lineno in t for t in errors), 'warning for line %d in %r' % (lineno, errors))
    m = c.mark()
    c.send('/set ping_interval')
    c.wait_event('notice', since=m, text='ping_interval = 50')
    c.send('/set history_lines')
    c.wait_event('notice', since=m, text='history_lines = 7')
    c.send('/hey you')
    c.wait_event('message', since=m, text='echo: hey you')


def test_config_writable_by_others_refused(tmp):
    path = os.path.join(tmp, 'config')
    with open(path, 'w') as fh:
        fh.write('/set password_command echo hunter2\n')
    os.chmod(path, 0o666)
    r = run_cli(['--headless', '-a', ALICE, '-s', '127.0.0.1:1', '-c', path])
    check(r.code == 1, 'exit 1, got %r' % (r,))
    check('writable by other users' in r.stderr, 'explains why: %r' % r.stderr)
    os.chmod(path, 0o644)
    r = run_cli(['--headless', '-a', ALICE, '-s', '127.0.0.1:1', '-c', path])
    check(r.code == 1 and 'readable by other users' in r.stderr, 'readable password: %r' % (r,))


def test_save_writes_private_config(tmp):
    srv = Server()
    c = Client(srv, ALICE, 'MSNP7')
    c.wait_signed_in()
    m = c.mark()
    c.send('/set history_lines 42')
    c.send('/alias e /msg echo')
    c.send('/save')
    c.wait_event('notice', since=m, text=lambda t: t.startswith('settings saved to'))
    text = open(c.config_path).read()
    check('/set history_lines 42' in text and '/alias e /msg echo' in text, 'saved: %r' % text)
    check(stat.S_IMODE(os.stat(c.config_path).st_mode) == 0o600, 'config mode')
