#include "app/LogCommands.hpp"

#include "app/ChatLog.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

constexpr size_t k_search_page = 10;  // a page fits a 24-row terminal's window, wrapped

Param page_option() {
  return Param::choice("PAGE", {{"-page", {Param::number("N", 1, 100000)}}}).if_listed();
}

// One page at a time, newest first, so a common word never floods the window: the last line
// says how many there are and what shows the page before.
void run_search(CommandServices& s, const CommandArgs& a) {
  std::string text(trim(a.get("TEXT")));
  ChatLog* log = s.log();
  if (!log) return s.report_error("logs are not available");
  auto page = static_cast<size_t>(a.number("N", 1));
  ChatLog::Page found = log->search_page(text, page, k_search_page);
  for (const auto& h : found.hits) {
    s.emit(ev::SearchResult{.file = h.file, .line = h.line});
    s.notice(h.file + ": " + h.line);
  }
  std::string quoted = "\"" + text + "\"";
  if (found.total == 0) return s.notice("0 line(s) found for " + quoted);
  if (found.hits.empty())
    return s.report_error("/search: there are " + std::to_string(found.pages) + " page(s) for " +
                          quoted + ", not " + std::to_string(page));
  std::string total =
      std::to_string(found.total) + (found.total >= ChatLog::k_max_search_hits ? "+" : "");
  std::string summary = total + " line(s) found for " + quoted;
  if (found.pages > 1)
    summary +=
        ", page " + std::to_string(page) + " of " + std::to_string(found.pages) + " (newest first)";
  if (page < found.pages)
    summary += "; more: /search -page " + std::to_string(page + 1) + " " + text;
  s.notice(summary);
}

CommandSpec search_command(CommandServices& s) {
  return {.name = "search",
          .params = {page_option(), Param::text()},
          .summary = "search past conversations",
          .help =
              "Finds logged lines containing TEXT (ignoring case) in every conversation of "
              "this account, a page of " +
              std::to_string(k_search_page) +
              " at a time in time order: the newest first, -page N for older ones. The "
              "last line counts them and says which command shows the page before.",
          .examples = {"/search party", "/search -page 2 party"},
          .run = [&s](const CommandArgs& a, CommandSource) { run_search(s, a); }};
}

}  // namespace

void register_log_commands(CommandTable& table, CommandServices& s) {
  table.set_topic("logs");
  table.add({.name = "history",
             .params = {Param::number("N", 1, 10000).optional()},
             .flags = {.needs_conversation = true},
             .summary = "show the end of the current conversation's log",
             .help = "Shows the last N (default 20) logged messages of the current conversation, "
                     "dimmed, with their own times and the senders' nicknames, and a line "
                     "where they end; logged notices and errors are left out.",
             .run = [&s](const CommandArgs& a, CommandSource) {
               if (!s.log()) return s.report_error("logs are not available");
               auto n = static_cast<size_t>(a.number("N", 20));
               if (s.show_history(*s.current_conversation(), n) == 0)
                 s.notice("nothing logged for this conversation yet");
             }});
  table.add(search_command(s));
}

}  // namespace msntty
