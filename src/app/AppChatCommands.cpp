// App: the conversation commands.
#include "app/App.hpp"

#include "util/Strings.hpp"

namespace msntty {

Conversation* App::conversation_or_error(std::string_view command) {
  Conversation* c = current_conversation();
  if (!c) report_error("/" + std::string(command) + ": no conversation is open (use /msg CONTACT TEXT)");
  return c;
}

void App::register_chat_commands() {
  m_commands.add(
      {"msg", "/msg CONTACT TEXT", "send a message",
       "Sends TEXT to CONTACT (an e-mail address, or a unique prefix of one or of a nickname), "
       "opening a conversation if none is open, and makes it the current conversation. A message "
       "typed before the contact has joined waits and is sent once they have; if it cannot be "
       "delivered it is reported failed with the reason.", true,
       [this](std::string_view args, CommandSource) {
         auto [who, text] = split_first_word(args);
         if (who.empty()) return report_error("/msg needs a contact and a text");
         std::string email;
         auto match = m_contacts.resolve(who);
         if (match.contact) email = match.contact->email;
         else if (who.find('@') != std::string_view::npos) email = who;  // not on our list: fine
         else return report_error(match.error);
         if (!session()) return report_error("not signed in");
         Conversation& c = m_chats->conversation_with(email);
         m_current = c.id();
         if (!text.empty()) m_chats->send_text(c, std::string(text));
       }});
  m_commands.add({"say", "/say TEXT", "send to the current conversation",
                  "Sends TEXT to the current conversation (what typing a line without a slash "
                  "does).", true,
                  [this](std::string_view args, CommandSource) { say(args); }});
  m_commands.add(
      {"invite", "/invite CONTACT", "bring someone into the current conversation",
       "Calls CONTACT into the current conversation, making it a group chat.", true,
       [this](std::string_view args, CommandSource) {
         Conversation* c = conversation_or_error("invite");
         if (!c) return;
         auto match = m_contacts.resolve(trim(args));
         std::string email = match.contact ? match.contact->email : std::string(trim(args));
         if (!match.contact && email.find('@') == std::string::npos) return report_error(match.error);
         m_chats->invite(*c, email);
       }});
  m_commands.add({"nudge", "/nudge", "nudge the current conversation",
                  "Sends a nudge (it shakes the window of official clients).", true,
                  [this](std::string_view, CommandSource) {
                    if (Conversation* c = conversation_or_error("nudge")) m_chats->send_nudge(*c);
                  }});
  m_commands.add({"close", "/close", "leave the current conversation",
                  "Leaves the current conversation (OUT) and closes its window.", true,
                  [this](std::string_view, CommandSource) {
                    Conversation* c = conversation_or_error("close");
                    if (!c) return;
                    m_chats->close(*c);
                    m_current = m_chats->all().empty() ? 0 : m_chats->all().back()->id();
                  }});
  m_commands.add({"resend", "/resend [ID]", "send a failed message again",
                  "Sends the last failed message of the current conversation again (or the one "
                  "with that id), on a new switchboard if need be.", true,
                  [this](std::string_view args, CommandSource) {
                    Conversation* c = conversation_or_error("resend");
                    if (!c) return;
                    uint64_t id = 0;
                    if (!trim(args).empty()) {
                      auto n = parse_i64(trim(args));
                      if (!n || *n <= 0) return report_error("/resend takes a message id");
                      id = static_cast<uint64_t>(*n);
                    }
                    std::string error;
                    if (!m_chats->resend(*c, id, error)) report_error(error);
                  }});
}

}  // namespace msntty
