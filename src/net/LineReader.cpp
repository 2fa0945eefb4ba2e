#include "net/LineReader.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>

namespace msntty::net {

LineReader::LineReader(Reactor& reactor, int fd, Callbacks cb, size_t max_line)
    : m_cb(std::move(cb)), m_max_line(max_line) {
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  m_watch = reactor.watch(fd, POLLIN, [this](short) { readable(); });
}

void LineReader::stop() {
  m_watch.reset();
}

void LineReader::readable() {
  char chunk[16384];
  // Bounded work per turn: a chatty writer must not starve the network sockets.
  for (int round = 0; round < 4; ++round) {
    ssize_t n = ::read(m_watch.fd(), chunk, sizeof chunk);
    if (n > 0) {
      m_buf.append(chunk, static_cast<size_t>(n));
      split();
      if (!m_watch.registered()) return;  // a callback stopped us
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    m_watch.reset();
    if (!m_buf.empty() && !m_skipping && m_cb.on_line) m_cb.on_line(m_buf);
    m_buf.clear();
    if (m_cb.on_eof) m_cb.on_eof();
    return;
  }
}

void LineReader::split() {
  size_t start = 0;
  while (m_watch.registered()) {
    size_t nl = m_buf.find('\n', start);
    if (nl == std::string::npos) break;
    std::string_view line(m_buf.data() + start, nl - start);
    start = nl + 1;
    if (m_skipping) {
      size_t total = m_skipping + line.size();
      m_skipping = 0;
      if (m_cb.on_overlong) m_cb.on_overlong(total);
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > m_max_line) {
      if (m_cb.on_overlong) m_cb.on_overlong(line.size());
      continue;
    }
    if (m_cb.on_line) m_cb.on_line(line);
  }
  m_buf.erase(0, start);
  if (m_buf.size() > m_max_line) {
    m_skipping += m_buf.size();
    m_buf.clear();
  }
}

}  // namespace msntty::net
