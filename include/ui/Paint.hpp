#pragma once
// Putting text into a curses window safely: measured with TextWidth (so layout and curses
// agree), clipped to a width so nothing ever wraps into the next row or pane, and, outside a
// UTF-8 locale, with every non-ASCII character shown as '?' (box drawing has ASCII twins).
// Callers pass sanitized text; control characters that slip through are shown as '?' anyway.
#include <memory>
#include <string_view>

#include <ncursesw/curses.h>

namespace msntty::ui {

// Owns a curses window.
struct WindowDeleter {
  void operator()(WINDOW* w) const {
    if (w) delwin(w);
  }
};
using WindowPtr = std::unique_ptr<WINDOW, WindowDeleter>;

class Paint {
 public:
  Paint(WINDOW* w, bool utf8) : m_w(w), m_utf8(utf8) {}
  // Writes at (y, x) at most `width` columns; returns the columns used.
  int text(int y, int x, std::string_view utf8, int width, attr_t attr) const;
  // `width` spaces.
  void blank(int y, int x, int width, attr_t attr) const;
  // Picks the UTF-8 or the ASCII spelling of a symbol.
  std::string_view glyph(std::string_view utf8, std::string_view ascii) const {
    return m_utf8 ? utf8 : ascii;
  }

 private:
  void cluster(std::u32string_view cps, int width, attr_t attr) const;

  WINDOW* m_w;
  bool m_utf8;
};

}  // namespace msntty::ui
