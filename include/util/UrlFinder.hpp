#pragma once
// The URLs in a line of chat text, found the way irssi's and WeeChat's URL grabbers and
// terminals do: http://, https://, ftp://, mailto: and www. at the start of a word, running to
// the first space, control, quote or angle bracket, without what usually ends the sentence
// around it (".", ",", "!", "?", a quote, or a ")" or "]" the URL did not open). Pure text
// work: the scrollback keeps a URL whole when it wraps a line, /url lists and opens them.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace msntty {

class UrlFinder {
 public:
  using Range = std::pair<std::size_t, std::size_t>;  // byte offsets [first, second)

  // Every URL in `text`, in order, not overlapping. `text` is UTF-8 (as the scrollback keeps
  // it); letters of any script belong to a URL, Unicode spaces and punctuation end it.
  static std::vector<Range> find(std::string_view text);
  // The URLs themselves.
  static std::vector<std::string> urls(std::string_view text);
  // What a program may be given to open: a URL find() returns whole, with one of the schemes
  // above ("www." becomes "https://www."); empty for anything else (a file name, "javascript:",
  // "-option"), which is never opened.
  static std::string openable(std::string_view url);
};

}  // namespace msntty
