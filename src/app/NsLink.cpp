#include "app/NsLink.hpp"

#include <openssl/rand.h>

#include <chrono>
#include <utility>

#include "app/ServiceUrls.hpp"
#include "util/HostPort.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

constexpr int kMaxRedirects = 5;
constexpr uint16_t kDefaultPort = 1863;
using std::chrono::milliseconds;
using std::chrono::seconds;

bool is_auth_error(int code) {
  return code == 911 || code == 917 || code == 923 || code == 924 || code == 928;
}

// A fatal error from the server. A refused password or an account the server will not sign in
// does not get better by trying again, and neither does a server that speaks none of our
// protocol versions; a busy or failing server (500, 600, 910 ...) may.
NsLink::Loss error_loss(const ns::Error& err) {
  std::string text = err.code ? std::to_string(err.code) + ": " + err.text : err.text;
  if (is_auth_error(err.code)) return {"auth_failed", text, kExitAuth, true};
  bool no_version = err.request && err.request->op == Op::Version;
  return {"error", text, kExitError, no_version};
}

}  // namespace

NsLink::NsLink(net::Reactor& reactor, net::TransportFactory transports, net::HttpClient& http,
               const Settings& settings, NsConfig config, Callbacks cb)
    : m_reactor(reactor),
      m_transports(std::move(transports)),
      m_http(http),
      m_settings(settings),
      m_session(std::move(config)),
      m_cb(std::move(cb)),
      m_drain(reactor.on_turn_end([this] { drain_output(); })) {}

bool NsLink::connected() const {
  return m_conn && m_conn->is_connected();
}

void NsLink::connect(const std::string& host, uint16_t port) {
  if (host.empty()) {
    auto server = parse_host_port(trim(m_settings.get("server")), kDefaultPort);
    if (!server) {
      close({"error", "invalid server address \"" + m_settings.get("server") + "\"", kExitUsage,
             true});
      return;
    }
    m_host = std::move(server->host);
    m_port = server->port;
  } else {
    m_host = host;
    m_port = port;
  }
  int login_seconds = m_settings.get_int("login_timeout");
  m_login_timer = m_reactor.after(seconds(login_seconds), [this, login_seconds] {
    if (!m_session.signed_in())
      close({"timeout",
             "sign-in did not complete within " + std::to_string(login_seconds) + " seconds"});
  });
  connect_to(m_host, m_port);
}

void NsLink::connect_to(const std::string& host, uint16_t port) {
  m_redirecting = false;
  if (m_cb.on_connecting) m_cb.on_connecting(host, port);
  net::Transport::Callbacks cbs;
  cbs.on_connected = [this] { m_session.start(); };
  cbs.on_data = [this](std::string_view bytes) { on_data(bytes); };
  cbs.on_closed = [this](const std::string& reason) { on_socket_closed(reason); };
  m_conn = m_transports(std::move(cbs));
  m_conn->connect(host, port, net::TlsOptions{},
                  milliseconds(1000LL * m_settings.get_int("connect_timeout")));
}

// The one place the session's bytes reach the socket, once at the end of every loop turn: no
// caller has to remember it, and all a turn queued (answers to what came in, commands, PNG)
// leaves in one write before the next poll().
void NsLink::drain_output() {
  if (!m_conn) return;
  std::string out = m_session.take_output();
  if (!out.empty()) m_conn->send(out);
  if (std::exchange(m_close_after_output, false)) m_conn->close_after_flush();
}

void NsLink::on_data(std::string_view bytes) {
  m_session.receive(bytes);
  dispatch_events();
}

