#include <catch2/catch.hpp>

#include <cstdio>

#include "ui/Scrollback.hpp"
#include "ui/TextWidth.hpp"

using namespace msntty::ui;
using Line = Scrollback::Line;
using Kind = Scrollback::Piece::Kind;

namespace {

// Deterministic "HH:MM" in UTC, so tests do not depend on the machine's time zone.
std::string utc_hhmm(int64_t t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(t / 3600 % 24),
                static_cast<int>(t / 60 % 60));
  return buf;
}

Scrollback make(std::size_t max_lines = Scrollback::k_default_max_lines, bool stamps = true) {
  Scrollback sb(max_lines);
  if (stamps)
    sb.set_time_formatter(utc_hhmm);
  else
    sb.set_time_formatter([](int64_t) { return std::string(); });
  return sb;
}

// The row as it would appear on screen (pieces placed at their columns).
std::string render(const Scrollback::Row& row) {
  if (row.separator) return "---";
  std::string out;
  for (const auto& p : row.pieces) {
    out = pad_to_width(out, p.column);
    out += p.text;
  }
  return out;
}

std::vector<std::string> render(const std::vector<Scrollback::Row>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(render(r));
  return out;
}

using Strings = std::vector<std::string>;

void add_numbered(Scrollback& sb, int from, int to) {
  for (int i = from; i < to; ++i) sb.append(Line{0, "", "line " + std::to_string(i), 0});
}

}  // namespace

TEST_CASE("scrollback first row has timestamp, prefix and text pieces", "[ui][scrollback]") {
  Scrollback sb = make();
  sb.append(Line{3600 * 13 + 60 * 5, "<Bob>", "hello", 1});
  auto rows = sb.visible_rows(40, 10);
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].pieces.size() == 3);
  CHECK(rows[0].pieces[0].kind == Kind::Timestamp);
  CHECK(rows[0].pieces[0].text == "13:05");
  CHECK(rows[0].pieces[0].column == 0);
  CHECK(rows[0].pieces[1].kind == Kind::Prefix);
  CHECK(rows[0].pieces[1].column == 6);
  CHECK(rows[0].pieces[2].kind == Kind::Text);
  CHECK(rows[0].pieces[2].column == 12);
  CHECK(rows[0].pieces[2].style == 1);
  CHECK(render(rows[0]) == "13:05 <Bob> hello");
  CHECK(rows[0].line == 0);
  CHECK_FALSE(rows[0].separator);

  Scrollback bare = make(100, false);
  bare.append(Line{0, "*", "Bob waves", 2});
  CHECK(render(bare.visible_rows(40, 10)) == Strings{"* Bob waves"});
}

TEST_CASE("scrollback wraps at spaces with aligned continuation", "[ui][scrollback]") {
  Scrollback sb = make();
  sb.append(Line{0, "<Bob>", "the quick brown fox jumps over the lazy dog", 0});
  CHECK(render(sb.visible_rows(30, 10)) == Strings{"00:00 <Bob> the quick brown",
                                                   "            fox jumps over the",
                                                   "            lazy dog"});
  CHECK(sb.wrapped_rows(0, 30) == 3);
}

TEST_CASE("scrollback uses a small indent when the header is over half the width",
          "[ui][scrollback]") {
  Scrollback sb = make();
  sb.append(Line{0, "<Bob>", "aaa bbb ccc ddd eee fff", 0});
  CHECK(render(sb.visible_rows(20, 10)) == Strings{"00:00 <Bob> aaa bbb", "  ccc ddd eee fff"});
}

TEST_CASE("scrollback hard-breaks long words", "[ui][scrollback]") {
  Scrollback sb = make(100, false);
  sb.append(Line{0, "", std::string(50, 'a'), 0});
  CHECK(render(sb.visible_rows(20, 10)) ==
        Strings{std::string(20, 'a'), std::string(20, 'a'), std::string(10, 'a')});
  sb.clear();
  sb.append(Line{0, "", "hi " + std::string(30, 'b') + " end", 0});
  CHECK(render(sb.visible_rows(20, 10)) ==
        Strings{"hi", std::string(20, 'b'), std::string(10, 'b') + " end"});
}

TEST_CASE("scrollback never splits wide characters or clusters", "[ui][scrollback]") {
  Scrollback sb = make(100, false);
  sb.append(Line{0, "", "\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587", 0});
  CHECK(render(sb.visible_rows(10, 10)) ==
        Strings{"\u4e2d\u6587\u4e2d\u6587\u4e2d", "\u6587\u4e2d\u6587"});
  CHECK(render(sb.visible_rows(9, 10)) ==
        Strings{"\u4e2d\u6587\u4e2d\u6587", "\u4e2d\u6587\u4e2d\u6587"});

  sb.clear();
  std::string accented;
  for (int i = 0; i < 12; ++i) accented += "e\u0301";
  sb.append(Line{0, "", accented, 0});
  auto rows = render(sb.visible_rows(5, 10));
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == accented.substr(0, 15));
  CHECK(rows[2] == accented.substr(30));

  sb.clear();
  sb.append(Line{0, "<\u4e2d>", "a\U0001F600b\U0001F600c \u4e2d\u6587x", 0});
  for (int w = 4; w <= 16; ++w) {
    for (const auto& row : sb.visible_rows(w, 50)) REQUIRE(display_width(render(row)) <= w);
  }
}

