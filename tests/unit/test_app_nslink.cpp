// NsLink driven through the fake transport: sign-in, redirects (dispatch and XFR NS), keepalive
// with the server's interval, losing the connection and signing out. Server lines as in
// doc/protocol/ and the recorded session under tests/data/; exact lines back.
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/NsLink.hpp"
#include "app/Settings.hpp"
#include "net/HttpClient.hpp"
#include "net/Reactor.hpp"
#include "net/Resolver.hpp"

#include "helpers/FakeTransport.hpp"
#include "helpers/Loop.hpp"
#include "helpers/ManualClock.hpp"
#include "helpers/Msnp7Lines.hpp"

using namespace msntty;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

namespace {

using test::kDump7;

using Closed = NsLink::Loss;  // reason, text, exit_code, final ...

// An NsLink for alice on MSNP7 (MD5) whose connections are fake and whose timers run on a
// clock the test moves. HTTP (Passport) is real but never used: MD5 sign-in needs none.
struct Fixture {
  test::ManualClock clock;
  net::Reactor reactor{clock.source()};
  net::Resolver resolver{reactor, net::Resolver::Options{{"127.0.0.1:9"}, 100ms, 1}};
  net::HttpClient http{reactor, resolver};
  test::FakeNetwork network;
  Settings settings;
  std::vector<std::string> connecting;  // "host:port" of every connection attempt
  std::vector<ns::Event> events;
  std::optional<Closed> closed;
  std::unique_ptr<NsLink> link;

  Fixture() {
    REQUIRE_FALSE(settings.set("server", "dispatch.example.com:1863"));
    NsConfig config;
    config.account = "alice@example.com";
    config.password = "alicepass";
    config.versions = {7, 6, 5};
    NsLink::Callbacks cb;
    cb.on_connecting = [this](const std::string& host, uint16_t port) {
      connecting.push_back(host + ":" + std::to_string(port));
    };
    cb.on_event = [this](ns::Event& e) { events.push_back(e); };
    cb.on_closed = [this](const NsLink::Loss& loss) { closed = loss; };
    link = std::make_unique<NsLink>(reactor, network.factory(), http, settings, std::move(config),
                                    std::move(cb));
  }

  Lines sent(test::FakeWire& wire) {
    test::settle(reactor);  // the end of the turn: where NsLink writes what the session queued
    return wire.take_lines();
  }

  // Connects and logs in up to USR OK on the current connection (TrIDs VER 1, INF 2, USR 3/4).
  test::FakeWire& authenticate() {
    test::FakeWire& wire = network.last();
    wire.accept();
    CHECK(sent(wire) == Lines{"VER 1 MSNP7 MSNP6 MSNP5 CVR0"});
    wire.server_says("VER 1 MSNP7");
    CHECK(sent(wire) == Lines{"INF 2"});
    wire.server_says("INF 2 MD5");
    CHECK(sent(wire) == Lines{"USR 3 MD5 I alice@example.com"});
    wire.server_says("USR 3 MD5 S 15b27e6e9a1b0bb");
    CHECK(sent(wire) == Lines{"USR 4 MD5 S 490ec3837050e6de4bb217904fbb5f60"});
    return wire;
  }

  test::FakeWire& sign_in() {
    link->connect();
    test::FakeWire& wire = authenticate();
    wire.server_says("USR 4 OK alice@example.com Alice 1");
    CHECK(sent(wire) == Lines{"SYN 5 0"});
    wire.feed(kDump7);
    CHECK(sent(wire) == Lines{"CHG 6 NLN"});
    wire.server_says("CHG 6 NLN");
    REQUIRE(link->session().signed_in());
    return wire;
  }

  template <class E>
  size_t count() const {
    size_t n = 0;
    for (const auto& e : events) n += std::holds_alternative<E>(e);
    return n;
  }
};

}  // namespace

