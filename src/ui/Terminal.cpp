#include "ui/Terminal.hpp"

#include <langinfo.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <cstdio>

#include <ncursesw/curses.h>

namespace msntty::ui {
namespace {

constexpr char k_paste_on[] = "\033[?2004h";
constexpr char k_paste_off[] = "\033[?2004l";
// 1000: presses, releases and the wheel; 1006: as ESC [ < b ; x ; y M, any size of screen.
constexpr char k_mouse_on[] = "\033[?1000h\033[?1006h";
constexpr char k_mouse_off[] = "\033[?1006l\033[?1000l";

void write_tty(const char* s, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(STDOUT_FILENO, s, n);
    if (w <= 0) return;
    s += w;
    n -= static_cast<size_t>(w);
  }
}

}  // namespace

Terminal::~Terminal() {
  stop();
}

bool Terminal::start(bool want_colour, std::string& error) {
  if (m_screen) return true;
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
    error = "the interface needs a terminal (use --headless for scripts)";
    return false;
  }
  std::string codeset = nl_langinfo(CODESET);
  m_utf8 = codeset == "UTF-8" || codeset == "utf8";
  m_screen = newterm(nullptr, stdout, stdin);
  if (!m_screen) {
    error = "cannot drive this terminal (is TERM set?)";
    return false;
  }
  set_term(m_screen);
  raw();  // C-c, C-z, C-s are keys to bind, not signals or flow control
  noecho();
  nonl();
  keypad(stdscr, FALSE);  // the App reads the bytes itself
  curs_set(1);
  m_colour = want_colour && has_colors();
  if (m_colour) {
    start_color();
    use_default_colors();  // keep the user's background
  }
  write_tty(k_paste_on, sizeof k_paste_on - 1);
  return true;
}

void Terminal::stop() {
  if (!m_screen) return;
  endwin();
  set_mouse(false);
  write_tty(k_paste_off, sizeof k_paste_off - 1);
  delscreen(m_screen);
  m_screen = nullptr;
}

void Terminal::suspend() {
  if (!m_screen) return;
  write_tty(k_paste_off, sizeof k_paste_off - 1);
  endwin();
}

void Terminal::resume() {
  if (!m_screen) return;
  reset_prog_mode();  // raw, no echo: what start() set
  write_tty(k_paste_on, sizeof k_paste_on - 1);
}

int Terminal::rows() const {
  return m_screen ? LINES : 0;
}
int Terminal::cols() const {
  return m_screen ? COLS : 0;
}

bool Terminal::update_size() {
  if (!m_screen) return false;
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return false;
  if (ws.ws_row == LINES && ws.ws_col == COLS) return false;
  resizeterm(ws.ws_row, ws.ws_col);
  return true;
}

void Terminal::set_mouse(bool on) {
  if (on == m_mouse || (on && !m_screen)) return;
  m_mouse = on;
  if (on)
    write_tty(k_mouse_on, sizeof k_mouse_on - 1);
  else
    write_tty(k_mouse_off, sizeof k_mouse_off - 1);
}

void Terminal::bell() {
  if (m_screen) beep();
}

void Terminal::invalidate() {
  if (m_screen) clearok(curscr, TRUE);
}

}  // namespace msntty::ui
