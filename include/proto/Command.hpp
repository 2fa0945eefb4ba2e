#pragma once
// One MSNP command as the codec read it: a line, optionally followed by a length-prefixed payload
// (doc/protocol/framing.md#command-lines). Commands to the server are written by CommandWriter.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace msntty {

struct Command {
  std::string name;  // "MSG", "USR", or a 3-digit error code "911"
  // Tokens after the name (args[0] is the TrID where there is one). For a payload command the
  // trailing length token is NOT in args: it is implied by payload.size().
  std::vector<std::string> args;
  std::string payload;  // bytes after the line, when has_payload
  bool has_payload = false;

  bool is_error() const;                   // name is 3 digits
  int error_code() const;                  // 0 if not an error
  std::optional<uint32_t> trid() const;    // args[0] if it is a decimal uint32
  const std::string& arg(size_t i) const;  // "" if missing
  size_t argc() const { return args.size(); }
};

}  // namespace msntty
