"""Scripting interface: the command FIFO `cmd`, the event socket `events` and `msntty --remote`,
driven only through those (the headless client's own stdin is not used, except by cleanup).

Layout: $XDG_RUNTIME_DIR/msntty/<account>/{cmd,events}; folders 0700, FIFO and socket 0600.
"""
import json
import os
import signal
import socket
import stat
import subprocess
import threading
import time

from harness import (Client, Server, binary, check, client_env, fail, new_dir, sanitizer_report,
                     wait_until)

ALICE = 'alice@example.com'
BOB = 'bob@example.com'
ECHO = 'echo@example.com'


# --------------------------------------------------------------------------------- helpers

def runtime_of(client):
    return client.env_runtime


def start(server, account=ALICE, runtime=None, wait=True, **kw):
    """A headless client whose XDG_RUNTIME_DIR is `runtime` (default: its own)."""
    env = dict(kw.pop('env', {}) or {})
    if runtime:
        env['XDG_RUNTIME_DIR'] = runtime
    c = Client(server, account, env=env, **kw)
    c.env_runtime = runtime or os.path.join(c.dir, 'runtime')
    if wait:
        c.wait_signed_in()
        wait_until(lambda: os.path.exists(sock_path(c)), 5, 'the event socket of %s' % account)
    return c


def account_dir(runtime, account):
    return os.path.join(runtime, 'msntty', account)


def pipe_path(c, account=None):
    return os.path.join(account_dir(runtime_of(c), account or c.account), 'cmd')


def sock_path(c, account=None):
    return os.path.join(account_dir(runtime_of(c), account or c.account), 'events')


def remote_env(runtime):
    return client_env(new_dir('remote'), None, {'XDG_RUNTIME_DIR': runtime})


