"""Offline messages end to end, with the real binary against the test server: alice writes to bob
while he is offline (each message `stored`), bob signs in later and sees every one once, in order,
with its original time, marked offline, and they are gone from the server; the same across a
crash of bob's client between fetch and delete; 100 waiting messages; a legacy charset and a
broken body; a server that refuses to store; another client reading what msntty stored and
msntty reading what another client stored."""
import json
import os
import signal
import time

from harness import Client, Server, check, wait_until
from oimprobe import OimProbe, SoapFault

ALICE, BOB = 'alice@example.com', 'bob@example.com'


def _waiting(srv, who):
    reply = srv.ctl('oims %s' % who)
    return json.loads(reply)


def _seed(srv, **spec):
    return srv.ctl('oim_seed ' + json.dumps(spec)).split(',')


def _offline_messages(c, since=0):
    return [e for e in c.events[since:] if e.get('event') == 'message' and e.get('offline')]


def _wait_offline(c, n, since=0, timeout=20):
    wait_until(lambda: len(_offline_messages(c, since)) >= n, timeout,
               '%s to show %d offline messages' % (c.label, n))
    return _offline_messages(c, since)


def _wait_gone(srv, who, timeout=15):
    wait_until(lambda: not _waiting(srv, who), timeout, 'the offline messages of %s deleted' % who)


def _same_dirs(c):
    """The environment that makes a new client process reuse c's logs and state (the journal)."""
    return {'XDG_DATA_HOME': os.path.join(c.dir, 'data'),
            'XDG_STATE_HOME': os.path.join(c.dir, 'state')}


def _journal_ids(path):
    """The message ids in an oim-seen journal (any line that names one)."""
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read().lower()
    except FileNotFoundError:
        return set()
    return {tok for line in text.splitlines() for tok in line.split() if tok.count('-') == 4}


def _store_three(a, texts):
    """alice writes `texts` to offline bob; each is stored (not delivered, not failed)."""
    for t in texts:
        m = a.mark()
        a.send('/msg bob ' + t)
        sent = a.wait_event('sent', since=m, text=t)
        a.wait_event('stored', since=m, id=sent['id'], timeout=15)
        check(not a.find('failed', since=m, id=sent['id']), 'message %r failed' % t)


def _write_then_read(proto_a, proto_b):
    def test():
        srv = Server()
        a = Client(srv, ALICE, proto_a)
        a.wait_signed_in()
        texts = ['first while you were out', 'second, with ☃ and é', 'third']
        t0 = time.time()
        _store_three(a, texts)
        waiting = _waiting(srv, BOB)
        check([w['text'] for w in waiting] == texts,
              'the server holds for bob %r, expected %r' % ([w['text'] for w in waiting], texts))
        check(len({w['id'] for w in waiting}) == 3, 'three distinct ids: %r' % waiting)
        time.sleep(1.2)             # so the original time differs from the time bob reads them
        b = Client(srv, BOB, proto_b)
        b.wait_signed_in()
        got = _wait_offline(b, 3)
        check([e['text'] for e in got] == texts, 'bob saw %r' % [e['text'] for e in got])
        for e in got:
            check(e.get('from') == ALICE, 'sender of %r' % e)
            check(abs(e.get('time', 0) - t0) < 30 and e['time'] <= time.time() - 1,
                  'original time of %r (stored at %d)' % (e, t0))
        check(len({e['conversation'] for e in got}) == 1, 'one conversation: %r' % got)
        _wait_gone(srv, BOB)
        b.expect_no_event('message', within=2.0, since=b.index_of('message', text='third') + 1)
        log = os.path.join(b.dir, 'data', 'msntty', 'logs', BOB, ALICE + '.log')
        with open(log, encoding='utf-8') as f:
            lines = [l for l in f.read().splitlines() if '(offline)' in l]
        check(len(lines) == 3 and all(t in l for t, l in zip(texts, lines)),
              'bob\'s log holds the three once, in order: %r' % lines)
    return test


for _pa, _pb in (('MSNP12', 'MSNP12'), ('MSNP11', 'MSNP18'), ('MSNP18', 'MSNP15')):
    globals()['test_oim_%s_writes_%s_reads_later' % (_pa.lower(), _pb.lower())] = \
        _write_then_read(_pa, _pb)


