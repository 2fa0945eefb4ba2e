// Text on its way in: every command line loses its control characters before it runs, whatever
// its source, and the user is told (CommandRunner against the fake services).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/ChatCommands.hpp"
#include "app/CommandRunner.hpp"
#include "app/CoreCommands.hpp"
#include "helpers/FakeCommandServices.hpp"

using namespace msntty;
using msntty::test::FakeCommandServices;
using Done = std::vector<std::string>;

namespace {

struct Runner {
  FakeCommandServices services;
  CommandTable table;
  CommandRunner runner{table, services};

  Runner() {
    register_core_commands(table, services);
    register_chat_commands(table, services);
    services.contacts_.upsert("bob@example.com").nick = "Bobby";
  }
  Done run(std::string_view line, CommandSource source) {
    services.done.clear();
    runner.execute(line, source);
    return services.done;
  }
};

const std::string kStripped =
    "notice: removed 1 control character (BEL) and 1 escape sequence from the line: control "
    "characters are never sent";

}  // namespace

TEST_CASE("text input: control characters are stripped from every source, with a notice",
          "[app][controls]") {
  Runner r;
  r.services.open_conversation("bob@example.com");
  for (CommandSource source :
       {CommandSource::User, CommandSource::Pipe, CommandSource::Headless, CommandSource::Config}) {
    INFO(static_cast<int>(source));
    CHECK(r.run("ring\a \x1b[31mred", source) == Done{kStripped, "send bob@example.com: ring red"});
    CHECK(r.run("/msg bob \x1b[31mhi\a", source) == Done{kStripped, "send bob@example.com: hi"});
    // TAB stays (white space); a CR ending the line is a line ending, not a control.
    CHECK(r.run("/say a\tb\r", source) == Done{"send bob@example.com: a\tb"});
  }
}

TEST_CASE("text input: a line of nothing but control characters runs nothing", "[app][controls]") {
  Runner r;
  r.services.open_conversation("bob@example.com");
  CHECK(r.run("\a\a\x1b[2J", CommandSource::Pipe) ==
        Done{"notice: removed 2 control characters (BEL) and 1 escape sequence from the line: "
             "control characters are never sent"});
}
