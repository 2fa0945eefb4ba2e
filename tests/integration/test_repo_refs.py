"""The repository explains itself: no file points outside it, and every pointer into doc/ or
tests/data/ names a file (and a section) that exists."""
import os
import re
import subprocess

from harness import ROOT, check

# Spelled in pieces so that this file does not match its own patterns.
OUTSIDE = re.compile('|'.join([
    re.escape('..' + '/shared'),
    re.escape('/' + 'work/'),
    re.escape('protocol' + '.md'),
    re.escape('protocol' + '-wlm'),
    re.escape('transcripts' + '/'),
]))
# Where notes and recorded data live; they may name their sources.
EXEMPT = ('doc/', 'tests/data/')
DOC_REF = re.compile(r'\b((?:doc|tests/data)/[\w./-]*[\w/])(?:#([\w-]+))?')
MD_LINK = re.compile(r'\]\(([^)\s]+)\)')


def _tracked():
    try:
        out = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, capture_output=True, check=True)
        names = [n for n in out.stdout.decode().split('\0') if n]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for top, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in ('.git', 'build')]
            names += [os.path.relpath(os.path.join(top, f), ROOT) for f in files]
    return [n for n in names if os.path.isfile(os.path.join(ROOT, n))]


def _text(name):
    try:
        with open(os.path.join(ROOT, name), encoding='utf-8') as fh:
            return fh.read()
    except (UnicodeDecodeError, OSError):
        return None


def _slug(heading):
    """GitHub's anchor for a Markdown heading."""
    s = heading.strip().lower()
    s = re.sub(r'[^\w\- ]', '', s)
    return s.replace(' ', '-')


def _anchors(path):
    text = _text(path) or ''
    found = set(re.findall(r'<a id="([\w-]+)"', text))
    in_code = False
    for line in text.splitlines():
        if line.startswith('```'):
            in_code = not in_code
        elif not in_code and line.startswith('#'):
            found.add(_slug(line.lstrip('#')))
    return found


def _resolve(target, anchor, where):
    path = os.path.normpath(target.rstrip('/'))
    if not os.path.exists(os.path.join(ROOT, path)):
        return '%s: %s does not exist' % (where, target)
    if anchor and anchor not in _anchors(path):
        return '%s: %s has no section #%s' % (where, path, anchor)
    return None


def test_no_file_points_outside_the_repository():
    bad = []
    for name in _tracked():
        if name.startswith(EXEMPT):
            continue
        text = _text(name)
        if text is None:
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                bad.append('%s:%d: %s' % (name, n, line.strip()[:100]))
    check(not bad, 'references to files outside the repository:\n  ' + '\n  '.join(bad))


def test_references_into_doc_and_test_data_resolve():
    bad, seen = [], 0
    for name in _tracked():
        text = _text(name)
        if text is None:
            continue
        for n, line in enumerate(text.splitlines(), 1):
            for m in DOC_REF.finditer(line):
                seen += 1
                problem = _resolve(m.group(1), m.group(2), '%s:%d' % (name, n))
                if problem:
                    bad.append(problem)
    check(seen > 30, 'only %d references found: is the pattern still right?' % seen)
    check(not bad, 'dangling references:\n  ' + '\n  '.join(bad))


def test_links_between_doc_pages_resolve():
    bad, seen = [], 0
    for name in _tracked():
        if not (name.startswith('doc/') and name.endswith('.md')):
            continue
        for m in MD_LINK.finditer(_text(name) or ''):
            target = m.group(1)
            if re.match(r'^[a-z]+:', target):
                continue
            seen += 1
            path, _, anchor = target.partition('#')
            path = os.path.join(os.path.dirname(name), path) if path else name
            problem = _resolve(path, anchor, name)
            if problem:
                bad.append(problem)
    check(seen > 20, 'only %d links found in doc/' % seen)
    check(not bad, 'dangling links in doc/:\n  ' + '\n  '.join(bad))
