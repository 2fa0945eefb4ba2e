#include "proto/QuotedPrintable.hpp"

namespace msntty {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// After a soft line break "=": the blanks a sender may leave before the line end, and the end.
size_t soft_break_length(std::string_view s, size_t eq) {
  size_t i = eq + 1;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i < s.size() && s[i] == '\r') ++i;
  if (i < s.size() && s[i] == '\n') return i + 1 - eq;
  return 0;
}

}  // namespace

std::string quoted_printable_decode(std::string_view text, bool q_word) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_' && q_word) {
      out += ' ';
      continue;
    }
    if (c != '=') {
      out += c;
      continue;
    }
    if (size_t n = soft_break_length(text, i)) {
      i += n - 1;
      continue;
    }
    int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      out += c;
      continue;
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace msntty
