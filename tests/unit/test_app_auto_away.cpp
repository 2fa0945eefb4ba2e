// Auto-away driven by a clock moved by hand: minutes of idleness pass in microseconds.
#include <catch2/catch.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/AutoAway.hpp"
#include "app/Settings.hpp"

using namespace msntty;
using namespace std::chrono;

namespace {

// One timer, fired when the test moves time past its deadline.
struct FakeClock : AutoAway::Clock {
  net::Clock::time_point t{hours(1)};
  std::optional<net::Clock::time_point> deadline;
  std::function<void()> fire;

  net::Clock::time_point now() const override { return t; }
  void arm(milliseconds delay, std::function<void()> f) override {
    deadline = t + delay;
    fire = std::move(f);
  }
  bool armed() const override { return deadline.has_value(); }
  void advance(nanoseconds d) {
    t += d;
    while (deadline && *deadline <= t) {
      deadline.reset();
      auto f = std::move(fire);
      f();
    }
  }
};

struct Fixture {
  FakeClock clock;
  Settings settings;
  std::optional<Status> status = Status::Online;  // nullopt: signed out
  std::vector<Status> sent;
  std::vector<std::string> notices;
  AutoAway away{clock, settings, session()};

  AutoAway::Session session() {
    AutoAway::Session s;
    s.status = [this] { return status; };
    s.set_status = [this](Status st) {
      sent.push_back(st);
      status = st;
    };
    s.notice = [this](const std::string& text) { notices.push_back(text); };
    return s;
  }
};

}  // namespace

TEST_CASE("auto-away sets away after the idle minutes and back on the next key", "[app][away]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("auto_away", "10"));
  f.away.user_active();
  f.clock.advance(minutes(9) + seconds(59));
  CHECK(f.sent.empty());
  f.clock.advance(seconds(2));
  REQUIRE(f.sent == std::vector<Status>{Status::Away});
  CHECK(f.away.away());
  CHECK(f.notices.back() == "no key pressed for 10 minutes: status set to away");
  f.away.user_active();
  CHECK(f.sent == std::vector<Status>{Status::Away, Status::Online});
  CHECK_FALSE(f.away.away());
  CHECK(f.notices.back() == "welcome back: status set to online");
}

TEST_CASE("a key press during the idle period restarts the count", "[app][away]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("auto_away", "5"));
  f.away.user_active();
  f.clock.advance(minutes(4));
  f.away.user_active();         // only records the time: the armed timer stays
  f.clock.advance(minutes(4));  // the timer fires at 5 minutes and re-arms for the rest
  CHECK(f.sent.empty());
  CHECK(f.clock.armed());
  f.clock.advance(minutes(1) + seconds(1));
  CHECK(f.sent == std::vector<Status>{Status::Away});
}

TEST_CASE("auto-away leaves a status the user chose, and the setting's own status", "[app][away]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("auto_away", "1"));
  REQUIRE_FALSE(f.settings.set("auto_away_status", "brb"));
  f.status = Status::Busy;
  f.away.user_active();
  f.clock.advance(minutes(2));
  CHECK(f.sent.empty());  // busy stays busy
  f.status = Status::Online;
  f.away.user_active();
  f.clock.advance(minutes(1) + seconds(1));
  CHECK(f.sent == std::vector<Status>{Status::Brb});
}

TEST_CASE("auto-away is off at 0 and does nothing while signed out", "[app][away]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("auto_away", "0"));
  f.away.user_active();
  CHECK_FALSE(f.clock.armed());
  REQUIRE_FALSE(f.settings.set("auto_away", "1"));
  f.status.reset();
  f.away.user_active();
  f.clock.advance(minutes(5));
  CHECK(f.sent.empty());
  CHECK(f.notices.empty());
}

TEST_CASE("coming back after the user changed status by hand does not override it", "[app][away]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("auto_away", "1"));
  f.away.user_active();
  f.clock.advance(minutes(1) + seconds(1));
  REQUIRE(f.sent == std::vector<Status>{Status::Away});
  f.status = Status::Online;  // the user typed /status online (that key press comes after)
  f.away.user_active();
  CHECK(f.sent.size() == 1);  // nothing more sent: already online
  CHECK_FALSE(f.away.away());
}
