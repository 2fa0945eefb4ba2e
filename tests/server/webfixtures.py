#!/usr/bin/env python3
"""Record (or check) the answers of the web services to the requests in tests/data/wlm/.

  python3 tests/server/webfixtures.py          check: every recorded answer is what the server
                                               gives today (exit 1 and a diff if not)
  python3 tests/server/webfixtures.py --write  record them again (and the table in the README)

Runs the server's own handlers in-process on a fresh accounts.json state, in the order below
(later steps see the changes of earlier ones), with a fixed clock and a seeded random source, so
the documents are byte for byte reproducible.  Alice's requests carry the ticket
t=0123456789abcdef0123, dave's t=fedcba9876543210fedc; both are bound as if an NS session had
signed in with them.
"""
import difflib
import os
import random
import sys
import types
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import abservice                   # noqa: E402
import rst                         # noqa: E402
import soap                        # noqa: E402
from accounts import AccountStore  # noqa: E402
from netio import Logger           # noqa: E402
from state import Server           # noqa: E402

DATA = os.path.join(HERE, '..', 'data', 'wlm')
FIXED_NOW = 1767225600.0           # 2026-01-01T00:00:00Z
TICKETS = {'0123456789abcdef0123': 'alice@example.com', 'fedcba9876543210fedc': 'dave@example.com'}
RST_PATH, RST2_PATH = '/RST.srf', '/RST2.srf'
AB = '/abservice/abservice.asmx'
SHARING = '/abservice/SharingService.asmx'

# (request, path, answer file or None for a body-less answer, HTTP status, what it shows)
STEPS = [
    ('rst-request.xml', RST_PATH, 'rst-response.xml', 200,
     'alice/alicepass, six tokens: canned tb entry, then Compact2..Compact6; messengerclear has the proof key'),
    ('rst2-request.xml', RST2_PATH, 'rst2-response.xml', 200, 'the same at RST2.srf (SOAP 1.2, wst:Lifetime)'),
    ('rst-request-badpass.xml', RST_PATH, 'rst-badpass-response.xml', 200,
     'wrong password: psf:reqstatus 0x80048823, S:Fault directly in S:Envelope, wsse:FailedAuthentication'),
    ('rst2-request-badpass.xml', RST2_PATH, 'rst2-badpass-response.xml', 200,
     'wrong password at RST2.srf: S:Body/S:Fault, Subcode wst:FailedAuthentication, 0x80048821'),
    ('rst-request-unparsable.txt', RST_PATH, 'rst-unparsable-response.xml', 200, 'not XML: S:Client "Invalid Request"'),
    ('rst-request-unparsable.txt', RST2_PATH, 'rst2-unparsable-response.xml', 200,
     'not XML at RST2.srf: Subcode wst:InvalidRequest, 0x80048820'),
    ('findmembership-request.xml', SHARING, 'findmembership-response.xml', 200,
     "alice's memberships: Allow bob carol echo, Block none, Reverse bob carol, Pending none"),
    ('abfindall-request.xml', AB, 'abfindall-response.xml', 200,
     "alice's address book: groups Friends, Work; contacts bob, carol, echo and the Me contact"),
    ('abfindcontactspaged-request.xml', AB, 'abfindcontactspaged-response.xml', 200,
     'the same in the WLM 2009 form (Groups, Contacts, CircleResult, Ab)'),
    ('abfindall-deltas-request.xml', AB, 'abfindall-deltas-response.xml', 200, 'deltasOnly true: FullSyncRequired'),
    ('findmembership-deltas-request.xml', SHARING, 'findmembership-deltas-response.xml', 200,
     'deltasOnly true on the sharing service: FullSyncRequired'),
    ('findmembership-empty-request.xml', SHARING, None, 500, 'an action element without children: bare 500'),
    ('abcontactupdate-unknown-request.xml', AB, 'abcontactupdate-unknown-response.xml', 500,
     'dave is not on the FL yet: ContactDoesNotExist'),
    ('abcontactadd-request.xml', AB, 'abcontactadd-response.xml', 200, "alice adds dave: ABContactAddResult/guid = dave's id"),
    ('findmembership-dave-request.xml', SHARING, 'findmembership-dave-response.xml', 200,
     'dave now has alice under Pending (not Reverse)'),
    ('addmember-allow-request.xml', SHARING, 'addmember-allow-response.xml', 200, 'dave allows alice (AddMember Allow)'),
    ('deletemember-pending-request.xml', SHARING, 'deletemember-pending-response.xml', 200,
     'dave removes the request (DeleteMember Pending)'),
    ('findmembership-dave-request.xml', SHARING, 'findmembership-dave-after-response.xml', 200,
     'dave: Allow alice, Reverse alice, Pending none'),
    ('abcontactadd-unknown-request.xml', AB, 'abcontactadd-unknown-response.xml', 500, 'no such account: InvalidPassportUser'),
    ('abcontactadd-noat-request.xml', AB, 'abcontactadd-noat-response.xml', 500, 'no @: BadEmailArgument'),
    ('abcontactadd-nodot-request.xml', AB, 'abcontactadd-nodot-response.xml', 500, 'no dot: BadEmailArgument (another text)'),
    ('addmember-request.xml', SHARING, 'addmember-response.xml', 200, 'alice blocks carol (AddMember Block)'),
    ('deletemember-request.xml', SHARING, 'deletemember-response.xml', 200,
     'alice takes carol off the allow list (DeleteMember Allow, by MembershipId)'),
    ('addmember-unknown-request.xml', SHARING, 'addmember-unknown-response.xml', 500, 'no such account: UserDoesNotExist'),
    ('deletemember-unknown-request.xml', SHARING, 'deletemember-unknown-response.xml', 500,
     'an address in none of the lists: MemberDoesNotExist'),
    ('abcontactupdate-me-request.xml', AB, 'abcontactupdate-me-response.xml', 200,
     'Me contact annotations MSN.IM.BLP 2 and MSN.IM.GTC 2 (BLP BL, GTC N)'),
    ('abcontactupdate-nick-request.xml', AB, 'abcontactupdate-nick-response.xml', 200, 'AB.NickName "Bobby & co" for bob'),
    ('abgroupadd-request.xml', AB, 'abgroupadd-response.xml', 200, 'new group Family: ABGroupAddResult/guid'),
    ('abgroupadd-duplicate-request.xml', AB, 'abgroupadd-duplicate-response.xml', 500, 'Friends exists: GroupAlreadyExists'),
    ('abgroupadd-toolong-request.xml', AB, 'abgroupadd-toolong-response.xml', 500, '62 characters: BadArgumentLength'),
    ('abgroupupdate-request.xml', AB, 'abgroupupdate-response.xml', 200, 'Work renamed Office'),
    ('abgroupcontactadd-request.xml', AB, 'abgroupcontactadd-response.xml', 200, 'bob into Office (ex Work)'),
    ('abgroupcontactadd-request.xml', AB, None, 500, 'bob is already in it: bare 500'),
    ('abgroupcontactdelete-request.xml', AB, 'abgroupcontactdelete-response.xml', 200, 'carol out of Friends'),
    ('abgroupdelete-request.xml', AB, 'abgroupdelete-response.xml', 200, 'Office deleted'),
    ('abgroupdelete-unknown-request.xml', AB, None, 500, 'unknown group: bare 500'),
    ('abcontactdelete-request.xml', AB, 'abcontactdelete-response.xml', 200, 'echo off the FL (by contactId)'),
    ('abfindall-request.xml', AB, 'abfindall-after-response.xml', 200,
     'after all that: groups Friends, Family; contacts bob (Friends, AB.NickName), carol (no group), dave; '
     'Me with BLP 2, GTC 2'),
    ('findmembership-request.xml', SHARING, 'findmembership-after-response.xml', 200,
     'after all that: Allow bob echo, Block carol, Reverse bob carol (dave has not added alice)'),
]

