#pragma once
// A non-blocking listening TCP socket on the Reactor (direct connections, loopback tests).

#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "net/Reactor.hpp"
#include "net/UniqueFd.hpp"

namespace msntty::net {

class Listener {
 public:
  // Each accepted socket is handed over non-blocking and close-on-exec.
  using AcceptFn = std::function<void(UniqueFd fd, const sockaddr_storage& from)>;

  Listener(Reactor& reactor, AcceptFn on_accept);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Numeric address only ("127.0.0.1", "::1"); port 0 picks a free port. False + error on failure.
  bool listen(const std::string& address, uint16_t port, std::string& error, int backlog = 64);
  void close();
  uint16_t port() const { return m_port; }

 private:
  void accept_all();

  Reactor& m_reactor;
  AcceptFn m_on_accept;
  UniqueFd m_fd;
  Reactor::Watch m_watch;
  uint16_t m_port = 0;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace msntty::net
