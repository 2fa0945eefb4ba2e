// Ui: lifecycle, keys and the input line.
#include "ui/Ui.hpp"

#include <algorithm>
#include <cstdlib>

#include "model/Status.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {
namespace {

constexpr std::chrono::milliseconds k_escape_timeout{50};

// https://no-color.org: present and not empty.
bool no_color_env() {
  const char* v = std::getenv("NO_COLOR");
  return v && *v;
}

// Without bracketed paste a pasted block arrives as text and Enter keys in one read: no one types
// "text, Enter, more text" within a single read(), so such a burst is treated as a paste and
// nothing is sent or run without consent.
bool looks_like_typed_paste(const std::vector<KeyEvent>& events) {
  bool seen_enter = false;
  for (const auto& e : events) {
    bool enter = e.kind == KeyEvent::Kind::Key && e.value == "Enter";
    if (e.kind != KeyEvent::Kind::Text && !enter) return false;
    if (e.kind == KeyEvent::Kind::Text && seen_enter) return true;
    seen_enter = seen_enter || enter;
  }
  return false;
}

KeyEvent join_as_paste(const std::vector<KeyEvent>& events) {
  KeyEvent paste{KeyEvent::Kind::Paste, {}};
  for (const auto& e : events) paste.value += e.kind == KeyEvent::Kind::Text ? e.value : "\n";
  return paste;
}

}  // namespace

Ui::Ui(Client& app, bool no_color)
    : m_app(app),
      m_want_colour(!no_color && !no_color_env()),
      m_escape_timer(app.reactor()),
      m_typing_timer(app.reactor()),
      m_midnight_timer(app.reactor()),
      m_history_timer(app.reactor()),
      m_windows(Scrollback::k_default_max_lines),
      m_spawner(app.reactor()) {
  // Subscribed before the App starts, so that nothing from sign-in on is missed.
  m_events = m_app.events().subscribe([this](const AppEvent& e) { on_event(e); });
  register_commands();
  to_window(m_windows.status(),
            "msntty " MSNTTY_VERSION
            ": /help lists the commands, F2 moves to the contact list, "
            "Alt+1..0 and Ctrl-N/Ctrl-P switch windows, /quit exits.",
            LineRole::Notice);
}

Ui::~Ui() {
  m_events.reset();
  stop();
}

bool Ui::start(std::string& error) {
  if (!m_term.start(m_want_colour, error)) return false;
  m_palette.init(m_term.colour());
  load_history();
  m_started = true;
  m_dirty = kAll | kLayout;
  arm_midnight();
  return true;
}

void Ui::stop() {
  if (!m_started) return;
  m_started = false;
  std::string unsaved = save_history();  // said once the terminal is back
  // Windows go before the screen they belong to.
  m_title_w.reset();
  m_contacts_w.reset();
  m_separator_w.reset();
  m_chat_w.reset();
  m_status_w.reset();
  m_input_w.reset();
  m_term.stop();
  if (!m_farewell.empty()) std::fprintf(stderr, "msntty: %s\n", m_farewell.c_str());
  if (!unsaved.empty()) std::fprintf(stderr, "msntty: %s\n", unsaved.c_str());
}

void Ui::on_input(std::string_view bytes) {
  m_decoder.feed(bytes);
  drain_keys(false);
}

void Ui::on_input_closed() {
  m_app.quit();
}

void Ui::on_resize() {
  m_term.update_size();
  m_term.invalidate();  // terminals reflow differently: repaint everything once
  m_dirty |= kLayout | kAll;
}

void Ui::on_suspend() {
  if (m_started) m_term.suspend();
}

void Ui::on_continue() {
  if (!m_started) return;
  m_term.resume();
  m_term.update_size();  // it may have been resized while stopped
  m_term.invalidate();
  m_dirty |= kLayout | kAll;
}

void Ui::refresh() {
  if (!m_started) return;
  sync();
  draw();
}

