// App: running with an interactive frontend (the curses UI) instead of headless.
#include "app/App.hpp"

#include <unistd.h>
#include <cerrno>
#include <csignal>

namespace msntty {

bool App::start_frontend() {
  // SIGWINCH is ours before the frontend starts: curses then leaves the signal alone and the
  // resize is handled inside the loop, never in a signal handler.
  m_reactor.on_signal(SIGWINCH, [this] { m_frontend->on_resize(); });
  // Ctrl-Z is a key in raw mode (/suspend raises SIGTSTP); a SIGTSTP from outside lands here
  // too. The screen is given back first, then the job really stops; kill() returns once the
  // shell continued it (SIGCONT, whose own callback probes the connection).
  m_reactor.on_signal(SIGTSTP, [this] {
    m_frontend->on_suspend();
    m_reactor.raise_default_in_group(SIGTSTP);
    m_frontend->on_continue();
  });
  std::string error;
  if (!m_frontend->start(error)) {
    std::fprintf(stderr, "msntty: %s\n", error.c_str());
    m_exit_code = kExitError;
    return false;
  }
  m_terminal_input = m_reactor.watch(STDIN_FILENO, POLLIN, [this](short) { read_terminal(); });
  m_refresh = m_reactor.on_turn_end([this] { m_frontend->refresh(); });
  return true;
}

void App::read_terminal() {
  char buf[4096];
  ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
  if (n > 0) {
    user_active();
    return m_frontend->on_input(std::string_view(buf, static_cast<size_t>(n)));
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  m_terminal_input.reset();  // EOF or EIO: the terminal is gone
  m_frontend->on_input_closed();
}

}  // namespace msntty
