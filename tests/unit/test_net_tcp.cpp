// TcpConnection over loopback against in-test servers driven by the same Reactor.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/Listener.hpp"
#include "net/Reactor.hpp"
#include "net/Resolver.hpp"
#include "net/TcpConnection.hpp"

#include "helpers/Loop.hpp"

using namespace msntty::net;
using namespace std::chrono_literals;
using msntty::test::run_until;

namespace {

// Loop, resolver and a loopback listener whose accepted sockets are kept in `accepted`.
struct Fixture {
  Reactor reactor;
  Resolver resolver{reactor, Resolver::Options{{"127.0.0.1:9"}, 100ms, 1}};
  std::vector<UniqueFd> accepted;
  Listener listener{
      reactor, [this](UniqueFd fd, const sockaddr_storage&) { accepted.push_back(std::move(fd)); }};

  Fixture() {
    std::string error;
    REQUIRE(listener.listen("127.0.0.1", 0, error));
  }
  uint16_t port() const { return listener.port(); }
};

// Client callbacks recording everything.
struct Recorder {
  bool connected = false;
  std::string data;
  std::optional<std::string> closed;
  TcpConnection::Callbacks callbacks() {
    TcpConnection::Callbacks cb;
    cb.on_connected = [this] { connected = true; };
    cb.on_data = [this](std::string_view bytes) { data.append(bytes); };
    cb.on_closed = [this](const std::string& reason) { closed = reason; };
    return cb;
  }
};

std::string read_all_now(int fd) {
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

}  // namespace

TEST_CASE("tcp: connect, echo through an attached server connection", "[net][tcp]") {
  Fixture f;
  std::unique_ptr<TcpConnection> server;
  Listener echo(f.reactor, [&](UniqueFd fd, const sockaddr_storage&) {
    TcpConnection::Callbacks cb;
    cb.on_data = [&](std::string_view bytes) { server->send(bytes); };
    server = std::make_unique<TcpConnection>(f.reactor, f.resolver, std::move(cb));
    server->attach(std::move(fd), "127.0.0.1:1");
  });
  std::string error;
  REQUIRE(echo.listen("127.0.0.1", 0, error));

  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  client.send("early ");  // queued before connect, sent once connected
  client.connect("127.0.0.1", echo.port(), {}, 1000ms);
  CHECK_FALSE(client.is_connected());
  CHECK(client.peer() == "127.0.0.1:" + std::to_string(echo.port()));
  REQUIRE(run_until(f.reactor, [&] { return rec.connected; }));
  client.send("hello");
  REQUIRE(run_until(f.reactor, [&] { return rec.data == "early hello"; }));
  CHECK(client.queued_bytes() == 0);
  CHECK(!rec.closed);
}

TEST_CASE("tcp: 8 MiB to a slow reader is written in order with partial writes", "[net][tcp]") {
  Fixture f;
  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  client.connect("localhost", f.port(), {}, 1000ms);
  REQUIRE(run_until(f.reactor, [&] { return rec.connected && f.accepted.size() == 1; }));
  std::string payload(8 << 20, '\0');
  for (size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  client.send(payload);
  // send() writes what the socket buffer takes at once; 8 MiB cannot all fit.
  CHECK(client.queued_bytes() > 0);
  CHECK(client.queued_bytes() < payload.size());
  std::string received;
  // The reader takes at most 256 KiB per millisecond tick: the writer must hit EAGAIN and wait.
  bool saw_backlog = false;
  auto reader = f.reactor.every(1ms, [&] {
    char buf[65536];
    for (int i = 0; i < 4; ++i) {
      ssize_t n = ::read(f.accepted[0].get(), buf, sizeof buf);
      if (n <= 0) break;
      received.append(buf, static_cast<size_t>(n));
    }
    saw_backlog |= client.queued_bytes() > 0 && client.queued_bytes() < payload.size();
  });
  REQUIRE(run_until(
      f.reactor, [&] { return received.size() == payload.size(); }, 2500ms));
  CHECK(received == payload);
  CHECK(saw_backlog);
  CHECK(client.queued_bytes() == 0);
  CHECK(!rec.closed);
}

TEST_CASE("tcp: connection refused has a readable reason", "[net][tcp]") {
  Fixture f;
  uint16_t port = f.port();
  f.listener.close();  // nothing listens there any more
  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  client.connect("127.0.0.1", port, {}, 1000ms);
  CHECK(!rec.closed);  // never from inside connect()
  REQUIRE(run_until(f.reactor, [&] { return rec.closed.has_value(); }));
  CHECK(*rec.closed == "connection refused");
  CHECK_FALSE(rec.connected);
}

TEST_CASE("tcp: unresolvable host", "[net][tcp]") {
  Fixture f;
  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  client.connect("name.invalid", 1, {}, 1000ms);
  REQUIRE(run_until(f.reactor, [&] { return rec.closed.has_value(); }));
  CHECK(rec.closed->rfind("cannot resolve name.invalid: ", 0) == 0);
}

TEST_CASE("tcp: server close, close_after_flush and close()", "[net][tcp]") {
  Fixture f;
  Recorder rec;
  TcpConnection client(f.reactor, f.resolver, rec.callbacks());
  client.connect("127.0.0.1", f.port(), {}, 1000ms);
  REQUIRE(run_until(f.reactor, [&] { return rec.connected && f.accepted.size() == 1; }));

  SECTION("server closes") {
    REQUIRE(::write(f.accepted[0].get(), "bye", 3) == 3);
    f.accepted[0].reset();
    REQUIRE(run_until(f.reactor, [&] { return rec.closed.has_value(); }));
    CHECK(rec.data == "bye");
    CHECK(*rec.closed == "connection closed by server");
  }
  SECTION("client flushes then closes") {
    client.send("OUT\r\n");
    client.close_after_flush();
    REQUIRE(run_until(f.reactor, [&] { return rec.closed.has_value(); }));
    CHECK(*rec.closed == "closed");
    CHECK_FALSE(client.is_connected());
    CHECK(read_all_now(f.accepted[0].get()) == "OUT\r\n");
    char c;
    CHECK(::read(f.accepted[0].get(), &c, 1) == 0);  // EOF
  }
  SECTION("close_after_flush half-closes and waits for the peer, dropping what it sends") {
    // A socket closed with unread bytes sends RST, and the peer may lose the OUT it has not
    // read yet: so FIN first, and the socket closes when the peer's FIN comes.
    client.send("OUT\r\n");
    client.close_after_flush();
    std::string got;
    REQUIRE(run_until(f.reactor, [&] {
      char buf[64];
      ssize_t n = ::recv(f.accepted[0].get(), buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) got.append(buf, static_cast<size_t>(n));
      return n == 0;  // the client's FIN, after its OUT
    }));
    CHECK(got == "OUT\r\n");
    CHECK_FALSE(rec.closed);  // still reading: the peer has not closed
    REQUIRE(::write(f.accepted[0].get(), "late", 4) == 4);
    f.accepted[0].reset();
    // The peer's FIN is ready at once: a turn or two, not the one-second fallback timer.
    for (int i = 0; i < 5 && !rec.closed; ++i) f.reactor.run_once(10ms);
    REQUIRE(rec.closed);
    CHECK(*rec.closed == "closed");
    CHECK(rec.data.empty());  // "late" came after close_after_flush(): nobody wants it
  }
  SECTION("close() is silent") {
    client.close();
    for (int i = 0; i < 3; ++i) f.reactor.run_once(5ms);
    CHECK(!rec.closed);
    char c;
    CHECK(::read(f.accepted[0].get(), &c, 1) == 0);
  }
}

TEST_CASE("tcp: the connection may be destroyed inside its callbacks", "[net][tcp]") {
  Fixture f;
  std::unique_ptr<TcpConnection> client;
  int data_calls = 0;
  bool closed = false;
  TcpConnection::Callbacks cb;
  cb.on_data = [&](std::string_view) {
    ++data_calls;
    client.reset();
  };
  cb.on_closed = [&](const std::string&) {
    closed = true;
    client.reset();
  };
  SECTION("in on_data") {
    client = std::make_unique<TcpConnection>(f.reactor, f.resolver, cb);
    client->connect("127.0.0.1", f.port(), {}, 1000ms);
    REQUIRE(run_until(f.reactor, [&] { return f.accepted.size() == 1; }));
    std::string lots(200000, 'x');
    REQUIRE(::write(f.accepted[0].get(), lots.data(), lots.size()) > 0);
    REQUIRE(run_until(f.reactor, [&] { return !client; }));
    for (int i = 0; i < 3; ++i) f.reactor.run_once(5ms);
    CHECK(data_calls == 1);
    CHECK_FALSE(closed);
  }
  SECTION("in on_closed") {
    cb.on_data = nullptr;
    client = std::make_unique<TcpConnection>(f.reactor, f.resolver, cb);
    client->connect("127.0.0.1", f.port(), {}, 1000ms);
    REQUIRE(run_until(f.reactor, [&] { return f.accepted.size() == 1; }));
    f.accepted[0].reset();
    REQUIRE(run_until(f.reactor, [&] { return closed; }));
    CHECK_FALSE(client);
  }
}

TEST_CASE("tcp: a flooding peer is read at most kReadBudget per turn", "[net][tcp]") {
  Fixture f;
  size_t this_turn = 0, max_turn = 0, total = 0;
  TcpConnection::Callbacks cb;
  cb.on_data = [&](std::string_view bytes) {
    this_turn += bytes.size();
    total += bytes.size();
  };
  auto turn_end = f.reactor.on_turn_end([&] {
    max_turn = std::max(max_turn, this_turn);
    this_turn = 0;
  });
  TcpConnection client(f.reactor, f.resolver, cb);
  client.connect("127.0.0.1", f.port(), {}, 1000ms);
  REQUIRE(run_until(f.reactor, [&] { return f.accepted.size() == 1; }));
  std::string lots(1 << 20, 'y');
  size_t sent = 0;
  auto writer = f.reactor.every(1ms, [&] {
    ssize_t n = ::write(f.accepted[0].get(), lots.data() + sent, lots.size() - sent);
    if (n > 0) sent += static_cast<size_t>(n);
  });
  REQUIRE(run_until(f.reactor, [&] { return total == lots.size(); }));
  CHECK(max_turn <= TcpConnection::kReadBudget);
  CHECK(max_turn > 0);
}
