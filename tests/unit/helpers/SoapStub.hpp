#pragma once
// A plain HTTP server on loopback for tests of SOAP clients: it reads each request (one per
// connection, as net::HttpClient sends them), records it, and answers with the next queued reply
// or, while `hold` is set, keeps it unanswered until release(). A reply with status 0 closes the
// connection without an answer.
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "net/Listener.hpp"
#include "net/Reactor.hpp"
#include "net/UniqueFd.hpp"

namespace msntty::test {

class SoapStub {
 public:
  struct Asked {
    std::string path, action, body;
  };
  explicit SoapStub(net::Reactor& reactor);
  ~SoapStub();

  uint16_t port() const { return m_listener.port(); }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port()); }
  void answer(int status, std::string body) { m_replies.emplace_back(status, std::move(body)); }
  size_t replies_left() const { return m_replies.size(); }
  const std::vector<Asked>& asked() const { return m_asked; }
  size_t waiting() const { return m_held.size(); }  // read, unanswered
  bool hold = false;
  std::function<void(const Asked&)> on_request;  // called as each request is read
  void release();                                // answers what is held, in order

 private:
  struct Conn {
    net::UniqueFd fd;
    net::Reactor::Watch watch;
    std::string request;
  };
  void readable(Conn& c);
  void reply(Conn& c);

  net::Reactor& m_reactor;
  std::deque<std::pair<int, std::string>> m_replies;
  std::vector<Asked> m_asked;
  std::vector<std::unique_ptr<Conn>> m_conns;
  std::vector<Conn*> m_held;
  net::Listener m_listener;
};

}  // namespace msntty::test
