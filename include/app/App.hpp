#pragma once
// The application: owns the loop, the settings, the model and the connections, and wires protocol
// events to the model and the typed event bus (AppEvent.hpp), and commands to the sessions. ui/ and
// ctl/ see it only as a Client (Client.hpp); main.cpp is the one place that knows it is an App.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/AutoAway.hpp"
#include "app/AwayState.hpp"
#include "app/ChatLog.hpp"
#include "app/Chats.hpp"
#include "app/Client.hpp"
#include "app/CommandRunner.hpp"
#include "app/CommandServices.hpp"
#include "app/CommandTable.hpp"
#include "app/ContactSync.hpp"
#include "app/DebugLog.hpp"
#include "app/EventBus.hpp"
#include "app/Frontend.hpp"
#include "app/HeadlessIo.hpp"
#include "app/Highlighter.hpp"
#include "app/InputHistoryFile.hpp"
#include "app/NsConnection.hpp"
#include "app/OimInbox.hpp"
#include "app/OimJournal.hpp"
#include "app/OimOutbox.hpp"
#include "app/Options.hpp"
#include "app/SessionWait.hpp"
#include "app/Settings.hpp"
#include "app/UserConfig.hpp"
#include "model/ContactList.hpp"
#include "model/Conversations.hpp"
#include "model/IgnoreList.hpp"
#include "net/HttpClient.hpp"
#include "net/Reactor.hpp"
#include "net/Resolver.hpp"
#include "net/Transport.hpp"

namespace msntty {

class App final : public Client, public CommandServices {
 public:
  explicit App(Options options);
  ~App() override;
  int run();  // the exit status
  // Gives the terminal back (frontend stopped) and drains headless stdout (2 s at most). run()
  // ends with it; main calls it again when an exception escapes run(). Safe to call twice.
  void shutdown();

  // --- Client (see Client.hpp)
  void execute(std::string_view line, CommandSource source) override;
  // While it runs, App keeps a "command context" (m_command_result): the first report_error()
  // during the call becomes its result (the error event is still emitted as usual).
  CommandResult execute_for_result(std::string_view line, CommandSource source) override;
  CommandTable& command_table() override { return m_commands; }
  void report_error(const std::string& text) override;
  void notice(const std::string& text) override;
  void quit() override;
  Settings& settings() override { return m_settings; }
  const ContactList& contacts() const override { return m_contacts; }
  const Conversations& conversations() const override { return m_conversations; }
  void mark_read(uint64_t conversation) override;
  uint64_t focus() const override { return m_conversations.focus(); }
  void set_focus(uint64_t conversation) override { m_conversations.set_focus(conversation); }
  void send_text(uint64_t conversation, const std::string& text) override;
  void send_typing(uint64_t conversation) override;
  const IgnoreList& ignores() const override { return m_ignores; }
  const TextMatcher& highlights() override;
  EventBus& events() override { return m_events; }
  net::Reactor& reactor() override { return m_reactor; }
  InputHistoryFile* input_history_file() override;
  bool carries_secret(std::string_view line) const override;

  // Runs once in run() after signing in has started, before the loop. main.cpp starts the
  // scripting interface here: ctl/ depends on app/, so App cannot know it.
  void on_started(std::function<void()> hook) { m_on_started = std::move(hook); }
  // The interactive UI (see Frontend.hpp); without one the App runs headless. Set before run().
  void set_frontend(Frontend* frontend) { m_frontend = frontend; }
  // The user pressed a key or ran a command: resets auto-away (and undoes it).
  void user_active();

  ContactList& contacts() { return m_contacts; }
  const CommandTable& commands() const { return m_commands; }
  NsSession* session() override;  // null unless signed in
  Chats& chats() { return *m_chats; }
  // The conversation plain text goes to (see CommandServices): the command's -c, else the
  // focus (the interface's window), else, headless, the one with the latest activity.
  Conversation* current_conversation() override;
  Conversation* find_conversation(uint64_t id) override { return m_conversations.find(id); }

 private:
  bool open_debug_log();
  // --- what the command modules may use (CommandServices, AppServices.cpp)
  NsSession* connection() override;
  AddressBook* address_book() override;
  ChatLog* log() override;
  ev::Privacy privacy() const override { return m_sync.privacy(); }
  ev::Contact contact_event(const Contact& c) const override { return m_sync.contact_event(c); }
  Conversation& open_conversation(const std::string& email) override;
  Scope enter(Scope scope) override;
  void script_activity(Conversation& c);
  void send_text(Conversation& c, const std::string& text) override;
  void send_action(Conversation& c, const std::string& body) override;
  void send_nudge(Conversation& c) override;
  IgnoreList& ignores() override { return m_ignores; }
  AwayState& away() override { return m_away_state; }
  void invite(Conversation& c, const std::string& email) override;
  void close_conversation(Conversation& c) override;
  bool resend(Conversation& c, uint64_t id, std::string& error) override;
  size_t show_history(Conversation& c,
                      size_t n) override;  // emits `history` events; returns the count
  void emit(const AppEvent& event) override;
  bool wait_for_session(const std::string& what, std::function<void()> run) override;
  void connect() override;
  void disconnect() override;