void Ui::drain_keys(bool timed_out) {
  std::vector<KeyEvent> events;
  while (auto e = m_decoder.next(timed_out)) events.push_back(std::move(*e));
  if (!timed_out && looks_like_typed_paste(events)) events = {join_as_paste(events)};
  for (const auto& e : events) handle(e);
  // A lone ESC (or a cut-off sequence) is resolved by a short one-shot timer, never by polling.
  if (m_decoder.pending())
    m_escape_timer.start(k_escape_timeout, [this] { drain_keys(true); });
  else
    m_escape_timer.cancel();
}

void Ui::handle(const KeyEvent& e) {
  switch (e.kind) {
    case KeyEvent::Kind::Key: return run_key(e.value);
    case KeyEvent::Kind::Text: return insert_text(e.value);
    case KeyEvent::Kind::Paste: return receive_paste(e.value);
    case KeyEvent::Kind::Mouse: return on_mouse(e);
  }
}

namespace {

bool inside(const Rect& r, int y, int x) {
  return !r.empty() && y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

constexpr int k_wheel_rows = 3;

}  // namespace

// Clicks and the wheel, mapped through the layout on screen: a window's label in the status bar
// switches to it, a contact opens its conversation, the wheel scrolls what it is over.
void Ui::on_mouse(const KeyEvent& e) {
  if (!m_paste.empty() || !m_app.settings().get_bool("mouse")) return;
  bool wheel = e.value == "WheelUp" || e.value == "WheelDown";
  int delta = e.value == "WheelUp" ? -k_wheel_rows : k_wheel_rows;
  if (inside(m_layout.chat, e.y, e.x) && wheel)
    return cmd_scroll(delta < 0 ? "up" : "down", k_wheel_rows);
  if (inside(m_layout.contacts, e.y, e.x)) {
    if (wheel) {
      m_contact_rows.move(delta);
      m_dirty |= kContacts;
      return;
    }
    if (e.value != "MouseLeft") return;
    std::size_t top = m_contact_rows.scroll_top(m_layout.contacts.h);
    if (!m_contact_rows.select(top + static_cast<std::size_t>(e.y - m_layout.contacts.y))) return;
    m_dirty |= kContacts;
    return run_line("/msg " + m_contact_rows.selected_email());
  }
  if (inside(m_layout.status, e.y, e.x) && e.value == "MouseLeft") {
    for (const TabSpot& spot : m_tab_spots)
      if (e.x >= spot.x && e.x < spot.x + spot.width)
        return switch_to(static_cast<std::size_t>(spot.number - 1));
  }
}

void Ui::run_key(const std::string& key) {
  if (!m_paste.empty()) {
    // The paste question takes only its two answers.
    if (key == "Enter")
      answer_paste(true);
    else if (key == "Esc" || key == "C-c" || key == "C-g")
      answer_paste(false);
    return;
  }
  if (m_search.active() && search_key(key)) return;
  // The question is the input bar's: keys meant for the contact pane (Enter opens the contact
  // under the cursor) never answer it.
  if (!m_added_you.empty() && m_editor.empty() && !m_contacts_focus && answer_added_you(key))
    return;
  KeyContext context = m_contacts_focus ? KeyContext::Contacts : KeyContext::Input;
  if (const std::string* command = m_bindings.lookup(context, key)) run_line(*command);
}

bool Ui::answer_added_you(const std::string& key) {
  const char* command = key == "Enter" ? "/accept "
                        : key == "M-l" ? "/allow "
                        : key == "M-b" ? "/block "
                        : key == "Esc" ? ""
                                       : nullptr;
  if (!command) return false;
  std::string email = m_added_you.front();
  m_added_you.pop_front();
  m_dirty |= kInput;
  if (*command)
    run_line(command + email);
  else
    to_status("decide later about " + email + ": /pending lists who is waiting", LineRole::Notice,
              Activity::None);
  return true;
}

void Ui::insert_text(const std::string& text) {
  if (!m_paste.empty()) return;
  if (m_search.active()) {
    m_search_line.insert(text);
    return update_search();
  }
  if (m_contacts_focus) {
    m_contacts_focus = false;  // typing means the user is back at the input line
    m_dirty |= kContacts;
  }
  m_editor.insert(text);
  edited();
}

void Ui::receive_paste(std::string text) {
  std::string clean;
  clean.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      clean += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      clean += text[i];
    }
  }
  while (!clean.empty() && clean.back() == '\n') clean.pop_back();
  if (m_search.active()) {  // a pasted query: one line
    std::replace(clean.begin(), clean.end(), '\n', ' ');
    return insert_text(utf8_repair(clean));
  }
  if (clean.find('\n') == std::string::npos) return insert_text(clean);
  m_paste = utf8_repair(clean);
  m_dirty |= kInput;
}