void NsLink::dispatch_events() {
  std::optional<Loss> fatal;
  for (auto& e : m_session.take_events()) {
    if (m_done) return;
    if (auto* r = std::get_if<ns::Redirect>(&e)) {
      if (++m_redirects > kMaxRedirects) {
        close({"error", "the server redirected too many times"});
        return;
      }
      std::string host = r->host.empty() ? m_host : r->host;
      uint16_t port = r->host.empty() ? m_port : r->port;
      if (m_was_signed_in) {
        // Moved after sign-in (a soft reset): a new session there, not this one restarted.
        Loss moved{"server_moved",
                   "the server moved the session to " + host + ":" + std::to_string(port)};
        moved.move_to_host = host;
        moved.move_to_port = port;
        close(std::move(moved));
        return;
      }
      m_redirecting = true;  // the old connection may now close without that being a loss
      m_reactor.defer([this, host, port] { connect_to(host, port); });
      if (m_cb.on_event) m_cb.on_event(e);
      continue;
    }
    if (auto* p = std::get_if<ns::PassportNeeded>(&e)) {
      const NsConfig& cfg = m_session.config();
      m_passport.emplace(service_url(m_settings, WebService::Nexus), cfg.account, cfg.password,
                         p->server_args);
      PassportStep first = m_passport->start();
      m_reactor.defer([this, first] { handle_passport(first); });
    } else if (std::holds_alternative<ns::AddressBookNeeded>(e)) {
      m_reactor.defer([this] { fetch_address_book(); });
    } else if (std::holds_alternative<ns::AddressBookChanged>(e)) {
      if (m_book) m_book->refresh();
    } else if (auto* sso = std::get_if<ns::SsoNeeded>(&e)) {
      std::string policy = sso->policy;
      m_reactor.defer([this, policy] { start_sso(policy); });
    } else if (std::holds_alternative<ns::SignedIn>(e)) {
      m_was_signed_in = true;
      m_login_timer.cancel();
      m_redirects = 0;
      schedule_ping(m_settings.get_int("ping_interval"));
    } else if (auto* pong = std::get_if<ns::Pong>(&e)) {
      m_pong_timer.cancel();
      m_server_ping_seconds = pong->next_seconds;
      schedule_ping(pong->next_seconds > 0 ? pong->next_seconds
                                           : m_settings.get_int("ping_interval"));
    } else if (auto* err = std::get_if<ns::Error>(&e); err && err->fatal) {
      fatal = error_loss(*err);
    } else if (auto* perr = std::get_if<ns::ProtocolError>(&e); perr && perr->fatal) {
      fatal = Loss{"error", perr->text};
    } else if (auto* out = std::get_if<ns::SignedOut>(&e)) {
      Loss loss{out->reason, out->text, kExitConnectionLost, !out->may_retry,
                out->retry_after_seconds};
      drain_output();  // the OUT a session sends on its way out (asked to by another place)
      if (m_cb.on_event) m_cb.on_event(e);
      close(std::move(loss));
      return;
    }
    if (m_cb.on_event) m_cb.on_event(e);
  }
  if (m_session.waiting_for_list_settings() && !m_settle_timer.active()) {
    m_settle_timer = m_reactor.after(std::chrono::milliseconds(1500), [this] {
      m_session.finish_list_now();
      dispatch_events();
    });
  }
  if (m_session.wants_close() && !m_done && !m_closing) {
    close(fatal.value_or(Loss{"error", "protocol error", kExitError}));
  }
}

void NsLink::handle_passport(const PassportStep& step) {
  if (m_done) return;
  switch (step.kind) {
    case PassportStep::Kind::Ticket:
      m_tickets = WebTickets::single(step.ticket);  // Passport 1.4: one ticket serves all
      m_session.passport_ticket(step.ticket);
      return;
    case PassportStep::Kind::Failed: login_failed(step.error, step.auth_failed); return;
    case PassportStep::Kind::Request: break;
  }
  auto url = net::Url::parse(step.url);
  if (!url) {
    handle_passport(m_passport->on_transport_error("invalid URL " + step.url));
    return;
  }
  m_http_request = m_http.get(
      *url, step.headers, https_tls(), milliseconds(1000LL * m_settings.get_int("connect_timeout")),
      [this](std::optional<net::HttpResponse> response, std::string error) {
        PassportStep next = response ? m_passport->on_response(response->status, response->headers)
                                     : m_passport->on_transport_error(error);
        m_reactor.defer([this, next] { handle_passport(next); });
      });
}

// MSNP13+ after USR OK: the lists over SOAP with this session's contacts ticket. A failure ends
// the attempt, not the run: the reconnect logic tries again (doc/protocol/ab-soap.md#signing-in).
void NsLink::fetch_address_book() {
  if (m_done) return;
  AddressBook::Hooks hooks;
  hooks.session = [this]() -> NsSession* { return m_session.signed_in() ? &m_session : nullptr; };
  hooks.apply = [this](ns::Event& e) {
    if (m_cb.on_event) m_cb.on_event(e);
  };
  hooks.settle = [this] { dispatch_events(); };
  m_book = std::make_unique<AddressBook>(m_reactor, m_http, m_settings, m_session.config().account,
                                         m_tickets.contacts, std::move(hooks));
  m_book->fetch([this](Result<ab::Lists> lists) {
    if (!lists) return close({"error", "cannot read the contact list: " + lists.error().text});
    m_session.address_book(*lists);
    dispatch_events();
  });
}

