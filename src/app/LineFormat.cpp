#include "app/LineFormat.hpp"

namespace msntty {
namespace {

constexpr std::size_t k_max_format_bytes = 512;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || c == '_';
}

std::string list_fields(const std::vector<std::string_view>& fields) {
  std::string out;
  for (auto f : fields) out += (out.empty() ? "$" : " $") + std::string(f);
  return out;
}

bool known(const std::vector<std::string_view>& names, std::string_view name) {
  for (auto n : names)
    if (n == name) return true;
  return false;
}

}  // namespace

const std::vector<std::string_view>& LineFormat::style_names() {
  static const std::vector<std::string_view> names = {
      "/",       "bold",      "dim",        "underline", "reverse",   "italic",  "black",
      "red",     "green",     "yellow",     "blue",      "magenta",   "cyan",    "white",
      "default", "on-black",  "on-red",     "on-green",  "on-yellow", "on-blue", "on-magenta",
      "on-cyan", "on-white",  "on-default", "time",      "prefix",    "text",    "notice",
      "error",   "highlight", "bar",        "current",   "alert"};
  return names;
}

std::optional<LineFormat> LineFormat::parse(std::string_view text,
                                            const std::vector<std::string_view>& fields,
                                            bool text_last, std::string& error) {
  if (text.size() > k_max_format_bytes) {
    error = "a format is at most " + std::to_string(k_max_format_bytes) + " bytes";
    return std::nullopt;
  }
  LineFormat f;
  auto literal = [&f](std::string_view s) {
    if (f.m_items.empty() || f.m_items.back().kind != Item::Kind::Literal)
      f.m_items.push_back({Item::Kind::Literal, ""});
    f.m_items.back().value += s;
  };
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      error = "a format holds no control characters";
      return std::nullopt;
    }
    if (c == '$' || c == '{') {
      if (i + 1 < text.size() && text[i + 1] == c) {  // $$ and {{
        literal(std::string_view(&text[i], 1));
        i += 2;
        continue;
      }
    }
    if (c == '$') {
      std::size_t start = i + 1, end = start;
      bool braced = start < text.size() && text[start] == '{';
      if (braced) ++start, end = start;
      while (end < text.size() && is_name_char(text[end])) ++end;
      std::string_view name = text.substr(start, end - start);
      if (braced && (end >= text.size() || text[end] != '}')) {
        error = "\"${\" without its \"}\"";
        return std::nullopt;
      }
      if (name.empty() || !known(fields, name)) {
        error = name.empty() ? "\"$\" names no field (write $$ for a dollar sign)"
                             : "unknown field $" + std::string(name);
        error += "; the fields are " + list_fields(fields);
        return std::nullopt;
      }
      f.m_items.push_back({Item::Kind::Field, std::string(name)});
      i = end + (braced ? 1 : 0);
      continue;
    }
    if (c == '{') {
      std::size_t close = text.find('}', i);
      if (close == std::string_view::npos) {
        error = "\"{\" without its \"}\" (write {{ for a brace)";
        return std::nullopt;
      }
      std::string_view name = text.substr(i + 1, close - i - 1);
      if (name == "indent") {
        f.m_items.push_back({Item::Kind::Indent, ""});
      } else if (known(style_names(), name)) {
        f.m_items.push_back({Item::Kind::Style, std::string(name)});
      } else {
        error = "unknown style {" + std::string(name) +
                "}; styles are bold dim underline reverse italic, a colour (red, on-red ...) or "
                "time prefix text notice error highlight bar current alert";
        return std::nullopt;
      }
      i = close + 1;
      continue;
    }
    literal(text.substr(i, 1));
    ++i;
  }
  if (text_last) {
    int texts = 0;
    for (const auto& item : f.m_items)
      texts += item.kind == Item::Kind::Field && item.value == "text";
    bool at_end = !f.m_items.empty() && f.m_items.back().kind == Item::Kind::Field &&
                  f.m_items.back().value == "text";
    if (texts != 1 || !at_end) {
      error = "$text must come once, at the end (what is before it starts the line)";
      return std::nullopt;
    }
  }
  return f;
}

}  // namespace msntty
