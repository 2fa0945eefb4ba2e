// The input line: an emacs/readline-style single-line editor with no terminal knowledge
// (the input history is util/InputHistory). The curses layer maps keys to these operations and
// draws view(); everything here is plain data so it can be unit-tested.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace msntty::ui {

class LineEditor {
 public:
  struct View {
    std::string visible;  // UTF-8, at most `width` columns
    int cursor_column;    // 0-based column of the cursor inside `visible`
    bool more_left;       // text hidden before the first visible column
    bool more_right;      // text hidden after the last visible column
  };

  // Editing. Every operation returns false when it could not do anything (the UI may beep).
  void insert(std::string_view utf8);  // typed character or a whole paste
  bool move_left();
  bool move_right();
  bool word_left();                 // M-b
  bool word_right();                // M-f
  bool home();                      // C-a
  bool end();                       // C-e
  bool delete_backward();           // Backspace
  bool delete_forward();            // C-d, Delete
  bool kill_word_backward();        // C-w: back to whitespace
  bool kill_alnum_word_backward();  // M-Backspace: back to the start of an alphanumeric word
  bool kill_word_forward();         // M-d
  bool kill_to_start();             // C-u
  bool kill_to_end();               // C-k
  bool yank();                      // C-y: insert the last kill
  bool transpose();                 // C-t, readline semantics
  void clear();
  void set_text(std::string_view utf8);  // cursor goes to the end
  void set_text(std::string_view utf8, std::size_t cursor_byte);

  std::string text() const;
  bool empty() const { return m_text.empty(); }
  std::size_t cursor() const;       // in clusters
  std::size_t cursor_byte() const;  // byte offset of the cursor inside text()
  std::size_t length() const;       // in clusters
  const std::string& kill_buffer() const { return m_kill; }

  // What to draw in a field `width` columns wide. Scrolls horizontally (in jumps of half the
  // field, readline-style) so the cursor is always visible with some context around it.
  View view(int width) const;

 private:
  std::vector<std::size_t> boundaries() const;  // cluster starts plus m_text.size()
  std::size_t snap_forward(std::size_t pos) const;
  std::size_t word_left_pos() const;
  std::size_t word_right_pos() const;
  bool erase(std::size_t from, std::size_t to);
  bool kill(std::size_t from, std::size_t to, bool backward);
  bool move_to(std::size_t pos);

  std::u32string m_text;
  std::size_t m_cursor = 0;  // code point index, always on a cluster boundary
  std::string m_kill;
  bool m_last_was_kill = false;  // consecutive kills accumulate, as in readline
  // Horizontal scroll position (first visible cluster). It is presentation state, kept
  // between draws so the view does not jump on every keystroke; hence mutable.
  mutable std::size_t m_view_first = 0;
};

}  // namespace msntty::ui
