#pragma once
// Auto-away: after `auto_away` minutes without a key press, an Online user is set to
// `auto_away_status` (Away by default); the next key press sets the status back. Only a person
// at the terminal makes the client "active": user_active() is called for key presses in the
// UI (and once at sign-in), never in headless mode. One timer covers the whole idle period: a
// key press only records the time, and the timer re-arms itself for the remainder.
//
// Time and the timer come through AutoAway::Clock, so a unit test can move the clock by hand.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "app/Settings.hpp"
#include "model/Status.hpp"
#include "net/Reactor.hpp"

namespace msntty {

class AutoAway {
 public:
  class Clock {
   public:
    virtual ~Clock() = default;
    virtual net::Clock::time_point now() const = 0;
    // Calls `fire` after `delay`; replaces the timer armed before, if any.
    virtual void arm(std::chrono::milliseconds delay, std::function<void()> fire) = 0;
    virtual bool armed() const = 0;
  };
  // The real clock: the loop's time and a loop timer.
  class ReactorClock : public Clock {
   public:
    explicit ReactorClock(net::Reactor& reactor) : m_reactor(reactor) {}
    net::Clock::time_point now() const override { return m_reactor.now(); }
    void arm(std::chrono::milliseconds delay, std::function<void()> fire) override {
      m_timer = m_reactor.after(delay, std::move(fire));
    }
    bool armed() const override { return m_timer.active(); }

   private:
    net::Reactor& m_reactor;
    net::Reactor::Timer m_timer;
  };
  // The session it changes.
  struct Session {
    std::function<std::optional<Status>()> status;  // nullopt when not signed in
    std::function<void(Status)> set_status;
    std::function<void(const std::string& text)> notice;
  };

  AutoAway(Clock& clock, const Settings& settings, Session session);

  void user_active();
  bool away() const { return m_status_before_away.has_value(); }  // auto-away is in effect

 private:
  void arm();
  void on_timer(std::chrono::minutes limit);

  Clock& m_clock;
  const Settings& m_settings;
  Session m_session;
  net::Clock::time_point m_last_input{};
  std::optional<Status> m_status_before_away;
};

}  // namespace msntty
