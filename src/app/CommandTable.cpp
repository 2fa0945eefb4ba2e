#include "app/CommandTable.hpp"

#include <algorithm>

#include "util/Strings.hpp"

namespace msntty {

void CommandTable::add(CommandSpec spec) {
  auto pos = std::lower_bound(m_specs.begin(), m_specs.end(), spec.name,
                              [](const CommandSpec& a, const std::string& n) { return a.name < n; });
  m_specs.insert(pos, std::move(spec));
}

CommandTable::Lookup CommandTable::find(std::string_view name) const {
  std::string lower = to_lower(name);
  std::vector<const CommandSpec*> hits;
  for (const auto& s : m_specs) {
    if (s.name == lower) return {&s, {}};
    if (s.name.starts_with(lower)) hits.push_back(&s);
  }
  if (hits.size() == 1 && !lower.empty()) return {hits[0], {}};
  if (hits.empty() || lower.empty()) return {nullptr, "unknown command /" + std::string(name) + " (see /help)"};
  std::string list;
  for (const auto* h : hits) list += " /" + h->name;
  return {nullptr, "/" + std::string(name) + " is ambiguous:" + list};
}

std::vector<std::string> CommandTable::names() const {
  std::vector<std::string> out;
  for (const auto& s : m_specs) out.push_back(s.name);
  return out;
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
