#include <catch2/catch.hpp>

#include "ui/LineEditor.hpp"
#include "ui/TextWidth.hpp"

using namespace msntty::ui;

namespace {

LineEditor editor_with(std::string_view text, std::size_t cursor_clusters) {
  LineEditor ed;
  ed.set_text(text);
  ed.home();
  for (std::size_t i = 0; i < cursor_clusters; ++i) ed.move_right();
  return ed;
}

}  // namespace

TEST_CASE("editor insert and cursor in clusters", "[ui][editor]") {
  LineEditor ed;
  CHECK(ed.empty());
  ed.insert("he");
  ed.insert("llo");
  CHECK(ed.text() == "hello");
  CHECK(ed.cursor() == 5);
  ed.move_left();
  ed.move_left();
  ed.insert("\u4e2d");
  CHECK(ed.text() == "hel\u4e2dlo");
  CHECK(ed.cursor() == 4);
  CHECK(ed.cursor_byte() == 6);
  CHECK(ed.length() == 6);
}

TEST_CASE("editor combining marks form one cluster", "[ui][editor]") {
  LineEditor ed;
  ed.insert("e");
  ed.insert("\u0301");  // typed separately, joins the e
  CHECK(ed.cursor() == 1);
  CHECK(ed.length() == 1);
  ed.insert("x");
  ed.move_left();
  ed.move_left();
  CHECK(ed.cursor() == 0);
  ed.move_right();
  CHECK(ed.cursor_byte() == 3);
  CHECK(ed.delete_backward());
  CHECK(ed.text() == "x");

  // Inserting a base before a lone mark must not leave the cursor inside the new cluster.
  LineEditor ed2;
  ed2.set_text("\u0301z", 0);
  ed2.insert("a");
  CHECK(ed2.text() == "a\u0301z");
  CHECK(ed2.cursor() == 1);
  CHECK(ed2.cursor_byte() == 3);
}

TEST_CASE("editor moves over wide and emoji clusters", "[ui][editor]") {
  LineEditor ed;
  ed.set_text("a\U0001F468\u200D\U0001F469b\U0001F1EB\U0001F1F7");
  CHECK(ed.length() == 4);
  ed.home();
  ed.move_right();
  ed.move_right();
  CHECK(ed.cursor() == 2);
  CHECK(ed.cursor_byte() == 1 + 4 + 3 + 4);
  ed.end();
  CHECK(ed.delete_backward());
  CHECK(ed.text() == "a\U0001F468\u200D\U0001F469b");
  ed.home();
  ed.move_right();
  CHECK(ed.delete_forward());
  CHECK(ed.text() == "ab");
}

TEST_CASE("editor boundaries return false", "[ui][editor]") {
  LineEditor ed;
  CHECK_FALSE(ed.move_left());
  CHECK_FALSE(ed.move_right());
  CHECK_FALSE(ed.delete_backward());
  CHECK_FALSE(ed.delete_forward());
  CHECK_FALSE(ed.transpose());
  CHECK_FALSE(ed.yank());
  CHECK_FALSE(ed.kill_to_end());
  CHECK_FALSE(ed.kill_word_backward());
  ed.insert("ab");
  CHECK_FALSE(ed.move_right());
  CHECK_FALSE(ed.delete_forward());
  CHECK_FALSE(ed.end());
  CHECK(ed.home());
  CHECK_FALSE(ed.home());
  CHECK_FALSE(ed.delete_backward());
}

TEST_CASE("editor word movement is alnum-delimited", "[ui][editor]") {
  LineEditor ed;
  ed.set_text("foo-bar  baz.qux \u4e2d\u6587 end");
  CHECK(ed.word_left());
  CHECK(ed.cursor() == 20);
  ed.word_left();
  CHECK(ed.cursor() == 17);  // CJK letters count as word characters
  ed.word_left();
  CHECK(ed.cursor() == 13);
  ed.word_left();
  CHECK(ed.cursor() == 9);
  ed.word_left();
  CHECK(ed.cursor() == 4);
  ed.word_left();
  CHECK(ed.cursor() == 0);
  CHECK_FALSE(ed.word_left());
  ed.word_right();
  CHECK(ed.cursor() == 3);
  ed.word_right();
  CHECK(ed.cursor() == 7);
  ed.word_right();
  CHECK(ed.cursor() == 12);
  ed.end();
  CHECK_FALSE(ed.word_right());
}

