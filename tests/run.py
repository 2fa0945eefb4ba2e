#!/usr/bin/env python3
"""The one msntty test command (python3 stdlib only).

    MSNTTY_BIN=./msntty UNIT_BIN=build/rel/unit-tests python3 tests/run.py [-k SUBSTRING] [-j N]

1. the Catch2 unit-test binary $UNIT_BIN: each test case counts once, as passed or failed; a
   case that did not finish (crash, sanitizer abort, timeout) counts as failed;
2. every test_* function in tests/integration/test_*.py and tests/terminal/test_*.py, each in
   its own process (2 in parallel), with a per-test timeout (default 60 s; a test function
   with a `timeout` attribute gets that many seconds if it is more).

Prints `PASS name (1.2s)` / `FAIL name: reason` (+ client events/stderr and server log tails)
/ `SKIP name: reason` per test and, last, exactly one line `N passed, N failed, N skipped`.
Exit status 1 if anything failed.

Skips are honest: a test may skip only if tests/expected-skips declares it (one line per
test: its name as printed here, then the reason).  An undeclared skip is a failure, and so is
a declared one that did not happen (the test ran and passed or failed: delete the line) or
that names no test.  A missing or unset UNIT_BIN (unless --no-unit) or MSNTTY_BIN is a
failure, never a skip.
Conventions for test files: see the top of tests/lib/harness.py.
"""
import sys
sys.dont_write_bytecode = True   # no __pycache__ in the source tree  # noqa: E402

import argparse
import html
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
TIMEOUTS = {}   # test name -> its own timeout (a test function's `timeout` attribute)
EXPECTED_SKIPS = os.path.join(HERE, 'expected-skips')


def expected_skips(path=EXPECTED_SKIPS):
    """{test name: reason} from tests/expected-skips ('#' comments and blank lines ignored)."""
    out = {}
    try:
        with open(path, encoding='utf-8') as fh:
            for line in fh:
                line = line.strip()
                if not line or line.startswith('#'):
                    continue
                name, _, reason = line.partition(' ')
                out[name] = reason.strip() or '(no reason given)'
    except FileNotFoundError:
        pass
    return out


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
                if isinstance(getattr(fn, 'timeout', None), (int, float)):
                    TIMEOUTS[test_name(path, fname)] = fn.timeout
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

def run_unit(unit_bin, filt):
    """Returns (passed, failed, lines to print).  Every test case Catch2 lists counts once:
    passed if its XML report says so, failed otherwise (including cases the run never
    finished because the binary crashed, aborted on a sanitizer report or timed out)."""
    if not unit_bin:
        return 0, 1, ['FAIL unit tests: UNIT_BIN is not set (make test sets it; --no-unit leaves '
                      'the unit tests out on purpose)']
    if not os.access(unit_bin, os.X_OK):
        return 0, 1, ['FAIL unit tests: %s is missing or not executable' % unit_bin]
    spec = ['*%s*' % filt] if filt else []
    env = dict(os.environ, ASAN_OPTIONS=harness.ASAN_OPTIONS, UBSAN_OPTIONS=harness.UBSAN_OPTIONS)
    try:
        listing = subprocess.run([unit_bin, '--list-test-names-only'] + spec, stdin=subprocess.DEVNULL,
                                 capture_output=True, env=env, cwd=ROOT, timeout=60)
        names = [l for l in listing.stdout.decode('utf-8', 'replace').split('\n') if l.strip()]
    except subprocess.TimeoutExpired:
        return 0, 1, ['FAIL unit tests: %s --list-test-names-only did not finish' % unit_bin]
    if not names and filt:
        return 0, 0, ['note: no unit test case matches %r' % filt]
    if not names:
        return 0, 1, ['FAIL unit tests: %s lists no test case (exit %s)' % (unit_bin, listing.returncode),
                      harness._tail(listing.stdout.decode('utf-8', 'replace') +
                                    listing.stderr.decode('utf-8', 'replace'), 20)]
    tmp = tempfile.mkdtemp(prefix='msntty-unit-')
    xml_path = os.path.join(tmp, 'report.xml')
    t0 = time.monotonic()
    try:
        p = subprocess.run([unit_bin, '-r', 'xml', '-o', xml_path] + spec, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT, timeout=300)
        out, code = p.stdout.decode('utf-8', 'replace'), p.returncode
    except subprocess.TimeoutExpired as ex:
        out, code = (ex.stdout or b'').decode('utf-8', 'replace'), 'timeout'
    dt = time.monotonic() - t0
    xml = harness._read_file(xml_path)
    shutil.rmtree(tmp, ignore_errors=True)
    cases = _unit_cases(xml)
    ok = {name for name, success, _ in cases if success}
    total = len(set(names) | {name for name, _, _ in cases})
    passed = len(ok)
    san = harness.sanitizer_report(out)
    lines = []
    if passed == total and passed and (code != 0 or san):
        passed -= 1     # every case passed, yet the run failed (e.g. a leak found at exit)
        lines.append('    every test case passed but the binary exited with status %s%s; counted as one '
                     'failure' % (code, ' after a sanitizer report' if san else ''))
    failed = total - passed
    if failed == 0:
        return passed, 0, ['PASS unit tests: %d test cases (%.1fs)' % (passed, dt)]
    lines.insert(0, 'FAIL unit tests: %d of %d test cases failed (exit %s, %.1fs)' % (failed, total, code, dt))
    for name, success, report in cases:
        if not success:
            lines.append('    FAIL %s' % name)
            lines += ['        ' + l for l in report]
    finished = {name for name, success, _ in cases if success is not None}
    unfinished = [n for n in names if n not in finished]
    if unfinished:
        lines.append('    did not finish (%d): %s' % (len(unfinished), ', '.join(unfinished[:10])
                                                     + (', ...' if len(unfinished) > 10 else '')))
    if out.strip():
        lines.append('    output of the unit-test binary:')
        lines.append(harness._tail(san or out, 60))
    return passed, failed, lines


