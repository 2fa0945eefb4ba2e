#include "app/CommandTable.hpp"

#include <algorithm>

#include "app/Settings.hpp"
#include "model/Status.hpp"
#include "util/Email.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

// "a, b or c"
std::string alternatives(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return out;
}

// The word itself, else its unique prefix; empty when neither.
std::string match_word(const std::vector<std::string>& words, std::string_view word, bool exact) {
  std::string hit;
  for (const auto& w : words) {
    if (w == word) return w;
    if (!exact && !word.empty() && w.starts_with(word)) {
      if (!hit.empty()) return "";
      hit = w;
    }
  }
  return hit;
}

std::vector<std::string> choice_words(const Param& p) {
  std::vector<std::string> out;
  for (const auto& c : p.choices) out.push_back(c.word);
  return out;
}

}  // namespace

void CommandTable::add(CommandSpec spec) {
  if (spec.topic.empty()) spec.topic = m_topic;
  // Every command that acts on a conversation names one the same way, first.
  if (spec.flags.needs_conversation || spec.flags.takes_conversation) {
    spec.flags.takes_conversation = true;
    spec.params.insert(spec.params.begin(), Param::option("-c", ParamKind::Conversation, "ID"));
    spec.help +=
        " With -c ID, conversation ID (the id of its conversation_opened event) "
        "instead of the current one.";
  }
  auto pos =
      std::lower_bound(m_specs.begin(), m_specs.end(), spec.name,
                       [](const CommandSpec& a, const std::string& n) { return a.name < n; });
  m_specs.insert(pos, std::move(spec));
}

bool CommandTable::set_handler(std::string_view name, CommandHandler run, CommandSaver save) {
  for (auto& s : m_specs) {
    if (s.name != name) continue;
    s.run = std::move(run);
    s.save = std::move(save);
    return true;
  }
  return false;
}

CommandTable::Lookup CommandTable::find(std::string_view name) const {
  std::string lower = to_lower(name);
  std::vector<const CommandSpec*> hits;
  for (const auto& s : m_specs) {
    if (s.name == lower) return {&s, {}};
    if (s.name.starts_with(lower)) hits.push_back(&s);
  }
  if (hits.size() == 1 && !lower.empty()) return {hits[0], {}};
  if (hits.empty() || lower.empty())
    return {nullptr, "unknown command /" + std::string(name) + " (see /help)"};
  std::string list;
  for (const auto* h : hits) list += " /" + h->name;
  return {nullptr, "/" + std::string(name) + " is ambiguous:" + list};
}

std::vector<const CommandSpec*> CommandTable::in_topic(std::string_view topic) const {
  std::vector<const CommandSpec*> out;
  for (const auto& s : m_specs)
    if (s.topic == topic) out.push_back(&s);
  return out;
}

std::vector<std::string> CommandTable::names() const {
  std::vector<std::string> out;
  for (const auto& s : m_specs) out.push_back(s.name);
  return out;
}

void CommandTable::set_resolver(ParamKind kind, Resolver resolver) {
  m_resolvers[kind] = std::move(resolver);
}

std::vector<std::string> CommandTable::words_of(const Param& p) const {
  switch (p.kind) {
    case ParamKind::Word: return p.words;
    case ParamKind::Choice: return choice_words(p);
    case ParamKind::Setting: {
      std::vector<std::string> out;
      for (const auto& s : Settings::specs()) out.emplace_back(s.name);
      return out;
    }
    case ParamKind::Command: return names();
    case ParamKind::Status: {
      std::vector<std::string> out;
      for (int i = 0; i < static_cast<int>(Status::Offline); ++i)
        out.emplace_back(status_name(static_cast<Status>(i)));
      return out;
    }
    default: return {};
  }
}

CommandTable::Parsed CommandTable::parse(const CommandSpec& spec, std::string_view args) const {
  Parsed out;
  std::string_view rest = args;
  if (!parse_params(spec, spec.params, rest, out.args, out.error)) return out;
  auto [extra, more] = split_first_word(rest);
  if (!extra.empty())
    out.error =
        (spec.params.empty() ? "/" + spec.name + " takes no arguments"
                             : "/" + spec.name + ": unexpected \"" + std::string(extra) + "\"") +
        " (usage: " + spec.synopsis() + ")";
  return out;
}

