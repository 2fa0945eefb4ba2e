#pragma once
// How long to wait before the next attempt to sign in again: 1 s, doubling each attempt, with
// a random spread of +-25% so that many clients cut off at once do not all come back in the same
// second, and never more than a cap (the `reconnect_max` setting). reset() after a sign-in that
// lasted: the next loss starts again at 1 s. Pure: the random numbers come from the caller.
#include <chrono>
#include <functional>

namespace msntty {

class Backoff {
 public:
  // `random` returns a number in [0, 1); the cap is read at each next_delay().
  Backoff(std::function<double()> random, std::function<std::chrono::seconds()> cap);

  std::chrono::milliseconds next_delay();  // the wait before the next attempt; counts it
  int attempts() const { return m_attempts; }
  void reset() { m_attempts = 0; }

 private:
  std::function<double()> m_random;
  std::function<std::chrono::seconds()> m_cap;
  int m_attempts = 0;
};

}  // namespace msntty
