"""Test harness for msntty integration and terminal tests (python3 stdlib only).

Conventions (tests/integration/test_*.py and tests/terminal/test_*.py)
---------------------------------------------------------------------
* A test is a module-level function whose name starts with ``test_``.  tests/run.py imports
  each test file, collects those functions in definition order (functions created in a loop and
  put into ``globals()`` count too) and runs every test in its own process (2 in parallel), in a
  fresh session with no controlling terminal, stdin = /dev/null, cwd = the repository root.
* Test files import this module with ``from harness import ...`` (tests/lib is on sys.path).
* A test takes no arguments, or arguments named after fixtures; the runner passes:
    ``server``  a started ``Server()`` with default options (no knobs, no dispatch, no CHL)
    ``tmp``     a fresh temporary directory (str), removed after the test
  Anything else a test needs it builds itself (``Server(knobs=...)``, ``Client(server, ...)``).
* A test that needs more than the runner's per-test timeout (60 s) says so with an attribute:
  ``test_x.timeout = 120`` (seconds).
* Every Server, Client and Process created during a test is registered with the test's
  context and stopped when the test ends, pass or fail.  A client that does not exit within a
  few seconds of ``/quit`` at the end, or whose stderr shows an AddressSanitizer, LeakSanitizer
  or UBSan ("runtime error:") report, fails the test; so does any stdout line that is not a
  JSON object (every headless stdout line must be an event).
* A test fails by raising (``assert``, ``fail(...)``, ``TestFailure``) and passes by
  returning.  ``skip(reason)`` marks it skipped, which tests/run.py accepts only for a test
  that tests/expected-skips declares (with the reason); anywhere else a skip is a failure.
  A missing tool or feature is never a reason to skip: the test fails and says what is missing.
* Never block without a timeout: every ``wait_*`` takes one and fails with a message naming
  what it waited for.  Never put passwords in argv (the Client passes MSNTTY_PASSWORD in the
  environment) and never talk to anything but 127.0.0.1.
* Every file a test creates goes below ``tmp_dir()`` (the per-test temp dir); each client gets
  its own HOME and XDG_{CONFIG,DATA,STATE,RUNTIME}_HOME/DIR there.
* Environment: MSNTTY_BIN (the client binary; default ./msntty), MSNTTY_TEST_TMP (set by the
  runner).  ASAN_OPTIONS/UBSAN_OPTIONS are set for every client so sanitizer builds abort on
  errors.

Quick reference
---------------
    srv = Server(knobs={'garbage': 1}, dispatch=False, chl=None)   # or the `server` fixture
    srv.ns, srv.sb, srv.https, srv.control, srv.dispatch           # ports
    srv.control_cmd('online carol@example.com NLN')  -> 'ok carol@example.com'
    srv.ctl('status carol@example.com BSY')          -> '' (asserts the reply starts with ok)
    srv.knob('trickle', 1); srv.sessions(); srv.session_of(email); srv.history_of('echo@example.com')
    srv.stats() -> {'ns_connections': 3, 'logins': {email: n}, ...};  srv.kill()  (SIGKILL)
    Server(ports=fixed_ports())                      # on ports outside the ephemeral range
    Server(ports=old.ports)                          # a new server on the ports of a killed one
    srv.log_lines(tag='NS:alice', direction='C>', startswith='OUT'); srv.wait_log('NS:alice', 'C>', 'OUT')
    c = Client(srv, 'alice@example.com', proto='MSNP12', config=['/set ping_interval 5'])
    c.wait_event('signed_in', protocol='MSNP12')    # first matching event since the start
    m = c.mark(); c.send('/status busy'); c.wait_event('status', since=m, status='busy')
    c.expect_no_event('signed_out', within=2)
    c.wait_exit(10) -> exit status;  c.stop();  c.stderr_text()
    run_cli(['--help']) -> Result(code, stdout, stderr)      # one-shot runs of the binary
    signed_in_pair(srv) -> (alice, bob) both signed in and seeing each other online
    expected_list(email), nick_of(email), password_of(email)   # from accounts.json
    client_env(dir, password), new_dir(prefix), write_private(path, text), wait_until(pred, t, what)
"""
import fcntl
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVER_DIR = os.path.join(ROOT, 'tests', 'server')
SERVER_PY = os.path.join(SERVER_DIR, 'msnserver.py')
CERT = os.path.join(SERVER_DIR, 'cert.pem')
KEY = os.path.join(SERVER_DIR, 'key.pem')
ACCOUNTS = os.path.join(SERVER_DIR, 'accounts.json')

