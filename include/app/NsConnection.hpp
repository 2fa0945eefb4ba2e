#pragma once
// The notification-server connection over time. One NsLink is one attempt (a fresh session each
// time); between attempts NsConnection waits as Backoff says, and it decides whether to try at
// all: not after a final loss (a wrong password, signed in elsewhere), not after /disconnect,
// not with `reconnect off`. It also watches for a link that may be dead without the kernel
// knowing: after SIGCONT, or when the clocks show the machine slept, it probes at once.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/Backoff.hpp"
#include "app/NsLink.hpp"
#include "app/Settings.hpp"
#include "net/HttpClient.hpp"
#include "net/Reactor.hpp"
#include "net/Transport.hpp"

namespace msntty {

class NsConnection {
 public:
  enum class State { Offline, Waiting, Connecting, SignedIn };
  struct Hooks {
    std::function<NsConfig()> config;  // for each attempt: the status etc. to sign in with
    std::function<void(int attempt)> on_reconnecting;  // attempt 1, 2 ... after a loss
    std::function<void(const std::string& host, uint16_t port)> on_connecting;
    std::function<void(ns::Event& e)> on_event;
    // A link ended; retry_in is the wait before the next attempt, none when no attempt follows
    // (a final loss, /disconnect, /quit, `reconnect off`).
    std::function<void(const NsLink::Loss& loss, std::optional<std::chrono::milliseconds> retry_in)>
        on_lost;
    // The backoff's spread, a number in [0, 1); empty: a random device. Tests give a fixed one.
    std::function<double()> random;
  };
  // Each attempt's connection comes from `transports` (TCP in the client, a fake in tests).
  NsConnection(net::Reactor& reactor, net::TransportFactory transports, net::HttpClient& http,
               const Settings& settings, Hooks hooks);
  ~NsConnection();

  void connect();     // sign in now (first time, /connect, /reconnect); drops a live link first
  void disconnect();  // /disconnect: OUT, then stay offline; on_lost with reason "user"
  void sign_out();    // /quit: OUT, then on_lost with reason "quit"
  State state() const { return m_state; }
  // A sign-in is under way or will follow by itself: commands needing a session may wait.
  bool expecting_sign_in() const {
    return m_state == State::Waiting || m_state == State::Connecting;
  }
  NsSession* session();         // signed in
  NsSession* connection();      // the session while it signs in too
  AddressBook* address_book();  // signed in at MSNP13+
  const WebTickets* tickets();  // signed in: the login's web tickets (credentials)
  int attempt() const { return m_attempt; }

 private:
  void start_link(const std::string& host, uint16_t port);
  void on_link_closed(const NsLink::Loss& loss);
  void on_event(ns::Event& e);
  void retry_after(std::chrono::milliseconds delay);
  void bury_link();
  void check_wake();
  void probe();

  net::Reactor& m_reactor;
  net::TransportFactory m_transports;
  net::HttpClient& m_http;
  const Settings& m_settings;
  Hooks m_hooks;
  Backoff m_backoff;
  std::unique_ptr<NsLink> m_link;
  std::vector<std::unique_ptr<NsLink>> m_dead;  // ended inside their own callbacks
  uint64_t m_serial = 0;                        // of m_link: a buried link's reports are ignored
  State m_state = State::Offline;
  int m_attempt = 0;  // 0 for the first sign-in and for /connect
  bool m_ever_signed_in = false;
  enum class Leaving { No, User, Quit } m_leaving = Leaving::No;
  std::string m_move_host;  // the server moved the session (XFR NS): the next attempt goes there
  uint16_t m_move_port = 0;
  // Who the user was on the last signed-in link: the status (auto-away included) and personal
  // message the next sign-in restores; the status only if the `status` setting (which /status
  // sets) has not changed since.
  struct Carry {
    Status status;
    std::string status_setting;
    std::string psm;
  };
  std::optional<Carry> m_carry;
  net::Reactor::Timer m_retry;
  net::Clock::time_point m_signed_in_at{};  // a sign-in that lasted resets the backoff
  net::Reactor::Hook m_wake_check;
  std::chrono::nanoseconds m_sleep_offset{0};  // CLOCK_BOOTTIME - CLOCK_MONOTONIC
};

}  // namespace msntty
