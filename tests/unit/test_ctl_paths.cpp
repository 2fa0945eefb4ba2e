#include <catch2/catch.hpp>

#include "ctl/EventClient.hpp"
#include "ctl/RemoteClient.hpp"
#include "ctl/RuntimePaths.hpp"

using namespace msntty;
using namespace msntty::ctl;

TEST_CASE("runtime_base prefers an absolute XDG_RUNTIME_DIR", "[ctl][paths]") {
  CHECK(runtime_base("/run/user/1000", 1000) == "/run/user/1000/msntty");
  CHECK(runtime_base("/run/user/1000/", 1000) == "/run/user/1000/msntty");
  CHECK(runtime_base(nullptr, 1000) == "/tmp/msntty-1000");
  CHECK(runtime_base("", 42) == "/tmp/msntty-42");
  CHECK(runtime_base("relative/dir", 42) == "/tmp/msntty-42");  // invalid per XDG: ignored
}

TEST_CASE("account_problem accepts addresses and rejects path tricks", "[ctl][paths]") {
  CHECK_FALSE(account_problem("alice@example.com"));
  CHECK_FALSE(account_problem("first.last+tag@example.co.uk"));
  CHECK_FALSE(account_problem("ünïcödé@example.com"));
  CHECK(account_problem(""));
  CHECK(account_problem("."));
  CHECK(account_problem(".."));
  CHECK(account_problem("../etc"));
  CHECK(account_problem("a..b@example.com"));
  CHECK(account_problem(".hidden@example.com"));
  CHECK(account_problem("alice/../../x"));
  CHECK(account_problem("/abs@example.com"));
  CHECK(account_problem("a\nb@example.com"));
  CHECK(account_problem(std::string("a\0b", 3)));
  CHECK(account_problem("a\x1b[31m@example.com"));
  CHECK(account_problem("a\x7f@example.com"));
  CHECK(account_problem("\xff\xfe@example.com"));
  CHECK(account_problem(std::string(256, 'a')));
  CHECK_FALSE(account_problem(std::string(255, 'a')));
}

TEST_CASE("account folders are lower case and joined safely", "[ctl][paths]") {
  CHECK(account_folder("Alice@Example.COM") == "alice@example.com");
  CHECK(account_dir("/run/user/1000/msntty", "Bob@example.com") ==
        "/run/user/1000/msntty/bob@example.com");
  CHECK(join_path("/tmp/msntty-1/", "cmd") == "/tmp/msntty-1/cmd");
  CHECK(join_path("/", "x") == "/x");
  CHECK(fits_socket_path(std::string(107, 'a')));
  CHECK_FALSE(fits_socket_path(std::string(108, 'a')));
}

TEST_CASE("result lines round-trip through the --remote parser", "[ctl][remote]") {
  bool ok = false;
  std::string error = "x";
  std::string line = EventClient::result_line({true, ""});
  CHECK(line == R"({"event":"result","ok":true})");
  REQUIRE(RemoteClient::parse_result(line, ok, error));
  CHECK(ok);
  CHECK(error.empty());

  for (std::string text : {"unknown command /bogus (see /help)", "quote \" back\\slash\ttab",
                           "ctl \x01\x1b end", "ünïcödé ☕ 😀"}) {
    line = EventClient::result_line({false, text});
    REQUIRE(RemoteClient::parse_result(line, ok, error));
    CHECK_FALSE(ok);
    CHECK(error == text);
  }
  CHECK(RemoteClient::parse_result(R"({"event":"result","ok":false,"error":"\ud83d\ude00"})", ok,
                                   error));
  CHECK(error == "😀");
}

TEST_CASE("other lines are not results", "[ctl][remote]") {
  bool ok;
  std::string error;
  CHECK_FALSE(RemoteClient::parse_result(R"({"event":"status","status":"away"})", ok, error));
  CHECK_FALSE(RemoteClient::parse_result(R"({"event":"result","ok":false,"error":"unterminated)",
                                         ok, error));
  CHECK_FALSE(RemoteClient::parse_result(R"({"event":"result","ok":false,"error":"x"}trailing)", ok,
                                         error));
  CHECK_FALSE(RemoteClient::parse_result("", ok, error));
}
