#include "helpers/Loop.hpp"

namespace msntty::test {

using std::chrono::milliseconds;

bool run_until(net::Reactor& reactor, const std::function<bool()>& done, milliseconds limit) {
  auto end = net::Clock::now() + limit;
  while (!done() && net::Clock::now() < end) reactor.run_once(milliseconds(20));
  return done();
}

void settle(net::Reactor& reactor) {
  // A turn that ran any callback may have deferred more; a few turns reach the end of a chain
  // (a redirect defers its connect, a Passport step its next step).
  for (int i = 0; i < 10 && reactor.run_once(milliseconds(0)); ++i) {
  }
}

}  // namespace msntty::test
