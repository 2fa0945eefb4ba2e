// Searching (issue 13): the text matcher behind /lastlog, Ctrl-R and highlight words; the
// Ctrl-R search over a scrollback; /search's pages of the logs.
#include <catch2/catch.hpp>

#include <string>

#include "app/ChatLog.hpp"
#include "ui/ScrollbackSearch.hpp"
#include "util/TextMatcher.hpp"

#include "helpers/TempDir.hpp"

using namespace msntty;
using Range = TextMatcher::Range;

TEST_CASE("text matcher: literals ignore case, regexes and whole words", "[util][search]") {
  auto plain = TextMatcher::make("a.b", {});
  REQUIRE(plain);
  CHECK(plain->find("xxA.Byy") == Range{2, 5});
  CHECK_FALSE(plain->matches("axb"));  // a literal: the dot is a dot
  auto exact = TextMatcher::make("Apple", {.case_sensitive = true});
  REQUIRE(exact);
  CHECK_FALSE(exact->matches("apple"));
  CHECK(exact->find_all("Apple and Apple") == std::vector<Range>{{0, 5}, {10, 15}});
  auto re = TextMatcher::make("^echo: (a|b)", {.regex = true});
  REQUIRE(re);
  CHECK(re->matches("ECHO: b"));
  CHECK_FALSE(re->matches("say echo: a"));
  auto bad = TextMatcher::make("([", {.regex = true});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().text.starts_with("bad regular expression \"([\""));
  auto all = TextMatcher::make("", {});
  REQUIRE(all);
  CHECK(all->matches("anything"));
  CHECK(all->find_all("anything").empty());  // empty matches mark nothing
  // A long line does not overflow the stack (std::regex recurses per character).
  auto star = TextMatcher::make("(a|b)*c", {.regex = true});
  REQUIRE(star);
  CHECK(star->find(std::string(32 * 1024, 'a') + "c").has_value());

  auto words = TextMatcher::any_word({"alice", "", "Dr. Who"});
  CHECK(words.find_all("Alice, alice! malice alice_x dr. who") ==
        std::vector<Range>{{0, 5}, {7, 12}, {29, 36}});
  CHECK_FALSE(TextMatcher::any_word({}).matches("alice"));
}

namespace {

msntty::ui::Scrollback lines(std::initializer_list<const char*> texts) {
  msntty::ui::Scrollback sb;
  sb.set_size(40, 5);
  for (const char* t : texts) {
    msntty::ui::Scrollback::Line l;
    l.text = t;
    sb.append(std::move(l));
  }
  return sb;
}

}  // namespace

TEST_CASE("ctrl-r: narrows, keeps a match that still matches, goes older, fails", "[ui][search]") {
  auto sb = lines({"red apple", "green pear", "an apple pie", "x", "x", "x", "x", "x", "x", "x"});
  msntty::ui::ScrollbackSearch s;
  s.start();
  REQUIRE(s.set_query(sb, "app"));
  REQUIRE(s.match());
  CHECK(s.match()->id == 2);
  CHECK(s.match()->first == 3);
  CHECK_FALSE(sb.at_bottom());  // scrolled to it
  REQUIRE(s.set_query(sb, "apple"));
  CHECK(s.match()->id == 2);  // still matches: stays
  REQUIRE(s.older(sb));
  CHECK(s.match()->id == 0);
  CHECK_FALSE(s.older(sb));
  CHECK(s.failing());
  CHECK(s.match()->id == 0);  // the last match stays shown
  CHECK_FALSE(s.set_query(sb, "applesauce"));
  s.finish(sb, false);
  CHECK_FALSE(s.active());
  CHECK(sb.at_bottom());
}

TEST_CASE("ctrl-r: lastlog copies are skipped", "[ui][search]") {
  auto sb = lines({"needle"});
  msntty::ui::Scrollback::Line copy;
  copy.text = "needle";
  copy.quoted = true;
  sb.append(std::move(copy));
  msntty::ui::ScrollbackSearch s;
  s.start();
  REQUIRE(s.set_query(sb, "needle"));
  CHECK(s.match()->id == 0);
}

TEST_CASE("chatlog: search pages go newest first, each in time order", "[app][log][search]") {
  msntty::test::TempDir tmp("msntty-search");
  ChatLog log(tmp.path() + "/logs/a");
  Conversation bob(1, {"bob@example.com"}), carol(2, {"carol@example.com"});
  for (int i = 0; i < 25; ++i) {
    ChatLine l;
    l.kind = ChatLine::Kind::Incoming;
    l.time = 1795279396 + i * 60;
    l.from = i % 2 ? "bob@example.com" : "carol@example.com";
    l.text = "kiwi " + std::to_string(100 + i);
    REQUIRE(log.append(i % 2 ? bob : carol, l));
  }
  auto p1 = log.search_page("KIWI", 1, 10);
  CHECK(p1.total == 25);
  CHECK(p1.pages == 3);
  REQUIRE(p1.hits.size() == 10);
  CHECK(p1.hits.front().line.ends_with("kiwi 115"));  // across both files, by time
  CHECK(p1.hits.back().line.ends_with("kiwi 124"));
  auto p3 = log.search_page("kiwi", 3, 10);
  REQUIRE(p3.hits.size() == 5);
  CHECK(p3.hits.front().line.ends_with("kiwi 100"));
  CHECK(log.search_page("kiwi", 4, 10).hits.empty());
  CHECK(log.search_page("kiwi", 0, 10).hits.empty());
  CHECK(log.search_page("nothing", 1, 10).total == 0);
}
