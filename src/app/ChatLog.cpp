#include "app/ChatLog.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "net/PrivateDir.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty {

ChatLog::ChatLog(std::string dir) : m_dir(std::move(dir)) {}

std::string ChatLog::safe_file_part(std::string_view s) {
  std::string out;
  for (unsigned char ch : s) {
    bool ok = std::isalnum(ch) || ch == '@' || ch == '.' || ch == '-' || ch == '_' || ch == '+' ||
              ch == ',';
    out += ok ? static_cast<char>(ch) : '_';
  }
  while (!out.empty() && out.front() == '.') out.front() = '_';
  return out.empty() ? "_" : out;
}

std::string ChatLog::path_for(const Conversation& c) const {
  std::vector<std::string> people;
  for (const auto& p : c.wanted()) people.push_back(to_lower(p));
  std::sort(people.begin(), people.end());
  std::string name;
  for (const auto& p : people) name += (name.empty() ? "" : ",") + p;
  if (name.size() > 200) name.resize(200);  // file-name limits; the lines still say who spoke
  return m_dir + "/" + safe_file_part(name) + ".log";
}

std::string ChatLog::iso_time(int64_t unix_seconds) {
  time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm {};
  localtime_r(&t, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
  std::string s(buf, n);
  if (s.size() >= 5) s.insert(s.size() - 2, ":");  // +0100 -> +01:00 (extended ISO-8601)
  return s;
}

std::string ChatLog::format_line(const ChatLine& line) {
  std::string_view text = line.text;
  std::string one_line;  // one message, one line: only a text with line breaks needs it
  if (text.find('\n') != std::string_view::npos || text.find('\r') != std::string_view::npos) {
    one_line.reserve(text.size() + 8);
    for (char ch : text) {
      if (ch == '\n')
        one_line += "\\n";
      else if (ch != '\r')
        one_line += ch;
    }
    text = one_line;
  }
  std::string out = iso_time(line.time);
  out.reserve(out.size() + line.from.size() + text.size() + 16);
  out += ' ';
  switch (line.kind) {
    case ChatLine::Kind::Incoming:
    case ChatLine::Kind::Outgoing:
      out += '<';
      out += sanitize_for_terminal(line.from);
      out += "> ";
      break;
    case ChatLine::Kind::Notice: out += "-!- "; break;
    case ChatLine::Kind::Error: out += "-!- error: "; break;
  }
  if (line.offline) out += "(offline) ";
  out += sanitize_for_terminal(text);
  out += '\n';
  return out;
}

Result<int> ChatLog::file_for(const std::string& path) {
  auto it = m_files.find(path);
  if (it != m_files.end()) return it->second.get();
  if (!m_dir_ready) {
    if (auto made = net::PrivateDir::create_path(m_dir); !made) return made.error();
    m_dir_ready = true;
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  m_files.emplace(path, net::UniqueFd(fd));
  return fd;
}

Result<> ChatLog::append(const Conversation& c, const ChatLine& line) {
  std::string path = path_for(c);
  auto fd = file_for(path);
  if (!fd) return fd.error();
  std::string text = format_line(line);
  // O_APPEND: one write(2) is one line; a short one (a full disk) is as bad as none.
  ssize_t n;
  do n = ::write(*fd, text.data(), text.size());
  while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(text.size()))
    return Error{"cannot write " + path + ": " + (n < 0 ? std::strerror(errno) : "short write")};
  if (std::find(m_dirty.begin(), m_dirty.end(), *fd) == m_dirty.end()) m_dirty.push_back(*fd);
  return {};
}

Result<> ChatLog::sync() {
  std::string error;
  for (int fd : m_dirty)
    if (::fdatasync(fd) != 0 && error.empty())
      error = std::string("cannot sync the conversation log: ") + std::strerror(errno);
  m_dirty.clear();
  if (!error.empty()) return Error{error};
  return {};
}

std::vector<std::string> ChatLog::tail(const Conversation& c, size_t n) const {
  std::vector<std::string> lines;
  int fd = ::open(path_for(c).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 || n == 0) {
    if (fd >= 0) ::close(fd);
    return lines;
  }
  net::UniqueFd guard(fd);
  // Read backwards in blocks until enough newlines are seen: logs grow without bound.
  off_t end = ::lseek(fd, 0, SEEK_END);
  std::string buf;
  off_t pos = end;
  while (pos > 0 && static_cast<size_t>(std::count(buf.begin(), buf.end(), '\n')) <= n) {
    off_t step = std::min<off_t>(pos, 16384);
    pos -= step;
    std::string block(static_cast<size_t>(step), '\0');
    if (::pread(fd, block.data(), block.size(), pos) != step) break;
    buf.insert(0, block);
  }
  size_t start = 0;
  while (start < buf.size()) {
    size_t nl = buf.find('\n', start);
    if (nl == std::string::npos) nl = buf.size();
    if (nl > start) lines.push_back(buf.substr(start, nl - start));
    start = nl + 1;
  }
  if (pos > 0 && !lines.empty()) lines.erase(lines.begin());  // maybe a partial first line
  if (lines.size() > n) lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(n));
  return lines;
}

