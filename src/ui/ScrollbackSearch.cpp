#include "ui/ScrollbackSearch.hpp"

#include <algorithm>

#include "util/TextMatcher.hpp"

namespace msntty::ui {

void ScrollbackSearch::start() {
  m_active = true;
  m_failing = false;
  m_query.clear();
  m_match.reset();
}

std::optional<ScrollbackSearch::Match> ScrollbackSearch::find_back(Scrollback& sb,
                                                                   std::size_t from) const {
  if (m_query.empty() || sb.size() == 0) return std::nullopt;
  auto matcher = TextMatcher::make(m_query, {});  // a literal always compiles
  if (!matcher) return std::nullopt;
  for (std::size_t i = std::min(from, sb.size() - 1) + 1; i-- > 0;) {
    const Scrollback::Line& line = sb.line(i);
    if (line.quoted) continue;
    if (auto r = matcher->find(line.text)) return Match{sb.id_of(i), r->first, r->second};
  }
  return std::nullopt;
}

bool ScrollbackSearch::set_query(Scrollback& sb, std::string query) {
  m_query = std::move(query);
  std::size_t from = sb.size() ? sb.size() - 1 : 0;
  if (m_match)
    if (auto i = sb.index_of(m_match->id)) from = *i;
  auto found = find_back(sb, from);
  m_failing = !found && !m_query.empty();
  if (found) m_match = found;
  if (m_query.empty()) m_match.reset();
  reveal(sb);
  return found.has_value();
}

bool ScrollbackSearch::older(Scrollback& sb) {
  if (!m_match) return set_query(sb, m_query);
  auto i = sb.index_of(m_match->id);
  auto found = i && *i > 0 ? find_back(sb, *i - 1) : std::nullopt;
  m_failing = !found;
  if (found) m_match = found;
  reveal(sb);
  return found.has_value();
}

// The match's line goes a third of the way down the view, with the lines before it as context,
// unless the newest lines already show it.
void ScrollbackSearch::reveal(Scrollback& sb) const {
  if (!m_match) return;
  sb.to_bottom();
  sb.show_from(m_match->id);
  if (!sb.at_bottom()) sb.scroll_up(sb.height() / 3);
}

void ScrollbackSearch::finish(Scrollback& sb, bool stay) {
  m_active = false;
  m_failing = false;
  m_match.reset();
  m_query.clear();
  if (!stay) sb.to_bottom();
}

}  // namespace msntty::ui
