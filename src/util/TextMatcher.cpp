#include "util/TextMatcher.hpp"

#include <regex.h>

#include <array>

namespace msntty {

struct TextMatcher::Compiled {
  regex_t re{};
  bool ok = false;
  Compiled() = default;
  Compiled(const Compiled&) = delete;
  Compiled& operator=(const Compiled&) = delete;
  ~Compiled() {
    if (ok) regfree(&re);
  }
};

namespace {

std::string regex_error(int rc, const regex_t& re) {
  std::array<char, 256> why{};
  regerror(rc, &re, why.data(), why.size());
  return why.data();
}

}  // namespace

std::string regex_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view(".[]()*+?{}|^$\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

Result<TextMatcher> TextMatcher::make(std::string_view pattern, Options options) {
  TextMatcher m;
  if (pattern.empty()) {
    m.m_all = true;
    return m;
  }
  std::string source = options.regex ? std::string(pattern) : regex_escape(pattern);
  auto re = std::make_shared<Compiled>();
  int rc =
      regcomp(&re->re, source.c_str(), REG_EXTENDED | (options.case_sensitive ? 0 : REG_ICASE));
  if (rc != 0)
    return Error{"bad regular expression \"" + std::string(pattern) +
                 "\": " + regex_error(rc, re->re)};
  re->ok = true;
  m.m_re = std::move(re);
  return m;
}

TextMatcher TextMatcher::any_word(const std::vector<std::string>& words) {
  std::string alternatives;
  for (const auto& w : words)
    if (!w.empty()) alternatives += (alternatives.empty() ? "" : "|") + regex_escape(w);
  TextMatcher m;
  if (alternatives.empty()) return m;  // no m_re: matches nothing
  std::string source = "(^|[^[:alnum:]_])(" + alternatives + ")([^[:alnum:]_]|$)";
  auto re = std::make_shared<Compiled>();
  // Escaped literals always compile; should one not, the words match nothing.
  re->ok = regcomp(&re->re, source.c_str(), REG_EXTENDED | REG_ICASE) == 0;
  if (!re->ok) return m;
  m.m_re = std::move(re);
  m.m_group = 2;
  return m;
}

std::optional<TextMatcher::Range> TextMatcher::find(std::string_view text, std::size_t from) const {
  if (from > text.size()) return std::nullopt;
  if (m_all) return Range{from, from};
  if (!m_re) return std::nullopt;
  // regexec wants a C string; a NUL inside the text (sanitized text has none) ends it there.
  std::string copy(text.substr(from));
  std::array<regmatch_t, 3> found{};
  int flags = from > 0 ? REG_NOTBOL : 0;
  if (regexec(&m_re->re, copy.c_str(), found.size(), found.data(), flags) != 0) return std::nullopt;
  const regmatch_t& g = found[m_group];
  if (g.rm_so < 0) return std::nullopt;
  return Range{from + static_cast<std::size_t>(g.rm_so), from + static_cast<std::size_t>(g.rm_eo)};
}

std::vector<TextMatcher::Range> TextMatcher::find_all(std::string_view text) const {
  std::vector<Range> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto r = find(text, at);
    if (!r || r->second == r->first) break;
    out.push_back(*r);
    at = r->second;
  }
  return out;
}

}  // namespace msntty
