"""tests/run.py itself: how it counts Catch2 test cases (a crash does not hide the cases it
never ran), how it judges skips against tests/expected-skips, and its closing line."""
import importlib.util
import os
import re
import subprocess
import sys

from harness import ROOT, check

RUN_PY = os.path.join(ROOT, 'tests', 'run.py')

# What Catch2 v2's XML reporter wrote for five cases (pass, two failed checks in a section,
# an exception, a SIGABRT it caught); FAKE_CUT is where a binary dying mid-case stops it.
XML = '''<?xml version="1.0" encoding="UTF-8"?>
<Catch name="t">
  <Group name="t">
    <TestCase name="passes" filename="t.cpp" line="4">
      <OverallResult success="true"/>
    </TestCase>
    <TestCase name="fails in a section" filename="t.cpp" line="5">
      <Section name="inner" filename="t.cpp" line="5">
        <Info>
          x is 2
        </Info>
        <Expression success="false" type="CHECK" filename="t.cpp" line="5">
          <Original>
            x == 3
          </Original>
          <Expanded>
            2 == 3
          </Expanded>
        </Expression>
        <OverallResults successes="0" failures="1" expectedFailures="0"/>
      </Section>
      <OverallResult success="false"/>
    </TestCase>
    <TestCase name="throws" filename="t.cpp" line="6">
      <Exception filename="t.cpp" line="6">
        boom &lt;&amp;>
      </Exception>
      <OverallResult success="false"/>
    </TestCase>
    <TestCase name="dies" filename="t.cpp" line="7">
FAKE_CUT      <OverallResult success="true"/>
    </TestCase>
    <TestCase name="after" filename="t.cpp" line="8">
      <OverallResult success="true"/>
    </TestCase>
  </Group>
</Catch>
'''
NAMES = ['passes', 'fails in a section', 'throws', 'dies', 'after']


