// The command modules (CoreCommands, ChatCommands, ListCommands, LogCommands) registered against
// a fake CommandServices and run through the CommandRunner, as App runs them: the flags'
// preconditions, argument resolution against the contact list, and what a few handlers do.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/ChatCommands.hpp"
#include "app/CommandRunner.hpp"
#include "app/CoreCommands.hpp"
#include "app/ListCommands.hpp"
#include "app/LogCommands.hpp"
#include "helpers/FakeCommandServices.hpp"

using namespace msntty;
using msntty::test::FakeCommandServices;

namespace {

struct Modules {
  FakeCommandServices services;
  CommandTable table;
  CommandRunner runner{table, services};

  Modules() {
    register_core_commands(table, services);
    register_chat_commands(table, services);
    register_list_commands(table, services);
    register_log_commands(table, services);
    Contact& bob = services.contacts_.upsert("bob@example.com");
    bob.nick = "Bobby";
    bob.lists = kForwardList | kAllowList;
  }
  std::vector<std::string> run(std::string_view line) {
    services.done.clear();
    runner.execute(line, CommandSource::User);
    return services.done;
  }
};

using Done = std::vector<std::string>;

}  // namespace

TEST_CASE("modules: conversation commands need a conversation, and say so", "[commands][modules]") {
  Modules m;
  for (const char* line : {"/nudge", "/close", "/invite bob", "/resend", "/history", "/say hi"}) {
    INFO(line);
    auto done = m.run(line);
    REQUIRE(done.size() == 1);
    CHECK(done[0].starts_with("error: /"));
    CHECK(done[0].ends_with(": no conversation is open (use /msg CONTACT TEXT)"));
  }
  CHECK(m.run("hello") == Done{"error: no conversation is open: use /msg CONTACT TEXT"});
}

TEST_CASE("modules: session commands refuse before signing in", "[commands][modules]") {
  Modules m;
  for (const char* line : {"/psm afk", "/nick Al", "/add carol@example.com", "/remove bob",
                           "/block bob", "/accept bob", "/move bob Friends", "/privacy"}) {
    INFO(line);
    auto done = m.run(line);
    REQUIRE(done.size() == 1);
    // A group that does not exist is found out first; otherwise "not signed in".
    CHECK((done[0].ends_with(": not signed in") ||
           done[0].find("no group named") != std::string::npos));
  }
  CHECK(m.run("/group") == Done{});  // listing needs no session: there are no groups
}

TEST_CASE("modules: /msg needs no session: the message waits in its conversation",
          "[commands][modules]") {
  Modules m;
  CHECK(m.run("/msg bob@example.com hi") ==
        Done{"open bob@example.com", "send bob@example.com: hi"});
}

TEST_CASE("modules: session commands wait while a sign-in is coming", "[commands][modules]") {
  Modules m;
  m.services.signing_in = true;
  CHECK(m.run("/nick Al") == Done{"waits: /nick"});
  CHECK(m.run("/add carol@example.com") == Done{"waits: /add"});
  REQUIRE(m.services.waiting.size() == 2);
  // Still no session when they run (the fake never signs in): each asks again, in order.
  m.services.done.clear();
  auto waiting = std::move(m.services.waiting);
  m.services.waiting.clear();
  for (auto& run : waiting) run();
  CHECK(m.services.done == Done{"waits: /nick", "waits: /add"});
}

TEST_CASE("modules: chat handlers act on the current conversation", "[commands][modules]") {
  Modules m;
  Conversation& c = m.services.open_conversation("bob@example.com");
  CHECK(m.services.current == &c);
  CHECK(m.run("hello there") == Done{"send bob@example.com: hello there"});
  CHECK(m.run("//not a command") == Done{"send bob@example.com: /not a command"});
  CHECK(m.run("/say  two  spaces") == Done{"send bob@example.com: two  spaces"});
  CHECK(m.run("/nudge") == Done{"nudge bob@example.com"});
  CHECK(m.run("/invite Bob") == Done{"invite bob@example.com to bob@example.com"});
  CHECK(m.run("/invite carol@example.com") == Done{"invite carol@example.com to bob@example.com"});
  CHECK(m.run("/resend 7") == Done{"resend bob@example.com 7", "error: nothing to resend"});
  CHECK(m.run("/resend") == Done{"resend bob@example.com 0", "error: nothing to resend"});
  CHECK(m.run("/resend x")[0].starts_with("error: /resend: ID is a number"));
  CHECK(m.run("/invite nobody")[0] ==
        "error: /invite: " + m.services.contacts_.resolve("nobody").error +
            " (usage: /invite [-c ID] CONTACT)");
  CHECK(m.run("/close") == Done{"close bob@example.com"});
  CHECK(m.services.current == nullptr);
}

TEST_CASE("modules: core commands", "[commands][modules]") {
  Modules m;
  // Said in words, set or not (issue 13: a symbol alone was the only answer).
  CHECK(m.run("/status bu") == Done{"notice: your status is now Busy (when you sign in)"});
  CHECK(m.services.settings_.get("status") == "busy");
  CHECK(m.run("/status") ==
        Done{"notice: your status is Busy (when you sign in): /status NAME changes it"});
  CHECK(m.run("/status sideways")[0].starts_with("error: /status takes online, busy"));
  CHECK(m.run("/close now") == Done{"error: /close: unexpected \"now\" (usage: /close [-c ID])"});
  auto help = m.run("/help status");
  REQUIRE(help.size() == 5);
  CHECK(help[0] == "notice: /status [NAME]");
  CHECK(help[1].starts_with("notice:   Sets your presence"));
  CHECK(help[2] == "notice:   NAME: online, busy, idle, brb, away, phone, lunch, invisible");
  CHECK(help[3] == "notice:   e.g. /status away");
  CHECK(help[4] == "notice:   e.g. /status");
  CHECK(m.run("/help nosuch")[0].starts_with("error: unknown command /nosuch"));
  m.run("/quit");
  CHECK(m.services.quitting);
}

TEST_CASE("modules: list handlers that read the model", "[commands][modules]") {
  Modules m;
  Contact& carol = m.services.contacts_.upsert("carol@example.com");
  carol.nick = "Carol";
  carol.lists = kReverseList;
  CHECK(m.run("/pending") ==
        Done{"notice: pending: carol@example.com (Carol): /accept, /allow or /block"});
  REQUIRE(m.services.events.size() == 1);
  auto* p = std::get_if<ev::Pending>(&m.services.events[0]);
  REQUIRE(p);
  CHECK(p->contact == "carol@example.com");
  m.services.events.clear();
  auto shown = m.run("/contacts");
  CHECK(shown.size() == 2);
  CHECK(m.services.events.size() == 2);
  CHECK(m.run("/search x") == Done{"error: logs are not available"});
}
