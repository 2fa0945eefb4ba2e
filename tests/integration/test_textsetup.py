"""Text on its way out and setting up, with the real binary: a long message cut between words
(online and stored offline), a blank line not sent, control characters stripped from the
command pipe, --remote and headless input alike with a notice, /resend as a new message,
/echo, --remote --path with and without XDG_RUNTIME_DIR, and make's dependency check naming
everything missing before compiling anything."""
import json
import os
import shutil
import subprocess

from harness import (ROOT, Client, Server, binary, check, client_env, new_dir, signed_in_pair,
                     wait_until)

ALICE, BOB, ECHO = 'alice@example.com', 'bob@example.com', 'echo@example.com'
STRIPPED = 'from the line: control characters are never sent'

# ~6 KiB of prose with multi-byte words: several switchboard messages
WORDS = ['lorem', 'ipsum', 'dölor', 'sit', '€met,', '😀', 'consectetur', 'adipiscing', 'élit']
PROSE = ' '.join(WORDS[i % len(WORDS)] for i in range(900))


def _check_cut_between_words(parts, text):
    check(len(parts) >= 3, 'split into several messages: %d' % len(parts))
    check(''.join(parts) == text, 'the parts put together are the text')
    for i, p in enumerate(parts[:-1]):
        check(p.endswith(' '), 'part %d ends inside a word: ...%r' % (i, p[-20:]))
        check(not parts[i + 1].startswith(' '), 'part %d starts with a space' % (i + 1))
        check(len(p.encode('utf-8')) > 1300, 'part %d is short: %d bytes' % (i, len(p.encode())))


def test_long_message_is_cut_between_words():
    srv = Server()
    a, b = signed_in_pair(srv)
    a.send('/msg bob ' + PROSE)
    sent = a.wait_event('sent')
    a.wait_event('delivered', id=sent['id'], timeout=15)

    def received():
        return [e['text'] for e in b.events if e['event'] == 'message']
    while sum(len(p) for p in received()) < len(PROSE):
        b.wait_event('message', since=b.mark(), timeout=10)
    _check_cut_between_words(received(), PROSE)


def test_long_offline_message_is_stored_in_parts_cut_between_words():
    srv = Server()
    a = Client(srv, ALICE, 'MSNP12')
    a.wait_signed_in()
    a.send('/msg bob ' + PROSE)
    sent = a.wait_event('sent')
    a.wait_event('stored', id=sent['id'], timeout=20)
    waiting = json.loads(srv.ctl('oims %s' % BOB))
    _check_cut_between_words([w['text'] for w in waiting], PROSE)


def test_blank_line_is_not_sent():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    c.send('/msg echo first')
    c.wait_event('delivered')
    m = c.mark()
    c.send('   \t  ')
    err = c.wait_event('error', since=m)
    check('only white space' in err['text'], 'says why: %r' % err)
    c.send('/msg echo  \t ')
    c.send('/msg echo after')
    c.wait_event('sent', since=m, text='after')
    check(not c.find('sent', since=m, text='   \t  '), 'the blank line was sent')
    check([e['text'] for e in c.events[m:] if e['event'] == 'sent'] == ['after'],
          'only "after" was sent: %r' % c.events[m:])


def test_control_characters_are_stripped_from_every_source():
    srv = Server()
    a, b = signed_in_pair(srv)
    runtime = os.path.join(a.dir, 'runtime')
    wait_until(lambda: os.path.exists(os.path.join(runtime, 'msntty', ALICE, 'events')), 5,
               'the event socket')
    # headless standard input
    m = a.mark()
    a.send('/msg bob \x1b[31mred\x1b[0m alert\x07')
    note = a.wait_event('notice', since=m)
    check(note['text'] == 'removed 1 control character (BEL) and 2 escape sequences ' + STRIPPED,
          'the notice: %r' % note)
    a.wait_event('sent', since=m, text='red alert')
    b.wait_event('message', text='red alert')
    # the command pipe
    m = a.mark()
    fd = os.open(os.path.join(runtime, 'msntty', ALICE, 'cmd'), os.O_WRONLY | os.O_NONBLOCK)
    os.write(fd, b'/msg bob pipe\x1b]0;pwned\x07 ding\x07\x07\n')
    os.close(fd)
    a.wait_event('sent', since=m, text='pipe ding')
    check(a.find('notice', since=m), 'no notice for the pipe')
    # --remote (a TAB stays: it is white space)
    m = a.mark()
    env = client_env(new_dir('remote'), None, {'XDG_RUNTIME_DIR': runtime})
    r = subprocess.run([binary(), '--remote', '/msg bob remote\x08\x7f\ttab'], env=env,
                       capture_output=True, timeout=15)
    check(r.returncode == 0, '--remote accepted it: %r' % r)
    a.wait_event('sent', since=m, text='remote\ttab')
    b.wait_event('message', text='pipe ding')
    b.wait_event('message', text='remote\ttab')
    for e in b.events:
        if e['event'] == 'message':
            check(not any(ord(ch) < 32 and ch not in '\t\n' for ch in e['text']),
                  'a control character reached bob: %r' % e)


