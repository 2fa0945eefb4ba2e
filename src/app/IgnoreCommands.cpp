#include "app/IgnoreCommands.hpp"

#include "model/IgnoreList.hpp"

namespace msntty {
namespace {

void list_ignored(CommandServices& s) {
  const auto& all = s.ignores().all();
  if (all.empty()) return s.notice("nobody is ignored");
  std::string list;
  for (const auto& email : all) list += (list.empty() ? "" : ", ") + email;
  s.notice("ignored (" + std::to_string(all.size()) + "): " + list);
}

}  // namespace

void register_ignore_commands(CommandTable& table, CommandServices& s) {
  table.set_topic("lists");
  table.add({.name = "ignore",
             .params = {Param::of(ParamKind::Person, "CONTACT").optional()},
             .flags = {.persisted = true},
             .summary = "mute someone here (not /block)",
             .help = "Stops showing CONTACT's messages, nudges, typing and presence changes, and "
                     "they no longer ring or notify; their messages are still logged, and the "
                     "server knows nothing of it (they still see you and can write to you: "
                     "/block is for that). Marked (ignored) in the contact pane and /contacts. "
                     "Without CONTACT lists who is ignored. /save keeps the list.",
             .examples = {"/ignore spammer@example.com"},
             .run =
                 [&s](const CommandArgs& a, CommandSource source) {
                   if (!a.has("CONTACT")) return list_ignored(s);
                   const std::string& who = a.get("CONTACT");
                   bool added = s.ignores().add(who);
                   if (source == CommandSource::Config) return;
                   if (!added) return s.notice(who + " is ignored already");
                   s.notice("ignoring " + who +
                            ": their messages are logged but not shown (/unignore " + who +
                            " undoes it; /save keeps it)");
                 },
             .save =
                 [&s] {
                   std::vector<std::string> lines;
                   for (const auto& email : s.ignores().all()) lines.push_back("/ignore " + email);
                   return lines;
                 }});
  table.add({.name = "unignore",
             .params = {Param::of(ParamKind::Person, "CONTACT")},
             .summary = "show someone's messages again",
             .help = "Ends /ignore for CONTACT: what they write from now on is shown again.",
             .run = [&s](const CommandArgs& a, CommandSource) {
               const std::string& who = a.get("CONTACT");
               if (!s.ignores().remove(who)) return s.report_error(who + " is not ignored");
               s.notice(who + " is no longer ignored");
             }});
}

}  // namespace msntty
