#include "app/ActionText.hpp"

#include "util/Strings.hpp"

namespace msntty {
namespace {

// "* NAME body": the body when `text` starts with that name (case-insensitively, as other
// clients may alter its case) and a space, and something follows.
std::optional<std::string> after_name(std::string_view text, std::string_view name) {
  if (name.empty() || text.size() <= name.size() + 1) return std::nullopt;
  if (!equals_icase(text.substr(0, name.size()), name) || text[name.size()] != ' ')
    return std::nullopt;
  std::string_view body = trim(text.substr(name.size() + 1));
  if (body.empty()) return std::nullopt;
  return std::string(body);
}

}  // namespace

std::string action_wire_text(std::string_view nick, std::string_view body) {
  return "* " + std::string(nick) + " " + std::string(body);
}

std::optional<std::string> action_body(std::string_view text, std::string_view nick,
                                       std::string_view email) {
  if (text.starts_with("/me ")) {
    std::string_view body = trim(text.substr(4));
    if (body.empty() || body.find('\n') != std::string_view::npos) return std::nullopt;
    return std::string(body);
  }
  if (!text.starts_with("* ") || text.find('\n') != std::string_view::npos) return std::nullopt;
  text.remove_prefix(2);
  if (auto body = after_name(text, nick)) return body;
  return after_name(text, email);
}

}  // namespace msntty
