#pragma once
// The application: owns the loop, the settings, the model and the connections, and wires protocol
// events to the model and the event stream, and commands to the sessions.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/Chats.hpp"
#include "app/CommandTable.hpp"
#include "app/EventSink.hpp"
#include "app/NsLink.hpp"
#include "app/Options.hpp"
#include "app/Settings.hpp"
#include "model/ContactList.hpp"
#include "net/FdWriter.hpp"
#include "net/HttpClient.hpp"
#include "net/LineReader.hpp"
#include "net/Reactor.hpp"
#include "net/Resolver.hpp"

namespace msntty {

class App {
 public:
  explicit App(Options options);
  ~App();
  int run();  // the exit status

  void execute(std::string_view line, CommandSource source);
  // An error the user caused (bad command, bad argument): an `error` event with code 0.
  void report_error(const std::string& text);
  void notice(const std::string& text);
  void quit();

  net::Reactor& reactor() { return m_reactor; }
  Settings& settings() { return m_settings; }
  ContactList& contacts() { return m_contacts; }
  EventSink& events() { return m_events; }
  const CommandTable& commands() const { return m_commands; }
  NsSession* session();  // null unless signed in
  Chats& chats() { return *m_chats; }
  // The conversation plain text goes to: the UI's current window, or the last one /msg used.
  Conversation* current_conversation();
  void set_current_conversation(uint64_t id) { m_current = id; }

 private:
  bool load_config(std::string& error);
  void start_headless();
  bool sign_in();
  void on_ns_event(ns::Event& e);
  void on_ns_closed(const std::string& reason, const std::string& text, int exit_code);
  void emit_contact(const Contact& c);
  void emit_presence(const Contact& c);
  void register_commands();
  void say(std::string_view text);
  void register_chat_commands();
  Conversation* conversation_or_error(std::string_view command);

  Options m_options;
  net::Reactor m_reactor;
  net::Resolver m_resolver;
  net::HttpClient m_http;
  Settings m_settings;
  ContactList m_contacts;
  EventSink m_events;
  CommandTable m_commands;
  std::unique_ptr<NsLink> m_ns;
  std::unique_ptr<Chats> m_chats;
  uint64_t m_current = 0;
  std::unique_ptr<net::FdWriter> m_stdout;
  std::unique_ptr<net::LineReader> m_stdin;
  std::optional<std::string> m_password;
  int m_exit_code = 0;
  bool m_quitting = false;
};

}  // namespace msntty