def test_oim_crash_between_fetch_and_delete_loses_nothing_and_shows_once():
    srv = Server(knobs={'oim_delete_hang': '1'})
    for i in range(1, 4):
        _seed(srv, to=BOB, **{'from': ALICE}, text='note %d' % i, seq=i, age=600 - i)
    b = Client(srv, BOB, 'MSNP12')
    b.wait_signed_in()
    got = _wait_offline(b, 3)
    check([e['text'] for e in got] == ['note 1', 'note 2', 'note 3'], 'first run: %r' % got)
    # The delete is asked for only after the log and the journal have them: kill it there.
    journal = os.path.join(b.dir, 'state', 'msntty', 'oim-seen', BOB)
    wait_until(lambda: _journal_ids(journal) >= {w['id'].lower() for w in _waiting(srv, BOB)},
               10, 'the three ids in the journal')
    check(oct(os.stat(journal).st_mode & 0o777) == '0o600', 'journal mode')
    time.sleep(0.3)                  # the delete request goes out in the same turn
    b.signal(signal.SIGKILL)
    b.wait_exit(10)
    check(len(_waiting(srv, BOB)) == 3, 'the hung delete deleted nothing')
    srv.knob('oim_delete_hang', '0')
    b2 = Client(srv, BOB, 'MSNP12', env=_same_dirs(b), label='bob after the crash')
    b2.wait_signed_in()
    _wait_gone(srv, BOB)
    b2.expect_no_event('message', within=2.0)
    check(not _offline_messages(b2), 'shown again after the crash: %r' % _offline_messages(b2))


def test_oim_hundred_waiting_messages_in_order():
    srv = Server()
    ids = _seed(srv, to=BOB, **{'from': ALICE}, text='bulk', count=100, age=3600)
    check(len(ids) == 100, 'seeded %d' % len(ids))
    b = Client(srv, BOB, 'MSNP18')
    b.wait_signed_in()
    got = _wait_offline(b, 100, timeout=60)
    check([e['text'] for e in got] == ['bulk #%d' % i for i in range(1, 101)],
          'order of the hundred: %r' % [e['text'] for e in got][:10])
    _wait_gone(srv, BOB, timeout=30)
    b.expect_no_event('message', within=1.5, since=b.index_of('message', text='bulk #100') + 1)


test_oim_hundred_waiting_messages_in_order.timeout = 120


def test_oim_legacy_charset_and_broken_body():
    srv = Server()
    _seed(srv, to=BOB, **{'from': ALICE}, text='café à la crème', charset='iso-8859-1',
          encoding='quoted-printable', age=120)
    _seed(srv, to=BOB, **{'from': ALICE}, text='¿Qué tal? €', charset='windows-1252', age=110)
    _seed(srv, to=BOB, **{'from': ALICE}, text='lost body', malformed='base64', age=100)
    b = Client(srv, BOB, 'MSNP12')
    b.wait_signed_in()
    got = _wait_offline(b, 3)
    check(got[0]['text'] == 'café à la crème', 'iso-8859-1 quoted-printable: %r' % got[0])
    check(got[1]['text'] == '¿Qué tal? €', 'windows-1252: %r' % got[1])
    broken = got[2]['text']
    check(broken and all(ord(ch) >= 32 or ch in '\n\t' for ch in broken),
          'the broken one is shown as text without control characters: %r' % broken)
    check(b.running(), 'msntty exited on a broken offline message')
    _wait_gone(srv, BOB)


def test_oim_refused_store_is_a_clear_failure():
    srv = Server(knobs={'oim_store_fault': 'SystemUnavailable'})
    a = Client(srv, ALICE, 'MSNP12')
    a.wait_signed_in()
    a.send('/msg bob are you there')
    sent = a.wait_event('sent', text='are you there')
    failed = a.wait_event('failed', id=sent['id'], timeout=15)
    check(failed.get('reason'), 'a reason: %r' % failed)
    check(not a.find('stored', id=sent['id']), 'stored and failed: %r' % a.events)
    check(not _waiting(srv, BOB), 'the server kept it anyway')
    srv.knob('oim_store_fault', '')
    m = a.mark()
    a.send('/resend')
    again = a.wait_event('sent', since=m, text='are you there')
    a.wait_event('stored', since=m, id=again['id'], timeout=15)
    check([w['text'] for w in _waiting(srv, BOB)] == ['are you there'], 'after /resend')


