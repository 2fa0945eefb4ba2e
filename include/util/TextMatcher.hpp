#pragma once
// Finding a pattern in a line of text, for /lastlog, the Ctrl-R search and highlight words: a
// literal (case-insensitive unless asked) or a POSIX extended regular expression. Both go
// through regcomp(3): glibc's matcher does not recurse per character (std::regex does, and a
// long line overflows the stack), and with REG_ICASE it folds case in the locale's charset, so
// "ÉTÉ" finds "été" in a UTF-8 locale.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/Result.hpp"

namespace msntty {

class TextMatcher {
 public:
  struct Options {
    bool case_sensitive = false;
    bool regex = false;  // the pattern is an extended regular expression, else a literal
  };
  using Range = std::pair<std::size_t, std::size_t>;  // byte offsets [first, second)

  // An empty pattern matches every line (with empty ranges). A bad regular expression is an
  // error saying why.
  static Result<TextMatcher> make(std::string_view pattern, Options options);
  // Any of `words` (literals, ignoring case) standing as a whole word: not inside a longer run
  // of letters, digits or '_'. Empty words are left out; no words at all matches nothing.
  static TextMatcher any_word(const std::vector<std::string>& words);

  // The first match starting at or after byte `from`.
  std::optional<Range> find(std::string_view text, std::size_t from = 0) const;
  // Every non-empty match, left to right, not overlapping.
  std::vector<Range> find_all(std::string_view text) const;
  bool matches(std::string_view text) const { return find(text).has_value(); }

 private:
  struct Compiled;  // a regex_t, freed with regfree()
  TextMatcher() = default;

  std::shared_ptr<const Compiled> m_re;  // shared: a compiled pattern is immutable
  bool m_all = false;                    // the empty pattern
  std::size_t m_group = 0;               // the subexpression that is the match (any_word: 2)
};

// `text` with every character special to an extended regular expression escaped.
std::string regex_escape(std::string_view text);

}  // namespace msntty
