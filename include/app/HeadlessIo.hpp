#pragma once
// Headless mode's two streams: command lines from standard input, events to standard output
// as JSON lines. Input that is not UTF-8, or a line over the reader's limit, is refused with an
// error (the session goes on). End of input does not end the session: `echo /msg bob hi |
// msntty --headless` must still sign in and send; /quit or a signal ends it. Output goes
// through a non-blocking writer with a large queue, so a slow reader never stalls the loop.
#include <unistd.h>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "app/EventBus.hpp"
#include "net/FdWriter.hpp"
#include "net/LineReader.hpp"
#include "net/Reactor.hpp"

namespace msntty {

class HeadlessIo {
 public:
  struct Hooks {
    std::function<void(std::string_view line)> command;  // a valid input line
    std::function<void(const std::string& text)> error;  // an input line refused: why
  };
  // The fds are not owned; tests pass pipes.
  HeadlessIo(net::Reactor& reactor, EventBus& events, Hooks hooks, int in_fd = STDIN_FILENO,
             int out_fd = STDOUT_FILENO);
  ~HeadlessIo();
  HeadlessIo(const HeadlessIo&) = delete;
  HeadlessIo& operator=(const HeadlessIo&) = delete;

  // Before exit: waits (at most `timeout_ms`) for queued events to reach the reader.
  void drain(int timeout_ms) { m_out.flush_blocking(timeout_ms); }

  static constexpr size_t kOutputQueue = 64 * 1024 * 1024;

 private:
  net::FdWriter m_out;
  EventBus::Subscription m_events;  // every event, as a JSON line on m_out
  std::unique_ptr<net::LineReader> m_in;
};

}  // namespace msntty