TEST_CASE("scrollback newlines start new rows", "[ui][scrollback]") {
  Scrollback sb = make();
  sb.append(Line{0, "<Bob>", "one\ntwo\n\nthree", 0});
  CHECK(render(sb.visible_rows(40, 10)) ==
        Strings{"00:00 <Bob> one", "            two", "", "            three"});
}

TEST_CASE("scrollback header wider than the window", "[ui][scrollback]") {
  Scrollback sb = make();
  sb.append(Line{0, "<Bartholomew>", "hi there", 0});
  auto rows = sb.visible_rows(12, 10);
  REQUIRE(rows.size() == 2);
  CHECK(render(rows[0]) == "00:00 <Bart\u2026");
  CHECK(render(rows[1]) == "  hi there");
  for (const auto& r : rows) CHECK(display_width(render(r)) <= 12);
  auto tiny = sb.visible_rows(3, 10);
  CHECK(render(tiny[0]) == "00:");
}

TEST_CASE("scrollback is bounded", "[ui][scrollback]") {
  Scrollback sb = make(5);
  add_numbered(sb, 0, 10);
  CHECK(sb.size() == 5);
  CHECK(sb.line(0).text == "line 5");
  CHECK(sb.line(4).text == "line 9");
  sb.set_max_lines(2);
  CHECK(sb.size() == 2);
  CHECK(sb.line(0).text == "line 8");

  Scrollback big = make();
  std::string huge(Scrollback::k_max_text_bytes + 10, 'x');
  huge.replace(Scrollback::k_max_text_bytes - 1, 3, "\u4e2d");
  big.append(Line{0, "", huge, 0});
  CHECK(big.line(0).text.size() <= Scrollback::k_max_text_bytes);
  CHECK(big.line(0).text.size() == Scrollback::k_max_text_bytes - 1);  // not inside the character
}

TEST_CASE("scrollback wraps lazily and caches per width", "[ui][scrollback]") {
  Scrollback sb = make();
  add_numbered(sb, 0, 1000);
  CHECK(sb.wrap_count() == 0);  // appends alone never wrap
  sb.visible_rows(80, 10);
  std::size_t first = sb.wrap_count();
  CHECK(first <= 12);
  sb.visible_rows(80, 10);
  CHECK(sb.wrap_count() == first);
  sb.append(Line{0, "", "new", 0});
  sb.visible_rows(80, 10);
  CHECK(sb.wrap_count() - first <= 2);
  std::size_t before_resize = sb.wrap_count();
  sb.visible_rows(60, 10);
  CHECK(sb.wrap_count() - before_resize <= 12);  // only what is walked over, not 1000 lines
}

TEST_CASE("scrollback follows the bottom and scrolls by rows", "[ui][scrollback]") {
  Scrollback sb = make(100, false);
  add_numbered(sb, 0, 20);
  CHECK(render(sb.visible_rows(40, 5)) ==
        Strings{"line 15", "line 16", "line 17", "line 18", "line 19"});
  CHECK(sb.at_bottom());
  CHECK(sb.rows_below() == 0);
  sb.scroll_up(3);
  CHECK_FALSE(sb.at_bottom());
  CHECK(render(sb.visible_rows(40, 5)) ==
        Strings{"line 12", "line 13", "line 14", "line 15", "line 16"});
  CHECK(sb.rows_below() == 3);
  CHECK(sb.lines_below() == 3);
  CHECK(sb.unseen_lines() == 0);

  add_numbered(sb, 20, 25);  // the view stays put
  CHECK(render(sb.visible_rows(40, 5)) ==
        Strings{"line 12", "line 13", "line 14", "line 15", "line 16"});
  CHECK(sb.rows_below() == 8);
  CHECK(sb.lines_below() == 8);
  CHECK(sb.unseen_lines() == 5);

  sb.scroll_down(2);
  CHECK(render(sb.visible_rows(40, 5)).front() == "line 14");
  sb.scroll_down(100);
  CHECK(sb.at_bottom());
  CHECK(sb.unseen_lines() == 0);
  CHECK(render(sb.visible_rows(40, 5)).back() == "line 24");

  sb.to_top();
  CHECK(render(sb.visible_rows(40, 5)).front() == "line 0");
  sb.scroll_up(5);  // already at the top
  CHECK(render(sb.visible_rows(40, 5)).front() == "line 0");
  sb.to_bottom();
  CHECK(render(sb.visible_rows(40, 5)).back() == "line 24");
}

