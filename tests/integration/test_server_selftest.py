"""The bundled test server's own self-test (tests/server/selftest.py) as part of `make test`."""
import subprocess
import sys


def test_server_selftest():
    r = subprocess.run([sys.executable, 'tests/server/selftest.py'], capture_output=True, text=True, timeout=230)
    tail = '\n'.join((r.stdout + r.stderr).splitlines()[-40:])
    assert r.returncode == 0 and r.stdout.rstrip().endswith('all green'), 'server self-test failed:\n' + tail


test_server_selftest.timeout = 240
