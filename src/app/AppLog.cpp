// App: conversation logs, /history and /search.
#include "app/App.hpp"

#include "util/Strings.hpp"
#include "util/XdgPaths.hpp"

namespace msntty {

void App::open_log() {
  std::string dir = msntty_dir(XdgDir::Data);
  if (dir.empty()) return;
  m_log = std::make_unique<ChatLog>(dir + "/logs/" +
                                    ChatLog::safe_file_part(to_lower(m_settings.get("account"))));
  // One fdatasync per loop turn for all lines written in it, not one per line.
  m_log_sync = m_reactor.on_turn_end([this] { m_log->sync(); });
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

void App::register_log_commands() {
  m_commands.add({.name = "history",
                  .params = {Param::number("N", 1, 10000).optional()},
                  .flags = {.needs_conversation = true},
                  .summary = "show the end of the current conversation's log",
                  .help = "Shows the last N (default 20) logged lines of the current conversation.",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    if (!m_log) return;
                    auto n = static_cast<size_t>(a.number("N", 20));
                    if (show_history(*current_conversation(), n) == 0) notice("nothing logged for this conversation yet");
                  }});
  m_commands.add({.name = "search",
                  .params = {Param::text()},
                  .summary = "search past conversations",
                  .help = "Finds logged lines containing TEXT (ignoring case) in every conversation "
                          "of this account; shows at most 200.",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    std::string text(trim(a.get("TEXT")));
                    if (!m_log) return report_error("logs are not available");
                    auto hits = m_log->search(text, 200);
                    for (const auto& h : hits) {
                      m_events.emit(ev::SearchResult{.file = h.file, .line = h.line});
                      notice(h.file + ": " + h.line);
                    }
                    notice(std::to_string(hits.size()) + " line(s) found for \"" + text + "\"");
                  }});
}

}  // namespace msntty
