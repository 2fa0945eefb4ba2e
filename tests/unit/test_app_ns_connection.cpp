// NsConnection driven through the fake transport and a clock the test moves: a lost link is
// followed by a fresh one after the backoff (exact waits, the spread fixed), final losses and
// the user's own leaving are not, the server's XFR NS moves the next sign-in, and who the user
// was (status, personal message) carries into the next session. MSNP7 MD5 lines as in
// test_app_nslink.cpp.
#include <catch2/catch.hpp>

#include <csignal>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/NsConnection.hpp"
#include "app/Settings.hpp"
#include "model/Status.hpp"
#include "net/HttpClient.hpp"
#include "net/Reactor.hpp"
#include "net/Resolver.hpp"

#include "helpers/FakeTransport.hpp"
#include "helpers/Loop.hpp"
#include "helpers/ManualClock.hpp"
#include "helpers/Msnp7Lines.hpp"

using namespace msntty;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using Lines = std::vector<std::string>;
using State = NsConnection::State;

namespace {

using test::kDump7;

struct Lost {
  NsLink::Loss loss;
  std::optional<milliseconds> retry_in;
};

// An NsConnection for alice on MSNP7 (MD5, so no Passport over HTTP), its connections fake,
// its timers on a clock the test moves. The spread of the backoff is fixed at its middle
// (no jitter) unless a test clears `fixed_random`.
struct Fixture {
  test::ManualClock clock;
  net::Reactor reactor{clock.source()};
  net::Resolver resolver{reactor, net::Resolver::Options{{"127.0.0.1:9"}, 100ms, 1}};
  net::HttpClient http{reactor, resolver};
  test::FakeNetwork network;
  Settings settings;
  Lines connecting;           // "host:port" of every connection attempt
  std::vector<int> attempts;  // as on_reconnecting reported them
  std::vector<Lost> lost;
  size_t signed_in = 0;  // ns::SignedIn events seen
  std::unique_ptr<NsConnection> ns;

  explicit Fixture(bool fixed_random = true) {
    REQUIRE_FALSE(settings.set("server", "dispatch.example.com:1863"));
    REQUIRE_FALSE(settings.set("ping_interval", "3600"));  // no keepalive in the way
    NsConnection::Hooks hooks;
    hooks.config = [this] {  // as the App makes it: the status from the `status` setting
      NsConfig config;
      config.account = "alice@example.com";
      config.password = "alicepass";
      config.versions = {7, 6, 5};
      config.initial_status = status_from_name(settings.get("status")).value_or(Status::Online);
      return config;
    };
    hooks.on_reconnecting = [this](int attempt) { attempts.push_back(attempt); };
    hooks.on_connecting = [this](const std::string& host, uint16_t port) {
      connecting.push_back(host + ":" + std::to_string(port));
    };
    hooks.on_event = [this](ns::Event& e) { signed_in += std::holds_alternative<ns::SignedIn>(e); };
    hooks.on_lost = [this](const NsLink::Loss& loss, std::optional<milliseconds> retry_in) {
      lost.push_back({loss, retry_in});
    };
    if (fixed_random) hooks.random = [] { return 0.5; };
    ns = std::make_unique<NsConnection>(reactor, network.factory(), http, settings,
                                        std::move(hooks));
  }

  Lines sent(test::FakeWire& wire) {
    test::settle(reactor);  // the end of the turn: where NsLink writes what the session queued
    return wire.take_lines();
  }

  // The whole MSNP7 sign-in on the newest connection (a fresh session: TrIDs from 1), up to
  // the server's answer to the first CHG, whose status is `status`.
  test::FakeWire& sign_in(const std::string& status = "NLN") {
    test::FakeWire& wire = network.last();
    wire.accept();
    CHECK(sent(wire) == Lines{"VER 1 MSNP7 MSNP6 MSNP5 CVR0"});
    wire.server_says("VER 1 MSNP7");
    CHECK(sent(wire) == Lines{"INF 2"});
    wire.server_says("INF 2 MD5");
    CHECK(sent(wire) == Lines{"USR 3 MD5 I alice@example.com"});
    wire.server_says("USR 3 MD5 S 15b27e6e9a1b0bb");
    CHECK(sent(wire) == Lines{"USR 4 MD5 S 490ec3837050e6de4bb217904fbb5f60"});
    wire.server_says("USR 4 OK alice@example.com Alice 1");
    CHECK(sent(wire) == Lines{"SYN 5 0"});
    wire.feed(kDump7);
    CHECK(sent(wire) == Lines{"CHG 6 " + status});
    wire.server_says("CHG 6 " + status);
    REQUIRE(ns->state() == State::SignedIn);
    REQUIRE(ns->session());
    return wire;
  }

  test::FakeWire& connect_and_sign_in() {
    ns->connect();
    return sign_in();
  }

