"""The bundled test server's own self-test (tests/server/selftest.py) as part of `make test`."""
import os
import signal
import subprocess
import sys
import tempfile


def test_server_selftest():
    # Output goes to a file, not a pipe: a server left running by a failing self-test must not
    # keep the pipe open (the failure would turn into a timeout); its process group is ended after.
    with tempfile.TemporaryFile(mode='w+') as out:
        proc = subprocess.Popen([sys.executable, 'tests/server/selftest.py'], stdout=out, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
        try:
            rc = proc.wait(timeout=230)
        except subprocess.TimeoutExpired:
            rc = 'timed out after 230 s'
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        out.seek(0)
        text = out.read()
    tail = '\n'.join(text.splitlines()[-40:])
    assert rc == 0 and text.rstrip().endswith('all green'), 'server self-test failed:\n' + tail


test_server_selftest.timeout = 240