def test_oim_strict_lockkey_is_answered():
    srv = Server(knobs={'oim_lockkey': 'strict'})
    a = Client(srv, ALICE, 'MSNP18')
    a.wait_signed_in()
    _store_three(a, ['one', 'two'])
    check([w['text'] for w in _waiting(srv, BOB)] == ['one', 'two'], 'stored with the lockkey')


def test_oim_below_msnp11_says_why_it_fails():
    srv = Server()
    a = Client(srv, ALICE, 'MSNP9')
    a.wait_signed_in()
    a.send('/msg bob hello')
    sent = a.wait_event('sent', text='hello')
    failed = a.wait_event('failed', id=sent['id'], timeout=15)
    check('MSNP11' in failed.get('reason', ''), 'the reason names MSNP11: %r' % failed)
    check(not _waiting(srv, BOB), 'stored at MSNP9?')


def test_oim_setting_off_leaves_them_on_the_server():
    srv = Server()
    _seed(srv, to=BOB, **{'from': ALICE}, text='keep me')
    b = Client(srv, BOB, 'MSNP12', config=['/set offline_messages off'])
    b.wait_signed_in()
    b.expect_no_event('message', within=3.0)
    check(len(_waiting(srv, BOB)) == 1, 'fetched and deleted with offline_messages off')


def test_oim_another_client_reads_what_msntty_stored():
    srv = Server()
    a = Client(srv, ALICE, 'MSNP18')
    a.wait_signed_in()
    _store_three(a, ['for the other client', 'ünïcödé ☃'])
    probe = OimProbe(srv, BOB, 'bobpass')
    try:
        listed = probe.list()
        check(len(listed) == 2 and all(x['from'] == ALICE for x in listed), 'listed %r' % listed)
        texts = {}
        for x in listed:
            headers, text = probe.get(x['id'])
            texts[int(headers.get('x-oim-sequence-num', '0'))] = text
        check([texts[k] for k in sorted(texts)] == ['for the other client', 'ünïcödé ☃'],
              'the other client read %r' % texts)
        probe.delete([x['id'] for x in listed])
        check(not probe.list(), 'deleted by the other client')
    finally:
        probe.close()


def test_oim_msntty_reads_what_another_client_stored_live_and_later():
    srv = Server()
    b = Client(srv, BOB, 'MSNP12')
    b.wait_signed_in()
    probe = OimProbe(srv, ALICE, 'alicepass')
    try:
        probe.store(BOB, 'while you are online')       # the live notification
        got = _wait_offline(b, 1)
        check(got[0]['text'] == 'while you are online' and got[0]['from'] == ALICE, '%r' % got)
        _wait_gone(srv, BOB)
        b.send('/quit')
        b.wait_exit(10)
        probe.store(BOB, 'while you are away')
        try:
            probe.store('nobody@example.com', 'to no one')
            check(False, 'the server stored a message for an unknown account')
        except SoapFault:
            pass
    finally:
        probe.close()
    b2 = Client(srv, BOB, 'MSNP12', env=_same_dirs(b), label='bob later')
    b2.wait_signed_in()
    got = _wait_offline(b2, 1)
    check([e['text'] for e in got] == ['while you are away'], 'later: %r' % got)


def test_oim_delete_fault_is_said_and_retried_without_showing_twice():
    srv = Server(knobs={'oim_delete_fault': '1'})
    _seed(srv, to=BOB, **{'from': ALICE}, text='sticky one', age=60)
    _seed(srv, to=BOB, **{'from': ALICE}, text='no sequence number', no_seq=True, age=30)
    b = Client(srv, BOB, 'MSNP18')
    b.wait_signed_in()
    got = _wait_offline(b, 2)
    check([e['text'] for e in got] == ['sticky one', 'no sequence number'], 'first: %r' % got)
    wait_until(lambda: any(e.get('event') == 'notice' and 'delete' in e.get('text', '').lower()
                           for e in b.events), 10, 'a notice that the delete failed')
    check(len(_waiting(srv, BOB)) == 2, 'deleted despite the fault')
    b.send('/quit')
    b.wait_exit(10)
    srv.knob('oim_delete_fault', '0')
    b2 = Client(srv, BOB, 'MSNP18', env=_same_dirs(b), label='bob again')
    b2.wait_signed_in()
    _wait_gone(srv, BOB)
    check(not _offline_messages(b2), 'shown again: %r' % _offline_messages(b2))
