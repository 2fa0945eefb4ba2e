#include "app/DebugLog.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <ctime>

#include "net/PrivateDir.hpp"
#include "net/SockAddr.hpp"
#include "proto/Redaction.hpp"
#include "util/UrlCode.hpp"
#include "util/XdgPaths.hpp"
#include "util/Xml.hpp"

namespace msntty {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Bytes of payload that follow this command line (MSNP: "MSG 4 A 120", "UUX 6 45", "NOT 80"),
// so the payload is cut on its own and the next command starts a fresh line.
size_t payload_after(std::string_view line) {
  static constexpr std::string_view kPayloadCommands[] = {"MSG", "QRY", "UUX", "UBX", "GCF",
                                                          "ADL", "RML", "FQY", "UBN", "UBM",
                                                          "NFY", "SDG", "PUT", "DEL"};
  size_t sp = line.find(' ');
  size_t last = line.rfind(' ');
  if (sp == std::string_view::npos) return 0;
  std::string_view name = line.substr(0, sp), length = line.substr(last + 1);
  if (!all_digits(length) || length.size() > 7) return 0;
  bool two_tokens = sp == last;
  bool named = false;
  for (auto n : kPayloadCommands) named |= name == n;
  if ((named && !two_tokens) || ((name == "NOT" || name == "IPG") && two_tokens))
    return std::stoul(std::string(length));
  return 0;
}

// One direction of one connection: bytes in, whole lines out.
struct Stream {
  std::string buf;
  size_t payload = 0;  // bytes still to come of an announced payload

  template <class Emit>
  void feed(std::string_view bytes, Emit&& emit) {
    buf.append(bytes);
    size_t pos = 0;
    while (pos < buf.size()) {
      if (payload > 0) {
        size_t n = std::min(payload, buf.size() - pos);
        if (n < payload && buf.find('\n', pos) == std::string::npos) break;  // wait for more
        std::string_view chunk(buf.data() + pos, n);
        size_t nl = chunk.find('\n');
        if (nl != std::string_view::npos) n = nl + 1;
        emit(chunk.substr(0, n));
        payload -= n;
        pos += n;
        continue;
      }
      size_t nl = buf.find('\n', pos);
      if (nl == std::string::npos) break;
      std::string_view line(buf.data() + pos, nl + 1 - pos);
      emit(line);
      payload = payload_after(trim_end(line));
      pos = nl + 1;
    }
    buf.erase(0, pos);
    if (buf.size() > 16 * 1024) {  // no line end in sight: log what there is
      emit(buf);
      buf.clear();
    }
  }

  static std::string_view trim_end(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    return line;
  }
};

std::string timestamp() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  time_t t = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

std::string DebugLog::default_path() {
  std::string dir = msntty_dir(XdgDir::State);
  return dir.empty() ? "" : join_path(dir, "debug.log");
}

Result<std::shared_ptr<DebugLog>> DebugLog::open(const std::string& path) {
  std::string file = path.empty() ? default_path() : path;
  if (file.empty())
    return Error{"no debug log path (set HOME or XDG_STATE_HOME, or use --debug FILE)"};
  if (path.empty())
    if (auto made = net::PrivateDir::create_path(file.substr(0, file.rfind('/'))); !made)
      return made.error();
  net::UniqueFd fd(
      ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return Error{"cannot open the debug log " + file + ": " + net::errno_text(errno)};
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    return Error{"the debug log " + file + " is not a regular file"};
  if ((st.st_mode & 077) != 0 && ::fchmod(fd.get(), 0600) != 0)
    return Error{"cannot make the debug log " + file + " private: " + net::errno_text(errno)};
  return std::make_shared<DebugLog>(std::move(fd));
}

void DebugLog::add_secret(const std::string& secret) {
  if (secret.empty()) return;
  m_secrets.push_back(secret);
  if (std::string encoded = url_encode(secret); encoded != secret) m_secrets.push_back(encoded);
  // The SSO request carries it XML-escaped.
  if (std::string escaped = xml_escape(secret); escaped != secret) m_secrets.push_back(escaped);
}

net::Transport::Tap DebugLog::tap(std::string label) {
  struct State {
    Stream in, out;
  };
  auto state = std::make_shared<State>();
  return [self = shared_from_this(), state, label = std::move(label)](net::Transport::Direction dir,
                                                                      std::string_view bytes) {
    bool in = dir == net::Transport::Direction::In;
    (in ? state->in : state->out).feed(bytes, [&](std::string_view line) {
      self->write_line(label, in ? "<" : ">", redact_wire_line(Stream::trim_end(line)));
    });
  };
}

void DebugLog::event(std::string_view json_line) {
  write_line("event", "", json_line);
}

void DebugLog::note(std::string_view text) {
  write_line("msntty", "", text);
}

void DebugLog::write_line(std::string_view label, std::string_view direction,
                          std::string_view text) {
  std::string line = timestamp() + " " + std::string(label);
  if (!direction.empty()) line += " " + std::string(direction);
  line += " " + escape_log_text(mask_secrets(text, m_secrets)) + "\n";
  // A failing debug log must not take the client down: the write is best effort.
  if (::write(m_fd.get(), line.data(), line.size()) < 0) return;
}

}  // namespace msntty
