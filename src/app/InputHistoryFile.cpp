#include "app/InputHistoryFile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "app/ChatLog.hpp"
#include "net/PrivateDir.hpp"
#include "net/SockAddr.hpp"
#include "net/UniqueFd.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {
namespace {

Error why(const std::string& what, const std::string& path) {
  return Error{"cannot " + what + " " + path + ": " + net::errno_text(errno)};
}

// No control character but the tab between key and line (a file edited by hand, or garbage,
// must not put an escape sequence into the input line), and valid UTF-8.
bool readable(std::string_view row) {
  for (unsigned char ch : row)
    if ((ch < 0x20 && ch != '\t') || ch == 0x7f) return false;
  return utf8_valid(row);
}

Result<> write_all(int fd, const std::string& data, const std::string& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return why("write", path);
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd) != 0) return why("write", path);
  return {};
}

}  // namespace

std::string InputHistoryFile::path_for(const std::string& state_dir, const std::string& account) {
  return state_dir + "/input-history/" + ChatLog::safe_file_part(to_lower(account));
}

std::string InputHistoryFile::serialize(const InputHistory& history, std::size_t max_bytes) {
  const auto& entries = history.entries();
  // The newest entries that fit: a file this writes is never one load() refuses.
  std::size_t first = entries.size(), bytes = 0;
  while (first > 0) {
    const auto& e = entries[first - 1];
    std::size_t row = e.key.size() + e.line.size() + 2;
    if (bytes + row > max_bytes) break;
    bytes += row;
    --first;
  }
  std::string out;
  out.reserve(bytes);
  for (std::size_t i = first; i < entries.size(); ++i)
    out.append(entries[i].key).append(1, '\t').append(entries[i].line).append(1, '\n');
  return out;
}

std::vector<InputHistory::Entry> InputHistoryFile::parse(std::string_view text,
                                                         std::size_t& skipped) {
  std::vector<InputHistory::Entry> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {  // cut short (a disk that filled up): not a whole entry
      ++skipped;
      break;
    }
    std::string_view row = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    std::size_t tab = row.find('\t');
    std::string_view key = row.substr(0, tab), line;
    if (tab != std::string_view::npos) line = row.substr(tab + 1);
    if (tab == std::string_view::npos || !readable(row) || !InputHistory::storable(key, line)) {
      ++skipped;
      continue;
    }
    out.push_back({std::string(key), std::string(line)});
  }
  return out;
}

Result<std::size_t> InputHistoryFile::load(InputHistory& history) const {
  net::UniqueFd fd(::open(m_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (!fd) {
    if (errno == ENOENT) {
      history.assign({});
      return std::size_t{0};
    }
    return why("read", m_path);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return why("read", m_path);
  if (!S_ISREG(st.st_mode)) return Error{"cannot read " + m_path + ": not a regular file"};
  if (static_cast<std::size_t>(st.st_size) > kMaxBytes)
    return Error{m_path + " is larger than " + std::to_string(kMaxBytes >> 20) +
                 " MiB: not read (it is replaced when the history is next saved)"};
  std::string text;
  char buf[65536];
  ssize_t n;
  while (text.size() <= kMaxBytes && (n = ::read(fd.get(), buf, sizeof buf)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return why("read", m_path);
    text.append(buf, static_cast<std::size_t>(n));
  }
  if (text.size() > kMaxBytes)  // it grew while being read
    return Error{m_path + " is larger than " + std::to_string(kMaxBytes >> 20) +
                 " MiB: not read (it is replaced when the history is next saved)"};
  std::size_t skipped = 0;
  history.assign(parse(text, skipped));
  return skipped;
}

// This process's own temporary name: two msntty of one account never write the same one.
Result<> InputHistoryFile::save(const InputHistory& history) const {
  std::size_t slash = m_path.rfind('/');
  if (slash != std::string::npos && slash > 0)
    if (auto made = net::PrivateDir::create_path(m_path.substr(0, slash)); !made) return made;
  std::string tmp = m_path + ".new." + std::to_string(::getpid());
  net::UniqueFd fd(
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return why("create", tmp);
  auto written = write_all(fd.get(), serialize(history), tmp);
  if (written && ::rename(tmp.c_str(), m_path.c_str()) != 0) written = why("replace", m_path);
  if (!written) ::unlink(tmp.c_str());
  return written;
}

Result<> InputHistoryFile::remove() const {
  if (::unlink(m_path.c_str()) != 0 && errno != ENOENT) return why("remove", m_path);
  return {};
}

}  // namespace msntty
