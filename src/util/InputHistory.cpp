#include "util/InputHistory.hpp"

#include <algorithm>
#include <unordered_set>
#include <utility>

namespace msntty {
namespace {

bool has_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

InputHistory::InputHistory(std::size_t max_entries) : m_max(max_entries) {}

bool InputHistory::storable(std::string_view key, std::string_view line) {
  return !line.empty() && !has_break(line) && !has_break(key) &&
         key.find('\t') == std::string_view::npos;
}

void InputHistory::set_max(std::size_t max_entries) {
  m_max = max_entries;
  trim();
}

void InputHistory::trim() {
  if (m_entries.size() <= m_max) return;
  while (m_entries.size() > m_max) m_entries.pop_front();
  ++m_revision;
}

void InputHistory::add(std::string_view key, std::string_view line) {
  reset_browsing();
  if (!storable(key, line) || m_max == 0) return;
  if (!m_entries.empty() && m_entries.back().key == key && m_entries.back().line == line) return;
  // Typed again in this window (often recalled with Up): it moves to the front, kept once.
  auto again = std::find_if(m_entries.begin(), m_entries.end(),
                            [&](const Entry& e) { return e.key == key && e.line == line; });
  if (again != m_entries.end()) m_entries.erase(again);
  m_entries.push_back({std::string(key), std::string(line)});
  ++m_revision;
  trim();
}

void InputHistory::assign(std::vector<Entry> entries) {
  reset_browsing();
  m_entries.clear();
  // Newest first, so that of a repeated line the newest place is the one kept.
  std::unordered_set<std::string> seen;  // "KEY<TAB>LINE": a key has no tab
  for (auto it = entries.rbegin(); it != entries.rend() && m_entries.size() < m_max; ++it) {
    if (!storable(it->key, it->line) || !seen.insert(it->key + '\t' + it->line).second) continue;
    m_entries.push_front(std::move(*it));
  }
  ++m_revision;
}

void InputHistory::build_walk(std::string_view key) {
  m_walk.clear();
  std::unordered_set<std::string_view> shown;
  auto take = [&](bool own) {
    for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it)
      if ((it->key == key) == own && shown.insert(it->line).second) m_walk.push_back(it->line);
  };
  take(true);
  take(false);
}

std::optional<std::string> InputHistory::up(std::string_view key, std::string_view current) {
  if (!browsing()) {
    build_walk(key);
    m_draft = std::string(current);
  }
  if (m_pos >= m_walk.size()) return std::nullopt;
  return m_walk[m_pos++];
}

std::optional<std::string> InputHistory::down() {
  if (!browsing()) return std::nullopt;
  if (--m_pos == 0) {
    m_walk.clear();
    return std::exchange(m_draft, {});
  }
  return m_walk[m_pos - 1];
}

void InputHistory::reset_browsing() {
  m_pos = 0;
  m_walk.clear();
  m_draft.clear();
}

}  // namespace msntty
