#include "app/LogCommands.hpp"

#include "app/ChatLog.hpp"
#include "util/Strings.hpp"

namespace msntty {

void register_log_commands(CommandTable& table, CommandServices& s) {
  table.set_topic("logs");
  table.add({.name = "history",
             .params = {Param::number("N", 1, 10000).optional()},
             .flags = {.needs_conversation = true},
             .summary = "show the end of the current conversation's log",
             .help = "Shows the last N (default 20) logged lines of the current conversation.",
             .run = [&s](const CommandArgs& a, CommandSource) {
               if (!s.log()) return s.report_error("logs are not available");
               auto n = static_cast<size_t>(a.number("N", 20));
               if (s.show_history(*s.current_conversation(), n) == 0)
                 s.notice("nothing logged for this conversation yet");
             }});
  table.add({.name = "search",
             .params = {Param::text()},
             .summary = "search past conversations",
             .help = "Finds logged lines containing TEXT (ignoring case) in every conversation "
                     "of this account; shows at most 200.",
             .run = [&s](const CommandArgs& a, CommandSource) {
               std::string text(trim(a.get("TEXT")));
               ChatLog* log = s.log();
               if (!log) return s.report_error("logs are not available");
               auto hits = log->search(text, 200);
               for (const auto& h : hits) {
                 s.emit(ev::SearchResult{.file = h.file, .line = h.line});
                 s.notice(h.file + ": " + h.line);
               }
               s.notice(std::to_string(hits.size()) + " line(s) found for \"" + text + "\"");
             }});
}

}  // namespace msntty
