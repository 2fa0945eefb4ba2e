"""Connection plumbing shared by the NS, SB, dispatch and HTTPS listeners.

Every outgoing byte goes through Conn.send_* which enqueues it; a single writer
task drains the queue in order (so replies and notifications never interleave
inside a line).  With the `trickle` knob set, bytes are written one at a time.
"""
import asyncio
import re
import socket
import sys
import time

_CLOSE = object()


class Logger:
    """Line logger for --log FILE (and stderr for errors).  Redacts secrets."""

    def __init__(self, path=None):
        self.fh = open(path, 'a', encoding='utf-8', errors='replace') if path else None

    @staticmethod
    def redact(text):
        text = re.sub(r'^(USR \d+ (?:MD5|TWN) S ).*', r'\1<redacted>', text)
        text = re.sub(r'^(USR \d+ TWN S ).*', r'\1<redacted>', text)
        text = re.sub(r'^(USR \d+ SSO S )(?!MBI_KEY_OLD ).*', r'\1<redacted>', text)
        text = re.sub(r'(pwd=)[^,\s]*', r'\1<redacted>', text)
        text = re.sub(r"(from-PP=')[^']*", r'\1<redacted>', text)
        text = re.sub(r'(MSPAuth: ).*', r'\1<redacted>', text)
        text = re.sub(r'(MSPAuth=)[^;\s]*', r'\1<redacted>', text)
        text = re.sub(r'^(QRY \d+ \S+ \d+)\s.*', r'\1 <redacted>', text)
        # SOAP bodies (RST / address book): passwords, tickets, proof keys
        text = re.sub(r'(<(?:\w+:)?(?:Password|TicketToken|BinarySecret|BinarySecurityToken)\b[^>]*>)[^<]*',
                      r'\1<redacted>', text)
        # offline messages: the RSI PassportCookie children, Store's Ticket attributes
        text = re.sub(r'(<(?:\w+:)?[tp]>)[^<]*', r'\1<redacted>', text)
        text = re.sub(r'\b((?:passport|lockkey)=")[^"]*', r'\1<redacted>', text)
        return text

    def log(self, tag, direction, text):
        if not self.fh:
            return
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode('utf-8', 'backslashreplace')
        for part in text.split('\n'):
            part = part.rstrip('\r')
            line = '%.3f [%s] %s %s\n' % (time.time(), tag, direction, self.redact(part))
            self.fh.write(line)
        self.fh.flush()

    def error(self, tag, text):
        sys.stderr.write('[%s] %s\n' % (tag, text))
        sys.stderr.flush()
        self.log(tag, '!!', text)


class Conn:
    """A client connection with an ordered, optionally trickling writer.

    net_kind ('ns' or 'sb') is what the control commands `drop` and `mute` select on.
    """
    net_kind = None

    def __init__(self, server, reader, writer, tag):
        self.server = server
        self.reader = reader
        self.writer = writer
        self.tag = tag
        self.queue = asyncio.Queue()
        self.closed = False      # no more output accepted
        self.cleaned = False     # on_close() has run
        self.peer = writer.get_extra_info('peername') or ('127.0.0.1', 0)
        sock = writer.get_extra_info('socket')
        if sock is not None:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        self.wtask = asyncio.ensure_future(self._writer_loop())

    @property
    def log(self):
        return self.server.logger

    def send_line(self, *parts, payload=None):
        """Send `parts` joined by spaces (None dropped) + CRLF, then payload."""
        if self.closed:
            return
        text = ' '.join(str(p) for p in parts if p is not None)
        self.log.log(self.tag, 'S>', text)
        data = text.encode('utf-8') + b'\r\n'
        if payload is not None:
            if isinstance(payload, str):
                payload = payload.encode('utf-8')
            self.log.log(self.tag, 'S|', payload)
            data += payload
        self.queue.put_nowait(data)

    def send_payload_cmd(self, *parts, payload):
        """Payload command: appends the byte length as the last parameter."""
        if isinstance(payload, str):
            payload = payload.encode('utf-8')
        self.send_line(*parts, len(payload), payload=payload)

    def send_raw(self, data, note=None):
        if self.closed:
            return
        self.log.log(self.tag, 'S>', note if note else data)
        self.queue.put_nowait(bytes(data))

    def close(self):
        """Flush what is queued, then close.  Idempotent."""
        if self.cleaned:
            return
        self.cleaned = True
        if not self.closed:
            self.closed = True
            self.queue.put_nowait(_CLOSE)
        try:
            self.on_close()
        except Exception as ex:  # never let cleanup kill the server
            self.log.error(self.tag, 'cleanup error: %r' % (ex,))

    def on_close(self):
        pass

    def drop(self):
        """Close abruptly: discard queued output, no goodbye line, then clean up as on close."""
        self.closed = True
        self.wtask.cancel()
        try:
            self.writer.transport.abort()
        except Exception:
            pass
        self.close()

    async def _writer_loop(self):
        try:
            while True:
                item = await self.queue.get()
                await self.server.wait_unmuted(self.net_kind)
                if item is _CLOSE:
                    break
                if self.server.knob_int('trickle'):
                    for i in range(len(item)):
                        self.writer.write(item[i:i + 1])
                        await self.writer.drain()
                        await asyncio.sleep(0)
                else:
                    self.writer.write(item)
                    await self.writer.drain()
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        except Exception as ex:
            self.log.error(self.tag, 'writer error: %r' % (ex,))
        finally:
            self.closed = True
            try:
                self.writer.close()
            except Exception:
                pass

    async def read_line(self):
        """Read one LF-terminated line; returns str without CR/LF or None on EOF."""
        try:
            raw = await self.reader.readuntil(b'\n')
        except asyncio.IncompleteReadError as ex:
            if ex.partial:
                raw = ex.partial
            else:
                return None
        except asyncio.LimitOverrunError:
            self.log.error(self.tag, 'line too long; closing')
            return None
        except (ConnectionError, OSError):
            return None
        raw = raw.rstrip(b'\n').rstrip(b'\r')
        text = raw.decode('utf-8', 'replace')
        return text

    async def read_exact(self, n):
        try:
            return await self.reader.readexactly(n)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            return None

    async def finish(self):
        """Wait until the writer flushed everything (used at shutdown)."""
        try:
            await asyncio.wait_for(self.wtask, 2)
        except Exception:
            pass
