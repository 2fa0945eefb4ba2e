// Ui: the interface's own commands. Keys run these (see KeyBindings), and a user can type them
// too: /win 3, /scroll top, /pane toggle, /bind M-x /nudge.
#include "ui/Ui.hpp"

#include <csignal>

#include "util/Strings.hpp"

namespace msntty::ui {
namespace {

int page_of(int rows) {
  return std::max(1, rows - 2);
}

}  // namespace

// The commands are declared in app/ (InterfaceCommands), with their parameters: arguments arrive
// here parsed and checked, keys already in their canonical spelling.
void Ui::register_commands() {
  CommandTable& t = m_app.command_table();
  t.set_resolver(ParamKind::Key, [](std::string_view text, std::string& error) {
    auto key = normalize_key_name(text);
    if (!key) error = "\"" + std::string(text) + "\" is not a key name (e.g. C-x, M-a, F5, PageUp)";
    return key.value_or("");
  });
  t.set_handler("win", [this](const CommandArgs& a, CommandSource) { cmd_win(a.get("N")); });
  t.set_handler("window", [this](const CommandArgs& a, CommandSource) { cmd_window(a); });
  t.set_handler("clear", [this](const CommandArgs& a, CommandSource) { cmd_clear(a.has("ALL")); });
  // Through the loop's signal handling, like a SIGTSTP from outside: the App gives the terminal
  // back, stops the job and, once continued, has everything redrawn (App::suspend).
  t.set_handler("suspend", [](const CommandArgs&, CommandSource) { std::raise(SIGTSTP); });
  t.set_handler(
      "bind", [this](const CommandArgs& a, CommandSource) { cmd_bind(a, false); },
      [this] { return m_bindings.changes(); });
  t.set_handler("unbind", [this](const CommandArgs& a, CommandSource) { cmd_bind(a, true); });
  t.set_handler("input",
                [this](const CommandArgs& a, CommandSource) { cmd_input(a.get("ACTION")); });
  t.set_handler("scroll", [this](const CommandArgs& a, CommandSource) {
    cmd_scroll(a.get("WHERE"), a.number("N", 1));
  });
  t.set_handler("pane", [this](const CommandArgs& a, CommandSource) { cmd_pane(a.get("WHAT")); });
  t.set_handler("lastlog", [this](const CommandArgs& a, CommandSource) { cmd_lastlog(a); });
  t.set_handler("url", [this](const CommandArgs& a, CommandSource) { cmd_url(a); });
  t.set_handler("redraw", [this](const CommandArgs&, CommandSource) {
    m_term.invalidate();
    m_dirty |= kAll | kLayout;
  });
}

void Ui::cmd_win(std::string_view args) {
  if (args.empty()) {
    for (std::size_t i = 0; i < m_windows.size(); ++i)
      to_window(m_windows.current(), std::to_string(i + 1) + ": " + window_name(m_windows.at(i)),
                LineRole::Notice);
    return;
  }
  if (args == "next") return switch_to((m_windows.current_index() + 1) % m_windows.size());
  if (args == "prev")
    return switch_to((m_windows.current_index() + m_windows.size() - 1) % m_windows.size());
  if (args == "status") return switch_to(0);
  if (args == "active") {
    auto i = m_windows.most_active([this](ChatWindow& w) { return activity_of(w); });
    if (i) switch_to(*i);
    return;
  }
  auto n = parse_u32(args);
  if (!n || *n == 0)
    return m_app.report_error("/win takes a window number, next, prev, active or status");
  if (*n > m_windows.size()) return m_app.report_error("there is no window " + std::string(args));
  switch_to(*n - 1);
}

void Ui::cmd_window(const CommandArgs& a) {
  const std::string& verb = a.get("VERB");
  if (verb == "list") return cmd_win("");
  if (verb == "next" || verb == "prev") return cmd_win(verb);
  if (verb == "goto") return window_goto(std::string(trim(a.get("WINDOW"))));
  if (verb == "move") return window_move(a.get("TO"));
  if (verb == "close") {
    std::size_t index =
        a.has("N") ? static_cast<std::size_t>(a.number("N")) - 1 : m_windows.current_index();
    if (index >= m_windows.size())
      return m_app.report_error("there is no window " + std::to_string(index + 1));
    if (index == 0) return m_app.report_error("the status window cannot be closed");
    switch_to(index);
    return run_line("/close");
  }
}

void Ui::window_goto(const std::string& target) {
  if (target == "active" || target == "status") return cmd_win(target);
  if (parse_u32(target)) return cmd_win(target);
  for (std::size_t i = 0; i < m_windows.size(); ++i) {
    ChatWindow& w = m_windows.at(i);
    bool match = starts_with_icase(window_name(w), target);
    if (const Conversation* c = conversation_of(w))
      for (const auto& email : c->wanted()) match = match || starts_with_icase(email, target);
    if (match) return switch_to(i);
  }
  m_app.report_error("no window matches \"" + target + "\" (see /window list)");
}

void Ui::window_move(const std::string& to) {
  std::size_t from = m_windows.current_index(), last = m_windows.size() - 1;
  if (from == 0) return m_app.report_error("the status window stays window 1");
  std::size_t place = to == "left"    ? std::max<std::size_t>(1, from - 1)
                      : to == "right" ? std::min(last, from + 1)
                      : to == "first" ? 1
                      : to == "last"  ? last
                                      : parse_u32(to).value_or(0) - 1;
  if (place == 0 && parse_u32(to)) return m_app.report_error("the status window stays window 1");
  if (!m_windows.move(from, place))
    return m_app.report_error("there is no window " + to + " (see /window list)");
  m_dirty |= kAll;
  m_app.notice("moved " + window_name(m_windows.current()) + " to window " +
               std::to_string(place + 1));
}

void Ui::cmd_clear(bool all) {
  for (std::size_t i = 0; i < m_windows.size(); ++i)
    if (all || i == m_windows.current_index()) m_windows.at(i).scrollback().clear();
  m_dirty |= kChat;
  m_app.notice(all ? "every window cleared (the logs keep the conversations: /history)"
                   : "window cleared (the log keeps the conversation: /history)");
}

void Ui::cmd_bind(const CommandArgs& a, bool unbind) {
  KeyContext context = a.has("CONTEXT") ? KeyContext::Contacts : KeyContext::Input;
  const std::string& key = a.get("KEY");
  if (key.empty()) {
    list_bindings(KeyContext::Input);
    return list_bindings(KeyContext::Contacts);
  }
  if (unbind) {
    if (!m_bindings.unbind(context, key)) return m_app.report_error(key + " is not bound");
    return m_app.notice(key + " unbound");
  }
  if (!a.has("COMMAND")) {
    const std::string* now = m_bindings.lookup(context, key);
    return m_app.notice(key + (now ? " runs " + *now : " is not bound"));
  }
  m_bindings.bind(context, key, a.get("COMMAND"));
  m_app.notice(key + " now runs " + a.get("COMMAND"));
}

void Ui::list_bindings(KeyContext context) {
  for (const auto& [key, command] : m_bindings.list(context)) {
    std::string label = context == KeyContext::Input ? key : "-contacts " + key;
    m_app.notice(label + std::string(label.size() < 16 ? 16 - label.size() : 1, ' ') + command);
  }
}

void Ui::cmd_input(std::string_view action) {
  if (action == "enter") return submit();
  if (action == "complete" || action == "complete-back") return complete(action == "complete-back");
  if (action == "escape") {
    m_completer.reset();
    if (m_contacts_focus) m_contacts_focus = false, m_dirty |= kContacts | kStatus;
    return;
  }
  if (action == "search") return start_search();
  if (action == "history-up" || action == "history-down")
    return history_step(action == "history-up");
  if (!edit(action))
    return m_app.report_error("/input: unknown action \"" + std::string(action) + "\"");
}

// The editing actions proper. Returns false only for an unknown action.
bool Ui::edit(std::string_view action) {
  std::string before = m_editor.text();
  if (action == "backspace")
    m_editor.delete_backward();
  else if (action == "delete")
    m_editor.delete_forward();
  else if (action == "left")
    m_editor.move_left();
  else if (action == "right")
    m_editor.move_right();
  else if (action == "home")
    m_editor.home();
  else if (action == "end")
    m_editor.end();
  else if (action == "word-left")
    m_editor.word_left();
  else if (action == "word-right")
    m_editor.word_right();
  else if (action == "kill-word")
    m_editor.kill_word_backward();
  else if (action == "kill-alnum-word")
    m_editor.kill_alnum_word_backward();
  else if (action == "kill-word-forward")
    m_editor.kill_word_forward();
  else if (action == "kill-to-start")
    m_editor.kill_to_start();
  else if (action == "kill-to-end")
    m_editor.kill_to_end();
  else if (action == "yank")
    m_editor.yank();
  else if (action == "transpose")
    m_editor.transpose();
  else if (action == "clear")
    m_editor.clear();
  else
    return false;
  if (m_editor.text() != before) edited();
  m_dirty |= kInput;
  return true;
}

void Ui::cmd_scroll(std::string_view what, int64_t rows) {
  Scrollback& sb = m_windows.current().scrollback();
  int n = static_cast<int>(rows);
  int page = page_of(chat_rows());
  if (what == "page-up")
    sb.scroll_up(page);
  else if (what == "page-down")
    sb.scroll_down(page);
  else if (what == "up")
    sb.scroll_up(n);
  else if (what == "down")
    sb.scroll_down(n);
  else if (what == "top")
    sb.to_top();
  else if (what == "bottom")
    sb.to_bottom();
  m_dirty |= kChat;
}

void Ui::cmd_pane(std::string_view what) {
  Settings& s = m_app.settings();
  int width = s.get_int("contacts_width");
  auto page = [this] { return page_of(m_layout.contacts.h); };
  if (what == "toggle")
    s.set("contacts_pane", s.get_bool("contacts_pane") ? "off" : "on");
  else if (what == "show")
    s.set("contacts_pane", "on");
  else if (what == "hide")
    s.set("contacts_pane", "off");
  else if (what == "wider")
    s.set("contacts_width", std::to_string(width + 2));
  else if (what == "narrower")
    s.set("contacts_width", std::to_string(width - 2));
  else if (what == "up")
    m_contact_rows.move(-1);
  else if (what == "down")
    m_contact_rows.move(1);
  else if (what == "page-up")
    m_contact_rows.move(-page());
  else if (what == "page-down")
    m_contact_rows.move(page());
  else if (what == "first")
    m_contact_rows.first();
  else if (what == "last")
    m_contact_rows.last();
  else if (what == "unfocus")
    m_contacts_focus = false;
  else if (what == "focus") {
    if (!s.get_bool("contacts_pane")) s.set("contacts_pane", "on");
    sync_settings();
    if (m_dirty & kLayout) relayout();
    if (!contacts_visible())
      return m_app.report_error("the terminal is too narrow for the contact pane");
    m_contacts_focus = true;
  } else if (what == "open") {
    std::string email = m_contact_rows.selected_email();
    if (email.empty()) return m_app.report_error("no contact selected");
    m_contacts_focus = false;
    m_dirty |= kContacts;
    return run_line("/msg " + email);
  }
  m_dirty |= kContacts;
}

}  // namespace msntty::ui
