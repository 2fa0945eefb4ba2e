#include <catch2/catch.hpp>

#include "ui/TextWidth.hpp"

using namespace msntty::ui;

TEST_CASE("utf8 decode and encode round trip", "[ui][textwidth]") {
  std::string s = "a\u00e9\u4e2d\U0001F600";
  std::u32string cps = decode_utf8(s);
  REQUIRE(cps == U"a\u00e9\u4e2d\U0001F600");
  REQUIRE(encode_utf8(cps) == s);
}

TEST_CASE("invalid utf8 becomes U+FFFD one byte at a time", "[ui][textwidth]") {
  CHECK(decode_utf8("a\xff"
                    "b") == U"a\uFFFDb");
  CHECK(decode_utf8("\xc3") == U"\uFFFD");                      // truncated
  CHECK(decode_utf8("\xc0\xaf") == U"\uFFFD\uFFFD");            // overlong
  CHECK(decode_utf8("\xed\xa0\x80") == U"\uFFFD\uFFFD\uFFFD");  // surrogate
  CHECK(decode_utf8("\xe4\xb8") == U"\uFFFD\uFFFD");
  CHECK(decode_utf8("\xf4\x90\x80\x80").size() == 4);  // > U+10FFFF
  std::string out;
  append_utf8(out, 0xD800);
  CHECK(out == "\uFFFD");
}

TEST_CASE("codepoint widths", "[ui][textwidth]") {
  CHECK(codepoint_width(U'a') == 1);
  CHECK(codepoint_width(U'\u00e9') == 1);
  CHECK(codepoint_width(U'\u0301') == 0);
  CHECK(codepoint_width(U'\u200b') == 0);
  CHECK(codepoint_width(U'\u200d') == 0);
  CHECK(codepoint_width(U'\ufe0f') == 0);
  CHECK(codepoint_width(U'\n') == 0);
  CHECK(codepoint_width(0x7F) == 0);
  CHECK(codepoint_width(0x9B) == 0);
  CHECK(codepoint_width(U'\u4e2d') == 2);
  CHECK(codepoint_width(U'\uac00') == 2);  // Hangul
  CHECK(codepoint_width(U'\uff21') == 2);  // fullwidth A
  CHECK(codepoint_width(U'\U0001F600') == 2);
  CHECK(codepoint_width(U'\U0001F300') == 2);
  CHECK(codepoint_width(U'\U0001FA70') == 2);
  CHECK(codepoint_width(U'\U00020000') == 2);
  CHECK(codepoint_width(U'\u00ad') == 1);  // soft hyphen is drawn
  CHECK(codepoint_width(U'\u0416') == 1);
}

TEST_CASE("display width sums code points", "[ui][textwidth]") {
  CHECK(display_width("hello") == 5);
  CHECK(display_width("e\u0301") == 1);
  CHECK(display_width("\u4e2d\u6587") == 4);
  CHECK(display_width("a\U0001F600b") == 4);
  CHECK(display_width(std::u32string_view(U"\u4e2dx")) == 3);
  CHECK(display_width("") == 0);
}

TEST_CASE("clusters group combining marks, ZWJ sequences and flags", "[ui][textwidth]") {
  std::u32string s = U"e\u0301x";
  CHECK(next_cluster(s, 0) == 2);
  CHECK(next_cluster(s, 2) == 3);
  std::u32string family = U"\U0001F468\u200D\U0001F469\u200D\U0001F467!";
  CHECK(next_cluster(family, 0) == 5);
  std::u32string flags = U"\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA";
  CHECK(next_cluster(flags, 0) == 2);
  CHECK(next_cluster(flags, 2) == 4);
  std::u32string thumbs = U"\U0001F44D\U0001F3FDa";
  CHECK(next_cluster(thumbs, 0) == 2);
  std::u32string vs = U"\u2764\ufe0fa";
  CHECK(next_cluster(vs, 0) == 2);
  std::u32string nl = U"\n\u0301";
  CHECK(next_cluster(nl, 0) == 1);  // controls never absorb marks

  int w = -1;
  std::string u8 = "e\u0301\u4e2d";
  std::size_t end = next_cluster(u8, 0, &w);
  CHECK(end == 3);
  CHECK(w == 1);
  CHECK(next_cluster(u8, end, &w) == u8.size());
  CHECK(w == 2);
}

TEST_CASE("truncate and pad by width", "[ui][textwidth]") {
  CHECK(truncate_to_width("hello", 5) == "hello");
  CHECK(truncate_to_width("hello world", 6) == "hello\u2026");
  CHECK(truncate_to_width("hello world", 6, "...") == "hel...");
  CHECK(truncate_to_width("\u4e2d\u6587\u5b57", 4) == "\u4e2d\u2026");
  CHECK(truncate_to_width("\u4e2d\u6587\u5b57", 5) == "\u4e2d\u6587\u2026");
  CHECK(truncate_to_width("ae\u0301bcdef", 3) == "ae\u0301\u2026");
  CHECK(truncate_to_width("hello", 0) == "");
  CHECK(truncate_to_width("abc", 2, "...") == "ab");
  CHECK(display_width(truncate_to_width("\U0001F600\U0001F600\U0001F600", 3)) <= 3);
  CHECK(pad_to_width("ab", 4) == "ab  ");
  CHECK(pad_to_width("\u4e2d", 3) == "\u4e2d ");
  CHECK(pad_to_width("abcdef", 3) == "abcdef");
}
