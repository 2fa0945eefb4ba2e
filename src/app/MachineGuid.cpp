#include "app/MachineGuid.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>

#include "net/PrivateDir.hpp"
#include "net/SockAddr.hpp"
#include "net/UniqueFd.hpp"
#include "util/Strings.hpp"
#include "util/XdgPaths.hpp"

namespace msntty {
namespace {

constexpr const char* kFileName = "machine-guid";

std::optional<std::string> read_guid(const std::string& file) {
  net::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return std::nullopt;
  char buf[128];
  ssize_t n = ::read(fd.get(), buf, sizeof buf);
  if (n <= 0) return std::nullopt;
  return normalize_guid(trim(std::string_view(buf, static_cast<size_t>(n))));
}

// Written to a temporary file and renamed into place, so a crash never leaves half a GUID.
Result<> write_guid(const std::string& file, const std::string& guid) {
  std::string tmp = file + ".tmp";
  ::unlink(tmp.c_str());
  net::UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return Error{"cannot create " + tmp + ": " + net::errno_text(errno)};
  std::string line = guid + "\n";
  if (::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
      ::fsync(fd.get()) != 0) {
    Error e{"cannot write " + tmp + ": " + net::errno_text(errno)};
    ::unlink(tmp.c_str());
    return e;
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    Error e{"cannot create " + file + ": " + net::errno_text(errno)};
    ::unlink(tmp.c_str());
    return e;
  }
  return {};
}

}  // namespace

Result<std::string> random_guid() {
  unsigned char b[16];
  size_t got = 0;
  while (got < sizeof b) {
    ssize_t n = ::getrandom(b + got, sizeof b - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error{"cannot read the system's random source: " + net::errno_text(errno)};
    got += static_cast<size_t>(n);
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  char out[40];
  std::snprintf(out, sizeof out,
                "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X}", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                b[14], b[15]);
  return std::string(out);
}

Result<std::string> kept_machine_guid(const std::string& dir) {
  if (auto made = net::PrivateDir::create_path(dir); !made) return made.error();
  std::string file = join_path(dir, kFileName);
  if (auto kept = read_guid(file)) return *kept;
  auto fresh = random_guid();
  if (!fresh) return fresh.error();
  if (auto written = write_guid(file, *fresh); !written) return written.error();
  return *fresh;
}

Result<std::string> machine_guid(const Settings& settings) {
  if (auto set = normalize_guid(trim(settings.get("machine_guid")))) return *set;
  std::string dir = msntty_dir(XdgDir::State);
  if (dir.empty())
    return Error{
        "no place to keep the machine GUID (set HOME or XDG_STATE_HOME, or the "
        "machine_guid setting)"};
  return kept_machine_guid(dir);
}

std::string place_name(const Settings& settings) {
  std::string_view set = trim(settings.get("place_name"));
  if (!set.empty()) return std::string(set);
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "msntty";
  return std::string("msntty@") + host;
}

}  // namespace msntty
