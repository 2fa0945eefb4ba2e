#include "ui/Scrollback.hpp"

#include <algorithm>
#include <climits>
#include <ctime>
#include <utility>

#include "ui/TextWidth.hpp"
#include "util/UrlFinder.hpp"

namespace msntty::ui {
namespace {

// One display row: text[b, e). `flush`: it starts at column 0 rather than at the indent (the
// rest of a URL too long for a row).
struct Span {
  std::size_t b = 0, e = 0;
  bool flush = false;
};

constexpr std::size_t k_max_prefix_bytes = 1024;

// Cuts at a code point boundary so a capped line is still valid UTF-8.
void cap_utf8(std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
}

// Where a line's rows start: the first row's text after the header, the others at the indent.
struct Geometry {
  int width;
  int first_col;
  int indent;
};

// Greedy word wrap of a line's text. Breaks after the last space that fits; a word longer than
// a row is cut at a cluster boundary. A URL is never split by the wrap: one that does not fit
// on its row moves whole to the next; one longer than a wrapped row starts a row at column 0
// and runs on unindented over as many rows as it needs, so that what the terminal shows is one
// contiguous string its URL detection (and a mouse selection) can take.
class Wrapper {
 public:
  Wrapper(std::string_view text, Geometry g)
      : m_text(text), m_urls(UrlFinder::find(text)), m_g(g) {}

  std::vector<Span> wrap() {
    if (m_g.first_col >= m_g.width && !m_text.empty()) {  // the header filled the first row
      m_spans.push_back({});
      m_first = false;
    }
    for (std::size_t seg = 0;;) {
      std::size_t seg_end = std::min(m_text.find('\n', seg), m_text.size());
      segment(seg, seg_end);
      if (seg_end == m_text.size()) break;
      seg = seg_end + 1;
    }
    return std::move(m_spans);
  }

 private:
  // The URL that `pos` is at or inside, if any.
  const UrlFinder::Range* url_at(std::size_t pos) {
    while (m_url < m_urls.size() && m_urls[m_url].second <= pos) ++m_url;
    if (m_url < m_urls.size() && m_urls[m_url].first <= pos) return &m_urls[m_url];
    return nullptr;
  }

  // text[b, e) holds no '\n'. Always adds at least one row.
  void segment(std::size_t b, std::size_t e) {
    std::size_t pos = b;
    do {
      Span row = fill(pos, e);
      while (pos < e && m_text[pos] == ' ') ++pos;  // the spaces at a break are not shown
      while (row.e > row.b && m_text[row.e - 1] == ' ') --row.e;
      m_spans.push_back(row);
      m_first = false;
    } while (pos < e);
  }

  // One row from `pos`, which it advances to where the next row starts.
  Span fill(std::size_t& pos, std::size_t e) {
    const std::size_t start = pos;
    int col0 = m_first ? m_g.first_col : m_g.indent;
    const UrlFinder::Range* at = url_at(pos);
    bool flush = at && at->first < pos && col0 > 0;  // the rest of a long URL
    int cap = flush ? m_g.width : m_g.width - col0;
    int col = 0;
    std::size_t space = std::string_view::npos;
    while (pos < e) {
      if (const UrlFinder::Range* url = url_at(pos)) {
        if (pos == url->first) {
          int w = display_width(m_text.substr(url->first, url->second - url->first));
          if (col + w <= cap) {
            col += w;
            pos = url->second;
            continue;
          }
          // Too wide for what is left of the row: it goes whole to the next row, or, already
          // at the start of one, it is longer than a wrapped row and runs on from column 0.
          // A word it ends, as "(https://...", moves with it.
          if (pos > start) {
            if (space != std::string_view::npos) pos = space;
            return {start, pos, flush};
          }
          if (m_first && col0 > 0) return {start, pos, flush};
          if (col0 > 0 && !flush) {
            flush = true;
            cap = m_g.width;
          }
        }
        std::size_t stop = cut(pos, url->second, cap, col);
        if (stop == url->second) {  // the URL's end fits: the text after it goes on here
          pos = stop;
          continue;
        }
        if (stop == start) stop = next_cluster(m_text, stop);  // one cluster wider than the row
        pos = stop;
        return {start, pos, flush};
      }
      int w = 0;
      std::size_t next = next_cluster(m_text, pos, &w);
      if (col + w > cap) break;
      if (m_text[pos] == ' ' && pos > start) space = pos;
      col += w;
      pos = next;
    }
    std::size_t row_end = pos;
    if (pos < e && m_text[pos] != ' ') {
      if (space != std::string_view::npos)
        row_end = pos = space;
      else if (pos == start)  // one cluster wider than the row: it goes alone, uncut
        row_end = pos = next_cluster(m_text, pos);
    }
    return {start, row_end, flush};
  }

