"""History replayed when a window opens (issue 13, daily use): the log's messages as dimmed chat
lines with their own times and nicks, no old notices or raw log lines, one line where they end;
and the day-change and join lines irssi users expect. The real binary in tmux against the test
server, like test_ui.py, whose Term it uses; the headless event stream for the `history` event."""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term, sane  # noqa: E402

from harness import Client, check, wait_until, write_private  # noqa: E402

ALICE = 'alice@example.com'
BOB = 'bob@example.com'
SGR = re.compile('\x1b\\[([0-9;]*)m')


def chat_rows(t, lines):
    """The conversation pane's rows (right of the contact pane), title and bars left out."""
    out = []
    for l in lines[1:t.rows - 2]:
        i = l.find('\u2502')
        out.append(l[i + 1:] if i >= 0 else l)
    return out


def raw_screen(t):
    return t.tmux('capture-pane', '-p', '-e', '-t', 'main')


def dim_at(raw, text):
    """Whether `text` (its first occurrence) is drawn dim (SGR 2) on the captured screen."""
    at = raw.find(text)
    check(at >= 0, '%r is not on the screen' % text)
    dim = False
    for m in SGR.finditer(raw, 0, at):
        codes = [c for c in m.group(1).split(';')] if m.group(1) else ['0']
        for c in codes:
            if c in ('0', ''):
                dim = False
            elif c == '2':
                dim = True
            elif c == '22':
                dim = False
    return dim


def iso(t):
    """A log time as ChatLog writes it, in UTC (the tests run the client with TZ=UTC)."""
    return time.strftime('%Y-%m-%dT%H:%M:%S+00:00', time.gmtime(t))


def write_log(data_dir, contact, lines):
    folder = os.path.join(data_dir, 'msntty', 'logs', ALICE)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    write_private(os.path.join(folder, contact + '.log'), ''.join(l + '\n' for l in lines))


def old_log(now):
    """Today's log with bob: messages both ways, an action, an offline one, old notices and
    errors, and lines that are not log lines at all."""
    t = now - 600
    return [
        '%s <%s> morning alice' % (iso(t), BOB),
        '%s <%s> hi bob' % (iso(t + 60), ALICE),
        '%s -!- Bob left the conversation' % iso(t + 70),
        '%s -!- error: 217: Bob is offline' % iso(t + 80),
        '%s -!- \u2717 not delivered: switchboard closed' % iso(t + 81),
        'garbage \x1b[31mred\x1b[0m line',
        '%s <%s> * Bob waves' % (iso(t + 120), BOB),
        '%s <%s> (offline) left while you were away' % (iso(t + 180), BOB),
    ]


def test_history_is_replayed_as_dimmed_chat_lines(server):
    now = time.time()
    t = Term(server, cols=100, env={'TZ': 'UTC'})
    t.signed_in()
    write_log(os.path.join(t.dir, 'data'), BOB, old_log(now))
    server.ctl('online %s NLN' % BOB)
    server.ctl('say %s %s live from bob' % (BOB, ALICE))
    t.wait_for('2:Bob')
    t.line('/win 2')
    lines = t.wait_for('live from bob')
    rows = chat_rows(t, lines)
    pane = '\n'.join(rows)
    # Formatted like live lines: the original time, the sender's nickname (own lines with ours).
    check(re.search(r'%s <Bob> morning alice' % time.strftime('%H:%M', time.gmtime(now - 600)),
                    pane), 'not a chat line with its own time:\n' + pane)
    check('<Alice Liddell> hi bob' in pane, 'our own line is not ours:\n' + pane)
    check('* Bob waves' in pane and '<Bob> * Bob' not in pane, 'the action:\n' + pane)
    check('(offline) left while you were away' in pane, 'the offline one:\n' + pane)
    # No raw log lines, addresses, old notices or errors, nothing unreadable.
    for gone in ('[log]', '+00:00', BOB, ALICE, 'left the conversation', '217', 'not delivered',
                 'garbage', '^[', 'red'):
        check(gone not in pane, '%r is shown:\n%s' % (gone, pane))
    # One line where the history ends, before the live line; history dimmed, live not.
    ends = [i for i, r in enumerate(rows) if 'end of history' in r]
    live = [i for i, r in enumerate(rows) if 'live from bob' in r]
    check(len(ends) == 1 and live and ends[0] < live[0], 'the end of history line:\n' + pane)
    check(not any('new' in r and '\u2500\u2500 new' in r for r in rows), 'a "new" separator:\n' + pane)
    raw = raw_screen(t)
    check(dim_at(raw, 'morning alice'), 'a history line is not dimmed')
    check(dim_at(raw, 'hi bob'), 'our history line is not dimmed')
    check(not dim_at(raw, 'live from bob'), 'the live line is dimmed')
    sane(t, lines)
    # Replayed lines are not logged again.
    log = os.path.join(t.dir, 'data', 'msntty', 'logs', ALICE, BOB + '.log')
    wait_until(lambda: 'live from bob' in open(log, encoding='utf-8').read(), 10, 'the live line logged')
    text = open(log, encoding='utf-8').read()
    check(text.count('morning alice') == 1, 'history was logged again:\n' + text)