// A refused password is final (exit 77), like a 911; any other failure of the web exchange is
// likely the configuration's (a certificate, a URL): it ends a first sign-in, later ones retry.
void NsLink::login_failed(const std::string& error, bool auth_failed) {
  ns::Event e = ns::Error{auth_failed ? 911 : 0, error, Request{Op::Login}, true};
  if (m_cb.on_event) m_cb.on_event(e);
  if (auth_failed)
    close({"auth_failed", error, kExitAuth, true});
  else
    close({.reason = "error", .text = error, .exit_code = kExitError, .setup = true});
}

void NsLink::start_sso(const std::string& policy) {
  if (m_done) return;
  const NsConfig& cfg = m_session.config();
  auto now =
      std::chrono::duration_cast<seconds>(std::chrono::system_clock::now().time_since_epoch());
  m_sso.emplace(service_url(m_settings, WebService::Rst), cfg.account, cfg.password, policy,
                now.count());
  handle_sso(m_sso->start());
}

void NsLink::handle_sso(const SsoStep& step) {
  if (m_done) return;
  if (step.kind == SsoStep::Kind::Failed) return login_failed(step.error, step.auth_failed);
  if (step.kind == SsoStep::Kind::Tickets) {
    unsigned char iv[8];
    if (RAND_bytes(iv, sizeof iv) != 1)
      return login_failed("no random bytes for the SSO response", false);
    m_tickets = step.tickets;
    m_session.sso_tokens(step.tickets.login, step.secret,
                         std::string(reinterpret_cast<const char*>(iv), sizeof iv));
    dispatch_events();  // a key the blob cannot be made from fails here
    return;
  }
  auto url = net::Url::parse(step.url);
  if (!url) return handle_sso(m_sso->on_transport_error("invalid URL " + step.url));
  m_http_request =
      m_http.post(*url, step.headers, step.body, https_tls(),
                  milliseconds(1000LL * m_settings.get_int("connect_timeout")),
                  [this](std::optional<net::HttpResponse> response, std::string error) {
                    SsoStep next = response ? m_sso->on_response(response->status, response->body)
                                            : m_sso->on_transport_error(error);
                    m_reactor.defer([this, next] { handle_sso(next); });
                  });
}

net::TlsOptions NsLink::https_tls() const {
  net::TlsOptions tls;
  tls.enabled = true;
  tls.ca_file = m_settings.get("ca_file");
  tls.verify = true;
  return tls;
}

void NsLink::schedule_ping(int secs) {
  m_ping_timer = m_reactor.after(seconds(secs), [this] {
    m_session.ping();
    watch_pong();
  });
}

void NsLink::watch_pong() {
  int timeout = m_settings.get_int("ping_timeout");
  m_pong_timer = m_reactor.after(seconds(timeout), [this, timeout] {
    close(
        {"connection_lost", "no answer to keepalive for " + std::to_string(timeout) + " seconds"});
  });
}

void NsLink::probe() {
  if (!signed_in() || m_pong_timer.active()) return;  // a PNG already waits for its QNG
  m_ping_timer.cancel();
  m_session.ping();
  watch_pong();
}

void NsLink::on_socket_closed(const std::string& reason) {
  if (m_closing) {
    close({"quit", "signed out", kExitOk, true});
    return;
  }
  if (m_redirecting) return;  // redirected: the old connection may go
  bool during_login = !m_session.signed_in();
  close({"connection_lost",
         (during_login ? "connection lost during sign-in: " : "connection lost: ") + reason});
}

void NsLink::sign_out() {
  if (m_done) return;
  if (!connected()) {
    close({"quit", "signed out", kExitOk, true});
    return;
  }
  m_session.sign_out();
  m_closing = true;
  m_close_after_output = true;
  m_login_timer = m_reactor.after(seconds(2), [this] {
    close({"quit", "signed out", kExitOk, true});
  });
}

void NsLink::close(Loss loss) {
  if (m_done) return;
  m_done = true;
  m_ping_timer.cancel();
  m_pong_timer.cancel();
  m_login_timer.cancel();
  m_settle_timer.cancel();
  m_http_request = {};
  m_book.reset();  // its ticket dies with the session
  // Destroying the connection inside its own callback is allowed (the Transport promises it).
  m_conn.reset();
  if (m_cb.on_closed) m_cb.on_closed(loss);
}

}  // namespace msntty