def remote(runtime, *args, timeout=15):
    """msntty --remote ARGS...; returns (exit status, stdout, stderr)."""
    proc = subprocess.run([binary(), '--remote'] + list(args), env=remote_env(runtime),
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    err = proc.stderr.decode('utf-8', 'replace')
    rep = sanitizer_report(err)
    if rep:
        fail('sanitizer report from --remote:\n' + rep)
    return proc.returncode, proc.stdout.decode('utf-8', 'replace'), err


def write_pipe(c, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    fd = os.open(pipe_path(c), os.O_WRONLY | os.O_NONBLOCK)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


class EventFollower:
    """`msntty --remote --events` in the background, its stdout lines parsed."""

    def __init__(self, runtime, *args):
        self.proc = subprocess.Popen([binary(), '--remote', '--events'] + list(args),
                                     env=remote_env(runtime), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.events, self.bad = [], []
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for raw in iter(self.proc.stdout.readline, b''):
            with self.cond:
                try:
                    self.events.append(json.loads(raw))
                except ValueError:
                    self.bad.append(raw)
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait(self, name, timeout=10, **match):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                check(not self.bad, 'non-JSON line from --remote --events: %r' % self.bad[:1])
                for e in self.events:
                    if e.get('event') == name and all(e.get(k) == v for k, v in match.items()):
                        return e
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and not self.thread.is_alive():
                    fail('--remote --events: no %s %r within %ss (exit %r, got %r)'
                         % (name, match, timeout, self.proc.poll(), self.events[-5:]))
                self.cond.wait(min(left, 0.2))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.thread.join(5)


def connect(c, account=None):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(sock_path(c, account))
    return s


def read_until_result(s, buf=b''):
    """Reads lines from a raw socket client until a result line; returns (result, rest)."""
    while True:
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            ev = json.loads(line)
            if ev.get('event') == 'result':
                return ev, buf
        data = s.recv(65536)
        if not data:
            fail('event socket closed before a result line')
        buf += data


# ----------------------------------------------------------------------------------- tests

def test_pipe_and_remote_send_messages_and_change_status(server):
    c = start(server)
    f = EventFollower(runtime_of(c))
    try:
        time.sleep(0.3)   # let the follower connect before the events it should see
        write_pipe(c, '/msg %s build is green\n' % ECHO)
        msg = f.wait('message', **{'from': ECHO})
        check(msg.get('text') == 'echo: build is green', 'echo answered %r' % msg)
        code, out, err = remote(runtime_of(c), '/status away')
        check(code == 0, '--remote /status away: exit %d, stderr %r' % (code, err))
        f.wait('status', status='away')
        c.wait_event('status', status='away')          # the same stream as headless stdout
        # Words are joined into one command line.
        code, _, err = remote(runtime_of(c), '/msg', ECHO, 'two', 'words')
        check(code == 0, '--remote with several words: exit %d, %r' % (code, err))
        f.wait('message', **{'from': ECHO, 'text': 'echo: two words'})
    finally:
        f.stop()


def test_messages_between_two_clients_through_the_pipe(server):
    runtime = new_dir('runtime')
    alice = start(server, ALICE, runtime)
    bob = start(server, BOB, runtime)
    alice.wait_event('presence', contact=BOB, status='online')
    write_pipe(alice, '/msg %s hello bob, from a script\n' % BOB)
    bob.wait_event('message', **{'from': ALICE, 'text': 'hello bob, from a script'})
    code, _, err = remote(runtime, '-a', BOB, '/msg %s hi alice' % ALICE)
    check(code == 0, '--remote -a bob: exit %d, %r' % (code, err))
    alice.wait_event('message', **{'from': BOB, 'text': 'hi alice'})


def test_remote_errors_and_exit_status(server):
    c = start(server)
    code, _, err = remote(runtime_of(c), '/nosuchcommand')
    check(code == 1 and 'unknown command' in err, 'unknown command: exit %d, %r' % (code, err))
    code, _, err = remote(runtime_of(c), '/status sideways')
    check(code == 1 and '/status takes' in err, 'bad argument: exit %d, %r' % (code, err))
    c.wait_event('error', text=lambda t: 'sideways' in t or '/status takes' in t)
    # No instance for that account, or none at all: exit 1 and a message, nothing started.
    code, _, err = remote(runtime_of(c), '-a', 'carol@example.com', '/status away')
    check(code == 1 and 'no running msntty for carol@example.com' in err, 'other account: %d %r' % (code, err))
    code, _, err = remote(new_dir('empty-runtime'), '/status away')
    check(code == 1 and 'no running msntty' in err, 'no instance: exit %d, %r' % (code, err))
    code, _, err = remote(runtime_of(c), '-a', '../../etc', '/status away')
    check(code == 1, 'a path as account: exit %d, %r' % (code, err))
    check(not server.log_lines(tag='NS:carol'), '--remote must never sign in')


def test_socket_answers_each_command_with_a_result(server):
    c = start(server)
    s = connect(c)
    try:
        s.sendall(b'/status busy\n/nosuchcommand\n')
        r1, buf = read_until_result(s)
        r2, buf = read_until_result(s, buf)
        check(r1 == {'event': 'result', 'ok': True}, 'first result %r' % r1)
        check(r2.get('ok') is False and 'unknown command' in r2.get('error', ''), 'second %r' % r2)
        # Half-closing (end of input) still gets the answer.
        s.sendall(b'/status online\n')
        s.shutdown(socket.SHUT_WR)
        r3, _ = read_until_result(s, buf)
        check(r3.get('ok') is True, 'result after half-close %r' % r3)
    finally:
        s.close()
    c.wait_event('status', status='busy')


def test_pipe_bad_lines_give_errors_and_the_pipe_keeps_working(server):
    c = start(server)
    m = c.mark()
    write_pipe(c, '/nosuchcommand\n')
    c.wait_event('error', since=m, text=lambda t: 'unknown command' in t)
    m = c.mark()
    write_pipe(c, b'/msg bob@example.com caf\xe9 \xff\xfe\n')
    c.wait_event('error', since=m, text=lambda t: 'UTF-8' in t)
    m = c.mark()
    # Over 64 KiB without a newline, then the newline: one error, then the next line works.
    fd = os.open(pipe_path(c), os.O_WRONLY)
    try:
        chunk = b'x' * 8192
        for _ in range(10):
            os.write(fd, chunk)
        os.write(fd, b'\n/status brb\n')
    finally:
        os.close(fd)
    c.wait_event('error', since=m, text=lambda t: 'too long' in t)
    c.wait_event('status', since=m, status='brb')
    # A line written in two writes (and by two openers) is reassembled.
    m = c.mark()
    write_pipe(c, '/status aw')
    time.sleep(0.3)
    c.expect_no_event('status', within=0.3, since=m)
    write_pipe(c, 'ay\n')
    c.wait_event('status', since=m, status='away')
    code, _, err = remote(runtime_of(c), '/status online')
    check(code == 0, 'the socket still works after bad pipe lines: %d %r' % (code, err))


def test_slow_event_reader_does_not_stall_the_client(server):
    c = start(server)
    slow = connect(c)            # connects and never reads (for now)
    try:
        slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        time.sleep(0.3)
        fd = os.open(pipe_path(c), os.O_WRONLY)
        try:
            for _ in range(10):       # 1000 x /help: ~27000 events, ~2.5 MB
                os.write(fd, b'/help all\n' * 100)
        finally:
            os.close(fd)
        t0 = time.monotonic()
        code, _, err = remote(runtime_of(c), '/status busy', timeout=20)
        check(code == 0, 'the client did not answer --remote while a reader stalled: %d %r' % (code, err))
        check(time.monotonic() - t0 < 10, 'the answer took %.1fs' % (time.monotonic() - t0))
        c.wait_event('status', status='busy', timeout=20)
        check(len(c.find('notice')) >= 5000, 'only %d notices were generated' % len(c.find('notice')))
        # Now read: somewhere in the stream there is a `lost` notice (sent in front of the first
        # line that fits once the backlog has drained).
        slow.settimeout(0.5)
        buf, lost = b'', None
        deadline = time.monotonic() + 30
        while lost is None and time.monotonic() < deadline:
            try:
                data = slow.recv(1 << 20)
            except socket.timeout:
                remote(runtime_of(c), '/status online')   # one more event to carry the notice
                continue
            if not data:
                fail('event socket closed on the slow reader')
            buf += data
            lines = buf.split(b'\n')
            buf = lines.pop()
            for line in lines:
                ev = json.loads(line)
                if ev.get('event') == 'lost':
                    lost = ev
        check(lost is not None and lost.get('count', 0) > 0, 'no lost event for the slow reader')
    finally:
        slow.close()


def test_permissions_of_the_created_files(server):
    c = start(server)
    base = os.path.join(runtime_of(c), 'msntty')
    d = account_dir(runtime_of(c), c.account)
    for path, want in ((base, 0o700), (d, 0o700), (pipe_path(c), 0o600), (sock_path(c), 0o600)):
        st = os.lstat(path)
        check(stat.S_IMODE(st.st_mode) == want, '%s has mode %o, want %o' % (path, stat.S_IMODE(st.st_mode), want))
        check(st.st_uid == os.geteuid(), '%s is not ours' % path)
    check(stat.S_ISFIFO(os.lstat(pipe_path(c)).st_mode), 'cmd is not a FIFO')
    check(stat.S_ISSOCK(os.lstat(sock_path(c)).st_mode), 'events is not a socket')
    # Removed at exit, and --remote --events ends with status 0 when the instance exits.
    f = EventFollower(runtime_of(c))
    time.sleep(0.3)
    write_pipe(c, '/quit\n')
    check(c.wait_exit(10) == 0, 'client exit status')
    f.proc.wait(5)
    check(f.proc.returncode == 0, '--remote --events exit status %r' % f.proc.returncode)
    check(not os.path.exists(pipe_path(c)) and not os.path.exists(sock_path(c)), 'files left behind')
    check(not os.path.exists(d), 'account folder left behind')


def test_private_tmp_folder_without_xdg_runtime_dir(server):
    # Without XDG_RUNTIME_DIR the folder is /tmp/msntty-<uid>: only check it is private and ours.
    c = Client(server, ALICE, env={'XDG_RUNTIME_DIR': ''})
    c.wait_signed_in()
    base = '/tmp/msntty-%d' % os.getuid()
    wait_until(lambda: os.path.exists(os.path.join(base, ALICE, 'events')), 5, 'the socket in ' + base)
    st = os.lstat(base)
    check(stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o700 and st.st_uid == os.geteuid(),
          '%s: mode %o uid %d' % (base, st.st_mode, st.st_uid))
    env = client_env(new_dir('remote'), None, {'XDG_RUNTIME_DIR': ''})
    p = subprocess.run([binary(), '--remote', '-a', ALICE, '/status away'], env=env,
                       capture_output=True, timeout=15)
    check(p.returncode == 0, '--remote without XDG_RUNTIME_DIR: %r' % p)
    c.wait_event('status', status='away')


def test_stale_pipe_and_socket_after_a_crash(server):
    runtime = new_dir('runtime')
    c1 = start(server, ALICE, runtime)
    c1.proc.kill()                 # SIGKILL: no cleanup
    c1.proc.wait(5)
    check(os.path.exists(sock_path(c1)) and os.path.exists(pipe_path(c1)), 'kill -9 left no files?')
    code, _, err = remote(runtime, '/status away')
    check(code == 1 and 'no running msntty' in err, 'a stale socket is not an instance: %d %r' % (code, err))
    c2 = start(server, ALICE, runtime)
    check(not c2.find('error', text=lambda t: 'scripting' in t), 'scripting refused: %r' % c2.find('error'))
    write_pipe(c2, '/status brb\n')
    c2.wait_event('status', status='brb')
    code, _, err = remote(runtime, '/status away')
    check(code == 0, '--remote after restart: %d %r' % (code, err))
    c2.wait_event('status', status='away')


def test_symlink_at_the_pipe_path_is_refused(server):
    runtime = new_dir('runtime')
    d = account_dir(runtime, ALICE)
    os.makedirs(d, mode=0o700)
    os.chmod(os.path.dirname(d), 0o700)
    victim = os.path.join(new_dir('victim'), 'important')
    with open(victim, 'w') as fh:
        fh.write('keep me\n')
    os.symlink(victim, os.path.join(d, 'cmd'))
    c = start(server, ALICE, runtime, wait=False)
    c.wait_signed_in()
    c.wait_event('error', text=lambda t: 'scripting' in t and 'symlink' in t)
    with open(victim) as fh:
        check(fh.read() == 'keep me\n', 'the symlink target was changed')
    check(stat.S_ISREG(os.stat(victim).st_mode), 'the target is no longer a regular file')
    check(os.path.islink(os.path.join(d, 'cmd')), 'the symlink was replaced')
    code, _, _ = remote(runtime, '/status away')
    check(code == 1, '--remote reached an instance that refused its scripting interface')


def test_symlink_at_the_account_folder_is_refused(server):
    runtime = new_dir('runtime')
    os.makedirs(os.path.join(runtime, 'msntty'), mode=0o700)
    elsewhere = new_dir('elsewhere')
    os.symlink(elsewhere, account_dir(runtime, ALICE))
    c = start(server, ALICE, runtime, wait=False)
    c.wait_signed_in()
    c.wait_event('error', text=lambda t: 'scripting' in t and 'symlink' in t)
    check(os.listdir(elsewhere) == [], 'files were created through the symlink: %r' % os.listdir(elsewhere))


def test_two_accounts_and_remote_dash_a(server):
    runtime = new_dir('runtime')
    alice = start(server, ALICE, runtime)
    bob = start(server, BOB, runtime)
    code, _, err = remote(runtime, '/status away')
    check(code == 1 and ALICE in err and BOB in err and '-a' in err,
          'several instances without -a: %d %r' % (code, err))
    code, _, err = remote(runtime, '-a', BOB, '/status busy')
    check(code == 0, '-a bob: %d %r' % (code, err))
    bob.wait_event('status', status='busy')
    code, _, err = remote(runtime, '-a', 'Alice@Example.com', '/status away')   # case-insensitive
    check(code == 0, '-a Alice@Example.com: %d %r' % (code, err))
    alice.wait_event('status', status='away')
    alice.expect_no_event('status', within=0.5, status='busy')
    bob.expect_no_event('status', within=0.5, status='away')


def test_second_instance_for_the_same_account_does_not_take_over(server):
    runtime = new_dir('runtime')
    first = start(server, ALICE, runtime)
    second = start(server, ALICE, runtime, wait=False)
    second.wait_event('error', text=lambda t: 'scripting' in t and 'already running' in t)
    check(os.path.exists(sock_path(first)), 'the first instance lost its socket')
