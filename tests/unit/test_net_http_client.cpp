// HttpClient against an in-test plain HTTP server on loopback.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/HttpClient.hpp"
#include "net/Listener.hpp"
#include "net/Reactor.hpp"
#include "net/Resolver.hpp"

#include "helpers/Loop.hpp"

using namespace msntty::net;
using namespace std::chrono_literals;
using msntty::test::run_until;

namespace {

// Reads each request up to the blank line, then writes `reply` (if any) and closes.
struct HttpServer {
  struct Conn {
    UniqueFd fd;
    Reactor::Watch watch;
    std::string request;
  };
  Reactor& reactor;
  std::optional<std::string> reply;  // nullopt: read the request and never answer
  std::vector<std::string> requests;
  std::vector<std::unique_ptr<Conn>> conns;
  Listener listener{reactor,
                    [this](UniqueFd fd, const sockaddr_storage&) { accept(std::move(fd)); }};

  explicit HttpServer(Reactor& r) : reactor(r) {
    std::string error;
    REQUIRE(listener.listen("127.0.0.1", 0, error));
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(listener.port()) + path;
  }

  void accept(UniqueFd fd) {
    auto conn = std::make_unique<Conn>();
    Conn* c = conn.get();
    c->fd = std::move(fd);
    c->watch = reactor.watch(c->fd.get(), POLLIN, [this, c](short) { readable(*c); });
    conns.push_back(std::move(conn));
  }

  // The head, and as many body bytes as its Content-Length names.
  static bool complete(const std::string& request) {
    size_t end = request.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    size_t cl = request.find("\r\nContent-Length: ");
    if (cl == std::string::npos || cl > end) return true;
    size_t length = std::stoul(request.substr(cl + 18));
    return request.size() >= end + 4 + length;
  }

  void readable(Conn& c) {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(c.fd.get(), buf, sizeof buf)) > 0)
      c.request.append(buf, static_cast<size_t>(n));
    if (n == 0) c.watch.reset();
    if (!complete(c.request) || !c.watch.registered()) return;
    requests.push_back(c.request);
    c.watch.reset();
    if (!reply) return;
    REQUIRE(::write(c.fd.get(), reply->data(), reply->size()) ==
            static_cast<ssize_t>(reply->size()));
    c.fd.reset();
  }
};

struct Outcome {
  bool called = false;
  std::optional<HttpResponse> response;
  std::string error;
};

struct Fixture {
  Reactor reactor;
  Resolver resolver{reactor, Resolver::Options{{"127.0.0.1:9"}, 100ms, 1}};
  HttpServer server{reactor};
  HttpClient http{reactor, resolver};
  Outcome out;

  HttpClient::Request get(const std::string& path, HttpClient::Headers headers = {},
                          std::chrono::milliseconds timeout = 1000ms) {
    auto url = Url::parse(server.url(path));
    REQUIRE(url);
    return http.get(*url, std::move(headers), {}, timeout,
                    [this](std::optional<HttpResponse> r, std::string e) {
                      CHECK_FALSE(out.called);
                      out.called = true;
                      out.response = std::move(r);
                      out.error = std::move(e);
                    });
  }
  bool wait() {
    return run_until(reactor, [this] { return out.called; });
  }
};

}  // namespace

TEST_CASE("http: POST sends the body with its real Content-Length", "[net][http]") {
  Fixture f;
  f.server.reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  auto url = Url::parse(f.server.url("/RST.srf"));
  REQUIRE(url);
  std::string body = "<Envelope>\xc3\xa9</Envelope>";
  auto req = f.http.post(*url, {{"Content-Type", "text/xml"}, {"Content-Length", "1"}}, body, {},
                         1000ms, [&f](std::optional<HttpResponse> r, std::string e) {
                           f.out.called = true;
                           f.out.response = std::move(r);
                           f.out.error = std::move(e);
                         });
  REQUIRE(f.wait());
  REQUIRE(f.out.response);
  CHECK(f.out.response->body == "ok");
  REQUIRE(f.server.requests.size() == 1);
  const auto& r = f.server.requests[0];
  CHECK(r.rfind("POST /RST.srf HTTP/1.1\r\n", 0) == 0);
  CHECK(r.find("\r\nContent-Type: text/xml\r\n") != std::string::npos);
  CHECK(r.find("\r\nContent-Length: " + std::to_string(body.size()) + "\r\n") != std::string::npos);
  CHECK(r.find("Content-Length: 1\r\n") == std::string::npos);
  CHECK(r.substr(r.size() - body.size()) == body);
}