  // The end of the clusters of text[pos, end) that fit in the row from `col` on (advanced).
  std::size_t cut(std::size_t pos, std::size_t end, int cap, int& col) const {
    while (pos < end) {
      int w = 0;
      std::size_t next = next_cluster(m_text, pos, &w);
      if (col + w > cap) break;
      col += w;
      pos = next;
    }
    return pos;
  }

  std::string_view m_text;
  std::vector<UrlFinder::Range> m_urls;
  Geometry m_g;
  std::size_t m_url = 0;  // the first URL not yet behind the wrap
  bool m_first = true;
  std::vector<Span> m_spans;
};

// A renderer's header is capped like a prefix, so a hostile nickname cannot make it huge.
void cap_utf8_parts(std::vector<Scrollback::HeaderPart>& parts) {
  std::size_t total = 0;
  for (auto& p : parts) {
    if (total + p.text.size() > k_max_prefix_bytes) cap_utf8(p.text, k_max_prefix_bytes - total);
    total += p.text.size();
  }
}

}  // namespace

struct Scrollback::Layout {
  Header header;
  std::vector<int> columns;  // of each header part
  int text_col = 0;
  int indent = 0;
  std::vector<Span> spans;
};

Scrollback::Scrollback(std::size_t max_lines)
    : m_max_lines(std::max<std::size_t>(1, max_lines)),
      m_formatter(local_time_formatter("%H:%M")) {}

Scrollback::TimeFormatter Scrollback::local_time_formatter(std::string strftime_format) {
  return [format = std::move(strftime_format)](int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[128];
    std::size_t n = std::strftime(buf, sizeof buf, format.c_str(), &tm);
    return std::string(buf, n);
  };
}

void Scrollback::set_time_formatter(TimeFormatter formatter) {
  m_formatter = std::move(formatter);
  for (auto& e : m_lines) e.cached_width = -1;  // the header width may have changed
}

void Scrollback::set_header_renderer(HeaderRenderer renderer) {
  m_renderer = std::move(renderer);
  for (auto& e : m_lines) e.cached_width = -1;
}

void Scrollback::set_max_lines(std::size_t max_lines) {
  m_max_lines = std::max<std::size_t>(1, max_lines);
  while (m_lines.size() > m_max_lines) m_lines.pop_front();
}

uint64_t Scrollback::append(Line line) {
  cap_utf8(line.text, k_max_text_bytes);
  cap_utf8(line.prefix, k_max_prefix_bytes);
  uint64_t id = m_next_id++;
  // One's own message right after the last read line is read already: the "new" separator
  // waits for a line someone else wrote, so it never stands over one's own lines alone.
  if (m_marker && *m_marker + 1 == id && line.message_id != 0) m_marker = id;
  m_lines.push_back(Entry{std::move(line), id});
  if (!m_follow) ++m_unseen;
  while (m_lines.size() > m_max_lines)
    m_lines.pop_front();  // an anchor on a dropped line is clamped by top()
  return id;
}

Scrollback::Line* Scrollback::find(uint64_t id) {
  if (m_lines.empty() || id < m_lines.front().id || id > m_lines.back().id) return nullptr;
  return &m_lines[id - m_lines.front().id].line;
}

std::optional<std::size_t> Scrollback::index_of(uint64_t id) const {
  if (m_lines.empty() || id < m_lines.front().id || id > m_lines.back().id) return std::nullopt;
  return static_cast<std::size_t>(id - m_lines.front().id);
}

void Scrollback::clear() {
  m_lines.clear();
  m_follow = true;
  m_unseen = 0;
  m_marker.reset();
}

void Scrollback::set_size(int width, int height) {
  m_width = std::max(1, width);
  m_height = std::max(1, height);
}

Scrollback::Layout Scrollback::layout(const Line& line, int width) const {
  Layout l;
  std::string stamp = m_formatter ? m_formatter(line.time) : std::string();
  if (m_renderer) {
    l.header = m_renderer(line, std::move(stamp));
  } else {  // "STAMP PREFIX "
    if (!stamp.empty()) {
      l.header.parts.push_back({std::move(stamp), true});
      l.header.parts.push_back({" "});
    }
    if (!line.prefix.empty()) {
      l.header.parts.push_back({line.prefix});
      l.header.parts.push_back({" "});
    }
  }
  // A header wider than the window is cut there (a timestamp without an ellipsis), and the
  // text starts on row two.
  int col = 0, indent_col = -1;
  auto& parts = l.header.parts;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].indent && indent_col < 0) indent_col = col;
    int w = display_width(parts[i].text);
    if (col + w > width) {
      parts[i].text = truncate_to_width(parts[i].text, width - col, parts[i].time ? "" : "\u2026");
      w = display_width(parts[i].text);
      parts.resize(i + 1);
      l.columns.push_back(col);
      col = width;
      break;
    }
    l.columns.push_back(col);
    col += w;
  }
  cap_utf8_parts(parts);
  l.text_col = col;
  if (indent_col < 0) indent_col = col;
  // Continuation rows line up under the text, unless that would leave them too narrow.
  l.indent = indent_col <= width / 2 ? indent_col : std::min(2, width / 4);
  l.spans = Wrapper(line.text, Geometry{width, col, l.indent}).wrap();
  return l;
}

