#include <catch2/catch.hpp>

#include "util/Utf8.hpp"

using namespace msntty;

namespace {
const std::string kFFFD = "\xEF\xBF\xBD";
}

TEST_CASE("utf8_valid accepts well-formed text", "[util][utf8]") {
  CHECK(utf8_valid(""));
  CHECK(utf8_valid("plain ASCII"));
  CHECK(utf8_valid("h\xC3\xA9llo \xE2\x98\x83"));
  CHECK(utf8_valid("\xF0\x9F\x98\x80"));  // U+1F600
  CHECK(utf8_valid("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  CHECK(utf8_valid("\xEF\xBF\xBD"));
  CHECK(utf8_valid(std::string_view("\0", 1)));
  CHECK(utf8_valid("\xC2\x80"));  // U+0080 (C1 control, but valid UTF-8)
}

TEST_CASE("utf8_valid rejects malformed text", "[util][utf8]") {
  CHECK_FALSE(utf8_valid("\x80"));
  CHECK_FALSE(utf8_valid("\xC0\xAF"));  // overlong '/'
  CHECK_FALSE(utf8_valid("\xC1\xBF"));
  CHECK_FALSE(utf8_valid("\xE0\x80\xAF"));      // overlong
  CHECK_FALSE(utf8_valid("\xF0\x80\x80\xAF"));  // overlong
  CHECK_FALSE(utf8_valid("\xED\xA0\x80"));      // surrogate U+D800
  CHECK_FALSE(utf8_valid("\xED\xBF\xBF"));      // surrogate U+DFFF
  CHECK_FALSE(utf8_valid("\xF4\x90\x80\x80"));  // U+110000
  CHECK_FALSE(utf8_valid("\xF5\x80\x80\x80"));
  CHECK_FALSE(utf8_valid("\xFF"));
  CHECK_FALSE(utf8_valid("\xE2\x98"));  // truncated
  CHECK_FALSE(utf8_valid("a\xC3"));
}

TEST_CASE("utf8_repair uses one U+FFFD per maximal subpart", "[util][utf8]") {
  CHECK(utf8_repair("ok \xE2\x98\x83") == "ok \xE2\x98\x83");
  CHECK(utf8_repair("a\xFF"
                    "b") == "a" + kFFFD + "b");
  CHECK(utf8_repair("\xE2\x98") == kFFFD);  // truncated 3-byte: one
  CHECK(utf8_repair("\xE2\x98z") == kFFFD + "z");
  CHECK(utf8_repair("\xF0\x9F\x98") == kFFFD);
  CHECK(utf8_repair("\xC0\xAF") == kFFFD + kFFFD);  // C0 is never a lead
  CHECK(utf8_repair("\xED\xA0\x80") ==
        kFFFD + kFFFD + kFFFD);  // surrogate: A0 not allowed after ED
  CHECK(utf8_repair("\x80\x80") == kFFFD + kFFFD);
  // Unicode 15 table 3-8 example
  CHECK(utf8_repair("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64") ==
        "a" + kFFFD + kFFFD + kFFFD + "b" + kFFFD + "c" + kFFFD + kFFFD + "d");
  CHECK(utf8_valid(utf8_repair("\xF4\x90\x80\x80\xE0\x80")));
}

TEST_CASE("latin1_to_utf8", "[util][utf8]") {
  CHECK(latin1_to_utf8("abc") == "abc");
  CHECK(latin1_to_utf8("h\xE9llo") == "h\xC3\xA9llo");
  CHECK(latin1_to_utf8("\xFF\x80") == "\xC3\xBF\xC2\x80");
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  CHECK(utf8_valid(latin1_to_utf8(all)));
}

TEST_CASE("utf8_prefix_bytes never cuts a sequence", "[util][utf8]") {
  const std::string s = "a\xC3\xA9\xE2\x98\x83\xF0\x9F\x98\x80";  // a é ☃ 😀 = 1+2+3+4
  CHECK(utf8_prefix_bytes(s, 0) == 0);
  CHECK(utf8_prefix_bytes(s, 1) == 1);
  CHECK(utf8_prefix_bytes(s, 2) == 1);
  CHECK(utf8_prefix_bytes(s, 3) == 3);
  CHECK(utf8_prefix_bytes(s, 4) == 3);
  CHECK(utf8_prefix_bytes(s, 5) == 3);
  CHECK(utf8_prefix_bytes(s, 6) == 6);
  CHECK(utf8_prefix_bytes(s, 9) == 6);
  CHECK(utf8_prefix_bytes(s, 10) == 10);
  CHECK(utf8_prefix_bytes(s, 100) == 10);
  CHECK(utf8_prefix_bytes("\x80\x80\x80\x80\x80", 3) == 3);  // stray continuations: any cut
  CHECK(utf8_prefix_bytes("a\x80"
                          "b",
                          2) == 2);
  for (size_t n = 0; n <= s.size(); ++n) CHECK(utf8_valid(s.substr(0, utf8_prefix_bytes(s, n))));
}

TEST_CASE("sanitize_for_terminal", "[util][utf8]") {
  CHECK(sanitize_for_terminal("hello \xE2\x98\x83") == "hello \xE2\x98\x83");
  CHECK(sanitize_for_terminal("\x1b[2Jboom\x07") == "^[[2Jboom^G");
  CHECK(sanitize_for_terminal(std::string_view("a\0b", 3)) == "a^@b");
  CHECK(sanitize_for_terminal("del\x7f") == "del^?");
  CHECK(sanitize_for_terminal("a\tb") == "a b");
  CHECK(sanitize_for_terminal("l1\r\nl2\nl3") == "l1^Jl2^Jl3");
  CHECK(sanitize_for_terminal("l1\r\nl2\nl3", true) == "l1\nl2\nl3");
  CHECK(sanitize_for_terminal("a\rb", true) == "a^Mb");
  CHECK(sanitize_for_terminal("x\r") == "x^M");
  CHECK(sanitize_for_terminal("csi\xC2\x9B"
                              "31m") == "csi<9B>31m");
  CHECK(sanitize_for_terminal("\xC2\x80\xC2\x9F\xC2\xA0") == "<80><9F>\xC2\xA0");
  CHECK(sanitize_for_terminal("abc\xE2\x80\xAEgpj.exe") == "abc<U+202E>gpj.exe");
  CHECK(sanitize_for_terminal("\xE2\x81\xA6x\xE2\x81\xA9") == "<U+2066>x<U+2069>");
  CHECK(sanitize_for_terminal("\xE2\x80\x8F ok") == "\xE2\x80\x8F ok");  // RLM is harmless
  CHECK(sanitize_for_terminal("bad\xFF\x1b") == "bad" + kFFFD + "^[");
  CHECK(sanitize_for_terminal("").empty());
}

TEST_CASE("sanitize_for_terminal output is always safe", "[util][utf8]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  all += "\xC2\x85\xE2\x80\xAA\xE2\x81\xA8";
  const std::string out = sanitize_for_terminal(all);
  CHECK(utf8_valid(out));
  for (char c : out) {
    const auto u = static_cast<unsigned char>(c);
    CHECK((u >= 0x20 && u != 0x7f));
  }
  CHECK(out.find("\xC2\x85") == std::string::npos);
  CHECK(out.find("\xE2\x80\xAA") == std::string::npos);
}