def _runner():
    spec = importlib.util.spec_from_file_location('msntty_run_py', RUN_PY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _fake_catch(tmp, mode):
    """An executable that answers like a Catch2 binary: 'ok' (all five pass), 'fail' (the
    report above, exit 2), 'crash' (the report cut at FAKE_CUT, then SIGABRT), 'leak' (all
    pass, then a LeakSanitizer report and exit 1)."""
    xml = XML
    if mode in ('ok', 'leak'):
        xml = re.sub(r'success="false"', 'success="true"', xml)
    xml_path = os.path.join(tmp, 'report-' + mode)
    with open(xml_path, 'w', encoding='utf-8') as fh:
        fh.write(xml.split('FAKE_CUT')[0] if mode == 'crash' else xml.replace('FAKE_CUT', ''))
    exe = os.path.join(tmp, 'fake-catch-' + mode)
    with open(exe, 'w', encoding='utf-8') as fh:
        fh.write('''#!%s
import os, shutil, signal, sys
args = sys.argv[1:]
if args == ['--list-test-names-only']:
    print('\\n'.join(%r)); sys.exit(5)
shutil.copy(%r, args[args.index('-o') + 1])
if %r == 'crash':
    os.kill(os.getpid(), signal.SIGABRT)
if %r == 'leak':
    print('==1==ERROR: LeakSanitizer: detected memory leaks'); sys.exit(1)
sys.exit(2 if %r == 'fail' else 0)
''' % (sys.executable, NAMES, xml_path, mode, mode, mode))
    os.chmod(exe, 0o755)
    return exe


def test_unit_counts_each_case_once(tmp):
    run = _runner()
    p, f, lines = run.run_unit(_fake_catch(tmp, 'ok'), None)
    check((p, f) == (5, 0), 'all pass: counted %r\n%s' % ((p, f), '\n'.join(lines)))
    p, f, lines = run.run_unit(_fake_catch(tmp, 'fail'), None)
    text = '\n'.join(lines)
    check((p, f) == (3, 2), 'two fail: counted %r\n%s' % ((p, f), text))
    for expected in ('FAIL fails in a section', 't.cpp:5: CHECK failed in section inner', 'with message: x is 2',
                     'expanded: 2 == 3', 't.cpp:6: Exception: boom <&>'):
        check(expected in text, 'the report lacks %r:\n%s' % (expected, text))


def test_unit_crash_counts_the_cases_it_never_ran(tmp):
    run = _runner()
    p, f, lines = run.run_unit(_fake_catch(tmp, 'crash'), None)
    text = '\n'.join(lines)
    check((p, f) == (1, 4), 'a crash in case 4 of 5: counted %r\n%s' % ((p, f), text))
    check('did not finish (2): dies, after' in text, 'unfinished cases not named:\n%s' % text)
    p, f, lines = run.run_unit(_fake_catch(tmp, 'leak'), None)
    check((p, f) == (4, 1), 'a leak report after all passed: counted %r\n%s' % ((p, f), '\n'.join(lines)))


def test_unit_binary_missing_or_unset_fails():
    run = _runner()
    p, f, lines = run.run_unit(None, None)
    check((p, f) == (0, 1) and 'UNIT_BIN is not set' in lines[0], 'unset UNIT_BIN: %r' % ((p, f, lines),))
    p, f, lines = run.run_unit('/nonexistent/unit-tests', None)
    check((p, f) == (0, 1) and lines[0].startswith('FAIL'), 'missing UNIT_BIN: %r' % ((p, f, lines),))
    p, f, lines = run.run_unit('/bin/false', None)
    check((p, f) == (0, 1) and 'lists no test case' in lines[0], 'a binary listing nothing: %r' % ((p, f, lines),))


def test_skips_count_only_where_declared(tmp):
    run = _runner()
    path = os.path.join(tmp, 'expected-skips')
    with open(path, 'w', encoding='utf-8') as fh:
        fh.write('# comment\n\nterminal/test_ui::test_a  needs a colour terminal\n')
    declared = run.expected_skips(path)
    check(declared == {'terminal/test_ui::test_a': 'needs a colour terminal'}, 'parsed %r' % declared)

    def judged(name, status):
        res = {'status': status, 'reason': 'why'}
        run.judge_skip(name, res, declared)
        return res

    r = judged('terminal/test_ui::test_a', 'skip')
    check(r['status'] == 'skip' and 'needs a colour terminal' in r['reason'], 'declared skip: %r' % r)
    r = judged('terminal/test_ui::test_b', 'skip')
    check(r['status'] == 'fail' and 'does not declare' in r['reason'], 'undeclared skip: %r' % r)
    r = judged('terminal/test_ui::test_a', 'pass')
    check(r['status'] == 'fail' and 'delete that line' in r['reason'], 'declared skip that passed: %r' % r)
    r = judged('terminal/test_ui::test_b', 'pass')
    check(r['status'] == 'pass', 'plain pass: %r' % r)


def test_the_checked_in_expected_skips_parse():
    declared = _runner().expected_skips()
    for name, reason in declared.items():
        check(re.match(r'^(integration|terminal)/test_\w+::test_\w+$', name), 'not a test name: %r' % name)
        check(reason != '(no reason given)', '%s is declared without a reason' % name)


def test_closing_line_is_last_and_has_three_counts():
    r = subprocess.run([sys.executable, RUN_PY, '--no-unit', '-k', 'test_runner::test_unit_binary_missing'],
                       capture_output=True, text=True, timeout=120, cwd=ROOT,
                       env=dict(os.environ, MSNTTY_BIN=sys.executable))
    last = r.stdout.rstrip('\n').split('\n')[-1]
    check(last == '1 passed, 0 failed, 0 skipped', 'closing line %r (exit %d):\n%s' % (last, r.returncode, r.stdout))
    check(r.returncode == 0, 'exit %d' % r.returncode)
