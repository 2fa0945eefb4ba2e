#include "app/NsConnection.hpp"

#include <time.h>
#include <csignal>
#include <random>
#include <utility>

namespace msntty {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A sign-in that lasted this long was not a flap: the next loss starts the backoff afresh.
constexpr seconds kStableAfter{60};
// The two clocks drifting apart by more than this means the machine was suspended.
constexpr seconds kSleptThreshold{5};

std::chrono::nanoseconds clock_ns(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

// CLOCK_MONOTONIC stands still while the machine sleeps; CLOCK_BOOTTIME does not.
std::chrono::nanoseconds sleep_offset() {
  return clock_ns(CLOCK_BOOTTIME) - clock_ns(CLOCK_MONOTONIC);
}

double random_unit() {
  static std::mt19937 gen{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(gen);
}

}  // namespace

NsConnection::NsConnection(net::Reactor& reactor, net::TransportFactory transports,
                           net::HttpClient& http, const Settings& settings, Hooks hooks)
    : m_reactor(reactor),
      m_transports(std::move(transports)),
      m_http(http),
      m_settings(settings),
      m_hooks(std::move(hooks)),
      m_backoff(m_hooks.random ? m_hooks.random : random_unit,
                [this] { return seconds(m_settings.get_int("reconnect_max")); }),
      m_wake_check(reactor.on_turn_end([this] { check_wake(); })),
      m_sleep_offset(sleep_offset()) {
  m_reactor.on_signal(SIGCONT, [this] { probe(); });
}

NsConnection::~NsConnection() {
  m_reactor.on_signal(SIGCONT, [] {});
}

NsSession* NsConnection::session() {
  return m_link && m_link->signed_in() ? &m_link->session() : nullptr;
}

const WebTickets* NsConnection::tickets() {
  return m_link && m_link->signed_in() ? &m_link->tickets() : nullptr;
}

AddressBook* NsConnection::address_book() {
  return m_link ? m_link->address_book() : nullptr;
}

NsSession* NsConnection::connection() {
  return m_link ? &m_link->session() : nullptr;
}

void NsConnection::connect() {
  m_retry.cancel();
  m_leaving = Leaving::No;
  m_attempt = 0;
  m_backoff.reset();
  if (m_link) {  // /reconnect while connected: this link goes, the next one starts at once
    bury_link();
    if (m_hooks.on_lost)
      m_hooks.on_lost({"user", "reconnecting (/reconnect)", kExitConnectionLost}, milliseconds(0));
  }
  start_link("", 0);
}

void NsConnection::start_link(const std::string& host, uint16_t port) {
  m_state = State::Connecting;
  NsLink::Callbacks cb;
  cb.on_connecting = m_hooks.on_connecting;
  uint64_t serial = ++m_serial;
  cb.on_event = [this, serial](ns::Event& e) {
    if (serial == m_serial) on_event(e);
  };
  cb.on_closed = [this, serial](const NsLink::Loss& loss) {
    if (serial == m_serial) on_link_closed(loss);
  };
  NsConfig config = m_hooks.config();
  if (m_carry) {
    if (m_settings.get("status") == m_carry->status_setting)
      config.initial_status = m_carry->status;
    config.psm = m_carry->psm;
  }
  m_link = std::make_unique<NsLink>(m_reactor, m_transports, m_http, m_settings, std::move(config),
                                    std::move(cb));
  m_link->connect(host, port);
}

void NsConnection::on_event(ns::Event& e) {
  if (std::holds_alternative<ns::SignedIn>(e)) {
    m_state = State::SignedIn;
    m_ever_signed_in = true;
    m_attempt = 0;
    m_signed_in_at = m_reactor.current_time();
  }
  if (m_hooks.on_event) m_hooks.on_event(e);
}

// The link calls this from deep inside its own code: it is destroyed on the next turn.
void NsConnection::bury_link() {
  const NsSession& ended = m_link->session();
  if (m_state == State::SignedIn)
    m_carry = Carry{ended.status(), m_settings.get("status"), ended.psm()};
  ++m_serial;
  m_dead.push_back(std::move(m_link));
  m_reactor.defer([this] { m_dead.clear(); });
}

void NsConnection::on_link_closed(const NsLink::Loss& lost) {
  NsLink::Loss loss = lost;
  // Checked here rather than by a timer a minute after sign-in: an idle client wakes up for
  // nothing it does not have to.
  if (m_state == State::SignedIn && m_reactor.current_time() - m_signed_in_at >= kStableAfter)
    m_backoff.reset();
  bury_link();
  m_state = State::Offline;
  if (m_leaving == Leaving::User) loss = {"user", "signed out (/disconnect)", kExitOk, true};
  // Before the first sign-in, a failure of the setup (see NsLink::Loss::setup) is said and the
  // run ends, as before; a busy server or a lost connection is tried again.
  bool config_error = !m_ever_signed_in && loss.setup;
  bool retry =
      !loss.final && !config_error && m_leaving == Leaving::No && m_settings.get_bool("reconnect");
  std::optional<milliseconds> wait;
  if (retry) {
    m_move_host = loss.move_to_host;
    m_move_port = loss.move_to_port;
    wait = !m_move_host.empty()           ? milliseconds(0)
           : loss.retry_after_seconds > 0 ? milliseconds(1000LL * loss.retry_after_seconds)
                                          : m_backoff.next_delay();
    retry_after(*wait);
  }
  if (m_hooks.on_lost) m_hooks.on_lost(loss, wait);
}

void NsConnection::retry_after(milliseconds delay) {
  m_state = State::Waiting;
  m_retry = m_reactor.after(delay, [this] {
    ++m_attempt;
    if (m_hooks.on_reconnecting) m_hooks.on_reconnecting(m_attempt);
    start_link(std::exchange(m_move_host, {}), std::exchange(m_move_port, 0));
  });
}

void NsConnection::disconnect() {
  m_retry.cancel();
  m_leaving = Leaving::User;
  if (m_link) return m_link->sign_out();
  if (m_state == State::Offline) return;  // nothing to leave
  m_state = State::Offline;               // was waiting to retry: stop
  if (m_hooks.on_lost) m_hooks.on_lost({"user", "signed out (/disconnect)", kExitOk, true}, {});
}

void NsConnection::sign_out() {
  m_retry.cancel();
  m_leaving = Leaving::Quit;
  if (m_link) return m_link->sign_out();
  m_state = State::Offline;
  if (m_hooks.on_lost) m_hooks.on_lost({"quit", "signed out", kExitOk, true}, {});
}

void NsConnection::check_wake() {
  auto offset = sleep_offset();
  bool slept = offset - m_sleep_offset > kSleptThreshold;
  m_sleep_offset = offset;
  if (slept) probe();
}

// After a stop or a sleep: a signed-in link is asked for a PNG answer at once, and an attempt
// waiting out its backoff (the outage may be long over) starts now.
void NsConnection::probe() {
  if (m_link) return m_link->probe();
  if (m_state == State::Waiting) retry_after(milliseconds(0));
}

}  // namespace msntty
