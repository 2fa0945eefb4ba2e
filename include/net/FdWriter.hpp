#pragma once
// Writes to a non-blocking fd (stdout in headless mode, event-stream clients) from the loop with
// an output queue, so a slow reader never blocks the client. The queue is bounded: past the limit
// whole lines are dropped and counted, and the reader is told how many with a `lost` line.
// Lines queued during a loop turn go out together at the end of the turn (one write(2) for a
// burst of events instead of one per line), and whatever is still queued when the writer goes
// is tried once more, without blocking.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "net/Reactor.hpp"

namespace msntty::net {

class FdWriter {
 public:
  // Does not own `fd`; sets it non-blocking. `on_error` runs once when the reader is gone.
  FdWriter(Reactor& reactor, int fd, size_t max_queue = 8 * 1024 * 1024,
           std::function<void()> on_error = {});
  ~FdWriter();
  FdWriter(const FdWriter&) = delete;
  FdWriter& operator=(const FdWriter&) = delete;
  // Queues one complete line (newline added). Returns false if it was dropped.
  bool write_line(std::string_view line);
  // Blocks up to `timeout_ms` to flush what is queued (only at exit).
  void flush_blocking(int timeout_ms);
  size_t queued() const { return m_queue.size() - m_sent; }
  size_t dropped_total() const { return m_dropped_total; }

 private:
  void writable();
  void write_some();
  bool write_queued();  // false when the reader is gone

  Reactor::Watch m_watch;
  Reactor::Hook m_turn_end;
  int m_fd;
  std::string m_queue;
  size_t m_sent = 0;
  size_t m_max_queue;
  size_t m_dropped = 0;  // lines dropped since the last `lost` notice
  size_t m_dropped_total = 0;
  bool m_failed = false;
  bool m_fd_full = false;  // the last write stopped short: writable() goes on
  std::function<void()> m_on_error;
};

}  // namespace msntty::net
