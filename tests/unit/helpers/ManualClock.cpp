#include "helpers/ManualClock.hpp"

#include <algorithm>

#include "helpers/Loop.hpp"

namespace msntty::test {

net::Reactor::TimeSource ManualClock::source() const {
  return [now = m_now] { return *now; };
}

void ManualClock::advance(net::Reactor& reactor, std::chrono::milliseconds by,
                          std::chrono::milliseconds step) {
  while (by.count() > 0) {
    auto d = std::min(by, step);
    *m_now += d;
    by -= d;
    settle(reactor);
  }
}

}  // namespace msntty::test
