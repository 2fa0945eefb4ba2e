#include "net/TcpConnection.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "net/SockAddr.hpp"
#include "util/HostPort.hpp"

namespace msntty::net {

namespace {

constexpr size_t kChunk = 16 * 1024;

void set_nodelay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // best effort (not TCP: harmless)
}

}  // namespace

TcpConnection::TcpConnection(Reactor& reactor, Resolver& resolver, Callbacks cb)
    : m_reactor(reactor), m_resolver(resolver), m_cb(std::make_shared<Callbacks>(std::move(cb))) {}

TcpConnection::~TcpConnection() {
  *m_alive = false;
  if (m_session && m_state == State::Connected) m_session->shutdown();
}

std::string TcpConnection::peer() const {
  return format_host_port(m_host, m_port);
}

void TcpConnection::connect(const std::string& host, uint16_t port, const TlsOptions& tls,
                            std::chrono::milliseconds timeout) {
  teardown();
  m_state = State::Resolving;
  m_host = host;
  m_port = port;
  m_tls = tls;
  m_closing = false;
  m_last_error.clear();
  m_tls_ctx.reset();
  if (tls.enabled) {
    std::string error;
    m_tls_ctx = TlsContext::shared(tls.ca_file, tls.verify, error);
    if (!m_tls_ctx) return fail_later(error);
  }
  m_timeout = m_reactor.after(timeout, [this] { fail("timed out connecting to " + peer()); });
  m_resolve = m_resolver.resolve(host, port,
                                 [this](std::vector<sockaddr_storage> addrs, std::string error) {
                                   on_resolved(std::move(addrs), error);
                                 });
}

void TcpConnection::attach(UniqueFd fd, const std::string& peer_name) {
  teardown();
  auto peer = parse_host_port(peer_name, 0);
  m_host = peer ? peer->host : peer_name;
  m_port = peer ? peer->port : 0;
  int flags = ::fcntl(fd.get(), F_GETFL);
  ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK);
  set_nodelay(fd.get());
  m_fd = std::move(fd);
  m_watch = m_reactor.watch(m_fd.get(), POLLIN, [this](short revents) { on_event(revents); });
  m_state = State::Connected;
  update_events();
}

void TcpConnection::send(std::string_view bytes) {
  if (m_state == State::Closed || bytes.empty()) return;
  if (m_tap) m_tap(Direction::Out, bytes);
  bool was_empty = queued_bytes() == 0;
  if (was_empty) {
    m_out.clear();
    m_out_off = 0;
  }
  m_out.append(bytes);
  // Nothing queued (the usual case): write at once instead of waiting a poll() round for
  // POLLOUT. Errors are left to the POLLOUT path, so on_closed never runs from inside send().
  if (was_empty && m_state == State::Connected && !m_session && !m_closing) {
    ssize_t n = ::send(m_fd.get(), m_out.data(), m_out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) m_out_off = static_cast<size_t>(n);
    if (m_out_off == m_out.size()) {
      m_out.clear();
      m_out_off = 0;
    }
  }
  update_events();
}

void TcpConnection::close() {
  teardown();
  m_state = State::Closed;
  m_out.clear();
  m_out_off = 0;
}

void TcpConnection::close_after_flush() {
  if (m_state == State::Idle || m_state == State::Closed) return;
  m_closing = true;
  update_events();  // POLLOUT even with an empty queue: the writable event finishes the close
}

// ---- connecting ----

void TcpConnection::on_resolved(std::vector<sockaddr_storage> addrs, const std::string& error) {
  if (!error.empty()) return fail("cannot resolve " + m_host + ": " + error);
  m_addrs = std::move(addrs);
  m_next_addr = 0;
  try_next_address();
}

void TcpConnection::try_next_address() {
  while (m_next_addr < m_addrs.size()) {
    const auto& addr = m_addrs[m_next_addr++];
    UniqueFd fd(::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
      m_last_error = errno_text(errno);
      continue;
    }
    set_nodelay(fd.get());
    int rc = ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sockaddr_length(addr));
    if (rc != 0 && errno != EINPROGRESS) {
      m_last_error = errno_text(errno);
      continue;
    }
    m_fd = std::move(fd);
    m_state = State::Connecting;
    m_watch = m_reactor.watch(m_fd.get(), POLLOUT, [this](short revents) { on_event(revents); });
    if (rc == 0) tcp_established();
    return;
  }
  fail(m_last_error.empty() ? "no usable address for " + peer() : m_last_error);
}

