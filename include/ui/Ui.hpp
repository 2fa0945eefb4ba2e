#pragma once
// The curses user interface: the App's Frontend. It sees the application only as a Client: it
// reads the model and the App's typed events, turns keys into commands, and draws only what
// changed, once per loop turn.
//
// Sources: Ui.cpp (lifecycle, keys, input line), UiSync.cpp (model -> windows, dirty flags),
// UiDraw.cpp (layout and drawing), UiEvents.cpp (the App's events, bell, notify_command),
// UiCommands.cpp (/win /window /clear /suspend /bind /unbind /input /scroll /pane /redraw),
// UiSearch.cpp (/lastlog and the Ctrl-R search), UiUrls.cpp (/url), UiHistory.cpp (Up and
// Down, the input history's file).
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/Client.hpp"
#include "app/CommandSpec.hpp"
#include "app/EventBus.hpp"
#include "app/Frontend.hpp"
#include "app/FrontendTimer.hpp"
#include "app/Spawner.hpp"
#include "model/Conversation.hpp"
#include "model/Status.hpp"
#include "ui/Bars.hpp"
#include "ui/ChatWindow.hpp"
#include "ui/Completer.hpp"
#include "ui/ContactRows.hpp"
#include "ui/KeyBindings.hpp"
#include "ui/KeyNames.hpp"
#include "ui/Layout.hpp"
#include "ui/LineEditor.hpp"
#include "ui/LineStyle.hpp"
#include "ui/Paint.hpp"
#include "ui/Palette.hpp"
#include "ui/ScrollbackSearch.hpp"
#include "ui/Terminal.hpp"
#include "ui/Theme.hpp"
#include "ui/WindowList.hpp"
#include "util/InputHistory.hpp"

namespace msntty::ui {

class Ui final : public Frontend {
 public:
  Ui(Client& app, bool no_color);
  ~Ui() override;
  Ui(const Ui&) = delete;
  Ui& operator=(const Ui&) = delete;

  bool start(std::string& error) override;
  void stop() override;
  void on_input(std::string_view bytes) override;
  void on_input_closed() override;
  void on_resize() override;
  void on_suspend() override;
  void on_continue() override;
  void refresh() override;

 private:
  enum Dirty : unsigned {
    kTitle = 1,
    kContacts = 2,
    kChat = 4,
    kStatus = 8,
    kInput = 16,
    kLayout = 32,
    kAll = 63
  };

  // Ui.cpp: keys and the input line
  void drain_keys(bool timed_out);
  void handle(const KeyEvent& e);
  void run_key(const std::string& key);
  void insert_text(const std::string& text);
  void receive_paste(std::string text);
  void on_mouse(const KeyEvent& e);
  void answer_paste(bool send);
  bool answer_added_you(const std::string& key);  // true when `key` answered the question
  void submit();
  void run_line(const std::string& line);
  bool is_help(std::string_view line);
  void edited();
  void complete(bool backward);
  CompletionSources completion_sources();
  std::vector<Person> people_by_activity(const Conversation* conv);
  void spoke(const std::string& email);  // for nick completion's order
  void switch_to(std::size_t index);     // moves the focus there
  void follow_focus();
  void show(std::size_t index);

  // UiSync.cpp
  void sync();
  void sync_settings();
  void sync_windows();
  void sync_typing();
  // One shot at the next local midnight, armed again when it fires: the day-change lines of
  // open windows cost one wakeup a day, not a poll.
  void arm_midnight();
  Activity activity_of(ChatWindow& w);
  std::function<bool(const Conversation&)> hidden_conversation();
  const Conversation* conversation_of(const ChatWindow& w);
  std::string window_name(const ChatWindow& w);
  std::string contact_name(const std::string& email);
  std::size_t unread_from(const std::string& email);

  // UiDraw.cpp
  void relayout();
  void draw();
  std::string title_text();
  StatusInfo status_info();
  std::string prompt();
  bool contacts_visible() const { return !m_layout.contacts.empty(); }
  int chat_rows();

