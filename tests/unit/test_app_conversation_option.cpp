// "-c ID" (issue 13): every command that acts on a conversation takes it, from one place (the
// table adds it to needs_conversation/takes_conversation commands), with its synopsis, its
// checks and its completion; the runner runs the handler in that conversation's scope, with the
// command's source, so a script's command marks activity instead of moving the focus.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/ChatCommands.hpp"
#include "app/CommandRunner.hpp"
#include "app/CoreCommands.hpp"
#include "app/LogCommands.hpp"
#include "helpers/FakeCommandServices.hpp"
#include "ui/Completer.hpp"

using namespace msntty;
using msntty::test::FakeCommandServices;

namespace {

struct Commands {
  FakeCommandServices services;
  CommandTable table;
  CommandRunner runner{table, services};

  Commands() {
    register_core_commands(table, services);
    register_chat_commands(table, services);
    register_log_commands(table, services);
    for (const char* who : {"bob@example.com", "carol@example.com"})
      services.conversations.push_back(std::make_unique<Conversation>(
          services.conversations.size() + 1, std::vector<std::string>{who}));
    services.current = services.conversations.back().get();  // carol's, conversation 2
  }
  std::vector<std::string> run(std::string_view line, CommandSource source = CommandSource::User) {
    services.done.clear();
    runner.execute(line, source);
    return services.done;
  }
  const CommandSpec& spec(const std::string& name) { return *table.find(name).spec; }
};

using Done = std::vector<std::string>;

}  // namespace

TEST_CASE("conversation option: every conversation command shows -c ID first",
          "[commands][conversation]") {
  Commands m;
  CHECK(m.spec("say").synopsis() == "/say [-c ID] TEXT");
  CHECK(m.spec("invite").synopsis() == "/invite [-c ID] CONTACT");
  CHECK(m.spec("nudge").synopsis() == "/nudge [-c ID] [CONTACT]");
  CHECK(m.spec("close").synopsis() == "/close [-c ID]");
  CHECK(m.spec("resend").synopsis() == "/resend [-c ID] [ID]");
  CHECK(m.spec("history").synopsis() == "/history [-c ID] [N]");
  CHECK(m.spec("msg").synopsis() == "/msg CONTACT [TEXT]");  // names a contact, not a conversation
  for (const CommandSpec& s : m.table.all()) {
    INFO(s.name);
    bool has = !s.params.empty() && s.params.front().flag == "-c";
    CHECK(has == (s.flags.needs_conversation || s.flags.takes_conversation));
    if (has) CHECK(s.help.find("-c ID") != std::string::npos);
  }
}

TEST_CASE("conversation option: -c ID runs the command there; the current one otherwise",
          "[commands][conversation]") {
  Commands m;
  CHECK(m.run("/say -c 1 to bob") == Done{"send bob@example.com: to bob"});
  CHECK(m.run("/say to carol") == Done{"send carol@example.com: to carol"});
  CHECK(m.run("/say -c is text when no id follows") ==
        Done{"error: /say: -c takes a conversation id (a number), not \"is\" (usage: /say [-c ID] "
             "TEXT)"});
  CHECK(m.run("/nudge -c 1") == Done{"nudge bob@example.com"});
  CHECK(m.run("/invite -c 1 carol@example.com") ==
        Done{"invite carol@example.com to bob@example.com"});
  CHECK(m.run("/close -c 1") == Done{"close bob@example.com"});
  // An id that is not open: the error names it, and nothing runs.
  CHECK(m.run("/say -c 42 hello") ==
        Done{"error: /say: no conversation 42 is open (usage: /say [-c ID] TEXT)"});
  CHECK(m.run("/close -c") == Done{"error: /close: -c needs ID (usage: /close [-c ID])"});
  // With no current conversation, -c is enough.
  m.services.current = nullptr;
  CHECK(m.run("/resend -c 2 7") == Done{"resend carol@example.com 7", "error: nothing to resend"});
  CHECK(m.run("/resend 7").front().ends_with("no conversation is open (use /msg CONTACT TEXT)"));
}

TEST_CASE("conversation option: the handler runs in the command's scope, then it is left",
          "[commands][conversation]") {
  Commands m;
  m.run("/say -c 1 from a script", CommandSource::Pipe);
  m.run("plain text from headless", CommandSource::Headless);
  m.run("/say typed", CommandSource::User);
  REQUIRE(m.services.scopes.size() == 3);
  CHECK(m.services.scopes[0].conversation == 1);
  CHECK(m.services.scopes[0].source == CommandSource::Pipe);
  CHECK(m.services.scopes[1].conversation == 2);
  CHECK(m.services.scopes[1].source == CommandSource::Headless);
  CHECK(m.services.scopes[2].source == CommandSource::User);
  CHECK(m.services.scope.conversation == 0);  // left after each command
  CHECK(from_script(CommandSource::Pipe));
  CHECK(from_script(CommandSource::Headless));
  CHECK_FALSE(from_script(CommandSource::User));
  CHECK_FALSE(from_script(CommandSource::Config));
}

TEST_CASE("conversation option: completion offers -c, then the open conversations' ids",
          "[commands][conversation][ui]") {
  ui::CompletionSources s;
  s.contacts = {"bob@example.com"};
  s.command_args["say"] = {"-c", "bob@example.com"};
  s.option_values["-c"] = {"1", "12"};
  ui::Completer c;
  auto r = c.complete("/say -", 6, s);
  REQUIRE(r);
  CHECK(r->text == "/say -c ");
  r = c.complete("/say -c 1", 9, s);
  REQUIRE(r);
  CHECK(c.matches() == std::vector<std::string>{"1", "12"});
  r = c.complete("/say -c 12 b", 12, s);  // then what the command takes
  REQUIRE(r);
  CHECK(r->text == "/say -c 12 bob@example.com ");
}