_XML_TAG = re.compile(r'<(/?)(TestCase|Section|Expression|Exception|FatalErrorCondition|Failure|Info|Warning'
                      r'|Original|Expanded|OverallResult)\b([^>]*?)(/?)>')


def _xml_attr(attrs, name):
    m = re.search(r'\b%s="([^"]*)"' % name, attrs)
    return html.unescape(m.group(1)) if m else ''


def _unit_cases(xml):
    """[(name, success (None: never finished), [failure report lines])] from Catch2's XML
    reporter output, which may stop anywhere if the binary died."""
    cases = []
    sections, pending_info, cur, failing = [], [], None, None
    for m in _XML_TAG.finditer(xml):
        closing, tag, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
        body_end = xml.find('</%s>' % tag, m.end())
        body = html.unescape(xml[m.end():body_end]).strip() if body_end >= 0 and not empty else ''
        filename = _xml_attr(attrs, 'filename')
        where = '%s:%s: ' % (os.path.relpath(filename, ROOT) if os.path.isabs(filename) else filename or '?',
                             _xml_attr(attrs, 'line'))
        if tag == 'TestCase' and not closing:
            cur = [_xml_attr(attrs, 'name'), None, []]
            cases.append(cur)
            sections = []
        elif cur is None or closing and tag != 'Section':
            continue
        elif tag == 'Section':
            if closing:
                if sections:
                    sections.pop()
            elif not empty:
                sections.append(_xml_attr(attrs, 'name'))
        elif tag == 'Expression':
            failing = _xml_attr(attrs, 'success') == 'false'
            if failing:
                cur[2].append(where + '%s failed%s' % (_xml_attr(attrs, 'type'),
                                                       ' in section ' + ' / '.join(sections) if sections else ''))
                cur[2] += ['    ' + i for i in pending_info]
            pending_info = []
        elif tag in ('Original', 'Expanded') and failing:
            cur[2].append('    %s: %s' % (tag.lower(), body))
        elif tag in ('Info', 'Warning'):
            pending_info.append('with message: ' + body)
        elif tag in ('Exception', 'FatalErrorCondition', 'Failure'):
            cur[2].append(where + '%s: %s%s' % (tag, body, ' in section ' + ' / '.join(sections) if sections else ''))
            cur[2] += ['    ' + i for i in pending_info]
            pending_info = []
        elif tag == 'OverallResult':
            cur[1] = _xml_attr(attrs, 'success') == 'true'
    return cases


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
    ap.add_argument('--no-unit', action='store_true', help='leave the unit-test binary out')
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

    passed = failed = skipped = 0
    if not args.no_unit:
        p, f, lines = run_unit(os.environ.get('UNIT_BIN'), args.filter)
        passed += p
        failed += f
        for l in lines:
            print(l)

    for name, err in broken:
        failed += 1
        print('FAIL %s: cannot import the test file' % name)
        print(harness._tail(err, 20))

    declared = expected_skips()
    names = {t[0] for t in tests}
    for name in sorted(declared):
        if name not in names and (not args.filter or args.filter in name):
            failed += 1
            print('FAIL %s: tests/expected-skips declares a skip of a test that does not exist' % name)

    if tests:
        mb = harness.binary()
        if not os.access(mb, os.X_OK):
            failed += 1
            print('FAIL MSNTTY_BIN: %s is missing or not executable (make test sets it); every test '
                  'that runs the client will fail too' % mb)
        try:
            harness.ensure_cert(refresh=True)    # once, before the workers start
        except Exception as ex:
            print('note: could not create the test certificate: %r' % (ex,))

    lock = threading.Lock()
    counts = {'pass': 0, 'fail': 0, 'skip': 0}

    def job(test):
        name, res = run_one(test, max(args.timeout, TIMEOUTS.get(test[0], 0)), args.keep)
        judge_skip(name, res, declared)
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
    skipped += counts['skip']
    print('%d passed, %d failed, %d skipped' % (passed, failed, skipped))
    return 1 if failed else 0


def judge_skip(name, res, declared):
    """A skip counts as one only where tests/expected-skips declares it; a declared skip that
    did not happen is a failure too, so that the file never outlives its reasons."""
    if res['status'] == 'skip' and name not in declared:
        res['status'] = 'fail'
        res['reason'] = ('skipped, but tests/expected-skips does not declare it (fix the cause, or declare '
                         'it there with the reason): %s' % res['reason'])
    elif res['status'] == 'skip':
        res['reason'] = '%s (expected: %s)' % (res['reason'], declared[name])
    elif name in declared:
        was = res['status']
        res['status'] = 'fail'
        res['reason'] = ('tests/expected-skips declares it as skipped (%s), but it %s%s: delete that line'
                         % (declared[name], 'passed' if was == 'pass' else 'failed',
                            '' if was == 'pass' else ' (' + res['reason'] + ')'))


if __name__ == '__main__':
    sys.exit(main())