  // UiEvents.cpp
  void on_event(const AppEvent& event);
  void on_text(const std::string& text, LineRole role);  // notices and errors
  void on_signed_in(const ev::SignedIn& e);
  void on_disconnected(const ev::Disconnected& e);
  void on_mail(const ev::Mail& e);
  void on_added_you(const ev::AddedYou& e);
  void on_message(uint64_t conversation, const std::string& from, const std::string& text,
                  bool nudge, bool highlight);
  void on_presence(const ev::Presence& e);
  void to_window(ChatWindow& w, std::string text, LineRole role);
  void to_status(std::string text, LineRole role, Activity activity);
  void notify(const std::string& from, const std::string& text);

  // UiUrls.cpp
  void cmd_url(const CommandArgs& args);
  void open_url(const std::string& url);

  // UiHistory.cpp: the input history and its file
  void load_history();
  void remember(const std::string& line);
  std::string history_key(const ChatWindow& w);
  void history_step(bool older);
  void set_history_size(std::size_t lines);
  void history_changed();
  std::string save_history();  // "" or why it could not be written
  void save_history_now();     // the same, said in the status window once

  // UiSearch.cpp
  void cmd_lastlog(const CommandArgs& args);
  void start_search();
  void update_search();
  bool search_key(const std::string& key);  // true: the search took the key

  // UiCommands.cpp
  void register_commands();
  void cmd_win(std::string_view args);
  void cmd_window(const CommandArgs& args);
  void window_goto(const std::string& target);
  void window_move(const std::string& to);
  void cmd_clear(bool all);
  void cmd_bind(const CommandArgs& args, bool unbind);
  void cmd_input(std::string_view args);
  void cmd_scroll(std::string_view what, int64_t rows);
  void cmd_pane(std::string_view args);
  bool edit(std::string_view action);
  void list_bindings(KeyContext context);

  Client& m_app;
  bool m_want_colour;
  Terminal m_term;
  Palette m_palette;
  Theme m_theme;
  Layout m_layout;
  WindowPtr m_title_w, m_contacts_w, m_separator_w, m_chat_w, m_status_w, m_input_w;
  unsigned m_dirty = kAll;
  bool m_started = false;

  KeyDecoder m_decoder;
  FrontendTimer m_escape_timer;
  FrontendTimer m_typing_timer;
  FrontendTimer m_midnight_timer;
  FrontendTimer m_history_timer;  // writes the input history's file a little after a line
  KeyBindings m_bindings;
  WindowList m_windows;
  ContactRows m_contact_rows;
  LineEditor m_editor;
  Completer m_completer;
  InputHistory m_history;
  bool m_history_unsaved = false;  // changed since the file was last written
  bool m_history_failed = false;   // writing it failed: said once, not on every line
  Spawner m_spawner;
  ScrollbackSearch m_search;  // Ctrl-R
  LineEditor m_search_line;   // its query, edited in the input bar
  std::string m_paste;        // a multi-line paste waiting for Enter (send) or Esc (drop)
  // People who added us and await an answer, asked one at a time in the input bar while the
  // input line is empty (Enter: add back and allow, M-l: allow, M-b: block, Esc: later).
  std::deque<std::string> m_added_you;
  bool m_contacts_focus = false;
  bool m_in_command = false;  // notices and errors now answer the user: current window

  // Settings, cached to notice /set.
  bool m_contacts_wanted = true;
  int m_contacts_width = 24;
  std::string m_time_format;
  std::size_t m_max_lines = 0;

  // What the App's events told us.
  std::string m_own_nick;
  std::string m_own_psm;
  Status m_own_status = Status::Online;
  std::string m_connection = "connecting";
  bool m_was_signed_in = false;  // the next sign-in is a reconnection
  std::string m_farewell;        // printed on stderr once the terminal is restored
  EventBus::Subscription m_events;

  // Last drawn, to redraw bars only when they change.
  std::string m_drawn_title, m_drawn_typing;
  StatusInfo m_drawn_status;
  std::vector<TabSpot> m_tab_spots;  // where the window labels are, for mouse clicks
  std::size_t m_unread_signature = 0;
  std::map<std::string, uint64_t> m_spoke;  // lowercase e-mail -> when they last wrote (a tick)
  uint64_t m_spoke_tick = 0;
  uint64_t m_ignores_drawn = 0;  // the IgnoreList revision the contact pane shows
};

}  // namespace msntty::ui
