#pragma once
// What makes a group-chat message a highlight, as irssi's hilights: your nickname, the part of
// your address before the @, and each entry of the highlight_words setting, each as a whole word
// ignoring case. The pattern is compiled again only when one of those changes, not per message.
#include <string>
#include <string_view>
#include <vector>

#include "util/TextMatcher.hpp"

namespace msntty {

class Highlighter {
 public:
  // The words, in that order, trimmed, empty ones left out; `list` is comma-separated.
  static std::vector<std::string> words(std::string_view own_nick, std::string_view account,
                                        std::string_view list);
  // The matcher for these inputs; a reference valid until the next call.
  const TextMatcher& matcher(std::string_view own_nick, std::string_view account,
                             std::string_view list);

 private:
  std::vector<std::string> m_words;
  TextMatcher m_matcher = TextMatcher::any_word({});
};

}  // namespace msntty