TEST_CASE("http: GET with Content-Length, request format", "[net][http]") {
  Fixture f;
  f.server.reply = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-A: 1\r\n\r\nbody";
  auto req = f.get("/a/b?c=d", {{"Authorization", "Passport1.4 sign-in=x,pwd=y"}});
  CHECK(req.pending());
  REQUIRE(f.wait());
  CHECK_FALSE(req.pending());
  REQUIRE(f.out.response);
  CHECK(f.out.error.empty());
  CHECK(f.out.response->status == 200);
  CHECK(f.out.response->body == "body");
  REQUIRE(f.server.requests.size() == 1);
  const auto& r = f.server.requests[0];
  CHECK(r.rfind("GET /a/b?c=d HTTP/1.1\r\n", 0) == 0);
  CHECK(r.find("\r\nHost: 127.0.0.1:" + std::to_string(f.server.listener.port()) + "\r\n") !=
        std::string::npos);
  CHECK(r.find("\r\nAuthorization: Passport1.4 sign-in=x,pwd=y\r\n") != std::string::npos);
  CHECK(r.find("\r\nConnection: close\r\n") != std::string::npos);
}

TEST_CASE("http: 302 is returned to the caller, not followed", "[net][http]") {
  Fixture f;
  f.server.reply =
      "HTTP/1.1 302 Found\r\nLocation: https://elsewhere/\r\nContent-Length: 0\r\n\r\n";
  auto req = f.get("/");
  REQUIRE(f.wait());
  REQUIRE(f.out.response);
  CHECK(f.out.response->status == 302);
  CHECK(f.out.response->header("location") == "https://elsewhere/");
  CHECK(f.server.requests.size() == 1);
}

TEST_CASE("http: body read until close", "[net][http]") {
  Fixture f;
  f.server.reply = "HTTP/1.0 200 OK\r\n\r\nuntil the end";
  auto req = f.get("/");
  REQUIRE(f.wait());
  REQUIRE(f.out.response);
  CHECK(f.out.response->body == "until the end");
}

TEST_CASE("http: failures come back as errors", "[net][http]") {
  Fixture f;
  SECTION("malformed response") {
    f.server.reply = "garbage\r\n\r\n";
    auto req = f.get("/");
    REQUIRE(f.wait());
    CHECK_FALSE(f.out.response);
    CHECK(f.out.error == "HTTP: malformed status line");
  }
  SECTION("truncated response") {
    f.server.reply = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort";
    auto req = f.get("/");
    REQUIRE(f.wait());
    CHECK(f.out.error == "HTTP: connection closed before the response was complete");
  }
  SECTION("no answer: timeout") {
    auto req = f.get("/", {}, 80ms);
    REQUIRE(f.wait());
    CHECK(f.out.error ==
          "timed out waiting for 127.0.0.1:" + std::to_string(f.server.listener.port()));
  }
  SECTION("connection refused") {
    auto url = Url::parse(f.server.url("/"));
    f.server.listener.close();  // nothing listens on that port any more
    auto req = f.http.get(*url, {}, {}, 1000ms, [&](std::optional<HttpResponse> r, std::string e) {
      f.out.called = true;
      f.out.response = std::move(r);
      f.out.error = std::move(e);
    });
    REQUIRE(f.wait());
    CHECK(f.out.error == "connection refused");
  }
  SECTION("header injection is refused without echoing the value") {
    auto req = f.get("/", {{"Authorization", "secret\r\nX-Evil: 1"}});
    REQUIRE(f.wait());
    CHECK(f.out.error == "HTTP: invalid request header");
    CHECK(f.out.error.find("secret") == std::string::npos);
    CHECK(f.server.requests.empty());
  }
}

TEST_CASE("http: aborting by destroying the request, and destroying it inside the callback",
          "[net][http]") {
  Fixture f;
  f.server.reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  { auto req = f.get("/"); }
  for (int i = 0; i < 5; ++i) f.reactor.run_once(10ms);
  CHECK_FALSE(f.out.called);

  auto url = Url::parse(f.server.url("/"));
  auto holder = std::make_unique<HttpClient::Request>();
  bool called = false;
  *holder = f.http.get(*url, {}, {}, 1000ms, [&](std::optional<HttpResponse> r, std::string) {
    called = true;
    CHECK(r);
    holder.reset();  // destroys the request (and its connection) from inside its callback
  });
  REQUIRE(run_until(f.reactor, [&] { return called; }));
  for (int i = 0; i < 3; ++i) f.reactor.run_once(5ms);
  CHECK_FALSE(holder);
}
