// App: conversation logs, /history and /search.
#include "app/App.hpp"

#include "util/Strings.hpp"

namespace msntty {

void App::open_log() {
  std::string base = xdg_dir("XDG_DATA_HOME", ".local/share");
  if (base.empty()) return;
  m_log = std::make_unique<ChatLog>(base + "/msntty/logs/" +
                                    ChatLog::safe_file_part(to_lower(m_settings.get("account"))));
  // One fdatasync per loop turn for all lines written in it, not one per line.
  m_reactor.on_turn_end([this] { m_log->sync(); });
}

size_t App::show_history(Conversation& c, size_t n) {
  if (!m_log || n == 0) return 0;
  auto lines = m_log->tail(c, n);
  for (const auto& text : lines) {
    JsonObject e = EventSink::make("history");
    e.add("conversation", static_cast<int64_t>(c.id()));
    e.add("line", text);
    m_events.emit(e);
    ChatLine line;
    line.kind = ChatLine::Kind::Notice;
    line.text = "[log] " + text;
    c.add_line(std::move(line));  // straight into the model: not logged again
  }
  return lines.size();
}

void App::register_log_commands() {
  m_commands.add({"history", "/history [N]", "show the end of the current conversation's log",
                  "Shows the last N (default 20) logged lines of the current conversation.", true,
                  [this](std::string_view args, CommandSource) {
                    Conversation* c = conversation_or_error("history");
                    if (!c || !m_log) return;
                    size_t n = 20;
                    if (!trim(args).empty()) {
                      auto v = parse_u32(trim(args));
                      if (!v || *v == 0 || *v > 10000) return report_error("/history takes a number from 1 to 10000");
                      n = *v;
                    }
                    if (show_history(*c, n) == 0) notice("nothing logged for this conversation yet");
                  }});
  m_commands.add({"search", "/search TEXT", "search past conversations",
                  "Finds logged lines containing TEXT (ignoring case) in every conversation of "
                  "this account; shows at most 200.", true,
                  [this](std::string_view args, CommandSource) {
                    std::string_view text = trim(args);
                    if (text.empty()) return report_error("/search needs a text");
                    if (!m_log) return report_error("logs are not available");
                    auto hits = m_log->search(text, 200);
                    for (const auto& h : hits) {
                      JsonObject e = EventSink::make("search_result");
                      e.add("file", h.file);
                      e.add("line", h.line);
                      m_events.emit(e);
                      notice(h.file + ": " + h.line);
                    }
                    notice(std::to_string(hits.size()) + " line(s) found for \"" + std::string(text) + "\"");
                  }});
}

}  // namespace msntty
