// Ui: what the event stream means for the screen. Status-window lines, own nick and status,
// connection state, presence lines in conversation windows, and the bell and notify_command
// for messages that arrive where the user is not looking. Everything shown is sanitized.
#include "ui/Ui.hpp"

#include <ctime>

#include "ui/EventFields.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {
namespace {

constexpr std::size_t k_max_notify_text = 300;   // bytes of message text passed to notify_command

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

void Ui::on_event(const std::string& json) {
  auto f = EventFields::parse(json);
  if (!f) return;
  const std::string& name = f->name();
  if (name == "notice" || name == "error") {
    if (f->has("conversation")) return;   // already a line of that conversation
    LineRole role = name == "error" ? LineRole::Error : LineRole::Notice;
    // During a command the user ran, the answer belongs where they are looking.
    if (m_in_command) return to_window(m_windows.current(), f->str("text"), role);
    return to_status(f->str("text"), role, Activity::Message);
  }
  if (name == "message" || name == "nudge") {
    std::string from = name == "message" ? f->str("from") : f->str("contact");
    return on_message_event(static_cast<uint64_t>(f->num("conversation")), from, f->str("text"), name == "nudge");
  }
  if (name == "presence") return on_presence_event(f->str("contact"), f->str("status"));
  if (name == "connecting") {
    m_connection = "connecting";
    return to_status("connecting to " + f->str("server"), LineRole::Notice, Activity::Low);
  }
  if (name == "signed_in") {
    m_connection.clear();
    m_own_nick = f->str("nick");
    if (auto st = status_from_name(m_app.settings().get("status"))) m_own_status = *st;
    return to_status("signed in as " + m_own_nick + " <" + f->str("account") + "> (" + f->str("protocol") + ")",
                     LineRole::Notice, Activity::Low);
  }
  if (name == "signed_out") {
    m_connection = "offline";
    if (f->str("reason") != "quit") m_farewell = f->str("text");
    return to_status("signed out: " + f->str("text"), LineRole::Error, Activity::Highlight);
  }
  if (name == "status") {
    if (auto st = status_from_name(f->str("status"))) m_own_status = *st;
    return;
  }
  if (name == "nick") {
    m_own_nick = f->str("nick");
    return to_status("you are now known as " + m_own_nick, LineRole::Notice, Activity::Low);
  }
  if (name == "mail") {
    std::string text = f->has("from") ? "new e-mail from " + f->str("from") + ": " + f->str("subject")
                                      : std::to_string(f->num("unread")) + " unread e-mails in your inbox";
    return to_status(text, LineRole::Notice, Activity::Low);
  }
  if (name == "added_you") {
    const Contact* c = m_app.contacts().find(f->str("contact"));
    if (!c || !(c->lists & (kAllowList | kBlockList))) {
      m_added_you.push_back(f->str("contact"));
      m_dirty |= kInput;
    }
    return to_status(f->str("nick") + " <" + f->str("contact") + "> added you to their contact list",
                     LineRole::Highlight, Activity::Message);
  }
  if (name == "removed_you")
    return to_status(f->str("contact") + " removed you from their contact list", LineRole::Notice, Activity::Low);
}

void Ui::on_message_event(uint64_t conversation, const std::string& from, const std::string& text, bool nudge) {
  if (m_windows.current().conversation_id() == conversation) return;   // they see it already
  if (m_app.settings().get_bool("bell")) m_term.bell();
  notify(from, nudge ? "sent you a nudge" : text);
}

void Ui::on_presence_event(const std::string& email, const std::string& status_text) {
  auto status = status_from_name(status_text);
  if (!status) return;
  // Not seen yet counts as offline: at sign-in there are no windows to tell, so no noise.
  Status& known = m_last_status.try_emplace(to_lower(email), Status::Offline).first->second;
  Status before = known;
  known = *status;
  if (before == *status) return;
  std::string who = contact_name(email);
  std::string text = *status == Status::Offline ? who + " went offline"
                     : before == Status::Offline ? who + " is online (" + std::string(status_label(*status)) + ")"
                                                 : who + " is now " + std::string(status_label(*status));
  for (std::size_t i = 1; i < m_windows.size(); ++i) {
    ChatWindow& w = m_windows.at(i);
    const Conversation* c = conversation_of(w);
    if (!c) continue;
    bool involved = false;
    for (const auto& e : c->wanted()) involved = involved || equals_icase(e, email);
    if (!involved) continue;
    to_window(w, text, LineRole::Presence);
    if (i != m_windows.current_index()) w.raise_own_activity(Activity::Low);
  }
}

void Ui::to_window(ChatWindow& w, std::string text, LineRole role) {
  Scrollback::Line line;
  line.time = static_cast<int64_t>(std::time(nullptr));
  line.prefix = "-!-";
  line.text = sanitize_for_terminal(text, true);
  line.style = make_style(role);
  w.add(std::move(line));
  if (&w == &m_windows.current()) m_dirty |= kChat;
}

void Ui::to_status(std::string text, LineRole role, Activity activity) {
  ChatWindow& status = m_windows.status();
  to_window(status, std::move(text), role);
  if (&status != &m_windows.current()) status.raise_own_activity(activity);
}

// notify_command gets the sender and the text as two arguments; it is split into words (no
// shell, so nothing in a message can ever be interpreted), started without waiting for it.
void Ui::notify(const std::string& from, const std::string& text) {
  std::vector<std::string> argv = split_words(m_app.settings().get("notify_command"));
  if (argv.empty()) return;
  argv.push_back(sanitize_for_terminal(from));
  std::string body = sanitize_for_terminal(text, true);
  if (body.size() > k_max_notify_text) body = body.substr(0, utf8_prefix_bytes(body, k_max_notify_text)) + "...";
  argv.push_back(body);
  std::string error;
  if (!m_spawner.spawn(argv, error)) to_status("notify_command: " + error, LineRole::Error, Activity::Low);
}

}  // namespace msntty::ui
