// App: the conversation commands.
#include "app/App.hpp"

#include "util/Strings.hpp"

namespace msntty {

void App::register_chat_commands() {
  m_commands.add(
      {.name = "msg",
       .params = {Param::of(ParamKind::Person, "CONTACT"), Param::text().optional()},
       .flags = {.needs_session = true},
       .summary = "send a message",
       .help = "Sends TEXT to CONTACT (an e-mail address, or a unique prefix of one or of a "
               "nickname), opening a conversation if none is open, and makes it the current "
               "conversation. A message typed before the contact has joined waits and is sent "
               "once they have; if it cannot be delivered it is reported failed with the reason.",
       .examples = {"/msg bob@example.com hello", "/msg bob"},
       .run = [this](const CommandArgs& a, CommandSource) {
         Conversation& c = m_chats->conversation_with(a.get("CONTACT"));
         m_conversations.set_focus(c.id());
         if (a.has("TEXT")) m_chats->send_text(c, a.get("TEXT"));
       }});
  m_commands.add({.name = "say",
                  .params = {Param::text()},
                  .summary = "send to the current conversation",
                  .help = "Sends TEXT to the current conversation (what typing a line without a "
                          "slash does).",
                  .run = [this](const CommandArgs& a, CommandSource) { say(a.get("TEXT")); }});
  m_commands.add({.name = "invite",
                  .params = {Param::of(ParamKind::Person, "CONTACT")},
                  .flags = {.needs_conversation = true},
                  .summary = "bring someone into the current conversation",
                  .help = "Calls CONTACT into the current conversation, making it a group chat.",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    m_chats->invite(*current_conversation(), a.get("CONTACT"));
                  }});
  m_commands.add({.name = "nudge",
                  .params = {Param::of(ParamKind::Person, "CONTACT").optional()},
                  .summary = "nudge the current conversation",
                  .help = "Sends a nudge (it shakes the window of official clients) to the current "
                          "conversation, or to CONTACT's, opening one if need be.",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    if (a.has("CONTACT") && !session()) return report_error("/nudge: not signed in");
                    Conversation* c = a.has("CONTACT") ? &m_chats->conversation_with(a.get("CONTACT")) : current_conversation();
                    if (!c) return report_error("/nudge: no conversation is open (use /msg CONTACT TEXT)");
                    m_conversations.set_focus(c->id());
                    m_chats->send_nudge(*c);
                  }});
  m_commands.add({.name = "close",
                  .flags = {.needs_conversation = true},
                  .summary = "leave the current conversation",
                  .help = "Leaves the current conversation (OUT) and closes its window.",
                  .run = [this](const CommandArgs&, CommandSource) {
                    m_chats->close(*current_conversation());   // the focus moves to the newest one left
                  }});
  m_commands.add({.name = "resend",
                  .params = {Param::number("ID", 1, INT64_MAX).optional()},
                  .flags = {.needs_conversation = true},
                  .summary = "send a failed message again",
                  .help = "Sends the last failed message of the current conversation again (or "
                          "the one with that id), on a new switchboard if need be.",
                  .run = [this](const CommandArgs& a, CommandSource) {
                    std::string error;
                    auto id = static_cast<uint64_t>(a.number("ID", 0));
                    if (!m_chats->resend(*current_conversation(), id, error)) report_error(error);
                  }});
}

}  // namespace msntty
