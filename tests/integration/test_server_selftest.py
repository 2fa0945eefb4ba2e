"""The bundled test server's own self-test (tests/server/selftest.py) as part of `make test`, one
test per part (its core, the knobs, the MSNP13+ web services, MSNP13-18, offline messages), so
the parts run in parallel and each has a timeout of its own. A part that runs no test fails."""
import os
import re
import signal
import subprocess
import sys
import tempfile

PARTS = ('core', 'knobs', 'web', 'wlm', 'oim')
LIMIT = 170


def _run(part):
    # Output goes to a file, not a pipe: a server left running by a failing self-test must not
    # keep the pipe open (the failure would turn into a timeout); its process group is ended after.
    with tempfile.TemporaryFile(mode='w+') as out:
        proc = subprocess.Popen([sys.executable, 'tests/server/selftest.py', '--part', part],
                                stdout=out, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout=LIMIT)
        except subprocess.TimeoutExpired:
            rc = 'timed out after %d s' % LIMIT
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        out.seek(0)
        return rc, out.read()


def _part(name):
    def test():
        rc, text = _run(name)
        tail = '\n'.join(text.splitlines()[-40:])
        assert rc == 0 and text.rstrip().endswith('all green'), \
            'server self-test (%s) failed (%s):\n%s' % (name, rc, tail)
        assert re.search(r'^ok ', text, re.M), 'server self-test part %s ran no test:\n%s' % (name, tail)
    test.timeout = LIMIT + 10
    return test


for _name in PARTS:
    globals()['test_server_selftest_' + _name] = _part(_name)
