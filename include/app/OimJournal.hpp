#pragma once
// The offline messages already shown, by id: $XDG_STATE_HOME/msntty/oim-seen/<account>, one line
// per message, "<unix seconds> <id>" (when it was shown). An id is appended, and the file
// fdatasync'd, after the message is in the conversation log and before it is deleted on the
// server: if msntty dies in between, the next sign-in finds the message still waiting, sees its
// id here, and deletes it again without showing it twice (doc/protocol/oim.md#receiving).
// Entries older than 30 days are dropped when the journal is opened (the file is rewritten then,
// unless another msntty of the account holds `<path>.lock`; appends reopen the file by its path
// when another process rewrote it).
// The folder is 0700, the file 0600.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/UniqueFd.hpp"
#include "util/Result.hpp"

namespace msntty {

class OimJournal {
 public:
  static constexpr int64_t kKeepSeconds = 30 * 24 * 3600;

  // Creates the folders and the file if missing; `now` decides what is old.
  static Result<OimJournal> open(const std::string& path, int64_t now);
  // The path for an account below the state folder (`state_dir` is $XDG_STATE_HOME/msntty).
  static std::string path_for(const std::string& state_dir, const std::string& account);

  bool contains(const std::string& id) const { return m_seen.count(id) > 0; }
  // Appends the ids (one write) and waits for the disk (fdatasync).
  Result<> add(const std::vector<std::string>& ids, int64_t now);
  size_t size() const { return m_seen.size(); }
  const std::string& path() const { return m_path; }

 private:
  OimJournal(std::string path, net::UniqueFd fd, net::UniqueFd lock,
             std::map<std::string, int64_t> seen);

  std::string m_path;
  net::UniqueFd m_fd;
  net::UniqueFd m_lock;  // <path>.lock: shared while appending, exclusive while rewriting
  std::map<std::string, int64_t> m_seen;  // id -> when it was shown
};

}  // namespace msntty
