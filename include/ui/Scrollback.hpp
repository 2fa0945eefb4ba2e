// The text of one conversation window: bounded storage, word wrapping by display width and a
// scroll position. No curses here: visible_rows() returns styled pieces the curses layer
// draws at the given columns.
//
// The scroll position is anchored to a line (and a row inside it), not to a distance from the
// bottom, so lines arriving while the user reads history do not move the text under their
// eyes. Each line caches its wrapped row count for the last width it was wrapped at, so an
// append costs one wrap and a resize only rewraps the lines that are actually walked over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/Delivery.hpp"

namespace msntty::ui {

class Scrollback {
 public:
  struct Line {
    int64_t time = 0;    // unix seconds
    std::string prefix;  // "<Bob>", "*", "-!-"... may be empty; shown when no renderer is set
    std::string text;    // sanitized UTF-8; '\n' starts a new display row
    int style = 0;       // opaque to us (ui/LineStyle: the role and the sender's colour)
    // Our own messages: the id of sent/delivered/failed events and what became of it, drawn
    // as a mark in place of the time. It changes after the line was added (see find()),
    // and never changes the wrapping.
    uint64_t message_id = 0;
    Delivery delivery = Delivery::None;
    std::string nick;  // the sender's (sanitized, shortened), for a header renderer; may be empty
    // Byte ranges of `text` drawn highlighted: a highlight word, a /lastlog match.
    std::vector<std::pair<std::size_t, std::size_t>> marks;
    // A copy of another line shown by /lastlog (or a URL /url lists): later searches, /url and
    // day changes skip it.
    bool quoted = false;
    bool action = false;   // a /me line: `text` is what follows the nick (format_action)
    bool history = false;  // replayed from the log (ChatLine::history): drawn dimmed
  };
  // A piece is a view, not a copy: text pieces look into the line's text (kept until the line
  // leaves the scrollback or it is cleared), the timestamp and prefix into the row's header.
  struct Piece {
    enum class Kind { Timestamp, Prefix, Text };
    Kind kind;
    int column;  // where the piece starts in the row
    std::string_view text;
    int style;     // the line's style
    int look = 0;  // the header renderer's look (ui/Theme), 0: none
  };
  // What comes before a line's text on its first row: the timestamp and the prefix, or what a
  // header renderer (a format_* setting) made of the line. Made for each drawing and shared, so
  // the pieces stay valid however the row is moved or copied.
  struct HeaderPart {
    std::string text;
    bool time = false;    // the timestamp (a delivery mark can take its place)
    bool indent = false;  // wrapped rows start under this part (else under the text)
    int look = 0;
  };
  struct Header {
    std::vector<HeaderPart> parts;
    int text_look = 0;  // the look of the line's text
  };
  // Makes the header of a line from the line and its formatted time ("" when timestamps are off).
  using HeaderRenderer = std::function<Header(const Line&, std::string stamp)>;
  struct Row {
    std::size_t line = 0;       // index of the line this row belongs to (see line())
    bool separator = false;     // the "--- new ---" row drawn before the first unread line
    std::vector<Piece> pieces;  // empty for separators and blank rows
    std::shared_ptr<const Header> header;  // what the first row's pieces look into
  };
  // Formats a unix time for the first row of a line; return "" to show no timestamp.
  using TimeFormatter = std::function<std::string(int64_t)>;

  static constexpr std::size_t k_default_max_lines = 2000;
  static constexpr std::size_t k_max_text_bytes = 32 * 1024;  // longer lines are cut

  explicit Scrollback(std::size_t max_lines = k_default_max_lines);

  // strftime() in local time; the default formatter is local_time_formatter("%H:%M").
  static TimeFormatter local_time_formatter(std::string strftime_format);
  void set_time_formatter(TimeFormatter formatter);
  // Without one the header is "STAMP PREFIX ". Setting one rewraps (lazily) every line.
  void set_header_renderer(HeaderRenderer renderer);
  void set_max_lines(std::size_t max_lines);

  // Returns the line's id. Ids are consecutive, so find() costs a subtraction.
  uint64_t append(Line line);
  // The line with this id, if it is still kept.
  Line* find(uint64_t id);
  void clear();
  std::size_t size() const { return m_lines.size(); }
  const Line& line(std::size_t i) const { return m_lines[i].line; }
  uint64_t id_of(std::size_t i) const { return m_lines[i].id; }
  // The index of the line with this id, if it is still kept.
  std::optional<std::size_t> index_of(uint64_t id) const;

  // Geometry used by the scrolling calls; visible_rows() also sets it.
  void set_size(int width, int height);
  int height() const { return m_height; }
  // At most `height` rows from the scroll position (fewer when there is less text).
  std::vector<Row> visible_rows(int width, int height);

  void scroll_up(int rows);
  void scroll_down(int rows);
  void to_top();
  void to_bottom();
  // Scrolls so that the line with this id (the oldest kept, if it is gone) is the top row,
  // unless everything from it on fits anyway (the view then follows the bottom as before): a
  // long answer is read from its beginning, a pager's first page.
  void show_from(uint64_t id);
  // The id the next append() returns.
  uint64_t next_id() const { return m_next_id; }
  bool at_bottom() const { return m_follow; }
  int rows_below();            // rows under the view, for a "more below" marker
  std::size_t lines_below();   // lines with at least one row under the view
  std::size_t unseen_lines();  // of those, lines that arrived while scrolled up

  // Unread marker: mark_read() remembers the current last line; a separator row is then
  // drawn before the next line that arrives.
  void mark_read();
  void clear_marker() { m_marker.reset(); }
  // A marker is set and no line came after it.
  bool all_read() const { return m_marker && *m_marker + 1 == m_next_id; }
  // Index of the first unread line (the separator goes right before it), if there is one.
  std::optional<std::size_t> first_unread() const;

  // Wrapped row count of line `i` at `width` (cached), without the separator row.
  int wrapped_rows(std::size_t i, int width);
  // How many times a line has been wrapped for counting: lets tests prove resizes and
  // appends do not rewrap the whole history.
  std::size_t wrap_count() const { return m_wrap_count; }

 private:
  struct Entry {
    Line line;
    uint64_t id;
    int cached_width = -1;
    int cached_rows = 0;
  };
  struct Pos {
    std::size_t index;  // into m_lines
    int row;            // row inside that line, separator row included
  };
  struct Layout;

  Layout layout(const Line& line, int width) const;
  void render_line(std::size_t index, int first_row, int max_rows, std::vector<Row>& out) const;
  int rows_of(std::size_t index);
  bool has_separator(std::size_t index) const;
  Pos top();
  Pos back(Pos pos, int rows);
  Pos forward(Pos pos, int rows);
  int rows_from(Pos pos, int limit);
  void set_anchor(Pos pos);
  void follow_if_bottom_visible(Pos top_pos);

  std::deque<Entry> m_lines;
  std::size_t m_max_lines;
  uint64_t m_next_id = 0;
  TimeFormatter m_formatter;
  HeaderRenderer m_renderer;
  int m_width = 80;
  int m_height = 24;
  bool m_follow = true;      // showing the newest rows; new lines scroll the view
  uint64_t m_anchor_id = 0;  // top row of the view when not following
  int m_anchor_row = 0;
  std::size_t m_unseen = 0;          // lines appended since the view left the bottom
  std::optional<uint64_t> m_marker;  // id of the last read line
  std::size_t m_wrap_count = 0;
};

}  // namespace msntty::ui
