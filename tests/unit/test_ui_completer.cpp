#include <catch2/catch.hpp>

#include "ui/Completer.hpp"
#include "ui/LineEditor.hpp"

using namespace msntty::ui;

namespace {

CompletionSources sources() {
  CompletionSources s;
  s.commands = {"msg", "me", "quit", "/query", "set", "status"};
  s.contacts = {"bob@example.com", "Bobby", "alice@example.com", "Al Smith", "BOB@example.com"};
  s.settings = {"timestamp_format", "theme", "away_message"};
  s.command_args["status"] = {"online", "busy", "away", "brb", "invisible"};
  return s;
}

}  // namespace

TEST_CASE("completer completes commands at the start of the line", "[ui][completer]") {
  Completer c;
  auto src = sources();
  auto r = c.complete("/qu", 3, src);
  REQUIRE(r);
  CHECK(c.matches() == std::vector<std::string>{"/quit", "/query"});
  CHECK(r->text == "/quit ");
  CHECK(r->cursor == 6);
  r = c.complete(r->text, r->cursor, src);
  CHECK(r->text == "/query ");
  r = c.complete(r->text, r->cursor, src);
  CHECK(r->text == "/quit ");  // wraps around
  r = c.complete(r->text, r->cursor, src, true);
  CHECK(r->text == "/query ");

  Completer all;
  r = all.complete("/", 1, src);
  REQUIRE(r);
  CHECK(all.matches().size() == 6);

  Completer upper;
  r = upper.complete("/QU", 3, src);
  REQUIRE(r);
  CHECK(r->text == "/quit ");
}

TEST_CASE("completer single match completes fully with a space", "[ui][completer]") {
  Completer c;
  auto src = sources();
  auto r = c.complete("/me hi ali", 10, src);  // command arguments: contacts
  REQUIRE(r);
  CHECK(r->text == "/me hi alice@example.com ");
  CHECK(r->cursor == r->text.size());
  CHECK(c.matches().size() == 1);
  // Tab again on a single match changes nothing.
  auto again = c.complete(r->text, r->cursor, src);
  CHECK(again->text == r->text);
}

TEST_CASE("completer is case-insensitive, deduplicates and cycles contacts", "[ui][completer]") {
  Completer c;
  auto src = sources();
  auto r = c.complete("/me say hi to bo", 16, src);
  REQUIRE(r);
  CHECK(c.matches() == std::vector<std::string>{"bob@example.com", "Bobby"});
  CHECK(r->text == "/me say hi to bob@example.com ");
  r = c.complete(r->text, r->cursor, src);
  CHECK(r->text == "/me say hi to Bobby ");
  CHECK(c.index() == 1);
  r = c.complete(r->text, r->cursor, src);
  CHECK(r->text == "/me say hi to bob@example.com ");
}

TEST_CASE("completer works in the middle of a line", "[ui][completer]") {
  Completer c;
  auto src = sources();
  std::string text = "/me hey al how are you";
  auto r = c.complete(text, 10, src);
  REQUIRE(r);
  CHECK(r->text == "/me hey alice@example.com how are you");  // the existing space is reused
  CHECK(r->cursor == std::string("/me hey alice@example.com ").size());
  r = c.complete(r->text, r->cursor, src);
  CHECK(r->text == "/me hey Al Smith how are you");

  Completer glued;
  r = glued.complete("/me alxyz", 6, src);
  REQUIRE(r);
  CHECK(r->text == "/me alice@example.com xyz");
}

TEST_CASE("completer restarts after an edit", "[ui][completer]") {
  Completer c;
  auto src = sources();
  auto r = c.complete("/me bo", 6, src);
  REQUIRE(r);
  CHECK(c.active());
  // the user typed something: a new completion starts from the new word
  r = c.complete("/me bob@example.com al", 22, src);
  REQUIRE(r);
  CHECK(r->text == "/me bob@example.com alice@example.com ");
  CHECK(c.matches().size() == 2);
  c.reset();
  CHECK_FALSE(c.active());
}

TEST_CASE("completer setting names after /set and command arguments", "[ui][completer]") {
  Completer c;
  auto src = sources();
  auto r = c.complete("/set t", 6, src);
  REQUIRE(r);
  CHECK(c.matches() == std::vector<std::string>{"timestamp_format", "theme"});
  CHECK(r->text == "/set timestamp_format ");

  Completer empty_arg;
  r = empty_arg.complete("/SET ", 5, src);
  REQUIRE(r);
  CHECK(empty_arg.matches().size() == 3);

  Completer second;
  r = second.complete("/set theme bo", 13, src);
  REQUIRE(r);
  CHECK(r->text == "/set theme bob@example.com ");  // later arguments: contacts

  Completer status;
  r = status.complete("/status b", 9, src);
  REQUIRE(r);
  CHECK(status.matches() == std::vector<std::string>{"busy", "brb"});

  Completer msg;
  r = msg.complete("/msg bob", 8, src);
  REQUIRE(r);
  CHECK(r->text == "/msg bob@example.com ");
}

TEST_CASE("completer returns nothing without matches", "[ui][completer]") {
  Completer c;
  auto src = sources();
  CHECK_FALSE(c.complete("zzz", 3, src));
  CHECK_FALSE(c.active());
  CHECK_FALSE(c.complete("", 0, src));
  CHECK_FALSE(c.complete("hello ", 6, src));  // empty word in chat text
  CHECK_FALSE(c.complete("/nosuch", 7, src));
  CHECK(c.matches().empty());
}

TEST_CASE("completer round trip through the line editor", "[ui][completer]") {
  LineEditor ed;
  ed.set_text("/me hi \u4e2d bo");
  Completer c;
  auto src = sources();
  auto r = c.complete(ed.text(), ed.cursor_byte(), src);
  REQUIRE(r);
  ed.set_text(r->text, r->cursor);
  CHECK(ed.text() == "/me hi \u4e2d bob@example.com ");
  CHECK(ed.cursor_byte() == ed.text().size());
  r = c.complete(ed.text(), ed.cursor_byte(), src);
  ed.set_text(r->text, r->cursor);
  CHECK(ed.text() == "/me hi \u4e2d Bobby ");
}
