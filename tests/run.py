#!/usr/bin/env python3
"""The one msntty test command (python3 stdlib only).

    MSNTTY_BIN=./msntty UNIT_BIN=build/rel/unit-tests python3 tests/run.py [-k SUBSTRING] [-j N]

1. the Catch2 unit-test binary $UNIT_BIN (each test case counts once);
2. every test_* function in tests/integration/test_*.py and tests/terminal/test_*.py, each in
   its own process (2 in parallel), with a per-test timeout (default 60 s).

Prints `PASS name (1.2s)` / `FAIL name: reason` (+ client events/stderr and server log tails)
per test and, last, exactly one line `N passed, M failed`.  Exit status 1 if M > 0.
Conventions for test files: see the top of tests/lib/harness.py.
"""
import sys
sys.dont_write_bytecode = True   # no __pycache__ in the source tree  # noqa: E402

import argparse
import importlib.util
import inspect
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LIB = os.path.join(HERE, 'lib')
TEST_DIRS = ('integration', 'terminal')
sys.path.insert(0, LIB)

import harness  # noqa: E402

FIXTURES = ('server', 'tmp')


# ----------------------------------------------------------------------------- discovery

def load_module(path):
    name = 'msntty_tests_%s_%s' % (os.path.basename(os.path.dirname(path)),
                                   os.path.splitext(os.path.basename(path))[0])
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_files():
    out = []
    for d in TEST_DIRS:
        full = os.path.join(HERE, d)
        if os.path.isdir(full):
            out += [os.path.join(full, f) for f in sorted(os.listdir(full))
                    if f.startswith('test_') and f.endswith('.py')]
    return out


def test_name(path, func):
    return '%s/%s::%s' % (os.path.basename(os.path.dirname(path)),
                          os.path.splitext(os.path.basename(path))[0], func)


def discover():
    """[(name, path, funcname)] plus a list of (name, error) for files that failed to import."""
    tests, broken = [], []
    for path in test_files():
        try:
            mod = load_module(path)
        except Exception:
            broken.append((test_name(path, '<import>'), traceback.format_exc(limit=5)))
            continue
        for fname, fn in vars(mod).items():
            if fname.startswith('test_') and callable(fn):
                tests.append((test_name(path, fname), path, fname))
    return tests, broken


# ----------------------------------------------------------------------------- child mode

class _Timeout(Exception):
    pass


def _on_sigterm(signum, frame):
    raise _Timeout()


def run_child(path, fname, result_path):
    """Runs one test in this process; writes {status, reason, details} to result_path."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    tmp = os.environ.get('MSNTTY_TEST_TMP') or tempfile.mkdtemp(prefix='msntty-test-')
    harness.begin_test(tmp)
    status, reason, details = 'pass', '', ''
    try:
        mod = load_module(path)
        fn = getattr(mod, fname)
        kwargs = {}
        for p in inspect.signature(fn).parameters:
            if p == 'server':
                kwargs[p] = harness.Server()
            elif p == 'tmp':
                kwargs[p] = harness.new_dir('tmp')
            else:
                raise harness.TestFailure('unknown fixture %r (known: %s)' % (p, ', '.join(FIXTURES)))
        fn(**kwargs)
    except harness.TestSkipped as ex:
        status, reason = 'skip', str(ex)
    except _Timeout as ex:
        status, reason = 'fail', 'timed out (killed by the runner)'
        details = 'the test was here:\n' + ''.join(traceback.format_tb(ex.__traceback__, limit=-4))
    except BaseException as ex:   # noqa: B902 -- report everything, incl. KeyboardInterrupt
        status = 'fail'
        reason = _reason(ex)
        details = ''.join(traceback.format_exception(type(ex), ex, ex.__traceback__, limit=-4))
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if status == 'fail':
        details += '\n' + harness.describe_all()
    try:
        problems = harness.end_test()
    except BaseException as ex:
        problems = ['cleanup failed: %r' % (ex,)]
    if problems and status != 'fail':
        status = 'fail'
        reason = problems[0].split('\n')[0]
        details = '\n'.join(problems) + '\n' + harness.describe_all()
    elif problems:
        details += '\n  --- cleanup:\n' + '\n'.join(problems)
    with open(result_path, 'w', encoding='utf-8') as fh:
        json.dump({'status': status, 'reason': reason, 'details': details}, fh)
    return 0


def _reason(ex):
    text = str(ex).strip() or type(ex).__name__
    if not isinstance(ex, AssertionError):
        text = '%s: %s' % (type(ex).__name__, text)
    first = text.split('\n')[0]
    return first[:400]


# ----------------------------------------------------------------------------- parent mode

def run_unit(unit_bin, filt, verbose):
    """Returns (passed, failed, lines to print)."""
    if not unit_bin:
        return 0, 0, ['SKIP unit tests: UNIT_BIN is not set']
    if not os.access(unit_bin, os.X_OK):
        return 0, 1, ['FAIL unit tests: %s is missing or not executable' % unit_bin]
    args = [unit_bin]
    if filt:
        args.append('*%s*' % filt)
    env = dict(os.environ, ASAN_OPTIONS=harness.ASAN_OPTIONS, UBSAN_OPTIONS=harness.UBSAN_OPTIONS)
    t0 = time.monotonic()
    try:
        p = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=env, cwd=ROOT, timeout=300)
        out, code = p.stdout.decode('utf-8', 'replace'), p.returncode
    except subprocess.TimeoutExpired as ex:
        out, code = (ex.stdout or b'').decode('utf-8', 'replace'), 'timeout'
    dt = time.monotonic() - t0
    m_all = re.search(r'All tests passed \((\d+) assertions? in (\d+) test cases?\)', out)
    m_some = re.search(r'test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed', out)
    m_fail = re.search(r'test cases:\s*(\d+)\s*\|\s*(\d+) failed', out)
    san = harness.sanitizer_report(out)
    if m_all and code == 0 and not san:
        n = int(m_all.group(2))
        return n, 0, ['PASS unit tests: %d test cases (%.1fs)' % (n, dt)]
    if 'No tests ran' in out and code == 0 and filt:
        return 0, 0, ['SKIP unit tests: none match %r' % filt]
    if m_some:
        passed, failed = int(m_some.group(2)), int(m_some.group(3))
    elif m_fail:
        passed, failed = 0, int(m_fail.group(2))
    elif m_all:
        passed, failed = int(m_all.group(2)), 0
    else:
        passed, failed = 0, 0
    if failed == 0:
        failed = 1    # crashed, sanitizer report or no summary: count the binary as one failure
        passed = max(0, passed - 1) if san else passed
    lines = ['FAIL unit tests: %d of %d test cases failed (exit %s, %.1fs)' % (failed, passed + failed, code, dt)]
    lines += ['    ' + l for l in _unit_failures(out).split('\n')]
    return passed, failed, lines


def _unit_failures(out):
    """The failing parts of Catch2's console output (it prints only failures by default)."""
    lines = out.rstrip('\n').split('\n')
    if len(lines) > 200:
        lines = lines[:60] + ['... (%d lines) ...' % (len(lines) - 200)] + lines[-140:]
    return '\n'.join(lines)


