#include "app/CommandSpec.hpp"

#include "util/Strings.hpp"

namespace msntty {

Param Param::word(std::string name, std::vector<std::string> words) {
  Param p;
  p.name = std::move(name);
  p.words = std::move(words);
  return p;
}

Param Param::text(std::string name, size_t max_bytes) {
  Param p = of(ParamKind::Text, std::move(name));
  p.rest = true;
  p.max_bytes = max_bytes;
  return p;
}

Param Param::number(std::string name, int64_t min, int64_t max) {
  Param p = of(ParamKind::Number, std::move(name));
  p.min = min;
  p.max = max;
  return p;
}

Param Param::of(ParamKind kind, std::string name) {
  Param p;
  p.kind = kind;
  p.name = std::move(name);
  return p;
}

Param Param::choice(std::string name, std::vector<Choice> choices) {
  Param p = of(ParamKind::Choice, std::move(name));
  p.choices = std::move(choices);
  return p;
}

Param Param::option(std::string flag, ParamKind kind, std::string name) {
  Param p = of(kind, std::move(name));
  p.flag = std::move(flag);
  p.is_optional = true;
  return p;
}

Param Param::optional() && {
  is_optional = true;
  return std::move(*this);
}

Param Param::to_end() && {
  rest = true;
  return std::move(*this);
}

Param Param::listed() && {
  show_words = true;
  return std::move(*this);
}

Param Param::if_listed() && {
  is_optional = true;
  only_if_listed = true;
  if (kind == ParamKind::Choice && words.empty())
    for (const Choice& c : choices) words.push_back(c.word);
  return std::move(*this);
}

Param Param::flag_word(std::string word) {
  return Param::word(word, {word}).listed().if_listed();
}

void CommandArgs::set(std::string name, std::string value) {
  m_values.emplace_back(std::move(name), std::move(value));
}

bool CommandArgs::has(std::string_view name) const {
  for (const auto& [n, v] : m_values)
    if (n == name) return true;
  return false;
}

const std::string& CommandArgs::get(std::string_view name) const {
  static const std::string empty;
  for (const auto& [n, v] : m_values)
    if (n == name) return v;
  return empty;
}

int64_t CommandArgs::number(std::string_view name, int64_t fallback) const {
  return has(name) ? parse_i64(get(name)).value_or(fallback) : fallback;
}

namespace {

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : std::string(separator)) + w;
  return out;
}

std::string render(const std::vector<Param>& params, size_t from);

std::string render_one(const Param& p) {
  if (p.kind == ParamKind::Choice) {
    std::vector<std::string> parts;
    for (const auto& c : p.choices) {
      std::string after = render(c.params, 0);
      parts.push_back(after.empty() ? c.word : c.word + " " + after);
    }
    return join(parts, " | ");
  }
  if (!p.flag.empty()) return p.flag + " " + p.name;
  if (p.show_words) return (p.number_too ? p.name + "|" : "") + join(p.words, "|");
  return p.name;
}

// Optional parameters nest: "/set [NAME [VALUE]]" (VALUE only comes with a NAME), except a
// flag that stands on its own: "/bind [-contacts] [KEY [COMMAND]]".
std::string render(const std::vector<Param>& params, size_t from) {
  if (from >= params.size()) return "";
  const Param& p = params[from];
  std::string after = render(params, from + 1);
  std::string self = render_one(p);
  if (!p.is_optional) return after.empty() ? self : self + " " + after;
  if (p.only_if_listed || !p.flag.empty())
    return "[" + self + "]" + (after.empty() ? "" : " " + after);
  return "[" + self + (after.empty() ? "" : " " + after) + "]";
}

}  // namespace

const std::vector<CommandTopic>& command_topics() {
  static const std::vector<CommandTopic> topics = {
      {"session", "signing in and out, your status, name, personal message and places"},
      {"chat", "conversations: messages, invitations, nudges, sending again"},
      {"lists", "your contacts, groups and who may see you"},
      {"logs", "the conversation logs: history and search"},
      {"config", "settings, aliases, saving them, and this help"},
      {"interface", "windows, keys, scrolling and the contact pane"},
  };
  return topics;
}

std::vector<std::string> command_topic_names() {
  std::vector<std::string> out;
  for (const auto& t : command_topics()) out.emplace_back(t.name);
  return out;
}

std::string CommandSpec::synopsis() const {
  std::string params_text = render(params, 0);
  return "/" + name + (params_text.empty() ? "" : " " + params_text);
}

}  // namespace msntty
