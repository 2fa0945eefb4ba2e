#pragma once
// One connection to the event socket. It receives every event line (its own bounded FdWriter:
// a reader that falls behind loses lines and is told with `{"event":"lost","count":N}`, it
// never stalls the client), and it may send command lines, each answered by one result line
// after the events the command caused:
//   {"event":"result","ok":true}
//   {"event":"result","ok":false,"error":"TEXT"}
// Half-closing (shutdown(SHUT_WR), as `socat` does at end of input) is fine: the answers and
// later events still arrive. The connection is dropped when the peer is gone (POLLHUP, a write
// error) and `on_gone` is called; it may destroy this object only after returning (defer).
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "app/Client.hpp"
#include "app/EventBus.hpp"
#include "net/FdWriter.hpp"
#include "net/LineReader.hpp"
#include "net/Reactor.hpp"
#include "net/UniqueFd.hpp"

namespace msntty::ctl {

class EventClient {
 public:
  struct Handlers {
    std::function<CommandResult(std::string_view line)> on_line;
    std::function<CommandResult(size_t length)> on_overlong;
  };
  static constexpr size_t kMaxQueue = 1024 * 1024;
  static constexpr size_t kMaxLine = 64 * 1024;

  EventClient(net::Reactor& reactor, EventBus& events, net::UniqueFd fd, const Handlers& handlers,
              std::function<void()> on_gone, size_t max_queue = kMaxQueue);
  ~EventClient();
  EventClient(const EventClient&) = delete;
  EventClient& operator=(const EventClient&) = delete;

  // The JSON result line for one command.
  static std::string result_line(const CommandResult& r);

 private:
  void answer(const CommandResult& r);
  void gone();

  EventBus& m_events;
  const Handlers& m_handlers;
  net::UniqueFd m_fd;
  std::function<void()> m_on_gone;
  std::unique_ptr<net::FdWriter> m_writer;
  std::unique_ptr<net::LineReader> m_reader;
  net::Reactor::Watch m_hangup;           // POLLHUP only: the peer closed both directions
  EventBus::Subscription m_subscription;  // every event, as JSON lines
  bool m_read_eof = false;                // the peer sent EOF (or reading failed)
  bool m_peer_closed = false;             // POLLHUP: the peer closed both directions
  bool m_gone = false;
};

}  // namespace msntty::ctl
