// Highlighter: which words make a group-chat message a highlight, and matching them whole.
#include <catch2/catch.hpp>

#include "app/Highlighter.hpp"

using msntty::Highlighter;

TEST_CASE("highlight words: the nickname, the address's local part, then the list") {
  auto w = Highlighter::words("Alice Smith", "alice@example.com", " release ,, Big News,");
  CHECK(w == std::vector<std::string>{"Alice Smith", "alice", "release", "Big News"});
}

TEST_CASE("highlight words: nothing empty, even with no nickname or address yet") {
  CHECK(Highlighter::words("", "", "").empty());
  CHECK(Highlighter::words(" ", "@example.com", " , ").empty());
  CHECK(Highlighter::words("", "noat", "") == std::vector<std::string>{"noat"});
}

TEST_CASE("a highlight matches whole words in any case") {
  Highlighter h;
  const auto& m = h.matcher("Al", "alice@example.com", "pizza, big news");
  CHECK(m.matches("hey ALICE, look"));
  CHECK(m.matches("al: are you there"));
  CHECK_FALSE(m.matches("big  news, two spaces"));  // the entry as written
  CHECK(m.matches("big news today"));
  CHECK_FALSE(m.matches("alicent is somebody else"));
  CHECK_FALSE(m.matches("totally unrelated"));
  CHECK(m.find_all("alice and Alice") == std::vector<msntty::TextMatcher::Range>{{0, 5}, {10, 15}});
}

TEST_CASE("the matcher follows a change of nickname or list") {
  Highlighter h;
  CHECK(h.matcher("", "alice@example.com", "").matches("alice"));
  CHECK_FALSE(h.matcher("", "alice@example.com", "").matches("pizza"));
  CHECK(h.matcher("", "alice@example.com", "pizza").matches("pizza time"));
  CHECK(h.matcher("Ally", "alice@example.com", "").matches("hi ally"));
  CHECK_FALSE(h.matcher("Ally", "alice@example.com", "").matches("pizza time"));
}
