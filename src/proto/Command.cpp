#include "proto/Command.hpp"

#include "util/Strings.hpp"

namespace msntty {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

bool Command::is_error() const {
  return name.size() == 3 && is_digit(name[0]) && is_digit(name[1]) && is_digit(name[2]);
}

int Command::error_code() const {
  if (!is_error()) return 0;
  return (name[0] - '0') * 100 + (name[1] - '0') * 10 + (name[2] - '0');
}

std::optional<uint32_t> Command::trid() const {
  if (args.empty()) return std::nullopt;
  return parse_u32(args[0]);
}

const std::string& Command::arg(size_t i) const {
  static const std::string kEmpty;
  return i < args.size() ? args[i] : kEmpty;
}

}  // namespace msntty
