#pragma once
// Reads lines from a non-blocking fd (stdin in headless mode, the command FIFO) inside the loop.
// Partial lines are kept until their newline arrives; a line longer than the limit is reported
// once and skipped up to its newline, so one bad writer cannot make the reader hang or grow.
#include <functional>
#include <string>
#include <string_view>

#include "net/Reactor.hpp"

namespace msntty::net {

class LineReader {
 public:
  struct Callbacks {
    std::function<void(std::string_view line)> on_line;  // without the newline (CR stripped)
    std::function<void(size_t length)> on_overlong;      // a line was dropped
    std::function<void()> on_eof;                        // writer closed (or read error)
  };
  // Does not own `fd`; sets it non-blocking.
  LineReader(Reactor& reactor, int fd, Callbacks cb, size_t max_line = 64 * 1024);
  void stop();

 private:
  void readable();
  void split();

  Callbacks m_cb;
  Reactor::Watch m_watch;
  std::string m_buf;
  size_t m_max_line;
  size_t m_skipping = 0;  // bytes of an overlong line dropped so far (0 = not skipping)
};

}  // namespace msntty::net
