#!/usr/bin/env python3
"""msntty benchmarks: figures, never pass/fail timing.

    make bench                       (builds, then runs this with MSNTTY_BIN and BENCH_BIN)
    MSNTTY_BIN=./msntty BENCH_BIN=build/rel/bench-proto python3 bench/run.py [SECTION ...]

Sections (default: all, in this order):
    proto    bench-proto micro-benchmarks (codec, SbSession, payloads, JSON, sanitizer, url_decode)
    flood    5,000 incoming text messages from a raw-socket client: client CPU, wall time, RSS
    flood50k the same with 50,000 messages: RSS must stay bounded (scrollback_lines per window)
    idle     signed in and idle: wakeups/minute (context switches) and polls/minute (strace)
    ui       the flood with the curses UI in tmux (skipped when the UI or tmux is unavailable)

Environment: BENCH_IDLE_SECONDS (60), BENCH_FLOOD (5000), BENCH_FLOOD_BIG (50000),
BENCH_MIN_SECONDS (per-run minimum of bench-proto, 0.2).

Every figure is compared with the peer figure measured on one loopback server (gtmess 0.98:
0.54 s CPU for 5,000 incoming messages, 61 wakeups/minute idle; tmsnc: 3,000 wakeups/minute,
49 messages/s) and printed with "ok" or "WORSE".  The exit status is 0 unless a benchmark could
not run at all.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True   # no __pycache__ in tests/server or bench
os.environ['PYTHONDONTWRITEBYTECODE'] = '1'   # nor from the test server we start
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'server'))
import msnclient  # noqa: E402  (raw-socket MSNP client + server launcher)

ALICE, ALICE_PW = 'alice@example.com', 'alicepass'
BOB, BOB_PW = 'bob@example.com', 'bobpass'
CLK_TCK = os.sysconf('SC_CLK_TCK')

# Peer figures (one loopback server).
GTMESS_FLOOD_CPU_S = 0.54      # CPU seconds to absorb 5,000 incoming messages
GTMESS_IDLE_WAKEUPS = 61       # per minute
TMSNC_IDLE_WAKEUPS = 3000      # per minute (polls every 20 ms)
TMSNC_MSGS_PER_S = 49


class CannotRun(Exception):
    """The benchmark could not run at all (make bench then exits non-zero)."""


class Skipped(Exception):
    pass


def env_int(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def msntty_bin():
    return os.path.abspath(os.environ.get('MSNTTY_BIN') or os.path.join(ROOT, 'msntty'))


def bench_bin():
    return os.environ.get('BENCH_BIN') or os.path.join(ROOT, 'build', 'rel', 'bench-proto')


# ---------------------------------------------------------------------------------------------
# /proc

def cpu_seconds(pid):
    """utime+stime of the whole process (all threads), in seconds (clock-tick resolution)."""
    with open('/proc/%d/stat' % pid) as fh:
        data = fh.read()
    fields = data[data.rindex(')') + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK   # fields 14 and 15 of stat(5)


def sched_ns(pid):
    """Sum of on-CPU time of every thread from /proc/PID/task/*/schedstat (ns resolution), or None."""
    total = 0
    try:
        for tid in os.listdir('/proc/%d/task' % pid):
            with open('/proc/%d/task/%s/schedstat' % (pid, tid)) as fh:
                total += int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total


def loadavg():
    try:
        with open('/proc/loadavg') as fh:
            return ' '.join(fh.read().split()[:3])
    except OSError:
        return '?'


def status_fields(pid):
    out = {}
    with open('/proc/%d/status' % pid) as fh:
        for line in fh:
            k, _, v = line.partition(':')
            out[k] = v.strip()
    return out


def kib(pid, field):
    v = status_fields(pid).get(field, '0 kB')
    return int(v.split()[0])


def ctx_switches(pid):
    """voluntary + nonvoluntary context switches summed over every thread."""
    total = 0
    for tid in os.listdir('/proc/%d/task' % pid):
        try:
            with open('/proc/%d/task/%s/status' % (pid, tid)) as fh:
                for line in fh:
                    if line.startswith(('voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches')):
                        total += int(line.split(':')[1])
        except OSError:
            pass
    return total


# ---------------------------------------------------------------------------------------------
# processes

class Server:
    def __init__(self, *knobs):
        args = []
        for k in knobs:
            args += ['--knob', k]
        try:
            self.srv = msnclient.ServerProc(*args)
        except Exception as ex:
            raise CannotRun('the test server did not start: %r' % ex)
        self.ports = self.srv.ports

    def stop(self):
        self.srv.stop()


def client_env(base, password):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('MSNTTY_', 'XDG_')) and k not in ('COLUMNS', 'LINES', 'TMUX')}
    for name, sub in (('HOME', 'home'), ('XDG_CONFIG_HOME', 'config'), ('XDG_DATA_HOME', 'data'),
                      ('XDG_STATE_HOME', 'state'), ('XDG_RUNTIME_DIR', 'runtime')):
        d = os.path.join(base, sub)
        os.makedirs(d, mode=0o700, exist_ok=True)
        env[name] = d
    env['LANG'] = env['LC_ALL'] = 'C.UTF-8'
    env['MSNTTY_PASSWORD'] = password
    return env


def write_config(base, lines):
    os.makedirs(base, mode=0o700, exist_ok=True)
    path = os.path.join(base, 'bench-config')
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as fh:
        fh.write(''.join(l + '\n' for l in lines))
    return path


def client_args(server, account, config_path, proto='MSNP7'):
    return ['-a', account, '-s', '127.0.0.1:%d' % server.ports['ns'], '-p', proto, '-c', config_path]


class Headless:
    """msntty --headless; a thread reads stdout, counts `message` events and keeps the rest."""

    def __init__(self, server, account, password, base, config=(), proto='MSNP7', extra=()):
        self.base = base
        cfg = write_config(base, ['/set connect_timeout 5', '/set login_timeout 15'] + list(config))
        self.argv = [msntty_bin(), '--headless'] + client_args(server, account, cfg, proto) + list(extra)
        self.err_path = os.path.join(base, 'stderr')
        self._errf = open(self.err_path, 'wb')
        self.cond = threading.Condition()
        self.messages = 0
        self.last_message = None
        self.events = []            # every non-message event (dicts)
        self.milestones = {}        # message count -> callback result
        self.on_count = None        # callable(count) run by the reader thread
        self.message_times = {}     # count -> monotonic time, for the counts in watch_counts
        self.watch_counts = set()
        self.eof = False
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._errf, env=client_env(base, password), cwd=base)
        self.pid = self.proc.pid
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        marker = b'"event":"message"'
        try:
            for raw in iter(self.proc.stdout.readline, b''):
                if marker in raw:
                    with self.cond:
                        self.messages += 1
                        n = self.messages
                        self.last_message = raw
                        if n in self.watch_counts:
                            self.message_times[n] = time.monotonic()
                            self.cond.notify_all()
                    if self.on_count is not None:
                        self.on_count(n)
                    continue
                try:
                    ev = json.loads(raw)
                except ValueError:
                    ev = {'event': '(not json)', 'raw': raw[:200].decode('utf-8', 'replace')}
                with self.cond:
                    self.events.append(ev)
                    self.cond.notify_all()
        finally:
            with self.cond:
                self.eof = True
                self.cond.notify_all()

    def wait_event(self, name, timeout=15, **match):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for ev in self.events:
                    if ev.get('event') == name and all(ev.get(k) == v for k, v in match.items()):
                        return ev
                left = deadline - time.monotonic()
                if left <= 0 or self.eof:
                    raise CannotRun('msntty (%s): no %s event within %ds%s; events: %s; stderr: %s' % (
                        ' '.join(self.argv[2:4]), name, timeout, ' (it exited)' if self.eof else '',
                        [e.get('event') for e in self.events][-15:], self.stderr()[-500:]))
                self.cond.wait(min(left, 0.2))

    def wait_messages(self, n, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while self.messages < n:
                left = deadline - time.monotonic()
                if left <= 0 or self.eof:
                    raise CannotRun('msntty showed %d of %d messages within %ds%s' % (
                        self.messages, n, timeout, ' (it exited)' if self.eof else ''))
                self.cond.wait(min(left, 0.2))
            return self.message_times.get(n, time.monotonic())

    def stderr(self):
        try:
            with open(self.err_path, 'rb') as fh:
                return fh.read().decode('utf-8', 'replace')
        except OSError:
            return ''

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(b'/quit\n')
                self.proc.stdin.flush()
            except (OSError, ValueError):
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
        self._errf.close()


# ---------------------------------------------------------------------------------------------
# the raw-socket flooder (bob on MSNP7)

class Flooder:
    def __init__(self, server, target=ALICE):
        self.ns = msnclient.login(server.ports, BOB, BOB_PW, version=7, name='bob-ns')
        # XFR SB after CHG (the server refuses it before the first CHG).
        self.ns.send('XFR 8 SB')
        line, _ = self.ns.wait_for(r'XFR 8 SB \S+ CKI \S+', timeout=10)
        parts = line.split(' ')
        host, port = parts[3].rsplit(':', 1)
        cookie = parts[5]
        self.sb = msnclient.Client(int(port), 'bob-sb')
        self.sb.send('USR 1 %s %s' % (BOB, cookie))
        self.sb.expect(r'USR 1 OK .*', timeout=10)
        self.sb.send('CAL 2 %s' % target)
        self.sb.wait_for(r'CAL 2 RINGING \S+', timeout=10)
        self.sb.wait_for(r'JOI %s .*' % re.escape(target), timeout=15)
        self.trid = 2

    @staticmethod
    def text(i):
        return 'flood message %d: the quick brown fox jumps over the lazy dog \xe2\x98\x95' % i

    def payloads(self, n, first=0):
        head = ('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n'
                'X-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\n').encode()
        out = []
        for i in range(first, first + n):
            self.trid += 1
            body = head + ('flood message %d: the quick brown fox jumps over the lazy dog \u2615' % i).encode()
            out.append(b'MSG %d N %d\r\n' % (self.trid, len(body)) + body)
        return out

    def send_all(self, msgs, batch=200):
        self.sb.sock.settimeout(60)
        for i in range(0, len(msgs), batch):
            self.sb.sock.sendall(b''.join(msgs[i:i + batch]))

    def close(self):
        for c in (self.sb, self.ns):
            try:
                c.send('OUT')
            except OSError:
                pass
            c.close()


# ---------------------------------------------------------------------------------------------
# reporting

RESULTS = []     # (section, name, value string, peer string, verdict)


def record(section, name, value, peer='', verdict=''):
    RESULTS.append((section, name, value, peer, verdict))
    line = '  %-38s %s' % (name + ':', value)
    if peer:
        line += '   [%s: %s]' % (verdict, peer)
    print(line, flush=True)


def verdict(better):
    return 'ok' if better else 'WORSE'


# "Beat them by a wide margin": every peer comparison wants at least this factor.
MARGIN = 10


def vs_lower(value, peer, who, unit, fmt='%.2f'):
    """Lower is better: (peer text, verdict) for record()."""
    factor = peer / value if value > 0 else float('inf')
    text = ('%s ' + fmt + ' %s, target <= ' + fmt + ' (%dx); %s') % (
        who, peer, unit, peer / MARGIN, MARGIN,
        'infinitely better' if factor == float('inf') else '%.1fx better' % factor if factor >= 1
        else '%.1fx worse' % (1 / factor))
    return text, verdict(value <= peer / MARGIN)


def vs_higher(value, peer, who, unit, fmt='%.0f'):
    factor = value / peer
    text = ('%s ' + fmt + ' %s, target >= ' + fmt + ' (%dx); %.0fx better') % (
        who, peer, unit, peer * MARGIN, MARGIN, factor)
    return text, verdict(value >= peer * MARGIN)


def header(title):
    print('\n== %s' % title, flush=True)


# ---------------------------------------------------------------------------------------------
# sections

def section_proto():
    header('proto: bench-proto micro-benchmarks (median of 5 runs)')
    b = bench_bin()
    if not os.access(b, os.X_OK):
        raise CannotRun('bench-proto binary %s not found (make bench builds it)' % b)
    proc = subprocess.Popen([b], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stdout:
        print('  ' + line.rstrip(), flush=True)
        m = re.match(r'^(\S+): (\d+) ops, ([\d.]+) ns/op, ([\d.]+) MB/s(?: \(cpu ([\d.]+) ns/op\))?', line)
        if m:
            RESULTS.append(('proto', m.group(1), '%s ns/op, %s MB/s%s' % (
                m.group(3), m.group(4), ', cpu %s ns/op' % m.group(5) if m.group(5) else ''), '', ''))
    err = proc.stderr.read()
    if proc.wait() != 0:
        raise CannotRun('bench-proto exited with %d: %s' % (proc.returncode, err.strip()))


def start_pair(server, base, config=()):
    """msntty (alice, headless, MSNP7) signed in, and bob flooding from a switchboard."""
    cl = Headless(server, ALICE, ALICE_PW, os.path.join(base, 'alice'), config)
    try:
        cl.wait_event('signed_in', 20)
        time.sleep(0.3)    # let the initial list/presence burst settle
        fl = Flooder(server)
        cl.wait_event('joined', 10)
    except BaseException:
        cl.stop()
        raise
    return cl, fl


def run_flood(n, base, label, rss_samples=False):
    server = Server()
    cl = fl = None
    try:
        os.makedirs(base, exist_ok=True)
        cl, fl = start_pair(server, base)
        msgs = fl.payloads(n)
        samples = []
        if rss_samples:
            step = max(1, n // 10)

            def on_count(k):
                if k % step == 0:
                    try:
                        samples.append((k, kib(cl.pid, 'VmRSS')))
                    except OSError:
                        pass
            cl.on_count = on_count
        cl.watch_counts.add(n)
        rss0 = kib(cl.pid, 'VmRSS')
        cpu0, ns0 = cpu_seconds(cl.pid), sched_ns(cl.pid)
        t0 = time.monotonic()
        sender = threading.Thread(target=fl.send_all, args=(msgs,), daemon=True)
        sender.start()
        t_end = cl.wait_messages(n, timeout=max(60, n / 200))
        wall = t_end - t0
        time.sleep(0.3)    # what the last turn still does (log write, fdatasync) counts too
        cpu1, ns1 = cpu_seconds(cl.pid), sched_ns(cl.pid)
        sender.join(10)
        cpu = cpu1 - cpu0
        sched = (ns1 - ns0) / 1e9 if ns0 is not None and ns1 is not None else None
        hwm, rss = kib(cl.pid, 'VmHWM'), kib(cl.pid, 'VmRSS')
        last = cl.last_message.decode('utf-8', 'replace') if cl.last_message else ''
        if ('flood message %d:' % (n - 1)) not in last:
            raise CannotRun('the last message event is not the last message sent: %r' % last[:200])
        return dict(cpu=cpu, sched=sched, wall=wall, hwm=hwm, rss=rss, rss0=rss0, samples=samples,
                    pid=cl.pid)
    finally:
        if fl:
            fl.close()
        if cl:
            cl.stop()
        server.stop()


def section_flood(tmp):
    n = env_int('BENCH_FLOOD', 5000)
    header('flood: %d incoming text messages (msntty --headless, MSNP7, alice <- bob)' % n)
    r = run_flood(n, os.path.join(tmp, 'flood'), 'flood')
    cpu = r['sched'] if r['sched'] is not None else r['cpu']
    peer_cpu = GTMESS_FLOOD_CPU_S * n / 5000
    record('flood', 'client CPU (utime+stime)', '%.3f s (clock ticks of 1/%d s)' % (r['cpu'], CLK_TCK))
    if r['sched'] is not None:
        record('flood', 'client CPU (schedstat, all threads)', '%.4f s' % r['sched'],
               *vs_lower(r['sched'], peer_cpu, 'gtmess', 's', '%.3f'))
    record('flood', 'client CPU per message', '%.1f us' % (cpu / n * 1e6),
           *vs_lower(cpu / n * 1e6, GTMESS_FLOOD_CPU_S / 5000 * 1e6, 'gtmess', 'us', '%.1f'))
    record('flood', 'wall time to last message event', '%.3f s' % r['wall'])
    rate = n / r['wall'] if r['wall'] > 0 else float('inf')
    record('flood', 'messages/s (end to end)', '%.0f /s (bounded by the Python test server)' % rate,
           *vs_higher(rate, TMSNC_MSGS_PER_S, 'tmsnc', '/s'))
    record('flood', 'peak RSS (VmHWM)', '%.1f MiB' % (r['hwm'] / 1024))
    return r


# Our own target (no other terminal client reads offline messages): the CPU a waiting message
# costs, TLS handshake of its GetMessage request included.
OIM_CPU_TARGET_MS = 5.0


def section_oim(tmp):
    n = env_int('BENCH_OIM', 500)
    header('oim: %d offline messages waiting at sign-in (msntty --headless, MSNP18, bob)' % n)
    server = Server()
    cl = None
    try:
        reply = server.srv.control('oim_seed ' + json.dumps(
            {'to': BOB, 'from': ALICE, 'text': 'waiting', 'count': n, 'age': 3600}))
        if not reply.startswith('ok '):
            raise CannotRun('oim_seed: %s' % reply)
        web = ['--web', 'https://127.0.0.1:%d' % server.ports['https'],
               '--ca-file', os.path.join(ROOT, 'tests', 'server', 'cert.pem')]
        cl = Headless(server, BOB, BOB_PW, os.path.join(tmp, 'oim'), proto='MSNP18', extra=web)
        cl.watch_counts.add(n)
        cl.wait_event('signed_in', timeout=30)
        t0, cpu0 = time.monotonic(), sched_ns(cl.pid)
        t1 = cl.wait_messages(n, timeout=600)
        deadline = time.monotonic() + 60
        while json.loads(server.srv.control('oims %s' % BOB)[3:]) and time.monotonic() < deadline:
            time.sleep(0.05)
        t2 = time.monotonic()
        cpu1 = sched_ns(cl.pid)
        cpu_ms = (cpu1 - cpu0) / 1e6 if cpu0 is not None and cpu1 is not None else None
        record('oim', 'wall time, sign-in to the last shown', '%.2f s' % (t1 - t0))
        record('oim', 'wall time, then until all deleted', '%.2f s' % (t2 - t1))
        if cpu_ms is not None:
            per = cpu_ms / n
            record('oim', 'client CPU per message (schedstat)', '%.2f ms' % per,
                   'own target <= %.1f ms' % OIM_CPU_TARGET_MS, verdict(per <= OIM_CPU_TARGET_MS))
        record('oim', 'peak RSS (VmHWM)', '%.1f MiB' % (kib(cl.pid, 'VmHWM') / 1024))
    finally:
        if cl:
            cl.stop()
        server.stop()


def section_flood_big(tmp, small):
    n = env_int('BENCH_FLOOD_BIG', 50000)
    header('flood50k: %d incoming text messages (memory stays bounded)' % n)
    r = run_flood(n, os.path.join(tmp, 'flood-big'), 'flood50k', rss_samples=True)
    cpu = r['sched'] if r['sched'] is not None else r['cpu']
    record('flood50k', 'client CPU', '%.3f s (%.1f us/message)' % (cpu, cpu / n * 1e6),
           *vs_lower(cpu, GTMESS_FLOOD_CPU_S * n / 5000, 'gtmess (scaled)', 's'))
    record('flood50k', 'wall time / rate', '%.2f s, %.0f messages/s' % (r['wall'], n / r['wall']))
    s = r['samples']
    if s:
        record('flood50k', 'VmRSS by messages received', ', '.join('%dk:%.1f' % (k // 1000, v / 1024) for k, v in s) + ' MiB')
    record('flood50k', 'peak RSS (VmHWM)', '%.1f MiB (before the flood %.1f MiB)' % (r['hwm'] / 1024, r['rss0'] / 1024))
    if len(s) >= 4:
        # Bounded: after the scrollback has filled (~20% of the flood), RSS should barely move.
        base_kib = s[1][1]
        growth = s[-1][1] - base_kib
        per_msg = growth * 1024 / max(1, s[-1][0] - s[1][0])
        record('flood50k', 'RSS growth %dk -> %dk' % (s[1][0] // 1000, s[-1][0] // 1000),
               '%+.1f MiB (%.1f bytes/message)' % (growth / 1024, per_msg),
               'bounded: < 2 MiB', verdict(growth < 2048))


def section_idle(tmp):
    secs = env_int('BENCH_IDLE_SECONDS', 60)
    header('idle: signed in and idle for %d s (MSNP7, default ping_interval 45 s)' % secs)
    server = Server()
    clients = []
    strace_proc = None
    try:
        a = Headless(server, ALICE, ALICE_PW, os.path.join(tmp, 'idle-alice'))
        clients.append(a)
        strace = shutil.which('strace')
        b = None
        if strace:
            # A second, identical client (bob) is traced so that ptrace stops do not inflate
            # alice's context-switch count.
            b = Headless(server, BOB, BOB_PW, os.path.join(tmp, 'idle-bob'))
            clients.append(b)
        for c in clients:
            c.wait_event('signed_in', 20)
        time.sleep(2)   # let sign-in traffic (list, presence of each other) settle
        strace_out = os.path.join(tmp, 'strace.txt')
        if b:
            strace_proc = subprocess.Popen([strace, '-f', '-c', '-e', 'trace=poll,ppoll', '-o', strace_out,
                                            '-p', str(b.pid)], stdout=subprocess.DEVNULL,
                                           stderr=subprocess.PIPE)
            time.sleep(0.5)   # attach
        cs0, cpu0, t0 = ctx_switches(a.pid), sched_ns(a.pid), time.monotonic()
        time.sleep(secs)
        cs1, cpu1, t1 = ctx_switches(a.pid), sched_ns(a.pid), time.monotonic()
        minutes = (t1 - t0) / 60
        wake = (cs1 - cs0) / minutes
        record('idle', 'wakeups/minute (ctx switches)', '%.1f (%d in %.1f s)' % (wake, cs1 - cs0, t1 - t0),
               *vs_lower(wake, GTMESS_IDLE_WAKEUPS, 'gtmess', '/min (tmsnc %d)' % TMSNC_IDLE_WAKEUPS, '%.1f'))
        if cpu0 is not None and cpu1 is not None:
            record('idle', 'CPU while idle', '%.2f ms/minute' % ((cpu1 - cpu0) / 1e6 / minutes))
        if strace_proc:
            strace_proc.send_signal(signal.SIGINT)
            try:
                _, err = strace_proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                strace_proc.kill()
                _, err = strace_proc.communicate()
            calls = 0
            try:
                with open(strace_out) as fh:
                    for line in fh:
                        m = re.match(r'^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(poll|ppoll)\s*$', line)
                        if m:
                            calls += int(m.group(1))
                txt = open(strace_out).read()
            except OSError:
                txt = ''
            err_text = err.decode('utf-8', 'replace')
            if not txt.strip() and 'attached' not in err_text:
                record('idle', 'polls/minute (strace)', 'not measured (strace: %s)' % ' '.join(err_text.split())[:200])
            else:
                pm = calls / minutes
                record('idle', 'polls/minute (strace, 2nd client)', '%.1f (%d in %.1f s)' % (pm, calls, t1 - t0),
                       *vs_lower(pm, GTMESS_IDLE_WAKEUPS, 'gtmess', '/min (tmsnc %d)' % TMSNC_IDLE_WAKEUPS,
                                 '%.1f'))
        else:
            record('idle', 'polls/minute (strace)', 'skipped (strace is not installed)')
    finally:
        if strace_proc and strace_proc.poll() is None:
            strace_proc.kill()
            strace_proc.wait()
        for c in clients:
            c.stop()
        server.stop()


def section_ui(tmp):
    n = env_int('BENCH_FLOOD', 5000)
    header('ui: %d incoming messages with the curses UI in tmux (120x40)' % n)
    tmux = shutil.which('tmux')
    if not tmux:
        raise Skipped('tmux is not installed')
    server = Server()
    sock = 'msntty-bench-%d' % os.getpid()
    base = os.path.join(tmp, 'ui')
    os.makedirs(base, exist_ok=True)
    fl = None
    pid = None

    def tm(*args, check=True, env=None):
        return subprocess.run([tmux, '-L', sock] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, check=check, timeout=10, env=env)

    def screen():
        return tm('capture-pane', '-p', '-t', 'bench', check=False).stdout

    try:
        cfg = write_config(base, ['/set connect_timeout 5', '/set login_timeout 15'])
        env = client_env(base, ALICE_PW)
        env['TERM'] = 'xterm-256color'
        argv = [msntty_bin()] + client_args(server, ALICE, cfg)
        pidfile = os.path.join(base, 'pid')
        shell_cmd = 'echo $$ > %s; exec %s' % (pidfile, ' '.join("'%s'" % a for a in argv))
        # The private tmux server (-L) starts with this environment and passes it on to the
        # session, so the password travels in the environment, never in an argv.
        tm('-f', '/dev/null', 'new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40',
           'sh', '-c', shell_cmd, env=env)
        tm('set-option', '-t', 'bench', 'remain-on-exit', 'on', check=False)
        deadline = time.monotonic() + 10
        while pid is None and time.monotonic() < deadline:
            try:
                pid = int(open(pidfile).read().strip())
            except (OSError, ValueError):
                time.sleep(0.1)
        if pid is None:
            raise Skipped('msntty did not start in tmux: %r' % screen()[-300:])
        # Signed in when the server lists alice as a client with a status.
        deadline = time.monotonic() + 20
        online = False
        while time.monotonic() < deadline and not online:
            try:
                sessions = json.loads(server.srv.control('sessions')[3:])
                online = any(s['email'] == ALICE and s.get('status') not in (None, 'FLN')
                             for s in sessions['ns'])
            except (ValueError, KeyError, OSError):
                pass
            if not online:
                time.sleep(0.2)
        if not online:
            raise Skipped('the UI did not sign in within 20 s; screen:\n%s' % screen()[-600:])
        time.sleep(0.5)
        try:
            fl = Flooder(server)
        except Exception as ex:
            raise Skipped('the UI did not join a switchboard (%r); screen:\n%s' % (ex, screen()[-600:]))
        # The conversation opens in window 2: look at it, as a user reading the flood would.
        deadline = time.monotonic() + 10
        while '2:' not in screen() and time.monotonic() < deadline:
            time.sleep(0.1)
        tm('send-keys', '-t', 'bench', 'M-2', check=False)
        time.sleep(0.5)
        msgs = fl.payloads(n)
        cpu0, ns0 = cpu_seconds(pid), sched_ns(pid)
        t0 = time.monotonic()
        fl.send_all(msgs)
        last = 'flood message %d:' % (n - 1)
        deadline = time.monotonic() + max(30, n / 200)
        shown = False
        while time.monotonic() < deadline:
            if last in screen():
                shown = True
                break
            time.sleep(0.05)
        wall = time.monotonic() - t0
        time.sleep(0.3)
        cpu1, ns1 = cpu_seconds(pid), sched_ns(pid)
        cpu = (ns1 - ns0) / 1e9 if ns0 is not None and ns1 is not None else cpu1 - cpu0
        record('ui', 'client CPU (UI)', '%.3f s (%.1f us/message)' % (cpu, cpu / n * 1e6),
               *vs_lower(cpu, GTMESS_FLOOD_CPU_S * n / 5000, 'gtmess (with its UI)', 's', '%.3f'))
        if shown:
            record('ui', 'last message on screen after', '%.2f s (capture-pane polled every 50 ms)' % wall)
        else:
            record('ui', 'last message on screen', 'NOT shown within %.0f s' % wall, 'must be shown', 'WORSE')
        record('ui', 'peak RSS (VmHWM)', '%.1f MiB' % (kib(pid, 'VmHWM') / 1024))
    finally:
        if fl:
            fl.close()
        if pid:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        tm('kill-server', check=False)
        server.stop()


# ---------------------------------------------------------------------------------------------

def main():
    sections = sys.argv[1:] or ['proto', 'flood', 'flood50k', 'idle', 'ui', 'oim']
    if not os.access(msntty_bin(), os.X_OK) and any(s != 'proto' for s in sections):
        print('bench: msntty binary %s not found' % msntty_bin(), file=sys.stderr)
        return 1
    tmp = tempfile.mkdtemp(prefix='msntty-bench-')
    print('msntty benchmarks  (%s, %d CPUs, %s, load average %s)' % (
        msntty_bin(), os.cpu_count(), time.strftime('%Y-%m-%d %H:%M'), loadavg()), flush=True)
    failed = []
    small = None
    t_start = time.monotonic()
    try:
        for s in sections:
            try:
                if s == 'proto':
                    section_proto()
                elif s == 'flood':
                    small = section_flood(tmp)
                elif s == 'flood50k':
                    section_flood_big(tmp, small)
                elif s == 'idle':
                    section_idle(tmp)
                elif s == 'ui':
                    section_ui(tmp)
                elif s == 'oim':
                    section_oim(tmp)
                else:
                    raise CannotRun('unknown section %r' % s)
            except Skipped as ex:
                record(s, 'skipped', str(ex))
            except Exception as ex:   # CannotRun, a closed socket, a timeout, ...
                failed.append(s)
                record(s, "COULD NOT RUN", str(ex) or repr(ex))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    header('summary (%.0f s; load average now %s; CPU figures are robust to load, wall-clock ones are not)'
           % (time.monotonic() - t_start, loadavg()))
    rows = [r for r in RESULTS if r[0] != 'proto' or r[1] in (
        'codec_sb_msg_flood_100k_4k_chunks', 'sbsession_receive_text_msg_100k', 'codec_ns_mixed_4k_chunks')]
    w = max(len('%s/%s' % (r[0], r[1])) for r in rows) if rows else 10
    for sec, name, value, peer, v in rows:
        line = '  %-*s  %s' % (w, '%s/%s' % (sec, name), value)
        if peer:
            line += '  | %s %s' % (v, peer)
        print(line)
    worse = sum(1 for r in RESULTS if r[4] == 'WORSE')
    print('  %d figures compared with peers: %d ok, %d WORSE%s' % (
        sum(1 for r in RESULTS if r[4]), sum(1 for r in RESULTS if r[4] == 'ok'), worse,
        '; could not run: ' + ', '.join(failed) if failed else ''), flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
