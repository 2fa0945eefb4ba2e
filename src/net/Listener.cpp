#include "net/Listener.hpp"

#include <netinet/in.h>
#include <poll.h>

#include <cerrno>

#include "net/SockAddr.hpp"

namespace msntty::net {

Listener::Listener(Reactor& reactor, AcceptFn on_accept)
    : m_reactor(reactor), m_on_accept(std::move(on_accept)) {}

Listener::~Listener() {
  *m_alive = false;
}

bool Listener::listen(const std::string& address, uint16_t port, std::string& error, int backlog) {
  close();
  auto addr = parse_numeric_address(address, port);
  if (!addr) {
    error = "not a numeric address: " + address;
    return false;
  }
  UniqueFd fd(::socket(addr->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  int one = 1;
  if (!fd || ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&*addr), sockaddr_length(*addr)) != 0 ||
      ::listen(fd.get(), backlog) != 0) {
    error = errno_text(errno);
    return false;
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &len);
  m_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                             : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  m_fd = std::move(fd);
  m_watch = m_reactor.watch(m_fd.get(), POLLIN, [this](short) { accept_all(); });
  return true;
}

void Listener::close() {
  m_watch.reset();
  m_fd.reset();
  m_port = 0;
}

void Listener::accept_all() {
  for (;;) {
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    int fd = ::accept4(m_fd.get(), reinterpret_cast<sockaddr*>(&from), &len,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
      return;  // EAGAIN, or a transient error (ECONNABORTED, EMFILE): retried on the next event
    auto on_accept = m_on_accept;  // copies: the callback may destroy or close the Listener
    auto alive = m_alive;
    on_accept(UniqueFd(fd), from);
    if (!*alive || !m_fd) return;
  }
}

}  // namespace msntty::net
