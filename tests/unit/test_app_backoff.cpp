// The wait between attempts to sign in again: doubling, spread, capped, reset.
#include <catch2/catch.hpp>

#include "app/Backoff.hpp"

using namespace msntty;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

struct Fixture {
  double random = 0.5;  // the middle of the spread: no jitter
  seconds cap{300};
  Backoff backoff{[this] { return random; }, [this] { return cap; }};
};

}  // namespace

TEST_CASE("Backoff doubles from one second up to the cap", "[backoff]") {
  Fixture f;
  std::vector<long long> got;
  for (int i = 0; i < 12; ++i) got.push_back(f.backoff.next_delay().count());
  CHECK(got == std::vector<long long>{1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000,
                                      300000, 300000, 300000});
  CHECK(f.backoff.attempts() == 12);
}

TEST_CASE("Backoff spreads each wait by a quarter either way", "[backoff]") {
  Fixture f;
  f.random = 0.0;
  CHECK(f.backoff.next_delay() == milliseconds(750));
  f.random = 0.999999;
  CHECK(f.backoff.next_delay().count() == Approx(2500).margin(1));
  f.random = 0.0;
  f.cap = seconds(3);
  CHECK(f.backoff.next_delay() == milliseconds(2250));  // 4 s capped to 3, then spread
  f.random = 0.999;
  CHECK(f.backoff.next_delay() == milliseconds(3000));  // never above the cap
}

TEST_CASE("Backoff starts again at one second after reset", "[backoff]") {
  Fixture f;
  for (int i = 0; i < 5; ++i) f.backoff.next_delay();
  f.backoff.reset();
  CHECK(f.backoff.attempts() == 0);
  CHECK(f.backoff.next_delay() == milliseconds(1000));
}

TEST_CASE("Backoff survives a very long outage and a changed cap", "[backoff]") {
  Fixture f;
  for (int i = 0; i < 1000; ++i) REQUIRE(f.backoff.next_delay() <= milliseconds(300000));
  f.cap = seconds(10);
  CHECK(f.backoff.next_delay() == milliseconds(10000));
  f.cap = seconds(0);  // nonsense from a script: at least one second
  CHECK(f.backoff.next_delay() == milliseconds(1000));
}
