#pragma once
// A fake net::Transport for app-layer tests: FakeNetwork::factory() is injected where the client
// would make TCP connections. Each connection asked for gets a FakeWire that records what the
// code under test connected to and sent, and lets the test play the server: accept, feed bytes,
// drop the connection, finish a close the client asked for.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/Transport.hpp"

namespace msntty::test {

class FakeWire {
 public:
  // What the client asked for.
  std::string host;
  uint16_t port = 0;
  net::TlsOptions tls;
  bool connect_called = false;
  bool close_requested = false;  // close_after_flush()
  bool closed = false;           // closed by either side; no callback runs after this
  size_t send_calls = 0;         // send() calls: what the client wrote in how many pieces

  // Everything sent so far (kept), and what was sent since the last call.
  const std::string& sent() const { return m_sent; }
  std::string take_sent();
  // The CRLF lines sent since the last take. A payload shows up as the lines it contains, and
  // as it has no CRLF at its end it runs into the next command: compare those with take_sent().
  std::vector<std::string> take_lines();
  bool attached() const { return m_attached; }  // the client still holds its transport

  // The server side. Each runs the client's callback at once, as the loop would.
  void accept();                                                         // on_connected
  void feed(std::string_view bytes);                                     // on_data
  void server_says(std::string_view line);                               // feed(line + "\r\n")
  void drop(const std::string& reason = "connection closed by server");  // on_closed
  void finish_close();  // after close_requested: on_closed("closed")

 private:
  friend class FakeTransport;
  net::Transport::Callbacks m_cb;
  std::string m_sent;
  size_t m_taken = 0;
  bool m_accepted = false;
  bool m_attached = true;
};

// Makes fake transports and keeps every wire (also after the client dropped its transport).
class FakeNetwork {
 public:
  net::TransportFactory factory();
  size_t count() const { return m_wires.size(); }
  FakeWire& wire(size_t i) { return *m_wires.at(i); }
  FakeWire& last() { return *m_wires.at(m_wires.size() - 1); }

 private:
  std::vector<std::shared_ptr<FakeWire>> m_wires;
};

}  // namespace msntty::test
