#pragma once
// Conversation logs: $XDG_DATA_HOME/msntty/logs/<account>/<contact>.log (a group chat in one file
// named by its participants), plain text, one line per message:
//   2026-11-21T18:58:03+01:00 <bob@example.com> hello there
//   2026-11-21T18:58:09+01:00 -!- bob@example.com left the conversation
//   2026-11-21T07:12:40+01:00 <bob@example.com> (offline) sent while you were away
// (an offline message: the time the server took it, the mark before the text).
// Newlines inside a message are written as "\n" and control characters escaped, so every line is
// one message and `grep` works. Folders are 0700 and files 0600. Each line is written with one
// write(2) as it happens (a crash loses nothing written), and files with new lines are flushed to
// disk with fdatasync once per loop turn (a power cut loses at most that turn's lines).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/Conversation.hpp"
#include "net/UniqueFd.hpp"
#include "util/Result.hpp"

namespace msntty {

class ChatLog {
 public:
  // `dir` is the account's folder; created (0700) on the first write.
  explicit ChatLog(std::string dir);

  // The whole line written, or why not (a folder or file that cannot be made, a full disk). A
  // failure does not stop logging: the next line tries again.
  Result<> append(const Conversation& c, const ChatLine& line);
  // fdatasync what was written; an error if any file could not be synced (its lines may be lost).
  Result<> sync();
  // The last `n` lines of this conversation's log (oldest first).
  std::vector<std::string> tail(const Conversation& c, size_t n) const;
  // One line of a log read back: what format_line wrote, typed. Whether a message was ours is
  // not in the line: its sender is our account.
  struct Entry {
    enum class Kind { Message, Notice, Error };
    int64_t time = 0;  // unix seconds
    Kind kind = Kind::Message;
    std::string who;       // a message's sender, as logged (an e-mail); empty for notices
    std::string text;      // as logged: a line break as "\n", control characters in caret notation
    bool offline = false;  // an offline message ("(offline) " before the text)
  };
  // nullopt for a line format_line cannot have written: no valid time, no "<who> " or "-!- ",
  // a control character anywhere (a hand-edited or damaged file is never shown raw).
  static std::optional<Entry> parse_line(std::string_view line);
  // "2026-11-21T18:58:03+01:00" as unix seconds; nullopt when it is not exactly that form.
  static std::optional<int64_t> parse_iso_time(std::string_view s);
  // The last `n` messages of this conversation's log, oldest first: notices, errors and lines
  // that do not parse are passed over (and do not count).
  std::vector<Entry> last_messages(const Conversation& c, size_t n) const;
  struct Hit {
    std::string file, line;
  };
  // Lines containing `text` (case-insensitive) in any of the account's logs, oldest file first.
  std::vector<Hit> search(std::string_view text, size_t max_hits) const;
  // One page of the lines containing `text` (case-insensitive) in time order: page 1 is the
  // newest `per_page` hits, page 2 the ones before them... each page oldest first, so a page
  // reads like the window it lands in. `total` counts every hit (at most k_max_search_hits).
  struct Page {
    std::vector<Hit> hits;
    size_t total = 0;
    size_t pages = 0;
  };
  static constexpr size_t k_max_search_hits = 100000;
  Page search_page(std::string_view text, size_t page, size_t per_page) const;
  const std::string& dir() const { return m_dir; }
  std::string path_for(const Conversation& c) const;

  static std::string format_line(const ChatLine& line);
  static std::string iso_time(int64_t unix_seconds);
  static std::string safe_file_part(std::string_view s);  // no '/', no leading '.', no controls

 private:
  Result<int> file_for(const std::string& path);

  std::string m_dir;
  std::map<std::string, net::UniqueFd> m_files;
  std::vector<int> m_dirty;
  bool m_dir_ready = false;
};

}  // namespace msntty
