#include "ctl/RemoteClient.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

#include "app/ExitCode.hpp"
#include "ctl/RuntimePaths.hpp"
#include "net/PrivateDir.hpp"
#include "net/SockAddr.hpp"
#include "util/Utf8.hpp"

namespace msntty::ctl {
namespace {

using Clock = std::chrono::steady_clock;

void print_error(const std::string& text) {
  std::fprintf(stderr, "msntty: %s\n", sanitize_for_terminal(text).c_str());
}

int ms_left(Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// Connects to the socket of a running instance. Invalid fd when nobody answers.
net::UniqueFd try_connect(const std::string& path, Clock::time_point deadline) {
  if (path.empty()) return {};
  net::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return {};
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.data(), path.size());
  for (;;) {
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return fd;
    // EAGAIN on a Unix socket: the listen backlog is full, the instance is busy: retry.
    if (errno != EAGAIN || Clock::now() >= deadline) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Names of the entries of a folder (no "." names: accounts never start with one).
std::vector<std::string> folder_names(int dir_fd) {
  std::vector<std::string> out;
  int fd = ::dup(dir_fd);
  if (fd < 0) return out;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return out;
  }
  ::rewinddir(d);
  while (dirent* e = ::readdir(d))
    if (e->d_name[0] != '.') out.emplace_back(e->d_name);
  ::closedir(d);
  return out;
}

void append_utf8(std::string& out, uint32_t cp) {
  utf8_append(out, cp);
}

// Decodes the JSON string starting at s[pos] == '"'; pos ends after the closing quote.
bool json_unquote(std::string_view s, size_t& pos, std::string& out) {
  if (pos >= s.size() || s[pos] != '"') return false;
  ++pos;
  auto hex4 = [&](uint32_t& v) {
    if (pos + 4 > s.size()) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s[pos++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<uint32_t>(c - 'A' + 10);
      else
        return false;
    }
    return true;
  };
  while (pos < s.size()) {
    char c = s[pos++];
    if (c == '"') return true;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (pos >= s.size()) return false;
    switch (char e = s[pos++]) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        uint32_t cp;
        if (!hex4(cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00 && s.substr(pos, 2) == "\\u") {
          pos += 2;
          uint32_t lo;
          if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
          cp = 0xFFFD;
        }
        append_utf8(out, cp);
        break;
      }
      default: out += e;  // \" \\ \/
    }
  }
  return false;
}

}  // namespace

RemoteClient::RemoteClient(const Options& options)
    : m_words(options.remote), m_events(options.remote_events), m_path(options.remote_path) {
  for (const auto& [name, value] : options.settings)
    if (name == "account") m_account = value;
}

bool RemoteClient::parse_result(const std::string& line, bool& ok, std::string& error) {
  static constexpr std::string_view kOk = R"({"event":"result","ok":true})";
  static constexpr std::string_view kFailed = R"({"event":"result","ok":false,"error":)";
  if (line == kOk) {
    ok = true;
    error.clear();
    return true;
  }
  if (!line.starts_with(kFailed)) return false;
  size_t pos = kFailed.size();
  std::string text;
  if (!json_unquote(line, pos, text) || line.substr(pos) != "}") return false;
  ok = false;
  error = std::move(text);
  return true;
}

int RemoteClient::run() {
  if (m_path) return print_path();
  std::string error;
  net::UniqueFd fd = connect_instance(error);
  if (!fd) {
    print_error(error);
    return kExitError;
  }
  if (!m_words.empty()) {
    std::string line;
    for (const auto& w : m_words) line += (line.empty() ? "" : " ") + w;
    int rc = send_command(fd.get(), line);
    if (rc != kExitOk || !m_events) return rc;
  }
  return follow_events(fd.get());
}

// The folder follows $XDG_RUNTIME_DIR, or /tmp/msntty-UID without it: scripts ask rather than
// guess. With -a the path is known before the instance starts (a script may wait for it).
int RemoteClient::print_path() {
  std::string account = m_account;
  if (!account.empty()) {
    if (auto problem = account_problem(account)) {
      print_error("-a " + account + ": " + *problem);
      return kExitError;
    }
  } else {
    std::string error;
    if (!connect_instance(error)) {
      print_error(error + "; with -a ACCOUNT the path is printed anyway");
      return kExitError;
    }
    account = m_who;
  }
  std::string path = join_path(account_dir(runtime_base(), account), kPipeName) + "\n";
  return std::fwrite(path.data(), 1, path.size(), stdout) == path.size() && std::fflush(stdout) == 0
             ? kExitOk
             : kExitError;
}

net::UniqueFd RemoteClient::connect_instance(std::string& error) {
  const std::string base_path = runtime_base();
  const std::string who = m_account.empty() ? "this user" : m_account;
  const std::string none =
      "no running msntty for " + who + " (nothing answers in " + base_path + ")";
  if (!m_account.empty()) {
    if (auto problem = account_problem(m_account)) {
      error = "-a " + m_account + ": " + *problem;
      return {};
    }
  }
  bool missing = false;
  auto base = net::PrivateDir::open(base_path, net::PrivateDir::Mode::Find, error, &missing);
  if (!base) {
    if (missing) error = none;
    return {};
  }
  std::vector<std::string> names;
  if (m_account.empty())
    names = folder_names(base->fd());
  else
    names.push_back(account_folder(m_account));

  const auto deadline = Clock::now() + kTimeout;
  std::vector<std::pair<std::string, net::UniqueFd>> live;
  for (const auto& name : names) {
    std::string why;
    auto dir = base->open_child(name, net::PrivateDir::Mode::Find, why, &missing);
    if (!dir) {
      if (!m_account.empty() && !missing) {  // asked for it by name: say what is wrong
        error = why;
        return {};
      }
      continue;
    }
    if (net::UniqueFd s = try_connect(dir->socket_path(kSocketName), deadline))
      live.emplace_back(name, std::move(s));
  }
  if (live.empty()) {
    error = none;
    return {};
  }
  if (live.size() > 1) {
    error = "several msntty instances are running (";
    for (size_t i = 0; i < live.size(); ++i) error += (i ? ", " : "") + live[i].first;
    error += "): choose one with -a ACCOUNT";
    return {};
  }
  m_who = live.front().first;
  return std::move(live.front().second);
}

int RemoteClient::send_command(int fd, const std::string& line) {
  if (line.find('\n') != std::string::npos) {
    print_error("--remote takes one command line (no newlines)");
    return kExitUsage;
  }
  const auto deadline = Clock::now() + kTimeout;
  const std::string data = line + "\n";
  for (size_t sent = 0; sent < data.size();) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    pollfd p{fd, POLLOUT, 0};
    if (n < 0 && errno == EAGAIN && ::poll(&p, 1, ms_left(deadline)) > 0) continue;
    print_error("cannot send the command to msntty for " + m_who + ": " +
                (n < 0 && errno != EAGAIN ? net::errno_text(errno) : std::string("timed out")));
    return kExitError;
  }
  // Every event arrives on this connection too; the result follows the events the command caused.
  for (std::string got;;) {
    int r = read_line(fd, got, true, deadline);
    if (r == 0) {
      print_error("msntty for " + m_who + " closed the connection before answering");
      return kExitError;
    }
    if (r < 0) {
      print_error(errno == ETIMEDOUT
                      ? "no answer from msntty for " + m_who + " within " +
                            std::to_string(kTimeout.count()) + " s"
                      : "reading from msntty for " + m_who + ": " + net::errno_text(errno));
      return kExitError;
    }
    bool ok = false;
    std::string error;
    if (!parse_result(got, ok, error)) continue;
    if (ok) return kExitOk;
    print_error(error);
    return kExitError;
  }
}

