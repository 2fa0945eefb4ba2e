#include "ui/EventFields.hpp"

#include "ui/TextWidth.hpp"
#include "util/Strings.hpp"

namespace msntty::ui {

// A small recursive-descent reader for the subset of JSON json_quote/JsonObject write.
class EventParser {
 public:
  explicit EventParser(std::string_view s) : m_s(s) {}

  bool object(EventFields& out) {
    if (!eat('{')) return false;
    if (eat('}')) return true;
    do {
      std::string key;
      if (!string(key) || !eat(':')) return false;
      if (!member(out, key)) return false;
    } while (eat(','));
    return eat('}');
  }

 private:
  bool member(EventFields& out, const std::string& key) {
    skip_ws();
    if (peek() == '[') {
      std::vector<std::string> items;
      if (!array(items)) return false;
      out.m_lists[key] = std::move(items);
      return true;
    }
    if (peek() == '{') return skip_object();
    std::string v;
    if (!scalar(v)) return false;
    out.m_values[key] = std::move(v);
    return true;
  }

  bool array(std::vector<std::string>& items) {
    if (!eat('[')) return false;
    if (eat(']')) return true;
    do {
      std::string v;
      skip_ws();
      if (peek() == '{' ? !skip_object() : !scalar(v)) return false;
      items.push_back(std::move(v));
    } while (eat(','));
    return eat(']');
  }

  bool scalar(std::string& v) {
    skip_ws();
    if (peek() == '"') return string(v);
    size_t start = m_i;
    while (m_i < m_s.size() && m_s[m_i] != ',' && m_s[m_i] != '}' && m_s[m_i] != ']' &&
           m_s[m_i] != ' ')
      ++m_i;
    v = std::string(m_s.substr(start, m_i - start));
    return !v.empty();
  }

  bool skip_object() {
    int depth = 0;
    bool in_string = false;
    for (; m_i < m_s.size(); ++m_i) {
      char c = m_s[m_i];
      if (in_string) {
        if (c == '\\') ++m_i;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        ++m_i;
        return true;
      }
    }
    return false;
  }

  bool string(std::string& out) {
    if (!eat('"')) return false;
    while (m_i < m_s.size()) {
      char c = m_s[m_i++];
      if (c == '"') return true;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_i >= m_s.size()) return false;
      char e = m_s[m_i++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': if (!unicode(out)) return false; break;
        default: out += e; break;   // " \ /
      }
    }
    return false;
  }

  bool hex4(uint32_t& v) {
    if (m_i + 4 > m_s.size()) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = m_s[m_i++];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      v = v * 16 + static_cast<uint32_t>(d);
    }
    return true;
  }

  bool unicode(std::string& out) {
    uint32_t cp;
    if (!hex4(cp)) return false;
    if (cp >= 0xD800 && cp < 0xDC00 && m_s.substr(m_i, 2) == "\\u") {
      m_i += 2;
      uint32_t low;
      if (!hex4(low)) return false;
      cp = (low >= 0xDC00 && low < 0xE000) ? 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD;
    } else if (cp >= 0xD800 && cp < 0xE000) {
      cp = 0xFFFD;
    }
    append_utf8(out, static_cast<char32_t>(cp));
    return true;
  }

  void skip_ws() {
    while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\n' || m_s[m_i] == '\r' || m_s[m_i] == '\t')) ++m_i;
  }
  char peek() const { return m_i < m_s.size() ? m_s[m_i] : '\0'; }
  bool eat(char c) {
    skip_ws();
    if (peek() != c) return false;
    ++m_i;
    return true;
  }

  std::string_view m_s;
  size_t m_i = 0;
};

std::optional<EventFields> EventFields::parse(std::string_view json) {
  EventFields f;
  EventParser p(json);
  if (!p.object(f)) return std::nullopt;
  return f;
}

const std::string& EventFields::str(std::string_view key) const {
  static const std::string empty;
  auto it = m_values.find(key);
  return it == m_values.end() ? empty : it->second;
}

int64_t EventFields::num(std::string_view key, int64_t fallback) const {
  auto it = m_values.find(key);
  if (it == m_values.end()) return fallback;
  return parse_i64(it->second).value_or(fallback);
}

std::vector<std::string> EventFields::list(std::string_view key) const {
  auto it = m_lists.find(key);
  return it == m_lists.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace msntty::ui