  const Lost& last_lost() {
    REQUIRE_FALSE(lost.empty());
    return lost.back();
  }

  // After a loss that is retried: nothing is tried until exactly `wait` has passed, then one
  // new connection is made (to the configured server unless a test says otherwise).
  test::FakeWire& expect_retry_after(milliseconds wait) {
    const Lost& l = last_lost();
    REQUIRE(l.retry_in);
    CHECK(*l.retry_in == wait);
    CHECK(ns->state() == State::Waiting);
    CHECK(ns->expecting_sign_in());
    size_t before = network.count();
    clock.advance(reactor, wait - 1ms);
    CHECK(network.count() == before);
    clock.advance(reactor, 1ms);
    REQUIRE(network.count() == before + 1);
    CHECK(ns->state() == State::Connecting);
    return network.last();
  }

  // After a loss that is not retried: no connection is made, however long one waits.
  void expect_no_retry() {
    const Lost& l = last_lost();
    CHECK_FALSE(l.retry_in);
    CHECK(ns->state() == State::Offline);
    CHECK_FALSE(ns->expecting_sign_in());
    size_t before = network.count();
    size_t tries = attempts.size();
    size_t losses = lost.size();
    clock.advance(reactor, 3600s, 1s);
    CHECK(network.count() == before);
    CHECK(attempts.size() == tries);
    CHECK(lost.size() == losses);
  }
};

}  // namespace

TEST_CASE("ns connection: a lost link is tried again after 1, 2, 4 s; attempts are counted",
          "[app][nsconn]") {
  Fixture f;
  f.ns->connect();
  CHECK(f.ns->state() == State::Connecting);
  CHECK(f.ns->expecting_sign_in());
  f.sign_in();
  CHECK_FALSE(f.ns->expecting_sign_in());
  CHECK(f.ns->attempt() == 0);
  CHECK(f.attempts.empty());  // the first sign-in is no reconnection

  f.network.last().drop("connection reset by peer");
  CHECK(f.last_lost().loss.reason == "connection_lost");
  CHECK(f.last_lost().loss.text == "connection lost: connection reset by peer");
  CHECK_FALSE(f.last_lost().loss.final);
  CHECK_FALSE(f.ns->session());
  f.expect_retry_after(1000ms);
  CHECK(f.attempts == std::vector<int>{1});
  CHECK(f.ns->attempt() == 1);

  f.network.last().drop("connection refused");  // the server is still down
  CHECK(f.last_lost().loss.text == "connection lost during sign-in: connection refused");
  f.expect_retry_after(2000ms);
  f.network.last().drop("connection refused");
  f.expect_retry_after(4000ms);
  CHECK(f.attempts == std::vector<int>{1, 2, 3});
  CHECK(f.connecting == Lines(4, "dispatch.example.com:1863"));

  f.sign_in();  // back: the count starts again at the next loss
  CHECK(f.signed_in == 2);
  CHECK(f.ns->attempt() == 0);
  CHECK(f.lost.size() == 3);
}

TEST_CASE("ns connection: the real spread keeps each wait within a quarter of the backoff",
          "[app][nsconn]") {
  Fixture f(false);
  f.connect_and_sign_in();
  f.network.last().drop();
  for (long long base : {1000, 2000, 4000, 8000}) {
    const Lost& l = f.last_lost();
    REQUIRE(l.retry_in);
    CHECK(l.retry_in->count() >= base * 3 / 4);
    CHECK(l.retry_in->count() <= base * 5 / 4);
    f.expect_retry_after(*l.retry_in).drop("connection refused");
  }
}

TEST_CASE("ns connection: the backoff starts again after a sign-in that lasted a minute",
          "[app][nsconn]") {
  Fixture f;
  f.connect_and_sign_in();
  f.network.last().drop();
  f.expect_retry_after(1000ms);
  f.sign_in();
  f.clock.advance(f.reactor, 59s);  // a flap: the next wait is longer
  f.network.last().drop();
  f.expect_retry_after(2000ms);
  f.sign_in();
  f.clock.advance(f.reactor, 60s);  // stable: the next loss starts at 1 s again
  f.network.last().drop();
  f.expect_retry_after(1000ms);
  CHECK(f.attempts == std::vector<int>{1, 1, 1});  // each counted from its own loss
}

TEST_CASE("ns connection: a sign-in left by connect() does not reset a later backoff",
          "[app][nsconn]") {
  Fixture f;
  f.connect_and_sign_in();
  f.clock.advance(f.reactor, 10s);
  f.ns->connect();  // /reconnect after 10 s: that sign-in never lasted a minute
  f.network.last().drop("connection refused");
  // 1 + 2 + 4 + 8 + 16 s of refused attempts: the outage passes the minute after the old
  // sign-in, and the backoff goes on doubling all the same.
  for (auto wait : {1000ms, 2000ms, 4000ms, 8000ms, 16000ms})
    f.expect_retry_after(wait).drop("connection refused");
  f.expect_retry_after(32000ms).drop("connection refused");
  f.expect_retry_after(64000ms);
}