SANITIZER_MARKERS = ('ERROR: AddressSanitizer', 'runtime error:', 'LeakSanitizer')
ASAN_OPTIONS = 'detect_leaks=1:abort_on_error=1'
UBSAN_OPTIONS = 'print_stacktrace=1:halt_on_error=1'

# Exit statuses of msntty.
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_CONN_LOST, EXIT_INTERNAL, EXIT_AUTH = 0, 1, 2, 69, 70, 77

STATUS_NAMES = {'NLN': 'online', 'BSY': 'busy', 'IDL': 'idle', 'BRB': 'brb', 'AWY': 'away',
                'PHN': 'phone', 'LUN': 'lunch', 'HDN': 'invisible', 'FLN': 'offline'}


class TestFailure(AssertionError):
    pass


class TestSkipped(Exception):
    pass


def fail(msg):
    raise TestFailure(msg)


def skip(reason):
    raise TestSkipped(reason)


def check(cond, msg):
    if not cond:
        fail(msg)


def binary():
    return os.environ.get('MSNTTY_BIN') or os.path.join(ROOT, 'msntty')


# ---------------------------------------------------------------------------------------------
# per-test context

class _Context:
    def __init__(self):
        self.objects = []          # Server / Client / Process, in creation order
        self.tmp = None
        self.problems = []         # failures found at cleanup (hangs, sanitizer reports)

    def register(self, obj):
        self.objects.append(obj)


_ctx = _Context()


def tmp_dir():
    """The per-test temp dir (created on first use when running outside tests/run.py)."""
    if _ctx.tmp is None:
        base = os.environ.get('MSNTTY_TEST_TMP')
        if base:
            os.makedirs(base, exist_ok=True)
            _ctx.tmp = base
        else:
            _ctx.tmp = tempfile.mkdtemp(prefix='msntty-test-')
    return _ctx.tmp


def new_dir(prefix):
    return tempfile.mkdtemp(prefix=prefix + '-', dir=tmp_dir())


def begin_test(tmp=None):
    global _ctx
    _ctx = _Context()
    if tmp:
        os.makedirs(tmp, exist_ok=True)
    _ctx.tmp = tmp


def end_test():
    """Stop everything the test started (clients first, then servers).  Returns a list of
    problem strings (hangs, sanitizer reports, non-JSON output)."""
    problems = []
    for obj in reversed(_ctx.objects):
        try:
            problems.extend(obj.finish())
        except Exception as ex:   # keep cleaning up the rest
            problems.append('cleanup of %s failed: %r' % (obj.label, ex))
    return problems


def describe_all(lines=25):
    """Tails of every client's events/stderr and every server's log, for failure reports."""
    out = []
    for obj in _ctx.objects:
        try:
            out.append(obj.describe(lines))
        except Exception as ex:
            out.append('%s: (could not describe: %r)' % (getattr(obj, 'label', obj), ex))
    return '\n'.join(x for x in out if x)


def _tail(text, n):
    ls = text.rstrip('\n').split('\n') if text.strip() else []
    if len(ls) > n:
        ls = ['... (%d earlier lines)' % (len(ls) - n)] + ls[-n:]
    return '\n'.join('    ' + x for x in ls)


def _read_file(path):
    try:
        with open(path, 'r', encoding='utf-8', errors='replace') as fh:
            return fh.read()
    except OSError:
        return ''


def sanitizer_report(text):
    """The part of `text` from the first sanitizer marker on, or None."""
    idx = [text.find(m) for m in SANITIZER_MARKERS if m in text]
    if not idx:
        return None
    start = text.rfind('\n', 0, min(idx)) + 1
    return text[start:start + 4000]


