#pragma once
// Runs a command line: "/name args" through an alias or the table (parsed once, the flags'
// preconditions checked, then the handler), "//text" and plain text to the current
// conversation. App::execute is this; the command modules' tests use it with a fake.
#include <functional>
#include <string_view>

#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"

namespace msntty {

class CommandRunner {
 public:
  using AliasHook =
      std::function<bool(std::string_view name, std::string_view args, CommandSource source)>;
  CommandRunner(const CommandTable& table, CommandServices& services)
      : m_table(table), m_services(services) {}
  // Aliases (UserConfig::run_alias) come before commands; true when `name` was one.
  void set_aliases(AliasHook hook) { m_aliases = std::move(hook); }

  void execute(std::string_view line, CommandSource source);
  // The flags' preconditions (signed in, a conversation), then the handler.
  void run(const CommandSpec& spec, const CommandArgs& args, CommandSource source);

 private:
  void say(std::string_view text, CommandSource source);
  // The conversation a command acts on (-c ID, else the current one); sets `error` when -c
  // names none.
  Conversation* target_of(const CommandSpec& spec, const CommandArgs& args, std::string& error);

  const CommandTable& m_table;
  CommandServices& m_services;
  AliasHook m_aliases;
};

}  // namespace msntty