  void start_headless();
  bool sign_in();
  // TCP connections for the NS ("ns") or switchboards ("sb"), tapped into the debug log if open.
  net::TransportFactory transports(const std::string& kind);
  void on_ns_event(ns::Event& e);
  void on_signed_in(const ns::SignedIn& s);
  void on_ns_error(const ns::Error& err);
  NsConfig ns_config() const;
  bool machine_guid_ready();
  bool ends_with(const NsLink::Loss& loss, bool retrying) const;
  void on_ns_lost(const NsLink::Loss& loss, std::optional<std::chrono::milliseconds> retry);
  void on_mail(const ns::MailNotice& m);
  std::string run_quietly(const CommandSpec& spec, const CommandArgs& args);  // config lines
  AutoAway::Session away_session();
  OimOutbox::Hooks outbox_hooks();
  void open_log();
  void open_inbox();  // offline messages (AppOim.cpp)
  Result<> deliver_offline(const oim::StoredMessage& m);
  void log_line(Conversation& c, const ChatLine& line);

  Options m_options;
  std::shared_ptr<DebugLog> m_debug;      // -v / --debug; taps hold it too, so it outlives them
  EventBus::Subscription m_debug_events;  // every event, as JSON, into the debug log
  net::Reactor m_reactor;
  net::Resolver m_resolver;
  net::HttpClient m_http;
  Settings m_settings;
  ContactList m_contacts;
  Conversations m_conversations;
  IgnoreList m_ignores;
  AwayState m_away_state;
  EventBus m_events;
  ContactSync m_sync{m_contacts, m_events};
  CommandTable m_commands;
  CommandRunner m_runner{m_commands, *this};
  std::unique_ptr<NsConnection> m_ns;
  SessionWait m_waiting{m_reactor, m_settings, [this](const std::string& t) { report_error(t); }};
  bool m_ever_signed_in = false;
  // Who we were before a loss, to put back after the next sign-in (NsConnection carries the
  // status and personal message itself): the nickname and the privacy settings.
  std::string m_own_nick;
  Highlighter m_highlighter;
  // The contact and code of the last NS error about a contact: the same again is not said twice.
  // Cleared by each command line, so trying again is answered again.
  std::pair<std::string, int> m_last_ns_error;
  std::optional<ev::Privacy> m_privacy_before;
  net::Reactor::Timer m_resync_timer;  // presence not confirmed after a sign-in again: offline
  std::unique_ptr<Chats> m_chats;
  // After m_chats: gone first, so that no answer reaches Chats after it.
  std::unique_ptr<OimOutbox> m_outbox;
  std::unique_ptr<ChatLog> m_log;
  Result<> m_log_last;                      // of the last line appended (deliver_offline asks)
  bool m_log_failing = false;               // said once until a line is written again
  std::optional<OimJournal> m_oim_journal;  // the offline messages already shown
  std::optional<InputHistoryFile> m_input_history_file;  // the account's, once asked for
  std::unique_ptr<OimInbox> m_inbox;
  std::unique_ptr<UserConfig> m_config;
  net::Reactor::Hook m_log_sync;
  AutoAway::ReactorClock m_away_clock{m_reactor};
  AutoAway m_away{m_away_clock, m_settings, away_session()};
  std::unique_ptr<HeadlessIo> m_headless;  // --headless: stdin commands, stdout events
  std::optional<std::string> m_password;
  std::string m_machine_guid;  // MSNP16+: this installation's place (app/MachineGuid)
  // --- frontend (ui/): begin
  bool start_frontend();
  void read_terminal();
  Frontend* m_frontend = nullptr;
  net::Reactor::Watch m_terminal_input;
  net::Reactor::Hook m_refresh;
  // --- frontend (ui/): end
  int m_exit_code = 0;
  bool m_quitting = false;
  CommandResult* m_command_result = nullptr;  // scripting: the command execute_for_result runs
  Scope m_scope;                              // the command being run (CommandServices::enter)
  bool m_quiet_errors = false;                // config lines: errors become warnings, not events
  std::function<void()> m_on_started;         // scripting: see on_started()
};

}  // namespace msntty