int Scrollback::wrapped_rows(std::size_t i, int width) {
  Entry& e = m_lines[i];
  width = std::max(1, width);
  if (e.cached_width != width) {
    e.cached_rows = static_cast<int>(layout(e.line, width).spans.size());
    e.cached_width = width;
    ++m_wrap_count;
  }
  return e.cached_rows;
}

bool Scrollback::has_separator(std::size_t index) const {
  return m_marker && m_lines[index].id == *m_marker + 1;
}

int Scrollback::rows_of(std::size_t index) {
  return wrapped_rows(index, m_width) + (has_separator(index) ? 1 : 0);
}

void Scrollback::render_line(std::size_t index, int first_row, int max_rows,
                             std::vector<Row>& out) const {
  const Line& line = m_lines[index].line;
  int row = 0;
  if (has_separator(index)) {
    if (row++ >= first_row) out.push_back(Row{index, true, {}});
  }
  Layout l = layout(line, m_width);
  const std::string_view text = line.text;
  for (std::size_t k = 0; k < l.spans.size() && static_cast<int>(out.size()) < max_rows;
       ++k, ++row) {
    if (row < first_row) continue;
    Row r{index, false, {}, nullptr};
    int text_look = l.header.text_look;
    if (k == 0 && !l.header.parts.empty()) {
      auto header = std::make_shared<Header>(std::move(l.header));
      for (std::size_t i = 0; i < header->parts.size(); ++i) {
        const HeaderPart& part = header->parts[i];
        // Plain spaces are what the row has anyway: no piece for them.
        bool blank = part.text.find_first_not_of(' ') == std::string::npos;
        if (blank && part.look == 0) continue;
        r.pieces.push_back(Piece{part.time ? Piece::Kind::Timestamp : Piece::Kind::Prefix,
                                 l.columns[i], part.text, line.style, part.look});
      }
      r.header = std::move(header);
    }
    const Span& span = l.spans[k];
    int column = span.flush ? 0 : k == 0 ? l.text_col : l.indent;
    if (span.e > span.b)
      r.pieces.push_back(Piece{Piece::Kind::Text, column, text.substr(span.b, span.e - span.b),
                               line.style, text_look});
    out.push_back(std::move(r));
  }
}

Scrollback::Pos Scrollback::top() {
  if (m_lines.empty()) return {0, 0};
  if (m_follow) {
    std::size_t last = m_lines.size() - 1;
    return back(Pos{last, rows_of(last) - 1}, m_height - 1);
  }
  if (m_anchor_id < m_lines.front().id) return {0, 0};
  std::size_t index = std::min<std::size_t>(m_anchor_id - m_lines.front().id, m_lines.size() - 1);
  return {index, std::min(m_anchor_row, rows_of(index) - 1)};
}

