#include "ui/ChatPane.hpp"

#include "ui/LineStyle.hpp"
#include "ui/TextWidth.hpp"

namespace msntty::ui {
namespace {

bool unsettled(Delivery d) {
  return d == Delivery::Pending || d == Delivery::Sent;
}

// A line replayed from the log: dimmed whatever its look, so old and live lines differ at a
// glance (bold would cancel dim on most terminals).
attr_t faded(attr_t a, const Scrollback::Line& line) {
  return line.history ? (a & ~A_BOLD) | A_DIM : a;
}

}  // namespace

void ChatPane::draw(WINDOW* w, ChatWindow& window, const std::string& typing,
                    const ScrollbackSearch::Match* found) const {
  if (!w) return;
  werase(w);
  int height = getmaxy(w), width = getmaxx(w);
  Scrollback& sb = window.scrollback();
  // Whether the footer shows depends on the scroll position, which depends on the height:
  // measure with the full height first, then with the footer row taken off.
  sb.set_size(width, height);
  bool footer = !typing.empty() || !sb.at_bottom();
  int rows = text_rows(height, footer);
  Paint p(w, m_utf8);
  int y = 0;
  for (const auto& row : sb.visible_rows(width, rows)) draw_row(p, y++, row, window, width, found);
  if (rows < height) draw_footer(p, height - 1, width, window, typing);
}

void ChatPane::draw_row(const Paint& p, int y, const Scrollback::Row& row, ChatWindow& window,
                        int width, const ScrollbackSearch::Match* found) const {
  if (row.separator) {
    std::string label = std::string(p.glyph("\u2500\u2500 ", "-- ")) + "new" +
                        std::string(p.glyph(" \u2500\u2500", " --"));
    p.text(y, 0, label, width, m_palette[Role::Separator]);
    return;
  }
  const Scrollback::Line& line = window.scrollback().line(row.line);
  Delivery d = line.delivery;
  std::vector<std::pair<std::size_t, std::size_t>> match;
  if (found && found->id == window.scrollback().id_of(row.line))
    match.emplace_back(found->first, found->last);
  for (const auto& piece : row.pieces) {
    int avail = width - piece.column;
    switch (piece.kind) {
      case Scrollback::Piece::Kind::Timestamp: {
        attr_t a = m_palette[Role::Timestamp];
        // A pending, stored (the contact was offline) or failed message shows its mark in place
        // of the time.
        std::string mark;
        int stamp_width = display_width(piece.text);
        if (unsettled(d)) {
          mark = pad_to_width(p.glyph("\u2026", "."), stamp_width);
          a = m_palette[Role::Pending];
        } else if (d == Delivery::Stored) {
          mark = pad_to_width(p.glyph("\u2709", "@"), stamp_width);
          a = m_palette[Role::Notice];
        } else if (d == Delivery::Failed) {
          mark = pad_to_width(p.glyph("\u2717", "x"), stamp_width);
          a = m_palette[Role::Error];
        }
        if (mark.empty()) a = themed(a, piece.look, piece.style, d);  // a mark keeps its look
        p.text(y, piece.column, mark.empty() ? piece.text : std::string_view(mark), avail,
               faded(a, line));
        break;
      }
      case Scrollback::Piece::Kind::Prefix:
        p.text(y, piece.column, piece.text, avail,
               faded(themed(prefix_attr(piece.style), piece.look, piece.style, d), line));
        break;
      case Scrollback::Piece::Kind::Text:
        // Pending and failed text keeps saying so, whatever the theme; highlight words and
        // the search match are set off on top of the themed look.
        draw_text(p, y, piece, line, avail,
                  faded(unsettled(d) || d == Delivery::Failed
                            ? text_attr(piece.style, d)
                            : themed(text_attr(piece.style, d), piece.look, piece.style, d),
                        line),
                  match);
        break;
    }
  }
}

void ChatPane::draw_text(const Paint& p, int y, const Scrollback::Piece& piece,
                         const Scrollback::Line& line, int avail, attr_t attr,
                         const std::vector<std::pair<std::size_t, std::size_t>>& found) const {
  if (found.empty() && line.marks.empty()) {
    p.text(y, piece.column, piece.text, avail, attr);
    return;
  }
  // Pieces look into the line's text, so their offset there says which marks they cross.
  std::size_t begin = static_cast<std::size_t>(piece.text.data() - line.text.data());
  std::size_t end = begin + piece.text.size();
  auto attr_at = [&](std::size_t at) {
    for (const auto& [first, last] : found)
      if (at >= first && at < last) return attr | A_REVERSE;
    for (const auto& [first, last] : line.marks)
      if (at >= first && at < last) return m_palette[Role::Highlight] | A_BOLD;
    return attr;
  };
  int x = piece.column;
  for (std::size_t at = begin; at < end && avail > 0;) {
    // The run of bytes with one attribute, cut only at mark edges (never inside a character:
    // marks come from matches on whole characters).
    attr_t a = attr_at(at);
    std::size_t stop = at + 1;
    while (stop < end && attr_at(stop) == a) ++stop;
    int used = p.text(y, x, std::string_view(line.text).substr(at, stop - at), avail, a);
    x += used;
    avail -= used;
    at = stop;
  }
}

void ChatPane::draw_footer(const Paint& p, int y, int width, ChatWindow& window,
                           const std::string& typing) const {
  Scrollback& sb = window.scrollback();
  int x = 0;
  if (!typing.empty()) x += p.text(y, x, typing, width, m_palette[Role::Typing]);
  if (sb.at_bottom()) return;
  std::size_t below = sb.lines_below(), unseen = sb.unseen_lines();
  std::string more = std::string(p.glyph(" \u25bc more below: ", " v more below: ")) +
                     std::to_string(below) + (below == 1 ? " line" : " lines") +
                     (unseen ? " (" + std::to_string(unseen) + " new)" : "") + " ";
  int w = display_width(more);
  int at = std::max(x + (x ? 1 : 0), width - w);
  p.text(y, at, more, width - at, m_palette[Role::More]);
}

attr_t ChatPane::prefix_attr(int style) const {
  switch (style_role(style)) {
    case LineRole::Incoming: {
      uint64_t bucket = style_key(style);
      return m_palette[static_cast<Role>(static_cast<int>(Role::Nick1) +
                                         static_cast<int>((bucket + 5) % 6))];
    }
    case LineRole::Own: return m_palette[Role::OwnNick];
    case LineRole::Notice: return m_palette[Role::Notice];
    case LineRole::Error: return m_palette[Role::Error];
    case LineRole::Highlight: return m_palette[Role::Highlight];
    case LineRole::Presence: return m_palette[Role::Presence];
  }
  return m_palette[Role::Normal];
}

attr_t ChatPane::themed(attr_t own, int look_id, int style, Delivery d) const {
  if (look_id == 0) return own;
  const Look& look = m_theme.look(look_id);
  attr_t base = own;
  switch (look.base) {
    case Look::Base::None: break;
    case Look::Base::Time: base = m_palette[Role::Timestamp]; break;
    case Look::Base::Prefix: base = prefix_attr(style); break;
    case Look::Base::Text: base = text_attr(style, d); break;
    case Look::Base::Notice: base = m_palette[Role::Notice]; break;
    case Look::Base::Error: base = m_palette[Role::Error]; break;
    case Look::Base::Highlight: base = m_palette[Role::Highlight]; break;
    case Look::Base::Bar: base = m_palette[Role::Bar]; break;
    case Look::Base::Current: base = m_palette[Role::BarCurrent]; break;
    case Look::Base::Alert: base = m_palette[Role::BarAlert]; break;
  }
  return m_palette.with_look(base, look);
}

attr_t ChatPane::text_attr(int style, Delivery d) const {
  if (d == Delivery::Failed) return m_palette[Role::Error];
  if (unsettled(d)) return m_palette[Role::Pending];
  switch (style_role(style)) {
    case LineRole::Own: break;
    case LineRole::Notice: return m_palette[Role::Notice];
    case LineRole::Error: return m_palette[Role::Error];
    case LineRole::Highlight: return m_palette[Role::Highlight];
    case LineRole::Presence: return m_palette[Role::Presence];
    case LineRole::Incoming: break;
  }
  return m_palette[Role::Normal];
}

}  // namespace msntty::ui