namespace {

// Digits only, exactly s.size() of them.
std::optional<int> digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): no
// timegm(), no time zone involved.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool has_control(std::string_view s) {
  for (unsigned char ch : s)
    if (ch < 0x20 || ch == 0x7f) return true;
  return false;
}

}  // namespace

std::optional<int64_t> ChatLog::parse_iso_time(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS+HH:MM
  if (s.size() != 25 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || (s[19] != '+' && s[19] != '-') || s[22] != ':')
    return std::nullopt;
  auto year = digits(s.substr(0, 4)), month = digits(s.substr(5, 2)), day = digits(s.substr(8, 2));
  auto hour = digits(s.substr(11, 2)), minute = digits(s.substr(14, 2));
  auto second = digits(s.substr(17, 2));
  auto off_h = digits(s.substr(20, 2)), off_m = digits(s.substr(23, 2));
  if (!year || !month || !day || !hour || !minute || !second || !off_h || !off_m)
    return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60 || *off_h > 23 || *off_m > 59)
    return std::nullopt;
  int64_t days = days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  int64_t offset = (*off_h * 3600 + *off_m * 60) * (s[19] == '-' ? -1 : 1);
  return days * 86400 + *hour * 3600 + *minute * 60 + *second - offset;
}

std::optional<ChatLog::Entry> ChatLog::parse_line(std::string_view line) {
  if (has_control(line)) return std::nullopt;
  size_t space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  auto time = parse_iso_time(line.substr(0, space));
  if (!time) return std::nullopt;
  std::string_view rest = line.substr(space + 1);
  Entry e;
  e.time = *time;
  if (rest.starts_with("-!- ")) {
    rest.remove_prefix(4);
    e.kind = rest.starts_with("error: ") ? Entry::Kind::Error : Entry::Kind::Notice;
    if (e.kind == Entry::Kind::Error) rest.remove_prefix(7);
    e.text = std::string(rest);
    return e;
  }
  if (!rest.starts_with('<')) return std::nullopt;
  size_t close = rest.find("> ");
  if (close == std::string_view::npos || close == 1) return std::nullopt;
  std::string_view who = rest.substr(1, close - 1);
  if (who.find(' ') != std::string_view::npos || who.find('<') != std::string_view::npos)
    return std::nullopt;
  e.who = std::string(who);
  rest.remove_prefix(close + 2);
  if (rest.starts_with("(offline) ")) {
    e.offline = true;
    rest.remove_prefix(10);
  }
  e.text = std::string(rest);
  return e;
}

std::vector<ChatLog::Entry> ChatLog::last_messages(const Conversation& c, size_t n) const {
  std::vector<Entry> out;
  if (n == 0) return out;
  // Notices are few between messages: read twice the lines wanted, more only if that was short.
  for (size_t want = 2 * n;; want *= 4) {
    std::vector<std::string> lines = tail(c, want);
    out.clear();
    for (const auto& text : lines)
      if (auto e = parse_line(text); e && e->kind == Entry::Kind::Message) out.push_back(*e);
    if (out.size() >= n || lines.size() < want || want >= 64 * n) break;
  }
  if (out.size() > n) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(n));
  return out;
}

std::vector<ChatLog::Hit> ChatLog::search(std::string_view text, size_t max_hits) const {
  std::vector<Hit> hits;
  DIR* d = ::opendir(m_dir.c_str());
  if (!d) return hits;
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.size() > 4 && name.ends_with(".log")) names.push_back(name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  std::string needle = to_lower(text);
  for (const auto& name : names) {
    int fd = ::open((m_dir + "/" + name).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    net::UniqueFd guard(fd);
    std::string content, chunk(65536, '\0');
    ssize_t r;
    while ((r = ::read(fd, chunk.data(), chunk.size())) > 0)
      content.append(chunk.data(), static_cast<size_t>(r));
    size_t start = 0;
    while (start < content.size() && hits.size() < max_hits) {
      size_t nl = content.find('\n', start);
      if (nl == std::string::npos) nl = content.size();
      std::string_view line(content.data() + start, nl - start);
      if (to_lower(line).find(needle) != std::string::npos)
        hits.push_back({name.substr(0, name.size() - 4), std::string(line)});
      start = nl + 1;
    }
  }
  return hits;
}

// Lines start with their ISO 8601 time, so the text before the first space orders them (lines
// written under another UTC offset may be off by that offset, never lost or repeated).
ChatLog::Page ChatLog::search_page(std::string_view text, size_t page, size_t per_page) const {
  Page out;
  std::vector<Hit> all = search(text, k_max_search_hits);
  std::stable_sort(all.begin(), all.end(), [](const Hit& a, const Hit& b) {
    return std::string_view(a.line).substr(0, a.line.find(' ')) <
           std::string_view(b.line).substr(0, b.line.find(' '));
  });
  out.total = all.size();
  per_page = std::max<size_t>(1, per_page);
  out.pages = (all.size() + per_page - 1) / per_page;
  if (page == 0 || page > out.pages) return out;
  size_t end = all.size() - (page - 1) * per_page;
  size_t begin = end > per_page ? end - per_page : 0;
  out.hits.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(begin)),
                  std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(end)));
  return out;
}

}  // namespace msntty