def run_one(test, timeout, keep):
    name, path, fname = test
    tmp = tempfile.mkdtemp(prefix='msntty-test-')
    result_path = os.path.join(tmp, 'result.json')
    env = dict(os.environ, MSNTTY_TEST_TMP=os.path.join(tmp, 't'), PYTHONDONTWRITEBYTECODE='1')
    t0 = time.monotonic()
    out_path = os.path.join(tmp, 'runner-output')
    with open(out_path, 'wb') as out:
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), '--child', path, fname, result_path],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
                                cwd=ROOT, start_new_session=True)
        timed_out = False
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                proc.send_signal(signal.SIGTERM)     # the child reports where it was and cleans up
                proc.wait(15)
            except subprocess.TimeoutExpired:
                pass
            finally:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)   # the session we created for this test
                except ProcessLookupError:
                    pass
                proc.wait()
    dt = time.monotonic() - t0
    res = None
    try:
        with open(result_path, encoding='utf-8') as fh:
            res = json.load(fh)
    except (OSError, ValueError):
        pass
    extra = harness._read_file(out_path).strip()
    if res is None:
        res = {'status': 'fail', 'reason': 'test process died (exit %s) without a result' % proc.returncode,
               'details': ''}
    if timed_out:
        res['status'] = 'fail'
        res['reason'] = 'timed out after %ds (killed by the runner)' % timeout
    if extra and res['status'] == 'fail':
        res['details'] = (res.get('details') or '') + '\n  --- test process output:\n' + harness._tail(extra, 20)
    if keep and res['status'] == 'fail':
        res['details'] += '\n  (kept %s)' % tmp
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    res['time'] = dt
    return name, res


def main():
    ap = argparse.ArgumentParser(description='msntty tests: unit, integration, terminal')
    ap.add_argument('-k', dest='filter', default=None, help='only tests whose name contains SUBSTRING')
    ap.add_argument('-j', dest='jobs', type=int, default=2, help='parallel test processes (default 2)')
    ap.add_argument('--timeout', type=int, default=60, help='per-test timeout in seconds (default 60)')
    ap.add_argument('--no-unit', action='store_true', help='skip the unit-test binary')
    ap.add_argument('--keep', action='store_true', help='keep temp dirs of failed tests')
    ap.add_argument('-v', '--verbose', action='store_true', help='print details of passing tests too')
    ap.add_argument('--list', action='store_true', help='list the tests and exit')
    ap.add_argument('--child', nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return run_child(*args.child)

    os.chdir(ROOT)
    try:
        sys.stdout.reconfigure(line_buffering=True)
    except AttributeError:
        pass
    tests, broken = discover()
    if args.filter:
        tests = [t for t in tests if args.filter in t[0]]
        broken = [b for b in broken if args.filter in b[0]]
    if args.list:
        for t in tests:
            print(t[0])
        return 0

    passed = failed = 0
    if not args.no_unit:
        p, f, lines = run_unit(os.environ.get('UNIT_BIN'), args.filter, args.verbose)
        passed += p
        failed += f
        for l in lines:
            print(l)

    for name, err in broken:
        failed += 1
        print('FAIL %s: cannot import the test file' % name)
        print(harness._tail(err, 20))

    if tests:
        mb = os.environ.get('MSNTTY_BIN') or os.path.join(ROOT, 'msntty')
        if not os.access(mb, os.X_OK):
            print('note: MSNTTY_BIN %s is missing or not executable; client tests will fail' % mb)
        try:
            harness.ensure_cert(refresh=True)    # once, before the workers start
        except Exception as ex:
            print('note: could not create the test certificate: %r' % (ex,))

    lock = threading.Lock()
    counts = {'pass': 0, 'fail': 0, 'skip': 0}

    def job(test):
        name, res = run_one(test, args.timeout, args.keep)
        with lock:
            counts[res['status']] += 1
            if res['status'] == 'pass':
                print('PASS %s (%.1fs)' % (name, res['time']))
            elif res['status'] == 'skip':
                print('SKIP %s: %s' % (name, res['reason']))
            else:
                print('FAIL %s: %s (%.1fs)' % (name, res['reason'], res['time']))
            if res['status'] == 'fail' or args.verbose:
                d = (res.get('details') or '').rstrip()
                if d:
                    print(d)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        list(ex.map(job, tests))

    passed += counts['pass']
    failed += counts['fail']
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
