// HttpResponseParser and Url: pure parsing, every response fed at every split point.
#include <catch2/catch.hpp>

#include <string>

#include "net/HttpResponseParser.hpp"
#include "net/Url.hpp"

using namespace msntty::net;
using State = HttpResponseParser::State;

namespace {

// Feeds `raw` in two pieces split at every offset (and byte by byte); all must agree.
HttpResponseParser parse_all_splits(const std::string& raw, bool close_at_end = false) {
  HttpResponseParser whole;
  whole.feed(raw);
  if (close_at_end) whole.finish();
  for (size_t cut = 0; cut <= raw.size(); ++cut) {
    HttpResponseParser p;
    p.feed(raw.substr(0, cut));
    p.feed(raw.substr(cut));
    if (close_at_end) p.finish();
    REQUIRE(p.state() == whole.state());
    REQUIRE(p.response().body == whole.response().body);
    REQUIRE(p.response().status == whole.response().status);
  }
  HttpResponseParser bytewise;
  for (char c : raw) bytewise.feed(std::string_view(&c, 1));
  if (close_at_end) bytewise.finish();
  REQUIRE(bytewise.state() == whole.state());
  REQUIRE(bytewise.response().body == whole.response().body);
  return whole;
}

}  // namespace

TEST_CASE("parser: Content-Length body and case-insensitive headers", "[net][http]") {
  std::string raw =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-Multi:  a b  "
      "\r\n\r\nhello";
  auto p = parse_all_splits(raw + "trailing junk");
  REQUIRE(p.done());
  CHECK(p.response().status == 200);
  CHECK(p.response().reason == "OK");
  CHECK(p.response().body == "hello");
  CHECK(p.response().header("content-type") == "text/plain");
  CHECK(p.response().header("X-MULTI") == "a b");
  CHECK(p.response().header("missing").empty());
}

TEST_CASE("parser: chunked body with extensions and trailers", "[net][http]") {
  std::string raw =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n";
  auto p = parse_all_splits(raw);
  REQUIRE(p.done());
  CHECK(p.response().body == "hello 0123456789");
}

TEST_CASE("parser: read-until-close body needs finish()", "[net][http]") {
  std::string raw = "HTTP/1.0 200 OK\nServer: x\n\nbody until close";
  HttpResponseParser p;
  CHECK(p.feed(raw) == State::Body);
  CHECK(p.finish() == State::Done);
  CHECK(p.response().body == "body until close");
  parse_all_splits(raw, true);
}

TEST_CASE("parser: 302 with Location, 204 without body, 100 Continue skipped", "[net][http]") {
  auto redirect =
      parse_all_splits("HTTP/1.1 302 Found\r\nLocation: https://x/y\r\nContent-Length: 0\r\n\r\n");
  REQUIRE(redirect.done());
  CHECK(redirect.response().status == 302);
  CHECK(redirect.response().header("location") == "https://x/y");

  auto empty = parse_all_splits("HTTP/1.1 204 No Content\r\n\r\n");
  CHECK(empty.done());

  auto cont = parse_all_splits(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  REQUIRE(cont.done());
  CHECK(cont.response().status == 200);
  CHECK(cont.response().body == "ok");
}

TEST_CASE("parser: malformed input fails with a reason", "[net][http]") {
  auto check_error = [](const std::string& raw, const std::string& reason) {
    HttpResponseParser p;
    p.feed(raw);
    p.finish();
    CHECK(p.failed());
    CHECK(p.error() == reason);
  };
  check_error("SMTP 220 hello\r\n\r\n", "malformed status line");
  check_error("HTTP/1.1 2x0 OK\r\n\r\n", "malformed status line");
  check_error("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", "malformed header line");
  check_error("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length");
  check_error("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
              "conflicting Content-Length headers");
  check_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
              "malformed chunk size");
  check_error("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
              "connection closed before the response was complete");
  check_error("", "connection closed without a response");
}

TEST_CASE("parser: header and body size limits", "[net][http]") {
  HttpResponseParser::Limits limits;
  limits.max_header_bytes = 64;
  limits.max_body_bytes = 10;
  {
    HttpResponseParser p(limits);
    p.feed("HTTP/1.1 200 OK\r\nX-Long: " + std::string(100, 'a'));  // no newline yet: still capped
    CHECK(p.failed());
    CHECK(p.error() == "response headers too large");
  }
  {
    HttpResponseParser p(limits);
    p.feed("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n");
    CHECK(p.error() == "response body too large");
  }
  {
    HttpResponseParser p(limits);
    p.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n1234");
    CHECK(p.error() == "response body too large");
  }
  {
    HttpResponseParser p(limits);
    p.feed("HTTP/1.1 200 OK\r\n\r\n12345");
    p.feed("678901");
    CHECK(p.error() == "response body too large");
  }
}

TEST_CASE("parser: many small chunks are not limited by the header cap", "[net][http]") {
  std::string raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 30000; ++i) raw += "1\r\nx\r\n";
  raw += "0\r\n\r\n";
  HttpResponseParser p;
  p.feed(raw);
  REQUIRE(p.done());
  CHECK(p.response().body.size() == 30000);
}

TEST_CASE("Url::parse", "[net][http]") {
  auto u = Url::parse("https://Login.Example.com/rdr/pprdr.asp?x=1#frag");
  REQUIRE(u);
  CHECK(u->scheme == "https");
  CHECK(u->host == "login.example.com");
  CHECK(u->port == 443);
  CHECK(u->path == "/rdr/pprdr.asp?x=1");
  CHECK(u->host_header() == "login.example.com");

  auto v = Url::parse("http://127.0.0.1:8080");
  REQUIRE(v);
  CHECK(v->port == 8080);
  CHECK(v->path == "/");
  CHECK(v->host_header() == "127.0.0.1:8080");

  auto w = Url::parse("http://[::1]:81?q");
  REQUIRE(w);
  CHECK(w->host == "::1");
  CHECK(w->path == "/?q");
  CHECK(w->host_header() == "[::1]:81");

  CHECK_FALSE(Url::parse("ftp://x/"));
  CHECK_FALSE(Url::parse("http://"));
  CHECK_FALSE(Url::parse("http://host:0/"));
  CHECK_FALSE(Url::parse("http://host:99999/"));
  CHECK_FALSE(Url::parse("http://user:pw@host/"));
  CHECK_FALSE(Url::parse("http://ho st/"));
  CHECK_FALSE(Url::parse("no scheme"));
}