TEST_CASE("editor C-w kills back to whitespace, M-Backspace to alnum", "[ui][editor]") {
  LineEditor ed;
  ed.set_text("hello foo.bar  ");
  CHECK(ed.kill_word_backward());
  CHECK(ed.text() == "hello ");
  CHECK(ed.kill_buffer() == "foo.bar  ");

  ed.set_text("hello foo.bar");
  CHECK(ed.kill_alnum_word_backward());
  CHECK(ed.text() == "hello foo.");
  CHECK(ed.kill_buffer() == "bar");

  ed.set_text("one two three", 4);
  CHECK(ed.kill_word_forward());
  CHECK(ed.text() == "one  three");
  CHECK(ed.kill_buffer() == "two");
}

TEST_CASE("editor kill and yank", "[ui][editor]") {
  LineEditor ed = editor_with("hello world", 5);
  CHECK(ed.kill_to_end());
  CHECK(ed.text() == "hello");
  CHECK(ed.kill_buffer() == " world");
  CHECK(ed.home());
  CHECK(ed.yank());
  CHECK(ed.text() == " worldhello");
  CHECK(ed.cursor() == 6);
  CHECK(ed.kill_to_start());
  CHECK(ed.text() == "hello");
  CHECK(ed.kill_buffer() == " world");
  ed.end();
  ed.yank();
  ed.yank();
  CHECK(ed.text() == "hello world world");
}

TEST_CASE("editor consecutive kills accumulate", "[ui][editor]") {
  LineEditor ed;
  ed.set_text("a b c d");
  ed.kill_word_backward();
  ed.kill_word_backward();
  CHECK(ed.kill_buffer() == "c d");
  ed.move_left();  // breaks the chain
  ed.kill_word_backward();
  CHECK(ed.kill_buffer() == "b");
  CHECK(ed.text() == "a  ");
  ed.set_text("one two three", 0);
  ed.kill_word_forward();
  ed.kill_word_forward();
  CHECK(ed.kill_buffer() == "one two");
  CHECK(ed.text() == " three");
}

TEST_CASE("editor kill and yank wide and combining text", "[ui][editor]") {
  LineEditor ed;
  ed.set_text("\u4e2d\u6587 cafe\u0301");
  ed.kill_word_backward();
  CHECK(ed.text() == "\u4e2d\u6587 ");
  CHECK(ed.kill_buffer() == "cafe\u0301");
  ed.home();
  ed.yank();
  CHECK(ed.text() == "cafe\u0301\u4e2d\u6587 ");
  CHECK(ed.cursor() == 4);
}

TEST_CASE("editor transpose follows readline", "[ui][editor]") {
  SECTION("middle swaps around the cursor and advances") {
    LineEditor ed = editor_with("abcd", 2);
    CHECK(ed.transpose());
    CHECK(ed.text() == "acbd");
    CHECK(ed.cursor() == 3);
  }
  SECTION("at the end swaps the last two") {
    LineEditor ed = editor_with("abcd", 4);
    CHECK(ed.transpose());
    CHECK(ed.text() == "abdc");
    CHECK(ed.cursor() == 4);
  }
  SECTION("at the start does nothing") {
    LineEditor ed = editor_with("abcd", 0);
    CHECK_FALSE(ed.transpose());
    CHECK(ed.text() == "abcd");
  }
  SECTION("single character does nothing") {
    LineEditor ed = editor_with("a", 1);
    CHECK_FALSE(ed.transpose());
  }
  SECTION("clusters move whole") {
    LineEditor ed = editor_with("e\u0301\u4e2d", 2);
    CHECK(ed.transpose());
    CHECK(ed.text() == "\u4e2de\u0301");
    CHECK(ed.cursor() == 2);
  }
}

