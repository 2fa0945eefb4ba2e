// Ui: what the App's events mean for the screen. Status-window lines, own nick and status,
// connection state, presence lines in conversation windows, and the bell and notify_command
// for messages that arrive where the user is not looking. Everything shown is sanitized.
#include "ui/Ui.hpp"

#include <algorithm>
#include <ctime>

#include "util/Overloaded.hpp"
#include "util/Strings.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {
namespace {

constexpr std::size_t k_max_notify_text = 300;  // bytes of message text passed to notify_command

}  // namespace

void Ui::on_event(const AppEvent& event) {
  std::visit(
      Overloaded{
          [&](const ev::Notice& e) { on_text(e.text, LineRole::Notice); },
          [&](const ev::Error& e) {
            if (!e.conversation) on_text(e.text, LineRole::Error);  // else a line there already
          },
          [&](const ev::Message& e) {
            spoke(e.from);
            // Offline ones come many at a time at sign-in: the inbox's notice counts them.
            if (!e.offline && !e.ignored)
              on_message(e.conversation, e.from, e.text, false, e.highlight);
          },
          [&](const ev::Nudge& e) { on_message(e.conversation, e.contact, "", true, false); },
          [&](const ev::Presence& e) { on_presence(e); },
          [&](const ev::Connecting& e) {
            if (!m_connection.starts_with("reconnecting")) m_connection = "connecting";
            to_status("connecting to " + e.server, LineRole::Notice, Activity::Low);
          },
          [&](const ev::SignedIn& e) { on_signed_in(e); },
          [&](const ev::Disconnected& e) { on_disconnected(e); },
          [&](const ev::Reconnecting& e) {
            m_connection = "reconnecting (attempt " + std::to_string(e.attempt) + ")";
          },
          [&](const ev::SignedOut& e) {
            m_connection = "offline";
            if (e.reason != "quit") m_farewell = e.text;
            to_status("signed out: " + e.text, LineRole::Error, Activity::Highlight);
          },
          [&](const ev::OwnStatus& e) { m_own_status = e.status; },
          [&](const ev::OwnPsm& e) { m_own_psm = e.psm; },
          [&](const ev::OwnNick& e) {
            m_own_nick = e.nick;
            to_status("you are now known as " + m_own_nick, LineRole::Notice, Activity::Low);
          },
          [&](const ev::Mail& e) { on_mail(e); }, [&](const ev::AddedYou& e) { on_added_you(e); },
          [&](const ev::RemovedYou& e) {
            to_status(e.contact + " removed you from their contact list", LineRole::Notice,
                      Activity::Low);
          },
          // A window closing is a moment to keep its lines on disk (/close, then a crash).
          [&](const ev::ConversationClosed&) { save_history_now(); },
          [](const auto&) {},  // the model shows the rest
      },
      event);
}

// During a command the user ran, the answer belongs where they are looking.
void Ui::on_text(const std::string& text, LineRole role) {
  if (m_in_command) {
    // A command that moved the focus answers in the window it chose: /msg CONTACT in the window
    // it opened, /query in the one it went to, not the one it came from.
    follow_focus();
    return to_window(m_windows.current(), text, role);
  }
  to_status(text, role, Activity::Message);
}

void Ui::on_signed_in(const ev::SignedIn& e) {
  bool again = m_was_signed_in;
  m_was_signed_in = true;
  m_connection.clear();
  m_own_nick = e.nick;
  if (auto st = status_from_name(m_app.settings().get("status"))) m_own_status = *st;
  to_status(std::string(again ? "reconnected: " : "") + "signed in as " + m_own_nick + " <" +
                e.account + "> (MSNP" + std::to_string(e.protocol) + ")",
            LineRole::Notice, Activity::Low);
}

// The bar keeps saying it until the next attempt starts; the status window says it once.
void Ui::on_disconnected(const ev::Disconnected& e) {
  std::string why = sanitize_for_terminal(e.text);
  if (e.final) {
    m_connection = e.reason == "user" ? "offline: /connect to sign in" : "disconnected: " + why;
    to_status("disconnected: " + why + (e.reason == "user" ? "" : "; /connect to sign in again"),
              LineRole::Error, Activity::Highlight);
    return;
  }
  std::string retry = "retrying in " + std::to_string(e.retry_in) + " s";
  // The bar has room for the gist ("connection lost", "server shutdown"); the status window
  // has the whole text.
  std::string gist = e.reason;
  std::replace(gist.begin(), gist.end(), '_', ' ');
  m_connection = "disconnected: " + gist + "; " + retry;
  to_status("disconnected: " + why + "; " + retry + " (/reconnect: now)", LineRole::Error,
            Activity::Message);
}

void Ui::on_mail(const ev::Mail& e) {
  std::string text = !e.from.empty()
                         ? "new e-mail from " + e.from + ": " + e.subject
                         : std::to_string(e.unread.value_or(0)) + " unread e-mails in your inbox";
  to_status(text, LineRole::Notice, Activity::Low);
}

// The notice that comes with it says who; the input bar asks, if there is a question.
void Ui::on_added_you(const ev::AddedYou& e) {
  const Contact* c = m_app.contacts().find(e.contact);
  if (c && (c->lists & (kAllowList | kBlockList))) return;
  m_added_you.push_back(e.contact);
  m_dirty |= kInput;
}

void Ui::on_message(uint64_t conversation, const std::string& from, const std::string& text,
                    bool nudge, bool highlight) {
  if (m_windows.current().conversation_id() == conversation) return;  // they see it already
  // In a group chat only what names you (or a nudge) rings, as irssi's hilights do.
  const Conversation* c = m_app.conversations().find(conversation);
  if (c && c->is_group() && !highlight && !nudge) return;
  if (m_app.settings().get_bool("bell")) m_term.bell();
  notify(from, nudge ? "sent you a nudge" : text);
}

void Ui::on_presence(const ev::Presence& e) {
  if (e.before == e.status) return;  // the nickname or personal message changed
  if (e.initial) return;             // the state at sign-in, not news
  if (m_app.ignores().contains(e.contact)) return;
  std::string who = contact_name(e.contact);
  std::string text = e.status == Status::Offline ? who + " went offline"
                     : e.before == Status::Offline
                         ? who + " is online (" + std::string(status_label(e.status)) + ")"
                         : who + " is now " + std::string(status_label(e.status));
  for (std::size_t i = 1; i < m_windows.size(); ++i) {
    ChatWindow& w = m_windows.at(i);
    const Conversation* c = conversation_of(w);
    if (!c) continue;
    bool involved = false;
    for (const auto& email : c->wanted()) involved = involved || equals_icase(email, e.contact);
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
  if (body.size() > k_max_notify_text)
    body = body.substr(0, utf8_prefix_bytes(body, k_max_notify_text)) + "...";
  argv.push_back(body);
  std::string error;
  if (!m_spawner.spawn(argv, error))
    to_status("notify_command: " + error, LineRole::Error, Activity::Low);
}

}  // namespace msntty::ui
