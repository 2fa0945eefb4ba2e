#pragma once
// One MSNP command line, optionally followed by a length-prefixed payload
// (doc/protocol/framing.md#command-lines).
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msntty {

struct Command {
  std::string name;               // "MSG", "USR", or a 3-digit error code "911"
  // Tokens after the name (args[0] is the TrID where there is one). For a payload command the
  // trailing length token is NOT in args: it is implied by payload.size() (see encode_command).
  std::vector<std::string> args;
  std::string payload;  // bytes after the line, when has_payload
  bool has_payload = false;

  bool is_error() const;                  // name is 3 digits
  int error_code() const;                 // 0 if not an error
  std::optional<uint32_t> trid() const;   // args[0] if it is a decimal uint32
  const std::string& arg(size_t i) const; // "" if missing
  size_t argc() const { return args.size(); }
};

// "NAME a b c\r\n"; with has_payload the payload byte length is appended as the last token,
// then the payload follows (no CRLF after it).
std::string encode_command(const Command& c);
std::string encode_line(std::string_view name, std::initializer_list<std::string_view> args);
// Payload form of encode_line: "NAME a b <len>\r\n<payload>".
std::string encode_payload_line(std::string_view name, std::initializer_list<std::string_view> args,
                                std::string_view payload);

}  // namespace msntty
