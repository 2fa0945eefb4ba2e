// App: the conversation log (opened after signing in) and history shown when a conversation opens.
#include "app/App.hpp"

#include <utility>

#include "util/Strings.hpp"
#include "util/XdgPaths.hpp"

namespace msntty {

void App::open_log() {
  std::string dir = msntty_dir(XdgDir::Data);
  if (dir.empty()) return;
  m_log = std::make_unique<ChatLog>(dir + "/logs/" +
                                    ChatLog::safe_file_part(to_lower(m_settings.get("account"))));
  // One fdatasync per loop turn for all lines written in it, not one per line.
  m_log_sync = m_reactor.on_turn_end([this] {
    if (auto r = m_log->sync(); !r) m_events.emit(ev::Error{.code = 0, .text = r.error().text});
  });
}

// A line that cannot be written is said once (not once per line) until one is written again;
// not through report_error: a message arriving does not make the running command fail.
void App::log_line(Conversation& c, const ChatLine& line) {
  m_log_last = {};
  if (!m_log || !m_settings.get_bool("log")) return;
  m_log_last = m_log->append(c, line);
  if (m_log_last) {
    m_log_failing = false;
  } else if (!std::exchange(m_log_failing, true)) {
    m_events.emit(
        ev::Error{.code = 0,
                  .text = m_log_last.error().text +
                          " (the conversation log: lines are not logged until it works)"});
  }
}

size_t App::show_history(Conversation& c, size_t n) {
  if (!m_log || n == 0) return 0;
  auto lines = m_log->tail(c, n);
  for (const auto& text : lines) {
    m_events.emit(ev::History{.conversation = c.id(), .line = text});
    ChatLine line;
    line.kind = ChatLine::Kind::Notice;
    line.text = "[log] " + text;
    c.add_line(std::move(line));  // straight into the model: not logged again
  }
  return lines.size();
}

}  // namespace msntty
