"""Reconnecting (issue 10): the client survives a lost notification server and signs in again by
itself, with a backoff, unless the cause is final (signed in elsewhere, a wrong password on a
reconnect, /disconnect).  The faults come from the test server's control port (restart, drop,
refuse, mute, xfr_ns, kick, shutdown_notice, password; see tests/server/README) and the
connection attempts are counted with its `stats`."""
import signal
import time

from harness import Client, Server, check, fixed_ports, signed_in_pair, wait_until

ALICE = 'alice@example.com'
BOB = 'bob@example.com'
# Short waits so that the tests stay quick: the backoff starts at 1 s and doubles.
FAST = ['/set reconnect_max 2']


def client(srv, proto='MSNP12', account=ALICE, config=(), **kw):
    c = Client(srv, account, proto, config=FAST + list(config), **kw)
    c.wait_signed_in()
    return c


def lost(c, since, timeout=15, **match):
    """The `disconnected` event of a loss that is not final; returns it."""
    ev = c.wait_event('disconnected', since=since, timeout=timeout, **match)
    check(ev.get('final') is False, 'disconnected is final, want a retry: %r' % ev)
    check(isinstance(ev.get('retry_in'), (int, float)) and 0 <= ev['retry_in'] <= 3,
          'retry_in %r, want the first backoff step (1 s +-25%%, at most reconnect_max 2)' % ev.get('retry_in'))
    check((ev.get('text') or '').strip(), 'disconnected without a text: %r' % ev)
    return ev


def final(c, since, reason, timeout=15):
    ev = c.wait_event('disconnected', since=since, timeout=timeout, reason=reason)
    check(ev.get('final') is True, 'disconnected (%s) is not final: %r' % (reason, ev))
    check(ev.get('retry_in') == 0, 'a final disconnect has retry_in %r, want 0' % ev.get('retry_in'))
    return ev


def back(c, since, timeout=20):
    """After a loss: reconnecting, connecting, then signed_in again, in that order."""
    c.wait_event('reconnecting', since=since, timeout=timeout, attempt=lambda k: isinstance(k, int) and k >= 1)
    i_rec = c.index_of('reconnecting', since)
    c.wait_event('connecting', since=i_rec, timeout=timeout)
    ev = c.wait_event('signed_in', since=i_rec, timeout=timeout)
    check(not c.find('signed_out', since), 'signed_out while reconnecting: %r' % c.find('signed_out', since))
    check(c.running(), 'the client exited')
    return ev


def no_attempts(srv, c, since, within=4.0):
    """Neither the client nor the server sees a connection attempt for `within` seconds."""
    before = srv.stats()['ns_connections']
    c.expect_no_event('reconnecting', within=within, since=since)
    check(not c.find('connecting', since), 'the client connected again: %r' % c.find('connecting', since))
    after = srv.stats()['ns_connections']
    check(after == before, 'the server saw %d new NS connections, want none' % (after - before))
    check(c.running(), 'the client exited (status %s), want it to stay running offline' % c.proc.poll())


def delivered_once(srv, c, since, text, to=BOB):
    """`text` was sent (at once), delivered, and the puppet `to` got it exactly once."""
    sent = c.wait_event('sent', since=since, text=text, timeout=5)
    c.wait_event('delivered', since=since, id=sent['id'], timeout=20)
    time.sleep(1.0)   # a second copy would arrive by now
    got = [h for h in srv.history_of(to) if h.endswith('\r\n\r\n' + text)]
    check(len(got) == 1, '%s received %r %d times, want once' % (to, text, len(got)))
    return sent


# ------------------------------------------------------------------------------- lost server

def _restart(proto):
    def test():
        srv = Server()
        srv.ctl('online %s' % BOB)
        c = client(srv, proto)
        c.send('/msg bob before the restart')
        delivered_once(srv, c, 0, 'before the restart')
        m = c.mark()
        srv.ctl('restart 2')
        ev = lost(c, m)
        check(ev.get('reason') == 'connection_lost', 'reason %r, want connection_lost' % ev.get('reason'))
        back(c, m)
        check(srv.stats()['logins'].get(ALICE) == 2, 'the server saw %r logins of alice, want 2'
              % srv.stats()['logins'].get(ALICE))
        m2 = c.mark()
        c.send('/msg bob after the restart')
        delivered_once(srv, c, m2, 'after the restart')
    test.__name__ = 'test_server_restart_mid_conversation_signs_in_again_%s' % proto.lower()
    return test