Scrollback::Pos Scrollback::back(Pos pos, int rows) {
  while (rows > 0) {
    if (pos.row >= rows) {
      pos.row -= rows;
      break;
    }
    if (pos.index == 0) {
      pos.row = 0;
      break;
    }
    rows -= pos.row + 1;
    --pos.index;
    pos.row = rows_of(pos.index) - 1;
  }
  return pos;
}

Scrollback::Pos Scrollback::forward(Pos pos, int rows) {
  while (rows > 0) {
    int left_in_line = rows_of(pos.index) - 1 - pos.row;
    if (left_in_line >= rows) {
      pos.row += rows;
      break;
    }
    if (pos.index + 1 == m_lines.size()) {
      pos.row += left_in_line;
      break;
    }
    rows -= left_in_line + 1;
    ++pos.index;
    pos.row = 0;
  }
  return pos;
}

// Rows from `pos` to the end, counting only until `limit` is reached.
int Scrollback::rows_from(Pos pos, int limit) {
  if (m_lines.empty()) return 0;
  int count = rows_of(pos.index) - pos.row;
  for (std::size_t i = pos.index + 1; i < m_lines.size() && count < limit; ++i) count += rows_of(i);
  return count;
}

void Scrollback::set_anchor(Pos pos) {
  m_anchor_id = m_lines[pos.index].id;
  m_anchor_row = pos.row;
}

void Scrollback::follow_if_bottom_visible(Pos top_pos) {
  if (rows_from(top_pos, m_height + 1) <= m_height) to_bottom();
}

std::vector<Scrollback::Row> Scrollback::visible_rows(int width, int height) {
  set_size(width, height);
  std::vector<Row> rows;
  if (m_lines.empty()) return rows;
  if (!m_follow) follow_if_bottom_visible(top());  // e.g. the window got taller or wider
  Pos pos = top();
  for (std::size_t i = pos.index; i < m_lines.size() && static_cast<int>(rows.size()) < m_height;
       ++i) {
    render_line(i, i == pos.index ? pos.row : 0, m_height, rows);
  }
  return rows;
}

void Scrollback::scroll_up(int rows) {
  if (m_lines.empty() || rows <= 0) return;
  Pos from = top();
  Pos to = back(from, rows);
  if (to.index == from.index && to.row == from.row)
    return;  // already at the top (or everything fits)
  m_follow = false;
  set_anchor(to);
}

void Scrollback::scroll_down(int rows) {
  if (m_follow || m_lines.empty() || rows <= 0) return;
  Pos to = forward(top(), rows);
  set_anchor(to);
  follow_if_bottom_visible(to);
}

void Scrollback::to_top() {
  if (m_lines.empty()) return;
  m_follow = false;
  set_anchor(Pos{0, 0});
  follow_if_bottom_visible(Pos{0, 0});
}

void Scrollback::show_from(uint64_t id) {
  if (m_lines.empty() || id > m_lines.back().id) return;
  Pos from{id < m_lines.front().id ? 0 : static_cast<std::size_t>(id - m_lines.front().id), 0};
  if (rows_from(from, m_height + 1) <= m_height) return;
  m_follow = false;
  m_unseen = 0;
  set_anchor(from);
}

void Scrollback::to_bottom() {
  m_follow = true;
  m_unseen = 0;
}

int Scrollback::rows_below() {
  if (m_follow || m_lines.empty()) return 0;
  return std::max(0, rows_from(top(), INT_MAX) - m_height);
}

std::size_t Scrollback::lines_below() {
  if (m_follow || m_lines.empty()) return 0;
  Pos bottom = forward(top(), m_height - 1);
  bool line_complete = bottom.row == rows_of(bottom.index) - 1;
  return m_lines.size() - bottom.index - (line_complete ? 1 : 0);
}

std::size_t Scrollback::unseen_lines() {
  return std::min(m_unseen, lines_below());
}

void Scrollback::mark_read() {
  if (m_lines.empty())
    m_marker.reset();
  else
    m_marker = m_lines.back().id;
}

std::optional<std::size_t> Scrollback::first_unread() const {
  if (!m_marker || m_lines.empty()) return std::nullopt;
  uint64_t id = *m_marker + 1;
  if (id < m_lines.front().id || id >= m_next_id) return std::nullopt;
  return static_cast<std::size_t>(id - m_lines.front().id);
}

}  // namespace msntty::ui
