"""Docs move with code: every command /help lists and every setting /set lists is in the man
page; the COMMANDS section and /help agree on every command and its synopsis (both ways); every
option of the getopt table (src/app/Options.cpp) is in OPTIONS and --help, and nothing else is;
FILES is exactly what a session creates; the man page passes mandoc -Tlint. (SETTINGS with their
defaults and KEY BINDINGS are checked against the code's tables by
tests/unit/test_docs_man_page.cpp.)"""
import os
import re
import shutil
import subprocess

from harness import ROOT, Client, check, client_env, run_cli

MAN = os.path.join(ROOT, 'man', 'msntty.1')


def _man():
    return open(MAN, encoding='utf-8').read()


def test_every_command_and_setting_is_in_the_man_page(server):
    c = Client(server, 'alice@example.com', 'MSNP7')
    c.wait_signed_in()
    m = c.mark()
    c.send('/help all')
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
    check(shutil.which('mandoc'), 'mandoc is not installed (tools/deps.sh installs it)')
    r = subprocess.run(['mandoc', '-Tlint', '-Wwarning', MAN], capture_output=True, text=True)
    check(r.returncode == 0 and not r.stdout.strip(), 'mandoc -Tlint: %s%s' % (r.stdout, r.stderr))


# ------------------------------------------------------------------------------- OPTIONS

OPTIONS_CPP = os.path.join(ROOT, 'src', 'app', 'Options.cpp')


def _section(name):
    """The lines of one .Sh section of the man page."""
    m = re.search(r'^\.Sh %s\n(.*?)(?=^\.Sh |\Z)' % re.escape(name), _man(), re.M | re.S)
    check(m, 'man/msntty.1 has no section %s' % name)
    return m.group(1).split('\n')


def _code_options():
    """{long name: short letter or None} from the getopt_long table in src/app/Options.cpp."""
    text = open(OPTIONS_CPP, encoding='utf-8').read()
    found = re.findall(r'\{\s*"([a-z][a-z0-9-]*)",\s*(?:no|required|optional)_argument,\s*nullptr,\s*'
                       r"(?:'(.)'|\w+)\s*\}", text)
    check(len(found) >= 10, 'could not read the option table of %s (found %r)' % (OPTIONS_CPP, found))
    return {name: short or None for name, short in found}


def test_every_option_is_in_options_and_help():
    code = _code_options()
    man = {}     # long name -> the short letters on the same .It line
    for line in _section('OPTIONS'):
        if line.startswith('.It '):
            for name in re.findall(r'\bFl Fl ([a-z][a-z0-9-]*)', line):
                man.setdefault(name, set()).update(re.findall(r'\bFl ([A-Za-z])\b(?! Fl)', line))
    missing = sorted(set(code) - set(man))
    check(not missing, 'options missing from man/msntty.1 OPTIONS: %r' % missing)
    extra = sorted(set(man) - set(code))
    check(not extra, 'man/msntty.1 OPTIONS documents options the code does not have: %r' % extra)
    for name, short in sorted(code.items()):
        want = {short} if short else set()
        check(man[name] == want, 'OPTIONS shows --%s with short form(s) %r, the code has %r'
              % (name, sorted(man[name]), sorted(want)))

    r = run_cli(['--help'])
    check(r.code == 0, 'msntty --help exited %r' % r.code)
    help_long = set(re.findall(r'(?<![\w-])--([a-z][a-z0-9-]*)', r.stdout))
    missing = sorted(set(code) - help_long)
    check(not missing, '--help does not mention %r' % ['--' + x for x in missing])
    extra = sorted(help_long - set(code))
    check(not extra, '--help mentions options the code does not have: %r' % ['--' + x for x in extra])
    for name, short in sorted(code.items()):
        if short:
            check(re.search(r'(?m)^\s*-%s, --%s\b' % (re.escape(short), re.escape(name)), r.stdout),
                  '--help does not show -%s, --%s together:\n%s' % (short, name, r.stdout))
    help_short = set(re.findall(r'(?m)^\s*-([A-Za-z]),', r.stdout))
    extra = sorted(help_short - {s for s in code.values() if s})
    check(not extra, '--help shows short options the code does not have: %r' % extra)


# --------------------------------------------------------------------------------- FILES

# FILES entries only the interface (ui/) writes: this headless session cannot make them, so
# their terminal tests check that they are made where FILES says.
INTERFACE_FILES = {
    '$XDG_STATE_HOME/msntty/input-history/ACCOUNT',  # tests/terminal/test_input_history.py
}


def _documented_files():
    """The .It Pa paths of FILES."""
    files = []
    for line in _section('FILES'):
        m = re.match(r'^\.It Pa (\S+)$', line)
        if m:
            files.append(m.group(1))
    check(files, 'FILES lists no file (.It Pa PATH)')
    return files


