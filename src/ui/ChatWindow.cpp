#include "ui/ChatWindow.hpp"

#include "ui/LineStyle.hpp"
#include "ui/TextWidth.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {
namespace {

constexpr int k_max_nick_columns = 20;

// A stable colour bucket (1..6) per sender, so each contact keeps one colour in group chats.
uint64_t colour_bucket(std::string_view email) {
  uint32_t h = 2166136261u;
  for (char c : email) h = (h ^ static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c)) * 16777619u;
  return 1 + h % 6;
}

}  // namespace

std::string nick_prefix(std::string_view nick) {
  std::string clean = sanitize_for_terminal(nick);
  return "<" + truncate_to_width(clean, k_max_nick_columns) + ">";
}

ChatWindow::ChatWindow(uint64_t conversation_id, std::size_t max_lines)
    : m_conv(conversation_id), m_scrollback(max_lines) {}

void ChatWindow::add(Scrollback::Line line) { m_scrollback.append(std::move(line)); }

Delivery ChatWindow::delivery(uint64_t message_id) const {
  auto it = m_unsettled.find(message_id);
  return it == m_unsettled.end() ? Delivery::Delivered : it->second;
}

bool ChatWindow::sync(const Conversation& c, const ContactList& contacts, std::string_view own_nick) {
  if (c.revision() == m_revision) return false;
  m_revision = c.revision();
  const auto& lines = c.lines();
  for (std::size_t i = first_new_line(lines); i < lines.size(); ++i) append(lines[i], contacts, own_nick);
  remember_last(lines);
  if (!m_unsettled.empty()) update_deliveries(lines);
  return true;
}

std::size_t ChatWindow::first_new_line(const std::deque<ChatLine>& lines) const {
  if (!m_last) return 0;
  for (std::size_t i = lines.size(); i-- > 0;) {
    const ChatLine& l = lines[i];
    if (&l != m_last) continue;
    if (l.time == m_last_print.time && l.text.size() == m_last_print.size && l.id == m_last_print.id &&
        l.kind == m_last_print.kind)
      return i + 1;
    break;
  }
  return 0;   // our last line was dropped: everything there is new to us
}

void ChatWindow::remember_last(const std::deque<ChatLine>& lines) {
  if (lines.empty()) return;
  const ChatLine& l = lines.back();
  m_last = &l;
  m_last_print = {l.time, l.text.size(), l.id, l.kind};
}

void ChatWindow::append(const ChatLine& line, const ContactList& contacts, std::string_view own_nick) {
  Scrollback::Line out;
  out.time = line.time;
  out.text = sanitize_for_terminal(line.text, true);
  switch (line.kind) {
    case ChatLine::Kind::Incoming: {
      std::string nick = line.nick;
      if (nick.empty()) {
        const Contact* who = contacts.find(line.from);
        nick = who ? who->nick : line.from;
      }
      out.prefix = nick_prefix(nick);
      out.style = make_style(LineRole::Incoming, colour_bucket(line.from));
      break;
    }
    case ChatLine::Kind::Outgoing:
      out.prefix = nick_prefix(own_nick.empty() ? line.from : own_nick);
      out.style = make_style(LineRole::Own, line.id);
      if (line.delivery != Delivery::Delivered) m_unsettled[line.id] = line.delivery;
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
  m_scrollback.append(std::move(out));
  // A message that failed before we ever saw it: None makes update_deliveries() announce it.
  if (line.kind == ChatLine::Kind::Outgoing && line.delivery == Delivery::Failed) m_unsettled[line.id] = Delivery::None;
}

void ChatWindow::update_deliveries(const std::deque<ChatLine>& lines) {
  std::size_t found = 0;
  std::unordered_map<uint64_t, Delivery> still;
  for (auto it = lines.rbegin(); it != lines.rend() && found < m_unsettled.size(); ++it) {
    if (it->kind != ChatLine::Kind::Outgoing) continue;
    auto known = m_unsettled.find(it->id);
    if (known == m_unsettled.end()) continue;
    ++found;
    if (it->delivery == Delivery::Failed && known->second != Delivery::Failed) {
      Scrollback::Line why;
      why.time = it->time;
      why.prefix = "-!-";
      why.text = "\u2717 not delivered: " + sanitize_for_terminal(it->failure) + " (/resend to try again)";
      why.style = make_style(LineRole::Error);
      m_scrollback.append(std::move(why));
    }
    if (it->delivery != Delivery::Delivered) still[it->id] = it->delivery;
  }
  // Lines that were not found have left the conversation's bounded history: forget them too.
  m_unsettled = std::move(still);
}

}  // namespace msntty::ui
