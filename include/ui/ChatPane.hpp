#pragma once
// Draws a window's scrollback: timestamps, coloured prefixes, delivery marks on our own messages
// ("…" in place of the time while pending, a red "✗" when it failed), the unread separator, and
// highlight words and search matches set off, a footer row for "Bob is typing…" and the "more
// below" marker when scrolled up.
#include <string>
#include <utility>
#include <vector>

#include "ui/ChatWindow.hpp"
#include "ui/Paint.hpp"
#include "ui/Palette.hpp"
#include "ui/ScrollbackSearch.hpp"
#include "ui/Theme.hpp"

namespace msntty::ui {

class ChatPane {
 public:
  ChatPane(const Palette& palette, const Theme& theme, bool utf8)
      : m_palette(palette), m_theme(theme), m_utf8(utf8) {}
  // Rows the scrollback gets in a pane `height` rows high (the rest is the footer).
  static int text_rows(int height, bool footer) {
    return footer && height >= 3 ? height - 1 : height;
  }
  // `found`: the Ctrl-R search's match, drawn in reverse video.
  void draw(WINDOW* w, ChatWindow& window, const std::string& typing,
            const ScrollbackSearch::Match* found = nullptr) const;

 private:
  void draw_row(const Paint& p, int y, const Scrollback::Row& row, ChatWindow& window, int width,
                const ScrollbackSearch::Match* found) const;
  // A text piece, with the parts inside the line's marks (and the search match) set off.
  void draw_text(const Paint& p, int y, const Scrollback::Piece& piece,
                 const Scrollback::Line& line, int avail, attr_t attr,
                 const std::vector<std::pair<std::size_t, std::size_t>>& found) const;
  void draw_footer(const Paint& p, int y, int width, ChatWindow& window,
                   const std::string& typing) const;
  attr_t prefix_attr(int style) const;
  attr_t text_attr(int style, Delivery d) const;
  // A piece's look from the theme on top of `own`, the look the piece has anyway.
  attr_t themed(attr_t own, int look, int style, Delivery d) const;

  const Palette& m_palette;
  const Theme& m_theme;
  bool m_utf8;
};

}  // namespace msntty::ui
