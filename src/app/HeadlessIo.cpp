#include "app/HeadlessIo.hpp"

#include "util/Utf8.hpp"

namespace msntty {

HeadlessIo::HeadlessIo(net::Reactor& reactor, EventBus& events, Hooks hooks, int in_fd, int out_fd)
    : m_out(reactor, out_fd, kOutputQueue),
      m_events(events.subscribe_json([this](std::string_view json) { m_out.write_line(json); })) {
  net::LineReader::Callbacks cb;
  cb.on_line = [hooks](std::string_view line) {
    if (!utf8_valid(line)) return hooks.error("input line is not valid UTF-8: ignored");
    hooks.command(line);
  };
  cb.on_overlong = [hooks](size_t n) {
    hooks.error("input line of " + std::to_string(n) + " bytes is too long: ignored");
  };
  cb.on_eof = [] {};
  m_in = std::make_unique<net::LineReader>(reactor, in_fd, std::move(cb));
}

HeadlessIo::~HeadlessIo() = default;

}  // namespace msntty