TEST_CASE("ns connection: signed in elsewhere (OUT OTH) is final until connect()",
          "[app][nsconn]") {
  Fixture f;
  f.connect_and_sign_in().server_says("OUT OTH");
  CHECK(f.last_lost().loss.reason == "other_login");
  CHECK(f.last_lost().loss.final);
  f.expect_no_retry();
  CHECK(f.attempts.empty());

  f.ns->connect();  // /connect: the user takes the session back
  CHECK(f.network.count() == 2);
  f.sign_in();
  CHECK(f.attempts.empty());
}

TEST_CASE("ns connection: a wrong password on signing in again is final", "[app][nsconn]") {
  Fixture f;
  f.connect_and_sign_in().drop();
  test::FakeWire& wire = f.expect_retry_after(1000ms);
  wire.accept();
  wire.server_says("VER 1 MSNP7");
  wire.server_says("INF 2 MD5");
  wire.server_says("USR 3 MD5 S 15b27e6e9a1b0bb");
  wire.server_says("911 4");  // the password was changed meanwhile
  test::settle(f.reactor);
  CHECK(f.last_lost().loss.reason == "auth_failed");
  CHECK(f.last_lost().loss.final);
  CHECK(f.lost.size() == 2);
  f.expect_no_retry();
}

TEST_CASE("ns connection: a server error while signing in again is tried again", "[app][nsconn]") {
  Fixture f;
  f.connect_and_sign_in().drop();
  test::FakeWire& wire = f.expect_retry_after(1000ms);
  wire.accept();
  wire.server_says("VER 1 MSNP7");
  wire.server_says("INF 2 MD5");
  wire.server_says("600 3");  // the server is busy: that passes
  test::settle(f.reactor);
  CHECK(f.last_lost().loss.reason == "error");
  CHECK_FALSE(f.last_lost().loss.final);
  f.expect_retry_after(2000ms);
}

TEST_CASE("ns connection: the server shutting down (OUT SSD) is tried again", "[app][nsconn]") {
  Fixture f;
  f.connect_and_sign_in().server_says("OUT SSD");
  CHECK(f.last_lost().loss.reason == "server_shutdown");
  CHECK_FALSE(f.last_lost().loss.final);
  test::FakeWire& wire = f.expect_retry_after(1000ms);
  CHECK(wire.host == "dispatch.example.com");
  CHECK(wire.port == 1863);
  CHECK(f.attempts == std::vector<int>{1});
}

TEST_CASE("ns connection: OUT RCT waits as long as the server asks", "[app][nsconn]") {
  Fixture f;
  f.connect_and_sign_in().server_says("OUT RCT 2");
  CHECK_FALSE(f.last_lost().loss.final);
  f.expect_retry_after(120s);
}

TEST_CASE("ns connection: XFR NS after sign-in signs in again at once where it points",
          "[app][nsconn]") {
  Fixture f;
  f.connect_and_sign_in().server_says("XFR 0 NS 10.0.0.9:1864 0");
  CHECK(f.last_lost().loss.reason == "server_moved");
  CHECK_FALSE(f.last_lost().loss.final);
  test::FakeWire& moved = f.expect_retry_after(0ms);
  CHECK(moved.host == "10.0.0.9");
  CHECK(moved.port == 1864);
  CHECK(f.attempts == std::vector<int>{1});
  f.sign_in();

  // Only that attempt goes there: the one after the next loss starts from the configured server.
  moved.drop();
  test::FakeWire& again = f.expect_retry_after(1000ms);
  CHECK(again.host == "dispatch.example.com");
  CHECK(again.port == 1863);
}

TEST_CASE("ns connection: with reconnect off a loss is not tried again", "[app][nsconn]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("reconnect", "off"));
  f.connect_and_sign_in().drop();
  CHECK(f.last_lost().loss.reason == "connection_lost");
  CHECK_FALSE(f.last_lost().loss.final);  // not final: it is the setting that stops the retry
  f.expect_no_retry();
}

