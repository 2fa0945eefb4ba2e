// Tab completion for the input line, irssi/WeeChat style: the first Tab replaces the word
// before the cursor with the first match, each further Tab (with nothing edited in between)
// cycles to the next one; S-Tab cycles backwards. Pure logic: the caller passes the text, the
// cursor and the candidate lists, and puts the returned text back into the editor.
//
// In a message (a line that is not a command) a word completes to a person's nickname, matched
// by nickname or e-mail; the first word of the line gets "nick: " as in irssi, later words just
// the nickname. Commands' arguments complete e-mails and nicknames as they are.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msntty::ui {

struct Person {
  std::string nick;   // what a message's completion inserts (the e-mail when there is none)
  std::string email;  // matched too
};

struct CompletionSources {
  std::vector<std::string> commands;  // command names, with or without the leading '/'
  std::vector<std::string> contacts;  // e-mails and nicknames, best candidates first
  // For words of a message: the conversation's participants, then the other contacts, each
  // part by recent activity (who spoke last first).
  std::vector<Person> people;
  std::vector<std::string> settings;  // completed for the first argument of /set
  // First-argument candidates for other commands, keyed by lowercase name without '/'.
  // Commands not listed here (and later arguments) complete contacts.
  std::map<std::string, std::vector<std::string>> command_args;
  // In a command, the word after an option's flag ("-c" -> conversation ids).
  std::map<std::string, std::vector<std::string>> option_values;
};

struct Completion {
  std::string text;
  std::size_t cursor;  // byte offset into text, just after the completed word and its space
};

class Completer {
 public:
  // Completes the word that ends at byte offset `cursor`. Returns nullopt when nothing
  // matches (or the word is empty outside command context), which also ends cycling.
  std::optional<Completion> complete(std::string_view text, std::size_t cursor,
                                     const CompletionSources& sources, bool backward = false);
  // Forget the cycle; complete() also notices edits by itself, so this is optional.
  void reset();

  bool active() const { return m_active; }
  // Every match of the current cycle (full replacement words), for the UI to list.
  const std::vector<std::string>& matches() const { return m_matches; }
  std::size_t index() const { return m_index; }

 private:
  std::vector<std::string> candidates_for(std::string_view text, std::size_t word_start,
                                          const CompletionSources& sources,
                                          std::string_view& word) const;
  std::vector<std::string> people_matching(std::string_view word,
                                           const std::vector<Person>& people) const;
  Completion apply();

  bool m_active = false;
  std::vector<std::string> m_matches;
  std::size_t m_index = 0;
  std::string m_before;  // text before the word being completed
  std::string m_after;   // text after the cursor
  std::string m_suffix;  // ":" after a nick that starts a message
  std::string m_last_text;
  std::size_t m_last_cursor = 0;
};

}  // namespace msntty::ui
