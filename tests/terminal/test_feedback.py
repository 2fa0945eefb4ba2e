"""Feedback and noise in daily use (issue 13): every command says what it did, once, naming what
it acted on; a question in the input bar is answered only from the input bar; news is said once.
The real binary in tmux against the test server, like test_ui.py, whose Term it uses."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term, sane  # noqa: E402

import harness  # noqa: E402
from harness import check  # noqa: E402


def status_bar(lines):
    return lines[-2]


def chat_text(lines):
    """The conversation pane's rows (right of the contact pane's separator), one line per
    logical line: wrapped continuation rows are joined to the line they continue."""
    out = []
    for l in lines[1:-2]:
        i = l.find('\u2502')
        row = (l[i + 1:] if i >= 0 else l).rstrip()
        if out and row.startswith('      ') and row.strip():
            out[-1] += ' ' + row.strip()
        else:
            out.append(row)
    return '\n'.join(out)


def pane_has(lines, email):
    return any(email in l.split('\u2502')[0] for l in lines if '\u2502' in l)


def test_enter_in_the_contact_pane_opens_the_contact_not_the_question(server):
    t = Term(server)
    t.signed_in()
    server.ctl('add_rl dave@example.com alice@example.com')
    t.wait_for('dave@example.com added you: Enter adds back')
    t.keys('F2')
    t.wait_for(lambda ls: '[contacts]' in status_bar(ls))
    t.keys('End')        # the last contact: Echo Bot
    t.keys('Enter')
    lines = t.wait_for(lambda ls: '[2:Echo Bot]' in status_bar(ls))
    check(not pane_has(lines, 'dave@example.com'),
          'Enter in the contact pane answered the question about dave:\n' + '\n'.join(lines))
    check('is allowed' not in '\n'.join(lines), 'dave was allowed from the contact pane')
    # Back at the input bar the question is still there, and its answer says what it did.
    t.wait_for('dave@example.com added you: Enter adds back')
    t.keys('Enter')
    t.wait_for(lambda ls: pane_has(ls, 'dave@example.com'))
    # The server's confirmations are news of the status window, like its other notices.
    t.keys('M-1')
    t.wait_for(lambda ls: 'dave@example.com is on your contact list' in chat_text(ls))
    lines = t.wait_for(lambda ls: 'dave@example.com is allowed' in chat_text(ls))
    text = chat_text(lines)
    # Said once: the line in the status window, no second notice with the same news.
    check(text.count('added you') == 1, '"added you" said %d times:\n%s' % (text.count('added you'), text))


def test_status_and_personal_message_are_said_and_shown_in_words(server):
    web = ['--web', 'https://127.0.0.1:%d' % server.https, '--ca-file', harness.CERT]
    t = Term(server, proto='MSNP12', args=web)  # personal messages: MSNP11 and later
    t.signed_in()
    check('(Online)' in status_bar(t.screen()), 'no own status in words: %r' % status_bar(t.screen()))
    t.line('/status away')
    t.wait_for('your status is now Away')
    t.wait_for(lambda ls: '(Away)' in status_bar(ls))
    t.line('/status')
    lines = t.wait_for('your status is Away')
    check('usage' not in chat_text(lines), '/status alone printed its usage:\n' + chat_text(lines))
    t.line('/psm at lunch')
    t.wait_for('personal message set: at lunch')
    lines = t.wait_for(lambda ls: '"at lunch"' in status_bar(ls))
    sane(t, lines)
    t.line('/psm')
    t.wait_for('personal message cleared')
    t.wait_for(lambda ls: '"at lunch"' not in status_bar(ls))


def test_list_commands_say_what_they_did(server):
    t = Term(server)
    t.signed_in()
    t.line('/block bob')
    t.wait_for(lambda ls: 'bob@example.com is blocked' in chat_text(ls))
    lines = t.wait_for(lambda ls: any('Bob [blocked]' in l for l in ls))
    t.line('/contacts')
    t.wait_for(lambda ls: re.search(r'bob@example\.com \(Bob\) \w+, blocked', chat_text(ls)))
    t.line('/unblock bob')
    t.wait_for(lambda ls: 'bob@example.com is allowed' in chat_text(ls))
    t.wait_for(lambda ls: not any('Bob [blocked]' in l for l in ls))
    t.line('/add nobody@example.com')
    lines = t.wait_for(lambda ls: re.search(r'20[58]: .*nobody@example\.com', chat_text(ls)))
    text = chat_text(t.screen())
    check(len(re.findall(r'20[58]: ', text)) == 1, 'the refusal is said more than once:\n' + text)


def test_commands_without_their_argument_say_why(server):
    t = Term(server)
    t.signed_in()
    t.line('/msg echo')
    lines = t.wait_for(lambda ls: ls[-1].startswith('[Echo Bot]'))
    t.wait_for('conversation with Echo Bot')
    t.line('/invite')
    lines = t.wait_for('/invite needs CONTACT')
    text = chat_text(lines)
    check(not re.search(r'no contact named\s*$', text, re.M), 'a bare "no contact named":\n' + text)
    check(text.count('/invite needs CONTACT') == 1, 'the refusal is not said exactly once:\n' + text)


def test_a_failed_delivery_and_an_idle_close_are_not_noise(server):
    server.knob('sb_idle', 1)   # the server closes a quiet switchboard after a second
    t = Term(server)
    t.signed_in()
    t.line('/msg echo ping')
    t.wait_for('echo: ping')
    harness.wait_until(lambda: not server.sessions()['sb'], 10, 'the idle switchboard to close')
    t.line('/msg echo still here?')   # the window takes a line again: the close said nothing
    lines = t.wait_for('echo: still here?')
    check('conversation connection closed' not in chat_text(lines),
          'an idle close is announced:\n' + chat_text(lines))
    t.line('/msg dave@example.com are you there')
    lines = t.wait_for('not delivered', 20)
    text = chat_text(lines)
    check(text.count('not delivered') == 1, 'the failure is said more than once:\n' + text)
    check('conversation connection closed' not in text,
          'a notice for the closed switchboard besides the failure:\n' + text)
    check(len([l for l in text.split('\n') if '-!-' in l]) <= 2,   # /msg's own line, the failure
          'more than the failure is said:\n' + text)


def test_no_new_separator_over_ones_own_lines(server):
    t = Term(server)
    t.signed_in()
    server.ctl('online bob@example.com NLN')
    server.ctl('say bob@example.com alice@example.com hello alice')
    t.wait_for('2:Bob')
    t.keys('M-2')
    t.wait_for(lambda ls: ls[-1].startswith('[Bob]'))
    t.keys('M-1')
    t.wait_for(lambda ls: ls[-1].startswith('[status]'))
    t.keys('M-2')
    t.wait_for(lambda ls: ls[-1].startswith('[Bob]'))
    t.line('my own words')
    lines = t.wait_for('my own words')
    check(not any('new' in l and ('\u2500\u2500' in l or '-- new' in l) for l in lines),
          'a "new" separator over one\'s own line:\n' + '\n'.join(lines))
    server.ctl('say bob@example.com alice@example.com an answer')
    t.wait_for('an answer')
