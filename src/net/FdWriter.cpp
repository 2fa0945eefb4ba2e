#include "net/FdWriter.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <cerrno>

namespace msntty::net {

FdWriter::FdWriter(Reactor& reactor, int fd, size_t max_queue, std::function<void()> on_error)
    : m_fd(fd), m_max_queue(max_queue), m_on_error(std::move(on_error)) {
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  m_watch = reactor.watch(fd, 0, [this](short) { writable(); });
  // Lines of this turn go out at its end; when the fd was full, writable() goes on instead.
  m_turn_end = reactor.on_turn_end([this] {
    if (queued() > 0 && !m_fd_full) write_some();
  });
}

FdWriter::~FdWriter() {
  if (!m_failed) write_queued();  // best effort: the reader may still get the last lines
}

bool FdWriter::write_line(std::string_view line) {
  if (m_failed) return false;
  if (queued() + line.size() + 1 > m_max_queue) {
    ++m_dropped;
    ++m_dropped_total;
    return false;
  }
  // A line queued after this turn's end hooks ran still goes out: POLLOUT wakes the next turn.
  if (queued() == 0) m_watch.set_events(POLLOUT);
  if (m_dropped) {
    m_queue += "{\"event\":\"lost\",\"count\":" + std::to_string(m_dropped) + "}\n";
    m_dropped = 0;
  }
  m_queue.append(line);
  m_queue += '\n';
  return true;
}

bool FdWriter::write_queued() {
  while (m_sent < m_queue.size()) {
    ssize_t n = ::write(m_fd, m_queue.data() + m_sent, m_queue.size() - m_sent);
    if (n > 0) {
      m_sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;  // EPIPE and friends: the reader is gone
  }
  return true;
}

void FdWriter::write_some() {
  if (!write_queued()) {
    m_failed = true;
    m_watch.reset();
    m_turn_end.reset();
    m_queue.clear();
    m_sent = 0;
    if (m_on_error) m_on_error();
    return;
  }
  if (m_sent == m_queue.size()) {
    m_queue.clear();
    m_sent = 0;
  } else if (m_sent > (1u << 20) && m_sent * 2 > m_queue.size()) {
    m_queue.erase(0, m_sent);  // compact rarely: keeps appends amortised O(1)
    m_sent = 0;
  }
  m_fd_full = m_sent < m_queue.size();
  m_watch.set_events(m_fd_full ? POLLOUT : 0);
}

void FdWriter::writable() {
  write_some();
}

void FdWriter::flush_blocking(int timeout_ms) {
  while (!m_failed && queued() > 0 && timeout_ms > 0) {
    pollfd p{m_fd, POLLOUT, 0};
    if (::poll(&p, 1, 50) < 0 && errno != EINTR) return;
    timeout_ms -= 50;
    write_some();
  }
}

}  // namespace msntty::net