TEST_CASE("scrollback scrolling inside wrapped lines", "[ui][scrollback]") {
  Scrollback sb = make(100, false);
  for (int i = 0; i < 4; ++i)
    sb.append(
        Line{0, "", std::string(30, static_cast<char>('a' + i)), 0});  // 3 rows each at width 10
  CHECK(render(sb.visible_rows(10, 4)) == Strings{std::string(10, 'c'), std::string(10, 'd'),
                                                  std::string(10, 'd'), std::string(10, 'd')});
  sb.scroll_up(1);
  CHECK(render(sb.visible_rows(10, 4)) == Strings{std::string(10, 'c'), std::string(10, 'c'),
                                                  std::string(10, 'd'), std::string(10, 'd')});
  CHECK(sb.rows_below() == 1);
  CHECK(sb.lines_below() == 1);
  sb.scroll_up(100);
  auto top = sb.visible_rows(10, 4);
  CHECK(top.front().line == 0);
  CHECK(render(top.front()) == std::string(10, 'a'));
  CHECK(sb.rows_below() == 8);
}

TEST_CASE("scrollback everything fits: no scrolling", "[ui][scrollback]") {
  Scrollback sb = make(100, false);
  add_numbered(sb, 0, 3);
  sb.visible_rows(40, 10);
  sb.scroll_up(2);
  CHECK(sb.at_bottom());
  sb.to_top();
  CHECK(sb.at_bottom());
  CHECK(sb.visible_rows(40, 10).size() == 3);
  Scrollback empty = make();
  CHECK(empty.visible_rows(40, 10).empty());
  empty.scroll_up(1);
  empty.to_top();
  CHECK(empty.at_bottom());
  CHECK(empty.rows_below() == 0);
}

TEST_CASE("scrollback resize while scrolled keeps the top line", "[ui][scrollback]") {
  Scrollback sb = make(100, false);
  for (int i = 0; i < 30; ++i)
    sb.append(Line{0, "", "line " + std::to_string(i) + " with some words to wrap", 0});
  sb.visible_rows(80, 5);
  sb.scroll_up(10);
  auto before = sb.visible_rows(80, 5);
  auto after = sb.visible_rows(15, 5);
  CHECK(after.front().line == before.front().line);
  CHECK_FALSE(sb.at_bottom());
  // Growing the window so the rest fits snaps back to following.
  sb.visible_rows(80, 40);
  CHECK(sb.at_bottom());
}

TEST_CASE("scrollback drops the anchor line when trimming", "[ui][scrollback]") {
  Scrollback sb = make(10, false);
  add_numbered(sb, 0, 10);
  sb.visible_rows(40, 3);
  sb.to_top();
  add_numbered(sb, 10, 15);
  auto rows = sb.visible_rows(40, 3);
  CHECK(render(rows).front() == "line 5");  // clamped to the oldest remaining line
}

TEST_CASE("scrollback unread marker", "[ui][scrollback]") {
  Scrollback sb = make(100, false);
  add_numbered(sb, 0, 3);
  CHECK_FALSE(sb.first_unread().has_value());
  sb.mark_read();
  CHECK_FALSE(sb.first_unread().has_value());  // nothing new yet, no separator
  CHECK(sb.visible_rows(40, 10).size() == 3);
  add_numbered(sb, 3, 5);
  REQUIRE(sb.first_unread().has_value());
  CHECK(*sb.first_unread() == 3);
  auto rows = sb.visible_rows(40, 10);
  CHECK(render(rows) == Strings{"line 0", "line 1", "line 2", "---", "line 3", "line 4"});
  CHECK(rows[3].separator);
  CHECK(rows[3].line == 3);
  // the separator takes a row in the scrolling arithmetic too
  CHECK(render(sb.visible_rows(40, 3)) == Strings{"---", "line 3", "line 4"});
  sb.clear_marker();
  CHECK(render(sb.visible_rows(40, 3)) == Strings{"line 2", "line 3", "line 4"});
}

TEST_CASE("scrollback local time formatter uses strftime", "[ui][scrollback]") {
  auto f = Scrollback::local_time_formatter("[%%]");
  CHECK(f(0) == "[%]");
  auto hm = Scrollback::local_time_formatter("%H:%M");
  CHECK(hm(1700000000).size() == 5);
  Scrollback sb;  // default formatter is HH:MM
  sb.append(Line{1700000000, "<a>", "b", 0});
  auto rows = sb.visible_rows(40, 2);
  REQUIRE_FALSE(rows.empty());
  CHECK(rows[0].pieces[0].text.size() == 5);
}

TEST_CASE("scrollback rows are views that survive being copied and moved", "[ui][scrollback]") {
  Scrollback sb = make();
  sb.append(Line{0, "<Bob>", "a text long enough to wrap over rows", 0});
  std::vector<Scrollback::Row> copy;
  {
    auto rows = sb.visible_rows(20, 10);
    REQUIRE(rows.size() > 1);
    copy = rows;  // the header is shared, the text stays in the scrollback
    auto moved = std::move(rows);
    CHECK(render(moved) == render(copy));
  }
  CHECK(render(copy.front()) == "00:00 <Bob> a text");
  CHECK(copy.front().pieces.back().text.data() == sb.line(0).text.data());  // not a copy
}
