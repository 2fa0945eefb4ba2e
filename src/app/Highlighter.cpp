#include "app/Highlighter.hpp"

#include "util/Strings.hpp"

namespace msntty {

std::vector<std::string> Highlighter::words(std::string_view own_nick, std::string_view account,
                                            std::string_view list) {
  std::vector<std::string> out;
  auto keep = [&out](std::string_view w) {
    w = trim(w);
    if (!w.empty()) out.emplace_back(w);
  };
  keep(own_nick);
  keep(account.substr(0, account.find('@')));
  for (std::size_t start = 0; start <= list.size();) {
    std::size_t comma = std::min(list.find(',', start), list.size());
    keep(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

const TextMatcher& Highlighter::matcher(std::string_view own_nick, std::string_view account,
                                        std::string_view list) {
  std::vector<std::string> now = words(own_nick, account, list);
  if (now != m_words) {
    m_words = std::move(now);
    m_matcher = TextMatcher::any_word(m_words);
  }
  return m_matcher;
}

}  // namespace msntty
