#pragma once
// Private folders, in one place: every folder msntty creates is created here, mode 0700.
//
// create_path() is `mkdir -p -m 700` for the folders under the user's home (config, logs,
// debug log): missing folders are created 0700, existing ones are left as the user made them.
//
// A PrivateDir object is stricter, for folders others could plant things in (the runtime
// folder under /tmp): a real folder (never a symlink), owned by our uid, mode 0700. It is
// held open, and everything inside it is created and checked relative to that handle
// (mkfifoat, openat, fstatat, unlinkat), so a path swapped after the check is never followed.
#include <sys/stat.h>
#include <memory>
#include <string>
#include <string_view>

#include "net/UniqueFd.hpp"
#include "util/Result.hpp"

namespace msntty::net {

class PrivateDir {
 public:
  // Every missing folder of `path` (absolute or relative) created 0700; fails if the last one
  // is not a folder in the end. "cannot create X: reason" on failure.
  static Result<> create_path(const std::string& path);

  enum class Mode {
    Create,  // create it if missing; reuse it if ours, tightening its mode to 0700
    Find,    // open it only if it exists and is ours (--remote: change nothing)
  };
  // `path` as a whole (its parent must exist). Null + `error` on failure; `missing` is set when
  // it failed only because the folder does not exist (Find).
  static std::unique_ptr<PrivateDir> open(const std::string& path, Mode mode, std::string& error,
                                          bool* missing = nullptr);
  // A folder inside this one, by name (one path component).
  std::unique_ptr<PrivateDir> open_child(std::string_view name, Mode mode, std::string& error,
                                         bool* missing = nullptr) const;

  int fd() const { return m_fd.get(); }
  const std::string& path() const { return m_path; }
  std::string file(std::string_view name) const;
  // A path for bind()/connect() to `name` in this folder: the plain path when it fits in
  // sun_path, else the same file through /proc/self/fd (deep XDG_RUNTIME_DIR). Empty if neither.
  std::string socket_path(std::string_view name) const;
  // lstat of `name` inside the folder (no symlink followed). False + errno on failure.
  bool stat_entry(std::string_view name, struct stat& st) const;
  // Removes `name` if it still is the node (dev, ino) we created: never someone else's file.
  void unlink_if_same(std::string_view name, dev_t dev, ino_t ino) const;

  // Takes an already checked folder handle; use open()/open_child().
  PrivateDir(UniqueFd fd, std::string path) : m_fd(std::move(fd)), m_path(std::move(path)) {}

 private:
  static std::unique_ptr<PrivateDir> open_at(int parent, const std::string& name,
                                             const std::string& path, Mode mode, std::string& error,
                                             bool* missing);

  UniqueFd m_fd;
  std::string m_path;
};

}  // namespace msntty::net
