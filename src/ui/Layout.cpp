#include "ui/Layout.hpp"

#include <algorithm>

namespace msntty::ui {

Layout compute_layout(int rows, int cols, bool contacts_wanted, int contacts_width) {
  Layout l;
  if (rows <= 0 || cols <= 0) return l;
  // The input line is the last thing to go: it is what the user is typing into.
  l.input = {rows - 1, 0, 1, cols};
  if (rows >= 2) l.status = {rows - 2, 0, 1, cols};
  int top = 0;
  if (rows >= 6) {
    l.title = {0, 0, 1, cols};
    top = 1;
  }
  int body = rows - top - (rows >= 2 ? 2 : 1);
  if (body <= 0) return l;
  int pane = std::clamp(contacts_width, 8, std::max(8, cols / 2));
  if (contacts_wanted && cols - pane - 1 >= k_min_chat_columns) {
    l.contacts = {top, 0, body, pane};
    l.separator = {top, pane, body, 1};
    l.chat = {top, pane + 1, body, cols - pane - 1};
  } else {
    l.chat = {top, 0, body, cols};
  }
  return l;
}

}  // namespace msntty::ui