def wait_until(pred, timeout, what, interval=0.05):
    """Poll pred() until truthy; returns its value or fails naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() >= deadline:
            fail('timed out after %.1fs waiting for %s' % (timeout, what))
        time.sleep(interval)


def ensure_cert(refresh=False):
    """Create tests/server/cert.pem (mkcert.sh; with refresh=True also renew it when it expires
    within an hour), serialised with a lock so parallel tests never generate it at once."""
    lock = os.path.join(tempfile.gettempdir(), 'msntty-mkcert.lock')
    with open(lock, 'a') as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            if refresh or not (os.path.exists(CERT) and os.path.exists(KEY)):
                subprocess.run(['sh', os.path.join(SERVER_DIR, 'mkcert.sh'), SERVER_DIR], check=True,
                               stdout=subprocess.DEVNULL, timeout=60)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_private(path, text):
    """Write a file with mode 0600 (msntty refuses config files others can write)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w', encoding='utf-8') as fh:
        fh.write(text)
    os.chmod(path, 0o600)
    return path


def accounts():
    with open(ACCOUNTS, encoding='utf-8') as fh:
        return {a['email']: a for a in json.load(fh)['accounts']}


def password_of(email):
    return accounts()[email]['password']


def _line_reader(stream, on_line, on_eof):
    def run():
        try:
            for raw in iter(stream.readline, b''):
                on_line(raw)
        except (OSError, ValueError):
            pass
        finally:
            on_eof()
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def _kill(proc, grace):
    """SIGTERM, wait `grace` s, SIGKILL.  Returns True if it had to kill."""
    if proc.poll() is not None:
        return False
    try:
        proc.send_signal(signal.SIGTERM)
        proc.wait(grace)
        return False
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
        return True
    except ProcessLookupError:
        return False


# ---------------------------------------------------------------------------------------------
# server

def fixed_ports():
    """Ports for a server that will be killed and replaced: below the ephemeral range, so no
    outgoing connection of a parallel test holds one when the replacement binds it."""
    if SERVER_DIR not in sys.path:
        sys.path.append(SERVER_DIR)
    from msnclient import free_ports
    return dict(zip(('ns', 'sb', 'https', 'control'), free_ports(4)))


