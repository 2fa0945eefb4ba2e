#pragma once
// What the command modules (CoreCommands, ChatCommands, ListCommands, LogCommands) may use of the
// application, and nothing more: state to read, the few actions commands take, and ways to tell
// the user. App implements it; tests/unit/helpers/FakeCommandServices.hpp records what a handler
// did, so each module is tested without sockets, a loop or a terminal.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "app/AppEvent.hpp"
#include "app/CommandSpec.hpp"
#include "model/ContactList.hpp"
#include "model/Conversation.hpp"

namespace msntty {

class AddressBook;
class AwayState;
class ChatLog;
class IgnoreList;
class NsSession;
class Settings;

class CommandServices {
 public:
  virtual ~CommandServices() = default;

  // --- what there is
  virtual Settings& settings() = 0;
  virtual const ContactList& contacts() const = 0;
  virtual NsSession* session() = 0;     // null unless signed in
  virtual NsSession* connection() = 0;  // the session while it signs in too; null before connecting
  // Signed in at MSNP13+: the list commands' SOAP half goes here; null otherwise.
  virtual AddressBook* address_book() = 0;
  // The conversation the command at hand acts on: the one its -c named, else the focus (the
  // interface's window), else, headless, the one with the most recent activity.
  virtual Conversation* current_conversation() = 0;
  virtual Conversation* find_conversation(uint64_t id) = 0;  // null when none has that id
  virtual ChatLog* log() = 0;                                // null when logs are unavailable
  virtual ev::Privacy privacy() const = 0;                   // as the server last confirmed it
  virtual ev::Contact contact_event(
      const Contact& c) const = 0;    // a `contact` event for this entry
  virtual IgnoreList& ignores() = 0;  // /ignore
  virtual AwayState& away() = 0;      // /away, /back

  // --- the command being run: CommandRunner enters its scope around each handler
  struct Scope {
    CommandSource source = CommandSource::User;
    uint64_t conversation = 0;  // what it acts on (-c, or the current one then); 0: none
  };
  // Returns the scope it replaces. A script's command marks activity in its conversation.
  virtual Scope enter(Scope scope) = 0;

  // --- conversations
  // Where /msg CONTACT goes: typed, the one-to-one conversation (Chats::conversation_with),
  // made current; from a script, Chats::conversation_for (a group chat too), marked active.
  virtual Conversation& open_conversation(const std::string& email) = 0;
  virtual void send_text(Conversation& c, const std::string& text) = 0;
  // /me: `body` as an action (app/ActionText), under the user's display name.
  virtual void send_action(Conversation& c, const std::string& body) = 0;
  virtual void send_nudge(Conversation& c) = 0;
  virtual void invite(Conversation& c, const std::string& email) = 0;
  virtual void close_conversation(
      Conversation& c) = 0;  // the most recent other one becomes current
  virtual bool resend(Conversation& c, uint64_t id,
                      std::string& error) = 0;                     // id 0: the last failed
  virtual size_t show_history(Conversation& c, size_t lines) = 0;  // the count shown

  // --- the connection
  // A sign-in is under way or will follow by itself: keep `run` until it has succeeded (then
  // call it), or fail it with an error naming `what` after offline_queue_timeout. False when
  // no sign-in is coming (after /disconnect or a final loss): the caller says so.
  virtual bool wait_for_session(const std::string& what, std::function<void()> run) = 0;
  virtual void connect() = 0;     // /connect and /reconnect: sign in now
  virtual void disconnect() = 0;  // /disconnect: sign out and stay offline

  // --- telling
  virtual void emit(const AppEvent& event) = 0;
  virtual void notice(const std::string& text) = 0;
  virtual void report_error(const std::string& text) = 0;  // an error the user caused (code 0)
  virtual void quit() = 0;
};

}  // namespace msntty
