#pragma once
// The one command language: the input line, key bindings, the config file, the command pipe and
// headless mode all end up here. The table holds every CommandSpec and parses a command's
// arguments against its declared parameters, once, so handlers receive checked values.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/CommandSpec.hpp"

namespace msntty {

class CommandTable {
 public:
  void add(CommandSpec spec);
  // The /help topic of the commands added from now on that do not name their own.
  void set_topic(std::string topic) { m_topic = std::move(topic); }
  // The commands of a topic, by name.
  std::vector<const CommandSpec*> in_topic(std::string_view topic) const;
  // Gives a declared command its handler: the interface's commands are declared by app/ (so a
  // headless run knows them) and run by the interface. False when `name` is not declared.
  bool set_handler(std::string_view name, CommandHandler run, CommandSaver save = {});

  // Exact name, else a unique prefix. `error` says what went wrong otherwise.
  struct Lookup {
    const CommandSpec* spec = nullptr;
    std::string error;
  };
  Lookup find(std::string_view name) const;
  const std::vector<CommandSpec>& all() const { return m_specs; }
  std::vector<std::string> names() const;

  // Turns a word into the value of a parameter of that kind (a contact's e-mail, a group's id,
  // a canonical key name), or sets `error`. Kinds with no resolver take the word as it is.
  using Resolver = std::function<std::string(std::string_view word, std::string& error)>;
  void set_resolver(ParamKind kind, Resolver resolver);

  struct Parsed {
    CommandArgs args;
    std::string error;  // names the command and shows its synopsis
    bool ok() const { return error.empty(); }
  };
  Parsed parse(const CommandSpec& spec, std::string_view args) const;

  // The words a parameter accepts (enumerations, status names, settings, commands), for
  // completion; empty when it takes anything of its kind.
  std::vector<std::string> words_of(const Param& param) const;

 private:
  bool parse_params(const CommandSpec& spec, const std::vector<Param>& params,
                    std::string_view& rest, CommandArgs& out, std::string& error) const;
  bool parse_option(const CommandSpec& spec, const Param& p, std::string_view& rest,
                    CommandArgs& out, std::string& error) const;
  bool parse_value(const CommandSpec& spec, const Param& p, std::string_view word, CommandArgs& out,
                   std::string& error) const;

  std::vector<CommandSpec> m_specs;
  std::map<ParamKind, Resolver> m_resolvers;
  std::string m_topic;
};

// Splits "word rest of line" at the first run of spaces.
std::pair<std::string_view, std::string_view> split_first_word(std::string_view s);

}  // namespace msntty