def _file_pattern(doc_path, env, account, contact):
    """A regex for the real path of a FILES entry: $XDG_..._HOME from the client's
    environment, ACCOUNT and CONTACT for the account and the contact of the test."""
    parts = re.split(r'(\$[A-Z_]+|\bACCOUNT\b|\bCONTACT\b)', doc_path)
    out = ''
    for p in parts:
        if p.startswith('$'):
            check(p[1:] in env, 'FILES uses %s, which the client environment does not set' % p)
            out += re.escape(env[p[1:]])
        elif p == 'ACCOUNT':
            out += re.escape(account)
        elif p == 'CONTACT':
            out += re.escape(contact)
        else:
            out += re.escape(p)
    return re.compile('^%s$' % out)


def _files_below(top, skip=()):
    found = set()
    for dirpath, _, names in os.walk(top):
        for n in names:
            path = os.path.join(dirpath, n)
            if path not in skip:
                found.add(path)
    return found


def test_files_section_is_what_the_client_creates(server):
    """Both ways: every file a session creates (config by /save, a conversation log, the command
    pipe and event socket while it runs) is in FILES, and every FILES entry is created."""
    account, contact = 'alice@example.com', 'echo@example.com'
    # -v: the debug log is one of the files too
    c = Client(server, account, 'MSNP7',
               args=['-a', account, '-s', '127.0.0.1:%d' % server.ns, '-p', 'MSNP7', '-v'])
    c.wait_signed_in()
    c.wait_event('presence', contact=contact, status='online')
    c.send('/msg %s hello files' % contact)
    c.wait_event('message', **{'from': contact})
    m = c.mark()
    c.send('/save')
    c.wait_event('notice', since=m, text=lambda t: t.startswith('settings saved to'))
    env = client_env(c.dir)
    harness_files = {os.path.join(c.dir, 'test-config'), c.err_path}
    seen = _files_below(c.dir, harness_files)        # the pipe and socket exist only while it runs
    c.send('/quit')
    check(c.wait_exit(10) == 0, 'the client did not exit cleanly')
    seen |= _files_below(c.dir, harness_files)
    patterns = {doc: _file_pattern(doc, env, account, contact) for doc in _documented_files()}
    undocumented = sorted(p for p in seen if not any(rx.match(p) for rx in patterns.values()))
    check(not undocumented, 'the client created files that FILES does not list: %r' % undocumented)
    absent = sorted(doc for doc, rx in patterns.items()
                    if doc not in INTERFACE_FILES and not any(rx.match(p) for p in seen))
    check(INTERFACE_FILES <= set(patterns), 'FILES no longer lists %r' % sorted(INTERFACE_FILES - set(patterns)))
    check(not absent, 'FILES lists files the client did not create: %r (seen: %r)' % (absent, sorted(seen)))

def _commands_section(man):
    start = man.index('.Sh COMMANDS')
    return man[start:man.index('\n.Sh ', start + 1)]


def _render_item(line):
    """An ".It Ic /cmd Ar X Op Ar Y" line of the COMMANDS list as mandoc prints it:
    "/cmd X [Y]". Only the macros that list uses (Ic Ar Cm Fl Op Oo Oc Ns)."""
    out, close_at_end, glue = [], 0, False

    def put(text, glue_next=False):
        nonlocal glue
        if glue and out:
            out[-1] += text
        else:
            out.append(text)
        glue = glue_next

    for w in line.split()[1:]:
        if w in ('Ic', 'Ar', 'Cm'):
            continue
        elif w == 'Ns':
            glue = True
        elif w == 'Op':
            put('[', True)
            close_at_end += 1
        elif w == 'Oo':
            put('[', True)
        elif w == 'Oc':
            out[-1] += ']'
        elif w == 'Fl':
            put('-', True)
        else:
            put(w)
    return _normal(' '.join(out) + ']' * close_at_end)


def _normal(synopsis):
    # mandoc spaces "|" as a delimiter; the table does not always: compare without.
    return re.sub(r'\s*\|\s*', '|', synopsis.strip())


def test_man_page_commands_match_the_table(server):
    """/help lists the table: "SYNOPSIS  summary" (two spaces or more between them)."""
    c = Client(server, 'alice@example.com', 'MSNP7')
    c.wait_signed_in()
    m = c.mark()
    c.send('/help all')
    c.send('/set')   # a marker: its notices come after all of /help's
    c.wait_event('notice', since=m, text=lambda t: t.startswith('account = '))
    table = {}
    for e in c.events[m:]:
        if e['event'] == 'notice' and e['text'].startswith('/'):
            synopsis = re.split(r'\s{2,}', e['text'])[0]
            table[synopsis.split()[0]] = _normal(synopsis)
    man = {}
    for line in _commands_section(_man()).splitlines():
        if line.startswith('.It Ic /'):
            rendered = _render_item(line)
            man[rendered.split()[0]] = rendered
    check(len(table) > 30, 'too few commands in /help: %r' % table)
    missing = sorted(set(table) - set(man))
    check(not missing, 'in /help, not in man/msntty.1 COMMANDS: %r' % missing)
    extra = sorted(set(man) - set(table))
    check(not extra, 'in man/msntty.1 COMMANDS, not in /help: %r' % extra)
    differ = ['%s: /help says %r, the man page %r' % (n, table[n], man[n]) for n in sorted(table) if table[n] != man[n]]
    check(not differ, 'synopses differ:\n  ' + '\n  '.join(differ))