test_server_restart_mid_conversation_signs_in_again_msnp7 = _restart('MSNP7')
test_server_restart_mid_conversation_signs_in_again_msnp12 = _restart('MSNP12')


def test_server_killed_and_replaced_on_the_same_ports():
    srv = Server(ports=fixed_ports())
    c = client(srv)
    m = c.mark()
    srv.kill()
    lost(c, m)
    new = Server(ports=srv.ports)
    new.ctl('online %s' % BOB)
    back(c, m)
    check(new.stats()['logins'].get(ALICE) == 1, 'alice did not sign in to the new server')
    m2 = c.mark()
    c.send('/msg bob hello new server')
    delivered_once(new, c, m2, 'hello new server')


def test_messages_typed_during_the_outage_are_delivered_once_after_it():
    srv = Server()
    srv.ctl('online %s' % BOB)
    c = client(srv)
    c.send('/msg bob hello before')
    delivered_once(srv, c, 0, 'hello before')
    # The switchboard goes first, so that the messages below are typed with none open (one
    # typed into a switchboard that is dead but not yet noticed fails, as in-flight ones do).
    srv.ctl('drop sb')
    time.sleep(0.5)
    m = c.mark()
    srv.ctl('restart 3')
    lost(c, m)
    texts = ['typed offline one', 'typed offline two']
    for t in texts:
        c.send('/msg bob ' + t)
        c.wait_event('sent', since=m, text=t, timeout=2)    # shown at once, queued
    check(not c.find('signed_in', m), 'signed in again before the test typed (restart too short)')
    check(not c.find('delivered', m), 'delivered while the server was down')
    back(c, m)
    i_in = c.index_of('signed_in', m)
    for t in texts:
        sent = delivered_once(srv, c, m, t)
        check(c.index_of('delivered', m, id=sent['id']) > i_in, '%r delivered before the sign-in' % t)
        check(not c.find('failed', m, id=sent['id']), '%r failed' % t)
    order = [h.rsplit('\r\n\r\n', 1)[-1] for h in srv.history_of(BOB)]
    check([x for x in order if x in texts] == texts, 'bob got them in the order %r' % order)


# ------------------------------------------------------------------------------- what the server says

def test_other_login_is_final_and_never_retried():
    srv = Server()
    c = client(srv)
    m = c.mark()
    srv.ctl('kick %s' % ALICE)
    final(c, m, 'other_login')
    no_attempts(srv, c, m)
    check(not c.find('signed_out', m), 'signed_out after OUT OTH: the client must stay running')
    m2 = c.mark()
    c.send('/connect')
    c.wait_event('signed_in', since=m2, timeout=15)


def _shutdown(proto):
    def test():
        srv = Server()
        c = client(srv, proto)
        m = c.mark()
        check(srv.ctl('shutdown_notice') == '1', 'the server did not send OUT SSD to one client')
        lost(c, m, reason='server_shutdown')
        back(c, m)
        check(srv.session_of(ALICE) is not None, 'alice is not on the server again')
    test.__name__ = 'test_shutdown_notice_reconnects_%s' % proto.lower()
    return test


test_shutdown_notice_reconnects_msnp7 = _shutdown('MSNP7')
test_shutdown_notice_reconnects_msnp12 = _shutdown('MSNP12')


def _xfr(proto, how):
    def test():
        srv = Server(knobs={'xfr_grace': 30})   # the client must hang up, not the server
        c = client(srv, proto)
        m = c.mark()
        t0 = time.monotonic()
        check(srv.ctl('xfr_ns %s' % how).strip() == '1', 'the server did not transfer one client')
        lost(c, m)
        back(c, m)
        check(time.monotonic() - t0 < 10, 'took %.1fs to follow the transfer' % (time.monotonic() - t0))
        check(srv.stats()['logins'].get(ALICE) == 2, 'no second login on the server')
        # had the old connection still been open, the new login would have booted it
        check(not srv.log_lines(tag='NS:alice', direction='S>', startswith='OUT OTH'),
              'the client kept the old connection open after the transfer')
    test.__name__ = 'test_xfr_ns_reconnects_%s%s' % (proto.lower(), '_soft' if how == 'soft' else '')
    return test


