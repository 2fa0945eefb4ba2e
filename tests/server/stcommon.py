"""Shared helpers for selftest.py / selftest_knobs.py."""
import hashlib
import time

from msnclient import Client

TESTS = []


class CTX:
    srv = None    # ServerProc
    args = None


def test(fn):
    TESTS.append(fn)
    return fn


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def knob(name, value):
    assert CTX.srv.control('knob %s %s' % (name, value)).startswith('ok'), name


def open_sb(ns, email):
    t = ns.next_trid()
    ns.send('XFR %d SB' % t)
    line = ns.wait_for(r'XFR %d SB .*' % t)[0].split(' ')
    host, port = line[3].split(':')
    sb = Client(int(port), 'sb-' + email.split('@')[0])
    sb.send('USR 1 %s %s' % (email, line[5]))
    sb.expect(r'USR 1 OK %s \S+' % email)
    return sb


def answer(ns, email, timeout=5):
    line = ns.wait_for(r'RNG .*', timeout)[0].split(' ')
    sessid, hostport, cookie = line[1], line[2], line[4]
    sb = Client(int(hostport.split(':')[1]), 'sb-' + email.split('@')[0])
    sb.send('ANS 1 %s %s %s' % (email, cookie, sessid))
    return sb, line