class Server:
    """tests/server/msnserver.py on 127.0.0.1 with every port 0 (so parallel tests never
    collide).  knobs: dict or list of 'name=value'.  chl: None/'md5'/'msnp11'."""

    def __init__(self, knobs=None, dispatch=False, chl=None, accounts_file=None, extra_args=(),
                 ports=None, ready_timeout=20):
        ensure_cert()
        self.label = 'server'
        self.dir = new_dir('server')
        self.log_path = os.path.join(self.dir, 'server.log')
        self.err_path = os.path.join(self.dir, 'server.stderr')
        ports = ports or {}
        args = [sys.executable, SERVER_PY,
                '--ns-port', str(ports.get('ns', 0)), '--sb-port', str(ports.get('sb', 0)),
                '--https-port', str(ports.get('https', 0)), '--control-port', str(ports.get('control', 0)),
                '--log', self.log_path]
        if accounts_file:
            args += ['--accounts', accounts_file]
        if dispatch:
            args += ['--dispatch']
        if chl:
            args += ['--chl', chl]
        if isinstance(knobs, dict):
            knobs = ['%s=%s' % kv for kv in knobs.items()]
        for kv in knobs or ():
            args += ['--knob', kv]
        args += list(extra_args)
        self.args = args
        self._ctl = None
        self._ctl_buf = b''
        self._ctl_lock = threading.Lock()
        self._errf = open(self.err_path, 'wb')
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=self._errf, cwd=ROOT,
                                     env=dict(os.environ, PYTHONDONTWRITEBYTECODE='1'))
        _ctx.register(self)
        ready = []
        got = threading.Event()

        def on_line(raw):
            if not got.is_set():
                ready.append(raw)
                got.set()

        _line_reader(self.proc.stdout, on_line, got.set)
        if not got.wait(ready_timeout) or not ready:
            fail('server did not print its ready line within %ds (exit %r); stderr:\n%s'
                 % (ready_timeout, self.proc.poll(), _tail(_read_file(self.err_path), 20)))
        try:
            self.ports = json.loads(ready[0].decode('utf-8'))
        except ValueError:
            fail('server ready line is not JSON: %r' % ready[0])
        self.ns = self.ports['ns']
        self.sb = self.ports['sb']
        self.https = self.ports['https']
        self.control = self.ports['control']
        self.dispatch = self.ports.get('dispatch')

    # -- control port
    def control_cmd(self, line, timeout=10):
        """Send one control command, return the reply line ('ok ...' / 'error ...')."""
        with self._ctl_lock:
            if self._ctl is None:
                self._ctl = socket.create_connection(('127.0.0.1', self.control), timeout=timeout)
            self._ctl.settimeout(timeout)
            self._ctl.sendall(line.encode('utf-8') + b'\n')
            deadline = time.monotonic() + timeout
            while b'\n' not in self._ctl_buf:
                if time.monotonic() > deadline:
                    fail('no reply from the server control port to %r within %ds' % (line, timeout))
                try:
                    data = self._ctl.recv(65536)
                except socket.timeout:
                    fail('no reply from the server control port to %r within %ds' % (line, timeout))
                if not data:
                    fail('server control connection closed while waiting for the reply to %r' % line)
                self._ctl_buf += data
            reply, _, self._ctl_buf = self._ctl_buf.partition(b'\n')
            return reply.decode('utf-8', 'replace').rstrip('\r')

    def ctl(self, line, timeout=10):
        """control_cmd that requires an `ok` reply; returns the text after `ok`."""
        reply = self.control_cmd(line, timeout)
        if reply != 'ok' and not reply.startswith('ok '):
            fail('server control command %r answered %r' % (line, reply))
        return reply[3:]

    def knob(self, name, value):
        return self.ctl('knob %s %s' % (name, value))

    def sessions(self):
        return json.loads(self.ctl('sessions'))

    def history_of(self, email):
        """Payloads (str) the puppet/bot `email` received over switchboards."""
        return json.loads(self.ctl('history %s' % email))

    def stats(self):
        """The server's connection counters (control command `stats`, see tests/server/README)."""
        return json.loads(self.ctl('stats'))

    def online_emails(self):
        return {s['email'] for s in self.sessions()['ns']}

    def session_of(self, email):
        for s in self.sessions()['ns']:
            if s['email'] == email:
                return s
        return None

    # -- log
    def log_text(self):
        return _read_file(self.log_path)

    def log_lines(self, tag=None, direction=None, startswith=None):
        """Parsed server log: [(time, tag, direction, text)] filtered by tag prefix, direction
        ('C>' client to server, 'S>' server to client, '..', '!!') and text prefix."""
        out = []
        for line in self.log_text().splitlines():
            m = re.match(r'^(\d+\.\d+) \[([^\]]*)\] (\S\S) ?(.*)$', line)
            if not m:
                continue
            t, tg, d, text = float(m.group(1)), m.group(2), m.group(3), m.group(4)
            if tag is not None and not tg.startswith(tag):
                continue
            if direction is not None and d != direction:
                continue
            if startswith is not None and not text.startswith(startswith):
                continue
            out.append((t, tg, d, text))
        return out

    def wait_log(self, tag=None, direction=None, startswith=None, timeout=5, what=None):
        """Wait until the server log has a matching line (the server logs asynchronously, so
        a client that exited may have sent a line the log does not show yet)."""
        return wait_until(lambda: self.log_lines(tag, direction, startswith), timeout,
                          what or 'the server log to show [%s] %s %s' % (tag, direction, startswith))

    # -- lifecycle
    def kill(self):
        """SIGKILL: the server vanishes without a word (Server(ports=old.ports) takes over)."""
        if self._ctl is not None:
            try:
                self._ctl.close()
            except OSError:
                pass
            self._ctl = None
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)

    def stop(self):
        if self._ctl is not None:
            try:
                self._ctl.close()
            except OSError:
                pass
            self._ctl = None
        _kill(self.proc, 5)
        self._errf.close()

    def finish(self):
        self.stop()
        problems = []
        err = _read_file(self.err_path)
        if 'Traceback' in err:
            problems.append('test server printed a traceback:\n' + _tail(err, 30))
        return problems

    def describe(self, n=25):
        return '  --- %s log (last %d lines):\n%s\n  --- %s stderr:\n%s' % (
            self.label, n, _tail(self.log_text(), n), self.label, _tail(_read_file(self.err_path), 10))


# ---------------------------------------------------------------------------------------------
# client processes

