#pragma once
// The one place msntty turns a command into MSNP bytes for the server. Every token is checked
// before anything is written: a space would shift the arguments, and a CR or LF would end the
// line early and let the rest ("bob@x\r\nOUT") reach the server as a command of its own. Such a
// command is refused whole and the caller is told why; nothing of it is written.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace msntty {

struct WriteRefusal {
  enum class Reason { BadName, EmptyToken, Space, LineBreak, ControlByte, LineTooLong };
  Reason reason = Reason::BadName;
  std::string text;  // for people, terminal-safe: CAL not sent: "bob x" holds a space
};

class CommandWriter {
 public:
  // CRLF included. Nothing msntty sends comes near it (the longest is USR with a Passport
  // ticket); a longer line is a runaway argument, and servers close the connection on those.
  static constexpr size_t kMaxLine = 4096;

  // "NAME TrID a b\r\n", or "NAME a b\r\n" without a TrID (PNG, OUT). Refused when NAME is not
  // three upper-case letters, an argument is empty or holds a space, CR, LF, NUL or other
  // control byte (DEL included), or the line would be longer than kMaxLine.
  std::optional<WriteRefusal> line(std::string_view name, std::optional<uint32_t> trid,
                                   std::initializer_list<std::string_view> args);
  std::optional<WriteRefusal> line(std::string_view name, std::optional<uint32_t> trid,
                                   std::span<const std::string_view> args);
  // "NAME TrID a b <length>\r\n<payload>": the same checks for the line; the payload is bytes
  // whose length the line announces, so anything may be in it.
  std::optional<WriteRefusal> payload(std::string_view name, std::optional<uint32_t> trid,
                                      std::initializer_list<std::string_view> args,
                                      std::string_view payload);

  std::string take() { return std::exchange(m_out, {}); }
  bool empty() const { return m_out.empty(); }

 private:
  std::optional<WriteRefusal> append(std::string_view name, std::optional<uint32_t> trid,
                                     std::span<const std::string_view> args,
                                     std::optional<std::string_view> payload);

  std::string m_out;
};

}  // namespace msntty
