// Ui: bringing the windows up to date with the model, and deciding what needs redrawing. Runs
// once per loop turn; every check compares a line seq, the contact list's revision or a value,
// so an idle turn costs next to nothing and a flood of messages costs one append per message.
#include "ui/Ui.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {

void Ui::sync() {
  sync_settings();
  if (m_windows.sync(m_app.conversations(), hidden_conversation())) m_dirty |= kChat | kInput;
  follow_focus();
  sync_windows();
  if (m_contact_rows.update(m_app.contacts())) m_dirty |= kContacts;
  if (m_app.ignores().revision() != m_ignores_drawn) {
    m_ignores_drawn = m_app.ignores().revision();
    m_dirty |= kContacts;
  }
  std::size_t signature = 0;
  for (const Conversation& c : m_app.conversations().all())
    signature = signature * 131 + c.unread() + 1;
  if (signature != m_unread_signature) {
    m_unread_signature = signature;
    m_dirty |= kContacts;
  }
  sync_typing();
}

void Ui::sync_settings() {
  const Settings& s = m_app.settings();
  bool wanted = s.get_bool("contacts_pane");
  int width = s.get_int("contacts_width");
  if (wanted != m_contacts_wanted || width != m_contacts_width) {
    m_contacts_wanted = wanted;
    m_contacts_width = width;
    m_dirty |= kLayout;
  }
  if (s.get("timestamp_format") != m_time_format) {
    m_time_format = s.get("timestamp_format");
    m_windows.set_time_format(m_time_format);
    m_dirty |= kChat;
  }
  m_term.set_mouse(s.get_bool("mouse"));  // writes only when it changes
  if (m_theme.update(s)) {
    m_windows.set_header_renderer([this](const Scrollback::Line& line, std::string stamp) {
      return m_theme.line_header(line, std::move(stamp));
    });
    m_dirty |= kChat | kStatus;
    m_drawn_status = {};
  }
  set_history_size(static_cast<std::size_t>(s.get_int("input_history_size")));
  auto lines = static_cast<std::size_t>(s.get_int("scrollback_lines"));
  if (lines && lines != m_max_lines) {
    m_max_lines = lines;
    m_windows.set_max_lines(lines);
    m_dirty |= kChat;
  }
}

// The focus is the model's: a command that moves it (/msg, /close) moves the window on screen,
// and switching windows moves the focus first (switch_to). Nothing here ever writes it.
void Ui::follow_focus() {
  uint64_t focus = m_app.focus();
  if (m_windows.current().conversation_id() == focus) return;
  if (!m_windows.find(focus))
    m_windows.sync(m_app.conversations(), hidden_conversation());  // opened just now
  if (auto i = m_windows.index_of(focus)) show(*i);
}

void Ui::sync_windows() {
  const ContactList& contacts = m_app.contacts();
  std::string own = m_own_nick.empty() ? m_app.settings().get("account") : m_own_nick;
  const TextMatcher& highlights = m_app.highlights();
  for (std::size_t i = 1; i < m_windows.size(); ++i) {
    ChatWindow& w = m_windows.at(i);
    const Conversation* c = conversation_of(w);
    if (!c) continue;
    bool current = i == m_windows.current_index();
    // Seen as it arrives.
    if (current && (c->activity() != Activity::None || c->unread())) m_app.mark_read(c->id());
    if (w.sync(*c, contacts, own, &highlights) && current) m_dirty |= kChat;
  }
}

void Ui::sync_typing() {
  std::string text;
  const Conversation* c = conversation_of(m_windows.current());
  auto now = static_cast<int64_t>(std::time(nullptr));
  std::vector<std::string> who = c ? c->typing(now) : std::vector<std::string>{};
  if (!who.empty()) {
    std::string dots = m_term.utf8() ? "\u2026" : "...";
    if (who.size() == 1)
      text = contact_name(who[0]) + " is typing" + dots;
    else if (who.size() == 2)
      text = contact_name(who[0]) + " and " + contact_name(who[1]) + " are typing" + dots;
    else
      text = std::to_string(who.size()) + " people are typing" + dots;
    if (!m_typing_timer.active()) {
      // Wake up exactly when the list next shrinks (times are whole seconds): a one-shot
      // timer, not polling. Its turn ends with a refresh, which lands back here.
      int64_t k = 1;
      while (k < 120 && c->typing(now + k).size() == who.size()) ++k;
      auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
      auto delay = std::max<int64_t>(10, (now + k) * 1000 - now_ms + 20);
      m_typing_timer.start(std::chrono::milliseconds(delay), [] {});
    }
  }
  if (text != m_drawn_typing) {
    m_drawn_typing = text;
    m_dirty |= kChat;
  }
}

void Ui::arm_midnight() {
  using namespace std::chrono;
  std::time_t now = std::time(nullptr);
  std::tm next{};
  localtime_r(&now, &next);
  next.tm_mday += 1;  // mktime normalizes the month and year, and finds the DST offset
  next.tm_hour = next.tm_min = next.tm_sec = 0;
  next.tm_isdst = -1;
  std::time_t midnight = std::mktime(&next);
  auto now_ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  // A little after it, so that the clock has surely turned; early (the clock was set back),
  // mark_day finds the same day and the next shot is the real midnight.
  auto delay = std::max<int64_t>(1000, static_cast<int64_t>(midnight) * 1000 - now_ms + 200);
  m_midnight_timer.start(milliseconds(delay), [this] {
    auto at = static_cast<int64_t>(std::time(nullptr));
    for (std::size_t i = 0; i < m_windows.size(); ++i) m_windows.at(i).mark_day(at);
    m_dirty |= kChat;
    arm_midnight();
  });
}

// A conversation that only ignored people are in gets no window until the user goes there
// (/query, /msg): someone ignored opening a chat must not pop up an empty window.
std::function<bool(const Conversation&)> Ui::hidden_conversation() {
  return [this](const Conversation& c) {
    if (c.id() == m_app.focus() || c.wanted().empty()) return false;
    for (const auto& email : c.wanted())
      if (!m_app.ignores().contains(email)) return false;
    return true;
  };
}

Activity Ui::activity_of(ChatWindow& w) {
  const Conversation* c = conversation_of(w);
  return std::max(w.own_activity(), c ? c->activity() : Activity::None);
}

const Conversation* Ui::conversation_of(const ChatWindow& w) {
  return w.is_status() ? nullptr : m_app.conversations().find(w.conversation_id());
}

std::string Ui::contact_name(const std::string& email) {
  const Contact* c = m_app.contacts().find(email);
  return sanitize_for_terminal(c ? c->nick : email);
}

std::string Ui::window_name(const ChatWindow& w) {
  if (w.is_status()) return "status";
  const Conversation* c = conversation_of(w);
  if (!c || c->wanted().empty()) return "?";
  std::string name;
  for (const auto& email : c->wanted()) name += (name.empty() ? "" : ",") + contact_name(email);
  return name;
}

std::size_t Ui::unread_from(const std::string& email) {
  std::size_t n = 0;
  for (const Conversation& c : m_app.conversations().all())
    if (c.wanted().size() == 1 && equals_icase(c.wanted()[0], email)) n += c.unread();
  return n;
}

}  // namespace msntty::ui
