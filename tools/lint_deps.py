#!/usr/bin/env python3
"""Dependency directions of src/ and include/, including what a file reaches through headers.

    python3 tools/lint_deps.py [--root DIR] [--strict]

Layers: util <- net, model <- proto <- app <- ui, ctl <- main.cpp.  A file of a module may
include (directly, or through any chain of headers) only files of the modules below:

    util   util                         proto  util model proto     (never net/)
    net    util net                     app    util net model proto app (never ui/, ctl/)
    model  util model                   ui     util model app ui    (never net/, proto/)
    ctl    util net model app ctl       main.cpp  anything
           (never proto/; net/ for its own sockets)

and only ui/ includes curses.  Quoted includes are resolved like the compiler does (next to
the including file, then include/); one that resolves nowhere is a violation too, because a
lint that cannot see a file cannot vouch for it.  Each violation is printed with the shortest
include chain that causes it.

A rule named in PENDING is one the tree does not satisfy yet: its violations are printed
every time but do not fail the run, and the run fails as soon as the rule holds (so that it
is taken out of PENDING and enforced from then on).  --strict enforces PENDING rules too.
Exit status: 0 clean, 1 violations.  Python 3 stdlib only.
"""
import argparse
import os
import re
import sys
from collections import deque

ALLOWED = {
    'util': {'util'},
    'net': {'util', 'net'},
    'model': {'util', 'model'},
    'proto': {'util', 'model', 'proto'},
    'app': {'util', 'net', 'model', 'proto', 'app'},
    'ui': {'util', 'model', 'app', 'ui'},
    'ctl': {'util', 'net', 'model', 'app', 'ctl'},
}
MAIN = 'main'

# Rules the tree does not satisfy yet: rule name -> why, and what makes it hold.
PENDING = {}

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
CURSES_RE = re.compile(r'^(n?curses(w)?/)?(n?curses|curses|term|panel|menu|form)\.h$')
SOURCE_EXT = ('.cpp', '.hpp', '.h', '.cc', '.hh')


def module_of(rel):
    """'src/ui/Ui.cpp' -> 'ui', 'include/net/Tcp.hpp' -> 'net', 'src/main.cpp' -> 'main'."""
    parts = rel.split('/')
    if len(parts) == 2 and parts[0] == 'src':
        return MAIN
    if len(parts) >= 3 and parts[0] in ('src', 'include'):
        return parts[1]
    return None


class Tree:
    def __init__(self, root):
        self.root = root
        self.files = []
        for top in ('src', 'include'):
            for dirpath, _, names in os.walk(os.path.join(root, top)):
                for n in names:
                    if n.endswith(SOURCE_EXT):
                        self.files.append(os.path.relpath(os.path.join(dirpath, n), root))
        self.files.sort()
        self._includes = {}

    def includes(self, rel):
        """[(kind, target)] of rel: ('file', 'include/x/Y.hpp'), ('system', 'curses.h') or
        ('missing', 'x/Y.hpp')."""
        if rel not in self._includes:
            with open(os.path.join(self.root, rel), encoding='utf-8', errors='replace') as fh:
                text = fh.read()
            out = []
            for bracket, name in INCLUDE_RE.findall(text):
                if bracket == '<':
                    out.append(('system', name))
                    continue
                here = os.path.normpath(os.path.join(os.path.dirname(rel), name))
                inc = os.path.normpath(os.path.join('include', name))
                if os.path.isfile(os.path.join(self.root, here)):
                    out.append(('file', here))
                elif os.path.isfile(os.path.join(self.root, inc)):
                    out.append(('file', inc))
                else:
                    out.append(('missing', name))
            self._includes[rel] = out
        return self._includes[rel]

    def reach(self, start):
        """{file reached through quoted includes: the chain from start to it}, shortest first."""
        chains = {start: [start]}
        todo = deque([start])
        while todo:
            cur = todo.popleft()
            for kind, target in self.includes(cur):
                if kind == 'file' and target not in chains:
                    chains[target] = chains[cur] + [target]
                    todo.append(target)
        return chains


def check(tree):
    """{rule: [violation text]} for every rule that has violations."""
    found = {}

    def add(rule, text):
        found.setdefault(rule, []).append(text)

    for rel in tree.files:
        mod = module_of(rel)
        if mod is None:
            continue
        if mod != MAIN and mod not in ALLOWED:
            add('modules', '%s: module %s/ is not in the layer table of tools/lint_deps.py' % (rel, mod))
            continue
        for kind, target in tree.includes(rel):
            if kind == 'missing':
                add('resolvable', '%s: #include "%s" is neither next to it nor under include/' % (rel, target))
            elif kind == 'system' and CURSES_RE.match(target) and mod != 'ui':
                add('curses', '%s: includes <%s>; only ui/ includes curses' % (rel, target))
            elif kind == 'file':
                dep = module_of(target)
                if mod != MAIN and dep not in ALLOWED[mod]:
                    add(mod, '%s: includes %s (%s/ may include only %s)'
                        % (rel, target, mod, ', '.join(sorted(ALLOWED[mod]))))
        if mod == MAIN:
            continue
        # Through headers: what the file sees without including it itself.
        direct = {t for k, t in tree.includes(rel) if k == 'file'}
        chains = tree.reach(rel)
        bad = {}
        for target, chain in chains.items():
            if target == rel:
                continue
            for kind, sys_name in tree.includes(target):
                if kind == 'system' and CURSES_RE.match(sys_name) and mod != 'ui':
                    add('curses', '%s: sees <%s> through %s' % (rel, sys_name, ' -> '.join(chain[1:])))
            dep = module_of(target)
            if target not in direct and dep not in ALLOWED[mod]:
                bad.setdefault(dep, []).append(chain)
        for dep in sorted(bad):
            shortest = min(bad[dep], key=len)
            more = len(bad[dep]) - 1
            add(mod + '-transitive', '%s: sees %s/ through %s%s'
                % (rel, dep, ' -> '.join(shortest[1:]),
                   ' (and %d more %s/ header%s)' % (more, dep, '' if more == 1 else 's') if more else ''))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--root', default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help='the tree to check (default: this repository)')
    ap.add_argument('--strict', action='store_true', help='enforce the PENDING rules too')
    args = ap.parse_args()
    tree = Tree(args.root)
    if not tree.files:
        print('lint_deps: no source files under %s/src or %s/include' % (args.root, args.root))
        return 1
    found = check(tree)
    pending = {} if args.strict else PENDING
    failing = 0
    for rule in sorted(found):
        is_pending = rule in pending
        print('lint_deps: %s rule %s: %d violation%s%s' % (
            'PENDING' if is_pending else 'FAIL', rule, len(found[rule]), '' if len(found[rule]) == 1 else 's',
            ' (known, not yet enforced: %s)' % pending[rule] if is_pending else ''))
        for line in found[rule]:
            print('  ' + line)
        if not is_pending:
            failing += len(found[rule])
    for rule in sorted(set(pending) - set(found)):
        print('lint_deps: FAIL rule %s holds now: take it out of PENDING in tools/lint_deps.py so that '
              'it is enforced' % rule)
        failing += 1
    n_inc = sum(len(tree.includes(f)) for f in tree.files)
    print('lint_deps: %d files, %d includes, %d failing, %d pending'
          % (len(tree.files), n_inc, failing, sum(len(v) for r, v in found.items() if r in pending)))
    return 1 if failing else 0


if __name__ == '__main__':
    sys.exit(main())