def client_env(home_base, password=None, extra=None):
    """Environment for one msntty process: private HOME/XDG dirs under home_base, sanitizer
    options, the password (if any) in MSNTTY_PASSWORD and nowhere else."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith('MSNTTY_') and not k.startswith('XDG_')
           and k not in ('TERM', 'NO_COLOR', 'COLUMNS', 'LINES', 'TMUX')}
    dirs = {}
    for name, sub in (('HOME', 'home'), ('XDG_CONFIG_HOME', 'config'), ('XDG_DATA_HOME', 'data'),
                      ('XDG_STATE_HOME', 'state'), ('XDG_RUNTIME_DIR', 'runtime')):
        d = os.path.join(home_base, sub)
        os.makedirs(d, mode=0o700, exist_ok=True)
        dirs[name] = d
    env.update(dirs)
    env['LANG'] = env['LC_ALL'] = 'C.UTF-8'
    env['ASAN_OPTIONS'] = ASAN_OPTIONS
    env['UBSAN_OPTIONS'] = UBSAN_OPTIONS
    if password is not None:
        env['MSNTTY_PASSWORD'] = password
    env.update(extra or {})
    return env


class Result:
    def __init__(self, code, stdout, stderr):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def __repr__(self):
        return 'Result(code=%r, stdout=%r, stderr=%r)' % (self.code, self.stdout[-500:], self.stderr[-500:])


def run_cli(args, password=None, timeout=15, stdin=b'', env=None):
    """Run the binary once with `args`, stdin fed from `stdin` (bytes); returns Result.
    Fails on timeout and on sanitizer reports."""
    home = new_dir('cli')
    proc = subprocess.Popen([binary()] + list(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=client_env(home, password, env), cwd=home)
    try:
        out, err = proc.communicate(stdin, timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        fail('msntty %s did not exit within %ds; stdout:\n%s\nstderr:\n%s'
             % (' '.join(args), timeout, _tail(out.decode('utf-8', 'replace'), 15),
                _tail(err.decode('utf-8', 'replace'), 15)))
    res = Result(proc.returncode, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace'))
    rep = sanitizer_report(res.stderr)
    if rep:
        fail('sanitizer report from msntty %s:\n%s' % (' '.join(args), _tail(rep, 40)))
    return res


def proto_number(proto):
    m = re.match(r'^MSNP(\d+)$', proto)
    if not m:
        raise ValueError('proto must look like MSNP12, not %r' % proto)
    return int(m.group(1))


_USE_ACCOUNTS = object()


class Client:
    """msntty --headless for `account` against `server`.

    proto       'MSNP2'..'MSNP18' (passed as -p); with a server, every version also gets
                --web https://127.0.0.1:HTTPS (the nexus, RST ... derive from it) and --ca-file
    password    default: the account's password from accounts.json; None = no MSNTTY_PASSWORD
    config      list of config lines written to a file passed with -c (after the defaults
                '/set connect_timeout 5' and '/set login_timeout 15'; use defaults=False to skip)
    via_dispatch  connect -s to the server's dispatch port instead of the NS port
    ca_file     False: no --ca-file (True: tests/server/cert.pem; a str: that file)
    nexus       override the nexus URL (default: derived from --web, /rdr/pprdr.asp)
    args        replaces the computed argument list entirely (after --headless)
    extra_args  appended to the computed arguments
    """

    def __init__(self, server, account, proto='MSNP12', password=_USE_ACCOUNTS, config=None,
                 defaults=True, via_dispatch=False, ca_file=True, nexus=None, args=None,
                 extra_args=(), env=None, label=None):
        self.server = server
        self.account = account
        self.proto = proto
        self.label = label or 'client %s %s' % (account, proto)
        self.dir = new_dir('client-' + (account or 'none').split('@')[0])
        if password is _USE_ACCOUNTS:
            password = password_of(account)
        cfg_lines = []
        if defaults:
            cfg_lines += ['/set connect_timeout 5', '/set login_timeout 15']
        cfg_lines += list(config or [])
        self.config_path = os.path.join(self.dir, 'test-config')
        write_private(self.config_path, ''.join(l + '\n' for l in cfg_lines))
        if args is None:
            args = []
            if account:
                args += ['-a', account]
            if server is not None:
                port = server.dispatch if via_dispatch else server.ns
                if via_dispatch and not port:
                    fail('via_dispatch needs Server(dispatch=True)')
                args += ['-s', '127.0.0.1:%d' % port]
            args += ['-p', proto]
            if server is not None:
                # Every web service (nexus, RST, address book ...) derives from --web.
                args += ['--web', 'https://127.0.0.1:%d' % server.https]
                if nexus:
                    args += ['--nexus', nexus]
                if ca_file:
                    args += ['--ca-file', CERT if ca_file is True else ca_file]
            args += ['-c', self.config_path]
            args += list(extra_args)
        self.argv = [binary(), '--headless'] + list(args)
        if password is not None:
            for a in self.argv:
                if password in a:
                    fail('refusing to put the password into argv')
        self.err_path = os.path.join(self.dir, 'stderr')
        self._errf = open(self.err_path, 'wb')
        self._cond = threading.Condition()
        self._events = []        # (t, dict)
        self.bad_lines = []
        self.eof = False
        self.t0 = time.monotonic()
        self.exit_code = None
        self._finished = False
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._errf, env=client_env(self.dir, password, env),
                                     cwd=self.dir)
        _ctx.register(self)
        self._reader = _line_reader(self.proc.stdout, self._on_line, self._on_eof)

    # -- stdout
    def _on_line(self, raw):
        text = raw.decode('utf-8', 'replace').rstrip('\n')
        ev = None
        try:
            ev = json.loads(raw.decode('utf-8'))
        except (ValueError, UnicodeDecodeError):
            pass
        with self._cond:
            if not isinstance(ev, dict) or not isinstance(ev.get('event'), str):
                self.bad_lines.append(text)
            else:
                self._events.append((time.monotonic() - self.t0, ev))
            self._cond.notify_all()

    def _on_eof(self):
        with self._cond:
            self.eof = True
            self._cond.notify_all()

    @property
    def events(self):
        with self._cond:
            return [e for _, e in self._events]

    def names(self):
        return [e['event'] for e in self.events]

    def mark(self):
        """Index to pass as since= so that only later events match."""
        with self._cond:
            return len(self._events)

    @staticmethod
    def _matches(ev, name, match):
        if ev.get('event') != name:
            return False
        for k, want in match.items():
            if k not in ev:
                return False
            got = ev[k]
            if callable(want):
                try:
                    if not want(got):
                        return False
                except Exception:
                    return False
            elif got != want:
                return False
        return True

    def find(self, name, since=0, **match):
        """All events so far (from index since) that match."""
        with self._cond:
            return [e for _, e in self._events[since:] if self._matches(e, name, match)]

    def index_of(self, name, since=0, **match):
        with self._cond:
            for i, (_, e) in enumerate(self._events[since:], since):
                if self._matches(e, name, match):
                    return i
        return -1

    def _check_bad(self):
        if self.bad_lines:
            fail('%s wrote a stdout line that is not a JSON event object: %r'
                 % (self.label, self.bad_lines[0]))

    def wait_event(self, name, timeout=10, since=0, **match):
        """First event called `name` (from index `since`) whose fields equal the keyword
        arguments (or satisfy them, for callables).  Fails after `timeout` s, or early if the
        client exits or writes a non-JSON line."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                self._check_bad()
                for _, e in self._events[since:]:
                    if self._matches(e, name, match):
                        return e
                left = deadline - time.monotonic()
                if left <= 0 or (self.eof and self.proc.poll() is not None):
                    why = 'timed out after %.1fs' % timeout if left <= 0 else \
                        'the client exited (status %s)' % self.proc.poll()
                    want = ', '.join('%s=%s' % (k, 'callable' if callable(v) else json.dumps(v))
                                     for k, v in match.items())
                    fail('%s: %s while waiting for event %s%s' % (
                        self.label, why, name, ' {%s}' % want if want else ''))
                self._cond.wait(min(left, 0.2))

    def expect_no_event(self, name, within=2.0, since=0, **match):
        """Wait `within` s and fail if a matching event shows up."""
        deadline = time.monotonic() + within
        with self._cond:
            while True:
                self._check_bad()
                for _, e in self._events[since:]:
                    if self._matches(e, name, match):
                        fail('%s: unexpected event %s' % (self.label, json.dumps(e)))
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self._cond.wait(min(left, 0.2))

    def wait_signed_in(self, timeout=15, **match):
        return self.wait_event('signed_in', timeout, **match)

    # -- stdin
    def send(self, line):
        if self.proc.poll() is not None:
            fail('%s: cannot send %r, the client already exited (status %s)'
                 % (self.label, line, self.proc.returncode))
        try:
            self.proc.stdin.write(line.encode('utf-8') + b'\n')
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError) as ex:
            fail('%s: writing %r to stdin failed: %r' % (self.label, line, ex))

    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except (OSError, ValueError):
            pass

    def signal(self, sig):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)

    # -- exit
    def wait_exit(self, timeout=10):
        """Exit status; fails if the client is still running after `timeout` s."""
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            fail('%s did not exit within %.1fs (hang?)' % (self.label, timeout))
        self._reader.join(5)
        self.exit_code = code
        self._check_bad()
        return code

    def running(self):
        return self.proc.poll() is None

    def stderr_text(self):
        return _read_file(self.err_path)

    def all_text(self):
        """stderr plus every event's text field (for 'a message was shown' checks)."""
        return self.stderr_text() + '\n' + '\n'.join(json.dumps(e) for e in self.events)

    def stop(self, timeout=5):
        """/quit, then SIGTERM, then SIGKILL.  Returns a problem string if it hung."""
        problem = None
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(b'/quit\n')
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                problem = '%s did not exit within %ds after /quit' % (self.label, timeout)
                if _kill(self.proc, 3):
                    problem += ' nor 3s after SIGTERM (killed)'
        self.close_stdin()
        self._reader.join(5)
        self._errf.close()
        return problem

    def finish(self):
        if self._finished:
            return []
        self._finished = True
        problems = []
        p = self.stop()
        if p:
            problems.append(p)
        rep = sanitizer_report(self.stderr_text())
        if rep:
            problems.append('%s: sanitizer report on stderr:\n%s' % (self.label, _tail(rep, 60)))
        if self.bad_lines:
            problems.append('%s: stdout lines that are not JSON event objects: %r'
                            % (self.label, self.bad_lines[:3]))
        return problems

    def describe(self, n=25):
        with self._cond:
            evs = list(self._events)
        lines = ['%6.2fs %s' % (t, json.dumps(e, ensure_ascii=False)) for t, e in evs]
        return '  --- %s (exit %s): argv %s\n  --- events (last %d):\n%s\n  --- stderr:\n%s' % (
            self.label, self.proc.poll(), ' '.join(self.argv[1:]), n, _tail('\n'.join(lines), n),
            _tail(self.stderr_text(), 15))


