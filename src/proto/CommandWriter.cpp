#include "proto/CommandWriter.hpp"

#include <charconv>

#include "util/Utf8.hpp"

namespace msntty {
namespace {

using Reason = WriteRefusal::Reason;

bool valid_name(std::string_view name) {
  if (name.size() != 3) return false;
  for (char c : name)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

// The first thing wrong with one argument, if any. Bytes from 0x80 up are left alone: they
// are UTF-8 (an e-mail's domain, say) and cannot break the framing.
std::optional<Reason> token_fault(std::string_view token) {
  if (token.empty()) return Reason::EmptyToken;
  std::optional<Reason> fault;
  for (char ch : token) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\r' || c == '\n') return Reason::LineBreak;
    if (c == ' ')
      fault = fault.value_or(Reason::Space);
    else if (c < 0x20 || c == 0x7F)
      fault = Reason::ControlByte;
  }
  return fault;
}

std::string fault_text(Reason r) {
  switch (r) {
    case Reason::EmptyToken: return "is empty";
    case Reason::Space: return "holds a space";
    case Reason::LineBreak: return "holds a line break";
    case Reason::ControlByte: return "holds a control character";
    default: return "is invalid";
  }
}

WriteRefusal refuse(std::string_view name, Reason r, std::string detail) {
  return {r, sanitize_for_terminal(name) + " not sent: " + detail};
}

// The argument as the refusal quotes it: terminal-safe, and short enough for one line.
std::string quoted(std::string_view token) {
  constexpr size_t kShown = 40;
  bool cut = token.size() > kShown;
  if (cut) token = token.substr(0, utf8_prefix_bytes(token, kShown));
  return "\"" + sanitize_for_terminal(token) + (cut ? "...\"" : "\"");
}

size_t digits(uint64_t n) {
  size_t d = 1;
  while (n >= 10) n /= 10, ++d;
  return d;
}

void append_number(std::string& out, uint64_t n) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, n);
  out.push_back(' ');
  out.append(buf, res.ptr);
}

}  // namespace

std::optional<WriteRefusal> CommandWriter::line(std::string_view name, std::optional<uint32_t> trid,
                                                std::initializer_list<std::string_view> args) {
  return append(name, trid, {args.begin(), args.size()}, std::nullopt);
}

std::optional<WriteRefusal> CommandWriter::line(std::string_view name, std::optional<uint32_t> trid,
                                                std::span<const std::string_view> args) {
  return append(name, trid, args, std::nullopt);
}

std::optional<WriteRefusal> CommandWriter::payload(std::string_view name,
                                                   std::optional<uint32_t> trid,
                                                   std::initializer_list<std::string_view> args,
                                                   std::string_view payload) {
  return append(name, trid, {args.begin(), args.size()}, payload);
}

std::optional<WriteRefusal> CommandWriter::append(std::string_view name,
                                                  std::optional<uint32_t> trid,
                                                  std::span<const std::string_view> args,
                                                  std::optional<std::string_view> payload) {
  if (!valid_name(name)) return refuse(name, Reason::BadName, "not a command name");
  size_t length = name.size() + (trid ? 1 + digits(*trid) : 0) +
                  (payload ? 1 + digits(payload->size()) : 0) + 2;
  for (size_t i = 0; i < args.size(); ++i) {
    if (auto fault = token_fault(args[i]))
      return refuse(
          name, *fault,
          "argument " + std::to_string(i + 1) + " (" + quoted(args[i]) + ") " + fault_text(*fault));
    length += 1 + args[i].size();
  }
  if (length > kMaxLine)
    return refuse(name, Reason::LineTooLong,
                  "the line would be longer than " + std::to_string(kMaxLine) + " bytes");
  m_out.reserve(m_out.size() + length + (payload ? payload->size() : 0));
  m_out.append(name);
  if (trid) append_number(m_out, *trid);
  for (auto a : args) {
    m_out.push_back(' ');
    m_out.append(a);
  }
  if (payload) append_number(m_out, payload->size());
  m_out.append("\r\n");
  if (payload) m_out.append(*payload);
  return std::nullopt;
}

}  // namespace msntty
