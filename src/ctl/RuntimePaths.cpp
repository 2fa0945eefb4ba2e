#include "ctl/RuntimePaths.hpp"

#include <cstdlib>
#include <sys/un.h>
#include <unistd.h>

#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::ctl {

std::string runtime_base(const char* xdg_runtime_dir, uid_t uid) {
  // A relative XDG_RUNTIME_DIR is invalid per the XDG spec and would depend on the cwd.
  if (xdg_runtime_dir && xdg_runtime_dir[0] == '/') return join_path(xdg_runtime_dir, "msntty");
  return "/tmp/msntty-" + std::to_string(uid);
}

std::string runtime_base() { return runtime_base(std::getenv("XDG_RUNTIME_DIR"), getuid()); }

std::optional<std::string> account_problem(std::string_view account) {
  if (account.empty()) return "the account is empty";
  if (account.size() > 255) return "the account is too long";
  if (!utf8_valid(account)) return "the account is not valid UTF-8";
  for (unsigned char c : account)
    if (c < 0x20 || c == 0x7f) return "the account holds control characters";
  if (account.find('/') != std::string_view::npos) return "the account holds a '/'";
  if (account.find("..") != std::string_view::npos) return "the account holds \"..\"";
  if (account.front() == '.') return "the account starts with '.'";
  return std::nullopt;
}

std::string account_folder(std::string_view account) { return to_lower(account); }

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out != "/") out += '/';
  out += name;
  return out;
}

std::string account_dir(std::string_view base, std::string_view account) {
  return join_path(base, account_folder(account));
}

bool fits_socket_path(std::string_view path) { return path.size() < sizeof(sockaddr_un{}.sun_path); }

}  // namespace msntty::ctl