void TcpConnection::on_event(short revents) {
  switch (m_state) {
    case State::Connecting: return on_connect_result();
    case State::Handshaking: return drive_handshake();
    case State::Connected: return on_io(revents);
    default: return;
  }
}

void TcpConnection::on_connect_result() {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(m_fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err == 0) return tcp_established();
  m_last_error = errno_text(err);
  m_watch.reset();
  m_fd.reset();
  try_next_address();
}

void TcpConnection::tcp_established() {
  if (!m_tls_ctx) return established();
  std::string error;
  const std::string& name = m_tls.server_name.empty() ? m_host : m_tls.server_name;
  m_session = std::make_unique<TlsSession>(m_tls_ctx, m_fd.get(), name, error);
  if (!error.empty()) return fail(error);
  m_state = State::Handshaking;
  drive_handshake();
}

void TcpConnection::drive_handshake() {
  switch (m_session->handshake()) {
    case TlsSession::Io::Ok: return established();
    case TlsSession::Io::WantRead: return m_watch.set_events(POLLIN);
    case TlsSession::Io::WantWrite: return m_watch.set_events(POLLOUT);
    case TlsSession::Io::Closed: return fail("TLS: connection closed during handshake");
    case TlsSession::Io::Error: return fail(m_session->error());
  }
}

void TcpConnection::established() {
  m_state = State::Connected;
  m_timeout.cancel();
  m_addrs.clear();
  update_events();
  // The handshake may have pulled application data into OpenSSL that poll() cannot see.
  if (m_session) read_soon();
  auto cb = m_cb;
  if (cb->on_connected) cb->on_connected();
}

// ---- connected I/O ----

void TcpConnection::on_io(short revents) {
  auto alive = m_alive;
  uint64_t generation = m_generation;
  bool readable = revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL);
  if ((readable || m_read_wants_write) && !read_some()) return;
  if (!*alive || m_generation != generation) return;
  if ((revents & POLLOUT) || (m_write_wants_read && readable)) {
    if (!flush()) return;
  }
  update_events();
}

// Reads until the socket is drained or the budget is spent, delivering each chunk.
// Returns false when the connection is gone (closed, failed or destroyed by a callback).
bool TcpConnection::read_some() {
  auto alive = m_alive;
  auto cb = m_cb;
  uint64_t generation = m_generation;
  char buf[kChunk];
  size_t budget = kReadBudget;
  m_read_wants_write = false;
  while (budget > 0) {
    TlsSession::Result r{TlsSession::Io::Ok, 0};
    if (m_session) {
      r = m_session->read(buf, std::min(budget, sizeof buf));
    } else {
      ssize_t n = ::read(m_fd.get(), buf, std::min(budget, sizeof buf));
      if (n > 0)
        r = {TlsSession::Io::Ok, static_cast<size_t>(n)};
      else if (n == 0)
        r.status = TlsSession::Io::Closed;
      else if (errno == EINTR)
        continue;
      else
        r.status = (errno == EAGAIN || errno == EWOULDBLOCK) ? TlsSession::Io::WantRead
                                                             : TlsSession::Io::Error;
      if (n < 0 && r.status == TlsSession::Io::Error) m_last_error = errno_text(errno);
    }
    if (m_half_closed && r.status != TlsSession::Io::WantRead) {
      if (r.status != TlsSession::Io::Ok) return finish_close(), false;
      budget -= r.bytes;  // after close_after_flush(): nobody wants it
      continue;
    }
    switch (r.status) {
      case TlsSession::Io::Ok:
        budget -= r.bytes;
        if (m_tap) m_tap(Direction::In, std::string_view(buf, r.bytes));
        if (cb->on_data) cb->on_data(std::string_view(buf, r.bytes));
        if (!*alive || m_generation != generation) return false;
        continue;
      case TlsSession::Io::WantRead: return true;
      case TlsSession::Io::WantWrite: m_read_wants_write = true; return true;
      case TlsSession::Io::Closed: fail("connection closed by server"); return false;
      case TlsSession::Io::Error: fail(m_session ? m_session->error() : m_last_error); return false;
    }
  }
  // Plain sockets stay readable for poll(); bytes already decrypted by OpenSSL do not.
  if (m_session && m_session->has_pending()) read_soon();
  return true;
}

