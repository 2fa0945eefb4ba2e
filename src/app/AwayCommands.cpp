#include "app/AwayCommands.hpp"

#include "app/AwayState.hpp"
#include "app/Settings.hpp"
#include "proto/NsSession.hpp"
#include "util/Strings.hpp"

namespace msntty {
namespace {

Param where_param() {
  // Any other first word begins the message.
  return Param::word("WHERE", {"-psm", "-reply", "-both"}).listed().if_listed();
}

void go_away(CommandServices& s, const CommandArgs& a) {
  NsSession* ns = s.session();
  std::string where = a.has("WHERE") ? a.get("WHERE").substr(1) : s.settings().get("away_message");
  std::string message(trim(a.get("MESSAGE")));
  bool psm_wanted = !message.empty() && (where == "psm" || where == "both");
  bool psm = psm_wanted && ns->version() >= 11;
  bool reply = !message.empty() && (where == "reply" || where == "both");
  AwayState::Before before{.status = ns->status()};
  if (psm) before.psm = ns->psm();
  s.away().go_away(std::move(before), message, reply);
  ns->set_status(Status::Away);
  if (psm) ns->set_psm(message);
  std::string said = "you are away (status away)";
  if (psm) said += "; personal message \"" + message + "\"";
  if (psm_wanted && !psm) said += "; no personal message before MSNP11";
  if (reply)
    said += "; each person who writes gets \"" + std::string(AwayState::k_reply_prefix) + message +
            "\" once";
  s.notice(said + "; /back returns");
}

void come_back(CommandServices& s) {
  auto before = s.away().come_back();
  if (!before) return s.report_error("/back: you are not away (see /away)");
  NsSession* ns = s.session();
  ns->set_status(before->status);
  std::string said = "welcome back: status " + std::string(status_name(before->status));
  if (before->psm) {
    ns->set_psm(*before->psm);
    said += before->psm->empty() ? ", personal message cleared"
                                 : ", personal message \"" + *before->psm + "\" again";
  }
  s.notice(said);
}

}  // namespace

void register_away_commands(CommandTable& table, CommandServices& s) {
  table.set_topic("session");
  table.add({.name = "away",
             .params = {where_param(), Param::text("MESSAGE", 387).optional()},
             .flags = {.needs_session = true},
             .summary = "set yourself away, with a message",
             .help = "Sets your status to away. MESSAGE goes into your personal message, into an "
                     "auto-reply (each person who writes to you gets \"auto-reply: MESSAGE\" "
                     "once), or both: the away_message setting decides (psm, reply or both), or "
                     "-psm, -reply, -both for this once. /back puts back the status and the "
                     "personal message you had before.",
             .examples = {"/away lunch, back at 2", "/away -reply in a meeting"},
             .run = [&s](const CommandArgs& a, CommandSource) { go_away(s, a); }});
  table.add({.name = "back",
             .flags = {.needs_session = true},
             .summary = "end /away",
             .help = "Puts back the status and the personal message you had before /away and "
                     "stops the auto-reply.",
             .run = [&s](const CommandArgs&, CommandSource) { come_back(s); }});
}

}  // namespace msntty
