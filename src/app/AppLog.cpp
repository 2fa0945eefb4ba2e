// App: the conversation log (opened after signing in) and history shown when a conversation opens.
#include "app/App.hpp"

#include <utility>

#include "app/ActionText.hpp"

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

// The log's messages as chat lines with their own time and sender, marked as history: straight
// into the model (not logged again), no activity, no unread count, no event of a new message.
// Old notices and errors (a delivery that failed then, someone who left) are not news: skipped.
size_t App::show_history(Conversation& c, size_t n) {
  if (!m_log || n == 0) return 0;
  const std::string& account = m_settings.get("account");
  size_t shown = 0;
  for (auto& entry : m_log->last_messages(c, n)) {
    if (entry.text.empty() || m_ignores.contains(entry.who)) continue;
    ChatLine line;
    line.history = true;
    line.time = entry.time;
    line.offline = entry.offline;
    bool own = equals_icase(entry.who, account);
    line.kind = own ? ChatLine::Kind::Outgoing : ChatLine::Kind::Incoming;
    line.from = entry.who;
    if (const Contact* who = own ? nullptr : m_contacts.find(entry.who)) line.nick = who->nick;
    std::string sender_nick = own ? m_own_nick : line.nick;
    line.action = action_body(entry.text, sender_nick, entry.who).value_or("");
    line.text = std::move(entry.text);
    m_events.emit(ev::History{.conversation = c.id(),
                              .time = line.time,
                              .from = line.from,
                              .nick = own ? m_own_nick : line.nick,
                              .text = line.text,
                              .own = own,
                              .offline = line.offline,
                              .action = line.action});
    c.add_line(std::move(line));
    ++shown;
  }
  return shown;
}

}  // namespace msntty
