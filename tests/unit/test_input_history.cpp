// The input history (issue 13): util/InputHistory's recall order, repeats and bound.
#include <catch2/catch.hpp>

#include <string>

#include "util/InputHistory.hpp"

using namespace msntty;

TEST_CASE("input history: this window's lines first, then the others'", "[history][input]") {
  InputHistory h;
  CHECK_FALSE(h.up("", "x"));
  h.add("bob@example.com", "hi bob");
  h.add("", "/set bell");
  h.add("bob@example.com", "how are you");
  h.add("carol@example.com", "hi carol");
  CHECK(h.up("bob@example.com", "draft").value() == "how are you");
  CHECK(h.up("bob@example.com", "how are you").value() == "hi bob");
  CHECK(h.up("bob@example.com", "hi bob").value() == "hi carol");  // then the shared ones
  CHECK(h.up("bob@example.com", "hi carol").value() == "/set bell");
  CHECK_FALSE(h.up("bob@example.com", "/set bell"));  // the oldest
  CHECK(h.down().value() == "hi carol");
  CHECK(h.down().value() == "hi bob");
  CHECK(h.down().value() == "how are you");
  CHECK(h.down().value() == "draft");  // the line being typed comes back
  CHECK_FALSE(h.browsing());
  CHECK_FALSE(h.down());
  // The status window: its own line first.
  CHECK(h.up("", "").value() == "/set bell");
  CHECK(h.up("", "").value() == "hi carol");
}

TEST_CASE("input history: a line typed again moves to the front, shown once", "[history][input]") {
  InputHistory h;
  h.add("", "/win 2");
  h.add("", "/away lunch");
  h.add("bob@example.com", "/win 2");
  h.add("", "/win 2");  // again in the status window: moves, not kept twice
  CHECK(h.size() == 3);
  CHECK(h.up("", "").value() == "/win 2");
  CHECK(h.up("", "").value() == "/away lunch");
  CHECK_FALSE(h.up("", ""));  // bob's "/win 2" is the same line: not shown a second time
  CHECK(h.down().value() == "/win 2");
}

TEST_CASE("input history: bounded, no empty or broken lines", "[history][input]") {
  InputHistory h(3);
  uint64_t rev = h.revision();
  h.add("", "");
  h.add("", "two\nlines");
  h.add("a\tb", "a key with a tab");
  CHECK(h.size() == 0);
  CHECK(h.revision() == rev);  // nothing changed: nothing to write
  for (const char* l : {"a", "b", "c", "d"}) h.add("", l);
  CHECK(h.size() == 3);
  CHECK(h.entries().front().line == "b");  // the oldest went first
  CHECK(h.revision() != rev);
  h.set_max(1);
  CHECK(h.size() == 1);
  CHECK(h.entries().front().line == "d");
  h.set_max(0);
  h.add("", "e");
  CHECK(h.size() == 0);
}

TEST_CASE("input history: assign keeps the newest of repeats, within the bound",
          "[history][input]") {
  InputHistory h(2);
  h.assign({{"", "a"}, {"", "b"}, {"", "a"}, {"", ""}, {"", "c"}});
  REQUIRE(h.size() == 2);
  CHECK(h.entries()[0] == InputHistory::Entry{"", "a"});
  CHECK(h.entries()[1] == InputHistory::Entry{"", "c"});
}
