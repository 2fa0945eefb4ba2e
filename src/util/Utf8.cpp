#include "util/Utf8.hpp"

#include <cstdint>
#include <cstring>

namespace msntty {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr char kHex[] = "0123456789ABCDEF";

struct Decoded {
  uint32_t cp;
  size_t len;  // bytes consumed; for invalid input the maximal invalid subpart (>= 1)
  bool ok;
};

bool is_cont(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Decodes the sequence at s[i] (i < s.size()). The allowed range of the second byte is what
// excludes overlongs (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
Decoded decode_at(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1, true};
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  uint32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return {0xFFFD, 1, false};
  }
  size_t j = i + 1;
  for (size_t k = 0; k < need; ++k, ++j) {
    if (j >= s.size()) return {0xFFFD, j - i, false};
    const auto b = static_cast<unsigned char>(s[j]);
    if (b < lo || b > hi) return {0xFFFD, j - i, false};
    cp = (cp << 6) | (b & 0x3F);
    lo = 0x80, hi = 0xBF;
  }
  return {cp, need + 1, true};
}

size_t sequence_length(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

bool is_bidi_control(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// True if the code point decoded at a multi-byte position needs rewriting for a terminal.
bool unsafe_wide(const Decoded& d) {
  return !d.ok || d.cp < 0xA0 || is_bidi_control(d.cp);
}

// Index of the first byte that sanitize_for_terminal would change, or s.size().
size_t first_unsafe(std::string_view s, bool keep_newlines) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      ++i;
    } else if (c < 0x80) {
      if (!(c == '\n' && keep_newlines)) return i;
      ++i;
    } else {
      const Decoded d = decode_at(s, i);
      if (unsafe_wide(d)) return i;
      i += d.len;
    }
  }
  return i;
}

void append_control(std::string& out, std::string_view s, size_t i, bool keep_newlines) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == '\t') {
    out.push_back(' ');
  } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
    // dropped: the LF that follows is handled on its own
  } else if (c == '\n' && keep_newlines) {
    out.push_back('\n');
  } else {
    out.push_back('^');
    out.push_back(static_cast<char>(c ^ 0x40));  // NUL -> @, ESC -> [, DEL -> ?
  }
}

void append_wide(std::string& out, std::string_view s, size_t i, const Decoded& d) {
  if (!d.ok) {
    out.append(kReplacement);
  } else if (d.cp < 0xA0) {  // C1 control
    out.push_back('<');
    out.push_back(kHex[d.cp >> 4]);
    out.push_back(kHex[d.cp & 0xF]);
    out.push_back('>');
  } else if (is_bidi_control(d.cp)) {
    out.append("<U+");
    for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(d.cp >> shift) & 0xF]);
    out.push_back('>');
  } else {
    out.append(s.substr(i, d.len));
  }
}

}  // namespace

bool utf8_valid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // Protocol lines are mostly ASCII: skip 8 bytes at a time while no high bit is set.
    uint64_t word;
    if (i + 8 <= s.size() &&
        (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const Decoded d = decode_at(s, i);
    if (!d.ok) return false;
    i += d.len;
  }
  return true;
}

std::string utf8_repair(std::string_view s) {
  if (utf8_valid(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  size_t i = 0;
  while (i < s.size()) {
    const Decoded d = decode_at(s, i);
    if (d.ok)
      out.append(s.substr(i, d.len));
    else
      out.append(kReplacement);
    i += d.len;
  }
  return out;
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

size_t utf8_prefix_bytes(std::string_view s, size_t max_bytes) {
  if (max_bytes >= s.size()) return s.size();
  const size_t n = max_bytes;
  if (!is_cont(static_cast<unsigned char>(s[n]))) return n;
  // s[n] continues something: find its lead byte (at most 3 back) and cut before it if the
  // sequence really reaches past n. Stray continuation bytes may be cut anywhere.
  for (size_t back = 1; back <= 3 && back <= n; ++back) {
    const auto c = static_cast<unsigned char>(s[n - back]);
    if (is_cont(c)) continue;
    return sequence_length(c) > back ? n - back : n;
  }
  return n;
}

std::string sanitize_for_terminal(std::string_view s, bool keep_newlines) {
  size_t i = first_unsafe(s, keep_newlines);
  if (i == s.size()) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  out.append(s.substr(0, i));
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (c < 0x80) {
      append_control(out, s, i, keep_newlines);
      ++i;
    } else {
      const Decoded d = decode_at(s, i);
      append_wide(out, s, i, d);
      i += d.len;
    }
  }
  return out;
}

void utf8_append(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int utf8_lead_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

}  // namespace msntty