def signed_in_pair(server, a='alice@example.com', b='bob@example.com', proto_a='MSNP12',
                   proto_b='MSNP12', **kw):
    """Two signed-in clients (a, b), each seeing the other online."""
    ca = Client(server, a, proto_a, **kw)
    ca.wait_signed_in()
    cb = Client(server, b, proto_b, **kw)
    cb.wait_signed_in()
    cb.wait_event('presence', contact=a, status='online')
    ca.wait_event('presence', contact=b, status='online')
    return ca, cb


def open_group(server, host, first, second):
    """`host` (a signed-in Client) opens a group chat: a conversation with `first`, an account
    the test server puts online (no client of its own), then invites `second`, the account of
    a signed-in client or terminal. Returns the conversation id on host's side."""
    server.ctl('online %s NLN' % first)
    host.wait_event('presence', contact=second, status='online')
    host.wait_event('presence', contact=first, status='online')
    host.send('/msg %s group time' % first)
    host.wait_event('joined', contact=first)
    host.send('/invite %s' % second)
    return host.wait_event('joined', contact=second)['conversation']


def expected_list(email):
    """{contact: (set of lists, sorted group names)} as accounts.json defines them for `email`
    (RL = every account that has `email` on its FL)."""
    accts = accounts()
    me = accts[email]
    gname = {g['id']: g['name'] for g in me['groups']}
    out = {}
    for c in me['contacts']:
        out[c['email']] = (set(c['lists']), sorted(gname[g] for g in c['groups']))
    for other in accts.values():
        if other['email'] == email:
            continue
        if any(c['email'] == email and 'FL' in c['lists'] for c in other['contacts']):
            lists, groups = out.get(other['email'], (set(), []))
            out[other['email']] = (lists | {'RL'}, groups)
    return out


def nick_of(email):
    return accounts()[email]['nick']
