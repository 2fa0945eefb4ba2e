#include "util/Xml.hpp"

#include <charconv>

#include "util/Utf8.hpp"

namespace msntty {
namespace {

void append_utf8(std::string& out, uint32_t cp) {
  utf8_append(out, cp == 0 ? 0xFFFD : cp);
}

// Decodes the entity starting at s[0] == '&'; returns the bytes consumed (0 if not an entity).
size_t decode_entity(std::string_view s, std::string& out) {
  size_t semi = s.find(';');
  if (semi == std::string_view::npos || semi > 12) return 0;
  std::string_view name = s.substr(1, semi - 1);
  if (name == "lt")
    out += '<';
  else if (name == "gt")
    out += '>';
  else if (name == "amp")
    out += '&';
  else if (name == "quot")
    out += '"';
  else if (name == "apos")
    out += '\'';
  else if (name.size() > 1 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    uint32_t cp = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
    if (ec != std::errc() || p != digits.data() + digits.size() || digits.empty()) return 0;
    append_utf8(out, cp);
  } else {
    return 0;
  }
  return semi + 1;
}

}  // namespace

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string xml_unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      size_t used = decode_entity(s.substr(i), out);
      if (used) {
        i += used - 1;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string xml_element_text(std::string_view doc, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  size_t start = doc.find(open);
  if (start == std::string_view::npos) return {};
  start += open.size();
  size_t end = doc.find(close, start);
  if (end == std::string_view::npos) return {};
  return xml_unescape(doc.substr(start, end - start));
}

}  // namespace msntty
