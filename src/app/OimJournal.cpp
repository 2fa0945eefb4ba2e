#include "app/OimJournal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "app/ChatLog.hpp"
#include "net/PrivateDir.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

std::string why(const std::string& what, const std::string& path) {
  return "cannot " + what + " " + path + ": " + std::strerror(errno);
}

Result<std::string> read_all(int fd, const std::string& path) {
  std::string content;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) content.append(buf, static_cast<size_t>(n));
  if (n < 0) return Error{why("read", path)};
  return content;
}

// "<seconds> <id>" lines; anything else (a line cut by a crash) is dropped. True if something
// was dropped or is old: the file is then rewritten.
bool parse(const std::string& content, int64_t now, std::map<std::string, int64_t>& seen) {
  bool dropped = false;
  size_t start = 0;
  while (start < content.size()) {
    size_t nl = content.find('\n', start);
    if (nl == std::string::npos) {  // no line end: cut short
      dropped = true;
      break;
    }
    std::string_view line(content.data() + start, nl - start);
    start = nl + 1;
    size_t sp = line.find(' ');
    auto when = sp == std::string_view::npos ? std::nullopt : parse_i64(line.substr(0, sp));
    std::string_view id = sp == std::string_view::npos ? "" : trim(line.substr(sp + 1));
    if (!when || id.empty() || *when < now - OimJournal::kKeepSeconds) {
      dropped = true;
      continue;
    }
    seen[std::string(id)] = *when;
  }
  return dropped;
}

std::string lines(const std::map<std::string, int64_t>& seen) {
  std::string out;
  for (const auto& [id, when] : seen) out += std::to_string(when) + " " + id + "\n";
  return out;
}

Result<> write_all(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{why("write", path)};
    done += static_cast<size_t>(n);
  }
  if (::fdatasync(fd) != 0) return Error{why("sync", path)};
  return {};
}

// The kept entries, in a new file that replaces the old one in one rename. The temporary name is
// this process's own: two msntty of one account never write the same one.
Result<> rewrite(const std::string& path, const std::map<std::string, int64_t>& seen) {
  std::string tmp = path + ".new." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Error{why("create", tmp)};
  net::UniqueFd guard(fd);
  if (auto w = write_all(fd, lines(seen), tmp); !w) return w;
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Error{why("replace", path)};
  return {};
}

}  // namespace

std::string OimJournal::path_for(const std::string& state_dir, const std::string& account) {
  return state_dir + "/oim-seen/" + ChatLog::safe_file_part(to_lower(account));
}

// Another msntty of the account may share the journal: a rewrite holds `<path>.lock` exclusively
// and appends hold it shared, so no append lands between a rewrite's read and its rename.
Result<net::UniqueFd> open_lock(const std::string& path) {
  std::string lock = path + ".lock";
  int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Error{why("open", lock)};
  return net::UniqueFd(fd);
}

bool same_file(int fd, const std::string& path) {
  struct stat a {
  }, b{};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

OimJournal::OimJournal(std::string path, net::UniqueFd fd, net::UniqueFd lock,
                       std::map<std::string, int64_t> seen)
    : m_path(std::move(path)),
      m_fd(std::move(fd)),
      m_lock(std::move(lock)),
      m_seen(std::move(seen)) {}

Result<OimJournal> OimJournal::open(const std::string& path, int64_t now) {
  size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0)
    if (auto made = net::PrivateDir::create_path(path.substr(0, slash)); !made) return made.error();
  std::map<std::string, int64_t> seen;
  auto lock = open_lock(path);
  if (!lock) return lock.error();
  // Busy (another process appends or rewrites): no rewrite this time; the old lines only wait.
  bool may_rewrite = ::flock(lock->get(), LOCK_EX | LOCK_NB) == 0;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Error{why("open", path)};
  net::UniqueFd file(fd);
  auto content = read_all(fd, path);
  if (!content) return content.error();
  if (parse(*content, now, seen) && may_rewrite) {
    if (auto r = rewrite(path, seen); !r) return r.error();
    fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return Error{why("open", path)};
    file = net::UniqueFd(fd);
  }
  if (may_rewrite) ::flock(lock->get(), LOCK_UN);
  return OimJournal(path, std::move(file), std::move(*lock), std::move(seen));
}

Result<> OimJournal::add(const std::vector<std::string>& ids, int64_t now) {
  std::string out;
  for (const auto& id : ids) {
    if (id.empty() || id.find_first_of(" \r\n") != std::string::npos) continue;  // not an id
    out += std::to_string(now) + " " + id + "\n";
    m_seen[id] = now;
  }
  if (out.empty()) return {};
  ::flock(m_lock.get(), LOCK_SH);
  // Another process rewrote it (a rename): append to the file the path names now.
  if (!same_file(m_fd.get(), m_path)) {
    int fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) m_fd = net::UniqueFd(fd);
  }
  Result<> r = write_all(m_fd.get(), out, m_path);
  ::flock(m_lock.get(), LOCK_UN);
  return r;
}

}  // namespace msntty
