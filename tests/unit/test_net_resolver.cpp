// Resolver: hosts file, numeric short-circuit, failures. DNS only ever goes to a closed
// loopback port, so nothing leaves the machine.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <optional>

#include "net/Reactor.hpp"
#include "net/Resolver.hpp"
#include "net/SockAddr.hpp"
#include "net/UniqueFd.hpp"

using namespace msntty::net;
using namespace std::chrono_literals;

namespace {

// A UDP port on 127.0.0.1 with nobody listening: queries are refused at once.
uint16_t closed_udp_port() {
  UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

Resolver::Options loopback_only() {
  Resolver::Options opts;
  opts.servers = {"127.0.0.1:" + std::to_string(closed_udp_port())};
  opts.timeout = 100ms;
  opts.tries = 1;
  return opts;
}

struct Result {
  std::vector<sockaddr_storage> addrs;
  std::string error;
};

std::optional<Result> resolve(Reactor& r, Resolver& res, const std::string& host, uint16_t port) {
  std::optional<Result> out;
  bool inside_call = true;
  auto req = res.resolve(host, port, [&](std::vector<sockaddr_storage> addrs, std::string error) {
    CHECK_FALSE(inside_call);  // always asynchronous
    out = Result{std::move(addrs), std::move(error)};
  });
  inside_call = false;
  auto end = Clock::now() + 2s;
  while (!out && Clock::now() < end) r.run_once(50ms);
  return out;
}

}  // namespace

TEST_CASE("resolver: numeric addresses call back asynchronously", "[net][resolver]") {
  Reactor r;
  Resolver res(r, loopback_only());
  auto v4 = resolve(r, res, "127.0.0.1", 1863);
  REQUIRE(v4);
  REQUIRE(v4->error.empty());
  REQUIRE(v4->addrs.size() == 1);
  CHECK(format_address(v4->addrs[0]) == "127.0.0.1:1863");
  auto v6 = resolve(r, res, "[::1]", 443);
  REQUIRE(v6);
  REQUIRE(v6->addrs.size() == 1);
  CHECK(format_address(v6->addrs[0]) == "[::1]:443");
}

TEST_CASE("resolver: localhost comes from the hosts file", "[net][resolver]") {
  Reactor r;
  Resolver res(r, loopback_only());
  auto result = resolve(r, res, "localhost", 80);
  REQUIRE(result);
  REQUIRE(result->error.empty());
  bool has_loopback = false;
  for (const auto& a : result->addrs) {
    auto text = format_address(a);
    has_loopback |= text == "127.0.0.1:80" || text == "[::1]:80";
  }
  CHECK(has_loopback);
}

TEST_CASE("resolver: an unknown name fails with a reason", "[net][resolver]") {
  Reactor r;
  Resolver res(r, loopback_only());
  auto result = resolve(r, res, "name.invalid", 80);
  REQUIRE(result);
  CHECK(result->addrs.empty());
  CHECK_FALSE(result->error.empty());
  auto empty = resolve(r, res, "", 80);
  REQUIRE(empty);
  CHECK(empty->error == "empty host name");
}

TEST_CASE("resolver: a destroyed request never calls back", "[net][resolver]") {
  Reactor r;
  Resolver res(r, loopback_only());
  int calls = 0;
  {
    auto a = res.resolve("127.0.0.1", 1, [&](auto, auto) { ++calls; });
    auto b = res.resolve("localhost", 1, [&](auto, auto) { ++calls; });
    CHECK(a.pending());
  }
  auto c = res.resolve("name.invalid", 1, [&](auto, auto) { ++calls; });
  c.cancel();
  CHECK_FALSE(c.pending());
  for (int i = 0; i < 5; ++i) r.run_once(20ms);
  CHECK(calls == 0);
}

TEST_CASE("resolver: destroying the resolver with queries in flight is safe", "[net][resolver]") {
  Reactor r;
  int calls = 0;
  Resolver::Request req;
  {
    Resolver res(r, loopback_only());
    req = res.resolve("name.invalid", 1, [&](auto, auto) { ++calls; });
  }
  for (int i = 0; i < 3; ++i) r.run_once(10ms);
  CHECK(calls == 0);
}
