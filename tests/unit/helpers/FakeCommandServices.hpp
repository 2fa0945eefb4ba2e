#pragma once
// A CommandServices that records what command handlers do, for the command modules' unit tests:
// a contact list and settings to read, conversations that exist only here, and the notices,
// errors, events and conversation actions, in order, as text.
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/AwayState.hpp"
#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"
#include "app/Settings.hpp"
#include "model/IgnoreList.hpp"

namespace msntty::test {

class FakeCommandServices : public CommandServices {
 public:
  Settings settings_;
  ContactList contacts_;
  std::vector<std::unique_ptr<Conversation>> conversations;
  Conversation* current = nullptr;
  std::vector<std::string> done;  // "send bob@example.com: hi", "notice: ...", "error: ..."
  std::vector<AppEvent> events;
  IgnoreList ignores_;
  AwayState away_;
  bool quitting = false;
  bool signing_in = false;                     // wait_for_session() accepts
  std::vector<std::function<void()>> waiting;  // what it accepted

  Settings& settings() override { return settings_; }
  const ContactList& contacts() const override { return contacts_; }
  NsSession* ns = nullptr;  // a signed-in session, for the commands that need one
  NsSession* session() override { return ns; }
  NsSession* connection() override { return ns; }
  AddressBook* address_book() override { return nullptr; }
  Conversation* current_conversation() override {
    return scope.conversation ? find_conversation(scope.conversation) : current;
  }
  Conversation* find_conversation(uint64_t id) override {
    for (auto& c : conversations)
      if (c->id() == id) return c.get();
    return nullptr;
  }
  Scope scope;
  std::vector<Scope> scopes;  // every scope a command ran in
  Scope enter(Scope s) override {
    if (s.conversation) scopes.push_back(s);
    return std::exchange(scope, s);
  }
  ChatLog* log() override { return nullptr; }
  ev::Privacy privacy() const override { return {}; }
  ev::Contact contact_event(const Contact& c) const override {
    return ev::Contact{.contact = c.email};
  }

  Conversation& open_conversation(const std::string& email) override {
    for (auto& c : conversations)
      if (c->wanted() == std::vector<std::string>{email}) return *(current = c.get());
    conversations.push_back(
        std::make_unique<Conversation>(conversations.size() + 1, std::vector<std::string>{email}));
    done.push_back("open " + email);
    return *(current = conversations.back().get());
  }
  void send_text(Conversation& c, const std::string& text) override {
    done.push_back("send " + c.wanted()[0] + ": " + text);
  }
  void send_action(Conversation& c, const std::string& body) override {
    done.push_back("action " + c.wanted()[0] + ": " + body);
  }
  void send_nudge(Conversation& c) override { done.push_back("nudge " + c.wanted()[0]); }
  IgnoreList& ignores() override { return ignores_; }
  AwayState& away() override { return away_; }
  void invite(Conversation& c, const std::string& email) override {
    done.push_back("invite " + email + " to " + c.wanted()[0]);
  }
  void close_conversation(Conversation& c) override {
    done.push_back("close " + c.wanted()[0]);
    current = nullptr;
  }
  bool resend(Conversation& c, uint64_t id, std::string& error) override {
    done.push_back("resend " + c.wanted()[0] + " " + std::to_string(id));
    error = "nothing to resend";
    return false;
  }
  size_t show_history(Conversation&, size_t) override { return 0; }
  bool wait_for_session(const std::string& what, std::function<void()> run) override {
    if (!signing_in) return false;
    done.push_back("waits: " + what);
    waiting.push_back(std::move(run));
    return true;
  }
  void connect() override { done.push_back("connect"); }
  void disconnect() override { done.push_back("disconnect"); }
  void emit(const AppEvent& e) override { events.push_back(e); }
  void notice(const std::string& text) override { done.push_back("notice: " + text); }
  void report_error(const std::string& text) override { done.push_back("error: " + text); }
  void quit() override { quitting = true; }
};

}  // namespace msntty::test
