// SessionWait: commands that need a session wait for the sign-in, run in the order they came,
// or fail after offline_queue_timeout (on a clock the test moves), or all at once when no
// sign-in is coming.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "app/SessionWait.hpp"
#include "app/Settings.hpp"
#include "net/Reactor.hpp"

#include "helpers/ManualClock.hpp"

using namespace msntty;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

namespace {

struct Fixture {
  test::ManualClock clock;
  net::Reactor reactor{clock.source()};
  Settings settings;
  Lines ran, errors;
  SessionWait wait{reactor, settings, [this](const std::string& e) { errors.push_back(e); }};

  Fixture() { REQUIRE_FALSE(settings.set("offline_queue_timeout", "30")); }

  void add(const std::string& what) {
    wait.add(what, [this, what] { ran.push_back(what); });
  }
};

}  // namespace

TEST_CASE("SessionWait runs what waited at the sign-in, oldest first", "[app][sessionwait]") {
  Fixture f;
  f.add("/nick");
  f.add("/add");
  f.clock.advance(f.reactor, 10s);
  f.add("/msg");
  CHECK(f.wait.size() == 3);
  CHECK(f.ran.empty());
  f.wait.signed_in();
  CHECK(f.ran == Lines{"/nick", "/add", "/msg"});
  CHECK(f.wait.size() == 0);
  f.clock.advance(f.reactor, 60s);  // their timeout does not fire after they ran
  CHECK(f.errors.empty());
  f.wait.signed_in();  // nothing left to run twice
  CHECK(f.ran.size() == 3);
}

TEST_CASE("SessionWait fails each command offline_queue_timeout after it came",
          "[app][sessionwait]") {
  Fixture f;
  f.add("/nick");
  f.clock.advance(f.reactor, 10s);
  f.add("/psm");
  f.clock.advance(f.reactor, 19900ms);
  CHECK(f.errors.empty());
  f.clock.advance(f.reactor, 100ms);  // 30 s after /nick
  CHECK(f.errors == Lines{"/nick: not signed in within 30 seconds"});
  CHECK(f.wait.size() == 1);
  f.clock.advance(f.reactor, 9900ms);
  CHECK(f.errors.size() == 1);
  f.clock.advance(f.reactor, 100ms);  // 30 s after /psm
  CHECK(f.errors ==
        Lines{"/nick: not signed in within 30 seconds", "/psm: not signed in within 30 seconds"});
  CHECK(f.wait.size() == 0);
  f.wait.signed_in();
  CHECK(f.ran.empty());  // a failed command does not run later
}

TEST_CASE("SessionWait fails all at once when no sign-in is coming", "[app][sessionwait]") {
  Fixture f;
  f.add("/nick");
  f.add("/block");
  f.wait.fail_all("signed in from another location");
  CHECK(f.errors == Lines{"/nick: not signed in (signed in from another location)",
                          "/block: not signed in (signed in from another location)"});
  CHECK(f.wait.size() == 0);
  f.clock.advance(f.reactor, 60s);
  CHECK(f.errors.size() == 2);  // no timeout on top
  f.wait.signed_in();
  CHECK(f.ran.empty());
}

TEST_CASE("SessionWait: a command that waits again while running is kept for the next sign-in",
          "[app][sessionwait]") {
  Fixture f;
  bool again = true;
  std::function<void()> run = [&] {
    f.ran.push_back("/psm");
    if (std::exchange(again, false)) f.wait.add("/psm", run);  // the session went meanwhile
  };
  f.wait.add("/psm", run);
  f.wait.signed_in();
  CHECK(f.ran == Lines{"/psm"});
  CHECK(f.wait.size() == 1);
  f.clock.advance(f.reactor, 30s);  // its own new deadline
  CHECK(f.errors == Lines{"/psm: not signed in within 30 seconds"});
}
