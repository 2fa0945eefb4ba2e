"""Docs move with code: every command /help lists and every setting /set lists is in the man
page, and the man page passes mandoc -Tlint."""
import os
import re
import shutil
import subprocess

from harness import ROOT, Client, check, skip

MAN = os.path.join(ROOT, 'man', 'msntty.1')


def _man():
    return open(MAN, encoding='utf-8').read()


def test_every_command_and_setting_is_in_the_man_page(server):
    c = Client(server, 'alice@example.com', 'MSNP7')
    c.wait_signed_in()
    m = c.mark()
    c.send('/help')
    c.send('/set')
    c.wait_event('notice', since=m, text=lambda t: t.startswith('timestamp_format') or t.startswith('notify_command'))
    man = _man()
    commands, settings = set(), set()
    for e in c.events[m:]:
        if e['event'] != 'notice':
            continue
        mc = re.match(r'^/(\w+)', e['text'])
        if mc:
            commands.add(mc.group(1))
        ms = re.match(r'^(\w+) = ', e['text'])
        if ms:
            settings.add(ms.group(1))
    check(len(commands) > 20 and len(settings) > 15, 'saw %r and %r' % (commands, settings))
    missing = [x for x in sorted(commands) if not re.search(r'^\.It Ic /%s\b' % x, man, re.M)]
    check(not missing, 'commands missing from man/msntty.1 COMMANDS: %r' % missing)
    missing = [x for x in sorted(settings) if not re.search(r'^\.It Ic %s\b' % x, man, re.M)]
    check(not missing, 'settings missing from man/msntty.1 SETTINGS: %r' % missing)


def test_man_page_lint():
    if not shutil.which('mandoc'):
        skip('mandoc is not installed')
    r = subprocess.run(['mandoc', '-Tlint', '-Wwarning', MAN], capture_output=True, text=True)
    check(r.returncode == 0 and not r.stdout.strip(), 'mandoc -Tlint: %s%s' % (r.stdout, r.stderr))
