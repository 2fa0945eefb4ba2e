#include "util/Email.hpp"

#include <algorithm>

namespace msntty {
namespace {

constexpr size_t kMaxLocal = 64;
constexpr size_t kMaxDomain = 253;
constexpr size_t kMaxLabel = 63;

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 "atext": what a local part may hold besides the dots between its atoms.
bool is_atext(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool valid_local(std::string_view local) {
  if (local.empty() || local.size() > kMaxLocal) return false;
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return false;
  return std::all_of(local.begin(), local.end(), [](char c) { return c == '.' || is_atext(c); });
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabel) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) { return c == '-' || is_alnum(c); });
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > kMaxDomain) return false;
  size_t labels = 0;
  while (true) {
    size_t dot = domain.find('.');
    if (!valid_label(domain.substr(0, dot))) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  return labels >= 2;
}

}  // namespace

bool is_valid_email(std::string_view address) {
  size_t at = address.rfind('@');
  if (at == std::string_view::npos) return false;
  return valid_local(address.substr(0, at)) && valid_domain(address.substr(at + 1));
}

}  // namespace msntty
