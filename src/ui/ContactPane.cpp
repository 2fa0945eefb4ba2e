#include "ui/ContactPane.hpp"

#include "ui/TextWidth.hpp"
#include "util/Utf8.hpp"

namespace msntty::ui {

void ContactPane::draw(WINDOW* w, ContactRows& rows, const ContactList& list, bool focused,
                       const UnreadCount& unread) const {
  if (!w) return;
  werase(w);
  int height = getmaxy(w), width = getmaxx(w);
  Paint p(w, m_utf8);
  const auto& all = rows.rows();
  if (all.empty()) {
    p.text(0, 1, "(no contacts)", width - 1, m_palette[Role::Psm]);
    return;
  }
  std::size_t top = rows.scroll_top(height);
  for (int y = 0; y < height && top + static_cast<std::size_t>(y) < all.size(); ++y) {
    std::size_t i = top + static_cast<std::size_t>(y);
    const ContactRow& row = all[i];
    if (row.header) {
      std::string title =
          row.title + " (" + std::to_string(row.online) + "/" + std::to_string(row.total) + ")";
      p.text(y, 0, truncate_to_width(title, width), width, m_palette[Role::GroupHeader]);
      continue;
    }
    const Contact* c = list.find(row.email);
    if (c)
      draw_contact(p, y, width, *c, focused && i == rows.cursor(), unread(c->email), list.stale());
  }
}

void ContactPane::draw_contact(const Paint& p, int y, int width, const Contact& c, bool selected,
                               std::size_t unread, bool stale) const {
  attr_t base = selected ? m_palette[Role::Selected] : m_palette[Role::Normal];
  if (selected) p.blank(y, 0, width, base);
  std::string count = unread ? " " + std::to_string(unread) : "";
  int count_width = display_width(count);
  int x = 1;
  // Not signed in: the last statuses known, in grey, so nobody reads them as current.
  attr_t symbol_attr = stale ? m_palette[Role::Offline] : status_attr(c.status);
  x += p.text(y, x, status_symbol(c.status, m_utf8), width - x, selected ? base : symbol_attr);
  x += 1;
  int room = width - x - count_width;
  std::string nick = sanitize_for_terminal(c.nick);
  attr_t nick_attr = selected ? base
                              : (status_is_online(c.status) && !stale ? m_palette[Role::Normal]
                                                                      : m_palette[Role::Offline]);
  // Blocked: said on the row itself, not only by /contacts, so nobody wonders why they are quiet.
  if (c.lists & kBlockList) nick += " [blocked]";
  x += p.text(y, x, truncate_to_width(nick, room), room, nick_attr);
  bool ignored = m_ignores && m_ignores->contains(c.email);
  std::string psm = ignored ? "(ignored)" : sanitize_for_terminal(c.psm);
  if (!psm.empty() && width - count_width - x > 3) {
    room = width - count_width - x - 1;
    x += 1 + p.text(y, x + 1, truncate_to_width(psm, room), room,
                    selected ? base : m_palette[Role::Psm]);
  }
  if (count_width)
    p.text(y, width - count_width, count, count_width, selected ? base : m_palette[Role::Unread]);
}

std::string_view ContactPane::status_symbol(Status s, bool utf8) {
  auto glyph = [utf8](std::string_view u, std::string_view a) { return utf8 ? u : a; };
  switch (s) {
    case Status::Online: return glyph("\u25cf", "+");  // ●
    case Status::Busy:
    case Status::Phone: return glyph("\u25c9", "!");  // ◉
    case Status::Idle:
    case Status::Brb:
    case Status::Away:
    case Status::Lunch: return glyph("\u25d0", "~");  // ◐
    case Status::Invisible:
    case Status::Offline: return glyph("\u25cb", "-");  // ○
  }
  return "?";
}

attr_t ContactPane::status_attr(Status s) const {
  switch (s) {
    case Status::Online: return m_palette[Role::Online];
    case Status::Busy:
    case Status::Phone: return m_palette[Role::Busy];
    case Status::Invisible:
    case Status::Offline: return m_palette[Role::Offline];
    default: return m_palette[Role::Away];
  }
}

void ContactPane::draw_separator(WINDOW* w) const {
  if (!w) return;
  Paint p(w, m_utf8);
  for (int y = 0; y < getmaxy(w); ++y)
    p.text(y, 0, p.glyph("\u2502", "|"), 1, m_palette[Role::Separator]);
}

}  // namespace msntty::ui
