#include "helpers/FakeTransport.hpp"

#include <stdexcept>

namespace msntty::test {

// The client's end of a FakeWire.
class FakeTransport : public net::Transport {
 public:
  FakeTransport(std::shared_ptr<FakeWire> wire, Callbacks cb) : m_wire(std::move(wire)) {
    m_wire->m_cb = std::move(cb);
  }
  ~FakeTransport() override {
    m_wire->m_attached = false;
    m_wire->closed = true;
  }

  void connect(const std::string& host, uint16_t port, const net::TlsOptions& tls,
               std::chrono::milliseconds) override {
    m_wire->host = host;
    m_wire->port = port;
    m_wire->tls = tls;
    m_wire->connect_called = true;
  }
  // Like TcpConnection: bytes sent before the connection is up wait for it, none after a close.
  void send(std::string_view bytes) override {
    if (m_wire->closed) return;
    m_wire->m_sent.append(bytes);
    ++m_wire->send_calls;
  }
  void close() override { m_wire->closed = true; }
  void close_after_flush() override {
    if (!m_wire->closed) m_wire->close_requested = true;
  }
  bool is_connected() const override { return m_wire->m_accepted && !m_wire->closed; }

 private:
  std::shared_ptr<FakeWire> m_wire;
};

std::string FakeWire::take_sent() {
  std::string out = m_sent.substr(m_taken);
  m_taken = m_sent.size();
  return out;
}

std::vector<std::string> FakeWire::take_lines() {
  std::string text = take_sent();
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2)
    lines.push_back(text.substr(start, end - start));
  if (start < text.size()) lines.push_back(text.substr(start));  // an unterminated tail
  return lines;
}

void FakeWire::accept() {
  if (closed || !m_attached) throw std::logic_error("FakeWire::accept on a closed wire");
  m_accepted = true;
  auto cb = m_cb.on_connected;  // a copy: the callback may destroy the transport
  if (cb) cb();
}

void FakeWire::feed(std::string_view bytes) {
  if (closed || !m_accepted)
    throw std::logic_error("FakeWire::feed on a wire that is not connected");
  auto cb = m_cb.on_data;
  if (cb) cb(bytes);
}

void FakeWire::server_says(std::string_view line) {
  feed(std::string(line) + "\r\n");
}

void FakeWire::drop(const std::string& reason) {
  if (closed) return;
  closed = true;
  auto cb = m_cb.on_closed;
  if (cb) cb(reason);
}

void FakeWire::finish_close() {
  if (!close_requested) throw std::logic_error("FakeWire::finish_close without close_after_flush");
  drop("closed");
}

net::TransportFactory FakeNetwork::factory() {
  return [this](net::Transport::Callbacks cb) -> std::unique_ptr<net::Transport> {
    m_wires.push_back(std::make_shared<FakeWire>());
    return std::make_unique<FakeTransport>(m_wires.back(), std::move(cb));
  };
}

}  // namespace msntty::test
