#include "util/ControlChars.hpp"

#include <array>

namespace msntty {
namespace {

// The C0 abbreviations (ISO 6429), by code.
constexpr std::array<std::string_view, 32> kC0 = {
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS",  "TAB", "LF",
    "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
    "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};

bool is_c1_at(std::string_view s, size_t i) {
  return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 &&
         static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

// The length of the escape sequence at s[i] (an ESC): CSI (ESC [ params final), the string
// commands OSC, DCS, SOS, PM, APC (ended by BEL or ESC \, or by the end of the line), else
// ESC and one more character. At least 1.
size_t escape_length(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (j >= s.size()) return 1;
  char kind = s[j++];
  if (kind == '[') {
    while (j < s.size() && static_cast<unsigned char>(s[j]) >= 0x20 &&
           static_cast<unsigned char>(s[j]) < 0x40)
      ++j;  // parameters and intermediates
    if (j < s.size() && static_cast<unsigned char>(s[j]) >= 0x40 &&
        static_cast<unsigned char>(s[j]) < 0x7F)
      ++j;  // the final byte
    return j - i;
  }
  if (kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_') {
    for (; j < s.size(); ++j) {
      if (s[j] == '\a') return j + 1 - i;
      if (s[j] == '\x1b') return (j + 1 < s.size() && s[j + 1] == '\\' ? j + 2 : j + 1) - i;
    }
    return j - i;
  }
  // ESC and one printable character (ESC c, ESC 7); ESC ( B and the like take one more.
  if ((kind == '(' || kind == ')' || kind == '*' || kind == '+' || kind == '#') && j < s.size() &&
      static_cast<unsigned char>(s[j]) >= 0x20 && static_cast<unsigned char>(s[j]) < 0x7F)
    ++j;
  return j - i;
}

void add_name(StrippedLine& out, std::string_view name) {
  // Whole names only: "S" must not match inside "SO".
  std::string_view have = out.names;
  for (size_t at = 0; at <= have.size();) {
    size_t end = have.find(", ", at);
    if (have.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at) == name)
      return;
    if (end == std::string_view::npos) break;
    at = end + 2;
  }
  if (!out.names.empty()) out.names += ", ";
  out.names += name;
}

std::string count(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

std::string StrippedLine::summary() const {
  std::string out;
  if (controls)
    out = count(controls, "control character", "control characters") + " (" + names + ")";
  if (sequences)
    out += (out.empty() ? "" : " and ") + count(sequences, "escape sequence", "escape sequences");
  return out.empty() ? out : "removed " + out;
}

StrippedLine strip_controls(std::string_view s) {
  StrippedLine out;
  out.text.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    // ESC and a printable character start a sequence; a lone ESC is a control of its own.
    if (c == '\x1b' && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x20 &&
        static_cast<unsigned char>(s[i + 1]) < 0x7F) {
      ++out.sequences;
      i += escape_length(s, i);
      continue;
    }
    if (c == '\r' && (i + 1 == s.size() || s[i + 1] == '\n')) {
      ++i;  // a line ending
      continue;
    }
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      ++out.controls;
      add_name(out, c == 0x7F ? std::string_view("DEL") : kC0[c]);
      ++i;
      continue;
    }
    if (is_c1_at(s, i)) {
      ++out.controls;
      add_name(out, "C1");
      i += 2;
      continue;
    }
    out.text.push_back(static_cast<char>(c));
    ++i;
  }
  return out;
}

}  // namespace msntty