def test_history_event_has_typed_fields(server):
    now = time.time()
    c = Client(server, ALICE, 'MSNP7', config=['/set history_lines 10'], env={'TZ': 'UTC'})
    write_log(os.path.join(c.dir, 'data'), BOB, old_log(now))
    c.wait_signed_in()
    m = c.mark()
    c.send('/msg bob')
    c.wait_event('history', since=m, text='left while you were away')
    shown = [e for e in c.events[m:] if e['event'] == 'history']
    check([e['text'] for e in shown] ==
          ['morning alice', 'hi bob', '* Bob waves', 'left while you were away'],
          'replayed: %r' % shown)
    first = shown[0]
    check(first['from'] == BOB and first['nick'] == 'Bob' and first['time'] == int(now - 600),
          'typed fields: %r' % first)
    check('line' not in first, 'the raw line is still sent: %r' % first)
    check(shown[1].get('own') is True and shown[1]['from'] == ALICE, 'own: %r' % shown[1])
    check(shown[2].get('action') == 'waves', 'action: %r' % shown[2])
    check(shown[3].get('offline') is True, 'offline: %r' % shown[3])
    check(not any(e['event'] == 'message' for e in c.events[m:]), 'history as a new message')


# --- day changes and joins ---------------------------------------------------------------------

def day_line(t):
    """What the client says when the local (UTC) day of `t` begins."""
    g = time.gmtime(t)
    return 'Day changed to %s, %d %s %d' % (time.strftime('%A', g), g.tm_mday,
                                            time.strftime('%B', g), g.tm_year)


def test_day_change_between_history_and_live_lines(server):
    now = time.time()
    yesterday = (int(now) // 86400) * 86400 - 12 * 3600   # noon, yesterday (UTC)
    t = Term(server, cols=100, env={'TZ': 'UTC', 'LC_ALL': 'C.UTF-8'})
    t.signed_in()
    write_log(os.path.join(t.dir, 'data'), BOB, [
        '%s <%s> from yesterday' % (iso(yesterday), BOB),
        '%s <%s> still yesterday' % (iso(yesterday + 60), ALICE)])
    server.ctl('online %s NLN' % BOB)
    server.ctl('say %s %s good morning' % (BOB, ALICE))
    t.wait_for('2:Bob')
    t.line('/win 2')
    lines = t.wait_for('good morning')
    rows = chat_rows(t, lines)
    where = {}
    for i, r in enumerate(rows):
        for what in ('from yesterday', 'still yesterday', 'end of history', day_line(now),
                     'good morning'):
            if what in r:
                where.setdefault(what, []).append(i)
    pane = '\n'.join(rows)
    check(all(len(where.get(w, [])) == 1 for w in ('end of history', day_line(now), 'good morning')),
          'each once:\n' + pane)
    order = [where[w][0] for w in ('still yesterday', 'end of history', day_line(now), 'good morning')]
    check(order == sorted(order), 'history, its end, the day change, the live line:\n' + pane)
    check(re.search(r'00:00 -!- ' + re.escape(day_line(now)), pane), 'at 00:00:\n' + pane)
    check(pane.count('Day changed') == 1, 'one day change only:\n' + pane)


def _tz_before_midnight(seconds):
    """A POSIX TZ whose local midnight comes `seconds` from now, and its UTC offset."""
    now = time.time()
    off = (86400 - seconds - int(now) % 86400) % 86400
    if off > 12 * 3600:
        off -= 86400
    sign = '-' if off >= 0 else '+'   # POSIX: the offset west of UTC
    a = abs(off)
    return 'MID%s%02d:%02d:%02d' % (sign, a // 3600, a % 3600 // 60, a % 60), off


def test_day_change_at_local_midnight_in_an_open_window(server):
    tz, off = _tz_before_midnight(15)
    t = Term(server, cols=100, env={'TZ': tz})
    t.signed_in()
    t.line('/msg echo before midnight')
    t.wait_for('echo: before midnight')
    midnight = time.time() + off
    check(time.gmtime(midnight).tm_hour == 23, 'the test started too late for its midnight')
    text = day_line(midnight + 60)
    lines = t.wait_for(text, 30)                # the one timer's shot, nothing typed
    rows = chat_rows(t, lines)
    pane = '\n'.join(rows)
    check(pane.count('Day changed') == 1, 'one day line:\n' + pane)
    check(re.search(r'00:00 -!- ' + re.escape(text), pane), 'at 00:00:\n' + pane)
    # A line after midnight: no second day line.
    t.line('after midnight')
    lines = t.wait_for('echo: after midnight')
    pane = '\n'.join(chat_rows(t, lines))
    check(pane.count('Day changed') == 1, 'the day said twice:\n' + pane)
    check(pane.index(text) < pane.index('echo: after midnight'), 'out of order:\n' + pane)
    # The status window had lines that day too: it says so as well.
    t.line('/win 1')
    t.wait_for(lambda ls: any(text in r for r in chat_rows(t, ls)))


def test_join_lines_in_group_chats_and_quiet_reconnects():
    from harness import Server
    srv = Server(knobs={'sb_idle': 1})
    t = Term(srv, cols=100)
    t.signed_in()
    srv.ctl('online %s NLN' % BOB)
    srv.ctl('online carol@example.com NLN')
    t.line('/msg bob hello bob')
    wait_until(lambda: any('hello bob' in h for h in srv.history_of(BOB)), 10, 'bob to get it')
    wait_until(lambda: not srv.sessions()['sb'], 10, 'the idle switchboard to close')
    t.line('hello again')    # a new switchboard: bob is called back in
    wait_until(lambda: any('hello again' in h for h in srv.history_of(BOB)), 10, 'bob to get it again')
    t.line('/echo mark')      # a line after whatever the reconnect said
    lines = t.wait_for('mark')
    pane = '\n'.join(chat_rows(t, lines))
    check('joined' not in pane, 'a one-to-one reconnect is announced:\n' + pane)
    t.line('/invite carol')
    lines = t.wait_for('Carol joined')
    pane = '\n'.join(chat_rows(t, lines))
    check(pane.count('joined') == 1, 'only carol joined:\n' + pane)
    check(re.search(r'\d\d:\d\d -!- Carol joined', pane), 'a notice line:\n' + pane)