README_MARK = '\nFiles (written by tests/server/webfixtures.py --write; status = HTTP status)\n'


class FakeConn:
    closed = False


def fresh_server():
    args = types.SimpleNamespace(host='127.0.0.1')
    server = Server(AccountStore(os.path.join(HERE, 'accounts.json')), Logger(None), args)
    server.ports['https'] = 443
    for t20, email in TICKETS.items():
        server.bind_ticket(t20, email, FakeConn())
    return server


def run_steps():
    """[(step, Reply)] on a fresh state with the fixed clock and random source."""
    soap.CLOCK = lambda: FIXED_NOW
    soap.RNG = random.Random(20261201)
    server = fresh_server()
    out = []
    for step in STEPS:
        req, path = step[0], step[1]
        with open(os.path.join(DATA, req), 'rb') as fh:
            body = fh.read()
        if path in (RST_PATH, RST2_PATH):
            reply = rst.handle(server, path, body)
        else:
            reply = abservice.handle(server, {}, body)
        out.append((step, reply))
    return out


def readme_table():
    lines = []
    for req, path, answer, status, what in STEPS:
        lines.append('  %-36s %s %s\n      -> %s %s\n      %s\n' % (req, 'POST', path, status, answer or '(no body)', what))
    return README_MARK + '\n' + ''.join(lines)


def readme_with_table():
    path = os.path.join(DATA, 'README')
    with open(path, encoding='utf-8') as fh:
        text = fh.read()
    return path, text.split(README_MARK)[0].rstrip('\n') + '\n' + readme_table(), text


def main():
    write = '--write' in sys.argv[1:]
    problems = []
    for (req, path, answer, status, _), reply in run_steps():
        if reply.code != status:
            problems.append('%s -> %s: status %d, expected %d' % (req, path, reply.code, status))
        if answer is None:
            if reply.body:
                problems.append('%s: expected no body, got %d bytes' % (req, len(reply.body)))
            continue
        ET.fromstring(reply.body)          # every recorded answer is well-formed XML
        target = os.path.join(DATA, answer)
        if write:
            with open(target, 'wb') as fh:
                fh.write(reply.body)
            continue
        try:
            with open(target, 'rb') as fh:
                have = fh.read()
        except OSError:
            problems.append('%s is missing (run with --write)' % answer)
            continue
        if have != reply.body:
            diff = difflib.unified_diff(have.decode().splitlines(), reply.body.decode().splitlines(),
                                        answer + ' (recorded)', answer + ' (server today)', lineterm='', n=1)
            problems.append('\n'.join(list(diff)[:40]))
    path, want, have = readme_with_table()
    if write:
        with open(path, 'w', encoding='utf-8') as fh:
            fh.write(want)
    elif want != have:
        problems.append('tests/data/wlm/README: the table of files is out of date (run with --write)')
    for p in problems:
        print(p)
    if not write:
        print('%d problems' % len(problems) if problems else 'fixtures up to date (%d steps)' % len(STEPS))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