TEST_CASE("ns connection: disconnect() signs out and stays offline", "[app][nsconn]") {
  SECTION("signed in") {
    Fixture f;
    test::FakeWire& wire = f.connect_and_sign_in();
    f.ns->disconnect();
    CHECK(f.sent(wire) == Lines{"OUT"});
    CHECK(wire.close_requested);
    CHECK(f.lost.empty());  // not until the OUT is written
    wire.finish_close();
    CHECK(f.last_lost().loss.reason == "user");
    CHECK(f.last_lost().loss.final);
    f.expect_no_retry();
  }
  SECTION("waiting to try again") {
    Fixture f;
    f.connect_and_sign_in().drop();
    REQUIRE(f.ns->state() == State::Waiting);
    f.ns->disconnect();
    REQUIRE(f.lost.size() == 2);
    CHECK(f.last_lost().loss.reason == "user");
    f.expect_no_retry();
  }
  SECTION("signing in again: the server closes the connection instead of answering") {
    Fixture f;
    f.connect_and_sign_in().drop();
    test::FakeWire& wire = f.expect_retry_after(1000ms);
    wire.accept();
    f.ns->disconnect();
    CHECK(f.sent(wire) == Lines{"VER 1 MSNP7 MSNP6 MSNP5 CVR0", "OUT"});
    wire.drop("connection reset by peer");  // a loss, but the user has left: no retry
    REQUIRE(f.lost.size() == 2);
    CHECK(f.last_lost().loss.reason == "user");
    CHECK(f.last_lost().loss.final);
    f.expect_no_retry();
  }
  SECTION("before the connection is up") {
    Fixture f;
    f.ns->connect();
    f.ns->disconnect();
    REQUIRE(f.lost.size() == 1);
    CHECK(f.last_lost().loss.reason == "user");
    CHECK_FALSE(f.network.last().attached());
    f.expect_no_retry();
  }
}

TEST_CASE("ns connection: connect() while signed in drops the link and signs in again",
          "[app][nsconn]") {
  Fixture f;
  test::FakeWire& old = f.connect_and_sign_in();
  f.ns->connect();  // /reconnect
  REQUIRE(f.network.count() == 2);
  REQUIRE(f.lost.size() == 1);
  CHECK(f.last_lost().loss.reason == "user");
  CHECK(f.last_lost().retry_in == 0ms);
  CHECK(f.ns->state() == State::Connecting);
  test::settle(f.reactor);
  CHECK_FALSE(old.attached());  // the old link is gone
  f.sign_in();
  CHECK(f.attempts.empty());
  CHECK(f.lost.size() == 1);  // the old connection's end is not reported again
}

TEST_CASE("ns connection: sign_out() reports quit and tries nothing more", "[app][nsconn]") {
  SECTION("signed in") {
    Fixture f;
    test::FakeWire& wire = f.connect_and_sign_in();
    f.ns->sign_out();
    CHECK(f.sent(wire) == Lines{"OUT"});
    wire.finish_close();
    CHECK(f.last_lost().loss.reason == "quit");
    f.expect_no_retry();
  }
  SECTION("waiting to try again") {
    Fixture f;
    f.connect_and_sign_in().drop();
    f.ns->sign_out();
    REQUIRE(f.lost.size() == 2);
    CHECK(f.last_lost().loss.reason == "quit");
    f.expect_no_retry();
  }
}

TEST_CASE("ns connection: the status and personal message carry into the next session",
          "[app][nsconn]") {
  Fixture f;
  test::FakeWire& wire = f.connect_and_sign_in();
  f.ns->session()->set_status(Status::Away);  // as auto-away does: the setting stays "online"
  f.ns->session()->set_psm("at lunch");       // MSNP7 has no UUX: only kept
  CHECK(f.sent(wire) == Lines{"CHG 7 AWY"});
  wire.server_says("CHG 7 AWY");
  wire.drop();
  f.expect_retry_after(1000ms);
  REQUIRE(f.ns->connection());
  CHECK(f.ns->connection()->config().initial_status == Status::Away);
  CHECK(f.ns->connection()->config().psm == "at lunch");
  test::FakeWire& next = f.sign_in("AWY");
  CHECK(f.ns->session()->psm() == "at lunch");

  // A /status while offline changes the setting: that status wins over the carried one.
  next.drop();
  REQUIRE_FALSE(f.settings.set("status", "busy"));
  f.expect_retry_after(2000ms);
  f.sign_in("BSY");
}

TEST_CASE("ns connection: SIGCONT probes a signed-in link and ends a wait at once",
          "[app][nsconn]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("ping_timeout", "5"));
  test::FakeWire& wire = f.connect_and_sign_in();
  std::raise(SIGCONT);
  CHECK(f.sent(wire) == Lines{"PNG"});
  f.clock.advance(f.reactor, 4900ms);
  CHECK(f.lost.empty());
  f.clock.advance(f.reactor, 100ms);  // no QNG: the link was dead
  CHECK(f.last_lost().loss.text == "no answer to keepalive for 5 seconds");
  REQUIRE(f.ns->state() == State::Waiting);

  size_t before = f.network.count();
  std::raise(SIGCONT);  // the outage may be long over: do not wait out the backoff
  test::settle(f.reactor);
  CHECK(f.network.count() == before + 1);
  CHECK(f.attempts == std::vector<int>{1});
}
