#include "util/Json.hpp"

#include <charconv>

#include "util/Utf8.hpp"

namespace msntty {

namespace {

bool needs_no_escape(unsigned char c) {
  return c >= 0x20 && c != '"' && c != '\\';
}

void append_quoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Repair first so the output is valid UTF-8; the common valid case avoids the copy.
  std::string repaired;
  if (!utf8_valid(s)) {
    repaired = utf8_repair(s);
    s = repaired;
  }
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    // Runs of characters that need no escape are copied at once, not a character at a time.
    size_t plain = i;
    while (plain < s.size() && needs_no_escape(static_cast<unsigned char>(s[plain]))) ++plain;
    out.append(s.substr(i, plain - i));
    if (plain == s.size()) break;
    const auto c = static_cast<unsigned char>(s[plain]);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
    i = plain + 1;
  }
  out.push_back('"');
}

template <typename T>
void append_number(std::string& out, T v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

}  // namespace

std::string json_quote(std::string_view s) {
  std::string out;
  append_quoted(out, s);
  return out;
}

void JsonObject::key(std::string_view k) {
  if (!m_body.empty()) m_body.push_back(',');
  append_quoted(m_body, k);
  m_body.push_back(':');
}

JsonObject& JsonObject::add(std::string_view k, std::string_view value) {
  key(k);
  append_quoted(m_body, value);
  return *this;
}

JsonObject& JsonObject::add(std::string_view k, const char* value) {
  if (!value) return add_null(k);
  return add(k, std::string_view(value));
}

JsonObject& JsonObject::add(std::string_view k, long long value) {
  key(k);
  append_number(m_body, value);
  return *this;
}

JsonObject& JsonObject::add(std::string_view k, unsigned long long value) {
  key(k);
  append_number(m_body, value);
  return *this;
}

JsonObject& JsonObject::add(std::string_view k, bool value) {
  key(k);
  m_body.append(value ? "true" : "false");
  return *this;
}

JsonObject& JsonObject::add(std::string_view k, const std::vector<std::string>& values) {
  key(k);
  m_body.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) m_body.push_back(',');
    append_quoted(m_body, values[i]);
  }
  m_body.push_back(']');
  return *this;
}

JsonObject& JsonObject::add_raw(std::string_view k, std::string_view json) {
  key(k);
  m_body.append(json);
  return *this;
}

std::string JsonObject::str() const {
  std::string out;
  out.reserve(m_body.size() + 2);
  out.push_back('{');
  out.append(m_body);
  out.push_back('}');
  return out;
}

}  // namespace msntty
