// App: what the command modules may use of it (CommandServices), each a line or two over the
// model, the conversations, the session and the log.
#include "app/App.hpp"

#include <utility>

#include "app/ActionText.hpp"
#include "util/Strings.hpp"

namespace msntty {

AddressBook* App::address_book() {
  return m_ns ? m_ns->address_book() : nullptr;
}

NsSession* App::connection() {
  return m_ns ? m_ns->connection() : nullptr;
}

bool App::wait_for_session(const std::string& what, std::function<void()> run) {
  if (!m_ns || !m_ns->expecting_sign_in()) return false;  // m_ns null: the config file
  notice(what + " waits for the sign-in");
  m_waiting.add(what, std::move(run));
  return true;
}

void App::connect() {
  if (m_ns) m_ns->connect();
}

void App::disconnect() {
  if (!m_ns || m_ns->state() == NsConnection::State::Offline)
    return report_error("/disconnect: not connected");
  m_ns->disconnect();
}

ChatLog* App::log() {
  return m_log.get();
}

Conversation* App::current_conversation() {
  if (m_scope.conversation) return m_conversations.find(m_scope.conversation);
  return m_frontend ? m_conversations.focused() : m_conversations.latest();
}

Conversation& App::open_conversation(const std::string& email) {
  // A script that answers bob answers where bob is talking to it, a group chat included; what
  // the user types to one contact stays private to that contact, as irssi's /msg does.
  if (from_script(m_scope.source)) {
    Conversation& c = m_chats->conversation_for(email);
    script_activity(c);
    return c;
  }
  Conversation& c = m_chats->conversation_with(email);
  m_conversations.set_focus(c.id());
  return c;
}

CommandServices::Scope App::enter(Scope scope) {
  if (from_script(scope.source) && scope.conversation)
    if (Conversation* c = m_conversations.find(scope.conversation)) script_activity(*c);
  return std::exchange(m_scope, scope);
}

// What a script did shows in the window list like a message does, and headless it makes that
// conversation the current one; the focus and the input line stay the user's.
void App::script_activity(Conversation& c) {
  c.raise_activity(Activity::Message);
  m_conversations.touch(c.id());
}

// White space alone is no message (a stray Enter after a space, an empty pasted line).
void App::send_text(Conversation& c, const std::string& text) {
  if (trim(text).empty()) return report_error("nothing to send: the message is only white space");
  m_chats->send_text(c, text);
}

void App::send_action(Conversation& c, const std::string& body) {
  const std::string& nick = m_own_nick.empty() ? m_settings.get("account") : m_own_nick;
  m_chats->send_text(c, action_wire_text(nick, body), body);
}

void App::send_nudge(Conversation& c) {
  m_chats->send_nudge(c);
}

void App::invite(Conversation& c, const std::string& email) {
  m_chats->invite(c, email);
}

void App::close_conversation(Conversation& c) {
  m_chats->close(c);
}

bool App::resend(Conversation& c, uint64_t id, std::string& error) {
  return m_chats->resend(c, id, error);
}

void App::emit(const AppEvent& event) {
  m_events.emit(event);
}

}  // namespace msntty