test_xfr_ns_reconnects_msnp2 = _xfr('MSNP2', '')
test_xfr_ns_reconnects_msnp7 = _xfr('MSNP7', '')
test_xfr_ns_reconnects_msnp12 = _xfr('MSNP12', '')
test_xfr_ns_reconnects_msnp12_soft = _xfr('MSNP12', 'soft')


def _password_changed(proto):
    def test():
        srv = Server()
        c = client(srv, proto)
        m = c.mark()
        srv.ctl('password %s changed-meanwhile' % ALICE)
        srv.ctl('drop ns')
        lost(c, m, reason='connection_lost')
        c.wait_event('reconnecting', since=m, timeout=10)
        final(c, m, 'auth_failed')
        check(srv.stats()['auth_failures'].get(ALICE, 0) >= 1, 'the server saw no failed login')
        i = c.index_of('disconnected', m, reason='auth_failed')
        no_attempts(srv, c, i + 1)
        check(not c.find('signed_in', m), 'signed in with the old password')
        check(c.running(), 'an auth failure on a reconnect ended the process (only the first sign-in may)')
    test.__name__ = 'test_wrong_password_after_a_reconnect_stops_retrying_%s' % proto.lower()
    return test


test_wrong_password_after_a_reconnect_stops_retrying_msnp7 = _password_changed('MSNP7')
test_wrong_password_after_a_reconnect_stops_retrying_msnp12 = _password_changed('MSNP12')


# ------------------------------------------------------------------------------- backoff

def _attempt_times(c, since):
    with c._cond:
        return [t for t, e in c._events[since:] if e.get('event') == 'connecting']


def _check_backoff(times, window):
    check(2 <= len(times) <= 4, '%d connection attempts in %.0fs of refusal, want 2-4 '
          '(1 s, 2 s, 4 s apart): %r' % (len(times), window, times))
    gaps = [b - a for a, b in zip(times, times[1:])]
    check(all(g >= 1.2 for g in gaps), 'attempts only %r s apart: no backoff' % gaps)
    # 1 s, 2 s, 4 s +-25%: each wait is at least 1.2 times the one before (1.1 leaves room for load)
    check(all(b >= a * 1.1 for a, b in zip(gaps, gaps[1:])), 'the waits do not grow: %r' % gaps)


def test_refused_connects_are_spaced_by_the_backoff():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12', config=['/set reconnect_max 8'])
    c.wait_signed_in()
    m = c.mark()
    srv.ctl('refuse 8')
    srv.ctl('drop ns')
    t0 = time.monotonic() - c.t0
    lost(c, m)
    time.sleep(7.5)
    times = [t - t0 for t in _attempt_times(c, m) if t - t0 < 7.5]
    _check_backoff(times, 7.5)
    back(c, m, timeout=15)


def test_reset_connections_are_counted_and_spaced():
    # refuse ... rst: each attempt reaches the server and is reset, so the server counts them
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12', config=['/set reconnect_max 8'])
    c.wait_signed_in()
    m = c.mark()
    srv.ctl('stats reset')
    srv.ctl('refuse 8 rst')
    srv.ctl('drop ns')
    t0 = time.monotonic() - c.t0
    lost(c, m)
    time.sleep(7.5)
    resets = srv.stats()['ns_reset']
    check(2 <= resets <= 4, 'the server reset %d connection attempts in 7.5 s, want 2-4 (backoff 1, 2, 4 s)'
          % resets)
    _check_backoff([t - t0 for t in _attempt_times(c, m) if t - t0 < 7.5], 7.5)
    back(c, m, timeout=15)
    check(srv.stats()['ns_connections'] == 1, 'more than one NS connection after the refusal ended: %r'
          % srv.stats())


