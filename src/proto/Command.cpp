#include "proto/Command.hpp"

#include <charconv>

#include "util/Strings.hpp"

namespace msntty {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void append_args(std::string& out, std::string_view name, auto begin, auto end) {
  out.append(name);
  for (auto it = begin; it != end; ++it) {
    out.push_back(' ');
    out.append(*it);
  }
}

void append_length_and_payload(std::string& out, std::string_view payload) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, payload.size());
  out.push_back(' ');
  out.append(buf, res.ptr);
  out.append("\r\n");
  out.append(payload);
}

size_t args_size(auto begin, auto end) {
  size_t n = 0;
  for (auto it = begin; it != end; ++it) n += std::string_view(*it).size() + 1;
  return n;
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

std::string encode_command(const Command& c) {
  std::string out;
  out.reserve(c.name.size() + args_size(c.args.begin(), c.args.end()) + 16 + c.payload.size());
  append_args(out, c.name, c.args.begin(), c.args.end());
  if (c.has_payload)
    append_length_and_payload(out, c.payload);
  else
    out.append("\r\n");
  return out;
}

std::string encode_line(std::string_view name, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(name.size() + args_size(args.begin(), args.end()) + 2);
  append_args(out, name, args.begin(), args.end());
  out.append("\r\n");
  return out;
}

std::string encode_payload_line(std::string_view name, std::initializer_list<std::string_view> args,
                                std::string_view payload) {
  std::string out;
  out.reserve(name.size() + args_size(args.begin(), args.end()) + 16 + payload.size());
  append_args(out, name, args.begin(), args.end());
  append_length_and_payload(out, payload);
  return out;
}

}  // namespace msntty