void Ui::answer_paste(bool send) {
  std::string text = std::move(m_paste);
  m_paste.clear();
  m_dirty |= kInput;
  if (!send) return to_window(m_windows.current(), "paste dropped", LineRole::Notice);
  const Conversation* c = conversation_of(m_windows.current());
  if (!c)
    return to_window(m_windows.current(), "no conversation here: the paste was not sent",
                     LineRole::Error);
  m_windows.current().scrollback().to_bottom();
  m_app.send_text(c->id(), text);
}

void Ui::submit() {
  std::string line = m_editor.text();
  if (line.empty()) return;
  remember(line);
  m_editor.clear();
  m_completer.reset();
  m_dirty |= kInput;
  if (!line.starts_with('/') || line.starts_with("//"))
    m_windows.current().scrollback().to_bottom();
  run_line(line);
}

void Ui::run_line(const std::string& line) {
  bool outer = m_in_command;
  m_in_command = true;
  ChatWindow& here = m_windows.current();
  uint64_t first = here.scrollback().next_id();
  bool paged = is_help(line);
  m_app.execute(line, CommandSource::User);
  // /help's answer is read from its first line, a page at a time (the "more below" marker and
  // PageDown), however little of it the terminal shows at once.
  if (paged && &here == &m_windows.current() && here.scrollback().next_id() > first) {
    here.scrollback().show_from(first);
    m_dirty |= kChat;
  }
  m_in_command = outer;
  follow_focus();  // keys that come next in this read belong to the window the command chose
}

bool Ui::is_help(std::string_view line) {
  if (!line.starts_with('/') || line.starts_with("//")) return false;
  auto [name, rest] = split_first_word(line.substr(1));
  auto found = m_app.command_table().find(name);
  return found.spec && found.spec->name == "help";
}

void Ui::edited() {
  m_dirty |= kInput;
  const Conversation* c = conversation_of(m_windows.current());
  std::string text = m_editor.text();
  // The application rate-limits the notices; commands are not "typing a message".
  if (c && !text.empty() && !text.starts_with('/')) m_app.send_typing(c->id());
}

void Ui::complete(bool backward) {
  auto done =
      m_completer.complete(m_editor.text(), m_editor.cursor_byte(), completion_sources(), backward);
  if (!done) return;
  m_editor.set_text(done->text, done->cursor);
  m_dirty |= kInput;
}

