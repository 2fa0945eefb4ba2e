#pragma once
// A clock that moves only when the test says, for a Reactor whose timers a test drives:
//   test::ManualClock clock;
//   net::Reactor reactor{clock.source()};
//   clock.advance(reactor, std::chrono::seconds(60));  // every timer due by then has fired
#include <chrono>
#include <memory>

#include "net/Reactor.hpp"

namespace msntty::test {

class ManualClock {
 public:
  net::Reactor::TimeSource source() const;
  net::Clock::time_point now() const { return *m_now; }
  // Moves the time forward in steps of at most `step` and turns the loop (without waiting)
  // after each, so timers fire in order, and one armed by another on the way fires as well.
  void advance(net::Reactor& reactor, std::chrono::milliseconds by,
               std::chrono::milliseconds step = std::chrono::milliseconds(100));

 private:
  // Shared with the source: the Reactor may outlive this object in a fixture's destructor.
  std::shared_ptr<net::Clock::time_point> m_now =
      std::make_shared<net::Clock::time_point>(std::chrono::hours(1));
};

}  // namespace msntty::test