def test_control_characters_in_the_config_are_stripped_with_a_warning():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12',
               config=['/set history_lines\x07 30', '/alias hi /msg echo hi\x1b[1m there'])
    c.wait_signed_in()
    warn = c.wait_event('error', timeout=5)
    check(warn['text'].endswith(':3: removed 1 control character (BEL); the rest of the line is '
                                'used'), 'the warning names the line: %r' % warn)
    c.wait_event('error', text=c.config_path + ':4: removed 1 escape sequence; the rest of the '
                 'line is used')
    m = c.mark()
    c.send('/set history_lines')
    c.wait_event('notice', since=m, text='history_lines = 30')
    c.send('/hi')
    c.wait_event('sent', since=m, text='hi there')


def test_resend_is_a_new_message_and_once():
    srv = Server(knobs={'sb_nak': 1})
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    c.send('/msg echo try me')
    sent = c.wait_event('sent', text='try me')
    c.wait_event('failed', id=sent['id'])
    m = c.mark()
    c.send('/resend')
    again = c.wait_event('sent', since=m, text='try me')
    check(again['id'] != sent['id'], 'a new id: %r' % again)
    c.wait_event('delivered', id=again['id'])
    m = c.mark()
    c.send('/resend %d' % sent['id'])
    err = c.wait_event('error', since=m)
    check(err['text'] == 'message %d was resent already, as message %d' % (sent['id'], again['id']),
          'a second /resend of it: %r' % err)
    m = c.mark()
    c.send('/resend')
    err = c.wait_event('error', since=m)
    check(err['text'] == 'no failed message to resend', 'nothing left to resend: %r' % err)
    check(not c.find('sent', since=m), 'sent a third time')


def test_echo_is_a_notice_and_sends_nothing():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    m = c.mark()
    c.send('/echo  two  words ')
    c.wait_event('notice', since=m, text='two  words')
    check(not c.find('sent', since=m), '/echo sent something')


def _remote_path(env_extra, *args):
    env = client_env(new_dir('path'), None, env_extra)
    env.pop('XDG_RUNTIME_DIR', None)
    env.update(env_extra)
    return subprocess.run([binary(), '--remote'] + list(args) + ['--path'], env=env,
                          capture_output=True, text=True, timeout=15)


def test_remote_path_with_and_without_xdg_runtime_dir():
    r = _remote_path({'XDG_RUNTIME_DIR': '/run/user/4242'}, '-a', 'Alice@Example.com')
    check(r.returncode == 0 and r.stdout == '/run/user/4242/msntty/alice@example.com/cmd\n',
          'with XDG_RUNTIME_DIR: %r' % r)
    r = _remote_path({}, '-a', 'alice@example.com')
    check(r.returncode == 0 and r.stdout == '/tmp/msntty-%d/alice@example.com/cmd\n' % os.getuid(),
          'without XDG_RUNTIME_DIR: %r' % r)
    r = _remote_path({}, '-a', '../x')
    check(r.returncode == 1 and not r.stdout and '-a ../x' in r.stderr, 'a bad account: %r' % r)
    r = subprocess.run([binary(), '--path'], capture_output=True, text=True, timeout=15)
    check(r.returncode == 2 and '--path goes with --remote' in r.stderr, 'alone: %r' % r)


def test_remote_path_finds_the_running_instance():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()
    runtime = os.path.join(c.dir, 'runtime')
    pipe = os.path.join(runtime, 'msntty', ALICE, 'cmd')
    wait_until(lambda: os.path.exists(os.path.join(runtime, 'msntty', ALICE, 'events')), 5,
               'the event socket')
    r = _remote_path({'XDG_RUNTIME_DIR': runtime})
    check(r.returncode == 0 and r.stdout == pipe + '\n', 'the running one: %r' % r)
    m = c.mark()
    with open(r.stdout.strip(), 'w') as fh:
        fh.write('/echo via the printed path\n')
    c.wait_event('notice', since=m, text='via the printed path')


