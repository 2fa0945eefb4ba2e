// Issue 13's daily commands below the interface: the /me wire form and how an incoming action is
// recognised (app/ActionText), the /ignore list (model/IgnoreList), the /away state and its
// auto-reply (app/AwayState), and /me, /query, /ignore, /unignore run through the command table.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/ActionText.hpp"
#include "app/AwayCommands.hpp"
#include "app/AwayState.hpp"
#include "app/ChatCommands.hpp"
#include "app/CommandRunner.hpp"
#include "app/CoreCommands.hpp"
#include "app/IgnoreCommands.hpp"
#include "app/ListCommands.hpp"
#include "app/Settings.hpp"
#include "helpers/FakeCommandServices.hpp"
#include "model/IgnoreList.hpp"

using namespace msntty;
using msntty::test::FakeCommandServices;

namespace {

struct Daily {
  FakeCommandServices services;
  CommandTable table;
  CommandRunner runner{table, services};

  Daily() {
    register_core_commands(table, services);
    register_chat_commands(table, services);
    register_list_commands(table, services);
    register_away_commands(table, services);
    register_ignore_commands(table, services);
    Contact& bob = services.contacts_.upsert("bob@example.com");
    bob.nick = "Bobby";
    bob.lists = kForwardList | kAllowList;
  }
  std::vector<std::string> run(std::string_view line, CommandSource source = CommandSource::User) {
    services.done.clear();
    runner.execute(line, source);
    return services.done;
  }
};

using Done = std::vector<std::string>;

}  // namespace

TEST_CASE("action: /me goes out as \"* NICK TEXT\" and reads back as an action", "[action]") {
  std::string wire = action_wire_text("Alice Liddell", "waves at you");
  CHECK(wire == "* Alice Liddell waves at you");
  CHECK(action_body(wire, "Alice Liddell", "alice@example.com") == "waves at you");
  CHECK(action_body("* alice liddell waves", "Alice Liddell", "a@x") == "waves");  // case
  CHECK(action_body("* alice@example.com waves", "Alice", "alice@example.com") == "waves");
  CHECK(action_body("/me waves", "Bob", "bob@example.com") == "waves");  // Pidgin's form
}

TEST_CASE("action: other text that starts with a star stays a plain message", "[action]") {
  CHECK_FALSE(action_body("* footnote: see above", "Bob", "bob@example.com"));
  CHECK_FALSE(action_body("* Bob", "Bob", "bob@example.com"));     // no body
  CHECK_FALSE(action_body("* Bob   ", "Bob", "bob@example.com"));  // only spaces
  CHECK_FALSE(action_body("*Bob waves", "Bob", "bob@example.com"));
  CHECK_FALSE(action_body("* Bobby waves", "Bob", "bob@example.com"));  // another name
  CHECK_FALSE(action_body("* Bob waves\nsecond line", "Bob", "bob@example.com"));
  CHECK_FALSE(action_body("/me ", "Bob", "bob@example.com"));
  CHECK_FALSE(action_body("/mew", "Bob", "bob@example.com"));
  CHECK_FALSE(action_body("* ", "", ""));  // an empty name never matches
}

TEST_CASE("ignore list: case-insensitive, sorted, each change counted", "[ignore]") {
  IgnoreList list;
  CHECK(list.add("Carol@Example.com"));
  CHECK(list.add("bob@example.com"));
  CHECK_FALSE(list.add("CAROL@example.com"));
  CHECK(list.all() == std::vector<std::string>{"bob@example.com", "carol@example.com"});
  CHECK(list.contains("BOB@EXAMPLE.COM"));
  CHECK(list.revision() == 2);
  CHECK(list.remove("bob@EXAMPLE.com"));
  CHECK_FALSE(list.remove("bob@example.com"));
  CHECK_FALSE(list.contains("bob@example.com"));
  CHECK(list.revision() == 3);
}

