#pragma once
// The input history (Up and Down) as plain data: one list of the lines typed in every window,
// oldest first, each tagged with the window it was typed in (its key: "" for the status window,
// the conversation's people otherwise). Being one list keyed by people, not one per window, a
// conversation's lines outlive /close; app/InputHistoryFile keeps the list across restarts.
//
// Recall order: Up walks first the lines typed in this window, newest first, then the lines of
// the other windows, newest first; a line is shown once, at its first place in that order. The
// line being typed is kept as a draft that comes back when Down walks past the newest entry.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

class InputHistory {
 public:
  struct Entry {
    std::string key, line;
    bool operator==(const Entry&) const = default;
  };

  explicit InputHistory(std::size_t max_entries = 1000);

  // 0 keeps nothing. The oldest entries go first.
  void set_max(std::size_t max_entries);
  std::size_t max() const { return m_max; }
  // A line that can be kept: not empty, no line break; a key with no tab or line break (a file
  // keeps an entry a line, the key first).
  static bool storable(std::string_view key, std::string_view line);
  // Keeps `line` as the newest entry of window `key`, unless it cannot be stored; the same line
  // typed before in that window moves to the front instead of being kept twice. Ends browsing.
  void add(std::string_view key, std::string_view line);
  // Every entry replaced by `entries` (oldest first), the ones that cannot be stored or repeat a
  // later one of their window left out, the oldest dropped over the bound. Ends browsing.
  void assign(std::vector<Entry> entries);
  const std::deque<Entry>& entries() const { return m_entries; }
  std::size_t size() const { return m_entries.size(); }
  // Counts the changes to the entries: a writer compares it with the one it last wrote.
  uint64_t revision() const { return m_revision; }

  // The next older line for window `key`, or nullopt past the oldest. `current` is the text
  // being edited: it is kept as the draft when browsing starts.
  std::optional<std::string> up(std::string_view key, std::string_view current);
  // The next newer line, the draft when leaving the newest, nullopt when not browsing.
  std::optional<std::string> down();
  void reset_browsing();
  bool browsing() const { return m_pos > 0; }

 private:
  void trim();
  void build_walk(std::string_view key);

  std::deque<Entry> m_entries;
  std::size_t m_max;
  uint64_t m_revision = 0;
  std::vector<std::string> m_walk;  // this browse's lines, in recall order
  std::size_t m_pos = 0;            // 0: not browsing; k: showing m_walk[k - 1]
  std::string m_draft;
};

}  // namespace msntty
