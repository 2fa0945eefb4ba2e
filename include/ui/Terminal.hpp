#pragma once
// The curses session: newterm/endwin as RAII, the terminal's size, colours, bell, bracketed
// paste and mouse reporting. Keys are not read through curses (the App reads stdin and KeyDecoder
// decodes it), so curses only ever draws.
#include <string>

typedef struct screen SCREEN;

namespace msntty::ui {

class Terminal {
 public:
  Terminal() = default;
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  // want_colour: false for --no-color / NO_COLOR. False with `error` when stdin/stdout is not a
  // terminal curses can drive.
  bool start(bool want_colour, std::string& error);
  void stop();  // idempotent
  // Ctrl-Z: the shell's terminal modes back (endwin, bracketed paste off), then ours again.
  void suspend();
  void resume();
  bool started() const { return m_screen != nullptr; }

  bool utf8() const { return m_utf8; }  // the locale's codeset is UTF-8
  bool colour() const { return m_colour; }
  int rows() const;
  int cols() const;
  // After SIGWINCH: ask the tty for its size and tell curses. True if it changed.
  bool update_size();
  void bell();
  // Mouse reporting (xterm button events, SGR coordinates), on only when the user asks: while
  // it is on, the terminal's own selection needs Shift held.
  void set_mouse(bool on);
  // Forget what curses thinks is on the screen, so the next update repaints everything (C-l,
  // or after something else scribbled on the terminal).
  void invalidate();

 private:
  SCREEN* m_screen = nullptr;
  bool m_utf8 = false;
  bool m_colour = false;
  bool m_mouse = false;
};

}  // namespace msntty::ui
