"""Command line: --help, --version, usage errors, the password rules."""
import re

from harness import (Client, EXIT_ERROR, EXIT_OK, EXIT_USAGE, check, run_cli)


def test_help_exits_0():
    r = run_cli(['--help'])
    check(r.code == EXIT_OK, '--help exit status %r, want 0: %r' % (r.code, r))
    check('usage' in (r.stdout + r.stderr).lower(), '--help printed no usage text: %r' % r)
    check('--headless' in r.stdout + r.stderr, '--help does not mention --headless: %r' % r)
    r = run_cli(['-h'])
    check(r.code == EXIT_OK, '-h exit status %r, want 0: %r' % (r.code, r))


def test_version_exits_0():
    r = run_cli(['--version'])
    check(r.code == EXIT_OK, '--version exit status %r, want 0: %r' % (r.code, r))
    check(re.search(r'msntty \d+\.\d+', r.stdout + r.stderr), '--version printed no "msntty X.Y": %r' % r)
    r = run_cli(['-V'])
    check(r.code == EXIT_OK, '-V exit status %r, want 0: %r' % (r.code, r))


def test_invalid_options_exit_2():
    for args in (['--no-such-option'], ['-Z'], ['--headless', '-a'], ['--headless', 'stray-argument'],
                 ['--protocol'], ['--events']):
        r = run_cli(args)
        check(r.code == EXIT_USAGE, 'msntty %s: exit status %r, want 2: %r' % (' '.join(args), r.code, r))
        check(r.stderr.strip(), 'msntty %s: exit 2 without a message on stderr' % ' '.join(args))


def test_password_in_argv_is_refused():
    # a stray positional argument (what a password on the command line would be) is a usage error
    # that points at MSNTTY_PASSWORD
    r = run_cli(['--headless', '-a', 'alice@example.com', 'alicepass'])
    check(r.code == EXIT_USAGE, 'exit status %r, want 2: %r' % (r.code, r))
    check('MSNTTY_PASSWORD' in r.stderr, 'the usage error does not mention MSNTTY_PASSWORD: %r' % r.stderr)


def test_no_password_no_tty_exits_1(server):
    # no MSNTTY_PASSWORD, no password_command, stdin is a pipe and there is no controlling tty
    c = Client(server, 'alice@example.com', 'MSNP12', password=None)
    code = c.wait_exit(10)
    check(code == EXIT_ERROR, 'exit status %r, want 1' % code)
    check(re.search(r'password', c.all_text(), re.I), 'no message about the missing password in stderr or '
          'events: %r' % c.all_text()[-500:])
    check(not c.find('signed_in'), 'signed in without a password?')
    check('alice@example.com' not in server.online_emails(), 'the server has a session for alice')


def test_no_password_md5(server):
    c = Client(server, 'bob@example.com', 'MSNP7', password=None)
    code = c.wait_exit(10)
    check(code == EXIT_ERROR, 'exit status %r, want 1' % code)
    check(re.search(r'password', c.all_text(), re.I), 'no message about the missing password')