# ------------------------------------------------------------------------------- keep-alive

def test_muted_server_is_noticed_by_the_keepalive():
    srv = Server(knobs={'qng_interval': 5})
    c = client(srv, config=['/set ping_interval 5', '/set ping_timeout 2', '/set login_timeout 5'])
    m = c.mark()
    srv.ctl('mute ns on')
    t0 = time.monotonic()
    ev = lost(c, m, timeout=15)
    dt = time.monotonic() - t0
    check(ev.get('reason') in ('timeout', 'connection_lost'), 'reason %r' % ev.get('reason'))
    check(dt <= 5 + 2 + 3, 'noticed after %.1fs, want within ping_interval 5 + ping_timeout 2' % dt)
    srv.ctl('mute ns off')
    back(c, m)


# ------------------------------------------------------------------------------- commands

def test_disconnect_stays_offline_and_connect_signs_in_again():
    srv = Server()
    c = client(srv)
    # Right after the sign-in, while the server's presence lines are still arriving: closing
    # with unread bytes used to send RST, and the server lost the OUT (TcpConnection now
    # half-closes first).
    c.wait_event('status', status='online', timeout=5)
    m = c.mark()
    c.send('/disconnect')
    final(c, m, 'user')
    srv.wait_log('NS:alice', 'C>', 'OUT', what='OUT from alice after /disconnect')
    wait_until(lambda: srv.session_of(ALICE) is None, 5, 'alice to be offline on the server')
    no_attempts(srv, c, m)
    m2 = c.mark()
    c.send('/connect')
    c.wait_event('connecting', since=m2, timeout=5)
    c.wait_event('signed_in', since=m2, timeout=15)
    check(srv.stats()['logins'].get(ALICE) == 2, 'no second login')


def test_reconnect_command_retries_now():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12', config=['/set reconnect_max 60'])
    c.wait_signed_in()
    # connected: /reconnect drops the link and signs in again at once
    m = c.mark()
    t0 = time.monotonic()
    c.send('/reconnect')
    c.wait_event('signed_in', since=m, timeout=10)
    check(time.monotonic() - t0 < 4, '/reconnect took %.1fs' % (time.monotonic() - t0))
    check(srv.stats()['logins'].get(ALICE) == 2, 'no second login after /reconnect')
    # waiting for the next attempt (the wait has grown to >= 3 s): /reconnect tries at once
    m = c.mark()
    srv.ctl('refuse 60')
    srv.ctl('drop ns')
    c.wait_event('connecting', since=m, timeout=5)
    second = c.index_of('connecting', m) + 1
    c.wait_event('connecting', since=second, timeout=8)
    time.sleep(0.3)
    m2 = c.mark()
    c.send('/reconnect')
    c.wait_event('connecting', since=m2, timeout=1.5)
    srv.ctl('refuse 0')
    time.sleep(0.3)
    m3 = c.mark()
    c.send('/reconnect')
    c.wait_event('signed_in', since=m3, timeout=5)


# ------------------------------------------------------------------------------- switchboards

def test_conversation_keeps_working_while_the_ns_is_down():
    srv = Server()
    a, b = signed_in_pair(srv, config=FAST)
    a.send('/msg bob before the outage')
    b.wait_event('message', text='before the outage')
    ma, mb = a.mark(), b.mark()
    srv.ctl('refuse 6')
    srv.ctl('drop ns')
    lost(a, ma)
    lost(b, mb)
    a.send('over the switchboard')   # plain text: to the current conversation, the one with bob
    b.wait_event('message', since=mb, text='over the switchboard', timeout=3)
    b.send('/msg alice and back')
    a.wait_event('message', since=ma, text='and back', timeout=3)
    check(not a.find('signed_in', ma) and not b.find('signed_in', mb),
          'a client signed in again before the messages went (the NS was back too early)')
    check(any(set(s['participants']) == {ALICE, BOB} for s in srv.sessions()['sb']),
          'the switchboard session is gone: %r' % srv.sessions()['sb'])
    back(a, ma)
    back(b, mb)


