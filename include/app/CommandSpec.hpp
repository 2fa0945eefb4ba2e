#pragma once
// What a command is, declared once: its parameters, its flags, its handler and its help. The
// table (CommandTable) parses and validates arguments from this declaration, and /help, Tab
// completion, the config reader, /save and the man-page test all read it, so a word list or a
// synopsis is written in one place (the idea of Kakoune's ParameterDesc and profanity's cmd_defs).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msntty {

enum class CommandSource { User, Config, Pipe, Headless };
// The command pipe, --remote and headless mode: scripts, which never move the focus.
inline bool from_script(CommandSource s) {
  return s == CommandSource::Pipe || s == CommandSource::Headless;
}

enum class ParamKind {
  Word,          // one word; when `words` is set, one of them (a unique prefix is accepted)
  Text,          // the rest of the line, free text
  Number,        // a whole number from `min` to `max`
  Contact,       // someone on your lists (e-mail, or a unique prefix of one or of a nickname): the
                 // e-mail
  Person,        // a contact as above, or any e-mail address: the e-mail
  Email,         // an e-mail address (util/Email: is_valid_email)
  Group,         // a group of your list, by name or id: the group id
  Status,        // a status name (online, busy ...; not offline): the full name
  Setting,       // the name of a setting
  Command,       // the name of a command, with or without the slash: the full name
  Key,           // a key name (C-x, M-a, F5): the canonical spelling
  Conversation,  // the id of an open conversation (as in conversation_opened)
  Choice,        // a sub-command: one of `choices`, each with parameters of its own
};

struct Param;

struct Choice {
  std::string word;
  std::vector<Param> params;
};

struct Param {
  ParamKind kind = ParamKind::Word;
  std::string name;  // shown in the synopsis, and the key handlers read it by
  bool is_optional = false;
  bool rest = false;            // takes the rest of the line (Text always does)
  bool only_if_listed = false;  // optional Word: skipped, not an error, when the word is not listed
  bool number_too = false;      // Word: a number is accepted as well (/win 3)
  bool show_words = false;      // synopsis lists the words instead of the name
  // An option: the word `flag`, then the value ("-c ID"). Always optional, taken only when the
  // next word is the flag; the value is in the arguments under the flag ("-c").
  std::string flag;
  std::vector<std::string> words;  // Word: the accepted words
  std::vector<Choice> choices;     // Choice
  int64_t min = 0, max = 0;        // Number
  size_t max_bytes = 0;            // Text: 0 for no limit

  static Param word(std::string name, std::vector<std::string> words = {});
  static Param text(std::string name = "TEXT", size_t max_bytes = 0);
  static Param number(std::string name, int64_t min, int64_t max);
  static Param of(ParamKind kind, std::string name);
  static Param choice(std::string name, std::vector<Choice> choices);
  static Param option(std::string flag, ParamKind kind, std::string name);
  Param optional() &&;
  Param to_end() &&;  // takes the rest of the line
  Param listed() &&;  // show the words in the synopsis
  // Optional, and taken only when the next word is one of its words (a Choice: its choices'
  // words); any other word goes on to the next parameter.
  Param if_listed() &&;
  // An optional word standing for itself, such as "-all" or "-case".
  static Param flag_word(std::string word);
};

struct CommandFlags {
  bool needs_session = false;       // refused with "not signed in" before signing in
  bool needs_conversation = false;  // refused when no conversation is current (or -c names one)
  // Acts on a conversation: takes "-c ID" before its parameters (CommandTable::add adds it), and
  // without it the current conversation. needs_conversation implies it.
  bool takes_conversation = false;
  bool interface_only = false;  // the interface runs it; headless skips it in the config
  bool scriptable = true;       // false: refused from the command pipe
  bool persisted = false;       // /save writes what `save` returns
};

// The parsed arguments, by parameter name. Absent optional parameters are absent here too.
class CommandArgs {
 public:
  void set(std::string name, std::string value);
  bool has(std::string_view name) const;
  const std::string& get(std::string_view name) const;  // empty when absent
  int64_t number(std::string_view name, int64_t fallback = 0) const;
  bool empty() const { return m_values.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> m_values;
};

using CommandHandler = std::function<void(const CommandArgs& args, CommandSource source)>;
using CommandSaver = std::function<std::vector<std::string>()>;  // config lines for /save

struct CommandSpec {
  std::string name;  // without the slash
  std::vector<Param> params;
  CommandFlags flags;
  std::string summary;  // one line, for the /help list
  std::string help;     // a paragraph
  std::vector<std::string> examples;
  CommandHandler run;  // empty for an interface command when there is no interface
  CommandSaver save;   // with flags.persisted
  // The /help topic (one of command_topics()); empty: the table's current topic when added.
  std::string topic;

  std::string synopsis() const;  // "/msg CONTACT [TEXT]", made from the parameters
};

// The topics /help groups the commands by, in the order it lists them: few enough that the list
// of topics, each with its commands, fits a 24-row terminal.
struct CommandTopic {
  std::string_view name;
  std::string_view summary;
};
const std::vector<CommandTopic>& command_topics();
std::vector<std::string> command_topic_names();

}  // namespace msntty
