// /help: the topics (each command in one), the topic lists, /help all, and a command explained
// with its synopsis apart from its description and its examples.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "app/ChatCommands.hpp"
#include "app/CommandRunner.hpp"
#include "app/CoreCommands.hpp"
#include "app/InterfaceCommands.hpp"
#include "app/ListCommands.hpp"
#include "app/LogCommands.hpp"
#include "helpers/FakeCommandServices.hpp"

using namespace msntty;
using msntty::test::FakeCommandServices;

namespace {

struct Help {
  FakeCommandServices services;
  CommandTable table;
  CommandRunner runner{table, services};

  Help() {
    register_core_commands(table, services);
    register_chat_commands(table, services);
    register_list_commands(table, services);
    register_log_commands(table, services);
    declare_interface_commands(table);
  }
  std::vector<std::string> run(std::string_view line) {
    services.done.clear();
    runner.execute(line, CommandSource::User);
    return services.done;
  }
};

}  // namespace

TEST_CASE("every command has one of the /help topics", "[commands][help]") {
  Help h;
  std::set<std::string> topics;
  for (const auto& t : command_topics()) topics.emplace(t.name);
  for (const auto& c : h.table.all()) {
    INFO(c.name);
    CHECK(topics.count(c.topic) == 1);
  }
}

TEST_CASE("/help lists the topics in a few lines, each with its commands", "[commands][help]") {
  Help h;
  auto out = h.run("/help");
  REQUIRE(out.size() == 1 + command_topics().size());
  CHECK(out[0].starts_with("notice: commands by topic: /help TOPIC"));
  CHECK(out[1].starts_with("notice:   session    /connect /disconnect"));
  std::size_t named = 0;
  for (const auto& line : out)
    named += static_cast<std::size_t>(std::count(line.begin(), line.end(), '/'));
  CHECK(named >= h.table.all().size());
  CHECK(h.run("/help chat")[0] ==
        "notice: chat: conversations: messages, invitations, nudges, sending again");
  auto chat = h.run("/help chat");
  CHECK(chat.size() == 1 + h.table.in_topic("chat").size());
  CHECK(chat[1].starts_with("notice: /close"));
  auto all = h.run("/help all");
  CHECK(all.size() == h.table.all().size() + command_topics().size());
}

TEST_CASE("/help COMMAND: the synopsis, then the description, then examples", "[commands][help]") {
  Help h;
  auto msg = h.run("/help msg");
  REQUIRE(msg.size() >= 3);
  CHECK(msg[0] == "notice: /msg CONTACT [TEXT]");
  CHECK(msg[1].starts_with("notice:   "));
  CHECK(msg.back().starts_with("notice:   e.g. /msg "));
  // A command whose name starts like a topic is still a command; a topic and a command is an error.
  CHECK(h.run("/help win")[0].starts_with("notice: /win [N|"));
  CHECK(h.run("/help chat msg") ==
        std::vector<std::string>{"error: /help takes a topic or a command, not both"});
  CHECK(h.run("/help nosuch")[0].starts_with("error: unknown command /nosuch"));
}