void TcpConnection::read_soon() {
  if (m_read_scheduled) return;
  m_read_scheduled = true;
  m_reactor.defer([this, alive = m_alive, generation = m_generation] {
    if (!*alive || m_generation != generation) return;
    m_read_scheduled = false;
    if (m_state == State::Connected && read_some()) update_events();
  });
}

// Writes as much of the queue as the socket takes. Returns false when the connection is gone.
bool TcpConnection::flush() {
  m_write_wants_read = false;
  while (m_out_off < m_out.size()) {
    size_t len = m_out.size() - m_out_off;
    const char* data = m_out.data() + m_out_off;
    if (m_session) {
      // Capped so a retried SSL_write never sees a shorter length than the first attempt.
      auto r = m_session->write(data, std::min(len, kChunk));
      if (r.status == TlsSession::Io::Ok)
        m_out_off += r.bytes;
      else if (r.status == TlsSession::Io::WantWrite)
        break;
      else if (r.status == TlsSession::Io::WantRead) {
        m_write_wants_read = true;
        break;
      } else {
        fail(r.status == TlsSession::Io::Closed ? "connection closed by server"
                                                : m_session->error());
        return false;
      }
      continue;
    }
    ssize_t n = ::send(m_fd.get(), data, len, MSG_NOSIGNAL);
    if (n > 0)
      m_out_off += static_cast<size_t>(n);
    else if (n < 0 && errno == EINTR)
      continue;
    else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      break;
    else {
      fail(errno_text(n < 0 ? errno : EPIPE));
      return false;
    }
  }
  if (m_out_off == m_out.size()) {
    m_out.clear();
    m_out_off = 0;
  } else if (m_out_off >= kReadBudget && m_out_off * 2 >= m_out.size()) {
    m_out.erase(0, m_out_off);  // compact now and then, not after every write
    m_out_off = 0;
  }
  if (m_closing && m_out.empty()) {
    if (m_session) {
      m_session->shutdown();
      finish_close();
      return false;
    }
    // Closing a socket with unread bytes in its receive queue sends RST, and a peer that gets
    // RST may throw away what it has not read yet: the OUT just written. So: FIN first, then
    // read (and drop) until the peer closes too, for a second at most.
    if (!m_half_closed) {
      m_half_closed = true;
      ::shutdown(m_fd.get(), SHUT_WR);
      m_timeout = m_reactor.after(std::chrono::seconds(1), [this] { finish_close(); });
    }
  }
  return true;
}

void TcpConnection::finish_close() {
  teardown();
  m_state = State::Closed;
  auto cb = m_cb;
  if (cb->on_closed) cb->on_closed("closed");
}

void TcpConnection::update_events() {
  if (m_state != State::Connected) return;
  bool want_out = (queued_bytes() > 0 || (m_closing && !m_half_closed)) && !m_write_wants_read;
  m_watch.set_events(static_cast<short>(POLLIN | ((want_out || m_read_wants_write) ? POLLOUT : 0)));
}

// ---- teardown ----

void TcpConnection::fail(std::string reason) {
  teardown();
  m_state = State::Closed;
  m_out.clear();
  m_out_off = 0;
  auto cb = m_cb;
  if (cb->on_closed) cb->on_closed(reason);
}

void TcpConnection::fail_later(const std::string& reason) {
  m_reactor.defer([this, reason, alive = m_alive, generation = m_generation] {
    if (*alive && m_generation == generation) fail(reason);
  });
}

void TcpConnection::teardown() {
  ++m_generation;
  m_resolve.cancel();
  m_timeout.cancel();
  m_watch.reset();
  m_session.reset();
  m_fd.reset();
  m_addrs.clear();
  m_read_wants_write = m_write_wants_read = m_read_scheduled = m_half_closed = false;
  m_state = State::Idle;
}

TransportFactory tcp_transports(Reactor& reactor, Resolver& resolver) {
  return [&reactor, &resolver](Transport::Callbacks cb) -> std::unique_ptr<Transport> {
    return std::make_unique<TcpConnection>(reactor, resolver, std::move(cb));
  };
}

}  // namespace msntty::net
