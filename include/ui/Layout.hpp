#pragma once
// Where each part of the screen goes for a terminal of a given size. No curses: plain geometry,
// so every size (down to a few cells) can be reasoned about and tested.
//
//   title bar                      (full width; dropped below 6 rows)
//   contacts | conversation        (contacts dropped when the conversation would get < 30 cols)
//   status bar
//   input line
namespace msntty::ui {

struct Rect {
  int y = 0, x = 0, h = 0, w = 0;
  bool empty() const { return h <= 0 || w <= 0; }
};

struct Layout {
  Rect title, contacts, separator, chat, status, input;
};

constexpr int k_min_chat_columns = 30;

Layout compute_layout(int rows, int cols, bool contacts_wanted, int contacts_width);

}  // namespace msntty::ui
