#pragma once
// The interactive face of the App (the curses UI), seen from app/ through this interface only, so
// that app/ never depends on ui/. src/main.cpp creates the UI and hands it to App::set_frontend();
// without one the App runs headless (JSON events on stdout).
//
// The App owns the loop: it reads the terminal's bytes from stdin, catches SIGWINCH and calls
// refresh() once at the end of every loop turn, so there is at most one screen update per turn
// and an idle client sleeps in poll(). The UI learns what happened from the model's revision
// counters and from the typed events of App::events() (app/AppEvent.hpp), like any other consumer.
#include <string>
#include <string_view>

namespace msntty {

class Frontend {
 public:
  virtual ~Frontend() = default;
  // Takes over the terminal. Called once, after the password prompt and before the loop runs.
  // False (with `error`) when it cannot, e.g. stdin or stdout is not a terminal.
  virtual bool start(std::string& error) = 0;
  // Gives the terminal back. Called when the loop has ended; must be safe to call twice.
  virtual void stop() = 0;
  virtual void on_input(std::string_view bytes) = 0;  // raw bytes from the terminal
  virtual void on_input_closed() = 0;                 // the terminal went away (EOF, EIO)
  virtual void on_resize() = 0;                       // SIGWINCH
  // SIGTSTP (Ctrl-Z, /suspend): give the terminal back before the job stops; then, once it is
  // continued, take it again and redraw everything.
  virtual void on_suspend() = 0;
  virtual void on_continue() = 0;
  virtual void refresh() = 0;  // end of a loop turn: draw what changed
};

}  // namespace msntty