def _fake_tools(hide_cmds, hide_pc, no_utf8_locale):
    """A PATH folder with every program of PATH but `hide_cmds`, a pkg-config that does not know
    `hide_pc`, and (if asked) a `locale` that lists no UTF-8 locale."""
    d = new_dir('fake-tools')
    for folder in os.environ.get('PATH', '/usr/bin:/bin').split(':'):
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            target = os.path.join(folder, name)
            link = os.path.join(d, name)
            if name in hide_cmds or os.path.lexists(link) or not os.access(target, os.X_OK):
                continue
            os.symlink(target, link)
    real_pc = shutil.which('pkg-config')
    os.unlink(os.path.join(d, 'pkg-config'))
    with open(os.path.join(d, 'pkg-config'), 'w') as fh:
        fh.write('#!/bin/sh\nfor a in "$@"; do case "$a" in %s) exit 1;; esac; done\nexec %s "$@"\n'
                 % ('|'.join(m + '*' for m in hide_pc), real_pc))
    os.chmod(os.path.join(d, 'pkg-config'), 0o755)
    if no_utf8_locale:
        os.unlink(os.path.join(d, 'locale'))
        with open(os.path.join(d, 'locale'), 'w') as fh:
            fh.write('#!/bin/sh\nprintf "C\\nPOSIX\\n"\n')
        os.chmod(os.path.join(d, 'locale'), 0o755)
    return d


def test_make_names_every_missing_dependency_before_compiling():
    for tool in ('make', 'pkg-config', 'locale'):
        check(shutil.which(tool), '%s is needed to run this test' % tool)
    fake = _fake_tools({'tmux', 'mandoc', 'clang-format'}, ['catch2', 'openssl'], True)
    env = dict(os.environ, PATH=fake)
    # -n: were the check broken, make would only print what it would build.
    r = subprocess.run(['make', '-n', 'test'], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=120)
    out = r.stdout + r.stderr
    check(r.returncode != 0, 'make test went on: %s' % out[-2000:])
    check('g++' not in r.stdout and '-c -o' not in out, 'it would compile first: %s' % out[-2000:])
    missing = [l for l in out.splitlines() if 'missing for make test' in l]
    check(len(missing) == 1, 'one line names them: %s' % out)
    for name in ('openssl.pc', 'catch2.pc', 'tmux', 'mandoc', 'clang-format', 'C.UTF-8'):
        check(name in missing[0], '%s is not named: %s' % (name, missing[0]))
    install = [l for l in out.splitlines() if 'apt-get install' in l]
    check(len(install) == 1, 'one install command: %s' % out)
    for pkg in ('libssl-dev', 'catch2', 'tmux', 'mandoc', 'clang-format', 'locales'):
        check(' %s' % pkg in install[0], '%s is not in the command: %s' % (pkg, install[0]))
    # A plain build needs none of the test tools: only the library is named.
    r = subprocess.run(['make', '-n'], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=120)
    out = r.stdout + r.stderr
    check(r.returncode != 0 and 'missing for make build: openssl.pc\n' in out,
          'make names the library only: %s' % out[-2000:])
    # PKG_CONFIG is honoured, as make itself uses it.
    env = dict(os.environ, PKG_CONFIG=os.path.join(fake, 'pkg-config'))
    r = subprocess.run(['make', '-n', 'unit'], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=120)
    out = r.stdout + r.stderr
    check(r.returncode != 0 and 'openssl.pc catch2.pc' in out, 'PKG_CONFIG: %s' % out[-2000:])
    # Catch2 v3 is not v2: named with the version found.
    v3 = os.path.join(new_dir('catch3'), 'pkg-config')
    with open(v3, 'w') as fh:
        fh.write('#!/bin/sh\ncase "$*" in *"catch2 < 3"*) exit 1;; *"--modversion catch2"*) '
                 'echo 3.4.0; exit 0;; esac\nexec %s "$@"\n' % shutil.which('pkg-config'))
    os.chmod(v3, 0o755)
    r = subprocess.run(['make', '-n', 'unit'], cwd=ROOT, env=dict(os.environ, PKG_CONFIG=v3),
                       capture_output=True, text=True, timeout=120)
    out = r.stdout + r.stderr
    check(r.returncode != 0 and 'catch2.pc (version < 3, found 3.4.0)' in out,
          'Catch2 v3: %s' % out[-2000:])
