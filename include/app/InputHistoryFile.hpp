#pragma once
// The input history's file, so that Up and Down reach the lines of earlier runs:
// $XDG_STATE_HOME/msntty/input-history/<account>, mode 0600 in a 0700 folder, an entry a line,
// oldest first, "KEY<TAB>LINE" (util/InputHistory: KEY is empty for the status window, else the
// conversation's e-mails). It is written whole to a temporary file renamed over the old one, so
// a crash or a full disk leaves the old file or the new one, never half of one. The interface
// (ui/) reads it once at start and writes it a few seconds after new lines, when a window
// closes and at exit (Client::input_history_file()).
//
// Reading never trusts the file: a line it cannot use (no tab, a control character, not UTF-8,
// cut short) is skipped and counted, and a file larger than kMaxBytes is not read at all (a
// save never writes one: the oldest entries that do not fit are left out).
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/InputHistory.hpp"
#include "util/Result.hpp"

namespace msntty {

class InputHistoryFile {
 public:
  static constexpr std::size_t kMaxBytes = 4u << 20;

  // The file of `account` below `state_dir` ($XDG_STATE_HOME/msntty).
  static std::string path_for(const std::string& state_dir, const std::string& account);

  explicit InputHistoryFile(std::string path) : m_path(std::move(path)) {}
  const std::string& path() const { return m_path; }

  // `history`'s entries replaced by the file's (a missing file has none). The value is how
  // many lines were skipped; an error when the file cannot be read or is too large (the
  // history is then left as it was).
  Result<std::size_t> load(InputHistory& history) const;
  // Writes the entries (the newest that fit in kMaxBytes); the folders are created 0700.
  Result<> save(const InputHistory& history) const;
  // Removes the file (input_history_size 0: nothing is kept); a missing file is no error.
  Result<> remove() const;

  // The text of a file holding `history`, and the entries read back from one (the count of
  // lines skipped added to `skipped`): the format, without the files, for tests.
  static std::string serialize(const InputHistory& history, std::size_t max_bytes = kMaxBytes);
  static std::vector<InputHistory::Entry> parse(std::string_view text, std::size_t& skipped);

 private:
  std::string m_path;
};

}  // namespace msntty
