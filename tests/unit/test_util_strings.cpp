#include <catch2/catch.hpp>

#include "util/Strings.hpp"

using namespace msntty;

TEST_CASE("split_spaces keeps empty fields", "[util][strings]") {
  using V = std::vector<std::string_view>;
  CHECK(split_spaces("USR 7 OK alice@hotmail.com Alice 1") ==
        V{"USR", "7", "OK", "alice@hotmail.com", "Alice", "1"});
  CHECK(split_spaces("a  b") == V{"a", "", "b"});
  CHECK(split_spaces("LST N=bob@example.com F=Bob 11 1 ") ==
        V{"LST", "N=bob@example.com", "F=Bob", "11", "1", ""});
  CHECK(split_spaces("OUT") == V{"OUT"});
  CHECK(split_spaces(" ") == V{"", ""});
  CHECK(split_spaces("").empty());
}

TEST_CASE("case-insensitive comparisons", "[util][strings]") {
  CHECK(equals_icase("Content-Type", "content-TYPE"));
  CHECK_FALSE(equals_icase("Content-Type", "Content-Typ"));
  CHECK(starts_with_icase("TEXT/plain; charset", "text/PLAIN"));
  CHECK_FALSE(starts_with_icase("tex", "text"));
  CHECK(to_lower("MiXeD-9\xC3\x89") == "mixed-9\xC3\x89");  // non-ASCII untouched
}

TEST_CASE("trim", "[util][strings]") {
  CHECK(trim("  a b \t\r\n") == "a b");
  CHECK(trim("   ").empty());
  CHECK(trim("").empty());
  CHECK(trim("x") == "x");
}

TEST_CASE("parse_u32", "[util][strings]") {
  CHECK(parse_u32("0") == 0u);
  CHECK(parse_u32("4294967295") == 4294967295u);
  CHECK(parse_u32("00012") == 12u);
  CHECK_FALSE(parse_u32("4294967296"));
  CHECK_FALSE(parse_u32("99999999999999999999999"));
  CHECK_FALSE(parse_u32(""));
  CHECK_FALSE(parse_u32("-1"));
  CHECK_FALSE(parse_u32("+1"));
  CHECK_FALSE(parse_u32(" 1"));
  CHECK_FALSE(parse_u32("1a"));
}

TEST_CASE("parse_i64", "[util][strings]") {
  CHECK(parse_i64("0") == 0);
  CHECK(parse_i64("-42") == -42);
  CHECK(parse_i64("9223372036854775807") == INT64_MAX);
  CHECK(parse_i64("-9223372036854775808") == INT64_MIN);
  CHECK_FALSE(parse_i64("9223372036854775808"));
  CHECK_FALSE(parse_i64("-9223372036854775809"));
  CHECK_FALSE(parse_i64("-"));
  CHECK_FALSE(parse_i64(""));
  CHECK_FALSE(parse_i64("+5"));
  CHECK_FALSE(parse_i64("1.5"));
}

TEST_CASE("to_crlf makes every line end CRLF", "[util]") {
  REQUIRE(to_crlf("a\nb") == "a\r\nb");
  REQUIRE(to_crlf("a\r\nb\r\n") == "a\r\nb\r\n");
  REQUIRE(to_crlf("a\rb") == "ab");
  REQUIRE(to_crlf("") == "");
  REQUIRE(to_crlf("\n\n") == "\r\n\r\n");
}