# ------------------------------------------------------------------------------- suspend

def test_sigcont_probes_the_connection_at_once():
    # No regular ping is due within the pause (QNG says 300 s, ping_interval 120 s), so a PNG
    # right after SIGCONT is the probe.
    srv = Server(knobs={'qng_interval': 300})
    c = client(srv, config=['/set ping_interval 120', '/set ping_timeout 10'])
    m = c.mark()
    c.signal(signal.SIGSTOP)
    time.sleep(70)
    before = len(srv.log_lines(tag='NS:alice', direction='C>', startswith='PNG'))
    t_cont = time.time()
    c.signal(signal.SIGCONT)
    wait_until(lambda: len(srv.log_lines(tag='NS:alice', direction='C>', startswith='PNG')) > before,
               3, 'a PNG from alice right after SIGCONT')
    png = srv.log_lines(tag='NS:alice', direction='C>', startswith='PNG')[before][0]
    check(png - t_cont < 2.5, 'the PNG came %.1fs after SIGCONT' % (png - t_cont))
    c.expect_no_event('disconnected', within=3, since=m)
    m2 = c.mark()
    c.send('/status busy')
    c.wait_event('status', since=m2, status='busy')
    wait_until(lambda: (srv.session_of(ALICE) or {}).get('status') == 'BSY', 5,
               'the server to see alice busy after SIGCONT')


test_sigcont_probes_the_connection_at_once.timeout = 120


# ------------------------------------------------------------------------------- random faults

def test_random_faults_lose_and_duplicate_nothing():
    """A scripted session with the server restarted, its connections dropped or refused at
    random moments (seeded: the seed is in the failure message): every message typed is either
    delivered and received exactly once, or visibly failed and received at most once; the
    client is never gone, and the connection attempts stay near one per fault (no storm)."""
    import random
    seed = int(time.time())
    rnd = random.Random(seed)
    srv = Server()
    srv.ctl('online %s' % BOB)
    c = client(srv, config=['/set offline_queue_timeout 60'])
    faults = 0
    texts = []
    for i in range(24):
        text = 'soak %d' % i
        texts.append(text)
        c.send('/msg bob ' + text)
        time.sleep(rnd.uniform(0.05, 0.4))
        if rnd.random() < 0.3 or (i == 12 and not faults):
            fault = rnd.choice(['restart 1', 'restart 2', 'drop ns', 'drop sb', 'drop all',
                                'refuse 1'])
            srv.ctl(fault)
            faults += 1
    ids = {}
    for text in texts:
        ids[text] = c.wait_event('sent', text=text, timeout=5)['id']

    def settled(i):
        return c.find('delivered', id=i) or c.find('failed', id=i)
    wait_until(lambda: all(settled(i) for i in ids.values()), 90,
               'every message delivered or failed (seed %d)' % seed)
    time.sleep(1.0)
    got = [h.rsplit('\r\n\r\n', 1)[-1] for h in srv.history_of(BOB)]
    for text, i in ids.items():
        n = got.count(text)
        if c.find('delivered', id=i):
            check(n == 1, '%r delivered, but bob got it %d times (seed %d)' % (text, n, seed))
            check(not c.find('failed', id=i), '%r both delivered and failed (seed %d)' % (text, seed))
        else:
            check(n <= 1, '%r failed, but bob got it %d times (seed %d)' % (text, n, seed))
    check(c.running(), 'the client exited (seed %d)' % seed)
    logins = srv.stats()['logins'].get(ALICE, 0)
    check(logins <= 1 + 2 * faults + 2,
          '%d logins for %d faults: a retry storm? (seed %d)' % (logins, faults, seed))
    # After it all the client is signed in again, and the session works.
    def signed_in_now():
        states = [e['event'] for e in c.events if e['event'] in ('signed_in', 'disconnected')]
        return states and states[-1] == 'signed_in'
    wait_until(signed_in_now, 20, 'signed in after the faults (seed %d)' % seed)
    m = c.mark()
    c.send('/msg bob after the storm')
    delivered_once(srv, c, m, 'after the storm')


test_random_faults_lose_and_duplicate_nothing.timeout = 150
