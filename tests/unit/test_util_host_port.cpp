// parse_host_port: the one reader of "host:port" (XFR and RNG addresses, the server setting,
// URL authorities, accepted peers).
#include <catch2/catch.hpp>

#include <string>

#include "util/HostPort.hpp"

using namespace msntty;

namespace {

std::string parsed(std::string_view text, uint16_t default_port = 1863) {
  auto hp = parse_host_port(text, default_port);
  return hp ? hp->host + "|" + std::to_string(hp->port) : "invalid";
}

}  // namespace

TEST_CASE("host:port: names and IPv4", "[util][hostport]") {
  CHECK(parsed("127.0.0.1:1864") == "127.0.0.1|1864");
  CHECK(parsed("msnmsgr.escargot.chat:1863") == "msnmsgr.escargot.chat|1863");
  CHECK(parsed("sb1.example.com") == "sb1.example.com|1863");
  CHECK(parsed("sb1.example.com", 443) == "sb1.example.com|443");
  CHECK(parsed("h:1") == "h|1");
  CHECK(parsed("h:65535") == "h|65535");
  CHECK(parsed("h:00080") == "h|80");
}

TEST_CASE("host:port: IPv6 in brackets, and bare", "[util][hostport]") {
  CHECK(parsed("[::1]:1864") == "::1|1864");
  CHECK(parsed("[2001:db8::7]:443") == "2001:db8::7|443");
  CHECK(parsed("[::1]") == "::1|1863");
  CHECK(parsed("[fe80::1%eth0]:99") == "fe80::1%eth0|99");
  // More than one colon and no brackets: all of it is the address, on the default port.
  CHECK(parsed("::1") == "::1|1863");
  CHECK(parsed("2001:db8::7") == "2001:db8::7|1863");
  CHECK(parsed("[::1]:") == "invalid");
  CHECK(parsed("[::1]1864") == "invalid");
  CHECK(parsed("[::1]x:1864") == "invalid");
  CHECK(parsed("[::1") == "invalid");
  CHECK(parsed("[]:1864") == "invalid");
  CHECK(parsed("[[::1]]:1864") == "invalid");
  CHECK(parsed("::1]:1864") == "invalid");
}

TEST_CASE("host:port: missing or invalid port", "[util][hostport]") {
  CHECK(parsed("host:") == "invalid");
  CHECK(parsed("host:0") == "invalid");
  CHECK(parsed("host:65536") == "invalid");
  CHECK(parsed("host:99999") == "invalid");
  CHECK(parsed("host:4294967297") == "invalid");  // would wrap to 1 in 32 bits
  CHECK(parsed("host:-1") == "invalid");
  CHECK(parsed("host:+80") == "invalid");
  CHECK(parsed("host:80x") == "invalid");
  CHECK(parsed("host:0x50") == "invalid");
  CHECK(parsed("host: 80") == "invalid");
}

TEST_CASE("host:port: garbage", "[util][hostport]") {
  CHECK(parsed("") == "invalid");
  CHECK(parsed(":1863") == "invalid");
  CHECK(parsed(":") == "invalid");
  CHECK(parsed("ho st:1863") == "invalid");
  CHECK(parsed(" host:1863") == "invalid");  // callers trim typed text first
  CHECK(parsed("host:1863\r\n") == "invalid");
  CHECK(parsed("host\x1b[2J:1863") == "invalid");
  CHECK(parsed(std::string("host\0:1863", 10)) == "invalid");
  CHECK(parsed("host\x7f:1863") == "invalid");
}