CompletionSources Ui::completion_sources() {
  CompletionSources s;
  s.commands = m_app.command_table().names();
  s.settings = m_app.settings().names();
  std::vector<std::string> online, offline;
  for (const Contact& c : m_app.contacts().contacts()) {
    auto& bucket = status_is_online(c.status) ? online : offline;
    bucket.push_back(c.email);
    if (c.nick != c.email) bucket.push_back(sanitize_for_terminal(c.nick));
  }
  // People in the conversation at hand come first.
  const Conversation* conv = conversation_of(m_windows.current());
  if (conv)
    for (const auto& email : conv->wanted()) s.contacts.push_back(email);
  s.contacts.insert(s.contacts.end(), online.begin(), online.end());
  s.contacts.insert(s.contacts.end(), offline.begin(), offline.end());
  s.people = people_by_activity(conv);
  // The first argument completes from its parameter's declaration: word lists, settings,
  // command names, groups; contacts when it names a person or is free text; nothing otherwise.
  const CommandTable& table = m_app.command_table();
  // After -c, the ids of the open conversations.
  for (const Conversation& c : m_app.conversations().all())
    s.option_values["-c"].push_back(std::to_string(c.id()));
  for (const CommandSpec& spec : table.all()) {
    auto& words = s.command_args[spec.name];
    if (spec.params.empty()) continue;
    const Param& first = spec.params.front();
    words = table.words_of(first);
    // An option comes first (/say [-c ID] TEXT): the flag, and what the next parameter takes.
    if (!first.flag.empty()) {
      words = {first.flag};
      if (spec.params.size() < 2) continue;
      const Param& next = spec.params[1];
      auto more = table.words_of(next);
      bool people = next.kind == ParamKind::Contact || next.kind == ParamKind::Person ||
                    next.kind == ParamKind::Text;
      if (more.empty() && people) more = s.contacts;
      words.insert(words.end(), more.begin(), more.end());
      continue;
    }
    // An optional word that may be left out (/help [TOPIC] [COMMAND]): the next one's words too.
    if (first.only_if_listed && spec.params.size() > 1) {
      auto next = table.words_of(spec.params[1]);
      words.insert(words.end(), next.begin(), next.end());
    }
    if (first.kind == ParamKind::Group)
      for (const auto& g : m_app.contacts().groups()) words.push_back(g.name);
    bool people = first.kind == ParamKind::Contact || first.kind == ParamKind::Person ||
                  first.kind == ParamKind::Text;
    if (words.empty() && people) s.command_args.erase(spec.name);
  }
  return s;
}

// A message's words complete people: the conversation's, then the other contacts (online before
// offline), each part with who spoke last first.
std::vector<Person> Ui::people_by_activity(const Conversation* conv) {
  auto person = [this](const std::string& email) {
    const Contact* c = m_app.contacts().find(email);
    std::string nick = c ? sanitize_for_terminal(c->nick) : std::string();
    return Person{nick.empty() ? email : nick, email};
  };
  auto last_spoke = [this](const Person& p) {
    auto it = m_spoke.find(to_lower(p.email));
    return it == m_spoke.end() ? 0 : it->second;
  };
  auto by_activity = [&](std::vector<Person>& part) {
    std::stable_sort(part.begin(), part.end(), [&](const Person& a, const Person& b) {
      return last_spoke(a) > last_spoke(b);
    });
  };
  std::vector<Person> present, others;
  if (conv)
    for (const auto& email : conv->wanted()) present.push_back(person(email));
  for (bool online : {true, false})
    for (const Contact& c : m_app.contacts().contacts())
      if (status_is_online(c.status) == online) others.push_back(person(c.email));
  by_activity(present);
  by_activity(others);
  present.insert(present.end(), others.begin(), others.end());
  return present;
}

void Ui::spoke(const std::string& email) {
  m_spoke[to_lower(email)] = ++m_spoke_tick;
}

void Ui::switch_to(std::size_t index) {
  if (index >= m_windows.size()) return;
  m_app.set_focus(m_windows.at(index).conversation_id());
  follow_focus();
}

// Puts window `index` on screen: the input line's draft and the typing timer belong to a window.
void Ui::show(std::size_t index) {
  if (index >= m_windows.size() || index == m_windows.current_index()) return;
  ChatWindow& old = m_windows.current();
  old.draft() = {m_editor.text(), m_editor.cursor_byte()};
  old.scrollback().mark_read();  // what arrives while away is shown under a "new" separator
  m_windows.select(index);
  ChatWindow& now = m_windows.current();
  m_editor.set_text(now.draft().text, now.draft().cursor_byte);
  m_completer.reset();
  m_history.reset_browsing();
  m_typing_timer.cancel();  // its expiry belonged to the other window
  now.clear_own_activity();
  m_dirty |= kAll;
}

}  // namespace msntty::ui
