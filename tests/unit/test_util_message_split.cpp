#include <catch2/catch.hpp>

#include "util/MessageSplit.hpp"
#include "util/Utf8.hpp"

using namespace msntty;
using Strings = std::vector<std::string>;

namespace {

// The invariants of every split: parts within the limit, valid UTF-8 each, never ending between
// CR and LF, and joined they are the text.
Strings split_and_check(const std::string& text, size_t max) {
  Strings parts = split_message(text, max);
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    INFO("part " << i << ": [" << parts[i] << "]");
    CHECK(!parts[i].empty());
    CHECK(parts[i].size() <= max);
    CHECK(utf8_valid(parts[i]));
    if (i + 1 < parts.size()) CHECK_FALSE((parts[i].back() == '\r' && parts[i + 1][0] == '\n'));
    joined += parts[i];
  }
  CHECK(joined == text);
  return parts;
}

}  // namespace

TEST_CASE("split_message: between words, the space ending the earlier part", "[util][split]") {
  CHECK(split_and_check("hello brave new world", 12) == Strings{"hello brave ", "new world"});
  CHECK(split_and_check("hello world", 11) == Strings{"hello world"});
  CHECK(split_and_check("hello world", 10) == Strings{"hello ", "world"});
  // The cut is after a run of spaces, so the next part starts with a word.
  CHECK(split_and_check("aaa    bbb ccc", 8) == Strings{"aaa    ", "bbb ccc"});
  // A tab separates words too.
  CHECK(split_and_check("one\ttwo three", 8) == Strings{"one\ttwo ", "three"});
}

TEST_CASE("split_message: a line break in the second half of the room wins", "[util][split]") {
  CHECK(split_and_check("first line\r\nsecond line", 20) ==
        Strings{"first line\r\n", "second line"});
  // A line break early in the room would make a short part: the last word boundary wins.
  CHECK(split_and_check("ab\r\ncd ef gh ij", 12) == Strings{"ab\r\ncd ef ", "gh ij"});
  // Plain LF (an offline message before CRLF conversion, a log) counts as well.
  CHECK(split_and_check("aaaa bbbb\ncc dd", 12) == Strings{"aaaa bbbb\n", "cc dd"});
}

TEST_CASE("split_message: a word longer than the room is cut at a character", "[util][split]") {
  CHECK(split_and_check("abcdef", 4) == Strings{"abcd", "ef"});
  CHECK(split_and_check("x abcdefgh", 4) == Strings{"x ", "abcd", "efgh"});
  // "é" is two bytes: a limit of 5 would end inside the third one.
  CHECK(split_and_check("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5) ==
        Strings{"\xC3\xA9\xC3\xA9", "\xC3\xA9\xC3\xA9"});
  // A limit below one character sends it whole, and 0 does not loop forever.
  CHECK(split_message("a\xE2\x82\xAC"
                      "b",
                      2) == Strings{"a", "\xE2\x82\xAC", "b"});
  CHECK(split_message("ab", 0) == Strings{"a", "b"});
  CHECK(split_message("", 10).empty());
}

TEST_CASE("split_message: never between CR and LF", "[util][split]") {
  CHECK(split_and_check("ab\r\ncd", 3) == Strings{"ab", "\r\n", "cd"});
  CHECK(split_and_check("abc\r\n", 4) == Strings{"abc", "\r\n"});
}

TEST_CASE("split_message: a long paste of prose at the switchboard's limit", "[util][split]") {
  std::string text;
  const std::string words[] = {"lorem ",       "ipsum ", "d\xC3\xB6lor ",     "sit ",
                               "\xE2\x82\xAC", "met, ",  "\xF0\x9F\x98\x80 ", "consectetur\r\n"};
  for (int i = 0; i < 800; ++i) text += words[i % 8];
  const size_t room = 1551;
  auto parts = split_and_check(text, room);
  REQUIRE(parts.size() >= 4);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    INFO("part " << i);
    // Each ends at white space and the next begins with a word: no word was cut.
    char last = parts[i].back();
    CHECK((last == ' ' || last == '\n'));
    CHECK(parts[i + 1][0] != ' ');
    // Nearly full: a cut is never far from the limit (a line is at most 49 bytes here).
    CHECK(parts[i].size() + 50 > room);
  }
}
