#pragma once
// The notification-server connection: owns the socket, drives the sans-I/O NsSession, follows
// redirects, runs the Passport or SSO HTTPS exchange, keeps the connection alive with PNG and
// notices when it dies. Everything the session reports is passed on to the app.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/AddressBook.hpp"
#include "app/ExitCode.hpp"
#include "app/Settings.hpp"
#include "net/HttpClient.hpp"
#include "net/Reactor.hpp"
#include "net/Transport.hpp"
#include "proto/NsSession.hpp"
#include "proto/PassportLogin.hpp"
#include "proto/SsoLogin.hpp"
#include "proto/WebTickets.hpp"

namespace msntty {

class NsLink {
 public:
  // Why a connection ended, for the user (reason and text, as in the `disconnected` and
  // `signed_out` events), for the exit status when the client gives up (exit_code), and for
  // NsConnection: whether signing in again can help (not after a wrong password or OUT OTH), how
  // soon the server allows it, and where to, when the server moved the session (XFR NS).
  struct Loss {
    std::string reason;  // quit, connection_lost, timeout, auth_failed, other_login, ...
    std::string text;
    int exit_code = kExitConnectionLost;
    bool final = false;
    int retry_after_seconds = 0;
    // Likely the configuration's fault (the Passport exchange failed: a certificate refused, a
    // CA file unreadable, a wrong nexus): before the first sign-in it ends the run, as before.
    bool setup = false;
    std::string move_to_host;  // non-empty: sign in again there, at once
    uint16_t move_to_port = 0;
  };
  struct Callbacks {
    std::function<void(const std::string& host, uint16_t port)> on_connecting;
    std::function<void(ns::Event& e)> on_event;
    // The connection is gone: see Loss. Called once; the NsLink may be destroyed inside it.
    std::function<void(const Loss& loss)> on_closed;
  };
  // Connections come from `transports` (TCP in the client, a fake in tests).
  NsLink(net::Reactor& reactor, net::TransportFactory transports, net::HttpClient& http,
         const Settings& settings, NsConfig config, Callbacks cb);

  // To host:port, or with an empty host to the configured server (the `server` setting).
  void connect(const std::string& host = "", uint16_t port = 0);
  // Calls on the session need no follow-up: what it queues is written at the end of the turn.
  NsSession& session() { return m_session; }
  void sign_out();  // OUT, then close once it is written
  bool connected() const;
  bool signed_in() const { return m_session.signed_in() && !m_done; }
  // MSNP13+ and signed in: the address book and sharing services of this session; else null.
  AddressBook* address_book() { return signed_in() ? m_book.get() : nullptr; }
  // The web services' tickets of this sign-in (the address book needs `contacts`); empty until
  // the Passport or SSO exchange gave them. Credentials: never log them.
  const WebTickets& tickets() const { return m_tickets; }
  // The link may be dead without the kernel knowing (the process was stopped, the machine
  // slept): send PNG now, and count no answer within ping_timeout as a lost connection.
  void probe();

 private:
  void connect_to(const std::string& host, uint16_t port);
  void drain_output();
  void on_data(std::string_view bytes);
  void on_socket_closed(const std::string& reason);
  void dispatch_events();
  void handle_passport(const PassportStep& step);
  void fetch_address_book();
  void start_sso(const std::string& policy);
  void handle_sso(const SsoStep& step);
  void login_failed(const std::string& error, bool auth_failed);
  void schedule_ping(int seconds);
  void close(Loss loss);
  void watch_pong();
  net::TlsOptions https_tls() const;

  net::Reactor& m_reactor;
  net::TransportFactory m_transports;
  net::HttpClient& m_http;
  const Settings& m_settings;
  NsSession m_session;
  Callbacks m_cb;
  std::unique_ptr<net::Transport> m_conn;
  std::optional<PassportLogin> m_passport;
  WebTickets m_tickets;                 // what the login gave, per web service
  std::unique_ptr<AddressBook> m_book;  // MSNP13+
  std::optional<SsoLogin> m_sso;
  net::HttpClient::Request m_http_request;
  net::Reactor::Timer m_ping_timer, m_pong_timer, m_login_timer, m_settle_timer;
  net::Reactor::Hook m_drain;
  std::string m_host;
  uint16_t m_port = 0;
  int m_redirects = 0;
  int m_server_ping_seconds = 0;
  bool m_closing = false;
  bool m_close_after_output = false;  // sign_out(): close once OUT is handed to the socket
  bool m_redirecting = false;
  bool m_done = false;
  bool m_was_signed_in = false;
};

}  // namespace msntty