TEST_CASE("away: the auto-reply goes once to each person, never to an auto-reply", "[away]") {
  AwayState away;
  CHECK_FALSE(away.reply_to("bob@example.com", "hi"));  // not away
  away.go_away({.status = Status::Busy, .psm = "coding"}, "at lunch", true);
  CHECK(away.reply_to("bob@example.com", "hi") == "auto-reply: at lunch");
  CHECK_FALSE(away.reply_to("BOB@example.com", "still there?"));
  CHECK_FALSE(away.reply_to("carol@example.com", "auto-reply: gone fishing"));
  CHECK(away.reply_to("carol@example.com", "hello") == "auto-reply: at lunch");
  // A new /away is news to everyone again, and keeps what the first one replaced.
  away.go_away({.status = Status::Away, .psm = "at lunch"}, "in a meeting", true);
  CHECK(away.reply_to("bob@example.com", "hi") == "auto-reply: in a meeting");
  auto before = away.come_back();
  REQUIRE(before);
  CHECK(before->status == Status::Busy);
  CHECK(before->psm == "coding");
  CHECK_FALSE(away.away());
  CHECK_FALSE(away.reply_to("dave@example.com", "hi"));
  CHECK_FALSE(away.come_back());
}

TEST_CASE("away: without a reply, or without a message, nobody is answered", "[away]") {
  AwayState away;
  away.go_away({.status = Status::Online}, "at lunch", false);
  CHECK(away.away());
  CHECK_FALSE(away.reply_to("bob@example.com", "hi"));
  away.go_away({.status = Status::Online}, "", true);
  CHECK_FALSE(away.reply_to("bob@example.com", "hi"));
  auto before = away.come_back();
  REQUIRE(before);
  CHECK_FALSE(before->psm);  // neither /away touched the personal message
}

TEST_CASE("daily: /me needs a conversation and sends the action there", "[commands][action]") {
  Daily d;
  CHECK(d.run("/me waves") == Done{"error: /me: no conversation is open (use /msg CONTACT TEXT)"});
  d.run("/query bob");
  CHECK(d.run("/me waves at you") == Done{"action bob@example.com: waves at you"});
}

TEST_CASE("daily: /query opens the conversation and sends nothing", "[commands]") {
  Daily d;
  CHECK(
      d.run("/query bob") ==
      Done{"open bob@example.com", "notice: talking to Bobby <bob@example.com>: nothing sent yet"});
  REQUIRE(d.services.current);
  CHECK(d.services.current->wanted() == std::vector<std::string>{"bob@example.com"});
  CHECK(d.run("/query nobody")[0].starts_with("error: /query: "));
}

TEST_CASE("daily: /ignore adds, lists and saves; /unignore removes", "[commands][ignore]") {
  Daily d;
  CHECK(d.run("/ignore") == Done{"notice: nobody is ignored"});
  CHECK(d.run("/ignore bob")[0].starts_with("notice: ignoring bob@example.com: "));
  CHECK(d.run("/ignore bob") == Done{"notice: bob@example.com is ignored already"});
  CHECK(d.run("/ignore stranger@example.net", CommandSource::Config).empty());  // quiet
  CHECK(d.run("/ignore") == Done{"notice: ignored (2): bob@example.com, stranger@example.net"});
  CHECK(d.run("/contacts") == Done{"notice: bob@example.com (Bobby) offline, allowed (ignored)"});
  const CommandSpec* spec = d.table.find("ignore").spec;
  REQUIRE(spec->flags.persisted);
  CHECK(spec->save() ==
        std::vector<std::string>{"/ignore bob@example.com", "/ignore stranger@example.net"});
  CHECK(d.run("/unignore bob") == Done{"notice: bob@example.com is no longer ignored"});
  CHECK(d.run("/unignore bob") == Done{"error: bob@example.com is not ignored"});
  CHECK(d.run("/ignore not-an-address")[0].starts_with("error: /ignore: "));
}

TEST_CASE("daily: /away and /back need a session", "[commands][away]") {
  Daily d;
  for (const char* line : {"/away lunch", "/back"}) {
    INFO(line);
    auto done = d.run(line);
    REQUIRE(done.size() == 1);
    CHECK(done[0].find("not signed in") != std::string::npos);
  }
  CHECK_FALSE(d.services.away_.away());
}

TEST_CASE("settings: away_message takes psm, reply or both", "[away][settings]") {
  Settings s;
  CHECK(s.get("away_message") == "psm");
  CHECK_FALSE(s.set("away_message", "both"));
  CHECK(s.get("away_message") == "both");
  CHECK(s.set("away_message", "bot") == "away_message takes one of psm,reply,both");
  CHECK(s.set("away_message", "") == "away_message takes one of psm,reply,both");
  CHECK(s.get("away_message") == "both");
}
