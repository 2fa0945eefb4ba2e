"""Every command says what it did or why not, once, naming what it acted on (issue 13): headless,
the answers are events (`notice`, `error`, `psm`)."""
from harness import Client, Server, check

ALICE = 'alice@example.com'


def test_headless_commands_answer_with_events():
    srv = Server()
    c = Client(srv, ALICE, 'MSNP12')
    c.wait_signed_in()

    m = c.mark()
    c.send('/status away')
    c.wait_event('notice', since=m, text='your status is now Away')
    m = c.mark()
    c.send('/status')
    c.wait_event('notice', since=m, text=lambda t: t.startswith('your status is Away'))
    c.expect_no_event('error', within=0.3, since=m)

    m = c.mark()
    c.send('/psm at lunch')
    c.wait_event('psm', since=m, psm='at lunch')
    c.wait_event('notice', since=m, text='personal message set: at lunch')

    m = c.mark()
    c.send('/block bob')
    c.wait_event('notice', since=m, text=lambda t: t.startswith('bob@example.com is blocked'))
    m = c.mark()
    c.send('/contacts')
    c.wait_event('notice', since=m, text=lambda t: t.startswith('bob@example.com (Bob)') and 'blocked' in t)

    m = c.mark()
    c.send('/group add Pals')
    c.wait_event('notice', since=m, text='group "Pals" created')
    m = c.mark()
    c.send('/move carol Pals')
    c.wait_event('notice', since=m, text='carol@example.com is in group "Pals"')
    m = c.mark()
    c.send('/privacy block')
    c.wait_event('notice', since=m, text=lambda t: t.startswith('people on neither list are now blocked'))

    m = c.mark()
    c.send('/alias wb /msg $1 welcome back')
    c.wait_event('notice', since=m, text='/wb now runs /msg $1 welcome back')
    m = c.mark()
    c.send('/alias wb')
    c.wait_event('notice', since=m, text='alias /wb removed')

    m = c.mark()
    c.send('/msg echo')
    c.wait_event('notice', since=m, text=lambda t: t.startswith('conversation with Echo Bot'))

    m = c.mark()
    c.send('/add nobody@example.com')
    err = c.wait_event('error', since=m)
    check('nobody@example.com' in err['text'], 'the refusal does not name the address: %r' % err)
    c.expect_no_event('error', within=1.0, since=c.index_of('error', since=m) + 1)
    # Trying again is answered again.
    m = c.mark()
    c.send('/add nobody@example.com')
    c.wait_event('error', since=m, text=lambda t: 'nobody@example.com' in t)