TEST_CASE("nslink: MD5 sign-in over the configured server; session calls need no flush",
          "[app][nslink]") {
  Fixture f;
  test::FakeWire& wire = f.sign_in();
  CHECK(f.connecting == Lines{"dispatch.example.com:1863"});
  CHECK(wire.host == "dispatch.example.com");
  CHECK(wire.port == 1863);
  CHECK_FALSE(wire.tls.enabled);
  CHECK(f.count<ns::SignedIn>() == 1);
  CHECK(f.link->connected());

  // What a command does to the session reaches the socket at the end of the turn by itself.
  f.link->session().set_status(Status::Busy);
  uint32_t trid = f.link->session().request_switchboard();
  CHECK(f.sent(wire) == Lines{"CHG 7 BSY", "XFR " + std::to_string(trid) + " SB"});
  wire.server_says("XFR 8 SB 10.0.0.7:1864 CKI 17262740.1050826919.32308");
  CHECK(f.count<ns::SwitchboardGranted>() == 1);
  CHECK_FALSE(f.closed);
}

TEST_CASE("nslink: the dispatch server's XFR NS moves the session to the notification server",
          "[app][nslink]") {
  Fixture f;
  f.link->connect();
  test::FakeWire& dispatch = f.network.last();
  dispatch.accept();
  f.sent(dispatch);
  dispatch.server_says("VER 1 MSNP7");
  dispatch.server_says("INF 2 MD5");
  f.sent(dispatch);
  dispatch.server_says("XFR 3 NS 10.0.0.9:1864 0 10.0.0.5:1863");
  test::settle(f.reactor);  // the new connection is made on the next turn
  REQUIRE(f.network.count() == 2);
  CHECK_FALSE(dispatch.attached());  // the old connection went, and that was no loss
  CHECK_FALSE(f.closed);
  CHECK(f.connecting == Lines{"dispatch.example.com:1863", "10.0.0.9:1864"});
  CHECK(f.count<ns::Redirect>() == 1);

  test::FakeWire& ns = f.authenticate();  // the whole login again, TrIDs from 1
  CHECK(ns.host == "10.0.0.9");
  CHECK(ns.port == 1864);
  ns.server_says("USR 4 OK alice@example.com Alice 1");
  CHECK(f.sent(ns) == Lines{"SYN 5 0"});
}

TEST_CASE("nslink: XFR 0 NS 0 reconnects to the same server; too many redirects give up",
          "[app][nslink]") {
  Fixture f;
  f.link->connect();
  for (int i = 1; i <= 6; ++i) {
    test::FakeWire& wire = f.network.last();
    wire.accept();
    wire.server_says("XFR 0 NS 0");
    test::settle(f.reactor);
    if (i <= 5) {
      REQUIRE(f.network.count() == static_cast<size_t>(i + 1));
      CHECK(f.network.last().host == "dispatch.example.com");
      CHECK(f.network.last().port == 1863);
      CHECK_FALSE(f.closed);
    }
  }
  REQUIRE(f.closed);
  CHECK(f.closed->reason == "error");
  CHECK(f.closed->text == "the server redirected too many times");
  CHECK(f.closed->exit_code == kExitConnectionLost);
}

TEST_CASE("nslink: PNG every ping_interval until the server's QNG gives its own interval",
          "[app][nslink]") {
  Fixture f;
  test::FakeWire& wire = f.sign_in();  // ping_interval: 45 s by default
  f.clock.advance(f.reactor, 44s);
  CHECK(f.sent(wire).empty());
  f.clock.advance(f.reactor, 1s);
  CHECK(f.sent(wire) == Lines{"PNG"});
  wire.server_says("QNG");  // as MSNP7 servers answer (tests/data/): no interval
  CHECK(f.count<ns::Pong>() == 1);
  f.clock.advance(f.reactor, 44s);
  CHECK(f.sent(wire).empty());
  f.clock.advance(f.reactor, 1s);
  CHECK(f.sent(wire) == Lines{"PNG"});

  wire.server_says("QNG 10");  // from MSNP9: the next PNG is due in 10 s
  f.clock.advance(f.reactor, 9s);
  CHECK(f.sent(wire).empty());
  f.clock.advance(f.reactor, 1s);
  CHECK(f.sent(wire) == Lines{"PNG"});
  wire.server_says("QNG 10");
  f.clock.advance(f.reactor, 10s);
  CHECK(f.sent(wire) == Lines{"PNG"});
  CHECK_FALSE(f.closed);
  CHECK(f.link->connected());
}

