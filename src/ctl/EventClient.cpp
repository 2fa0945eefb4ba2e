#include "ctl/EventClient.hpp"

#include <poll.h>

#include "app/EventJson.hpp"

namespace msntty::ctl {

EventClient::EventClient(net::Reactor& reactor, EventBus& events, net::UniqueFd fd,
                         const Handlers& handlers, std::function<void()> on_gone, size_t max_queue)
    : m_events(events), m_handlers(handlers), m_fd(std::move(fd)), m_on_gone(std::move(on_gone)) {
  m_writer = std::make_unique<net::FdWriter>(reactor, m_fd.get(), max_queue, [this] { gone(); });
  net::LineReader::Callbacks cb;
  cb.on_line = [this](std::string_view line) { answer(m_handlers.on_line(line)); };
  cb.on_overlong = [this](size_t n) { answer(m_handlers.on_overlong(n)); };
  // End of input is not the end of the connection: a half-closed peer still reads. A peer that
  // closed completely shows up as POLLHUP below.
  cb.on_eof = [this] {
    m_read_eof = true;
    if (m_peer_closed) gone();
  };
  m_reader = std::make_unique<net::LineReader>(reactor, m_fd.get(), std::move(cb), kMaxLine);
  // Asking for POLLHUP alone: poll() reports hang-ups always, and nothing else for this watch,
  // so a half-closed socket (readable EOF forever) does not wake the loop.
  // After a hang-up the reader still gets the lines sent just before it, then EOF: only then is
  // the client dropped, so `printf '/cmd\n' | socat - UNIX-CONNECT:...` is not cut short.
  m_hangup = reactor.watch(m_fd.get(), POLLHUP, [this](short) {
    m_hangup.reset();
    m_peer_closed = true;
    if (m_read_eof) gone();
  });
  m_subscription =
      m_events.subscribe_json([this](std::string_view json) { m_writer->write_line(json); });
}

EventClient::~EventClient() {
  m_subscription.reset();
  // Registrations go before the fd closes (members are destroyed in reverse order, m_fd last).
}

std::string EventClient::result_line(const CommandResult& r) {
  return result_json(r.ok, r.error);
}

void EventClient::answer(const CommandResult& r) {
  if (!m_gone) m_writer->write_line(result_line(r));
}

void EventClient::gone() {
  if (m_gone) return;
  m_gone = true;
  m_reader->stop();
  m_hangup.reset();
  m_subscription.reset();
  if (m_on_gone) m_on_gone();
}

}  // namespace msntty::ctl
