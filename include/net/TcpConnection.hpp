#pragma once
// A non-blocking TCP (optionally TLS) client connection on the Reactor: the real Transport.
//
// Every failure, and EOF, ends in exactly one on_closed(reason) call, always from inside the
// loop (never from inside connect()/send()). Callbacks may destroy the connection, or call
// connect() again, from inside any callback.

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/Reactor.hpp"
#include "net/Resolver.hpp"
#include "net/TlsOptions.hpp"
#include "net/TlsSession.hpp"
#include "net/Transport.hpp"
#include "net/UniqueFd.hpp"

namespace msntty::net {

class TcpConnection : public Transport {
 public:
  using Callbacks = Transport::Callbacks;
  // The tap sees bytes sent when queued and received before on_data (HttpClient sets one).
  using Direction = Transport::Direction;
  using Tap = Transport::Tap;
  using TapFactory = Transport::TapFactory;

  // Bytes read (and delivered) per readiness event, so one flooding peer cannot starve others.
  static constexpr size_t kReadBudget = 64 * 1024;

  TcpConnection(Reactor& reactor, Resolver& resolver, Callbacks cb);
  ~TcpConnection() override;  // closes silently (no callbacks)
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  // Resolves, tries each address in order; `timeout` covers resolve + connect + handshake.
  void connect(const std::string& host, uint16_t port, const TlsOptions& tls,
               std::chrono::milliseconds timeout) override;
  // Takes over an already connected socket (e.g. accepted by a Listener); plain TCP only.
  void attach(UniqueFd fd, const std::string& peer);
  void send(std::string_view bytes) override;  // data sent before connect goes out once connected
  void close() override;                       // immediate, no callback
  void close_after_flush() override;           // flush, close, then on_closed("closed")
  bool is_connected() const override { return m_state == State::Connected; }
  size_t queued_bytes() const { return m_out.size() - m_out_off; }
  std::string peer() const;  // "host:port"
  void set_tap(Tap tap) { m_tap = std::move(tap); }

 private:
  enum class State { Idle, Resolving, Connecting, Handshaking, Connected, Closed };

  void on_resolved(std::vector<sockaddr_storage> addrs, const std::string& error);
  void try_next_address();
  void on_event(short revents);
  void on_connect_result();
  void tcp_established();
  void drive_handshake();
  void established();
  void on_io(short revents);
  bool read_some();
  bool flush();
  void finish_close();
  void read_soon();
  void update_events();
  void fail(std::string reason);  // by value: it may refer to state teardown() frees
  void fail_later(const std::string& reason);
  void teardown();

  Reactor& m_reactor;
  Resolver& m_resolver;
  Tap m_tap;
  std::shared_ptr<Callbacks> m_cb;  // shared: a callback destroying us must not destroy itself
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
  State m_state = State::Idle;
  uint64_t m_generation = 0;  // bumped on teardown, so stale deferred work is dropped

  std::string m_host;
  uint16_t m_port = 0;
  TlsOptions m_tls;
  std::shared_ptr<TlsContext> m_tls_ctx;
  std::vector<sockaddr_storage> m_addrs;
  size_t m_next_addr = 0;
  std::string m_last_error;

  Resolver::Request m_resolve;
  Reactor::Timer m_timeout;
  UniqueFd m_fd;
  Reactor::Watch m_watch;
  std::unique_ptr<TlsSession> m_session;

  std::string m_out;
  size_t m_out_off = 0;
  bool m_closing = false;           // close_after_flush() requested
  bool m_half_closed = false;       // plain socket: FIN sent, waiting for the peer's
  bool m_read_wants_write = false;  // TLS: SSL_read needs the socket writable
  bool m_write_wants_read = false;  // TLS: SSL_write needs the socket readable
  bool m_read_scheduled = false;
};

// Makes TcpConnections on this loop: what the app layer is given in place of a Reactor and a
// Resolver. Both must outlive every transport it makes.
TransportFactory tcp_transports(Reactor& reactor, Resolver& resolver);

}  // namespace msntty::net