TEST_CASE("nslink: a PNG without QNG for ping_timeout seconds closes the link as lost",
          "[app][nslink]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("ping_timeout", "5"));
  test::FakeWire& wire = f.sign_in();
  f.clock.advance(f.reactor, 45s);
  CHECK(f.sent(wire) == Lines{"PNG"});
  f.clock.advance(f.reactor, 4900ms);
  CHECK_FALSE(f.closed);
  f.clock.advance(f.reactor, 100ms);
  REQUIRE(f.closed);
  CHECK(f.closed->reason == "connection_lost");
  CHECK(f.closed->text == "no answer to keepalive for 5 seconds");
  CHECK(f.closed->exit_code == kExitConnectionLost);
  CHECK_FALSE(f.closed->final);
  CHECK_FALSE(wire.attached());  // the connection is let go
}

TEST_CASE("nslink: a sign-in that does not finish within login_timeout ends the link",
          "[app][nslink]") {
  Fixture f;
  REQUIRE_FALSE(f.settings.set("login_timeout", "10"));
  f.link->connect();
  f.authenticate();  // the server never answers the last USR
  f.clock.advance(f.reactor, 9s);
  CHECK_FALSE(f.closed);
  f.clock.advance(f.reactor, 1s);
  REQUIRE(f.closed);
  CHECK(f.closed->reason == "timeout");
  CHECK(f.closed->text == "sign-in did not complete within 10 seconds");
  CHECK(f.closed->exit_code == kExitConnectionLost);
}

TEST_CASE("nslink: a connection lost during sign-in or after it ends the link with status 69",
          "[app][nslink]") {
  SECTION("during sign-in") {
    Fixture f;
    f.link->connect();
    f.network.last().accept();
    f.network.last().drop("connection reset by peer");
    REQUIRE(f.closed);
    CHECK(f.closed->reason == "connection_lost");
    CHECK(f.closed->text == "connection lost during sign-in: connection reset by peer");
    CHECK(f.closed->exit_code == kExitConnectionLost);
  }
  SECTION("signed in") {
    Fixture f;
    test::FakeWire& wire = f.sign_in();
    wire.drop("connection closed by server");
    REQUIRE(f.closed);
    CHECK(f.closed->text == "connection lost: connection closed by server");
    CHECK(f.closed->exit_code == kExitConnectionLost);
  }
}

TEST_CASE("nslink: a wrong password ends the link with the auth status", "[app][nslink]") {
  Fixture f;
  f.link->connect();
  test::FakeWire& wire = f.authenticate();
  wire.server_says("911 4");
  test::settle(f.reactor);
  REQUIRE(f.closed);
  CHECK(f.closed->reason == "auth_failed");
  CHECK(f.closed->exit_code == kExitAuth);
  CHECK(f.closed->final);  // a wrong password is not tried again
}

TEST_CASE("nslink: sign_out sends OUT and closes once it is written", "[app][nslink]") {
  Fixture f;
  test::FakeWire& wire = f.sign_in();
  f.link->sign_out();
  CHECK(f.sent(wire) == Lines{"OUT"});
  CHECK(wire.close_requested);
  CHECK_FALSE(f.closed);
  wire.finish_close();
  REQUIRE(f.closed);
  CHECK(f.closed->reason == "quit");
  CHECK(f.closed->exit_code == kExitOk);
}
