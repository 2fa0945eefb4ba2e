#pragma once
// A byte stream to a server, as the layers above net/ see it: connect to host:port (optionally
// with TLS), send bytes, close, and hear about connected/data/closed through callbacks. The real
// one is TcpConnection; tests use a fake that records what was sent and plays the server.
//
// Code that opens connections takes a TransportFactory instead of a Reactor and Resolver, so a
// test can inject the fake, and a tap (such as a wire log) can wrap the factory: every byte out
// passes through send() and every byte in through Callbacks::on_data.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "net/TlsOptions.hpp"

namespace msntty::net {

class Transport {
 public:
  // Every failure, and EOF, ends in exactly one on_closed(reason) call, always from inside the
  // loop (never from inside connect() or send()). Callbacks may destroy the transport.
  struct Callbacks {
    std::function<void()> on_connected;  // after TCP, and the TLS handshake if enabled
    std::function<void(std::string_view)> on_data;
    std::function<void(const std::string& reason)> on_closed;
  };

  // Sees every byte sent and received (before on_data), in clear: inside TLS. For the debug
  // log; it must not touch the transport.
  enum class Direction { In, Out };
  using Tap = std::function<void(Direction, std::string_view bytes)>;
  // Makes the tap of a new connection, named e.g. "ns 127.0.0.1:1863"; may return none.
  using TapFactory = std::function<Tap(const std::string& label)>;

  virtual ~Transport() = default;  // closes silently (no callbacks)

  // `timeout` covers resolving, connecting and the TLS handshake.
  virtual void connect(const std::string& host, uint16_t port, const TlsOptions& tls,
                       std::chrono::milliseconds timeout) = 0;
  virtual void send(std::string_view bytes) = 0;  // bytes sent before on_connected wait for it
  virtual void close() = 0;                       // immediate, no callback
  virtual void close_after_flush() = 0;  // write what is queued, close, on_closed("closed")
  virtual bool is_connected() const = 0;
};

using TransportFactory = std::function<std::unique_ptr<Transport>(Transport::Callbacks)>;

}  // namespace msntty::net