bool CommandTable::parse_params(const CommandSpec& spec, const std::vector<Param>& params,
                                std::string_view& rest, CommandArgs& out,
                                std::string& error) const {
  const std::string usage = " (usage: " + spec.synopsis() + ")";
  for (const Param& p : params) {
    rest = trim_left(rest);
    if (rest.empty()) {
      if (p.is_optional) continue;
      error = p.name.empty() || p.show_words || p.kind == ParamKind::Choice
                  ? "/" + spec.name + " takes " + alternatives(words_of(p)) + usage
                  : "/" + spec.name + " needs " + p.name + usage;
      return false;
    }
    std::string_view word, before = rest;
    if (!p.flag.empty()) {
      if (!parse_option(spec, p, rest, out, error)) return false;
      continue;
    }
    if (p.rest) {
      word = p.kind == ParamKind::Text ? rest : trim(rest);
      rest = {};
    } else {
      std::tie(word, rest) = split_first_word(rest);
    }
    if (p.only_if_listed && match_word(p.words, word, true).empty()) {
      rest = before;
      continue;
    }
    if (p.kind == ParamKind::Choice) {
      std::string hit = match_word(choice_words(p), word, false);
      if (hit.empty()) {
        error = "/" + spec.name + " takes " + alternatives(choice_words(p)) + ", not \"" +
                std::string(word) + "\"" + usage;
        return false;
      }
      out.set(p.name, hit);
      for (const auto& c : p.choices)
        if (c.word == hit && !parse_params(spec, c.params, rest, out, error)) return false;
      continue;
    }
    if (!parse_value(spec, p, word, out, error)) {
      error += usage;
      return false;
    }
  }
  return true;
}

// "-c ID": taken when the next word is the flag, else left for the parameters after it.
bool CommandTable::parse_option(const CommandSpec& spec, const Param& p, std::string_view& rest,
                                CommandArgs& out, std::string& error) const {
  auto [flag, after] = split_first_word(rest);
  if (flag != p.flag) return true;
  auto [word, more] = split_first_word(after);
  if (word.empty()) {
    error =
        "/" + spec.name + ": " + p.flag + " needs " + p.name + " (usage: " + spec.synopsis() + ")";
    return false;
  }
  rest = more;
  if (parse_value(spec, p, word, out, error)) return true;
  error += " (usage: " + spec.synopsis() + ")";
  return false;
}

bool CommandTable::parse_value(const CommandSpec& spec, const Param& p, std::string_view word,
                               CommandArgs& out, std::string& error) const {
  const std::string cmd = "/" + spec.name;
  std::string value(word);
  switch (p.kind) {
    case ParamKind::Word: {
      if (p.words.empty()) break;
      if (p.number_too && parse_u32(word)) break;
      value = match_word(p.words, word, false);
      if (value.empty()) {
        error = cmd + " takes " + (p.number_too ? p.name + ", " : "") + alternatives(p.words) +
                ", not \"" + std::string(word) + "\"";
        return false;
      }
      break;
    }
    case ParamKind::Text:
      if (p.max_bytes && word.size() > p.max_bytes) {
        error = cmd + ": " + p.name + " is too long (" + std::to_string(p.max_bytes) +
                " bytes at most)";
        return false;
      }
      break;
    case ParamKind::Number: {
      auto n = parse_i64(word);
      if (!n || *n < p.min || *n > p.max) {
        error = cmd + ": " + p.name + " is a number from " + std::to_string(p.min) + " to " +
                std::to_string(p.max) + ", not \"" + value + "\"";
        return false;
      }
      value = std::to_string(*n);
      break;
    }
    case ParamKind::Email:
      if (!is_valid_email(word)) {
        error = cmd + " needs an e-mail address, not \"" + value + "\"";
        return false;
      }
      break;
    case ParamKind::Status: {
      auto st = status_from_name(to_lower(word));
      if (!st || *st == Status::Offline) {
        error = cmd + " takes " + alternatives(words_of(p)) + ", not \"" + value + "\"";
        return false;
      }
      value = status_name(*st);
      break;
    }
    case ParamKind::Setting:
      if (!Settings::spec(word)) {
        error = cmd + ": unknown setting \"" + value + "\"";
        return false;
      }
      break;
    case ParamKind::Conversation:
      if (auto n = parse_i64(word); !n || *n <= 0) {
        error = cmd + ": " + p.flag + " takes a conversation id (a number), not \"" + value + "\"";
        return false;
      }
      break;
    case ParamKind::Command: {
      auto found = find(word.starts_with('/') ? word.substr(1) : word);
      if (!found.spec) {
        error = found.error;
        return false;
      }
      value = found.spec->name;
      break;
    }
    default: break;
  }
  if (auto r = m_resolvers.find(p.kind); r != m_resolvers.end()) {
    std::string problem;
    value = r->second(value, problem);
    if (!problem.empty()) {
      error = cmd + ": " + problem;
      return false;
    }
  }
  out.set(p.flag.empty() ? p.name : p.flag, std::move(value));
  return true;
}

std::pair<std::string_view, std::string_view> split_first_word(std::string_view s) {
  s = trim(s);
  size_t sp = s.find(' ');
  if (sp == std::string_view::npos) return {s, {}};
  std::string_view rest = s.substr(sp + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return {s.substr(0, sp), rest};
}

}  // namespace msntty
