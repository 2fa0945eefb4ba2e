// Daily use of the input line (issue 13): nick completion in messages.
#include <catch2/catch.hpp>

#include "ui/Completer.hpp"

using namespace msntty::ui;

namespace {

CompletionSources people() {
  CompletionSources s;
  s.commands = {"msg", "me"};
  // Participants first, then contacts, by recent activity: the caller's order is kept.
  s.people = {{"Bobby", "bob@example.com"},
              {"Al Smith", "alice@example.com"},
              {"Bob Two", "bob2@example.com"},
              {"Bobby", "BOB@example.com"}};  // the same person twice: listed once
  return s;
}

}  // namespace

TEST_CASE("nick completion: the first word of a message gets 'nick: '", "[ui][completer][input]") {
  Completer c;
  auto src = people();
  auto r = c.complete("bo", 2, src);
  REQUIRE(r);
  CHECK(c.matches() == std::vector<std::string>{"Bobby", "Bob Two"});
  CHECK(r->text == "Bobby: ");
  CHECK(r->cursor == r->text.size());
  r = c.complete(r->text, r->cursor, src);  // Tab again cycles, keeping the ':'
  CHECK(r->text == "Bob Two: ");
  r = c.complete(r->text, r->cursor, src);
  CHECK(r->text == "Bobby: ");
  r = c.complete(r->text, r->cursor, src, true);
  CHECK(r->text == "Bob Two: ");
}

TEST_CASE("nick completion: later words get the nick alone", "[ui][completer][input]") {
  Completer c;
  auto src = people();
  auto r = c.complete("thanks bo", 9, src);
  REQUIRE(r);
  CHECK(r->text == "thanks Bobby ");
  Completer mid;
  r = mid.complete("ask al about it", 6, src);
  REQUIRE(r);
  CHECK(r->text == "ask Al Smith about it");
}

TEST_CASE("nick completion matches e-mails and inserts the nickname", "[ui][completer][input]") {
  Completer c;
  auto src = people();
  auto r = c.complete("ALICE", 5, src);
  REQUIRE(r);
  CHECK(r->text == "Al Smith: ");
  Completer none;
  CHECK_FALSE(none.complete("zed", 3, src));
  // No nickname known: the e-mail is inserted.
  src.people = {{"", "carol@example.com"}};
  Completer bare;
  r = bare.complete("ca", 2, src);
  REQUIRE(r);
  CHECK(r->text == "carol@example.com: ");
}

TEST_CASE("nick completion leaves commands alone", "[ui][completer][input]") {
  Completer c;
  auto src = people();
  src.contacts = {"bob@example.com"};
  auto r = c.complete("/msg bo", 7, src);
  REQUIRE(r);
  CHECK(r->text == "/msg bob@example.com ");  // an address, no ':'
}