int RemoteClient::follow_events(int fd) {
  // Whatever arrived with the result is already buffered; then stream until the instance exits.
  for (std::string line;;) {
    int r = read_line(fd, line, false, {});
    if (r == 0) return kExitOk;
    if (r < 0) {
      print_error("reading events from msntty for " + m_who + ": " + net::errno_text(errno));
      return kExitError;
    }
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fflush(stdout) != 0)
      return kExitError;  // stdout is gone (a pipe reader quit)
  }
}

int RemoteClient::read_line(int fd, std::string& line, bool has_deadline,
                            Clock::time_point deadline) {
  for (;;) {
    if (size_t nl = m_buf.find('\n'); nl != std::string::npos) {
      line.assign(m_buf, 0, nl);
      m_buf.erase(0, nl + 1);
      return 1;
    }
    pollfd p{fd, POLLIN, 0};
    int pr = ::poll(&p, 1, has_deadline ? ms_left(deadline) : -1);
    if (pr < 0 && errno == EINTR) continue;
    if (pr < 0) return -1;
    if (pr == 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    char chunk[65536];
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n > 0)
      m_buf.append(chunk, static_cast<size_t>(n));
    else if (n == 0)
      return 0;
    else if (errno != EAGAIN && errno != EINTR)
      return -1;
  }
}

}  // namespace msntty::ctl
