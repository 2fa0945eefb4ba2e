#pragma once
// Incremental parser for the server->client MSNP stream: CRLF lines and length-prefixed
// payloads, from arbitrary chunk boundaries (doc/protocol/framing.md).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "proto/Command.hpp"

namespace msntty {

// fatal: the stream cannot be resynchronised; the caller must close the connection.
struct CodecError {
  std::string message;
  bool fatal = false;
};

class Codec {
 public:
  struct Limits {
    size_t max_line = 16 * 1024;  // bytes before LF, CR included
    size_t max_payload = 256 * 1024;
  };
  Codec();
  explicit Codec(Limits limits);

  void feed(std::string_view bytes);
  // Next complete item, or nullopt when more bytes are needed. Call in a loop after feed.
  // After a fatal error the codec stays dead: feed() is ignored and next() returns nullopt.
  std::optional<std::variant<Command, CodecError>> next();
  size_t buffered() const { return m_buf.size() - m_pos; }
  bool dead() const { return m_dead; }

 private:
  std::optional<std::variant<Command, CodecError>> take_payload();
  std::optional<std::variant<Command, CodecError>> parse_line(std::string_view line);
  CodecError fail(std::string message);

  Limits m_limits;
  std::string m_buf;
  size_t m_pos = 0;      // start of unconsumed bytes
  size_t m_scanned = 0;  // bytes from m_pos already known to hold no LF
  Command m_pending;     // payload command waiting for its payload
  size_t m_need = 0;     // payload bytes m_pending waits for
  bool m_in_payload = false;
  bool m_discard = false;  // the pending payload belongs to a rejected line: drop it
  bool m_dead = false;
};

}  // namespace msntty
