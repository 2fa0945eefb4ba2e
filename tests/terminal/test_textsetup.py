"""Text and setup in the interface (issue 13): hints from the config file (/echo, as make demo
writes them) in the status window, /resend as a new line at the bottom, control characters in
a typed line stripped with a notice. The real binary in tmux, like test_ui.py, whose Term it
uses."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ui import Term  # noqa: E402

from harness import Server, check  # noqa: E402


def test_config_echo_hints_show_in_the_status_window(server):
    t = Term(server, config=['/echo msntty demo: try /msg echo@example.com hello',
                             '/echo Quit with /quit.'])
    lines = t.signed_in()
    text = '\n'.join(lines)
    check('msntty demo: try /msg echo@example.com hello' in text and 'Quit with /quit.' in text,
          'the hints are not in the status window:\n' + text)
    # A typed /echo answers in the window it was typed in.
    t.line('/msg echo hello')
    t.wait_for('echo: hello')
    t.line('/echo only here')
    t.wait_for('only here')


def test_resend_shows_a_new_line_below_the_failure():
    srv = Server(knobs={'sb_nak': 1})
    t = Term(srv)
    t.signed_in()
    t.line('/msg echo first try')
    t.wait_for('not delivered', 20)
    t.line('/resend')
    lines = t.wait_for('echo: first try', 20)
    rows = [i for i, l in enumerate(lines) if 'first try' in l and 'echo:' not in l]
    fail_row = next(i for i, l in enumerate(lines) if 'not delivered' in l)
    check(len(rows) == 2, 'the message is shown twice (failed, then resent):\n' + '\n'.join(lines))
    check(rows[0] < fail_row < rows[1],
          'the resent line is below the failure notice:\n' + '\n'.join(lines))
    check('\u2717' in lines[rows[0]] or 'x' in lines[rows[0]][:6],
          'the first one stays marked failed:\n' + '\n'.join(lines))


def test_typed_control_characters_are_stripped_with_a_notice(server):
    t = Term(server)
    t.signed_in()
    t.line('/msg echo hello')
    t.wait_for('echo: hello')
    # Ctrl-V is not special to msntty's editor: a BEL arrives in a paste.
    t.paste('ring\x07 the bell')
    t.keys('Enter')
    t.wait_for('echo: ring the bell', 15)
    t.wait_for('removed 1 control character (BEL)')
