#pragma once
// The one command language: the input line, key bindings, the config file, the command pipe and
// headless mode all end up here. Each entry carries its own help (profanity's cmd_defs idea), so
// /help and the man page are written from the same facts.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

enum class CommandSource { User, Config, Pipe, Headless };

struct CommandSpec {
  std::string name;        // without the slash
  std::string synopsis;    // "/msg CONTACT TEXT"
  std::string summary;     // one line
  std::string help;        // a paragraph
  bool scriptable = true;  // false: refused from the pipe (interactive only)
  std::function<void(std::string_view args, CommandSource source)> run;
};

class CommandTable {
 public:
  void add(CommandSpec spec);
  // Exact name, else a unique prefix. `error` says what went wrong otherwise.
  struct Lookup {
    const CommandSpec* spec = nullptr;
    std::string error;
  };
  Lookup find(std::string_view name) const;
  const std::vector<CommandSpec>& all() const { return m_specs; }
  std::vector<std::string> names() const;

 private:
  std::vector<CommandSpec> m_specs;
};

// Splits "word rest of line" at the first run of spaces.
std::pair<std::string_view, std::string_view> split_first_word(std::string_view s);

}  // namespace msntty
