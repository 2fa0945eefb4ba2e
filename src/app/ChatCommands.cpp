#include "app/ChatCommands.hpp"

#include <cstdint>

namespace msntty {

void register_chat_commands(CommandTable& table, CommandServices& s) {
  table.set_topic("chat");
  table.add(
      {.name = "msg",
       .params = {Param::of(ParamKind::Person, "CONTACT"), Param::text().optional()},
       .summary = "send a message",
       .help = "Sends TEXT to CONTACT (an e-mail address, or a unique prefix of one or of a "
               "nickname) in your one-to-one conversation with them, opening one if need be, and "
               "makes it the current one. From a script, without a one-to-one conversation it "
               "goes to the group conversation they are in (of several, the one with the latest "
               "activity), it marks activity there and the focus stays. A message typed before "
               "the contact "
               "has joined waits and is sent once they have; if it cannot be delivered it is "
               "reported failed with the reason.",
       .examples = {"/msg bob@example.com hello", "/msg bob"},
       .run = [&s](const CommandArgs& a, CommandSource) {
         Conversation& c = s.open_conversation(a.get("CONTACT"));
         if (a.has("TEXT")) return s.send_text(c, a.get("TEXT"));
         // Nothing sent: say where the next line goes, so the command is not silent.
         const std::string& email = a.get("CONTACT");
         const Contact* who = s.contacts().find(email);
         std::string name = who && who->nick != email ? who->nick + " <" + email + ">" : email;
         s.notice("conversation with " + name + ": what you type now goes to them");
       }});
  table.add({.name = "say",
             .params = {Param::text()},
             .flags = {.needs_conversation = true},
             .summary = "send to the current conversation",
             .help = "Sends TEXT to the current conversation (what typing a line without a "
                     "slash does).",
             .run = [&s](const CommandArgs& a, CommandSource) {
               s.send_text(*s.current_conversation(), a.get("TEXT"));
             }});
  table.add({.name = "me",
             .params = {Param::text()},
             .flags = {.needs_conversation = true},
             .summary = "send an action (/me waves)",
             .help = "Sends TEXT as an action to the current conversation. MSN has no action "
                     "messages: it goes out as \"* YOURNAME TEXT\", which every client shows "
                     "sensibly, and msntty shows such a message (or \"/me TEXT\") as an action.",
             .examples = {"/me waves"},
             .run = [&s](const CommandArgs& a, CommandSource) {
               s.send_action(*s.current_conversation(), a.get("TEXT"));
             }});
  table.add({.name = "query",
             .params = {Param::of(ParamKind::Person, "CONTACT")},
             .summary = "open a conversation window without sending",
             .help = "Opens a conversation with CONTACT (or goes to the open one) and makes it "
                     "the current one, without sending anything: what you type next goes there.",
             .examples = {"/query bob"},
             .run = [&s](const CommandArgs& a, CommandSource) {
               const std::string& who = a.get("CONTACT");
               s.open_conversation(who);
               const Contact* c = s.contacts().find(who);
               s.notice("talking to " + (c && c->nick != who ? c->nick + " <" + who + ">" : who) +
                        ": nothing sent yet");
             }});
  table.add({.name = "invite",
             .params = {Param::of(ParamKind::Person, "CONTACT")},
             .flags = {.needs_conversation = true},
             .summary = "bring someone into the current conversation",
             .help = "Calls CONTACT into the current conversation, making it a group chat.",
             .run = [&s](const CommandArgs& a, CommandSource) {
               s.invite(*s.current_conversation(), a.get("CONTACT"));
             }});
  table.add({.name = "nudge",
             .params = {Param::of(ParamKind::Person, "CONTACT").optional()},
             .flags = {.takes_conversation = true},
             .summary = "nudge the current conversation",
             .help = "Sends a nudge (it shakes the window of official clients) to the current "
                     "conversation, or to CONTACT's, opening one if need be.",
             .run = [&s](const CommandArgs& a, CommandSource) {
               if (a.has("CONTACT") && !s.session()) return s.report_error("/nudge: not signed in");
               Conversation* c = a.has("CONTACT") ? &s.open_conversation(a.get("CONTACT"))
                                                  : s.current_conversation();
               if (!c)
                 return s.report_error("/nudge: no conversation is open (use /msg CONTACT TEXT)");
               s.send_nudge(*c);
             }});
  table.add({.name = "close",
             .flags = {.needs_conversation = true},
             .summary = "leave the current conversation",
             .help = "Leaves the current conversation (OUT) and closes its window.",
             .run = [&s](const CommandArgs&, CommandSource) {
               s.close_conversation(*s.current_conversation());
             }});
  table.add({.name = "resend",
             .params = {Param::number("ID", 1, INT64_MAX).optional()},
             .flags = {.needs_conversation = true},
             .summary = "send a failed message again",
             .help = "Sends the last failed message of the current conversation again (or "
                     "the one with that id), on a new switchboard if need be.",
             .run = [&s](const CommandArgs& a, CommandSource) {
               std::string error;
               auto id = static_cast<uint64_t>(a.number("ID", 0));
               if (!s.resend(*s.current_conversation(), id, error)) s.report_error(error);
             }});
}

}  // namespace msntty
