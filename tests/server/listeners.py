"""The listening sockets, which the control port can close and reopen on the same ports.

`refuse` closes the NS (and dispatch) listeners so connects are refused by the kernel, or, in
`rst` mode, keeps them open and resets every new connection at once (so each attempt can be
counted).  `restart` also closes the SB and HTTPS listeners.  A reopened listener binds the
port it had before; in-memory state (accounts, puppets, counters) is untouched.
"""
import asyncio
import errno
import socket
import struct

LINE_LIMIT = 1 << 16
REFUSABLE = ('ns', 'dispatch')
RESTARTABLE = ('ns', 'sb', 'https', 'dispatch')
BIND_WAIT = 10.0          # seconds a fixed port in use is tried again


class Listeners:
    def __init__(self, server, host):
        self.server = server
        self.host = host
        self.specs = {}          # name -> (client_connected_cb, ssl context)
        self.open = {}           # name -> asyncio.Server
        self.rst = set()         # names whose new connections are reset (refuse ... rst)
        self.reopen_task = None

    async def listen(self, name, callback, port, ssl_ctx=None):
        self.specs[name] = (callback, ssl_ctx)
        await self._bind(name, port)

    async def _bind(self, name, port):
        callback, ssl_ctx = self.specs[name]

        async def accept(reader, writer):
            if name in self.rst:
                self.server.stats.bump('%s_reset' % name)
                reset(writer)
                return
            await callback(reader, writer)
        srv = await self._start(accept, port, ssl_ctx)
        self.open[name] = srv
        self.server.ports[name] = srv.sockets[0].getsockname()[1]

    async def _start(self, accept, port, ssl_ctx):
        # A fixed port (one a killed server had) can be held for a while by an outgoing
        # connection of a parallel test that the kernel gave it as its local port; it comes
        # back when that connection ends, so a fixed port is tried again for up to BIND_WAIT.
        deadline = asyncio.get_running_loop().time() + BIND_WAIT
        while True:
            try:
                return await asyncio.start_server(accept, self.host, port, ssl=ssl_ctx,
                                                  limit=LINE_LIMIT)
            except OSError as e:
                if port == 0 or e.errno != errno.EADDRINUSE or \
                        asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.2)

    def close(self, names):
        """Close the listening sockets now (existing connections stay)."""
        closed = []
        for name in names:
            srv = self.open.pop(name, None)
            if srv is not None:
                srv.close()
                closed.append(name)
        return closed

    def refuse(self, seconds, names, rst=False):
        """Refuse connects on `names` for `seconds`; returns the names affected."""
        names = [n for n in names if n in self.specs]
        if rst:
            self.rst.update(names)
        else:
            self.close(names)
        self._schedule_reopen(seconds)
        return names

    def _schedule_reopen(self, seconds):
        if self.reopen_task is not None:
            self.reopen_task.cancel()
        self.reopen_task = asyncio.ensure_future(self._reopen_later(seconds))

    async def _reopen_later(self, seconds):
        await asyncio.sleep(seconds)
        self.rst.clear()
        for name in self.specs:
            if name not in self.open:
                await self._bind(name, self.server.ports[name])
        self.server.logger.log('MAIN', '..', 'listening again %r' % (self.server.ports,))

    def close_all(self):
        if self.reopen_task is not None:
            self.reopen_task.cancel()
        self.close(list(self.open))


def reset(writer):
    """Close a freshly accepted connection with a TCP reset (SO_LINGER 0)."""
    sock = writer.get_extra_info('socket')
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        except OSError:
            pass
    writer.transport.abort()
