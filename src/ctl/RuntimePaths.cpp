#include "ctl/RuntimePaths.hpp"

#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::ctl {

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

std::string account_folder(std::string_view account) {
  return to_lower(account);
}

std::string account_dir(std::string_view base, std::string_view account) {
  return join_path(base, account_folder(account));
}

}  // namespace msntty::ctl
