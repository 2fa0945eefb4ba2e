#pragma once
// The Ctrl-R search over one window's scrollback, as readline's reverse-i-search: each key typed
// narrows the query and keeps the current match when it still matches, else looks further back;
// Ctrl-R again finds the next older match. The match is highlighted (ChatPane reads match())
// and scrolled into view. Lines copied by /lastlog are skipped. No curses here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "ui/Scrollback.hpp"

namespace msntty::ui {

class ScrollbackSearch {
 public:
  struct Match {
    uint64_t id = 0;                  // the scrollback line
    std::size_t first = 0, last = 0;  // byte range in its text
  };

  bool active() const { return m_active; }
  void start();
  // A new query: the newest match at or before the current one (from the newest line when
  // there is none yet). False when nothing matches: the last match stays shown, "failing".
  bool set_query(Scrollback& sb, std::string query);
  // The next older match. False when there is none (the current one stays).
  bool older(Scrollback& sb);
  // Leaves the search; `stay` keeps the view where the match is, else it goes back to the
  // newest lines.
  void finish(Scrollback& sb, bool stay);

  const std::string& query() const { return m_query; }
  const std::optional<Match>& match() const { return m_match; }
  bool failing() const { return m_failing; }

 private:
  // Searches from line index `from` (inclusive) towards the oldest line.
  std::optional<Match> find_back(Scrollback& sb, std::size_t from) const;
  void reveal(Scrollback& sb) const;

  bool m_active = false;
  bool m_failing = false;
  std::string m_query;
  std::optional<Match> m_match;
};

}  // namespace msntty::ui
