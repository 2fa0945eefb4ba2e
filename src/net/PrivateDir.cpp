#include "net/PrivateDir.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>

#include "net/SockAddr.hpp"
#include "util/XdgPaths.hpp"

namespace msntty::net {

Result<> PrivateDir::create_path(const std::string& path) {
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    std::string partial = path.substr(0, pos);
    if (partial.empty() || partial.back() == '/') continue;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
      return Error{"cannot create " + partial + ": " + errno_text(errno)};
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return Error{"cannot create " + path + ": " + errno_text(errno)};
  if (!S_ISDIR(st.st_mode)) return Error{"cannot create " + path + ": not a folder"};
  return {};
}

std::unique_ptr<PrivateDir> PrivateDir::open(const std::string& path, Mode mode, std::string& error,
                                             bool* missing) {
  return open_at(AT_FDCWD, path, path, mode, error, missing);
}

std::unique_ptr<PrivateDir> PrivateDir::open_child(std::string_view name, Mode mode,
                                                   std::string& error, bool* missing) const {
  std::string n(name);
  return open_at(m_fd.get(), n, file(n), mode, error, missing);
}

std::unique_ptr<PrivateDir> PrivateDir::open_at(int parent, const std::string& name,
                                                const std::string& path, Mode mode,
                                                std::string& error, bool* missing) {
  if (missing) *missing = false;
  if (mode == Mode::Create && ::mkdirat(parent, name.c_str(), 0700) < 0 && errno != EEXIST) {
    error = "cannot create " + path + ": " + errno_text(errno);
    return nullptr;
  }
  // O_NOFOLLOW: a symlink planted at our folder's name is refused, not followed.
  UniqueFd fd(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    int err = errno;
    if (err == ENOENT && missing) *missing = true;
    if (err == ELOOP || err == ENOTDIR)
      error = path + " is a symlink or not a folder: refusing to use it";
    else
      error = "cannot open " + path + ": " + errno_text(err);
    return nullptr;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) < 0 || !S_ISDIR(st.st_mode)) {
    error = path + " is not a folder";
    return nullptr;
  }
  if (st.st_uid != ::geteuid()) {
    error = path + " belongs to another user: refusing to use it";
    return nullptr;
  }
  // Ours but too open (an old version, a manual mkdir): make it private again.
  if (mode == Mode::Create && (st.st_mode & 077) != 0 && ::fchmod(fd.get(), 0700) < 0) {
    error = "cannot make " + path + " private: " + errno_text(errno);
    return nullptr;
  }
  return std::make_unique<PrivateDir>(std::move(fd), path);
}

std::string PrivateDir::file(std::string_view name) const {
  return join_path(m_path, name);
}

std::string PrivateDir::socket_path(std::string_view name) const {
  std::string plain = file(name);
  if (fits_socket_path(plain)) return plain;
  std::string via_proc = "/proc/self/fd/" + std::to_string(m_fd.get()) + "/" + std::string(name);
  if (fits_socket_path(via_proc) && ::access("/proc/self/fd", F_OK) == 0) return via_proc;
  return {};
}

bool PrivateDir::stat_entry(std::string_view name, struct stat& st) const {
  return ::fstatat(m_fd.get(), std::string(name).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

void PrivateDir::unlink_if_same(std::string_view name, dev_t dev, ino_t ino) const {
  struct stat st {};
  if (stat_entry(name, st) && st.st_dev == dev && st.st_ino == ino)
    ::unlinkat(m_fd.get(), std::string(name).c_str(), 0);
}

}  // namespace msntty::net
