"""make lint's dependency check (tools/lint_deps.py): the tree obeys it, and it can fail:
on a small made-up tree it reports every kind of violation, with the include chain."""
import os
import subprocess
import sys

from harness import ROOT, check

LINT = os.path.join(ROOT, 'tools', 'lint_deps.py')


def _lint(*args):
    return subprocess.run([sys.executable, LINT] + list(args), capture_output=True, text=True, timeout=60)


def _pending_rules():
    sys.path.insert(0, os.path.dirname(LINT))
    try:
        import lint_deps
        return dict(lint_deps.PENDING)
    finally:
        sys.path.pop(0)


def _tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as fh:
            fh.write(text)


def test_dependency_directions():
    r = _lint()
    check(r.returncode == 0, 'tools/lint_deps.py failed (exit %d):\n%s%s' % (r.returncode, r.stdout, r.stderr))


def test_lint_reports_each_kind_of_violation(tmp):
    _tree(tmp, {
        'include/net/Socket.hpp': '#pragma once\n',
        'include/proto/Session.hpp': '#pragma once\n#include "model/Contact.hpp"\n',
        'include/model/Contact.hpp': '#pragma once\n#include <string>\n',
        'include/app/App.hpp': '#pragma once\n#include "net/Socket.hpp"\n#include "proto/Session.hpp"\n',
        'include/ui/Screen.hpp': '#pragma once\n#include <ncursesw/curses.h>\n',
        'src/ui/Ui.cpp': '#include "app/App.hpp"\n#include "ui/Screen.hpp"\n',
        'src/proto/Session.cpp': '#include "proto/Session.hpp"\n#include "net/Socket.hpp"\n',
        'src/app/App.cpp': '#include "app/App.hpp"\n#include "ui/Screen.hpp"\n#include <curses.h>\n',
        'src/model/Contact.cpp': '#include "model/Contact.hpp"\n#include "model/Gone.hpp"\n',
        'src/main.cpp': '#include "app/App.hpp"\n#include "ui/Screen.hpp"\n',
    })
    r = _lint('--root', tmp, '--strict')
    out = r.stdout
    check(r.returncode == 1, 'exit %d, expected 1:\n%s%s' % (r.returncode, out, r.stderr))
    for expected in [
            'src/ui/Ui.cpp: sees net/ through include/app/App.hpp -> include/net/Socket.hpp',
            'src/ui/Ui.cpp: sees proto/ through include/app/App.hpp -> include/proto/Session.hpp',
            'src/proto/Session.cpp: includes include/net/Socket.hpp',
            'src/app/App.cpp: includes include/ui/Screen.hpp',
            'src/app/App.cpp: includes <curses.h>; only ui/ includes curses',
            'src/app/App.cpp: sees <ncursesw/curses.h> through include/ui/Screen.hpp',
            'src/model/Contact.cpp: #include "model/Gone.hpp" is neither next to it nor under include/']:
        check(expected in out, 'lint output lacks %r:\n%s' % (expected, out))
    for innocent in ('src/main.cpp', 'include/proto/Session.hpp:', 'include/ui/Screen.hpp:'):
        check(innocent not in out, 'lint blames %s, which breaks no rule:\n%s' % (innocent, out))


def test_lint_fails_when_a_pending_rule_holds(tmp):
    """A rule the tree is known to break is reported but not enforced; once it holds, lint
    fails until the rule is taken out of PENDING (so it cannot stay unenforced by accident)."""
    _tree(tmp, {'include/util/Strings.hpp': '#pragma once\n', 'src/util/Strings.cpp': '#include "util/Strings.hpp"\n'})
    r = _lint('--root', tmp)
    pending = _pending_rules()
    if pending:
        check(r.returncode == 1, 'exit %d with PENDING %r on a clean tree:\n%s' % (r.returncode, pending, r.stdout))
        for rule in pending:
            check('rule %s holds now' % rule in r.stdout, 'no "holds now" for %s:\n%s' % (rule, r.stdout))
    else:
        check(r.returncode == 0, 'a clean tree fails lint (exit %d):\n%s' % (r.returncode, r.stdout))
    strict = _lint('--root', tmp, '--strict')
    check(strict.returncode == 0, 'a clean tree fails lint --strict (exit %d):\n%s' % (strict.returncode, strict.stdout))
