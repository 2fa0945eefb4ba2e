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

int ChatWindow::local_day(int64_t time) {
  std::tm tm = local(time);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

std::string ChatWindow::day_changed_text(int64_t time) {
  static constexpr const char* k_days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                           "Thursday", "Friday", "Saturday"};
  static constexpr const char* k_months[] = {"January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December"};
  std::tm tm = local(time);
  return std::string("Day changed to ") + k_days[tm.tm_wday % 7] + ", " +
         std::to_string(tm.tm_mday) + " " + k_months[tm.tm_mon % 12] + " " +
         std::to_string(tm.tm_year + 1900);
}

// The line goes in at the start of the new day (00:00 in the timestamp column), dimmed among
// history lines.
void ChatWindow::put_day_change(int64_t time, bool history) {
  std::tm midnight = local(time);
  midnight.tm_hour = midnight.tm_min = midnight.tm_sec = 0;
  midnight.tm_isdst = -1;
  std::time_t start = std::mktime(&midnight);
  Scrollback::Line day;
  day.time = start > 0 ? static_cast<int64_t>(start) : time;
  day.prefix = "-!-";
  day.text = day_changed_text(time);
  day.style = make_style(LineRole::Notice);
  day.history = history;
  bool all_read = m_scrollback.all_read();
  m_scrollback.append(std::move(day));
  if (all_read && history) m_scrollback.mark_read();
}

void ChatWindow::mark_day(int64_t now) {
  int today = local_day(now);
  if (m_day == 0 || today == m_day) return;
  put_day_change(now, false);
  m_day = today;
}

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
  put(std::move(line));
}

bool ChatWindow::sync(const Conversation& c, const ContactList& contacts, std::string_view own_nick,
                      const TextMatcher* highlights) {
  auto fresh = c.lines_after(m_last_seq);
  bool changed = !fresh.empty();
  bool in_history = false;
  int64_t history_time = 0;
  for (const ChatLine& line : fresh) {
    if (in_history && !line.history) end_history(history_time);
    in_history = line.history;
    if (in_history) history_time = line.time;
    append(line, contacts, own_nick, highlights);
  }
  if (in_history) end_history(history_time);
  m_last_seq = c.last_seq();
  if (!m_unsettled.empty()) changed |= update_deliveries(c);
  return changed;
}

Scrollback::Line quoted_notice(std::string text) {
  Scrollback::Line line;
  line.time = static_cast<int64_t>(std::time(nullptr));
  line.prefix = "-!-";
  line.text = std::move(text);
  line.style = make_style(LineRole::Notice);
  line.quoted = true;
  return line;
}

void format_action(Scrollback::Line& out, std::string_view nick, std::string_view body) {
  out.nick = truncate_to_width(sanitize_for_terminal(nick), k_max_nick_columns);
  out.prefix = "* " + out.nick;  // the look without a header renderer
  out.text = sanitize_for_terminal(body, true);
  out.action = true;
}

// Replayed lines come in one batch (App::show_history): one line under them says where the
// old ones end. It has the time of the last of them, so that a day change to the live lines
// comes after it.
void ChatWindow::end_history(int64_t time) {
  Scrollback::Line end;
  end.time = time;
  end.prefix = "-!-";
  end.text = "\u2500\u2500 end of history \u2500\u2500";
  end.style = make_style(LineRole::Notice);
  end.history = true;
  put(std::move(end));
}

// Every line of the window goes in here: after a day-change line when it is dated on another
// local day than the line before it. Old lines are not news: a window the user left with
// everything read stays that way, with no "new" separator before them.
uint64_t ChatWindow::put(Scrollback::Line line) {
  if (line.time > 0 && !line.quoted) {
    int day = local_day(line.time);
    if (m_day != 0 && day != m_day) put_day_change(line.time, line.history);
    m_day = day;
  }
  bool old = line.history;
  bool all_read = old && m_scrollback.all_read();
  uint64_t id = m_scrollback.append(std::move(line));
  if (all_read) m_scrollback.mark_read();
  return id;
}

void ChatWindow::append(const ChatLine& line, const ContactList& contacts,
                        std::string_view own_nick, const TextMatcher* highlights) {
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
      if (line.highlight && highlights) out.marks = highlights->find_all(out.text);
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
  // About an earlier line: not a line of its own day (the next message says the day if needed).
  m_scrollback.append(std::move(why));
}

}  // namespace msntty::ui
