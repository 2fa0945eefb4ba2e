#pragma once
// Commands that need a session and arrive while there is none but one is coming (at start-up,
// or while reconnecting): each waits for the sign-in and then runs, in the order they came, or
// is refused with an error after offline_queue_timeout. This is what makes
// `msntty --headless < commands` work: the /msg and /add lines no longer race the sign-in.
#include <deque>
#include <functional>
#include <string>

#include "app/Settings.hpp"
#include "net/Reactor.hpp"

namespace msntty {

class SessionWait {
 public:
  SessionWait(net::Reactor& reactor, const Settings& settings,
              std::function<void(const std::string&)> report_error);

  void add(std::string what, std::function<void()> run);  // `what`: "/nick", for the error
  void signed_in();                                       // runs them all, oldest first
  void fail_all(const std::string& why);                  // no sign-in is coming
  size_t size() const { return m_items.size(); }

 private:
  struct Item {
    std::string what;
    std::function<void()> run;
    net::Clock::time_point deadline;
  };
  void arm();
  void expire();

  net::Reactor& m_reactor;
  const Settings& m_settings;
  std::function<void(const std::string&)> m_report_error;
  std::deque<Item> m_items;
  net::Reactor::Timer m_timer;
};

}  // namespace msntty
