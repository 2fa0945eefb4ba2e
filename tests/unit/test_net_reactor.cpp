// Reactor: timers, watches, signals, defer, turn-end hooks, re-entrancy.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "net/Reactor.hpp"
#include "net/UniqueFd.hpp"

#include "helpers/Loop.hpp"

using namespace msntty::net;
using namespace std::chrono_literals;
using msntty::test::run_until;

namespace {

std::pair<UniqueFd, UniqueFd> make_pipe() {
  int fds[2];
  REQUIRE(::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0);
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

}  // namespace

TEST_CASE("timers fire in due order and one-shots become inactive", "[net][reactor]") {
  Reactor r;
  std::string order;
  auto t3 = r.after(30ms, [&] { order += '3'; });
  auto t1 = r.after(5ms, [&] { order += '1'; });
  auto t2 = r.after(15ms, [&] { order += '2'; });
  auto same_a = r.after(15ms, [&] { order += 'a'; });
  REQUIRE(t1.active());
  REQUIRE(run_until(r, [&] { return order.size() == 4; }));
  CHECK(order == "12a3");
  CHECK_FALSE(t1.active());
  CHECK_FALSE(t3.active());
}

TEST_CASE("cancelled and destroyed timers never fire", "[net][reactor]") {
  Reactor r;
  int fired = 0;
  auto t = r.after(1ms, [&] { ++fired; });
  t.cancel();
  CHECK_FALSE(t.active());
  {
    auto gone = r.after(1ms, [&] { ++fired; });
  }
  bool done = false;
  auto end = r.after(10ms, [&] { done = true; });
  REQUIRE(run_until(r, [&] { return done; }));
  CHECK(fired == 0);
}

TEST_CASE("repeating timer repeats until cancelled from its own callback", "[net][reactor]") {
  Reactor r;
  int ticks = 0;
  Reactor::Timer t;
  t = r.every(2ms, [&] {
    if (++ticks == 3) t.cancel();
  });
  bool done = false;
  auto end = r.after(40ms, [&] { done = true; });
  REQUIRE(run_until(r, [&] { return done; }));
  CHECK(ticks == 3);
  CHECK_FALSE(t.active());
}

TEST_CASE("a timer callback can cancel a timer due in the same turn", "[net][reactor]") {
  Reactor r;
  Reactor::Timer second;
  int fired = 0;
  auto first = r.after(1ms, [&] {
    second.cancel();
    ++fired;
  });
  second = r.after(1ms, [&] { fired += 10; });
  ::usleep(3000);
  r.run_once(0ms);
  CHECK(fired == 1);
}

TEST_CASE("defer runs on the next turn without blocking; turn-end runs every turn",
          "[net][reactor]") {
  Reactor r;
  std::vector<std::string> log;
  auto end = r.on_turn_end([&] { log.push_back("end"); });
  r.defer([&] {
    log.push_back("d1");
    r.defer([&] { log.push_back("d2"); });
  });
  auto start = Clock::now();
  CHECK(r.run_once(1000ms));
  CHECK(r.run_once(1000ms));
  CHECK(Clock::now() - start < 500ms);
  CHECK(log == std::vector<std::string>{"d1", "end", "d2", "end"});
  CHECK(r.wakeups() == 2);
}

TEST_CASE("turn-end hooks run in order until their Hook goes, even from inside a hook",
          "[net][reactor]") {
  Reactor r;
  std::string order;
  Reactor::Hook second;
  auto first = r.on_turn_end([&] {
    order += '1';
    if (order.size() > 2) second.reset();  // the second turn: a hook removes a later one
  });
  second = r.on_turn_end([&] { order += '2'; });
  Reactor::Hook self;
  self = r.on_turn_end([&] {
    order += '3';
    self.reset();  // a hook may end its own registration while it runs
  });
  r.run_once(0ms);
  r.run_once(0ms);
  {
    auto gone = r.on_turn_end([&] { order += 'x'; });
  }
  r.run_once(0ms);
  CHECK(order == "12311");
}

TEST_CASE("watch reports readability; disabled watches are skipped", "[net][reactor]") {
  Reactor r;
  auto [rd, wr] = make_pipe();
  int calls = 0;
  auto w = r.watch(rd.get(), POLLIN, [&, fd = rd.get()](short rev) {
    CHECK((rev & POLLIN));
    char buf[16];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
    ++calls;
  });
  CHECK(w.fd() == rd.get());
  REQUIRE(::write(wr.get(), "x", 1) == 1);
  r.run_once(100ms);
  CHECK(calls == 1);
  w.set_events(0);
  REQUIRE(::write(wr.get(), "y", 1) == 1);
  r.run_once(10ms);
  CHECK(calls == 1);
  w.set_events(POLLIN);
  r.run_once(100ms);
  CHECK(calls == 2);
}

TEST_CASE("a watch callback may destroy its own and another ready watch", "[net][reactor]") {
  Reactor r;
  auto [rd1, wr1] = make_pipe();
  auto [rd2, wr2] = make_pipe();
  auto w1 = std::make_unique<Reactor::Watch>();
  auto w2 = std::make_unique<Reactor::Watch>();
  int calls = 0;
  auto kill_both = [&](short) {
    ++calls;
    w1.reset();
    w2.reset();
  };
  *w1 = r.watch(rd1.get(), POLLIN, kill_both);
  *w2 = r.watch(rd2.get(), POLLIN, kill_both);
  REQUIRE(::write(wr1.get(), "x", 1) == 1);
  REQUIRE(::write(wr2.get(), "x", 1) == 1);
  r.run_once(100ms);
  CHECK(calls == 1);
  r.run_once(0ms);
  CHECK(calls == 1);
}

TEST_CASE("handles outliving the reactor are harmless", "[net][reactor]") {
  Reactor::Watch w;
  Reactor::Timer t;
  {
    Reactor r;
    w = r.watch(0, POLLIN, [](short) {});
    t = r.after(1s, [] {});
  }
  CHECK_FALSE(t.active());
  CHECK_FALSE(w.registered());
}

TEST_CASE("signals are delivered inside the loop", "[net][reactor]") {
  Reactor r;
  int got = 0;
  r.on_signal(SIGUSR1, [&] { ++got; });
  ::raise(SIGUSR1);
  CHECK(got == 0);  // the handler only wrote a byte
  REQUIRE(run_until(r, [&] { return got == 1; }));
}

TEST_CASE("run() returns after stop()", "[net][reactor]") {
  Reactor r;
  int ticks = 0;
  auto t = r.every(1ms, [&] {
    if (++ticks == 5) r.stop();
  });
  r.run();
  CHECK(ticks == 5);
}