TEST_CASE("editor clear and set_text with cursor", "[ui][editor]") {
  LineEditor ed;
  ed.set_text("h\u00e9llo", 3);
  CHECK(ed.cursor() == 2);
  ed.set_text("e\u0301x", 1);  // inside a cluster: snapped forward
  CHECK(ed.cursor() == 1);
  CHECK(ed.cursor_byte() == 3);
  ed.clear();
  CHECK(ed.text().empty());
  CHECK(ed.cursor() == 0);
}

TEST_CASE("editor view of a short line", "[ui][editor][view]") {
  LineEditor ed;
  ed.set_text("hi \u4e2d");
  auto v = ed.view(20);
  CHECK(v.visible == "hi \u4e2d");
  CHECK(v.cursor_column == 5);
  CHECK_FALSE(v.more_left);
  CHECK_FALSE(v.more_right);
  CHECK(ed.view(0).visible.empty());
}

TEST_CASE("editor view keeps the cursor visible on a long line", "[ui][editor][view]") {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "0123456789";
  LineEditor ed;
  ed.set_text(text);
  const int width = 20;

  auto end_view = ed.view(width);
  CHECK(end_view.cursor_column < width);
  CHECK(end_view.cursor_column >= width / 2 - 1);  // context before the cursor
  CHECK(end_view.more_left);
  CHECK_FALSE(end_view.more_right);
  CHECK(display_width(end_view.visible) <= width);

  ed.home();
  auto start_view = ed.view(width);
  CHECK(start_view.cursor_column == 0);
  CHECK(start_view.visible == text.substr(0, width));
  CHECK(start_view.more_right);
  CHECK_FALSE(start_view.more_left);

  for (int i = 0; i < 50; ++i) ed.move_right();
  auto mid = ed.view(width);
  CHECK(mid.cursor_column >= 4);
  CHECK(mid.cursor_column <= width - 5);
  CHECK(mid.more_left);
  CHECK(mid.more_right);
  // the character under the cursor is the one at column cursor_column of the view
  CHECK(mid.visible[static_cast<std::size_t>(mid.cursor_column)] == text[50]);

  // Walking the whole line in both directions never loses the cursor.
  ed.home();
  for (int i = 0; i <= 100; ++i) {
    auto v = ed.view(width);
    REQUIRE(v.cursor_column >= 0);
    REQUIRE(v.cursor_column < width);
    if (i < 100)
      REQUIRE(v.visible[static_cast<std::size_t>(v.cursor_column)] ==
              text[static_cast<std::size_t>(i)]);
    ed.move_right();
  }
  for (int i = 100; i >= 0; --i) {
    auto v = ed.view(width);
    REQUIRE(v.cursor_column < width);
    if (i >= 4) REQUIRE(v.cursor_column >= 4);  // left margin while there is text to the left
    ed.move_left();
  }
}

TEST_CASE("editor view typing at the right edge jumps with context", "[ui][editor][view]") {
  LineEditor ed;
  const int width = 10;
  int jumps = 0;
  int last_col = 0;
  for (int i = 0; i < 40; ++i) {
    ed.insert("x");
    auto v = ed.view(width);
    REQUIRE(v.cursor_column < width);
    if (v.cursor_column < last_col) ++jumps;
    last_col = v.cursor_column;
  }
  CHECK(jumps >= 5);
  CHECK(jumps <= 10);  // jumps, not a scroll per keystroke
}

TEST_CASE("editor view never cuts a wide character", "[ui][editor][view]") {
  LineEditor ed;
  ed.set_text("abc\u4e2d\u6587\u5b57\u4e2d\u6587\u5b57");
  ed.home();
  auto v = ed.view(6);  // a b c 中 then 文 would need columns 5-6
  CHECK(v.visible == "abc\u4e2d ");
  CHECK(display_width(v.visible) == 6);
  CHECK(v.more_right);

  ed.end();
  auto e = ed.view(6);
  CHECK(display_width(e.visible) <= 6);
  CHECK(e.cursor_column < 6);
  CHECK(e.more_left);

  LineEditor emoji;
  for (int i = 0; i < 30; ++i) emoji.insert("\U0001F600");
  for (int w = 1; w <= 12; ++w) {
    auto ev = emoji.view(w);
    REQUIRE(display_width(ev.visible) <= w);
    REQUIRE(ev.cursor_column < std::max(w, 1));
  }
}
