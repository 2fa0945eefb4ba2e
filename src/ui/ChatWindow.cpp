#include "ui/ChatWindow.hpp"

#include <ctime>

#include "ui/LineStyle.hpp"
#include "ui/TextWidth.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {
namespace {

constexpr int k_max_nick_columns = 20;

// A stable colour bucket (1..6) per sender, so each contact keeps one colour in group chats.
uint64_t colour_bucket(std::string_view email) {
  uint32_t h = 2166136261u;
  for (char c : email)
    h = (h ^ static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c)) * 16777619u;
  return 1 + h % 6;
}

std::tm local(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return tm;
}

}  // namespace

std::string ChatWindow::offline_mark(int64_t time, int64_t now) {
  std::tm when = local(time), today = local(now);
  if (when.tm_year == today.tm_year && when.tm_yday == today.tm_yday) return "(offline) ";
  char date[32];
  std::size_t n = std::strftime(date, sizeof date, "%Y-%m-%d", &when);
  return "(offline, " + std::string(date, n) + ") ";
}

std::string nick_prefix(std::string_view nick) {
  std::string clean = sanitize_for_terminal(nick);
  return "<" + truncate_to_width(clean, k_max_nick_columns) + ">";
}

ChatWindow::ChatWindow(uint64_t conversation_id, std::size_t max_lines)
    : m_conv(conversation_id), m_scrollback(max_lines) {}

void ChatWindow::add(Scrollback::Line line) {
  m_scrollback.append(std::move(line));
}

bool ChatWindow::sync(const Conversation& c, const ContactList& contacts,
                      std::string_view own_nick) {
  auto fresh = c.lines_after(m_last_seq);
  bool changed = !fresh.empty();
  bool in_history = false;
  for (const ChatLine& line : fresh) {
    if (in_history && !line.history) end_history();
    in_history = line.history;
    append(line, contacts, own_nick);
  }
  if (in_history) end_history();
  m_last_seq = c.last_seq();
  if (!m_unsettled.empty()) changed |= update_deliveries(c);
  return changed;
}

void format_action(Scrollback::Line& out, std::string_view nick, std::string_view body) {
  out.nick = truncate_to_width(sanitize_for_terminal(nick), k_max_nick_columns);
  out.prefix = "* " + out.nick;  // the look without a header renderer
  out.text = sanitize_for_terminal(body, true);
  out.action = true;
}

// Replayed lines come in one batch (App::show_history): one line under them says where the
// old ones end.
void ChatWindow::end_history() {
  Scrollback::Line end;
  end.time = static_cast<int64_t>(std::time(nullptr));
  end.prefix = "-!-";
  end.text = "\u2500\u2500 end of history \u2500\u2500";
  end.style = make_style(LineRole::Notice);
  end.history = true;
  put(std::move(end));
}

// Old lines are not news: a window the user left with everything read stays that way, with no
// "new" separator before them.
uint64_t ChatWindow::put(Scrollback::Line line) {
  bool old = line.history;
  bool all_read = old && m_scrollback.all_read();
  uint64_t id = m_scrollback.append(std::move(line));
  if (all_read) m_scrollback.mark_read();
  return id;
}

void ChatWindow::append(const ChatLine& line, const ContactList& contacts,
                        std::string_view own_nick) {
  if (line.ignored) return;  // logged, never shown (model/IgnoreList)
  Scrollback::Line out;
  out.time = line.time;
  out.history = line.history;
  out.text = sanitize_for_terminal(line.text, true);
  switch (line.kind) {
    case ChatLine::Kind::Incoming: {
      std::string nick = line.nick;
      if (nick.empty()) {
        const Contact* who = contacts.find(line.from);
        nick = who ? who->nick : line.from;
      }
      out.prefix = nick_prefix(nick);
      out.nick = truncate_to_width(sanitize_for_terminal(nick), k_max_nick_columns);
      if (!line.action.empty()) format_action(out, nick, line.action);
      out.style = make_style(LineRole::Incoming, colour_bucket(line.from));
      break;
    }
    case ChatLine::Kind::Outgoing:
      out.prefix = nick_prefix(own_nick.empty() ? line.from : own_nick);
      out.nick = truncate_to_width(sanitize_for_terminal(own_nick.empty() ? line.from : own_nick),
                                   k_max_nick_columns);
      if (!line.action.empty())
        format_action(out, own_nick.empty() ? line.from : own_nick, line.action);
      out.style = make_style(LineRole::Own);
      out.message_id = line.id;
      break;
    case ChatLine::Kind::Notice:
      out.prefix = "-!-";
      out.style = make_style(LineRole::Notice);
      break;
    case ChatLine::Kind::Error:
      out.prefix = "-!-";
      out.style = make_style(LineRole::Error);
      break;
  }
  if (line.offline) out.text.insert(0, offline_mark(line.time, std::time(nullptr)));
  uint64_t id = put(std::move(out));
  // Its delivery is copied over by update_deliveries(), like every later change, so that a
  // message that failed before it was ever shown is announced too.
  if (line.kind == ChatLine::Kind::Outgoing && !line.history) m_unsettled[line.seq] = id;
}

bool ChatWindow::update_deliveries(const Conversation& c) {
  bool changed = false;
  for (auto it = m_unsettled.begin(); it != m_unsettled.end();) {
    const ChatLine* line = c.line(it->first);
    Scrollback::Line* shown = m_scrollback.find(it->second);
    if (!line || !shown) {  // it left the conversation's or the window's bounded history
      it = m_unsettled.erase(it);
      continue;
    }
    if (line->delivery != shown->delivery) {
      if (line->delivery == Delivery::Failed) announce_failure(*line);
      shown->delivery = line->delivery;
      changed = true;
    }
    bool settled = line->delivery == Delivery::Delivered || line->delivery == Delivery::Stored;
    it = settled ? m_unsettled.erase(it) : std::next(it);
  }
  return changed;
}

void ChatWindow::announce_failure(const ChatLine& line) {
  Scrollback::Line why;
  // Appended now, so it has the time of now: the message's own time would put a line out of
  // order after whatever came between (a resent message fails minutes after it was first typed).
  why.time = static_cast<int64_t>(std::time(nullptr));
  why.prefix = "-!-";
  why.text =
      "\u2717 not delivered: " + sanitize_for_terminal(line.failure) + " (/resend to try again)";
  why.style = make_style(LineRole::Error);
  m_scrollback.append(std::move(why));
}

}  // namespace msntty::ui
