#include "ui/Completer.hpp"

#include <algorithm>

namespace msntty::ui {
namespace {

// ASCII-only folding: deterministic and locale-free; e-mails and commands are ASCII anyway.
char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return fold(x) == fold(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), fold);
  return out;
}

std::string with_slash(std::string_view name) {
  return name.starts_with('/') ? std::string(name) : "/" + std::string(name);
}

}  // namespace

void Completer::reset() {
  m_active = false;
  m_matches.clear();
  m_index = 0;
  m_suffix.clear();
}

// Each person once, by nickname or e-mail, inserted as the nickname.
std::vector<std::string> Completer::people_matching(std::string_view word,
                                                    const std::vector<Person>& people) const {
  std::vector<std::string> out;
  std::vector<std::string_view> seen;
  for (const Person& p : people) {
    bool duplicate = std::any_of(seen.begin(), seen.end(),
                                 [&](std::string_view e) { return iequals(e, p.email); });
    if (duplicate || !(istarts_with(p.nick, word) || istarts_with(p.email, word))) continue;
    seen.push_back(p.email);
    out.push_back(p.nick.empty() ? p.email : p.nick);
  }
  return out;
}

std::vector<std::string> Completer::candidates_for(std::string_view text, std::size_t word_start,
                                                   const CompletionSources& sources,
                                                   std::string_view& word) const {
  if (word_start == 0 && word.starts_with('/')) {
    std::vector<std::string> out;
    for (const auto& c : sources.commands) out.push_back(with_slash(c));
    return out;
  }
  if (text.starts_with('/')) {
    std::size_t cmd_end = std::min(text.find(' '), text.size());
    std::string command = lower(text.substr(1, cmd_end - 1));
    bool first_arg = text.find_first_not_of(' ', cmd_end) >= word_start;
    std::string_view before = text.substr(0, word_start);
    while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
    std::string_view previous = before.substr(std::min(before.size(), before.rfind(' ') + 1));
    if (auto it = sources.option_values.find(std::string(previous));
        it != sources.option_values.end() && !first_arg)
      return it->second;
    if (first_arg) {
      if (auto it = sources.command_args.find(command); it != sources.command_args.end())
        return it->second;
      if (command == "set") return sources.settings;
    }
  } else {
    // Tab on nothing in a chat line: completing every contact is just noise.
    return word.empty() ? std::vector<std::string>{} : people_matching(word, sources.people);
  }
  return sources.contacts;
}

std::optional<Completion> Completer::complete(std::string_view text, std::size_t cursor,
                                              const CompletionSources& sources, bool backward) {
  cursor = std::min(cursor, text.size());
  if (m_active && text == m_last_text && cursor == m_last_cursor) {
    std::size_t n = m_matches.size();
    m_index = backward ? (m_index + n - 1) % n : (m_index + 1) % n;
    return apply();
  }
  reset();
  std::size_t word_start = text.substr(0, cursor).rfind(' ');
  word_start = word_start == std::string_view::npos ? 0 : word_start + 1;
  std::string_view word = text.substr(word_start, cursor - word_start);
  bool message = !text.starts_with('/');
  for (auto& candidate : candidates_for(text, word_start, sources, word)) {
    bool duplicate = std::any_of(m_matches.begin(), m_matches.end(),
                                 [&](const std::string& m) { return iequals(m, candidate); });
    // A person's nickname may not start with the word: they were found by e-mail.
    bool fits = message || istarts_with(candidate, word);
    if (!candidate.empty() && fits && !duplicate) m_matches.push_back(std::move(candidate));
  }
  if (m_matches.empty()) return std::nullopt;
  m_active = true;
  m_index = backward ? m_matches.size() - 1 : 0;
  m_before = std::string(text.substr(0, word_start));
  m_after = std::string(text.substr(cursor));
  // Addressing someone, as in irssi: "Bob: " at the start of a message.
  if (message && word_start == 0) m_suffix = ":";
  return apply();
}

Completion Completer::apply() {
  // One space after the word (and the ':' of "nick: "); reuse a space already there.
  const std::string match = m_matches[m_index] + m_suffix;
  Completion c;
  c.text = m_before + match + (m_after.starts_with(' ') ? "" : " ") + m_after;
  c.cursor = m_before.size() + match.size() + 1;
  m_last_text = c.text;
  m_last_cursor = c.cursor;
  return c;
}

}  // namespace msntty::ui
